//! The OAuth 2.0 callback (code + state, or error + error_description):
//! never panics, and a parsed code is never empty.
#![no_main]

use libfuzzer_sys::fuzz_target;
use trello_core::oauth2::{CallbackAnswer, parse_callback};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(CallbackAnswer::Code { code, .. }) = parse_callback(text) {
        assert!(!code.expose().is_empty());
    }
});
