//! The boundary between the SDK and an HTTP client.
//!
//! A backend implements [`Transport`]: it sends one fully built request and
//! returns the response with its body as a stream (`Body`). The core
//! decides how much of a body it reads: JSON answers are read up to a size
//! cap while they arrive (see `ClientBuilder::max_body_size`), downloads
//! are handed to the caller chunk by chunk. Everything that is Trello's
//! business (auth, error mapping, decoding, tracing) happens above this
//! trait, so every backend behaves the same.

use std::{
    error::Error as StdError,
    fmt,
    pin::Pin,
    sync::Arc,
    task::{Context, Poll},
};

use async_trait::async_trait;
use bytes::Bytes;
use http_body::{Frame, SizeHint};

/// Sends HTTP requests. Implemented by `trello-reqwest`, `trello-hyper`, or
/// your own type (a test double, a recorder, a proxy).
///
/// A test double answers with a body built from bytes:
///
/// ```
/// # use trello_core::transport::{Body, Transport, TransportError};
/// struct Canned;
///
/// #[async_trait::async_trait]
/// impl Transport for Canned {
///     async fn send(
///         &self,
///         _request: http::Request<bytes::Bytes>,
///     ) -> Result<http::Response<Body>, TransportError> {
///         Ok(http::Response::new(Body::from(r#"{"id":"1"}"#)))
///     }
/// }
/// ```
#[async_trait]
pub trait Transport: Send + Sync + 'static {
    /// Sends `request` and returns the response as soon as its head (status
    /// and headers) has arrived; the body is read by the caller, through
    /// `Body`, as far as it wants. Dropping the body unread closes the
    /// connection rather than draining it.
    ///
    /// A response with any status is `Ok`; only failures to get a response
    /// (connect, timeout, I/O, a malformed answer) are errors. Errors while
    /// the body is read come out of the `Body`.
    async fn send(
        &self,
        request: http::Request<Bytes>,
    ) -> Result<http::Response<Body>, TransportError>;
}

/// A shared, type-erased transport.
pub type SharedTransport = Arc<dyn Transport>;

#[async_trait]
impl<T: Transport + ?Sized> Transport for Arc<T> {
    async fn send(
        &self,
        request: http::Request<Bytes>,
    ) -> Result<http::Response<Body>, TransportError> {
        (**self).send(request).await
    }
}

type BoxedBody = Pin<Box<dyn http_body::Body<Data = Bytes, Error = TransportError> + Send>>;

/// The body of a response: bytes already in memory, or a stream of chunks
/// arriving from the network.
///
/// It is an `http_body::Body` (so `http-body-util`'s combinators apply)
/// and a `futures_core::Stream` of data chunks. Build one from bytes
/// ([`Body::from`] a `Bytes`, `Vec<u8>`, `String` or `&'static str`,
/// [`Body::empty`]), from any `http_body::Body` ([`Body::new`]) or from a
/// stream of chunks ([`Body::from_stream`]).
pub struct Body {
    inner: Inner,
}

enum Inner {
    /// Bytes in memory; `None` once they were handed out.
    Full(Option<Bytes>),
    /// A streamed body.
    Streamed(BoxedBody),
}

impl Body {
    /// An empty body.
    pub fn empty() -> Self {
        Self {
            inner: Inner::Full(None),
        }
    }

    /// A body streamed from `body`, whose errors are already transport
    /// errors (map a backend's error with `http_body_util::BodyExt::map_err`).
    pub fn new<B>(body: B) -> Self
    where
        B: http_body::Body<Data = Bytes, Error = TransportError> + Send + 'static,
    {
        Self {
            inner: Inner::Streamed(Box::pin(body)),
        }
    }

    /// A body made of the chunks of `stream`.
    pub fn from_stream<S>(stream: S) -> Self
    where
        S: futures_core::Stream<Item = Result<Bytes, TransportError>> + Send + 'static,
    {
        Self::new(http_body_util::StreamBody::new(MapFrames(Box::pin(stream))))
    }

