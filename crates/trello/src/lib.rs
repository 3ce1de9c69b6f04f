#![doc = include_str!("../../../README.md")]
//!
//! # Where things are
//!
//! - [`Client`] and [`ClientBuilder`]: credentials, backend, base URL,
//!   policies. `client.boards()`, `client.cards()`, … return the resource
//!   handles of [`api`]; [`Client::send`](trello_core::Client::send) sends any
//!   [`Endpoint`].
//! - [`verbs`]: the everyday verbs (move a card, archive, comment, label,
//!   check an item) as thin wrappers over the generated endpoints.
//! - [`pagination`]: every action of a board, card or list as a stream.
//! - [`models`]: what Trello answers, as lenient serde structs.
//! - [`webhook`]: verify a delivery and read it as a typed
//!   [`webhook::WebhookDelivery`].
//! - [`authorize`], [`callback`], [`oauth1`], [`tokens`](trello_core::tokens): Trello's
//!   authorization.
//! - [`Error`]: one error type; answers carry a [`CallContext`] naming the
//!   call.
//! - [`macro@endpoint`]: declare the endpoints the SDK lacks.
#![warn(missing_docs)]
#![forbid(unsafe_code)]

extern crate self as trello;

pub mod api;
pub mod batch;
mod client;
pub mod files;
pub mod models;
pub mod pagination;
#[cfg(feature = "testing")]
pub mod testing;
pub mod verbs;
pub mod webhook;

// Each resource group's endpoints and handle, also reachable as
// `trello::api::…`.
pub use api::{
    actions, applications, boards, cards, checklists, custom_fields, emoji, enterprises, labels,
    lists, members, notifications, organizations, plugins, search, tokens, webhooks,
};

pub use client::{Backend, Client, ClientBuilder};
pub use trello_core::{
    ApiKey, Auth, AuthPlacement, Body, Bound, CallContext, Credentials, DEFAULT_MAX_BODY_SIZE,
    Endpoint, EndpointMeta, Error, IdOrShortLink, IdOrUsername, Ignored, Limit, MaxItems, Method,
    ParamKind, ParamLocation, ParamMeta, ParamValue, RequestBody, RequestParts, Result,
    SharedTransport, Token, Transport, TransportError, TransportErrorKind, TrelloId, Unbound,
};

// Trello's authorization: the authorize URL and what comes back, OAuth 1.0a,
// and the secret types they use.
pub use trello_core::{
    AppSecret, AuthorizeUrl, CallbackError, OAuth1Credentials, TokenSecret, Verifier, authorize,
    callback, oauth1, secrets, tokens::ReauthorizeHook,
};

// OAuth 2.0 (3LO): the flow, the session that refreshes, scopes, and its
// secret types.
pub use trello_core::{
    AccessToken, AuthorizationCode, ClientId, ClientSecret, PkceVerifier, RefreshToken, oauth2,
    oauth2::{OAuth2Config, OAuth2Flow, OAuth2Session, Scope as OAuth2Scope, TokenSet, TokenStore},
};

// The environment variables `Credentials::from_env` reads.
pub use trello_core::credentials::{API_KEY_ENV, TOKEN_ENV};

// The parts of a multipart upload (`request_multipart_with`'s argument).
pub use trello_core::multipart::{FilePart, Part};

// The crates public signatures name, so a user needs no direct dependency:
// `http` (requests, responses and methods of `Transport` and the webhook
// helpers), `bytes` (their bodies), `chrono` (dates), `url` (URLs),
// `async_trait` (to implement `Transport`).
pub use async_trait::async_trait;
pub use bytes;
pub use chrono;
pub use http;
pub use url;

/// Declares a typed endpoint on a request struct, for the routes the SDK
/// lacks (or your own variant of one it has).
///
/// ```text
/// #[endpoint(METHOD "/path/{placeholder}", response = Type)]
/// ```
///
/// - `METHOD`: `GET`, `POST`, `PUT` or `DELETE`.
/// - The path template, relative to the API base (`https://api.trello.com/1`),
///   with one `{placeholder}` per `#[path]` field (checked at compile time).
/// - `response = Type`: what a successful answer decodes into (any
///   `serde::Deserialize` type; `serde_json::Value` for untyped, `()` for an
///   answer you ignore).
///
/// Every field is marked `#[path]`, `#[query]` or `#[body]`, with
/// `name = "wireName"` when Trello's name differs from the field's. A
/// non-`Option` field is an argument of the generated `new`, in declaration
/// order; an `Option<T>` field is optional and gets a chainable setter of
/// its name. Path values are percent-encoded, lists comma-joined, booleans
/// written `true`/`false`, `#[body]` fields sent as a JSON object.
///
/// ```
/// use trello::endpoint;
///
/// /// The stickers of a card.
/// #[endpoint(GET "/cards/{id}/stickers", response = Vec<serde_json::Value>)]
/// #[derive(Clone, Debug)]
/// pub struct GetCardStickers {
///     /// The card's id.
///     #[path]
///     id: trello::TrelloId,
///     /// Which sticker fields to return.
///     #[query]
///     fields: Option<Vec<String>>,
/// }
///
/// # async fn run(client: trello::Client) -> trello::Result<()> {
/// let stickers = client
///     .send(GetCardStickers::new("5abbe4b7ddc1b351ef961414").fields(["image", "top"]))
///     .await?;
/// # Ok(()) }
/// ```
///
/// Mistakes are compile errors at the offending span: a placeholder without
/// its `#[path]` field, a field without a location, an unknown method.
pub use trello_macros::endpoint;

// Reliability policies: retries, timeouts, rate limits, and the clock,
// sleeper and jitter tests can replace.
pub use trello_core::policy::{self, CallOptions, RateLimitConfig, RetryPolicy, Timeouts};

// Endpoint metadata of everything linked in (see `EndpointMeta`).
pub use trello_core::meta::registry;

#[doc(hidden)]
pub use trello_core::__private;

/// One rate budget for a fleet: the rate limits shared through Redis by
/// every process using [`redis::RedisStore`] (feature `redis`):
///
/// ```no_run
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// let secret = std::env::var("TRELLO_FLEET_SECRET")?; // the same random value in every worker
/// let store = trello::redis::RedisStore::connect("redis://10.0.0.5:6379/", secret)?;
/// let client = trello::Client::builder().credentials(trello::Credentials::from_env()?).rate_limit_store(std::sync::Arc::new(store)).build()?;
/// # Ok(()) }
/// ```
#[cfg(feature = "redis")]
pub use trello_redis as redis;

/// The transport crates, for configuring a backend by hand.
pub mod backends {
    #[cfg(feature = "hyper")]
    pub use trello_hyper::HyperTransport;
    #[cfg(feature = "reqwest")]
    pub use trello_reqwest::ReqwestTransport;
}
