//! A [transport](trello_core::Transport) for the Trello SDK on [reqwest](https://docs.rs/reqwest),
//! with rustls. It holds no Trello logic: it sends what the core built.
#![warn(missing_docs)]
#![forbid(unsafe_code)]

use async_trait::async_trait;
use bytes::Bytes;
use http_body_util::BodyExt as _;
use trello_core::{Body, Transport, TransportError, TransportErrorKind};

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

/// Whether hyper (under reqwest) judged the answer's bytes not to be HTTP
/// (a bad status line, bad or conflicting headers such as two
/// `Content-Length`s).
fn is_malformed(err: &(dyn std::error::Error + 'static)) -> bool {
    let mut source = Some(err);
    while let Some(inner) = source {
        if let Some(hyper) = inner.downcast_ref::<hyper::Error>()
            && (hyper.is_parse() || hyper.is_parse_status())
        {
            return true;
        }
        source = inner.source();
    }
    false
}

fn transport_error(err: reqwest::Error) -> TransportError {
    // reqwest's messages include the URL, which may carry credentials in its
    // query string: keep only the error without its URL.
    let err = err.without_url();
    let kind = if is_malformed(&err) {
        TransportErrorKind::Protocol
    } else if err.is_connect() {
        TransportErrorKind::Connect
    } else {
        match TransportErrorKind::from_chain(&err, kind_of(&err)) {
            // reqwest's own timeout wins over what the chain shows.
            _ if err.is_timeout() => TransportErrorKind::Timeout,
            kind => kind,
        }
    };
    TransportError::new(kind, err)
}

#[async_trait]
impl Transport for ReqwestTransport {
    async fn send(
        &self,
        request: http::Request<Bytes>,
    ) -> Result<http::Response<Body>, TransportError> {
        let request = reqwest::Request::try_from(request).map_err(transport_error)?;
        let response = self
            .client
            .execute(request)
            .await
            .map_err(transport_error)?;
        // The body stays on the wire: the core reads it as far as it wants.
        let response = http::Response::<reqwest::Body>::from(response);
        Ok(response.map(|body| Body::new(body.map_err(transport_error))))
    }
}
