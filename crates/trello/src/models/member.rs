//! Members (Trello accounts) and their preferences.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::wire_enum::wire_enum;
use super::{
    Action, Board, BoardBackground, BoardStar, Card, CustomEmoji, CustomSticker, Limits,
    Notification, Organization, SavedSearch, TokenInfo, lenient,
};

/// A Trello member: a person with a Trello account. Which fields arrive
/// depends on the `fields` asked for and on what the member makes public;
/// nested collections (`boards`, `organizations`, …) only when asked for.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Member {
    /// The member's id.
    pub id: String,
    /// The login name (`@username`).
    pub username: Option<String>,
    /// The display name.
    pub full_name: Option<String>,
    /// Initials shown on the avatar.
    pub initials: Option<String>,
    /// Hash of the avatar image.
    pub avatar_hash: Option<String>,
    /// Base URL of the avatar image (append `/50.png`, `/170.png`, …).
    pub avatar_url: Option<String>,
    /// Where the avatar comes from.
    pub avatar_source: Option<AvatarSource>,
    /// Hash of the uploaded avatar, when there is one.
    pub uploaded_avatar_hash: Option<String>,
    /// URL of the uploaded avatar, when there is one.
    pub uploaded_avatar_url: Option<String>,
    /// Hash of the member's Gravatar.
    pub gravatar_hash: Option<String>,
    /// The profile text.
    pub bio: Option<String>,
    /// Extra data about the profile text (emoji used in it).
    pub bio_data: Option<Value>,
    /// The profile's URL.
    pub url: Option<String>,
    /// The email address (only for the member the token belongs to).
    pub email: Option<String>,
    /// Whether the member confirmed their email address.
    pub confirmed: Option<bool>,
    /// Whether this is a full account or a placeholder for an invitee.
    pub member_type: Option<MemberType>,
    /// Whether the member is online.
    pub status: Option<MemberStatus>,
    /// Whether the member's activity is hidden.
    pub activity_blocked: Option<bool>,
    /// The member who referred this one.
    pub id_member_referrer: Option<String>,
    /// The enterprise the member belongs to.
    pub id_enterprise: Option<String>,
    /// The enterprises the member administers.
    pub id_enterprises_admin: Option<Vec<String>>,
    /// The enterprises that deactivated the member.
    pub id_enterprises_deactivated: Option<Vec<String>>,
    /// The premium workspaces the member administers.
    pub id_prem_orgs_admin: Option<Vec<String>>,
    /// The member's boards.
    pub id_boards: Option<Vec<String>>,
    /// The boards the member pinned.
    pub id_boards_pinned: Option<Vec<String>>,
    /// The member's workspaces.
    pub id_organizations: Option<Vec<String>>,
    /// The paid products the member has (numeric product codes).
    pub products: Option<Vec<u64>>,
    /// The premium features available to the member.
    pub premium_features: Option<Vec<String>>,
    /// How the member may log in (`"password"`, `"saml"`, …).
    pub login_types: Option<Vec<String>>,
    /// One-time messages the member dismissed.
    pub one_time_messages_dismissed: Option<Vec<String>>,
    /// The member's trophies.
    pub trophies: Option<Vec<String>>,
    /// The member's private profile, as only the member sees it.
    pub non_public: Option<MemberNonPublic>,
    /// Whether a private profile is available.
    pub non_public_available: Option<bool>,
    /// The member's preferences.
    pub prefs: Option<MemberPrefs>,
    /// How close the member is to Trello's limits.
    pub limits: Option<Limits>,
    /// A counter that grows with every change (Trello sends it as a
    /// string).
    #[serde(default, deserialize_with = "lenient::i64")]
    pub ix_update: Option<i64>,
    /// When the member was last active.
    #[serde(default, deserialize_with = "lenient::datetime")]
    pub date_last_active: Option<DateTime<Utc>>,
    /// The linked Atlassian account's id.
    pub aa_id: Option<String>,
    /// The linked Atlassian account's email address.
    pub aa_email: Option<String>,
    /// When the Atlassian account was linked.
    #[serde(default, deserialize_with = "lenient::datetime")]
    pub aa_enrolled_date: Option<DateTime<Utc>>,
    /// Whether the Atlassian account is the master of the profile.
    pub is_aa_mastered: Option<bool>,
    /// The member's boards, when asked for (`boards=…`).
    pub boards: Option<Vec<Board>>,
    /// The member's cards, when asked for (`cards=…`).
    pub cards: Option<Vec<Card>>,
    /// The member's workspaces, when asked for (`organizations=…`).
    pub organizations: Option<Vec<Organization>>,
    /// The member's actions, when asked for (`actions=…`).
    pub actions: Option<Vec<Action>>,
    /// The member's notifications, when asked for (`notifications=…`).
    pub notifications: Option<Vec<Notification>>,
    /// The member's tokens, when asked for (`tokens=all`).
    pub tokens: Option<Vec<TokenInfo>>,
    /// Board backgrounds, when asked for (`boardBackgrounds=…`).
    pub board_backgrounds: Option<Vec<BoardBackground>>,
    /// Uploaded board backgrounds, when asked for
    /// (`customBoardBackgrounds=all`).
    pub custom_board_backgrounds: Option<Vec<BoardBackground>>,
    /// Custom emoji, when asked for (`customEmoji=all`).
    pub custom_emoji: Option<Vec<CustomEmoji>>,
    /// Custom stickers, when asked for (`customStickers=all`).
    pub custom_stickers: Option<Vec<CustomSticker>>,
    /// Saved searches, when asked for (`savedSearches=true`).
    pub saved_searches: Option<Vec<SavedSearch>>,
    /// Starred boards, when asked for (`boardStars=true`).
    pub board_stars: Option<Vec<BoardStar>>,
    /// Every field Trello sent that has no field here
    /// (`marketingOptIn`, `messagesDismissed`, …).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The parts of a member's profile that only the member sees
