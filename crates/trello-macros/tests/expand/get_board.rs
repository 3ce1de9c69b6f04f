// A GET with a path parameter, optional query parameters and a wire name
// that differs from the field's.

/// A board by id.
#[endpoint(GET "/boards/{id}", response = Board)]
#[derive(Clone, Debug)]
pub struct GetBoard {
    /// The board's id.
    #[path]
    id: String,
    /// Which fields of the board to return.
    #[query]
    fields: Option<Vec<String>>,
    /// Include the cards' plugin data.
    #[query(name = "card_pluginData")]
    card_plugin_data: Option<bool>,
}
