//! The token endpoint: what is sent (code exchange, refresh), through the
//! SDK's own [`Transport`](crate::Transport), and what comes back.
//!
//! Every token request of the SDK goes through [`post_token`], so a change
//! to the transport contract is a change here only.

use std::{
    fmt,
    time::{Duration, SystemTime},
};

use bytes::Bytes;
use http::{HeaderValue, StatusCode, header};
use tracing::Instrument;
use url::Url;

use super::scope::Scopes;
use crate::{
    Error,
    error::shorten,
    policy::{TimeoutScope, Timeouts, timeout::run_with_limit},
    secrets::{AccessToken, RefreshToken},
    transport::{SharedTransport, TransportErrorKind},
};

/// The longest `expires_in` accepted: a year. Atlassian's access tokens
/// live an hour; anything beyond this is a broken or hostile answer.
pub const MAX_EXPIRES_IN: u64 = 366 * 24 * 3600;

/// The route named in errors and spans.
const TOKEN_ROUTE: &str = "POST /oauth/token";

/// What the token endpoint grants: an access token, usually a refresh token
/// (with `offline_access`), when the access token expires and the scopes
/// granted. The tokens never show in `Debug`.
#[derive(Clone)]
pub struct TokenSet {
    pub(crate) access_token: AccessToken,
    pub(crate) refresh_token: Option<RefreshToken>,
    pub(crate) expires_at: Option<SystemTime>,
    pub(crate) scopes: Option<Scopes>,
}

impl fmt::Debug for TokenSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenSet")
            .field("access_token", &self.access_token)
            .field("refresh_token", &self.refresh_token)
            .field("expires_at", &self.expires_at)
            .field("scopes", &self.scopes)
            .finish()
    }
}

impl TokenSet {
    /// A token set, e.g. as a [`TokenStore`](super::TokenStore) loads it.
    /// `scopes`: the granted scopes when known (`None`: let the server
    /// judge every call).
    pub fn new(
        access_token: AccessToken,
        refresh_token: Option<RefreshToken>,
        expires_at: Option<SystemTime>,
        scopes: Option<Scopes>,
    ) -> Self {
        Self {
            access_token,
            refresh_token,
            expires_at,
            scopes,
        }
    }

    /// The access token.
    pub fn access_token(&self) -> &AccessToken {
        &self.access_token
    }

    /// The refresh token, when `offline_access` was granted.
    pub fn refresh_token(&self) -> Option<&RefreshToken> {
        self.refresh_token.as_ref()
    }

    /// When the access token expires, when the server said.
    pub fn expires_at(&self) -> Option<SystemTime> {
        self.expires_at
    }

    /// The granted scopes, when the server said.
    pub fn scopes(&self) -> Option<&Scopes> {
        self.scopes.as_ref()
    }

    /// Whether the access token is expired, or will be within `margin`, at
    /// `now`. Unknown expiry: never (the server's 401 decides).
    pub fn expires_within(&self, now: SystemTime, margin: Duration) -> bool {
        self.expires_at.is_some_and(|at| now + margin >= at)
    }
}

/// Parses a successful token answer (JSON: `access_token`, `token_type`,
/// `expires_in`, `refresh_token`, `scope`) received at `now`.
///
/// A missing or empty `access_token`, a `token_type` other than `Bearer`, a
/// negative, zero, fractional or absurd (over [`MAX_EXPIRES_IN`])
/// `expires_in` are [`Error::Decode`] errors naming the field; no input
/// panics (a fuzz target checks it), and no error repeats a token.
pub fn parse_token_answer(body: &[u8], now: SystemTime) -> Result<TokenSet, Error> {
    let decode = |path: &str, message: String| Error::Decode {
        route: TOKEN_ROUTE.to_owned(),
        path: path.to_owned(),
        message,
    };
    let value: serde_json::Value = serde_json::from_slice(body)
        .map_err(|err| decode("", format!("the token answer is not JSON ({err})")))?;
    let Some(object) = value.as_object() else {
        return Err(decode("", "the token answer is not a JSON object".into()));
    };
    let access_token = match object.get("access_token") {
        Some(serde_json::Value::String(token)) if !token.is_empty() => {
            AccessToken::new(token.clone())
        }
        Some(_) => {
            return Err(decode(
                "access_token",
                "`access_token` is empty or not a string".into(),
            ));
        }
        None => {
            return Err(decode(
                "access_token",
                "the token answer has no `access_token`".into(),
            ));
        }
    };
    match object.get("token_type") {
        None | Some(serde_json::Value::Null) => {}
        Some(serde_json::Value::String(kind)) if kind.eq_ignore_ascii_case("bearer") => {}
        Some(other) => {
            return Err(decode(
                "token_type",
                format!(
                    "`token_type` is {}, not `Bearer`; the SDK sends only Bearer tokens",
                    shorten(&other.to_string())
                ),
            ));
        }
    }
    let expires_at = match object.get("expires_in") {
        None | Some(serde_json::Value::Null) => None,
        Some(serde_json::Value::Number(n)) => match n.as_u64() {
            Some(secs) if (1..=MAX_EXPIRES_IN).contains(&secs) => {
                Some(now + Duration::from_secs(secs))
            }
            _ => {
                return Err(decode(
                    "expires_in",
                    format!(
                        "`expires_in` is {n}; expected whole seconds from 1 to {MAX_EXPIRES_IN}"
                    ),
                ));
            }
        },
        Some(_) => {
            return Err(decode(
                "expires_in",
                "`expires_in` is not a number of seconds".into(),
            ));
        }
    };
    let refresh_token = match object.get("refresh_token") {
        None | Some(serde_json::Value::Null) => None,
        Some(serde_json::Value::String(token)) if !token.is_empty() => {
            Some(RefreshToken::new(token.clone()))
        }
        Some(_) => {
            return Err(decode(
                "refresh_token",
                "`refresh_token` is empty or not a string".into(),
            ));
        }
    };
    let scopes = match object.get("scope") {
        None | Some(serde_json::Value::Null) => None,
        Some(serde_json::Value::String(raw)) => Some(Scopes::from_server(raw)),
        Some(_) => return Err(decode("scope", "`scope` is not a string".into())),
    };
    Ok(TokenSet {
        access_token,
        refresh_token,
        expires_at,
        scopes,
    })
}

