//! Board backgrounds and custom stickers a member can use.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::wire_enum::wire_enum;
use super::{Brightness, ImageDescriptor};

/// A board background: one of Trello's, a premium one or one the member
/// uploaded.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct BoardBackground {
    /// The background's id (a color name for Trello's color backgrounds).
    pub id: String,
    /// Where the background comes from.
    #[serde(rename = "type")]
    pub background_type: Option<BoardBackgroundType>,
    /// Whether the image is light or dark.
    pub brightness: Option<Brightness>,
    /// The image at full size.
    pub full_size_url: Option<String>,
    /// Scaled copies of the image.
    pub scaled: Option<Vec<ImageDescriptor>>,
    /// Whether the image is tiled.
    pub tile: Option<bool>,
    /// The color (`#rrggbb`), for color backgrounds.
    pub color: Option<String>,
    /// The color at the bottom of the image (`#rrggbb`).
    pub bottom_color: Option<String>,
    /// The color at the top of the image (`#rrggbb`).
    pub top_color: Option<String>,
    /// Every field Trello sent that has no field here.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

wire_enum! {
    /// Where a board background comes from.
    pub enum BoardBackgroundType {
        /// One of Trello's own.
        Default = "default",
        /// Uploaded by the member.
        Custom = "custom",
        /// A premium background.
        Premium = "premium",
    }
}

/// A sticker a member uploaded (usable as a card sticker's `image`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct CustomSticker {
    /// The sticker's id.
    pub id: String,
    /// The image's URL.
    pub url: Option<String>,
    /// Scaled copies of the image.
    pub scaled: Option<Vec<ImageDescriptor>>,
    /// Every field Trello sent that has no field here.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
