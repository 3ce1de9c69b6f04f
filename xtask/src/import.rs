//! `cargo xtask specs import`: the OpenAPI description → `specs/*.toml`.
//!
//! Output depends only on the document's content and the import date, never
//! on map iteration order: endpoints, parameters and files are sorted
//! explicitly, so importing twice gives identical bytes.

use std::{
    collections::{BTreeMap, BTreeSet},
    fmt::Write as _,
    fs,
    path::Path,
};

use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use crate::{
    prose,
    spec::{self, Base, SpecEndpoint, SpecParam, SpecType},
};

/// The HTTP methods imported, in output order.
const METHODS: [&str; 4] = ["get", "post", "put", "delete"];

/// Where the reference document came from (a fact about provenance).
const SOURCE: &str = "Trello REST API OpenAPI 3.0 description as published by Atlassian \
                      (copy: stritzinger/trellang, docs/trello-openapi.json)";

/// The result of an import, before anything is written.
#[derive(Clone, Debug, Default)]
pub struct Imported {
    /// File name → contents, for every file the importer owns.
    pub files: BTreeMap<String, String>,
    /// Every imported endpoint, sorted by route.
    pub endpoints: Vec<SpecEndpoint>,
    /// Parameters over all operations.
    pub params: usize,
    /// Allowed-value sets taken from prose (not from a schema `enum`).
    pub prose_values: usize,
    /// Lists recognised from prose ("comma-separated list").
    pub prose_lists: usize,
}

/// Per-group audit notes for the file header.
#[derive(Default)]
struct Notes {
    normalisations: Vec<String>,
    prose_values: Vec<String>,
    prose_lists: Vec<String>,
}

