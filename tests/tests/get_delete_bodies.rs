//! Never a body on a GET or DELETE (Trello answers 403 to a GET with a
//! body): every generated GET and DELETE endpoint's sample, sent through
//! both backends with body-placed credentials, arrives with an empty body,
//! no `Content-Type`, no `Transfer-Encoding`, and the credentials in the
//! `Authorization` header (the documented fallback), never in the URL.
//! This walks `trello::api::samples` on its own, so it survives the
//! regeneration of request_shapes.rs.

use trello::{AuthPlacement, Client, api::samples};
use trello_integration_tests::{CANARY_KEY, CANARY_TOKEN, builder, for_each_backend};
use wiremock::{Mock, MockServer, ResponseTemplate, matchers::any};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn get_and_delete_requests_never_carry_a_body() {
    let samples: Vec<_> = samples::all()
        .into_iter()
        .filter(|s| matches!(s.method, "GET" | "DELETE"))
        .collect();
    assert!(samples.len() > 100, "{} GET/DELETE samples", samples.len());
    for_each_backend(|backend| {
        let samples = samples.clone();
        async move {
            let server = MockServer::start().await;
            Mock::given(any())
                .respond_with(ResponseTemplate::new(200).set_body_string("{}"))
                .mount(&server)
                .await;
            let client: Client =
                builder(&format!("{}/1", server.uri()), backend, AuthPlacement::Body)
                    .no_rate_limits()
                    .build()
                    .expect("client");
            for sample in &samples {
                if let Err(err) = (sample.send)(&client).await {
                    panic!("{backend:?} {}: {err}", sample.route);
                }
            }
            let received = server.received_requests().await.expect("recorded");
            assert_eq!(received.len(), samples.len(), "{backend:?}");
            for (request, sample) in received.iter().zip(&samples) {
                let what = format!("{backend:?} {}", sample.route);
                assert_eq!(request.method.as_str(), sample.method, "{what}");
                assert!(
                    request.body.is_empty(),
                    "{what}: a body was sent: {:?}",
                    String::from_utf8_lossy(&request.body)
                );
                assert!(!request.headers.contains_key("content-type"), "{what}");
                assert!(!request.headers.contains_key("transfer-encoding"), "{what}");
                if let Some(length) = request.headers.get("content-length") {
                    assert_eq!(length.as_bytes(), b"0", "{what}");
                }
                let auth = request
                    .headers
                    .get("authorization")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or_default();
                assert!(
                    auth.contains(CANARY_KEY) && auth.contains(CANARY_TOKEN),
                    "{what}: body-placed credentials fall back to the header"
                );
                assert!(
                    !request
                        .url
                        .query_pairs()
                        .any(|(k, _)| k == "key" || k == "token"),
                    "{what}: {}",
                    request.url
                );
            }
        }
    })
    .await;
}
