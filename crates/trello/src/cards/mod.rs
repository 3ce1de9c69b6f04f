//! Cards: the items on a board's lists.

mod endpoints;
mod model;

pub use endpoints::{CreateCard, DeleteCard, UpdateCard};
pub use model::{Card, Position};

use crate::Client;

/// Card endpoints, from [`Client::cards`].
#[derive(Clone, Copy, Debug)]
pub struct Cards<'c> {
    client: &'c Client,
}

impl Client {
    /// Card endpoints.
    pub fn cards(&self) -> Cards<'_> {
        Cards { client: self }
    }
}

impl<'c> Cards<'c> {
    /// `POST /cards`: a new card on the list `id_list`. Set its name and the
    /// rest on the returned request, then `.await` it.
    pub fn create(&self, id_list: impl Into<String>) -> CreateCard<crate::Bound<'c>> {
        CreateCard::new(id_list).bind(self.client)
    }

    /// `PUT /cards/{id}`: changes a card. Set what changes on the returned
    /// request, then `.await` it.
    pub fn update(&self, id: impl Into<String>) -> UpdateCard<crate::Bound<'c>> {
        UpdateCard::new(id).bind(self.client)
    }

    /// `DELETE /cards/{id}`: deletes a card for good.
    pub fn delete(&self, id: impl Into<String>) -> DeleteCard<crate::Bound<'c>> {
        DeleteCard::new(id).bind(self.client)
    }
}
