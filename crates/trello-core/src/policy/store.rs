//! Where the limiter keeps its counts: the [`RateLimitStore`] trait, shared
//! by the in-process store ([`InProcessStore`](super::InProcessStore)) and
//! stores that share one budget across processes (`trello-redis`).
//!
//! # The model: Trello's own sliding window
//!
//! Trello counts, per limit, the requests sent in the last window (300 per
//! 10 s per API key, 100 per 10 s per token, 100 per 900 s on the
//! `/1/members/{id}` family). A store mirrors that exactly with a *log of
//! grant times* per limit: a permit is free for a limit when fewer than
//! [`Limit::max`] grants of that limit lie in the last [`Limit::window`].
//! (A Redis store keeps the log as a sorted set scored by grant time and
//! decides with one server-side script: trim entries older than the window,
//! count, add — one round trip, no read-modify-write race.)
//!
//! # The contract
//!
//! [`RateLimitStore::try_acquire`] must:
//!
//! - decide **atomically for all limits it is given**: either every limit
//!   has a free slot and a grant is logged in every one of them, or nothing
//!   is logged anywhere (no limit loses a slot to a call that did not go);
//! - refuse while any limit is **paused** ([`Lesson::Pause`]), whatever its
//!   log says;
//! - when refusing, say how long to wait: for a full limit, until its
//!   oldest grant that must leave the window has left it (the
//!   `len - max`-th entry's time plus the window, minus now); for a paused
//!   limit, until the pause ends; and of all of them, the **latest** (the
//!   call waits for the slowest limit, then asks again);
//! - never log more than a limit's `max` within its `window`, whatever the
//!   number of callers, threads or processes.
//!
//! **Time base.** Every time is the *store's own* clock: the in-process
//! store reads the clock it was built with, a Redis store reads Redis
//! `TIME`, so machines with skewed clocks agree. Nothing crosses the
//! boundary as an absolute time: waits and pauses are durations from the
//! store's "now" of the call that carries them, so a caller never needs to
//! compare its clock with the store's.
//!
//! **Safety margin.** The limiter, not the store, applies the margin: it
//! passes a window a little longer than Trello's ([`Limit::window`] already
//! includes it). Stores use the numbers they are given as they are. Once
//! grants are settled (below), latency needs no margin: a settled entry
//! lies after Trello's, and the next grant reaches Trello after the store
//! made it. The margin is for what settling cannot see: a call cut off by
//! its timeout (settled then, though the request may still reach Trello
//! later), a store that does not settle, and the rates of two machines'
//! clocks over a window.
//!
//! **Settling.** Once an answer is in, [`RateLimitStore::settle`] moves the
//! call's grant to the store's now (optional; see its docs): the entry then
//! lies after Trello's own, so latency can never make the store's window
//! free a slot before Trello's does. A grant is named by the [`GrantId`]
//! the caller gave `try_acquire`, so a store settles exactly that grant —
//! never another caller's grant logged at about the same time (which would
//! leave this call's entry at its grant time, before Trello logged it).
//!
//! **Learning.** [`RateLimitStore::learn`] records what an answer taught:
//! `x-rate-limit-*-remaining` (Trello counted more than the log holds —
//! another client outside this store spent some of the budget: the store
//! pads the log up to `max - remaining` entries at its now) and pauses from
//! a 429 (the limit that tripped refuses until the pause ends). Pauses are
//! bounded by the caller to the limit's window; a store clamps them to
//! [`Limit::window`] again, so no lesson can stop a limit for longer.
//! Lessons are shared with every client of the store, scoped to the limit
//! they name: a pause of one token's limit never stops another token.
//!
//! **Errors.** A store returns [`StoreError`] only when it cannot decide
//! (say Redis is unreachable and the store is configured to fail closed).
//! A store that falls back (say to an in-process share of the budget)
//! decides itself and returns `Ok`. On an error from `try_acquire` the
//! limiter fails the call before anything is sent, with an error naming the
//! store's message; an error from `learn` is logged at debug level and the
//! call goes on (a lesson is advice). Every store call must end in bounded
//! time (a Redis store puts a timeout on each call).
//!
//! **Identity.** A limit is named by a [`LimitId`]: its [`LimitScope`] and a
//! keyed hash ([`CredentialHasher`]) of the credentials it belongs to —
//! never the credentials. The store supplies the hasher
//! ([`RateLimitStore::hasher`]) so all clients of one store (in one
//! process, or every process sharing a Redis store with the same secret)
//! name the same credentials the same way.

