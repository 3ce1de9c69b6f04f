//! The client users hold: the core pipeline on a backend chosen by features.

use std::ops::Deref;

use std::time::Duration;

use trello_core::{
    Auth, AuthPlacement, Credentials, Error, SharedTransport, Transport,
    policy::{Clock, JitterSource, RateLimitConfig, RetryPolicy, Sleeper, Timeouts},
};

/// The HTTP backends compiled in (by the `reqwest` and `hyper` features).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Backend {
    /// reqwest with rustls (feature `reqwest`, on by default).
    #[cfg(feature = "reqwest")]
    Reqwest,
    /// hyper 1 with rustls (feature `hyper`).
    #[cfg(feature = "hyper")]
    Hyper,
}

impl Backend {
    /// Every backend compiled in, the default first.
    pub const ALL: &'static [Backend] = &[
        #[cfg(feature = "reqwest")]
        Backend::Reqwest,
        #[cfg(feature = "hyper")]
        Backend::Hyper,
    ];

    /// The backend used when none is chosen: reqwest when compiled in, else
    /// hyper.
    pub fn default_backend() -> Option<Backend> {
        Self::ALL.first().copied()
    }

    /// A new transport of this kind.
    pub fn transport(self) -> Result<SharedTransport, Error> {
        match self {
            #[cfg(feature = "reqwest")]
            Backend::Reqwest => Ok(std::sync::Arc::new(
                trello_reqwest::ReqwestTransport::new().map_err(Error::Transport)?,
            )),
            #[cfg(feature = "hyper")]
            Backend::Hyper => Ok(std::sync::Arc::new(
                trello_hyper::HyperTransport::new().map_err(Error::Transport)?,
            )),
        }
    }
}

/// A Trello client. Cheap to clone; clones share the connection pool and
/// the rate limits. Reach the endpoints through its resource handles
/// (`client.boards()`, `client.cards()`, … in [`crate::api`]):
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # let sandbox = trello_sandbox::Sandbox::start(trello_sandbox::SandboxConfig::default()).await?;
/// # let token = sandbox.issue_token("read,write", "1hour").await;
/// use trello::{Client, Credentials};
///
/// let client = Client::new(Credentials::new("my-api-key", "my-token"))?; // or Client::from_env()?
/// # // The same client, pointed at the offline sandbox instead of api.trello.com.
/// # let client = Client::builder().base_url(sandbox.api_url()).credentials(Credentials::new(sandbox.app_key(), token.as_str())).build()?;
/// # sandbox.seed_board(Some("5abbe4b7ddc1b351ef961414"), "Roadmap").await?;
/// let board = client.boards().get("5abbe4b7ddc1b351ef961414").await?;
/// let lists = client.boards().lists(board.id.as_str()).await?;
/// println!("{} has {} lists", board.name.unwrap_or_default(), lists.len());
/// # assert_eq!(board.id, "5abbe4b7ddc1b351ef961414");
/// # Ok(()) }
/// ```
///
/// It dereferences to the core client ([`Client::core`]), whose
/// [`send`](trello_core::Client::send), [`send_raw`](trello_core::Client::send_raw),
/// [`request_json`](trello_core::Client::request_json) and
/// [`request_bytes`](trello_core::Client::request_bytes) send any endpoint or raw request.
#[derive(Clone, Debug)]
pub struct Client {
    inner: trello_core::Client,
}

impl Client {
    /// A client on the default backend with `credentials` in the
    /// `Authorization` header.
    pub fn new(credentials: Credentials) -> Result<Self, Error> {
        Self::builder().credentials(credentials).build()
    }

    /// A client with credentials from `TRELLO_API_KEY` and `TRELLO_TOKEN`.
    pub fn from_env() -> Result<Self, Error> {
        Self::new(Credentials::from_env()?)
    }

    /// A client on your own transport with `credentials` in the
    /// `Authorization` header.
    pub fn with_transport(
        transport: impl Transport,
        credentials: Credentials,
    ) -> Result<Self, Error> {
        Self::builder()
            .transport(transport)
            .credentials(credentials)
            .build()
    }

    /// A builder for every setting.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The core client.
    pub fn core(&self) -> &trello_core::Client {
        &self.inner
    }
}

impl Deref for Client {
    type Target = trello_core::Client;
    fn deref(&self) -> &Self::Target {
        &self.inner
    }
}

impl From<trello_core::Client> for Client {
    fn from(inner: trello_core::Client) -> Self {
        Self { inner }
    }
}

/// Builds a [`Client`]: credentials and where they travel, the backend,
/// the base URL, retries, timeouts and rate limits.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # let sandbox = trello_sandbox::Sandbox::start(trello_sandbox::SandboxConfig::default()).await?;
/// # let token = sandbox.issue_token("read,write", "1hour").await;
/// # let (api_url, my_key, my_token) = (sandbox.api_url(), sandbox.app_key(), token.as_str());
/// use std::time::Duration;
/// use trello::{AuthPlacement, Client, Credentials, RetryPolicy};
///
/// let client = Client::builder()
///     .credentials(Credentials::new(my_key, my_token))
///     .auth_placement(AuthPlacement::Header) // the default
///     .base_url(api_url) // default https://api.trello.com/1; http only to loopback
///     .retry_policy(RetryPolicy::new().max_attempts(5))
///     .timeout(Some(Duration::from_secs(60))) // the whole call, retries included
///     .build()?;
/// let me = client.members().get("me").await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Default)]
pub struct ClientBuilder {
    core: trello_core::ClientBuilder,
    backend: Option<Backend>,
}

