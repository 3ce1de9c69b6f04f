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
    /// The deadline `limit` from now; `None` without a limit (or one too
    /// far away to represent, which never runs out).
    pub(crate) fn after(limit: Option<Duration>) -> Option<Self> {
        let limit = limit?;
        let at = tokio::time::Instant::now().checked_add(limit)?;
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
/// attempt's).
pub(crate) async fn run_attempt<T>(
    attempt: Option<Duration>,
    deadline: Option<Deadline>,
    future: impl Future<Output = T>,
) -> Result<T, TimedOut> {
    let attempt_end = |limit: Duration| {
        tokio::time::Instant::now().checked_add(limit).map(|at| {
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
    match end {
        None => Ok(future.await),
        Some((at, timed_out)) => tokio::time::timeout_at(at, future)
            .await
            .map_err(|_| timed_out),
    }
}

/// Runs `future` (a wait of the call outside its attempts: the rate
/// limiter, a token refresh, the pause before a retry) until the call's
/// deadline. A future that is ready at once sets no timer.
pub(crate) async fn run_until<T>(
    deadline: Option<Deadline>,
    future: impl Future<Output = T>,
) -> Result<T, TimedOut> {
    let Some(deadline) = deadline else {
        return Ok(future.await);
    };
    let mut future = std::pin::pin!(future);
    let first = std::future::poll_fn(|cx| Poll::Ready(future.as_mut().poll(cx))).await;
    if let Poll::Ready(value) = first {
        return Ok(value);
    }
    tokio::time::timeout_at(deadline.at, future)
        .await
        .map_err(|_| deadline.timed_out())
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
        let err = run_attempt(Some(secs(1)), Deadline::after(Some(secs(5))), never())
            .await
            .unwrap_err();
        assert_eq!((err.scope, err.after), (TimeoutScope::Attempt, secs(1)));
        // The call's deadline ends first: the error names the call's limit.
        let deadline = Deadline::after(Some(secs(5)));
        tokio::time::advance(secs(4)).await;
        let started = tokio::time::Instant::now();
        let err = run_attempt(Some(secs(3)), deadline, never())
            .await
            .unwrap_err();
        assert_eq!((err.scope, err.after), (TimeoutScope::Overall, secs(5)));
        assert_eq!(started.elapsed(), secs(1));
        // Only a deadline; none at all.
        let err = run_attempt(None, Deadline::after(Some(secs(2))), never())
            .await
            .unwrap_err();
        assert_eq!(err.scope, TimeoutScope::Overall);
        assert_eq!(run_attempt(None, None, async { 7 }).await, Ok(7));
        assert!(Deadline::after(Some(Duration::MAX)).is_none());
        // Waits between attempts end at the deadline too.
        let deadline = Deadline::after(Some(secs(2)));
        assert_eq!(run_until(deadline, async { 3 }).await, Ok(3));
        let err = run_until(deadline, never()).await.unwrap_err();
        assert_eq!((err.scope, err.after), (TimeoutScope::Overall, secs(2)));
        assert_eq!(run_until(None, async { 4 }).await, Ok(4));
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
