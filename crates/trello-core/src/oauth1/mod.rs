//! OAuth 1.0a for Trello: HMAC-SHA1 request signing (RFC 5849) and the
//! three-legged flow that gets an access token and secret.
//!
//! Sign every API call by giving the client [`Auth::oauth1`](crate::Auth::oauth1)
//! with [`OAuth1Credentials`]; get the credentials with [`OAuth1Flow`].
//!
//! ```
//! use trello_core::{Auth, oauth1::OAuth1Credentials};
//! let auth = Auth::oauth1(OAuth1Credentials::new(
//!     "consumer-key",
//!     "consumer-secret",
//!     "access-token",
//!     "access-token-secret",
//! ));
//! # let _ = auth;
//! ```
//!
//! The signature base string covers the real method, the normalised URL,
//! the query and any form-encoded body (the SDK's own bodies are JSON, which
//! RFC 5849 leaves out of the signature). Nonces come from the operating
//! system's CSPRNG; the timestamp from a [`Clock`] tests can fix.

mod flow;
pub mod sign;

use std::{
    fmt,
    sync::Arc,
    time::{SystemTime, UNIX_EPOCH},
};

use http::HeaderValue;
use url::Url;

pub use flow::{
    AccessToken, OAuth1Flow, OAuthAuthorizeUrl, OAuthCallback, RequestToken, parse_token_answer,
};

use crate::{
    ApiKey, Error, Token,
    secrets::{AppSecret, TokenSecret},
};

/// The only signature method Trello and this SDK use.
pub const SIGNATURE_METHOD: &str = "HMAC-SHA1";

/// The consumer (app) key and secret, and the user's access token and
/// secret: what signs API calls. `Debug` shows none of them.
#[derive(Clone, Debug)]
pub struct OAuth1Credentials {
    consumer_key: ApiKey,
    consumer_secret: AppSecret,
    token: Token,
    token_secret: TokenSecret,
}

impl OAuth1Credentials {
    /// Credentials from the app's key and secret (from
    /// <https://trello.com/app-key>) and an access token and secret (from
    /// [`OAuth1Flow::access_token`]).
    pub fn new(
        consumer_key: impl Into<ApiKey>,
        consumer_secret: impl Into<AppSecret>,
        token: impl Into<Token>,
        token_secret: impl Into<TokenSecret>,
    ) -> Self {
        Self {
            consumer_key: consumer_key.into(),
            consumer_secret: consumer_secret.into(),
            token: token.into(),
            token_secret: token_secret.into(),
        }
    }

    /// The consumer (API) key.
    pub fn consumer_key(&self) -> &ApiKey {
        &self.consumer_key
    }

    /// The consumer secret.
    pub fn consumer_secret(&self) -> &AppSecret {
        &self.consumer_secret
    }

    /// The access token.
    pub fn token(&self) -> &Token {
        &self.token
    }

    /// The access token's secret.
    pub fn token_secret(&self) -> &TokenSecret {
        &self.token_secret
    }
}

/// The time source of `oauth_timestamp`.
pub trait Clock: Send + Sync + 'static {
    /// Seconds since the Unix epoch.
    fn unix_time(&self) -> u64;
}

/// The system clock.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn unix_time(&self) -> u64 {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs())
    }
}

/// A clock stopped at a given second (for tests).
#[derive(Clone, Copy, Debug)]
pub struct FixedClock(pub u64);

impl Clock for FixedClock {
    fn unix_time(&self) -> u64 {
        self.0
    }
}

/// The source of `oauth_nonce` values.
pub trait NonceSource: Send + Sync + 'static {
    /// A fresh nonce: unique for each request at a given timestamp. Only
    /// unreserved characters keep the `Authorization` header simple.
    fn nonce(&self) -> Result<String, Error>;
}

/// 128 bits from the operating system's CSPRNG, as 32 hex digits.
#[derive(Clone, Copy, Debug, Default)]
pub struct OsNonce;

