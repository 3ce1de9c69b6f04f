//! Project tooling. Run as `cargo xtask <command>`:
//!
//! - `check [--openapi <file>] [--bless] [--bless-known]` (also checks the
//!   descriptions of specs/docs/, see `xtask::docs`)
//! - `specs import --openapi <file> [--out <dir>] [--date YYYY-MM-DD]`
//! - `specs not-implemented` (same as `check --bless`)
//! - `codegen [--check]`
//! - `endpoints --json`
//! - `doc-links [--doc-dir <dir>]` (after `cargo doc`)

use std::{fs, path::PathBuf, process::ExitCode};

use xtask::{check::Report, codegen, drift, import, registry, spec};

const USAGE: &str = "usage:
  cargo xtask check [--openapi <file>] [--bless] [--bless-known]
  cargo xtask specs import --openapi <file> [--out <dir>] [--date YYYY-MM-DD]
  cargo xtask specs not-implemented
  cargo xtask codegen [--check]
  cargo xtask endpoints --json
  cargo xtask doc-links [--doc-dir <dir>]";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = match args.as_slice() {
        ["check", rest @ ..] => cmd_check(rest),
        ["specs", "import", rest @ ..] => cmd_import(rest),
        ["specs", "not-implemented"] => cmd_check(&["--bless"]),
        ["codegen"] => cmd_codegen(false),
        ["codegen", "--check"] => cmd_codegen(true),
        ["doc-links", rest @ ..] => cmd_doc_links(rest),
        ["endpoints", "--json"] => {
            print!("{}", registry::to_json(&registry::sdk_endpoints()));
            Ok(true)
        }
        _ => Err(USAGE.to_owned()),
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

/// Reports the intra-doc links rustdoc left unresolved in `target/doc`.
fn cmd_doc_links(args: &[&str]) -> Result<bool, String> {
    known_flags(args, &[], &["--doc-dir"])?;
    let dir = PathBuf::from(flag(args, "--doc-dir")?.unwrap_or("target/doc"));
    if !dir.is_dir() {
        return Err(format!(
            "{} does not exist; run `cargo doc --workspace --no-deps` first",
            dir.display()
        ));
    }
    let findings = xtask::doclinks::scan_dir(&dir)?;
    for f in &findings {
        eprintln!("{}: unresolved intra-doc link {}", f.page, f.text);
    }
    println!(
        "doc-links: {} unresolved intra-doc link(s) in {}",
        findings.len(),
        dir.display()
    );
    Ok(findings.is_empty())
}

/// `--name value` from `args`.
fn flag<'a>(args: &[&'a str], name: &str) -> Result<Option<&'a str>, String> {
    match args.iter().position(|a| *a == name) {
        Some(i) => args
            .get(i + 1)
            .copied()
            .map(Some)
            .ok_or_else(|| format!("{name} needs a value\n{USAGE}")),
        None => Ok(None),
    }
}

fn known_flags(args: &[&str], allowed: &[&str], valued: &[&str]) -> Result<(), String> {
    let mut i = 0;
    while i < args.len() {
        if valued.contains(&args[i]) {
            i += 2;
        } else if allowed.contains(&args[i]) {
            i += 1;
        } else {
            return Err(format!("unknown argument `{}`\n{USAGE}", args[i]));
        }
    }
    Ok(())
}

fn cmd_import(args: &[&str]) -> Result<bool, String> {
    known_flags(args, &[], &["--openapi", "--out", "--date"])?;
    let openapi =
        flag(args, "--openapi")?.ok_or_else(|| format!("--openapi is required\n{USAGE}"))?;
    let out = flag(args, "--out")?
        .map(PathBuf::from)
        .unwrap_or_else(xtask::specs_dir);
    let text = fs::read_to_string(openapi).map_err(|e| format!("cannot read {openapi}: {e}"))?;
    let date = match flag(args, "--date")? {
        Some(d) => d.to_owned(),
        None => import::existing_date(&out, &text).unwrap_or_else(import::today),
    };
    // The specs being replaced, so moved operations keep their history.
    let previous = spec::Specs::load(&out)
        .map(|s| s.endpoints)
        .unwrap_or_default();
    let imported = import::import_over(&text, &date, &previous)?;
    import::write(&imported, &out)?;
    println!(
        "wrote {} files to {}: {} operations, {} parameters, {} allowed-value sets from prose, {} lists from prose",
        imported.files.len(),
        out.display(),
        imported.endpoints.len(),
        imported.params,
        imported.prose_values,
        imported.prose_lists
    );
    Ok(true)
}

