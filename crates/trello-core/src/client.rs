//! The client and its request pipeline: build, authenticate, send, map the
//! answer to an error or decode it.

use std::{borrow::Cow, fmt, sync::Arc};

use bytes::Bytes;
use http::HeaderValue;
use serde::de::DeserializeOwned;
use tracing::Instrument;
use url::Url;

use crate::{
    Auth, AuthPlacement, Credentials, Error,
    base_url::{DEFAULT_BASE_URL, parse_base_url},
    endpoint::{Endpoint, RequestBody, RequestParts},
    error::error_from_response,
    meta::Method,
    request::PreparedRequest,
    transport::{SharedTransport, Transport},
};

/// The `User-Agent` sent by default.
pub const DEFAULT_USER_AGENT: &str = concat!("trello-rs/", env!("CARGO_PKG_VERSION"));

/// A Trello client: a transport, a base URL and credentials. Cheap to clone;
/// clones share everything.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    transport: SharedTransport,
    base_url: Url,
    auth: Auth,
    user_agent: HeaderValue,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url.as_str())
            .field("auth", &self.inner.auth)
            .finish_non_exhaustive()
    }
}

/// Builds a [`Client`].
#[derive(Default)]
pub struct ClientBuilder {
    transport: Option<SharedTransport>,
    base_url: Option<String>,
    credentials: Option<Credentials>,
    placement: AuthPlacement,
    auth: Option<Auth>,
    user_agent: Option<String>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("has_transport", &self.transport.is_some())
            .field("base_url", &self.base_url)
            .field("credentials", &self.credentials)
            .field("placement", &self.placement)
            .field("auth", &self.auth)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    /// A builder with no transport, the default base URL and no credentials.
    pub fn new() -> Self {
        Self::default()
    }

    /// The backend that sends requests.
    pub fn transport(mut self, transport: impl Transport) -> Self {
        self.transport = Some(Arc::new(transport));
        self
    }

    /// A backend shared with other clients.
    pub fn shared_transport(mut self, transport: SharedTransport) -> Self {
        self.transport = Some(transport);
        self
    }

    /// Whether a transport was given.
    pub fn has_transport(&self) -> bool {
        self.transport.is_some()
    }

    /// The API base (default `https://api.trello.com/1`). Must be https,
    /// except for loopback hosts; checked by [`ClientBuilder::build`].
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Authenticate with `credentials`, in the `Authorization` header unless
    /// [`ClientBuilder::auth_placement`] says otherwise.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(credentials);
        self
    }

    /// Where the key and token travel (default: the `Authorization` header).
    pub fn auth_placement(mut self, placement: AuthPlacement) -> Self {
        self.placement = placement;
        self
    }

    /// Any authentication scheme; replaces what
    /// [`ClientBuilder::credentials`] set.
    pub fn auth(mut self, auth: Auth) -> Self {
        self.auth = Some(auth);
        self
    }

    /// The `User-Agent` header (default `trello-rs/<version>`).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// Checks the settings and builds the client.
    pub fn build(self) -> Result<Client, Error> {
        let transport = self.transport.ok_or_else(|| {
            Error::invalid_input(
                "no transport: give one with ClientBuilder::transport, or build the client \
                 through the `trello` crate with its `reqwest` or `hyper` feature",
            )
        })?;
        let base_url = parse_base_url(self.base_url.as_deref().unwrap_or(DEFAULT_BASE_URL))?;
        let user_agent = self.user_agent.as_deref().unwrap_or(DEFAULT_USER_AGENT);
        let user_agent = HeaderValue::from_str(user_agent).map_err(|_| {
            Error::invalid_input(
                "user agent has characters a header cannot carry; use visible ASCII",
            )
        })?;
        let auth = match (self.auth, self.credentials) {
            (Some(auth), _) => auth,
            (None, Some(credentials)) => Auth::KeyToken {
                credentials,
                placement: self.placement,
            },
            (None, None) => Auth::None,
        };
        Ok(Client {
            inner: Arc::new(Inner {
                transport,
                base_url,
                auth,
                user_agent,
            }),
        })
    }
}

