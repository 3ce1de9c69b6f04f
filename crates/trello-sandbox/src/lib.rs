//! An offline Trello on loopback, for the SDK's examples and tests and for
//! yours: start it on a free port, seed it, point a client at it, inject
//! faults, move its clock, read what it received.
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use trello_sandbox::{Sandbox, SandboxConfig};
//!
//! let sandbox = Sandbox::start(SandboxConfig::default()).await?; // 127.0.0.1, free port
//! let board = sandbox.seed_board(None, "Team").await?;
//! let list = sandbox.seed_list(None, &board, "Doing").await?;
//! sandbox.seed_card(None, &list, "First card").await?;
//! let token = sandbox.issue_token_with("read,write", "1day").await?;
//! println!("{}", sandbox.start_line(&token));
//! // Client::builder().base_url(sandbox.api_url())
//! //     .credentials(Credentials::new(sandbox.app_key(), token.as_str()))…
//! sandbox.fail_next(&[503]).await;
//! sandbox.advance_clock(std::time::Duration::from_secs(3600)).await;
//! for request in sandbox.request_log().await {
//!     println!("{} {} -> {}", request.method, request.uri, request.status); // key/token redacted
//! }
//! # Ok(()) }
//! ```
//!
//! What it answers:
//! - **Stateful**, with Trello's semantics: members, boards (default lists
//!   and labels, nested resources on reads), lists, cards (positions,
//!   archive vs delete), labels, card comments, checklists and check items
//!   (states, positions, copies, badges), custom fields with options and
//!   their card items (values checked by type), attachments (links,
//!   multipart uploads, the `302` download to the stored bytes), board
//!   memberships, search over the store, tokens (introspection,
//!   revocation), webhooks (per token), `/1/batch` and board exports.
//! - **Actions**: every write stores the action Trello records
//!   (`createCard`, `updateCard` with `data.old`, `addChecklistToCard`,
//!   `updateCheckItemStateOnCard`, `addAttachmentToCard`,
//!   `addMemberToBoard`, …); the actions routes and `/actions/{id}` list
//!   them, webhooks deliver them; a comment is edited or deleted by its
//!   author only. Seeded fixtures come without history.
//! - **Schema-shaped**: every other operation of the specs answers in the
//!   shape of the response type the SDK decodes (`routes/routes.txt`, written
//!   by `cargo xtask codegen`), so a typed call decodes.
//! - **`501`** for a route that is no operation of the specs — never a `404`,
//!   which would read as "no such object".
//! - **Rules**: Trello's 401 bodies (`invalid key`, `invalid token`,
//!   `unauthorized … permission requested` for read-only tokens), rate limits
//!   per key across its tokens, per token across its clients, the
//!   `/1/members` family, and the 200-429 block, with `x-rate-limit-*`
//!   headers ([`RateLimits::time_scaled`] for fast tests).
//! - **Webhooks**: creation does Trello's HEAD check on the callback URL;
//!   changes to a watched model are POSTed with Trello's payload and an
//!   `X-Trello-Webhook` signature made with [`Sandbox::app_secret`], to
//!   plain `http://` callbacks only (receivers on loopback).
//!
//! # Why a crate of its own
//!
//! It ships as its own publishable crate, for users' `[dev-dependencies]`,
//! rather than behind a feature of the `trello` facade: a server needs
//! axum and Tokio's server parts, which an application's production build
//! should never compile, and a dev-dependency keeps them out of it. Its
//! dependencies are slim (axum without default features, Tokio, hyper-util
//! for webhook calls on plain http, the RustCrypto HMAC-SHA1; no TLS, no
//! reqwest). The facade's `testing` feature holds only what unit tests need
//! without a server: `trello::testing::MockTransport`.
//!
//! Everything lives in memory for the life of the process. Values it makes
//! are random but not cryptographically strong: it is a test server.
#![warn(missing_docs)]
#![forbid(unsafe_code)]

pub mod config;
mod ids;
pub mod oauth2;
pub mod routes;
pub mod state;

use std::{net::SocketAddr, sync::Arc};

use axum::{
    Router,
    routing::{get, post},
};
use tokio::{net::TcpListener, sync::Mutex, task::JoinHandle};

pub use config::{RateLimits, SandboxConfig};
use serde_json::Value;
pub use state::LoggedRequest;
use state::{Scopes, Store};

/// A seeding call the sandbox refused, with what to change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SeedError(pub String);

