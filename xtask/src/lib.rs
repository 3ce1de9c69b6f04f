//! Project tooling behind `cargo xtask`: the `specs/` model and importer, and
//! the check that the compiled endpoint registry matches the docs.
#![warn(missing_docs)]
#![forbid(unsafe_code)]

pub mod authorize;
pub mod check;
pub mod codegen;
pub mod doclinks;
pub mod docs;
pub mod drift;
pub mod import;
pub mod matching;
pub mod prose;
pub mod registry;
pub mod spec;

use std::path::PathBuf;

/// The workspace root (the parent of this crate's manifest directory).
pub fn workspace_root() -> PathBuf {
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    here.parent().map(PathBuf::from).unwrap_or(here)
}

/// `specs/` of the workspace.
pub fn specs_dir() -> PathBuf {
    workspace_root().join("specs")
}

/// Where the reference OpenAPI document is expected: `../shared/reference/`
/// beside the workspace.
pub fn default_openapi() -> PathBuf {
    workspace_root().join("../shared/reference/trello-openapi-2026-10.json")
}

/// The authorize-URL builder's declared parameters
/// (`trello_core::authorize::AUTHORIZE_PARAMS`), compared with the
/// `[authorize]` table of `specs/auth.toml`.
pub fn authorize_params() -> Option<&'static [trello_core::ParamMeta]> {
    Some(trello_core::authorize::AUTHORIZE_PARAMS)
}

/// Runs the whole check over `dir` (a `specs/` directory): `registry` against
/// the endpoint tables, NOT_IMPLEMENTED and KNOWN_MISMATCHES, and, when given,
/// the authorize builder's parameters against the authorize table.
pub fn run_check(
    dir: &std::path::Path,
    registry: &[registry::RegEndpoint],
    authorize: Option<&[trello_core::ParamMeta]>,
) -> Result<check::Report, String> {
    let specs = spec::Specs::load(dir)?;
    let read_list = |name: &str| {
        std::fs::read_to_string(dir.join(name))
            .map(|t| spec::parse_list(&t))
            .unwrap_or_default()
    };
    let not_implemented = read_list(spec::NOT_IMPLEMENTED_FILE);
    let known = read_list(spec::KNOWN_MISMATCHES_FILE);
    let mut report = check::check(registry, &specs, &not_implemented, &known);
    if let Some(params) = authorize {
        let table = specs
            .auth
            .as_ref()
            .map(|a| &a.authorize)
            .ok_or("specs/auth.toml is missing: run `cargo xtask specs import`")?;
        let (found, checked) = authorize::check_authorize_params(params, table);
        report.params_checked += checked;
        report.mismatches.extend(found);
    }
    Ok(report)
}
