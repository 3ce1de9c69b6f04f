//! A greedy job for the rate-limit benches (issue 20, and the fleet bench
//! of issue 16 builds on it): `concurrency` tasks send `GET /boards/{id}`
//! as fast as their limiter lets them for a fixed wall time, counting the
//! reads that succeeded and the 429 answers the server sent.
//!
//! Two limiters are compared in the same run:
//! - the SDK's (sliding-window logs in a `trello::policy::RateLimitStore`),
//! - [`OldLimiter`]: the GCRA quota of the limiter this SDK shipped before
//!   (burst of a twentieth of the window, the rest spread evenly; governor),
//!   in front of a client whose own limiter is off.
//!
//! To run the job in several processes, call [`greedy_job`] in each (for
//! example the same bench binary started as children with a role argument)
//! with clients sharing one store, and add up the [`JobReport`]s.

use std::{
    num::NonZeroU32,
    sync::{
        Arc,
        atomic::{AtomicU64, Ordering},
    },
    time::{Duration, Instant},
};

use async_trait::async_trait;
use bytes::Bytes;
use governor::{
    Quota, RateLimiter,
    clock::{Clock as _, DefaultClock},
    state::{InMemoryState, NotKeyed},
};
use trello::{Client, Credentials, Method, SharedTransport, Transport, TransportError};
use trello_sandbox::{RateLimits, Sandbox, SandboxConfig};

use crate::endpoints::GetBoard;

/// A sandbox enforcing `per_key` and `per_token` requests per `window`, and
/// the id of a board created on it (what the greedy job reads).
pub async fn limited_sandbox_with_board(
    per_key: u32,
    per_token: u32,
    window: Duration,
) -> (Sandbox, String) {
    let sandbox = Sandbox::start(SandboxConfig {
        rate_limits: RateLimits {
            per_key,
            per_token,
            window,
            enabled: true,
            ..RateLimits::default()
        },
        ..SandboxConfig::default()
    })
    .await
    .unwrap_or_else(|err| panic!("cannot start the sandbox: {err}"));
    let writer = Client::builder()
        .base_url(sandbox.api_url())
        .credentials(Credentials::new(
            sandbox.app_key(),
            sandbox.issue_token("read,write", "1day").await,
        ))
        .build()
        .unwrap_or_else(|err| panic!("cannot build the client: {err}"));
    let board = writer
        .request_json(Method::Post, "/boards", &[("name", "Bench board")], None)
        .await
        .unwrap_or_else(|err| panic!("cannot create the board: {err}"));
    let board = board["id"].as_str().unwrap_or_default().to_owned();
    (sandbox, board)
}

/// Counts what the server answered, below the SDK's retry loop.
pub struct Counting {
    inner: SharedTransport,
    too_many: AtomicU64,
    sent: AtomicU64,
}

impl Counting {
    /// Counts the answers of `inner`.
    pub fn new(inner: SharedTransport) -> Arc<Self> {
        Arc::new(Self {
            inner,
            too_many: AtomicU64::new(0),
            sent: AtomicU64::new(0),
        })
    }

    /// The 429 answers so far.
    pub fn too_many(&self) -> u64 {
        self.too_many.load(Ordering::Relaxed)
    }

    /// The requests sent so far.
    pub fn sent(&self) -> u64 {
        self.sent.load(Ordering::Relaxed)
    }
}

#[async_trait]
impl Transport for Counting {
    async fn send(
        &self,
        request: http::Request<Bytes>,
    ) -> Result<http::Response<trello::Body>, TransportError> {
        self.sent.fetch_add(1, Ordering::Relaxed);
        let response = self.inner.send(request).await?;
        if response.status() == http::StatusCode::TOO_MANY_REQUESTS {
            self.too_many.fetch_add(1, Ordering::Relaxed);
        }
        Ok(response)
    }
}