/// Turns a token endpoint's error answer (`{"error": …,
/// "error_description": …}`, RFC 6749 §5.2) into an [`Error`]:
/// `invalid_grant` becomes [`Error::ConsentRequired`], other codes
/// [`Error::OAuth2`]; a body that is not such an object maps as any Trello
/// answer does.
pub fn parse_error_answer(status: StatusCode, headers: &http::HeaderMap, body: &[u8]) -> Error {
    let value: Option<serde_json::Value> = serde_json::from_slice(body).ok();
    let field = |name: &str| {
        value
            .as_ref()
            .and_then(|v| v.get(name))
            .and_then(|v| v.as_str())
            .map(|text| shorten(text.trim()))
    };
    match field("error") {
        Some(error) if error == "invalid_grant" => Error::ConsentRequired {
            reason: format!(
                "invalid_grant: {}",
                field("error_description").unwrap_or_else(|| "no description".into())
            ),
        },
        Some(error) => Error::OAuth2 {
            status: Some(status),
            error,
            description: field("error_description").unwrap_or_default(),
        },
        None => crate::error::error_from_response(status, headers, body),
    }
}

/// How a token request is sent: through which transport, under which time
/// limits, with which `User-Agent`.
#[derive(Clone)]
pub(crate) struct TokenCall<'a> {
    pub(crate) transport: &'a SharedTransport,
    pub(crate) timeouts: &'a Timeouts,
    pub(crate) user_agent: &'a HeaderValue,
}

/// How often a token request is tried when the connection could not even
/// be made. A token request is not idempotent (a code or a rotating refresh
/// token is spent on arrival), so it is never retried once it may have
/// reached the server: only [`TransportErrorKind::Connect`] failures are.
/// The most of a token endpoint's answer that is read.
const TOKEN_ANSWER_LIMIT: u64 = 64 * 1024;

const CONNECT_ATTEMPTS: u32 = 3;

