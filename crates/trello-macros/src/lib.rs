//! The `#[endpoint]` attribute of the Trello SDK.
//!
//! Use it through the `trello` crate (`use trello::endpoint;`); this crate is
//! its implementation. The attribute turns a request struct into a typed
//! endpoint:
//!
//! ```ignore
//! use trello::endpoint;
//!
//! /// A board by id.
//! #[endpoint(GET "/boards/{id}", response = Board)]
//! #[derive(Clone, Debug)]
//! pub struct GetBoard {
//!     /// The board's id.
//!     #[path]
//!     id: String,
//!     /// Include the plugin data of the cards.
//!     #[query(name = "card_pluginData")]
//!     card_plugin_data: Option<bool>,
//! }
//!
//! // GetBoard::new(id).card_plugin_data(true): send with `client.send(..)`,
//! // or `.bind(&client).await`.
//! ```
//!
//! Arguments: the HTTP method (`GET`, `POST`, `PUT`, `DELETE`), the path
//! template relative to the API base with a `{placeholder}` per `#[path]`
//! field, `response = Type` (what a successful answer decodes into), and
//! optionally `crate = path` to name the crate whose `__private` module the
//! generated code uses (default `::trello`).
//! `scopes = ["read:board:trello", ...]` names the OAuth 2.0 scopes the
//! operation requires (default none); they land in the endpoint's metadata.
//! A struct marked `#[deprecated]` gets `deprecated: true` in its metadata,
//! and the generated impls allow the lint, so only users' own uses warn.
//!
//! Every field is marked `#[path]`, `#[query]` or `#[body]`, optionally with
//! `name = "wireName"` when Trello's name is not the field's. An `Option<T>`
//! field is optional and gets a chainable setter; the others are arguments of
//! `new`, in declaration order.
//!
//! Inside, the macro is a small pipeline: `parse` reads the
//! attribute and the struct, `validate` checks them against
//! each other and builds a model, `expand` writes the code. Any
//! error becomes a `compile_error!` at the offending span, next to the struct
//! emitted without the macro's helper attributes so that no follow-on error
//! is raised.
#![warn(missing_docs)]
#![forbid(unsafe_code)]

mod expand;
mod parse;
mod validate;

#[cfg(test)]
mod snapshots;

use proc_macro::TokenStream;

/// Declares a typed Trello endpoint on a request struct. See the crate docs.
#[proc_macro_attribute]
pub fn endpoint(args: TokenStream, item: TokenStream) -> TokenStream {
    expand::endpoint(args.into(), item.into()).into()
}
