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
        rate_limit::{Grant, RouteClass},
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
    ///
    /// Not an `async fn`: the span and the re-authorization hook wrap the
    /// attempts' future as it is, instead of an outer state machine that
    /// would hold (and move) a second copy of it.
    pub(super) fn execute<'a>(
        &'a self,
        method: Method,
        template: &'a str,
        parts: RequestParts,
        options: CallOptions,
        shape: Shape<'a>,
        scopes: &'static [&'static str],
    ) -> impl Future<Output = Result<http::Response<Body>, Error>> + Send + 'a {
        let span = tracing::debug_span!(
            "trello.request",
            route = %format_args!("{method} {template}"),
            status = tracing::field::Empty,
            attempts = tracing::field::Empty,
        );
        Checked {
            call: self
                .attempts(method, template, parts, options, shape, scopes)
                .instrument(span),
            client: self,
        }
    }

    /// The retry loop of [`Client::execute`], under the call's overall
    /// deadline: each attempt runs under one timer (its own limit or the
    /// deadline, whichever ends first), and every wait between attempts
    /// (the rate limiter, a token refresh, the pause before a retry) ends at
    /// the deadline too. A call out of time ends with a timeout error
    /// naming the overall limit, without a further retry.
    ///
    /// This future is every call's, so what it keeps across its waits is
    /// kept small: the rare paths (downloads, multipart, OAuth 2.0, the
    /// limiter's waits) box their own futures or are skipped when off.
    async fn attempts(
        &self,
        method: Method,
        template: &str,
        mut parts: RequestParts,
        options: CallOptions,
        shape: Shape<'_>,
        scopes: &'static [&'static str],
    ) -> Result<http::Response<Body>, Error> {
        // What lives across this future's waits is stored in it: the
        // parameters are used in place, and the request of each attempt is
        // built by plain functions that hand the transport's future back.
        let inner = &*self.inner;
        let max_attempts = options.attempts().unwrap_or(inner.retry.attempts()).max(1);
        // OAuth 2.0 keeps the request for a replay after a refresh.
        let keep_for_replay = matches!(inner.auth, Auth::OAuth2(_));
        // The first attempt's request is built now, so bad input fails
        // before any wait or I/O; a retry builds its own from the same
        // parts (which then keep the body), so the first attempt does not
        // pay for a copy that only a retry would use.
        let first_only = max_attempts == 1 && !keep_for_replay;
        let body = if first_only {
            std::mem::take(&mut parts.body)
        } else {
            parts.body.clone()
        };
        let mut kept = Kept {
            next: Some(PreparedRequest::new(
                &inner.base_url,
                method,
                &parts.path,
                &parts.query,
                body,
            )?),
            boundary: None,
            first_body: None,
        };
        // Downloads keep key and token out of the URL and the body.
        let header_auth = match (&shape, &inner.auth) {
            (Shape::Download, Auth::KeyToken { credentials, .. }) => {
                Some(Box::new(Auth::KeyToken {
                    credentials: credentials.clone(),
                    placement: AuthPlacement::Header,
                }))
            }
            _ => None,
        };
        let auth = header_auth.as_deref().unwrap_or(&inner.auth);
        let limited = inner.limiter.counts_calls();
        let facts = Facts {
            method,
            template,
            attempt_limit: options.attempt_limit().or(inner.timeouts.attempt_limit()),
            class: if limited {
                RouteClass::of(template)
            } else {
                RouteClass::Other
            },
            limited,
            shape,
            body_limit: options.body_limit().unwrap_or(inner.max_body_size),
        };
        let start = inner.clock.now();
        let overall = options.overall_limit().or(inner.timeouts.overall_limit());
        let started = tokio::time::Instant::now();
        let deadline = Deadline::after(started, overall);
        // A wait of the call outside its attempts, cut at the deadline.
        macro_rules! until_deadline {
            ($wait:expr) => {
                match run_until(deadline, $wait).await {
                    Ok(done) => done,
                    Err(timed_out) => return Err(out_of_time(timed_out)),
                }
            };
        }
        let mut attempt = 0u32;
        // A 401 saying the access token expired refreshes and replays once.
        let mut replayed = false;
        loop {
            attempt += 1;
            tracing::Span::current().record("attempts", attempt);
            // Whether this attempt waited for anything since `started`.
            let mut waited = attempt > 1;
            let grant = if limited {
                let time_left = overall
                    .map(|limit| limit.saturating_sub(inner.clock.now().saturating_sub(start)));
                waited = true;
                until_deadline!(inner.limiter.acquire(
                    facts.class,
                    inner.sleeper.as_ref(),
                    time_left
                ))?
            } else {
                Grant::NONE
            };

            // The last possible attempt takes the body; earlier ones copy it.
            let keep = attempt < max_attempts || keep_for_replay;
            let (sending, sent_url, bearer) = {
                let mut prepared = self.authenticated(&mut kept, &mut parts, auth, method, keep)?;
                let bearer = match auth {
                    Auth::OAuth2(session) => {
                        waited = true;
                        Some(until_deadline!(Box::pin(self.bearer(
                            session,
                            &mut prepared,
                            template,
                            scopes
                        )))?)
                    }
                    _ => None,
                };
                let (sending, sent_url) = self.dispatch(&mut kept, prepared, shape, attempt)?;
                (sending, sent_url, bearer)
            };
            // Whether a 401 says the OAuth 2.0 access token expired (then the
            // token is refreshed and the call replayed once).
            let mut token_expired = false;
            let now = if waited {
                tokio::time::Instant::now()
            } else {
                started
            };
            // The answer's head and (except for downloads) its whole body,
            // capped, are read under the attempt timeout.
            let sent = run_attempt(
                facts.attempt_limit,
                deadline,
                now,
                self.exchange(&facts, auth, sending, sent_url, &grant, &mut token_expired),
            )
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
                    if limited {
                        let settle = inner.limiter.settle(&grant);
                        if timed_out.scope == TimeoutScope::Overall {
                            // Out of time: no retry (the settling is bounded too).
                            let _ = run_until(deadline, settle).await;
                            return Err(out_of_time(timed_out));
                        }
                        until_deadline!(settle);
                    } else if timed_out.scope == TimeoutScope::Overall {
                        return Err(out_of_time(timed_out));
                    }
                    Error::Transport(timed_out.into_transport_error())
                }
            };
            let retry = match self.retry_delay(
                err,
                &facts,
                &options,
                &parts.path,
                Progress {
                    attempt,
                    max_attempts,
                    elapsed: inner.clock.now().saturating_sub(start),
                },
            ) {
                Ok(retry) => retry,
                Err(err) => return Err(err),
            };
            // Retries of 429 draw on the key's shared budget.
            if matches!(*retry.err, Error::RateLimited { .. })
                && !until_deadline!(inner.limiter.take_retry())
            {
                return Err(*retry.err);
            }
            tracing::debug!(
                attempt,
                delay_ms = u64::try_from(retry.wait.as_millis()).unwrap_or(u64::MAX),
                error = %retry.err,
                "retrying"
            );
            until_deadline!(inner.sleeper.sleep(retry.wait));
        }
    }

    /// The request of one attempt, authenticated: the one built up front
    /// for the first attempt, else one built again from `parts` (with a
    /// copy of the body while a later attempt may still need it: `keep`).
    fn authenticated(
        &self,
        kept: &mut Kept,
        parts: &mut RequestParts,
        auth: &Auth,
        method: Method,
        keep: bool,
    ) -> Result<PreparedRequest, Error> {
        let mut prepared = match kept.next.take() {
            Some(request) => request,
            None => {
                let body = if keep {
                    parts.body.clone()
                } else {
                    std::mem::take(&mut parts.body)
                };
                PreparedRequest::new(
                    &self.inner.base_url,
                    method,
                    &parts.path,
                    &parts.query,
                    body,
                )?
            }
        };
        match (auth, &self.inner.key_token_header) {
            // Key and token in the header: the value made once per client
            // (what `Auth::apply` would write).
            (Auth::KeyToken { placement, .. }, Some(value))
                if placement.for_method(method) == AuthPlacement::Header =>
            {
                prepared
                    .headers
                    .insert(http::header::AUTHORIZATION, value.clone());
            }
            _ => auth.apply(&mut prepared)?,
        }
        Ok(prepared)
    }

    /// Builds the `http::Request` of an attempt (its multipart body, the
    /// same body bytes as the first attempt) and hands it to the transport;
    /// returns the transport's future and, for a download, the URL sent.
    fn dispatch(
        &self,
        kept: &mut Kept,
        mut prepared: PreparedRequest,
        shape: Shape<'_>,
        attempt: u32,
    ) -> Result<(TransportFuture<'_>, Option<Box<url::Url>>), Error> {
        tracing::trace!(attempt, url = %prepared.redacted_url(), "sending");
        let form = match shape {
            Shape::Multipart(parts) => Some(multipart_body(
                &mut prepared,
                parts,
                kept.boundary.get_or_insert_with(multipart_boundary),
            )?),
            Shape::Plain if matches!(prepared.body, RequestBody::Multipart(_)) => {
                Some(multipart_body(
                    &mut prepared,
                    &[],
                    kept.boundary.get_or_insert_with(multipart_boundary),
                )?)
            }
            Shape::Plain | Shape::Download => None,
        };
        // Only a download needs the URL after the request is built (to
        // resolve its redirects against it).
        let sent_url = match shape {
            Shape::Download => Some(Box::new(prepared.url()?.clone())),
            _ => None,
        };
        let mut request = prepared.into_http(&self.inner.user_agent)?;
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
        // The body bytes of the first attempt, reused by every retry so the
        // server sees the same bytes each time.
        match &kept.first_body {
            None => kept.first_body = Some(request.body().clone()),
            Some(body) => {
                debug_assert_eq!(
                    request.body(),
                    body,
                    "auth changed the body between attempts"
                );
                *request.body_mut() = body.clone();
            }
        }
        // Straight to the backend (not through `Arc`'s impl, which would
        // box the future a second time).
        Ok((Transport::send(&*self.inner.transport, request), sent_url))
    }

    /// After a failed attempt: the wait before the next one, or the error
    /// to return (with the call's context) when the retry policy allows
    /// none.
    fn retry_delay(
        &self,
        err: Error,
        facts: &Facts<'_>,
        options: &CallOptions,
        sent_path: &str,
        progress: Progress,
    ) -> Result<Retry, Error> {
        let inner = &*self.inner;
        // Name the host and port in transport errors (never the URL).
        let err = match err {
            // The request went to the base URL's host (a path never changes
            // it); a download's redirects name their own target.
            Error::Transport(failure) if failure.target().is_none() => {
                Error::Transport(failure.with_target(host_port(&inner.base_url)))
            }
            other => other,
        };
        let attempt = progress.attempt;
        let Some(wait) = inner.retry.next_delay(
            &err,
            facts.method,
            options.retries_post(),
            progress,
            inner.jitter.as_ref(),
        ) else {
            tracing::debug!(attempt, error = %err, "request failed");
            let mut call = CallContext::new(facts.method, facts.template, sent_path, attempt);
            if matches!(err, Error::NotFound { .. }) {
                call.hint = base_url_hint(&inner.base_url);
            }
            return Err(err.with_call(call));
        };
        Ok(Retry {
            wait,
            err: Box::new(err),
        })
    }

    /// One attempt's exchange, after the request went to the transport
    /// (`sending`): its answer, the grant settled, the rate-limit headers
    /// learnt from, and the body read (up to its limit) or, for a
    /// download, handed back streaming.
    async fn exchange(
        &self,
        facts: &Facts<'_>,
        auth: &Auth,
        sending: TransportFuture<'_>,
        sent_url: Option<Box<url::Url>>,
        grant: &Grant,
        token_expired: &mut bool,
    ) -> Result<http::Response<Body>, Error> {
        let inner = &*self.inner;
        let Facts {
            method,
            template,
            attempt_limit: _,
            class,
            limited,
            shape,
            body_limit,
        } = *facts;
        let sent = sending.await;
        // Count the grant from now: Trello logged the request before
        // this point, whatever the latency.
        if limited {
            inner.limiter.settle(grant).await;
        }
        let mut response = sent.map_err(Error::Transport)?;
        // Rate-limit headers are Trello's, not a storage host's: a
        // download that was redirected is observed by its first answer.
        let mut trello_headers = None;
        if let Some(sent_url) = sent_url {
            let first = response.headers().clone();
            let route = format!("{method} {template}");
            // Boxed, as the other rare paths: their futures are large, and
            // every call would hold and move them unboxed.
            response =
                Box::pin(self.follow_download_redirects(response, *sent_url, auth, &route)).await?;
            trello_headers = Some(first);
        }
        let status = response.status();
        tracing::Span::current().record("status", status.as_u16());
        let (head, body) = response.into_parts();
        if !status.is_success() {
            // Error bodies are short messages; never read a big one.
            let limit = body_limit.min(ERROR_BODY_LIMIT);
            let bytes = read_body(body, limit, method, template).await?;
            *token_expired = says_token_expired(status, &head.headers, &bytes);
            let err = error_from_response(status, &head.headers, &bytes);
            if limited {
                let rate_limited = match &err {
                    Error::RateLimited {
                        code, retry_after, ..
                    } => Some((code.as_str(), *retry_after)),
                    _ => None,
                };
                let observed = trello_headers.as_ref().unwrap_or(&head.headers);
                inner.limiter.observe(class, observed, rate_limited).await;
            }
            return Err(err);
        }
        if limited {
            let observed = trello_headers.as_ref().unwrap_or(&head.headers);
            inner.limiter.observe(class, observed, None).await;
        }
        if matches!(shape, Shape::Download) {
            // The attempt timeout then bounds each wait for a chunk.
            let body = match facts.attempt_limit {
                Some(idle) => super::download::IdleTimeout::wrap(body, idle),
                None => body,
            };
            return Ok(http::Response::from_parts(head, body));
        }
        let bytes = read_body(body, body_limit, method, template).await?;
        Ok(http::Response::from_parts(head, Body::from(bytes)))
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

/// What a call keeps between its attempts.
struct Kept {
    /// The first attempt's request, built before any wait (`None` once it
    /// was sent).
    next: Option<PreparedRequest>,
    /// The multipart boundary, drawn when the first attempt needs it, so
    /// every attempt sends the same bytes.
    boundary: Option<String>,
    /// The first attempt's body bytes, which every retry sends again.
    first_body: Option<Bytes>,
}

/// A retry the policy allows.
struct Retry {
    /// The wait before it.
    wait: std::time::Duration,
    /// The failure retried (returned instead when it is a 429 and the key's
    /// retry budget is spent). Boxed: it is kept across the waits.
    err: Box<Error>,
}

/// What an attempt needs to know of its call.
#[derive(Clone, Copy)]
struct Facts<'a> {
    method: Method,
    template: &'a str,
    /// The per-attempt limit (for a download, each wait for a chunk).
    attempt_limit: Option<std::time::Duration>,
    /// The route's family for the rate limiter (only worked out when a
    /// limit counts calls).
    class: RouteClass,
    /// Whether a rate limit counts calls (else the limiter is skipped).
    limited: bool,
    shape: Shape<'a>,
    body_limit: u64,
}

