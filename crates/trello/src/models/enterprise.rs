//! Enterprises, their admins, audit log and Workspace transfers.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::{ActionType, Member, MemberSummary, Organization, OrganizationPrefs, lenient};

/// A Trello Enterprise: the account that owns Workspaces and licenses
/// members.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Enterprise {
    /// The enterprise's id.
    pub id: String,
    /// The short name.
    pub name: Option<String>,
    /// The display name.
    pub display_name: Option<String>,
    /// Hash of the logo image.
    pub logo_hash: Option<String>,
    /// Base URL of the logo image.
    pub logo_url: Option<String>,
    /// The enterprise's preferences.
    pub prefs: Option<EnterprisePrefs>,
    /// The rules the enterprise applies to its Workspaces.
    pub organization_prefs: Option<OrganizationPrefs>,
    /// When those rules last changed.
    #[serde(default, deserialize_with = "lenient::datetime")]
    pub date_organization_prefs_last_updated: Option<DateTime<Utc>>,
    /// Whether single sign-on failed to activate.
    pub sso_activation_failed: Option<bool>,
    /// The enterprise's admins.
    pub id_admins: Option<Vec<String>>,
    /// The enterprise's members.
    pub id_members: Option<Vec<String>>,
    /// The enterprise's Workspaces.
    pub id_organizations: Option<Vec<String>>,
    /// Email domains the enterprise claims.
    pub enterprise_domains: Option<Vec<String>>,
    /// Email domains of the enterprise.
    pub domains: Option<Vec<String>>,
    /// Whether this is a paid enterprise rather than a trial or a test.
    pub is_real_enterprise: Option<bool>,
    /// The paid products the enterprise has (numeric product codes).
    pub products: Option<Vec<u64>>,
    /// The enterprise's licenses.
    pub licenses: Option<EnterpriseLicenses>,
    /// The single sign-on identity provider.
    pub idp: Option<EnterpriseIdp>,
    /// The enterprise's members, when asked for (`members=…`).
    pub members: Option<Vec<Member>>,
    /// The enterprise's Workspaces, when asked for (`organizations=…`).
    pub organizations: Option<Vec<Organization>>,
    /// Every field Trello sent that has no field here
    /// (`pluginWhitelistingEnabled`, …).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// An enterprise's preferences (`prefs`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct EnterprisePrefs {
    /// Whether members must log in through single sign-on.
    pub sso_only: Option<bool>,
    /// The banner shown on the signup page.
    pub signup: Option<EnterpriseSignup>,
    /// When Workspaces must have moved into the enterprise.
    #[serde(default, deserialize_with = "lenient::datetime")]
    pub mandatory_transfer_date: Option<DateTime<Utc>>,
    /// The branding color (`#rrggbb`).
    pub branding_color: Option<String>,
    /// Whether members join the enterprise's Workspaces automatically.
    pub auto_join_organizations: Option<bool>,
    /// Notification settings.
    pub notifications: Option<Value>,
    /// The most members the enterprise may have, when capped.
    #[serde(default, deserialize_with = "lenient::u64")]
    pub max_members: Option<u64>,
    /// Every field Trello sent that has no field here.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The banner of an enterprise's signup page (`prefs.signup`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct EnterpriseSignup {
    /// The banner (Markdown).
    pub banner: Option<String>,
    /// The banner rendered as HTML.
    pub banner_html: Option<String>,
    /// Every field Trello sent that has no field here.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// An enterprise's licenses (`licenses`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct EnterpriseLicenses {
    /// The most licensed members, when capped.
    #[serde(default, deserialize_with = "lenient::u64")]
    pub max_members: Option<u64>,
    /// How many members hold a license.
    #[serde(default, deserialize_with = "lenient::u64")]
    pub total_members: Option<u64>,
    /// Licenses used by related enterprises.
    pub related_enterprises: Option<Vec<RelatedEnterprise>>,
    /// Every field Trello sent that has no field here.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// An enterprise that shares licenses with another.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct RelatedEnterprise {
    /// The short name.
    pub name: Option<String>,
    /// The display name.
    pub display_name: Option<String>,
    /// How many licenses it uses.
    #[serde(default, deserialize_with = "lenient::u64")]
    pub count: Option<u64>,
    /// Every field Trello sent that has no field here.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// An enterprise's single sign-on identity provider (`idp`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct EnterpriseIdp {
    /// Whether SAML requests are signed.
    pub request_signed: Option<bool>,
    /// The provider's certificate (PEM).
    pub certificate: Option<String>,
    /// The provider's login URL.
    pub login_url: Option<String>,
    /// Every field Trello sent that has no field here.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// An admin of an enterprise.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct EnterpriseAdmin {
    /// The admin's member id.
    pub id: String,
    /// The display name.
    pub full_name: Option<String>,
    /// The login name.
    pub username: Option<String>,
    /// Every field Trello sent that has no field here.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One entry of an enterprise's audit log.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct EnterpriseAuditLogEntry {
    /// The action the entry records.
    pub id_action: Option<String>,
    /// What kind of action it is.
    #[serde(rename = "type")]
    pub action_type: Option<ActionType>,
    /// When it happened.
    #[serde(default, deserialize_with = "lenient::datetime")]
    pub date: Option<DateTime<Utc>>,
    /// The member who did it.
    pub member_creator: Option<MemberSummary>,
    /// The Workspace it concerns.
    pub organization: Option<AuditLogOrganization>,
    /// The member it concerns.
    pub member: Option<MemberSummary>,
    /// Every field Trello sent that has no field here.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A Workspace as an audit log entry names it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct AuditLogOrganization {
    /// The Workspace's id.
    pub id: String,
    /// Its name.
    pub name: Option<String>,
    /// Its request to join the enterprise, if any.
    pub enterprise_join_request: Option<EnterpriseJoinRequest>,
    /// Every field Trello sent that has no field here.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A Workspace's request to join an enterprise.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct EnterpriseJoinRequest {
    /// The enterprise asked to join.
    pub id_enterprise: Option<String>,
    /// The member who asked.
    pub id_member: Option<String>,
    /// When they asked.
    #[serde(default, deserialize_with = "lenient::datetime")]
    pub date: Option<DateTime<Utc>>,
    /// Every field Trello sent that has no field here.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Whether a Workspace can move into an enterprise, and which of its
