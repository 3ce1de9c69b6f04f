//! Cards, their badges and covers.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::{
    Action, Attachment, Board, Brightness, CheckItemState, Checklist, CoverSize, CustomFieldItem,
    ImageDescriptor, Label, LabelColor, List, Member, Sticker, lenient,
};

/// A card. Nested collections (`attachments`, `checklists`, …) are present
/// only when the request asked for them.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Card {
    /// The card's id.
    pub id: String,
    /// The card's title.
    pub name: Option<String>,
    /// The card's description (Markdown).
    pub desc: Option<String>,
    /// Extra data about the description (emoji used in it).
    pub desc_data: Option<Value>,
    /// Whether the card is closed (archived).
    pub closed: Option<bool>,
    /// Whether the card is a template.
    pub is_template: Option<bool>,
    /// The card's role when it is shown specially (`"separator"`,
    /// `"board"`, `"mirror"`, `"link"`).
    pub card_role: Option<String>,
    /// The board the card is on.
    pub id_board: Option<String>,
    /// The list the card is in.
    pub id_list: Option<String>,
    /// The card's number on its board.
    #[serde(default, deserialize_with = "lenient::u64")]
    pub id_short: Option<u64>,
    /// Position in the list (cards are ordered by it).
    #[serde(default, deserialize_with = "lenient::f64")]
    pub pos: Option<f64>,
    /// The card's full URL.
    pub url: Option<String>,
    /// The card's short URL.
    pub short_url: Option<String>,
    /// The short link (the part of the short URL after `/c/`).
    pub short_link: Option<String>,
    /// When the card starts.
    #[serde(default, deserialize_with = "lenient::datetime")]
    pub start: Option<DateTime<Utc>>,
    /// When the card is due.
    #[serde(default, deserialize_with = "lenient::datetime")]
    pub due: Option<DateTime<Utc>>,
    /// Whether the due date is marked complete.
    pub due_complete: Option<bool>,
    /// Minutes before the due date at which members are reminded.
    #[serde(default, deserialize_with = "lenient::i64")]
    pub due_reminder: Option<i64>,
    /// When anything last happened on the card.
    #[serde(default, deserialize_with = "lenient::datetime")]
    pub date_last_activity: Option<DateTime<Utc>>,
    /// The members assigned to the card.
    pub id_members: Option<Vec<String>>,
    /// The members who voted for the card.
    pub id_members_voted: Option<Vec<String>>,
    /// The card's labels, as ids.
    pub id_labels: Option<Vec<String>>,
    /// The card's labels.
    pub labels: Option<Vec<Label>>,
    /// The card's checklists, as ids.
    pub id_checklists: Option<Vec<String>>,
    /// The attachment shown as cover.
    pub id_attachment_cover: Option<String>,
    /// Whether the cover was chosen by hand.
    pub manual_cover_attachment: Option<bool>,
    /// Counters shown on the card's front.
    pub badges: Option<CardBadges>,
    /// The card's cover.
    pub cover: Option<CardCover>,
    /// Whether the requesting member is subscribed.
    pub subscribed: Option<bool>,
    /// The card's street address, when it has a location.
    pub address: Option<String>,
    /// The name of the card's location.
    pub location_name: Option<String>,
    /// The location's coordinates (a `"lat,long"` string or an object).
    pub coordinates: Option<Value>,
    /// How the card was created.
    pub creation_method: Option<String>,
    /// The state of the card's checklist items, when asked for.
    pub check_item_states: Option<Vec<CheckItemStatus>>,
    /// The card's attachments, when asked for (`attachments=true`).
    pub attachments: Option<Vec<Attachment>>,
    /// The card's checklists, when asked for (`checklists=all`).
    pub checklists: Option<Vec<Checklist>>,
    /// The card's custom field values, when asked for
    /// (`customFieldItems=true`).
    pub custom_field_items: Option<Vec<CustomFieldItem>>,
    /// The card's stickers, when asked for (`stickers=true`).
    pub stickers: Option<Vec<Sticker>>,
    /// The card's actions, when asked for (`actions=…`).
    pub actions: Option<Vec<Action>>,
    /// The members assigned to the card, when asked for (`members=true`).
    pub members: Option<Vec<Member>>,
    /// The members who voted for the card, when asked for
    /// (`membersVoted=true`).
    pub members_voted: Option<Vec<Member>>,
    /// The card's board, when asked for (`board=true` on `GET /cards/{id}`).
    pub board: Option<Box<Board>>,
    /// The card's list, when asked for (`list=true` on `GET /cards/{id}`).
    pub list: Option<List>,
    /// The card's usage limits, when Trello sends them.
    pub limits: Option<super::Limits>,
    /// Every field Trello sent that has no field here.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The counters shown on a card's front (`badges`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct CardBadges {
    /// Number of votes.
    #[serde(default, deserialize_with = "lenient::u64")]
    pub votes: Option<u64>,
    /// Whether the requesting member voted.
    pub viewing_member_voted: Option<bool>,
    /// Whether the requesting member is subscribed.
    pub subscribed: Option<bool>,
    /// Whether the card has a location.
    pub location: Option<bool>,
    /// The linked FogBugz case, if any.
    pub fogbugz: Option<String>,
    /// Number of checklist items.
    #[serde(default, deserialize_with = "lenient::u64")]
    pub check_items: Option<u64>,
    /// Number of completed checklist items.
    #[serde(default, deserialize_with = "lenient::u64")]
    pub check_items_checked: Option<u64>,
    /// The earliest due date among the checklist items.
    #[serde(default, deserialize_with = "lenient::datetime")]
    pub check_items_earliest_due: Option<DateTime<Utc>>,
    /// Number of comments.
    #[serde(default, deserialize_with = "lenient::u64")]
    pub comments: Option<u64>,
    /// Number of attachments.
    #[serde(default, deserialize_with = "lenient::u64")]
    pub attachments: Option<u64>,
    /// Whether the card has a description.
    pub description: Option<bool>,
    /// The card's start date.
    #[serde(default, deserialize_with = "lenient::datetime")]
    pub start: Option<DateTime<Utc>>,
    /// The card's due date.
    #[serde(default, deserialize_with = "lenient::datetime")]
    pub due: Option<DateTime<Utc>>,
    /// Whether the due date is marked complete.
    pub due_complete: Option<bool>,
    /// Counts of attachments that are Trello boards or cards.
    pub attachments_by_type: Option<Value>,
    /// Every field Trello sent that has no field here.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A card's cover (`cover`): a color, an attachment or an uploaded
/// background, or nothing.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct CardCover {
    /// The attachment shown, for attachment covers.
    pub id_attachment: Option<String>,
    /// The color, for color covers.
    pub color: Option<LabelColor>,
    /// The uploaded background shown, for background covers.
    pub id_uploaded_background: Option<String>,
    /// The Power-Up that set the cover.
    pub id_plugin: Option<String>,
    /// How large the cover is drawn.
    pub size: Option<CoverSize>,
    /// Whether the cover is light or dark.
    pub brightness: Option<Brightness>,
    /// Scaled copies of the cover image.
    pub scaled: Option<Vec<ImageDescriptor>>,
    /// The dominant color at the cover image's edge (`#rrggbb`).
    pub edge_color: Option<String>,
    /// Where a shared (Unsplash) cover comes from.
    pub shared_source_url: Option<String>,
    /// Every field Trello sent that has no field here.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The state of one checklist item, as listed on a card
/// (`checkItemStates`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct CheckItemStatus {
    /// The checklist item.
    pub id_check_item: String,
    /// Its state.
    pub state: Option<CheckItemState>,
    /// Every field Trello sent that has no field here.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