/// Imports `openapi` (the document's text). `date` is written in every header
/// (`YYYY-MM-DD`).
pub fn import(openapi: &str, date: &str) -> Result<Imported, String> {
    let doc: Value =
        serde_json::from_str(openapi).map_err(|e| format!("not a JSON document: {e}"))?;
    let hash = sha256_hex(openapi.as_bytes());
    let schemas = doc
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let paths = doc
        .get("paths")
        .and_then(Value::as_object)
        .ok_or("the document has no `paths` object")?;

    // Collect operations in a deterministic order: (normalised path, method).
    struct Op<'a> {
        raw_path: &'a str,
        path: String,
        method: &'static str,
        op: &'a Map<String, Value>,
        path_params: Vec<&'a Value>,
    }
    let mut ops = Vec::new();
    let mut raw_paths: Vec<&String> = paths.keys().collect();
    raw_paths.sort();
    for raw in raw_paths {
        let item = paths[raw]
            .as_object()
            .ok_or("a path item is not an object")?;
        let path_params: Vec<&Value> = item
            .get("parameters")
            .and_then(Value::as_array)
            .map(|a| a.iter().collect())
            .unwrap_or_default();
        for m in METHODS {
            if let Some(op) = item.get(m).and_then(Value::as_object) {
                ops.push(Op {
                    raw_path: raw,
                    path: normalise_path(raw),
                    method: m,
                    op,
                    path_params: path_params.clone(),
                });
            }
        }
    }
    ops.sort_by(|a, b| {
        (&a.path, spec::method_rank(&a.method.to_uppercase()))
            .cmp(&(&b.path, spec::method_rank(&b.method.to_uppercase())))
    });

    // Duplicated operationIds: the first (in route order) keeps it, later
    // ones get `-2`, `-3`, ….
    let mut seen_ids: BTreeMap<String, usize> = BTreeMap::new();
    let mut groups: BTreeMap<String, (Vec<SpecEndpoint>, Notes)> = BTreeMap::new();
    let mut total_params = 0;
    let mut prose_values = 0;
    let mut prose_lists = 0;
    for o in &ops {
        let method = o.method.to_uppercase();
        let route = format!("{method} {}", o.path);
        let group = o
            .path
            .trim_start_matches('/')
            .split('/')
            .next()
            .unwrap_or_default()
            .to_owned();
        let (endpoints, notes) = groups.entry(group).or_default();

        if o.raw_path != o.path {
            let mut why = Vec::new();
            if o.raw_path.contains("${") {
                why.push("`${…}` placeholder written `{…}`");
            }
            if o.raw_path.len() > 1 && o.raw_path.ends_with('/') {
                why.push("trailing slash removed");
            }
            notes.normalisations.push(format!(
                "{method} {} → {}: {}",
                o.raw_path,
                o.path,
                why.join(", ")
            ));
        }

        let mut op_id =
            o.op.get("operationId")
                .and_then(Value::as_str)
                .map(str::to_owned);
        if let Some(id) = &op_id {
            let n = seen_ids.entry(id.clone()).or_insert(0);
            *n += 1;
            if *n > 1 {
                let new = format!("{id}-{n}");
                notes.normalisations.push(format!(
                    "{route}: duplicated operationId `{id}` renamed `{new}`"
                ));
                op_id = Some(new);
            }
        }

        // Parameters: operation-level ones win over path-level ones with the
        // same (name, in).
        let op_params: Vec<&Value> =
            o.op.get("parameters")
                .and_then(Value::as_array)
                .map(|a| a.iter().collect())
                .unwrap_or_default();
        let mut raw_params: Vec<&Value> = op_params.clone();
        let mut merged = Vec::new();
        let mut overridden = Vec::new();
        for pp in &o.path_params {
            let key = (pp.get("name"), pp.get("in"));
            if op_params
                .iter()
                .any(|p| (p.get("name"), p.get("in")) == key)
            {
                overridden.push(str_of(pp, "name"));
            } else {
                merged.push(str_of(pp, "name"));
                raw_params.push(pp);
            }
        }
        if !merged.is_empty() {
            notes.normalisations.push(format!(
                "{route}: path-level parameter(s) {} merged into the operation",
                quote_list(&merged)
            ));
        }
        if !overridden.is_empty() {
            notes.normalisations.push(format!(
                "{route}: parameter(s) {} declared at path and operation level; the operation's declaration kept",
                quote_list(&overridden)
            ));
        }

        let mut params: Vec<SpecParam> = Vec::new();
        for rp in raw_params {
            let name = str_of(rp, "name");
            let location = str_of(rp, "in");
            if location != "path" && location != "query" {
                return Err(format!(
                    "{route}: parameter `{name}` is in `{location}`, which the specs cannot express"
                ));
            }
            let schema = rp.get("schema").cloned().unwrap_or(Value::Null);
            let desc = rp.get("description").and_then(Value::as_str).unwrap_or("");
            let required =
                location == "path" || rp.get("required").and_then(Value::as_bool).unwrap_or(false);
            let param = build_param(
                &route,
                &name,
                &location,
                required,
                &schema,
                desc,
                &schemas,
                notes,
                &mut prose_values,
                &mut prose_lists,
            );
            params.push(param);
        }

        // Allowed values the document lists twice.
        for param in &mut params {
            let mut seen = BTreeSet::new();
            let before = param.allowed.len();
            param.allowed.retain(|v| seen.insert(v.clone()));
            if param.allowed.len() != before {
                notes.normalisations.push(format!(
                    "{route}: `{}` lists an allowed value twice; kept once",
                    param.name
                ));
            }
        }

        // Path placeholders the document forgot to declare.
        for ph in spec::placeholders(&o.path) {
            if !params.iter().any(|p| p.location == "path" && p.name == ph) {
                notes.normalisations.push(format!(
                    "{route}: path placeholder `{ph}` is not declared; added as a required `string|id` path parameter"
                ));
                params.push(SpecParam {
                    name: ph,
                    location: "path".into(),
                    ty: "string|id".into(),
                    required: true,
                    default: None,
                    allowed: Vec::new(),
                    max: None,
                });
            }
        }

        // JSON request body properties become body parameters.
        if let Some(body) =
            o.op.get("requestBody")
                .and_then(|b| b.pointer("/content/application~1json/schema"))
        {
            let body = resolve(body, &schemas);
            let (alternatives, one_of) = match body.get("oneOf").and_then(Value::as_array) {
                Some(alts) => (alts.iter().map(|a| resolve(a, &schemas)).collect(), true),
                None => (vec![body.clone()], false),
            };
            let mut props: BTreeMap<String, (Value, bool)> = BTreeMap::new();
            for alt in &alternatives {
                let req: BTreeSet<&str> = alt
                    .get("required")
                    .and_then(Value::as_array)
                    .map(|a| a.iter().filter_map(Value::as_str).collect())
                    .unwrap_or_default();
                if let Some(ps) = alt.get("properties").and_then(Value::as_object) {
                    for (k, v) in ps {
                        props.insert(k.clone(), (v.clone(), !one_of && req.contains(k.as_str())));
                    }
                }
            }
            let names: Vec<String> = props.keys().cloned().collect();
            notes.normalisations.push(format!(
                "{route}: JSON request-body properties {} recorded as `body` parameters{}",
                quote_list(&names),
                if one_of {
                    " (body is a oneOf: properties of all alternatives merged, none required)"
                } else {
                    ""
                }
            ));
            for (name, (schema, required)) in props {
                let desc = schema
                    .get("description")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_owned();
                let param = build_param(
                    &route,
                    &name,
                    "body",
                    required,
                    &schema,
                    &desc,
                    &schemas,
                    notes,
                    &mut prose_values,
                    &mut prose_lists,
                );
                params.push(param);
            }
        }

        // Order: path params in template order, then query, then body, by name.
        let order = spec::placeholders(&o.path);
        params.sort_by(|a, b| {
            let ka = param_key(a, &order);
            let kb = param_key(b, &order);
            ka.cmp(&kb)
        });
        total_params += params.len();
        endpoints.push(SpecEndpoint {
            method,
            path: o.path.clone(),
            operation_id: op_id,
            response: response_of(o.op),
            params,
        });
    }

    let mut imported = Imported {
        params: total_params,
        prose_values,
        prose_lists,
        ..Imported::default()
    };
    for (group, (endpoints, notes)) in groups {
        let n_params: usize = endpoints.iter().map(|e| e.params.len()).sum();
        let header = header(&group, date, &hash, endpoints.len(), n_params, &notes);
        imported.files.insert(
            format!("{group}.toml"),
            spec::render_file(&header, &endpoints),
        );
        imported.endpoints.extend(endpoints);
    }
    imported
        .files
        .insert(spec::AUTH_FILE.to_owned(), auth_file(date));
    imported.endpoints.sort_by_key(spec::route_order);
    Ok(imported)
}

