//! The core of the Trello SDK: credentials and how they are placed, the
//! [`Transport`] trait backends implement, endpoint metadata, the error type,
//! and the request pipeline of [`Client`].
//!
//! Users depend on the `trello` crate, which re-exports what is needed from
//! here. This crate names no HTTP client.
#![warn(missing_docs)]
#![forbid(unsafe_code)]

pub mod auth;
pub mod authorize;
pub mod base_url;
pub mod callback;
pub mod checked;
pub mod client;
pub mod credentials;
pub mod endpoint;
pub mod error;
pub mod meta;
pub mod multipart;
pub mod oauth1;
pub mod oauth2;
pub mod params;
pub mod policy;
pub mod redact;
mod request;
pub mod secrets;
pub mod tokens;
pub mod transport;
pub mod webhook;

pub use auth::{Auth, AuthPlacement};
pub use authorize::AuthorizeUrl;
pub use callback::CallbackError;
pub use checked::{IdOrShortLink, IdOrUsername, Limit, MaxItems, TrelloId};
pub use client::{Client, ClientBuilder, DEFAULT_MAX_BODY_SIZE};
pub use credentials::{ApiKey, Credentials, Token};
pub use endpoint::{Bound, Endpoint, Ignored, RequestBody, RequestParts, Unbound};
pub use error::{CallContext, Error};
pub use meta::{EndpointMeta, Method, ParamKind, ParamLocation, ParamMeta};
pub use oauth1::OAuth1Credentials;
pub use params::ParamValue;
pub use policy::{CallOptions, RateLimitConfig, RetryPolicy, Timeouts};
pub use secrets::{
    AccessToken, AppSecret, AuthorizationCode, ClientId, ClientSecret, PkceVerifier, RefreshToken,
    TokenSecret, Verifier,
};
pub use transport::{Body, SharedTransport, Transport, TransportError, TransportErrorKind};

/// A `Result` whose error is [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What `#[endpoint]`'s generated code refers to. Not a public API.
#[doc(hidden)]
pub mod __private {
    pub use crate::client::Client;
    pub use crate::endpoint::{BodyBuilder, Bound, Endpoint, RequestBody, RequestParts, Unbound};
    pub use crate::error::Error;
    pub use crate::meta::{ENDPOINTS, EndpointMeta, Method, ParamLocation, ParamMeta};
    pub use crate::params::{ParamValue, encode_path_segment, fill_encoded_path, fill_path};
    pub use linkme;
    pub use serde_json;
}
