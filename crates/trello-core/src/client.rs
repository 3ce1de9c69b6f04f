//! The client and its request pipeline: check, wait for the rate limiter,
//! authenticate, send under a timeout, map the answer to an error, retry
//! what is safe to retry, decode.

use std::{borrow::Cow, fmt, sync::Arc, time::Duration};

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
    multipart::{self, Part},
    policy::{
        CallOptions, Clock, JitterSource, RateLimitConfig, RetryPolicy, SharedClock, SharedSleeper,
        Sleeper, SystemClock, TimeoutScope, Timeouts, TokioSleeper,
        rate_limit::{RateLimiter, RouteClass},
        retry::{FullJitter, Progress},
        timeout::run_with_limit,
    },
    redact::RedactedUrl,
    request::PreparedRequest,
    tokens::ReauthorizeHook,
    transport::{SharedTransport, Transport},
};

/// The `User-Agent` sent by default.
pub const DEFAULT_USER_AGENT: &str = concat!("trello-rs/", env!("CARGO_PKG_VERSION"));

/// A Trello client: a transport, a base URL, credentials and the reliability
/// policies. Cheap to clone; clones share everything, the rate limiter
/// included, so all clones and tasks together stay under Trello's limits.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    transport: SharedTransport,
    base_url: Url,
    auth: Auth,
    user_agent: HeaderValue,
    retry: RetryPolicy,
    timeouts: Timeouts,
    limiter: Arc<RateLimiter>,
    clock: SharedClock,
    sleeper: SharedSleeper,
    jitter: Arc<dyn JitterSource>,
    reauthorize: Option<ReauthorizeHook>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url.as_str())
            .field("auth", &self.inner.auth)
            .field("retry", &self.inner.retry)
            .field("timeouts", &self.inner.timeouts)
            .field("rate_limiter", &self.inner.limiter)
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
    retry: RetryPolicy,
    timeouts: Timeouts,
    rate_limits: RateLimitConfig,
    clock: Option<SharedClock>,
    sleeper: Option<SharedSleeper>,
    jitter: Option<Arc<dyn JitterSource>>,
    reauthorize: Option<ReauthorizeHook>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("has_transport", &self.transport.is_some())
            .field("base_url", &self.base_url)
            .field("credentials", &self.credentials)
            .field("placement", &self.placement)
            .field("auth", &self.auth)
            .field("retry", &self.retry)
            .field("timeouts", &self.timeouts)
            .field("rate_limits", &self.rate_limits)
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

    /// How failed calls are retried (default [`RetryPolicy::default`]: 4
    /// attempts, full-jitter backoff from 500 ms capped at 10 s, 60 s budget);
    /// [`RetryPolicy::disabled`] for one attempt per call.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// The per-attempt and per-call time limits (default 30 s and 120 s).
    pub fn timeouts(mut self, timeouts: Timeouts) -> Self {
        self.timeouts = timeouts;
        self
    }

    /// The time limit of one attempt (`None`: unlimited).
    pub fn attempt_timeout(mut self, limit: Option<Duration>) -> Self {
        self.timeouts = self.timeouts.attempt(limit);
        self
    }

    /// The time limit of a whole call, retries included (`None`: unlimited).
    pub fn timeout(mut self, limit: Option<Duration>) -> Self {
        self.timeouts = self.timeouts.overall(limit);
        self
    }

    /// The proactive rate limits (default: Trello's documented ones, see
    /// [`RateLimitConfig::default`]).
    pub fn rate_limits(mut self, config: RateLimitConfig) -> Self {
        self.rate_limits = config;
        self
    }

    /// Switches proactive rate limiting and header adaptation off (429
    /// answers are still retried per the retry policy).
    pub fn no_rate_limits(self) -> Self {
        self.rate_limits(RateLimitConfig::disabled())
    }

    /// The clock the retry budget and rate limiter read (default: the
    /// monotonic system clock). Tests pass a [`crate::policy::FakeClock`].
    pub fn clock(mut self, clock: impl Clock) -> Self {
        self.clock = Some(Arc::new(clock));
        self
    }

    /// What waits between attempts and for the rate limiter (default:
    /// `tokio::time::sleep`). Tests pass a [`crate::policy::FakeClock`].
    pub fn sleeper(mut self, sleeper: impl Sleeper) -> Self {
        self.sleeper = Some(Arc::new(sleeper));
        self
    }

    /// Where backoff randomness comes from (default: [`FullJitter`], randomly
    /// seeded). [`FullJitter::seeded`] or [`crate::policy::NoJitter`] make waits
    /// reproducible.
    pub fn jitter(mut self, jitter: impl JitterSource) -> Self {
        self.jitter = Some(Arc::new(jitter));
        self
    }

    /// What to do when Trello answers 401 `invalid token` (the token was
    /// revoked or expired): every call that fails so runs the hook, which
    /// hands the app its ready authorize URL (and calls its callback, if
    /// any). [`Client::reauthorize_url`] gives the URL for an error.
    pub fn reauthorize(mut self, hook: ReauthorizeHook) -> Self {
        self.reauthorize = Some(hook);
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
        let clock = self.clock.unwrap_or_else(|| Arc::new(SystemClock::new()));
        Ok(Client {
            inner: Arc::new(Inner {
                transport,
                base_url,
                auth,
                user_agent,
                retry: self.retry,
                timeouts: self.timeouts,
                limiter: RateLimiter::new(&self.rate_limits, clock.clone()),
                clock,
                sleeper: self.sleeper.unwrap_or_else(|| Arc::new(TokioSleeper)),
                jitter: self.jitter.unwrap_or_else(|| Arc::new(FullJitter::new())),
                reauthorize: self.reauthorize,
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

    /// The retry policy.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.retry
    }

    /// The time limits.
    pub fn timeouts(&self) -> &Timeouts {
        &self.inner.timeouts
    }

    /// Sends `endpoint` and decodes the answer.
    pub async fn send<E: Endpoint>(&self, endpoint: E) -> Result<E::Response, Error> {
        self.send_with(endpoint, CallOptions::default()).await
    }

    /// Like [`Client::send`], with per-call settings, e.g. allowing a POST
    /// to be retried:
    /// `client.send_with(endpoint, CallOptions::new().retry_post(true))`.
    pub async fn send_with<E: Endpoint>(
        &self,
        endpoint: E,
        options: CallOptions,
    ) -> Result<E::Response, Error> {
        let response = self.send_raw_with(&endpoint, options).await?;
        decode(E::META.method, E::META.path, response.body())
    }

    /// Sends `endpoint` and returns the successful answer undecoded (status,
    /// headers and body bytes). Non-success answers are still errors.
    pub async fn send_raw<E: Endpoint>(
        &self,
        endpoint: &E,
    ) -> Result<http::Response<Bytes>, Error> {
        self.send_raw_with(endpoint, CallOptions::default()).await
    }

    /// Like [`Client::send_raw`], with per-call settings.
    pub async fn send_raw_with<E: Endpoint>(
        &self,
        endpoint: &E,
        options: CallOptions,
    ) -> Result<http::Response<Bytes>, Error> {
        let meta = E::META;
        let parts = endpoint.to_parts()?;
        self.execute(meta.method, meta.path, parts, options, Shape::Plain)
            .await
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
        self.request_json_with(method, path, query, body, CallOptions::default())
            .await
    }

    /// Like [`Client::request_json`], with per-call settings.
    pub async fn request_json_with(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, &str)],
        body: Option<serde_json::Value>,
        options: CallOptions,
    ) -> Result<serde_json::Value, Error> {
        let parts = raw_parts(path, query, body)?;
        let response = self
            .execute(method, path, parts, options, Shape::Plain)
            .await?;
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
        self.request_bytes_with(method, path, query, body, CallOptions::default())
            .await
    }

    /// Like [`Client::request_bytes`], with per-call settings.
    pub async fn request_bytes_with(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, &str)],
        body: Option<serde_json::Value>,
        options: CallOptions,
    ) -> Result<http::Response<Bytes>, Error> {
        let parts = raw_parts(path, query, body)?;
        self.execute(method, path, parts, options, Shape::Plain)
            .await
    }

    /// Sends a `multipart/form-data` request (a file upload) to `path`,
    /// relative to the base URL, and returns the successful answer
    /// undecoded. `parts` are the form's fields and files in order; with
    /// [`AuthPlacement::Body`] the key and token travel as two more text
    /// fields. Like any POST, it is retried only when `options` allow it.
    pub async fn request_multipart_with(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, &str)],
        parts: &[Part],
        options: CallOptions,
    ) -> Result<http::Response<Bytes>, Error> {
        let request_parts = raw_parts(path, query, None)?;
        self.execute(
            method,
            path,
            request_parts,
            options,
            Shape::Multipart(parts),
        )
        .await
    }

    /// GETs a file (e.g. an attachment's bytes) at `path`, relative to the
    /// base URL, with `Accept: */*`. Key and token always travel in the
    /// `Authorization` header, whatever the client's placement, so they
    /// never appear in the URL; OAuth 1.0a signs as usual.
    pub async fn download_with(
        &self,
        path: &str,
        options: CallOptions,
    ) -> Result<http::Response<Bytes>, Error> {
        let parts = raw_parts(path, &[], None)?;
        self.execute(Method::Get, path, parts, options, Shape::Download)
            .await
    }

    /// The pipeline. `template` names the route in the tracing span (never
    /// the full URL, which may carry credentials).
    ///
    /// Per call: build the request once (bad input fails here, before any
    /// wait or I/O). Per attempt: wait for the rate limiter, authenticate a
    /// fresh copy (so a signature gets a fresh nonce), send under the
    /// attempt timeout, learn from rate-limit headers, map the answer. A
    /// failure that the retry policy allows is retried after its wait; the
    /// whole call runs under the overall timeout.
    async fn execute(
        &self,
        method: Method,
        template: &str,
        parts: RequestParts,
        options: CallOptions,
        shape: Shape<'_>,
    ) -> Result<http::Response<Bytes>, Error> {
        let span = tracing::debug_span!(
            "trello.request",
            route = %format_args!("{method} {template}"),
            status = tracing::field::Empty,
            attempts = tracing::field::Empty,
        );
        let overall = options
            .overall_limit()
            .or(self.inner.timeouts.overall_limit());
        let call = self.attempts(method, template, parts, options, shape);
        let result = run_with_limit(overall, TimeoutScope::Overall, call)
            .instrument(span)
            .await
            .unwrap_or_else(|timed_out| {
                tracing::debug!(error = %timed_out, "call timed out");
                Err(Error::Transport(timed_out.into_transport_error()))
            });
        if let (Err(err), Some(hook)) = (&result, &self.inner.reauthorize) {
            hook.check(err);
        }
        result
    }

    /// The URL to send the user to when `err` says the token no longer works
    /// ([`Error::InvalidToken`]), from the hook given to
    /// [`ClientBuilder::reauthorize`]; `None` for other errors or without a
    /// hook.
    pub fn reauthorize_url(&self, err: &Error) -> Option<&Url> {
        self.inner.reauthorize.as_ref()?.check_quietly(err)
    }

    /// The retry loop of [`Client::execute`].
    async fn attempts(
        &self,
        method: Method,
        template: &str,
        parts: RequestParts,
        options: CallOptions,
        shape: Shape<'_>,
    ) -> Result<http::Response<Bytes>, Error> {
        let inner = &*self.inner;
        let mut base = Some(PreparedRequest::new(&inner.base_url, method, parts)?);
        // Downloads keep key and token out of the URL and the body.
        let header_auth;
        let auth = match (&shape, &inner.auth) {
            (Shape::Download, Auth::KeyToken { credentials, .. }) => {
                header_auth = Auth::KeyToken {
                    credentials: credentials.clone(),
                    placement: AuthPlacement::Header,
                };
                &header_auth
            }
            (_, auth) => auth,
        };
        // One boundary per call, so every attempt sends the same bytes.
        let boundary = multipart_boundary();
        let class = RouteClass::of(template);
        let max_attempts = options.attempts().unwrap_or(inner.retry.attempts()).max(1);
        let attempt_limit = options.attempt_limit().or(inner.timeouts.attempt_limit());
        let start = inner.clock.now();
        // The body bytes of the first attempt, reused by every retry so the
        // server sees the same bytes each time.
        let mut first_body: Option<Bytes> = None;
        let mut attempt = 0u32;
        loop {
            attempt += 1;
            let span = tracing::Span::current();
            span.record("attempts", attempt);
            inner.limiter.acquire(class, inner.sleeper.as_ref()).await;

            // The last possible attempt takes the request; earlier ones copy it.
            let mut prepared = match base.take() {
                Some(request) if attempt < max_attempts => {
                    let copy = copy_prepared(&request);
                    base = Some(request);
                    copy
                }
                Some(request) => request,
                None => {
                    return Err(Error::invalid_input(
                        "internal: the request was consumed before its last attempt",
                    ));
                }
            };
            auth.apply(&mut prepared)?;
            tracing::trace!(attempt, url = %RedactedUrl(&prepared.url), "sending");
            let form = match shape {
                Shape::Multipart(parts) => Some(multipart_body(&mut prepared, parts, &boundary)?),
                Shape::Plain if matches!(prepared.body, RequestBody::Multipart(_)) => {
                    Some(multipart_body(&mut prepared, &[], &boundary)?)
                }
                Shape::Plain | Shape::Download => None,
            };
            let mut request = prepared.into_http(&inner.user_agent)?;
            if let Some((body, content_type)) = form {
                *request.body_mut() = Bytes::from(body);
                let content_type = HeaderValue::from_str(&content_type).map_err(|_| {
                    Error::invalid_input("internal: the multipart content type is not a header")
                })?;
                request
                    .headers_mut()
                    .insert(http::header::CONTENT_TYPE, content_type);
            }
            if matches!(shape, Shape::Download) {
                request
                    .headers_mut()
                    .insert(http::header::ACCEPT, HeaderValue::from_static("*/*"));
            }
            match &first_body {
                None => first_body = Some(request.body().clone()),
                Some(body) => {
                    debug_assert_eq!(
                        request.body(),
                        body,
                        "auth changed the body between attempts"
                    );
                    *request.body_mut() = body.clone();
                }
            }

            let sent = run_with_limit(
                attempt_limit,
                TimeoutScope::Attempt,
                inner.transport.send(request),
            )
            .await;
            let err = match sent {
                Ok(Ok(response)) => {
                    inner.limiter.observe(response.headers());
                    let status = response.status();
                    span.record("status", status.as_u16());
                    if status.is_success() {
                        return Ok(response);
                    }
                    error_from_response(status, response.headers(), response.body())
                }
                Ok(Err(err)) => Error::Transport(err),
                Err(timed_out) => Error::Transport(timed_out.into_transport_error()),
            };
            if let Error::RateLimited {
                retry_after: Some(wait),
                ..
            } = &err
            {
                inner.limiter.pause_all(*wait);
            }
            let elapsed = inner.clock.now().saturating_sub(start);
            let Some(delay) = inner.retry.next_delay(
                &err,
                method,
                options.retries_post(),
                Progress {
                    attempt,
                    max_attempts,
                    elapsed,
                },
                inner.jitter.as_ref(),
            ) else {
                tracing::debug!(attempt, error = %err, "request failed");
                return Err(err);
            };
            tracing::debug!(
                attempt,
                delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
                error = %err,
                "retrying"
            );
            inner.sleeper.sleep(delay).await;
        }
    }
}

