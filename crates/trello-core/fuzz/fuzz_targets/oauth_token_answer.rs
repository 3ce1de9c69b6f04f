//! The form-encoded answer of the OAuth 1.0a token steps: never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;
use trello_core::oauth1::parse_token_answer;

fuzz_target!(|data: &[u8]| {
    let _ = parse_token_answer("/OAuthGetAccessToken", data);
});
