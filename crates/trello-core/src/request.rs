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
