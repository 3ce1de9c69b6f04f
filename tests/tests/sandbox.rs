//! The SDK against the offline sandbox, through both backends: Trello's
//! authorization semantics (authorize page, scopes, revocation, bad keys),
//! the board model, rate limits and faults.

use bytes::Bytes;
use serde_json::{Value, json};
use trello::{AuthPlacement, Backend, Client, Credentials, Error, Method, members::GetMember};
use trello_integration_tests::{buffered, for_each_backend, sandbox_client};
use trello_sandbox::{RateLimits, Sandbox, SandboxConfig};

async fn sandbox(rate_limits: RateLimits) -> Sandbox {
    Sandbox::start(SandboxConfig {
        rate_limits,
        ..SandboxConfig::default()
    })
    .await
    .expect("the sandbox binds loopback")
}

/// Clicks a button of the authorize page: POSTs its form through the
/// backend's transport, as a browser would.
async fn click(
    sandbox: &Sandbox,
    backend: Backend,
    query: &str,
    decision: &str,
) -> http::Response<Bytes> {
    let transport = backend.transport().expect("transport");
    let page = http::Request::get(format!("{}?{query}", sandbox.authorize_url()))
        .body(Bytes::new())
        .expect("request");
    let page = buffered(transport.send(page).await.expect("authorize page")).await;
    assert_eq!(
        page.status(),
        200,
        "{}",
        String::from_utf8_lossy(page.body())
    );
    let html = String::from_utf8_lossy(page.body()).into_owned();
    assert!(html.contains("Allow") && html.contains("Deny"), "{html}");
    let form = format!("{query}&decision={decision}");
    let request = http::Request::post(sandbox.authorize_url())
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Bytes::from(form))
        .expect("request");
    buffered(transport.send(request).await.expect("decision")).await
}

fn fragment_of(response: &http::Response<Bytes>) -> String {
    assert_eq!(
        response.status(),
        302,
        "{}",
        String::from_utf8_lossy(response.body())
    );
    let location = response.headers()["location"].to_str().expect("ascii");
    location.split_once('#').expect("a fragment").1.to_owned()
}

#[tokio::test]
async fn authorize_allow_by_fragment_then_use_then_revoke() {
    for_each_backend(|backend| async move {
        let sandbox = sandbox(RateLimits::default()).await;
        let query = format!(
            "key={}&name=Tests&scope=read,write&expiration=1day&response_type=token&callback_method=fragment&return_url=http://localhost:3000/cb",
            sandbox.app_key()
        );
        let fragment = fragment_of(&click(&sandbox, backend, &query, "allow").await);
        let token = fragment.strip_prefix("token=").expect("token=…").to_owned();
        assert_eq!(token.len(), 64, "{fragment}");

        let client = sandbox_client(&sandbox, &token, backend);
        let me = client.send(GetMember::new("me")).await.expect("members/me");
        assert_eq!(me.username.as_deref(), Some("sandboxuser"));

        let info = client
            .request_json(Method::Get, &format!("/tokens/{token}"), &[], None)
            .await
            .expect("token info");
        assert_eq!(info["idMember"], json!(me.id));
        assert!(info["dateExpires"].is_string(), "{info}");

        client
            .request_json(Method::Delete, &format!("/tokens/{token}"), &[], None)
            .await
            .expect("revocation");
        let err = client.send(GetMember::new("me")).await.expect_err("revoked");
        assert!(matches!(err, Error::InvalidToken), "{backend:?}: {err:?}");
    })
    .await;
}

#[tokio::test]
async fn authorize_deny_returns_the_documented_error() {
    for_each_backend(|backend| async move {
        let sandbox = sandbox(RateLimits::default()).await;
        let query = format!(
            "key={}&name=Tests&scope=read&expiration=1hour&response_type=fragment&callback_method=fragment&return_url=http://localhost:3000/cb",
            sandbox.app_key()
        );
        let fragment = fragment_of(&click(&sandbox, backend, &query, "deny").await);
        assert_eq!(fragment, "token=&error=Token%20request%20rejected");
    })
    .await;
}

#[tokio::test]
async fn return_url_outside_allowed_origins_is_refused() {
    for_each_backend(|backend| async move {
        let sandbox = Sandbox::start(SandboxConfig {
            allowed_origins: vec!["http://localhost:3000".into()],
            ..SandboxConfig::default()
        })
        .await
        .expect("sandbox");
        let transport = backend.transport().expect("transport");
        let url = format!(
            "{}?key={}&return_url=https://bad.example.com/steal&callback_method=fragment",
            sandbox.authorize_url(),
            sandbox.app_key()
        );
        let response = transport
            .send(http::Request::get(url).body(Bytes::new()).expect("request"))
            .await
            .expect("answer");
        let response = buffered(response).await;
        assert_eq!(response.status(), 400);
        assert!(String::from_utf8_lossy(response.body()).contains("return_url"));
    })
    .await;
}

