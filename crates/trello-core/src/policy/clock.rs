//! Time as the pipeline sees it: a monotonic [`Clock`] and a [`Sleeper`],
//! both replaceable so tests can count attempts and sleeps without waiting.

use std::{
    fmt,
    future::Future,
    pin::Pin,
    sync::{Arc, Mutex, PoisonError},
    time::{Duration, Instant},
};

/// A boxed future returned by [`Sleeper::sleep`].
pub type SleepFuture = Pin<Box<dyn Future<Output = ()> + Send + 'static>>;

/// A monotonic clock. `now` is the time since an arbitrary, fixed start.
///
/// The retry budget and the rate limiters read it.
pub trait Clock: Send + Sync + 'static {
    /// The time elapsed since this clock's start.
    fn now(&self) -> Duration;
}

/// Waits. Backoff delays, `Retry-After` waits and rate-limit waits all go
/// through it.
pub trait Sleeper: Send + Sync + 'static {
    /// A future that completes after `duration`.
    fn sleep(&self, duration: Duration) -> SleepFuture;
}

/// A shared clock.
pub type SharedClock = Arc<dyn Clock>;
/// A shared sleeper.
pub type SharedSleeper = Arc<dyn Sleeper>;

/// The real monotonic clock ([`Instant`]), started when it was created.
#[derive(Clone, Copy, Debug)]
pub struct SystemClock {
    start: Instant,
}

impl SystemClock {
    /// A clock starting now.
    pub fn new() -> Self {
        Self {
            start: Instant::now(),
        }
    }
}

impl Default for SystemClock {
    fn default() -> Self {
        Self::new()
    }
}

impl Clock for SystemClock {
    fn now(&self) -> Duration {
        self.start.elapsed()
    }
}

/// Sleeps with `tokio::time::sleep` (needs a Tokio runtime with its timer,
/// which both bundled backends have anyway).
#[derive(Clone, Copy, Debug, Default)]
pub struct TokioSleeper;

impl Sleeper for TokioSleeper {
    fn sleep(&self, duration: Duration) -> SleepFuture {
        Box::pin(tokio::time::sleep(duration))
    }
}

/// A clock and sleeper for tests: sleeping returns at once and moves the
/// clock forward by the time asked for, and every sleep is recorded.
///
/// Give the same value (clones share state) to both
/// `ClientBuilder::clock` and `ClientBuilder::sleeper`, then assert on
/// [`FakeClock::sleeps`] and [`FakeClock::total_slept`].
#[derive(Clone, Default)]
pub struct FakeClock {
    state: Arc<Mutex<FakeState>>,
}

#[derive(Default)]
struct FakeState {
    now: Duration,
    sleeps: Vec<Duration>,
}

impl FakeClock {
    /// A fake clock at zero that has not slept.
    pub fn new() -> Self {
        Self::default()
    }

    fn with<R>(&self, f: impl FnOnce(&mut FakeState) -> R) -> R {
        // A panic while holding this lock cannot leave the state torn (each
        // update is a single assignment or push), so poisoning is ignored.
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        f(&mut state)
    }

    /// Moves the clock forward without recording a sleep.
    pub fn advance(&self, duration: Duration) {
        self.with(|s| s.now += duration);
    }

    /// Every sleep so far, in order (zero-length sleeps are not recorded).
    pub fn sleeps(&self) -> Vec<Duration> {
        self.with(|s| s.sleeps.clone())
    }

    /// The sum of all sleeps so far.
    pub fn total_slept(&self) -> Duration {
        self.with(|s| s.sleeps.iter().sum())
    }

    /// Forgets the recorded sleeps (the clock keeps its time).
    pub fn clear_sleeps(&self) {
        self.with(|s| s.sleeps.clear());
    }
}

impl fmt::Debug for FakeClock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.with(|s| {
            f.debug_struct("FakeClock")
                .field("now", &s.now)
                .field("sleeps", &s.sleeps.len())
                .finish()
        })
    }
}

impl Clock for FakeClock {
    fn now(&self) -> Duration {
        self.with(|s| s.now)
    }
}

impl Sleeper for FakeClock {
    fn sleep(&self, duration: Duration) -> SleepFuture {
        if !duration.is_zero() {
            self.with(|s| {
                s.now += duration;
                s.sleeps.push(duration);
            });
        }
        Box::pin(std::future::ready(()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn fake_clock_advances_when_sleeping() {
        let clock = FakeClock::new();
        assert_eq!(clock.now(), Duration::ZERO);
        clock.sleep(Duration::from_millis(250)).await;
        clock.sleep(Duration::ZERO).await;
        clock.advance(Duration::from_secs(1));
        clock.sleep(Duration::from_millis(750)).await;
        assert_eq!(clock.now(), Duration::from_secs(2));
        assert_eq!(
            clock.sleeps(),
            [Duration::from_millis(250), Duration::from_millis(750)]
        );
        assert_eq!(clock.total_slept(), Duration::from_secs(1));
        let shared = clock.clone();
        shared.clear_sleeps();
        assert!(clock.sleeps().is_empty());
    }

    #[test]
    fn system_clock_is_monotonic() {
        let clock = SystemClock::new();
        let a = clock.now();
        let b = clock.now();
        assert!(b >= a);
    }
}
