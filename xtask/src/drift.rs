//! `cargo xtask check --openapi <file>`: `specs/` against a (newer) OpenAPI
//! document.

use std::collections::BTreeMap;

use crate::spec::{SpecEndpoint, SpecParam};

/// Differences between the committed endpoints and freshly imported ones,
/// one line each, sorted by route.
pub fn drift(committed: &[SpecEndpoint], imported: &[SpecEndpoint]) -> Vec<String> {
    let a: BTreeMap<String, &SpecEndpoint> = committed.iter().map(|e| (e.route(), e)).collect();
    let b: BTreeMap<String, &SpecEndpoint> = imported.iter().map(|e| (e.route(), e)).collect();
    let mut out = Vec::new();
    for (route, e) in &a {
        let Some(n) = b.get(route) else {
            out.push(format!("{route}: in specs/ but no longer in the document"));
            continue;
        };
        if e.operation_id != n.operation_id {
            out.push(format!(
                "{route}: operation_id {:?} in specs/, {:?} in the document",
                e.operation_id, n.operation_id
            ));
        }
        let pa: BTreeMap<&str, &SpecParam> =
            e.params.iter().map(|p| (p.name.as_str(), p)).collect();
        let pb: BTreeMap<&str, &SpecParam> =
            n.params.iter().map(|p| (p.name.as_str(), p)).collect();
        for (name, p) in &pa {
            match pb.get(name) {
                None => out.push(format!(
                    "{route} param `{name}`: in specs/ but not in the document"
                )),
                Some(q) if q != p => out.push(format!(
                    "{route} param `{name}`: specs/ has {}, the document {}",
                    crate::spec::render_param(p),
                    crate::spec::render_param(q)
                )),
                Some(_) => {}
            }
        }
        for name in pb.keys() {
            if !pa.contains_key(name) {
                out.push(format!("{route} param `{name}`: new in the document"));
            }
        }
    }
    for route in b.keys() {
        if !a.contains_key(route) {
            out.push(format!("{route}: new in the document"));
        }
    }
    out
}
