//! Typed models of what Trello returns: boards, lists, cards, checklists,
//! labels, actions, attachments, custom fields, stickers, reactions and
//! memberships.
//!
//! They are lenient, as Trello's answers vary with the `fields` asked for
//! and change over time:
//! - every field but `id` is optional, and nested collections are `None`
//!   unless asked for;
//! - each model keeps the fields it does not know in `extra`;
//! - fixed value sets are enums whose `Other` variant keeps values Trello
//!   adds later (they are also endpoint parameters, by wire name);
//! - numbers that arrive as strings, and `null` or empty dates, are
//!   accepted (see [`lenient`]).
//!
//! Structs are `#[non_exhaustive]`: build them by deserializing, or from
//! `Default` and field assignment.

mod action;
mod attachment;
mod board;
mod card;
mod checklist;
mod common;
mod custom_field;
mod enums;
mod label;
pub mod lenient;
mod list;
mod membership;
mod reaction;
mod sticker;
mod wire_enum;

pub use action::{
    Action, ActionData, ActionDisplay, AttachmentRef, BoardRef, CardRef, CheckItemRef,
    CustomFieldRef, DisplayEntity, LabelRef, ListRef, NamedRef,
};
pub use attachment::Attachment;
pub use board::{Board, BoardPrefs, LabelNames};
pub use card::{Card, CardBadges, CardCover, CheckItemStatus};
pub use checklist::{CheckItem, Checklist};
pub use common::{ImageDescriptor, MemberSummary};
pub use custom_field::{
    CustomField, CustomFieldDisplay, CustomFieldItem, CustomFieldOption, CustomFieldOptionValue,
    CustomFieldValue, FieldValue,
};
pub use enums::{
    ActionType, BoardAudience, Brightness, CardAging, CheckItemState, CoverSize, CustomFieldType,
    InvitationPermission, LabelColor, MembershipType, ModelType, PermissionLevel,
};
pub use label::Label;
pub use list::List;
pub use membership::Membership;
pub use reaction::{Reaction, ReactionEmoji};
pub use sticker::Sticker;
