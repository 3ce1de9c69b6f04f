//! An endpoint the SDK lacks, declared outside the facade with the same
//! attribute (this crate depends on `trello` only), sent through both
//! backends, bound and unbound.

use serde_json::{Value, json};
use trello::{AuthPlacement, endpoint};
use trello_integration_tests::{CANARY_KEY, CANARY_TOKEN, client_with, for_each_backend};
use wiremock::{Mock, MockServer, ResponseTemplate, matchers};

/// The labels of a board.
#[endpoint(GET "/boards/{id}/labels", response = Vec<Value>)]
#[derive(Clone, Debug)]
pub struct GetBoardLabels {
    /// The board's id.
    #[path]
    id: String,
    /// `all` or a comma-separated list of label fields.
    #[query]
    fields: Option<Vec<String>>,
    /// How many labels at most.
    #[query]
    limit: Option<u32>,
}

/// Adds a label to a card.
#[endpoint(POST "/cards/{id}/idLabels", response = Value)]
pub struct AddLabelToCard {
    /// The card's id.
    #[path]
    id: String,
    /// The label's id.
    #[body]
    value: String,
}

#[tokio::test]
async fn a_user_declared_endpoint_works_through_every_backend() {
    for_each_backend(|backend| async move {
        let server = MockServer::start().await;
        Mock::given(matchers::method("GET"))
            .and(matchers::path("/boards/b%201/labels"))
            .respond_with(
                ResponseTemplate::new(200).set_body_json(json!([{"id": "l1", "color": "red"}])),
            )
            .mount(&server)
            .await;
        Mock::given(matchers::method("POST"))
            .and(matchers::path("/cards/c1/idLabels"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!(["l1"])))
            .mount(&server)
            .await;
        let client = client_with(&server.uri(), backend, AuthPlacement::Query);

        let labels = client
            .send(
                GetBoardLabels::new("b 1")
                    .fields(["name", "color"])
                    .limit(50u32),
            )
            .await
            .unwrap_or_else(|e| panic!("{backend:?}: {e}"));
        assert_eq!(labels, [json!({"id": "l1", "color": "red"})], "{backend:?}");

        let added = AddLabelToCard::new("c1", "l1")
            .bind(&client)
            .await
            .unwrap_or_else(|e| panic!("{backend:?}: {e}"));
        assert_eq!(added, json!(["l1"]), "{backend:?}");

        let requests = server.received_requests().await.unwrap_or_default();
        assert_eq!(requests.len(), 2, "{backend:?}");
        assert_eq!(requests[0].url.path(), "/boards/b%201/labels");
        assert_eq!(
            requests[0].url.query(),
            Some(
                format!("fields=name%2Ccolor&limit=50&key={CANARY_KEY}&token={CANARY_TOKEN}")
                    .as_str()
            ),
            "{backend:?}"
        );
        assert_eq!(requests[1].method.as_str(), "POST");
        let body: Value = serde_json::from_slice(&requests[1].body).unwrap_or_default();
        assert_eq!(body, json!({"value": "l1"}), "{backend:?}");
    })
    .await;
}

#[test]
fn a_user_declared_endpoint_is_in_the_registry() {
    let meta = trello::registry()
        .into_iter()
        .find(|meta| meta.name == "GetBoardLabels")
        .map(|meta| (meta.route(), meta.module));
    assert_eq!(
        meta,
        Some(("GET /boards/{id}/labels".to_owned(), module_path!()))
    );
}
