//! Board endpoints, declared with `#[endpoint]`.

use crate::endpoint;

use super::Board;

/// A board by id, optionally with its lists, cards, labels and members.
#[endpoint(GET "/boards/{id}", response = Board)]
#[derive(Clone, Debug)]
pub struct GetBoard {
    /// The board's id.
    #[path]
    id: String,
    /// `all`, or a comma-separated list of board fields (`name,desc,url`).
    #[query]
    fields: Option<String>,
    /// Include the board's actions: `all`, `none`, or a comma-separated
    /// list of action types.
    #[query]
    actions: Option<String>,
    /// Include the board's cards: `none`, `visible`, `open`, `closed` or `all`.
    #[query]
    cards: Option<String>,
    /// Include the plugin data of the cards.
    #[query(name = "card_pluginData")]
    card_plugin_data: Option<bool>,
    /// Include the board's checklists: `all` or `none`.
    #[query]
    checklists: Option<String>,
    /// Include the board's custom field definitions.
    #[query(name = "customFields")]
    custom_fields: Option<bool>,
    /// Include the board's labels: `all` or `none`.
    #[query]
    labels: Option<String>,
    /// Include the board's lists: `all`, `none`, `open` or `closed`.
    #[query]
    lists: Option<String>,
    /// Include the board's members: `all`, `none`, `normal`, `admins`,
    /// `owners`.
    #[query]
    members: Option<String>,
    /// Include the board's plugin data.
    #[query(name = "pluginData")]
    plugin_data: Option<bool>,
    /// Include the board's workspace.
    #[query]
    organization: Option<bool>,
    /// Include the token owner's preferences for the board.
    #[query(name = "myPrefs")]
    my_prefs: Option<bool>,
}
