//! Ids and secrets in Trello's shapes.

use std::sync::atomic::{AtomicU64, Ordering};

static COUNTER: AtomicU64 = AtomicU64::new(1);

/// A new 24-hex-digit id, like Trello's (time prefix, then a counter).
pub fn new_id() -> String {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    format!(
        "{:08x}{:016x}",
        seconds as u32,
        n ^ (fastrand::u64(..) & 0xffff_ffff_0000_0000)
    )
}

/// Random lower-case hex of `len` digits (tokens, secrets). A sandbox value:
/// not for production secrets.
pub fn random_hex(len: usize) -> String {
    (0..len)
        .map(|_| char::from_digit(fastrand::u32(..16), 16).unwrap_or('0'))
        .collect()
}

/// A short link: 8 characters of letters and digits.
pub fn short_link() -> String {
    (0..8).map(|_| fastrand::alphanumeric()).collect()
}

/// Whether `s` looks like a Trello id (24 hex digits).
pub fn is_trello_id(s: &str) -> bool {
    s.len() == 24 && s.bytes().all(|b| b.is_ascii_hexdigit())
}
