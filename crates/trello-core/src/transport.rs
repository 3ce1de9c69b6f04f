//! The boundary between the SDK and an HTTP client.
//!
//! A backend implements [`Transport`]: it sends one fully built request and
//! returns the whole response. Everything that is Trello's business (auth,
//! error mapping, decoding, tracing) happens above this trait, so every
//! backend behaves the same.

use std::{error::Error as StdError, fmt, sync::Arc};

use async_trait::async_trait;
use bytes::Bytes;

/// Sends HTTP requests. Implemented by `trello-reqwest`, `trello-hyper`, or
/// your own type (a test double, a recorder, a proxy).
#[async_trait]
pub trait Transport: Send + Sync + 'static {
    /// Sends `request` and reads the whole response body.
    ///
    /// A response with any status is `Ok`; only failures to get a response
    /// (connect, timeout, I/O) are errors.
    async fn send(
        &self,
        request: http::Request<Bytes>,
    ) -> Result<http::Response<Bytes>, TransportError>;
}

/// A shared, type-erased transport.
pub type SharedTransport = Arc<dyn Transport>;

#[async_trait]
impl<T: Transport + ?Sized> Transport for Arc<T> {
    async fn send(
        &self,
        request: http::Request<Bytes>,
    ) -> Result<http::Response<Bytes>, TransportError> {
        (**self).send(request).await
    }
}

/// What kind of failure a [`TransportError`] is; the retry policy reads it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// The connection could not be established (refused, DNS, TLS handshake).
    /// The request never reached the server.
    Connect,
    /// The request or response did not complete in time.
    Timeout,
    /// The connection failed while the request or response was in flight.
    Io,
    /// Anything else (an invalid request, a backend bug).
    Other,
}

impl fmt::Display for TransportErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Connect => "connect",
            Self::Timeout => "timeout",
            Self::Io => "i/o",
            Self::Other => "other",
        })
    }
}

/// A failure to get a response, with the backend's error kept as source.
#[derive(Debug)]
pub struct TransportError {
    kind: TransportErrorKind,
    source: Option<Box<dyn StdError + Send + Sync>>,
}

impl TransportError {
    /// A transport error of `kind` caused by `source`.
    pub fn new(
        kind: TransportErrorKind,
        source: impl Into<Box<dyn StdError + Send + Sync>>,
    ) -> Self {
        Self {
            kind,
            source: Some(source.into()),
        }
    }

    /// A transport error of `kind` with no underlying error.
    pub fn from_kind(kind: TransportErrorKind) -> Self {
        Self { kind, source: None }
    }

    /// The kind of failure.
    pub fn kind(&self) -> TransportErrorKind {
        self.kind
    }

    /// Whether the request is known not to have reached the server.
    pub fn is_connect(&self) -> bool {
        self.kind == TransportErrorKind::Connect
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} error", self.kind)?;
        if let Some(source) = &self.source {
            write!(f, ": {source}")?;
        }
        Ok(())
    }
}

impl StdError for TransportError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.source
            .as_deref()
            .map(|source| source as &(dyn StdError + 'static))
    }
}