impl ClientBuilder {
    /// Authenticate with an API key and token.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.core = self.core.credentials(credentials);
        self
    }

    /// Where the key and token travel (default: the `Authorization` header).
    pub fn auth_placement(mut self, placement: AuthPlacement) -> Self {
        self.core = self.core.auth_placement(placement);
        self
    }

    /// Any authentication scheme.
    pub fn auth(mut self, auth: Auth) -> Self {
        self.core = self.core.auth(auth);
        self
    }

    /// The API base (default `https://api.trello.com/1`); https only, except
    /// loopback hosts.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.core = self.core.base_url(url);
        self
    }

    /// The `User-Agent` header.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.core = self.core.user_agent(user_agent);
        self
    }

    /// Which compiled-in backend to use.
    pub fn backend(mut self, backend: Backend) -> Self {
        self.backend = Some(backend);
        self
    }

    /// Your own transport (a test double, a recorder, another HTTP client).
    pub fn transport(mut self, transport: impl Transport) -> Self {
        self.core = self.core.transport(transport);
        self
    }

    /// A transport shared with other clients.
    pub fn shared_transport(mut self, transport: SharedTransport) -> Self {
        self.core = self.core.shared_transport(transport);
        self
    }

    /// How failed calls are retried (default: 4 attempts, full-jitter
    /// backoff from 500 ms capped at 10 s, 60 s budget; POST only on opt-in).
    /// See [`RetryPolicy`].
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.core = self.core.retry_policy(policy);
        self
    }

    /// The largest answer body read into memory, in bytes (default
    /// [`DEFAULT_MAX_BODY_SIZE`](crate::DEFAULT_MAX_BODY_SIZE), 128 MiB); a bigger answer fails
    /// with [`Error::BodyTooLarge`](crate::Error::BodyTooLarge) while it arrives. Downloads are
    /// streamed and not capped. Per call: [`CallOptions::max_body_size`](crate::CallOptions::max_body_size).
    pub fn max_body_size(mut self, bytes: u64) -> Self {
        self.core = self.core.max_body_size(bytes);
        self
    }

    /// The per-attempt and per-call time limits (default 30 s and 120 s).
    pub fn timeouts(mut self, timeouts: Timeouts) -> Self {
        self.core = self.core.timeouts(timeouts);
        self
    }

    /// The time limit of one attempt (`None`: unlimited).
    pub fn attempt_timeout(mut self, limit: Option<Duration>) -> Self {
        self.core = self.core.attempt_timeout(limit);
        self
    }

    /// The time limit of a whole call, retries included (`None`: unlimited).
    pub fn timeout(mut self, limit: Option<Duration>) -> Self {
        self.core = self.core.timeout(limit);
        self
    }

    /// The proactive rate limits (default: Trello's documented limits).
    pub fn rate_limits(mut self, config: RateLimitConfig) -> Self {
        self.core = self.core.rate_limits(config);
        self
    }

    /// Where the rate limiter counts (default: the process-wide in-process
    /// store, shared by every client of the same key and token). Give
    /// clients the same store to share one budget, e.g. a Redis store across
    /// processes.
    pub fn rate_limit_store(
        mut self,
        store: std::sync::Arc<dyn trello_core::policy::RateLimitStore>,
    ) -> Self {
        self.core = self.core.rate_limit_store(store);
        self
    }

    /// Switches proactive rate limiting off.
    pub fn no_rate_limits(mut self) -> Self {
        self.core = self.core.no_rate_limits();
        self
    }

    /// The clock of the retry budget and the rate limiter (tests: a
    /// `FakeClock`).
    pub fn clock(mut self, clock: impl Clock) -> Self {
        self.core = self.core.clock(clock);
        self
    }

    /// What waits between attempts (tests: a `FakeClock`).
    pub fn sleeper(mut self, sleeper: impl Sleeper) -> Self {
        self.core = self.core.sleeper(sleeper);
        self
    }

    /// Where backoff randomness comes from.
    pub fn jitter(mut self, jitter: impl JitterSource) -> Self {
        self.core = self.core.jitter(jitter);
        self
    }

    /// What to do when Trello answers 401 `invalid token`: the hook hands
    /// the app its ready authorize URL (see [`ReauthorizeHook`](crate::ReauthorizeHook)).
    pub fn reauthorize(mut self, hook: crate::ReauthorizeHook) -> Self {
        self.core = self.core.reauthorize(hook);
        self
    }

    /// Checks the settings and builds the client.
    pub fn build(mut self) -> Result<Client, Error> {
        if !self.core.has_transport() || self.backend.is_some() {
            let backend = self
                .backend
                .or_else(Backend::default_backend)
                .ok_or_else(|| {
                    Error::invalid_input(
                        "no HTTP backend: enable the `reqwest` or `hyper` feature of `trello`, \
                     or give a transport with ClientBuilder::transport",
                    )
                })?;
            self.core = self.core.shared_transport(backend.transport()?);
        }
        Ok(Client {
            inner: self.core.build()?,
        })
    }
}
