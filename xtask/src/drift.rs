//! `cargo xtask check --openapi <file>`: `specs/` against an OpenAPI
//! document, by operationId (see [`crate::matching`]), as a report a
//! reviewer can read in a pull request: sections for added, removed and
//! renamed operations, then per operation its changed parameters, scopes and
//! deprecation.

use std::collections::BTreeMap;

use crate::{
    matching::{self, How},
    spec::{self, SpecEndpoint, SpecParam, Specs},
};

/// The drift between `specs/` and a document.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Drift {
    /// Operations only in the document: `operationId: METHOD /path`.
    pub added: Vec<String>,
    /// Operations only in `specs/`.
    pub removed: Vec<String>,
    /// Operations whose path (or operationId) moved.
    pub renamed: Vec<String>,
    /// Per operation (`operationId (METHOD /path)`), what changed in it.
    pub changed: BTreeMap<String, Vec<String>>,
}

impl Drift {
    /// Whether nothing differs.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty()
            && self.removed.is_empty()
            && self.renamed.is_empty()
            && self.changed.is_empty()
    }

    /// The number of findings.
    pub fn len(&self) -> usize {
        self.added.len()
            + self.removed.len()
            + self.renamed.len()
            + self.changed.values().map(Vec::len).sum::<usize>()
    }

    /// The report as Markdown (headings and bullet lists).
    pub fn render(&self) -> String {
        let mut out = String::new();
        let mut section = |title: &str, lines: &[String]| {
            if lines.is_empty() {
                return;
            }
            out.push_str(&format!("### {title} ({})\n", lines.len()));
            for l in lines {
                out.push_str(&format!("- {l}\n"));
            }
            out.push('\n');
        };
        section("Added", &self.added);
        section("Removed", &self.removed);
        section("Renamed", &self.renamed);
        if !self.changed.is_empty() {
            out.push_str(&format!("### Changed ({})\n", self.changed.len()));
            for (op, lines) in &self.changed {
                out.push_str(&format!("- {op}\n"));
                for l in lines {
                    out.push_str(&format!("  - {l}\n"));
                }
            }
            out.push('\n');
        }
        out
    }
}

fn label(e: &SpecEndpoint) -> String {
    format!(
        "`{}` ({})",
        e.operation_id.as_deref().unwrap_or("no operationId"),
        e.route()
    )
}

/// The drift between `specs` (overlay rows left out and amended types put
/// back: the document never has them) and freshly `imported` endpoints.
pub fn drift_of(specs: &Specs, imported: &[SpecEndpoint]) -> Drift {
    let committed: Vec<SpecEndpoint> = specs
        .endpoints
        .iter()
        .map(|e| {
            let mut e = e.clone();
            let route = e.route();
            e.params
                .retain(|p| specs.from_overlay(&route, &p.name).is_none());
            for p in &mut e.params {
                if let Some(a) = specs.amended(&route, &p.name) {
                    p.ty = a.replaces.clone();
                    p.allowed = a.original_allowed.clone();
                }
            }
            e
        })
        .collect();
    drift(&committed, imported)
}

/// The drift between `committed` and `imported` endpoints.
pub fn drift(committed: &[SpecEndpoint], imported: &[SpecEndpoint]) -> Drift {
    let pairing = matching::pair(committed, imported);
    let mut d = Drift::default();
    for &i in &pairing.removed {
        d.removed.push(label(&committed[i]));
    }
    for &j in &pairing.added {
        d.added.push(label(&imported[j]));
    }
    for &(i, j, how) in &pairing.pairs {
        let (a, b) = (&committed[i], &imported[j]);
        match how {
            How::Same => {}
            How::Renamed => d.renamed.push(format!(
                "`{}`: {} → `{}`",
                b.operation_id.as_deref().unwrap_or_default(),
                a.route(),
                b.path
            )),
            How::IdChanged => d.renamed.push(format!(
                "{}: operationId `{}` → `{}`",
                a.route(),
                a.operation_id.as_deref().unwrap_or("none"),
                b.operation_id.as_deref().unwrap_or("none")
            )),
            How::RenamedAndIdChanged => d.renamed.push(format!(
                "{} → `{}`, operationId `{}` → `{}`",
                a.route(),
                b.path,
                a.operation_id.as_deref().unwrap_or("none"),
                b.operation_id.as_deref().unwrap_or("none")
            )),
        }
        let mut lines = Vec::new();
        let pa: BTreeMap<&str, &SpecParam> =
            a.params.iter().map(|p| (p.name.as_str(), p)).collect();
        let pb: BTreeMap<&str, &SpecParam> =
            b.params.iter().map(|p| (p.name.as_str(), p)).collect();
        for (name, p) in &pa {
            match pb.get(name) {
                None => lines.push(format!("param `{name}` removed")),
                Some(q) if q != p => lines.push(format!(
                    "param `{name}`: `{}` → `{}`",
                    spec::render_param(p),
                    spec::render_param(q)
                )),
                Some(_) => {}
            }
        }
        for (name, q) in &pb {
            if !pa.contains_key(name) {
                lines.push(format!("param `{name}` added: `{}`", spec::render_param(q)));
            }
        }
        if a.scopes != b.scopes {
            lines.push(format!("scopes {:?} → {:?}", a.scopes, b.scopes));
        }
        if a.deprecated != b.deprecated {
            lines.push(format!("deprecated {} → {}", a.deprecated, b.deprecated));
        }
        if a.response != b.response {
            lines.push(format!("response {:?} → {:?}", a.response, b.response));
        }
        if !lines.is_empty() {
            d.changed.insert(label(b), lines);
        }
    }
    d
}
