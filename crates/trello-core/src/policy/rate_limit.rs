//! Proactive rate limiting: stay under Trello's limits before it answers
//! 429, and learn from the `x-rate-limit-*` headers it sends.
//!
//! Trello's documented limits: 300 requests per 10 s per API key, 100 per
//! 10 s per token, and 100 per 900 s for `/1/members/{id}` (nested routes
//! such as `/1/members/me/boards` do not count against it). `/1/search` and
//! `/1/search/members` are "much stricter" without a published number; this
//! SDK applies the members window to them too.

use std::{
    fmt,
    num::NonZeroU32,
    sync::{
        Arc,
        atomic::{AtomicU64, Ordering},
    },
    time::Duration,
};

use governor::{
    Quota, RateLimiter as Gcra,
    clock::Clock as GovernorClock,
    middleware::NoOpMiddleware,
    state::{InMemoryState, NotKeyed},
};
use http::HeaderMap;

use super::clock::{SharedClock, Sleeper};

/// At most `max` requests in any interval of `per`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window {
    max: NonZeroU32,
    per: Duration,
}

impl Window {
    /// `max` requests per `per`; `None` when `max` is 0 or `per` is zero.
    pub fn new(max: u32, per: Duration) -> Option<Self> {
        let max = NonZeroU32::new(max)?;
        (!per.is_zero()).then_some(Self { max, per })
    }

    /// The request count.
    pub fn max(&self) -> u32 {
        self.max.get()
    }

    /// The interval.
    pub fn per(&self) -> Duration {
        self.per
    }

    /// The GCRA quota that never lets more than `max` requests through in
    /// any interval of `per`: a small burst (a twentieth of the window, at
    /// least one), the rest spread evenly over the interval, so a long job
    /// sustains 95% of the allowed rate. (A plain "`max` per `per`" quota
    /// would allow a full burst plus a full refill in the first interval,
    /// twice what Trello allows; a burst of half the window would sustain
    /// only half the rate, as the rate-limit benchmark measured.)
    fn quota(&self) -> Quota {
        let max = self.max.get();
        let burst = (max / 20).max(1);
        let refill = max - burst;
        let burst = NonZeroU32::new(burst).unwrap_or(NonZeroU32::MIN);
        let period = if refill == 0 {
            self.per
        } else {
            // Round up so the refill never exceeds `refill` per interval.
            let nanos = self.per.as_nanos().div_ceil(u128::from(refill));
            Duration::from_nanos(u64::try_from(nanos).unwrap_or(u64::MAX))
        };
        Quota::with_period(period)
            .unwrap_or_else(|| Quota::per_hour(NonZeroU32::MIN))
            .allow_burst(burst)
    }
}

/// What the client's rate limiter enforces.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RateLimitConfig {
    key: Option<Window>,
    token: Option<Window>,
    members: Option<Window>,
    search: Option<Window>,
    adapt_to_headers: bool,
    max_header_pause: Duration,
}

const TEN_SECONDS: Duration = Duration::from_secs(10);
const FIFTEEN_MINUTES: Duration = Duration::from_secs(900);

impl Default for RateLimitConfig {
    /// Trello's documented limits: 300 / 10 s per key, 100 / 10 s per token,
    /// 100 / 900 s for `/members/{id}`, and the same for the search routes;
    /// headers are followed, pausing at most 15 minutes (the members
    /// window).
    fn default() -> Self {
        Self {
            key: Window::new(300, TEN_SECONDS),
            token: Window::new(100, TEN_SECONDS),
            members: Window::new(100, FIFTEEN_MINUTES),
            search: Window::new(100, FIFTEEN_MINUTES),
            adapt_to_headers: true,
            max_header_pause: FIFTEEN_MINUTES,
        }
    }
}

impl RateLimitConfig {
    /// The defaults (see [`RateLimitConfig::default`]).
    pub fn new() -> Self {
        Self::default()
    }

    /// No proactive limiting and no header adaptation: every call goes out
    /// at once (429 answers are still retried by the retry policy).
    pub fn disabled() -> Self {
        Self {
            key: None,
            token: None,
            members: None,
            search: None,
            adapt_to_headers: false,
            max_header_pause: Duration::ZERO,
        }
    }

