//! The user's surface (issue 17), through both backends: errors that name
//! the call, and the action pager's dates, order and stuck-cursor check.

use std::time::Duration;

use futures_util::StreamExt;
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

/// A page of `n` comment actions, newest first, ids from `start`.
fn page(start: usize, n: usize) -> serde_json::Value {
    (start..start + n)
        .map(|i| {
            serde_json::json!({
                "id": format!("{:024x}", 0x5f00_0000_0000_0000_0000_0000_u128 - i as u128),
                "type": "commentCard",
                "date": "2026-11-30T10:00:00.000Z",
                "data": {"text": format!("comment {i}")}
            })
        })
        .collect()
}

#[tokio::test]
async fn the_pager_stops_with_an_error_when_the_server_ignores_before() {
    for_each_backend(|backend| async move {
        let server = MockServer::start().await;
        // Always the same full page, whatever `before` says.
        Mock::given(matchers::path("/1/boards/b1/actions"))
            .respond_with(ResponseTemplate::new(200).set_body_json(page(0, 2)))
            .mount(&server)
            .await;
        let client = client_without_retries(
            &format!("{}/1", server.uri()),
            backend,
            AuthPlacement::Header,
        );
        let items: Vec<_> = client.board_actions("b1").limit(2).stream().collect().await;
        assert_eq!(items.len(), 3, "{backend:?}: two actions, then the error");
        match &items[2] {
            Err(err @ Error::Decode { .. }) => {
                assert!(err.to_string().contains("did not move its cursor"), "{err}")
            }
            other => panic!("{backend:?}: {other:?}"),
        }
        let calls = server.received_requests().await.map(|r| r.len());
        assert_eq!(calls, Some(2), "no third call after the stuck page");
    })
    .await;
}

#[tokio::test]
async fn the_pager_sends_since_as_a_date_and_can_yield_oldest_first() {
    for_each_backend(|backend| async move {
        let server = MockServer::start().await;
        let first = page(0, 2);
        let last_of_first = first[1]["id"].as_str().expect("an id").to_owned();
        Mock::given(matchers::path("/1/cards/c1/actions"))
            .and(matchers::query_param("since", "2026-11-01T08:30:00.000Z"))
            .and(matchers::query_param("before", last_of_first.as_str()))
            .respond_with(ResponseTemplate::new(200).set_body_json(page(2, 1)))
            .mount(&server)
            .await;
        Mock::given(matchers::path("/1/cards/c1/actions"))
            .and(matchers::query_param("since", "2026-11-01T08:30:00.000Z"))
            .respond_with(ResponseTemplate::new(200).set_body_json(first))
            .mount(&server)
            .await;
        let client = client_without_retries(
            &format!("{}/1", server.uri()),
            backend,
            AuthPlacement::Header,
        );
        let since: trello::chrono::DateTime<trello::chrono::Utc> =
            "2026-11-01T08:30:00Z".parse().expect("a date");
        let texts = |items: Vec<trello::Result<trello::models::Action>>| -> Vec<String> {
            items
                .into_iter()
                .map(|a| {
                    let a = a.unwrap_or_else(|e| panic!("{backend:?}: {e}"));
                    a.data.and_then(|d| d.text).unwrap_or_default()
                })
                .collect()
        };
        let newest: Vec<_> = client
            .card_actions("c1")
            .limit(2)
            .since(since)
            .stream()
            .collect()
            .await;
        assert_eq!(texts(newest), ["comment 0", "comment 1", "comment 2"]);
        let oldest: Vec<_> = client
            .card_actions("c1")
            .limit(2)
            .since(since)
            .oldest_first()
            .stream()
            .collect()
            .await;
        assert_eq!(texts(oldest), ["comment 2", "comment 1", "comment 0"]);
    })
    .await;
}

const CARD: &str = "5abbe4b7ddc1b351ef961414";
const OTHER: &str = "5abbe4b7ddc1b351ef961415";

/// The method, path and JSON body of the one request `server` received.
async fn only_request(server: &MockServer) -> (String, String, serde_json::Value) {
    let requests = server.received_requests().await.expect("recording");
    assert_eq!(requests.len(), 1, "one request");
    let r = &requests[0];
    let body = if r.body.is_empty() {
        serde_json::Value::Null
    } else {
        serde_json::from_slice(&r.body).expect("a JSON body")
    };
    (r.method.to_string(), r.url.path().to_owned(), body)
}

