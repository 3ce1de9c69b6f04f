//! The one error type of the SDK, and the mapping of Trello's answers to it.

use http::StatusCode;

use crate::transport::{TransportError, TransportErrorKind};

/// Everything that can go wrong with a Trello call.
///
/// Messages never contain a key, token or secret. Answers from Trello carry
/// a [`CallContext`] naming the call; match on the cases you handle:
///
/// ```no_run
/// # use trello_core as trello; // the `trello` crate re-exports all of this
/// # async fn run(client: trello::Client) -> Result<(), trello::Error> {
/// use trello::{Error, Method};
///
/// match client.request_json(Method::Get, "/boards/5abbe4b7ddc1b351ef961414", &[], None).await {
///     Ok(board) => println!("{board}"),
///     Err(Error::NotFound { call, .. }) => println!("no such board ({})", call.route),
///     Err(err) if err.needs_reauthorization() => println!("ask the user to authorize again"),
///     Err(err) if err.is_retryable() => println!("try again later: {err}"),
///     Err(err) => return Err(err),
/// }
/// # Ok(()) }
/// ```
///
/// Every case says what was wrong and what to do, and tells whether a
/// retry can help:
///
/// ```
/// # use trello_core as trello;
/// use trello::{Credentials, Error};
///
/// let err = Credentials::from_lookup(|_| None).unwrap_err(); // no TRELLO_API_KEY
/// assert!(matches!(err, Error::InvalidInput(_)));
/// assert!(err.to_string().contains("TRELLO_API_KEY"));
/// assert_eq!((err.status(), err.is_retryable()), (None, false));
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Trello answered 401 `invalid token`: the token was revoked, expired or
    /// never valid. Ask the user to authorize the app again.
    #[error(
        "Trello rejected the token (401 invalid token): it was revoked, has expired or is wrong; ask the user to authorize again"
    )]
    InvalidToken,

    /// Trello answered 401 `invalid key`: the API key is wrong.
    #[error(
        "Trello rejected the API key (401 invalid key); check the key at https://trello.com/power-ups/admin"
    )]
    InvalidKey,

    /// Trello refused the call for lack of permission (401 `unauthorized …
    /// permission requested`, or 403).
    #[error(
        "permission denied ({status}){call}: {message}; the token lacks the scope or the member lacks access{}",
        .call.suffix()
    )]
    PermissionDenied {
        /// 401 or 403.
        status: StatusCode,
        /// Trello's message.
        message: String,
        /// The call that failed (route, path ids, attempts); boxed to keep
        /// `Result<_, Error>` small.
        call: Box<CallContext>,
    },

    /// 404: the resource does not exist or is not visible to this token.
    #[error("not found (404){call}: {message}{}", .call.suffix())]
    NotFound {
        /// Trello's message.
        message: String,
        /// The call that failed (route, path ids, attempts), and a hint when
        /// the base URL looks wrong.
        call: Box<CallContext>,
    },

    /// 429: a rate limit was exceeded.
    #[error(
        "rate limited (429, {code}){call}: {message}; slow down and retry later{}",
        .call.suffix()
    )]
    RateLimited {
        /// Trello's error code, e.g. `API_TOKEN_LIMIT_EXCEEDED`; empty when the
        /// body had none.
        code: String,
        /// Trello's message.
        message: String,
        /// The delay asked for by a `Retry-After` header, when present.
        retry_after: Option<std::time::Duration>,
        /// The call that failed (route, path ids, attempts); boxed to keep
        /// `Result<_, Error>` small.
        call: Box<CallContext>,
    },

    /// Any other non-success answer.
    #[error("Trello API error ({status}){call}: {message}{}", .call.suffix())]
    Api {
        /// The HTTP status.
        status: StatusCode,
        /// Trello's message (the body, shortened).
        message: String,
        /// The call that failed (route, path ids, attempts); boxed to keep
        /// `Result<_, Error>` small.
        call: Box<CallContext>,
    },

    /// The response body did not decode into the expected type.
    #[error("could not decode the response of {route} at `{path}`: {message}")]
    Decode {
        /// The route template, e.g. `GET /boards/{id}`.
        route: String,
        /// The JSON path that failed, e.g. `cards[3].due`.
        path: String,
        /// What was wrong.
        message: String,
    },

    /// The answer's body was larger than the size cap, so it was not read
    /// (the connection was closed, not drained).
    #[error(
        "the answer of {route} is larger than the {limit}-byte limit; raise it with \
         ClientBuilder::max_body_size or CallOptions::max_body_size (or stream it with a download helper)"
    )]
    BodyTooLarge {
        /// The route, e.g. `GET /boards/{id}`.
        route: String,
        /// The cap in bytes that was exceeded.
        limit: u64,
    },

    /// A download's redirect was not followed: too many hops, no usable
    /// `Location`, or a target that is neither https nor loopback.
    #[error("download redirect refused for {route}: {reason}")]
    Redirect {
        /// The route, e.g. `GET /cards/{id}/attachments/{idAttachment}/download/{fileName}`.
        route: String,
        /// What was wrong (never the target's query, which may be signed).
        reason: String,
    },

    /// The request did not get a response.
    #[error("transport failure: {0}")]
    Transport(#[from] TransportError),

    /// The request was not sent because an input was invalid.
    #[error("invalid input: {0}")]
    InvalidInput(String),

    /// OAuth 2.0: the grant ended (the token endpoint answered
    /// `invalid_grant`: the refresh token was revoked, expired or already
    /// used, or a code was bad), or no token is stored. Send the user through
    /// the consent screen again.
    #[error(
        "the OAuth 2.0 grant is no longer valid ({reason}); send the user through the consent screen again"
    )]
    ConsentRequired {
        /// What the server (or the token store) said.
        reason: String,
    },

    /// OAuth 2.0: the authorization server refused (an `error` answer of the
    /// token endpoint other than `invalid_grant`, or of the callback, such
    /// as `access_denied` when the user clicked Deny).
    #[error("OAuth 2.0 error `{error}`: {description}")]
    OAuth2 {
        /// The HTTP status of the token endpoint's answer; `None` for a
        /// callback.
        status: Option<StatusCode>,
        /// The `error` code, e.g. `access_denied`, `invalid_client`.
        error: String,
        /// The `error_description`, shortened; empty when there was none.
        description: String,
    },

    /// OAuth 2.0: the call was not sent because the token was not granted
    /// a scope the endpoint requires.
    #[error(
        "{route} needs the OAuth 2.0 scope `{scope}`, which the token was not granted; ask for it in the authorize URL and have the user consent again"
    )]
    MissingScope {
        /// The route, e.g. `PUT /cards/{id}`.
        route: String,
        /// The missing scope's wire name.
        scope: String,
    },
}