/// (`nonPublic`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct MemberNonPublic {
    /// The private display name.
    pub full_name: Option<String>,
    /// The private initials.
    pub initials: Option<String>,
    /// The private avatar's base URL.
    pub avatar_url: Option<String>,
    /// The private avatar's hash.
    pub avatar_hash: Option<String>,
    /// Every field Trello sent that has no field here.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A member's preferences (`prefs`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct MemberPrefs {
    /// The member's time zone (an IANA name such as `"Europe/Paris"`).
    pub timezone: Option<String>,
    /// The time zone's current and next offsets.
    pub timezone_info: Option<TimezoneInfo>,
    /// The member's locale (`"en-GB"`).
    pub locale: Option<String>,
    /// Who sees the member's name and avatar.
    pub privacy: Option<MemberPrivacy>,
    /// Whether activity summaries are emailed.
    pub send_summaries: Option<bool>,
    /// Minutes between summary emails (`-1` for never).
    #[serde(default, deserialize_with = "lenient::i64")]
    pub minutes_between_summaries: Option<i64>,
    /// Minutes before a due date that the member is notified.
    #[serde(default, deserialize_with = "lenient::i64")]
    pub minutes_before_deadline_to_notify: Option<i64>,
    /// Whether color-blind friendly patterns are shown.
    pub color_blind: Option<bool>,
    /// Two-factor authentication settings.
    pub two_factor: Option<TwoFactor>,
    /// Every field Trello sent that has no field here.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A time zone's offsets (`prefs.timezoneInfo`). Offsets are minutes west
/// of UTC, as JavaScript's `getTimezoneOffset` gives them.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct TimezoneInfo {
    /// The offset now.
    #[serde(default, deserialize_with = "lenient::i64")]
    pub offset_current: Option<i64>,
    /// The abbreviation now (`"CET"`).
    pub timezone_current: Option<String>,
    /// The offset after the next change.
    #[serde(default, deserialize_with = "lenient::i64")]
    pub offset_next: Option<i64>,
    /// When the offset next changes.
    #[serde(default, deserialize_with = "lenient::datetime")]
    pub date_next: Option<DateTime<Utc>>,
    /// The abbreviation after the next change (`"CEST"`).
    pub timezone_next: Option<String>,
    /// Every field Trello sent that has no field here.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Who sees a member's name and avatar (`prefs.privacy`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct MemberPrivacy {
    /// Who sees the full name.
    pub full_name: Option<ProfileVisibility>,
    /// Who sees the avatar.
    pub avatar: Option<ProfileVisibility>,
    /// Every field Trello sent that has no field here.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A member's two-factor authentication settings (`prefs.twoFactor`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct TwoFactor {
    /// Whether two-factor authentication is on.
    pub enabled: Option<bool>,
    /// Whether new backup codes should be made.
    pub needs_new_backups: Option<bool>,
    /// Every field Trello sent that has no field here.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

wire_enum! {
    /// What kind of account a member is (`memberType`).
    pub enum MemberType {
        /// A full account.
        Normal = "normal",
        /// A placeholder for someone invited by email who has not joined.
        Ghost = "ghost",
    }
}

wire_enum! {
    /// Whether a member is online (`status`).
    pub enum MemberStatus {
        /// Offline.
        Disconnected = "disconnected",
        /// Online but not active.
        Idle = "idle",
        /// Online and active.
        Active = "active",
    }
}

wire_enum! {
    /// Where a member's avatar comes from (`avatarSource`).
    pub enum AvatarSource {
        /// No avatar: initials are shown.
        None = "none",
        /// Gravatar.
        Gravatar = "gravatar",
        /// An uploaded image.
        Upload = "upload",
    }
}

wire_enum! {
    /// Who sees a part of a member's profile.
    pub enum ProfileVisibility {
        /// Everyone.
        Public = "public",
        /// Only the member.
        Private = "private",
        /// People the member works with.
        Collaborator = "collaborator",
    }
}
