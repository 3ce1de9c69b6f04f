//! How credentials are attached to a request.

use std::sync::Arc;

use http::{HeaderValue, header::AUTHORIZATION};

use crate::{
    Credentials, Error,
    endpoint::RequestBody,
    meta::Method,
    oauth1::{OAuth1Credentials, OAuth1Signer},
    oauth2::OAuth2Session,
    request::PreparedRequest,
};

/// Where the API key and token travel.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AuthPlacement {
    /// `Authorization: OAuth oauth_consumer_key="…", oauth_token="…"` (the
    /// default: credentials stay out of URLs and server logs).
    #[default]
    Header,
    /// `key` and `token` query parameters.
    Query,
    /// `key` and `token` fields of the JSON body of PUT and POST requests.
    /// GET and DELETE have no body, so they fall back to the header.
    Body,
}

impl AuthPlacement {
    /// Where the key and token go for a request of `method`: the body only
    /// of PUT and POST (the others have none, so they use the header).
    pub(crate) fn for_method(self, method: Method) -> Self {
        match self {
            Self::Body if !matches!(method, Method::Post | Method::Put) => Self::Header,
            other => other,
        }
    }
}

/// `Authorization: OAuth oauth_consumer_key="…", oauth_token="…"` for
/// `credentials`, marked sensitive; `None` when they hold characters a
/// header cannot carry (then no header is sent, and Trello answers 401).
pub(crate) fn key_token_header(credentials: &Credentials) -> Option<HeaderValue> {
    let value = format!(
        "OAuth oauth_consumer_key=\"{}\", oauth_token=\"{}\"",
        credentials.key().expose(),
        credentials.token().expose()
    );
    let mut value = HeaderValue::from_str(&value).ok()?;
    value.set_sensitive(true);
    Some(value)
}

/// How a client authenticates its calls.
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub enum Auth {
    /// No credentials (only a few public routes answer).
    #[default]
    None,
    /// An API key and a user token, placed as chosen.
    KeyToken {
        /// The key and token.
        credentials: Credentials,
        /// Where they go.
        placement: AuthPlacement,
    },
    /// OAuth 1.0a: every request signed with HMAC-SHA1 (RFC 5849) in the
    /// `Authorization` header, with a fresh nonce and timestamp per attempt.
    OAuth1(OAuth1Signer),
    /// OAuth 2.0 (3LO): `Authorization: Bearer <access token>`, no key or
    /// token; the session refreshes ahead of expiry, single-flight across
    /// every clone, and persists rotated refresh tokens.
    OAuth2(Arc<OAuth2Session>),
}

impl Auth {
    /// Key and token in the `Authorization` header.
    pub fn key_token(credentials: Credentials) -> Self {
        Self::KeyToken {
            credentials,
            placement: AuthPlacement::Header,
        }
    }

    /// OAuth 1.0a signing with `credentials`, on the system clock with
    /// CSPRNG nonces (see [`OAuth1Signer`] to replace either in tests).
    pub fn oauth1(credentials: OAuth1Credentials) -> Self {
        Self::OAuth1(OAuth1Signer::new(credentials))
    }

    /// OAuth 2.0 with `session` (clones of the client share it).
    pub fn oauth2(session: OAuth2Session) -> Self {
        Self::OAuth2(Arc::new(session))
    }

    /// Attaches the credentials to `request`.
    ///
    /// Fails only for OAuth 1.0a, when no nonce can be drawn.
    pub(crate) fn apply(&self, request: &mut PreparedRequest) -> Result<(), Error> {
        match self {
            // The Bearer header needs an await (the token may be refreshed
            // first): the pipeline sets it, see `Client::bearer`.
            Self::None | Self::OAuth2(_) => {}
            Self::OAuth1(signer) => {
                // The SDK's bodies are JSON, multipart or empty, which
                // RFC 5849 leaves out of the base string: only the query is
                // signed.
                let form: &[(String, String)] = match &request.body {
                    RequestBody::Empty | RequestBody::Json(_) | RequestBody::Multipart(_) => &[],
                };
                let method = request.method;
                let header = signer.sign(method.as_str(), request.url()?, form)?;
                request.headers.insert(AUTHORIZATION, header);
            }
            Self::KeyToken {
                credentials,
                placement,
            } => match placement.for_method(request.method) {
                AuthPlacement::Header => {
                    if let Some(value) = key_token_header(credentials) {
                        request.headers.insert(AUTHORIZATION, value);
                    }
                }
                AuthPlacement::Query => {
                    request
                        .url()?
                        .query_pairs_mut()
                        .append_pair("key", credentials.key().expose())
                        .append_pair("token", credentials.token().expose());
                }
                AuthPlacement::Body => {
                    request.add_body_field("key", credentials.key().expose());
                    request.add_body_field("token", credentials.token().expose());
                }
            },
        }
        Ok(())
    }
}