#[tokio::test]
async fn board_list_card_round_trip_and_trello_errors() {
    for_each_backend(|backend| async move {
        let sandbox = sandbox(RateLimits::default()).await;
        let token = sandbox.issue_token("read,write", "1day").await;
        let client = sandbox_client(&sandbox, &token, backend);
        let board = client
            .request_json(
                Method::Post,
                "/boards",
                &[],
                Some(json!({"name": "Launch", "defaultLists": false})),
            )
            .await
            .expect("board");
        let board_id = board["id"].as_str().expect("id").to_owned();
        let list = client
            .request_json(
                Method::Post,
                "/lists",
                &[],
                Some(json!({"name": "Todo", "idBoard": board_id})),
            )
            .await
            .expect("list");
        let desc = "d".repeat(16_384);
        let card = client
            .request_json(
                Method::Post,
                "/cards",
                &[],
                Some(json!({"idList": list["id"], "name": "Ship it", "desc": desc, "pos": "top"})),
            )
            .await
            .expect("card");
        let cards = client
            .request_json(Method::Get, &format!("/boards/{board_id}/cards"), &[], None)
            .await
            .expect("cards");
        assert_eq!(cards.as_array().map(Vec::len), Some(1));
        assert_eq!(cards[0]["desc"].as_str().map(str::len), Some(16_384));
        assert_eq!(cards[0]["id"], card["id"]);

        let err = client
            .request_json(Method::Get, "/boards/0123456789abcdef01234567", &[], None)
            .await
            .expect_err("missing board");
        assert!(matches!(err, Error::NotFound { .. }), "{err:?}");
        let err = client
            .request_json(Method::Get, "/nothing/here", &[], None)
            .await
            .expect_err("unknown route");
        // Not a 404 that would read as "no such object": the route is unknown.
        assert!(
            matches!(&err, Error::Api { status, .. } if status.as_u16() == 501),
            "{err:?}"
        );

        // A read-only token may not write.
        let reader = sandbox_client(
            &sandbox,
            &sandbox.issue_token("read", "1day").await,
            backend,
        );
        let err = reader
            .request_json(Method::Post, "/boards", &[], Some(json!({"name": "Nope"})))
            .await
            .expect_err("read-only");
        assert!(matches!(err, Error::PermissionDenied { .. }), "{err:?}");

        // A wrong key.
        let stranger = Client::builder()
            .backend(backend)
            .base_url(sandbox.api_url())
            .credentials(Credentials::new("0".repeat(32), token.clone()))
            .auth_placement(AuthPlacement::Query)
            .build()
            .expect("client");
        let err = stranger
            .send(GetMember::new("me"))
            .await
            .expect_err("bad key");
        assert!(matches!(err, Error::InvalidKey), "{err:?}");
    })
    .await;
}

#[tokio::test]
async fn rate_limits_answer_like_trello() {
    for_each_backend(|backend| async move {
        let sandbox = sandbox(RateLimits {
            per_token: 3,
            window: std::time::Duration::from_millis(300),
            ..RateLimits::default()
        })
        .await;
        let token = sandbox.issue_token("read", "1day").await;
        let client = sandbox_client(&sandbox, &token, backend);
        for _ in 0..3 {
            let response = client
                .request_bytes(Method::Get, "/members/me", &[], None)
                .await
                .expect("under the limit");
            let remaining: Value = response.headers()["x-rate-limit-api-token-remaining"]
                .to_str()
                .expect("ascii")
                .parse::<u64>()
                .expect("a number")
                .into();
            assert!(remaining.as_u64().is_some_and(|n| n < 3));
        }
        let seen_before = sandbox.requests_seen().await;
        let _ = client.send(GetMember::new("me")).await;
        assert!(sandbox.requests_seen().await > seen_before);
    })
    .await;
}

#[tokio::test]
async fn a_revoked_token_runs_the_client_reauthorize_hook() {
    use std::sync::{
        Arc,
        atomic::{AtomicUsize, Ordering},
    };
    use trello::{AuthorizeUrl, ReauthorizeHook};

    for_each_backend(|backend| async move {
        let sandbox = sandbox(RateLimits::default()).await;
        let token = sandbox.issue_token("read", "1day").await;
        let calls = Arc::new(AtomicUsize::new(0));
        let seen = calls.clone();
        let hook = ReauthorizeHook::new(
            &AuthorizeUrl::new(sandbox.app_key()).base_url(&sandbox.api_url()),
        )
        .expect("a valid authorize URL")
        .on_invalid_token(move |url| {
            assert_eq!(url.path(), "/1/authorize");
            seen.fetch_add(1, Ordering::SeqCst);
        });
        let client = Client::builder()
            .backend(backend)
            .base_url(sandbox.api_url())
            .credentials(Credentials::new(sandbox.app_key(), token.clone()))
            .reauthorize(hook)
            .build()
            .expect("client");
        client
            .send(GetMember::new("me"))
            .await
            .expect("works before revocation");
        assert_eq!(calls.load(Ordering::SeqCst), 0);
        client
            .request_json(Method::Delete, &format!("/tokens/{token}"), &[], None)
            .await
            .expect("revocation");
        let err = client
            .send(GetMember::new("me"))
            .await
            .expect_err("revoked");
        assert!(matches!(err, Error::InvalidToken), "{backend:?}: {err:?}");
        assert_eq!(calls.load(Ordering::SeqCst), 1, "the hook ran once");
        let url = client
            .reauthorize_url(&err)
            .expect("a URL for InvalidToken");
        assert!(url.as_str().starts_with(&sandbox.authorize_url()), "{url}");
        assert!(client.reauthorize_url(&Error::InvalidKey).is_none());
        assert_eq!(
            calls.load(Ordering::SeqCst),
            1,
            "looking the URL up does not call back"
        );
    })
    .await;
}
