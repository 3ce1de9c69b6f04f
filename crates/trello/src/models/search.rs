//! Search results.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::{Action, Board, Card, Member, Organization};

/// What `GET /search` returns: the matches of each kind asked for
/// (`modelTypes`) and how the query was understood.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SearchResults {
    /// How the query was understood.
    pub options: Option<SearchOptions>,
    /// Matching boards.
    pub boards: Option<Vec<Board>>,
    /// Matching cards.
    pub cards: Option<Vec<Card>>,
    /// Matching members.
    pub members: Option<Vec<Member>>,
    /// Matching Workspaces.
    pub organizations: Option<Vec<Organization>>,
    /// Matching actions (comments).
    pub actions: Option<Vec<Action>>,
    /// Every field Trello sent that has no field here.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// How Trello understood a search (`options`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SearchOptions {
    /// The free-text terms.
    pub terms: Option<Vec<SearchTerm>>,
    /// The operators (`is:open`, `@me`, `due:week`, …).
    pub modifiers: Option<Vec<Value>>,
    /// The kinds of objects searched.
    pub model_types: Option<Vec<String>>,
    /// Whether the last term matched as a prefix (`partial=true`).
    pub partial: Option<bool>,
    /// Every field Trello sent that has no field here.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One free-text term of a search.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SearchTerm {
    /// The term.
    pub text: Option<String>,
    /// Whether it was excluded (`-term`).
    pub negated: Option<bool>,
    /// Every field Trello sent that has no field here.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
