//! The committed `crates/trello/src/api/` equals a fresh `cargo xtask
//! codegen`, so specs/ and the endpoints cannot drift apart silently.

use xtask::{codegen, spec::Specs};

#[test]
fn committed_endpoints_match_a_fresh_generation() {
    let specs = Specs::load(&xtask::specs_dir()).expect("specs/ loads");
    let files = codegen::generate(&specs).expect("generation succeeds");
    let diff = codegen::diff(&files, &codegen::api_dir());
    assert!(
        diff.is_empty(),
        "crates/trello/src/api/ is stale ({}); run `cargo xtask codegen` and commit the result",
        diff.join(", ")
    );
}

#[test]
fn generation_is_deterministic() {
    let specs = Specs::load(&xtask::specs_dir()).expect("specs/ loads");
    let a = codegen::generate(&specs).expect("generation succeeds");
    let b = codegen::generate(&specs).expect("generation succeeds");
    assert_eq!(a, b);
    assert!(a.values().all(|text| text.starts_with(codegen::HEADER)));
}

#[test]
fn the_sandbox_route_table_matches_a_fresh_generation() {
    let specs = Specs::load(&xtask::specs_dir()).expect("specs/ loads");
    let fresh = codegen::sandbox_routes(&specs);
    let committed = std::fs::read_to_string(codegen::sandbox_routes_path())
        .expect("crates/trello-sandbox/src/routes/routes.txt exists");
    assert!(
        committed == fresh,
        "crates/trello-sandbox/src/routes/routes.txt is stale; run `cargo xtask codegen` and commit the result"
    );
    assert_eq!(fresh.lines().count(), specs.endpoints.len());
}
