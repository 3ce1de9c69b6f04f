//! The other secrets of Trello's authorization: the application secret (the
//! OAuth consumer secret, also the key of webhook signatures), OAuth token
//! secrets and OAuth verifiers, and OAuth 2.0's client id and secret, access
//! and refresh tokens, codes and PKCE verifiers.
//!
//! Like [`ApiKey`](crate::ApiKey) and [`Token`](crate::Token), they are held in
//! [`secrecy`](https://docs.rs/secrecy) types, never show in `Debug` output and have no `Display`.

/// Declares a secret newtype over [`secrecy::SecretString`] with a
/// redacted `Debug`; shared by every secret of the crate.
macro_rules! secret_type {
    ($(#[$doc:meta])* $ty:ident, $label:literal) => {
        $(#[$doc])*
        #[derive(Clone)]
        pub struct $ty(::secrecy::SecretString);

        impl $ty {
            /// Wraps a raw value.
            pub fn new(value: impl Into<String>) -> Self {
                Self(::secrecy::SecretString::from(value.into()))
            }

            /// The raw value. Use only to sign or to put it on the wire.
            pub fn expose(&self) -> &str {
                ::secrecy::ExposeSecret::expose_secret(&self.0)
            }
        }

        impl ::std::fmt::Debug for $ty {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(concat!($label, "(<redacted>)"))
            }
        }

        impl From<String> for $ty {
            fn from(value: String) -> Self {
                Self::new(value)
            }
        }

        impl From<&str> for $ty {
            fn from(value: &str) -> Self {
                Self::new(value)
            }
        }
    };
}
pub(crate) use secret_type;

secret_type!(
    /// The application secret shown under the API key at
    /// <https://trello.com/app-key>: the OAuth 1.0a consumer secret, and the
    /// key of the HMAC that signs webhook deliveries.
    AppSecret,
    "AppSecret"
);

secret_type!(
    /// The secret that goes with an OAuth 1.0a token (request or access
    /// token); it only ever keys signatures and is never sent.
    TokenSecret,
    "TokenSecret"
);

secret_type!(
    /// The `oauth_verifier` Trello hands back to the callback once the user
    /// allowed access; exchanged once for an access token.
    Verifier,
    "Verifier"
);

secret_type!(
    /// An OAuth 2.0 client id (from the Atlassian developer console). Not a
    /// secret in the protocol's sense, but it identifies the app, so it is
    /// kept out of logs like the rest.
    ClientId,
    "ClientId"
);

secret_type!(
    /// An OAuth 2.0 client secret: only confidential clients (servers) have
    /// one; it goes in the token requests' body and nowhere else.
    ClientSecret,
    "ClientSecret"
);

secret_type!(
    /// An OAuth 2.0 access token: sent as `Authorization: Bearer …`.
    AccessToken,
    "AccessToken"
);

secret_type!(
    /// An OAuth 2.0 refresh token. Trello rotates them: each refresh answers a
    /// new one and the old one must never be presented again.
    RefreshToken,
    "RefreshToken"
);

secret_type!(
    /// The one-time `code` of an authorization-code callback.
    AuthorizationCode,
    "AuthorizationCode"
);

secret_type!(
    /// A PKCE code verifier (RFC 7636): kept by the app between the redirect
    /// and the callback, sent once with the code.
    PkceVerifier,
    "PkceVerifier"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_value() {
        let canary = "sEcReTcAnArY";
        for debug in [
            format!("{:?}", AppSecret::new(canary)),
            format!("{:?}", TokenSecret::new(canary)),
            format!("{:?}", Verifier::new(canary)),
            format!("{:?}", ClientId::new(canary)),
            format!("{:?}", ClientSecret::new(canary)),
            format!("{:?}", AccessToken::new(canary)),
            format!("{:?}", RefreshToken::new(canary)),
            format!("{:?}", AuthorizationCode::new(canary)),
            format!("{:?}", PkceVerifier::new(canary)),
        ] {
            assert!(!debug.contains(canary), "{debug}");
            assert!(debug.contains("<redacted>"), "{debug}");
        }
        assert_eq!(AppSecret::from(canary).expose(), canary);
    }
}
