//! Which failures are retried, and how long to wait before the next attempt.

use std::{
    fmt,
    sync::{Mutex, PoisonError},
    time::Duration,
};

use http::StatusCode;

use crate::{Error, meta::Method, transport::TransportErrorKind};

/// How failed calls are retried.
///
/// A failure is retried when it is safe and may succeed later:
///
/// | failure | GET, PUT, DELETE | POST |
/// | --- | --- | --- |
/// | connect error (the request never left the client) | yes | yes |
/// | 429 (rate limited: Trello rejected it unprocessed) | yes | yes |
/// | 500, 502, 503, 504 | yes | only with [`CallOptions::retry_post`](super::CallOptions::retry_post) |
/// | timeout, I/O error mid-flight | yes | only with `retry_post` |
/// | anything else (4xx, decode errors, bad input) | no | no |
///
/// The wait before attempt *n + 1* is "full jitter" exponential backoff: a
/// random duration in `[0, min(max_backoff, initial_backoff × 2ⁿ⁻¹)]`. A 429
/// with `Retry-After` waits exactly that long instead, unless it exceeds
/// [`RetryPolicy::max_retry_after`], in which case the error is returned at
/// once (the caller knows better than to block for that long).
///
/// The budget: at most [`RetryPolicy::max_attempts`] attempts, and no retry
/// whose wait would end later than [`RetryPolicy::max_elapsed`] after the
/// call started (measured on the client's clock, rate-limit waits included).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    max_elapsed: Duration,
    max_retry_after: Duration,
}

impl Default for RetryPolicy {
    /// 4 attempts; backoff from 500 ms, capped at 10 s per wait; 60 s in all;
    /// `Retry-After` honoured up to 60 s.
    ///
    /// Trello's windows are 10 s long, so a cap of 10 s lets a throttled call
    /// land in the next window; 60 s keeps an interactive caller from
    /// hanging on a server that is down.
    fn default() -> Self {
        Self {
            max_attempts: 4,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(10),
            max_elapsed: Duration::from_secs(60),
            max_retry_after: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// The default policy (see [`RetryPolicy::default`]).
    pub fn new() -> Self {
        Self::default()
    }

    /// One attempt per call: nothing is retried.
    pub fn disabled() -> Self {
        Self::default().max_attempts(1)
    }

    /// At most `attempts` attempts per call, the first included (0 is taken
    /// as 1).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The upper bound of the first wait (doubled for each further retry).
    pub fn initial_backoff(mut self, wait: Duration) -> Self {
        self.initial_backoff = wait;
        self
    }

    /// The cap on any single backoff wait.
    pub fn max_backoff(mut self, wait: Duration) -> Self {
        self.max_backoff = wait;
        self
    }

    /// The time budget of a call: no retry starts later than this after the
    /// first attempt did.
    pub fn max_elapsed(mut self, budget: Duration) -> Self {
        self.max_elapsed = budget;
        self
    }

    /// The longest `Retry-After` waited for; a longer one ends the call with
    /// [`Error::RateLimited`].
    pub fn max_retry_after(mut self, cap: Duration) -> Self {
        self.max_retry_after = cap;
        self
    }

    /// The attempt limit.
    pub fn attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The time budget.
    pub fn elapsed_budget(&self) -> Duration {
        self.max_elapsed
    }

    /// The upper bound of the wait before attempt `attempt + 1`, before jitter.
    pub fn backoff_ceiling(&self, attempt: u32) -> Duration {
        let doublings = attempt.saturating_sub(1).min(31);
        self.initial_backoff
            .saturating_mul(1u32 << doublings)
            .min(self.max_backoff)
    }

    /// Whether `err`, from an attempt of a `method` call, may be retried
    /// (`retry_post`: the caller opted in for a POST).
    pub fn is_retryable(err: &Error, method: Method, retry_post: bool) -> bool {
        let repeatable = method.is_idempotent() || retry_post;
        match err {
            Error::RateLimited { .. } => true,
            Error::Api { status, .. } => {
                repeatable
                    && matches!(
                        *status,
                        StatusCode::INTERNAL_SERVER_ERROR
                            | StatusCode::BAD_GATEWAY
                            | StatusCode::SERVICE_UNAVAILABLE
                            | StatusCode::GATEWAY_TIMEOUT
                    )
            }
            Error::Transport(err) => match err.kind() {
                TransportErrorKind::Connect => true,
                TransportErrorKind::Timeout | TransportErrorKind::Io => repeatable,
                _ => false,
            },
            _ => false,
        }
    }

    /// The wait before the next attempt, or `None` to give up and return
    /// `err`.
    pub(crate) fn next_delay(
        &self,
        err: &Error,
        method: Method,
        retry_post: bool,
        progress: Progress,
        jitter: &dyn JitterSource,
    ) -> Option<Duration> {
        let Progress {
            attempt,
            max_attempts,
            elapsed,
        } = progress;
        if attempt >= max_attempts || !Self::is_retryable(err, method, retry_post) {
            return None;
        }
        let delay = match err {
            Error::RateLimited {
                retry_after: Some(wait),
                ..
            } => {
                if *wait > self.max_retry_after {
                    return None;
                }
                *wait
            }
            _ => jitter.sample(self.backoff_ceiling(attempt)),
        };
        if elapsed.saturating_add(delay) > self.max_elapsed {
            return None;
        }
        Some(delay)
    }
}

/// Where a call stands when an attempt has failed.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Progress {
    /// The number of the attempt that failed (from 1).
    pub(crate) attempt: u32,
    /// The attempt limit of this call.
    pub(crate) max_attempts: u32,
    /// The time since the call started.
    pub(crate) elapsed: Duration,
}

/// Where backoff randomness comes from. Replace it for deterministic tests.
pub trait JitterSource: Send + Sync + 'static {
    /// A duration in `[0, max]`.
    fn sample(&self, max: Duration) -> Duration;
}

