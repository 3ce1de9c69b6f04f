//! A deprecated endpoint with required scopes: its generated impls raise no
//! deprecation warning (the file denies warnings), and its metadata records
//! both the scopes and the flag.
#![deny(missing_docs, warnings)]

use trello_core::{Endpoint, Ignored};
use trello_macros::endpoint;

/// Marks a board viewed.
#[endpoint(
    POST "/boards/{id}/markedAsViewed",
    response = Ignored,
    scopes = ["write:board:trello", "read:member:trello"],
    crate = ::trello_core
)]
#[deprecated(note = "use MarkBoardViewed")]
pub struct MarkBoardAsViewed {
    /// The board.
    #[path]
    id: String,
}

/// Not deprecated, no scopes.
#[endpoint(GET "/boards/{id}", response = Ignored, crate = ::trello_core)]
pub struct GetBoard {
    /// The board.
    #[path]
    id: String,
}

#[allow(deprecated)]
fn deprecated_meta() -> &'static trello_core::EndpointMeta {
    <MarkBoardAsViewed as Endpoint>::META
}

fn main() {
    let meta = deprecated_meta();
    assert!(meta.deprecated);
    assert_eq!(meta.scopes, ["write:board:trello", "read:member:trello"]);
    let meta = <GetBoard as Endpoint>::META;
    assert!(!meta.deprecated);
    assert!(meta.scopes.is_empty());
}