    /// The bytes of a body built in memory, without reading anything;
    /// `None` for a streamed body.
    pub(crate) fn into_full(self) -> Option<Bytes> {
        match self.inner {
            Inner::Full(bytes) => Some(bytes.unwrap_or_default()),
            Inner::Streamed(_) => None,
        }
    }

    /// Reads the whole body, failing with [`crate::Error::BodyTooLarge`]
    /// as soon as it exceeds `limit` bytes (the rest is not read: drop the
    /// response to close its connection).
    pub async fn collect_limited(self, limit: u64) -> Result<Bytes, crate::Error> {
        read_limited(self, limit, "the response").await
    }

    /// Reads the next data chunk; `None` at the end. Trailers are skipped.
    pub async fn next_chunk(&mut self) -> Option<Result<Bytes, TransportError>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next_chunk(cx)).await
    }

    fn poll_next_chunk(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Bytes, TransportError>>> {
        loop {
            return match http_body::Body::poll_frame(self.as_mut(), cx) {
                Poll::Pending => Poll::Pending,
                Poll::Ready(None) => Poll::Ready(None),
                Poll::Ready(Some(Err(err))) => Poll::Ready(Some(Err(err))),
                Poll::Ready(Some(Ok(frame))) => match frame.into_data() {
                    Ok(data) if data.is_empty() => continue,
                    Ok(data) => Poll::Ready(Some(Ok(data))),
                    Err(_trailers) => continue,
                },
            };
        }
    }
}

/// Reads `body` whole through `http_body_util::Limited`, failing with
/// [`crate::Error::BodyTooLarge`] (naming `route`) past `limit` bytes. A
/// declared `Content-Length` over the limit fails before anything is read.
pub(crate) async fn read_limited(
    body: Body,
    limit: u64,
    route: &str,
) -> Result<Bytes, crate::Error> {
    use http_body_util::BodyExt as _;

    let too_large = || crate::Error::BodyTooLarge {
        route: route.to_owned(),
        limit,
    };
    if http_body::Body::size_hint(&body).lower() > limit {
        return Err(too_large());
    }
    let cap = usize::try_from(limit).unwrap_or(usize::MAX);
    let mut body = http_body_util::Limited::new(body, cap);
    // The frames are gathered here rather than with `collect()`, whose
    // buffer list allocates on every call: most answers come as one chunk,
    // which is then the body as it is (no copy, no allocation).
    let mut first: Option<Bytes> = None;
    let mut joined: Vec<u8> = Vec::new();
    while let Some(frame) = body.frame().await {
        let frame = match frame {
            Ok(frame) => frame,
            Err(err) => {
                if err.is::<http_body_util::LengthLimitError>() {
                    return Err(too_large());
                }
                return Err(match err.downcast::<TransportError>() {
                    Ok(transport) => crate::Error::Transport(*transport),
                    Err(other) => {
                        crate::Error::Transport(TransportError::new(TransportErrorKind::Io, other))
                    }
                });
            }
        };
        // Trailers are skipped.
        let Ok(data) = frame.into_data() else {
            continue;
        };
        if data.is_empty() {
            continue;
        }
        match first.take() {
            None if joined.is_empty() => first = Some(data),
            earlier => {
                if let Some(earlier) = earlier {
                    joined.extend_from_slice(&earlier);
                }
                joined.extend_from_slice(&data);
            }
        }
    }
    Ok(first.unwrap_or_else(|| Bytes::from(joined)))
}

impl Default for Body {
    fn default() -> Self {
        Self::empty()
    }
}

impl fmt::Debug for Body {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.inner {
            Inner::Full(bytes) => f
                .debug_struct("Body")
                .field("len", &bytes.as_ref().map_or(0, Bytes::len))
                .finish(),
            Inner::Streamed(_) => f.debug_struct("Body").field("streamed", &true).finish(),
        }
    }
}

impl From<Bytes> for Body {
    fn from(bytes: Bytes) -> Self {
        Self {
            inner: Inner::Full((!bytes.is_empty()).then_some(bytes)),
        }
    }
}

impl From<Vec<u8>> for Body {
    fn from(bytes: Vec<u8>) -> Self {
        Self::from(Bytes::from(bytes))
    }
}