/// Uniform "full jitter" in `[0, max]` from a small fast generator
/// (fastrand's wyrand), randomly seeded or seeded by you.
pub struct FullJitter {
    rng: Mutex<fastrand::Rng>,
}

impl FullJitter {
    /// Seeded from the process's random state.
    pub fn new() -> Self {
        Self {
            rng: Mutex::new(fastrand::Rng::new()),
        }
    }

    /// Seeded with `seed`: the same seed gives the same waits.
    pub fn seeded(seed: u64) -> Self {
        Self {
            rng: Mutex::new(fastrand::Rng::with_seed(seed)),
        }
    }
}

impl Default for FullJitter {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for FullJitter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FullJitter").finish_non_exhaustive()
    }
}

impl JitterSource for FullJitter {
    fn sample(&self, max: Duration) -> Duration {
        let max_nanos = u64::try_from(max.as_nanos()).unwrap_or(u64::MAX);
        let mut rng = self.rng.lock().unwrap_or_else(PoisonError::into_inner);
        Duration::from_nanos(rng.u64(0..=max_nanos))
    }
}

/// No randomness: always the full backoff ceiling. Makes waits exact
/// (useful in tests; in production, jitter spreads out retries of many
/// clients).
#[derive(Clone, Copy, Debug, Default)]
pub struct NoJitter;

