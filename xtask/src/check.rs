//! `cargo xtask check`: the compiled registry against `specs/`.
//!
//! # Type compatibility (spec type ↔ `ParamKind`)
//!
//! | spec alternative | accepted kinds |
//! |---|---|
//! | `string` | `String`, `Id` (an id is a string on the wire) |
//! | `id` | `Id`, `String` (routes also take short links, usernames, `me`) |
//! | `date` | `Date`, `String` |
//! | `integer` | `Integer` |
//! | `number` | `Number` |
//! | `boolean` | `Boolean` |
//! | `enum` | `Enum`, with exactly the spec's `allowed` values (as a set) |
//! | `object` | `Object` |
//! | `file` | `File` |
//!
//! A spec with several alternatives (`number|enum`, `string|id`, …) accepts a
//! kind any alternative accepts, and also `String` (a string can carry each
//! of them). `array<…>` in the spec ⇔ `list: true` in code. Whenever the code
//! declares allowed values (kind `Enum`, or a non-empty `allowed`), they must
//! equal the spec's as a set.
//!
//! # Locations
//!
//! Equal, except that a spec `query` parameter of a POST or PUT may be sent
//! in the `body`: the docs list most write parameters as query parameters
//! and Trello reads them from either place.

use std::{
    collections::{BTreeMap, BTreeSet},
    fmt,
};

use trello::{ParamKind, ParamLocation};

use crate::{
    registry::{RegEndpoint, RegParam},
    spec::{self, Base, SpecParam, SpecType, Specs},
};

/// The number of REST operations the docs describe.
pub const TOTAL_OPERATIONS: usize = 261;

/// What kind of mismatch (also the last word of its KNOWN_MISMATCHES key).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// An endpoint in code with no spec row.
    NotInSpecs,
    /// The code's path names its placeholders differently.
    PathNames,
    /// The same route registered twice.
    Duplicate,
    /// A spec parameter the code lacks.
    Missing,
    /// A code parameter the spec lacks.
    Extra,
    /// Wrong location.
    Location,
    /// Wrong required-ness.
    Required,
    /// Incompatible type or list-ness.
    Type,
    /// Different allowed values.
    Allowed,
    /// Different required OAuth 2.0 scopes.
    Scopes,
    /// The code's deprecation differs from the docs'.
    Deprecated,
    /// A reviewed response of `specs/responses.toml` names no model.
    Response,
    /// NOT_IMPLEMENTED lists an endpoint that is implemented or unknown.
    NotImplementedStale,
    /// NOT_IMPLEMENTED lacks an endpoint that is not implemented.
    NotImplementedMissing,
    /// KNOWN_MISMATCHES lists a mismatch that no longer occurs.
    KnownStale,
}

impl Kind {
    /// The word used in keys.
    pub const fn as_str(self) -> &'static str {
        match self {
            Kind::NotInSpecs => "not-in-specs",
            Kind::PathNames => "path-names",
            Kind::Duplicate => "duplicate",
            Kind::Missing => "missing",
            Kind::Extra => "extra",
            Kind::Location => "location",
            Kind::Required => "required",
            Kind::Type => "type",
            Kind::Allowed => "allowed",
            Kind::Scopes => "scopes",
            Kind::Deprecated => "deprecated",
            Kind::Response => "response",
            Kind::NotImplementedStale => "not-implemented-stale",
            Kind::NotImplementedMissing => "not-implemented-missing",
            Kind::KnownStale => "known-stale",
        }
    }
}

/// One finding: which endpoint, which parameter, what is wrong, how to fix it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mismatch {
    /// `METHOD /path` (or a label such as `authorize URL builder`).
    pub route: String,
    /// The parameter's wire name, when the finding is about one.
    pub param: Option<String>,
    /// The kind of finding.
    pub kind: Kind,
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub fix: String,
}

