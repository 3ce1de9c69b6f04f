//! The token lifecycle through both backends: a revoked or expired token
//! (401 `invalid token`) surfaces as `Error::InvalidToken`, and the
//! `ReauthorizeHook` hands out a ready authorize URL; what the user brings
//! back from it parses into a token that works.

use std::sync::{
    Arc,
    atomic::{AtomicUsize, Ordering},
};

use trello::{
    AuthorizeUrl, Credentials, Error, ReauthorizeHook,
    authorize::{AllowedOrigins, CallbackMethod, Expiration, Scope},
    callback::{parse_fragment, parse_post_message},
    members::GetMember,
};
use trello_integration_tests::{
    CANARY_KEY, CANARY_TOKEN, assert_no_secret, client, for_each_backend,
};
use wiremock::{Mock, MockServer, ResponseTemplate, matchers};

const MEMBER: &str = r#"{"id":"5abbe4b7ddc1b351ef961414","username":"bobtester"}"#;
const NEW_TOKEN: &str = "nEwToKeN0123456789abcdef0123456789abcdef0123456789abcdef01234567";

fn authorize() -> AuthorizeUrl {
    AuthorizeUrl::new(CANARY_KEY)
        .name("Lifecycle Test")
        .scope(Scope::READ | Scope::WRITE)
        .expiration(Expiration::ThirtyDays)
        .callback_method(CallbackMethod::Fragment)
        .return_url("http://localhost:3000/trello/callback")
        .allowed_origins(AllowedOrigins::new(["http://localhost:3000"]).unwrap())
}

#[tokio::test]
async fn invalid_token_hands_out_the_authorize_url_and_a_new_token_works() {
    for_each_backend(|backend| async move {
        let server = MockServer::start().await;
        // The old token was revoked.
        Mock::given(matchers::method("GET"))
            .and(matchers::path("/members/me"))
            .and(matchers::header_regex("authorization", CANARY_TOKEN))
            .respond_with(ResponseTemplate::new(401).set_body_string("invalid token"))
            .mount(&server)
            .await;
        // The new one works.
        Mock::given(matchers::method("GET"))
            .and(matchers::path("/members/me"))
            .and(matchers::header_regex("authorization", NEW_TOKEN))
            .respond_with(ResponseTemplate::new(200).set_body_string(MEMBER))
            .mount(&server)
            .await;

        let calls = Arc::new(AtomicUsize::new(0));
        let seen = calls.clone();
        let hook = ReauthorizeHook::new(&authorize())
            .unwrap()
            .on_invalid_token(move |_| {
                seen.fetch_add(1, Ordering::SeqCst);
            });

        let err = hook
            .inspect(
                client(&server.uri(), backend)
                    .send(GetMember::new("me"))
                    .await,
            )
            .expect_err("the revoked token must fail");
        assert!(matches!(err, Error::InvalidToken), "{backend:?}: {err:?}");
        assert_eq!(calls.load(Ordering::SeqCst), 1, "{backend:?}");
        assert_no_secret("error", &format!("{err} {err:?}"));
        assert_no_secret("hook", &format!("{hook:?}"));

        let url = hook
            .check(&err)
            .expect("an authorize URL for an invalid token");
        let query: Vec<(String, String)> = url.query_pairs().into_owned().collect();
        assert!(
            query.contains(&("scope".into(), "read,write".into())),
            "{query:?}"
        );
        assert!(query.contains(&("key".into(), CANARY_KEY.into())));
        assert!(query.contains(&(
            "return_url".into(),
            "http://localhost:3000/trello/callback".into()
        )));

        // Trello redirects back with the new token in the fragment.
        let token = parse_fragment(&format!(
            "http://localhost:3000/trello/callback#token={NEW_TOKEN}"
        ))
        .unwrap();
        let fresh = trello::Client::builder()
            .backend(backend)
            .base_url(server.uri())
            .credentials(Credentials::new(CANARY_KEY, token))
            .build()
            .unwrap();
        let me = fresh.send(GetMember::new("me")).await.unwrap();
        assert_eq!(me.username.as_deref(), Some("bobtester"), "{backend:?}");

        // Other errors do not ask for re-authorization.
        let not_found = Error::NotFound {
            message: "model not found".into(),
            call: Default::default(),
        };
        assert!(hook.check(&not_found).is_none());
    })
    .await;
}

#[test]
fn deny_is_typed_on_both_return_paths() {
    let fragment = parse_fragment(
        "http://localhost:3000/trello/callback#token=&error=Token%20request%20rejected",
    )
    .unwrap_err();
    assert!(fragment.is_denied(), "{fragment:?}");
    let message = parse_post_message(r#"{"error":"Token request rejected"}"#).unwrap_err();
    assert!(message.is_denied(), "{message:?}");
    let as_error: Error = message.into();
    assert!(as_error.to_string().contains("denied"), "{as_error}");
}

#[test]
fn a_return_url_outside_the_origins_is_refused_before_any_redirect() {
    let err =
        ReauthorizeHook::new(&authorize().return_url("https://bad.example.com/steal")).unwrap_err();
    assert!(err.to_string().contains("allowed origins"), "{err}");
    assert_no_secret("error", &format!("{err} {err:?}"));
}
