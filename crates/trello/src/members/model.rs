//! The member model and member parameter values.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};
use trello_core::{ParamKind, ParamValue};

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

/// Which board backgrounds [`GetMember`](super::GetMember) includes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum BoardBackgrounds {
    /// `all`
    All,
    /// `custom`
    Custom,
    /// `default`
    Default,
    /// `none`
    None,
    /// `premium`
    Premium,
}

impl BoardBackgrounds {
    /// The wire name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::All => "all",
            Self::Custom => "custom",
            Self::Default => "default",
            Self::None => "none",
            Self::Premium => "premium",
        }
    }
}

impl ParamValue for BoardBackgrounds {
    const KIND: ParamKind = ParamKind::Enum;
    const ALLOWED: &'static [&'static str] = &["all", "custom", "default", "none", "premium"];
    fn to_wire(&self) -> Cow<'_, str> {
        Cow::Borrowed(self.as_str())
    }
}
