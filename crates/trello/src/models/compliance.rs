//! Personal-data compliance records (`GET /applications/{key}/compliance`,
//! `GET /plugins/{id}/compliance/memberPrivacy`).
//!
//! Trello's OpenAPI description gives these routes no response schema, so
//! this model is deliberately loose: every field is optional and anything
//! else is kept in `extra`.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::lenient;
use super::wire_enum::wire_enum;

/// One change to a member's personal data that an app storing it must
/// apply (update or erase what it holds).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ComplianceRecord {
    /// The member concerned.
    pub id: Option<String>,
    /// What happened to the account.
    pub event: Option<ComplianceEvent>,
    /// When it happened.
    #[serde(default, deserialize_with = "lenient::datetime")]
    pub date: Option<DateTime<Utc>>,
    /// The profile fields that changed, for updates (`"fullName"`,
    /// `"avatar"`, …).
    pub altered_fields: Option<Vec<String>>,
    /// Every field Trello sent that has no field here.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

wire_enum! {
    /// What happened to a member's account, for compliance.
    pub enum ComplianceEvent {
        /// The profile changed: refresh what is stored.
        AccountUpdated = "accountUpdated",
        /// The account was deleted: erase what is stored.
        AccountDeleted = "accountDeleted",
    }
}
