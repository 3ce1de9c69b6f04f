//! The user's surface (issue 17), through both backends: errors that name
//! the call, and the action pager's dates, order and stuck-cursor check.

use std::time::Duration;

use trello::{AuthPlacement, Error, RetryPolicy};
use trello_integration_tests::{builder, client_without_retries, for_each_backend};
use wiremock::{Mock, MockServer, ResponseTemplate, matchers};

async fn answering(status: u16, body: &str) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(matchers::any())
        .respond_with(ResponseTemplate::new(status).set_body_string(body))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn error_answers_name_the_method_route_and_path_id() {
    for_each_backend(|backend| async move {
        for (status, body) in [
            (404, "The requested resource was not found."),
            (403, "forbidden"),
            (400, "invalid id"),
            (
                429,
                r#"{"error":"API_TOKEN_LIMIT_EXCEEDED","message":"Rate limit exceeded"}"#,
            ),
        ] {
            let server = answering(status, body).await;
            let base = format!("{}/1", server.uri());
            let client = client_without_retries(&base, backend, AuthPlacement::Header);
            let err = client
                .lists()
                .get("5abbe4b7ddc1b351ef961414")
                .await
                .expect_err("an error status");
            let call = err.call().unwrap_or_else(|| panic!("{backend:?}: {err:?}"));
            assert_eq!(call.route, "GET /lists/{id}", "{backend:?}");
            assert_eq!(
                call.path_ids,
                [("id".to_owned(), "5abbe4b7ddc1b351ef961414".to_owned())]
            );
            assert_eq!(call.attempts, 1);
            let text = err.to_string();
            assert!(
                text.contains("on GET /lists/{id} (id `5abbe4b7ddc1b351ef961414`)"),
                "{backend:?} {status}: {text}"
            );
            assert!(
                !text.contains("attempts"),
                "one attempt is not counted: {text}"
            );
            assert!(call.hint.is_none(), "the base URL ends in /1: {text}");
        }
    })
    .await;
}

#[tokio::test]
async fn an_error_after_retries_says_how_many_attempts() {
    for_each_backend(|backend| async move {
        let server = answering(503, "Service Unavailable").await;
        let client = builder(
            &format!("{}/1", server.uri()),
            backend,
            AuthPlacement::Header,
        )
        .retry_policy(
            RetryPolicy::new()
                .max_attempts(3)
                .initial_backoff(Duration::from_millis(1))
                .max_backoff(Duration::from_millis(2)),
        )
        .build()
        .expect("client");
        let err = client
            .boards()
            .get("5abbe4b7ddc1b351ef961414")
            .await
            .expect_err("503");
        assert!(matches!(err, Error::Api { .. }), "{err:?}");
        assert_eq!(err.call().map(|c| c.attempts), Some(3));
        assert!(
            err.to_string().contains("(after 3 attempts)"),
            "{backend:?}: {err}"
        );
        assert_eq!(server.received_requests().await.map(|r| r.len()), Some(3));
    })
    .await;
}

#[tokio::test]
async fn a_404_from_a_base_url_without_v1_hints_at_it() {
    for_each_backend(|backend| async move {
        let server = answering(404, "Cannot GET /members/me").await;
        let client = client_without_retries(&server.uri(), backend, AuthPlacement::Header);
        let err = client.members().get("me").await.expect_err("404");
        assert!(matches!(err, Error::NotFound { .. }), "{err:?}");
        let text = err.to_string();
        assert!(text.contains("does not end in `/1`"), "{backend:?}: {text}");
        assert!(text.contains("https://api.trello.com/1"), "{text}");
    })
    .await;
}

#[tokio::test]
async fn secret_path_placeholders_are_not_kept() {
    for_each_backend(|backend| async move {
        let server = answering(404, "not found").await;
        let client = client_without_retries(
            &format!("{}/1", server.uri()),
            backend,
            AuthPlacement::Header,
        );
        let secret = "tOkEnInThePath0123456789abcdef0123456789abcdef0123456789abcdef";
        let err = client.tokens().get(secret).await.expect_err("404");
        assert!(!err.to_string().contains(secret), "{err}");
        assert!(!format!("{err:?}").contains(secret), "{err:?}");
        assert_eq!(
            err.call().map(|c| c.route.as_str()),
            Some("GET /tokens/{token}")
        );
    })
    .await;
}
