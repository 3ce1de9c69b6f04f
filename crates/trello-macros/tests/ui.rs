//! Compile-time behaviour of `#[endpoint]`: each error the macro can raise,
//! pointing at the offending span (`tests/ui/*.rs` with their `.stderr`),
//! and declarations that must compile (`tests/ui/pass/*.rs`).
//!
//! After an intended change of a message, rerun with `TRYBUILD=overwrite`
//! and review the `.stderr` diff.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
    t.pass("tests/ui/pass/*.rs");
}
