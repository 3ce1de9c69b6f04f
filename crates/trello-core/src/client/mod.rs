//! The client and its request pipeline: check, wait for the rate limiter,
//! authenticate, send under a timeout, map the answer to an error, retry
//! what is safe to retry, decode.

use std::{borrow::Cow, fmt, sync::Arc};

use bytes::Bytes;
use http::HeaderValue;
use url::Url;

use crate::{
    Auth, Error,
    endpoint::{Endpoint, RequestBody, RequestParts},
    meta::Method,
    multipart::Part,
    oauth2::{PendingAuthorization, TokenCall},
    policy::{
        CallOptions, JitterSource, RetryPolicy, SharedClock, SharedSleeper, Timeouts,
        rate_limit::RateLimiter,
    },
    tokens::ReauthorizeHook,
    transport::{Body, SharedTransport},
};

mod builder;
mod download;
mod pipeline;
#[cfg(test)]
mod tests;

pub use builder::ClientBuilder;
pub use download::MAX_DOWNLOAD_REDIRECTS;
pub use pipeline::decode;
use pipeline::{Shape, buffered};

/// The `User-Agent` sent by default.
pub const DEFAULT_USER_AGENT: &str = concat!("trello-rs/", env!("CARGO_PKG_VERSION"));

/// The default cap on an answer body read into memory: 128 MiB (see
/// `ClientBuilder::max_body_size`).
pub const DEFAULT_MAX_BODY_SIZE: u64 = 128 * 1024 * 1024;

