//! Lists.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::{Card, lenient};

/// A list (column) of a board.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct List {
    /// The list's id.
    pub id: String,
    /// The list's name.
    pub name: Option<String>,
    /// Whether the list is closed (archived).
    pub closed: Option<bool>,
    /// The board the list is on.
    pub id_board: Option<String>,
    /// Position on the board (lists are ordered by it).
    #[serde(default, deserialize_with = "lenient::f64")]
    pub pos: Option<f64>,
    /// Whether the requesting member is subscribed.
    pub subscribed: Option<bool>,
    /// The card count over which the list is flagged.
    #[serde(default, deserialize_with = "lenient::u64")]
    pub soft_limit: Option<u64>,
    /// The list's color, when it has one.
    pub color: Option<String>,
    /// The list's cards, when asked for (`cards=…`).
    pub cards: Option<Vec<Card>>,
    /// The list's usage limits, when Trello sends them.
    pub limits: Option<super::Limits>,
    /// Every field Trello sent that has no field here.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