    /// The window for all calls with this client's API key (`None`: off).
    pub fn per_key(mut self, window: Option<Window>) -> Self {
        self.key = window;
        self
    }

    /// The window for all calls with this client's token (`None`: off).
    pub fn per_token(mut self, window: Option<Window>) -> Self {
        self.token = window;
        self
    }

    /// The window for `/members/{id}` (`None`: off).
    pub fn members(mut self, window: Option<Window>) -> Self {
        self.members = window;
        self
    }

    /// The window for `/search` and `/search/members` (`None`: off).
    pub fn search(mut self, window: Option<Window>) -> Self {
        self.search = window;
        self
    }

    /// Whether to pause when an `x-rate-limit-*-remaining` header says 0 or
    /// a 429 says when to come back (default on), and the longest such
    /// pause.
    pub fn adapt_to_headers(mut self, adapt: bool, max_pause: Duration) -> Self {
        self.adapt_to_headers = adapt;
        self.max_header_pause = max_pause;
        self
    }
}

/// Which special window a route falls under.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RouteClass {
    /// `/members/{id}` exactly.
    Members,
    /// `/search`, `/search/members`.
    Search,
    /// Everything else.
    Other,
}

impl RouteClass {
    /// Classifies a route template or path relative to the API base.
    pub(crate) fn of(route: &str) -> Self {
        let mut segments = route.trim_matches('/').split('/');
        match (segments.next(), segments.next(), segments.next()) {
            (Some("members"), Some(id), None) if !id.is_empty() => Self::Members,
            (Some("search"), _, _) => Self::Search,
            _ => Self::Other,
        }
    }
}

/// Governor's view of our [`Clock`](super::Clock).
#[derive(Clone)]
struct LimiterClock(SharedClock);

impl GovernorClock for LimiterClock {
    type Instant = Duration;
    fn now(&self) -> Duration {
        self.0.now()
    }
}

type Limiter = Gcra<NotKeyed, InMemoryState, LimiterClock, NoOpMiddleware<Duration>>;

/// The limiter state a client and all its clones share.
pub(crate) struct RateLimiter {
    clock: SharedClock,
    key: Option<Limiter>,
    token: Option<Limiter>,
    members: Option<Limiter>,
    search: Option<Limiter>,
    adapt: bool,
    max_pause: Duration,
    /// Nanoseconds on `clock` before which no call may go out.
    paused_until: AtomicU64,
    /// Same, for `/members/{id}` only (the member window ran dry).
    members_paused_until: AtomicU64,
}

impl fmt::Debug for RateLimiter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RateLimiter")
            .field("key", &self.key.is_some())
            .field("token", &self.token.is_some())
            .field("members", &self.members.is_some())
            .field("search", &self.search.is_some())
            .field("adapt", &self.adapt)
            .finish_non_exhaustive()
    }
}

fn nanos(d: Duration) -> u64 {
    u64::try_from(d.as_nanos()).unwrap_or(u64::MAX)
}

impl RateLimiter {
    pub(crate) fn new(config: &RateLimitConfig, clock: SharedClock) -> Arc<Self> {
        let make = |window: Option<Window>| {
            window.map(|w| Gcra::direct_with_clock(w.quota(), LimiterClock(clock.clone())))
        };
        Arc::new(Self {
            key: make(config.key),
            token: make(config.token),
            members: make(config.members),
            search: make(config.search),
            adapt: config.adapt_to_headers,
            max_pause: config.max_header_pause,
            paused_until: AtomicU64::new(0),
            members_paused_until: AtomicU64::new(0),
            clock,
        })
    }

