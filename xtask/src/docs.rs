//! Our own descriptions of the API: `specs/docs/<group>.toml` holds, per
//! operation (keyed by the specs' `operation_id`), a one-line `summary` and a
//! short description of each parameter:
//!
//! ```toml
//! [post-labels]
//! summary = "Add a new label to a board's set of labels."
//! [post-labels.params]
//! idBoard = "The board the label belongs to."
//! ```
//!
//! They are written by us, never taken from Trello's documentation. Codegen
//! reads them through [`Docs::summary`] and [`Docs::param`]; [`check`] makes
//! sure every spec operation and parameter has one and that none describes
//! something the specs do not have. With the reference OpenAPI document at
//! hand, [`copied_prose`] flags a description that repeats its prose.
//!
//! # Examples
//!
//! An operation may carry an `example`: the lines a user writes to call it
//! through its handle method, which codegen puts on that method as a
//! doctest; a file's `[handle]` table carries the example of the resource
//! handle itself (`client.boards()`), put on the handle struct:
//!
//! ```toml
//! [handle]
//! example = """
//! let board = client.boards().create("Roadmap").await?;
//! """
//!
//! [post-labels]
//! summary = "Add a new label to a board's set of labels."
//! example = """
//! # let board = client.boards().create("Roadmap").await?;
//! let label = client.labels().create(board.id.as_str(), "bug", LabelColor::Red).await?;
//! """
//! ```
//!
//! Each example runs inside [`EXAMPLE_PRELUDE`] (hidden from the reader): an
//! async `main` with `client`, a `trello::Client` on a fresh offline
//! sandbox (`sandbox`, with `token` its token), so the doctest really sends
//! the call; `?` works on any error. Lines starting with `# ` are hidden, as
//! rustdoc hides them: use them for the setup the example needs. [`check`]
//! makes sure an operation's example calls its own method and a handle's
//! example its accessor, in at most [`MAX_EXAMPLE_LINES`] visible lines.

use std::{collections::BTreeMap, fs, path::Path};

use serde::Deserialize;

use crate::spec::Specs;

/// The folder of `specs/` that holds the descriptions.
pub const DOCS_DIR: &str = "docs";
/// The longest summary accepted, in characters (they are meant to fit a line).
pub const MAX_SUMMARY: usize = 120;
/// The longest parameter description accepted, in characters.
pub const MAX_PARAM: usize = 200;
/// How many consecutive words a description may share with the OpenAPI's
/// prose before [`copied_prose`] flags it.
pub const COPY_WORDS: usize = 8;
/// The most visible lines an example may have (hidden `# ` lines aside).
pub const MAX_EXAMPLE_LINES: usize = 12;
/// The key of a file's table holding the example of its resource handle.
pub const HANDLE_KEY: &str = "handle";

/// The hidden lines every example runs in (before its own lines): a Tokio
/// `main`, an offline sandbox and a client on it with a read-write token.
pub const EXAMPLE_PRELUDE: &[&str] = &[
    "#[tokio::main(flavor = \"current_thread\")]",
    "async fn main() -> Result<(), Box<dyn std::error::Error>> {",
    "let sandbox = trello_sandbox::Sandbox::start(trello_sandbox::SandboxConfig::default()).await?;",
    "let token = sandbox.issue_token(\"read,write,account\", \"1hour\").await;",
    "let client = trello::Client::builder().base_url(sandbox.api_url()).credentials(trello::Credentials::new(sandbox.app_key(), token.as_str())).build()?;",
];

/// The hidden lines every example ends with.
pub const EXAMPLE_POSTLUDE: &[&str] = &["Ok(())", "}"];

/// The description of one operation.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OpDoc {
    /// What the operation does, in one line.
    pub summary: String,
    /// The lines a user writes to call it (see the module docs).
    #[serde(default)]
    pub example: Option<String>,
    /// What each parameter means, by its wire name.
    #[serde(default)]
    pub params: BTreeMap<String, String>,
}