impl Error {
    /// An [`Error::InvalidInput`] with `message` (say what was wrong and what is allowed).
    pub fn invalid_input(message: impl Into<String>) -> Self {
        Self::InvalidInput(message.into())
    }

    /// The HTTP status Trello answered with, when the error came from an answer.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Self::InvalidToken | Self::InvalidKey => Some(StatusCode::UNAUTHORIZED),
            Self::PermissionDenied { status, .. } | Self::Api { status, .. } => Some(*status),
            Self::NotFound { .. } => Some(StatusCode::NOT_FOUND),
            Self::RateLimited { .. } => Some(StatusCode::TOO_MANY_REQUESTS),
            Self::OAuth2 { status, .. } => *status,
            Self::Decode { .. }
            | Self::BodyTooLarge { .. }
            | Self::Redirect { .. }
            | Self::Transport(_)
            | Self::InvalidInput(_)
            | Self::ConsentRequired { .. }
            | Self::MissingScope { .. } => None,
        }
    }

    /// Whether trying the same call again later may succeed: throttling,
    /// server errors (500, 502, 503, 504) and transport failures.
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::RateLimited { .. } => true,
            Self::Api { status, .. } => matches!(
                *status,
                StatusCode::INTERNAL_SERVER_ERROR
                    | StatusCode::BAD_GATEWAY
                    | StatusCode::SERVICE_UNAVAILABLE
                    | StatusCode::GATEWAY_TIMEOUT
            ),
            Self::Transport(err) => matches!(
                err.kind(),
                TransportErrorKind::Connect | TransportErrorKind::Timeout | TransportErrorKind::Io
            ),
            _ => false,
        }
    }

    /// Whether the app should send the user through authorization again:
    /// a revoked key+token ([`Error::InvalidToken`]) or an ended OAuth 2.0
    /// grant ([`Error::ConsentRequired`]).
    pub fn needs_reauthorization(&self) -> bool {
        matches!(self, Self::InvalidToken | Self::ConsentRequired { .. })
    }
}

