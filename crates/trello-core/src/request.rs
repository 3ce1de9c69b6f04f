//! A request on its way to the wire: built from an endpoint, then
//! authenticated, then turned into an `http::Request`.

use std::borrow::Cow;

use bytes::Bytes;
use http::{HeaderMap, HeaderValue, header};
use url::Url;

use crate::{Error, endpoint::RequestBody, meta::Method, multipart::Part, redact::redact_url};

/// A request before it is handed to the transport.
#[derive(Debug)]
pub(crate) struct PreparedRequest {
    pub(crate) method: Method,
    target: Target,
    pub(crate) headers: HeaderMap,
    pub(crate) body: RequestBody,
}

/// Where a request goes.
#[derive(Clone, Debug)]
enum Target {
    /// The URL's text, exactly as [`Url`] would serialize it: kept only for
    /// URLs whose path needs no normalisation (so parsing it could change
    /// nothing), and parsed only when something needs the [`Url`] (query
    /// or signature authentication, a download, a trace). Most calls never
    /// parse their URL: its text becomes the `http::Uri` directly.
    Text(String),
    /// A parsed URL.
    Parsed(Url),
}

/// Whether `Url` keeps `byte` of a path as it is (no percent-encoding, no
/// `\` turned into `/`, no `?` or `#` starting a query or fragment).
fn kept_in_path(byte: u8) -> bool {
    byte.is_ascii_alphanumeric()
        || matches!(
            byte,
            b'-' | b'.'
                | b'_'
                | b'~'
                | b'!'
                | b'$'
                | b'&'
                | b'\''
                | b'('
                | b')'
                | b'*'
                | b'+'
                | b','
                | b';'
                | b'='
                | b':'
                | b'@'
                | b'/'
                | b'%'
        )
}

