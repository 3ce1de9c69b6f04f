//! The default [`RateLimitStore`]: sliding-window logs in this process's
//! memory, shared by every client of the same credentials.

use std::{
    collections::{HashMap, VecDeque},
    fmt,
    sync::{Arc, Mutex, OnceLock, PoisonError},
    time::Duration,
};

use async_trait::async_trait;

use super::{
    clock::{SharedClock, SystemClock},
    store::{
        Acquire, CredentialHasher, Lesson, Limit, LimitId, RateLimitStore, StoreError, WaitCause,
    },
};

/// Sliding-window logs of grant times, kept in memory.
///
/// Each limit keeps the times of its grants in the last window (at most
/// `max` of them), so memory is bounded by the limits' sizes; limits with
/// nothing left in their window are dropped from time to time.
///
/// [`InProcessStore::global`] is the store every client built without an
/// explicit store (and without a custom clock) uses, so two clients with
/// the same key share the key's budget, and two with the same token share
/// the token's.
///
/// The logs are exact rather than a GCRA (governor) cell: GCRA spreads a
/// window's budget evenly after a burst, which cannot reproduce "fewer than
/// N requests in the last window" — the old limiter's ceiling was 0.95 of
/// what Trello allows. A log of at most `max` instants per limit is small
/// (100 or 300 entries) and decides in O(limits) per permit.
pub struct InProcessStore {
    clock: SharedClock,
    hasher: CredentialHasher,
    limits: Mutex<Table>,
}

#[derive(Default)]
struct Table {
    states: HashMap<LimitId, State>,
    /// Grants since the last sweep of idle limits.
    since_sweep: u32,
}

#[derive(Default)]
struct State {
    /// Grant times on the store's clock, oldest first.
    log: VecDeque<Duration>,
    /// No grant before this time (a learned pause).
    paused_until: Duration,
    /// The window last used for this limit (for sweeping).
    window: Duration,
}

impl State {
    /// Drops grants that left the window ending at `now`: a grant at `t`
    /// counts while `now < t + window`.
    fn trim(&mut self, now: Duration, limit: &Limit) {
        self.window = limit.window;
        while let Some(&oldest) = self.log.front() {
            if oldest.saturating_add(limit.window) <= now {
                self.log.pop_front();
            } else {
                break;
            }
        }
        // A smaller max than before: keep only the newest `max` entries.
        let max = limit.max.max(1) as usize;
        while self.log.len() > max {
            self.log.pop_front();
        }
    }

    /// The wait before this limit has a slot (zero: one is free now).
    fn wait(&self, now: Duration, limit: &Limit) -> Option<(Duration, WaitCause)> {
        let max = limit.max.max(1) as usize;
        let scope = limit.id.scope;
        let mut worst: Option<(Duration, WaitCause)> = None;
        if self.paused_until > now {
            worst = Some((self.paused_until - now, WaitCause::Paused(scope)));
        }
        if self.log.len() >= max {
            // The entry that must leave for the count to drop below max.
            let index = self.log.len() - max;
            let frees_at = self.log[index].saturating_add(limit.window);
            let wait = frees_at.saturating_sub(now);
            if worst.is_none_or(|(w, _)| wait > w) {
                worst = Some((wait, WaitCause::Full(scope)));
            }
        }
        worst
    }
}

impl fmt::Debug for InProcessStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let limits = self
            .limits
            .lock()
            .map(|t| t.states.len())
            .unwrap_or_default();
        f.debug_struct("InProcessStore")
            .field("limits", &limits)
            .finish_non_exhaustive()
    }
}

/// Sweep idle limits after this many grants.
const SWEEP_EVERY: u32 = 4096;

impl InProcessStore {
    /// A store of its own (not shared with other clients unless they are
    /// given this `Arc`), on `clock`, with a random hashing key.
    pub fn new(clock: SharedClock) -> Arc<Self> {
        Arc::new(Self {
            clock,
            hasher: CredentialHasher::random(),
            limits: Mutex::new(Table::default()),
        })
    }

    /// The process-wide store, on the system clock: the default of every
    /// client that has no store and no custom clock.
    pub fn global() -> Arc<Self> {
        static GLOBAL: OnceLock<Arc<InProcessStore>> = OnceLock::new();
        GLOBAL
            .get_or_init(|| Self::new(Arc::new(SystemClock::new())))
            .clone()
    }

