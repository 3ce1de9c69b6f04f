//! Labels.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::LabelColor;
use super::lenient;

/// A label of a board. A label without a color has `color: None`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Label {
    /// The label's id.
    pub id: String,
    /// The board the label belongs to.
    pub id_board: Option<String>,
    /// The label's name (often empty: a label may be just a color).
    pub name: Option<String>,
    /// The label's color.
    pub color: Option<LabelColor>,
    /// How many cards carry the label.
    #[serde(default, deserialize_with = "lenient::u64")]
    pub uses: Option<u64>,
    /// Every field Trello sent that has no field here.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
