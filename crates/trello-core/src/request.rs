//! A request on its way to the wire: built from an endpoint, then
//! authenticated, then turned into an `http::Request`.

use bytes::Bytes;
use http::{HeaderMap, HeaderValue, header};
use url::Url;

use crate::{
    Error,
    endpoint::{RequestBody, RequestParts},
    meta::Method,
    multipart::Part,
};

/// A request before it is handed to the transport.
#[derive(Debug)]
pub(crate) struct PreparedRequest {
    pub(crate) method: Method,
    pub(crate) url: Url,
    pub(crate) headers: HeaderMap,
    pub(crate) body: RequestBody,
}

impl PreparedRequest {
    /// Joins `parts` onto `base`.
    pub(crate) fn new(base: &Url, method: Method, parts: RequestParts) -> Result<Self, Error> {
        if !parts.path.starts_with('/') {
            return Err(Error::invalid_input(format!(
                "request path `{}` must start with `/`",
                parts.path
            )));
        }
        // Every route passes here (endpoints, raw helpers, pagination,
        // downloads): no segment may be resolved away by the URL parser.
        if let Some(dots) = parts
            .path
            .split('/')
            .find(|segment| crate::params::is_dot_segment(segment))
        {
            return Err(Error::invalid_input(format!(
                "request path `{}` has the dot segment `{dots}`, which would change the route; \
                 give real ids (encode a literal dot-only name as %2E…)",
                parts.path
            )));
        }
        let joined = format!("{}{}", base.as_str().trim_end_matches('/'), parts.path);
        let mut url = Url::parse(&joined).map_err(|err| {
            Error::invalid_input(format!("request path `{}` is not valid: {err}", parts.path))
        })?;
        if !parts.query.is_empty() {
            let mut pairs = url.query_pairs_mut();
            for (name, value) in &parts.query {
                pairs.append_pair(name, value);
            }
        }
        Ok(Self {
            method,
            url,
            headers: HeaderMap::new(),
            body: parts.body,
        })
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
        let uri: http::Uri = self.url.as_str().parse().map_err(|err| {
            Error::invalid_input(format!("request URL is not a valid URI: {err}"))
        })?;
        let mut request = http::Request::new(body);
        *request.method_mut() = self.method.to_http();
        *request.uri_mut() = uri;
        *request.headers_mut() = self.headers;
        let headers = request.headers_mut();
        headers.insert(header::ACCEPT, HeaderValue::from_static("application/json"));
        headers.insert(header::USER_AGENT, user_agent.clone());
        if matches!(self.body, RequestBody::Json(_)) {
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
        let parts = RequestParts {
            path: path.to_owned(),
            query: Vec::new(),
            body: RequestBody::Empty,
        };
        PreparedRequest::new(&base, Method::Get, parts).map(|r| r.url.to_string())
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
