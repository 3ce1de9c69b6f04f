//! A 16,384-character card description travels in the JSON body of
//! `POST /cards` and `PUT /cards/{id}`, never in the URL, through both
//! backends.

use trello::cards::{CreateCard, UpdateCard};
use trello_integration_tests::{client, for_each_backend};
use wiremock::{Mock, MockServer, ResponseTemplate, matchers};

const LIST: &str = "5abbe4b7ddc1b351ef961416";
const CARD: &str = "5abbe4b7ddc1b351ef961417";

/// 16,384 characters, multi-byte ones and URL-hostile ones included.
fn long_description() -> String {
    let unit = "Ünïcödé & ?#%/+= line\n";
    let mut desc: String = unit.chars().cycle().take(16_384).collect();
    desc.truncate(
        desc.char_indices()
            .nth(16_384)
            .map_or(desc.len(), |(i, _)| i),
    );
    assert_eq!(desc.chars().count(), 16_384);
    desc
}

#[tokio::test]
async fn long_descriptions_go_in_the_body() {
    for_each_backend(|backend| async move {
        let desc = long_description();
        let server = MockServer::start().await;
        let card = serde_json::json!({"id": CARD, "desc": desc, "idList": LIST});
        Mock::given(matchers::method("POST"))
            .and(matchers::path("/cards"))
            .respond_with(ResponseTemplate::new(200).set_body_json(&card))
            .mount(&server)
            .await;
        Mock::given(matchers::method("PUT"))
            .and(matchers::path(format!("/cards/{CARD}")))
            .respond_with(ResponseTemplate::new(200).set_body_json(&card))
            .mount(&server)
            .await;
        let client = client(&server.uri(), backend);
        let created = client
            .send(CreateCard::new(LIST).name("Spec").desc(desc.clone()))
            .await
            .unwrap_or_else(|e| panic!("{backend:?} POST: {e}"));
        assert_eq!(created.desc.as_deref(), Some(desc.as_str()));
        let updated = client
            .send(UpdateCard::new(CARD).desc(desc.clone()))
            .await
            .unwrap_or_else(|e| panic!("{backend:?} PUT: {e}"));
        assert_eq!(updated.id, CARD);

        let requests = server.received_requests().await.expect("recording is on");
        assert_eq!(requests.len(), 2);
        for (request, method) in requests.iter().zip(["POST", "PUT"]) {
            assert_eq!(request.method.as_str(), method);
            assert_eq!(
                request.url.query(),
                None,
                "{backend:?} {method}: nothing in the query"
            );
            assert!(
                request.url.as_str().len() < 100,
                "{backend:?} {method}: a short URL"
            );
            assert_eq!(
                request
                    .headers
                    .get("content-type")
                    .and_then(|v| v.to_str().ok()),
                Some("application/json")
            );
            let body: serde_json::Value =
                serde_json::from_slice(&request.body).expect("a JSON body");
            assert_eq!(
                body["desc"].as_str(),
                Some(desc.as_str()),
                "{backend:?} {method}"
            );
        }
        let first: serde_json::Value = serde_json::from_slice(&requests[0].body).expect("JSON");
        assert_eq!(first["idList"], LIST);
        assert_eq!(first["name"], "Spec");
    })
    .await;
}
