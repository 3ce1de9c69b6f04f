//! A typed Rust SDK for the [Trello REST API](https://developer.atlassian.com/cloud/trello/rest/).
//!
//! ```no_run
//! # async fn run() -> trello::Result<()> {
//! let client = trello::Client::from_env()?; // TRELLO_API_KEY, TRELLO_TOKEN
//! let me = client.members().get("me").await?;
//! println!("hello, {}", me.full_name.unwrap_or_default());
//! # Ok(()) }
//! ```
//!
//! Backends are chosen by features: `reqwest` (default) or `hyper`; or bring
//! your own [`Transport`].
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

/// Each resource group's endpoints and handle, also reachable as
/// `trello::api::…`.
pub use api::{
    actions, applications, boards, cards, checklists, custom_fields, emoji, enterprises, labels,
    lists, members, notifications, organizations, plugins, search, tokens, webhooks,
};

pub use client::{Backend, Client, ClientBuilder};
pub use trello_core::{
    ApiKey, Auth, AuthPlacement, Body, Bound, Credentials, DEFAULT_MAX_BODY_SIZE, Endpoint,
    EndpointMeta, Error, Ignored, Method, ParamKind, ParamLocation, ParamMeta, ParamValue,
    RequestBody, RequestParts, Result, SharedTransport, Token, Transport, TransportError,
    TransportErrorKind, Unbound,
};

// Trello's authorization: the authorize URL and what comes back, OAuth 1.0a,
// webhook verification, and the secret types they use.
pub use trello_core::{
    AppSecret, AuthorizeUrl, CallbackError, OAuth1Credentials, TokenSecret, Verifier, authorize,
    callback, oauth1, secrets, tokens::ReauthorizeHook, webhook,
};

// OAuth 2.0 (3LO): the flow, the session that refreshes, scopes, and its
// secret types.
pub use trello_core::{
    AccessToken, AuthorizationCode, ClientId, ClientSecret, PkceVerifier, RefreshToken, oauth2,
    oauth2::{OAuth2Config, OAuth2Flow, OAuth2Session, Scope as OAuth2Scope, TokenSet, TokenStore},
};

/// The environment variables [`Credentials::from_env`] reads.
pub use trello_core::credentials::{API_KEY_ENV, TOKEN_ENV};

/// Declares a typed endpoint on a request struct: see [`trello_macros`]'s
/// docs, `examples/custom_endpoint.rs`, and the endpoints of this crate.
pub use trello_macros::endpoint;

/// Reliability policies: retries, timeouts, rate limits, and the clock,
/// sleeper and jitter tests can replace.
pub use trello_core::policy::{self, CallOptions, RateLimitConfig, RetryPolicy, Timeouts};

/// Endpoint metadata of everything linked in (see [`EndpointMeta`]).
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
