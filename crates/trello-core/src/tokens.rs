//! The token lifecycle, core side: what the app does when Trello answers
//! 401 `invalid token` (the token was revoked or has expired).
//!
//! [`ReauthorizeHook`] holds a ready, validated authorize URL. Check any
//! error with [`ReauthorizeHook::check`]: on [`Error::InvalidToken`] it
//! returns the URL to send the user to (and calls the app's callback, if
//! one was given), so the app never rebuilds the URL in an error path.
//!
//! ```
//! use trello_core::{Error, authorize::AuthorizeUrl, tokens::ReauthorizeHook};
//!
//! let hook = ReauthorizeHook::new(&AuthorizeUrl::new("my-api-key").name("My App"))?;
//! let err = Error::InvalidToken; // e.g. from client.send(…).await
//! if let Some(url) = hook.check(&err) {
//!     println!("Your Trello access ended; authorize again at {url}");
//! }
//! # Ok::<(), Error>(())
//! ```

use std::{fmt, sync::Arc};

use url::Url;

use crate::{Error, authorize::AuthorizeUrl};

/// The route template of token introspection, `GET /tokens/{token}`.
pub const TOKEN_PATH: &str = "/tokens/{token}";
/// The route template of the token's member, `GET /tokens/{token}/member`.
pub const TOKEN_MEMBER_PATH: &str = "/tokens/{token}/member";

type Callback = Arc<dyn Fn(&Url) + Send + Sync>;

/// A ready authorize URL for when the token stops working. Cheap to clone.
#[derive(Clone)]
pub struct ReauthorizeHook {
    url: Url,
    callback: Option<Callback>,
}

impl fmt::Debug for ReauthorizeHook {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The URL carries the API key: show only where it points.
        f.debug_struct("ReauthorizeHook")
            .field("authorize", &format_args!("{}", self.url.path()))
            .field("has_callback", &self.callback.is_some())
            .finish()
    }
}

impl ReauthorizeHook {
    /// Builds and validates the authorize URL now, so a mistake shows when
    /// the app starts, not when a token expires.
    pub fn new(authorize: &AuthorizeUrl) -> Result<Self, Error> {
        Ok(Self {
            url: authorize.build()?,
            callback: None,
        })
    }

    /// A hook with any URL to send the user to, e.g. the page of your app
    /// that starts an OAuth 2.0 sign-in (whose consent URL needs a fresh
    /// PKCE verifier and state each time, so it cannot be built ahead).
    /// Fires on [`Error::ConsentRequired`] as on [`Error::InvalidToken`].
    pub fn from_url(url: Url) -> Self {
        Self {
            url,
            callback: None,
        }
    }

    /// Also calls `callback` with the URL each time [`ReauthorizeHook::check`]
    /// sees an invalid token (e.g. to notify the user or flag the session).
    pub fn on_invalid_token(mut self, callback: impl Fn(&Url) + Send + Sync + 'static) -> Self {
        self.callback = Some(Arc::new(callback));
        self
    }

    /// The authorize URL. It carries the API key: show it to the user, do
    /// not log it.
    pub fn authorize_url(&self) -> &Url {
        &self.url
    }

    /// The authorize URL when `err` says the token is no longer valid
    /// ([`Error::needs_reauthorization`]), after calling the callback; `None`
    /// for any other error.
    pub fn check(&self, err: &Error) -> Option<&Url> {
        if !err.needs_reauthorization() {
            return None;
        }
        if let Some(callback) = &self.callback {
            callback(&self.url);
        }
        Some(&self.url)
    }

    /// Like [`ReauthorizeHook::check`], without calling the callback (for
    /// looking the URL up again after the client already ran the hook).
    pub fn check_quietly(&self, err: &Error) -> Option<&Url> {
        err.needs_reauthorization().then_some(&self.url)
    }

    /// Passes `result` through, running [`ReauthorizeHook::check`] on an
    /// error: `hook.inspect(client.send(e).await)?`.
    pub fn inspect<T>(&self, result: Result<T, Error>) -> Result<T, Error> {
        if let Err(err) = &result {
            self.check(err);
        }
        result
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;
    use crate::authorize::{CallbackMethod, Scope};

    const KEY: &str = "kEyCaNaRy0123456789";

    #[test]
    fn invalid_token_hands_out_the_url_and_calls_back() {
        let calls = Arc::new(AtomicUsize::new(0));
        let seen = calls.clone();
        let hook = ReauthorizeHook::new(
            &AuthorizeUrl::new(KEY)
                .scope(Scope::READ_WRITE)
                .callback_method(CallbackMethod::Fragment)
                .return_url("https://app.example/cb"),
        )
        .unwrap()
        .on_invalid_token(move |url| {
            assert!(url.as_str().contains("scope=read%2Cwrite"));
            seen.fetch_add(1, Ordering::SeqCst);
        });
        let url = hook.check(&Error::InvalidToken).unwrap();
        assert_eq!(url.path(), "/1/authorize");
        assert!(hook.check(&Error::InvalidKey).is_none());
        assert!(
            hook.check(&Error::NotFound {
                message: "x".into(),
                call: Default::default(),
            })
            .is_none()
        );
        assert!(hook.inspect::<()>(Err(Error::InvalidToken)).is_err());
        assert_eq!(hook.inspect(Ok(5)).unwrap(), 5);
        assert_eq!(calls.load(Ordering::SeqCst), 2);
        assert!(!format!("{hook:?}").contains(KEY));
    }

    #[test]
    fn a_bad_authorize_url_fails_at_construction() {
        let err =
            ReauthorizeHook::new(&AuthorizeUrl::new(KEY).return_url("relative/cb")).unwrap_err();
        assert!(err.to_string().contains("return_url"), "{err}");
    }
}
