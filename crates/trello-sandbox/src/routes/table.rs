//! Every operation of the specs (method, path template, response schema),
//! so the sandbox can tell an operation it answers generically from a route
//! Trello does not have.
//!
//! The table is `routes.txt` beside this file, one `METHOD /path response`
//! line per operation (`-` when the specs record no response). It is
//! generated from `specs/*.toml` and checked against them by the
//! `table_matches_specs` test; `SANDBOX_BLESS=1 cargo test -p trello-sandbox
//! --lib table` rewrites it after a specs change. The crate carries a copy
//! rather than reading `specs/` so it still builds when published alone.

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

/// The operation whose template matches `method` and the decoded path
/// `segments` (after `/1/`), with the template's placeholders bound.
/// A literal segment beats a placeholder, as routers do.
pub fn lookup<'a>(
    method: &str,
    segments: &[&'a str],
) -> Option<(Operation, Vec<(&'static str, &'a str)>)> {
    let mut best: Option<(usize, Operation, Vec<(&'static str, &'a str)>)> = None;
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

    fn from_specs() -> Option<String> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../specs");
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .ok()?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "toml"))
            .collect();
        files.sort();
        let mut out = String::new();
        for file in files {
            let text = std::fs::read_to_string(&file).ok()?;
            let doc: toml::Table = toml::from_str(&text).ok()?;
            let Some(endpoints) = doc.get("endpoint").and_then(|e| e.as_array()) else {
                continue;
            };
            for endpoint in endpoints {
                let get = |k: &str| endpoint.get(k).and_then(|v| v.as_str());
                let (Some(method), Some(path)) = (get("method"), get("path")) else {
                    continue;
                };
                out.push_str(&format!(
                    "{method} {path} {}\n",
                    get("response").unwrap_or("-")
                ));
            }
        }
        Some(out)
    }

    #[test]
    fn table_matches_specs() {
        let Some(expected) = from_specs() else {
            // Built outside the workspace (published crate): nothing to compare.
            return;
        };
        if std::env::var_os("SANDBOX_BLESS").is_some() {
            let target =
                std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/routes/routes.txt");
            std::fs::write(target, &expected).expect("write routes.txt");
            return;
        }
        assert_eq!(
            TABLE, expected,
            "src/routes/routes.txt is out of date with specs/: run SANDBOX_BLESS=1 cargo test -p trello-sandbox --lib table"
        );
    }

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
