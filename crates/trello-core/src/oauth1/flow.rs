//! The three-legged OAuth 1.0a flow against Trello's routes.

use std::{fmt, sync::Arc};

use bytes::Bytes;
use http::{HeaderValue, header};
use subtle::ConstantTimeEq;
use tracing::Instrument;
use url::Url;

use super::{
    Clock, NonceSource, OAuth1Credentials, OAuthParams, OsNonce, SigningKeys, SystemClock,
    authorization_header,
};
use crate::{
    ApiKey, Error, Token,
    authorize::{Expiration, Scope, TRELLO_AUTH_BASE},
    base_url::parse_base_url,
    client::DEFAULT_USER_AGENT,
    error::error_from_response,
    secrets::{AppSecret, TokenSecret, Verifier},
    transport::SharedTransport,
};

/// `POST` here for a request token.
pub const REQUEST_TOKEN_PATH: &str = "/OAuthGetRequestToken";
/// Send the user here to allow access.
pub const AUTHORIZE_TOKEN_PATH: &str = "/OAuthAuthorizeToken";
/// `POST` here to exchange the verifier for an access token.
pub const ACCESS_TOKEN_PATH: &str = "/OAuthGetAccessToken";

/// The temporary credentials of step one.
#[derive(Clone, Debug)]
pub struct RequestToken {
    token: Token,
    secret: TokenSecret,
    callback_confirmed: bool,
}

impl RequestToken {
    /// Request token and secret as saved between the steps (e.g. in the
    /// user's session).
    pub fn new(token: impl Into<Token>, secret: impl Into<TokenSecret>) -> Self {
        Self {
            token: token.into(),
            secret: secret.into(),
            callback_confirmed: true,
        }
    }

    /// The request token (`oauth_token`).
    pub fn token(&self) -> &Token {
        &self.token
    }

    /// Its secret.
    pub fn secret(&self) -> &TokenSecret {
        &self.secret
    }

    /// Whether Trello confirmed the callback (`oauth_callback_confirmed=true`).
    pub fn callback_confirmed(&self) -> bool {
        self.callback_confirmed
    }
}

/// The token credentials of step three: they sign API calls.
#[derive(Clone, Debug)]
pub struct AccessToken {
    token: Token,
    secret: TokenSecret,
}

impl AccessToken {
    /// The access token (`oauth_token`); Trello also accepts it as a user
    /// token with the API key.
    pub fn token(&self) -> &Token {
        &self.token
    }

    /// Its secret.
    pub fn secret(&self) -> &TokenSecret {
        &self.secret
    }
}

/// What Trello appends to the callback URL once the user allowed access.
#[derive(Clone, Debug)]
pub struct OAuthCallback {
    token: Token,
    verifier: Verifier,
}

impl OAuthCallback {
    /// Parses the callback request's URL (absolute, or only its path and
    /// query, or only its query) for `oauth_token` and `oauth_verifier`.
    pub fn parse(input: &str) -> Result<Self, Error> {
        let input = input.trim();
        if input.len() > crate::callback::MAX_INPUT_LEN {
            return Err(Error::invalid_input("the OAuth callback URL is too long"));
        }
        let query = match input.split_once('?') {
            Some((_, query)) => query,
            None => input,
        };
        let query = query.split('#').next().unwrap_or_default();
        let mut token = None;
        let mut verifier = None;
        for (name, value) in form_urlencoded::parse(query.as_bytes()) {
            match name.as_ref() {
                "oauth_token" => token = Some(value.into_owned()),
                "oauth_verifier" => verifier = Some(value.into_owned()),
                _ => {}
            }
        }
        match (token, verifier) {
            (Some(token), Some(verifier)) if !token.is_empty() && !verifier.is_empty() => {
                Ok(Self {
                    token: Token::new(token),
                    verifier: Verifier::new(verifier),
                })
            }
            _ => Err(Error::invalid_input(
                "the OAuth callback has no oauth_token and oauth_verifier; the user may have \
                 denied access",
            )),
        }
    }

    /// The request token the callback is for.
    pub fn token(&self) -> &Token {
        &self.token
    }

