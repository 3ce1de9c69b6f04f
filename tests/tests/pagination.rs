//! Actions pagination through both backends: pages of `limit` asked with
//! `before` = the last action's id, until a short page.

use futures_util::StreamExt;
use trello::{Client, Error, pagination::ActionPages};
use trello_integration_tests::{client, client_without_retries, for_each_backend};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate, matchers};

/// An action id whose order follows `n` (a larger `n` is older).
fn action_id(n: usize) -> String {
    format!("{:024x}", 0x5f00_0000_0000_0000_0000_0000_u128 - n as u128)
}

/// Serves `total` actions, newest first, honouring `limit` and `before`
/// like Trello; answers 500 to the call `fail_at` (0-based) if set.
struct FakeActions {
    total: usize,
    fail_at: Option<usize>,
    calls: std::sync::atomic::AtomicUsize,
}

impl Respond for FakeActions {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let call = self.calls.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        if self.fail_at == Some(call) {
            return ResponseTemplate::new(500).set_body_string("Internal Server Error");
        }
        let param = |name: &str| {
            request
                .url
                .query_pairs()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.into_owned())
        };
        let limit: usize = param("limit").and_then(|l| l.parse().ok()).unwrap_or(50);
        let start = match param("before") {
            Some(before) => (0..self.total)
                .position(|n| action_id(n) == before)
                .map_or(self.total, |n| n + 1),
            None => 0,
        };
        let page: Vec<serde_json::Value> = (start..self.total)
            .take(limit)
            .map(|n| {
                serde_json::json!({
                    "id": action_id(n),
                    "type": "commentCard",
                    "date": "2020-09-13T12:26:40.000Z",
                    "idMemberCreator": "5abbe4b7ddc1b351ef961414",
                    "data": {"text": format!("comment {n}")}
                })
            })
            .collect();
        ResponseTemplate::new(200).set_body_json(page)
    }
}

async fn actions_server(route: &str, total: usize, fail_at: Option<usize>) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(matchers::method("GET"))
        .and(matchers::path(route))
        .respond_with(FakeActions {
            total,
            fail_at,
            calls: Default::default(),
        })
        .mount(&server)
        .await;
    server
}

/// The `(limit, before, since)` of each call the server saw.
async fn calls(server: &MockServer) -> Vec<(String, Option<String>, Option<String>)> {
    let requests = server.received_requests().await.expect("recording is on");
    requests
        .iter()
        .map(|r| {
            let param = |name: &str| {
                r.url
                    .query_pairs()
                    .find(|(k, _)| k == name)
                    .map(|(_, v)| v.into_owned())
            };
            (
                param("limit").unwrap_or_default(),
                param("before"),
                param("since"),
            )
        })
        .collect()
}

#[tokio::test]
async fn three_pages_of_board_actions_in_order() {
    for_each_backend(|backend| async move {
        let server = actions_server("/boards/5abbe4b7ddc1b351ef961400/actions", 2250, None).await;
        let client = client(&server.uri(), backend);
        let actions: Vec<_> = client
            .board_actions("5abbe4b7ddc1b351ef961400")
            .stream()
            .collect()
            .await;
        assert_eq!(actions.len(), 2250, "{backend:?}");
        for (n, action) in actions.iter().enumerate() {
            let action = action
                .as_ref()
                .unwrap_or_else(|e| panic!("{backend:?} #{n}: {e}"));
            assert_eq!(action.id, action_id(n));
        }
        let last = |n: usize| Some(action_id(n));
        assert_eq!(
            calls(&server).await,
            [
                ("1000".to_owned(), None, None),
                ("1000".to_owned(), last(999), None),
                ("1000".to_owned(), last(1999), None),
            ],
            "{backend:?}"
        );
    })
    .await;
}

#[tokio::test]
async fn card_and_list_actions_with_since_limit_and_filter() {
    for_each_backend(|backend| async move {
        for (route, make) in [
            (
                "/cards/abc/actions",
                Client::card_actions as fn(&Client, String) -> ActionPages,
            ),
            ("/lists/abc/actions", Client::list_actions),
        ] {
            let server = actions_server(route, 7, None).await;
            let client = client(&server.uri(), backend);
            let actions: Vec<_> = make(&client, "abc".to_owned())
                .limit(3)
                .since("2020-01-01T00:00:00Z".parse().expect("a date"))
                .filter(["commentCard", "updateCard:idList"])
                .stream()
                .collect()
                .await;
            let ids: Vec<String> = actions
                .into_iter()
                .map(|a| a.expect("an action").id)
                .collect();
            assert_eq!(ids, (0..7).map(action_id).collect::<Vec<_>>());
            let since = Some("2020-01-01T00:00:00.000Z".to_owned());
            assert_eq!(
                calls(&server).await,
                [
                    ("3".to_owned(), None, since.clone()),
                    ("3".to_owned(), Some(action_id(2)), since.clone()),
                    ("3".to_owned(), Some(action_id(5)), since.clone()),
                ],
                "{backend:?} {route}"
            );
            let requests = server.received_requests().await.expect("recording");
            assert!(requests.iter().all(|r| {
                r.url
                    .query_pairs()
                    .any(|(k, v)| k == "filter" && v == "commentCard,updateCard:idList")
            }));
        }
    })
    .await;
}

#[tokio::test]
async fn an_exact_multiple_ends_with_an_empty_page() {
    for_each_backend(|backend| async move {
        let server = actions_server("/boards/b/actions", 4, None).await;
        let client = client(&server.uri(), backend);
        let actions: Vec<_> = client.board_actions("b").limit(2).stream().collect().await;
        assert_eq!(actions.len(), 4);
        assert_eq!(
            calls(&server).await.len(),
            3,
            "two full pages, then an empty one"
        );
    })
    .await;
}

#[tokio::test]
async fn a_limit_over_1000_is_refused_before_sending() {
    for_each_backend(|backend| async move {
        let server = actions_server("/boards/b/actions", 10, None).await;
        let client = client(&server.uri(), backend);
        for limit in [1001, 0] {
            let items: Vec<_> = client
                .board_actions("b")
                .limit(limit)
                .stream()
                .collect()
                .await;
            assert_eq!(items.len(), 1, "one error, then the end");
            match &items[0] {
                Err(Error::InvalidInput(message)) => {
                    assert!(
                        message.contains("`limit`") && message.contains("1000"),
                        "{message}"
                    );
                }
                other => panic!("{backend:?}: expected InvalidInput, got {other:?}"),
            }
        }
        assert!(calls(&server).await.is_empty(), "nothing was sent");
    })
    .await;
}

#[tokio::test]
async fn an_error_mid_stream_is_the_last_item() {
    for_each_backend(|backend| async move {
        let server = actions_server("/boards/b/actions", 2500, Some(1)).await;
        let client = client_without_retries(&server.uri(), backend, trello::AuthPlacement::Header);
        let items: Vec<_> = client.board_actions("b").stream().collect().await;
        assert_eq!(
            items.len(),
            1001,
            "{backend:?}: the first page, then the error"
        );
        assert!(items[..1000].iter().all(Result::is_ok));
        match &items[1000] {
            Err(err) => assert_eq!(err.status(), Some(http::StatusCode::INTERNAL_SERVER_ERROR)),
            Ok(action) => panic!("expected the error, got {action:?}"),
        }
        assert_eq!(calls(&server).await.len(), 2, "no call after the error");
    })
    .await;
}
