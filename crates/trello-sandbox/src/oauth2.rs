//! The sandbox as Trello's OAuth 2.0 (3LO) authorization server: the
//! registered client, codes, access and refresh tokens with rotation and
//! reuse detection, and the Bearer check of API calls.
//!
//! Routes are in [`crate::routes::oauth2`]; this module holds the state.

// As in the routes: a ready error `Response` is returned early with `?`.
#![allow(clippy::result_large_err)]

use std::{
    collections::HashMap,
    time::{Duration, Instant, SystemTime},
};

use axum::{
    http::{HeaderMap, HeaderValue, Method, StatusCode, header},
    response::Response,
};
use serde_json::json;

use crate::{
    Sandbox, ids,
    routes::json,
    state::{Scopes, Store, TokenRecord},
};

/// Trello's OAuth 2.0 scopes.
pub const KNOWN_SCOPES: [&str; 11] = [
    "read:board:trello",
    "write:board:trello",
    "write:board:membership:trello",
    "read:organization:trello",
    "write:organization:trello",
    "write:organization:membership:trello",
    "read:member:trello",
    "write:member:trello",
    "read:enterprise:trello",
    "write:enterprise:trello",
    "offline_access",
];

/// A registered OAuth 2.0 client.
#[derive(Clone, Debug)]
pub struct OAuth2Client {
    /// Its client id.
    pub id: String,
    /// Its secret: `Some` for a confidential client, `None` for a public one.
    pub secret: Option<String>,
    /// The redirect URIs it registered. A loopback `http` URI matches any
    /// port (RFC 8252 §7.3).
    pub redirect_uris: Vec<String>,
    /// The scopes it may ask for.
    pub allowed_scopes: Vec<String>,
    /// Its name on the consent page.
    pub name: String,
}

impl OAuth2Client {
    /// Whether `uri` is one of the registered redirect URIs.
    pub fn allows_redirect(&self, uri: &str) -> bool {
        let Ok(asked) = url::Url::parse(uri) else {
            return false;
        };
        self.redirect_uris.iter().any(|registered| {
            let Ok(registered) = url::Url::parse(registered) else {
                return false;
            };
            if registered == asked {
                return true;
            }
            let loopback = |u: &url::Url| {
                u.scheme() == "http"
                    && matches!(u.host_str(), Some("127.0.0.1" | "[::1]" | "localhost"))
            };
            loopback(&registered)
                && loopback(&asked)
                && registered.host_str() == asked.host_str()
                && registered.path() == asked.path()
                && registered.query() == asked.query()
        })
    }
}

/// The authorization server's settings.
#[derive(Clone, Debug)]
pub struct OAuth2Settings {
    /// The registered clients.
    pub clients: Vec<OAuth2Client>,
    /// How long a code stays valid (Atlassian: minutes; default 60 s).
    pub code_lifetime: Duration,
    /// How long an access token lives (Atlassian: an hour).
    pub access_token_lifetime: Duration,
}

impl Default for OAuth2Settings {
    fn default() -> Self {
        Self {
            clients: vec![OAuth2Client {
                id: ids::random_hex(32),
                secret: None,
                redirect_uris: vec!["http://127.0.0.1/callback".into()],
                allowed_scopes: KNOWN_SCOPES.iter().map(|s| (*s).to_owned()).collect(),
                name: "Sandbox OAuth 2.0 app".into(),
            }],
            code_lifetime: Duration::from_secs(60),
            access_token_lifetime: Duration::from_secs(3600),
        }
    }
}

impl OAuth2Settings {
    /// Access tokens live `factor` times shorter (an hour becomes
    /// `3600 s / factor`), for tests of expiry. Codes keep their lifetime,
    /// so a sign-in still has time to complete.
    pub fn time_scaled(mut self, factor: u32) -> Self {
        self.access_token_lifetime /= factor.max(1);
        self
    }
}

/// A code waiting to be exchanged.
#[derive(Clone, Debug)]
struct CodeRecord {
    client_id: String,
    redirect_uri: String,
    challenge: String,
    scopes: Vec<String>,
    expires: Instant,
}

/// An access token.
#[derive(Clone, Debug)]
struct AccessRecord {
    scopes: Vec<String>,
    expires: Instant,
    family: u64,
}