/// The success response's schema as a fact: the component name of its
/// `$ref` (also through a one-element `oneOf`/`anyOf`), `array<Name>` for an
/// array of those, `object` for an inline object, `None` when the 200
/// response has no JSON schema.
pub fn response_of(op: &Map<String, Value>) -> Option<String> {
    let schema = op
        .get("responses")?
        .get("200")?
        .pointer("/content/application~1json/schema")?;
    fn named(schema: &Value) -> Option<String> {
        if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
            return r.rsplit('/').next().map(str::to_owned);
        }
        for key in ["oneOf", "anyOf", "allOf"] {
            if let Some([one]) = schema.get(key).and_then(Value::as_array).map(Vec::as_slice) {
                return named(one);
            }
        }
        None
    }
    if let Some(name) = named(schema) {
        return Some(name);
    }
    match schema.get("type").and_then(Value::as_str) {
        Some("array") => {
            let item = schema
                .get("items")
                .and_then(named)
                .unwrap_or_else(|| "object".into());
            Some(format!("array<{item}>"))
        }
        Some("object") => Some("object".into()),
        Some(other) => Some(other.to_owned()),
        None => None,
    }
}

/// Writes the imported files into `dir` (creating it). Files the importer
/// does not own (NOT_IMPLEMENTED, KNOWN_MISMATCHES) are left alone; stale
/// group files are removed.
pub fn write(imported: &Imported, dir: &Path) -> Result<(), String> {
    fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    if let Ok(entries) = fs::read_dir(dir) {
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.ends_with(".toml") && !imported.files.contains_key(&name) {
                fs::remove_file(e.path())
                    .map_err(|err| format!("cannot remove stale {name}: {err}"))?;
            }
        }
    }
    for (name, text) in &imported.files {
        let path = dir.join(name);
        fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    Ok(())
}

/// The import date recorded in `dir`'s existing headers, if they were made
/// from a document with the same hash (so re-importing keeps the bytes).
pub fn existing_date(dir: &Path, openapi: &str) -> Option<String> {
    let text = fs::read_to_string(dir.join("boards.toml")).ok()?;
    let hash = sha256_hex(openapi.as_bytes());
    if !text.contains(&format!("# Source sha256: {hash}")) {
        return None;
    }
    text.lines()
        .find_map(|l| l.strip_prefix("# Imported: "))
        .map(str::to_owned)
}

