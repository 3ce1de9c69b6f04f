//! Reliability policies applied by the pipeline to every call, whatever the
//! backend: proactive rate limiting, retries with backoff, timeouts, and the
//! replaceable clock, sleeper and jitter they run on.
//!
//! Set them on `ClientBuilder`; override some per call with
//! [`CallOptions`] (`client.send_with(endpoint, options)`).

pub mod clock;
pub mod in_process;
pub mod rate_limit;
pub mod retry;
pub mod store;
pub mod timeout;

use std::time::Duration;

pub use clock::{
    Clock, FakeClock, SharedClock, SharedSleeper, SleepFuture, Sleeper, SystemClock, TokioSleeper,
};
pub use in_process::InProcessStore;
pub use rate_limit::{
    HeaderWindow, RateLimitConfig, RateLimitHeaders, Window, parse_rate_limit_headers,
    parse_retry_after,
};
pub use retry::{FullJitter, JitterSource, NoJitter, RetryPolicy};
pub use store::{
    Acquire, CredentialDigest, CredentialHasher, GrantId, Lesson, Limit, LimitId, LimitScope,
    RateLimitStore, StoreError, WaitCause,
};
pub use timeout::{TimedOut, TimeoutScope, Timeouts};

/// Settings for one call, overriding the client's.
///
/// ```
/// use std::time::Duration;
/// use trello_core::policy::CallOptions;
///
/// // This POST creates nothing twice (say, it sets a label by name), so a
/// // 503 may be retried:
/// let options = CallOptions::new().retry_post(true).timeout(Duration::from_secs(5));
/// assert!(options.retries_post());
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CallOptions {
    retry_post: bool,
    max_attempts: Option<u32>,
    timeout: Option<Duration>,
    attempt_timeout: Option<Duration>,
    max_body_size: Option<u64>,
}

impl CallOptions {
    /// No overrides.
    pub fn new() -> Self {
        Self::default()
    }

    /// Allow retrying this POST after a server error, timeout or broken
    /// connection, as GET/PUT/DELETE are. Only opt in when sending the POST
    /// twice does no harm: a POST that creates something may create it twice.
    /// (Connect failures and 429 answers are retried for every method: the
    /// request was never processed.)
    pub fn retry_post(mut self, retry: bool) -> Self {
        self.retry_post = retry;
        self
    }

    /// At most `attempts` attempts for this call (1: no retry).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = Some(attempts.max(1));
        self
    }

    /// The overall time limit of this call.
    pub fn timeout(mut self, limit: Duration) -> Self {
        self.timeout = Some(limit);
        self
    }

    /// The time limit of each attempt of this call.
    pub fn attempt_timeout(mut self, limit: Duration) -> Self {
        self.attempt_timeout = Some(limit);
        self
    }

    /// The largest answer body this call reads, in bytes (overrides
    /// `ClientBuilder::max_body_size`);
    /// a bigger answer fails with [`Error::BodyTooLarge`](crate::Error::BodyTooLarge).
    pub fn max_body_size(mut self, bytes: u64) -> Self {
        self.max_body_size = Some(bytes);
        self
    }

    /// The body size cap override.
    pub fn body_limit(&self) -> Option<u64> {
        self.max_body_size
    }

    /// Whether a POST may be retried.
    pub fn retries_post(&self) -> bool {
        self.retry_post
    }

    /// The attempt limit override.
    pub fn attempts(&self) -> Option<u32> {
        self.max_attempts
    }

    /// The overall time limit override.
    pub fn overall_limit(&self) -> Option<Duration> {
        self.timeout
    }

    /// The per-attempt time limit override.
    pub fn attempt_limit(&self) -> Option<Duration> {
        self.attempt_timeout
    }
}