/// What kind of body and authentication a call has.
#[derive(Clone, Copy)]
enum Shape<'a> {
    /// The endpoint's JSON (or empty) body, credentials as configured.
    Plain,
    /// A `multipart/form-data` body of these parts.
    Multipart(&'a [Part]),
    /// A file download: credentials only in the header, any content type.
    Download,
}

/// A random multipart boundary.
fn multipart_boundary() -> String {
    let mut rng = fastrand::Rng::new();
    let random: String = (0..32).map(|_| rng.alphanumeric()).collect();
    format!("trello-rs-{random}")
}

/// The multipart body of `parts`, after the text fields auth put in the
/// JSON body (key and token, for [`AuthPlacement::Body`]), which it clears.
fn multipart_body(
    prepared: &mut PreparedRequest,
    parts: &[Part],
    boundary: &str,
) -> Result<(Vec<u8>, String), Error> {
    let mut all = Vec::with_capacity(parts.len() + 2);
    match std::mem::take(&mut prepared.body) {
        RequestBody::Json(fields) => {
            for (name, value) in fields {
                let value = match value {
                    serde_json::Value::String(text) => text,
                    other => other.to_string(),
                };
                all.push(Part::Text { name, value });
            }
        }
        RequestBody::Multipart(own) => all.extend(own),
        RequestBody::Empty => {}
    }
    all.extend_from_slice(parts);
    multipart::encode(boundary, &all)
}

