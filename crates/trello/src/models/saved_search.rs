//! A member's saved searches and starred boards.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::lenient;

/// A search a member saved.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SavedSearch {
    /// The saved search's id.
    pub id: String,
    /// Its name.
    pub name: Option<String>,
    /// The query (`"@me is:open"`).
    pub query: Option<String>,
    /// Its position among the member's saved searches.
    #[serde(default, deserialize_with = "lenient::f64")]
    pub pos: Option<f64>,
    /// Every field Trello sent that has no field here.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A board a member starred.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct BoardStar {
    /// The star's id.
    pub id: String,
    /// The starred board.
    pub id_board: Option<String>,
    /// Its position among the member's starred boards.
    #[serde(default, deserialize_with = "lenient::f64")]
    pub pos: Option<f64>,
    /// Every field Trello sent that has no field here.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