impl Mismatch {
    /// The line that identifies it in `specs/KNOWN_MISMATCHES`:
    /// `METHOD /path param: kind`.
    pub fn key(&self) -> String {
        match &self.param {
            Some(p) => format!("{} {p}: {}", self.route, self.kind.as_str()),
            None => format!("{}: {}", self.route, self.kind.as_str()),
        }
    }
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.param {
            Some(p) => write!(f, "{} param `{p}`: {}", self.route, self.message)?,
            None => write!(f, "{}: {}", self.route, self.message)?,
        }
        write!(f, "\n    fix: {}", self.fix)
    }
}

/// The outcome of a check.
#[derive(Clone, Debug, Default)]
pub struct Report {
    /// Findings that fail the check.
    pub mismatches: Vec<Mismatch>,
    /// Findings tolerated by `specs/KNOWN_MISMATCHES`.
    pub known: Vec<Mismatch>,
    /// Spec REST endpoints with an implementation.
    pub implemented: usize,
    /// Parameters compared (spec rows of implemented endpoints plus code
    /// parameters the spec lacks).
    pub params_checked: usize,
    /// What NOT_IMPLEMENTED should hold, sorted.
    pub not_implemented: Vec<String>,
    /// What KNOWN_MISMATCHES would hold if every current finding about an
    /// implemented endpoint were tolerated, sorted.
    pub all_keys: Vec<String>,
    /// Parameter rows of implemented endpoints that come from
    /// `specs/overlay.toml` rather than the imported tables.
    pub overlay_rows: usize,
    /// Spec endpoints whose answer is decoded into a typed value (a model,
    /// a list of models, a field, or an empty answer) rather than raw JSON.
    pub typed_responses: usize,
    /// Of those, the ones whose answer comes from `specs/responses.toml`.
    pub response_rows: usize,
}

impl Report {
    /// The last line: `endpoints: N/261 implemented, parameters: M checked, mismatches: K`.
    pub fn summary(&self) -> String {
        format!(
            "endpoints: {}/{} implemented, parameters: {} checked ({} from specs/{}), responses: {} typed ({} from specs/{}), mismatches: {}",
            self.implemented,
            TOTAL_OPERATIONS,
            self.params_checked,
            self.overlay_rows,
            spec::OVERLAY_FILE,
            self.typed_responses,
            self.response_rows,
            spec::RESPONSES_FILE,
            self.mismatches.len()
        )
    }

    /// Whether the check passes.
    pub fn ok(&self) -> bool {
        self.mismatches.is_empty()
    }

    /// The mismatches of `kind`.
    pub fn of_kind(&self, kind: Kind) -> Vec<&Mismatch> {
        self.mismatches.iter().filter(|m| m.kind == kind).collect()
    }
}