impl JitterSource for NoJitter {
    fn sample(&self, max: Duration) -> Duration {
        max
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transport::TransportError;

    fn api(status: u16) -> Error {
        Error::Api {
            status: StatusCode::from_u16(status).unwrap(),
            message: String::new(),
            call: Default::default(),
        }
    }

    fn transport(kind: TransportErrorKind) -> Error {
        Error::Transport(TransportError::from_kind(kind))
    }

    fn limited(retry_after: Option<u64>) -> Error {
        Error::RateLimited {
            code: "API_TOKEN_LIMIT_EXCEEDED".into(),
            message: String::new(),
            retry_after: retry_after.map(Duration::from_secs),
            call: Default::default(),
        }
    }

    #[test]
    fn which_failures_are_retried() {
        use Method::*;
        for status in [500, 502, 503, 504] {
            for method in [Get, Put, Delete] {
                assert!(RetryPolicy::is_retryable(&api(status), method, false));
            }
            assert!(!RetryPolicy::is_retryable(&api(status), Post, false));
            assert!(RetryPolicy::is_retryable(&api(status), Post, true));
        }
        for status in [400, 401, 403, 404, 422, 501] {
            assert!(!RetryPolicy::is_retryable(&api(status), Get, true));
        }
        assert!(RetryPolicy::is_retryable(
            &transport(TransportErrorKind::Connect),
            Post,
            false
        ));
        for kind in [TransportErrorKind::Timeout, TransportErrorKind::Io] {
            assert!(RetryPolicy::is_retryable(&transport(kind), Get, false));
            assert!(!RetryPolicy::is_retryable(&transport(kind), Post, false));
            assert!(RetryPolicy::is_retryable(&transport(kind), Post, true));
        }
        assert!(!RetryPolicy::is_retryable(
            &transport(TransportErrorKind::Other),
            Get,
            true
        ));
        assert!(RetryPolicy::is_retryable(&limited(None), Post, false));
        assert!(!RetryPolicy::is_retryable(&Error::InvalidToken, Get, true));
        assert!(!RetryPolicy::is_retryable(
            &Error::invalid_input("x"),
            Get,
            true
        ));
    }

    #[test]
    fn exponential_ceiling_is_capped() {
        let policy = RetryPolicy::default()
            .initial_backoff(Duration::from_millis(100))
            .max_backoff(Duration::from_secs(1));
        let ceilings: Vec<_> = (1..=6).map(|a| policy.backoff_ceiling(a)).collect();
        assert_eq!(
            ceilings,
            [100, 200, 400, 800, 1000, 1000].map(Duration::from_millis)
        );
        assert_eq!(policy.backoff_ceiling(u32::MAX), Duration::from_secs(1));
    }

    #[test]
    fn budget_and_retry_after() {
        let policy = RetryPolicy::default()
            .max_attempts(3)
            .initial_backoff(Duration::from_secs(1))
            .max_elapsed(Duration::from_secs(5))
            .max_retry_after(Duration::from_secs(30));
        let delay = |err: &Error, attempt, elapsed| {
            policy.next_delay(
                err,
                Method::Get,
                false,
                Progress {
                    attempt,
                    max_attempts: 3,
                    elapsed: Duration::from_secs(elapsed),
                },
                &NoJitter,
            )
        };
        assert_eq!(delay(&api(503), 1, 0), Some(Duration::from_secs(1)));
        assert_eq!(delay(&api(503), 2, 0), Some(Duration::from_secs(2)));
        assert_eq!(delay(&api(503), 3, 0), None, "attempt budget");
        assert_eq!(delay(&api(503), 2, 4), None, "time budget");
        assert_eq!(delay(&limited(Some(3)), 1, 0), Some(Duration::from_secs(3)));
        assert_eq!(delay(&limited(Some(31)), 1, 0), None, "Retry-After cap");
        assert_eq!(delay(&limited(Some(6)), 1, 0), None, "over the time budget");
        assert_eq!(delay(&limited(None), 1, 0), Some(Duration::from_secs(1)));
        assert_eq!(delay(&api(404), 1, 0), None);
    }

    #[test]
    fn full_jitter_stays_in_range_and_is_seedable() {
        let max = Duration::from_millis(800);
        let a = FullJitter::seeded(7);
        let b = FullJitter::seeded(7);
        let draws: Vec<_> = (0..200).map(|_| a.sample(max)).collect();
        assert!(draws.iter().all(|d| *d <= max));
        assert!(draws.iter().any(|d| *d < max / 2) && draws.iter().any(|d| *d > max / 2));
        assert_eq!(draws, (0..200).map(|_| b.sample(max)).collect::<Vec<_>>());
        assert_eq!(FullJitter::new().sample(Duration::ZERO), Duration::ZERO);
        assert_eq!(NoJitter.sample(max), max);
    }
}