impl From<String> for Body {
    fn from(text: String) -> Self {
        Self::from(Bytes::from(text))
    }
}

impl From<&'static str> for Body {
    fn from(text: &'static str) -> Self {
        Self::from(Bytes::from_static(text.as_bytes()))
    }
}

impl From<&'static [u8]> for Body {
    fn from(bytes: &'static [u8]) -> Self {
        Self::from(Bytes::from_static(bytes))
    }
}

impl http_body::Body for Body {
    type Data = Bytes;
    type Error = TransportError;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, TransportError>>> {
        match &mut self.inner {
            Inner::Full(bytes) => Poll::Ready(bytes.take().map(|b| Ok(Frame::data(b)))),
            Inner::Streamed(body) => body.as_mut().poll_frame(cx),
        }
    }

    fn is_end_stream(&self) -> bool {
        match &self.inner {
            Inner::Full(bytes) => bytes.is_none(),
            Inner::Streamed(body) => body.is_end_stream(),
        }
    }

    fn size_hint(&self) -> SizeHint {
        match &self.inner {
            Inner::Full(bytes) => {
                SizeHint::with_exact(bytes.as_ref().map_or(0, |b| b.len() as u64))
            }
            Inner::Streamed(body) => body.size_hint(),
        }
    }
}

impl futures_core::Stream for Body {
    type Item = Result<Bytes, TransportError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.poll_next_chunk(cx)
    }
}

/// Turns a stream of chunks into a stream of data frames (boxed, so it is
/// `Unpin` whatever the stream).
struct MapFrames<S>(Pin<Box<S>>);

impl<S> futures_core::Stream for MapFrames<S>
where
    S: futures_core::Stream<Item = Result<Bytes, TransportError>>,
{
    type Item = Result<Frame<Bytes>, TransportError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.0
            .as_mut()
            .poll_next(cx)
            .map(|item| item.map(|chunk| chunk.map(Frame::data)))
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
    /// The server's answer was not valid HTTP (a bad status line, a bad
    /// chunk size, conflicting `Content-Length` headers). Not retried: a
    /// server that answers garbage once usually does again.
    Protocol,
    /// Anything else (an invalid request, a backend bug).
    Other,
}

impl TransportErrorKind {
    /// The kind a backend's error chain shows, for backends to share: an
    /// I/O error of kind `InvalidData` or `InvalidInput` in the chain (an
    /// HTTP decoder's verdict on the bytes: a bad chunk size, a bad length)
    /// is [`Protocol`](Self::Protocol), `TimedOut` is
    /// [`Timeout`](Self::Timeout); anything else is `fallback`.
    pub fn from_chain(err: &(dyn StdError + 'static), fallback: Self) -> Self {
        let mut source = Some(err);
        while let Some(err) = source {
            if let Some(io) = err.downcast_ref::<std::io::Error>() {
                match io.kind() {
                    std::io::ErrorKind::InvalidData | std::io::ErrorKind::InvalidInput => {
                        return Self::Protocol;
                    }
                    std::io::ErrorKind::TimedOut => return Self::Timeout,
                    _ => {}
                }
            }
            source = err.source();
        }
        fallback
    }
}

impl fmt::Display for TransportErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Connect => "connect",
            Self::Timeout => "timeout",
            Self::Io => "i/o",
            Self::Protocol => "protocol",
            Self::Other => "other",
        })
    }
}

