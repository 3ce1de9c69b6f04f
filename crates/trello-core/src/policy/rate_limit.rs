//! Proactive rate limiting: stay under Trello's limits before it answers
//! 429, and learn from the `x-rate-limit-*` headers it sends.
//!
//! Trello's documented limits: 300 requests per 10 s per API key, 100 per
//! 10 s per token, and 100 per 900 s for `/1/members/{id}` (nested routes
//! such as `/1/members/me/boards` do not count against it). `/1/search` and
//! `/1/search/members` are "much stricter" without a published number; this
//! SDK applies the members window to them too.

use std::{fmt, num::NonZeroU32, sync::Arc, time::Duration};

use http::HeaderMap;

use super::{
    clock::Sleeper,
    store::{Acquire, GrantId, Lesson, Limit, LimitId, LimitScope, RateLimitStore, WaitCause},
};
use crate::{
    Auth, Error,
    transport::{TransportError, TransportErrorKind},
};

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
}

/// What the client's rate limiter enforces.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RateLimitConfig {
    key: Option<Window>,
    token: Option<Window>,
    members: Option<Window>,
    search: Option<Window>,
    retry_budget: Option<Window>,
    safety_margin: Option<Duration>,
    adapt_to_headers: bool,
    max_header_pause: Duration,
}

const TEN_SECONDS: Duration = Duration::from_secs(10);
const FIFTEEN_MINUTES: Duration = Duration::from_secs(900);