/// POSTs the JSON `body` to the token endpoint `url` and parses the answer
/// (expiry counted from `now`, the caller's wall clock).
/// `grant` names the grant type in the tracing span; the body (code,
/// verifier, secrets) is never logged.
pub(crate) async fn post_token(
    call: TokenCall<'_>,
    url: &Url,
    grant: &'static str,
    body: serde_json::Value,
    now: SystemTime,
) -> Result<TokenSet, Error> {
    let span = tracing::debug_span!(
        "trello.oauth2",
        route = TOKEN_ROUTE,
        grant,
        status = tracing::field::Empty,
        attempts = tracing::field::Empty,
    );
    let bytes = Bytes::from(body.to_string());
    let uri: http::Uri = url
        .as_str()
        .parse()
        .map_err(|err| Error::invalid_input(format!("token URL is not a valid URI: {err}")))?;
    let attempts = async {
        let mut attempt = 0;
        loop {
            attempt += 1;
            tracing::Span::current().record("attempts", attempt);
            let mut request = http::Request::new(bytes.clone());
            *request.method_mut() = http::Method::POST;
            *request.uri_mut() = uri.clone();
            let headers = request.headers_mut();
            headers.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
            headers.insert(header::ACCEPT, HeaderValue::from_static("application/json"));
            headers.insert(header::USER_AGENT, call.user_agent.clone());
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            let sent = run_with_limit(
                call.timeouts.attempt_limit(),
                TimeoutScope::Attempt,
                call.transport.send(request),
            )
            .await;
            let response = match sent {
                Ok(Ok(response)) => response,
                Ok(Err(err)) if err.kind() == TransportErrorKind::Connect => {
                    tracing::debug!(attempt, error = %err, "token request did not connect");
                    if attempt < CONNECT_ATTEMPTS {
                        continue;
                    }
                    return Err(Error::Transport(err));
                }
                Ok(Err(err)) => return Err(Error::Transport(err)),
                Err(timed_out) => return Err(Error::Transport(timed_out.into_transport_error())),
            };
            let status = response.status();
            tracing::Span::current().record("status", status.as_u16());
            let (head, body) = response.into_parts();
            // A token answer is a small JSON object: read at most this much
            // (the overall deadline above bounds the time).
            let body =
                crate::transport::read_limited(body, TOKEN_ANSWER_LIMIT, "POST token endpoint")
                    .await?;
            if !status.is_success() {
                let err = parse_error_answer(status, &head.headers, &body);
                tracing::debug!(error = %err, "token request refused");
                return Err(err);
            }
            return parse_token_answer(&body, now);
        }
    };
    run_with_limit(
        call.timeouts.overall_limit(),
        TimeoutScope::Overall,
        attempts,
    )
    .instrument(span)
    .await
    .unwrap_or_else(|timed_out| Err(Error::Transport(timed_out.into_transport_error())))
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: SystemTime = SystemTime::UNIX_EPOCH;

    #[test]
    fn a_full_answer() {
        let set = parse_token_answer(
            br#"{"access_token":"aCcEsS","token_type":"Bearer","expires_in":3600,
                "refresh_token":"rEfReSh","scope":"read:board:trello offline_access"}"#,
            NOW,
        )
        .unwrap();
        assert_eq!(set.access_token().expose(), "aCcEsS");
        assert_eq!(set.refresh_token().unwrap().expose(), "rEfReSh");
        assert_eq!(set.expires_at(), Some(NOW + Duration::from_secs(3600)));
        assert!(set.scopes().unwrap().contains_name("offline_access"));
        assert!(set.expires_within(NOW + Duration::from_secs(3500), Duration::from_secs(120)));
        assert!(!set.expires_within(NOW, Duration::from_secs(120)));
        let debug = format!("{set:?}");
        assert!(
            !debug.contains("aCcEsS") && !debug.contains("rEfReSh"),
            "{debug}"
        );
    }

    #[test]
    fn bad_answers_name_the_field() {
        for (body, field) in [
            (&br#"{"token_type":"Bearer"}"#[..], "access_token"),
            (br#"{"access_token":""}"#, "access_token"),
            (br#"{"access_token":5}"#, "access_token"),
            (br#"{"access_token":"a","expires_in":-5}"#, "expires_in"),
            (br#"{"access_token":"a","expires_in":0}"#, "expires_in"),
            (br#"{"access_token":"a","expires_in":1.5}"#, "expires_in"),
            (
                br#"{"access_token":"a","expires_in":99999999999}"#,
                "expires_in",
            ),
            (br#"{"access_token":"a","expires_in":"3600"}"#, "expires_in"),
            (br#"{"access_token":"a","token_type":"mac"}"#, "token_type"),
            (
                br#"{"access_token":"a","refresh_token":""}"#,
                "refresh_token",
            ),
            (br#"{"access_token":"a","scope":[1]}"#, "scope"),
        ] {
            match parse_token_answer(body, NOW) {
                Err(Error::Decode { path, .. }) => assert_eq!(path, field, "{body:?}"),
                other => panic!("{other:?} for {}", String::from_utf8_lossy(body)),
            }
        }
        assert!(parse_token_answer(b"not json", NOW).is_err());
        assert!(parse_token_answer(b"[]", NOW).is_err());
        let err =
            parse_token_answer(br#"{"access_token":"sEcReT","token_type":"x"}"#, NOW).unwrap_err();
        assert!(!err.to_string().contains("sEcReT"));
    }

    #[test]
    fn error_answers() {
        let headers = http::HeaderMap::new();
        let err = parse_error_answer(
            StatusCode::BAD_REQUEST,
            &headers,
            br#"{"error":"invalid_grant","error_description":"refresh token reused"}"#,
        );
        assert!(err.needs_reauthorization(), "{err:?}");
        assert!(err.to_string().contains("refresh token reused"));
        let err = parse_error_answer(
            StatusCode::UNAUTHORIZED,
            &headers,
            br#"{"error":"invalid_client"}"#,
        );
        assert!(matches!(&err, Error::OAuth2 { error, .. } if error == "invalid_client"));
        let err = parse_error_answer(StatusCode::BAD_GATEWAY, &headers, b"<html>");
        assert!(err.is_retryable());
    }
}