/// The transport's future for one request.
type TransportFuture<'a> = std::pin::Pin<
    Box<
        dyn std::future::Future<
                Output = Result<http::Response<Body>, crate::transport::TransportError>,
            > + Send
            + 'a,
    >,
>;

pin_project_lite::pin_project! {
    /// A call's future that hands its error to the client's
    /// re-authorization hook (if any) as it completes.
    struct Checked<'a, F> {
        #[pin]
        call: F,
        client: &'a Client,
    }
}

impl<F> std::future::Future for Checked<'_, F>
where
    F: std::future::Future<Output = Result<http::Response<Body>, Error>>,
{
    type Output = F::Output;

    fn poll(
        self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Self::Output> {
        let this = self.project();
        let result = std::task::ready!(this.call.poll(cx));
        if let (Err(err), Some(hook)) = (&result, &this.client.inner.reauthorize) {
            hook.check(err);
        }
        std::task::Poll::Ready(result)
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    struct Unreachable;

    #[async_trait::async_trait]
    impl Transport for Unreachable {
        async fn send(
            &self,
            _request: http::Request<Bytes>,
        ) -> Result<http::Response<Body>, crate::transport::TransportError> {
            unreachable!("the future is measured, never polled")
        }
    }

    /// Every call's future holds the pipeline's state across its waits;
    /// moved, spawned and allocated per call, it must stay small. It was
    /// 4,888 bytes with `async` timeout wrappers (which stored the wrapped
    /// future twice) and every attempt's request kept across the wait;
    /// 2,376 since. The bound leaves room for a compiler's layout, not for
    /// those back.
    #[test]
    fn a_calls_future_stays_small() {
        let client = Client::builder()
            .base_url("http://127.0.0.1:1/1")
            .credentials(crate::Credentials::new("k", "t"))
            .shared_transport(std::sync::Arc::new(Unreachable))
            .build()
            .unwrap();
        let parts = RequestParts {
            path: "/members/me".into(),
            query: Vec::new(),
            body: RequestBody::Empty,
        };
        let call = client.execute(
            Method::Get,
            "/members/{id}",
            parts,
            CallOptions::default(),
            Shape::Plain,
            &[],
        );
        let size = std::mem::size_of_val(&call);
        assert!(size <= 3_000, "a call's future is {size} bytes");
    }
}
