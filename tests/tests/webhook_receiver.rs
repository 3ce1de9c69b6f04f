//! The example webhook receiver (`crates/trello/examples/webhook_receiver.rs`,
//! included as is) on loopback, called through both backends' transports:
//! the HEAD check answered, a valid signature accepted, tampered bodies,
//! wrong callback URLs and missing signatures refused.

#[path = "../../crates/trello/examples/webhook_receiver.rs"]
mod receiver;

use bytes::Bytes;
use trello::{
    AppSecret, Backend,
    webhook::{SIGNATURE_HEADER, WebhookVerifier, signature},
};
use trello_integration_tests::for_each_backend;

const SECRET: &str = "webhookAppSecretCanary";
const BODY: &str = r#"{"action":{"id":"5abbe4b7ddc1b351ef961499","type":"updateCard","data":{"card":{"id":"5abbe4b7ddc1b351ef961414"}}},"model":{"id":"5abbe4b7ddc1b351ef961400"}}"#;

/// Starts the receiver on 127.0.0.1 and returns its callback URL.
async fn start() -> String {
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0))
        .await
        .expect("a loopback port");
    let addr = listener.local_addr().expect("an address");
    let callback = format!("http://{addr}{}", receiver::WEBHOOK_PATH);
    let verifier = WebhookVerifier::new(AppSecret::new(SECRET), callback.clone());
    tokio::spawn(async move {
        axum::serve(listener, receiver::app(verifier))
            .await
            .expect("the receiver runs");
    });
    callback
}

async fn call(
    backend: Backend,
    method: http::Method,
    url: &str,
    signature: Option<&str>,
    body: &str,
) -> (http::StatusCode, String) {
    let mut request = http::Request::builder().method(method).uri(url);
    if let Some(signature) = signature {
        request = request.header(SIGNATURE_HEADER, signature);
    }
    let request = request
        .body(Bytes::from(body.to_owned()))
        .expect("a request");
    let response = backend
        .transport()
        .expect("a transport")
        .send(request)
        .await
        .unwrap_or_else(|e| panic!("{backend:?}: {e}"));
    let status = response.status();
    let body = response
        .into_body()
        .collect_limited(1 << 20)
        .await
        .expect("a body");
    (status, String::from_utf8_lossy(&body).into_owned())
}

#[tokio::test]
async fn the_receiver_answers_head_and_verifies_signatures() {
    for_each_backend(|backend| async move {
        let callback = start().await;
        let secret = AppSecret::new(SECRET);

        let (status, body) = call(backend, http::Method::HEAD, &callback, None, "").await;
        assert_eq!(status, http::StatusCode::OK, "{backend:?}: HEAD check");
        assert!(body.is_empty());

        let valid = signature(&secret, BODY.as_bytes(), &callback);
        let (status, body) = call(backend, http::Method::POST, &callback, Some(&valid), BODY).await;
        assert_eq!(status, http::StatusCode::OK, "{backend:?}: {body}");
        assert_eq!(body, "updateCard");

        let tampered = BODY.replace("updateCard", "deleteCard");
        let (status, body) = call(
            backend,
            http::Method::POST,
            &callback,
            Some(&valid),
            &tampered,
        )
        .await;
        assert_eq!(
            status,
            http::StatusCode::UNAUTHORIZED,
            "{backend:?}: tampered"
        );
        assert!(body.contains("does not match"), "{body}");

        let other_url = signature(&secret, BODY.as_bytes(), &format!("{callback}/"));
        let (status, _) = call(
            backend,
            http::Method::POST,
            &callback,
            Some(&other_url),
            BODY,
        )
        .await;
        assert_eq!(
            status,
            http::StatusCode::UNAUTHORIZED,
            "{backend:?}: another callback URL"
        );

        let (status, body) = call(backend, http::Method::POST, &callback, None, BODY).await;
        assert_eq!(
            status,
            http::StatusCode::UNAUTHORIZED,
            "{backend:?}: unsigned"
        );
        assert!(body.contains("X-Trello-Webhook"), "{body}");
        assert!(!body.contains(SECRET));
    })
    .await;
}