use std::{
    fmt,
    sync::atomic::{AtomicU64, Ordering},
    time::Duration,
};

use async_trait::async_trait;
use hmac::{Hmac, Mac};
use secrecy::{ExposeSecret, SecretSlice};
use sha2::Sha256;

/// Which of Trello's limits a [`LimitId`] names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum LimitScope {
    /// All calls with one API key (Trello: 300 per 10 s).
    Key,
    /// All calls with one token (Trello: 100 per 10 s).
    Token,
    /// `/1/members/{id}` calls with one token (Trello: 100 per 900 s).
    Members,
    /// `/1/search` and `/1/search/members` with one token (stricter,
    /// unpublished; this SDK applies the members window).
    Search,
    /// The budget of retries after a 429, per API key: Trello blocks a key
    /// for the rest of the window past 200 429s in 10 s, so retries of 429
    /// across all clients of a key stay well below that.
    RetryBudget,
}

impl LimitScope {
    /// A short stable name, usable in a store's key names
    /// (`key`, `token`, `members`, `search`, `retry`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Key => "key",
            Self::Token => "token",
            Self::Members => "members",
            Self::Search => "search",
            Self::RetryBudget => "retry",
        }
    }
}

impl fmt::Display for LimitScope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A keyed hash (HMAC-SHA256) of the credentials a limit belongs to. It
/// names them without revealing them: `Display` gives lowercase hex, safe in
/// logs and in store key names.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CredentialDigest([u8; 32]);

impl CredentialDigest {
    /// The digest's bytes.
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// A digest from raw bytes (for stores that read ids back).
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }
}

impl fmt::Display for CredentialDigest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for byte in &self.0 {
            write!(f, "{byte:02x}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for CredentialDigest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The first 8 bytes are plenty to tell limits apart in a log.
        write!(f, "CredentialDigest(")?;
        for byte in &self.0[..8] {
            write!(f, "{byte:02x}")?;
        }
        write!(f, "…)")
    }
}

/// Hashes credentials into [`CredentialDigest`]s with a secret key, so a
/// store's key names (in Redis, visible to anyone who can read it) reveal
/// nothing about the credentials, not even by trying guesses.
///
/// Every client sharing a store must hash with the same secret: the
/// in-process store draws a random one per process; a store shared between
/// processes is configured with one secret for the whole fleet.
#[derive(Clone)]
pub struct CredentialHasher {
    secret: SecretSlice<u8>,
}

impl fmt::Debug for CredentialHasher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CredentialHasher(<redacted>)")
    }
}

impl CredentialHasher {
    /// A hasher keyed with `secret` (at least 16 bytes of randomness are
    /// advised; share it between the processes of one fleet).
    pub fn new(secret: impl Into<Vec<u8>>) -> Self {
        Self {
            secret: SecretSlice::from(secret.into()),
        }
    }

    /// A hasher with a fresh random key (digests are only comparable within
    /// this value and its clones).
    pub fn random() -> Self {
        let mut secret = [0u8; 32];
        if getrandom::fill(&mut secret).is_err() {
            // No OS randomness: fall back to a per-process unique value. The
            // digests then still hide the credentials (HMAC), only guesses
            // become checkable by someone who reads the in-process table,
            // which lives in this process's memory anyway.
            let fallback = fastrand::u64(..).to_le_bytes();
            secret[..8].copy_from_slice(&fallback);
            secret[8..16].copy_from_slice(&std::process::id().to_le_bytes().repeat(2));
        }
        Self::new(secret.to_vec())
    }

