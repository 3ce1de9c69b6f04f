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
    policy::{
        CallOptions, TimeoutScope, rate_limit::RouteClass, retry::Progress, timeout::run_with_limit,
    },
    redact::RedactedUrl,
    request::PreparedRequest,
    transport::Transport,
};

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
        let sent_path = parts.path.clone();
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
                let mut call = CallContext::new(method, template, &sent_path, attempt);
                if matches!(err, Error::NotFound { .. }) {
                    call.hint = base_url_hint(&inner.base_url);
                }
                return Err(err.with_call(call));
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
pub(super) enum Shape<'a> {
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

/// A copy of `request` for one attempt.
fn copy_prepared(request: &PreparedRequest) -> PreparedRequest {
    PreparedRequest {
        method: request.method,
        url: request.url.clone(),
        headers: request.headers.clone(),
        body: request.body.clone(),
    }
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