/// A Trello client: a transport, a base URL, credentials and the reliability
/// policies. Cheap to clone; clones share everything, the rate limiter
/// included, so all clones and tasks together stay under Trello's limits.
///
/// The `trello` crate wraps it with a backend and the resource handles
/// (`client.boards()`, …); on its own it sends any [`Endpoint`] or raw
/// request through the [`Transport`](crate::Transport) it is given:
///
/// ```
/// use trello_core::transport::{Body, Transport, TransportError};
/// use trello_core::{Client, Credentials, Method};
///
/// # struct Canned;
/// # #[async_trait::async_trait]
/// # impl Transport for Canned {
/// #     async fn send(&self, _request: http::Request<bytes::Bytes>) -> Result<http::Response<Body>, TransportError> {
/// #         Ok(http::Response::new(Body::from(r#"{"id":"5abbe4b7ddc1b351ef961414","username":"ann"}"#)))
/// #     }
/// # }
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), trello_core::Error> {
/// let client = Client::builder()
///     .transport(Canned) // any `Transport`: reqwest, hyper, a test double
///     .credentials(Credentials::new("my-api-key", "my-token"))
///     .build()?;
/// let me = client.request_json(Method::Get, "/members/me", &[], None).await?;
/// assert_eq!(me["username"], "ann");
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    transport: SharedTransport,
    base_url: Url,
    auth: Auth,
    /// The `Authorization` header of [`Auth::KeyToken`], made once.
    key_token_header: Option<HeaderValue>,
    user_agent: HeaderValue,
    retry: RetryPolicy,
    timeouts: Timeouts,
    limiter: Arc<RateLimiter>,
    clock: SharedClock,
    sleeper: SharedSleeper,
    jitter: Arc<dyn JitterSource>,
    reauthorize: Option<ReauthorizeHook>,
    max_body_size: u64,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url.as_str())
            .field("auth", &self.inner.auth)
            .field("retry", &self.inner.retry)
            .field("timeouts", &self.inner.timeouts)
            .field("rate_limiter", &self.inner.limiter)
            .field("max_body_size", &self.inner.max_body_size)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A builder.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::new()
    }

    /// The API base URL requests go to.
    pub fn base_url(&self) -> &Url {
        &self.inner.base_url
    }

    /// The authentication in use.
    pub fn auth(&self) -> &Auth {
        &self.inner.auth
    }

    /// The transport in use.
    pub fn transport(&self) -> &SharedTransport {
        &self.inner.transport
    }

    /// The retry policy.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.retry
    }

    /// The time limits.
    pub fn timeouts(&self) -> &Timeouts {
        &self.inner.timeouts
    }

    /// The largest answer body read into memory, in bytes (see
    /// `ClientBuilder::max_body_size`).
    pub fn max_body_size(&self) -> u64 {
        self.inner.max_body_size
    }

    /// Sends `endpoint` and decodes the answer.
    pub async fn send<E: Endpoint>(&self, endpoint: E) -> Result<E::Response, Error> {
        self.send_with(endpoint, CallOptions::default()).await
    }

    /// Like [`Client::send`](Self::send), with per-call settings, e.g. allowing a POST
    /// to be retried:
    /// `client.send_with(endpoint, CallOptions::new().retry_post(true))`.
    pub async fn send_with<E: Endpoint>(
        &self,
        endpoint: E,
        options: CallOptions,
    ) -> Result<E::Response, Error> {
        let meta = E::META;
        let parts = endpoint.to_parts()?;
        let response = self
            .execute(
                meta.method,
                meta.path,
                parts,
                options,
                Shape::Plain,
                meta.scopes,
            )
            .await?;
        decode(meta.method, meta.path, buffered(response).body())
    }

    /// Sends `endpoint` and returns the successful answer undecoded (status,
    /// headers and body bytes). Non-success answers are still errors.
    pub async fn send_raw<E: Endpoint>(
        &self,
        endpoint: &E,
    ) -> Result<http::Response<Bytes>, Error> {
        self.send_raw_with(endpoint, CallOptions::default()).await
    }

    /// Like [`Client::send_raw`](crate::Client::send_raw), with per-call settings.
    pub async fn send_raw_with<E: Endpoint>(
        &self,
        endpoint: &E,
        options: CallOptions,
    ) -> Result<http::Response<Bytes>, Error> {
        let meta = E::META;
        let parts = endpoint.to_parts()?;
        self.execute(
            meta.method,
            meta.path,
            parts,
            options,
            Shape::Plain,
            meta.scopes,
        )
        .await
        .map(buffered)
    }

    /// Sends a request to a route the SDK has no endpoint for and returns the
    /// answer as JSON: the escape hatch. `path` is relative to the base URL
    /// (e.g. `/boards/5f0c…/plugins`); the caller encodes its segments.
    pub async fn request_json(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, &str)],
        body: Option<serde_json::Value>,
    ) -> Result<serde_json::Value, Error> {
        self.request_json_with(method, path, query, body, CallOptions::default())
            .await
    }

    /// Like [`Client::request_json`](Client::request_json()), with per-call settings.
    pub async fn request_json_with(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, &str)],
        body: Option<serde_json::Value>,
        options: CallOptions,
    ) -> Result<serde_json::Value, Error> {
        let parts = raw_parts(path, query, body)?;
        let response = self
            .execute(method, path, parts, options, Shape::Plain, &[])
            .await?;
        decode(method, path, buffered(response).body())
    }

    /// Like [`Client::request_json`](Self::request_json), returning the raw answer.
    pub async fn request_bytes(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, &str)],
        body: Option<serde_json::Value>,
    ) -> Result<http::Response<Bytes>, Error> {
        self.request_bytes_with(method, path, query, body, CallOptions::default())
            .await
    }

    /// Like [`Client::request_bytes`](Self::request_bytes), with per-call settings.
    pub async fn request_bytes_with(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, &str)],
        body: Option<serde_json::Value>,
        options: CallOptions,
    ) -> Result<http::Response<Bytes>, Error> {
        let parts = raw_parts(path, query, body)?;
        self.execute(method, path, parts, options, Shape::Plain, &[])
            .await
            .map(buffered)
    }

    /// Sends a `multipart/form-data` request (a file upload) to `path`,
    /// relative to the base URL, and returns the successful answer
    /// undecoded. `parts` are the form's fields and files in order; with
    /// [`AuthPlacement::Body`](crate::AuthPlacement::Body) the key and token travel as two more text
    /// fields. Like any POST, it is retried only when `options` allow it.
    pub async fn request_multipart_with(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, &str)],
        parts: &[Part],
        options: CallOptions,
    ) -> Result<http::Response<Bytes>, Error> {
        let request_parts = raw_parts(path, query, None)?;
        self.execute(
            method,
            path,
            request_parts,
            options,
            Shape::Multipart(parts),
            &[],
        )
        .await
        .map(buffered)
    }

    /// GETs a file (e.g. an attachment's bytes) at `path`, relative to the
    /// base URL, with `Accept: */*`. Key and token always travel in the
    /// `Authorization` header, whatever the client's placement, so they
    /// never appear in the URL; OAuth 1.0a signs as usual.
    ///
    /// Redirects (301, 302, 303, 307, 308: Trello sends attachment downloads
    /// to its storage host) are followed up to `MAX_DOWNLOAD_REDIRECTS`
    /// times, https only (http only to loopback); the credentials go only to
    /// the API's own origin and to `https://api.trello.com` /
    /// `https://trello.com` (exact hosts), never to a storage host, a
    /// look-alike or plain http. Other calls never follow redirects.
    ///
    /// The answer's body is handed back unread: a `Body` to read chunk by
    /// chunk (it is a `Stream`), so memory stays bounded whatever the file's
    /// size. The attempt timeout covers the answer's head, then each wait
    /// for the next chunk (a stalled body fails with a timeout; a long
    /// download that keeps moving is never cut).
    pub async fn download_with(
        &self,
        path: &str,
        options: CallOptions,
    ) -> Result<http::Response<Body>, Error> {
        let parts = raw_parts(path, &[], None)?;
        self.execute(Method::Get, path, parts, options, Shape::Download, &[])
            .await
    }

    /// How the client sends token requests: its transport and time limits.
    pub(crate) fn token_call(&self) -> TokenCall<'_> {
        TokenCall {
            transport: &self.inner.transport,
            timeouts: &self.inner.timeouts,
            user_agent: &self.inner.user_agent,
        }
    }

    /// OAuth 2.0 sign-in, second half: reads `callback` (the URL the
    /// browser came back to) for `pending`, checks its `state`, exchanges
    /// the code through this client's transport and hands the tokens to the
    /// session of [`Auth::OAuth2`], which saves them to its store.
    ///
    /// Fails with [`Error::InvalidInput`] when the client does not use
    /// OAuth 2.0 or the state does not match, [`Error::OAuth2`] when the
    /// user denied, [`Error::ConsentRequired`] for a bad code or verifier.
    pub async fn oauth2_sign_in(
        &self,
        pending: &PendingAuthorization,
        callback: &str,
    ) -> Result<(), Error> {
        let Auth::OAuth2(session) = &self.inner.auth else {
            return Err(Error::invalid_input(
                "this client does not use OAuth 2.0; build it with Auth::oauth2(session)",
            ));
        };
        let code = pending.accept(callback)?;
        let tokens = crate::oauth2::exchange(
            self.token_call(),
            session.config(),
            pending,
            &code,
            session.now(),
        )
        .await?;
        session.set_tokens(tokens).await
    }

    /// The URL to send the user to when `err` says the token no longer works
    /// ([`Error::InvalidToken`]), from the hook given to
    /// [`ClientBuilder::reauthorize`](crate::ClientBuilder::reauthorize); `None` for other errors or without a
    /// hook.
    pub fn reauthorize_url(&self, err: &Error) -> Option<&Url> {
        self.inner.reauthorize.as_ref()?.check_quietly(err)
    }
}

fn raw_parts(
    path: &str,
    query: &[(&str, &str)],
    body: Option<serde_json::Value>,
) -> Result<RequestParts, Error> {
    if path.contains(['?', '#']) {
        return Err(Error::invalid_input(format!(
            "path `{path}` contains `?` or `#`; pass query pairs separately"
        )));
    }
    let body = match body {
        None => RequestBody::Empty,
        Some(serde_json::Value::Object(map)) => RequestBody::Json(map),
        Some(_) => {
            return Err(Error::invalid_input("a request body must be a JSON object"));
        }
    };
    Ok(RequestParts {
        path: path.to_owned(),
        query: query
            .iter()
            .map(|(k, v)| (Cow::Owned((*k).to_owned()), (*v).to_owned()))
            .collect(),
        body,
    })
}
