//! The items of a `GET /batch` answer.
//!
//! Trello answers a batch with an array holding one item per route asked
//! for, in order. A route that succeeded is an object with one key, its
//! HTTP status, holding the body (`{"200": {…}}`); a route that failed is
//! either keyed the same way by its error status (`{"404": "…"}`) or an
//! error object carrying a `statusCode`
//! (`{"name": "…", "message": "…", "statusCode": 400}`).
//! [`BatchItem`] reads both shapes into a status and a body.

use serde::de::{self, DeserializeOwned, Deserializer};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// One route's answer within a batch: its HTTP status and its body.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct BatchItem {
    /// The HTTP status the route answered with.
    pub status: u16,
    /// The body: the route's JSON on success; on failure, the error text
    /// or the whole error object.
    pub body: Value,
}

impl BatchItem {
    /// An item with this status and body.
    pub fn new(status: u16, body: Value) -> Self {
        Self { status, body }
    }

    /// Whether the route succeeded (a 2xx status).
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// The error's text, for a failed route: the body when it is text,
    /// else its `message` or `error` field. `None` for a success.
    pub fn error_message(&self) -> Option<&str> {
        if self.is_success() {
            return None;
        }
        match &self.body {
            Value::String(text) => Some(text),
            Value::Object(fields) => ["message", "error"]
                .iter()
                .find_map(|key| fields.get(*key).and_then(Value::as_str)),
            _ => None,
        }
    }

    /// Decodes the body as `T` (for a success, the route's model).
    pub fn decode<T: DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        T::deserialize(&self.body)
    }
}

impl Serialize for BatchItem {
    /// Writes the item in Trello's success shape, `{"<status>": body}`.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(1))?;
        map.serialize_entry(&self.status.to_string(), &self.body)?;
        map.end()
    }
}

impl<'de> Deserialize<'de> for BatchItem {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        const EXPECTED: &str = "a batch item: an object keyed by its HTTP status \
             ({\"200\": …}) or an error object with a `statusCode`";
        let Value::Object(fields) = Value::deserialize(deserializer)? else {
            return Err(de::Error::custom(format_args!("expected {EXPECTED}")));
        };
        if fields.len() == 1 {
            if let Some(status) = fields.keys().next().and_then(|key| http_status(key)) {
                let body = fields.into_values().next().unwrap_or(Value::Null);
                return Ok(Self { status, body });
            }
        }
        let status = match fields.get("statusCode") {
            Some(Value::Number(n)) => n.as_u64().and_then(|n| http_status(&n.to_string())),
            Some(Value::String(s)) => http_status(s.trim()),
            Some(_) => None,
            None => {
                return Err(de::Error::custom(format_args!(
                    "expected {EXPECTED}, got an object with keys {}",
                    key_list(&fields)
                )));
            }
        };
        match status {
            Some(status) => Ok(Self {
                status,
                body: Value::Object(fields),
            }),
            None => Err(de::Error::custom(format_args!(
                "expected {EXPECTED}, got the statusCode {}",
                fields.get("statusCode").unwrap_or(&Value::Null)
            ))),
        }
    }
}

/// `text` as an HTTP status (three digits, 100 to 599).
fn http_status(text: &str) -> Option<u16> {
    if text.len() != 3 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok().filter(|n| (100..600).contains(n))
}

/// The object's keys, quoted and comma-separated, for error messages.
fn key_list(fields: &Map<String, Value>) -> String {
    let keys: Vec<String> = fields.keys().map(|k| format!("`{k}`")).collect();
    if keys.is_empty() {
        "(none)".to_owned()
    } else {
        keys.join(", ")
    }
}