impl NonceSource for OsNonce {
    fn nonce(&self) -> Result<String, Error> {
        let mut bytes = [0u8; 16];
        getrandom::fill(&mut bytes).map_err(|err| {
            Error::invalid_input(format!(
                "the operating system's random source failed ({err}); cannot make an OAuth nonce"
            ))
        })?;
        Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
    }
}

/// Always the same nonce (for tests that need an exact signature).
#[derive(Clone, Debug)]
pub struct FixedNonce(pub String);

impl NonceSource for FixedNonce {
    fn nonce(&self) -> Result<String, Error> {
        Ok(self.0.clone())
    }
}

/// The protocol values of one signed request besides the credentials.
#[derive(Clone, Debug, Default)]
pub struct OAuthParams {
    /// `oauth_nonce`.
    pub nonce: String,
    /// `oauth_timestamp`.
    pub timestamp: u64,
    /// `oauth_callback` (request-token step only).
    pub callback: Option<String>,
    /// `oauth_verifier` (access-token step only).
    pub verifier: Option<String>,
    /// `realm`, sent in the header but never signed.
    pub realm: Option<String>,
    /// Whether to send `oauth_version="1.0"` (optional in RFC 5849).
    pub version: bool,
}

/// One request's keys for [`authorization_header`]: the consumer key and
/// secret, and the token and its secret once there is one.
#[derive(Clone, Copy, Debug)]
pub struct SigningKeys<'a> {
    /// The consumer key.
    pub consumer_key: &'a str,
    /// The consumer secret.
    pub consumer_secret: &'a AppSecret,
    /// The token (request or access), if any.
    pub token: Option<&'a str>,
    /// The token's secret, if any.
    pub token_secret: Option<&'a TokenSecret>,
}

/// A signed request's `Authorization` header and the signature in it.
pub struct SignedHeader {
    /// The header value (marked sensitive).
    pub header: HeaderValue,
    /// The base64 signature (not itself secret).
    pub signature: String,
}

impl fmt::Debug for SignedHeader {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SignedHeader")
            .field("signature", &self.signature)
            .finish_non_exhaustive()
    }
}

/// Signs a request and returns its `Authorization: OAuth …` header.
///
/// `form` holds the pairs of an `application/x-www-form-urlencoded` body
/// (empty otherwise); the query is read from `url`.
pub fn authorization_header(
    keys: SigningKeys<'_>,
    method: &str,
    url: &Url,
    form: &[(String, String)],
    params: &OAuthParams,
) -> Result<SignedHeader, Error> {
    let timestamp = params.timestamp.to_string();
    let mut protocol: Vec<(&str, &str)> = vec![
        ("oauth_consumer_key", keys.consumer_key),
        ("oauth_signature_method", SIGNATURE_METHOD),
        ("oauth_timestamp", &timestamp),
        ("oauth_nonce", &params.nonce),
    ];
    if let Some(token) = keys.token {
        protocol.push(("oauth_token", token));
    }
    if let Some(callback) = &params.callback {
        protocol.push(("oauth_callback", callback));
    }
    if let Some(verifier) = &params.verifier {
        protocol.push(("oauth_verifier", verifier));
    }
    if params.version {
        protocol.push(("oauth_version", "1.0"));
    }
    let mut signed: Vec<(&str, &str)> = protocol.clone();
    signed.extend(form.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let base = sign::signature_base_string(method, url, &signed);
    let signature = sign::hmac_sha1_signature(&base, keys.consumer_secret, keys.token_secret);

    let mut header = String::from("OAuth ");
    if let Some(realm) = &params.realm {
        header.push_str(&format!("realm=\"{}\", ", sign::percent_encode(realm)));
    }
    for (name, value) in protocol
        .iter()
        .copied()
        .chain([("oauth_signature", signature.as_str())])
    {
        header.push_str(name);
        header.push_str("=\"");
        header.push_str(&sign::percent_encode(value));
        header.push_str("\", ");
    }
    header.truncate(header.len() - 2);
    let mut header = HeaderValue::from_str(&header).map_err(|_| {
        Error::invalid_input("the OAuth header has characters a header cannot carry")
    })?;
    header.set_sensitive(true);
    Ok(SignedHeader { header, signature })
}

/// Signs API calls with [`OAuth1Credentials`]: the scheme behind
/// [`Auth::OAuth1`](crate::Auth::OAuth1).
#[derive(Clone)]
pub struct OAuth1Signer {
    credentials: OAuth1Credentials,
    clock: Arc<dyn Clock>,
    nonces: Arc<dyn NonceSource>,
}

impl fmt::Debug for OAuth1Signer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OAuth1Signer")
            .field("credentials", &self.credentials)
            .finish_non_exhaustive()
    }
}