impl std::fmt::Display for SeedError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "sandbox seeding failed: {}", self.0)
    }
}

impl std::error::Error for SeedError {}

fn checked_id(id: Option<&str>) -> Result<String, SeedError> {
    match id {
        None => Ok(ids::new_id()),
        Some(id) if !id.trim().is_empty() => Ok(id.to_owned()),
        Some(_) => Err(SeedError(
            "an empty id: pass a Trello id (24 hex digits), or None for a fresh one".into(),
        )),
    }
}

/// State shared by every route.
#[derive(Clone, Debug)]
pub struct Shared {
    /// The configuration it started with.
    pub config: Arc<SandboxConfig>,
    /// The store.
    pub store: Arc<Mutex<Store>>,
    /// Webhook deliveries waiting to be POSTed, in order.
    pub deliveries: tokio::sync::mpsc::UnboundedSender<routes::webhooks::Delivery>,
}

/// A running sandbox. Dropping it stops the server.
#[derive(Debug)]
pub struct Sandbox {
    addr: SocketAddr,
    shared: Shared,
    task: JoinHandle<()>,
}

impl Sandbox {
    /// Binds `config.bind` (loopback, any port, by default) and serves in the
    /// background on the current Tokio runtime.
    pub async fn start(config: SandboxConfig) -> std::io::Result<Self> {
        let listener = TcpListener::bind(config.bind).await?;
        let addr = listener.local_addr()?;
        let (deliveries, queue) = tokio::sync::mpsc::unbounded_channel();
        let shared = Shared {
            store: Arc::new(Mutex::new(Store::new(&config))),
            config: Arc::new(config),
            deliveries,
        };
        let app = router(shared.clone());
        let worker = routes::webhooks::worker(shared.store.clone(), queue);
        let task = tokio::spawn(async move {
            // Serving ends only when the task is aborted; the delivery
            // worker lives as long.
            let _ = tokio::join!(axum::serve(listener, app), worker);
        });
        Ok(Self { addr, shared, task })
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The server's root, e.g. `http://127.0.0.1:40123`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The REST API base, e.g. `http://127.0.0.1:40123/1`: give it to the
    /// SDK as base URL.
    pub fn api_url(&self) -> String {
        format!("http://{}/1", self.addr)
    }

    /// The authorize page, e.g. `http://127.0.0.1:40123/1/authorize`.
    pub fn authorize_url(&self) -> String {
        format!("http://{}/1/authorize", self.addr)
    }

    /// The demo app's API key.
    pub fn app_key(&self) -> &str {
        &self.shared.config.app_key
    }

    /// The demo app's secret.
    pub fn app_secret(&self) -> &str {
        &self.shared.config.app_secret
    }

    /// Issues a token for the demo app directly (skipping the authorize
    /// page). `scope` is e.g. `read,write`; `expiration` one of `1hour`,
    /// `1day`, `30days`, `never`.
    pub async fn issue_token(&self, scope: &str, expiration: &str) -> String {
        let scopes = Scopes::parse(scope).unwrap_or(Scopes {
            read: true,
            ..Scopes::default()
        });
        let key = self.shared.config.app_key.clone();
        self.shared
            .store
            .lock()
            .await
            .issue_token(&key, scopes, expiration)
    }

    /// How many API requests have arrived.
    pub async fn requests_seen(&self) -> u64 {
        self.shared.store.lock().await.requests_seen
    }

    /// The requests received on API routes so far, oldest first (the
    /// newest [`state::LOG_CAPACITY`]), with the values of `key`, `token`
    /// and `oauth_*` parameters replaced by `REDACTED`; headers are not
    /// kept, so the `Authorization` header never appears.
    pub async fn request_log(&self) -> Vec<LoggedRequest> {
        self.shared.store.lock().await.log.iter().cloned().collect()
    }

    /// Moves the sandbox's clock forward: token expiry, rate-limit windows
    /// and the 200-429 block all see the new time.
    pub async fn advance_clock(&self, by: std::time::Duration) {
        self.shared.store.lock().await.clock_offset += by;
    }

    /// Answers the next API requests with these statuses, in order (a
    /// plain-text body saying the failure was injected).
    pub async fn fail_next(&self, statuses: &[u16]) {
        let mut store = self.shared.store.lock().await;
        store.faults.fail_next.extend(statuses.iter().copied());
    }

    /// Delays every API answer by `delay` (`None` clears it).
    pub async fn set_delay(&self, delay: Option<std::time::Duration>) {
        self.shared.store.lock().await.faults.delay = delay;
    }

    /// Cuts the connection mid-answer for the next `count` API requests.
    pub async fn reset_next(&self, count: u32) {
        self.shared.store.lock().await.faults.reset_next += count;
    }

    /// Issues a token with the chosen scopes for the demo app, like
    /// [`issue_token`](Self::issue_token), but refusing scopes it does not
    /// know instead of falling back to `read`.
    pub async fn issue_token_with(
        &self,
        scope: &str,
        expiration: &str,
    ) -> Result<String, SeedError> {
        let scopes = Scopes::parse(scope).ok_or_else(|| {
            SeedError(format!(
                "unknown scope {scope:?}: use a comma-separated mix of read, write, account"
            ))
        })?;
        if state::expiration_lifetime(expiration).is_none() {
            return Err(SeedError(format!(
                "unknown expiration {expiration:?}: use 1hour, 1day, 30days or never"
            )));
        }
        let key = self.shared.config.app_key.clone();
        Ok(self
            .shared
            .store
            .lock()
            .await
            .issue_token(&key, scopes, expiration))
    }

    /// The demo member's id (the member every issued token acts for).
    pub async fn demo_member_id(&self) -> String {
        self.shared.store.lock().await.demo_member.clone()
    }

    /// Adds a member; returns its id (`id` when given).
    pub async fn seed_member(
        &self,
        id: Option<&str>,
        username: &str,
        full_name: &str,
    ) -> Result<String, SeedError> {
        let id = checked_id(id)?;
        let member = serde_json::json!({
            "id": id, "username": username, "fullName": full_name,
            "initials": full_name.split_whitespace().filter_map(|w| w.chars().next()).collect::<String>(),
            "url": format!("https://trello.com/{username}"), "avatarHash": null, "bio": "",
            "confirmed": true, "memberType": "normal", "status": "disconnected",
            "idBoards": [], "idOrganizations": [],
        });
        self.shared
            .store
            .lock()
            .await
            .members
            .insert(id.clone(), member);
        Ok(id)
    }

    /// Adds a board created by the demo member, with Trello's default
    /// labels and lists when `id` is `None` (none when an id is chosen, so
    /// a fixture controls everything on it); returns its id.
    pub async fn seed_board(&self, id: Option<&str>, name: &str) -> Result<String, SeedError> {
        let defaults = id.is_none();
        let made = self
            .seed_call(
                &["boards"],
                serde_json::json!({"name": name, "defaultLists": defaults, "defaultLabels": defaults}),
            )
            .await?;
        let made_id = made["id"].as_str().unwrap_or_default().to_owned();
        let id = self.rekey(made, id, |s| &mut s.boards).await?;
        // The creator's `idBoards` names the board by its final id.
        let mut store = self.shared.store.lock().await;
        for member in store.members.values_mut() {
            if let Some(boards) = member["idBoards"].as_array_mut()
                && boards.iter().any(|b| b == made_id.as_str())
            {
                boards.retain(|b| b != made_id.as_str() && b != id.as_str());
                boards.push(Value::String(id.clone()));
            }
        }
        Ok(id)
    }

    /// Adds a list to a board; returns its id.
    pub async fn seed_list(
        &self,
        id: Option<&str>,
        board_id: &str,
        name: &str,
    ) -> Result<String, SeedError> {
        let made = self
            .seed_call(
                &["lists"],
                serde_json::json!({"name": name, "idBoard": board_id}),
            )
            .await?;
        self.rekey(made, id, |s| &mut s.lists).await
    }

    /// Adds a card to a list; returns its id.
    pub async fn seed_card(
        &self,
        id: Option<&str>,
        list_id: &str,
        name: &str,
    ) -> Result<String, SeedError> {
        let made = self
            .seed_call(
                &["cards"],
                serde_json::json!({"name": name, "idList": list_id}),
            )
            .await?;
        self.rekey(made, id, |s| &mut s.cards).await
    }

    /// Adds a label to a board; returns its id.
    pub async fn seed_label(
        &self,
        id: Option<&str>,
        board_id: &str,
        name: &str,
        color: &str,
    ) -> Result<String, SeedError> {
        let made = self
            .seed_call(
                &["labels"],
                serde_json::json!({"name": name, "color": color, "idBoard": board_id}),
            )
            .await?;
        self.rekey(made, id, |s| &mut s.labels).await
    }

    async fn seed_call(
        &self,
        segs: &[&str],
        params: serde_json::Value,
    ) -> Result<Value, SeedError> {
        let serde_json::Value::Object(params) = params else {
            return Err(SeedError("seed parameters must be an object".into()));
        };
        let mut store = self.shared.store.lock().await;
        routes::api::seed(&mut store, &self.shared, segs, &params)
            .await
            .map_err(SeedError)
    }

    async fn rekey(
        &self,
        made: Value,
        id: Option<&str>,
        collection: fn(&mut state::Store) -> &mut std::collections::BTreeMap<String, Value>,
    ) -> Result<String, SeedError> {
        let made_id = made["id"].as_str().unwrap_or_default().to_owned();
        let Some(id) = id else {
            return Ok(made_id);
        };
        let id = checked_id(Some(id))?;
        let mut store = self.shared.store.lock().await;
        let map = collection(&mut store);
        if let Some(mut value) = map.remove(&made_id) {
            value["id"] = Value::String(id.clone());
            map.insert(id.clone(), value);
        }
        Ok(id)
    }

    /// Adds a checklist named `name` to a card; returns its id.
    pub async fn seed_checklist(
        &self,
        id: Option<&str>,
        card_id: &str,
        name: &str,
    ) -> Result<String, SeedError> {
        let made = self
            .seed_call(
                &["checklists"],
                serde_json::json!({"name": name, "idCard": card_id}),
            )
            .await?;
        let new_id = checked_id(id)?;
        let mut store = self.shared.store.lock().await;
        let Some(id) = id else {
            return Ok(made["id"].as_str().unwrap_or_default().to_owned());
        };
        let made_id = made["id"].as_str().unwrap_or_default();
        if let Some(mut checklist) = store.checklists.remove(made_id) {
            checklist["id"] = Value::String(new_id.clone());
            store.checklists.insert(new_id.clone(), checklist);
        }
        if let Some(ids) = store.cards.values_mut().find_map(|c| {
            c["idChecklists"]
                .as_array_mut()
                .filter(|ids| ids.iter().any(|i| i == made_id))
        }) {
            for i in ids.iter_mut() {
                if i == made_id {
                    *i = Value::String(id.to_owned());
                }
            }
        }
        Ok(new_id)
    }

    /// Adds a check item to a checklist, `complete` or not; returns its id.
    pub async fn seed_check_item(
        &self,
        id: Option<&str>,
        checklist_id: &str,
        name: &str,
        complete: bool,
    ) -> Result<String, SeedError> {
        let made = self
            .seed_call(
                &["checklists", checklist_id, "checkItems"],
                serde_json::json!({"name": name, "checked": complete}),
            )
            .await?;
        self.rekey(made, id, |s| &mut s.check_items).await
    }

    /// Adds a custom field to a board: `field_type` one of `text`,
    /// `number`, `date`, `checkbox`, `list` (options:
    /// [`seed_custom_field_option`](Self::seed_custom_field_option)); returns
    /// its id.
    pub async fn seed_custom_field(
        &self,
        id: Option<&str>,
        board_id: &str,
        name: &str,
        field_type: &str,
    ) -> Result<String, SeedError> {
        let made = self
            .seed_call(
                &["customFields"],
                serde_json::json!({"idModel": board_id, "modelType": "board", "name": name, "type": field_type, "pos": "bottom"}),
            )
            .await?;
        let id = self
            .rekey(made.clone(), id, |s| &mut s.custom_fields)
            .await?;
        let mut store = self.shared.store.lock().await;
        if let Some(options) = store
            .custom_fields
            .get_mut(&id)
            .and_then(|f| f["options"].as_array_mut())
        {
            for option in options {
                option["idCustomField"] = Value::String(id.clone());
            }
        }
        Ok(id)
    }

    /// Adds an option with text `text` to a custom field of type `list`;
    /// returns its id.
    pub async fn seed_custom_field_option(
        &self,
        id: Option<&str>,
        field_id: &str,
        text: &str,
    ) -> Result<String, SeedError> {
        let made = self
            .seed_call(
                &["customFields", field_id, "options"],
                serde_json::json!({"value": {"text": text}}),
            )
            .await?;
        let made_id = made["id"].as_str().unwrap_or_default().to_owned();
        let Some(id) = id else {
            return Ok(made_id);
        };
        let id = checked_id(Some(id))?;
        let mut store = self.shared.store.lock().await;
        let option = store
            .custom_fields
            .get_mut(field_id)
            .and_then(|f| f["options"].as_array_mut())
            .and_then(|options| options.iter_mut().find(|o| o["id"] == made_id.as_str()));
        if let Some(option) = option {
            option["id"] = Value::String(id.clone());
        }
        Ok(id)
    }

    /// Attaches an uploaded file to a card (its download serves `bytes`);
    /// returns the attachment's id.
    pub async fn seed_attachment(
        &self,
        id: Option<&str>,
        card_id: &str,
        file_name: &str,
        mime_type: &str,
        bytes: impl Into<bytes::Bytes>,
    ) -> Result<String, SeedError> {
        let params = serde_json::Map::new();
        let made = {
            let mut store = self.shared.store.lock().await;
            routes::api::seed_upload(
                &mut store,
                &self.shared,
                &["cards", card_id, "attachments"],
                &params,
                Some((file_name, mime_type, bytes.into())),
            )
            .await
            .map_err(SeedError)?
        };
        let made_id = made["id"].as_str().unwrap_or_default().to_owned();
        let Some(id) = id else {
            return Ok(made_id);
        };
        let id = checked_id(Some(id))?;
        let mut store = self.shared.store.lock().await;
        if let Some(mut stored) = store.attachments.remove(&made_id) {
            stored.json["id"] = Value::String(id.clone());
            if let Some(url) = stored.json["url"].as_str() {
                stored.json["url"] = Value::String(url.replace(&made_id, &id));
            }
            store.attachments.insert(id.clone(), stored);
        }
        Ok(id)
    }

    /// Adds a comment by the demo member to a card (a `commentCard`
    /// action, which the actions routes list); returns the action's id.
    pub async fn seed_comment(
        &self,
        id: Option<&str>,
        card_id: &str,
        text: &str,
    ) -> Result<String, SeedError> {
        let mut store = self.shared.store.lock().await;
        let params = serde_json::json!({ "text": text });
        let serde_json::Value::Object(params) = params else {
            return Err(SeedError("seed parameters must be an object".into()));
        };
        let made = routes::api::seed_action(
            &mut store,
            &self.shared,
            &["cards", card_id, "actions", "comments"],
            &params,
        )
        .await
        .map_err(SeedError)?;
        let made_id = made["id"].as_str().unwrap_or_default().to_owned();
        let Some(id) = id else {
            return Ok(made_id);
        };
        let id = checked_id(Some(id))?;
        store.actions.retain(|a| a["id"] != id.as_str());
        if let Some(action) = store
            .actions
            .iter_mut()
            .find(|a| a["id"] == made_id.as_str())
        {
            action["id"] = Value::String(id.clone());
        }
        Ok(id)
    }

    /// Makes `member_id` a member of board `board_id` with `member_type`
    /// (`normal`, `admin` or `observer`), under membership id `id` or a new
    /// one; returns the membership's id.
    pub async fn seed_membership(
        &self,
        id: Option<&str>,
        board_id: &str,
        member_id: &str,
        member_type: &str,
    ) -> Result<String, SeedError> {
        if !["normal", "admin", "observer"].contains(&member_type) {
            return Err(SeedError(format!(
                "unknown member type {member_type:?}: use normal, admin or observer"
            )));
        }
        let id = checked_id(id)?;
        let mut store = self.shared.store.lock().await;
        if !store.members.contains_key(member_id) {
            return Err(SeedError("unknown member: seed it first".into()));
        }
        let board = store
            .boards
            .get_mut(board_id)
            .ok_or_else(|| SeedError("unknown board: seed it first".into()))?;
        let mut memberships = board["memberships"].as_array().cloned().unwrap_or_default();
        memberships.retain(|m| m["idMember"] != member_id);
        memberships.push(serde_json::json!({
            "id": id, "idMember": member_id, "memberType": member_type,
            "unconfirmed": false, "deactivated": false,
        }));
        board["memberships"] = Value::Array(memberships);
        if let Some(boards) = store
            .members
            .get_mut(member_id)
            .and_then(|m| m["idBoards"].as_array_mut())
            && !boards.iter().any(|b| b == board_id)
        {
            boards.push(Value::String(board_id.to_owned()));
        }
        Ok(id)
    }

    /// Adds a token with the chosen value and scopes (e.g. a fixture's
    /// token), acting for the demo member. `scope` is a comma-separated mix
    /// of `read`, `write`, `account`; `expiration` one of `1hour`, `1day`,
    /// `30days`, `never`.
    pub async fn seed_token(
        &self,
        value: &str,
        scope: &str,
        expiration: &str,
    ) -> Result<(), SeedError> {
        let issued = self.issue_token_with(scope, expiration).await?;
        if value.trim().is_empty() {
            return Err(SeedError("an empty token value".into()));
        }
        let mut store = self.shared.store.lock().await;
        if let Some(record) = store.tokens.remove(&issued) {
            store.tokens.insert(value.to_owned(), record);
        }
        Ok(())
    }

    /// Like [`seed_token`](Self::seed_token), for another member (seeded
    /// with [`seed_member`](Self::seed_member)): calls with this token act
    /// as that member.
    pub async fn seed_token_for(
        &self,
        value: &str,
        member_id: &str,
        scope: &str,
        expiration: &str,
    ) -> Result<(), SeedError> {
        if !self
            .shared
            .store
            .lock()
            .await
            .members
            .contains_key(member_id)
        {
            return Err(SeedError("unknown member: seed it first".into()));
        }
        self.seed_token(value, scope, expiration).await?;
        let mut store = self.shared.store.lock().await;
        if let Some(record) = store.tokens.get_mut(value) {
            record.member_id = member_id.to_owned();
        }
        Ok(())
    }

    /// Adds a webhook owned by `token` watching `id_model`, without the
    /// HEAD check; returns its id.
    pub async fn seed_webhook(
        &self,
        id: Option<&str>,
        token: &str,
        callback_url: &str,
        id_model: &str,
    ) -> Result<String, SeedError> {
        let id = checked_id(id)?;
        let mut store = self.shared.store.lock().await;
        if !store.tokens.contains_key(token) {
            return Err(SeedError("unknown token: issue or seed it first".into()));
        }
        let webhook = serde_json::json!({
            "id": id, "description": "", "idModel": id_model, "callbackURL": callback_url,
            "active": true, "consecutiveFailures": 0, "firstConsecutiveFailDate": null,
        });
        store.webhooks.insert(id.clone(), webhook);
        store.webhook_owners.insert(id.clone(), token.to_owned());
        Ok(id)
    }

    /// Seeds a finished export of board `board_id` (its download answers
    /// 302 to the board's JSON at once), under `id` or a new id.
    pub async fn seed_export(&self, id: Option<&str>, board_id: &str) -> Result<String, SeedError> {
        let id = checked_id(id)?;
        let mut store = self.shared.store.lock().await;
        if !routes::exports::seed(&mut store, &id, board_id) {
            return Err(SeedError("unknown board: seed it first".into()));
        }
        Ok(id)
    }

    /// The line printed at start: base URL (with `/1`), key, a token, the
    /// app secret and the OAuth consumer secret.
    pub fn start_line(&self, token: &str) -> String {
        format!(
            "Trello sandbox: base URL {}  key {}  token {token}  app secret {}  OAuth consumer secret {}",
            self.api_url(),
            self.app_key(),
            self.app_secret(),
            self.oauth_consumer_secret(),
        )
    }

    /// The OAuth 1.0a consumer secret: as on Trello, the app's secret.
    pub fn oauth_consumer_secret(&self) -> &str {
        &self.shared.config.app_secret
    }

    /// The shared state, for tests that need to look inside or inject faults.
    pub fn shared(&self) -> &Shared {
        &self.shared
    }

    /// Stops the server.
    pub fn stop(self) {
        self.task.abort();
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// The sandbox's routes.
pub fn router(shared: Shared) -> Router {
    Router::new()
        .route(
            "/1/authorize",
            get(routes::authorize::page).post(routes::authorize::decide),
        )
        .route(
            "/1/OAuthGetRequestToken",
            post(routes::oauth::request_token),
        )
        .route(
            "/1/OAuthAuthorizeToken",
            get(routes::oauth::authorize_page).post(routes::oauth::authorize_decide),
        )
        .route("/1/OAuthGetAccessToken", post(routes::oauth::access_token))
        .route(
            "/authorize",
            get(routes::oauth2::page).post(routes::oauth2::decide),
        )
        .route("/oauth/token", post(routes::oauth2::token))
        .route("/_sandbox/faults", post(routes::control::set_faults))
        .route("/_sandbox/stats", get(routes::control::stats))
        .route("/_sandbox/files/exports/{id}", get(routes::exports::file))
        .route(
            "/_sandbox/files/attachments/{id}/{file_name}",
            get(routes::api::attachment_file),
        )
        .fallback(routes::api::handle)
        .with_state(shared)
}
