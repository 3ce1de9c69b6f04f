//! Emoji: the emoji list and members' custom emoji.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::lenient;

/// What `GET /emoji` returns: Trello's emoji, and the requesting member's
/// custom emoji.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Emoji {
    /// The emoji Trello offers.
    pub trello: Option<Vec<EmojiEntry>>,
    /// The member's custom emoji.
    pub custom: Option<Vec<CustomEmoji>>,
    /// Every field Trello sent that has no field here (`spritesheets`
    /// when asked for, …).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One emoji of Trello's list.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct EmojiEntry {
    /// The code point sequence (`"1F600"`), which is also its id.
    pub unified: Option<String>,
    /// The emoji itself (`"😀"`).
    pub native: Option<String>,
    /// Its name (`"GRINNING FACE"`), in the asked-for locale.
    pub name: Option<String>,
    /// The main short name (`"grinning"`).
    pub short_name: Option<String>,
    /// Every short name.
    pub short_names: Option<Vec<String>>,
    /// The emoticon it replaces (`":)"`), if any.
    pub text: Option<String>,
    /// Every emoticon it replaces, if any.
    pub texts: Option<Vec<String>>,
    /// Its category (`"Smileys & People"`).
    pub category: Option<String>,
    /// Its column in the sprite sheet.
    #[serde(default, deserialize_with = "lenient::u64")]
    pub sheet_x: Option<u64>,
    /// Its row in the sprite sheet.
    #[serde(default, deserialize_with = "lenient::u64")]
    pub sheet_y: Option<u64>,
    /// Its text-to-speech label.
    pub tts: Option<String>,
    /// Search keywords.
    pub keywords: Option<Vec<String>>,
    /// Its skin tone variants, by skin tone code point (`"1F3FD"`).
    pub skin_variations: Option<BTreeMap<String, SkinVariation>>,
    /// Every field Trello sent that has no field here.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One skin tone variant of an emoji.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SkinVariation {
    /// The code point sequence (`"1F44D-1F3FD"`).
    pub unified: Option<String>,
    /// The emoji itself.
    pub native: Option<String>,
    /// Its column in the sprite sheet.
    #[serde(default, deserialize_with = "lenient::u64")]
    pub sheet_x: Option<u64>,
    /// Its row in the sprite sheet.
    #[serde(default, deserialize_with = "lenient::u64")]
    pub sheet_y: Option<u64>,
    /// Every field Trello sent that has no field here.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// An emoji a member uploaded.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct CustomEmoji {
    /// The emoji's id.
    pub id: String,
    /// Its name (used as `:name:`).
    pub name: Option<String>,
    /// The image's URL.
    pub url: Option<String>,
    /// Every field Trello sent that has no field here.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
