//! Token introspection (`GET /tokens/{token}`).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::wire_enum::wire_enum;
use super::{Webhook, lenient};

/// What Trello knows about an API token: who it belongs to, which app it
/// was issued to, when it expires and what it may touch.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct TokenInfo {
    /// The token's id (not the token itself).
    pub id: String,
    /// The name of the app the token was issued to.
    pub identifier: Option<String>,
    /// The member the token acts for.
    pub id_member: Option<String>,
    /// When the token was issued.
    #[serde(default, deserialize_with = "lenient::datetime")]
    pub date_created: Option<DateTime<Utc>>,
    /// When the token expires; `None` for a token that never does.
    #[serde(default, deserialize_with = "lenient::datetime")]
    pub date_expires: Option<DateTime<Utc>>,
    /// What the token may read and write.
    pub permissions: Option<Vec<TokenPermission>>,
    /// The webhooks made with the token, when asked for (`webhooks=true`).
    pub webhooks: Option<Vec<Webhook>>,
    /// Every field Trello sent that has no field here.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One grant of a token: read and/or write on one model, or on every model
/// of a kind.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct TokenPermission {
    /// The model's id, or `"*"` for every model of the kind (see
    /// [`TokenPermission::is_wildcard`]).
    pub id_model: Option<String>,
    /// The kind of model.
    pub model_type: Option<TokenModelType>,
    /// Whether the token may read it.
    pub read: Option<bool>,
    /// Whether the token may write it.
    pub write: Option<bool>,
    /// Every field Trello sent that has no field here.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl TokenPermission {
    /// The id Trello uses for "every model of this kind".
    pub const WILDCARD: &'static str = "*";

    /// Whether the grant covers every model of its kind.
    pub fn is_wildcard(&self) -> bool {
        self.id_model.as_deref() == Some(Self::WILDCARD)
    }
}

wire_enum! {
    /// The kind of model a token permission covers.
    pub enum TokenModelType {
        Board = "board",
        Member = "member",
        Organization = "organization",
        Enterprise = "enterprise",
        /// Every kind of model (`"*"`, with `idModel` `"*"`).
        All = "*",
    }
}