fn cmd_codegen(check_only: bool) -> Result<bool, String> {
    let specs = spec::Specs::load(&xtask::specs_dir())?;
    let files = codegen::generate(&specs)?;
    let dir = codegen::api_dir();
    let routes = codegen::sandbox_routes(&specs);
    let routes_path = codegen::sandbox_routes_path();
    if check_only {
        let mut diff = codegen::diff(&files, &dir);
        if std::fs::read_to_string(&routes_path).ok().as_deref() != Some(routes.as_str()) {
            diff.push("../../../trello-sandbox/src/routes/routes.txt".to_owned());
        }
        for d in &diff {
            println!("crates/trello/src/api/{d}");
        }
        if !diff.is_empty() {
            println!("the generated endpoints are stale: run `cargo xtask codegen`");
        }
        return Ok(diff.is_empty());
    }
    codegen::write(&files, &dir)?;
    std::fs::write(&routes_path, routes)
        .map_err(|e| format!("cannot write {}: {e}", routes_path.display()))?;
    println!("wrote {} files to {}", files.len(), dir.display());
    Ok(true)
}

fn cmd_check(args: &[&str]) -> Result<bool, String> {
    known_flags(args, &["--bless", "--bless-known"], &["--openapi"])?;
    let dir = xtask::specs_dir();
    let registry = registry::sdk_endpoints();
    let authorize = xtask::authorize_params();
    let report = xtask::run_check(&dir, &registry, authorize)?;
    let mut ok = true;

    if args.contains(&"--bless") {
        write_list(
            &dir.join(spec::NOT_IMPLEMENTED_FILE),
            &report.not_implemented,
        )?;
        println!("rewrote specs/{}", spec::NOT_IMPLEMENTED_FILE);
    }
    if args.contains(&"--bless-known") {
        let mut lines = vec![
            "# Mismatches of implemented endpoints tolerated by `cargo xtask check`.".to_owned(),
            "# Each line must still occur (a fixed one fails the check until removed);".to_owned(),
            "# fix the endpoint and delete its lines. Regenerate: `cargo xtask check --bless-known`.".to_owned(),
        ];
        lines.extend(report.all_keys.iter().cloned());
        write_list(&dir.join(spec::KNOWN_MISMATCHES_FILE), &lines)?;
        println!("rewrote specs/{}", spec::KNOWN_MISMATCHES_FILE);
    }
    let report = if args.iter().any(|a| a.starts_with("--bless")) {
        xtask::run_check(&dir, &registry, authorize)?
    } else {
        report
    };

    if let Some(openapi) = flag(args, "--openapi")? {
        let text =
            fs::read_to_string(openapi).map_err(|e| format!("cannot read {openapi}: {e}"))?;
        let imported = import::import(&text, "drift-check")?;
        let specs = spec::Specs::load(&dir)?;
        let drift = drift::drift_of(&specs, &imported.endpoints);
        if drift.is_empty() {
            println!("drift: specs/ matches {openapi}");
        } else {
            ok = false;
            println!(
                "## Drift between specs/ and {openapi}\n\n{} differences, by operationId; re-import with `cargo xtask specs import --openapi {openapi}` and review the diff.\n",
                drift.len()
            );
            print!("{}", drift.render());
        }
    }

    print_report(&report, authorize.is_some());
    let docs_ok = xtask::docs::run(&dir, flag(args, "--openapi")?)?;
    Ok(ok && report.ok() && docs_ok)
}

fn print_report(report: &Report, authorize_checked: bool) {
    for m in &report.mismatches {
        println!("MISMATCH {m}");
    }
    if !report.known.is_empty() {
        println!(
            "known (tolerated by specs/{}; fix them and delete the lines): {}",
            spec::KNOWN_MISMATCHES_FILE,
            report.known.len()
        );
        for m in &report.known {
            println!("  known: {}", m.key());
        }
    }
    if !authorize_checked {
        println!(
            "note: the authorize-URL builder is not checked (xtask::authorize_params() returned None)"
        );
    }
    println!("{}", report.summary());
}

fn write_list(path: &std::path::Path, lines: &[String]) -> Result<(), String> {
    let mut text = lines.join("\n");
    if !text.is_empty() {
        text.push('\n');
    }
    fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}