    /// The verifier to exchange.
    pub fn verifier(&self) -> &Verifier {
        &self.verifier
    }

    /// Whether the callback is for `request` (compared in constant time).
    pub fn is_for(&self, request: &RequestToken) -> bool {
        self.token
            .expose()
            .as_bytes()
            .ct_eq(request.token.expose().as_bytes())
            .into()
    }
}

/// The three-legged flow: get a request token, send the user to
/// [`OAuth1Flow::authorize_url`], exchange the verifier for an access token.
///
/// Requests go through any [`Transport`](crate::Transport); the base
/// (default `https://trello.com/1`) can point at a loopback server in tests.
#[derive(Clone)]
pub struct OAuth1Flow {
    transport: SharedTransport,
    base: Url,
    consumer_key: ApiKey,
    consumer_secret: AppSecret,
    clock: Arc<dyn Clock>,
    nonces: Arc<dyn NonceSource>,
}

impl fmt::Debug for OAuth1Flow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OAuth1Flow")
            .field("base", &self.base.as_str())
            .field("consumer_key", &self.consumer_key)
            .field("consumer_secret", &self.consumer_secret)
            .finish_non_exhaustive()
    }
}

impl OAuth1Flow {
    /// The flow for the app with `consumer_key` and `consumer_secret` (both
    /// from <https://trello.com/app-key>), sending through `transport`.
    pub fn new(
        transport: SharedTransport,
        consumer_key: impl Into<ApiKey>,
        consumer_secret: impl Into<AppSecret>,
    ) -> Self {
        Self {
            transport,
            base: match Url::parse(TRELLO_AUTH_BASE) {
                Ok(url) => url,
                Err(_) => unreachable!("TRELLO_AUTH_BASE is a valid URL"),
            },
            consumer_key: consumer_key.into(),
            consumer_secret: consumer_secret.into(),
            clock: Arc::new(SystemClock),
            nonces: Arc::new(OsNonce),
        }
    }

