//! What a sandbox starts with.

use std::time::Duration;

/// Rate limits, with Trello's numbers by default.
#[derive(Clone, Debug)]
pub struct RateLimits {
    /// Requests allowed per window per API key (Trello: 300).
    pub per_key: u32,
    /// Requests allowed per window per token (Trello: 100).
    pub per_token: u32,
    /// The window (Trello: 10 s). Shorten it for time-scaled tests.
    pub window: Duration,
    /// Requests allowed per token on `/1/members/…` per `members_window`
    /// (Trello: 100).
    pub members_per_token: u32,
    /// The `/1/members` family's window (Trello: 900 s).
    pub members_window: Duration,
    /// 429s a key may collect in one window before every request of that
    /// key gets a 429 for the rest of the window (Trello: 200).
    pub key_block_after_429s: u32,
    /// Whether limits apply at all.
    pub enabled: bool,
}

impl Default for RateLimits {
    fn default() -> Self {
        Self {
            per_key: 300,
            per_token: 100,
            window: Duration::from_secs(10),
            members_per_token: 100,
            members_window: Duration::from_secs(900),
            key_block_after_429s: 200,
            enabled: true,
        }
    }
}

impl RateLimits {
    /// Trello's limits with time running `factor` times faster (a 10 s
    /// window becomes `10 s / factor`, the members family's 900 s
    /// `900 s / factor`).
    pub fn time_scaled(factor: u32) -> Self {
        Self {
            window: Duration::from_secs(10) / factor.max(1),
            members_window: Duration::from_secs(900) / factor.max(1),
            ..Self::default()
        }
    }

    /// No limits.
    pub fn off() -> Self {
        Self {
            enabled: false,
            ..Self::default()
        }
    }
}

/// Configuration of a sandbox.
#[derive(Clone, Debug)]
pub struct SandboxConfig {
    /// The address to bind; loopback by default (port 0: any free port).
    pub bind: std::net::SocketAddr,
    /// The demo app's API key.
    pub app_key: String,
    /// The demo app's secret (OAuth 1.0a signing, webhook signatures).
    pub app_secret: String,
    /// The demo app's name.
    pub app_name: String,
    /// Origins a `return_url` may point to; empty means any (`*`).
    pub allowed_origins: Vec<String>,
    /// Rate limits.
    pub rate_limits: RateLimits,
    /// The demo member's username.
    pub username: String,
    /// The demo member's full name.
    pub full_name: String,
    /// The OAuth 2.0 authorization server: clients and lifetimes.
    pub oauth2: crate::oauth2::OAuth2Settings,
    /// Whether creating a webhook first sends Trello's HEAD check to its
    /// callback URL (and refuses the webhook unless it answers 200).
    pub check_webhook_callbacks: bool,
}

impl Default for SandboxConfig {
    fn default() -> Self {
        Self {
            bind: std::net::SocketAddr::from(([127, 0, 0, 1], 0)),
            app_key: crate::ids::random_hex(32),
            app_secret: crate::ids::random_hex(64),
            app_name: "Sandbox demo app".to_owned(),
            allowed_origins: Vec::new(),
            rate_limits: RateLimits::default(),
            username: "sandboxuser".to_owned(),
            full_name: "Sandbox User".to_owned(),
            oauth2: crate::oauth2::OAuth2Settings::default(),
            check_webhook_callbacks: true,
        }
    }
}
