//! Typed models of what Trello returns: boards, lists, cards, checklists,
//! labels, actions, attachments, custom fields, stickers, reactions and
//! memberships; members, Workspaces (organizations), enterprises,
//! notifications, tokens, webhooks, Power-Ups, search results, emoji,
//! board backgrounds, custom stickers, saved searches, board stars,
//! exports, tags, compliance records and batch items.
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
mod batch;
mod board;
mod board_background;
mod card;
mod checklist;
mod common;
mod compliance;
mod custom_field;
mod emoji;
mod enterprise;
mod enums;
mod export;
mod field_response;
mod label;
pub mod lenient;
mod limits;
mod list;
mod member;
mod membership;
mod notification;
mod organization;
mod plugin;
mod reaction;
mod saved_search;
mod search;
mod sticker;
mod token;
mod webhook;
mod wire_enum;

pub use action::{
    Action, ActionData, ActionDisplay, AppCreator, AttachmentRef, BoardRef, CardRef, CheckItemRef,
    CustomFieldRef, DisplayEntity, LabelRef, ListRef, NamedRef,
};
pub use attachment::Attachment;
pub use batch::BatchItem;
pub use board::{Board, BoardPrefs, LabelNames};
pub use board_background::{BoardBackground, BoardBackgroundType, CustomSticker};
pub use card::{Card, CardBadges, CardCover, CheckItemStatus};
pub use checklist::{CheckItem, Checklist};
pub use common::{ImageDescriptor, MemberSummary};
pub use compliance::{ComplianceEvent, ComplianceRecord};
pub use custom_field::{
    CustomField, CustomFieldDisplay, CustomFieldItem, CustomFieldOption, CustomFieldOptionValue,
    CustomFieldValue, FieldValue,
};
pub use emoji::{CustomEmoji, Emoji, EmojiEntry, SkinVariation};
pub use enterprise::{
    AuditLogOrganization, ClaimableOrganization, ClaimableOrganizations, Enterprise,
    EnterpriseAdmin, EnterpriseAuditLogEntry, EnterpriseIdp, EnterpriseJoinRequest,
    EnterpriseLicenses, EnterprisePrefs, EnterpriseSignup, EnterpriseSignupUrl,
    PendingOrganization, RelatedEnterprise, TransferrableOrganization,
};
pub use enums::{
    ActionType, BoardAudience, Brightness, CardAging, CheckItemState, CoverSize, CustomFieldType,
    InvitationPermission, LabelColor, MembershipType, ModelType, PermissionLevel,
};
pub use export::{Export, ExportStatus, Tag};
pub use field_response::FieldResponse;
pub use label::Label;
pub use limits::{Limit, LimitStatus, Limits};
pub use list::List;
pub use member::{
    AvatarSource, Member, MemberNonPublic, MemberPrefs, MemberPrivacy, MemberStatus, MemberType,
    ProfileVisibility, TimezoneInfo, TwoFactor,
};
pub use membership::Membership;
pub use notification::{
    Notification, NotificationBlockedKey, NotificationChannel, NotificationChannelSettings,
    NotificationType,
};
pub use organization::{BoardRestrictions, Organization, OrganizationPrefs, RestrictionLevel};
pub use plugin::{Plugin, PluginData, PluginDataAccess, PluginDataScope, PluginListing};
pub use reaction::{Reaction, ReactionEmoji};
pub use saved_search::{BoardStar, SavedSearch};
pub use search::{SearchOptions, SearchResults, SearchTerm};
pub use sticker::Sticker;
pub use token::{TokenInfo, TokenModelType, TokenPermission};
pub use webhook::Webhook;
