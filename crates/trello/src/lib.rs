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
    ApiKey, Auth, AuthPlacement, Body, Bound, CallContext, DEFAULT_MAX_BODY_SIZE, Endpoint,
    EndpointMeta, IdOrShortLink, IdOrUsername, Ignored, Limit, MaxItems, Method, ParamKind,
    ParamLocation, ParamMeta, ParamValue, RequestBody, RequestParts, Result, SharedTransport,
    Token, Transport, TransportError, TransportErrorKind, TrelloId, Unbound,
};

/// How a client proves who it is, in each of Trello's schemes: an API key
/// and a token (in the header, the query or the body), OAuth 1.0a or
/// OAuth 2.0 (the last two as [`Auth`] values):
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # let sandbox = trello_sandbox::Sandbox::start(trello_sandbox::SandboxConfig::default()).await?;
/// # let token = sandbox.issue_token("read,write", "1hour").await;
/// # let (api_url, my_key, my_token) = (sandbox.api_url(), sandbox.app_key(), token.as_str());
/// use trello::oauth2::{MemoryTokenStore, OAuth2Config, OAuth2Session};
/// use trello::{Auth, AuthPlacement, Client, Credentials, OAuth1Credentials};
///
/// // Key and token (`Credentials::from_env()` reads TRELLO_API_KEY and TRELLO_TOKEN).
/// let credentials = Credentials::new(my_key, my_token);
/// assert!(!format!("{credentials:?}").contains(my_token)); // Debug redacts both
/// let client = Client::builder().base_url(&api_url).credentials(credentials.clone()).build()?;
/// let in_query = Client::builder()
///     .base_url(&api_url)
///     .credentials(credentials)
///     .auth_placement(AuthPlacement::Query) // default: the Authorization header
///     .build()?;
/// assert_eq!(client.members().get("me").await?.id, in_query.members().get("me").await?.id);
///
/// // OAuth 1.0a: every call signed with the app's secret and the token's.
/// let oauth1 = Auth::oauth1(OAuth1Credentials::new(my_key, "app-secret", "access-token", "token-secret"));
/// // OAuth 2.0: Bearer tokens the session refreshes (see `trello::oauth2`).
/// let config = OAuth2Config::public("my-client-id", "http://127.0.0.1:8765/callback")?;
/// let oauth2 = Auth::oauth2(OAuth2Session::new(config, MemoryTokenStore::new()));
/// let signed = Client::builder().auth(oauth1).build()?;
/// # let _ = (signed, oauth2);
/// # Ok(()) }
/// ```
pub use trello_core::Credentials;

/// What a call can fail with. Match on the cases you handle; the answers
/// from Trello name the call (method, route, path id) they came from:
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # let sandbox = trello_sandbox::Sandbox::start(trello_sandbox::SandboxConfig::default()).await?;
/// # let token = sandbox.issue_token("read,write", "1hour").await;
/// # let client = trello::Client::builder().base_url(sandbox.api_url()).credentials(trello::Credentials::new(sandbox.app_key(), token.as_str())).build()?;
/// # let board = client.boards().create("Roadmap").await?;
/// # client.boards().delete(board.id.as_str()).await?;
/// use trello::Error;
///
/// // `board` was deleted a moment ago.
/// let outcome = match client.boards().get(board.id.as_str()).await {
///     Ok(board) => format!("found {:?}", board.name),
///     Err(err @ Error::NotFound { .. }) => format!("gone: {err}"), // …on GET /boards/{id} (id `…`)
///     Err(err) if err.needs_reauthorization() => "ask the user to authorize again".into(),
///     Err(err) if err.is_retryable() => format!("try again later: {err}"),
///     Err(err) => return Err(err.into()),
/// };
/// assert!(outcome.contains("GET /boards/{id}"), "{outcome}");
///
/// // Bad input fails before the wire, saying what was wrong.
/// let err = client.lists().get("my list").await.unwrap_err();
/// assert!(matches!(err, Error::InvalidInput(_)), "{err}");
/// # Ok(()) }
/// ```
pub use trello_core::Error;

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
