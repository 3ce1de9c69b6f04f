// A deprecated endpoint that names the OAuth 2.0 scopes it requires: the
// metadata records both, and every generated item allows the deprecation lint.

/// Marks a board viewed.
#[endpoint(
    POST "/boards/{id}/markedAsViewed",
    response = Ignored,
    scopes = ["write:board:trello"]
)]
#[deprecated(note = "use MarkBoardViewed")]
pub struct MarkBoardAsViewed {
    /// The board.
    #[path]
    id: String,
}