/// The `[handle]` table of a file: the example of its resource handle.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HandleDoc {
    /// The lines a user writes to reach the handle and call it.
    pub example: String,
}

/// Every description of `specs/docs/`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Docs {
    /// By operationId.
    pub ops: BTreeMap<String, OpDoc>,
    /// The file each operation was read from (for messages).
    pub files: BTreeMap<String, String>,
    /// The handle examples, by the group their file is named after
    /// (`boards` for `specs/docs/boards.toml`).
    pub handles: BTreeMap<String, HandleDoc>,
}

impl Docs {
    /// Reads every `*.toml` of `specs_dir/docs/`; no folder means no
    /// descriptions (the check then reports every operation as missing).
    pub fn load(specs_dir: &Path) -> Result<Self, String> {
        let dir = specs_dir.join(DOCS_DIR);
        let mut docs = Docs::default();
        let Ok(entries) = fs::read_dir(&dir) else {
            return Ok(docs);
        };
        let mut names: Vec<String> = entries
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".toml"))
            .collect();
        names.sort();
        for name in names {
            let path = dir.join(&name);
            let text = fs::read_to_string(&path)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            docs.add(&format!("specs/{DOCS_DIR}/{name}"), &text)?;
        }
        Ok(docs)
    }

    /// Adds the operations of one file's `text`, named `file` in messages
    /// (its stem names the group of its `[handle]` table).
    pub fn add(&mut self, file: &str, text: &str) -> Result<(), String> {
        let mut table: BTreeMap<String, toml::Value> =
            toml::from_str(text).map_err(|e| format!("{file}: {e}"))?;
        if let Some(handle) = table.remove(HANDLE_KEY) {
            let handle: HandleDoc = handle
                .try_into()
                .map_err(|e| format!("{file} [{HANDLE_KEY}]: {e}"))?;
            let group = Path::new(file)
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            self.handles.insert(group, handle);
        }
        for (op, value) in table {
            let doc: OpDoc = value
                .try_into()
                .map_err(|e| format!("{file} [{op}]: {e}"))?;
            if let Some(first) = self.files.get(&op) {
                return Err(format!(
                    "{file}: operation `{op}` is already described in {first}; keep one"
                ));
            }
            self.files.insert(op.clone(), file.to_owned());
            self.ops.insert(op, doc);
        }
        Ok(())
    }

    /// The summary of operation `op`.
    pub fn summary(&self, op: &str) -> Option<&str> {
        self.ops.get(op).map(|d| d.summary.as_str())
    }

    /// The example of operation `op`.
    pub fn example(&self, op: &str) -> Option<&str> {
        self.ops.get(op).and_then(|d| d.example.as_deref())
    }

    /// The example of the handle of `group` (`boards`, `customFields`, …).
    pub fn handle_example(&self, group: &str) -> Option<&str> {
        self.handles.get(group).map(|h| h.example.as_str())
    }

    /// The description of parameter `name` (its wire name) of operation `op`.
    pub fn param(&self, op: &str, name: &str) -> Option<&str> {
        self.ops
            .get(op)
            .and_then(|d| d.params.get(name))
            .map(String::as_str)
    }
}

impl Docs {
    /// The doc-comment lines codegen writes for operation `op`'s summary
    /// (each line starting with `indent`), followed by an empty doc line;
    /// empty when there is none (the check reports that).
    pub fn summary_doc(&self, op: Option<&str>, indent: &str) -> String {
        op.and_then(|op| self.summary(op))
            .map(|text| doc_lines(text, indent))
            .unwrap_or_default()
    }

    /// The doc-comment lines codegen writes for parameter `name` of
    /// operation `op`, as [`Docs::summary_doc`] does.
    pub fn param_doc(&self, op: Option<&str>, name: &str, indent: &str) -> String {
        op.and_then(|op| self.param(op, name))
            .map(|text| doc_lines(text, indent))
            .unwrap_or_default()
    }
}

fn doc_lines(text: &str, indent: &str) -> String {
    format!("{indent}/// {}\n{indent}///\n", text.trim())
}

