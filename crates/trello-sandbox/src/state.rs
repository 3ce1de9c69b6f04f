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
    /// Whether it has expired at `now` (the sandbox's clock).
    pub fn expired_at(&self, now: SystemTime) -> bool {
        self.expires.is_some_and(|at| now >= at)
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
    /// Records a hit on `id` at `now` if under `max` in `window`; returns
    /// the hits remaining after it, or None when over the limit.
    pub fn hit(&mut self, id: &str, max: u32, window: Duration, now: Instant) -> Option<u32> {
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

/// Trello's rule for a key that keeps going past its limit: more than
/// `threshold` 429s within one window and every request of that key gets a
/// 429 until the window ends.
#[derive(Debug, Default)]
pub struct KeyPenalties {
    by_key: HashMap<String, Penalty>,
}

#[derive(Debug)]
struct Penalty {
    window_start: Instant,
    count: u32,
    blocked_until: Option<Instant>,
}

impl KeyPenalties {
    /// Whether `key` is blocked at `now`.
    pub fn blocked(&self, key: &str, now: Instant) -> bool {
        self.by_key
            .get(key)
            .and_then(|p| p.blocked_until)
            .is_some_and(|until| now < until)
    }

    /// Records a 429 given to `key` at `now`.
    pub fn record_429(&mut self, key: &str, now: Instant, window: Duration, threshold: u32) {
        let penalty = self.by_key.entry(key.to_owned()).or_insert(Penalty {
            window_start: now,
            count: 0,
            blocked_until: None,
        });
        if now.duration_since(penalty.window_start) >= window {
            penalty.window_start = now;
            penalty.count = 0;
        }
        penalty.count += 1;
        if penalty.count > threshold && penalty.blocked_until.is_none_or(|u| u <= now) {
            penalty.blocked_until = Some(penalty.window_start + window);
        }
    }
}

/// One request the sandbox received, credentials redacted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoggedRequest {
    /// The HTTP method.
    pub method: String,
    /// The path and query, with `key`, `token` and `oauth_*` values
    /// replaced by `REDACTED`.
    pub uri: String,
    /// The answer's status.
    pub status: u16,
    /// The body as text (form or JSON), credentials redacted; uploads and
    /// non-UTF-8 bodies are summarised by their length.
    pub body: String,
}

/// An attachment of a card: Trello's fields, and the uploaded bytes.
#[derive(Clone, Debug)]
pub struct StoredAttachment {
    /// The card it is attached to.
    pub card: String,
    /// Its JSON, as the API answers it.
    pub json: Value,
    /// The uploaded file (`None` for a link).
    pub file: Option<bytes::Bytes>,
}

/// How many requests the log keeps.
pub const LOG_CAPACITY: usize = 10_000;

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
    /// Checklists by id (without their items: see `check_items`).
    pub checklists: BTreeMap<String, Value>,
    /// Check items by id, each naming its `idChecklist`.
    pub check_items: BTreeMap<String, Value>,
    /// Custom fields by id, a list field's options inline.
    pub custom_fields: BTreeMap<String, Value>,
    /// Custom field items (a card's value of a field) by id.
    pub custom_field_items: BTreeMap<String, Value>,
    /// Card attachments by id.
    pub attachments: BTreeMap<String, StoredAttachment>,
    /// Webhooks by id (Trello's fields only).
    pub webhooks: BTreeMap<String, Value>,
    /// The token that created each webhook, by webhook id.
    pub webhook_owners: HashMap<String, String>,
    /// The actions writes produced (comments, creations, updates, …),
    /// oldest first.
    pub actions: Vec<Value>,
    /// Rate-limit windows.
    pub windows: Windows,
    /// The 200-429 rule's counters.
    pub penalties: KeyPenalties,
    /// How far the sandbox's clock runs ahead of the real one
    /// ([`Sandbox::advance_clock`](crate::Sandbox::advance_clock)).
    pub clock_offset: Duration,
    /// The requests received on API routes, oldest first (bounded).
    pub log: VecDeque<LoggedRequest>,
    /// Injected faults.
    pub faults: Faults,
    /// Requests seen on API routes.
    pub requests_seen: u64,
    /// OAuth nonces seen (`key:timestamp:nonce`), to refuse replays.
    pub nonces: std::collections::HashSet<String>,
    /// The demo member's id.
    pub demo_member: String,
    /// The OAuth 2.0 authorization server.
    pub oauth2: crate::oauth2::AuthServer,
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
            checklists: BTreeMap::new(),
            check_items: BTreeMap::new(),
            custom_fields: BTreeMap::new(),
            custom_field_items: BTreeMap::new(),
            attachments: BTreeMap::new(),
            webhooks: BTreeMap::new(),
            webhook_owners: HashMap::new(),
            actions: Vec::new(),
            windows: Windows::default(),
            penalties: KeyPenalties::default(),
            clock_offset: Duration::ZERO,
            log: VecDeque::new(),
            faults: Faults::default(),
            requests_seen: 0,
            nonces: std::collections::HashSet::new(),
            demo_member: member_id,
            oauth2: crate::oauth2::AuthServer::new(&config.oauth2),
            exports: Default::default(),
        }
    }

    /// The sandbox's monotonic clock (real time plus the offset).
    pub fn now(&self) -> Instant {
        Instant::now() + self.clock_offset
    }

    /// The sandbox's wall clock (real time plus the offset).
    pub fn system_now(&self) -> SystemTime {
        SystemTime::now() + self.clock_offset
    }

    /// Records a request in the log, keeping the newest
    /// [`LOG_CAPACITY`] entries.
    pub fn log_request(&mut self, entry: LoggedRequest) {
        if self.log.len() >= LOG_CAPACITY {
            self.log.pop_front();
        }
        self.log.push_back(entry);
    }

    /// Issues a token for `key` acting as the demo member.
    pub fn issue_token(&mut self, key: &str, scopes: Scopes, expiration: &str) -> String {
        let value = ids::random_hex(64);
        let created = self.system_now();
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
        let now = Instant::now();
        assert_eq!(w.hit("t", 2, Duration::from_secs(60), now), Some(1));
        assert_eq!(w.hit("t", 2, Duration::from_secs(60), now), Some(0));
        assert_eq!(w.hit("t", 2, Duration::from_secs(60), now), None);
        assert_eq!(w.hit("t", 2, Duration::ZERO, now), Some(1));
    }

    #[test]
    fn past_the_threshold_of_429s_the_key_is_blocked_for_the_rest_of_the_window() {
        let mut p = KeyPenalties::default();
        let start = Instant::now();
        let window = Duration::from_secs(10);
        for _ in 0..200 {
            p.record_429("k", start, window, 200);
        }
        assert!(!p.blocked("k", start), "200 429s are allowed");
        p.record_429("k", start + Duration::from_secs(1), window, 200);
        assert!(p.blocked("k", start + Duration::from_secs(2)));
        assert!(!p.blocked("other", start + Duration::from_secs(2)));
        assert!(p.blocked("k", start + Duration::from_millis(9_999)));
        assert!(
            !p.blocked("k", start + window),
            "the block ends with the window"
        );
    }
}
