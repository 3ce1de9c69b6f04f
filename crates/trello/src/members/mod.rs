//! Members: the people on Trello, starting with `me`.

mod endpoints;
mod model;

pub use endpoints::GetMember;
pub use model::{BoardBackgrounds, Member};

use crate::Client;

/// Member endpoints, from [`Client::members`].
#[derive(Clone, Copy, Debug)]
pub struct Members<'c> {
    client: &'c Client,
}

impl Client {
    /// Member endpoints.
    pub fn members(&self) -> Members<'_> {
        Members { client: self }
    }
}

impl<'c> Members<'c> {
    /// `GET /members/{id}`: a member by id or username; `"me"` is the token's
    /// owner.
    pub fn get(&self, id: impl Into<String>) -> GetMember<crate::Bound<'c>> {
        GetMember::new(id).bind(self.client)
    }
}