    /// The digest of `parts` (each length-prefixed, so `("ab", "c")` and
    /// `("a", "bc")` differ), under `domain` (what the parts are, e.g.
    /// `"key"`).
    pub fn digest(&self, domain: &str, parts: &[&[u8]]) -> CredentialDigest {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(self.secret.expose_secret())
            .unwrap_or_else(|_| {
                // HMAC accepts keys of any length; this branch is unreachable,
                // and an all-zero key still gives a deterministic digest.
                <Hmac<Sha256> as Mac>::new_from_slice(&[0u8; 32]).expect("HMAC takes any key")
            });
        mac.update(&(domain.len() as u64).to_le_bytes());
        mac.update(domain.as_bytes());
        for part in parts {
            mac.update(&(part.len() as u64).to_le_bytes());
            mac.update(part);
        }
        CredentialDigest(mac.finalize().into_bytes().into())
    }
}

/// One limit of one set of credentials, e.g. "the token limit of token T".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LimitId {
    /// Which limit.
    pub scope: LimitScope,
    /// Whose (a keyed hash of the key, or of the key and token).
    pub owner: CredentialDigest,
}

impl fmt::Display for LimitId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.scope, self.owner)
    }
}

/// Names one grant (one attempt of one call), so that
/// [`RateLimitStore::settle`] moves that grant and no other.
///
/// `GrantId::next` gives ids unique in this process; a store shared
/// between processes makes them unique across the fleet by adding an id of
/// its own (a Redis store names a grant `<store instance>:<grant id>`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct GrantId(u64);

impl GrantId {
    /// A fresh id, never returned before in this process (never 0).
    pub fn next() -> Self {
        static NEXT: AtomicU64 = AtomicU64::new(1);
        Self(NEXT.fetch_add(1, Ordering::Relaxed))
    }

    /// The id of entries that stand for no grant of this process (a
    /// store's padding from a `remaining` lesson); `next` never returns it.
    pub const fn padding() -> Self {
        Self(0)
    }

    /// The id as a number (for a store's entry names).
    pub fn get(self) -> u64 {
        self.0
    }
}

impl fmt::Display for GrantId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// A limit to enforce: at most `max` grants in any `window`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limit {
    /// Which limit.
    pub id: LimitId,
    /// The most grants in any window (at least 1).
    pub max: u32,
    /// The window, safety margin included (longer than zero).
    pub window: Duration,
}

/// Why a store refused a permit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WaitCause {
    /// The limit's window is full: it frees up as old grants age out.
    Full(LimitScope),
    /// Trello asked (a 429) to pause this limit.
    Paused(LimitScope),
}

impl WaitCause {
    /// The scope of the limit that made the call wait.
    pub fn scope(self) -> LimitScope {
        match self {
            Self::Full(scope) | Self::Paused(scope) => scope,
        }
    }
}

/// A store's answer to [`RateLimitStore::try_acquire`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Acquire {
    /// A grant was logged in every limit: send now.
    Granted,
    /// Nothing was logged. Ask again after `wait` (on the store's clock,
    /// from the store's now); `cause` names the limit that needs the
    /// longest wait.
    Wait {
        /// How long until the slowest limit may have a slot.
        wait: Duration,
        /// The limit needing the longest wait.
        cause: WaitCause,
    },
}

/// What an answer taught about one limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lesson {
    /// Trello says `remaining` calls are left in `limit`'s window (from
    /// `x-rate-limit-*-remaining`): the store makes its log hold at least
    /// `limit.max - remaining` grants in the window, adding entries at its
    /// now if needed (it never removes any).
    Remaining {
        /// The limit the header named.
        limit: Limit,
        /// What Trello said remains.
        remaining: u32,
    },
    /// Trello refused a call on `limit` (a 429) and asked to wait `pause`:
    /// the store refuses permits of this limit until `pause` has passed on
    /// its clock (clamped to `limit.window`; a longer pause already set
    /// stays).
    Pause {
        /// The limit that tripped.
        limit: Limit,
        /// How long to pause, from the store's now.
        pause: Duration,
    },
}