/// Compares `registry` with `specs`. `not_implemented` and `known` are the
/// entries of `specs/NOT_IMPLEMENTED` and `specs/KNOWN_MISMATCHES`.
pub fn check(
    registry: &[RegEndpoint],
    specs: &Specs,
    not_implemented: &[String],
    known: &[String],
) -> Report {
    let mut report = Report::default();
    let mut found = Vec::new();

    // Spec routes by (method, shape); OAuth routes of auth.toml are matched
    // when the code registers them, but never required.
    type Row<'a> = (&'a str, &'a [SpecParam], bool, &'a [String], bool);
    let mut by_shape: BTreeMap<(String, String), Row<'_>> = BTreeMap::new();
    for e in &specs.endpoints {
        by_shape.insert(
            (e.method.clone(), spec::path_shape(&e.path)),
            (&e.path, &e.params, true, &e.scopes, e.deprecated),
        );
    }
    if let Some(auth) = &specs.auth {
        for r in &auth.oauth1 {
            by_shape.insert(
                (r.method.clone(), spec::path_shape(&r.path)),
                (&r.path, &r.params, false, &[], false),
            );
        }
    }

    let mut implemented: BTreeSet<(String, String)> = BTreeSet::new();
    for code in registry {
        let key = (code.method.clone(), spec::path_shape(&code.path));
        let Some((spec_path, spec_params, counted, spec_scopes, spec_deprecated)) =
            by_shape.get(&key)
        else {
            found.push(Mismatch {
                route: code.route(),
                param: None,
                kind: Kind::NotInSpecs,
                message: format!(
                    "declared by {}::{} but not in specs/",
                    code.module, code.name
                ),
                fix: "check the method and path against the docs (leading slash, no /1 prefix); \
                      if the docs really lack it, add it to specs/ by hand with a header note"
                    .into(),
            });
            continue;
        };
        if !implemented.insert(key) {
            found.push(Mismatch {
                route: code.route(),
                param: None,
                kind: Kind::Duplicate,
                message: format!(
                    "registered more than once (again by {}::{})",
                    code.module, code.name
                ),
                fix: "keep one declaration of the route".into(),
            });
            continue;
        }
        if *counted {
            report.implemented += 1;
        }
        let route = format!("{} {spec_path}", code.method);
        if code.path != *spec_path {
            found.push(Mismatch {
                route: route.clone(),
                param: None,
                kind: Kind::PathNames,
                message: format!(
                    "code writes the path `{}`, the docs `{spec_path}`",
                    code.path
                ),
                fix: format!("use the docs' placeholder names: `{spec_path}`"),
            });
        }
        if code.scopes != *spec_scopes {
            found.push(Mismatch {
                route: route.clone(),
                param: None,
                kind: Kind::Scopes,
                message: format!(
                    "code requires the OAuth 2.0 scopes {:?}, the docs {:?}",
                    code.scopes, spec_scopes
                ),
                fix: format!(
                    "declare `scopes = {:?}` in its #[endpoint] (`cargo xtask codegen` for generated ones)",
                    spec_scopes
                ),
            });
        }
        if code.deprecated != *spec_deprecated {
            found.push(Mismatch {
                route: route.clone(),
                param: None,
                kind: Kind::Deprecated,
                message: if *spec_deprecated {
                    "the docs mark it deprecated, the code does not".into()
                } else {
                    "the code marks it deprecated, the docs do not".into()
                },
                fix: if *spec_deprecated {
                    "add #[deprecated(note = …)] to the request struct".into()
                } else {
                    "remove #[deprecated] from the request struct".into()
                },
            });
        }
        let overlay_rows = spec_params
            .iter()
            .filter(|p| specs.overlay_provenance(&route, &p.name).is_some())
            .count();
        report.overlay_rows += overlay_rows;
        let before = found.len();
        report.params_checked +=
            compare_params(&route, &code.method, &code.params, spec_params, &mut found);
        for m in &mut found[before..] {
            if let Some(provenance) = m
                .param
                .as_deref()
                .and_then(|name| specs.overlay_provenance(&route, name))
            {
                m.message = format!(
                    "{} (row from specs/{}: {})",
                    m.message,
                    spec::OVERLAY_FILE,
                    provenance
                );
            }
        }
    }

    // Responses: what each spec endpoint decodes, and the reviewed rows.
    for e in &specs.endpoints {
        let field = e.method == "GET" && e.path.ends_with("/{field}");
        match specs.response_of(e) {
            _ if field => report.typed_responses += 1,
            Some((r, source)) if crate::codegen::response_is_typed(r) => {
                report.typed_responses += 1;
                if source == spec::ResponseSource::Overlay {
                    report.response_rows += 1;
                }
            }
            Some((r, spec::ResponseSource::Overlay)) => found.push(Mismatch {
                route: e.route(),
                param: None,
                kind: Kind::Response,
                message: format!(
                    "specs/{} says it answers `{r}`, which names no model of trello::models",
                    spec::RESPONSES_FILE
                ),
                fix: "name a schema of codegen's MODELS (`Card`, `array<Card>`), `empty`, \
                      or add the model and its MODELS row"
                    .into(),
            }),
            _ if e.method == "DELETE" => report.typed_responses += 1,
            _ => {}
        }
    }

    // NOT_IMPLEMENTED, both directions.
    let mut expected: Vec<String> = specs
        .endpoints
        .iter()
        .filter(|e| !implemented.contains(&(e.method.clone(), spec::path_shape(&e.path))))
        .map(|e| e.route())
        .collect();
    expected.sort();
    let listed: BTreeSet<&str> = not_implemented.iter().map(String::as_str).collect();
    let expected_set: BTreeSet<&str> = expected.iter().map(String::as_str).collect();
    for e in &expected {
        if !listed.contains(e.as_str()) {
            found.push(Mismatch {
                route: e.clone(),
                param: None,
                kind: Kind::NotImplementedMissing,
                message: "in specs/ but neither implemented nor listed in specs/NOT_IMPLEMENTED"
                    .into(),
                fix: "implement it, or add the line to specs/NOT_IMPLEMENTED \
                      (`cargo xtask check --bless` rewrites the file)"
                    .into(),
            });
        }
    }
    for l in &listed {
        if !expected_set.contains(l) {
            let known_route = specs.endpoints.iter().any(|e| e.route() == *l);
            found.push(Mismatch {
                route: (*l).to_owned(),
                param: None,
                kind: Kind::NotImplementedStale,
                message: if known_route {
                    "listed in specs/NOT_IMPLEMENTED but implemented".into()
                } else {
                    "listed in specs/NOT_IMPLEMENTED but not an endpoint of specs/".into()
                },
                fix: "remove the line from specs/NOT_IMPLEMENTED \
                      (`cargo xtask check --bless` rewrites the file)"
                    .into(),
            });
        }
    }
    report.not_implemented = expected;

    // KNOWN_MISMATCHES: tolerated findings about implemented endpoints.
    let tolerable = |m: &Mismatch| {
        !matches!(
            m.kind,
            Kind::NotImplementedMissing | Kind::NotImplementedStale | Kind::KnownStale
        )
    };
    let mut all_keys: Vec<String> = found
        .iter()
        .filter(|m| tolerable(m))
        .map(Mismatch::key)
        .collect();
    all_keys.sort();
    all_keys.dedup();
    let known_set: BTreeSet<&str> = known.iter().map(String::as_str).collect();
    for k in &known_set {
        if !all_keys.iter().any(|a| a == k) {
            found.push(Mismatch {
                route: (*k).to_owned(),
                param: None,
                kind: Kind::KnownStale,
                message: "listed in specs/KNOWN_MISMATCHES but no longer occurs".into(),
                fix: "remove the line from specs/KNOWN_MISMATCHES \
                      (`cargo xtask check --bless-known` rewrites the file)"
                    .into(),
            });
        }
    }
    report.all_keys = all_keys;
    for m in found {
        if tolerable(&m) && known_set.contains(m.key().as_str()) {
            report.known.push(m);
        } else {
            report.mismatches.push(m);
        }
    }
    report
}

