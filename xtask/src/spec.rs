//! The `specs/` data model: what the files hold, how they are read, and how
//! they are written (deterministically, so a re-import gives identical bytes).
//!
//! One file per resource group holds an array of `[[endpoint]]` tables, each
//! with one inline table per parameter:
//!
//! ```toml
//! [[endpoint]]
//! method = "GET"
//! path = "/members/{id}"
//! operation_id = "get-members-id"
//! params = [
//!   { name = "id", in = "path", type = "string|id", required = true },
//!   { name = "fields", in = "query", type = "array<enum>", required = false, default = "all", allowed = ["all", "id"] },
//! ]
//! ```

use std::{
    collections::BTreeSet,
    fmt::{self, Write as _},
    fs,
    path::Path,
};

use serde::Deserialize;

/// The name of the file that lists spec endpoints not yet in code.
pub const NOT_IMPLEMENTED_FILE: &str = "NOT_IMPLEMENTED";
/// The name of the file that lists tolerated mismatches of implemented
/// endpoints (each must still occur; the list shrinks to empty).
pub const KNOWN_MISMATCHES_FILE: &str = "KNOWN_MISMATCHES";
/// The name of the reviewed overlay: parameters Trello accepts that the
/// documentation omits, one `[[param]]` with its provenance each. The
/// importer never writes or removes it.
pub const OVERLAY_FILE: &str = "overlay.toml";
/// The name of the reviewed response overlay: what a route really answers
/// where the documentation gives no schema (or a wrong one), one
/// `[[response]]` with its provenance each. The importer never writes or
/// removes it.
pub const RESPONSES_FILE: &str = "responses.toml";
/// The name of the hand-kept authorization file.
pub const AUTH_FILE: &str = "auth.toml";

/// One alternative of a spec type (a parameter may accept several, e.g. a
/// position is `number|enum`: `top`, `bottom` or a number).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Base {
    /// Free text.
    String,
    /// A Trello id (24 hex digits).
    Id,
    /// A whole number.
    Integer,
    /// Any number.
    Number,
    /// `true` / `false`.
    Boolean,
    /// A date or date-time.
    Date,
    /// One of the listed `allowed` values.
    Enum,
    /// A JSON object.
    Object,
    /// File content (multipart).
    File,
}

impl Base {
    /// All bases in their canonical order (a union such as `id|enum` is
    /// written in this order).
    pub const ALL: [Base; 9] = [
        Base::String,
        Base::Id,
        Base::Integer,
        Base::Number,
        Base::Boolean,
        Base::Date,
        Base::Enum,
        Base::Object,
        Base::File,
    ];

    /// The spelling used in spec files.
    pub const fn as_str(self) -> &'static str {
        match self {
            Base::String => "string",
            Base::Id => "id",
            Base::Integer => "integer",
            Base::Number => "number",
            Base::Boolean => "boolean",
            Base::Date => "date",
            Base::Enum => "enum",
            Base::Object => "object",
            Base::File => "file",
        }
    }

    /// Parses a spelling used in spec files.
    pub fn parse(s: &str) -> Option<Base> {
        Base::ALL.into_iter().find(|b| b.as_str() == s)
    }
}

/// A parameter's type: one or more alternatives, optionally a comma-joined
/// list of them. Written `string`, `number|enum`, `array<id>`, … (alternatives
/// in [`Base::ALL`] order).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpecType {
    /// The accepted alternatives, never empty.
    pub alts: BTreeSet<Base>,
    /// Whether the value is a list (comma-joined in a query, an array in JSON).
    pub list: bool,
}

impl SpecType {
    /// A single, non-list type.
    pub fn scalar(base: Base) -> Self {
        Self {
            alts: BTreeSet::from([base]),
            list: false,
        }
    }

    /// Parses the spec spelling (`array<number|enum>`, `string|id`, …).
    pub fn parse(s: &str) -> Result<Self, String> {
        let (inner, list) = match s.strip_prefix("array<").and_then(|r| r.strip_suffix('>')) {
            Some(inner) => (inner, true),
            None => (s, false),
        };
        let mut alts = BTreeSet::new();
        for part in inner.split('|') {
            let base = Base::parse(part).ok_or_else(|| {
                format!(
                    "unknown type `{part}` in `{s}` (known: string, id, integer, number, boolean, date, enum, object, file; `array<…>` for lists, `a|b` for alternatives)"
                )
            })?;
            alts.insert(base);
        }
        Ok(Self { alts, list })
    }

