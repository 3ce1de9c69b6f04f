//! The authorization-code flow with PKCE: the authorize URL, the value the
//! app holds until the callback, and the callback's parsing.

use std::fmt;

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use url::Url;

use super::{config::OAuth2Config, scope::Scopes};
use crate::{
    Error,
    callback::MAX_INPUT_LEN,
    error::shorten,
    secrets::{AuthorizationCode, PkceVerifier},
};

/// 32 bytes from the OS CSPRNG, base64url without padding (43 characters:
/// within RFC 7636's 43–128 for a verifier).
fn random_token() -> Result<String, Error> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|err| {
        Error::invalid_input(format!(
            "the operating system's random source failed ({err}); cannot make a PKCE verifier \
             or state"
        ))
    })?;
    Ok(URL_SAFE_NO_PAD.encode(bytes))
}

/// The S256 challenge of `verifier` (RFC 7636 §4.2).
pub fn pkce_challenge(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

/// Builds the URL that sends the user to the consent screen: `client_id`,
/// `scope`, `redirect_uri`, `response_type=code`, `prompt=consent`, a PKCE
/// S256 challenge and a random `state`.
#[derive(Clone, Debug)]
pub struct AuthorizeRequest {
    config: OAuth2Config,
    scopes: Scopes,
    prompt_consent: bool,
}

impl AuthorizeRequest {
    /// A request for `scopes` by the app of `config`. Add
    /// [`Scope::OfflineAccess`](super::Scope::OfflineAccess) to get a
    /// refresh token.
    pub fn new(config: &OAuth2Config, scopes: Scopes) -> Self {
        Self {
            config: config.clone(),
            scopes,
            prompt_consent: true,
        }
    }

    /// Whether to send `prompt=consent` (default: yes, as Atlassian asks).
    pub fn prompt_consent(mut self, prompt: bool) -> Self {
        self.prompt_consent = prompt;
        self
    }

    /// Draws a fresh PKCE verifier and `state` from the OS RNG and builds
    /// the URL. Keep the returned [`PendingAuthorization`] (in memory, or
    /// in the user's server-side session) until the callback arrives.
    pub fn start(&self) -> Result<PendingAuthorization, Error> {
        if self.scopes.is_empty() {
            return Err(Error::invalid_input(
                "no OAuth 2.0 scope asked for; name at least one, e.g. Scope::ReadBoard",
            ));
        }
        let verifier = random_token()?;
        let state = random_token()?;
        let mut url = self.config.authorize_url.clone();
        {
            let mut pairs = url.query_pairs_mut();
            pairs
                .append_pair("audience", "api.atlassian.com")
                .append_pair("client_id", self.config.client_id.expose())
                .append_pair("scope", &self.scopes.to_string())
                .append_pair("redirect_uri", self.config.redirect_uri.as_str())
                .append_pair("state", &state)
                .append_pair("response_type", "code");
            if self.prompt_consent {
                pairs.append_pair("prompt", "consent");
            }
            pairs
                .append_pair("code_challenge", &pkce_challenge(&verifier))
                .append_pair("code_challenge_method", "S256");
        }
        Ok(PendingAuthorization {
            url,
            state,
            verifier: PkceVerifier::new(verifier),
            redirect_uri: self.config.redirect_uri.clone(),
            scopes: self.scopes.clone(),
        })
    }
}

/// What the app holds between sending the user to [`PendingAuthorization::url`]
/// and the callback: the `state` to expect and the PKCE verifier to send
/// with the code. Use it once.
#[derive(Clone)]
pub struct PendingAuthorization {
    url: Url,
    state: String,
    verifier: PkceVerifier,
    redirect_uri: Url,
    scopes: Scopes,
}

impl fmt::Debug for PendingAuthorization {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PendingAuthorization")
            .field("authorize", &self.url.path())
            .field("scopes", &self.scopes)
            .field("verifier", &self.verifier)
            .finish_non_exhaustive()
    }
}

impl PendingAuthorization {
    /// Rebuilds the value from what the app saved (e.g. in a session store)
    /// between redirect and callback.
    pub fn restore(
        url: Url,
        state: impl Into<String>,
        verifier: PkceVerifier,
        redirect_uri: Url,
        scopes: Scopes,
    ) -> Self {
        Self {
            url,
            state: state.into(),
            verifier,
            redirect_uri,
            scopes,
        }
    }

    /// The URL to open in the user's browser.
    pub fn url(&self) -> &Url {
        &self.url
    }

    /// The `state` sent (to save it with the verifier).
    pub fn state(&self) -> &str {
        &self.state
    }

    /// The PKCE verifier (to save it; it is sent only with the code).
    pub fn verifier(&self) -> &PkceVerifier {
        &self.verifier
    }

    /// The redirect URI the code will be sent to.
    pub fn redirect_uri(&self) -> &Url {
        &self.redirect_uri
    }

    /// The scopes asked for.
    pub fn scopes(&self) -> &Scopes {
        &self.scopes
    }

    /// Reads the callback (the URL the browser was sent to, its path and
    /// query, or only its query) and returns the code, after checking its
    /// `state` against the one sent, in constant time.
    ///
    /// An `error` answer (e.g. `access_denied` when the user clicked Deny)
    /// is an [`Error::OAuth2`]; a missing or different `state` an
    /// [`Error::InvalidInput`] (possible CSRF: do not exchange).
    pub fn accept(&self, callback: &str) -> Result<AuthorizationCode, Error> {
        let answer = parse_callback(callback)?;
        let state_matches =
            |state: &str| -> bool { state.as_bytes().ct_eq(self.state.as_bytes()).into() };
        match answer {
            CallbackAnswer::Code { code, state } => {
                if !state.as_deref().is_some_and(state_matches) {
                    return Err(Error::invalid_input(
                        "the OAuth 2.0 callback's `state` is missing or is not the one this \
                         authorization sent (a forged or stale callback?); the code was not \
                         exchanged; start the authorization again",
                    ));
                }
                Ok(code)
            }
            CallbackAnswer::Error {
                error, description, ..
            } => Err(Error::OAuth2 {
                status: None,
                error,
                description,
            }),
        }
    }
}