/// Compares one endpoint's parameters; returns how many were compared.
pub fn compare_params(
    route: &str,
    method: &str,
    code: &[RegParam],
    spec: &[SpecParam],
    found: &mut Vec<Mismatch>,
) -> usize {
    let mut checked = 0;
    let mk = |param: &str, kind: Kind, message: String, fix: String| Mismatch {
        route: route.to_owned(),
        param: Some(param.to_owned()),
        kind,
        message,
        fix,
    };
    for s in spec {
        checked += 1;
        let Some(c) = code.iter().find(|c| c.name == s.name) else {
            found.push(mk(
                &s.name,
                Kind::Missing,
                format!(
                    "the docs list it ({}, {}, {}) but the code does not declare it",
                    s.location,
                    s.ty,
                    if s.required { "required" } else { "optional" }
                ),
                format!(
                    "add a {} field named `{}` of type `{}`{}",
                    s.location,
                    s.name,
                    s.ty,
                    if s.required {
                        ", required in the constructor"
                    } else {
                        " with a setter"
                    }
                ),
            ));
            continue;
        };
        let loc_ok = c.location.as_str() == s.location
            || (s.location == "query"
                && c.location == ParamLocation::Body
                && matches!(method, "POST" | "PUT"));
        if !loc_ok {
            found.push(mk(
                &s.name,
                Kind::Location,
                format!("in {} in code, in {} in the docs", c.location, s.location),
                format!("declare it as a {} parameter", s.location),
            ));
        }
        if c.required != s.required {
            found.push(mk(
                &s.name,
                Kind::Required,
                format!(
                    "{} in code, {} in the docs",
                    if c.required { "required" } else { "optional" },
                    if s.required { "required" } else { "optional" }
                ),
                if s.required {
                    "make it a constructor argument".into()
                } else {
                    "make it optional, set with a chainable setter".into()
                },
            ));
        }
        match s.spec_type() {
            Ok(ty) => {
                if let Some(problem) = type_problem(&ty, c) {
                    found.push(mk(
                        &s.name,
                        Kind::Type,
                        format!(
                            "type {} in code, {} in the docs: {problem}",
                            c.type_name(),
                            ty
                        ),
                        format!("use a type whose kind fits `{ty}` (see xtask/src/check.rs)"),
                    ));
                } else if let Some((missing, extra)) = allowed_problem(s, c) {
                    found.push(mk(
                        &s.name,
                        Kind::Allowed,
                        format!(
                            "allowed values differ: docs only {missing:?}, code only {extra:?}"
                        ),
                        format!("make the enum's wire values exactly {:?}", s.allowed),
                    ));
                }
            }
            Err(e) => found.push(mk(
                &s.name,
                Kind::Type,
                format!("unreadable spec type: {e}"),
                "fix the spec file".into(),
            )),
        }
    }
    for c in code {
        if !spec.iter().any(|s| s.name == c.name) {
            checked += 1;
            found.push(mk(
                &c.name,
                Kind::Extra,
                format!(
                    "declared in code ({}, {}) but not in the docs",
                    c.location,
                    c.type_name()
                ),
                "remove it, or correct its wire name to the docs' spelling".into(),
            ));
        }
    }
    checked
}