/// The limiter this SDK shipped before the sliding window: governor's GCRA
/// with a burst of `max / 20` and the other 95 % spread evenly over the
/// window (so at most `max` in any window, and 0.95 of it sustained).
pub struct OldLimiter {
    gcra: RateLimiter<NotKeyed, InMemoryState, DefaultClock>,
    clock: DefaultClock,
}

impl OldLimiter {
    /// The old quota for `max` requests per `window`.
    pub fn new(max: u32, window: Duration) -> Self {
        let burst = (max / 20).max(1);
        let refill = max - burst;
        let nanos = window.as_nanos().div_ceil(u128::from(refill.max(1)));
        let period = Duration::from_nanos(u64::try_from(nanos).unwrap_or(u64::MAX));
        let quota = Quota::with_period(period)
            .unwrap_or_else(|| Quota::per_second(NonZeroU32::MIN))
            .allow_burst(NonZeroU32::new(burst).unwrap_or(NonZeroU32::MIN));
        let clock = DefaultClock::default();
        Self {
            gcra: RateLimiter::direct_with_clock(quota, clock.clone()),
            clock,
        }
    }

    /// Waits for a slot, as the old limiter did.
    pub async fn acquire(&self) {
        while let Err(not_until) = self.gcra.check() {
            let wait = not_until.wait_time_from(self.clock.now());
            tokio::time::sleep(wait.max(Duration::from_millis(1))).await;
        }
    }
}

/// What a greedy job achieved.
#[derive(Clone, Debug, Default)]
pub struct JobReport {
    /// Reads that succeeded.
    pub ok: u64,
    /// Reads that failed (after the SDK's retries).
    pub failed: u64,
    /// 429 answers the server sent.
    pub too_many: u64,
    /// Requests sent.
    pub sent: u64,
    /// Wall time of the job (reads answered after it are not counted).
    pub elapsed: Duration,
}

impl JobReport {
    /// Achieved reads per second.
    pub fn rate(&self) -> f64 {
        self.ok as f64 / self.elapsed.as_secs_f64()
    }
}

/// Runs `concurrency` tasks reading `board` through `client` until
/// `duration` has passed; `old` puts the old limiter in front of every
/// request. `counting` must be the client's transport.
pub async fn greedy_job(
    client: &Client,
    counting: &Arc<Counting>,
    board: &str,
    concurrency: usize,
    duration: Duration,
    old: Option<Arc<OldLimiter>>,
) -> JobReport {
    let start = Instant::now();
    let deadline = start + duration;
    let (too_many, sent) = (counting.too_many(), counting.sent());
    let tasks: Vec<_> = (0..concurrency)
        .map(|_| {
            let client = client.clone();
            let board = board.to_owned();
            let old = old.clone();
            tokio::spawn(async move {
                let (mut ok, mut failed) = (0u64, 0u64);
                while Instant::now() < deadline {
                    if let Some(old) = &old {
                        old.acquire().await;
                    }
                    // Nothing may leave after the deadline.
                    if Instant::now() >= deadline {
                        break;
                    }
                    match client.send(GetBoard::new(board.as_str())).await {
                        // Only reads answered within the job's time count.
                        Ok(_) if Instant::now() <= deadline => ok += 1,
                        Ok(_) => {}
                        Err(err) => {
                            failed += 1;
                            if failed <= 3 {
                                eprintln!("read failed: {err}");
                            }
                        }
                    }
                }
                (ok, failed)
            })
        })
        .collect();
    let mut report = JobReport::default();
    for task in tasks {
        if let Ok((ok, failed)) = task.await {
            report.ok += ok;
            report.failed += failed;
        }
    }
    // The job's time, not the time the last task took to notice its end
    // (a task waiting in the limiter at the deadline sends late; those
    // reads are not counted).
    report.elapsed = duration.min(start.elapsed());
    report.too_many = counting.too_many() - too_many;
    report.sent = counting.sent() - sent;
    report
}
