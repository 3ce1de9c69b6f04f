//! Boards: the top-level containers of lists and cards.

mod endpoints;
mod model;

pub use endpoints::GetBoard;
pub use model::Board;

use crate::Client;

/// Board endpoints, from [`Client::boards`].
#[derive(Clone, Copy, Debug)]
pub struct Boards<'c> {
    client: &'c Client,
}

impl Client {
    /// Board endpoints.
    pub fn boards(&self) -> Boards<'_> {
        Boards { client: self }
    }
}

impl<'c> Boards<'c> {
    /// `GET /boards/{id}`: a board by id. Set optional parameters on the
    /// returned request, then `.await` it.
    pub fn get(&self, id: impl Into<String>) -> GetBoard<crate::Bound<'c>> {
        GetBoard::new(id).bind(self.client)
    }
}