/// Today's UTC date as `YYYY-MM-DD`.
pub fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let days = (secs / 86_400) as i64;
    // Howard Hinnant's civil-from-days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Hex SHA-256.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// `/boards/` → `/boards`, `${id}` → `{id}`.
pub fn normalise_path(raw: &str) -> String {
    let mut p = raw.replace("${", "{");
    while p.len() > 1 && p.ends_with('/') {
        p.pop();
    }
    p
}

fn param_key(p: &SpecParam, order: &[String]) -> (u8, usize, String) {
    match p.location.as_str() {
        "path" => (
            0,
            order
                .iter()
                .position(|n| *n == p.name)
                .unwrap_or(usize::MAX),
            p.name.clone(),
        ),
        "query" => (1, 0, p.name.clone()),
        _ => (2, 0, p.name.clone()),
    }
}

fn str_of(v: &Value, key: &str) -> String {
    v.get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned()
}

fn quote_list(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Follows a `$ref` (OpenAPI 3.0: siblings of `$ref` are ignored).
fn resolve(v: &Value, schemas: &Map<String, Value>) -> Value {
    let mut cur = v.clone();
    for _ in 0..8 {
        let Some(r) = cur.get("$ref").and_then(Value::as_str) else {
            break;
        };
        match r
            .strip_prefix("#/components/schemas/")
            .and_then(|n| schemas.get(n))
        {
            Some(target) => cur = target.clone(),
            None => break,
        }
    }
    cur
}

/// What a schema says: alternatives, list-ness, enum values.
struct Shape {
    alts: BTreeSet<Base>,
    list: bool,
    allowed: Vec<String>,
    /// Notes about normalisations made while reading it.
    notes: Vec<String>,
}

fn shape_of(schema: &Value, schemas: &Map<String, Value>, depth: usize) -> Shape {
    let mut shape = Shape {
        alts: BTreeSet::new(),
        list: false,
        allowed: Vec::new(),
        notes: Vec::new(),
    };
    if depth > 6 {
        shape.alts.insert(Base::String);
        return shape;
    }
    if schema.get("$ref").and_then(Value::as_str) == Some("#/components/schemas/TrelloID") {
        shape.alts.insert(Base::Id);
        return shape;
    }
    let s = resolve(schema, schemas);
    if let Some(alts) = s
        .get("oneOf")
        .or_else(|| s.get("anyOf"))
        .and_then(Value::as_array)
    {
        for a in alts {
            let inner = shape_of(a, schemas, depth + 1);
            shape.alts.extend(inner.alts);
            shape.list |= inner.list;
            for v in inner.allowed {
                if !shape.allowed.contains(&v) {
                    shape.allowed.push(v);
                }
            }
            shape.notes.extend(inner.notes);
        }
        if shape.alts.is_empty() {
            shape.alts.insert(Base::String);
        }
        return shape;
    }
    let ty = s.get("type").and_then(Value::as_str).unwrap_or("");
    if let Some(values) = s.get("enum").and_then(Value::as_array) {
        let mut dropped_null = false;
        for v in values {
            match v {
                Value::Null => dropped_null = true,
                Value::String(x) => shape.allowed.push(x.clone()),
                other => shape.allowed.push(other.to_string()),
            }
        }
        if dropped_null {
            shape
                .notes
                .push("`null` dropped from its enum values".into());
        }
        shape.alts.insert(Base::Enum);
        return shape;
    }
    let hex_pattern = s
        .get("pattern")
        .and_then(Value::as_str)
        .is_some_and(|p| p.starts_with("^[0-9a-fA-F]{"));
    match ty {
        "array" => {
            let items = s.get("items").cloned().unwrap_or(Value::Null);
            let inner = shape_of(&items, schemas, depth + 1);
            let only_id_object = inner.alts == BTreeSet::from([Base::Object])
                && items_are_id_objects(&items, schemas);
            shape.list = true;
            if only_id_object {
                shape.alts.insert(Base::Id);
                shape.notes.push(
                    "array of objects whose only property is `id` read as `array<id>`".into(),
                );
            } else {
                shape.alts.extend(inner.alts);
            }
            shape.allowed = inner.allowed;
            shape.notes.extend(inner.notes);
        }
        "integer" => {
            shape.alts.insert(Base::Integer);
        }
        "number" => {
            shape.alts.insert(Base::Number);
        }
        "boolean" => {
            shape.alts.insert(Base::Boolean);
        }
        "object" => {
            shape.alts.insert(Base::Object);
        }
        _ if s.get("properties").is_some() => {
            shape.alts.insert(Base::Object);
        }
        _ => {
            let format = s.get("format").and_then(Value::as_str).unwrap_or("");
            let base = match format {
                "binary" => Base::File,
                "date" | "date-time" => Base::Date,
                _ if hex_pattern => Base::Id,
                _ => Base::String,
            };
            shape.alts.insert(base);
        }
    }
    shape
}

fn items_are_id_objects(items: &Value, schemas: &Map<String, Value>) -> bool {
    let alts: Vec<Value> = match items
        .get("anyOf")
        .or_else(|| items.get("oneOf"))
        .and_then(Value::as_array)
    {
        Some(a) => a.iter().map(|x| resolve(x, schemas)).collect(),
        None => vec![resolve(items, schemas)],
    };
    alts.iter().all(|a| {
        a.get("properties")
            .and_then(Value::as_object)
            .is_some_and(|p| p.len() == 1 && p.contains_key("id"))
    })
}

#[allow(clippy::too_many_arguments)]
fn build_param(
    route: &str,
    name: &str,
    location: &str,
    required: bool,
    schema: &Value,
    desc: &str,
    schemas: &Map<String, Value>,
    notes: &mut Notes,
    prose_values: &mut usize,
    prose_lists: &mut usize,
) -> SpecParam {
    let mut shape = shape_of(schema, schemas, 0);
    for n in shape.notes.drain(..) {
        notes
            .normalisations
            .push(format!("{route}: parameter `{name}`: {n}"));
    }
    let plain_string = shape.alts == BTreeSet::from([Base::String]) && shape.allowed.is_empty();
    if plain_string {
        if let Some(found) = prose::extract_values(desc) {
            shape.alts = BTreeSet::from([Base::Enum]);
            if found.number {
                shape.alts.insert(Base::Number);
            }
            match found.or_other {
                Some(true) => {
                    shape.alts.insert(Base::Id);
                }
                Some(false) => {
                    shape.alts.insert(Base::String);
                }
                None => {}
            }
            shape.allowed = found.values;
            *prose_values += 1;
            notes.prose_values.push(format!(
                "{route} `{name}`: {} (after \"{}\"){}{}",
                shape.allowed.join(", "),
                found.trigger,
                if found.number { ", or a number" } else { "" },
                match found.or_other {
                    Some(true) => ", or an id",
                    Some(false) => ", or other text",
                    None => "",
                }
            ));
        }
    } else if shape.has_enum()
        && prose::starts_with_all_or(desc)
        && !shape.allowed.iter().any(|v| v == "all")
    {
        shape.allowed.insert(0, "all".to_owned());
        *prose_values += 1;
        notes.prose_values.push(format!(
            "{route} `{name}`: `all` added to the schema's values (description starts \"`all` or\")"
        ));
    }
    if !shape.list && prose::says_list(desc) {
        shape.list = true;
        *prose_lists += 1;
        notes.prose_lists.push(format!("{route} `{name}`"));
    }
    let ty = SpecType {
        alts: shape.alts,
        list: shape.list,
    };
    let default = schema.get("default").and_then(default_text);
    SpecParam {
        name: name.to_owned(),
        location: location.to_owned(),
        ty: ty.to_string(),
        required,
        default,
        allowed: shape.allowed,
        max: schema.get("maximum").and_then(default_text),
    }
}

impl Shape {
    fn has_enum(&self) -> bool {
        self.alts.contains(&Base::Enum)
    }
}

/// A default as wire text; `null` means no default.
fn default_text(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::Array(items) => Some(
            items
                .iter()
                .filter_map(default_text)
                .collect::<Vec<_>>()
                .join(","),
        ),
        Value::Object(_) => Some(v.to_string()),
    }
}

