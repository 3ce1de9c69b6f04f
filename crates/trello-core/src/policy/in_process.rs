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
        Acquire, CredentialHasher, GrantId, Lesson, Limit, LimitId, RateLimitStore, StoreError,
        WaitCause,
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

/// Names the entries a `remaining` lesson pads a log with (never settled:
/// [`GrantId::next`] never returns 0).
const PADDING: GrantId = GrantId::padding();

#[derive(Default)]
struct State {
    /// Grant times on the store's clock, oldest first, with the grant each
    /// entry belongs to.
    log: VecDeque<(Duration, GrantId)>,
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
        while let Some(&(oldest, _)) = self.log.front() {
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
            let frees_at = self.log[index].0.saturating_add(limit.window);
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

    /// Decides a permit now (the synchronous core of `try_acquire`),
    /// logging it under `grant`.
    pub fn acquire_now(&self, limits: &[Limit], grant: GrantId) -> Acquire {
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
            table
                .states
                .entry(limit.id)
                .or_default()
                .log
                .push_back((now, grant));
        }
        table.since_sweep += 1;
        if table.since_sweep >= SWEEP_EVERY {
            table.since_sweep = 0;
            table.states.retain(|_, state| {
                state.paused_until > now
                    || state
                        .log
                        .back()
                        .is_some_and(|&(last, _)| last.saturating_add(state.window) > now)
            });
        }
        Acquire::Granted
    }

    /// Settles `grant` now (the synchronous core of `settle`): its entry in
    /// each limit moves to now, the end of the log (which stays sorted).
    pub fn settle_now(&self, limits: &[Limit], grant: GrantId) {
        let now = self.clock.now();
        let mut table = self.table();
        for limit in limits {
            let Some(state) = table.states.get_mut(&limit.id) else {
                continue;
            };
            // Answers come soon after their grants: search from the newest.
            let Some(index) = state.log.iter().rposition(|&(_, id)| id == grant) else {
                continue;
            };
            state.log.remove(index);
            state.log.push_back((now, grant));
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
                        state.log.push_back((now, PADDING));
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
    async fn try_acquire(&self, limits: &[Limit], grant: GrantId) -> Result<Acquire, StoreError> {
        Ok(self.acquire_now(limits, grant))
    }

    async fn learn(&self, lessons: &[Lesson]) -> Result<(), StoreError> {
        self.learn_now(lessons);
        Ok(())
    }

    async fn settle(&self, limits: &[Limit], grant: GrantId) -> Result<(), StoreError> {
        self.settle_now(limits, grant);
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
            assert_eq!(
                store.acquire_now(&[token], GrantId::next()),
                Acquire::Granted
            );
            clock.advance(Duration::from_secs(1));
        }
        // Grants at 0, 1, 2; now 3: full until 0 + 10.
        assert_eq!(
            store.acquire_now(&[token], GrantId::next()),
            Acquire::Wait {
                wait: Duration::from_secs(7),
                cause: WaitCause::Full(LimitScope::Token)
            }
        );
        clock.advance(Duration::from_secs(7) - Duration::from_nanos(1));
        assert!(
            matches!(store.acquire_now(&[token], GrantId::next()), Acquire::Wait { wait, .. } if wait == Duration::from_nanos(1))
        );
        clock.advance(Duration::from_nanos(1));
        assert_eq!(
            store.acquire_now(&[token], GrantId::next()),
            Acquire::Granted
        );
        assert_eq!(store.count(&token), 3);
        // Next slot at 1 + 10.
        assert!(
            matches!(store.acquire_now(&[token], GrantId::next()), Acquire::Wait { wait, .. } if wait == Duration::from_secs(1))
        );
    }

    #[test]
    fn all_or_none_and_the_latest_wait_wins() {
        let clock = FakeClock::new();
        let store = InProcessStore::new(Arc::new(clock.clone()));
        let key = limit(&store, LimitScope::Key, 2, 10);
        let members = limit(&store, LimitScope::Members, 1, 900);
        assert_eq!(
            store.acquire_now(&[key, members], GrantId::next()),
            Acquire::Granted
        );
        // Members is full: nothing is logged in the key limit.
        assert_eq!(
            store.acquire_now(&[key, members], GrantId::next()),
            Acquire::Wait {
                wait: Duration::from_secs(900),
                cause: WaitCause::Full(LimitScope::Members)
            }
        );
        assert_eq!(store.count(&key), 1);
        assert_eq!(store.acquire_now(&[key], GrantId::next()), Acquire::Granted);
        assert_eq!(store.count(&key), 2);
    }

    #[test]
    fn settling_moves_a_grant_to_when_its_answer_came() {
        let clock = FakeClock::new();
        let store = InProcessStore::new(Arc::new(clock.clone()));
        let token = limit(&store, LimitScope::Token, 2, 10);
        let (first, second) = (GrantId::next(), GrantId::next());
        assert_eq!(store.acquire_now(&[token], first), Acquire::Granted);
        clock.advance(Duration::from_secs(1));
        assert_eq!(store.acquire_now(&[token], second), Acquire::Granted);
        // The first call's answer comes at 3 s.
        clock.advance(Duration::from_secs(2));
        store.settle_now(&[token], first);
        // Now the oldest grant is the second (1 s): full until 11 s.
        assert_eq!(
            store.acquire_now(&[token], GrantId::next()),
            Acquire::Wait {
                wait: Duration::from_secs(8),
                cause: WaitCause::Full(LimitScope::Token)
            }
        );
        // The second call's answer at 4 s: full until 13 s.
        clock.advance(Duration::from_secs(1));
        store.settle_now(&[token], second);
        assert!(
            matches!(store.acquire_now(&[token], GrantId::next()), Acquire::Wait { wait, .. } if wait == Duration::from_secs(9))
        );
        // An unknown grant (or one that left the window) moves nothing.
        store.settle_now(&[token], GrantId::next());
        assert!(
            matches!(store.acquire_now(&[token], GrantId::next()), Acquire::Wait { wait, .. } if wait == Duration::from_secs(9))
        );
    }

    #[test]
    fn lessons_pad_the_log_and_pause_only_their_limit() {
        let clock = FakeClock::new();
        let store = InProcessStore::new(Arc::new(clock.clone()));
        let token = limit(&store, LimitScope::Token, 5, 10);
        let key = limit(&store, LimitScope::Key, 5, 10);
        store.acquire_now(&[token], GrantId::next());
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
            store.acquire_now(&[token], GrantId::next()),
            Acquire::Wait {
                wait: Duration::from_secs(10),
                cause: WaitCause::Paused(LimitScope::Token)
            },
            "a pause never exceeds the window"
        );
        assert_eq!(store.acquire_now(&[key], GrantId::next()), Acquire::Granted);
        clock.advance(Duration::from_secs(10));
        assert_eq!(
            store.acquire_now(&[token], GrantId::next()),
            Acquire::Granted
        );
        assert!(clock.now() >= Duration::from_secs(10));
    }

