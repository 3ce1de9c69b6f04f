//! The request pipeline: rate limiter, auth, transport, timeouts, error
//! mapping and retries, and decoding.

use bytes::Bytes;
use http::HeaderValue;
use serde::de::DeserializeOwned;
use tracing::Instrument;

use crate::{
    Auth, AuthPlacement, Error,
    endpoint::{RequestBody, RequestParts},
    error::{CallContext, base_url_hint, error_from_response},
    meta::Method,
    multipart::{self, Part},
    oauth2::{OAuth2Session, ScopeCheck},
    policy::{
        CallOptions, TimeoutScope,
        rate_limit::RouteClass,
        retry::Progress,
        timeout::{Deadline, TimedOut, run_attempt, run_until},
    },
    request::PreparedRequest,
    secrets::AccessToken,
    transport::{Body, Transport, read_limited},
};

/// The most of an error answer's body that is read (Trello's error bodies
/// are short texts or small JSON objects).
const ERROR_BODY_LIMIT: u64 = 64 * 1024;

/// The bytes of an answer the pipeline read whole (every shape but
/// [`Shape::Download`]).
pub(super) fn buffered(response: http::Response<Body>) -> http::Response<Bytes> {
    let (head, body) = response.into_parts();
    http::Response::from_parts(head, body.into_full().unwrap_or_default())
}

use super::Client;

