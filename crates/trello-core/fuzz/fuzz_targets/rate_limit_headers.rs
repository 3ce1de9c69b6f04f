//! The `x-rate-limit-*` headers: any set of header lines must parse without
//! panicking, keep a bounded number of windows, and never invent a value.
#![no_main]

use libfuzzer_sys::fuzz_target;
use trello_core::policy::parse_rate_limit_headers;

fuzz_target!(|data: &[u8]| {
    let mut headers = http::HeaderMap::new();
    for line in data.split(|b| *b == b'\n') {
        let Some(colon) = line.iter().position(|b| *b == b':') else {
            continue;
        };
        let (name, value) = line.split_at(colon);
        let (Ok(name), Ok(value)) = (
            http::HeaderName::from_bytes(name),
            http::HeaderValue::from_bytes(&value[1..]),
        ) else {
            continue;
        };
        headers.append(name, value);
    }
    let parsed = parse_rate_limit_headers(&headers);
    assert!(parsed.windows.len() <= 8);
    for window in &parsed.windows {
        assert!(!window.scope.is_empty());
        assert!(window.max.is_some() || window.remaining.is_some() || window.interval.is_some());
    }
});
