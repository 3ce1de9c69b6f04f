//! The OAuth 1.0a callback URL (oauth_token, oauth_verifier): never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;
use trello_core::oauth1::OAuthCallback;

fuzz_target!(|input: &str| {
    let _ = OAuthCallback::parse(input);
});
