//! The OAuth 2.0 token endpoint's answers, success and error: never panic;
//! an accepted answer has a non-empty access token and a sane expiry.
#![no_main]

use std::time::{Duration, SystemTime};

use libfuzzer_sys::fuzz_target;
use trello_core::oauth2::{MAX_EXPIRES_IN, parse_error_answer, parse_token_answer};

fuzz_target!(|data: &[u8]| {
    let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000);
    if let Ok(tokens) = parse_token_answer(data, now) {
        assert!(!tokens.access_token().expose().is_empty());
        if let Some(at) = tokens.expires_at() {
            assert!(at > now && at <= now + Duration::from_secs(MAX_EXPIRES_IN));
        }
    }
    let _ = parse_error_answer(http::StatusCode::BAD_REQUEST, &http::HeaderMap::new(), data);
});