    /// Whether `base` is one of the alternatives.
    pub fn has(&self, base: Base) -> bool {
        self.alts.contains(&base)
    }
}

impl fmt::Display for SpecType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = self
            .alts
            .iter()
            .map(|b| b.as_str())
            .collect::<Vec<_>>()
            .join("|");
        if self.list {
            write!(f, "array<{inner}>")
        } else {
            f.write_str(&inner)
        }
    }
}

/// One parameter row of a spec table.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpecParam {
    /// The wire name, exactly as Trello writes it.
    pub name: String,
    /// `path`, `query` or `body`.
    #[serde(rename = "in")]
    pub location: String,
    /// The type, see [`SpecType`].
    #[serde(rename = "type")]
    pub ty: String,
    /// Whether the docs mark it required.
    pub required: bool,
    /// The documented default, as its wire text.
    #[serde(default)]
    pub default: Option<String>,
    /// The allowed values, in the docs' order; empty when not a fixed set.
    #[serde(default)]
    pub allowed: Vec<String>,
    /// The documented maximum (the schema's `maximum`), as wire text.
    #[serde(default)]
    pub max: Option<String>,
}

impl SpecParam {
    /// The parsed type.
    pub fn spec_type(&self) -> Result<SpecType, String> {
        SpecType::parse(&self.ty)
    }
}

/// One endpoint of a spec table.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpecEndpoint {
    /// `GET`, `POST`, `PUT` or `DELETE`.
    pub method: String,
    /// The path template as Trello writes it (leading slash, no `/1`).
    pub path: String,
    /// The OpenAPI operationId (made unique, see the file header).
    #[serde(default)]
    pub operation_id: Option<String>,
    /// The success (200) response's schema: a component name (`Board`),
    /// `array<Name>`, `object` for an inline object, or none when the docs
    /// give no schema.
    #[serde(default)]
    pub response: Option<String>,
    /// The OAuth 2.0 scopes the operation requires (its `security`
    /// requirement on the `OAuth2` scheme), in the document's order.
    #[serde(default)]
    pub scopes: Vec<String>,
    /// Whether the document marks the operation deprecated.
    #[serde(default)]
    pub deprecated: bool,
    /// Paths this operation (same operationId) had in earlier imports,
    /// oldest first: the Rust names come from the oldest, so a rename never
    /// breaks users' code, and drift reports can name the move.
    #[serde(default)]
    pub former_paths: Vec<String>,
    /// The parameters: path ones in template order, then query and body
    /// ones sorted by location and name.
    #[serde(default)]
    pub params: Vec<SpecParam>,
}

impl SpecEndpoint {
    /// `METHOD /path`.
    pub fn route(&self) -> String {
        format!("{} {}", self.method, self.path)
    }

    /// The path the Rust names are derived from: the oldest former path,
    /// or the current one.
    pub fn naming_path(&self) -> &str {
        self.former_paths.first().unwrap_or(&self.path)
    }
}

/// A resource group file (`specs/boards.toml`, …).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpecFile {
    /// Its endpoints, sorted by path then method.
    #[serde(default)]
    pub endpoint: Vec<SpecEndpoint>,
}

/// The `/1/authorize` table of `specs/auth.toml`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuthorizeTable {
    /// The authorize URL.
    pub url: String,
    /// Its query parameters.
    pub params: Vec<SpecParam>,
}

/// An OAuth 1.0 route of `specs/auth.toml`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OAuthRoute {
    /// The HTTP method.
    pub method: String,
    /// The path relative to `base`.
    pub path: String,
    /// The base URL (`https://trello.com/1`, not the API host).
    pub base: String,
    /// The protocol parameters (RFC 5849).
    #[serde(default)]
    pub params: Vec<SpecParam>,
}

/// `specs/auth.toml`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuthSpec {
    /// The `/1/authorize` table.
    pub authorize: AuthorizeTable,
    /// The three OAuth 1.0 routes.
    pub oauth1: Vec<OAuthRoute>,
}