#[tokio::test]
async fn verbs_are_the_generated_endpoints_with_their_parameters_set() {
    for_each_backend(|backend| async move {
        type Check = (&'static str, String, serde_json::Value);
        let cases: Vec<(&str, Check)> = vec![
            (
                "move_to",
                (
                    "PUT",
                    format!("/1/cards/{CARD}"),
                    serde_json::json!({"idList": OTHER, "pos": "top"}),
                ),
            ),
            (
                "archive",
                (
                    "PUT",
                    format!("/1/cards/{CARD}"),
                    serde_json::json!({"closed": true}),
                ),
            ),
            (
                "unarchive",
                (
                    "PUT",
                    format!("/1/cards/{CARD}"),
                    serde_json::json!({"closed": false}),
                ),
            ),
            (
                "comment",
                (
                    "POST",
                    format!("/1/cards/{CARD}/actions/comments"),
                    serde_json::json!({"text": "hi"}),
                ),
            ),
            (
                "label",
                (
                    "POST",
                    format!("/1/cards/{CARD}/idLabels"),
                    serde_json::json!({"value": OTHER}),
                ),
            ),
            (
                "assign",
                (
                    "POST",
                    format!("/1/cards/{CARD}/idMembers"),
                    serde_json::json!({"value": OTHER}),
                ),
            ),
            (
                "check",
                (
                    "PUT",
                    format!("/1/cards/{CARD}/checkItem/{OTHER}"),
                    serde_json::json!({"state": "complete"}),
                ),
            ),
            (
                "uncheck",
                (
                    "PUT",
                    format!("/1/cards/{CARD}/checkItem/{OTHER}"),
                    serde_json::json!({"state": "incomplete"}),
                ),
            ),
        ];
        for (verb, (method, path, body)) in cases {
            let server = MockServer::start().await;
            // Adding a member answers the card's members; the others the card.
            let answer = if verb == "assign" {
                serde_json::json!([{"id": OTHER}])
            } else {
                serde_json::json!({"id": CARD})
            };
            Mock::given(matchers::any())
                .respond_with(ResponseTemplate::new(200).set_body_json(answer))
                .mount(&server)
                .await;
            let client = client_without_retries(
                &format!("{}/1", server.uri()),
                backend,
                AuthPlacement::Header,
            );
            let cards = client.cards();
            let sent = match verb {
                "move_to" => cards.move_to(CARD, OTHER).pos("top").await.map(drop),
                "archive" => cards.archive(CARD).await.map(drop),
                "unarchive" => cards.unarchive(CARD).await.map(drop),
                "comment" => cards.comment(CARD, "hi").await.map(drop),
                "label" => cards.label(CARD, OTHER).await.map(drop),
                "assign" => cards.assign(CARD, OTHER).await.map(drop),
                "check" => cards.check(CARD, OTHER).await.map(drop),
                "uncheck" => cards.uncheck(CARD, OTHER).await.map(drop),
                _ => unreachable!(),
            };
            sent.unwrap_or_else(|e| panic!("{backend:?} {verb}: {e}"));
            let (m, p, b) = only_request(&server).await;
            assert_eq!(
                (m.as_str(), p.as_str(), &b),
                (method, path.as_str(), &body),
                "{backend:?} {verb}"
            );
        }
    })
    .await;
}

#[tokio::test]
async fn bad_verb_input_is_refused_before_the_wire_naming_the_parameter() {
    for_each_backend(|backend| async move {
        let server = MockServer::start().await;
        let client = client_without_retries(
            &format!("{}/1", server.uri()),
            backend,
            AuthPlacement::Header,
        );
        let err = client
            .cards()
            .move_to(CARD, "Doing")
            .await
            .expect_err("not an id");
        assert!(err.to_string().contains("`idList`"), "{backend:?}: {err}");
        let err = client
            .cards()
            .move_to(CARD, OTHER)
            .pos("middle")
            .await
            .expect_err("not a position");
        assert!(err.to_string().contains("Position::Top"), "{err}");
        assert_eq!(server.received_requests().await.map(|r| r.len()), Some(0));
    })
    .await;
}
