//! Power-Ups (plugins), their listings and the data they store.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::wire_enum::wire_enum;

/// A Power-Up (a "plugin" on the wire).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Plugin {
    /// The Power-Up's id.
    pub id: String,
    /// The name.
    pub name: Option<String>,
    /// Who makes it.
    pub author: Option<String>,
    /// The Workspace that owns it.
    pub id_organization_owner: Option<String>,
    /// The Power-Up's website.
    pub url: Option<String>,
    /// The URL of the iframe connector Trello loads.
    pub iframe_connector_url: Option<String>,
    /// The capabilities it implements (`"card-buttons"`, `"card-badges"`,
    /// …).
    pub capabilities: Option<Vec<String>>,
    /// Options of those capabilities.
    pub capabilities_options: Option<Vec<String>>,
    /// The directory categories it is listed in.
    pub categories: Option<Vec<String>>,
    /// Tags of the listing.
    pub tags: Option<Vec<String>>,
    /// Whether it is listed in the public directory.
    pub public: Option<bool>,
    /// Where its directory listing stands in moderation (`"approved"`,
    /// `"pending"`, …).
    pub moderated_state: Option<String>,
    /// The privacy policy's URL.
    pub privacy_url: Option<String>,
    /// The support email address.
    pub support_email: Option<String>,
    /// The listing's hero images, by resolution.
    pub hero_image_url: Option<Value>,
    /// The icon.
    pub icon: Option<Value>,
    /// The directory listings, one per locale.
    pub listings: Option<Vec<PluginListing>>,
    /// Email domains whose members may use it without approval.
    pub claimed_domains: Option<Vec<String>>,
    /// Every field Trello sent that has no field here
    /// (`usageBrackets`, `compliance`, …).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A Power-Up's directory listing in one locale.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct PluginListing {
    /// The listing's id.
    pub id: String,
    /// The name shown.
    pub name: Option<String>,
    /// The locale (`"en-US"`).
    pub locale: Option<String>,
    /// The short text shown in the directory.
    pub overview: Option<String>,
    /// The long text shown on the Power-Up's page.
    pub description: Option<String>,
    /// Every field Trello sent that has no field here.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A value a Power-Up stored on a board, card, member or Workspace.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct PluginData {
    /// The value's id.
    pub id: String,
    /// The Power-Up that stored it.
    pub id_plugin: Option<String>,
    /// What kind of object it is stored on.
    pub scope: Option<PluginDataScope>,
    /// The object it is stored on.
    pub id_model: Option<String>,
    /// Who may read it.
    pub access: Option<PluginDataAccess>,
    /// The stored value: text that usually holds JSON (see
    /// [`PluginData::value_json`]).
    pub value: Option<String>,
    /// Every field Trello sent that has no field here.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl PluginData {
    /// The stored value parsed as JSON; `None` when there is no value,
    /// an error when it is not JSON.
    pub fn value_json(&self) -> Option<Result<Value, serde_json::Error>> {
        self.value.as_deref().map(serde_json::from_str)
    }
}

wire_enum! {
    /// What kind of object Power-Up data is stored on.
    pub enum PluginDataScope {
        Board = "board",
        Card = "card",
        Member = "member",
        Organization = "organization",
    }
}

wire_enum! {
    /// Who may read Power-Up data.
    pub enum PluginDataAccess {
        /// Only the member who stored it.
        Private = "private",
        /// Everyone who can see the object.
        Shared = "shared",
    }
}