/// What a callback carries.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum CallbackAnswer {
    /// The user consented: the code to exchange, and the `state` echoed.
    Code {
        /// The one-time code.
        code: AuthorizationCode,
        /// The `state` echoed, if any.
        state: Option<String>,
    },
    /// The server or the user refused.
    Error {
        /// The `error` code, e.g. `access_denied`.
        error: String,
        /// The `error_description`, shortened; empty when absent.
        description: String,
        /// The `state` echoed, if any.
        state: Option<String>,
    },
}

/// Parses a callback URL (absolute, path and query, or only the query) for
/// `code` and `state`, or `error` and `error_description`. Any input gives
/// a value or an [`Error::InvalidInput`], never a panic (a fuzz target
/// checks it).
pub fn parse_callback(input: &str) -> Result<CallbackAnswer, Error> {
    let input = input.trim();
    if input.len() > MAX_INPUT_LEN {
        return Err(Error::invalid_input(
            "the OAuth 2.0 callback URL is too long (over 16 KiB)",
        ));
    }
    let query = input.split_once('?').map_or(input, |(_, query)| query);
    let query = query.split('#').next().unwrap_or_default();
    let mut code = None;
    let mut state = None;
    let mut error = None;
    let mut description = None;
    for (name, value) in form_urlencoded::parse(query.as_bytes()) {
        let slot = match name.as_ref() {
            "code" => &mut code,
            "state" => &mut state,
            "error" => &mut error,
            "error_description" => &mut description,
            _ => continue,
        };
        if slot.is_some() {
            return Err(Error::invalid_input(format!(
                "the OAuth 2.0 callback repeats `{name}`; refusing an ambiguous answer"
            )));
        }
        *slot = Some(value.into_owned());
    }
    if let Some(error) = error.filter(|e| !e.is_empty()) {
        return Ok(CallbackAnswer::Error {
            error: shorten(&error),
            description: description.map(|d| shorten(&d)).unwrap_or_default(),
            state,
        });
    }
    match code {
        Some(code) if !code.is_empty() => Ok(CallbackAnswer::Code {
            code: AuthorizationCode::new(code),
            state,
        }),
        _ => Err(Error::invalid_input(
            "the OAuth 2.0 callback has neither `code` nor `error`; pass the whole URL the \
             browser was redirected to",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::oauth2::Scope;

    fn pending() -> PendingAuthorization {
        let config = OAuth2Config::public("cLiEnT", "http://127.0.0.1:8765/callback").unwrap();
        AuthorizeRequest::new(
            &config,
            Scopes::new()
                .with(Scope::ReadBoard)
                .with(Scope::OfflineAccess),
        )
        .start()
        .unwrap()
    }

    #[test]
    fn rfc7636_appendix_b_challenge() {
        assert_eq!(
            pkce_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }

    #[test]
    fn authorize_url_has_every_parameter() {
        let pending = pending();
        let url = pending.url();
        assert_eq!(url.host_str(), Some("auth.atlassian.com"));
        let get = |name: &str| {
            url.query_pairs()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.into_owned())
        };
        assert_eq!(get("client_id").as_deref(), Some("cLiEnT"));
        assert_eq!(
            get("scope").as_deref(),
            Some("read:board:trello offline_access")
        );
        assert_eq!(
            get("redirect_uri").as_deref(),
            Some("http://127.0.0.1:8765/callback")
        );
        assert_eq!(get("response_type").as_deref(), Some("code"));
        assert_eq!(get("prompt").as_deref(), Some("consent"));
        assert_eq!(get("code_challenge_method").as_deref(), Some("S256"));
        assert_eq!(
            get("code_challenge").unwrap(),
            pkce_challenge(pending.verifier().expose())
        );
        assert_eq!(get("state").as_deref(), Some(pending.state()));
        assert_eq!(pending.verifier().expose().len(), 43);
        // Fresh randomness each time.
        let other = self::pending();
        assert_ne!(other.state(), pending.state());
        assert_ne!(other.verifier().expose(), pending.verifier().expose());
        assert!(!format!("{pending:?}").contains(pending.verifier().expose()));
    }

    #[test]
    fn callbacks() {
        let pending = pending();
        let good = format!(
            "http://127.0.0.1:8765/callback?code=c0de&state={}",
            pending.state()
        );
        assert_eq!(pending.accept(&good).unwrap().expose(), "c0de");
        let err = pending
            .accept("/callback?code=c0de&state=forged")
            .unwrap_err();
        assert!(err.to_string().contains("state"), "{err}");
        assert!(pending.accept("code=c0de").is_err());
        let err = pending
            .accept("?error=access_denied&error_description=User%20denied&state=x")
            .unwrap_err();
        assert!(
            matches!(&err, Error::OAuth2 { error, description, .. }
                if error == "access_denied" && description == "User denied"),
            "{err:?}"
        );
        for bad in ["", "?", "?code=", "?state=s", "?code=a&code=b"] {
            assert!(parse_callback(bad).is_err(), "{bad}");
        }
        assert!(parse_callback(&"a".repeat(MAX_INPUT_LEN + 1)).is_err());
    }

    #[test]
    fn empty_scopes_are_refused() {
        let config = OAuth2Config::public("c", "https://a.example/cb").unwrap();
        assert!(
            AuthorizeRequest::new(&config, Scopes::new())
                .start()
                .is_err()
        );
    }
}