/// One reviewed row of `specs/overlay.toml`.
// No `deny_unknown_fields` here: serde does not support it next to
// `flatten`; the flattened `SpecParam` still rejects unknown keys.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct OverlayParam {
    /// The endpoint it belongs to, `METHOD /path` as in the group files.
    pub route: String,
    /// Where the fact comes from (an observed answer, a changelog, …): one
    /// line a reviewer can check.
    pub provenance: String,
    /// The parameter row, as in the group files.
    #[serde(flatten)]
    pub param: SpecParam,
}

/// One reviewed `[[amend]]` row of `specs/overlay.toml`: an imported
/// parameter whose documented type is looser than what Trello takes (a
/// plain `string` for a fixed set of values).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OverlayAmend {
    /// The endpoint, `METHOD /path` as in the group files.
    pub route: String,
    /// The imported parameter's wire name.
    pub name: String,
    /// Where the fact comes from: one line a reviewer can check.
    pub provenance: String,
    /// The type the imported table gives (the row is an error once the
    /// documentation says something else, so it gets reviewed again).
    pub replaces: String,
    /// The type Trello takes, in the specs' vocabulary.
    #[serde(rename = "type")]
    pub ty: String,
    /// The values Trello takes, for an `enum` or `array<enum>` type.
    #[serde(default)]
    pub allowed: Vec<String>,
    /// The imported row's allowed values, restored for the drift report.
    #[serde(skip)]
    pub original_allowed: Vec<String>,
}

/// `specs/overlay.toml`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
struct OverlayFile {
    #[serde(default)]
    param: Vec<OverlayParam>,
    #[serde(default)]
    amend: Vec<OverlayAmend>,
}

/// One reviewed row of `specs/responses.toml`: what `route` answers.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OverlayResponse {
    /// The endpoint, `METHOD /path` as in the group files.
    pub route: String,
    /// The answer in the specs' vocabulary: a model's schema name (`Card`),
    /// `array<Name>`, or `empty` for an answer that carries nothing.
    pub response: String,
    /// Where the fact comes from: one line a reviewer can check.
    pub provenance: String,
    /// What the imported table says instead, when this row corrects it
    /// (the row is an error once the documentation changes that answer).
    #[serde(default)]
    pub replaces: Option<String>,
}

/// `specs/responses.toml`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
struct ResponsesFile {
    #[serde(default)]
    response: Vec<OverlayResponse>,
}

/// Where an endpoint's response type comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResponseSource {
    /// The imported documentation's schema.
    Docs,
    /// A reviewed row of `specs/responses.toml`.
    Overlay,
}

/// Everything in `specs/`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Specs {
    /// Every REST endpoint of the resource-group files, sorted by route,
    /// with the overlay's parameters merged in.
    pub endpoints: Vec<SpecEndpoint>,
    /// The authorization file, when present.
    pub auth: Option<AuthSpec>,
    /// The overlay's rows (already merged into `endpoints`).
    pub overlay: Vec<OverlayParam>,
    /// The overlay's amended types (already applied to `endpoints`).
    pub amends: Vec<OverlayAmend>,
    /// The reviewed responses of `specs/responses.toml` (kept apart from
    /// `endpoints`, whose `response` stays what the documentation says, so
    /// the drift report and a re-import never see them).
    pub responses: Vec<OverlayResponse>,
}

impl Specs {
    /// Whether the row `name` of `route` comes from the overlay.
    pub fn from_overlay(&self, route: &str, name: &str) -> Option<&OverlayParam> {
        self.overlay
            .iter()
            .find(|o| o.route == route && o.param.name == name)
    }

    /// The overlay's amendment of the imported row `name` of `route`.
    pub fn amended(&self, route: &str, name: &str) -> Option<&OverlayAmend> {
        self.amends
            .iter()
            .find(|a| a.route == route && a.name == name)
    }

    /// The provenance of the row `name` of `route` when the overlay adds or
    /// amends it.
    pub fn overlay_provenance(&self, route: &str, name: &str) -> Option<&str> {
        self.from_overlay(route, name)
            .map(|o| o.provenance.as_str())
            .or_else(|| self.amended(route, name).map(|a| a.provenance.as_str()))
    }

    /// The reviewed response row of `route`, if any.
    pub fn response_row(&self, route: &str) -> Option<&OverlayResponse> {
        self.responses.iter().find(|r| r.route == route)
    }

