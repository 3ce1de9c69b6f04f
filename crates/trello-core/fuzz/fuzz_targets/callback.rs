//! The authorize route's callbacks: fragment, postMessage and pasted input.
//! Any input must give a token or an error, never a panic, and a token is
//! always made of the characters a Trello token has.
#![no_main]

use libfuzzer_sys::fuzz_target;
use trello_core::callback::{parse_fragment, parse_pasted, parse_post_message};

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    for parsed in [
        parse_fragment(input),
        parse_post_message(input),
        parse_pasted(input),
    ] {
        if let Ok(token) = parsed {
            assert!(
                token
                    .expose()
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            );
        }
    }
});
