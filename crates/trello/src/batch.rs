//! Many GET requests in few calls: Trello's `GET /batch`.
//!
//! `GET /1/batch` runs up to 10 GET routes in one call and answers with one
//! item per route, in order. [`Client::batch_get`] takes any number of GET
//! endpoints of one type, sends them 10 at a time, and gives back each
//! result typed (or its own error) in input order;
//! [`Client::batch_get_json`] does the same for routes of different types
//! ([`BatchRoute`]) with JSON results.
//!
//! ```no_run
//! # async fn run(client: trello::Client) -> trello::Result<()> {
//! use trello::api::GetCard;
//!
//! let ids = ["5abbe4b7ddc1b351ef961414", "5abbe4b7ddc1b351ef961415"];
//! let cards = client.batch_get(ids.iter().map(|id| GetCard::new(*id))).await?;
//! for card in cards {
//!     match card {
//!         Ok(card) => println!("{}", card.name.unwrap_or_default()),
//!         Err(err) => println!("failed: {err}"),
//!     }
//! }
//! # Ok(()) }
//! ```
//!
//! Each route inherits the call's credentials, which never appear in the
//! routes themselves. A route that fails is mapped to the same [`Error`]
//! variants as a direct call would be (404 → [`Error::NotFound`], 401
//! `invalid token` → [`Error::InvalidToken`], …); a failure of the batch
//! call itself fails the whole call.

use std::borrow::Cow;

use serde_json::Value;
use trello_core::{
    EndpointMeta, ParamKind, RequestBody, RequestParts, client::decode, error::error_from_response,
};

use crate::{Client, Endpoint, Error, Method, ParamMeta, Result};

/// The most routes Trello accepts in one `GET /batch` call.
pub const MAX_ROUTES_PER_CALL: usize = 10;

/// The `GET /batch` request: its `urls` parameter is the comma-joined routes.
struct BatchCall {
    urls: String,
}

const BATCH_PARAMS: &[ParamMeta] = &[ParamMeta {
    name: "urls",
    field: "urls",
    location: crate::ParamLocation::Query,
    kind: ParamKind::String,
    list: false,
    required: true,
    allowed: &[],
}];

impl Endpoint for BatchCall {
    type Response = Vec<Value>;

    // Not registered in the endpoint registry: `crate::api::GetBatch` is
    // the declared endpoint; this is the helper's own view of it.
    const META: &'static EndpointMeta = &EndpointMeta {
        name: "BatchCall",
        module: module_path!(),
        method: Method::Get,
        path: "/batch",
        params: BATCH_PARAMS,
        scopes: &[],
        deprecated: false,
    };

    fn to_parts(&self) -> Result<RequestParts> {
        Ok(RequestParts {
            path: "/batch".to_owned(),
            query: vec![(Cow::Borrowed("urls"), self.urls.clone())],
            body: RequestBody::Empty,
        })
    }
}

/// One GET route of a batch: the endpoint's path and encoded query,
/// relative to the API base and without credentials (e.g.
/// `/boards/5abbe4b7ddc1b351ef961414?fields=name%2Cdesc`).
///
/// Commas inside a route are percent-encoded so that Trello's split of
/// `urls` on commas keeps each route whole.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BatchRoute {
    route: String,
    template: &'static str,
}

impl BatchRoute {
    /// The route of `endpoint`, which must be a GET endpoint without a body;
    /// fails with [`Error::InvalidInput`] otherwise, or when a parameter is
    /// invalid.
    pub fn new<E: Endpoint>(endpoint: &E) -> Result<Self> {
        let meta = E::META;
        if meta.method != Method::Get {
            return Err(Error::invalid_input(format!(
                "`{} {}` cannot be batched: GET /batch runs only GET routes; send it on its own",
                meta.method, meta.path
            )));
        }
        let parts = endpoint.to_parts()?;
        if !matches!(&parts.body, RequestBody::Empty) {
            return Err(Error::invalid_input(format!(
                "`GET {}` has a body, which GET /batch cannot carry; send it on its own",
                meta.path
            )));
        }
        Ok(Self {
            route: route_of(&parts)?,
            template: meta.path,
        })
    }