    /// What `e` answers, in the specs' vocabulary, and where that comes
    /// from: the reviewed row first, then the documentation's schema.
    pub fn response_of<'a>(&'a self, e: &'a SpecEndpoint) -> Option<(&'a str, ResponseSource)> {
        match self.response_row(&e.route()) {
            Some(r) => Some((r.response.as_str(), ResponseSource::Overlay)),
            None => e.response.as_deref().map(|r| (r, ResponseSource::Docs)),
        }
    }
}

impl Specs {
    /// Reads every `*.toml` of `dir`.
    pub fn load(dir: &Path) -> Result<Self, String> {
        let mut names: Vec<_> = fs::read_dir(dir)
            .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".toml"))
            .collect();
        names.sort();
        let mut specs = Specs::default();
        for name in names {
            let path = dir.join(&name);
            let text = fs::read_to_string(&path)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            if name == OVERLAY_FILE {
                let file: OverlayFile =
                    toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
                specs.overlay = file.param;
                specs.amends = file.amend;
            } else if name == RESPONSES_FILE {
                let file: ResponsesFile =
                    toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
                specs.responses = file.response;
            } else if name == AUTH_FILE {
                specs.auth =
                    Some(toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?);
            } else {
                let file: SpecFile =
                    toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
                specs.endpoints.extend(file.endpoint);
            }
        }
        specs.endpoints.sort_by_key(route_order);
        for o in &specs.overlay {
            let Some(e) = specs.endpoints.iter_mut().find(|e| e.route() == o.route) else {
                return Err(format!(
                    "specs/{OVERLAY_FILE}: `{}` is no endpoint of specs/; fix the route or drop the row",
                    o.route
                ));
            };
            if e.params.iter().any(|p| p.name == o.param.name) {
                return Err(format!(
                    "specs/{OVERLAY_FILE}: `{}` param `{}` is now in the imported table; drop the overlay row",
                    o.route, o.param.name
                ));
            }
            if o.provenance.trim().is_empty() {
                return Err(format!(
                    "specs/{OVERLAY_FILE}: `{}` param `{}` has no provenance; say where the fact comes from",
                    o.route, o.param.name
                ));
            }
            e.params.push(o.param.clone());
        }
        for a in &mut specs.amends {
            let at = format!(
                "specs/{OVERLAY_FILE}: amended `{}` param `{}`",
                a.route, a.name
            );
            let Some(e) = specs.endpoints.iter_mut().find(|e| e.route() == a.route) else {
                return Err(format!(
                    "{at}: no endpoint of specs/ has this route; fix the route or drop the row"
                ));
            };
            let Some(p) = e.params.iter_mut().find(|p| p.name == a.name) else {
                return Err(format!(
                    "{at}: the imported table has no such parameter; fix the name or drop the row"
                ));
            };
            if a.provenance.trim().is_empty() {
                return Err(format!(
                    "{at} has no provenance; say where the fact comes from"
                ));
            }
            if p.ty != a.replaces {
                return Err(format!(
                    "{at}: the imported table now says `{}`, not `{}`; review the row (drop it, or write `replaces = \"{}\"`)",
                    p.ty, a.replaces, p.ty
                ));
            }
            if let Err(e) = SpecType::parse(&a.ty) {
                return Err(format!("{at}: {e}"));
            }
            a.original_allowed = std::mem::replace(&mut p.allowed, a.allowed.clone());
            p.ty = a.ty.clone();
        }
        let mut seen = BTreeSet::new();
        for r in &specs.responses {
            let at = format!("specs/{RESPONSES_FILE}: `{}`", r.route);
            if !seen.insert(r.route.as_str()) {
                return Err(format!("{at} is listed twice; keep one row"));
            }
            let Some(e) = specs.endpoints.iter().find(|e| e.route() == r.route) else {
                return Err(format!(
                    "{at} is no endpoint of specs/; fix the route or drop the row"
                ));
            };
            if r.provenance.trim().is_empty() {
                return Err(format!(
                    "{at} has no provenance; say where the fact comes from"
                ));
            }
            match (&e.response, &r.replaces) {
                (Some(docs), _) if *docs == r.response => {
                    return Err(format!(
                        "{at}: the imported table now says `{docs}` too; drop the row"
                    ));
                }
                (Some(docs), Some(replaces)) if docs == replaces => {}
                (Some(docs), _) => {
                    return Err(format!(
                        "{at}: the imported table says `{docs}`; review the row and write `replaces = \"{docs}\"` if it still corrects the documentation"
                    ));
                }
                (None, Some(replaces)) => {
                    return Err(format!(
                        "{at}: `replaces = \"{replaces}\"` but the imported table gives no response any more; drop `replaces`"
                    ));
                }
                (None, None) => {}
            }
        }
        for e in &specs.endpoints {
            for p in &e.params {
                p.spec_type()
                    .map_err(|err| format!("{} param `{}`: {err}", e.route(), p.name))?;
            }
        }
        Ok(specs)
    }
}