impl Default for RateLimitConfig {
    /// Trello's documented limits: 300 / 10 s per key, 100 / 10 s per token,
    /// 100 / 900 s for `/members/{id}`, and the same for the search routes;
    /// 20 retries of 429 answers per 10 s per key (a tenth of the 200 after
    /// which Trello blocks the key); the automatic safety margin (see
    /// [`RateLimitConfig::safety_margin`]); headers and 429s are learned
    /// from, a pause lasting at most the window of the limit that tripped.
    fn default() -> Self {
        Self {
            key: Window::new(300, TEN_SECONDS),
            token: Window::new(100, TEN_SECONDS),
            members: Window::new(100, FIFTEEN_MINUTES),
            search: Window::new(100, FIFTEEN_MINUTES),
            retry_budget: Window::new(20, TEN_SECONDS),
            safety_margin: None,
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
            retry_budget: None,
            safety_margin: None,
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

    /// The budget of retries after a 429, shared by every client of the
    /// same API key in the store (`None`: unlimited). When it is spent, a
    /// 429 is returned to the caller instead of retried: past 200 429s per
    /// key in 10 s Trello answers 429 to everything of the key for the rest
    /// of the window, so retry storms must stay well below that.
    pub fn retry_budget(mut self, window: Option<Window>) -> Self {
        self.retry_budget = window;
        self
    }

    /// How much longer than Trello's window a grant is counted (`None`,
    /// the default: a two-hundredth of the window, between 5 ms and 250 ms,
    /// i.e. 50 ms for 10 s windows: a long job gets 0.995 of the allowed
    /// rate). Latency needs none of it: each grant is counted again from
    /// when its answer came (after Trello counted the request), so a slot
    /// never frees before Trello's does. The margin covers what that cannot
    /// see: a request cut off by its timeout that still reaches Trello
    /// later, and the clock rates of the store's machine and Trello's over
    /// a window. Calls through a store that does not settle grants count
    /// from their grant, and then the margin must also cover the time a
    /// request takes to reach Trello.
    pub fn safety_margin(mut self, margin: Option<Duration>) -> Self {
        self.safety_margin = margin;
        self
    }

    /// Whether to learn from `x-rate-limit-*-remaining` headers and 429
    /// answers (default on), and the longest pause a 429 may cause (it is
    /// also never longer than the window of the limit that tripped).
    pub fn adapt_to_headers(mut self, adapt: bool, max_pause: Duration) -> Self {
        self.adapt_to_headers = adapt;
        self.max_header_pause = max_pause;
        self
    }

    /// The margin added to `window` (see [`RateLimitConfig::safety_margin`]).
    pub fn margin_for(&self, window: Duration) -> Duration {
        self.safety_margin.unwrap_or_else(|| {
            (window / 200).clamp(Duration::from_millis(5), Duration::from_millis(250))
        })
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

/// A call's place in its limits, from [`RateLimiter::acquire`] until its
/// answer is in ([`RateLimiter::settle`]).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Grant {
    class: RouteClass,
    /// The store's name for it (`None`: no limit applied, nothing logged).
    id: Option<GrantId>,
}
impl Grant {
    /// The grant of a call no limit counts (nothing to settle).
    pub(crate) const NONE: Self = Self {
        class: RouteClass::Other,
        id: None,
    };
}

/// The limits of one client, named in its store.
#[derive(Clone, Copy, Debug)]
struct Limits {
    key: Option<(Limit, Window)>,
    token: Option<(Limit, Window)>,
    members: Option<(Limit, Window)>,
    search: Option<(Limit, Window)>,
    retry: Option<Limit>,
}

/// The limiter state a client and all its clones share; the counts live in
/// its [`RateLimitStore`], shared with every client of the same store.
pub(crate) struct RateLimiter {
    store: Arc<dyn RateLimitStore>,
    limits: Limits,
    adapt: bool,
    max_pause: Duration,
}

impl fmt::Debug for RateLimiter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RateLimiter")
            .field("store", &self.store)
            .field("key", &self.limits.key.is_some())
            .field("token", &self.limits.token.is_some())
            .field("members", &self.limits.members.is_some())
            .field("search", &self.limits.search.is_some())
            .field("adapt", &self.adapt)
            .finish_non_exhaustive()
    }
}

/// The keyed-hash owners of a client's limits: (key, token).
fn owners(
    store: &dyn RateLimitStore,
    auth: &Auth,
) -> (super::CredentialDigest, super::CredentialDigest) {
    let hasher = store.hasher();
    let pair = |key: &str, token: &str| {
        (
            hasher.digest("key", &[key.as_bytes()]),
            hasher.digest("token", &[key.as_bytes(), token.as_bytes()]),
        )
    };
    #[allow(unreachable_patterns)]
    match auth {
        Auth::KeyToken { credentials, .. } => {
            pair(credentials.key().expose(), credentials.token().expose())
        }
        Auth::OAuth1(signer) => {
            let credentials = signer.credentials();
            pair(
                credentials.consumer_key().expose(),
                credentials.token().expose(),
            )
        }
        Auth::None => pair("", ""),
        // A scheme this limiter does not know the owner of: limits of this
        // client alone (a random owner), as before the store existed.
        _ => {
            let unique = fastrand::u64(..).to_le_bytes();
            let digest = hasher.digest("unknown", &[&unique]);
            (digest, digest)
        }
    }
}

fn scope_of(scope_name: &str) -> Option<LimitScope> {
    let name = scope_name.to_ascii_lowercase();
    if name.contains("member") {
        Some(LimitScope::Members)
    } else if name.contains("token") {
        Some(LimitScope::Token)
    } else if name.contains("key") {
        Some(LimitScope::Key)
    } else {
        None
    }
}

fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

impl RateLimiter {
    /// The limiter of a client authenticating with `auth`, counting in
    /// `store`.
    pub(crate) fn new(
        config: &RateLimitConfig,
        store: Arc<dyn RateLimitStore>,
        auth: &Auth,
    ) -> Arc<Self> {
        let (key_owner, token_owner) = owners(store.as_ref(), auth);
        let limit = |scope, owner, window: Option<Window>| {
            window.map(|w| {
                (
                    Limit {
                        id: LimitId { scope, owner },
                        max: w.max(),
                        window: w.per().saturating_add(config.margin_for(w.per())),
                    },
                    w,
                )
            })
        };
        let limits = Limits {
            key: limit(LimitScope::Key, key_owner, config.key),
            token: limit(LimitScope::Token, token_owner, config.token),
            members: limit(LimitScope::Members, token_owner, config.members),
            search: limit(LimitScope::Search, token_owner, config.search),
            // No margin: the budget is ours, not Trello's.
            retry: config.retry_budget.map(|w| Limit {
                id: LimitId {
                    scope: LimitScope::RetryBudget,
                    owner: key_owner,
                },
                max: w.max(),
                window: w.per(),
            }),
        };
        Arc::new(Self {
            store,
            limits,
            adapt: config.adapt_to_headers,
            max_pause: config.max_header_pause,
        })
    }

