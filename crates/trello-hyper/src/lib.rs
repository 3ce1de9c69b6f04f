//! A [transport](trello_core::Transport) for the Trello SDK on hyper 1 (hyper-util's pooled
//! client) with a rustls connector. It holds no Trello logic.
#![warn(missing_docs)]
#![forbid(unsafe_code)]

use std::error::Error as _;

use async_trait::async_trait;
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_rustls::{HttpsConnector, HttpsConnectorBuilder};
use hyper_util::{
    client::legacy::{Client, connect::HttpConnector},
    rt::TokioExecutor,
};
use trello_core::{Body, Transport, TransportError, TransportErrorKind};

type HyperClient = Client<HttpsConnector<HttpConnector>, Full<Bytes>>;

/// Sends requests with hyper. Speaks https (rustls, the platform's roots)
/// and plain http (for loopback test servers; the core refuses http to any
/// other host).
#[derive(Clone, Debug)]
pub struct HyperTransport {
    client: HyperClient,
}

impl HyperTransport {
    /// A transport with a new connection pool. Needs a Tokio runtime when
    /// requests are sent.
    ///
    /// Fails when the platform's certificate verifier cannot be set up.
    pub fn new() -> Result<Self, TransportError> {
        let connector = HttpsConnectorBuilder::new()
            .with_provider_and_platform_verifier(rustls::crypto::aws_lc_rs::default_provider())
            .map_err(|err| TransportError::new(TransportErrorKind::Other, err))?
            .https_or_http()
            .enable_http1()
            .enable_http2()
            .build();
        Ok(Self::with_connector(connector))
    }

    /// A transport on a connector you configured (custom roots, proxies).
    pub fn with_connector(connector: HttpsConnector<HttpConnector>) -> Self {
        Self {
            client: Client::builder(TokioExecutor::new()).build(connector),
        }
    }
}

/// Whether hyper judged the answer's bytes not to be HTTP (a bad status
/// line, bad or conflicting headers such as two `Content-Length`s).
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

/// The kind of an error while the body is read.
fn body_error(err: hyper::Error) -> TransportError {
    let kind = if is_malformed(&err) {
        TransportErrorKind::Protocol
    } else {
        TransportErrorKind::from_chain(&err, TransportErrorKind::Io)
    };
    TransportError::new(kind, err)
}

fn classify(err: &hyper_util::client::legacy::Error) -> TransportErrorKind {
    if err.is_connect() {
        return TransportErrorKind::Connect;
    }
    if is_malformed(err) {
        return TransportErrorKind::Protocol;
    }
    let protocol = TransportErrorKind::from_chain(err, TransportErrorKind::Other);
    if protocol == TransportErrorKind::Protocol {
        return protocol;
    }
    let mut source = err.source();
    while let Some(inner) = source {
        if let Some(io) = inner.downcast_ref::<std::io::Error>() {
            return if io.kind() == std::io::ErrorKind::TimedOut {
                TransportErrorKind::Timeout
            } else {
                TransportErrorKind::Io
            };
        }
        if inner.downcast_ref::<hyper::Error>().is_some() {
            return TransportErrorKind::Io;
        }
        source = inner.source();
    }
    TransportErrorKind::Other
}

#[async_trait]
impl Transport for HyperTransport {
    async fn send(
        &self,
        request: http::Request<Bytes>,
    ) -> Result<http::Response<Body>, TransportError> {
        let request = request.map(Full::new);
        let response = self.client.request(request).await.map_err(|err| {
            let kind = classify(&err);
            TransportError::new(kind, err)
        })?;
        // The body stays on the wire: the core reads it as far as it wants,
        // and dropping it unread closes the connection.
        Ok(response.map(|body| Body::new(body.map_err(body_error))))
    }
}
