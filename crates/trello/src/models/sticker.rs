//! Card stickers.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::{ImageDescriptor, lenient};

/// A sticker on a card.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Sticker {
    /// The sticker's id.
    pub id: String,
    /// The sticker's image: a built-in name (`"taco-cool"`) or the id of a
    /// custom sticker.
    pub image: Option<String>,
    /// The image's URL.
    pub image_url: Option<String>,
    /// Scaled copies of the image.
    pub image_scaled: Option<Vec<ImageDescriptor>>,
    /// Distance from the card's top edge (percent of its height).
    #[serde(default, deserialize_with = "lenient::f64")]
    pub top: Option<f64>,
    /// Distance from the card's left edge (percent of its width).
    #[serde(default, deserialize_with = "lenient::f64")]
    pub left: Option<f64>,
    /// Stacking order among the card's stickers.
    #[serde(default, deserialize_with = "lenient::i64")]
    pub z_index: Option<i64>,
    /// Rotation in degrees.
    #[serde(default, deserialize_with = "lenient::f64")]
    pub rotate: Option<f64>,
    /// Every field Trello sent that has no field here.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
