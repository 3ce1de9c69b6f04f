//! An offline Trello: a small HTTP server on loopback that speaks enough of
//! Trello's REST API, with Trello's authorization semantics, for the SDK's
//! examples and tests to run with no network.
//!
//! ```no_run
//! # async fn run() -> std::io::Result<()> {
//! let sandbox = trello_sandbox::Sandbox::start(Default::default()).await?;
//! println!("API at {}, key {}", sandbox.api_url(), sandbox.app_key());
//! let token = sandbox.issue_token("read,write", "1day").await;
//! # let _ = token; Ok(()) }
//! ```
//!
//! What it holds lives in memory for the life of the process: one app (an
//! API key, its secret and allowed origins), tokens, one member, and boards,
//! lists, cards, labels and card comments. Unknown routes answer 404 as
//! Trello does. Values it makes are random but not cryptographically strong:
//! it is a test server.
#![warn(missing_docs)]
#![forbid(unsafe_code)]

pub mod config;
mod ids;
pub mod routes;
pub mod state;

use std::{net::SocketAddr, sync::Arc};

use axum::{
    Router,
    routing::{get, post},
};
use tokio::{net::TcpListener, sync::Mutex, task::JoinHandle};

pub use config::{RateLimits, SandboxConfig};
use state::{Scopes, Store};

/// State shared by every route.
#[derive(Clone, Debug)]
pub struct Shared {
    /// The configuration it started with.
    pub config: Arc<SandboxConfig>,
    /// The store.
    pub store: Arc<Mutex<Store>>,
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
        let shared = Shared {
            store: Arc::new(Mutex::new(Store::new(&config))),
            config: Arc::new(config),
        };
        let app = router(shared.clone());
        let task = tokio::spawn(async move {
            // Serving ends only when the task is aborted.
            let _ = axum::serve(listener, app).await;
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
        .route("/_sandbox/faults", post(routes::control::set_faults))
        .route("/_sandbox/stats", get(routes::control::stats))
        .route("/_sandbox/files/exports/{id}", get(routes::exports::file))
        .fallback(routes::api::handle)
        .with_state(shared)
}
