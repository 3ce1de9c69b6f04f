//! [`RedisStore`]: the [`RateLimitStore`] every process of a fleet shares.

use std::{
    fmt,
    sync::{
        Arc, Mutex,
        atomic::{AtomicU64, Ordering},
    },
    time::{Duration, Instant},
};

use async_trait::async_trait;
use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use trello_core::policy::{
    Acquire, CredentialHasher, GrantId, Lesson, Limit, LimitScope, RateLimitStore, StoreError,
    WaitCause,
};

use crate::{
    local::LocalLogs,
    script::{ACQUIRE_SCRIPT, LEARN_SCRIPT, SETTLE_SCRIPT},
};

/// What a [`RedisStore`] does when Redis does not answer in time (down,
/// unreachable, slow, or answering errors).
#[derive(Clone, Copy, Debug, PartialEq)]
#[non_exhaustive]
pub enum OnUnavailable {
    /// Decide in this process, on a sliding-window log of its own, allowing
    /// `share` (between 0 and 1) of every limit — set it to about
    /// `1 / number of processes` so the fleet together stays under Trello's
    /// limits while Redis is away. Redis is asked again after
    /// [`RedisStoreBuilder::retry_after`]; its answers win again as soon as
    /// it is back.
    FallBack {
        /// The share of each limit this process uses alone.
        share: f64,
    },
    /// Refuse: `try_acquire` returns a [`StoreError`], so the call fails
    /// before anything is sent (nothing exceeds the budget, nothing is
    /// sent unthrottled).
    FailClosed,
}

impl Default for OnUnavailable {
    /// Fall back to a quarter of every limit.
    fn default() -> Self {
        Self::FallBack { share: 0.25 }
    }
}

/// Configures a [`RedisStore`] (see [`RedisStore::builder`]).
pub struct RedisStoreBuilder {
    url: String,
    secret: Vec<u8>,
    prefix: String,
    timeout: Duration,
    on_unavailable: OnUnavailable,
    retry_after: Duration,
}

impl fmt::Debug for RedisStoreBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The URL may hold a Redis password; the secret is a secret.
        f.debug_struct("RedisStoreBuilder")
            .field("prefix", &self.prefix)
            .field("timeout", &self.timeout)
            .field("on_unavailable", &self.on_unavailable)
            .field("retry_after", &self.retry_after)
            .finish_non_exhaustive()
    }
}

impl RedisStoreBuilder {
    /// The prefix of every key the store writes (default `trello:rl`).
    /// Keys are `{prefix}:{<credential digest>}:<scope>:log|pause`. For
    /// Redis Cluster, put a hash tag in the prefix (e.g.
    /// `trello:rl:{fleet}`) so all keys of a call share one slot.
    pub fn prefix(mut self, prefix: impl Into<String>) -> Self {
        self.prefix = prefix.into();
        self
    }

    /// The longest any Redis call may take, connecting included (default
    /// 200 ms); past it the call counts as Redis unavailable.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// What to do while Redis is unavailable (default: fall back to a
    /// quarter of every limit).
    pub fn on_unavailable(mut self, behaviour: OnUnavailable) -> Self {
        self.on_unavailable = behaviour;
        self
    }

    /// After a failed Redis call, how long to decide without asking Redis
    /// (default 1 s), so a dead or hanging Redis costs one timeout per
    /// period rather than one per call.
    pub fn retry_after(mut self, period: Duration) -> Self {
        self.retry_after = period;
        self
    }