/// The kinds one spec alternative accepts.
fn accepts(base: Base, kind: ParamKind) -> bool {
    matches!(
        (base, kind),
        (Base::String, ParamKind::String | ParamKind::Id)
            | (Base::Id, ParamKind::Id | ParamKind::String)
            | (Base::Date, ParamKind::Date | ParamKind::String)
            | (Base::Integer, ParamKind::Integer)
            | (Base::Number, ParamKind::Number)
            | (Base::Boolean, ParamKind::Boolean)
            | (Base::Enum, ParamKind::Enum)
            | (Base::Object, ParamKind::Object)
            | (Base::File, ParamKind::File)
    )
}

/// Why `code`'s kind and list flag do not fit `ty`, if they do not.
pub fn type_problem(ty: &SpecType, code: &RegParam) -> Option<String> {
    if ty.list != code.list {
        return Some(if ty.list {
            "the docs take a comma-separated list".into()
        } else {
            "the docs take a single value".into()
        });
    }
    let union_string = ty.alts.len() > 1 && code.kind == ParamKind::String;
    if union_string || ty.alts.iter().any(|b| accepts(*b, code.kind)) {
        None
    } else if ty.has(Base::Enum) {
        Some("the docs give a fixed set of values".into())
    } else {
        Some("incompatible kinds".into())
    }
}

/// The values only the docs have and only the code has, when the code
/// declares allowed values and they differ from the spec's.
fn allowed_problem(s: &SpecParam, c: &RegParam) -> Option<(Vec<String>, Vec<String>)> {
    if c.kind != ParamKind::Enum && c.allowed.is_empty() {
        return None;
    }
    let spec: BTreeSet<&str> = s.allowed.iter().map(String::as_str).collect();
    let code: BTreeSet<&str> = c.allowed.iter().map(String::as_str).collect();
    if spec == code {
        return None;
    }
    Some((
        spec.difference(&code).map(|s| (*s).to_owned()).collect(),
        code.difference(&spec).map(|s| (*s).to_owned()).collect(),
    ))
}
