//! The sandbox's memory: apps, tokens, members and the board model.

use std::{
    collections::{BTreeMap, HashMap, VecDeque},
    time::{Duration, Instant, SystemTime},
};

use serde_json::{Map, Value, json};

use crate::{config::SandboxConfig, ids};

/// A registered app (API key).
#[derive(Clone, Debug)]
pub struct App {
    /// The API key.
    pub key: String,
    /// The app secret.
    pub secret: String,
    /// The app's name.
    pub name: String,
    /// Allowed `return_url` origins; empty = any.
    pub allowed_origins: Vec<String>,
}

impl App {
    /// Whether `return_url` may receive a token.
    pub fn allows_return_url(&self, return_url: &str) -> bool {
        if self.allowed_origins.is_empty() || self.allowed_origins.iter().any(|o| o == "*") {
            return true;
        }
        let Ok(url) = url::Url::parse(return_url) else {
            return false;
        };
        let origin = url.origin().ascii_serialization();
        self.allowed_origins
            .iter()
            .any(|o| o.trim_end_matches('/') == origin)
    }
}

/// The permissions a token carries.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Scopes {
    /// Read boards, organizations, …
    pub read: bool,
    /// Write boards, organizations, …
    pub write: bool,
    /// Member account data.
    pub account: bool,
}

impl Scopes {
    /// Parses `read,write,account` (any non-empty combination).
    pub fn parse(raw: &str) -> Option<Self> {
        let mut scopes = Self::default();
        for part in raw.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            match part {
                "read" => scopes.read = true,
                "write" => scopes.write = true,
                "account" => scopes.account = true,
                _ => return None,
            }
        }
        (scopes != Self::default()).then_some(scopes)
    }
}

/// An issued token.
#[derive(Clone, Debug)]
pub struct TokenRecord {
    /// The token's own id.
    pub id: String,
    /// The key it was issued for.
    pub key: String,
    /// The member it acts for.
    pub member_id: String,
    /// Its permissions.
    pub scopes: Scopes,
    /// When it was issued.
    pub created: SystemTime,
    /// When it expires (None: never).
    pub expires: Option<SystemTime>,
    /// The `expiration` it was asked with.
    pub expiration: String,
}

impl TokenRecord {
    /// Whether it has expired.
    pub fn expired(&self) -> bool {
        self.expires.is_some_and(|at| SystemTime::now() >= at)
    }

    /// The body of `GET /1/tokens/{token}`.
    pub fn to_json(&self, app_name: &str) -> Value {
        let mut permissions = Vec::new();
        for (model, id) in [
            ("Member", self.member_id.as_str()),
            ("Board", "*"),
            ("Organization", "*"),
        ] {
            permissions.push(json!({
                "idModel": id,
                "modelType": model,
                "read": self.scopes.read || (model == "Member" && self.scopes.account),
                "write": self.scopes.write || (model == "Member" && self.scopes.account),
            }));
        }
        json!({
            "id": self.id,
            "identifier": app_name,
            "idMember": self.member_id,
            "dateCreated": rfc3339(self.created),
            "dateExpires": self.expires.map(rfc3339),
            "permissions": permissions,
        })
    }
}

/// Parses an `expiration` value into a lifetime (None: never).
pub fn expiration_lifetime(raw: &str) -> Option<Option<Duration>> {
    match raw {
        "1hour" => Some(Some(Duration::from_secs(3600))),
        "1day" => Some(Some(Duration::from_secs(86_400))),
        "30days" => Some(Some(Duration::from_secs(30 * 86_400))),
        "never" => Some(None),
        _ => None,
    }
}

/// A pending OAuth 1.0a request token.
#[derive(Clone, Debug)]
pub struct RequestToken {
    /// Its secret.
    pub secret: String,
    /// The consumer key it belongs to.
    pub key: String,
    /// Where to send the user back.
    pub callback: String,
    /// Set once the user allowed it.
    pub verifier: Option<String>,
    /// Scope and expiration the user granted.
    pub scopes: Scopes,
    /// Expiration asked for.
    pub expiration: String,
}

/// An OAuth 1.0a access token's secret and its user token.
#[derive(Clone, Debug)]
pub struct AccessToken {
    /// The token secret for signing.
    pub secret: String,
}

/// Faults to inject, for tests.
#[derive(Clone, Debug, Default)]
pub struct Faults {
    /// Delay every API answer by this much.
    pub delay: Option<Duration>,
    /// Answer the next requests with these statuses, in order.
    pub fail_next: VecDeque<u16>,
    /// Cut the connection mid-response for this many next requests.
    pub reset_next: u32,
}

/// Sliding-window counters.
#[derive(Debug, Default)]
pub struct Windows {
    hits: HashMap<String, VecDeque<Instant>>,
}

impl Windows {
    /// Records a hit on `id` if under `max` in `window`; returns the hits
    /// remaining after it, or None when over the limit.
    pub fn hit(&mut self, id: &str, max: u32, window: Duration) -> Option<u32> {
        let now = Instant::now();
        let hits = self.hits.entry(id.to_owned()).or_default();
        while hits
            .front()
            .is_some_and(|t| now.duration_since(*t) >= window)
        {
            hits.pop_front();
        }
        if hits.len() as u32 >= max {
            return None;
        }
        hits.push_back(now);
        Some(max - hits.len() as u32)
    }
}

