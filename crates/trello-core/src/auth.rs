//! How credentials are attached to a request.

use http::{HeaderValue, header::AUTHORIZATION};

use crate::{Credentials, meta::Method, request::PreparedRequest};

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
}

impl Auth {
    /// Key and token in the `Authorization` header.
    pub fn key_token(credentials: Credentials) -> Self {
        Self::KeyToken {
            credentials,
            placement: AuthPlacement::Header,
        }
    }

    /// Attaches the credentials to `request`.
    pub(crate) fn apply(&self, request: &mut PreparedRequest) {
        match self {
            Self::None => {}
            Self::KeyToken {
                credentials,
                placement,
            } => {
                let placement = match placement {
                    AuthPlacement::Body
                        if !matches!(request.method, Method::Post | Method::Put) =>
                    {
                        AuthPlacement::Header
                    }
                    other => *other,
                };
                match placement {
                    AuthPlacement::Header => {
                        let value = format!(
                            "OAuth oauth_consumer_key=\"{}\", oauth_token=\"{}\"",
                            credentials.key().expose(),
                            credentials.token().expose()
                        );
                        if let Ok(mut value) = HeaderValue::from_str(&value) {
                            value.set_sensitive(true);
                            request.headers.insert(AUTHORIZATION, value);
                        }
                    }
                    AuthPlacement::Query => {
                        request
                            .url
                            .query_pairs_mut()
                            .append_pair("key", credentials.key().expose())
                            .append_pair("token", credentials.token().expose());
                    }
                    AuthPlacement::Body => {
                        let body = request.json_body();
                        body.insert("key".into(), credentials.key().expose().into());
                        body.insert("token".into(), credentials.token().expose().into());
                    }
                }
            }
        }
    }
}
