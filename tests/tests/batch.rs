//! `GET /batch` through both backends: chunks of 10 routes, results typed
//! and in input order, each failure its own error.

use trello::{
    Error,
    api::{CreateCardActionComment, GetCard},
    batch::{BatchRoute, MAX_ROUTES_PER_CALL},
};
use trello_integration_tests::{CANARY_KEY, CANARY_TOKEN, client, for_each_backend};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate, matchers};

/// Answers each route of `urls` like Trello: a card id ending in `404` is
/// a 404, in `400` a 400 error object, in `401` an invalid token; others a
/// card named after its id and `fields`.
struct FakeBatch;

impl Respond for FakeBatch {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let items: Vec<serde_json::Value> = routes_of(request)
            .iter()
            .map(|route| {
                let url = url::Url::parse(&format!("http://x{route}")).expect("a route");
                let id = url.path().trim_start_matches("/cards/").to_owned();
                let fields = url
                    .query_pairs()
                    .find(|(k, _)| k == "fields")
                    .map(|(_, v)| v.into_owned())
                    .unwrap_or_default();
                if id.ends_with("404") {
                    serde_json::json!({"404": "The requested resource was not found."})
                } else if id.ends_with("400") {
                    serde_json::json!({"name": "ERROR", "message": "invalid id", "statusCode": 400})
                } else if id.ends_with("401") {
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

/// A card id (24 hex digits) whose last three digits say how the fake
/// server answers.
fn card_id(n: usize, answer: &str) -> String {
    format!("{n:021x}{answer}")
}

fn card_ids(n: usize) -> Vec<String> {
    (0..n).map(|i| card_id(i, "200")).collect()
}

#[tokio::test]
async fn chunks_of_ten_in_input_order() {
    for_each_backend(|backend| async move {
        for (n, calls) in [(1, 1), (10, 1), (11, 2), (95, 10)] {
            let server = batch_server().await;
            let ids = card_ids(n);
            let boards = client(&server.uri(), backend)
                .batch_get(
                    ids.iter()
                        .map(|id| GetCard::new(id).fields(["name", "desc"])),
                )
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
                        .map(|id| format!("/cards/{id}?fields=name%2Cdesc"))
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
        let answers = [
            "200", "404", "200", "400", "200", "401", "200", "200", "200", "200", "404", "200",
        ];
        let ids: Vec<String> = answers
            .iter()
            .enumerate()
            .map(|(n, answer)| card_id(n, answer))
            .collect();
        let results = client(&server.uri(), backend)
            .batch_get(ids.iter().map(GetCard::new))
            .await
            .unwrap_or_else(|e| panic!("{backend:?}: {e}"));
        assert_eq!(results.len(), ids.len());
        for (result, id) in results.iter().zip(&ids) {
            match (&id[21..], result) {
                ("200", Ok(card)) => {
                    assert_eq!(&card.id, id);
                }
                ("404", Err(Error::NotFound { message, .. })) => {
                    assert_eq!(message, "The requested resource was not found.");
                }
                ("400", Err(err @ Error::Api { .. })) => {
                    assert_eq!(err.status(), Some(http::StatusCode::BAD_REQUEST));
                    assert!(err.to_string().contains("invalid id"), "{err}");
                }
                ("401", Err(Error::InvalidToken)) => {}
                (_, other) => panic!("{backend:?} {id}: unexpected {other:?}"),
            }
        }
        let seen = batch_calls(&server).await;
        assert_eq!(seen.len(), 2);
        assert_eq!(seen[0].len(), 10);
        assert_eq!(
            seen[1],
            [format!("/cards/{}", ids[10]), format!("/cards/{}", ids[11])]
        );
    })
    .await;
}

#[tokio::test]
async fn heterogeneous_routes_as_json() {
    for_each_backend(|backend| async move {
        let server = batch_server().await;
        let routes = [
            BatchRoute::new(&GetCard::new(card_id(1, "200")).fields(["name"])).expect("a GET"),
            BatchRoute::new(&trello::api::GetCardAttachments::new(
                "5abbe4b7ddc1b351ef961414",
            ))
            .expect("a GET"),
            BatchRoute::new(&GetCard::new(card_id(2, "404"))).expect("a GET"),
        ];
        let results = client(&server.uri(), backend)
            .batch_get_json(routes)
            .await
            .unwrap_or_else(|e| panic!("{backend:?}: {e}"));
        assert_eq!(
            results[0].as_ref().expect("card")["name"],
            format!("{}:name", card_id(1, "200"))
        );
        assert_eq!(
            results[1].as_ref().expect("attachments")["id"],
            "5abbe4b7ddc1b351ef961414/attachments"
        );
        assert!(matches!(results[2], Err(Error::NotFound { .. })));
        assert_eq!(
            batch_calls(&server).await,
            [[
                format!("/cards/{}?fields=name", card_id(1, "200")),
                "/cards/5abbe4b7ddc1b351ef961414/attachments".to_owned(),
                format!("/cards/{}", card_id(2, "404")),
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
            .batch_get([CreateCardActionComment::new("5abbe4b7ddc1b351ef961414", "hi")])
            .await
            .expect_err("a PUT cannot be batched");
        assert!(
            matches!(&err, Error::InvalidInput(m) if m.contains("POST /cards/{id}/actions/comments")),
            "{err}"
        );
        let err = client
            .batch_get([
                GetCard::new(card_id(1, "200")),
                GetCard::new("not an id"),
            ])
            .await
            .expect_err("an empty id");
        assert!(
            matches!(&err, Error::InvalidInput(m) if m.contains("batch item 1")),
            "{err}"
        );
        let results = client
            .batch_get(Vec::<GetCard>::new())
            .await
            .expect("nothing to send");
        assert!(results.is_empty());
        assert!(batch_calls(&server).await.is_empty());
    })
    .await;
}