/// The sort key of endpoints: path, then method in GET/POST/PUT/DELETE order.
pub fn route_order(e: &SpecEndpoint) -> (String, u8) {
    (e.path.clone(), method_rank(&e.method))
}

/// GET < POST < PUT < DELETE < anything else.
pub fn method_rank(m: &str) -> u8 {
    match m {
        "GET" => 0,
        "POST" => 1,
        "PUT" => 2,
        "DELETE" => 3,
        _ => 4,
    }
}

/// The path with every `{placeholder}` replaced by `{}`: two paths that differ
/// only in placeholder names are the same route.
pub fn path_shape(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_brace = false;
    for c in path.chars() {
        match c {
            '{' => {
                in_brace = true;
                out.push('{');
            }
            '}' => {
                in_brace = false;
                out.push('}');
            }
            _ if in_brace => {}
            _ => out.push(c),
        }
    }
    out
}

/// The `{placeholder}` names of a path template, in order.
pub fn placeholders(path: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        let Some(end) = rest[start..].find('}') else {
            break;
        };
        out.push(rest[start + 1..start + end].to_owned());
        rest = &rest[start + end + 1..];
    }
    out
}

/// A TOML basic string literal.
pub fn toml_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// One parameter as a single-line inline table.
pub fn render_param(p: &SpecParam) -> String {
    let mut s = format!(
        "{{ name = {}, in = {}, type = {}, required = {}",
        toml_str(&p.name),
        toml_str(&p.location),
        toml_str(&p.ty),
        p.required
    );
    if let Some(d) = &p.default {
        let _ = write!(s, ", default = {}", toml_str(d));
    }
    if !p.allowed.is_empty() {
        let vals: Vec<_> = p.allowed.iter().map(|v| toml_str(v)).collect();
        let _ = write!(s, ", allowed = [{}]", vals.join(", "));
    }
    if let Some(m) = &p.max {
        let _ = write!(s, ", max = {}", toml_str(m));
    }
    s.push_str(" }");
    s
}

/// Renders `header` (each line prefixed with `# `) and the endpoints.
pub fn render_file(header: &[String], endpoints: &[SpecEndpoint]) -> String {
    let mut out = String::new();
    for line in header {
        if line.is_empty() {
            out.push_str("#\n");
        } else {
            let _ = writeln!(out, "# {line}");
        }
    }
    for e in endpoints {
        out.push('\n');
        out.push_str("[[endpoint]]\n");
        let _ = writeln!(out, "method = {}", toml_str(&e.method));
        let _ = writeln!(out, "path = {}", toml_str(&e.path));
        if let Some(id) = &e.operation_id {
            let _ = writeln!(out, "operation_id = {}", toml_str(id));
        }
        if let Some(r) = &e.response {
            let _ = writeln!(out, "response = {}", toml_str(r));
        }
        if !e.scopes.is_empty() {
            let scopes: Vec<_> = e.scopes.iter().map(|v| toml_str(v)).collect();
            let _ = writeln!(out, "scopes = [{}]", scopes.join(", "));
        }
        if e.deprecated {
            out.push_str("deprecated = true\n");
        }
        if !e.former_paths.is_empty() {
            let paths: Vec<_> = e.former_paths.iter().map(|v| toml_str(v)).collect();
            let _ = writeln!(out, "former_paths = [{}]", paths.join(", "));
        }
        if e.params.is_empty() {
            out.push_str("params = []\n");
        } else {
            out.push_str("params = [\n");
            for p in &e.params {
                let _ = writeln!(out, "  {},", render_param(p));
            }
            out.push_str("]\n");
        }
    }
    out
}

/// Parses a NOT_IMPLEMENTED / KNOWN_MISMATCHES style file: one entry a line,
/// blank lines and `#` comments ignored.
pub fn parse_list(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_owned)
        .collect()
}