/// The doc-comment lines of an example: an empty doc line, then a
/// `# Example` heading and the doctest (each line starting with `indent`):
/// [`EXAMPLE_PRELUDE`] hidden, the example's lines, [`EXAMPLE_POSTLUDE`]
/// hidden. Empty for no example.
pub fn example_doc(example: Option<&str>, indent: &str) -> String {
    let Some(example) = example else {
        return String::new();
    };
    let mut out = format!("{indent}///\n{indent}/// # Example\n{indent}///\n{indent}/// ```\n");
    let hidden = |line: &str| format!("{indent}/// # {line}\n");
    for line in EXAMPLE_PRELUDE {
        out.push_str(&hidden(line));
    }
    for line in example.trim_matches('\n').lines() {
        let line = line.trim_end();
        if line.is_empty() {
            out.push_str(&format!("{indent}///\n"));
        } else {
            out.push_str(&format!("{indent}/// {line}\n"));
        }
    }
    for line in EXAMPLE_POSTLUDE {
        out.push_str(&hidden(line));
    }
    out.push_str(&format!("{indent}/// ```\n"));
    out
}

/// The lines of `example` a reader sees (rustdoc hides `# ` lines and a
/// lone `#`).
fn visible_lines(example: &str) -> Vec<&str> {
    example
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && *l != "#" && !l.starts_with("# "))
        .collect()
}

/// What is wrong with an example that must contain `call` in a visible
/// line, if anything.
fn example_problem(example: &str, call: &str) -> Option<String> {
    let visible = visible_lines(example);
    if example.contains("```") {
        Some("contains a code fence; give only the code, codegen adds the fence".to_owned())
    } else if visible.is_empty() {
        Some("shows nothing (every line is hidden)".to_owned())
    } else if visible.len() > MAX_EXAMPLE_LINES {
        Some(format!(
            "shows {} lines; keep it to {MAX_EXAMPLE_LINES} (hide setup with `# `)",
            visible.len()
        ))
    } else if !visible.iter().any(|l| l.contains(call)) {
        Some(format!(
            "never calls `{call}` in a visible line; show the call it documents"
        ))
    } else {
        None
    }
}

/// The outcome of [`check`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DocsReport {
    /// What is wrong, one actionable line each.
    pub problems: Vec<String>,
    /// Spec operations.
    pub operations: usize,
    /// Spec operations with a summary.
    pub summarised: usize,
    /// Spec parameters.
    pub params: usize,
    /// Spec parameters with a description.
    pub described: usize,
    /// Operations with a (well-formed) example.
    pub examples: usize,
    /// Resource handles with a (well-formed) example.
    pub handle_examples: usize,
}

impl DocsReport {
    /// `docs: 261/261 operations summarised, 850/850 parameters described,
    /// 30 examples (18 handles), problems: 0`.
    pub fn summary(&self) -> String {
        format!(
            "docs: {}/{} operations summarised, {}/{} parameters described, {} examples ({} handles), problems: {}",
            self.summarised,
            self.operations,
            self.described,
            self.params,
            self.examples,
            self.handle_examples,
            self.problems.len()
        )
    }

    /// Whether the check passes.
    pub fn ok(&self) -> bool {
        self.problems.is_empty()
    }
}

fn text_problem(text: &str, max: usize) -> Option<String> {
    let n = text.chars().count();
    if text.trim().is_empty() {
        Some("is empty".to_owned())
    } else if text.contains('\n') {
        Some("spans several lines; keep it to one".to_owned())
    } else if n > max {
        Some(format!("is {n} characters long; keep it under {max}"))
    } else {
        None
    }
}

