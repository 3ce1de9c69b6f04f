//! Boards, their preferences and label names.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::{
    Action, BoardAudience, Brightness, Card, CardAging, Checklist, CustomField, ImageDescriptor,
    InvitationPermission, Label, Limits, List, Member, Membership, Organization, PermissionLevel,
    lenient,
};

/// A Trello board. Nested collections (`lists`, `cards`, …) are present
/// only when the request asked for them.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Board {
    /// The board's id.
    pub id: String,
    /// The board's name.
    pub name: Option<String>,
    /// The board's description (Markdown).
    pub desc: Option<String>,
    /// Extra data about the description (emoji used in it).
    pub desc_data: Option<Value>,
    /// Whether the board is closed (archived).
    pub closed: Option<bool>,
    /// When the board was closed.
    #[serde(default, deserialize_with = "lenient::datetime")]
    pub date_closed: Option<DateTime<Utc>>,
    /// The member who created the board.
    pub id_member_creator: Option<String>,
    /// The workspace the board belongs to.
    pub id_organization: Option<String>,
    /// The enterprise the board belongs to.
    pub id_enterprise: Option<String>,
    /// Whether the board is owned by an enterprise.
    pub enterprise_owned: Option<bool>,
    /// Whether the board is pinned.
    pub pinned: Option<bool>,
    /// Whether the requesting member starred the board.
    pub starred: Option<bool>,
    /// Whether the requesting member is subscribed.
    pub subscribed: Option<bool>,
    /// The board's full URL.
    pub url: Option<String>,
    /// The board's short URL.
    pub short_url: Option<String>,
    /// The short link (the part of the short URL after `/b/`).
    pub short_link: Option<String>,
    /// The board's preferences.
    pub prefs: Option<BoardPrefs>,
    /// The names given to the label colors.
    pub label_names: Option<LabelNames>,
    /// Who is a member of the board, and how.
    pub memberships: Option<Vec<Membership>>,
    /// Ids of the tags (workspace collections) the board is in.
    pub id_tags: Option<Vec<String>>,
    /// The Power-Ups enabled on the board.
    pub power_ups: Option<Vec<String>>,
    /// When anything last happened on the board.
    #[serde(default, deserialize_with = "lenient::datetime")]
    pub date_last_activity: Option<DateTime<Utc>>,
    /// When the requesting member last viewed the board.
    #[serde(default, deserialize_with = "lenient::datetime")]
    pub date_last_view: Option<DateTime<Utc>>,
    /// When Power-Ups were disabled on the board.
    #[serde(default, deserialize_with = "lenient::datetime")]
    pub date_plugin_disable: Option<DateTime<Utc>>,
    /// How the board was created (`"automatic"`, `"demo"`, … or none).
    pub creation_method: Option<String>,
    /// A counter that grows with every change (Trello sends it as a
    /// string).
    #[serde(default, deserialize_with = "lenient::i64")]
    pub ix_update: Option<i64>,
    /// The template gallery the board is listed in.
    pub template_gallery: Option<String>,
    /// The board's lists, when asked for (`lists=…`).
    pub lists: Option<Vec<List>>,
    /// The board's cards, when asked for (`cards=…`).
    pub cards: Option<Vec<Card>>,
    /// The board's labels, when asked for (`labels=…`).
    pub labels: Option<Vec<Label>>,
    /// The board's checklists, when asked for (`checklists=…`).
    pub checklists: Option<Vec<Checklist>>,
    /// The board's custom fields, when asked for (`customFields=true`).
    pub custom_fields: Option<Vec<CustomField>>,
    /// The board's actions, when asked for (`actions=…`).
    pub actions: Option<Vec<Action>>,
    /// The board's members, when asked for (`members=…`).
    pub members: Option<Vec<Member>>,
    /// The board's workspace, when asked for (`organization=true`).
    pub organization: Option<Organization>,
    /// The board's usage limits, when Trello sends them.
    pub limits: Option<Limits>,
    /// Every field Trello sent that has no field here.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A board's preferences (`prefs`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct BoardPrefs {
    /// Who can see the board.
    pub permission_level: Option<PermissionLevel>,
    /// Whether votes are hidden until one votes.
    pub hide_votes: Option<bool>,
    /// Who may vote.
    pub voting: Option<BoardAudience>,
    /// Who may comment.
    pub comments: Option<BoardAudience>,
    /// Who may invite.
    pub invitations: Option<InvitationPermission>,
    /// Whether workspace members may join by themselves.
    pub self_join: Option<bool>,
    /// Whether card covers are shown.
    pub card_covers: Option<bool>,
    /// Whether the board is a template.
    pub is_template: Option<bool>,
    /// How untouched cards look.
    pub card_aging: Option<CardAging>,
    /// Whether the calendar feed is on.
    pub calendar_feed_enabled: Option<bool>,
    /// The background: a color name or the id of an image.
    pub background: Option<String>,
    /// The background color (`#rrggbb`), for color backgrounds.
    pub background_color: Option<String>,
    /// The background image's URL, for image backgrounds.
    pub background_image: Option<String>,
    /// Scaled copies of the background image.
    pub background_image_scaled: Option<Vec<ImageDescriptor>>,
    /// Whether the background image is tiled.
    pub background_tile: Option<bool>,
    /// Whether the background is light or dark.
    pub background_brightness: Option<Brightness>,
    /// The color at the bottom of the background (`#rrggbb`).
    pub background_bottom_color: Option<String>,
    /// The color at the top of the background (`#rrggbb`).
    pub background_top_color: Option<String>,
    /// Whether the board may be made public.
    pub can_be_public: Option<bool>,
    /// Whether the board may be moved into an enterprise.
    pub can_be_enterprise: Option<bool>,
    /// Whether the board may be made visible to its workspace.
    pub can_be_org: Option<bool>,
    /// Whether the board may be made private.
    pub can_be_private: Option<bool>,
    /// Whether the requesting member may invite others.
    pub can_invite: Option<bool>,
    /// Every field Trello sent that has no field here.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The names a board gives its label colors (`labelNames`). Names of the
/// lighter and darker shades (`green_dark`, …) are kept in `extra`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct LabelNames {
    /// Name of the green label.
    pub green: Option<String>,
    /// Name of the yellow label.
    pub yellow: Option<String>,
    /// Name of the orange label.
    pub orange: Option<String>,
    /// Name of the red label.
    pub red: Option<String>,
    /// Name of the purple label.
    pub purple: Option<String>,
    /// Name of the blue label.
    pub blue: Option<String>,
    /// Name of the sky label.
    pub sky: Option<String>,
    /// Name of the lime label.
    pub lime: Option<String>,
    /// Name of the pink label.
    pub pink: Option<String>,
    /// Name of the black label.
    pub black: Option<String>,
    /// Every other color's name.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
