//! Request shapes of every generated endpoint, through both backends.
//!
//! `trello::api::samples` holds one sample request per endpoint generated
//! from specs/ by `cargo xtask codegen`, with the path, query and body it must
//! produce, computed by the generator (not by the macro). Each sample is sent
//! to wiremock on loopback and the recorded request is compared with it:
//! method, encoded path, decoded query pairs and JSON body. Every parameter of
//! every endpoint is set, so each wire name, location and encoding is seen.

use std::collections::BTreeSet;

use serde_json::Value;
use trello::{Backend, Client, api::samples};
use trello_integration_tests::{credentials, for_each_backend};
use wiremock::{Mock, MockServer, ResponseTemplate, matchers::any};

fn client(base: &str, backend: Backend) -> Client {
    Client::builder()
        .backend(backend)
        .base_url(base)
        .credentials(credentials())
        .no_rate_limits()
        .build()
        .unwrap_or_else(|err| panic!("client on {backend:?}: {err}"))
}

#[test]
fn every_generated_endpoint_has_a_sample_and_the_registry_is_complete() {
    let registry: Vec<_> = trello::registry()
        .into_iter()
        .filter(|meta| meta.module.starts_with("trello::"))
        .collect();
    let routes: BTreeSet<String> = registry.iter().map(|meta| meta.route()).collect();
    assert_eq!(routes.len(), registry.len(), "a route is declared twice");
    assert_eq!(registry.len(), 261, "every REST operation is declared");

    let samples = samples::all();
    let sampled: BTreeSet<&str> = samples.iter().map(|s| s.route).collect();
    assert_eq!(sampled.len(), samples.len(), "one sample per route");
    for meta in &registry {
        let generated = meta.module.starts_with("trello::api");
        assert_eq!(
            sampled.contains(meta.route().as_str()),
            generated,
            "{} ({}::{}): samples cover exactly the generated endpoints",
            meta.route(),
            meta.module,
            meta.name
        );
        if let Some(sample) = samples.iter().find(|s| s.route == meta.route()) {
            assert_eq!(sample.name, meta.name, "{}", meta.route());
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_generated_endpoint_sends_its_method_path_query_and_body() {
    let samples = samples::all();
    for_each_backend(|backend| {
        let samples = samples.clone();
        async move {
            let server = MockServer::start().await;
            Mock::given(any())
                .respond_with(ResponseTemplate::new(200).set_body_string("{}"))
                .mount(&server)
                .await;
            let client = client(&format!("{}/1", server.uri()), backend);

            let mut sent = Vec::new();
            for sample in &samples {
                if let Err(err) = (sample.send)(&client).await {
                    panic!("{backend:?} {}: {err}", sample.route);
                }
                sent.push(*sample);
            }

            let received = server
                .received_requests()
                .await
                .expect("wiremock records requests");
            assert_eq!(
                received.len(),
                sent.len(),
                "{backend:?}: one request per sample"
            );
            for (request, sample) in received.iter().zip(&sent) {
                let what = format!("{backend:?} {}", sample.route);
                assert_eq!(request.method.as_str(), sample.method, "{what}");
                assert_eq!(request.url.path(), format!("/1{}", sample.path), "{what}");
                let mut query: Vec<(String, String)> = request
                    .url
                    .query_pairs()
                    .map(|(k, v)| (k.into_owned(), v.into_owned()))
                    .collect();
                let mut expected: Vec<(String, String)> = sample
                    .query
                    .iter()
                    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                    .collect();
                query.sort();
                expected.sort();
                assert_eq!(query, expected, "{what}: query");
                match sample.body {
                    // A file upload: multipart/form-data with the sample file.
                    _ if sample.upload => {
                        let content_type = request
                            .headers
                            .get("content-type")
                            .and_then(|v| v.to_str().ok())
                            .unwrap_or_default();
                        assert!(
                            content_type.starts_with("multipart/form-data; boundary="),
                            "{what}: {content_type}"
                        );
                        let body = String::from_utf8_lossy(&request.body);
                        assert!(body.contains("filename=\"a.png\""), "{what}: {body}");
                        assert!(body.contains("Content-Type: image/png"), "{what}: {body}");
                        assert!(
                            request.body.windows(3).any(|w| w == [1u8, 2, 3]),
                            "{what}: the file's bytes"
                        );
                    }
                    Some(body) => {
                        let got: Value = serde_json::from_slice(&request.body)
                            .unwrap_or_else(|err| panic!("{what}: body is not JSON: {err}"));
                        let want: Value = serde_json::from_str(body).expect("sample body is JSON");
                        assert_eq!(got, want, "{what}: body");
                    }
                    // No body parameter: no body, or (POST/PUT) an empty
                    // JSON object.
                    None => assert!(
                        request.body.is_empty() || request.body.as_slice() == b"{}",
                        "{what}: no body parameters expected, got {:?}",
                        String::from_utf8_lossy(&request.body)
                    ),
                }
            }
        }
    })
    .await;
}
