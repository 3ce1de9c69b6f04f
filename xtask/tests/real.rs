//! The real check over the committed `specs/`, and the importer's
//! idempotence.

use std::{fs, path::PathBuf};

use xtask::{import, registry, spec};

#[test]
fn the_compiled_registry_matches_the_committed_specs() {
    let report = xtask::run_check(
        &xtask::specs_dir(),
        &registry::sdk_endpoints(),
        xtask::authorize_params(),
    )
    .expect("specs/ loads");
    let details: Vec<String> = report.mismatches.iter().map(ToString::to_string).collect();
    assert!(
        report.ok(),
        "`cargo xtask check` fails:\n{}\n{}",
        details.join("\n"),
        report.summary()
    );
}

#[test]
fn the_committed_specs_cover_every_operation_once() {
    let specs = spec::Specs::load(&xtask::specs_dir()).expect("specs/ loads");
    assert_eq!(specs.endpoints.len(), xtask::check::TOTAL_OPERATIONS);
    let mut routes: Vec<String> = specs.endpoints.iter().map(|e| e.route()).collect();
    routes.dedup();
    assert_eq!(
        routes.len(),
        xtask::check::TOTAL_OPERATIONS,
        "duplicate routes"
    );
    let auth = specs.auth.expect("specs/auth.toml");
    let names: Vec<&str> = auth
        .authorize
        .params
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    assert_eq!(
        names,
        [
            "callback_method",
            "expiration",
            "key",
            "name",
            "response_type",
            "return_url",
            "scope"
        ]
    );
    assert_eq!(auth.oauth1.len(), 3);
}

fn temp_dir(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("xtask-{tag}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    dir
}

fn read_tomls(dir: &std::path::Path) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = fs::read_dir(dir)
        .expect("dir readable")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".toml"))
        .map(|n| {
            let text = fs::read_to_string(dir.join(&n)).expect("file readable");
            (n, text)
        })
        .collect();
    files.sort();
    files
}

#[test]
fn import_is_idempotent_and_matches_the_committed_specs() {
    let openapi = xtask::default_openapi();
    let Ok(text) = fs::read_to_string(&openapi) else {
        println!(
            "note: {} is absent; import idempotence not checked against it",
            openapi.display()
        );
        return;
    };
    let committed = xtask::specs_dir();
    let date = fs::read_to_string(committed.join("boards.toml"))
        .ok()
        .and_then(|t| {
            t.lines()
                .find_map(|l| l.strip_prefix("# Imported: "))
                .map(str::to_owned)
        })
        .unwrap_or_else(|| "2000-01-01".to_owned());

    let a = temp_dir("import-a");
    let b = temp_dir("import-b");
    // The committed specs are the history: moved operations keep their
    // former paths only when imported over them.
    let previous = xtask::spec::Specs::load(&committed)
        .expect("committed specs load")
        .endpoints;
    let first = import::import_over(&text, &date, &previous).expect("import");
    import::write(&first, &a).expect("write a");
    import::write(
        &import::import_over(&text, &date, &previous).expect("import"),
        &b,
    )
    .expect("write b");
    // importing over an existing directory changes nothing either
    import::write(
        &import::import_over(&text, &date, &previous).expect("import"),
        &a,
    )
    .expect("rewrite a");
    let files_a = read_tomls(&a);
    assert_eq!(files_a, read_tomls(&b), "two imports differ");
    assert_eq!(files_a.len(), 19, "18 resource groups and auth.toml");
    assert_eq!(first.endpoints.len(), 261);

    let committed_files: Vec<_> = read_tomls(&committed)
        .into_iter()
        .filter(|(n, _)| n != xtask::spec::OVERLAY_FILE && n != xtask::spec::RESPONSES_FILE)
        .collect();
    for ((name, fresh), (cname, old)) in files_a.iter().zip(&committed_files) {
        assert_eq!(name, cname);
        assert!(
            fresh == old,
            "specs/{name} differs from a fresh import: run `cargo xtask specs import --openapi {}`",
            openapi.display()
        );
    }
    assert_eq!(files_a.len(), committed_files.len());
    let _ = fs::remove_dir_all(&a);
    let _ = fs::remove_dir_all(&b);
}

#[test]
fn every_operation_and_parameter_has_our_own_description() {
    let specs = spec::Specs::load(&xtask::specs_dir()).expect("specs/ loads");
    let docs = xtask::docs::Docs::load(&xtask::specs_dir()).expect("specs/docs/ loads");
    let report = xtask::docs::check(&specs, &docs);
    assert!(
        report.ok(),
        "{}\n{}",
        report.problems.join("\n"),
        report.summary()
    );
    assert_eq!(report.summarised, specs.endpoints.len());
    // Where the reference document is at hand, none of them repeats its prose.
    let openapi = xtask::workspace_root().join("../shared/reference/trello-openapi-2026-10.json");
    if let Ok(text) = fs::read_to_string(&openapi) {
        let copied = xtask::docs::copied_prose(&docs, &text).expect("the reference parses");
        assert!(copied.is_empty(), "{}", copied.join("\n"));
    }
}

