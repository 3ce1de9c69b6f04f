//! Trello's error answers: any status, `Retry-After` value and body must map
//! to an `Error` without panicking, keep the status it came with, and keep
//! server text short.
#![no_main]

use libfuzzer_sys::fuzz_target;
use trello_core::error::error_from_response;

fuzz_target!(|data: &[u8]| {
    let [hi, lo, header_len, rest @ ..] = data else {
        return;
    };
    let Ok(status) = http::StatusCode::from_u16(400 + u16::from_be_bytes([*hi, *lo]) % 200) else {
        return;
    };
    let split = usize::from(*header_len).min(rest.len());
    let (retry_after, body) = rest.split_at(split);
    let mut headers = http::HeaderMap::new();
    if let Ok(value) = http::HeaderValue::from_bytes(retry_after) {
        headers.insert(http::header::RETRY_AFTER, value);
    }
    let err = error_from_response(status, &headers, body);
    assert_eq!(err.status(), Some(status));
    let shown = err.to_string();
    let _ = format!("{err:?}");
    let _ = err.is_retryable();
    // Messages are shortened to a few hundred characters plus our own text.
    assert!(shown.len() < 2_000, "{} bytes", shown.len());
});
