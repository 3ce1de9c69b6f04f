//! Every method, every location, renamed and raw-identifier fields, a
//! required query parameter, lists, a custom enum: all compile, and the
//! generated API is used the documented ways.
#![deny(missing_docs, warnings)]

use std::borrow::Cow;

use trello_core::{Ignored, ParamKind, ParamValue};
use trello_macros::endpoint;

/// A custom parameter type: an enum sent by its wire names.
#[derive(Clone, Copy, Debug)]
pub enum Filter {
    /// `open`
    Open,
    /// `closed`
    Closed,
}

impl ParamValue for Filter {
    const KIND: ParamKind = ParamKind::Enum;
    const ALLOWED: &'static [&'static str] = &["open", "closed"];
    fn to_wire(&self) -> Cow<'_, str> {
        Cow::Borrowed(match self {
            Self::Open => "open",
            Self::Closed => "closed",
        })
    }
}

/// Lists of a board.
#[endpoint(GET "/boards/{id}/lists/{filter}", response = serde_json::Value, crate = ::trello_core)]
#[derive(Clone, Debug)]
pub struct GetLists {
    /// The board.
    #[path]
    id: String,
    /// Which lists.
    #[path]
    filter: Filter,
    /// The card filter (required query parameter).
    #[query]
    cards: String,
    /// Fields of the lists.
    #[query]
    fields: Option<Vec<String>>,
    /// A raw identifier.
    #[query]
    r#type: Option<Filter>,
}

/// Creates a label.
#[endpoint(POST "/labels", response = serde_json::Value, crate = ::trello_core)]
pub struct CreateLabel {
    /// Its name.
    #[body]
    name: String,
    /// Its board.
    #[body(name = "idBoard")]
    id_board: String,
    /// A position.
    #[query]
    pos: Option<f64>,
}

/// Updates a label.
#[endpoint(PUT "/labels/{id}", response = serde_json::Value, crate = ::trello_core)]
pub struct UpdateLabel {
    /// The label.
    #[path]
    id: String,
    /// A new name.
    #[body]
    name: Option<String>,
    /// Members.
    #[body(name = "idMembers")]
    id_members: Option<Vec<String>>,
}

/// Deletes a label.
#[endpoint(DELETE "/labels/{id}", response = Ignored, crate = ::trello_core)]
pub struct DeleteLabel {
    /// The label.
    #[path]
    id: String,
}

/// How users send requests: never called, only type-checked.
pub async fn usage(client: &trello_core::Client) -> trello_core::Result<()> {
    let _lists: serde_json::Value = GetLists::new("b", Filter::Open, "none")
        .fields(["name", "closed"])
        .r#type(Filter::Closed)
        .bind(client)
        .await?;
    let _label = client
        .send(CreateLabel::new("urgent", "b").pos(1.5))
        .await?;
    let _label = UpdateLabel::new("l")
        .name("later")
        .id_members(vec!["m1".to_owned()])
        .bind(client)
        .send()
        .await?;
    let Ignored = client.send(DeleteLabel::new("l")).await?;
    Ok(())
}

fn main() {
    let _ = usage;
}