fn header(
    group: &str,
    date: &str,
    hash: &str,
    n_endpoints: usize,
    n_params: usize,
    notes: &Notes,
) -> Vec<String> {
    let mut h = vec![
        format!("Trello REST API parameter tables: {group}"),
        "Generated by `cargo xtask specs import --openapi <file>`; do not edit by hand.".into(),
        format!("Source: {SOURCE}"),
        format!("Source sha256: {hash}"),
        format!("Imported: {date}"),
        format!("Endpoints: {n_endpoints}, parameters: {n_params}"),
        String::new(),
        "Facts only (names, locations, types, required, defaults, allowed values); no".into(),
        "description prose is copied. Paths are as Trello writes them: leading slash,".into(),
        "no /1 prefix. Types: string, id, integer, number, boolean, date, enum, object,".into(),
        "file; `a|b` = either; `array<…>` = a list (comma-joined in a query).".into(),
        "Global rules: TrelloID → id; format date/date-time → date; format binary →".into(),
        "file; a schema enum → enum; `$ref` wins over sibling keywords; defaults are".into(),
        "wire text (`null` = none); parameters: path (template order), query, body.".into(),
        "`response`: the 200 answer's schema (component name, `array<Name>`, or".into(),
        "`object`); absent when the docs give none. `max`: the schema's maximum.".into(),
        String::new(),
        "Normalisations:".into(),
    ];
    push_items(&mut h, &notes.normalisations);
    h.push("Allowed values taken from description prose:".into());
    push_items(&mut h, &notes.prose_values);
    h.push("Lists taken from description prose (\"comma-separated list\"):".into());
    push_items(&mut h, &notes.prose_lists);
    h
}

