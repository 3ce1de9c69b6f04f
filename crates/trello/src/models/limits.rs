//! Usage limits, as Trello reports them on members, workspaces and boards.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::lenient;
use super::wire_enum::wire_enum;

/// Limits by resource, then by limit name
/// (`limits["boards"]["totalPerMember"]`).
pub type Limits = BTreeMap<String, BTreeMap<String, Limit>>;

/// One usage limit: how close the owner is to it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Limit {
    /// Whether the limit is near or reached.
    pub status: Option<LimitStatus>,
    /// The count at which creating more is refused.
    #[serde(default, deserialize_with = "lenient::u64")]
    pub disable_at: Option<u64>,
    /// The count at which Trello starts warning.
    #[serde(default, deserialize_with = "lenient::u64")]
    pub warn_at: Option<u64>,
    /// The current count, when Trello sends it.
    #[serde(default, deserialize_with = "lenient::u64")]
    pub count: Option<u64>,
    /// Every field Trello sent that has no field here.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

wire_enum! {
    /// How close something is to a [`Limit`].
    pub enum LimitStatus {
        /// Well under the limit.
        Ok = "ok",
        /// Near the limit.
        Warning = "warning",
        /// At the limit.
        MaxExceeded = "maxExceeded",
    }
}
