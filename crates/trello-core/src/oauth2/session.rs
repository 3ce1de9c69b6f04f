//! One user's OAuth 2.0 grant as a client uses it: the current tokens,
//! refreshed ahead of expiry, single-flight, persisted through the
//! [`TokenStore`].

use std::{
    fmt,
    sync::{
        Arc,
        atomic::{AtomicU64, Ordering},
    },
    time::{Duration, SystemTime},
};

use serde_json::json;
use subtle::ConstantTimeEq;
use tokio::sync::Mutex;

use super::{
    config::OAuth2Config,
    scope::Scopes,
    store::TokenStore,
    token::{TokenCall, TokenSet, post_token},
};
use crate::{Error, secrets::AccessToken};

/// How long before expiry an access token is refreshed, by default.
pub const DEFAULT_REFRESH_MARGIN: Duration = Duration::from_secs(60);

/// Whether a call is checked against the granted scopes before it is sent.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum ScopeCheck {
    /// When the granted scopes are known, refuse a call whose endpoint
    /// requires a scope the token lacks ([`Error::MissingScope`]), before
    /// the wire.
    #[default]
    Check,
    /// Send every call and let the server answer 403.
    TrustServer,
}

/// Wall-clock time, for token expiry. Replaceable in tests.
pub trait WallClock: Send + Sync + 'static {
    /// Now.
    fn now(&self) -> SystemTime;
}

/// The system's wall clock.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemWallClock;

impl WallClock for SystemWallClock {
    fn now(&self) -> SystemTime {
        SystemTime::now()
    }
}

/// What the session holds.
enum State {
    /// Not read from the store yet.
    Unloaded,
    /// The tokens in use.
    Ready(TokenSet),
    /// The grant ended (`invalid_grant`): every call fails until new tokens
    /// are set.
    Ended(String),
}

/// One user's OAuth 2.0 grant, shared by every clone of the client that
/// uses it (put it in [`Auth::OAuth2`](crate::Auth::OAuth2)).
///
/// Before each call it hands out the access token, refreshing it first
/// when it expires within the margin; concurrent calls wait for that one
/// refresh (single-flight) rather than each sending their own. Every new
/// token set is saved to the [`TokenStore`].
pub struct OAuth2Session {
    config: OAuth2Config,
    store: Arc<dyn TokenStore>,
    margin: Duration,
    scope_check: ScopeCheck,
    clock: Arc<dyn WallClock>,
    state: Mutex<State>,
    refreshes: AtomicU64,
}

impl fmt::Debug for OAuth2Session {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OAuth2Session")
            .field("config", &self.config)
            .field("margin", &self.margin)
            .field("scope_check", &self.scope_check)
            .field("refreshes", &self.refresh_count())
            .finish_non_exhaustive()
    }
}

impl OAuth2Session {
    /// A session for the app of `config`, whose tokens `store` loads and
    /// persists.
    pub fn new(config: OAuth2Config, store: impl TokenStore) -> Self {
        Self::with_shared_store(config, Arc::new(store))
    }

    /// Like [`OAuth2Session::new`], with a store the app keeps a handle to.
    pub fn with_shared_store(config: OAuth2Config, store: Arc<dyn TokenStore>) -> Self {
        Self {
            config,
            store,
            margin: DEFAULT_REFRESH_MARGIN,
            scope_check: ScopeCheck::default(),
            clock: Arc::new(SystemWallClock),
            state: Mutex::new(State::Unloaded),
            refreshes: AtomicU64::new(0),
        }
    }

    /// How long before expiry the access token is refreshed (default
    /// [`DEFAULT_REFRESH_MARGIN`], one minute).
    pub fn refresh_margin(mut self, margin: Duration) -> Self {
        self.margin = margin;
        self
    }

    /// Whether calls are checked against the granted scopes (default
    /// [`ScopeCheck::Check`]).
    pub fn scope_check(mut self, check: ScopeCheck) -> Self {
        self.scope_check = check;
        self
    }

    /// Replaces the wall clock that decides expiry (tests).
    pub fn with_clock(mut self, clock: impl WallClock) -> Self {
        self.clock = Arc::new(clock);
        self
    }

    /// Now, on the session's wall clock.
    pub(crate) fn now(&self) -> SystemTime {
        self.clock.now()
    }

    /// The app's registration.
    pub fn config(&self) -> &OAuth2Config {
        &self.config
    }

    /// How many refresh requests this session sent.
    pub fn refresh_count(&self) -> u64 {
        self.refreshes.load(Ordering::SeqCst)
    }

    /// The scope-check setting.
    pub fn scope_checking(&self) -> ScopeCheck {
        self.scope_check
    }