    /// Builds the store. It connects lazily: Redis need not be up yet (until
    /// it is, the store behaves as configured by
    /// [`on_unavailable`](Self::on_unavailable)). Call it inside a Tokio
    /// runtime.
    pub fn build(self) -> Result<RedisStore, StoreError> {
        if let OnUnavailable::FallBack { share } = self.on_unavailable
            && !(share > 0.0 && share <= 1.0)
        {
            return Err(StoreError::new(format!(
                "the fallback share must be in (0, 1], got {share}: use about 1 / number of processes"
            )));
        }
        if self.timeout.is_zero() {
            return Err(StoreError::new(
                "the Redis timeout must be longer than zero (e.g. 200 ms)",
            ));
        }
        if self.secret.is_empty() {
            return Err(StoreError::new(
                "the fleet secret is empty: give every process the same random secret (16+ bytes)",
            ));
        }
        let client = redis::Client::open(self.url.as_str()).map_err(|err| {
            StoreError::new(format!(
                "the Redis URL is not valid ({}): use redis://host:port/db",
                err.category()
            ))
        })?;
        let config = ConnectionManagerConfig::new()
            .set_connection_timeout(Some(self.timeout))
            .set_response_timeout(Some(self.timeout))
            .set_number_of_retries(1)
            .set_max_delay(self.timeout);
        let conn = ConnectionManager::new_lazy_with_config(client, config).map_err(|err| {
            StoreError::new(format!(
                "could not set up the Redis connection ({})",
                err.category()
            ))
        })?;
        let mut instance = [0u8; 8];
        for byte in &mut instance {
            *byte = fastrand::u8(..);
        }
        Ok(RedisStore {
            inner: Arc::new(Inner {
                conn,
                prefix: self.prefix,
                hasher: CredentialHasher::new(self.secret),
                timeout: self.timeout,
                on_unavailable: self.on_unavailable,
                retry_after: self.retry_after,
                skip_redis_until: Mutex::new(None),
                instance: instance.iter().map(|b| format!("{b:02x}")).collect(),
                counter: AtomicU64::new(0),
                fallback: LocalLogs::default(),
                fallback_decisions: AtomicU64::new(0),
            }),
        })
    }
}

/// A [`RateLimitStore`] kept in Redis: every process (on every machine) that
/// builds one with the same URL and secret shares one budget per API key and
/// token.
///
/// Each permit is one `EVALSHA` of a script that trims, counts and logs a
/// grant in the sorted set of every limit of the call atomically, on Redis
/// `TIME` (see the `script` module's docs). Every call has a timeout; when
/// Redis is unavailable the store falls back or fails closed, as
/// configured by [`OnUnavailable`]. Learned pauses and `remaining`
/// corrections are written to Redis too, so one process's 429 pauses the
/// limit that tripped for the whole fleet (and only that limit).
///
/// Cheap to clone; clones share the connection.
#[derive(Clone)]
pub struct RedisStore {
    inner: Arc<Inner>,
}

struct Inner {
    conn: ConnectionManager,
    prefix: String,
    hasher: CredentialHasher,
    timeout: Duration,
    on_unavailable: OnUnavailable,
    retry_after: Duration,
    /// While set and in the future, decide without Redis.
    skip_redis_until: Mutex<Option<Instant>>,
    /// Random per store: keeps grant names unique across processes.
    instance: String,
    counter: AtomicU64,
    fallback: LocalLogs,
    fallback_decisions: AtomicU64,
}

impl fmt::Debug for RedisStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RedisStore")
            .field("prefix", &self.inner.prefix)
            .field("timeout", &self.inner.timeout)
            .field("on_unavailable", &self.inner.on_unavailable)
            .field("fallback_decisions", &self.fallback_decisions())
            .finish_non_exhaustive()
    }
}

impl RedisStore {
    /// A builder for a store on the Redis at `url` (`redis://host:port/db`,
    /// `rediss://` for TLS is not enabled in this build), naming
    /// credentials with a keyed hash under `secret`: every process of the
    /// fleet must use the same secret, and nobody else should know it.
    pub fn builder(url: impl Into<String>, secret: impl Into<Vec<u8>>) -> RedisStoreBuilder {
        RedisStoreBuilder {
            url: url.into(),
            secret: secret.into(),
            prefix: "trello:rl".to_owned(),
            timeout: Duration::from_millis(200),
            on_unavailable: OnUnavailable::default(),
            retry_after: Duration::from_secs(1),
        }
    }

