//! Webhooks.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::lenient;

/// A webhook: Trello POSTs to `callback_url` whenever the model changes.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Webhook {
    /// The webhook's id.
    pub id: String,
    /// The description given when it was made.
    pub description: Option<String>,
    /// The model watched (a board, card, member, …).
    pub id_model: Option<String>,
    /// Where Trello sends the events.
    #[serde(rename = "callbackURL")]
    pub callback_url: Option<String>,
    /// Whether events are sent.
    pub active: Option<bool>,
    /// How many deliveries in a row failed.
    #[serde(default, deserialize_with = "lenient::u64")]
    pub consecutive_failures: Option<u64>,
    /// When the current run of failures began; `None` when the last
    /// delivery succeeded.
    #[serde(default, deserialize_with = "lenient::datetime")]
    pub first_consecutive_fail_date: Option<DateTime<Utc>>,
    /// Every field Trello sent that has no field here.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