impl Client {
    /// A builder.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::new()
    }

    /// The API base URL requests go to.
    pub fn base_url(&self) -> &Url {
        &self.inner.base_url
    }

    /// The authentication in use.
    pub fn auth(&self) -> &Auth {
        &self.inner.auth
    }

    /// The transport in use.
    pub fn transport(&self) -> &SharedTransport {
        &self.inner.transport
    }

    /// Sends `endpoint` and decodes the answer.
    pub async fn send<E: Endpoint>(&self, endpoint: E) -> Result<E::Response, Error> {
        let response = self.send_raw(&endpoint).await?;
        decode(E::META.method, E::META.path, response.body())
    }

    /// Sends `endpoint` and returns the successful answer undecoded (status,
    /// headers and body bytes). Non-success answers are still errors.
    pub async fn send_raw<E: Endpoint>(
        &self,
        endpoint: &E,
    ) -> Result<http::Response<Bytes>, Error> {
        let meta = E::META;
        let parts = endpoint.to_parts()?;
        self.execute(meta.method, meta.path, parts).await
    }

    /// Sends a request to a route the SDK has no endpoint for and returns the
    /// answer as JSON: the escape hatch. `path` is relative to the base URL
    /// (e.g. `/boards/5f0c…/plugins`); the caller encodes its segments.
    pub async fn request_json(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, &str)],
        body: Option<serde_json::Value>,
    ) -> Result<serde_json::Value, Error> {
        let parts = raw_parts(path, query, body)?;
        let response = self.execute(method, path, parts).await?;
        decode(method, path, response.body())
    }

    /// Like [`Client::request_json`], returning the raw answer.
    pub async fn request_bytes(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, &str)],
        body: Option<serde_json::Value>,
    ) -> Result<http::Response<Bytes>, Error> {
        let parts = raw_parts(path, query, body)?;
        self.execute(method, path, parts).await
    }

    /// The pipeline: authenticate, send, map non-success answers to errors.
    /// `template` names the route in the tracing span.
    async fn execute(
        &self,
        method: Method,
        template: &str,
        parts: RequestParts,
    ) -> Result<http::Response<Bytes>, Error> {
        let span = tracing::debug_span!(
            "trello.request",
            route = %format_args!("{method} {template}"),
            status = tracing::field::Empty,
            attempt = 1u32,
        );
        async {
            let mut prepared = PreparedRequest::new(&self.inner.base_url, method, parts)?;
            self.inner.auth.apply(&mut prepared)?;
            let request = prepared.into_http(&self.inner.user_agent)?;
            let response = self.inner.transport.send(request).await.map_err(|err| {
                tracing::debug!(kind = %err.kind(), "transport failure");
                Error::Transport(err)
            })?;
            let status = response.status();
            tracing::Span::current().record("status", status.as_u16());
            if status.is_success() {
                Ok(response)
            } else {
                let err = error_from_response(status, response.headers(), response.body());
                tracing::debug!(error = %err, "request failed");
                Err(err)
            }
        }
        .instrument(span)
        .await
    }
}

fn raw_parts(
    path: &str,
    query: &[(&str, &str)],
    body: Option<serde_json::Value>,
) -> Result<RequestParts, Error> {
    if path.contains(['?', '#']) {
        return Err(Error::invalid_input(format!(
            "path `{path}` contains `?` or `#`; pass query pairs separately"
        )));
    }
    let body = match body {
        None => RequestBody::Empty,
        Some(serde_json::Value::Object(map)) => RequestBody::Json(map),
        Some(_) => {
            return Err(Error::invalid_input("a request body must be a JSON object"));
        }
    };
    Ok(RequestParts {
        path: path.to_owned(),
        query: query
            .iter()
            .map(|(k, v)| (Cow::Owned((*k).to_owned()), (*v).to_owned()))
            .collect(),
        body,
    })
}

/// Decodes a JSON body into `T`, naming the JSON path that failed.
pub fn decode<T: DeserializeOwned>(
    method: Method,
    template: &str,
    body: &[u8],
) -> Result<T, Error> {
    let body: &[u8] = if body.iter().all(u8::is_ascii_whitespace) {
        b"null"
    } else {
        body
    };
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    serde_path_to_error::deserialize(&mut deserializer).map_err(|err| {
        let path = err.path().to_string();
        let inner = err.into_inner();
        Error::Decode {
            route: format!("{method} {template}"),
            path,
            message: inner.to_string(),
        }
    })
}
