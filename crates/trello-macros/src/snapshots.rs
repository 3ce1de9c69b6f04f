//! Expansion snapshots: every `tests/expand/NAME.rs` holds declarations
//! marked `#[endpoint(...)]`; their expansion, formatted with prettyplease,
//! must equal `tests/expand/NAME.expanded.rs`.
//!
//! After an intended change of the expansion, run the tests with
//! `UPDATE_SNAPSHOTS=1` to rewrite the snapshots, and review the diff.

use std::{
    fs,
    path::{Path, PathBuf},
};

use quote::ToTokens;

fn expand_file(source: &str) -> String {
    let file = syn::parse_file(source).unwrap_or_else(|err| panic!("input does not parse: {err}"));
    let mut out = proc_macro2::TokenStream::new();
    for item in file.items {
        let syn::Item::Struct(mut item) = item else {
            continue;
        };
        let Some(index) = item
            .attrs
            .iter()
            .position(|attr| attr.path().is_ident("endpoint"))
        else {
            continue;
        };
        let attr = item.attrs.remove(index);
        let args = match attr.meta {
            syn::Meta::List(list) => list.tokens,
            _ => proc_macro2::TokenStream::new(),
        };
        out.extend(crate::expand::endpoint(args, item.into_token_stream()));
    }
    let expanded = syn::parse2::<syn::File>(out)
        .unwrap_or_else(|err| panic!("the expansion does not parse as Rust: {err}"));
    prettyplease::unparse(&expanded)
}

fn inputs() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/expand");
    let mut inputs: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap_or_else(|err| panic!("{}: {err}", dir.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| {
            path.extension().is_some_and(|ext| ext == "rs")
                && !path.to_string_lossy().ends_with(".expanded.rs")
        })
        .collect();
    inputs.sort();
    inputs
}

#[test]
fn expansions_match_snapshots() {
    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some();
    let inputs = inputs();
    assert!(
        inputs.len() >= 3,
        "expected snapshot inputs in tests/expand"
    );
    let mut mismatches = Vec::new();
    for input in &inputs {
        let source =
            fs::read_to_string(input).unwrap_or_else(|err| panic!("{}: {err}", input.display()));
        let actual = expand_file(&source);
        let snapshot = input.with_extension("expanded.rs");
        if update {
            fs::write(&snapshot, &actual)
                .unwrap_or_else(|err| panic!("{}: {err}", snapshot.display()));
            continue;
        }
        let expected = fs::read_to_string(&snapshot).unwrap_or_default();
        if expected != actual {
            mismatches.push(format!(
                "{} differs from its expansion:\n{}",
                snapshot.display(),
                first_difference(&expected, &actual)
            ));
        }
    }
    assert!(
        mismatches.is_empty(),
        "{}\n\nif the change is intended, rerun with UPDATE_SNAPSHOTS=1 and review the diff",
        mismatches.join("\n\n")
    );
}

fn first_difference(expected: &str, actual: &str) -> String {
    let mut expected_lines = expected.lines();
    let mut actual_lines = actual.lines();
    let mut line = 1;
    loop {
        match (expected_lines.next(), actual_lines.next()) {
            (None, None) => return "(only line endings differ)".to_owned(),
            (e, a) if e == a => line += 1,
            (e, a) => {
                return format!(
                    "line {line}:\n  snapshot:  {}\n  expansion: {}",
                    e.unwrap_or("<end of file>"),
                    a.unwrap_or("<end of file>")
                );
            }
        }
    }
}