/// Checks `docs` against `specs`: every operation has a summary, every
/// parameter a description, and nothing is described that the specs lack;
/// an operation's example calls its handle method, a `[handle]` example
/// its group's accessor.
pub fn check(specs: &Specs, docs: &Docs) -> DocsReport {
    let mut r = DocsReport::default();
    let methods = match crate::codegen::handle_methods(specs) {
        Ok(m) => m,
        Err(e) => {
            r.problems
                .push(format!("cannot name the handle methods: {e}"));
            BTreeMap::new()
        }
    };
    let mut known = BTreeMap::new();
    for e in &specs.endpoints {
        r.operations += 1;
        r.params += e.params.len();
        let route = e.route();
        let Some(op) = &e.operation_id else {
            r.problems.push(format!(
                "{route}: has no operation_id in specs/, and descriptions are keyed by it; re-import the specs"
            ));
            continue;
        };
        known.insert(op.as_str(), e);
        let Some(doc) = docs.ops.get(op) else {
            r.problems.push(format!(
                "{route}: no description; add a `[{op}]` table with a `summary` to specs/{DOCS_DIR}/<group>.toml"
            ));
            continue;
        };
        let file = docs
            .files
            .get(op)
            .map(String::as_str)
            .unwrap_or("specs/docs");
        match text_problem(&doc.summary, MAX_SUMMARY) {
            Some(p) => r.problems.push(format!("{file} [{op}]: the summary {p}")),
            None => r.summarised += 1,
        }
        if let Some(example) = &doc.example {
            match methods.get(op.as_str()) {
                None => r.problems.push(format!(
                    "{file} [{op}]: has an example, but {route} has no generated handle method to put it on; remove it"
                )),
                Some((accessor, method)) => {
                    match example_problem(example, &format!(".{method}(")) {
                        Some(p) => r.problems.push(format!(
                            "{file} [{op}]: the example {p} (it documents `client.{accessor}().{method}(..)`)"
                        )),
                        None => r.examples += 1,
                    }
                }
            }
        }
        for p in &e.params {
            match doc.params.get(&p.name) {
                None => r.problems.push(format!(
                    "{file} [{op}.params]: parameter `{}` ({} of {route}) has no description; add `{} = \"…\"`",
                    p.name, p.location, toml_key(&p.name)
                )),
                Some(text) => match text_problem(text, MAX_PARAM) {
                    Some(problem) => r
                        .problems
                        .push(format!("{file} [{op}.params]: `{}` {problem}", p.name)),
                    None => r.described += 1,
                },
            }
        }
    }
    for (group, handle) in &docs.handles {
        let file = format!("specs/{DOCS_DIR}/{group}.toml");
        if !crate::codegen::GROUPS.iter().any(|(g, _, _)| g == group) {
            r.problems.push(format!(
                "{file} [{HANDLE_KEY}]: `{group}` is not a resource group of codegen::GROUPS; move the example to the group's file"
            ));
            continue;
        }
        let accessor = crate::codegen::snake(group);
        match example_problem(&handle.example, &format!(".{accessor}()")) {
            Some(p) => r
                .problems
                .push(format!("{file} [{HANDLE_KEY}]: the example {p}")),
            None => r.handle_examples += 1,
        }
    }
    for (op, doc) in &docs.ops {
        let file = docs
            .files
            .get(op)
            .map(String::as_str)
            .unwrap_or("specs/docs");
        let Some(e) = known.get(op.as_str()) else {
            r.problems.push(format!(
                "{file} [{op}]: describes an operation specs/ does not have (renamed or removed?); fix the key or delete the table"
            ));
            continue;
        };
        for name in doc.params.keys() {
            if !e.params.iter().any(|p| &p.name == name) {
                let have: Vec<&str> = e.params.iter().map(|p| p.name.as_str()).collect();
                r.problems.push(format!(
                    "{file} [{op}.params]: describes `{name}`, which {} does not have (it has: {})",
                    e.route(),
                    if have.is_empty() {
                        "none".to_owned()
                    } else {
                        have.join(", ")
                    }
                ));
            }
        }
    }
    r
}

fn toml_key(name: &str) -> String {
    if name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        name.to_owned()
    } else {
        format!("\"{name}\"")
    }
}

fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn prose_of(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                match (k.as_str(), v) {
                    ("description" | "summary", serde_json::Value::String(s)) => {
                        out.push(s.clone())
                    }
                    _ => prose_of(v, out),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| prose_of(v, out)),
        _ => {}
    }
}