    /// The route as it goes into `urls`.
    pub fn as_str(&self) -> &str {
        &self.route
    }

    /// The route template of the endpoint it was built from (e.g.
    /// `/boards/{id}`), used in decode errors.
    pub fn template(&self) -> &'static str {
        self.template
    }
}

/// `path?query`, with commas in the path or query percent-encoded.
fn route_of(parts: &RequestParts) -> Result<String> {
    if !parts.path.starts_with('/') || parts.path.contains(['?', '#']) {
        return Err(Error::invalid_input(format!(
            "route path `{}` must start with `/` and carry no `?` or `#`",
            parts.path
        )));
    }
    // Path segments are already percent-encoded; a literal comma may only
    // come from a hand-written path, and would split the route.
    let mut route = parts.path.replace(',', "%2C");
    if !parts.query.is_empty() {
        // form-urlencoding escapes `,`, `&`, `=`, `#` and `%` in values.
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        for (name, value) in &parts.query {
            query.append_pair(name, value);
        }
        route.push('?');
        route.push_str(&query.finish());
    }
    Ok(route)
}

impl Client {
    /// Sends any number of GET endpoints of one type through `GET /batch`,
    /// 10 routes per call, one call after another, and returns each
    /// result in input order: the decoded answer, or that route's own
    /// error.
    ///
    /// Fails as a whole, before anything is sent, when an endpoint is not a
    /// GET or has an invalid parameter ([`Error::InvalidInput`]); and, after
    /// the calls already made, when a batch call itself fails or its answer
    /// does not hold one item per route.
    pub async fn batch_get<E: Endpoint>(
        &self,
        endpoints: impl IntoIterator<Item = E>,
    ) -> Result<Vec<Result<E::Response>>> {
        let routes = endpoints
            .into_iter()
            .enumerate()
            .map(|(i, endpoint)| {
                BatchRoute::new(&endpoint).map_err(|err| match err {
                    Error::InvalidInput(message) => {
                        Error::invalid_input(format!("batch item {i}: {message}"))
                    }
                    other => other,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let items = self.batch_items(&routes).await?;
        Ok(items
            .into_iter()
            .zip(&routes)
            .map(|(item, route)| {
                item.and_then(|body| decode_item::<E::Response>(route.template, &body))
            })
            .collect())
    }

    /// Like [`Client::batch_get`], for routes of different types: each
    /// result is the route's JSON answer, or its own error.
    pub async fn batch_get_json(
        &self,
        routes: impl IntoIterator<Item = BatchRoute>,
    ) -> Result<Vec<Result<Value>>> {
        let routes: Vec<BatchRoute> = routes.into_iter().collect();
        self.batch_items(&routes).await
    }

    /// Sends `routes` in chunks of 10 and splits each answer into items.
    async fn batch_items(&self, routes: &[BatchRoute]) -> Result<Vec<Result<Value>>> {
        let mut results = Vec::with_capacity(routes.len());
        for chunk in routes.chunks(MAX_ROUTES_PER_CALL) {
            let urls = chunk
                .iter()
                .map(BatchRoute::as_str)
                .collect::<Vec<_>>()
                .join(",");
            let items = self.send(BatchCall { urls }).await?;
            if items.len() != chunk.len() {
                return Err(Error::Decode {
                    route: "GET /batch".to_owned(),
                    path: String::new(),
                    message: format!(
                        "asked for {} routes, got {} items; the answer cannot be matched to the routes",
                        chunk.len(),
                        items.len()
                    ),
                });
            }
            results.extend(items.into_iter().map(item_result));
        }
        Ok(results)
    }
}

/// One item of Trello's answer: `{"200": body}` on success; on failure
/// `{"404": "message"}` or an error object with a `statusCode`.
fn item_result(item: Value) -> Result<Value> {
    let unexpected = |item: &Value| Error::Decode {
        route: "GET /batch".to_owned(),
        path: String::new(),
        message: format!(
            "a batch item is neither {{\"<status>\": body}} nor an error object with a \
             `statusCode`: {}",
            shorten(&item.to_string())
        ),
    };
    let Value::Object(mut fields) = item else {
        return Err(unexpected(&item));
    };
    let keyed = if fields.len() == 1 {
        fields
            .keys()
            .next()
            .and_then(|key| http_status(key).map(|status| (key.clone(), status)))
    } else {
        None
    };
    let (status, body) = match keyed {
        Some((key, status)) => (status, fields.remove(&key).unwrap_or(Value::Null)),
        None => {
            let status = match fields.get("statusCode") {
                Some(Value::Number(n)) => n.as_u64().and_then(|n| http_status(&n.to_string())),
                Some(Value::String(s)) => http_status(s.trim()),
                _ => None,
            };
            match status {
                Some(status) => (status, Value::Object(fields)),
                None => return Err(unexpected(&Value::Object(fields))),
            }
        }
    };
    let Ok(status) = http::StatusCode::from_u16(status) else {
        return Err(unexpected(&body));
    };
    if status.is_success() {
        return Ok(body);
    }
    let text = match &body {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    };
    Err(error_from_response(
        status,
        &http::HeaderMap::new(),
        text.as_bytes(),
    ))
}

/// Decodes a route's JSON answer, naming the route and JSON path on failure.
fn decode_item<T: serde::de::DeserializeOwned>(template: &str, body: &Value) -> Result<T> {
    let bytes = serde_json::to_vec(body).map_err(|err| Error::Decode {
        route: format!("GET {template}"),
        path: String::new(),
        message: err.to_string(),
    })?;
    decode(Method::Get, template, &bytes)
}

/// `text` as an HTTP status (three digits, 100 to 599).
fn http_status(text: &str) -> Option<u16> {
    if text.len() != 3 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok().filter(|n| (100..600).contains(n))
}

fn shorten(text: &str) -> String {
    const MAX: usize = 200;
    if text.len() <= MAX {
        return text.to_owned();
    }
    let mut end = MAX;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &text[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_map_to_results() {
        let ok = item_result(serde_json::json!({"200": {"id": "a"}})).expect("success");
        assert_eq!(ok["id"], "a");
        let err = item_result(serde_json::json!({"404": "The requested resource was not found."}))
            .expect_err("404");
        assert!(matches!(err, Error::NotFound { .. }), "{err:?}");
        let err = item_result(serde_json::json!({
            "name": "ERROR", "message": "invalid id", "statusCode": 400
        }))
        .expect_err("400");
        assert_eq!(err.status(), Some(http::StatusCode::BAD_REQUEST));
        assert!(err.to_string().contains("invalid id"), "{err}");
        let err = item_result(serde_json::json!({"401": "invalid token"})).expect_err("401");
        assert!(matches!(err, Error::InvalidToken), "{err:?}");
        assert!(matches!(
            item_result(serde_json::json!([1])),
            Err(Error::Decode { .. })
        ));
        assert!(matches!(
            item_result(serde_json::json!({"a": 1, "b": 2})),
            Err(Error::Decode { .. })
        ));
    }

    #[test]
    fn routes_keep_commas_inside() {
        let parts = RequestParts {
            path: "/boards/abc".to_owned(),
            query: vec![
                (Cow::Borrowed("fields"), "name,desc".to_owned()),
                (Cow::Borrowed("q"), "a&b=c #d".to_owned()),
            ],
            body: RequestBody::Empty,
        };
        assert_eq!(
            route_of(&parts).expect("route"),
            "/boards/abc?fields=name%2Cdesc&q=a%26b%3Dc+%23d"
        );
    }
}
