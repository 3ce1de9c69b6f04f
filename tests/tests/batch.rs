//! `GET /batch` through both backends: chunks of 10 routes, results typed
//! and in input order, each failure its own error.

use trello::{
    Error,
    batch::{BatchRoute, MAX_ROUTES_PER_CALL},
    boards::GetBoard,
    cards::UpdateCard,
};
use trello_integration_tests::{CANARY_KEY, CANARY_TOKEN, client, for_each_backend};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate, matchers};

/// Answers each route of `urls` like Trello: ids starting with `missing`
/// are 404s, with `bad` 400 error objects, `gone` an invalid token; others
/// a board named after its id and `fields`.
struct FakeBatch;

impl Respond for FakeBatch {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let items: Vec<serde_json::Value> = routes_of(request)
            .iter()
            .map(|route| {
                let url = url::Url::parse(&format!("http://x{route}")).expect("a route");
                let id = url.path().trim_start_matches("/boards/").to_owned();
                let fields = url
                    .query_pairs()
                    .find(|(k, _)| k == "fields")
                    .map(|(_, v)| v.into_owned())
                    .unwrap_or_default();
                if id.starts_with("missing") {
                    serde_json::json!({"404": "The requested resource was not found."})
                } else if id.starts_with("bad") {
                    serde_json::json!({"name": "ERROR", "message": "invalid id", "statusCode": 400})
                } else if id.starts_with("gone") {
                    serde_json::json!({"401": "invalid token"})
                } else {
                    serde_json::json!({"200": {"id": id, "name": format!("{id}:{fields}")}})
                }
            })
            .collect();
        ResponseTemplate::new(200).set_body_json(items)
    }
}

/// The routes of one `/batch` call, as Trello splits them.
fn routes_of(request: &Request) -> Vec<String> {
    let urls = request
        .url
        .query_pairs()
        .find(|(k, _)| k == "urls")
        .map(|(_, v)| v.into_owned())
        .expect("a urls parameter");
    urls.split(',').map(str::to_owned).collect()
}

async fn batch_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(matchers::method("GET"))
        .and(matchers::path("/batch"))
        .respond_with(FakeBatch)
        .mount(&server)
        .await;
    server
}

async fn batch_calls(server: &MockServer) -> Vec<Vec<String>> {
    let requests = server.received_requests().await.expect("recording is on");
    for request in &requests {
        assert_eq!(request.url.path(), "/batch");
        let header = request
            .headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        assert!(header.contains(CANARY_KEY) && header.contains(CANARY_TOKEN));
        let query = request.url.query().unwrap_or_default();
        assert!(
            !query.contains(CANARY_KEY) && !query.contains(CANARY_TOKEN),
            "no credentials in the routes: {query}"
        );
    }
    requests.iter().map(routes_of).collect()
}

fn board_ids(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("b{i:03}")).collect()
}

#[tokio::test]
async fn chunks_of_ten_in_input_order() {
    for_each_backend(|backend| async move {
        for (n, calls) in [(1, 1), (10, 1), (11, 2), (95, 10)] {
            let server = batch_server().await;
            let ids = board_ids(n);
            let boards = client(&server.uri(), backend)
                .batch_get(ids.iter().map(|id| GetBoard::new(id).fields("name,desc")))
                .await
                .unwrap_or_else(|e| panic!("{backend:?} {n}: {e}"));
            assert_eq!(boards.len(), n);
            for (board, id) in boards.iter().zip(&ids) {
                let board = board.as_ref().unwrap_or_else(|e| panic!("{id}: {e}"));
                assert_eq!(&board.id, id);
                assert_eq!(
                    board.name.as_deref(),
                    Some(format!("{id}:name,desc").as_str())
                );
            }

            let seen = batch_calls(&server).await;
            assert_eq!(
                seen.len(),
                calls,
                "{backend:?}: /batch calls for {n} routes"
            );
            let expected: Vec<Vec<String>> = ids
                .chunks(MAX_ROUTES_PER_CALL)
                .map(|chunk| {
                    chunk
                        .iter()
                        .map(|id| format!("/boards/{id}?fields=name%2Cdesc"))
                        .collect()
                })
                .collect();
            assert_eq!(seen, expected, "{backend:?}: the urls of each call");
        }
    })
    .await;
}

