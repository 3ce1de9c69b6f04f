//! Small shapes shared by several models.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::lenient;

/// One scaled copy of an image (a background, a cover, a sticker, a
/// preview).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ImageDescriptor {
    /// The id of this copy, when Trello gives one (Trello often repeats
    /// it as `_id`, kept in `extra`).
    pub id: Option<String>,
    /// Width in pixels.
    #[serde(default, deserialize_with = "lenient::u64")]
    pub width: Option<u64>,
    /// Height in pixels.
    #[serde(default, deserialize_with = "lenient::u64")]
    pub height: Option<u64>,
    /// Where the copy is served from.
    pub url: Option<String>,
    /// Size in bytes.
    #[serde(default, deserialize_with = "lenient::u64")]
    pub bytes: Option<u64>,
    /// Whether the copy is the image at its original size.
    pub scaled: Option<bool>,
    /// Every field Trello sent that has no field here.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A member as Trello nests it in other objects (the creator of an action,
/// the member of a membership or reaction).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct MemberSummary {
    /// The member's id.
    pub id: String,
    /// The login name.
    pub username: Option<String>,
    /// The display name.
    pub full_name: Option<String>,
    /// Initials shown on the avatar.
    pub initials: Option<String>,
    /// Hash of the avatar image.
    pub avatar_hash: Option<String>,
    /// Base URL of the avatar image (append `/50.png`, `/170.png`, …).
    pub avatar_url: Option<String>,
    /// Whether the member's activity is hidden.
    pub activity_blocked: Option<bool>,
    /// Id of the member who referred this one.
    pub id_member_referrer: Option<String>,
    /// Every field Trello sent that has no field here.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