    /// Whether any limit counts calls. Without one, [`Self::acquire`],
    /// [`Self::settle`] and [`Self::observe`] have nothing to do, and the
    /// pipeline skips them (and working out the route's class).
    pub(crate) fn counts_calls(&self) -> bool {
        let Limits {
            key,
            token,
            members,
            search,
            retry: _,
        } = &self.limits;
        key.is_some() || token.is_some() || members.is_some() || search.is_some()
    }

    /// The limits a call on `class` counts against.
    fn for_class(&self, class: RouteClass) -> impl Iterator<Item = &(Limit, Window)> {
        let special = match class {
            RouteClass::Members => self.limits.members.as_ref(),
            RouteClass::Search => self.limits.search.as_ref(),
            RouteClass::Other => None,
        };
        [
            self.limits.key.as_ref(),
            self.limits.token.as_ref(),
            special,
        ]
        .into_iter()
        .flatten()
    }

    fn by_scope(&self, scope: LimitScope) -> Option<&(Limit, Window)> {
        match scope {
            LimitScope::Key => self.limits.key.as_ref(),
            LimitScope::Token => self.limits.token.as_ref(),
            LimitScope::Members => self.limits.members.as_ref(),
            LimitScope::Search => self.limits.search.as_ref(),
            _ => None,
        }
    }

    /// Waits until a call on `class` may go out and takes its place in
    /// every limit that applies (all at once). The grant it returns is
    /// settled once the call's answer (or failure) is in.
    ///
    /// `time_left`: what remains of the call's deadline. A wait longer than
    /// that fails at once with [`Error::RateLimited`] saying how long the
    /// limit needs, instead of timing out after waiting.
    pub(crate) async fn acquire(
        &self,
        class: RouteClass,
        sleeper: &dyn Sleeper,
        time_left: Option<Duration>,
    ) -> Result<Grant, Error> {
        let limits: Vec<Limit> = self.for_class(class).map(|(limit, _)| *limit).collect();
        if limits.is_empty() {
            return Ok(Grant { class, id: None });
        }
        let id = GrantId::next();
        let mut waited = Duration::ZERO;
        loop {
            let answer = self.store.try_acquire(&limits, id).await.map_err(|err| {
                tracing::debug!(error = %err, "rate limit: the store could not decide");
                Error::Transport(TransportError::new(TransportErrorKind::Other, err))
            })?;
            let (wait, cause) = match answer {
                Acquire::Granted => {
                    return Ok(Grant {
                        class,
                        id: Some(id),
                    });
                }
                Acquire::Wait { wait, cause } => (wait, cause),
            };
            if let Some(left) = time_left {
                let left = left.saturating_sub(waited);
                if wait > left {
                    return Err(self.too_long(wait, cause, left));
                }
            }
            // A store whose clock has not moved (or a race with another
            // caller) must not make this spin: wait at least a millisecond.
            let wait = wait.max(Duration::from_millis(1));
            tracing::debug!(
                wait_ms = millis(wait),
                limit = %cause.scope(),
                paused = matches!(cause, WaitCause::Paused(_)),
                "rate limit: waiting"
            );
            sleeper.sleep(wait).await;
            waited = waited.saturating_add(wait);
        }
    }

    fn too_long(&self, wait: Duration, cause: WaitCause, left: Duration) -> Error {
        let scope = cause.scope();
        let what = match self.by_scope(scope) {
            Some((_, window)) => format!(
                "the {scope} limit ({} requests per {:?})",
                window.max(),
                window.per()
            ),
            None => format!("the {scope} limit"),
        };
        let (code, message) = match cause {
            WaitCause::Paused(_) => (
                "CLIENT_PAUSED",
                format!(
                    "Trello asked (a 429) to wait {wait:?} before the next call on {what}; \
                     this call's deadline leaves {left:?}, so it was not sent; retry after the \
                     pause or give the call a longer timeout"
                ),
            ),
            _ => (
                "CLIENT_WINDOW_FULL",
                format!(
                    "{what} has no free slot for {wait:?}; this call's deadline leaves {left:?}, \
                     so it was not sent; retry later or give the call a longer timeout"
                ),
            ),
        };
        Error::RateLimited {
            code: code.to_owned(),
            message,
            retry_after: Some(wait),
            call: Box::default(),
        }
    }

