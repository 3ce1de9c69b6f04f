//! Card endpoints, declared with `#[endpoint]`. Trello reads the parameters
//! of POST and PUT from the JSON body.

use crate::{Ignored, endpoint};

use super::{Card, Position};

/// Creates a card.
#[endpoint(POST "/cards", response = Card)]
#[derive(Clone, Debug)]
pub struct CreateCard {
    /// The id of the list the card goes on.
    #[body(name = "idList")]
    id_list: String,
    /// The card's name.
    #[body]
    name: Option<String>,
    /// The card's description.
    #[body]
    desc: Option<String>,
    /// Where on the list: top, bottom, or a position number.
    #[body]
    pos: Option<Position>,
    /// The due date (ISO 8601).
    #[body]
    due: Option<String>,
    /// The start date (ISO 8601).
    #[body]
    start: Option<String>,
    /// Whether the due date is marked complete.
    #[body(name = "dueComplete")]
    due_complete: Option<bool>,
    /// Ids of the members to add.
    #[body(name = "idMembers")]
    id_members: Option<Vec<String>>,
    /// Ids of the labels to add.
    #[body(name = "idLabels")]
    id_labels: Option<Vec<String>>,
    /// A URL to attach.
    #[body(name = "urlSource")]
    url_source: Option<String>,
    /// The id of a card to copy.
    #[body(name = "idCardSource")]
    id_card_source: Option<String>,
    /// What to copy from `idCardSource`: `all`, or a comma-separated list
    /// of `attachments`, `checklists`, `comments`, `due`, `labels`,
    /// `members`, `start`, `stickers`.
    #[body(name = "keepFromSource")]
    keep_from_source: Option<String>,
    /// The address of the card's location.
    #[body]
    address: Option<String>,
    /// The name of the card's location.
    #[body(name = "locationName")]
    location_name: Option<String>,
    /// The location's coordinates, as `latitude,longitude`.
    #[body]
    coordinates: Option<String>,
}

/// Changes a card; only the parameters set are sent.
#[endpoint(PUT "/cards/{id}", response = Card)]
#[derive(Clone, Debug)]
pub struct UpdateCard {
    /// The card's id.
    #[path]
    id: String,
    /// A new name.
    #[body]
    name: Option<String>,
    /// A new description.
    #[body]
    desc: Option<String>,
    /// Archive (`true`) or unarchive (`false`) the card.
    #[body]
    closed: Option<bool>,
    /// The members of the card (comma-separated ids).
    #[body(name = "idMembers")]
    id_members: Option<String>,
    /// The id of the image attachment shown as the cover.
    #[body(name = "idAttachmentCover")]
    id_attachment_cover: Option<String>,
    /// Move the card to this list.
    #[body(name = "idList")]
    id_list: Option<String>,
    /// The labels of the card (comma-separated ids).
    #[body(name = "idLabels")]
    id_labels: Option<String>,
    /// Move the card to this board.
    #[body(name = "idBoard")]
    id_board: Option<String>,
    /// Where on the list: top, bottom, or a position number.
    #[body]
    pos: Option<Position>,
    /// The due date (ISO 8601).
    #[body]
    due: Option<String>,
    /// The start date (ISO 8601).
    #[body]
    start: Option<String>,
    /// Whether the due date is marked complete.
    #[body(name = "dueComplete")]
    due_complete: Option<bool>,
    /// Whether the token's owner is subscribed to the card.
    #[body]
    subscribed: Option<bool>,
    /// The address of the card's location.
    #[body]
    address: Option<String>,
    /// The name of the card's location.
    #[body(name = "locationName")]
    location_name: Option<String>,
    /// The location's coordinates, as `latitude,longitude`.
    #[body]
    coordinates: Option<String>,
}

/// Deletes a card for good (to archive it instead, update it with
/// `closed(true)`).
#[endpoint(DELETE "/cards/{id}", response = Ignored)]
#[derive(Clone, Debug)]
pub struct DeleteCard {
    /// The card's id.
    #[path]
    id: String,
}