    fn table(&self) -> std::sync::MutexGuard<'_, Table> {
        // Every update below leaves the table consistent between
        // statements (pushes, pops, assignments), so a poisoned lock is
        // still usable.
        self.limits.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The number of grants `id` holds in its window now (for tests and
    /// diagnostics).
    pub fn count(&self, limit: &Limit) -> usize {
        let now = self.clock.now();
        let mut table = self.table();
        table.states.get_mut(&limit.id).map_or(0, |state| {
            state.trim(now, limit);
            state.log.len()
        })
    }

    /// Decides a permit now (the synchronous core of `try_acquire`).
    pub fn acquire_now(&self, limits: &[Limit]) -> Acquire {
        let now = self.clock.now();
        let mut table = self.table();
        let mut worst: Option<(Duration, WaitCause)> = None;
        for limit in limits {
            let state = table.states.entry(limit.id).or_default();
            state.trim(now, limit);
            if let Some((wait, cause)) = state.wait(now, limit) {
                if worst.is_none_or(|(w, _)| wait > w) {
                    worst = Some((wait, cause));
                }
            }
        }
        if let Some((wait, cause)) = worst {
            return Acquire::Wait { wait, cause };
        }
        for limit in limits {
            table.states.entry(limit.id).or_default().log.push_back(now);
        }
        table.since_sweep += 1;
        if table.since_sweep >= SWEEP_EVERY {
            table.since_sweep = 0;
            table.states.retain(|_, state| {
                state.paused_until > now
                    || state
                        .log
                        .back()
                        .is_some_and(|&last| last.saturating_add(state.window) > now)
            });
        }
        Acquire::Granted
    }

    /// Settles grants now (the synchronous core of `settle`).
    pub fn settle_now(&self, limits: &[Limit], in_flight: Duration) {
        let now = self.clock.now();
        let target = now
            .saturating_sub(in_flight)
            .saturating_add(Duration::from_millis(1));
        let mut table = self.table();
        for limit in limits {
            let Some(state) = table.states.get_mut(&limit.id) else {
                continue;
            };
            // The log is sorted: the latest grant no later than `target`.
            let index = state.log.partition_point(|&t| t <= target);
            if index == 0 {
                continue;
            }
            state.log.remove(index - 1);
            state.log.push_back(now);
        }
    }

    /// Records lessons now (the synchronous core of `learn`).
    pub fn learn_now(&self, lessons: &[Lesson]) {
        let now = self.clock.now();
        let mut table = self.table();
        for lesson in lessons {
            match *lesson {
                Lesson::Remaining { limit, remaining } => {
                    let state = table.states.entry(limit.id).or_default();
                    state.trim(now, &limit);
                    let used = limit.max.saturating_sub(remaining) as usize;
                    while state.log.len() < used {
                        state.log.push_back(now);
                    }
                }
                Lesson::Pause { limit, pause } => {
                    let state = table.states.entry(limit.id).or_default();
                    state.window = limit.window;
                    let until = now.saturating_add(pause.min(limit.window));
                    state.paused_until = state.paused_until.max(until);
                }
            }
        }
    }
}

#[async_trait]
impl RateLimitStore for InProcessStore {
    async fn try_acquire(&self, limits: &[Limit]) -> Result<Acquire, StoreError> {
        Ok(self.acquire_now(limits))
    }

    async fn learn(&self, lessons: &[Lesson]) -> Result<(), StoreError> {
        self.learn_now(lessons);
        Ok(())
    }

    async fn settle(&self, limits: &[Limit], in_flight: Duration) -> Result<(), StoreError> {
        self.settle_now(limits, in_flight);
        Ok(())
    }