    /// Learns from an answer to a call on `class`: the
    /// `x-rate-limit-*-remaining` headers correct the counts, and a 429
    /// (`rate_limited`: its code and `Retry-After`) pauses the limit that
    /// tripped, for at most that limit's window.
    pub(crate) async fn observe(
        &self,
        class: RouteClass,
        headers: &HeaderMap,
        rate_limited: Option<(&str, Option<Duration>)>,
    ) {
        if !self.adapt {
            return;
        }
        let parsed = parse_rate_limit_headers(headers);
        let mut lessons = Vec::new();
        for window in &parsed.windows {
            let Some(remaining) = window.remaining else {
                continue;
            };
            let Some(scope) = scope_of(&window.scope) else {
                continue;
            };
            let Some((limit, _)) = self.by_scope(scope) else {
                continue;
            };
            if scope == LimitScope::Members && class != RouteClass::Members {
                continue;
            }
            if window.max.is_some_and(|max| remaining > max) {
                tracing::debug!(
                    scope = %window.scope,
                    remaining,
                    "rate limit: ignoring a remaining count above the header's max"
                );
                continue;
            }
            let Ok(remaining) = u32::try_from(remaining) else {
                tracing::debug!(scope = %window.scope, remaining, "rate limit: ignoring a huge remaining count");
                continue;
            };
            lessons.push(Lesson::Remaining {
                limit: *limit,
                remaining,
            });
        }
        if let Some((code, retry_after)) = rate_limited {
            let tripped = self.tripped(class, code, &parsed);
            if let Some((limit, window)) = tripped.and_then(|scope| self.by_scope(scope)) {
                // Without a Retry-After, Trello counts this limit as full:
                // the next slot frees as the window slides on.
                if retry_after.is_none() {
                    lessons.push(Lesson::Remaining {
                        limit: *limit,
                        remaining: 0,
                    });
                }
                if let Some(asked) = retry_after {
                    let bound = window.per().min(self.max_pause);
                    if asked > bound {
                        tracing::debug!(
                            asked_ms = millis(asked),
                            bound_ms = millis(bound),
                            limit = %limit.id.scope,
                            "rate limit: Retry-After longer than the limit's window; pausing for the window"
                        );
                    }
                    lessons.push(Lesson::Pause {
                        limit: *limit,
                        pause: asked.min(bound),
                    });
                }
            }
        }
        if lessons.is_empty() {
            return;
        }
        if let Err(err) = self.store.learn(&lessons).await {
            tracing::debug!(error = %err, "rate limit: the store could not record a lesson");
        }
    }

    /// The limit a 429 is about: named by its code, else by a header that
    /// says 0 remain, else the route's own family, else the token.
    fn tripped(
        &self,
        class: RouteClass,
        code: &str,
        headers: &RateLimitHeaders,
    ) -> Option<LimitScope> {
        let code = code.to_ascii_uppercase();
        if code.contains("TOKEN") {
            return Some(LimitScope::Token);
        }
        if code.contains("KEY") {
            return Some(LimitScope::Key);
        }
        if code.contains("MEMBER") && class == RouteClass::Members {
            return Some(LimitScope::Members);
        }
        let from_headers = headers
            .windows
            .iter()
            .filter(|w| w.remaining == Some(0))
            .filter_map(|w| scope_of(&w.scope))
            .find(|scope| *scope != LimitScope::Members || class == RouteClass::Members);
        from_headers.or(match class {
            RouteClass::Members => Some(LimitScope::Members),
            RouteClass::Search => Some(LimitScope::Search),
            RouteClass::Other => Some(LimitScope::Token),
        })
    }

    /// Tells the store that the answer (or failure) of the call holding
    /// `grant` is in (see [`RateLimitStore::settle`]).
    pub(crate) async fn settle(&self, grant: &Grant) {
        let Some(id) = grant.id else {
            return;
        };
        let limits: Vec<Limit> = self
            .for_class(grant.class)
            .map(|(limit, _)| *limit)
            .collect();
        if limits.is_empty() {
            return;
        }
        if let Err(err) = self.store.settle(&limits, id).await {
            tracing::debug!(error = %err, "rate limit: the store could not settle a grant");
        }
    }

