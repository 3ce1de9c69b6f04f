//! OAuth 2.0 (three-legged, "3LO") for Trello: the authorization-code grant
//! with PKCE (S256), Bearer calls, refresh tokens that rotate, and scopes.
//!
//! 1. Register the app: [`OAuth2Config::public`] (a CLI, desktop app or
//!    Power-Up front end: no secret) or [`OAuth2Config::confidential`].
//! 2. [`AuthorizeRequest::start`] draws a PKCE verifier and a `state` from
//!    the OS RNG and builds the consent URL; keep the
//!    [`PendingAuthorization`] until the callback.
//! 3. [`PendingAuthorization::accept`] reads the callback (checking `state`
//!    in constant time); [`OAuth2Flow::exchange`] trades the code for a
//!    [`TokenSet`] through any [`Transport`](crate::Transport).
//! 4. An [`OAuth2Session`] in [`Auth::OAuth2`](crate::Auth::OAuth2) signs
//!    every call with `Authorization: Bearer …`, refreshes ahead of expiry
//!    (one request however many calls wait), and hands every rotated
//!    refresh token to the app's [`TokenStore`].
//!
//! The protocol is written here rather than with the `oauth2` crate: that
//! crate sends token requests form-encoded (RFC 6749 §4.1.3), while
//! Atlassian's token endpoint is documented with a JSON body, and its HTTP
//! client trait would be a second path to the wire beside our
//! [`Transport`](crate::Transport) (with its own timeouts, retries and
//! logging). What it would save — PKCE and the token answer — is a SHA-256
//! (the `sha2` crate), base64url and a JSON object, tested below against
//! RFC 7636's own example.

mod authorize;
mod config;
#[cfg(feature = "file-token-store")]
mod file_store;
mod scope;
mod session;
mod store;
mod token;

use std::time::SystemTime;

use http::HeaderValue;
use serde_json::json;

pub use authorize::{
    AuthorizeRequest, CallbackAnswer, PendingAuthorization, parse_callback, pkce_challenge,
};
pub use config::{DEFAULT_AUTHORIZE_URL, DEFAULT_TOKEN_URL, OAuth2Config};
#[cfg(feature = "file-token-store")]
pub use file_store::FileTokenStore;
pub use scope::{Scope, Scopes};
pub use session::{DEFAULT_REFRESH_MARGIN, OAuth2Session, ScopeCheck, SystemWallClock, WallClock};
pub use store::{MemoryTokenStore, TokenStore};
pub use token::{MAX_EXPIRES_IN, TokenSet, parse_error_answer, parse_token_answer};

pub(crate) use token::TokenCall;

use crate::{
    Error,
    client::DEFAULT_USER_AGENT,
    policy::Timeouts,
    secrets::{AuthorizationCode, RefreshToken},
    transport::SharedTransport,
};

/// The token requests of the flow, outside a client: the code exchange, and
/// a refresh on demand. Sends through `transport` under `timeouts`, as the
/// client's pipeline does; a token request is retried only when it could
/// not connect (it is not idempotent).
#[derive(Clone)]
pub struct OAuth2Flow {
    config: OAuth2Config,
    transport: SharedTransport,
    timeouts: Timeouts,
    user_agent: HeaderValue,
}

impl std::fmt::Debug for OAuth2Flow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OAuth2Flow")
            .field("config", &self.config)
            .field("timeouts", &self.timeouts)
            .finish_non_exhaustive()
    }
}

impl OAuth2Flow {
    /// The flow of the app of `config`, sending through `transport`.
    pub fn new(config: OAuth2Config, transport: SharedTransport) -> Self {
        Self {
            config,
            transport,
            timeouts: Timeouts::default(),
            user_agent: HeaderValue::from_static(DEFAULT_USER_AGENT),
        }
    }

    /// The time limits of a token request (default: the client's defaults).
    pub fn timeouts(mut self, timeouts: Timeouts) -> Self {
        self.timeouts = timeouts;
        self
    }

    /// The app's registration.
    pub fn config(&self) -> &OAuth2Config {
        &self.config
    }

    /// A consent URL builder for `scopes`.
    pub fn authorize(&self, scopes: Scopes) -> AuthorizeRequest {
        AuthorizeRequest::new(&self.config, scopes)
    }

    fn call(&self) -> TokenCall<'_> {
        TokenCall {
            transport: &self.transport,
            timeouts: &self.timeouts,
            user_agent: &self.user_agent,
        }
    }

    /// Exchanges `code` (from [`PendingAuthorization::accept`]) for tokens,
    /// with the PKCE verifier of `pending`.
    pub async fn exchange(
        &self,
        pending: &PendingAuthorization,
        code: &AuthorizationCode,
    ) -> Result<TokenSet, Error> {
        exchange(self.call(), &self.config, pending, code, SystemTime::now()).await
    }

    /// Trades `refresh` for new tokens. The answer carries a new refresh
    /// token: save it, `refresh` is spent.
    pub async fn refresh(&self, refresh: &RefreshToken) -> Result<TokenSet, Error> {
        let mut body = json!({
            "grant_type": "refresh_token",
            "client_id": self.config.client_id.expose(),
            "refresh_token": refresh.expose(),
        });
        if let Some(secret) = &self.config.client_secret {
            body["client_secret"] = secret.expose().into();
        }
        token::post_token(
            self.call(),
            &self.config.token_url,
            "refresh_token",
            body,
            SystemTime::now(),
        )
        .await
    }
}

/// The code exchange, shared by [`OAuth2Flow`] and the client.
pub(crate) async fn exchange(
    call: TokenCall<'_>,
    config: &OAuth2Config,
    pending: &PendingAuthorization,
    code: &AuthorizationCode,
    now: SystemTime,
) -> Result<TokenSet, Error> {
    if code.expose().is_empty() {
        return Err(Error::invalid_input("the authorization code is empty"));
    }
    let mut body = json!({
        "grant_type": "authorization_code",
        "client_id": config.client_id.expose(),
        "code": code.expose(),
        "code_verifier": pending.verifier().expose(),
        "redirect_uri": pending.redirect_uri().as_str(),
    });
    if let Some(secret) = &config.client_secret {
        body["client_secret"] = secret.expose().into();
    }
    let mut tokens =
        token::post_token(call, &config.token_url, "authorization_code", body, now).await?;
    // A server that answers no `scope` granted what was asked (RFC 6749 §5.1).
    if tokens.scopes.is_none() {
        tokens.scopes = Some(pending.scopes().clone());
    }
    Ok(tokens)
}