/// A refresh token.
#[derive(Clone, Debug)]
struct RefreshRecord {
    client_id: String,
    scopes: Vec<String>,
    family: u64,
    used: bool,
}

/// Counters tests read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct OAuth2Stats {
    /// Codes exchanged successfully.
    pub code_grants: u64,
    /// Refreshes answered with new tokens.
    pub refresh_grants: u64,
    /// Refresh requests of any outcome.
    pub refresh_requests: u64,
    /// Token families revoked because a rotated refresh token came back.
    pub families_revoked: u64,
    /// API calls refused because the access token had expired.
    pub expired_rejections: u64,
}

/// The authorization server's memory.
#[derive(Debug)]
pub struct AuthServer {
    /// The settings it started with.
    pub settings: OAuth2Settings,
    codes: HashMap<String, CodeRecord>,
    access: HashMap<String, AccessRecord>,
    refresh: HashMap<String, RefreshRecord>,
    revoked_families: std::collections::HashSet<u64>,
    next_family: u64,
    /// Counters.
    pub stats: OAuth2Stats,
}

/// An OAuth 2.0 error answer of the token endpoint.
pub fn token_error(status: StatusCode, error: &str, description: &str) -> Response {
    json(
        status,
        &json!({"error": error, "error_description": description}),
    )
}

/// The S256 challenge of `verifier`.
fn s256(verifier: &str) -> String {
    use base64::Engine;
    use sha2::Digest;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(sha2::Sha256::digest(verifier))
}

impl AuthServer {
    /// An empty server with `settings`.
    pub fn new(settings: &OAuth2Settings) -> Self {
        Self {
            settings: settings.clone(),
            codes: HashMap::new(),
            access: HashMap::new(),
            refresh: HashMap::new(),
            revoked_families: Default::default(),
            next_family: 1,
            stats: OAuth2Stats::default(),
        }
    }

    /// The client with `id`.
    pub fn client(&self, id: &str) -> Option<&OAuth2Client> {
        self.settings.clients.iter().find(|c| c.id == id)
    }

    /// Issues a single-use code after the user consented.
    pub fn issue_code(
        &mut self,
        client_id: &str,
        redirect_uri: &str,
        challenge: &str,
        scopes: Vec<String>,
    ) -> String {
        let code = ids::random_hex(40);
        self.codes.insert(
            code.clone(),
            CodeRecord {
                client_id: client_id.to_owned(),
                redirect_uri: redirect_uri.to_owned(),
                challenge: challenge.to_owned(),
                scopes,
                expires: Instant::now() + self.settings.code_lifetime,
            },
        );
        code
    }

    /// Whether `access_token` is valid now.
    pub fn access_is_live(&self, access_token: &str) -> bool {
        self.access.get(access_token).is_some_and(|a| {
            Instant::now() < a.expires && !self.revoked_families.contains(&a.family)
        })
    }
}

/// The checked client of a token request, or the error answer.
fn authenticate_client<'a>(
    server: &'a AuthServer,
    client_id: Option<&str>,
    secret: Option<&str>,
) -> Result<&'a OAuth2Client, Response> {
    let client = client_id.and_then(|id| server.client(id)).ok_or_else(|| {
        token_error(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "unknown client_id",
        )
    })?;
    match (&client.secret, secret) {
        (None, _) => Ok(client),
        (Some(expected), Some(given)) if expected == given => Ok(client),
        (Some(_), _) => Err(token_error(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "client authentication failed",
        )),
    }
}

