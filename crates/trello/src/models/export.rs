//! Workspace exports and tags (collections).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::lenient;

/// An export of a Workspace's data (CSV), as it progresses.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Export {
    /// The export's id.
    pub id: String,
    /// How far it got.
    pub status: Option<ExportStatus>,
    /// When it started.
    #[serde(default, deserialize_with = "lenient::datetime")]
    pub started_at: Option<DateTime<Utc>>,
    /// The file's size in bytes, once finished.
    #[serde(default, deserialize_with = "lenient::u64")]
    pub size: Option<u64>,
    /// Where to download the file, once finished.
    pub export_url: Option<String>,
    /// Every field Trello sent that has no field here.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// How far an export got (`status`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ExportStatus {
    /// How many times it was tried.
    #[serde(default, deserialize_with = "lenient::u64")]
    pub attempts: Option<u64>,
    /// Whether it is done.
    pub finished: Option<bool>,
    /// The stage it is at (`"Export_queued"`, …).
    pub stage: Option<String>,
    /// Every field Trello sent that has no field here.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A Workspace tag (a "collection" of boards).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Tag {
    /// The tag's id.
    pub id: String,
    /// Its name.
    pub name: Option<String>,
    /// Every field Trello sent that has no field here.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
