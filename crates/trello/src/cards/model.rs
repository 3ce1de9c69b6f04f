//! The card model and card parameter values.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use trello_core::{Error, ParamKind, ParamValue};

/// A Trello card. Every field but the id is optional: which ones arrive
/// depends on the route and the `fields` asked for.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Card {
    /// The card's id.
    pub id: String,
    /// Its name.
    #[serde(default)]
    pub name: Option<String>,
    /// Its description.
    #[serde(default)]
    pub desc: Option<String>,
    /// Whether it is closed (archived).
    #[serde(default)]
    pub closed: Option<bool>,
    /// The id of its list.
    #[serde(default)]
    pub id_list: Option<String>,
    /// The id of its board.
    #[serde(default)]
    pub id_board: Option<String>,
    /// Ids of its members.
    #[serde(default)]
    pub id_members: Option<Vec<String>>,
    /// Ids of its labels.
    #[serde(default)]
    pub id_labels: Option<Vec<String>>,
    /// Its position on the list.
    #[serde(default)]
    pub pos: Option<f64>,
    /// The due date, as sent (ISO 8601).
    #[serde(default)]
    pub due: Option<String>,
    /// The start date, as sent (ISO 8601).
    #[serde(default)]
    pub start: Option<String>,
    /// Whether the due date is marked complete.
    #[serde(default)]
    pub due_complete: Option<bool>,
    /// Its URL.
    #[serde(default)]
    pub url: Option<String>,
    /// Its short URL.
    #[serde(default)]
    pub short_url: Option<String>,
    /// Every field Trello sent that has no field here.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, Value>,
}

/// Where a card goes on its list.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Position {
    /// `top`
    Top,
    /// `bottom`
    Bottom,
    /// A position number (finite, not negative); cards are sorted by it.
    At(f64),
}

impl From<f64> for Position {
    fn from(pos: f64) -> Self {
        Self::At(pos)
    }
}

impl ParamValue for Position {
    const KIND: ParamKind = ParamKind::Number;
    const ALLOWED: &'static [&'static str] = &["top", "bottom"];

    fn to_wire(&self) -> Cow<'_, str> {
        match self {
            Self::Top => Cow::Borrowed("top"),
            Self::Bottom => Cow::Borrowed("bottom"),
            Self::At(pos) => Cow::Owned(pos.to_string()),
        }
    }

    fn to_json(&self) -> Value {
        match self {
            Self::At(pos) => pos.to_json(),
            other => Value::String(other.to_wire().into_owned()),
        }
    }

    fn check(&self, name: &str) -> Result<(), Error> {
        match self {
            Self::At(pos) if !pos.is_finite() || *pos < 0.0 => Err(Error::invalid_input(format!(
                "parameter `{name}` is {pos}; give a finite position of 0 or more, or top/bottom"
            ))),
            _ => Ok(()),
        }
    }
}