    /// Waits until a call on `class` may go out, and takes its place in
    /// every window that applies. Returns the time waited.
    pub(crate) async fn acquire(&self, class: RouteClass, sleeper: &dyn Sleeper) -> Duration {
        let mut waited = Duration::ZERO;
        let pauses: &[&AtomicU64] = match class {
            RouteClass::Members => &[&self.paused_until, &self.members_paused_until],
            _ => &[&self.paused_until],
        };
        for pause in pauses {
            let until = Duration::from_nanos(pause.load(Ordering::Acquire));
            let now = self.clock.now();
            if until > now {
                let wait = until - now;
                tracing::debug!(
                    wait_ms = wait.as_millis() as u64,
                    "rate limit: pausing as Trello asked"
                );
                sleeper.sleep(wait).await;
                waited += wait;
            }
        }
        let special = match class {
            RouteClass::Members => self.members.as_ref(),
            RouteClass::Search => self.search.as_ref(),
            RouteClass::Other => None,
        };
        for limiter in [self.key.as_ref(), self.token.as_ref(), special]
            .into_iter()
            .flatten()
        {
            while let Err(not_until) = limiter.check() {
                let wait = not_until.wait_time_from(self.clock.now());
                // Another task may have taken the cell between the check
                // and now; wait at least a millisecond so a clock that does
                // not move cannot make this spin.
                let wait = wait.max(Duration::from_millis(1));
                tracing::debug!(
                    wait_ms = wait.as_millis() as u64,
                    "rate limit: waiting for a slot"
                );
                sleeper.sleep(wait).await;
                waited += wait;
            }
        }
        waited
    }

    /// Learns from an answer's headers: a window with 0 remaining pauses
    /// calls for its interval.
    pub(crate) fn observe(&self, headers: &HeaderMap) {
        if !self.adapt {
            return;
        }
        for window in parse_rate_limit_headers(headers).windows {
            if window.remaining != Some(0) {
                continue;
            }
            let pause = window.interval.unwrap_or(TEN_SECONDS);
            let target = if window.scope.contains("member") {
                &self.members_paused_until
            } else {
                &self.paused_until
            };
            tracing::debug!(
                scope = %window.scope,
                pause_ms = pause.as_millis() as u64,
                "rate limit: window exhausted"
            );
            self.pause(target, pause);
        }
    }

    /// Pauses every call for `wait` (a 429's `Retry-After`).
    pub(crate) fn pause_all(&self, wait: Duration) {
        if self.adapt {
            self.pause(&self.paused_until, wait);
        }
    }

    fn pause(&self, target: &AtomicU64, wait: Duration) {
        let until = self.clock.now().saturating_add(wait.min(self.max_pause));
        target.fetch_max(nanos(until), Ordering::AcqRel);
    }
}

/// One rate-limit window as described by `x-rate-limit-{scope}-*` headers.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HeaderWindow {
    /// The scope named in the headers, e.g. `api-token`, `api-key`, `member`.
    pub scope: String,
    /// `x-rate-limit-{scope}-max`.
    pub max: Option<u64>,
    /// `x-rate-limit-{scope}-remaining`.
    pub remaining: Option<u64>,
    /// `x-rate-limit-{scope}-interval-ms`.
    pub interval: Option<Duration>,
}

/// Everything the `x-rate-limit-*` headers of an answer said.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RateLimitHeaders {
    /// One entry per scope, in the order first seen.
    pub windows: Vec<HeaderWindow>,
}

impl RateLimitHeaders {
    /// The window of `scope` (e.g. `api-token`), if the headers named it.
    pub fn window(&self, scope: &str) -> Option<&HeaderWindow> {
        self.windows.iter().find(|w| w.scope == scope)
    }
}

/// The most scopes kept from one answer (a hostile server could send many).
const MAX_SCOPES: usize = 8;

