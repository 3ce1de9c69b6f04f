//! The registration of an OAuth 2.0 app: client id, optional secret,
//! redirect URI, and where the authorization server lives.

use std::fmt;

use url::Url;

use crate::{
    Error,
    base_url::{is_loopback, parse_base_url},
    secrets::{ClientId, ClientSecret},
};

/// Atlassian's authorize endpoint.
pub const DEFAULT_AUTHORIZE_URL: &str = "https://auth.atlassian.com/authorize";
/// Atlassian's token endpoint. (The OpenAPI's `tokenUrl` has a stray
/// `/authorize/` in it; this is the one that works.)
pub const DEFAULT_TOKEN_URL: &str = "https://auth.atlassian.com/oauth/token";

/// An app registered for OAuth 2.0 (3LO): public (no secret: a CLI, a
/// desktop app, a Power-Up front end) or confidential (with a secret: a
/// server). Checked when built, so a mistake shows at start-up.
#[derive(Clone)]
pub struct OAuth2Config {
    pub(crate) client_id: ClientId,
    pub(crate) client_secret: Option<ClientSecret>,
    pub(crate) redirect_uri: Url,
    pub(crate) authorize_url: Url,
    pub(crate) token_url: Url,
}

impl fmt::Debug for OAuth2Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OAuth2Config")
            .field("client_id", &self.client_id)
            .field("confidential", &self.client_secret.is_some())
            .field("redirect_uri", &self.redirect_uri.as_str())
            .field("authorize_url", &self.authorize_url.as_str())
            .field("token_url", &self.token_url.as_str())
            .finish()
    }
}

impl OAuth2Config {
    /// A public client (PKCE only, no secret) with `client_id` that gets its
    /// callbacks at `redirect_uri` (https, or http to a loopback address such
    /// as `http://127.0.0.1:8765/callback`).
    pub fn public(client_id: impl Into<ClientId>, redirect_uri: &str) -> Result<Self, Error> {
        let client_id = client_id.into();
        if client_id.expose().trim().is_empty() {
            return Err(Error::invalid_input(
                "the OAuth 2.0 client id is empty; copy it from your app's settings in the \
                 Atlassian developer console",
            ));
        }
        Ok(Self {
            client_id,
            client_secret: None,
            redirect_uri: check_redirect_uri(redirect_uri)?,
            authorize_url: fixed(DEFAULT_AUTHORIZE_URL),
            token_url: fixed(DEFAULT_TOKEN_URL),
        })
    }

    /// A confidential client: like [`OAuth2Config::public`], and the token
    /// requests also carry `client_secret`.
    pub fn confidential(
        client_id: impl Into<ClientId>,
        client_secret: impl Into<ClientSecret>,
        redirect_uri: &str,
    ) -> Result<Self, Error> {
        let secret = client_secret.into();
        if secret.expose().is_empty() {
            return Err(Error::invalid_input(
                "the OAuth 2.0 client secret is empty; give the app's secret, or use \
                 OAuth2Config::public for a client without one",
            ));
        }
        let mut config = Self::public(client_id, redirect_uri)?;
        config.client_secret = Some(secret);
        Ok(config)
    }

    /// Replaces the authorize endpoint (default
    /// [`DEFAULT_AUTHORIZE_URL`]); https, or http to loopback (the sandbox).
    pub fn authorize_url(mut self, url: &str) -> Result<Self, Error> {
        self.authorize_url = parse_base_url(url)?;
        Ok(self)
    }

    /// Replaces the token endpoint (default [`DEFAULT_TOKEN_URL`]); https,
    /// or http to loopback.
    pub fn token_url(mut self, url: &str) -> Result<Self, Error> {
        self.token_url = parse_base_url(url)?;
        Ok(self)
    }

    /// The client id.
    pub fn client_id(&self) -> &ClientId {
        &self.client_id
    }

    /// Whether the client has a secret.
    pub fn is_confidential(&self) -> bool {
        self.client_secret.is_some()
    }

    /// The redirect URI.
    pub fn redirect_uri(&self) -> &Url {
        &self.redirect_uri
    }

    /// The token endpoint.
    pub fn token_endpoint(&self) -> &Url {
        &self.token_url
    }

    /// The authorize endpoint.
    pub fn authorize_endpoint(&self) -> &Url {
        &self.authorize_url
    }
}

fn fixed(raw: &str) -> Url {
    match Url::parse(raw) {
        Ok(url) => url,
        Err(_) => unreachable!("the default OAuth 2.0 URLs are valid"),
    }
}

/// A redirect URI must be absolute, https (or http to loopback, RFC 8252
/// §7.3), without a fragment or user info.
pub(crate) fn check_redirect_uri(raw: &str) -> Result<Url, Error> {
    let url = Url::parse(raw.trim()).map_err(|err| {
        Error::invalid_input(format!(
            "redirect_uri `{raw}` is not an absolute URL ({err}); use e.g. \
             https://app.example/callback or http://127.0.0.1:8765/callback"
        ))
    })?;
    match url.scheme() {
        "https" if url.host().is_some() => {}
        "http" if is_loopback(&url) => {}
        _ => {
            return Err(Error::invalid_input(format!(
                "redirect_uri `{raw}` is not https; the code would travel in clear text. Use \
                 https, or http only to a loopback address (127.0.0.1, [::1], localhost)"
            )));
        }
    }
    if url.fragment().is_some() || !url.username().is_empty() || url.password().is_some() {
        return Err(Error::invalid_input(format!(
            "redirect_uri `{raw}` has a fragment or user info; give scheme, host, port and path"
        )));
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redirect_uris() {
        for good in [
            "https://app.example/cb",
            "http://127.0.0.1:8765/callback",
            "http://localhost/cb",
            "http://[::1]:9/cb",
        ] {
            assert!(OAuth2Config::public("id", good).is_ok(), "{good}");
        }
        for bad in [
            "http://app.example/cb",
            "ftp://x/cb",
            "/relative",
            "https://app.example/cb#frag",
            "https://u:p@app.example/cb",
            "",
        ] {
            let err = OAuth2Config::public("id", bad).unwrap_err();
            assert!(err.to_string().contains("redirect_uri"), "{bad}: {err}");
        }
    }

    #[test]
    fn empty_client_id_and_secret() {
        let err = OAuth2Config::public("  ", "https://a.example/cb").unwrap_err();
        assert!(err.to_string().contains("client id"), "{err}");
        let err = OAuth2Config::confidential("id", "", "https://a.example/cb").unwrap_err();
        assert!(err.to_string().contains("secret"), "{err}");
        let config = OAuth2Config::confidential("id", "sEcReT", "https://a.example/cb").unwrap();
        assert!(config.is_confidential());
        assert!(!format!("{config:?}").contains("sEcReT"));
        assert!(config.clone().token_url("http://evil.example/t").is_err());
        assert_eq!(config.token_endpoint().as_str(), DEFAULT_TOKEN_URL);
    }
}
