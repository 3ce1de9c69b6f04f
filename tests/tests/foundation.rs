//! The foundation through both backends: where credentials go, how Trello's
//! answers map to errors, decode errors, base URL rules and secret hygiene.

use serde_json::json;
use trello::{AuthPlacement, Backend, Client, Error, Method, members::GetMember};
use trello_integration_tests::{
    CANARY_KEY, CANARY_TOKEN, assert_no_secret, client, client_with, client_without_retries,
    credentials, for_each_backend,
};
use wiremock::{Mock, MockServer, Request, ResponseTemplate, matchers};

const MEMBER: &str = r#"{"id":"5abbe4b7ddc1b351ef961414","username":"bobtester","fullName":"Bob Tester","initials":"BT","idBoards":["5abbe4b7ddc1b351ef961415"],"confirmed":true,"futureField":1}"#;

fn expected_header() -> String {
    format!("OAuth oauth_consumer_key=\"{CANARY_KEY}\", oauth_token=\"{CANARY_TOKEN}\"")
}

fn query_has_secret(request: &Request) -> bool {
    request.url.query_pairs().any(|(k, v)| {
        k == "key" || k == "token" || v.contains(CANARY_KEY) || v.contains(CANARY_TOKEN)
    })
}

fn body_json(request: &Request) -> serde_json::Value {
    if request.body.is_empty() {
        serde_json::Value::Null
    } else {
        serde_json::from_slice(&request.body).expect("the body is JSON")
    }
}

async fn only_request(server: &MockServer) -> Request {
    let mut requests = server.received_requests().await.expect("recording is on");
    assert_eq!(requests.len(), 1, "exactly one request expected");
    requests.remove(0)
}

#[tokio::test]
async fn header_placement_puts_credentials_only_in_the_authorization_header() {
    for_each_backend(|backend| async move {
        let server = MockServer::start().await;
        Mock::given(matchers::method("GET"))
            .and(matchers::path("/members/me"))
            .respond_with(ResponseTemplate::new(200).set_body_string(MEMBER))
            .mount(&server)
            .await;
        let member = client(&server.uri(), backend)
            .send(GetMember::new("me"))
            .await
            .unwrap_or_else(|e| panic!("{backend:?}: {e}"));
        assert_eq!(member.full_name.as_deref(), Some("Bob Tester"));
        assert_eq!(member.confirmed, Some(true));
        assert_eq!(member.extra.get("futureField"), Some(&json!(1)));

        let request = only_request(&server).await;
        assert_eq!(
            request
                .headers
                .get("authorization")
                .and_then(|v| v.to_str().ok()),
            Some(expected_header().as_str()),
            "{backend:?}"
        );
        assert!(!query_has_secret(&request), "{backend:?}: {}", request.url);
        assert!(request.body.is_empty(), "{backend:?}: GET has no body");
    })
    .await;
}

#[tokio::test]
async fn query_placement_puts_key_and_token_only_in_the_query() {
    for_each_backend(|backend| async move {
        let server = MockServer::start().await;
        Mock::given(matchers::method("GET"))
            .and(matchers::path("/members/me"))
            .and(matchers::query_param("key", CANARY_KEY))
            .and(matchers::query_param("token", CANARY_TOKEN))
            .and(matchers::query_param("fields", "fullName,username"))
            .respond_with(ResponseTemplate::new(200).set_body_string(MEMBER))
            .mount(&server)
            .await;
        let client = client_with(&server.uri(), backend, AuthPlacement::Query);
        client
            .send(GetMember::new("me").fields(["fullName", "username"]))
            .await
            .unwrap_or_else(|e| panic!("{backend:?}: {e}"));
        let request = only_request(&server).await;
        assert!(
            request.headers.get("authorization").is_none(),
            "{backend:?}"
        );
        let pairs: Vec<(String, String)> = request.url.query_pairs().into_owned().collect();
        assert_eq!(
            pairs,
            [
                ("fields".to_owned(), "fullName,username".to_owned()),
                ("key".to_owned(), CANARY_KEY.to_owned()),
                ("token".to_owned(), CANARY_TOKEN.to_owned()),
            ],
            "{backend:?}"
        );
    })
    .await;
}

