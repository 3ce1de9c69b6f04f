//! Webhook deliveries: verify that a request comes from Trello, then read
//! it as a typed [`WebhookDelivery`] (the action that happened and the
//! model the webhook watches).
//!
//! ```
//! use trello::{AppSecret, webhook::{WebhookDelivery, WebhookVerifier}};
//!
//! let verifier = WebhookVerifier::new(
//!     AppSecret::new("app-secret"),
//!     "https://example.com/trello/webhook",
//! );
//! # let body = br#"{"action":{"id":"5f0c7d1e2a3b4c5d6e7f8091","type":"commentCard"},"model":{"id":"5f0c7d1e2a3b4c5d6e7f8092","name":"Roadmap"}}"#;
//! # let signature = trello::webhook::signature(
//! #     &AppSecret::new("app-secret"), body, "https://example.com/trello/webhook");
//! let request = http::Request::post("/trello/webhook")
//!     .header("X-Trello-Webhook", signature)
//!     .body(body.to_vec())?;
//! match verifier.receive::<WebhookDelivery, _>(&request)? {
//!     None => { /* Trello's HEAD check: answer 200 (webhook::head_check_response()) */ }
//!     Some(delivery) => {
//!         println!("{:?} on {}", delivery.action.action_type, delivery.model.id);
//!     }
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use serde::Deserialize;
use serde_json::{Map, Value};

pub use trello_core::webhook::{
    Delivery, SIGNATURE_HEADER, WebhookError, WebhookVerifier, head_check_response, is_head_check,
    signature, verify,
};

use crate::models::Action;

/// One verified delivery, as Trello POSTs it to a webhook's callback URL.
#[derive(Clone, Debug, Deserialize)]
#[non_exhaustive]
pub struct WebhookDelivery {
    /// What happened: the action, with its type, date, member and data.
    pub action: Action,
    /// The model the webhook watches (a board, list, card or member), as it
    /// is after the action.
    pub model: WebhookModel,
}

/// The model a webhook watches, as a delivery carries it.
#[derive(Clone, Debug, Deserialize)]
#[non_exhaustive]
pub struct WebhookModel {
    /// Its id.
    pub id: String,
    /// Its name (a member's is `fullName`, kept in `extra`).
    #[serde(default)]
    pub name: Option<String>,
    /// Every other field Trello sent; decode it into a model of
    /// [`crate::models`] when you know the kind (e.g. with
    /// `serde_json::from_value::<Board>(Value::Object(extra))`).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