    fn hasher(&self) -> &CredentialHasher {
        &self.hasher
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::{
        FakeClock,
        clock::Clock,
        store::{LimitScope, WaitCause},
    };

    fn limit(store: &InProcessStore, scope: LimitScope, max: u32, secs: u64) -> Limit {
        Limit {
            id: LimitId {
                scope,
                owner: store.hasher().digest("test", &[b"owner"]),
            },
            max,
            window: Duration::from_secs(secs),
        }
    }

    #[test]
    fn a_slot_frees_exactly_when_the_oldest_grant_leaves_the_window() {
        let clock = FakeClock::new();
        let store = InProcessStore::new(Arc::new(clock.clone()));
        let token = limit(&store, LimitScope::Token, 3, 10);
        for _ in 0..3 {
            assert_eq!(store.acquire_now(&[token]), Acquire::Granted);
            clock.advance(Duration::from_secs(1));
        }
        // Grants at 0, 1, 2; now 3: full until 0 + 10.
        assert_eq!(
            store.acquire_now(&[token]),
            Acquire::Wait {
                wait: Duration::from_secs(7),
                cause: WaitCause::Full(LimitScope::Token)
            }
        );
        clock.advance(Duration::from_secs(7) - Duration::from_nanos(1));
        assert!(
            matches!(store.acquire_now(&[token]), Acquire::Wait { wait, .. } if wait == Duration::from_nanos(1))
        );
        clock.advance(Duration::from_nanos(1));
        assert_eq!(store.acquire_now(&[token]), Acquire::Granted);
        assert_eq!(store.count(&token), 3);
        // Next slot at 1 + 10.
        assert!(
            matches!(store.acquire_now(&[token]), Acquire::Wait { wait, .. } if wait == Duration::from_secs(1))
        );
    }

    #[test]
    fn all_or_none_and_the_latest_wait_wins() {
        let clock = FakeClock::new();
        let store = InProcessStore::new(Arc::new(clock.clone()));
        let key = limit(&store, LimitScope::Key, 2, 10);
        let members = limit(&store, LimitScope::Members, 1, 900);
        assert_eq!(store.acquire_now(&[key, members]), Acquire::Granted);
        // Members is full: nothing is logged in the key limit.
        assert_eq!(
            store.acquire_now(&[key, members]),
            Acquire::Wait {
                wait: Duration::from_secs(900),
                cause: WaitCause::Full(LimitScope::Members)
            }
        );
        assert_eq!(store.count(&key), 1);
        assert_eq!(store.acquire_now(&[key]), Acquire::Granted);
        assert_eq!(store.count(&key), 2);
    }

    #[test]
    fn settling_moves_a_grant_to_when_its_answer_came() {
        let clock = FakeClock::new();
        let store = InProcessStore::new(Arc::new(clock.clone()));
        let token = limit(&store, LimitScope::Token, 2, 10);
        assert_eq!(store.acquire_now(&[token]), Acquire::Granted);
        clock.advance(Duration::from_secs(1));
        assert_eq!(store.acquire_now(&[token]), Acquire::Granted);
        // The first call's answer comes at 3 s, 3 s after its grant.
        clock.advance(Duration::from_secs(2));
        store.settle_now(&[token], Duration::from_secs(3));
        // Now the oldest grant is the second (1 s): full until 11 s.
        assert_eq!(
            store.acquire_now(&[token]),
            Acquire::Wait {
                wait: Duration::from_secs(8),
                cause: WaitCause::Full(LimitScope::Token)
            }
        );
        // The second call's answer at 4 s: full until 13 s.
        clock.advance(Duration::from_secs(1));
        store.settle_now(&[token], Duration::from_secs(3));
        assert!(
            matches!(store.acquire_now(&[token]), Acquire::Wait { wait, .. } if wait == Duration::from_secs(9))
        );
    }

    #[test]
    fn lessons_pad_the_log_and_pause_only_their_limit() {
        let clock = FakeClock::new();
        let store = InProcessStore::new(Arc::new(clock.clone()));
        let token = limit(&store, LimitScope::Token, 5, 10);
        let key = limit(&store, LimitScope::Key, 5, 10);
        store.acquire_now(&[token]);
        store.learn_now(&[Lesson::Remaining {
            limit: token,
            remaining: 1,
        }]);
        assert_eq!(store.count(&token), 4);
        // Never removes: a higher remaining changes nothing.
        store.learn_now(&[Lesson::Remaining {
            limit: token,
            remaining: 5,
        }]);
        assert_eq!(store.count(&token), 4);
        store.learn_now(&[Lesson::Pause {
            limit: token,
            pause: Duration::from_secs(1_000_000),
        }]);
        assert_eq!(
            store.acquire_now(&[token]),
            Acquire::Wait {
                wait: Duration::from_secs(10),
                cause: WaitCause::Paused(LimitScope::Token)
            },
            "a pause never exceeds the window"
        );
        assert_eq!(store.acquire_now(&[key]), Acquire::Granted);
        clock.advance(Duration::from_secs(10));
        assert_eq!(store.acquire_now(&[token]), Acquire::Granted);
        assert!(clock.now() >= Duration::from_secs(10));
    }
}