    /// Takes one retry of a 429 from the key's shared retry budget; `false`
    /// when it is spent (the 429 goes back to the caller).
    pub(crate) async fn take_retry(&self) -> bool {
        let Some(limit) = self.limits.retry else {
            return true;
        };
        match self.store.try_acquire(&[limit], GrantId::next()).await {
            Ok(Acquire::Granted) => true,
            Ok(Acquire::Wait { .. }) => {
                tracing::debug!(
                    "rate limit: the key's retry budget for 429s is spent; not retrying"
                );
                false
            }
            Err(err) => {
                tracing::debug!(error = %err, "rate limit: the store could not decide a retry; not retrying");
                false
            }
        }
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

/// The longest interval believed (a day): Trello's longest window is 900 s.
const MAX_INTERVAL_MS: u64 = 86_400_000;

/// Parses a `Retry-After` value: delay-seconds or an HTTP-date (RFC 9110),
/// the date read against `now` (the system time). Negative, non-numeric and
/// unparsable values give `None` (with a debug event); a date in the past
/// gives zero.
pub fn parse_retry_after(value: &str, now: std::time::SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let parsed = chrono::DateTime::parse_from_rfc2822(value)
        .ok()
        .map(|date| date.with_timezone(&chrono::Utc));
    let Some(date) = parsed else {
        tracing::debug!("rate limit: ignoring a Retry-After that is neither seconds nor a date");
        return None;
    };
    let now: chrono::DateTime<chrono::Utc> = now.into();
    Some((date - now).to_std().unwrap_or(Duration::ZERO))
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
            tracing::debug!(
                header = name.as_str(),
                "rate limit: ignoring a header value that is not a non-negative integer"
            );
            continue;
        };
        if matches!(field, Field::Interval) && number > MAX_INTERVAL_MS {
            tracing::debug!(
                header = name.as_str(),
                value = number,
                "rate limit: ignoring an interval longer than any Trello window"
            );
            continue;
        }
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
    use crate::{
        Credentials,
        policy::{
            clock::{Clock, FakeClock},
            in_process::InProcessStore,
        },
    };

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

    fn auth() -> Auth {
        Auth::key_token(Credentials::new("key-canary", "token-canary"))
    }

    fn limiter(config: RateLimitConfig, clock: &FakeClock) -> Arc<RateLimiter> {
        RateLimiter::new(
            &config,
            InProcessStore::new(Arc::new(clock.clone())),
            &auth(),
        )
    }

    /// How long a call on `class` waits for its place.
    async fn waited(limiter: &RateLimiter, class: RouteClass, clock: &FakeClock) -> Duration {
        let before = clock.total_slept();
        limiter.acquire(class, clock, None).await.unwrap();
        clock.total_slept() - before
    }

    /// Sends `n` calls as fast as the limiter allows and returns their times.
    async fn greedy(config: RateLimitConfig, class: RouteClass, n: usize) -> Vec<Duration> {
        let clock = FakeClock::new();
        let limiter = limiter(config, &clock);
        let mut times = Vec::with_capacity(n);
        for _ in 0..n {
            waited(&limiter, class, &clock).await;
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

    #[tokio::test]
    async fn uses_the_whole_window_and_never_more() {
        let times = greedy(RateLimitConfig::default(), RouteClass::Other, 1000).await;
        // The token window (100 per 10 s) binds first: exactly 100 in any
        // 10 s (and in any 10.05 s, the window with its margin).
        assert_eq!(max_in_any_window(&times, TEN_SECONDS), 100);
        assert_eq!(
            max_in_any_window(&times, TEN_SECONDS + Duration::from_millis(50)),
            100
        );
        // A full window at once, then each slot the moment it frees: the
        // 1000th call goes at 9 windows of 10.05 s.
        assert_eq!(times.iter().filter(|t| t.is_zero()).count(), 100);
        assert_eq!(times[999], Duration::from_millis(9 * 10_050));
        let rate = 1000.0 / (times[999].as_secs_f64() + 10.0) * 10.0 / 100.0;
        assert!(rate >= 0.99, "achieved/allowed {rate}");

        let key_only = RateLimitConfig::default().per_token(None);
        let times = greedy(key_only, RouteClass::Other, 1000).await;
        assert_eq!(max_in_any_window(&times, TEN_SECONDS), 300);

        let times = greedy(RateLimitConfig::default(), RouteClass::Members, 150).await;
        assert_eq!(max_in_any_window(&times, FIFTEEN_MINUTES), 100);
        let times = greedy(RateLimitConfig::default(), RouteClass::Search, 150).await;
        assert_eq!(max_in_any_window(&times, FIFTEEN_MINUTES), 100);
    }

    #[tokio::test]
    async fn the_window_edge_is_exact() {
        let clock = FakeClock::new();
        let config = RateLimitConfig::disabled()
            .per_token(Window::new(2, TEN_SECONDS))
            .safety_margin(Some(Duration::from_millis(10)));
        let limiter = limiter(config, &clock);
        waited(&limiter, RouteClass::Other, &clock).await;
        clock.advance(Duration::from_secs(3));
        waited(&limiter, RouteClass::Other, &clock).await;
        // Grants at 0 and 3 s; the first leaves the window at 10.01 s.
        assert_eq!(
            waited(&limiter, RouteClass::Other, &clock).await,
            Duration::from_millis(7010)
        );
        // The next one at 3 s + 10.01 s.
        assert_eq!(
            waited(&limiter, RouteClass::Other, &clock).await,
            Duration::from_secs(3)
        );
        assert_eq!(clock.now(), Duration::from_millis(13_010));
    }

    #[tokio::test]
    async fn a_call_waits_for_the_latest_of_the_three_limits() {
        let clock = FakeClock::new();
        let config = RateLimitConfig::disabled()
            .per_key(Window::new(3, TEN_SECONDS))
            .per_token(Window::new(2, TEN_SECONDS))
            .members(Window::new(1, FIFTEEN_MINUTES))
            .safety_margin(Some(Duration::ZERO));
        let limiter = limiter(config, &clock);
        let wait = |class| {
            let limiter = limiter.clone();
            let clock = clock.clone();
            async move { waited(&limiter, class, &clock).await }
        };
        assert_eq!(wait(RouteClass::Members).await, Duration::ZERO);
        assert_eq!(wait(RouteClass::Other).await, Duration::ZERO);
        // The token is full until 10 s, the members family until 900 s.
        assert_eq!(wait(RouteClass::Members).await, FIFTEEN_MINUTES);
    }

    #[tokio::test]
    async fn a_wait_past_the_deadline_fails_at_once() {
        let clock = FakeClock::new();
        let limiter = limiter(RateLimitConfig::default(), &clock);
        let mut headers = HeaderMap::new();
        headers.insert("x-rate-limit-api-token-remaining", "0".parse().unwrap());
        limiter
            .observe(
                RouteClass::Other,
                &headers,
                Some((
                    "API_TOKEN_LIMIT_EXCEEDED",
                    Some(Duration::from_secs(1_000_000_000)),
                )),
            )
            .await;
        let err = limiter
            .acquire(RouteClass::Other, &clock, Some(Duration::from_secs(2)))
            .await
            .unwrap_err();
        let Error::RateLimited { retry_after, .. } = &err else {
            panic!("{err:?}");
        };
        // Bounded by the token window (plus its margin), not a billion seconds.
        assert_eq!(*retry_after, Some(TEN_SECONDS + Duration::from_millis(50)));
        let text = err.to_string();
        assert!(
            text.contains("10.05s") && text.contains("deadline"),
            "{text}"
        );
        assert!(!text.contains("canary"), "{text}");
        assert_eq!(clock.total_slept(), Duration::ZERO, "nothing waited");
    }

    #[tokio::test]
    async fn a_429_pauses_only_the_limit_that_tripped_for_at_most_its_window() {
        let clock = FakeClock::new();
        let config = RateLimitConfig::default().safety_margin(Some(Duration::ZERO));
        let store = InProcessStore::new(Arc::new(clock.clone()));
        let first = RateLimiter::new(&config, store.clone(), &auth());
        let other_token = RateLimiter::new(
            &config,
            store.clone(),
            &Auth::key_token(Credentials::new("key-canary", "another-token")),
        );
        first
            .observe(
                RouteClass::Other,
                &HeaderMap::new(),
                Some((
                    "API_TOKEN_LIMIT_EXCEEDED",
                    Some(Duration::from_secs(u32::MAX.into())),
                )),
            )
            .await;
        // Another token of the same key is not paused.
        assert_eq!(
            waited(&other_token, RouteClass::Other, &clock).await,
            Duration::ZERO
        );
        // The tripped token waits the token window, not the header's value.
        assert_eq!(waited(&first, RouteClass::Other, &clock).await, TEN_SECONDS);

        // A members 429 pauses the members family only, up to 900 s.
        first
            .observe(
                RouteClass::Members,
                &HeaderMap::new(),
                Some(("", Some(Duration::from_secs(5000)))),
            )
            .await;
        assert_eq!(
            waited(&first, RouteClass::Other, &clock).await,
            Duration::ZERO
        );
        assert_eq!(
            waited(&first, RouteClass::Members, &clock).await,
            FIFTEEN_MINUTES
        );
    }

    #[tokio::test]
    async fn hostile_headers_cannot_freeze_the_client() {
        let clock = FakeClock::new();
        let limiter = limiter(RateLimitConfig::default(), &clock);
        let mut headers = HeaderMap::new();
        for (name, value) in [
            ("x-rate-limit-api-token-remaining", "0"),
            ("x-rate-limit-api-token-interval-ms", "18446744073709551615"),
            ("x-rate-limit-api-key-remaining", "-5"),
            ("x-rate-limit-api-key-interval-ms", "soon"),
            ("x-rate-limit-member-remaining", "0"),
            ("x-rate-limit-member-interval-ms", "99999999999999"),
        ] {
            headers.insert(http::HeaderName::from_static(name), value.parse().unwrap());
        }
        limiter.observe(RouteClass::Other, &headers, None).await;
        // remaining 0 counts the token window as full: the next call waits
        // one window (with its margin), whatever the interval header said.
        assert_eq!(
            waited(&limiter, RouteClass::Other, &clock).await,
            TEN_SECONDS + Duration::from_millis(50)
        );
        // The member header on a non-members route taught nothing.
        assert_eq!(
            waited(&limiter, RouteClass::Members, &clock).await,
            Duration::ZERO
        );
    }

    #[tokio::test]
    async fn headers_are_ignored_when_adaptation_is_off() {
        let clock = FakeClock::new();
        let limiter = limiter(
            RateLimitConfig::disabled().per_token(Window::new(100, TEN_SECONDS)),
            &clock,
        );
        let mut headers = HeaderMap::new();
        headers.insert("x-rate-limit-api-token-remaining", "0".parse().unwrap());
        limiter
            .observe(RouteClass::Other, &headers, Some(("", Some(TEN_SECONDS))))
            .await;
        assert_eq!(
            waited(&limiter, RouteClass::Other, &clock).await,
            Duration::ZERO
        );
    }

    #[tokio::test]
    async fn the_retry_budget_is_shared_per_key() {
        let clock = FakeClock::new();
        let store = InProcessStore::new(Arc::new(clock.clone()));
        let config = RateLimitConfig::default().retry_budget(Window::new(3, TEN_SECONDS));
        let a = RateLimiter::new(&config, store.clone(), &auth());
        let b = RateLimiter::new(
            &config,
            store.clone(),
            &Auth::key_token(Credentials::new("key-canary", "token-two")),
        );
        let other_key = RateLimiter::new(
            &config,
            store,
            &Auth::key_token(Credentials::new("other-key", "token-two")),
        );
        assert!(a.take_retry().await);
        assert!(b.take_retry().await);
        assert!(a.take_retry().await);
        assert!(!b.take_retry().await, "the key's budget is spent");
        assert!(other_key.take_retry().await);
        clock.advance(TEN_SECONDS);
        assert!(
            b.take_retry().await,
            "the budget refills as retries age out"
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
    fn retry_after_as_seconds_or_http_date() {
        let now = std::time::UNIX_EPOCH + Duration::from_secs(784_111_777); // Sun, 06 Nov 1994 08:49:37 GMT
        assert_eq!(
            parse_retry_after("120", now),
            Some(Duration::from_secs(120))
        );
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:42 GMT", now),
            Some(Duration::from_secs(5))
        );
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:00:00 GMT", now),
            Some(Duration::ZERO),
            "a date in the past: no wait"
        );
        for bad in ["-3", "soon", "", "1e9", "Sun, 99 Nov 1994 08:49:42 GMT"] {
            assert_eq!(parse_retry_after(bad, now), None, "{bad}");
        }
    }

    #[test]
    fn window_rejects_empty_limits() {
        assert!(Window::new(0, TEN_SECONDS).is_none());
        assert!(Window::new(1, Duration::ZERO).is_none());
        let one = Window::new(1, TEN_SECONDS).unwrap();
        assert_eq!((one.max(), one.per()), (1, TEN_SECONDS));
    }
}