/// Parses the `x-rate-limit-{scope}-{max|remaining|interval-ms}` headers of
/// an answer. Values that are not plain non-negative integers are ignored;
/// nothing here fails or panics, whatever the server sent.
pub fn parse_rate_limit_headers(headers: &HeaderMap) -> RateLimitHeaders {
    const PREFIX: &str = "x-rate-limit-";
    let mut out = RateLimitHeaders::default();
    for (name, value) in headers {
        let Some(rest) = name.as_str().strip_prefix(PREFIX) else {
            continue;
        };
        let (scope, field) = if let Some(scope) = rest.strip_suffix("-interval-ms") {
            (scope, Field::Interval)
        } else if let Some(scope) = rest.strip_suffix("-remaining") {
            (scope, Field::Remaining)
        } else if let Some(scope) = rest.strip_suffix("-max") {
            (scope, Field::Max)
        } else {
            continue;
        };
        if scope.is_empty() {
            continue;
        }
        let Some(number) = value
            .to_str()
            .ok()
            .and_then(|v| v.trim().parse::<u64>().ok())
        else {
            continue;
        };
        let index = match out.windows.iter().position(|w| w.scope == scope) {
            Some(index) => index,
            None if out.windows.len() < MAX_SCOPES => {
                out.windows.push(HeaderWindow {
                    scope: scope.to_owned(),
                    ..HeaderWindow::default()
                });
                out.windows.len() - 1
            }
            None => continue,
        };
        let window = &mut out.windows[index];
        match field {
            Field::Max => window.max = Some(number),
            Field::Remaining => window.remaining = Some(number),
            Field::Interval => window.interval = Some(Duration::from_millis(number)),
        }
    }
    out
}

enum Field {
    Max,
    Remaining,
    Interval,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::clock::{Clock, FakeClock};

    #[test]
    fn route_classes() {
        assert_eq!(RouteClass::of("/members/{id}"), RouteClass::Members);
        assert_eq!(RouteClass::of("/members/me"), RouteClass::Members);
        assert_eq!(RouteClass::of("/members/me/boards"), RouteClass::Other);
        assert_eq!(RouteClass::of("/members"), RouteClass::Other);
        assert_eq!(RouteClass::of("/search"), RouteClass::Search);
        assert_eq!(RouteClass::of("/search/members"), RouteClass::Search);
        assert_eq!(RouteClass::of("/boards/{id}"), RouteClass::Other);
    }

    /// Sends `n` calls as fast as the limiter allows and returns their times.
    async fn greedy(config: RateLimitConfig, class: RouteClass, n: usize) -> Vec<Duration> {
        let clock = FakeClock::new();
        let limiter = RateLimiter::new(&config, Arc::new(clock.clone()));
        let mut times = Vec::with_capacity(n);
        for _ in 0..n {
            limiter.acquire(class, &clock).await;
            times.push(clock.now());
        }
        times
    }

    fn max_in_any_window(times: &[Duration], per: Duration) -> usize {
        (0..times.len())
            .map(|i| {
                times[i..]
                    .iter()
                    .take_while(|t| **t < times[i] + per)
                    .count()
            })
            .max()
            .unwrap_or(0)
    }

    /// At most `max` in any window, and no more than one short of it (the
    /// limiter uses what Trello allows).
    #[track_caller]
    fn assert_uses_window(times: &[Duration], per: Duration, max: usize) {
        let seen = max_in_any_window(times, per);
        assert!(
            seen <= max && seen + 1 >= max,
            "{seen} in a window of {max}"
        );
    }

    #[tokio::test]
    async fn never_more_than_the_window_allows() {
        let times = greedy(RateLimitConfig::default(), RouteClass::Other, 1000).await;
        // The token window (100 per 10 s) binds first.
        assert_uses_window(&times, TEN_SECONDS, 100);
        // The first 5 go out at once: the burst, a twentieth of the window.
        assert_eq!(times.iter().filter(|t| t.is_zero()).count(), 5);
        // The rest at 95 per 10 s: a long job uses 95% of what Trello allows.
        let last = times.last().copied().unwrap_or_default();
        let sustained = Duration::from_secs_f64(995.0 / 95.0 * 10.0);
        assert!(
            last <= sustained + Duration::from_secs(1)
                && last + Duration::from_secs(1) >= sustained,
            "1000 calls took {last:?}; expected about {sustained:?}"
        );

        let key_only = RateLimitConfig::default().per_token(None);
        let times = greedy(key_only, RouteClass::Other, 1000).await;
        assert_uses_window(&times, TEN_SECONDS, 300);

        let times = greedy(RateLimitConfig::default(), RouteClass::Members, 150).await;
        assert_uses_window(&times, FIFTEEN_MINUTES, 100);
        let times = greedy(RateLimitConfig::default(), RouteClass::Search, 150).await;
        assert_uses_window(&times, FIFTEEN_MINUTES, 100);
    }