impl Client {
    /// The pipeline. `template` names the route in the tracing span (never
    /// the full URL, which may carry credentials).
    ///
    /// Per call: build the request once (bad input fails here, before any
    /// wait or I/O). Per attempt: wait for the rate limiter, authenticate a
    /// fresh copy (so a signature gets a fresh nonce), send under the
    /// attempt timeout, learn from rate-limit headers, map the answer. A
    /// failure that the retry policy allows is retried after its wait; the
    /// whole call runs under the overall timeout.
    pub(super) async fn execute(
        &self,
        method: Method,
        template: &str,
        parts: RequestParts,
        options: CallOptions,
        shape: Shape<'_>,
        scopes: &'static [&'static str],
    ) -> Result<http::Response<Body>, Error> {
        let span = tracing::debug_span!(
            "trello.request",
            route = %format_args!("{method} {template}"),
            status = tracing::field::Empty,
            attempts = tracing::field::Empty,
        );
        let result = self
            .attempts(method, template, parts, options, shape, scopes)
            .instrument(span)
            .await;
        if let (Err(err), Some(hook)) = (&result, &self.inner.reauthorize) {
            hook.check(err);
        }
        result
    }

    /// The retry loop of [`Client::execute`], under the call's overall
    /// deadline: each attempt runs under one timer (its own limit or the
    /// deadline, whichever ends first), and every wait between attempts
    /// (the rate limiter, a token refresh, the pause before a retry) ends at
    /// the deadline too. A call out of time ends with a timeout error
    /// naming the overall limit, without a further retry.
    async fn attempts(
        &self,
        method: Method,
        template: &str,
        parts: RequestParts,
        options: CallOptions,
        shape: Shape<'_>,
        scopes: &'static [&'static str],
    ) -> Result<http::Response<Body>, Error> {
        let inner = &*self.inner;
        let RequestParts {
            path: sent_path,
            query,
            body,
        } = parts;
        let mut base = Some(PreparedRequest::new(
            &inner.base_url,
            method,
            &sent_path,
            &query,
            body,
        )?);
        drop(query);
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
        // One boundary per call (drawn when the first attempt needs it), so
        // every attempt sends the same bytes.
        let mut boundary: Option<String> = None;
        let class = RouteClass::of(template);
        let max_attempts = options.attempts().unwrap_or(inner.retry.attempts()).max(1);
        let attempt_limit = options.attempt_limit().or(inner.timeouts.attempt_limit());
        let start = inner.clock.now();
        let body_limit = options.body_limit().unwrap_or(inner.max_body_size);
        let overall = options.overall_limit().or(inner.timeouts.overall_limit());
        let deadline = Deadline::after(overall);
        // A wait of the call outside its attempts, cut at the deadline.
        macro_rules! until_deadline {
            ($wait:expr) => {
                match run_until(deadline, $wait).await {
                    Ok(done) => done,
                    Err(timed_out) => return Err(out_of_time(timed_out)),
                }
            };
        }
        // The body bytes of the first attempt, reused by every retry so the
        // server sees the same bytes each time.
        let mut first_body: Option<Bytes> = None;
        let mut attempt = 0u32;
        let oauth2 = matches!(auth, Auth::OAuth2(_));
        // A 401 saying the access token expired refreshes and replays once.
        let mut replayed = false;
        loop {
            attempt += 1;
            let span = tracing::Span::current();
            span.record("attempts", attempt);
            let time_left =
                overall.map(|limit| limit.saturating_sub(inner.clock.now().saturating_sub(start)));
            let grant = until_deadline!(inner.limiter.acquire(
                class,
                inner.sleeper.as_ref(),
                time_left
            ))?;

            // The last possible attempt takes the request; earlier ones copy it.
            let mut prepared = match base.take() {
                // OAuth 2.0 keeps the request for a replay after a refresh.
                Some(request) if attempt < max_attempts || oauth2 => {
                    let copy = request.copy();
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
            match (auth, &inner.key_token_header) {
                // Key and token in the header: the value made once per
                // client (what `Auth::apply` would write).
                (Auth::KeyToken { placement, .. }, Some(value))
                    if placement.for_method(method) == AuthPlacement::Header =>
                {
                    prepared
                        .headers
                        .insert(http::header::AUTHORIZATION, value.clone());
                }
                _ => auth.apply(&mut prepared)?,
            }
            let bearer = match auth {
                Auth::OAuth2(session) => Some(until_deadline!(Box::pin(self.bearer(
                    session,
                    &mut prepared,
                    template,
                    scopes
                )))?),
                _ => None,
            };
            tracing::trace!(attempt, url = %prepared.redacted_url(), "sending");
            let form = match shape {
                Shape::Multipart(parts) => Some(multipart_body(
                    &mut prepared,
                    parts,
                    boundary.get_or_insert_with(multipart_boundary),
                )?),
                Shape::Plain if matches!(prepared.body, RequestBody::Multipart(_)) => {
                    Some(multipart_body(
                        &mut prepared,
                        &[],
                        boundary.get_or_insert_with(multipart_boundary),
                    )?)
                }
                Shape::Plain | Shape::Download => None,
            };
            // Only a download needs the URL after the request is built (to
            // resolve its redirects against it).
            let sent_url = match shape {
                Shape::Download => Some(prepared.url()?.clone()),
                _ => None,
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

            // The answer's head and (except for downloads) its whole body,
            // capped, are read under the attempt timeout.
            // Whether a 401 says the OAuth 2.0 access token expired (then the
            // token is refreshed and the call replayed once).
            let mut token_expired = false;
            let sent = run_attempt(attempt_limit, deadline, async {
                // Straight to the backend (not through `Arc`'s impl, which
                // would box the future a second time).
                let sent = Transport::send(&*inner.transport, request).await;
                // Count the grant from now: Trello logged the request before
                // this point, whatever the latency.
                inner.limiter.settle(&grant).await;
                let mut response = sent.map_err(Error::Transport)?;
                // Rate-limit headers are Trello's, not a storage host's: a
                // download that was redirected is observed by its first answer.
                let mut trello_headers = None;
                if let Some(sent_url) = sent_url {
                    let first = response.headers().clone();
                    let route = format!("{method} {template}");
                    // Boxed, as the other rare paths below: their futures are
                    // large, and every call would move them around unboxed.
                    response =
                        Box::pin(self.follow_download_redirects(response, sent_url, auth, &route))
                            .await?;
                    trello_headers = Some(first);
                }
                let status = response.status();
                span.record("status", status.as_u16());
                let (head, body) = response.into_parts();
                let observed = trello_headers.as_ref().unwrap_or(&head.headers);
                if !status.is_success() {
                    // Error bodies are short messages; never read a big one.
                    let limit = body_limit.min(ERROR_BODY_LIMIT);
                    let bytes = read_body(body, limit, method, template).await?;
                    token_expired = says_token_expired(status, &head.headers, &bytes);
                    let err = error_from_response(status, &head.headers, &bytes);
                    let limited = match &err {
                        Error::RateLimited {
                            code, retry_after, ..
                        } => Some((code.as_str(), *retry_after)),
                        _ => None,
                    };
                    inner.limiter.observe(class, observed, limited).await;
                    return Err(err);
                }
                inner.limiter.observe(class, observed, None).await;
                if matches!(shape, Shape::Download) {
                    // The attempt timeout then bounds each wait for a chunk.
                    let body = match attempt_limit {
                        Some(idle) => super::download::IdleTimeout::wrap(body, idle),
                        None => body,
                    };
                    return Ok(http::Response::from_parts(head, body));
                }
                let bytes = read_body(body, body_limit, method, template).await?;
                Ok(http::Response::from_parts(head, Body::from(bytes)))
            })
            .await;
            let err = match sent {
                Ok(Ok(response)) => return Ok(response),
                Ok(Err(err)) => {
                    if let (Auth::OAuth2(session), Some(used)) = (auth, &bearer) {
                        if !replayed && token_expired {
                            replayed = true;
                            tracing::debug!(
                                attempt,
                                "access token expired; refreshing, then replaying once"
                            );
                            until_deadline!(Box::pin(
                                session.refresh_after_rejection(self.token_call(), used)
                            ))?;
                            continue;
                        }
                    }
                    err
                }
                Err(timed_out) => {
                    // The attempt was cut off before (or while) its answer
                    // came: settle the grant now.
                    let settle = inner.limiter.settle(&grant);
                    if timed_out.scope == TimeoutScope::Overall {
                        // Out of time: no retry (the settling is bounded too).
                        let _ = run_until(deadline, settle).await;
                        return Err(out_of_time(timed_out));
                    }
                    until_deadline!(settle);
                    Error::Transport(timed_out.into_transport_error())
                }
            };
            // Name the host and port in transport errors (never the URL).
            let err = match err {
                // The request went to the base URL's host (a path never
                // changes it); a download's redirects name their own target.
                Error::Transport(failure) if failure.target().is_none() => {
                    Error::Transport(failure.with_target(host_port(&inner.base_url)))
                }
                other => other,
            };
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
                let mut call = CallContext::new(method, template, &sent_path, attempt);
                if matches!(err, Error::NotFound { .. }) {
                    call.hint = base_url_hint(&inner.base_url);
                }
                return Err(err.with_call(call));
            };
            // Retries of 429 draw on the key's shared budget.
            if matches!(err, Error::RateLimited { .. })
                && !until_deadline!(inner.limiter.take_retry())
            {
                return Err(err);
            }
            tracing::debug!(
                attempt,
                delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
                error = %err,
                "retrying"
            );
            until_deadline!(inner.sleeper.sleep(delay));
        }
    }
}

impl Client {
    /// OAuth 2.0: the access token (refreshed first when it expires within
    /// the margin) in `Authorization: Bearer …`, after checking the granted
    /// scopes against the endpoint's `scopes` when both are known and the
    /// session checks. Returns the token sent, to recognise a rejection.
    async fn bearer(
        &self,
        session: &OAuth2Session,
        prepared: &mut PreparedRequest,
        template: &str,
        scopes: &'static [&'static str],
    ) -> Result<AccessToken, Error> {
        let (token, granted) = session.bearer(self.token_call()).await?;
        if let (ScopeCheck::Check, Some(granted)) = (session.scope_checking(), &granted) {
            if let Some(missing) = scopes.iter().find(|s| !granted.contains_name(s)) {
                return Err(Error::MissingScope {
                    route: format!("{} {template}", prepared.method),
                    scope: (*missing).to_owned(),
                });
            }
        }
        let mut value =
            HeaderValue::from_str(&format!("Bearer {}", token.expose())).map_err(|_| {
                Error::invalid_input(
                    "the OAuth 2.0 access token has characters a header cannot carry",
                )
            })?;
        value.set_sensitive(true);
        prepared.headers.insert(http::header::AUTHORIZATION, value);
        Ok(token)
    }
}