/// Everything the sandbox holds.
#[derive(Debug)]
pub struct Store {
    /// Apps by key.
    pub apps: HashMap<String, App>,
    /// Tokens by value.
    pub tokens: HashMap<String, TokenRecord>,
    /// OAuth request tokens by value.
    pub request_tokens: HashMap<String, RequestToken>,
    /// OAuth access token secrets by token value.
    pub access_tokens: HashMap<String, AccessToken>,
    /// Members by id.
    pub members: BTreeMap<String, Value>,
    /// Boards by id.
    pub boards: BTreeMap<String, Value>,
    /// Lists by id.
    pub lists: BTreeMap<String, Value>,
    /// Cards by id.
    pub cards: BTreeMap<String, Value>,
    /// Labels by id.
    pub labels: BTreeMap<String, Value>,
    /// Actions (comments) by id, newest last.
    pub actions: Vec<Value>,
    /// Rate-limit windows.
    pub windows: Windows,
    /// Injected faults.
    pub faults: Faults,
    /// Requests seen on API routes.
    pub requests_seen: u64,
    /// OAuth nonces seen (`key:timestamp:nonce`), to refuse replays.
    pub nonces: std::collections::HashSet<String>,
    /// The demo member's id.
    pub demo_member: String,
    /// Board exports (see `routes::exports`).
    pub exports: crate::routes::exports::Exports,
}

impl Store {
    /// A store with the configured demo app and member.
    pub fn new(config: &SandboxConfig) -> Self {
        let mut apps = HashMap::new();
        apps.insert(
            config.app_key.clone(),
            App {
                key: config.app_key.clone(),
                secret: config.app_secret.clone(),
                name: config.app_name.clone(),
                allowed_origins: config.allowed_origins.clone(),
            },
        );
        let member_id = ids::new_id();
        let initials: String = config
            .full_name
            .split_whitespace()
            .filter_map(|w| w.chars().next())
            .collect();
        let member = json!({
            "id": member_id,
            "username": config.username,
            "fullName": config.full_name,
            "initials": initials,
            "url": format!("https://trello.com/{}", config.username),
            "avatarHash": null,
            "bio": "",
            "confirmed": true,
            "memberType": "normal",
            "status": "disconnected",
            "idBoards": [],
            "idOrganizations": [],
        });
        let mut members = BTreeMap::new();
        members.insert(member_id.clone(), member);
        Self {
            apps,
            tokens: HashMap::new(),
            request_tokens: HashMap::new(),
            access_tokens: HashMap::new(),
            members,
            boards: BTreeMap::new(),
            lists: BTreeMap::new(),
            cards: BTreeMap::new(),
            labels: BTreeMap::new(),
            actions: Vec::new(),
            windows: Windows::default(),
            faults: Faults::default(),
            requests_seen: 0,
            nonces: std::collections::HashSet::new(),
            demo_member: member_id,
            exports: Default::default(),
        }
    }

    /// Issues a token for `key` acting as the demo member.
    pub fn issue_token(&mut self, key: &str, scopes: Scopes, expiration: &str) -> String {
        let value = ids::random_hex(64);
        let created = SystemTime::now();
        let expires = expiration_lifetime(expiration)
            .flatten()
            .map(|life| created + life);
        self.tokens.insert(
            value.clone(),
            TokenRecord {
                id: ids::new_id(),
                key: key.to_owned(),
                member_id: self.demo_member.clone(),
                scopes,
                created,
                expires,
                expiration: expiration.to_owned(),
            },
        );
        value
    }
}

/// An RFC 3339 UTC timestamp with milliseconds, as Trello writes dates.
pub fn rfc3339(at: SystemTime) -> String {
    let since = at
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap_or_default();
    let secs = since.as_secs() as i64;
    let millis = since.subsec_millis();
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Civil-from-days (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{millis:03}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// Copies `fields` from `params` into `object` where present.
pub fn merge_fields(object: &mut Map<String, Value>, params: &Map<String, Value>, fields: &[&str]) {
    for field in fields {
        if let Some(value) = params.get(*field) {
            object.insert((*field).to_owned(), value.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_known_instants() {
        assert_eq!(rfc3339(SystemTime::UNIX_EPOCH), "1970-01-01T00:00:00.000Z");
        let at = SystemTime::UNIX_EPOCH + Duration::from_millis(1_700_000_000_123);
        assert_eq!(rfc3339(at), "2023-11-14T22:13:20.123Z");
    }

    #[test]
    fn scopes_and_origins() {
        assert_eq!(
            Scopes::parse("read"),
            Some(Scopes {
                read: true,
                ..Scopes::default()
            })
        );
        assert!(Scopes::parse("").is_none());
        assert!(Scopes::parse("read,admin").is_none());
        let app = App {
            key: "k".into(),
            secret: "s".into(),
            name: "n".into(),
            allowed_origins: vec!["http://localhost:3000".into()],
        };
        assert!(app.allows_return_url("http://localhost:3000/cb?x=1"));
        assert!(!app.allows_return_url("https://bad.example.com/cb"));
        assert!(!app.allows_return_url("not a url"));
    }

    #[test]
    fn windows_count_and_expire() {
        let mut w = Windows::default();
        assert_eq!(w.hit("t", 2, Duration::from_secs(60)), Some(1));
        assert_eq!(w.hit("t", 2, Duration::from_secs(60)), Some(0));
        assert_eq!(w.hit("t", 2, Duration::from_secs(60)), None);
        assert_eq!(w.hit("t", 2, Duration::ZERO), Some(1));
    }
}
