//! A [transport](trello_core::Transport) for the Trello SDK on [reqwest](https://docs.rs/reqwest),
//! with rustls. It holds no Trello logic: it sends what the core built.
#![warn(missing_docs)]
#![forbid(unsafe_code)]

use async_trait::async_trait;
use bytes::Bytes;
use trello_core::{Transport, TransportError, TransportErrorKind};

/// Sends requests with a `reqwest::Client`.
///
/// Redirects are not followed: the answer goes back to the SDK as it came,
/// as with every backend (a redirect must never carry credentials to
/// another host behind the caller's back).
#[derive(Clone, Debug)]
pub struct ReqwestTransport {
    client: reqwest::Client,
}

impl ReqwestTransport {
    /// A transport on a new `reqwest::Client` (rustls, no redirects).
    ///
    /// Fails when the TLS backend cannot be set up.
    pub fn new() -> Result<Self, TransportError> {
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(transport_error)?;
        Ok(Self { client })
    }

    /// A transport on an existing client (to share its pool, proxy or TLS
    /// settings).
    pub fn with_client(client: reqwest::Client) -> Self {
        Self { client }
    }

    /// The underlying client.
    pub fn client(&self) -> &reqwest::Client {
        &self.client
    }
}

fn kind_of(err: &reqwest::Error) -> TransportErrorKind {
    if err.is_timeout() {
        TransportErrorKind::Timeout
    } else if err.is_connect() {
        TransportErrorKind::Connect
    } else if err.is_request() || err.is_body() || err.is_decode() {
        TransportErrorKind::Io
    } else if err.is_builder() {
        TransportErrorKind::Other
    } else {
        TransportErrorKind::Io
    }
}

fn transport_error(err: reqwest::Error) -> TransportError {
    // reqwest's messages include the URL, which may carry credentials in its
    // query string: keep only the error without its URL.
    let err = err.without_url();
    TransportError::new(kind_of(&err), err)
}

#[async_trait]
impl Transport for ReqwestTransport {
    async fn send(
        &self,
        request: http::Request<Bytes>,
    ) -> Result<http::Response<Bytes>, TransportError> {
        let request = reqwest::Request::try_from(request).map_err(transport_error)?;
        let response = self
            .client
            .execute(request)
            .await
            .map_err(transport_error)?;
        let status = response.status();
        let version = response.version();
        let headers = response.headers().clone();
        let body = response.bytes().await.map_err(transport_error)?;
        let mut out = http::Response::new(body);
        *out.status_mut() = status;
        *out.version_mut() = version;
        *out.headers_mut() = headers;
        Ok(out)
    }
}