    /// A store with the defaults (see [`RedisStoreBuilder`]).
    pub fn connect(url: impl Into<String>, secret: impl Into<Vec<u8>>) -> Result<Self, StoreError> {
        Self::builder(url, secret).build()
    }

    /// How many permits and lessons this store decided without Redis (in
    /// fallback) so far.
    pub fn fallback_decisions(&self) -> u64 {
        self.inner.fallback_decisions.load(Ordering::Relaxed)
    }

    fn keys(&self, limit: &Limit) -> (String, String) {
        let base = format!(
            "{}:{{{}}}:{}",
            self.inner.prefix, limit.id.owner, limit.id.scope
        );
        (format!("{base}:log"), format!("{base}:pause"))
    }

    /// The member naming `grant` in every log (unique across the fleet).
    fn member(&self, grant: GrantId) -> String {
        format!("{}:g{grant}", self.inner.instance)
    }

    fn unique(&self) -> String {
        let n = self.inner.counter.fetch_add(1, Ordering::Relaxed);
        format!("{}:{n}", self.inner.instance)
    }

    fn redis_skipped(&self) -> bool {
        let guard = self
            .inner
            .skip_redis_until
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        guard.is_some_and(|until| Instant::now() < until)
    }

    fn mark(&self, ok: bool) {
        let mut guard = self
            .inner
            .skip_redis_until
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        *guard = (!ok).then(|| Instant::now() + self.inner.retry_after);
    }

    /// Runs `op` against Redis within the timeout; `Err` carries a message
    /// fit for a [`StoreError`] (no URL, no credentials).
    async fn run<T>(
        &self,
        op: impl Future<Output = redis::RedisResult<T>>,
    ) -> Result<T, StoreError> {
        if self.redis_skipped() {
            return Err(StoreError::new(
                "Redis failed recently; not asking it again yet",
            ));
        }
        let result = match tokio::time::timeout(self.inner.timeout, op).await {
            Ok(Ok(value)) => Ok(value),
            Ok(Err(err)) => Err(StoreError::new(format!(
                "Redis did not answer ({}): check that it is up and reachable",
                err.category()
            ))),
            Err(_) => Err(StoreError::new(format!(
                "Redis did not answer within {:?}: check that it is up, or raise the timeout",
                self.inner.timeout
            ))),
        };
        if let Err(err) = &result {
            tracing::debug!(error = %err, "rate-limit store: Redis unavailable");
        }
        self.mark(result.is_ok());
        result
    }

    async fn acquire_redis(&self, limits: &[Limit], grant: GrantId) -> Result<Acquire, StoreError> {
        let mut invocation = ACQUIRE_SCRIPT.prepare_invoke();
        invocation.arg(self.member(grant));
        for limit in limits {
            let (log, pause) = self.keys(limit);
            invocation
                .key(log)
                .key(pause)
                .arg(limit.max.max(1))
                .arg(micros(limit.window));
        }
        let mut conn = self.inner.conn.clone();
        let answer: Vec<i64> = self.run(invocation.invoke_async(&mut conn)).await?;
        match answer.as_slice() {
            [1, ..] => Ok(Acquire::Granted),
            [0, wait, index, paused] => {
                let scope = usize::try_from(*index)
                    .ok()
                    .and_then(|i| i.checked_sub(1))
                    .and_then(|i| limits.get(i))
                    .map_or(LimitScope::Key, |limit| limit.id.scope);
                let wait = Duration::from_micros(u64::try_from(*wait).unwrap_or(0).max(1));
                let cause = if *paused == 1 {
                    WaitCause::Paused(scope)
                } else {
                    WaitCause::Full(scope)
                };
                Ok(Acquire::Wait { wait, cause })
            }
            _ => Err(StoreError::new(
                "Redis answered the rate-limit script with an unexpected shape: is the prefix shared with something else?",
            )),
        }
    }