impl PreparedRequest {
    /// Joins `path` and `query` onto `base`, with `body`.
    pub(crate) fn new(
        base: &Url,
        method: Method,
        path: &str,
        query: &[(Cow<'static, str>, String)],
        body: RequestBody,
    ) -> Result<Self, Error> {
        if !path.starts_with('/') {
            return Err(Error::invalid_input(format!(
                "request path `{path}` must start with `/`"
            )));
        }
        // Every route passes here (endpoints, raw helpers, pagination,
        // downloads): no segment may be resolved away by the URL parser. A
        // dot segment needs a `.` or a `%` (`%2e`): most paths have neither.
        if let Some(dots) = path
            .contains(['.', '%'])
            .then(|| {
                path.split('/')
                    .find(|segment| crate::params::is_dot_segment(segment))
            })
            .flatten()
        {
            return Err(Error::invalid_input(format!(
                "request path `{path}` has the dot segment `{dots}`, which would change the route; \
                 give real ids (encode a literal dot-only name as %2E…)"
            )));
        }
        let base = base.as_str().trim_end_matches('/');
        let mut joined = String::with_capacity(base.len() + path.len() + 1);
        joined.push_str(base);
        joined.push_str(path);
        let target = if path.bytes().all(kept_in_path) {
            // What `Url::parse` then `query_pairs_mut` would write, without
            // the parse: the base is a parsed URL and the path has nothing
            // to normalise.
            if !query.is_empty() {
                joined.push('?');
                let start = joined.len();
                let mut pairs = url::form_urlencoded::Serializer::for_suffix(joined, start);
                for (name, value) in query {
                    pairs.append_pair(name, value);
                }
                joined = pairs.finish();
            }
            Target::Text(joined)
        } else {
            let mut url = Url::parse(&joined).map_err(|err| {
                Error::invalid_input(format!("request path `{path}` is not valid: {err}"))
            })?;
            if !query.is_empty() {
                let mut pairs = url.query_pairs_mut();
                for (name, value) in query {
                    pairs.append_pair(name, value);
                }
            }
            Target::Parsed(url)
        };
        Ok(Self {
            method,
            target,
            headers: HeaderMap::new(),
            body,
        })
    }

    /// A request for `url` as it is, without headers or body.
    pub(crate) fn from_url(method: Method, url: Url) -> Self {
        Self {
            method,
            target: Target::Parsed(url),
            headers: HeaderMap::new(),
            body: RequestBody::Empty,
        }
    }

    /// A copy (the tests read one request two ways).
    #[cfg(test)]
    pub(crate) fn copy(&self) -> Self {
        Self {
            method: self.method,
            target: self.target.clone(),
            headers: self.headers.clone(),
            body: self.body.clone(),
        }
    }

    /// The URL, parsed now if it was kept as text.
    pub(crate) fn url(&mut self) -> Result<&mut Url, Error> {
        if let Target::Text(text) = &self.target {
            let url = Url::parse(text)
                .map_err(|err| Error::invalid_input(format!("request URL is not valid: {err}")))?;
            self.target = Target::Parsed(url);
        }
        match &mut self.target {
            Target::Parsed(url) => Ok(url),
            Target::Text(_) => Err(Error::invalid_input(
                "internal: the request URL was not parsed",
            )),
        }
    }

    /// The URL with credentials redacted, for a trace line.
    pub(crate) fn redacted_url(&self) -> String {
        match &self.target {
            Target::Parsed(url) => redact_url(url),
            Target::Text(text) => Url::parse(text)
                .map(|url| redact_url(&url))
                .unwrap_or_else(|_| "<unparsable URL>".to_owned()),
        }
    }

    /// Adds a text field to the body: a JSON member, or a text part of a
    /// multipart body; an empty body becomes a JSON object.
    pub(crate) fn add_body_field(&mut self, name: &str, value: &str) {
        match &mut self.body {
            RequestBody::Json(map) => {
                map.insert(name.to_owned(), value.into());
            }
            RequestBody::Multipart(parts) => parts.push(Part::Text {
                name: name.to_owned(),
                value: value.to_owned(),
            }),
            RequestBody::Empty => {
                let mut map = serde_json::Map::new();
                map.insert(name.to_owned(), value.into());
                self.body = RequestBody::Json(map);
            }
        }
    }

    /// The final `http::Request`.
    pub(crate) fn into_http(self, user_agent: &HeaderValue) -> Result<http::Request<Bytes>, Error> {
        let body =
            match &self.body {
                // The pipeline encodes multipart bodies itself (one boundary per
                // call), after taking them out of the request.
                RequestBody::Empty | RequestBody::Multipart(_) => Bytes::new(),
                RequestBody::Json(map) => Bytes::from(serde_json::to_vec(map).map_err(|err| {
                    Error::invalid_input(format!("body is not valid JSON: {err}"))
                })?),
            };
        // The URL's text becomes the URI's bytes as they are (no copy).
        let text = match self.target {
            Target::Text(text) => text,
            Target::Parsed(url) => String::from(url),
        };
        let uri = http::Uri::try_from(text).map_err(|err| {
            Error::invalid_input(format!("request URL is not a valid URI: {err}"))
        })?;
        let json = matches!(self.body, RequestBody::Json(_));
        let mut request = http::Request::new(body);
        *request.method_mut() = self.method.to_http();
        *request.uri_mut() = uri;
        *request.headers_mut() = self.headers;
        let headers = request.headers_mut();
        headers.insert(header::ACCEPT, HeaderValue::from_static("application/json"));
        headers.insert(header::USER_AGENT, user_agent.clone());
        if json {
            headers.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
        }
        Ok(request)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url_of(path: &str) -> Result<String, Error> {
        let base = Url::parse("https://api.trello.com/1").unwrap();
        PreparedRequest::new(&base, Method::Get, path, &[], RequestBody::Empty)
            .and_then(|mut r| Ok(r.url()?.to_string()))
    }

    /// The URL text kept without parsing is what `Url` would have written.
    #[test]
    fn unparsed_urls_are_what_the_parser_writes() {
        let base = Url::parse("http://127.0.0.1:4000/1").unwrap();
        let query: Vec<(Cow<'static, str>, String)> = vec![
            ("fields".into(), "name,idList".into()),
            ("filter".into(), "a b&c=d/é".into()),
        ];
        for path in [
            "/members/me",
            "/boards/5f0c2b1e/cards",
            "/lists/a%2Fb",
            "/a:b@c!$&'()*+,;=~-_.x",
            "/with space",
            "/back\\slash",
            "/accent/é",
            "/brace/{x}",
        ] {
            for query in [&query[..], &[]] {
                let mut fast =
                    PreparedRequest::new(&base, Method::Get, path, query, RequestBody::Empty)
                        .unwrap();
                let mut slow = Url::parse(&format!("http://127.0.0.1:4000/1{path}")).unwrap();
                if !query.is_empty() {
                    let mut pairs = slow.query_pairs_mut();
                    for (name, value) in query {
                        pairs.append_pair(name, value);
                    }
                }
                let ua = HeaderValue::from_static("t");
                let uri = fast.copy().into_http(&ua).unwrap().uri().to_string();
                assert_eq!(uri, slow.as_str(), "{path}");
                assert_eq!(fast.url().unwrap().as_str(), slow.as_str(), "{path}");
            }
        }
    }

    #[test]
    fn the_resulting_url_keeps_every_segment() {
        assert_eq!(
            url_of("/lists/a%2Fb").unwrap(),
            "https://api.trello.com/1/lists/a%2Fb"
        );
        assert_eq!(
            url_of("/cards/c/attachments/a/download/%2E%2E%2E").unwrap(),
            "https://api.trello.com/1/cards/c/attachments/a/download/%2E%2E%2E"
        );
        let encoded = crate::params::encode_path_segment("fileName", "a..b").unwrap();
        assert_eq!(
            url_of(&format!("/cards/c/attachments/a/download/{encoded}")).unwrap(),
            "https://api.trello.com/1/cards/c/attachments/a/download/a..b"
        );
    }

    #[test]
    fn dot_segments_never_reach_a_url() {
        for path in [
            "/lists/..",
            "/lists/.",
            "/lists/%2E%2E",
            "/lists/%2e",
            "/lists/.%2E/x",
            "/cards/c/attachments/a/download/%2e%2E",
        ] {
            let err = url_of(path).unwrap_err();
            assert!(matches!(err, Error::InvalidInput(_)), "{path}: {err}");
        }
    }
}
