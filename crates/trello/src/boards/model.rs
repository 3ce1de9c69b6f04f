//! The board model.

use serde::{Deserialize, Serialize};

use crate::cards::Card;

/// A Trello board. Every field but the id is optional: which ones arrive
/// depends on the `fields` asked for.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Board {
    /// The board's id.
    pub id: String,
    /// Its name.
    #[serde(default)]
    pub name: Option<String>,
    /// Its description.
    #[serde(default)]
    pub desc: Option<String>,
    /// Whether it is closed (archived).
    #[serde(default)]
    pub closed: Option<bool>,
    /// Whether it is pinned.
    #[serde(default)]
    pub pinned: Option<bool>,
    /// The id of its workspace.
    #[serde(default)]
    pub id_organization: Option<String>,
    /// Its URL.
    #[serde(default)]
    pub url: Option<String>,
    /// Its short URL.
    #[serde(default)]
    pub short_url: Option<String>,
    /// Its preferences (background, permissions, …), as sent.
    #[serde(default)]
    pub prefs: Option<serde_json::Value>,
    /// The names of its label colours, as sent.
    #[serde(default)]
    pub label_names: Option<serde_json::Map<String, serde_json::Value>>,
    /// Its cards, when asked for with `cards`.
    #[serde(default)]
    pub cards: Option<Vec<Card>>,
    /// Its lists, when asked for with `lists`, as sent.
    #[serde(default)]
    pub lists: Option<Vec<serde_json::Value>>,
    /// Every field Trello sent that has no field here.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}
