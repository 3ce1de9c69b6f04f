//! Member endpoints, declared with `#[endpoint]`.

use crate::endpoint;

use super::{BoardBackgrounds, Member};

/// A member by id or username; `me` is the token's owner.
#[endpoint(GET "/members/{id}", response = Member)]
#[derive(Clone, Debug)]
pub struct GetMember {
    /// The member: an id, a username, or `me`.
    #[path]
    id: String,
    /// `all`, or a comma-separated list of member fields (`fullName,username`).
    #[query]
    fields: Option<String>,
    /// Include the member's boards: `all`, `none`, or a board filter.
    #[query]
    boards: Option<String>,
    /// Which board backgrounds to include.
    #[query(name = "boardBackgrounds")]
    board_backgrounds: Option<BoardBackgrounds>,
    /// Include the boards the member starred.
    #[query(name = "boardStars")]
    board_stars: Option<bool>,
    /// Include the member's cards: `all`, `none`, or a card filter.
    #[query]
    cards: Option<String>,
    /// Include the paid status of the member's workspaces.
    #[query]
    paid_account: Option<bool>,
}