/// Whether a 401 says the Bearer token expired: an RFC 6750
/// `WWW-Authenticate: Bearer error="invalid_token"` challenge, or a body
/// that says so.
fn says_token_expired(status: http::StatusCode, headers: &http::HeaderMap, body: &[u8]) -> bool {
    if status != http::StatusCode::UNAUTHORIZED {
        return false;
    }
    let challenge = headers
        .get_all(http::header::WWW_AUTHENTICATE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| v.to_ascii_lowercase().contains("invalid_token"));
    challenge
        || String::from_utf8_lossy(body)
            .to_ascii_lowercase()
            .contains("expired")
}

/// The whole body of an answer, at most `limit` bytes; the route is named
/// (and its text built) only when the body is too large.
async fn read_body(body: Body, limit: u64, method: Method, template: &str) -> Result<Bytes, Error> {
    read_limited(body, limit, "")
        .await
        .map_err(|err| match err {
            Error::BodyTooLarge { limit, .. } => Error::BodyTooLarge {
                route: format!("{method} {template}"),
                limit,
            },
            other => other,
        })
}

/// What kind of body and authentication a call has.
#[derive(Clone, Copy)]
pub(super) enum Shape<'a> {
    /// The endpoint's JSON (or empty) body, credentials as configured.
    Plain,
    /// A `multipart/form-data` body of these parts.
    Multipart(&'a [Part]),
    /// A file download: credentials only in the header, any content type,
    /// the body handed back unread (streamed).
    Download,
}

/// `host:port` of `url`, for error messages (no path, no query).
pub(super) fn host_port(url: &url::Url) -> String {
    format!(
        "{}:{}",
        url.host_str().unwrap_or("?"),
        url.port_or_known_default().unwrap_or(0)
    )
}

/// A random multipart boundary.
fn multipart_boundary() -> String {
    let mut rng = fastrand::Rng::new();
    let random: String = (0..32).map(|_| rng.alphanumeric()).collect();
    format!("trello-rs-{random}")
}

/// The multipart body of `parts`, after the text fields auth put in the
/// JSON body (key and token, for [`AuthPlacement::Body`](crate::AuthPlacement::Body)), which it clears.
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

/// The error of a call that ran out of its overall time.
fn out_of_time(timed_out: TimedOut) -> Error {
    tracing::debug!(error = %timed_out, "call timed out");
    Error::Transport(timed_out.into_transport_error())
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