/// A failure to get a response, with the backend's error kept as source.
///
/// Its Display names the cause in words (connection refused, connection
/// reset, TLS, malformed answer, timed out) and the `host:port` talked to,
/// then the backend's whole error chain; never a URL's path or query, so no
/// credential.
#[derive(Debug)]
pub struct TransportError {
    kind: TransportErrorKind,
    source: Option<Box<dyn StdError + Send + Sync>>,
    target: Option<String>,
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
            target: None,
        }
    }

    /// A transport error of `kind` with no underlying error.
    pub fn from_kind(kind: TransportErrorKind) -> Self {
        Self {
            kind,
            source: None,
            target: None,
        }
    }

    /// The same error, naming `host:port` (the core sets it from the
    /// request's URL; give only a host and port, never a full URL).
    pub fn with_target(mut self, host_port: impl Into<String>) -> Self {
        self.target = Some(host_port.into());
        self
    }

    /// The kind of failure.
    pub fn kind(&self) -> TransportErrorKind {
        self.kind
    }

    /// The `host:port` the request went to, when known.
    pub fn target(&self) -> Option<&str> {
        self.target.as_deref()
    }

    /// Whether the request is known not to have reached the server.
    pub fn is_connect(&self) -> bool {
        self.kind == TransportErrorKind::Connect
    }

    /// The cause in words, read from the kind and the error chain.
    pub fn cause(&self) -> &'static str {
        let mut source: Option<&(dyn StdError + 'static)> = self
            .source
            .as_deref()
            .map(|s| s as &(dyn StdError + 'static));
        let mut tls = false;
        while let Some(err) = source {
            if let Some(io) = err.downcast_ref::<std::io::Error>() {
                match io.kind() {
                    std::io::ErrorKind::ConnectionRefused => return "connection refused",
                    std::io::ErrorKind::ConnectionReset
                    | std::io::ErrorKind::ConnectionAborted
                    | std::io::ErrorKind::BrokenPipe => return "connection reset",
                    std::io::ErrorKind::UnexpectedEof => return "connection closed early",
                    _ => {}
                }
            }
            let text = err.to_string().to_ascii_lowercase();
            if text.contains("certificate") || text.contains("tls") || text.contains("handshake") {
                tls = true;
            }
            source = err.source();
        }
        match self.kind {
            TransportErrorKind::Protocol => "malformed HTTP answer",
            TransportErrorKind::Timeout => "timed out",
            _ if tls => "TLS failure",
            TransportErrorKind::Connect => "could not connect",
            TransportErrorKind::Io => "connection failed mid-exchange",
            TransportErrorKind::Other => "request failed",
        }
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.cause())?;
        if let Some(target) = &self.target {
            write!(f, " ({target})")?;
        }
        write!(f, " [{} error]", self.kind)?;
        // The whole chain, skipping a message its parent already contains.
        let mut previous = String::new();
        let mut source: Option<&(dyn StdError + 'static)> = self
            .source
            .as_deref()
            .map(|s| s as &(dyn StdError + 'static));
        while let Some(err) = source {
            let text = err.to_string();
            if !text.is_empty() && !previous.contains(&text) {
                write!(f, ": {text}")?;
            }
            previous = text;
            source = err.source();
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

#[cfg(test)]
mod tests {
    use super::*;

    fn chunked(chunks: &[&'static [u8]]) -> Body {
        let chunks: Vec<Result<Bytes, TransportError>> = chunks
            .iter()
            .map(|chunk| Ok(Bytes::from_static(chunk)))
            .collect();
        Body::from_stream(futures_util::stream::iter(chunks))
    }

    /// Chunks are joined in order (empty ones skipped), one chunk is the
    /// body as it came, and the limit counts every chunk.
    #[tokio::test]
    async fn bodies_are_read_whole_up_to_their_limit() {
        let body = chunked(&[b"{\"a\":", b"", b"1,", b"\"b\":2}"]);
        assert_eq!(
            body.collect_limited(64).await.unwrap(),
            &b"{\"a\":1,\"b\":2}"[..]
        );
        let one = Bytes::from_static(b"[1,2,3]");
        let read = read_limited(Body::from(one.clone()), 7, "r").await.unwrap();
        assert_eq!(read, one);
        assert_eq!(read.as_ptr(), one.as_ptr(), "one chunk is not copied");
        let err = read_limited(chunked(&[b"12345", b"678"]), 7, "GET /x")
            .await
            .unwrap_err();
        assert!(
            matches!(&err, crate::Error::BodyTooLarge { route, limit: 7 } if route == "GET /x"),
            "{err:?}"
        );
        assert_eq!(chunked(&[]).collect_limited(1).await.unwrap(), Bytes::new());
    }
}
