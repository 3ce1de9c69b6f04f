//! Where tokens live between runs: the application's [`TokenStore`].

use std::sync::{
    Arc, Mutex, PoisonError,
    atomic::{AtomicUsize, Ordering},
};

use async_trait::async_trait;

use super::token::TokenSet;
use crate::Error;

/// Loads and persists the tokens of one user's grant.
///
/// The SDK calls [`TokenStore::save`] after the code exchange and after
/// **every** refresh: refresh tokens rotate, so the one saved last is the
/// only one that still works — a store that drops a save loses the grant.
#[async_trait]
pub trait TokenStore: Send + Sync + 'static {
    /// The tokens saved last, or `None` when the user never signed in.
    async fn load(&self) -> Result<Option<TokenSet>, Error>;

    /// Persists `tokens`, replacing what was saved. An error fails the call
    /// that refreshed (the new tokens stay in memory for the next calls).
    async fn save(&self, tokens: &TokenSet) -> Result<(), Error>;
}

/// A [`TokenStore`] in memory, for tests and examples. Clones share the
/// same slot, so a test can keep one to look at what was saved.
#[derive(Clone, Debug, Default)]
pub struct MemoryTokenStore {
    inner: Arc<MemoryInner>,
}

#[derive(Debug, Default)]
struct MemoryInner {
    tokens: Mutex<Option<TokenSet>>,
    saves: AtomicUsize,
}

impl MemoryTokenStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    /// A store holding `tokens`.
    pub fn with_tokens(tokens: TokenSet) -> Self {
        let store = Self::new();
        *store.slot() = Some(tokens);
        store
    }

    fn slot(&self) -> std::sync::MutexGuard<'_, Option<TokenSet>> {
        self.inner
            .tokens
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// What was saved last.
    pub fn current(&self) -> Option<TokenSet> {
        self.slot().clone()
    }

    /// How many times [`TokenStore::save`] ran.
    pub fn saves(&self) -> usize {
        self.inner.saves.load(Ordering::SeqCst)
    }
}

#[async_trait]
impl TokenStore for MemoryTokenStore {
    async fn load(&self) -> Result<Option<TokenSet>, Error> {
        Ok(self.current())
    }

    async fn save(&self, tokens: &TokenSet) -> Result<(), Error> {
        *self.slot() = Some(tokens.clone());
        self.inner.saves.fetch_add(1, Ordering::SeqCst);
        Ok(())
    }
}
