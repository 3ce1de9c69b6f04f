//! Trello's authorization flows against the sandbox, through both backends,
//! with the SDK's own builders and parsers: the authorize URL and fragment
//! callback, the OAuth 1.0a three-legged flow with signed API calls, and
//! revocation.

use bytes::Bytes;
use trello::{
    Auth, AuthorizeUrl, Backend, Client, Error, Method,
    authorize::{CallbackMethod, Expiration, Scope},
    callback::parse_fragment,
    oauth1::{OAuth1Flow, OAuthCallback},
};
use trello_integration_tests::{buffered, for_each_backend, sandbox_client};
use trello_sandbox::{Sandbox, SandboxConfig};

/// GETs `url` (the consent page) and POSTs its form with `decision`, as a
/// browser would; returns the answer (a redirect, for callbacks).
async fn consent(backend: Backend, url: &url::Url, decision: &str) -> http::Response<Bytes> {
    let transport = backend.transport().expect("transport");
    let page = buffered(
        transport
            .send(
                http::Request::get(url.as_str())
                    .body(Bytes::new())
                    .expect("request"),
            )
            .await
            .expect("consent page"),
    )
    .await;
    assert_eq!(
        page.status(),
        200,
        "{}",
        String::from_utf8_lossy(page.body())
    );
    let mut action = url.clone();
    action.set_query(None);
    let form = format!("{}&decision={decision}", url.query().unwrap_or_default());
    buffered(
        transport
            .send(
                http::Request::post(action.as_str())
                    .header("content-type", "application/x-www-form-urlencoded")
                    .body(Bytes::from(form))
                    .expect("request"),
            )
            .await
            .expect("decision"),
    )
    .await
}

fn location(response: &http::Response<Bytes>) -> String {
    assert_eq!(
        response.status(),
        302,
        "{}",
        String::from_utf8_lossy(response.body())
    );
    response.headers()["location"]
        .to_str()
        .expect("ascii")
        .to_owned()
}

#[tokio::test]
async fn authorize_url_builder_and_fragment_parser_against_the_sandbox() {
    for_each_backend(|backend| async move {
        let sandbox = Sandbox::start(SandboxConfig {
            allowed_origins: vec!["http://localhost:3000".into()],
            ..SandboxConfig::default()
        })
        .await
        .expect("sandbox");
        let url = AuthorizeUrl::new(sandbox.app_key())
            .base_url(&sandbox.api_url())
            .name("SDK tests")
            .scope(Scope::READ_WRITE)
            .expiration(Expiration::OneHour)
            .callback_method(CallbackMethod::Fragment)
            .return_url("http://localhost:3000/done")
            .build()
            .expect("a valid authorize URL");

        let allowed = location(&consent(backend, &url, "allow").await);
        assert!(
            allowed.starts_with("http://localhost:3000/done#"),
            "{allowed}"
        );
        let token = parse_fragment(&allowed).expect("a token in the fragment");
        let client = sandbox_client(&sandbox, token.expose(), backend);
        let me = client.members().get("me").await.expect("members/me");
        assert_eq!(me.username.as_deref(), Some("sandboxuser"));

        let denied = location(&consent(backend, &url, "deny").await);
        let err = parse_fragment(&denied).expect_err("denied");
        assert!(err.is_denied(), "{backend:?}: {err:?}");
    })
    .await;
}

#[tokio::test]
async fn oauth1_three_legged_flow_signed_calls_and_revocation() {
    for_each_backend(|backend| async move {
        let sandbox = Sandbox::start(SandboxConfig::default())
            .await
            .expect("sandbox");
        let flow = OAuth1Flow::new(
            backend.transport().expect("transport"),
            sandbox.app_key(),
            sandbox.app_secret(),
        )
        .base_url(&sandbox.api_url())
        .expect("loopback base");

        let request = flow
            .request_token("http://127.0.0.1:9/oauth/callback")
            .await
            .expect("a request token");
        assert!(request.callback_confirmed());
        let url = flow
            .authorize_url(&request)
            .name("SDK tests")
            .scope(Scope::READ_WRITE)
            .build()
            .expect("authorize URL");
        let back = location(&consent(backend, &url, "allow").await);
        assert!(
            back.starts_with("http://127.0.0.1:9/oauth/callback?"),
            "{back}"
        );
        let callback = OAuthCallback::parse(&back).expect("oauth_token and oauth_verifier");
        assert!(callback.is_for(&request));
        let access = flow
            .access_token(&request, callback.verifier())
            .await
            .expect("an access token");
        let token = access.token().expose().to_owned();

        // Every API call is signed; the sandbox verifies each signature.
        let client = Client::builder()
            .backend(backend)
            .base_url(sandbox.api_url())
            .auth(Auth::oauth1(flow.credentials(access)))
            .build()
            .expect("client");
        let me = client.members().get("me").await.expect("a signed GET");
        assert_eq!(me.username.as_deref(), Some("sandboxuser"));
        let board = client
            .request_json(
                Method::Post,
                "/boards",
                &[("name", "Signed board")],
                Some(serde_json::json!({"desc": "made with OAuth 1.0a"})),
            )
            .await
            .expect("a signed POST with a query and a JSON body");
        assert_eq!(board["name"], "Signed board");

        // A wrong consumer secret: the sandbox refuses the signature.
        let forged = OAuth1Flow::new(
            backend.transport().expect("transport"),
            sandbox.app_key(),
            "0".repeat(64),
        )
        .base_url(&sandbox.api_url())
        .expect("base");
        let err = forged
            .request_token("oob")
            .await
            .expect_err("a bad signature is refused");
        assert_eq!(err.status().map(|s| s.as_u16()), Some(401), "{err:?}");

        // Revocation: afterwards the token is invalid.
        client
            .request_json(Method::Delete, &format!("/tokens/{token}"), &[], None)
            .await
            .expect("revocation");
        let err = client.members().get("me").await.expect_err("revoked");
        assert!(matches!(err, Error::InvalidToken), "{backend:?}: {err:?}");
    })
    .await;
}