    async fn learn_redis(&self, lessons: &[Lesson]) -> Result<(), StoreError> {
        let mut invocation = LEARN_SCRIPT.prepare_invoke();
        invocation.arg(self.unique());
        for lesson in lessons {
            let limit = lesson.limit();
            let (log, pause) = self.keys(limit);
            let (kind, value) = match *lesson {
                Lesson::Remaining { remaining, .. } => ("r", u64::from(remaining)),
                Lesson::Pause { pause, .. } => ("p", micros(pause)),
            };
            invocation
                .key(log)
                .key(pause)
                .arg(kind)
                .arg(limit.max.max(1))
                .arg(micros(limit.window))
                .arg(value);
        }
        let mut conn = self.inner.conn.clone();
        let _: i64 = self.run(invocation.invoke_async(&mut conn)).await?;
        Ok(())
    }

    async fn settle_redis(&self, limits: &[Limit], grant: GrantId) -> Result<(), StoreError> {
        let mut invocation = SETTLE_SCRIPT.prepare_invoke();
        invocation.arg(self.member(grant));
        for limit in limits {
            invocation.key(self.keys(limit).0).arg(micros(limit.window));
        }
        let mut conn = self.inner.conn.clone();
        let _: i64 = self.run(invocation.invoke_async(&mut conn)).await?;
        Ok(())
    }

    fn share(&self) -> Option<f64> {
        match self.inner.on_unavailable {
            OnUnavailable::FallBack { share } => Some(share),
            OnUnavailable::FailClosed => None,
        }
    }
}

fn micros(d: Duration) -> u64 {
    u64::try_from(d.as_micros()).unwrap_or(u64::MAX)
}

fn scaled(limit: &Limit, share: f64) -> Limit {
    let max = ((f64::from(limit.max) * share).floor() as u32).max(1);
    Limit { max, ..*limit }
}

#[async_trait]
impl RateLimitStore for RedisStore {
    async fn try_acquire(&self, limits: &[Limit], grant: GrantId) -> Result<Acquire, StoreError> {
        if limits.is_empty() {
            return Ok(Acquire::Granted);
        }
        let err = match self.acquire_redis(limits, grant).await {
            Ok(answer) => return Ok(answer),
            Err(err) => err,
        };
        let Some(share) = self.share() else {
            return Err(err);
        };
        self.inner
            .fallback_decisions
            .fetch_add(1, Ordering::Relaxed);
        let limits: Vec<Limit> = limits.iter().map(|l| scaled(l, share)).collect();
        Ok(self.inner.fallback.try_acquire(&limits))
    }

    async fn learn(&self, lessons: &[Lesson]) -> Result<(), StoreError> {
        if lessons.is_empty() {
            return Ok(());
        }
        let err = match self.learn_redis(lessons).await {
            Ok(()) => return Ok(()),
            Err(err) => err,
        };
        let Some(share) = self.share() else {
            return Err(err);
        };
        self.inner
            .fallback_decisions
            .fetch_add(1, Ordering::Relaxed);
        let lessons: Vec<Lesson> = lessons
            .iter()
            .map(|lesson| match *lesson {
                Lesson::Remaining { limit, remaining } => Lesson::Remaining {
                    limit: scaled(&limit, share),
                    remaining: (f64::from(remaining) * share).floor() as u32,
                },
                Lesson::Pause { limit, pause } => Lesson::Pause {
                    limit: scaled(&limit, share),
                    pause,
                },
            })
            .collect();
        self.inner.fallback.learn(&lessons);
        Ok(())
    }

    /// One more round trip once the answer is in (see the trait): without
    /// Redis, grants made on the fallback count from when they were made,
    /// so this then does nothing (fall back) or fails (fail closed).
    async fn settle(&self, limits: &[Limit], grant: GrantId) -> Result<(), StoreError> {
        if limits.is_empty() {
            return Ok(());
        }
        match self.settle_redis(limits, grant).await {
            Ok(()) => Ok(()),
            Err(_) if self.share().is_some() => Ok(()),
            Err(err) => Err(err),
        }
    }

    fn hasher(&self) -> &CredentialHasher {
        &self.inner.hasher
    }
}
