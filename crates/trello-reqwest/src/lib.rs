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

/// The request as reqwest's own, as `reqwest::Request::try_from` makes it
/// but for the URL's text: that formats the `Uri` through `Display`, which
/// costs more than parsing the URL itself on a small call; the text is
/// joined from the `Uri`'s parts here, to the same bytes.
fn to_reqwest(request: http::Request<Bytes>) -> Result<reqwest::Request, TransportError> {
    let (parts, body) = request.into_parts();
    if !parts.extensions.is_empty() {
        // Extensions have no public setter on `reqwest::Request`.
        return reqwest::Request::try_from(http::Request::from_parts(parts, body))
            .map_err(transport_error);
    }
    let url = reqwest::Url::parse(&uri_text(&parts.uri))
        .map_err(|err| TransportError::new(TransportErrorKind::Other, err))?;
    let mut out = reqwest::Request::new(parts.method, url);
    *out.headers_mut() = parts.headers;
    *out.version_mut() = parts.version;
    *out.body_mut() = Some(reqwest::Body::from(body));
    Ok(out)
}

/// The text `Uri`'s `Display` writes: scheme, authority, path, query.
fn uri_text(uri: &http::Uri) -> String {
    let scheme = uri.scheme_str();
    let authority = uri.authority().map(http::uri::Authority::as_str);
    let path = uri.path();
    let query = uri.query();
    let mut text = String::with_capacity(
        scheme.map_or(0, |s| s.len() + 3)
            + authority.map_or(0, str::len)
            + path.len()
            + query.map_or(0, |q| q.len() + 1),
    );
    if let Some(scheme) = scheme {
        text.push_str(scheme);
        text.push_str("://");
    }
    if let Some(authority) = authority {
        text.push_str(authority);
    }
    text.push_str(path);
    if let Some(query) = query {
        text.push('?');
        text.push_str(query);
    }
    text
}

#[async_trait]
impl Transport for ReqwestTransport {
    async fn send(
        &self,
        request: http::Request<Bytes>,
    ) -> Result<http::Response<Body>, TransportError> {
        let request = to_reqwest(request)?;
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The URL text is what `Uri`'s `Display` writes, so the request is
    /// the one `reqwest::Request::try_from` would make.
    #[test]
    fn requests_convert_as_reqwest_converts_them() {
        for uri in [
            "http://127.0.0.1:4000/1/members/me",
            "https://api.trello.com/1/boards/5f0c/cards?fields=name,idList&limit=10",
            "https://api.trello.com/1/search?query=a%20b%26c&x=%C3%A9",
            "http://[::1]:8080/1/members/me?key=k&token=t",
            "https://api.trello.com",
            "https://user@api.trello.com/1/a:b@c!$&'()*+,;=~-_.x",
        ] {
            let parsed: http::Uri = uri.parse().unwrap();
            assert_eq!(uri_text(&parsed), parsed.to_string(), "{uri}");
            let request = http::Request::builder()
                .method(http::Method::POST)
                .uri(parsed)
                .header("authorization", "OAuth x")
                .body(Bytes::from_static(b"{}"))
                .unwrap();
            let theirs = reqwest::Request::try_from(request.clone()).unwrap();
            let ours = to_reqwest(request).unwrap();
            assert_eq!(ours.url(), theirs.url(), "{uri}");
            assert_eq!(ours.method(), theirs.method());
            assert_eq!(ours.headers(), theirs.headers());
            assert_eq!(ours.version(), theirs.version());
            assert_eq!(
                ours.body().and_then(reqwest::Body::as_bytes),
                theirs.body().and_then(reqwest::Body::as_bytes)
            );
        }
    }
}