/// The descriptions of `docs` that repeat the prose (`description` and
/// `summary` texts) of the OpenAPI document `openapi`: equal to one of them
/// once punctuation and case are ignored, or sharing [`COPY_WORDS`]
/// consecutive words with one.
pub fn copied_prose(docs: &Docs, openapi: &str) -> Result<Vec<String>, String> {
    let doc: serde_json::Value =
        serde_json::from_str(openapi).map_err(|e| format!("the OpenAPI document: {e}"))?;
    let mut prose = Vec::new();
    prose_of(&doc, &mut prose);
    let mut whole = std::collections::BTreeSet::new();
    let mut runs = std::collections::BTreeSet::new();
    for text in &prose {
        let w = words(text);
        for run in w.windows(COPY_WORDS) {
            runs.insert(run.join(" "));
        }
        whole.insert(w.join(" "));
    }
    let mut found = Vec::new();
    for (op, d) in &docs.ops {
        let texts = std::iter::once(("summary".to_owned(), &d.summary))
            .chain(d.params.iter().map(|(k, v)| (format!("params.{k}"), v)));
        for (what, text) in texts {
            let w = words(text);
            let hit = if whole.contains(&w.join(" ")) {
                Some("is word for word a description of the OpenAPI document".to_owned())
            } else {
                w.windows(COPY_WORDS)
                    .map(|run| run.join(" "))
                    .find(|run| runs.contains(run))
                    .map(|run| format!("repeats the OpenAPI document's prose (\"{run}\")"))
            };
            if let Some(hit) = hit {
                found.push(format!("[{op}] {what} {hit}; describe it in our own words"));
            }
        }
    }
    Ok(found)
}

