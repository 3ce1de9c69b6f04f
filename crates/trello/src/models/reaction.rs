//! Emoji reactions to comments.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::MemberSummary;

/// A member's emoji reaction to an action (a comment).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Reaction {
    /// The reaction's id.
    pub id: String,
    /// The member who reacted.
    pub id_member: Option<String>,
    /// The action reacted to.
    pub id_model: Option<String>,
    /// The emoji's id (its unified code point sequence, such as `"1F44D"`).
    pub id_emoji: Option<String>,
    /// The member who reacted, when asked for (`member=true`).
    pub member: Option<MemberSummary>,
    /// The emoji, when asked for (`emoji=true`).
    pub emoji: Option<ReactionEmoji>,
    /// Every field Trello sent that has no field here.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The emoji of a reaction.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ReactionEmoji {
    /// The unified code point sequence (`"1F44D"`).
    pub unified: Option<String>,
    /// The emoji itself (`"👍"`).
    pub native: Option<String>,
    /// Its Unicode name (`"THUMBS UP SIGN"`).
    pub name: Option<String>,
    /// Its short name (`"+1"`).
    pub short_name: Option<String>,
    /// The skin tone, when one is chosen (`"1F3FD"`).
    pub skin_variation: Option<String>,
    /// Every field Trello sent that has no field here.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