impl From<OAuth1Credentials> for OAuth1Signer {
    fn from(credentials: OAuth1Credentials) -> Self {
        Self::new(credentials)
    }
}

impl OAuth1Signer {
    /// A signer on the system clock with CSPRNG nonces.
    pub fn new(credentials: OAuth1Credentials) -> Self {
        Self {
            credentials,
            clock: Arc::new(SystemClock),
            nonces: Arc::new(OsNonce),
        }
    }

    /// Replaces the clock (tests).
    pub fn with_clock(mut self, clock: impl Clock) -> Self {
        self.clock = Arc::new(clock);
        self
    }

    /// Replaces the nonce source (tests).
    pub fn with_nonces(mut self, nonces: impl NonceSource) -> Self {
        self.nonces = Arc::new(nonces);
        self
    }

    /// The credentials.
    pub fn credentials(&self) -> &OAuth1Credentials {
        &self.credentials
    }

    /// Signs a request to `url` with `method` and form body pairs `form`.
    pub fn sign(
        &self,
        method: &str,
        url: &Url,
        form: &[(String, String)],
    ) -> Result<HeaderValue, Error> {
        let params = OAuthParams {
            nonce: self.nonces.nonce()?,
            timestamp: self.clock.unix_time(),
            version: true,
            ..OAuthParams::default()
        };
        let keys = SigningKeys {
            consumer_key: self.credentials.consumer_key.expose(),
            consumer_secret: &self.credentials.consumer_secret,
            token: Some(self.credentials.token.expose()),
            token_secret: Some(&self.credentials.token_secret),
        };
        authorization_header(keys, method, url, form, &params).map(|s| s.header)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONSUMER_KEY: &str = "dpf43f3p2l4k3l03";

    fn consumer_secret() -> AppSecret {
        AppSecret::new("kd94hf93k423kf44")
    }

    fn header_params(header: &HeaderValue) -> Vec<(String, String)> {
        let text = header.to_str().unwrap();
        let rest = text.strip_prefix("OAuth ").unwrap();
        rest.split(", ")
            .map(|pair| {
                let (k, v) = pair.split_once('=').unwrap();
                (k.to_owned(), v.trim_matches('"').to_owned())
            })
            .collect()
    }

    fn param<'a>(params: &'a [(String, String)], name: &str) -> &'a str {
        &params.iter().find(|(k, _)| k == name).unwrap().1
    }

    /// RFC 5849 section 1.2: the temporary credentials request.
    #[test]
    fn rfc5849_initiate_request() {
        let url = Url::parse("https://photos.example.net/initiate").unwrap();
        let signed = authorization_header(
            SigningKeys {
                consumer_key: CONSUMER_KEY,
                consumer_secret: &consumer_secret(),
                token: None,
                token_secret: None,
            },
            "POST",
            &url,
            &[],
            &OAuthParams {
                nonce: "wIjqoS".into(),
                timestamp: 137131200,
                callback: Some("http://printer.example.com/ready".into()),
                realm: Some("Photos".into()),
                ..OAuthParams::default()
            },
        )
        .unwrap();
        assert_eq!(signed.signature, "74KNZJeDHnMBp0EMJ9ZHt/XKycU=");
        let params = header_params(&signed.header);
        assert_eq!(param(&params, "realm"), "Photos");
        assert_eq!(
            param(&params, "oauth_signature"),
            "74KNZJeDHnMBp0EMJ9ZHt%2FXKycU%3D"
        );
        assert_eq!(
            param(&params, "oauth_callback"),
            "http%3A%2F%2Fprinter.example.com%2Fready"
        );
        assert!(signed.header.is_sensitive());
    }

    /// RFC 5849 section 1.2: the token credentials request.
    #[test]
    fn rfc5849_token_request() {
        let url = Url::parse("https://photos.example.net/token").unwrap();
        let signed = authorization_header(
            SigningKeys {
                consumer_key: CONSUMER_KEY,
                consumer_secret: &consumer_secret(),
                token: Some("hh5s93j4hdidpola"),
                token_secret: Some(&TokenSecret::new("hdhd0244k9j7ao03")),
            },
            "POST",
            &url,
            &[],
            &OAuthParams {
                nonce: "walatlh".into(),
                timestamp: 137131201,
                verifier: Some("hfdp7dh39dks9884".into()),
                realm: Some("Photos".into()),
                ..OAuthParams::default()
            },
        )
        .unwrap();
        assert_eq!(signed.signature, "gKgrFCywp7rO0OXSjdot/IHF7IU=");
    }

    /// RFC 5849 section 1.2: the protected resource request.
    #[test]
    fn rfc5849_photos_request() {
        let url =
            Url::parse("http://photos.example.net/photos?file=vacation.jpg&size=original").unwrap();
        let signed = authorization_header(
            SigningKeys {
                consumer_key: CONSUMER_KEY,
                consumer_secret: &consumer_secret(),
                token: Some("nnch734d00sl2jdk"),
                token_secret: Some(&TokenSecret::new("pfkkdhi9sl3r4s00")),
            },
            "GET",
            &url,
            &[],
            &OAuthParams {
                nonce: "chapoH".into(),
                timestamp: 137131202,
                realm: Some("Photos".into()),
                ..OAuthParams::default()
            },
        )
        .unwrap();
        assert_eq!(signed.signature, "MdpQcU8iPSUjWoN/UDMsK2sui9I=");
    }

    #[test]
    fn signer_uses_its_clock_and_nonce_and_hides_secrets() {
        let creds = OAuth1Credentials::new(
            "keyCANARY",
            "consumerSecretCANARY",
            "tokenCANARY",
            "tokenSecretCANARY",
        );
        let signer = OAuth1Signer::new(creds)
            .with_clock(FixedClock(1_700_000_000))
            .with_nonces(FixedNonce("n0nce".into()));
        let url = Url::parse("https://api.trello.com/1/members/me?fields=all").unwrap();
        let header = signer.sign("GET", &url, &[]).unwrap();
        let params = header_params(&header);
        assert_eq!(param(&params, "oauth_timestamp"), "1700000000");
        assert_eq!(param(&params, "oauth_nonce"), "n0nce");
        assert_eq!(param(&params, "oauth_version"), "1.0");
        assert_eq!(param(&params, "oauth_token"), "tokenCANARY");
        let text = header.to_str().unwrap();
        assert!(
            !text.contains("SecretCANARY"),
            "secrets are never sent: {text}"
        );
        assert_eq!(header.clone(), signer.sign("GET", &url, &[]).unwrap());
        for debug in [format!("{signer:?}"), format!("{header:?}")] {
            assert!(!debug.contains("CANARY"), "{debug}");
        }
    }

    #[test]
    fn os_nonces_are_fresh_hex() {
        let a = OsNonce.nonce().unwrap();
        let b = OsNonce.nonce().unwrap();
        assert_eq!(a.len(), 32);
        assert!(a.chars().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, b);
    }
}