    /// The scopes of the current grant, when known.
    pub async fn granted_scopes(&self) -> Option<Scopes> {
        match &*self.state.lock().await {
            State::Ready(tokens) => tokens.scopes.clone(),
            State::Unloaded | State::Ended(_) => None,
        }
    }

    /// Uses `tokens` from now on (after a code exchange, or tokens the app
    /// got elsewhere) and saves them to the store.
    pub async fn set_tokens(&self, tokens: TokenSet) -> Result<(), Error> {
        let mut state = self.state.lock().await;
        self.store.save(&tokens).await?;
        *state = State::Ready(tokens);
        Ok(())
    }

    /// The access token to send now and the granted scopes (when known),
    /// refreshing first when it expires within the margin.
    pub(crate) async fn bearer(
        &self,
        call: TokenCall<'_>,
    ) -> Result<(AccessToken, Option<Scopes>), Error> {
        let mut state = self.state.lock().await;
        self.load(&mut state).await?;
        let now = self.clock.now();
        if let State::Ready(tokens) = &*state {
            if !tokens.expires_within(now, self.margin) {
                return Ok((tokens.access_token.clone(), tokens.scopes.clone()));
            }
        }
        self.refresh_locked(&mut state, call).await
    }

    /// After the server rejected `rejected` as expired: refreshes, unless
    /// another call already did (then its new token is used).
    pub(crate) async fn refresh_after_rejection(
        &self,
        call: TokenCall<'_>,
        rejected: &AccessToken,
    ) -> Result<(), Error> {
        let mut state = self.state.lock().await;
        self.load(&mut state).await?;
        if let State::Ready(tokens) = &*state {
            let same: bool = tokens
                .access_token
                .expose()
                .as_bytes()
                .ct_eq(rejected.expose().as_bytes())
                .into();
            if !same {
                return Ok(());
            }
        }
        self.refresh_locked(&mut state, call).await.map(|_| ())
    }

    async fn load(&self, state: &mut State) -> Result<(), Error> {
        match state {
            State::Ready(_) => Ok(()),
            State::Ended(reason) => Err(Error::ConsentRequired {
                reason: reason.clone(),
            }),
            State::Unloaded => match self.store.load().await? {
                Some(tokens) => {
                    *state = State::Ready(tokens);
                    Ok(())
                }
                None => Err(Error::ConsentRequired {
                    reason: "no OAuth 2.0 tokens are stored yet".into(),
                }),
            },
        }
    }

    /// Sends one refresh request (the caller holds the lock, so there is
    /// one however many calls wait) and saves the rotated tokens.
    async fn refresh_locked(
        &self,
        state: &mut State,
        call: TokenCall<'_>,
    ) -> Result<(AccessToken, Option<Scopes>), Error> {
        let State::Ready(current) = &*state else {
            return Err(Error::ConsentRequired {
                reason: "no OAuth 2.0 tokens are loaded".into(),
            });
        };
        let Some(refresh) = current.refresh_token.clone() else {
            let reason = "the access token expired and there is no refresh token (ask for the \
                          offline_access scope to get one)"
                .to_owned();
            *state = State::Ended(reason.clone());
            return Err(Error::ConsentRequired { reason });
        };
        let mut body = json!({
            "grant_type": "refresh_token",
            "client_id": self.config.client_id.expose(),
            "refresh_token": refresh.expose(),
        });
        if let Some(secret) = &self.config.client_secret {
            body["client_secret"] = secret.expose().into();
        }
        self.refreshes.fetch_add(1, Ordering::SeqCst);
        let mut fresh = match post_token(
            call,
            &self.config.token_url,
            "refresh_token",
            body,
            self.clock.now(),
        )
        .await
        {
            Ok(fresh) => fresh,
            Err(err @ Error::ConsentRequired { .. }) => {
                if let Error::ConsentRequired { reason } = &err {
                    *state = State::Ended(reason.clone());
                }
                return Err(err);
            }
            Err(err) => return Err(err),
        };
        // A server that does not rotate keeps the refresh token valid; one
        // that answers no scope keeps the grant's scopes.
        if fresh.refresh_token.is_none() {
            fresh.refresh_token = Some(refresh);
        }
        if fresh.scopes.is_none() {
            fresh.scopes = current.scopes.clone();
        }
        let handed = (fresh.access_token.clone(), fresh.scopes.clone());
        let saved = self.store.save(&fresh).await;
        // The old refresh token is spent either way: keep the new one.
        *state = State::Ready(fresh);
        saved?;
        tracing::debug!("OAuth 2.0 tokens refreshed and saved");
        Ok(handed)
    }
}