    /// How a simulated call's grant is counted once its answer is in.
    #[derive(Clone, Copy, Debug, PartialEq)]
    enum Settling {
        /// `settle` by the call's own grant id (the store's contract).
        ByName,
        /// Move "the latest grant made no later than the call's grant time
        /// plus 1 ms plus 0-10 ms of store round trip and scheduling" (the
        /// first design, which had no grant ids): whenever another caller's
        /// entry lies in that span, it moves that one and leaves this call's
        /// entry at its grant time, before the server logged the call.
        Nearby,
        /// Never: grants count from when they were made.
        Never,
    }

    /// The first design's settle, kept to show what it got wrong: it moved
    /// the latest grant no later than `now - in_flight` plus 1 ms, and
    /// `in_flight` is measured by the caller from when it *received* the
    /// grant, so the search reached past the call's own grant by `slack`:
    /// a store round trip and the caller's scheduling delays (several ms on
    /// a loaded machine, through Redis).
    fn settle_nearby(store: &InProcessStore, limit: &Limit, granted_at: Duration, slack: Duration) {
        let now = store.clock.now();
        let target = granted_at + Duration::from_millis(1) + slack;
        let mut table = store.table();
        let Some(state) = table.states.get_mut(&limit.id) else {
            return;
        };
        let index = state.log.partition_point(|&(t, _)| t <= target);
        if index > 0
            && let Some((_, id)) = state.log.remove(index - 1)
        {
            state.log.push_back((now, id));
        }
    }