/// Mints an access token (mirrored as a key+token record so the API routes
/// and rate limits treat it like any token) and, with `offline_access`, a
/// refresh token, in `family`.
fn mint(store: &mut Store, client_id: &str, scopes: Vec<String>, family: u64) -> serde_json::Value {
    let lifetime = store.oauth2.settings.access_token_lifetime;
    let access_token = ids::random_hex(64);
    let has = |prefix: &str| scopes.iter().any(|s| s.starts_with(prefix));
    let record = TokenRecord {
        id: ids::new_id(),
        key: store.apps.keys().next().cloned().unwrap_or_default(),
        member_id: store.demo_member.clone(),
        scopes: Scopes {
            read: has("read:"),
            write: has("write:"),
            account: scopes.iter().any(|s| s.ends_with(":member:trello")),
        },
        created: SystemTime::now(),
        expires: Some(SystemTime::now() + lifetime),
        expiration: "oauth2".into(),
    };
    store.tokens.insert(access_token.clone(), record);
    store.oauth2.access.insert(
        access_token.clone(),
        AccessRecord {
            scopes: scopes.clone(),
            expires: Instant::now() + lifetime,
            family,
        },
    );
    let mut answer = json!({
        "access_token": access_token,
        "token_type": "Bearer",
        "expires_in": lifetime.as_secs().max(1),
        "scope": scopes.join(" "),
    });
    if scopes.iter().any(|s| s == "offline_access") {
        let refresh_token = ids::random_hex(64);
        store.oauth2.refresh.insert(
            refresh_token.clone(),
            RefreshRecord {
                client_id: client_id.to_owned(),
                scopes,
                family,
                used: false,
            },
        );
        answer["refresh_token"] = refresh_token.into();
    }
    answer
}

/// Revokes every token of `family` (reuse detected, RFC 9700 §4.14.2).
fn revoke_family(store: &mut Store, family: u64) {
    let server = &mut store.oauth2;
    server.revoked_families.insert(family);
    server.stats.families_revoked += 1;
    let dead: Vec<String> = server
        .access
        .iter()
        .filter(|(_, a)| a.family == family)
        .map(|(t, _)| t.clone())
        .collect();
    for token in dead {
        server.access.remove(&token);
        store.tokens.remove(&token);
    }
}

/// `POST /oauth/token`: the code exchange and the refresh, JSON (or form)
/// body, answering JSON.
pub fn token_request(store: &mut Store, params: &HashMap<String, String>) -> Response {
    let get = |name: &str| {
        params
            .get(name)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    };
    let client = match authenticate_client(&store.oauth2, get("client_id"), get("client_secret")) {
        Ok(client) => client.clone(),
        Err(response) => return response,
    };
    match get("grant_type") {
        Some("authorization_code") => {
            let Some(code) = get("code") else {
                return token_error(
                    StatusCode::BAD_REQUEST,
                    "invalid_request",
                    "code is required",
                );
            };
            // Single use: the code is gone whatever happens next.
            let Some(record) = store.oauth2.codes.remove(code) else {
                return token_error(
                    StatusCode::FORBIDDEN,
                    "invalid_grant",
                    "the authorization code is unknown or was already used",
                );
            };
            if Instant::now() >= record.expires {
                return token_error(
                    StatusCode::FORBIDDEN,
                    "invalid_grant",
                    "the authorization code expired",
                );
            }
            if record.client_id != client.id {
                return token_error(
                    StatusCode::FORBIDDEN,
                    "invalid_grant",
                    "the code was issued to another client",
                );
            }
            if get("redirect_uri") != Some(record.redirect_uri.as_str()) {
                return token_error(
                    StatusCode::FORBIDDEN,
                    "invalid_grant",
                    "redirect_uri does not match the authorize request",
                );
            }
            let Some(verifier) = get("code_verifier") else {
                return token_error(
                    StatusCode::BAD_REQUEST,
                    "invalid_request",
                    "code_verifier is required",
                );
            };
            if s256(verifier) != record.challenge {
                return token_error(
                    StatusCode::FORBIDDEN,
                    "invalid_grant",
                    "PKCE verification failed: code_verifier does not match code_challenge",
                );
            }
            let family = store.oauth2.next_family;
            store.oauth2.next_family += 1;
            store.oauth2.stats.code_grants += 1;
            json(
                StatusCode::OK,
                &mint(store, &client.id, record.scopes, family),
            )
        }
        Some("refresh_token") => {
            store.oauth2.stats.refresh_requests += 1;
            let Some(token) = get("refresh_token") else {
                return token_error(
                    StatusCode::BAD_REQUEST,
                    "invalid_request",
                    "refresh_token is required",
                );
            };
            let Some(record) = store.oauth2.refresh.get_mut(token) else {
                return token_error(
                    StatusCode::FORBIDDEN,
                    "invalid_grant",
                    "unknown refresh token",
                );
            };
            if record.client_id != client.id {
                return token_error(
                    StatusCode::FORBIDDEN,
                    "invalid_grant",
                    "the refresh token belongs to another client",
                );
            }
            let family = record.family;
            if record.used {
                revoke_family(store, family);
                return token_error(
                    StatusCode::FORBIDDEN,
                    "invalid_grant",
                    "refresh token reuse detected; every token of this grant was revoked",
                );
            }
            record.used = true;
            let scopes = record.scopes.clone();
            if store.oauth2.revoked_families.contains(&family) {
                return token_error(
                    StatusCode::FORBIDDEN,
                    "invalid_grant",
                    "the grant was revoked",
                );
            }
            store.oauth2.stats.refresh_grants += 1;
            json(StatusCode::OK, &mint(store, &client.id, scopes, family))
        }
        _ => token_error(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            "grant_type must be authorization_code or refresh_token",
        ),
    }
}

