//! The member model.

use serde::{Deserialize, Serialize};

/// A Trello member. Every field but the id is optional: which ones arrive
/// depends on the `fields` asked for.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Member {
    /// The member's id.
    pub id: String,
    /// The login name.
    #[serde(default)]
    pub username: Option<String>,
    /// The display name.
    #[serde(default)]
    pub full_name: Option<String>,
    /// Initials shown on the avatar.
    #[serde(default)]
    pub initials: Option<String>,
    /// Profile URL.
    #[serde(default)]
    pub url: Option<String>,
    /// Ids of the member's boards.
    #[serde(default)]
    pub id_boards: Option<Vec<String>>,
    /// Ids of the member's workspaces.
    #[serde(default)]
    pub id_organizations: Option<Vec<String>>,
    /// Every field Trello sent that has no field here.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}
