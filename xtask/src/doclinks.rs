//! `cargo xtask doc-links`: finds intra-doc links that rustdoc left
//! unresolved in the rendered HTML of `cargo doc`.
//!
//! rustdoc warns about a broken intra-doc link only in the crate that
//! writes it, and a re-exported item's docs are rendered again in the
//! re-exporting crate, where a path like `[Client::send]` may not resolve
//! and is printed as the literal text `[Client::send]` without a warning.
//! This scans every rendered page (not the source views) for such literal
//! `[path]` text outside code blocks.

use std::{fs, path::Path};

/// One unresolved link: the page (relative to the doc root) and its text.
#[derive(Debug, PartialEq, Eq)]
pub struct Finding {
    /// The page, e.g. `trello/struct.Client.html`.
    pub page: String,
    /// The literal link text, e.g. `[Client::send]`.
    pub text: String,
}

/// Scans every `.html` page under `root` (e.g. `target/doc`) except the
/// source views and rustdoc's own pages.
pub fn scan_dir(root: &Path) -> Result<Vec<Finding>, String> {
    let mut findings = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let entries =
            fs::read_dir(&dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
        for entry in entries {
            let entry = entry.map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
            let path = entry.path();
            let rel = path.strip_prefix(root).unwrap_or(&path);
            let first = rel
                .components()
                .next()
                .map(|c| c.as_os_str().to_string_lossy());
            if path.is_dir() {
                if first.as_deref() != Some("src") && first.as_deref() != Some("static.files") {
                    stack.push(path);
                }
                continue;
            }
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
            let Some(name) = name else { continue };
            if !name.ends_with(".html")
                || matches!(
                    name.as_str(),
                    "all.html" | "help.html" | "settings.html" | "search.html"
                )
            {
                continue;
            }
            let html = fs::read_to_string(&path)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            let page = rel.to_string_lossy().replace('\\', "/");
            findings.extend(scan_html(&html).into_iter().map(|text| Finding {
                page: page.clone(),
                text,
            }));
        }
    }
    findings.sort_by(|a, b| (&a.page, &a.text).cmp(&(&b.page, &b.text)));
    findings.dedup();
    Ok(findings)
}

/// The literal `[path]` texts of one page: an unresolved intra-doc link
/// renders as `[path]` or `[<code>path</code>]` in a doc block.
pub fn scan_html(html: &str) -> Vec<String> {
    // Blanket implementations carry other crates' docs (tracing's
    // `Instrument`, …), rendered with their links unresolvable here: not ours.
    let html = match html.find("id=\"blanket-implementations-list\"") {
        Some(i) => &html[..i],
        None => html,
    };
    let text = strip_regions(html, "<pre", "</pre>");
    let text = strip_regions(&text, "<h3 class=\"code-header\"", "</h3>");
    let text = strip_regions(&text, "<h4 class=\"code-header\"", "</h4>");
    let text = strip_bracketed_code(&text);
    let mut out = Vec::new();
    let mut rest = text.as_str();
    while let Some(open) = rest.find('[') {
        let after = &rest[open + 1..];
        let Some(close) = after.find(']') else { break };
        let inner = &after[..close];
        let path = inner
            .strip_prefix("<code>")
            .and_then(|s| s.strip_suffix("</code>"))
            .unwrap_or(inner);
        let coded = path.len() != inner.len();
        if looks_like_a_link(path, coded) {
            out.push(
                format!("[{inner}]")
                    .replace("<code>", "`")
                    .replace("</code>", "`"),
            );
        }
        rest = &after[close..];
    }
    out
}

/// Whether `path` is what an intra-doc link's target looks like: a Rust
/// path, optionally with `()` or `!`, and (in plain text) a `::` or a
/// capital first letter, so that prose like `[x]` is not taken.
fn looks_like_a_link(path: &str, coded: bool) -> bool {
    let core = path.trim_end_matches("()").trim_end_matches('!');
    let core = core
        .strip_prefix("struct@")
        .or_else(|| core.strip_prefix("enum@"))
        .or_else(|| core.strip_prefix("trait@"))
        .or_else(|| core.strip_prefix("fn@"))
        .or_else(|| core.strip_prefix("macro@"))
        .or_else(|| core.strip_prefix("mod@"))
        .unwrap_or(core);
    let Some(first) = core.chars().next() else {
        return false;
    };
    if !(first.is_ascii_alphabetic() || first == '_') {
        return false;
    }
    if !core
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':')
    {
        return false;
    }
    coded || core.contains("::") || first.is_ascii_uppercase()
}

/// `text` without every region from `start` to the next `end`.
fn strip_regions(text: &str, start: &str, end: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(start) {
        out.push_str(&rest[..i]);
        match rest[i..].find(end) {
            Some(j) => rest = &rest[i + j + end.len()..],
            None => {
                rest = "";
                break;
            }
        }
    }
    out.push_str(rest);
    out
}

/// `text` without the `<code>` spans that contain a bracket themselves
/// (`<code>&[u8]</code>` is code, not a link).
fn strip_bracketed_code(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("<code>") {
        out.push_str(&rest[..i]);
        let after = &rest[i..];
        let Some(j) = after.find("</code>") else {
            out.push_str(after);
            return out;
        };
        let span = &after[..j + "</code>".len()];
        if !span.contains('[') && !span.contains(']') {
            out.push_str(span);
        }
        rest = &after[j + "</code>".len()..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_literal_links_and_ignores_code_and_prose() {
        let html = r#"<div class="docblock"><p>It dereferences to [<code>trello_core::Client</code>],
            see [Client::send] and [<a href="x.html"><code>Error</code></a>]; a list [x] and
            <code>&amp;[u8]</code> and [1] are not links.</p>
            <pre class="rust"><code>let a = [Foo::bar];</code></pre>
            <h4 class="code-header">pub fn f(x: &amp;[Part])</h4></div>"#;
        assert_eq!(
            scan_html(html),
            ["[`trello_core::Client`]", "[Client::send]"]
        );
    }

    #[test]
    fn resolved_links_are_not_reported() {
        let html = r#"<p>See <a href="struct.Client.html"><code>Client</code></a>.</p>"#;
        assert!(scan_html(html).is_empty());
    }
}
