//! The endpoints the benches call, declared here with the SDK's own
//! `#[endpoint]` attribute so the benches do not depend on which generated
//! endpoint answers with which type while the facade is being generated.
//! They go through exactly the pipeline of the SDK's endpoints
//! (`Client::send`, `Client::batch_get`) and decode into the SDK's models.

use trello::{
    endpoint,
    models::{Board, Card, Member},
};

/// `GET /members/{id}`: a member (`me`: the token's owner).
#[endpoint(GET "/members/{id}", response = Member)]
#[derive(Clone, Debug)]
pub struct GetMember {
    /// An id, a username, or `me`.
    #[path]
    id: String,
}

/// `GET /boards/{id}`: a board.
#[endpoint(GET "/boards/{id}", response = Board)]
#[derive(Clone, Debug)]
pub struct GetBoard {
    /// The board's id.
    #[path]
    id: String,
}

/// `GET /boards/{id}/cards`: the cards on a board. (The generated
/// `trello::api::GetBoardCards` answers with `serde_json::Value`.)
#[endpoint(GET "/boards/{id}/cards", response = Vec<Card>)]
#[derive(Clone, Debug)]
pub struct GetBoardCards {
    /// The board's id.
    #[path]
    id: String,
}

/// `GET /cards/{id}`: a card.
#[endpoint(GET "/cards/{id}", response = Card)]
#[derive(Clone, Debug)]
pub struct GetCard {
    /// The card's id.
    #[path]
    id: String,
}
