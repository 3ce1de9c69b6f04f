//! Organizations (Workspaces) and their preferences.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::wire_enum::wire_enum;
use super::{Action, Board, Limits, Member, Membership, PermissionLevel, lenient};

/// A Trello Workspace (an "organization" on the wire). Nested collections
/// (`boards`, `members`, …) are present only when asked for.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Organization {
    /// The Workspace's id.
    pub id: String,
    /// The short name used in URLs (`trello.com/w/{name}`).
    pub name: Option<String>,
    /// The display name.
    pub display_name: Option<String>,
    /// The description.
    pub desc: Option<String>,
    /// Extra data about the description (emoji used in it).
    pub desc_data: Option<Value>,
    /// The Workspace's URL on Trello.
    pub url: Option<String>,
    /// The Workspace's own website.
    pub website: Option<String>,
    /// The kind of team, as chosen at creation (`"engineering-it"`, …).
    pub team_type: Option<String>,
    /// Hash of the logo image.
    pub logo_hash: Option<String>,
    /// Base URL of the logo image (append `/30.png`, `/170.png`, …).
    pub logo_url: Option<String>,
    /// The enterprise the Workspace belongs to.
    pub id_enterprise: Option<String>,
    /// The member who created the Workspace.
    pub id_member_creator: Option<String>,
    /// The Workspace's boards.
    pub id_boards: Option<Vec<String>>,
    /// The paid products the Workspace has (numeric product codes).
    pub products: Option<Vec<u64>>,
    /// The Power-Ups enabled on the Workspace.
    pub power_ups: Option<Vec<Value>>,
    /// The premium features available to the Workspace.
    pub premium_features: Option<Vec<String>>,
    /// Who is a member of the Workspace, and how.
    pub memberships: Option<Vec<Membership>>,
    /// The Workspace's preferences.
    pub prefs: Option<OrganizationPrefs>,
    /// How close the Workspace is to Trello's limits.
    pub limits: Option<Limits>,
    /// How many members are billed.
    #[serde(default, deserialize_with = "lenient::u64")]
    pub billable_member_count: Option<u64>,
    /// How many billed members were active recently.
    #[serde(default, deserialize_with = "lenient::u64")]
    pub active_billable_member_count: Option<u64>,
    /// How many guests are billed.
    #[serde(default, deserialize_with = "lenient::u64")]
    pub billable_collaborator_count: Option<u64>,
    /// Licenses still free, for enterprise Workspaces.
    #[serde(default, deserialize_with = "lenient::i64")]
    pub available_license_count: Option<i64>,
    /// Licenses in all, for enterprise Workspaces.
    #[serde(default, deserialize_with = "lenient::i64")]
    pub maximum_license_count: Option<i64>,
    /// When anything last happened in the Workspace.
    #[serde(default, deserialize_with = "lenient::datetime")]
    pub date_last_activity: Option<DateTime<Utc>>,
    /// The Workspace's boards, when asked for (`boards=…`).
    pub boards: Option<Vec<Board>>,
    /// The Workspace's members, when asked for (`members=…`).
    pub members: Option<Vec<Member>>,
    /// The Workspace's actions, when asked for (`actions=…`).
    pub actions: Option<Vec<Action>>,
    /// Every field Trello sent that has no field here.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A Workspace's preferences (`prefs`); an enterprise's
/// `organizationPrefs` have the same shape.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct OrganizationPrefs {
    /// Who can see the Workspace.
    pub permission_level: Option<PermissionLevel>,
    /// Email domains members must have to be invited (rules such as
    /// `"email,example.com"`).
    pub org_invite_restrict: Option<Vec<String>>,
    /// Whether people outside the Workspace may not join its boards.
    pub external_members_disabled: Option<bool>,
    /// The Google Workspace domain linked to the Workspace.
    pub associated_domain: Option<String>,
    /// The Google Apps integration version.
    #[serde(default, deserialize_with = "lenient::i64")]
    pub google_apps_version: Option<i64>,
    /// Who may make boards of each visibility.
    pub board_visibility_restrict: Option<BoardRestrictions>,
    /// Who may delete boards of each visibility.
    pub board_delete_restrict: Option<BoardRestrictions>,
    /// Where attachments may come from (`"computer"`, `"trello"`, `"link"`,
    /// …), when restricted.
    pub attachment_restrictions: Option<Vec<String>>,
    /// Who may invite people to the Workspace's boards.
    pub board_invite_restrict: Option<String>,
    /// Every field Trello sent that has no field here.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Who may do something to boards, per board visibility
/// (`boardVisibilityRestrict`, `boardDeleteRestrict`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct BoardRestrictions {
    /// For private boards.
    pub private: Option<RestrictionLevel>,
    /// For boards visible to the Workspace.
    pub org: Option<RestrictionLevel>,
    /// For boards visible to the enterprise.
    pub enterprise: Option<RestrictionLevel>,
    /// For public boards.
    pub public: Option<RestrictionLevel>,
    /// Every field Trello sent that has no field here.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

wire_enum! {
    /// Who may do something a Workspace restricts.
    pub enum RestrictionLevel {
        /// Only admins.
        Admin = "admin",
        /// Nobody.
        Nobody = "none",
        /// Any member of the Workspace.
        Org = "org",
    }
}