impl Lesson {
    /// The limit the lesson is about.
    pub fn limit(&self) -> &Limit {
        match self {
            Self::Remaining { limit, .. } | Self::Pause { limit, .. } => limit,
        }
    }
}

/// A store could not decide (see the module docs for what the limiter does
/// then). Its message must not contain credentials.
#[derive(Debug, thiserror::Error)]
#[error("rate-limit store: {message}")]
pub struct StoreError {
    message: String,
    #[source]
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl StoreError {
    /// An error saying what failed and what to do.
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            source: None,
        }
    }

    /// The same, keeping the underlying error as the source.
    pub fn with_source(
        message: impl Into<String>,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> Self {
        Self {
            message: message.into(),
            source: Some(Box::new(source)),
        }
    }

    /// What failed.
    pub fn message(&self) -> &str {
        &self.message
    }
}

/// Where the limiter keeps its logs of grants and learned pauses (see the
/// [module docs](self) for the full contract).
///
/// Object safe: clients hold an `Arc<dyn RateLimitStore>`.
#[async_trait]
pub trait RateLimitStore: Send + Sync + fmt::Debug + 'static {
    /// Grants one permit for every limit in `limits` at once — all or none —
    /// or says how long to wait before asking again. `limits` holds each
    /// `LimitId` at most once. A grant is logged under `grant` (a fresh
    /// `GrantId::next` per call), the name [`settle`](Self::settle) uses.
    async fn try_acquire(&self, limits: &[Limit], grant: GrantId) -> Result<Acquire, StoreError>;

    /// Records what an answer taught (several lessons of one answer at once,
    /// so a Redis store can send them in one round trip).
    async fn learn(&self, lessons: &[Lesson]) -> Result<(), StoreError>;

    /// Moves the grant named `grant` in each of `limits` from when it was
    /// made to the store's now, once its answer (or failure) is in. A grant
    /// that already left its window (or was never logged) is left alone;
    /// settling twice moves it again (later, never earlier).
    ///
    /// Why: Trello logs a request when it *arrives*, which is after the
    /// grant and before the answer. A grant counted from its answer can
    /// never leave the store's window before Trello's entry leaves Trello's,
    /// whatever the network latency, so a greedy job stays at 0 × 429 with
    /// a margin of only the timer's granularity.
    ///
    /// Why by name: many callers (tasks, processes) hold grants made within
    /// the same millisecond. Moving "a grant made about then" instead of
    /// this one would, whenever another caller's entry lies close by, leave
    /// this call's entry at its grant time — counted from *before* Trello
    /// logged it — and a latency longer than the margin then frees the slot
    /// early (a 429).
    ///
    /// The default does nothing (grants then count from when they were
    /// made, and only `Limit::window`'s margin covers the latency).
    async fn settle(&self, limits: &[Limit], grant: GrantId) -> Result<(), StoreError> {
        let _ = (limits, grant);
        Ok(())
    }

    /// The hasher that names credentials in this store.
    fn hasher(&self) -> &CredentialHasher;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digests_are_keyed_and_unambiguous() {
        let a = CredentialHasher::new(b"secret one".to_vec());
        let b = CredentialHasher::new(b"secret two".to_vec());
        let key: &[u8] = b"key-canary";
        assert_eq!(a.digest("key", &[key]), a.digest("key", &[key]));
        assert_ne!(a.digest("key", &[key]), b.digest("key", &[key]));
        assert_ne!(a.digest("key", &[key]), a.digest("token", &[key]));
        assert_ne!(
            a.digest("token", &[b"ab", b"c"]),
            a.digest("token", &[b"a", b"bc"])
        );
        let shown = format!("{} {:?} {a:?}", a.digest("key", &[key]), a);
        assert!(
            !shown.contains("canary") && !shown.contains("secret"),
            "{shown}"
        );
        assert_eq!(a.digest("key", &[key]).to_string().len(), 64);
    }
}
