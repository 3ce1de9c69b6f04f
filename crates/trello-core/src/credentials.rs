//! API key and user token, held as secrets.

use crate::Error;

/// Environment variable read by [`Credentials::from_env`] for the API key.
pub const API_KEY_ENV: &str = "TRELLO_API_KEY";
/// Environment variable read by [`Credentials::from_env`] for the user token.
pub const TOKEN_ENV: &str = "TRELLO_TOKEN";

crate::secrets::secret_type!(
    /// A Trello API key (the application's public identifier).
    ///
    /// Its value never appears in `Debug` output; call [`ApiKey::expose`]
    /// where the raw value is really needed.
    ApiKey,
    "ApiKey"
);

crate::secrets::secret_type!(
    /// A Trello user token (grants access to a member's data).
    ///
    /// Its value never appears in `Debug` output; call [`Token::expose`]
    /// where the raw value is really needed.
    Token,
    "Token"
);

/// An API key and a user token: what most Trello calls need. Both are
/// secrets: `Debug` prints `<redacted>`, and neither appears in an error, a
/// log or a traced URL.
///
/// ```
/// # use trello_core as trello; // the `trello` crate re-exports all of this
/// use trello::Credentials;
///
/// let credentials = Credentials::new("my-api-key", "my-token");
/// assert!(!format!("{credentials:?}").contains("my-token"));
/// assert_eq!(credentials.token().expose(), "my-token"); // only when you ask
///
/// // From TRELLO_API_KEY and TRELLO_TOKEN (or any other source of settings):
/// let from_env = Credentials::from_env();
/// let from_config = Credentials::from_lookup(|name| match name {
///     "TRELLO_API_KEY" => Some("my-api-key".to_owned()),
///     _ => Some("my-token".to_owned()),
/// })?;
/// # Ok::<(), trello::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Credentials {
    key: ApiKey,
    token: Token,
}

impl Credentials {
    /// Credentials from an explicit key and token.
    pub fn new(key: impl Into<ApiKey>, token: impl Into<Token>) -> Self {
        Self {
            key: key.into(),
            token: token.into(),
        }
    }

    /// Reads `TRELLO_API_KEY` and `TRELLO_TOKEN` from the environment.
    ///
    /// Fails with [`Error::InvalidInput`] naming the variable that is missing
    /// or empty.
    pub fn from_env() -> Result<Self, Error> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Like [`Credentials::from_env`], reading variables through `lookup`
    /// (handy in tests and for other configuration sources).
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, Error> {
        let read = |name: &str| -> Result<String, Error> {
            match lookup(name) {
                Some(value) if !value.trim().is_empty() => Ok(value.trim().to_owned()),
                _ => Err(Error::invalid_input(format!(
                    "environment variable {name} is not set or empty; set it to your Trello \
                     {what} (https://trello.com/power-ups/admin gives the API key; the \
                     authorize URL gives a token)",
                    what = if name == API_KEY_ENV {
                        "API key"
                    } else {
                        "user token"
                    }
                ))),
            }
        };
        Ok(Self::new(read(API_KEY_ENV)?, read(TOKEN_ENV)?))
    }

    /// The API key.
    pub fn key(&self) -> &ApiKey {
        &self.key
    }

    /// The user token.
    pub fn token(&self) -> &Token {
        &self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_redacts_both_secrets() {
        let creds = Credentials::new("key-canary-123", "token-canary-456");
        let debug = format!("{creds:?}");
        assert!(!debug.contains("canary"), "{debug}");
        assert!(debug.contains("<redacted>"));
        assert_eq!(creds.key().expose(), "key-canary-123");
        assert_eq!(creds.token().expose(), "token-canary-456");
    }

    #[test]
    fn from_lookup_names_the_missing_variable() {
        let err = Credentials::from_lookup(|_| None).unwrap_err();
        assert!(err.to_string().contains("TRELLO_API_KEY"), "{err}");
        let err = Credentials::from_lookup(|name| (name == API_KEY_ENV).then(|| "k".to_owned()))
            .unwrap_err();
        assert!(err.to_string().contains("TRELLO_TOKEN"), "{err}");
        let err = Credentials::from_lookup(|_| Some("   ".to_owned())).unwrap_err();
        assert!(err.to_string().contains("TRELLO_API_KEY"), "{err}");
    }

    #[test]
    fn from_lookup_reads_both() {
        let creds = Credentials::from_lookup(|name| Some(format!("{name}-value "))).unwrap();
        assert_eq!(creds.key().expose(), "TRELLO_API_KEY-value");
        assert_eq!(creds.token().expose(), "TRELLO_TOKEN-value");
    }
}
