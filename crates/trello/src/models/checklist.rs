//! Checklists and their items.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::{CheckItemState, lenient};

/// A checklist on a card.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Checklist {
    /// The checklist's id.
    pub id: String,
    /// The checklist's name.
    pub name: Option<String>,
    /// The board the checklist is on.
    pub id_board: Option<String>,
    /// The card the checklist is on.
    pub id_card: Option<String>,
    /// Position on the card.
    #[serde(default, deserialize_with = "lenient::f64")]
    pub pos: Option<f64>,
    /// The checklist's items, when asked for.
    pub check_items: Option<Vec<CheckItem>>,
    /// The cards the checklist is on, when asked for (`cards=…`).
    pub cards: Option<Vec<super::Card>>,
    /// The checklist's usage limits, when Trello sends them.
    pub limits: Option<super::Limits>,
    /// Every field Trello sent that has no field here.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// An item of a checklist.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct CheckItem {
    /// The item's id.
    pub id: String,
    /// The checklist the item is in.
    pub id_checklist: Option<String>,
    /// The item's text.
    pub name: Option<String>,
    /// Extra data about the text (emoji used in it).
    pub name_data: Option<Value>,
    /// Position in the checklist.
    #[serde(default, deserialize_with = "lenient::f64")]
    pub pos: Option<f64>,
    /// Whether the item is done.
    pub state: Option<CheckItemState>,
    /// When the item is due.
    #[serde(default, deserialize_with = "lenient::datetime")]
    pub due: Option<DateTime<Utc>>,
    /// Minutes before the due date at which the member is reminded.
    #[serde(default, deserialize_with = "lenient::i64")]
    pub due_reminder: Option<i64>,
    /// The member the item is assigned to.
    pub id_member: Option<String>,
    /// Every field Trello sent that has no field here.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
