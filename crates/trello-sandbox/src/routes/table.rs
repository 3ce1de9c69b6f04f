//! Every operation of the specs (method, path template, response schema),
//! so the sandbox can tell an operation it answers generically from a route
//! Trello does not have.
//!
//! The table is `routes.txt` beside this file, one `METHOD /path response`
//! line per operation (`-` when nothing is known of the answer), the
//! response being what the SDK decodes. `cargo xtask codegen` writes it from
//! specs/ with the endpoints, and xtask's tests fail when it is stale. The
//! crate carries a copy rather than reading `specs/` so it still builds when
//! published alone.

/// One operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Operation {
    /// The HTTP method, upper case.
    pub method: &'static str,
    /// The path template relative to `/1`, e.g. `/boards/{id}`.
    pub path: &'static str,
    /// The 200 answer's schema: a component name, `array<Name>`, `object`,
    /// or `None` when the specs record none.
    pub response: Option<&'static str>,
}

const TABLE: &str = include_str!("routes.txt");

/// Every operation of the specs, in the table's order.
pub fn operations() -> impl Iterator<Item = Operation> {
    TABLE.lines().filter_map(|line| {
        let mut parts = line.split_whitespace();
        let method = parts.next()?;
        let path = parts.next()?;
        let response = parts.next().filter(|r| *r != "-");
        Some(Operation {
            method,
            path,
            response,
        })
    })
}

/// Placeholder names bound to path segments.
pub type Bindings<'a> = Vec<(&'static str, &'a str)>;

/// The operation whose template matches `method` and the decoded path
/// `segments` (after `/1/`), with the template's placeholders bound.
/// A literal segment beats a placeholder, as routers do.
pub fn lookup<'a>(method: &str, segments: &[&'a str]) -> Option<(Operation, Bindings<'a>)> {
    let mut best: Option<(usize, Operation, Bindings<'a>)> = None;
    for op in operations().filter(|op| op.method.eq_ignore_ascii_case(method)) {
        let template: Vec<&str> = op.path.trim_start_matches('/').split('/').collect();
        if template.len() != segments.len() {
            continue;
        }
        let mut literals = 0;
        let mut bound = Vec::new();
        let matched = template.iter().zip(segments).all(|(t, s)| {
            if let Some(name) = t.strip_prefix('{').and_then(|t| t.strip_suffix('}')) {
                bound.push((name, *s));
                !s.is_empty()
            } else if t == s {
                literals += 1;
                true
            } else {
                false
            }
        });
        if matched && best.as_ref().is_none_or(|(n, _, _)| literals > *n) {
            best = Some((literals, op, bound));
        }
    }
    best.map(|(_, op, bound)| (op, bound))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_prefers_literals_and_binds_placeholders() {
        let (op, bound) = lookup("GET", &["boards", "abc", "lists"]).expect("a route");
        assert_eq!(op.path, "/boards/{id}/lists");
        assert_eq!(bound, vec![("id", "abc")]);
        // `/boards/{id}/{field}` exists too; the literal wins.
        assert!(lookup("GET", &["nothing", "here"]).is_none());
        assert!(lookup("GET", &["boards", ""]).is_none());
    }
}
