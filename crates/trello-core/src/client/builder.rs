//! Building a [`Client`].

use std::{fmt, sync::Arc, time::Duration};

use http::HeaderValue;

use crate::{
    Auth, AuthPlacement, Credentials, Error,
    base_url::{DEFAULT_BASE_URL, parse_base_url},
    policy::{
        Clock, InProcessStore, JitterSource, RateLimitConfig, RateLimitStore, RetryPolicy,
        SharedClock, SharedSleeper, Sleeper, SystemClock, Timeouts, TokioSleeper,
        rate_limit::RateLimiter, retry::FullJitter,
    },
    tokens::ReauthorizeHook,
    transport::{SharedTransport, Transport},
};

use super::{Client, DEFAULT_USER_AGENT, Inner};

/// Builds a [`Client`]: the transport (required), the base URL, how to
/// authenticate, and the reliability policies. `build` checks it all and
/// says what is missing or wrong:
///
/// ```
/// # use trello_core::transport::{Body, Transport, TransportError};
/// # struct MyTransport;
/// # #[async_trait::async_trait]
/// # impl Transport for MyTransport {
/// #     async fn send(&self, _request: http::Request<bytes::Bytes>) -> Result<http::Response<Body>, TransportError> {
/// #         Ok(http::Response::new(Body::from("{}")))
/// #     }
/// # }
/// use std::time::Duration;
/// use trello_core::{AuthPlacement, ClientBuilder, Credentials, RetryPolicy};
///
/// let client = ClientBuilder::new()
///     .transport(MyTransport)
///     .credentials(Credentials::new("my-api-key", "my-token"))
///     .auth_placement(AuthPlacement::Query) // default: the Authorization header
///     .retry_policy(RetryPolicy::new().max_attempts(5))
///     .timeout(Some(Duration::from_secs(60)))
///     .build()?;
///
/// let err = ClientBuilder::new().base_url("http://api.example.com/1").transport(MyTransport).build().unwrap_err();
/// assert!(err.to_string().contains("https"), "{err}"); // plain http only to loopback
/// # Ok::<(), trello_core::Error>(())
/// ```
#[derive(Default)]
pub struct ClientBuilder {
    transport: Option<SharedTransport>,
    base_url: Option<String>,
    credentials: Option<Credentials>,
    placement: AuthPlacement,
    auth: Option<Auth>,
    user_agent: Option<String>,
    retry: RetryPolicy,
    timeouts: Timeouts,
    rate_limits: RateLimitConfig,
    rate_limit_store: Option<Arc<dyn RateLimitStore>>,
    clock: Option<SharedClock>,
    sleeper: Option<SharedSleeper>,
    jitter: Option<Arc<dyn JitterSource>>,
    reauthorize: Option<ReauthorizeHook>,
    max_body_size: Option<u64>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("has_transport", &self.transport.is_some())
            .field("base_url", &self.base_url)
            .field("credentials", &self.credentials)
            .field("placement", &self.placement)
            .field("auth", &self.auth)
            .field("retry", &self.retry)
            .field("timeouts", &self.timeouts)
            .field("rate_limits", &self.rate_limits)
            .field("rate_limit_store", &self.rate_limit_store)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    /// A builder with no transport, the default base URL and no credentials.
    pub fn new() -> Self {
        Self::default()
    }

    /// The backend that sends requests.
    pub fn transport(mut self, transport: impl Transport) -> Self {
        self.transport = Some(Arc::new(transport));
        self
    }

    /// A backend shared with other clients.
    pub fn shared_transport(mut self, transport: SharedTransport) -> Self {
        self.transport = Some(transport);
        self
    }

    /// Whether a transport was given.
    pub fn has_transport(&self) -> bool {
        self.transport.is_some()
    }

