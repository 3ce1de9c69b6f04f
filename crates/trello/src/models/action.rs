//! Actions (the activity log) and what they carry.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::{ActionType, CheckItemState, CustomFieldItem, CustomFieldType, LabelColor};
use super::{MemberSummary, lenient};

/// Something that happened on a board, list, card or member: a comment, a
/// move, an update, …
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Action {
    /// The action's id (it encodes the action's creation time, which is
    /// what `before`/`since` paging compares).
    pub id: String,
    /// What kind of action it is.
    #[serde(rename = "type")]
    pub action_type: Option<ActionType>,
    /// When it happened.
    #[serde(default, deserialize_with = "lenient::datetime")]
    pub date: Option<DateTime<Utc>>,
    /// The member who did it.
    pub id_member_creator: Option<String>,
    /// The member who did it, when asked for (`memberCreator=true`).
    pub member_creator: Option<MemberSummary>,
    /// The member the action is about (added to a card, made admin, …),
    /// when asked for.
    pub member: Option<MemberSummary>,
    /// What the action touched and how.
    pub data: Option<ActionData>,
    /// How Trello's own clients phrase the action, when asked for
    /// (`display=true`).
    pub display: Option<ActionDisplay>,
    /// The app (Power-Up or integration) that created the action, when one
    /// did; `null` for actions of people.
    pub app_creator: Option<AppCreator>,
    /// Every field Trello sent that has no field here (`limits`,
    /// `appCreator`, …).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// What an action touched (`data`): which fields are set depends on the
/// action's type.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ActionData {
    /// The comment's text, for comments.
    pub text: Option<String>,
    /// When a comment was last edited.
    #[serde(default, deserialize_with = "lenient::datetime")]
    pub date_last_edited: Option<DateTime<Utc>>,
    /// The board.
    pub board: Option<BoardRef>,
    /// The board a card or list came from.
    pub board_source: Option<BoardRef>,
    /// The board a card or list went to.
    pub board_target: Option<BoardRef>,
    /// The list.
    pub list: Option<ListRef>,
    /// The list a card left.
    pub list_before: Option<ListRef>,
    /// The list a card entered.
    pub list_after: Option<ListRef>,
    /// The card.
    pub card: Option<CardRef>,
    /// The card a copy was made from.
    pub card_source: Option<CardRef>,
    /// The checklist.
    pub checklist: Option<NamedRef>,
    /// The checklist item.
    pub check_item: Option<CheckItemRef>,
    /// The label.
    pub label: Option<LabelRef>,
    /// The attachment.
    pub attachment: Option<AttachmentRef>,
    /// The custom field.
    pub custom_field: Option<CustomFieldRef>,
    /// The custom field value, as it is after the action.
    pub custom_field_item: Option<CustomFieldItem>,
    /// The member added, removed or changed.
    pub member: Option<NamedRef>,
    /// The member added, removed or changed, by id.
    pub id_member: Option<String>,
    /// The workspace.
    pub organization: Option<NamedRef>,
    /// The previous values of what an update changed, by wire name (for
    /// `updateCard` moving a card, `{"idList": "…"}`).
    pub old: Option<Map<String, Value>>,
    /// Every field Trello sent that has no field here.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A board as an action names it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct BoardRef {
    /// The board's id.
    pub id: String,
    /// Its name.
    pub name: Option<String>,
    /// Its short link.
    pub short_link: Option<String>,
    /// Every field Trello sent that has no field here (changed prefs, …).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A list as an action names it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ListRef {
    /// The list's id.
    pub id: String,
    /// Its name.
    pub name: Option<String>,
    /// Whether it is closed, when that changed.
    pub closed: Option<bool>,
    /// Its position, when that changed.
    #[serde(default, deserialize_with = "lenient::f64")]
    pub pos: Option<f64>,
    /// Every field Trello sent that has no field here.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A card as an action names it; for `updateCard` it also holds the new
/// value of what changed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct CardRef {
    /// The card's id.
    pub id: String,
    /// Its title.
    pub name: Option<String>,
    /// Its number on the board.
    #[serde(default, deserialize_with = "lenient::u64")]
    pub id_short: Option<u64>,
    /// Its short link.
    pub short_link: Option<String>,
    /// Its list, when that changed.
    pub id_list: Option<String>,
    /// Whether it is closed, when that changed.
    pub closed: Option<bool>,
    /// Its position, when that changed.
    #[serde(default, deserialize_with = "lenient::f64")]
    pub pos: Option<f64>,
    /// Its due date, when that changed.
    #[serde(default, deserialize_with = "lenient::datetime")]
    pub due: Option<DateTime<Utc>>,
    /// Its description, when that changed.
    pub desc: Option<String>,
    /// Its labels' ids, when they changed (`updateCard`).
    pub id_labels: Option<Vec<String>>,
    /// Its members' ids, when they changed (`updateCard`).
    pub id_members: Option<Vec<String>>,
    /// Whether its due date is marked complete, when that changed.
    #[serde(default, deserialize_with = "lenient::bool")]
    pub due_complete: Option<bool>,
    /// Minutes before the due date a reminder goes out, when that changed
    /// (`-1`: none).
    #[serde(default, deserialize_with = "lenient::i64")]
    pub due_reminder: Option<i64>,
    /// Its cover, when that changed.
    pub cover: Option<super::CardCover>,
    /// Every field Trello sent that has no field here.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The app that created an action (`Action.appCreator`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct AppCreator {
    /// The app's id.
    pub id: Option<String>,
    /// Every field Trello sent that has no field here.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Something an action names by id and name (a checklist, a member, a
/// workspace).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct NamedRef {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: Option<String>,
    /// Every field Trello sent that has no field here.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A checklist item as an action names it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct CheckItemRef {
    /// The item's id.
    pub id: String,
    /// Its text.
    pub name: Option<String>,
    /// Its state after the action.
    pub state: Option<CheckItemState>,
    /// Every field Trello sent that has no field here.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A label as an action names it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct LabelRef {
    /// The label's id.
    pub id: String,
    /// Its name.
    pub name: Option<String>,
    /// Its color.
    pub color: Option<LabelColor>,
    /// Every field Trello sent that has no field here.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// An attachment as an action names it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct AttachmentRef {
    /// The attachment's id.
    pub id: String,
    /// Its name.
    pub name: Option<String>,
    /// Its URL.
    pub url: Option<String>,
    /// A preview image's URL.
    pub preview_url: Option<String>,
    /// Every field Trello sent that has no field here.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A custom field as an action names it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct CustomFieldRef {
    /// The custom field's id.
    pub id: String,
    /// Its name.
    pub name: Option<String>,
    /// The kind of value it holds.
    #[serde(rename = "type")]
    pub field_type: Option<CustomFieldType>,
    /// Every field Trello sent that has no field here.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// How Trello's own clients phrase an action (`display`): a translation
/// key and the entities its placeholders refer to.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ActionDisplay {
    /// The phrase's key (`"action_comment_on_card"`).
    pub translation_key: Option<String>,
    /// The entities, by placeholder name (`"card"`, `"memberCreator"`, …).
    pub entities: Option<BTreeMap<String, DisplayEntity>>,
    /// Every field Trello sent that has no field here.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One entity of an action's [`ActionDisplay`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct DisplayEntity {
    /// What the entity is (`"card"`, `"member"`, `"comment"`,
    /// `"translatable"`, …).
    #[serde(rename = "type")]
    pub entity_type: Option<String>,
    /// The entity's id, when it is an object.
    pub id: Option<String>,
    /// The text shown for it.
    pub text: Option<String>,
    /// Its short link, for boards and cards.
    pub short_link: Option<String>,
    /// Its login name, for members.
    pub username: Option<String>,
    /// The phrase's key, for translatable entities.
    pub translation_key: Option<String>,
    /// Whether the entity is hidden when it is the page's context.
    pub hide_if_context: Option<bool>,
    /// The context the entity is hidden in.
    pub id_context: Option<String>,
    /// Every field Trello sent that has no field here.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