    /// Where the OAuth routes live (default `https://trello.com/1`); https
    /// only, except loopback hosts.
    pub fn base_url(mut self, base: &str) -> Result<Self, Error> {
        self.base = parse_base_url(base)?;
        Ok(self)
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

    fn route(&self, path: &str) -> Result<Url, Error> {
        Url::parse(&format!(
            "{}{path}",
            self.base.as_str().trim_end_matches('/')
        ))
        .map_err(|err| Error::invalid_input(format!("OAuth route is not a valid URL: {err}")))
    }

    /// Step one: `POST /1/OAuthGetRequestToken` with `oauth_callback` — an
    /// absolute URL the user comes back to, or `oob`.
    pub async fn request_token(&self, callback: &str) -> Result<RequestToken, Error> {
        if callback != "oob" {
            let url = Url::parse(callback).map_err(|err| {
                Error::invalid_input(format!(
                    "oauth_callback `{callback}` is not an absolute URL ({err}); give one, or `oob`"
                ))
            })?;
            if url.host().is_none() {
                return Err(Error::invalid_input(format!(
                    "oauth_callback `{callback}` has no host"
                )));
            }
        }
        let params = OAuthParams {
            callback: Some(callback.to_owned()),
            ..self.fresh_params()?
        };
        let form = self.post(REQUEST_TOKEN_PATH, None, params).await?;
        let (token, secret) = token_pair(REQUEST_TOKEN_PATH, &form)?;
        let callback_confirmed = form
            .iter()
            .any(|(k, v)| k == "oauth_callback_confirmed" && v == "true");
        Ok(RequestToken {
            token,
            secret,
            callback_confirmed,
        })
    }

    /// Step two: the URL to send the user to, for `request_token`.
    pub fn authorize_url(&self, request_token: &RequestToken) -> OAuthAuthorizeUrl {
        OAuthAuthorizeUrl {
            base: self.base.clone(),
            token: request_token.token.clone(),
            name: None,
            scope: Scope::default(),
            expiration: Expiration::default(),
        }
    }

    /// Step three: `POST /1/OAuthGetAccessToken` with `oauth_verifier`,
    /// signed with the request token's secret.
    pub async fn access_token(
        &self,
        request_token: &RequestToken,
        verifier: &Verifier,
    ) -> Result<AccessToken, Error> {
        if verifier.expose().is_empty() {
            return Err(Error::invalid_input("the oauth_verifier is empty"));
        }
        let params = OAuthParams {
            verifier: Some(verifier.expose().to_owned()),
            ..self.fresh_params()?
        };
        let form = self
            .post(ACCESS_TOKEN_PATH, Some(request_token), params)
            .await?;
        let (token, secret) = token_pair(ACCESS_TOKEN_PATH, &form)?;
        Ok(AccessToken { token, secret })
    }

    /// The credentials that sign API calls for the user of `access`.
    pub fn credentials(&self, access: AccessToken) -> OAuth1Credentials {
        OAuth1Credentials::new(
            self.consumer_key.clone(),
            self.consumer_secret.clone(),
            access.token,
            access.secret,
        )
    }

    fn fresh_params(&self) -> Result<OAuthParams, Error> {
        Ok(OAuthParams {
            nonce: self.nonces.nonce()?,
            timestamp: self.clock.unix_time(),
            version: true,
            ..OAuthParams::default()
        })
    }

    async fn post(
        &self,
        path: &'static str,
        token: Option<&RequestToken>,
        params: OAuthParams,
    ) -> Result<Vec<(String, String)>, Error> {
        let span = tracing::debug_span!(
            "trello.oauth1",
            route = %format_args!("POST {path}"),
            status = tracing::field::Empty,
        );
        async {
            let url = self.route(path)?;
            let keys = SigningKeys {
                consumer_key: self.consumer_key.expose(),
                consumer_secret: &self.consumer_secret,
                token: token.map(|t| t.token.expose()),
                token_secret: token.map(|t| &t.secret),
            };
            let signed = authorization_header(keys, "POST", &url, &[], &params)?;
            let uri: http::Uri = url.as_str().parse().map_err(|err| {
                Error::invalid_input(format!("OAuth route is not a valid URI: {err}"))
            })?;
            let mut request = http::Request::new(Bytes::new());
            *request.method_mut() = http::Method::POST;
            *request.uri_mut() = uri;
            let headers = request.headers_mut();
            headers.insert(header::AUTHORIZATION, signed.header);
            headers.insert(
                header::USER_AGENT,
                HeaderValue::from_static(DEFAULT_USER_AGENT),
            );
            headers.insert(
                header::ACCEPT,
                HeaderValue::from_static("application/x-www-form-urlencoded"),
            );
            headers.insert(header::CONTENT_LENGTH, HeaderValue::from_static("0"));
            let response = self.transport.send(request).await.map_err(|err| {
                tracing::debug!(kind = %err.kind(), "transport failure");
                Error::Transport(err)
            })?;
            let status = response.status();
            tracing::Span::current().record("status", status.as_u16());
            let (head, body) = response.into_parts();
            // The token steps answer a short form; never read a big body.
            let body = crate::transport::read_limited(body, TOKEN_ANSWER_LIMIT, path).await?;
            if !status.is_success() {
                return Err(error_from_response(status, &head.headers, &body));
            }
            Ok(form_urlencoded::parse(&body).into_owned().collect())
        }
        .instrument(span)
        .await
    }
}

/// The most of a token step's answer that is read.
const TOKEN_ANSWER_LIMIT: u64 = 64 * 1024;

/// Parses the form-encoded answer of the request-token and access-token
/// steps (`oauth_token=…&oauth_token_secret=…`) into the token and its
/// secret; `path` names the route in the error. Any input gives a value or
/// an error, never a panic (a fuzz target checks it).
pub fn parse_token_answer(path: &str, body: &[u8]) -> Result<(Token, TokenSecret), Error> {
    let form: Vec<(String, String)> = form_urlencoded::parse(body).into_owned().collect();
    token_pair(path, &form)
}

fn token_pair(path: &str, form: &[(String, String)]) -> Result<(Token, TokenSecret), Error> {
    let get = |name: &str| {
        form.iter()
            .find(|(k, v)| k == name && !v.is_empty())
            .map(|(_, v)| v.clone())
            .ok_or_else(|| Error::Decode {
                route: format!("POST {path}"),
                path: name.to_owned(),
                message: format!(
                    "`{name}` is missing from the form-encoded answer (expected \
                     oauth_token=…&oauth_token_secret=…)"
                ),
            })
    };
    Ok((
        Token::new(get("oauth_token")?),
        TokenSecret::new(get("oauth_token_secret")?),
    ))
}

/// The URL of step two, `/1/OAuthAuthorizeToken`, with Trello's extra
/// parameters. Defaults ask for least privilege: scope `read`, expiration
/// `1day`.
#[derive(Clone, Debug)]
pub struct OAuthAuthorizeUrl {
    base: Url,
    token: Token,
    name: Option<String>,
    scope: Scope,
    expiration: Expiration,
}

impl OAuthAuthorizeUrl {
    /// The application name shown on the consent screen.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// What the token may do (default `read`).
    pub fn scope(mut self, scope: Scope) -> Self {
        self.scope = scope;
        self
    }

