//! `/_sandbox/…`: switches for tests (faults) and counters.

use std::time::Duration;

use axum::{Json, extract::State, http::StatusCode, response::Response};
use serde::Deserialize;
use serde_json::json;

use crate::{Shared, routes};

/// The body of `POST /_sandbox/faults`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaultsRequest {
    /// Delay every API answer by this many milliseconds (0 clears).
    #[serde(default)]
    pub delay_ms: Option<u64>,
    /// Answer the next API requests with these statuses, in order.
    #[serde(default)]
    pub fail_next: Vec<u16>,
    /// Cut the connection mid-response for this many next API requests.
    #[serde(default)]
    pub reset_next: u32,
}

/// `POST /_sandbox/faults`.
pub async fn set_faults(
    State(shared): State<Shared>,
    Json(request): Json<FaultsRequest>,
) -> Response {
    let mut store = shared.store.lock().await;
    if let Some(ms) = request.delay_ms {
        store.faults.delay = (ms > 0).then(|| Duration::from_millis(ms));
    }
    store.faults.fail_next.extend(request.fail_next);
    store.faults.reset_next += request.reset_next;
    routes::json(StatusCode::OK, &json!({"ok": true}))
}

/// `GET /_sandbox/stats`: how many API requests arrived.
pub async fn stats(State(shared): State<Shared>) -> Response {
    let store = shared.store.lock().await;
    routes::json(
        StatusCode::OK,
        &json!({"requests": store.requests_seen, "tokens": store.tokens.len()}),
    )
}