/// `cargo xtask check`'s part for the descriptions: loads `specs_dir`'s specs
/// and docs, prints each problem and the count line, and, when `openapi` (a
/// path) is given, also looks for copied prose. Returns whether all is well.
pub fn run(specs_dir: &Path, openapi: Option<&str>) -> Result<bool, String> {
    let specs = Specs::load(specs_dir)?;
    let docs = Docs::load(specs_dir)?;
    let mut report = check(&specs, &docs);
    if let Some(path) = openapi {
        let text = fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))?;
        report.problems.extend(copied_prose(&docs, &text)?);
    }
    for p in &report.problems {
        println!("DOCS {p}");
    }
    println!("{}", report.summary());
    Ok(report.ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::{SpecEndpoint, SpecParam};

    fn param(name: &str, location: &str) -> SpecParam {
        SpecParam {
            name: name.into(),
            location: location.into(),
            ty: "string".into(),
            required: location == "path",
            default: None,
            allowed: Vec::new(),
            max: None,
        }
    }

    fn specs() -> Specs {
        Specs {
            endpoints: vec![SpecEndpoint {
                method: "PUT".into(),
                path: "/cards/{id}".into(),
                operation_id: Some("put-cards-id".into()),
                response: None,
                params: vec![param("id", "path"), param("closed", "query")],
                scopes: Vec::new(),
                deprecated: false,
                former_paths: Vec::new(),
            }],
            ..Specs::default()
        }
    }

    fn docs(text: &str) -> Docs {
        let mut d = Docs::default();
        d.add("specs/docs/cards.toml", text).expect("parses");
        d
    }

    const GOOD: &str = r#"
[put-cards-id]
summary = "Change a card."
[put-cards-id.params]
id = "The card's id."
closed = "`true` archives the card."
"#;

    #[test]
    fn complete_docs_pass_and_are_counted() {
        let d = docs(GOOD);
        let r = check(&specs(), &d);
        assert!(r.ok(), "{:?}", r.problems);
        assert_eq!(
            r.summary(),
            "docs: 1/1 operations summarised, 2/2 parameters described, 0 examples (0 handles), problems: 0"
        );
        assert_eq!(d.summary("put-cards-id"), Some("Change a card."));
        assert_eq!(
            d.param("put-cards-id", "closed"),
            Some("`true` archives the card.")
        );
        assert_eq!(d.param("put-cards-id", "nope"), None);
    }

    #[test]
    fn a_missing_operation_or_parameter_is_reported() {
        let r = check(&specs(), &Docs::default());
        assert_eq!(r.problems.len(), 1);
        assert!(r.problems[0].contains("PUT /cards/{id}: no description"));
        let r = check(
            &specs(),
            &docs("[put-cards-id]\nsummary = \"x\"\n[put-cards-id.params]\nid = \"y\"\n"),
        );
        assert_eq!(r.problems.len(), 1, "{:?}", r.problems);
        assert!(
            r.problems[0].contains("parameter `closed`"),
            "{}",
            r.problems[0]
        );
        assert_eq!(r.described, 1);
    }

    #[test]
    fn describing_what_does_not_exist_is_reported() {
        let text = format!("{GOOD}pos = \"Where.\"\n[gone-op]\nsummary = \"Old.\"\n");
        let r = check(&specs(), &docs(&text));
        assert_eq!(r.problems.len(), 2, "{:?}", r.problems);
        assert!(r.problems.iter().any(|p| p.contains("describes `pos`")));
        assert!(r.problems.iter().any(|p| p.contains("[gone-op]")));
    }

    #[test]
    fn empty_long_and_multiline_texts_are_reported() {
        let long = "word ".repeat(60);
        let text = format!(
            "[put-cards-id]\nsummary = \"\"\n[put-cards-id.params]\nid = \"{long}\"\nclosed = \"a\\nb\"\n"
        );
        let r = check(&specs(), &docs(&text));
        assert_eq!(r.problems.len(), 3, "{:?}", r.problems);
        assert_eq!(r.summarised + r.described, 0);
    }

    #[test]
    fn an_operation_described_twice_is_refused() {
        let mut d = docs(GOOD);
        let err = d.add("specs/docs/other.toml", GOOD).unwrap_err();
        assert!(
            err.contains("already described in specs/docs/cards.toml"),
            "{err}"
        );
    }

    const WITH_EXAMPLE: &str = r#"
[handle]
example = """
# let board = client.boards().create("Roadmap").await?;
let card = client.cards().get("5abbe4b7ddc1b351ef961414").await?;
"""

[put-cards-id]
summary = "Change a card."
example = """
# let card = client.cards().get("5abbe4b7ddc1b351ef961414").await?;
let card = client.cards().update(card.id.as_str()).closed(true).await?;
"""
[put-cards-id.params]
id = "The card's id."
closed = "`true` archives the card."
"#;

    #[test]
    fn examples_that_call_their_method_are_counted() {
        let d = docs(WITH_EXAMPLE);
        let r = check(&specs(), &d);
        assert!(r.ok(), "{:?}", r.problems);
        assert_eq!((r.examples, r.handle_examples), (1, 1));
        assert!(
            r.summary().contains("1 examples (1 handles)"),
            "{}",
            r.summary()
        );
        assert!(d.example("put-cards-id").unwrap().contains(".update("));
        assert!(d.handle_example("cards").unwrap().contains(".cards()"));
        assert_eq!(d.handle_example("boards"), None);
    }

    #[test]
    fn an_example_that_shows_another_call_is_reported() {
        // The operation's example calls `get`, not `update`; the handle's
        // example reaches `client.cards()` only in a hidden line.
        let text = WITH_EXAMPLE
            .replace(
                ".update(card.id.as_str()).closed(true)",
                ".get(card.id.as_str())",
            )
            .replace(
                "let card = client.cards().get(\"5abbe4b7ddc1b351ef961414\").await?;\n\"\"\"\n\n[put",
                "# let card = client.cards().get(\"5abbe4b7ddc1b351ef961414\").await?;\nprintln!();\n\"\"\"\n\n[put",
            );
        let r = check(&specs(), &docs(&text));
        assert_eq!(r.problems.len(), 2, "{:?}", r.problems);
        assert!(
            r.problems.iter().any(|p| p.contains("[put-cards-id]")
                && p.contains("never calls `.update(`")
                && p.contains("client.cards().update(..)")),
            "{:?}",
            r.problems
        );
        assert!(
            r.problems
                .iter()
                .any(|p| p.contains("[handle]") && p.contains("never calls `.cards()`")),
            "{:?}",
            r.problems
        );
        assert_eq!((r.examples, r.handle_examples), (0, 0));
    }

    #[test]
    fn long_fenced_or_hidden_only_examples_are_reported() {
        let long = "let x = client.cards().update(\"a\");\n".repeat(MAX_EXAMPLE_LINES + 1);
        for (example, want) in [
            (long.as_str(), "keep it to"),
            ("```\nclient.cards().update(\"a\");\n```", "code fence"),
            ("# client.cards().update(\"a\");\n#", "shows nothing"),
        ] {
            let text = format!(
                "[put-cards-id]\nsummary = \"x\"\nexample = '''\n{example}\n'''\n[put-cards-id.params]\nid = \"y\"\nclosed = \"z\"\n"
            );
            let r = check(&specs(), &docs(&text));
            assert_eq!(r.problems.len(), 1, "{example}: {:?}", r.problems);
            assert!(r.problems[0].contains(want), "{}", r.problems[0]);
        }
    }

    #[test]
    fn a_handle_example_in_a_file_of_no_group_is_reported() {
        let mut d = docs(GOOD);
        d.add(
            "specs/docs/gadgets.toml",
            "[handle]\nexample = \"client.gadgets();\"\n",
        )
        .expect("parses");
        let r = check(&specs(), &d);
        assert_eq!(r.problems.len(), 1, "{:?}", r.problems);
        assert!(
            r.problems[0].contains("gadgets.toml [handle]")
                && r.problems[0].contains("not a resource group"),
            "{}",
            r.problems[0]
        );
        // Unknown keys in a [handle] table are refused when read.
        let err = Docs::default()
            .add(
                "specs/docs/cards.toml",
                "[handle]\nexample = \"x\"\nsummary = \"y\"\n",
            )
            .unwrap_err();
        assert!(err.contains("cards.toml [handle]"), "{err}");
    }

    #[test]
    fn example_doc_wraps_the_example_in_the_hidden_prelude() {
        assert_eq!(example_doc(None, "    "), "");
        let doc = example_doc(
            Some("\nlet me = client.members().get(\"me\").await?;\n\n# let _ = me;\n"),
            "    ",
        );
        let lines: Vec<&str> = doc.lines().collect();
        assert_eq!(
            &lines[..4],
            ["    ///", "    /// # Example", "    ///", "    /// ```"]
        );
        for (line, prelude) in lines[4..].iter().zip(EXAMPLE_PRELUDE) {
            assert_eq!(*line, format!("    /// # {prelude}"));
        }
        let rest = &lines[4 + EXAMPLE_PRELUDE.len()..];
        assert_eq!(
            rest,
            [
                "    /// let me = client.members().get(\"me\").await?;",
                "    ///",
                "    /// # let _ = me;",
                "    /// # Ok(())",
                "    /// # }",
                "    /// ```",
            ]
        );
    }

    #[test]
    fn copied_prose_is_found() {
        let openapi = r#"{"paths": {"/cards/{id}": {"put": {"summary": "Update a Card",
            "parameters": [{"name": "closed", "description": "Whether the card should be archived (closed: true)."}]}}}}"#;
        let ours = docs(GOOD);
        assert!(copied_prose(&ours, openapi).expect("json").is_empty());
        let copied = docs(
            "[put-cards-id]\nsummary = \"Update a card.\"\n[put-cards-id.params]\nclosed = \"whether the card should be archived (closed: true), or not\"\n",
        );
        let found = copied_prose(&copied, openapi).expect("json");
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(
            found[0].contains("summary is word for word"),
            "{}",
            found[0]
        );
        assert!(found[1].contains("params.closed repeats"), "{}", found[1]);
    }
}