#[tokio::test]
async fn mixed_successes_and_failures_keep_their_places() {
    for_each_backend(|backend| async move {
        let server = batch_server().await;
        let ids = [
            "b1", "missing1", "b2", "bad1", "b3", "gone1", "b4", "b5", "b6", "b7", "missing2", "b8",
        ];
        let results = client(&server.uri(), backend)
            .batch_get(ids.iter().map(|id| GetBoard::new(*id)))
            .await
            .unwrap_or_else(|e| panic!("{backend:?}: {e}"));
        assert_eq!(results.len(), ids.len());
        for (result, id) in results.iter().zip(ids) {
            match (id, result) {
                (id, Ok(board)) if id.starts_with('b') && !id.starts_with("bad") => {
                    assert_eq!(board.id, id);
                }
                (id, Err(Error::NotFound { message })) if id.starts_with("missing") => {
                    assert_eq!(message, "The requested resource was not found.");
                }
                (id, Err(err @ Error::Api { .. })) if id.starts_with("bad") => {
                    assert_eq!(err.status(), Some(http::StatusCode::BAD_REQUEST));
                    assert!(err.to_string().contains("invalid id"), "{err}");
                }
                (id, Err(Error::InvalidToken)) if id.starts_with("gone") => {}
                (id, other) => panic!("{backend:?} {id}: unexpected {other:?}"),
            }
        }
        let seen = batch_calls(&server).await;
        assert_eq!(seen.len(), 2);
        assert_eq!(seen[0].len(), 10);
        assert_eq!(seen[1], ["/boards/missing2", "/boards/b8"]);
    })
    .await;
}

#[tokio::test]
async fn heterogeneous_routes_as_json() {
    for_each_backend(|backend| async move {
        let server = batch_server().await;
        let routes = [
            BatchRoute::new(&GetBoard::new("b1").fields("name")).expect("a GET"),
            BatchRoute::new(&trello::api::GetCard::new("5abbe4b7ddc1b351ef961414")).expect("a GET"),
            BatchRoute::new(&GetBoard::new("missing")).expect("a GET"),
        ];
        let results = client(&server.uri(), backend)
            .batch_get_json(routes)
            .await
            .unwrap_or_else(|e| panic!("{backend:?}: {e}"));
        assert_eq!(results[0].as_ref().expect("board")["name"], "b1:name");
        assert_eq!(
            results[1].as_ref().expect("card")["id"],
            "/cards/5abbe4b7ddc1b351ef961414"
        );
        assert!(matches!(results[2], Err(Error::NotFound { .. })));
        assert_eq!(
            batch_calls(&server).await,
            [[
                "/boards/b1?fields=name",
                "/cards/5abbe4b7ddc1b351ef961414",
                "/boards/missing"
            ]]
        );
    })
    .await;
}

#[tokio::test]
async fn non_get_endpoints_and_bad_input_are_refused_before_sending() {
    for_each_backend(|backend| async move {
        let server = batch_server().await;
        let client = client(&server.uri(), backend);
        let err = client
            .batch_get([UpdateCard::new("abc").name("x")])
            .await
            .expect_err("a PUT cannot be batched");
        assert!(
            matches!(&err, Error::InvalidInput(m) if m.contains("PUT /cards/{id}")),
            "{err}"
        );
        let err = client
            .batch_get([
                GetBoard::new("b1"),
                GetBoard::new(""), // an empty path parameter
            ])
            .await
            .expect_err("an empty id");
        assert!(
            matches!(&err, Error::InvalidInput(m) if m.contains("batch item 1")),
            "{err}"
        );
        let results = client
            .batch_get(Vec::<GetBoard>::new())
            .await
            .expect("nothing to send");
        assert!(results.is_empty());
        assert!(batch_calls(&server).await.is_empty());
    })
    .await;
}
