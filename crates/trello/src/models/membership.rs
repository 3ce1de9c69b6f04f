//! Board memberships.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::{MemberSummary, MembershipType};

/// A member's membership of a board.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Membership {
    /// The membership's id.
    pub id: String,
    /// The member.
    pub id_member: Option<String>,
    /// The member's role on the board.
    pub member_type: Option<MembershipType>,
    /// Whether the member has not yet accepted the invitation.
    pub unconfirmed: Option<bool>,
    /// Whether the member's account is deactivated.
    pub deactivated: Option<bool>,
    /// The member's role in the board's workspace, when asked for.
    pub org_member_type: Option<String>,
    /// The member, when asked for (`member=true`).
    pub member: Option<MemberSummary>,
    /// Every field Trello sent that has no field here.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