    /// The API base (default `https://api.trello.com/1`). Must be https,
    /// except for loopback hosts; checked by [`ClientBuilder::build`].
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Authenticate with `credentials`, in the `Authorization` header unless
    /// [`ClientBuilder::auth_placement`] says otherwise.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(credentials);
        self
    }

    /// Where the key and token travel (default: the `Authorization` header).
    pub fn auth_placement(mut self, placement: AuthPlacement) -> Self {
        self.placement = placement;
        self
    }

    /// Any authentication scheme; replaces what
    /// [`ClientBuilder::credentials`] set.
    pub fn auth(mut self, auth: Auth) -> Self {
        self.auth = Some(auth);
        self
    }

    /// The `User-Agent` header (default `trello-rs/<version>`).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// How failed calls are retried (default [`RetryPolicy::default`]: 4
    /// attempts, full-jitter backoff from 500 ms capped at 10 s, 60 s budget);
    /// [`RetryPolicy::disabled`] for one attempt per call.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// The per-attempt and per-call time limits (default 30 s and 120 s).
    pub fn timeouts(mut self, timeouts: Timeouts) -> Self {
        self.timeouts = timeouts;
        self
    }

    /// The time limit of one attempt (`None`: unlimited).
    pub fn attempt_timeout(mut self, limit: Option<Duration>) -> Self {
        self.timeouts = self.timeouts.attempt(limit);
        self
    }

    /// The time limit of a whole call, retries included (`None`: unlimited).
    pub fn timeout(mut self, limit: Option<Duration>) -> Self {
        self.timeouts = self.timeouts.overall(limit);
        self
    }

    /// The proactive rate limits (default: Trello's documented ones, see
    /// [`RateLimitConfig::default`]).
    pub fn rate_limits(mut self, config: RateLimitConfig) -> Self {
        self.rate_limits = config;
        self
    }

    /// Where the limiter counts (default: [`InProcessStore::global`], shared
    /// by every client of this process with the same key and token, so a
    /// second client does not double the budget; with a custom
    /// [`ClientBuilder::clock`], a store of this client's own on that clock).
    /// Give every client the same store to share one budget: the same
    /// [`InProcessStore`] in one process, a Redis store (`trello-redis`)
    /// across processes.
    pub fn rate_limit_store(mut self, store: Arc<dyn RateLimitStore>) -> Self {
        self.rate_limit_store = Some(store);
        self
    }

    /// Switches proactive rate limiting and header adaptation off (429
    /// answers are still retried per the retry policy).
    pub fn no_rate_limits(self) -> Self {
        self.rate_limits(RateLimitConfig::disabled())
    }

    /// The clock the retry budget and rate limiter read (default: the
    /// monotonic system clock). Tests pass a [`crate::policy::FakeClock`].
    pub fn clock(mut self, clock: impl Clock) -> Self {
        self.clock = Some(Arc::new(clock));
        self
    }

    /// What waits between attempts and for the rate limiter (default:
    /// `tokio::time::sleep`). Tests pass a [`crate::policy::FakeClock`].
    pub fn sleeper(mut self, sleeper: impl Sleeper) -> Self {
        self.sleeper = Some(Arc::new(sleeper));
        self
    }

    /// Where backoff randomness comes from (default: [`FullJitter`], randomly
    /// seeded). [`FullJitter::seeded`] or [`crate::policy::NoJitter`] make waits
    /// reproducible.
    pub fn jitter(mut self, jitter: impl JitterSource) -> Self {
        self.jitter = Some(Arc::new(jitter));
        self
    }

    /// What to do when Trello answers 401 `invalid token` (the token was
    /// revoked or expired): every call that fails so runs the hook, which
    /// hands the app its ready authorize URL (and calls its callback, if
    /// any). [`Client::reauthorize_url`] gives the URL for an error.
    pub fn reauthorize(mut self, hook: ReauthorizeHook) -> Self {
        self.reauthorize = Some(hook);
        self
    }

    /// The largest answer body the client reads into memory, in bytes
    /// (default [`DEFAULT_MAX_BODY_SIZE`](super::DEFAULT_MAX_BODY_SIZE), 128 MiB: room for
    /// the biggest real Trello answers, such as a board with all its actions).
    /// The cap is enforced while the body arrives, whatever the backend; a
    /// bigger answer fails with [`Error::BodyTooLarge`] and its connection is
    /// closed. Downloads are streamed and not capped. Per call:
    /// [`CallOptions::max_body_size`](crate::CallOptions::max_body_size).
    pub fn max_body_size(mut self, bytes: u64) -> Self {
        self.max_body_size = Some(bytes);
        self
    }

    /// Checks the settings and builds the client.
    pub fn build(self) -> Result<Client, Error> {
        let transport = self.transport.ok_or_else(|| {
            Error::invalid_input(
                "no transport: give one with ClientBuilder::transport, or build the client \
                 through the `trello` crate with its `reqwest` or `hyper` feature",
            )
        })?;
        let base_url = parse_base_url(self.base_url.as_deref().unwrap_or(DEFAULT_BASE_URL))?;
        let user_agent = self.user_agent.as_deref().unwrap_or(DEFAULT_USER_AGENT);
        let user_agent = HeaderValue::from_str(user_agent).map_err(|_| {
            Error::invalid_input(
                "user agent has characters a header cannot carry; use visible ASCII",
            )
        })?;
        let auth = match (self.auth, self.credentials) {
            (Some(auth), _) => auth,
            (None, Some(credentials)) => Auth::KeyToken {
                credentials,
                placement: self.placement,
            },
            (None, None) => Auth::None,
        };
        let store: Arc<dyn RateLimitStore> = match (self.rate_limit_store, &self.clock) {
            (Some(store), _) => store,
            // A custom clock (tests): the counts must run on it.
            (None, Some(clock)) => InProcessStore::new(clock.clone()),
            (None, None) => InProcessStore::global(),
        };
        let limiter = RateLimiter::new(&self.rate_limits, store, &auth);
        let clock = self.clock.unwrap_or_else(|| Arc::new(SystemClock::new()));
        Ok(Client {
            inner: Arc::new(Inner {
                transport,
                base_url,
                key_token_header: match &auth {
                    Auth::KeyToken { credentials, .. } => {
                        crate::auth::key_token_header(credentials)
                    }
                    _ => None,
                },
                auth,
                user_agent,
                retry: self.retry,
                timeouts: self.timeouts,
                limiter,
                clock,
                sleeper: self.sleeper.unwrap_or_else(|| Arc::new(TokioSleeper)),
                jitter: self.jitter.unwrap_or_else(|| Arc::new(FullJitter::new())),
                reauthorize: self.reauthorize,
                max_body_size: self.max_body_size.unwrap_or(super::DEFAULT_MAX_BODY_SIZE),
            }),
        })
    }
}
