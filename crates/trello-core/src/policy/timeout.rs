//! Timeouts per attempt and per call, enforced above the transport so every
//! backend times out the same way.

use std::{fmt, future::Future, task::Poll, time::Duration};

use crate::transport::{TransportError, TransportErrorKind};

/// How long an attempt and a whole call may take.
///
/// Both are real time (`tokio::time::timeout`, so they need a Tokio runtime
/// with its timer when set). A timed-out attempt is an
/// `Error::Transport` of kind [`TransportErrorKind::Timeout`] and is retried
/// like any other timeout; a call that runs out of its overall time ends
/// with the same kind of error, without a further retry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timeouts {
    attempt: Option<Duration>,
    overall: Option<Duration>,
}

impl Default for Timeouts {
    /// 30 s per attempt, 120 s per call (retries and waits included).
    ///
    /// Trello answers most calls well under a second; 30 s leaves room for
    /// large board exports, and 120 s bounds a call that retries.
    fn default() -> Self {
        Self {
            attempt: Some(Duration::from_secs(30)),
            overall: Some(Duration::from_secs(120)),
        }
    }
}

impl Timeouts {
    /// The defaults (see [`Timeouts::default`]).
    pub fn new() -> Self {
        Self::default()
    }

    /// No timeouts at all (the transport's own, if any, still apply).
    pub fn none() -> Self {
        Self {
            attempt: None,
            overall: None,
        }
    }

    /// The limit for one attempt (`None`: unlimited).
    pub fn attempt(mut self, limit: Option<Duration>) -> Self {
        self.attempt = limit;
        self
    }

    /// The limit for a whole call, retries and waits included (`None`:
    /// unlimited).
    pub fn overall(mut self, limit: Option<Duration>) -> Self {
        self.overall = limit;
        self
    }

    /// The per-attempt limit.
    pub fn attempt_limit(&self) -> Option<Duration> {
        self.attempt
    }

    /// The per-call limit.
    pub fn overall_limit(&self) -> Option<Duration> {
        self.overall
    }
}

/// Which limit ran out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeoutScope {
    /// One attempt took too long.
    Attempt,
    /// The whole call took too long.
    Overall,
}

/// The source of a timeout [`TransportError`] raised by the pipeline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TimedOut {
    /// Which limit ran out.
    pub scope: TimeoutScope,
    /// The limit.
    pub after: Duration,
}

impl fmt::Display for TimedOut {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.scope {
            TimeoutScope::Attempt => write!(
                f,
                "no response within the per-attempt timeout of {:?}; raise it with \
                 ClientBuilder::attempt_timeout if the call is expected to be slow",
                self.after
            ),
            TimeoutScope::Overall => write!(
                f,
                "the call did not complete within its overall timeout of {:?} \
                 (retries included); raise it with ClientBuilder::timeout",
                self.after
            ),
        }
    }
}

impl std::error::Error for TimedOut {}

impl TimedOut {
    /// As a transport error of kind [`TransportErrorKind::Timeout`].
    pub fn into_transport_error(self) -> TransportError {
        TransportError::new(TransportErrorKind::Timeout, self)
    }
}

/// Runs `future` under `limit`, if any.
pub(crate) async fn run_with_limit<T>(
    limit: Option<Duration>,
    scope: TimeoutScope,
    future: impl Future<Output = T>,
) -> Result<T, TimedOut> {
    match limit {
        None => Ok(future.await),
        Some(after) => tokio::time::timeout(after, future)
            .await
            .map_err(|_| TimedOut { scope, after }),
    }
}

/// The instant a whole call must be done by (Tokio time), and the limit it
/// came from (for the error message).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Deadline {
    at: tokio::time::Instant,
    limit: Duration,
}

impl Deadline {
    /// The deadline `limit` after `now`; `None` without a limit (or one
    /// too far away to represent, which never runs out).
    pub(crate) fn after(now: tokio::time::Instant, limit: Option<Duration>) -> Option<Self> {
        let limit = limit?;
        let at = now.checked_add(limit)?;
        Some(Self { at, limit })
    }

    fn timed_out(self) -> TimedOut {
        TimedOut {
            scope: TimeoutScope::Overall,
            after: self.limit,
        }
    }
}

/// Runs one attempt under its own limit and the call's deadline with a
/// single timer, set for whichever ends first: the error names that one
/// (an attempt that would end exactly at the deadline counts as the
/// attempt's). `now` is when the attempt starts.
pub(crate) fn run_attempt<F: Future>(
    attempt: Option<Duration>,
    deadline: Option<Deadline>,
    now: tokio::time::Instant,
    future: F,
) -> Bounded<F> {
    let attempt_end = |limit: Duration| {
        now.checked_add(limit).map(|at| {
            (
                at,
                TimedOut {
                    scope: TimeoutScope::Attempt,
                    after: limit,
                },
            )
        })
    };
    let end = match (attempt, deadline) {
        (None, None) => None,
        (Some(limit), None) => attempt_end(limit),
        (None, Some(deadline)) => Some((deadline.at, deadline.timed_out())),
        (Some(limit), Some(deadline)) => match attempt_end(limit) {
            Some((at, timed_out)) if at <= deadline.at => Some((at, timed_out)),
            _ => Some((deadline.at, deadline.timed_out())),
        },
    };
    Bounded::new(future, end)
}