#[tokio::test]
async fn body_placement_puts_key_and_token_in_put_and_post_bodies_only() {
    for_each_backend(|backend| async move {
        let server = MockServer::start().await;
        Mock::given(matchers::any())
            .respond_with(ResponseTemplate::new(200).set_body_string(r#"{"id":"c1"}"#))
            .mount(&server)
            .await;
        let client = client_with(&server.uri(), backend, AuthPlacement::Body);
        for method in [Method::Put, Method::Post] {
            client
                .request_json(
                    method,
                    "/cards/c1",
                    &[("pos", "top")],
                    Some(json!({"name": "Card"})),
                )
                .await
                .unwrap_or_else(|e| panic!("{backend:?} {method}: {e}"));
        }
        let requests = server.received_requests().await.expect("recording is on");
        assert_eq!(requests.len(), 2);
        for request in &requests {
            assert_eq!(
                body_json(request),
                json!({"name": "Card", "key": CANARY_KEY, "token": CANARY_TOKEN}),
                "{backend:?} {}",
                request.method
            );
            assert_eq!(
                request
                    .headers
                    .get("content-type")
                    .and_then(|v| v.to_str().ok()),
                Some("application/json")
            );
            assert!(
                request.headers.get("authorization").is_none(),
                "{backend:?}"
            );
            assert!(!query_has_secret(request), "{backend:?}: {}", request.url);
            assert_eq!(request.url.query(), Some("pos=top"));
        }
    })
    .await;
}

#[tokio::test]
async fn body_placement_falls_back_to_the_header_for_get_and_delete() {
    for_each_backend(|backend| async move {
        let server = MockServer::start().await;
        Mock::given(matchers::any())
            .respond_with(ResponseTemplate::new(200).set_body_string(MEMBER))
            .mount(&server)
            .await;
        let client = client_with(&server.uri(), backend, AuthPlacement::Body);
        client.send(GetMember::new("me")).await.unwrap();
        client
            .request_json(Method::Delete, "/cards/c1", &[], None)
            .await
            .unwrap();
        for request in server.received_requests().await.expect("recording is on") {
            assert_eq!(
                request
                    .headers
                    .get("authorization")
                    .and_then(|v| v.to_str().ok()),
                Some(expected_header().as_str()),
                "{backend:?} {}",
                request.method
            );
            assert!(
                request.body.is_empty(),
                "{backend:?}: no body for {}",
                request.method
            );
            assert!(!query_has_secret(&request));
        }
    })
    .await;
}

async fn error_for(backend: Backend, status: u16, body: &str) -> Error {
    let server = MockServer::start().await;
    Mock::given(matchers::any())
        .respond_with(ResponseTemplate::new(status).set_body_string(body))
        .mount(&server)
        .await;
    client_without_retries(&server.uri(), backend, AuthPlacement::Header)
        .send(GetMember::new("me"))
        .await
        .expect_err("an error status must be an error")
}

#[tokio::test]
async fn trello_error_bodies_map_to_their_error_cases() {
    for_each_backend(|backend| async move {
        let err = error_for(backend, 401, "invalid token").await;
        assert!(matches!(err, Error::InvalidToken), "{backend:?}: {err:?}");
        assert!(err.needs_reauthorization());

        let err = error_for(backend, 401, "invalid key").await;
        assert!(matches!(err, Error::InvalidKey), "{backend:?}: {err:?}");

        let err = error_for(backend, 401, "unauthorized card permission requested").await;
        assert!(
            matches!(&err, Error::PermissionDenied { status, message, .. }
                if status.as_u16() == 401 && message == "unauthorized card permission requested"),
            "{backend:?}: {err:?}"
        );

        let err = error_for(backend, 403, "forbidden").await;
        assert!(
            matches!(err, Error::PermissionDenied { .. }),
            "{backend:?}: {err:?}"
        );

        let err = error_for(backend, 404, "The requested resource was not found.").await;
        assert!(
            matches!(err, Error::NotFound { .. }),
            "{backend:?}: {err:?}"
        );
        assert_eq!(err.status().map(|s| s.as_u16()), Some(404));

        for code in [
            "API_TOKEN_LIMIT_EXCEEDED",
            "API_KEY_LIMIT_EXCEEDED",
            "API_TOKEN_DB_LIMIT_EXCEEDED",
            "MEMBER_LIMIT_EXCEEDED",
        ] {
            let body = format!(r#"{{"error":"{code}","message":"Rate limit exceeded"}}"#);
            let err = error_for(backend, 429, &body).await;
            assert!(
                matches!(&err, Error::RateLimited { code: c, .. } if c == code),
                "{backend:?}: {err:?}"
            );
            assert!(err.is_retryable());
        }

        let err = error_for(backend, 400, "invalid value for idList").await;
        assert!(
            matches!(&err, Error::Api { status, message, .. }
                if status.as_u16() == 400 && message == "invalid value for idList"),
            "{backend:?}: {err:?}"
        );
        assert!(!err.is_retryable());
    })
    .await;
}

#[tokio::test]
async fn decode_failures_name_the_json_path() {
    for_each_backend(|backend| async move {
        let server = MockServer::start().await;
        Mock::given(matchers::any())
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_string(r#"{"id":"m1","idBoards":["b1","b2",7]}"#),
            )
            .mount(&server)
            .await;
        let err = client(&server.uri(), backend)
            .send(GetMember::new("me"))
            .await
            .expect_err("a number where a string belongs must fail");
        match &err {
            Error::Decode { route, path, .. } => {
                assert_eq!(route, "GET /members/{id}");
                assert_eq!(path, "idBoards[2]");
            }
            other => panic!("{backend:?}: {other:?}"),
        }
        assert!(err.to_string().contains("idBoards[2]"), "{err}");
    })
    .await;
}

#[test]
fn non_https_base_urls_are_refused_unless_loopback() {
    for &backend in Backend::ALL {
        for bad in ["http://api.trello.com/1", "http://192.0.2.10:8080/1"] {
            let err = Client::builder()
                .backend(backend)
                .base_url(bad)
                .credentials(credentials())
                .build()
                .expect_err("plain http to a remote host must be refused");
            assert!(matches!(err, Error::InvalidInput(_)), "{err:?}");
            assert!(err.to_string().contains("https"), "{err}");
        }
    }
}

#[tokio::test]
async fn credentials_clients_and_errors_never_show_the_secrets() {
    let creds = credentials();
    assert_no_secret("Debug of credentials", &format!("{creds:?}"));
    assert_no_secret("Debug of a key", &format!("{:?}", creds.key()));
    assert_no_secret("Debug of a token", &format!("{:?}", creds.token()));
    for_each_backend(|backend| async move {
        let server = MockServer::start().await;
        for placement in [
            AuthPlacement::Header,
            AuthPlacement::Query,
            AuthPlacement::Body,
        ] {
            let client = client_without_retries(&server.uri(), backend, placement);
            assert_no_secret("Debug of a client", &format!("{client:?}"));
            assert_no_secret(
                "Debug of a builder",
                &format!("{:?}", Client::builder().credentials(credentials())),
            );
            for (status, body) in [
                (401, "invalid token"),
                (429, "{}"),
                (500, "boom"),
                (200, "not json"),
            ] {
                server.reset().await;
                Mock::given(matchers::any())
                    .respond_with(ResponseTemplate::new(status).set_body_string(body))
                    .mount(&server)
                    .await;
                let err = client
                    .send(GetMember::new("me"))
                    .await
                    .expect_err("an error");
                assert_no_secret("Display of an error", &err.to_string());
                assert_no_secret("Debug of an error", &format!("{err:?}"));
            }
        }
        // A transport failure (nothing listens on the port) with the
        // credentials in the query string.
        let dead = {
            let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            listener.local_addr().unwrap()
        };
        let client =
            client_without_retries(&format!("http://{dead}"), backend, AuthPlacement::Query);
        let err = client
            .send(GetMember::new("me"))
            .await
            .expect_err("refused");
        assert!(matches!(err, Error::Transport(_)), "{backend:?}: {err:?}");
        assert_no_secret("Display of a transport error", &err.to_string());
        assert_no_secret("Debug of a transport error", &format!("{err:?}"));
        let mut source = std::error::Error::source(&err);
        while let Some(inner) = source {
            assert_no_secret("an error source", &inner.to_string());
            source = inner.source();
        }
    })
    .await;
}