/// The message of an answer whose body was empty (or only whitespace).
const EMPTY_BODY: &str = "Trello sent no message (the answer's body was empty)";
/// Which call an error answer came from: filled in by the client's pipeline
/// (empty when an answer is mapped outside it, e.g. a batch sub-response).
///
/// Displayed as ` on GET /boards/{id} (id `5f0c…`)` inside the error's
/// message, with `after 3 attempts` and a hint appended when they apply.
/// Path ids of secret placeholders (`{token}`) are never kept.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct CallContext {
    /// The method and route template, e.g. `GET /boards/{id}`; empty when
    /// unknown.
    pub route: String,
    /// The path ids of the call by placeholder name, e.g. `[("id", "5f0c…")]`
    /// (still percent-encoded as sent).
    pub path_ids: Vec<(String, String)>,
    /// How many attempts were made (1 when the call was not retried; 0 when
    /// unknown).
    pub attempts: u32,
    /// What to check, when the SDK has a guess (e.g. a base URL without `/1`).
    pub hint: Option<String>,
}

impl CallContext {
    /// The context of a call of `method` on `template` that was sent as
    /// `path` (filled and percent-encoded), after `attempts` attempts.
    pub fn new(method: crate::Method, template: &str, path: &str, attempts: u32) -> Self {
        Self {
            route: format!("{method} {template}"),
            path_ids: path_ids(template, path),
            attempts,
            hint: None,
        }
    }

    /// The text after the message: the attempts when there was more than one,
    /// and the hint.
    fn suffix(&self) -> String {
        let mut out = String::new();
        if self.attempts > 1 {
            out.push_str(&format!(" (after {} attempts)", self.attempts));
        }
        if let Some(hint) = &self.hint {
            out.push_str("; ");
            out.push_str(hint);
        }
        out
    }
}

impl std::fmt::Display for CallContext {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.route.is_empty() {
            return Ok(());
        }
        write!(f, " on {}", self.route)?;
        for (i, (name, value)) in self.path_ids.iter().enumerate() {
            let sep = if i == 0 { " (" } else { ", " };
            write!(f, "{sep}{name} `{value}`")?;
        }
        if !self.path_ids.is_empty() {
            f.write_str(")")?;
        }
        Ok(())
    }
}

/// The values of `template`'s placeholders in `path`, except secret ones.
fn path_ids(template: &str, path: &str) -> Vec<(String, String)> {
    let template = template.split('?').next().unwrap_or_default();
    let path = path.split('?').next().unwrap_or_default();
    let names = template.trim_matches('/').split('/');
    let values = path.trim_matches('/').split('/');
    names
        .zip(values)
        .filter_map(|(name, value)| {
            let name = name.strip_prefix('{')?.strip_suffix('}')?;
            let secret = name.to_ascii_lowercase().contains("token")
                || name.to_ascii_lowercase().contains("secret");
            (!secret).then(|| (name.to_owned(), value.to_owned()))
        })
        .collect()
}

impl Error {
    /// The call context of an error answer, when it has one.
    pub fn call(&self) -> Option<&CallContext> {
        match self {
            Self::PermissionDenied { call, .. }
            | Self::NotFound { call, .. }
            | Self::RateLimited { call, .. }
            | Self::Api { call, .. } => Some(call.as_ref()),
            _ => None,
        }
    }

    /// This error with `context` attached (answers only; other errors are
    /// returned as they are).
    pub fn with_call(mut self, context: CallContext) -> Self {
        match &mut self {
            Self::PermissionDenied { call, .. }
            | Self::NotFound { call, .. }
            | Self::RateLimited { call, .. }
            | Self::Api { call, .. } => **call = context,
            _ => {}
        }
        self
    }
}

/// The hint of a 404 from a base URL whose path does not end in `/1`, where
/// Trello's REST API lives.
pub fn base_url_hint(base_url: &url::Url) -> Option<String> {
    let path = base_url.path().trim_end_matches('/');
    (!path.ends_with("/1")).then(|| {
        format!(
            "the base URL `{}` does not end in `/1`; Trello's API lives under https://api.trello.com/1",
            crate::redact::RedactedUrl(base_url)
        )
    })
}

/// The longest server message kept in an error.
const MAX_MESSAGE: usize = 300;

