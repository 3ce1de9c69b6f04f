//! A Trello webhook receiver on 127.0.0.1: answers Trello's `HEAD` check of
//! the callback URL and accepts only deliveries whose `X-Trello-Webhook`
//! signature matches, printing each verified action's type.
//!
//! ```sh
//! TRELLO_APP_SECRET=… \
//! TRELLO_WEBHOOK_CALLBACK_URL=https://example.com/trello/webhook \
//! cargo run -p trello --example webhook_receiver
//! ```
//!
//! `TRELLO_WEBHOOK_CALLBACK_URL` must be the callback URL exactly as it was
//! given when the webhook was created (Trello signs body + that URL); put
//! a TLS-terminating proxy or tunnel in front of the port
//! (`TRELLO_WEBHOOK_PORT`, default 8787) to receive from Trello.

use std::sync::Arc;

use axum::{
    Router,
    body::Bytes,
    extract::State,
    http::{HeaderMap, Method, StatusCode},
    routing::any,
};
use trello::{
    AppSecret,
    webhook::{Delivery, WebhookVerifier},
};

/// The path deliveries are received on.
pub const WEBHOOK_PATH: &str = "/trello/webhook";

/// The receiver: `HEAD` and signed `POST`s on [`WEBHOOK_PATH`].
pub fn app(verifier: WebhookVerifier) -> Router {
    Router::new()
        .route(WEBHOOK_PATH, any(receive))
        .with_state(Arc::new(verifier))
}

/// Checks one request; answers 200 with the action type when verified,
/// 401 when the signature is missing or wrong, 400 when the body is not a
/// Trello delivery.
async fn receive(
    State(verifier): State<Arc<WebhookVerifier>>,
    method: Method,
    headers: HeaderMap,
    body: Bytes,
) -> (StatusCode, String) {
    let mut request = axum::http::Request::new(body);
    *request.method_mut() = method;
    *request.headers_mut() = headers;
    match verifier.check(&request) {
        Ok(Delivery::HeadCheck) => (StatusCode::OK, String::new()),
        Ok(Delivery::Verified(body)) => match action_type(body) {
            Some(action_type) => {
                println!("verified delivery: {action_type}");
                (StatusCode::OK, action_type)
            }
            None => (
                StatusCode::BAD_REQUEST,
                "not a Trello delivery: no action.type".to_owned(),
            ),
        },
        Err(err) => {
            eprintln!("refused a delivery: {err}");
            (StatusCode::UNAUTHORIZED, err.to_string())
        }
    }
}

/// The `action.type` of a delivery's JSON body.
fn action_type(body: &[u8]) -> Option<String> {
    let delivery: serde_json::Value = serde_json::from_slice(body).ok()?;
    delivery
        .get("action")?
        .get("type")?
        .as_str()
        .map(str::to_owned)
}

#[allow(dead_code)] // unused where the tests include this file
#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let secret = std::env::var("TRELLO_APP_SECRET")
        .map_err(|_| "set TRELLO_APP_SECRET to your app's secret (trello.com/power-ups/admin)")?;
    let callback_url = std::env::var("TRELLO_WEBHOOK_CALLBACK_URL")
        .map_err(|_| "set TRELLO_WEBHOOK_CALLBACK_URL to the callback URL exactly as registered")?;
    let port: u16 = std::env::var("TRELLO_WEBHOOK_PORT")
        .ok()
        .and_then(|p| p.parse().ok())
        .unwrap_or(8787);
    let verifier = WebhookVerifier::new(AppSecret::new(secret), callback_url);
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    println!(
        "listening on http://{}{WEBHOOK_PATH} for {}",
        listener.local_addr()?,
        verifier.callback_url()
    );
    axum::serve(listener, app(verifier)).await?;
    Ok(())
}