#[test]
fn codegen_puts_our_descriptions_on_the_generated_endpoints() {
    let specs = spec::Specs::load(&xtask::specs_dir()).expect("specs/ loads");
    let docs = xtask::docs::Docs::load(&xtask::specs_dir()).expect("specs/docs/ loads");
    let files = xtask::codegen::generate(&specs).expect("generation succeeds");
    let all: String = files.values().cloned().collect();
    let mut missing = Vec::new();
    for e in &specs.endpoints {
        let Some(op) = e.operation_id.as_deref() else {
            continue;
        };
        if let Some(summary) = docs.summary(op) {
            // Once on the struct, once on the handle method.
            if all.matches(&format!("/// {summary}\n")).count() < 2 {
                missing.push(format!("{op}: summary"));
            }
        }
        for p in &e.params {
            if let Some(text) = docs.param(op, &p.name)
                && !all.contains(&format!("/// {text}\n"))
            {
                missing.push(format!("{op}: `{}`", p.name));
            }
        }
    }
    // Every example, as a doctest on its handle method (indented) or on
    // the handle struct (not indented).
    let doctest = |example: &str, indent: &str| {
        let mut text = String::new();
        for line in example.trim_matches('\n').lines() {
            text.push_str(&format!(
                "{indent}///{}{}\n",
                if line.trim().is_empty() { "" } else { " " },
                line.trim_end()
            ));
        }
        all.contains(&format!("{indent}/// ```\n")) && all.contains(&text)
    };
    for op in docs.ops.keys() {
        if let Some(example) = docs.example(op)
            && !doctest(example, "    ")
        {
            missing.push(format!("{op}: example"));
        }
    }
    for group in docs.handles.keys() {
        if !doctest(docs.handle_example(group).unwrap_or_default(), "") {
            missing.push(format!("[handle] of {group}: example"));
        }
    }
    assert!(missing.is_empty(), "not in the generated code: {missing:?}");
    assert!(
        !all.contains("the docs list it"),
        "the mechanical location note is back"
    );
}

#[test]
fn import_never_removes_files_it_did_not_write() {
    let openapi = xtask::default_openapi();
    let Ok(text) = fs::read_to_string(&openapi) else {
        return;
    };
    let dir = temp_dir("import-foreign");
    fs::create_dir_all(dir.join("docs")).expect("mkdir");
    fs::write(
        dir.join("docs/boards.toml"),
        "# written by the docs helper\n",
    )
    .expect("write");
    fs::write(dir.join(xtask::spec::OVERLAY_FILE), "# overlay\n").expect("write");
    fs::write(dir.join(xtask::spec::RESPONSES_FILE), "# responses\n").expect("write");
    fs::write(dir.join("notes.toml"), "# hand-written\n").expect("write");
    fs::write(
        dir.join("gone.toml"),
        "# Trello REST API parameter tables: gone\n# Generated by `cargo xtask specs import --openapi <file>`; do not edit by hand.\n",
    )
    .expect("write");
    let imported = import::import(&text, "2000-01-01").expect("import");
    import::write(&imported, &dir).expect("write");
    assert!(dir.join("docs/boards.toml").exists(), "specs/docs/ kept");
    assert!(dir.join(xtask::spec::OVERLAY_FILE).exists(), "overlay kept");
    assert!(
        dir.join(xtask::spec::RESPONSES_FILE).exists(),
        "reviewed responses kept"
    );
    assert!(
        dir.join("notes.toml").exists(),
        "a file without the importer's header kept"
    );
    assert!(
        !dir.join("gone.toml").exists(),
        "a stale generated file removed"
    );
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn drift_against_the_older_document_shows_the_renames_as_renames() {
    let old = xtask::workspace_root().join("../shared/reference/trello-openapi.json");
    let Ok(text) = fs::read_to_string(&old) else {
        println!("note: {} is absent; drift not checked", old.display());
        return;
    };
    let specs = xtask::spec::Specs::load(&xtask::specs_dir()).expect("specs load");
    let imported = import::import(&text, "drift-check").expect("import");
    let drift = xtask::drift::drift_of(&specs, &imported.endpoints);
    let renamed = drift.renamed.join("\n");
    for path in [
        "/boards/{id}/markedAsViewed",
        "/plugins/{idPlugin}/listing",
        "/members/{id}/notificationsChannelSettings",
    ] {
        assert!(renamed.contains(path), "no rename to {path} in:\n{renamed}");
    }
    assert_eq!(drift.renamed.len(), 7, "{renamed}");
    // The six operations the older document lacks, and nothing else.
    assert_eq!(drift.removed.len(), 6, "{:?}", drift.removed);
    assert!(drift.added.is_empty(), "{:?}", drift.added);
    let report = drift.render();
    assert!(report.contains("### Renamed (7)"), "{report}");
    assert!(
        report.contains("scopes ["),
        "scope changes reported:\n{report}"
    );
    // The overlay's rows are ours, not drift.
    assert!(!report.contains("param `since` removed"), "{report}");
}