fn push_items(h: &mut Vec<String>, items: &[String]) {
    if items.is_empty() {
        h.push("  (none)".into());
    }
    for i in items {
        h.push(format!("  - {i}"));
    }
}

/// `specs/auth.toml`: written from this fixed table (the authorization routes
/// are not in the OpenAPI document).
fn auth_file(date: &str) -> String {
    format!(
        r#"# Trello authorization: the /1/authorize table and the OAuth 1.0 routes
# Generated by `cargo xtask specs import` from a fixed table in xtask/src/import.rs;
# edit it there. Not part of the OpenAPI document.
# Source: Trello's authorization guide (../shared/seeds/, "Authorizing with Trello's
# REST API": the /1/authorize parameter table and the OAuth 1.0 URLs) and RFC 5849
# (OAuth 1.0 protocol parameters).
# Imported: {date}
#
# Facts only. Allowed values exactly as the guide's table gives them:
#   callback_method: postMessage or fragment
#   scope: a comma-separated list of one or more of read, write, account (array<enum>)
#   expiration: 1hour, 1day, 30days, never
#   response_type: token or fragment (as the guide writes it)
# The guide marks no parameter required; `key` is recorded required because no
# token can be issued without it (an editorial fact, flagged here).
# OAuth 1.0 routes live on https://trello.com/1 (not the API host); their
# parameters are RFC 5849's (2.1, 2.2, 2.3), sent signed.

[authorize]
url = "https://trello.com/1/authorize"
params = [
  {{ name = "callback_method", in = "query", type = "enum", required = false, allowed = ["postMessage", "fragment"] }},
  {{ name = "expiration", in = "query", type = "enum", required = false, allowed = ["1hour", "1day", "30days", "never"] }},
  {{ name = "key", in = "query", type = "string", required = true }},
  {{ name = "name", in = "query", type = "string", required = false }},
  {{ name = "response_type", in = "query", type = "enum", required = false, allowed = ["token", "fragment"] }},
  {{ name = "return_url", in = "query", type = "string", required = false }},
  {{ name = "scope", in = "query", type = "array<enum>", required = false, allowed = ["read", "write", "account"] }},
]

[[oauth1]]
method = "POST"
path = "/OAuthGetRequestToken"
base = "https://trello.com/1"
params = [
  {{ name = "oauth_callback", in = "query", type = "string", required = true }},
]

[[oauth1]]
method = "GET"
path = "/OAuthAuthorizeToken"
base = "https://trello.com/1"
params = [
  {{ name = "oauth_token", in = "query", type = "string", required = true }},
]

[[oauth1]]
method = "POST"
path = "/OAuthGetAccessToken"
base = "https://trello.com/1"
params = [
  {{ name = "oauth_token", in = "query", type = "string", required = true }},
  {{ name = "oauth_verifier", in = "query", type = "string", required = true }},
]
"#
    )
}