/// Turns a non-success answer into an [`Error`].
pub fn error_from_response(status: StatusCode, headers: &http::HeaderMap, body: &[u8]) -> Error {
    let text = String::from_utf8_lossy(body);
    let trimmed = text.trim();
    let json: Option<serde_json::Value> = serde_json::from_str(trimmed).ok();
    let json_str = |field: &str| {
        json.as_ref()
            .and_then(|v| v.get(field))
            .and_then(|v| v.as_str())
            .map(str::to_owned)
    };
    let message = json_str("message")
        .or_else(|| json_str("error"))
        .unwrap_or_else(|| {
            if trimmed.is_empty() {
                EMPTY_BODY.to_owned()
            } else {
                shorten(trimmed)
            }
        });

    match status {
        StatusCode::UNAUTHORIZED => {
            let lower = trimmed.to_ascii_lowercase();
            if lower == "invalid token" || lower.starts_with("invalid token") {
                Error::InvalidToken
            } else if lower == "invalid key" || lower.starts_with("invalid key") {
                Error::InvalidKey
            } else {
                Error::PermissionDenied {
                    status,
                    message,
                    call: Box::default(),
                }
            }
        }
        StatusCode::FORBIDDEN => Error::PermissionDenied {
            status,
            message,
            call: Box::default(),
        },
        StatusCode::NOT_FOUND => Error::NotFound {
            message,
            call: Box::default(),
        },
        StatusCode::TOO_MANY_REQUESTS => Error::RateLimited {
            code: json_str("error").unwrap_or_default(),
            message: json_str("message").unwrap_or_else(|| shorten(trimmed)),
            retry_after: headers
                .get(http::header::RETRY_AFTER)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| crate::policy::parse_retry_after(v, std::time::SystemTime::now())),
            call: Box::default(),
        },
        _ => Error::Api {
            status,
            message: if message == EMPTY_BODY {
                format!(
                    "{} ({EMPTY_BODY})",
                    status.canonical_reason().unwrap_or("no reason")
                )
            } else {
                message
            },
            call: Box::default(),
        },
    }
}

pub(crate) fn shorten(text: &str) -> String {
    if text.len() <= MAX_MESSAGE {
        return text.to_owned();
    }
    let mut end = MAX_MESSAGE;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &text[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(status: u16, body: &str) -> Error {
        error_from_response(
            StatusCode::from_u16(status).unwrap(),
            &http::HeaderMap::new(),
            body.as_bytes(),
        )
    }

    #[test]
    fn plain_text_401_bodies() {
        assert!(matches!(map(401, "invalid token"), Error::InvalidToken));
        assert!(matches!(map(401, "invalid key"), Error::InvalidKey));
        let err = map(401, "unauthorized card permission requested");
        assert!(matches!(err, Error::PermissionDenied { .. }), "{err:?}");
        assert!(
            err.to_string()
                .contains("unauthorized card permission requested")
        );
        assert!(map(401, "invalid token").needs_reauthorization());
        for empty in ["", "  \n"] {
            let text = map(401, empty).to_string();
            assert!(text.contains("the answer's body was empty"), "{text}");
            assert!(!text.contains("): ;"), "{text}");
        }
        let text = map(503, "").to_string();
        assert!(
            text.contains("Service Unavailable") && text.contains("empty"),
            "{text}"
        );
    }

    #[test]
    fn statuses() {
        assert!(matches!(map(403, "no"), Error::PermissionDenied { .. }));
        assert!(matches!(
            map(404, "model not found"),
            Error::NotFound { .. }
        ));
        let err = map(400, "invalid value for idList");
        assert_eq!(err.status(), Some(StatusCode::BAD_REQUEST));
        assert!(!err.is_retryable());
        assert!(map(503, "").is_retryable());
        assert!(map(500, "x").is_retryable());
        assert!(!map(501, "x").is_retryable());
    }

    #[test]
    fn rate_limit_code_from_json_body() {
        let err = error_from_response(
            StatusCode::TOO_MANY_REQUESTS,
            &http::HeaderMap::from_iter([(
                http::header::RETRY_AFTER,
                http::HeaderValue::from_static("7"),
            )]),
            br#"{"error":"API_TOKEN_LIMIT_EXCEEDED","message":"Rate limit exceeded"}"#,
        );
        match &err {
            Error::RateLimited {
                code,
                message,
                retry_after,
                ..
            } => {
                assert_eq!(code, "API_TOKEN_LIMIT_EXCEEDED");
                assert_eq!(message, "Rate limit exceeded");
                assert_eq!(*retry_after, Some(std::time::Duration::from_secs(7)));
            }
            other => panic!("{other:?}"),
        }
        assert!(err.is_retryable());
    }

    #[test]
    fn long_bodies_are_shortened_on_a_char_boundary() {
        let body = "é".repeat(1000);
        let Error::Api { message, .. } = map(500, &body) else {
            panic!()
        };
        assert!(message.len() <= MAX_MESSAGE + "…".len());
    }
}