    /// A greedy fleet on one limit (`max` per 1 s at the server), simulated
    /// on the fake clock with a store window 2 ms longer: `tasks` callers,
    /// each call reaching the server 0-20 ms after its grant and answered
    /// 0-20 ms after that, each waiting caller waking 0-2 ms late. The
    /// server counts arrivals in a sliding window, as Trello does, and
    /// refuses (a 429) an arrival when `max` arrived in the last second.
    /// Returns (arrivals accepted, 429s) over `secs` simulated seconds.
    fn simulate(settling: Settling, tasks: usize, max: u32, secs: u64) -> (usize, usize) {
        use std::{cmp::Reverse, collections::BinaryHeap};

        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
        enum Event {
            Ask,
            Arrive,
            Answer(GrantId, Duration),
        }
        let server_window = Duration::from_secs(1);
        let margin = Duration::from_millis(2);
        let clock = FakeClock::new();
        let store = InProcessStore::new(Arc::new(clock.clone()));
        let limit = Limit {
            window: server_window + margin,
            ..limit(&store, LimitScope::Key, max, 1)
        };
        let mut rng = fastrand::Rng::with_seed(20);
        let mut ms = |hi: u64| Duration::from_micros(rng.u64(0..=hi * 1000));
        let mut events = BinaryHeap::new();
        let mut seq = 0u64;
        let mut push = |events: &mut BinaryHeap<_>, at: Duration, task: usize, event: Event| {
            seq += 1;
            events.push(Reverse((at, seq, task, event)));
        };
        for task in 0..tasks {
            push(&mut events, Duration::ZERO, task, Event::Ask);
        }
        let end = Duration::from_secs(secs);
        let (mut arrivals, mut refused) = (VecDeque::<Duration>::new(), 0usize);
        let mut accepted = 0usize;
        while let Some(Reverse((at, _, task, event))) = events.pop() {
            if at > end {
                break;
            }
            clock.advance(at.saturating_sub(clock.now()));
            match event {
                Event::Ask => {
                    let grant = GrantId::next();
                    match store.acquire_now(&[limit], grant) {
                        Acquire::Granted => {
                            let arrive = at + ms(20);
                            push(&mut events, arrive, task, Event::Arrive);
                            let answer = arrive + ms(20);
                            push(&mut events, answer, task, Event::Answer(grant, at));
                        }
                        Acquire::Wait { wait, .. } => {
                            let wake = at + wait.max(Duration::from_millis(1)) + ms(2);
                            push(&mut events, wake, task, Event::Ask);
                        }
                    }
                }
                Event::Arrive => {
                    while arrivals.front().is_some_and(|&t| t + server_window <= at) {
                        arrivals.pop_front();
                    }
                    if arrivals.len() >= max as usize {
                        refused += 1;
                    } else {
                        arrivals.push_back(at);
                        accepted += 1;
                    }
                }
                Event::Answer(grant, granted_at) => {
                    match settling {
                        Settling::ByName => store.settle_now(&[limit], grant),
                        Settling::Nearby => {
                            settle_nearby(&store, &limit, granted_at, ms(10));
                        }
                        Settling::Never => {}
                    }
                    push(&mut events, at, task, Event::Ask);
                }
            }
        }
        (accepted, refused)
    }

    #[test]
    fn settling_by_name_keeps_a_jittery_fleet_under_the_servers_window() {
        // Latency jitter (up to 20 ms each way) ten times the margin (2 ms).
        let (accepted, refused) = simulate(Settling::ByName, 16, 100, 60);
        assert_eq!(refused, 0, "429s with grants settled by name");
        // Each slot's cycle: window + margin + up to 40 ms of answer + the
        // wake-up, so at least 0.95 of the server's 100 per second.
        assert!(accepted >= 5_700, "only {accepted} calls in 60 s");

        // The same fleet without settling, or settling "a grant made about
        // then" rather than its own, is refused by the server (the second
        // is the fleet bench's lone 429: its error grows with the Redis
        // round trip and the machine's load, past the margin).
        let (_, refused) = simulate(Settling::Never, 16, 100, 60);
        assert!(refused > 0, "counting from the grant must trip the server");
        let (_, refused) = simulate(Settling::Nearby, 16, 100, 60);
        assert!(
            refused > 0,
            "settling another caller's grant must trip the server"
        );
    }
}