    #[tokio::test]
    async fn disabled_never_waits() {
        let times = greedy(RateLimitConfig::disabled(), RouteClass::Members, 1000).await;
        assert!(times.iter().all(|t| t.is_zero()));
    }

    #[tokio::test]
    async fn exhausted_headers_pause_the_next_call() {
        let clock = FakeClock::new();
        let limiter = RateLimiter::new(
            &RateLimitConfig::disabled().adapt_to_headers(true, FIFTEEN_MINUTES),
            Arc::new(clock.clone()),
        );
        let mut headers = HeaderMap::new();
        headers.insert("x-rate-limit-api-token-remaining", "0".parse().unwrap());
        headers.insert(
            "x-rate-limit-api-token-interval-ms",
            "10000".parse().unwrap(),
        );
        limiter.observe(&headers);
        assert_eq!(
            limiter.acquire(RouteClass::Other, &clock).await,
            TEN_SECONDS
        );
        assert_eq!(
            limiter.acquire(RouteClass::Other, &clock).await,
            Duration::ZERO
        );

        let mut member = HeaderMap::new();
        member.insert("x-rate-limit-member-remaining", "0".parse().unwrap());
        member.insert(
            "x-rate-limit-member-interval-ms",
            "99999999999".parse().unwrap(),
        );
        limiter.observe(&member);
        assert_eq!(
            limiter.acquire(RouteClass::Other, &clock).await,
            Duration::ZERO
        );
        assert_eq!(
            limiter.acquire(RouteClass::Members, &clock).await,
            FIFTEEN_MINUTES,
            "capped at the longest pause"
        );

        limiter.pause_all(Duration::from_secs(3));
        assert_eq!(
            limiter.acquire(RouteClass::Search, &clock).await,
            Duration::from_secs(3)
        );
    }

    #[tokio::test]
    async fn headers_are_ignored_when_adaptation_is_off() {
        let clock = FakeClock::new();
        let limiter = RateLimiter::new(&RateLimitConfig::disabled(), Arc::new(clock.clone()));
        let mut headers = HeaderMap::new();
        headers.insert("x-rate-limit-api-key-remaining", "0".parse().unwrap());
        limiter.observe(&headers);
        limiter.pause_all(TEN_SECONDS);
        assert_eq!(
            limiter.acquire(RouteClass::Other, &clock).await,
            Duration::ZERO
        );
    }

    #[test]
    fn parses_trello_headers() {
        let mut headers = HeaderMap::new();
        for (name, value) in [
            ("x-rate-limit-api-token-interval-ms", "10000"),
            ("x-rate-limit-api-token-max", "100"),
            ("x-rate-limit-api-token-remaining", "99"),
            ("x-rate-limit-api-key-interval-ms", "10000"),
            ("x-rate-limit-api-key-max", "300"),
            ("x-rate-limit-api-key-remaining", " 0 "),
            ("x-rate-limit-member-remaining", "-1"),
            ("x-rate-limit--max", "5"),
            ("x-rate-limit-api-key-other", "1"),
            ("content-type", "application/json"),
        ] {
            headers.insert(http::HeaderName::from_static(name), value.parse().unwrap());
        }
        let parsed = parse_rate_limit_headers(&headers);
        assert_eq!(parsed.windows.len(), 2, "{parsed:?}");
        let token = parsed.window("api-token").unwrap();
        assert_eq!(token.max, Some(100));
        assert_eq!(token.remaining, Some(99));
        assert_eq!(token.interval, Some(TEN_SECONDS));
        let key = parsed.window("api-key").unwrap();
        assert_eq!(key.remaining, Some(0));
        assert!(parsed.window("member").is_none());
    }

    #[test]
    fn window_rejects_empty_limits() {
        assert!(Window::new(0, TEN_SECONDS).is_none());
        assert!(Window::new(1, Duration::ZERO).is_none());
        let one = Window::new(1, TEN_SECONDS).unwrap();
        assert_eq!((one.max(), one.per()), (1, TEN_SECONDS));
    }
}