/// Runs `future` (a wait of the call outside its attempts: the rate
/// limiter, a token refresh, the pause before a retry) until the call's
/// deadline.
pub(crate) fn run_until<F: Future>(deadline: Option<Deadline>, future: F) -> Bounded<F> {
    Bounded::new(
        future,
        deadline.map(|deadline| (deadline.at, deadline.timed_out())),
    )
}

pin_project_lite::pin_project! {
    /// A future with an end: at most one timer, armed the first time the
    /// future is not ready (a future that is ready at once sets none).
    ///
    /// Written out rather than an `async fn` around `tokio::time::timeout`:
    /// the pipeline nests these around its largest futures, and an `async`
    /// wrapper would store the wrapped future twice (once as its argument,
    /// once inside the `Timeout`), making every call's future larger to
    /// move and to allocate.
    pub(crate) struct Bounded<F> {
        #[pin]
        future: F,
        #[pin]
        timer: Option<tokio::time::Sleep>,
        end: Option<(tokio::time::Instant, TimedOut)>,
    }
}

impl<F> Bounded<F> {
    fn new(future: F, end: Option<(tokio::time::Instant, TimedOut)>) -> Self {
        Self {
            future,
            timer: None,
            end,
        }
    }
}

impl<F: Future> Future for Bounded<F> {
    type Output = Result<F::Output, TimedOut>;

    fn poll(self: std::pin::Pin<&mut Self>, cx: &mut std::task::Context<'_>) -> Poll<Self::Output> {
        let mut this = self.project();
        if let Poll::Ready(value) = this.future.poll(cx) {
            return Poll::Ready(Ok(value));
        }
        let Some((at, timed_out)) = *this.end else {
            return Poll::Pending;
        };
        if this.timer.is_none() {
            this.timer.set(Some(tokio::time::sleep_until(at)));
        }
        match this.timer.as_pin_mut().map(|timer| timer.poll(cx)) {
            Some(Poll::Ready(())) => Poll::Ready(Err(timed_out)),
            _ => Poll::Pending,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn limits_apply_only_when_set() {
        let ok = run_with_limit(None, TimeoutScope::Attempt, async { 5 }).await;
        assert_eq!(ok, Ok(5));
        let never = std::future::pending::<()>();
        let err = run_with_limit(Some(Duration::from_millis(1)), TimeoutScope::Overall, never)
            .await
            .unwrap_err();
        assert_eq!(err.scope, TimeoutScope::Overall);
        let transport = err.into_transport_error();
        assert_eq!(transport.kind(), TransportErrorKind::Timeout);
        assert!(
            transport.to_string().contains("overall timeout"),
            "{transport}"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn one_timer_names_the_limit_that_ends_first() {
        let never = || std::future::pending::<()>();
        let secs = Duration::from_secs;
        // The attempt ends first.
        let err = run_attempt(
            Some(secs(1)),
            Deadline::after(tokio::time::Instant::now(), Some(secs(5))),
            tokio::time::Instant::now(),
            never(),
        )
        .await
        .unwrap_err();
        assert_eq!((err.scope, err.after), (TimeoutScope::Attempt, secs(1)));
        // The call's deadline ends first: the error names the call's limit.
        let deadline = Deadline::after(tokio::time::Instant::now(), Some(secs(5)));
        tokio::time::advance(secs(4)).await;
        let started = tokio::time::Instant::now();
        let err = run_attempt(
            Some(secs(3)),
            deadline,
            tokio::time::Instant::now(),
            never(),
        )
        .await
        .unwrap_err();
        assert_eq!((err.scope, err.after), (TimeoutScope::Overall, secs(5)));
        assert_eq!(started.elapsed(), secs(1));
        // Only a deadline; none at all.
        let err = run_attempt(
            None,
            Deadline::after(tokio::time::Instant::now(), Some(secs(2))),
            tokio::time::Instant::now(),
            never(),
        )
        .await
        .unwrap_err();
        assert_eq!(err.scope, TimeoutScope::Overall);
        assert_eq!(
            run_attempt(None, None, tokio::time::Instant::now(), async { 7 }).await,
            Ok(7)
        );
        assert!(Deadline::after(tokio::time::Instant::now(), Some(Duration::MAX)).is_none());
        // Waits between attempts end at the deadline too.
        let deadline = Deadline::after(tokio::time::Instant::now(), Some(secs(2)));
        assert_eq!(run_until(deadline, async { 3 }).await, Ok(3));
        let err = run_until(deadline, never()).await.unwrap_err();
        assert_eq!((err.scope, err.after), (TimeoutScope::Overall, secs(2)));
        assert_eq!(run_until(None, async { 4 }).await, Ok(4));
    }

    /// A future that is ready when first polled arms no timer: on a
    /// runtime without Tokio's timer, arming one would panic.
    #[test]
    fn a_ready_future_sets_no_timer() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("a runtime without timers");
        let secs = Duration::from_secs;
        runtime.block_on(async {
            let now = tokio::time::Instant::now();
            let deadline = Deadline::after(now, Some(secs(5)));
            assert_eq!(
                run_attempt(Some(secs(1)), deadline, now, async { 7 }).await,
                Ok(7)
            );
            assert_eq!(run_until(deadline, async { 8 }).await, Ok(8));
        });
    }

    #[test]
    fn builder() {
        let t = Timeouts::none().attempt(Some(Duration::from_secs(2)));
        assert_eq!(t.attempt_limit(), Some(Duration::from_secs(2)));
        assert_eq!(t.overall_limit(), None);
        assert_eq!(
            Timeouts::default().overall_limit(),
            Some(Duration::from_secs(120))
        );
    }
}