/// The scope an API call needs: the resource family of its first path
/// segment, `read:` for GET, `write:` otherwise.
pub fn required_scope(method: &Method, segments: &[String]) -> String {
    let family = match segments.first().map(String::as_str) {
        Some("members" | "tokens" | "notifications") => "member",
        Some("organizations") => "organization",
        Some("enterprises") => "enterprise",
        _ => "board",
    };
    let access = if method == Method::GET {
        "read"
    } else {
        "write"
    };
    format!("{access}:{family}:trello")
}

/// The access token of an `Authorization: Bearer …` header.
pub fn bearer_token(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim().to_owned())
}

/// Checks a Bearer call: `Ok(None)` when there is no Bearer header,
/// `Ok(Some((key, token)))` for a live token with the scope the route
/// needs, or the answer: 401 with an RFC 6750 challenge (expired or unknown
/// token), 403 with Atlassian's body (scope missing).
pub fn check_bearer(
    store: &mut Store,
    headers: &HeaderMap,
    method: &Method,
    segments: &[String],
) -> Result<Option<(String, String)>, Response> {
    let Some(token) = bearer_token(headers) else {
        return Ok(None);
    };
    let unauthorized = |description: &str| {
        let mut response = json(
            StatusCode::UNAUTHORIZED,
            &json!({"code": 401, "message": format!("Unauthorized; {description}")}),
        );
        if let Ok(value) = HeaderValue::from_str(&format!(
            "Bearer error=\"invalid_token\", error_description=\"{description}\""
        )) {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, value);
        }
        response
    };
    let server = &mut store.oauth2;
    let Some(record) = server.access.get(&token) else {
        return Err(unauthorized("the access token is invalid or was revoked"));
    };
    if server.revoked_families.contains(&record.family) {
        return Err(unauthorized("the access token was revoked"));
    }
    if Instant::now() >= record.expires {
        server.stats.expired_rejections += 1;
        return Err(unauthorized("the access token expired"));
    }
    let needed = required_scope(method, segments);
    if !record.scopes.contains(&needed) {
        return Err(json(
            StatusCode::FORBIDDEN,
            &json!({"code": 403, "message": format!("Unauthorized; scope does not match (this route needs {needed})")}),
        ));
    }
    let key = store
        .tokens
        .get(&token)
        .map(|r| r.key.clone())
        .unwrap_or_default();
    Ok(Some((key, token)))
}

impl Sandbox {
    /// The OAuth 2.0 authorize endpoint, e.g.
    /// `http://127.0.0.1:40123/authorize` (Atlassian's
    /// `https://auth.atlassian.com/authorize`).
    pub fn oauth2_authorize_url(&self) -> String {
        format!("{}/authorize", self.url())
    }

    /// The OAuth 2.0 token endpoint, e.g. `http://127.0.0.1:40123/oauth/token`.
    pub fn oauth2_token_url(&self) -> String {
        format!("{}/oauth/token", self.url())
    }

    /// The first registered OAuth 2.0 client's id.
    pub fn oauth2_client_id(&self) -> String {
        self.shared()
            .config
            .oauth2
            .clients
            .first()
            .map(|c| c.id.clone())
            .unwrap_or_default()
    }

    /// The authorization server's counters.
    pub async fn oauth2_stats(&self) -> OAuth2Stats {
        self.shared().store.lock().await.oauth2.stats
    }

    /// Whether `access_token` is live (not expired, not revoked).
    pub async fn oauth2_access_is_live(&self, access_token: &str) -> bool {
        self.shared()
            .store
            .lock()
            .await
            .oauth2
            .access_is_live(access_token)
    }
}