/// members that would bill or restrict.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct TransferrableOrganization {
    /// Whether the Workspace can move.
    pub transferrable: Option<bool>,
    /// Members who would take a new license.
    pub new_billable_members: Option<Vec<MemberSummary>>,
    /// Members who would lose access.
    pub restricted_members: Option<Vec<MemberSummary>>,
    /// Every field Trello sent that has no field here.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The Workspaces an enterprise may claim (`claimableOrganizations`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ClaimableOrganizations {
    /// This page of Workspaces.
    pub organizations: Option<Vec<ClaimableOrganization>>,
    /// How many Workspaces may be claimed in all.
    #[serde(default, deserialize_with = "lenient::u64")]
    pub claimable_count: Option<u64>,
    /// Every field Trello sent that has no field here.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A Workspace an enterprise may claim.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ClaimableOrganization {
    /// The Workspace's id.
    pub id: String,
    /// The short name.
    pub name: Option<String>,
    /// The display name.
    pub display_name: Option<String>,
    /// How many active members it has.
    #[serde(default, deserialize_with = "lenient::u64")]
    pub active_membership_count: Option<u64>,
    /// Its active admins.
    pub id_active_admins: Option<Vec<String>>,
    /// The paid products it has.
    pub products: Option<Vec<u64>>,
    /// Base URL of its logo.
    pub logo_url: Option<String>,
    /// When it was last active.
    #[serde(default, deserialize_with = "lenient::datetime")]
    pub date_last_active: Option<DateTime<Utc>>,
    /// Every field Trello sent that has no field here.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A Workspace waiting to join an enterprise.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct PendingOrganization {
    /// The Workspace's id.
    pub id: String,
    /// The member who asked.
    pub id_member: Option<String>,
    /// The member who asked, with their name.
    pub member_requestor: Option<MemberSummary>,
    /// When they asked.
    #[serde(default, deserialize_with = "lenient::datetime")]
    pub date: Option<DateTime<Utc>>,
    /// The Workspace's display name.
    pub display_name: Option<String>,
    /// How many members it has.
    #[serde(default, deserialize_with = "lenient::u64")]
    pub membership_count: Option<u64>,
    /// Base URL of its logo.
    pub logo_url: Option<String>,
    /// What moving it would bill or restrict.
    pub transferability: Option<TransferrableOrganization>,
    /// Every field Trello sent that has no field here.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The URL of an enterprise's signup page.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct EnterpriseSignupUrl {
    /// The URL.
    pub signup_url: Option<String>,
    /// Every field Trello sent that has no field here.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