    /// How long the token lives (default `1day`).
    pub fn expiration(mut self, expiration: Expiration) -> Self {
        self.expiration = expiration;
        self
    }

    /// The URL to send the user to. It carries the request token: do not
    /// log it.
    pub fn build(&self) -> Result<Url, Error> {
        let mut url = Url::parse(&format!(
            "{}{AUTHORIZE_TOKEN_PATH}",
            self.base.as_str().trim_end_matches('/')
        ))
        .map_err(|err| Error::invalid_input(format!("authorize URL is not valid: {err}")))?;
        {
            let mut pairs = url.query_pairs_mut();
            pairs.append_pair("oauth_token", self.token.expose());
            if let Some(name) = &self.name {
                pairs.append_pair("name", name);
            }
            pairs.append_pair("scope", &self.scope.to_string());
            pairs.append_pair("expiration", self.expiration.as_str());
        }
        Ok(url)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn callback_parsing() {
        let cb = OAuthCallback::parse(
            "http://127.0.0.1:8080/cb?oauth_token=reqTOKEN&oauth_verifier=VERIFIER",
        )
        .unwrap();
        assert_eq!(cb.token().expose(), "reqTOKEN");
        assert_eq!(cb.verifier().expose(), "VERIFIER");
        assert!(cb.is_for(&RequestToken::new("reqTOKEN", "s")));
        assert!(!cb.is_for(&RequestToken::new("other", "s")));
        let cb = OAuthCallback::parse("/cb?oauth_verifier=v&oauth_token=t").unwrap();
        assert_eq!(cb.verifier().expose(), "v");
        for bad in [
            "",
            "/cb",
            "/cb?oauth_token=t",
            "/cb?oauth_verifier=v&oauth_token=",
        ] {
            assert!(OAuthCallback::parse(bad).is_err(), "{bad}");
        }
        assert!(!format!("{cb:?}").contains("Verifier(v"));
    }

    #[test]
    fn token_answers_parse_or_say_what_is_missing() {
        let (token, secret) =
            parse_token_answer(ACCESS_TOKEN_PATH, b"oauth_token=t%20k&oauth_token_secret=s")
                .unwrap();
        assert_eq!(token.expose(), "t k");
        assert_eq!(secret.expose(), "s");
        let err = parse_token_answer(ACCESS_TOKEN_PATH, b"oauth_token=t").unwrap_err();
        assert!(err.to_string().contains("oauth_token_secret"), "{err}");
        assert!(parse_token_answer(ACCESS_TOKEN_PATH, &[0xff, 0xfe, b'&', b'=']).is_err());
    }

    #[test]
    fn token_pair_names_what_is_missing() {
        let err = token_pair("/x", &[("oauth_token".into(), "t".into())]).unwrap_err();
        assert!(err.to_string().contains("oauth_token_secret"), "{err}");
        let form: Vec<(String, String)> =
            form_urlencoded::parse(b"oauth_token=t&oauth_token_secret=s")
                .into_owned()
                .collect();
        let (t, s) = token_pair("/x", &form).unwrap();
        assert_eq!((t.expose(), s.expose()), ("t", "s"));
    }
}