/// A copy of `request` for one attempt.
fn copy_prepared(request: &PreparedRequest) -> PreparedRequest {
    PreparedRequest {
        method: request.method,
        url: request.url.clone(),
        headers: request.headers.clone(),
        body: request.body.clone(),
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
    // The fast path: plain serde_json. Tracking the JSON path of every key
    // costs about a quarter of the decoding time, so it runs only to
    // explain a failure (same input, same error, now with its path).
    if let Ok(value) = serde_json::from_slice(body) {
        return Ok(value);
    }
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

#[cfg(test)]
mod tests {
    use std::{
        collections::VecDeque,
        sync::{Mutex, PoisonError},
    };

    use async_trait::async_trait;
    use http::StatusCode;

    use super::*;
    use crate::{
        policy::{FakeClock, NoJitter},
        transport::{TransportError, TransportErrorKind},
    };

    enum Step {
        Answer(u16, &'static str, Vec<(&'static str, &'static str)>),
        Fail(TransportErrorKind),
        Hang,
    }

    /// A transport that plays a script and records what it was sent.
    #[derive(Default)]
    struct Scripted {
        script: Mutex<VecDeque<Step>>,
        seen: Mutex<Vec<http::Request<Bytes>>>,
    }

    impl Scripted {
        fn new(steps: impl IntoIterator<Item = Step>) -> Arc<Self> {
            Arc::new(Self {
                script: Mutex::new(steps.into_iter().collect()),
                seen: Mutex::default(),
            })
        }
        fn count(&self) -> usize {
            self.seen
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .len()
        }
        fn bodies(&self) -> Vec<Bytes> {
            let seen = self.seen.lock().unwrap_or_else(PoisonError::into_inner);
            seen.iter().map(|r| r.body().clone()).collect()
        }
    }

    #[async_trait]
    impl Transport for Scripted {
        async fn send(
            &self,
            request: http::Request<Bytes>,
        ) -> Result<http::Response<Bytes>, TransportError> {
            self.seen
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push(request);
            let step = self
                .script
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .pop_front()
                .unwrap_or(Step::Answer(200, "{}", vec![]));
            match step {
                Step::Answer(status, body, headers) => {
                    let mut response = http::Response::new(Bytes::from_static(body.as_bytes()));
                    *response.status_mut() = StatusCode::from_u16(status).unwrap();
                    for (name, value) in headers {
                        response
                            .headers_mut()
                            .insert(name, HeaderValue::from_static(value));
                    }
                    Ok(response)
                }
                Step::Fail(kind) => Err(TransportError::from_kind(kind)),
                Step::Hang => std::future::pending().await,
            }
        }
    }

    fn ok() -> Step {
        Step::Answer(200, r#"{"id":"1"}"#, vec![])
    }

    fn status(code: u16) -> Step {
        Step::Answer(code, "oops", vec![])
    }

    fn client(transport: &Arc<Scripted>, clock: &FakeClock) -> ClientBuilder {
        Client::builder()
            .shared_transport(transport.clone())
            .base_url("http://127.0.0.1:1/1")
            .credentials(Credentials::new("k", "t"))
            .clock(clock.clone())
            .sleeper(clock.clone())
            .jitter(NoJitter)
            .retry_policy(
                RetryPolicy::default()
                    .max_attempts(3)
                    .initial_backoff(Duration::from_secs(1)),
            )
    }

    fn secs(s: u64) -> Duration {
        Duration::from_secs(s)
    }

    #[tokio::test]
    async fn get_is_retried_with_exponential_backoff() {
        let transport = Scripted::new([status(503), status(502), ok()]);
        let clock = FakeClock::new();
        let client = client(&transport, &clock).build().unwrap();
        let value = client
            .request_json(Method::Get, "/boards/x", &[], None)
            .await
            .unwrap();
        assert_eq!(value["id"], "1");
        assert_eq!(transport.count(), 3);
        assert_eq!(clock.sleeps(), [secs(1), secs(2)]);
    }

    #[tokio::test]
    async fn attempts_are_bounded() {
        let transport = Scripted::new([status(500), status(500), status(500), ok()]);
        let clock = FakeClock::new();
        let client = client(&transport, &clock).build().unwrap();
        let err = client
            .request_json(Method::Delete, "/cards/x", &[], None)
            .await
            .unwrap_err();
        assert_eq!(err.status(), Some(StatusCode::INTERNAL_SERVER_ERROR));
        assert_eq!(transport.count(), 3);
        assert_eq!(clock.total_slept(), secs(3));
    }

    #[tokio::test]
    async fn post_is_retried_only_when_asked() {
        let transport = Scripted::new([status(503), status(503), ok()]);
        let clock = FakeClock::new();
        let client = client(&transport, &clock).build().unwrap();
        let body = serde_json::json!({"name": "card"});
        let err = client
            .request_json(Method::Post, "/cards", &[], Some(body.clone()))
            .await
            .unwrap_err();
        assert_eq!(err.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
        assert_eq!(transport.count(), 1);
        assert!(clock.sleeps().is_empty());

        client
            .request_json_with(
                Method::Post,
                "/cards",
                &[],
                Some(body),
                CallOptions::new().retry_post(true),
            )
            .await
            .unwrap();
        assert_eq!(transport.count(), 3);
    }

    #[tokio::test]
    async fn connect_failures_are_retried_for_post_too() {
        let transport = Scripted::new([Step::Fail(TransportErrorKind::Connect), ok()]);
        let clock = FakeClock::new();
        let client = client(&transport, &clock).build().unwrap();
        client
            .request_json(Method::Post, "/cards", &[], None)
            .await
            .unwrap();
        assert_eq!(transport.count(), 2);

        let transport = Scripted::new([Step::Fail(TransportErrorKind::Io), ok()]);
        let client = self::client(&transport, &clock).build().unwrap();
        let err = client
            .request_json(Method::Post, "/cards", &[], None)
            .await
            .unwrap_err();
        assert!(matches!(&err, Error::Transport(e) if e.kind() == TransportErrorKind::Io));
        assert_eq!(transport.count(), 1);
    }

    #[tokio::test]
    async fn body_bytes_are_identical_on_every_attempt() {
        for placement in [
            AuthPlacement::Header,
            AuthPlacement::Body,
            AuthPlacement::Query,
        ] {
            let transport = Scripted::new([status(504), status(500), ok()]);
            let clock = FakeClock::new();
            let client = client(&transport, &clock)
                .auth_placement(placement)
                .build()
                .unwrap();
            let body = serde_json::json!({"name": "ü", "pos": 1.5, "desc": "x", "idList": "abc"});
            client
                .request_json(Method::Put, "/cards/x", &[], Some(body))
                .await
                .unwrap();
            let bodies = transport.bodies();
            assert_eq!(bodies.len(), 3, "{placement:?}");
            assert!(!bodies[0].is_empty());
            assert!(bodies.iter().all(|b| *b == bodies[0]), "{placement:?}");
        }
    }

    #[tokio::test]
    async fn retry_after_is_honoured_up_to_the_cap() {
        let limited = |after: &'static str| {
            Step::Answer(
                429,
                r#"{"error":"API_TOKEN_LIMIT_EXCEEDED","message":"Rate limit exceeded"}"#,
                vec![("retry-after", after)],
            )
        };
        let transport = Scripted::new([limited("7"), ok()]);
        let clock = FakeClock::new();
        let client = client(&transport, &clock).build().unwrap();
        client
            .request_json(Method::Post, "/cards", &[], None)
            .await
            .unwrap();
        assert_eq!(transport.count(), 2);
        assert_eq!(clock.sleeps(), [secs(7)]);

        let transport = Scripted::new([limited("3600"), ok()]);
        let clock = FakeClock::new();
        let client = self::client(&transport, &clock).build().unwrap();
        let err = client
            .request_json(Method::Get, "/boards/x", &[], None)
            .await
            .unwrap_err();
        assert!(
            matches!(&err, Error::RateLimited { retry_after: Some(d), .. } if *d == secs(3600))
        );
        assert_eq!(transport.count(), 1);
        assert!(clock.sleeps().is_empty());
    }

    #[tokio::test]
    async fn exhausted_window_headers_delay_the_next_call() {
        let transport = Scripted::new([Step::Answer(
            200,
            "{}",
            vec![
                ("x-rate-limit-api-token-remaining", "0"),
                ("x-rate-limit-api-token-interval-ms", "10000"),
            ],
        )]);
        let clock = FakeClock::new();
        let client = client(&transport, &clock).build().unwrap();
        let clone = client.clone();
        client
            .request_json(Method::Get, "/boards/x", &[], None)
            .await
            .unwrap();
        assert!(clock.sleeps().is_empty());
        clone
            .request_json(Method::Get, "/boards/x", &[], None)
            .await
            .unwrap();
        assert_eq!(clock.sleeps(), [secs(10)]);
    }

    #[tokio::test]
    async fn clones_share_the_proactive_limiter() {
        let transport = Scripted::new([]);
        let clock = FakeClock::new();
        let client = client(&transport, &clock).build().unwrap();
        for i in 0..120 {
            let c = if i % 2 == 0 {
                client.clone()
            } else {
                client.clone().clone()
            };
            c.request_json(Method::Get, "/boards/x", &[], None)
                .await
                .unwrap();
        }
        assert_eq!(transport.count(), 120);
        // 5 at once (the burst), then 95 per 10 s: one every 10 s / 95.
        let period = Duration::from_nanos(10_000_000_000u64.div_ceil(95));
        assert_eq!(clock.sleeps().len(), 115);
        assert_eq!(clock.total_slept(), period * 115);

        let transport = Scripted::new([]);
        let clock = FakeClock::new();
        let client = self::client(&transport, &clock)
            .no_rate_limits()
            .build()
            .unwrap();
        for _ in 0..120 {
            client
                .request_json(Method::Get, "/boards/x", &[], None)
                .await
                .unwrap();
        }
        assert!(clock.sleeps().is_empty());
    }

    #[tokio::test]
    async fn bad_input_never_reaches_the_transport() {
        let transport = Scripted::new([]);
        let clock = FakeClock::new();
        let client = client(&transport, &clock).build().unwrap();
        for path in ["members/me", "/members/me?x=1"] {
            let err = client
                .request_json(Method::Get, path, &[], None)
                .await
                .unwrap_err();
            assert!(matches!(err, Error::InvalidInput(_)), "{path}: {err}");
        }
        let err = client
            .request_json(Method::Post, "/cards", &[], Some(serde_json::json!([1])))
            .await
            .unwrap_err();
        assert!(matches!(err, Error::InvalidInput(_)));
        assert_eq!(transport.count(), 0);
    }

    #[tokio::test]
    async fn attempt_and_overall_timeouts() {
        let transport = Scripted::new([Step::Hang, Step::Hang, ok()]);
        let clock = FakeClock::new();
        let client = client(&transport, &clock)
            .attempt_timeout(Some(Duration::from_millis(20)))
            .build()
            .unwrap();
        client
            .request_json(Method::Get, "/boards/x", &[], None)
            .await
            .unwrap();
        assert_eq!(transport.count(), 3);

        let transport = Scripted::new([Step::Hang, Step::Hang, Step::Hang]);
        let client = self::client(&transport, &clock)
            .attempt_timeout(Some(Duration::from_millis(20)))
            .build()
            .unwrap();
        let err = client
            .request_json(Method::Post, "/cards", &[], None)
            .await
            .unwrap_err();
        assert!(matches!(&err, Error::Transport(e) if e.kind() == TransportErrorKind::Timeout));
        assert!(err.to_string().contains("per-attempt timeout"), "{err}");
        assert_eq!(transport.count(), 1, "a timed-out POST is not retried");

        let transport = Scripted::new([Step::Hang]);
        let client = self::client(&transport, &clock)
            .timeouts(Timeouts::none().overall(Some(Duration::from_millis(20))))
            .build()
            .unwrap();
        let err = client
            .request_json(Method::Get, "/boards/x", &[], None)
            .await
            .unwrap_err();
        assert!(err.to_string().contains("overall timeout"), "{err}");
        assert_eq!(transport.count(), 1);
    }

    #[tokio::test]
    async fn multipart_bodies_carry_body_credentials_as_fields_on_every_attempt() {
        let transport = Scripted::new([status(503), ok()]);
        let clock = FakeClock::new();
        let client = client(&transport, &clock)
            .auth_placement(AuthPlacement::Body)
            .build()
            .unwrap();
        let parts = [
            Part::Text {
                name: "name".into(),
                value: "logo".into(),
            },
            Part::File {
                name: "file".into(),
                file: crate::multipart::FilePart::new("a.png", "image/png", b"\x89PNG".to_vec()),
            },
        ];
        client
            .request_multipart_with(
                Method::Post,
                "/organizations/x/logo",
                &[],
                &parts,
                CallOptions::new().retry_post(true),
            )
            .await
            .unwrap();
        let seen = transport
            .seen
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        assert_eq!(seen.len(), 2);
        assert_eq!(seen[0].body(), seen[1].body(), "same bytes on each attempt");
        let content_type = seen[0].headers()[http::header::CONTENT_TYPE]
            .to_str()
            .unwrap();
        let boundary = content_type
            .strip_prefix("multipart/form-data; boundary=")
            .expect("a multipart content type");
        let body = String::from_utf8_lossy(seen[0].body());
        assert!(body.starts_with(&format!("--{boundary}\r\n")), "{body}");
        for needle in [
            "name=\"key\"\r\n\r\nk\r\n",
            "name=\"token\"\r\n\r\nt\r\n",
            "name=\"name\"\r\n\r\nlogo\r\n",
            "name=\"file\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\n\u{fffd}PNG\r\n",
        ] {
            assert!(body.contains(needle), "{needle:?} in {body}");
        }
        assert!(seen[0].uri().query().is_none());
        assert!(!seen[0].headers().contains_key(http::header::AUTHORIZATION));
    }

    #[tokio::test]
    async fn downloads_put_credentials_in_the_header_only() {
        for placement in [AuthPlacement::Query, AuthPlacement::Body] {
            let transport = Scripted::new([]);
            let clock = FakeClock::new();
            let client = client(&transport, &clock)
                .auth_placement(placement)
                .build()
                .unwrap();
            client
                .download_with("/cards/c/attachments/a/download/f.png", CallOptions::new())
                .await
                .unwrap();
            let seen = transport
                .seen
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            assert_eq!(seen[0].uri().query(), None, "{placement:?}");
            assert!(seen[0].body().is_empty());
            assert_eq!(
                seen[0].headers()[http::header::AUTHORIZATION],
                "OAuth oauth_consumer_key=\"k\", oauth_token=\"t\""
            );
            assert_eq!(seen[0].headers()[http::header::ACCEPT], "*/*");
        }
    }

    #[tokio::test]
    async fn per_call_attempt_limit() {
        let transport = Scripted::new([status(503), ok()]);
        let clock = FakeClock::new();
        let client = client(&transport, &clock).build().unwrap();
        let err = client
            .request_bytes_with(
                Method::Get,
                "/boards/x",
                &[],
                None,
                CallOptions::new().max_attempts(1),
            )
            .await
            .unwrap_err();
        assert_eq!(err.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
        assert_eq!(transport.count(), 1);
    }
}
