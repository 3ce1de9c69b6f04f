//! The compiled endpoint registry as plain owned data, so the check can be
//! fed real registries and deliberately wrong ones alike.

use serde_json::Value;
use trello::{EndpointMeta, ParamKind, ParamLocation, ParamMeta};

/// One parameter as the code declares it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RegParam {
    /// The wire name.
    pub name: String,
    /// Where it travels.
    pub location: ParamLocation,
    /// The type of its value (of each item when `list`).
    pub kind: ParamKind,
    /// Whether it is a comma-joined list.
    pub list: bool,
    /// Whether the constructor requires it.
    pub required: bool,
    /// The allowed wire values (empty unless a fixed set).
    pub allowed: Vec<String>,
}

impl RegParam {
    /// The type as written in `endpoints --json`: `string`, `array<enum>`, ….
    pub fn type_name(&self) -> String {
        type_name(self.kind, self.list)
    }
}

impl From<&ParamMeta> for RegParam {
    fn from(p: &ParamMeta) -> Self {
        Self {
            name: p.name.to_owned(),
            location: p.location,
            kind: p.kind,
            list: p.list,
            required: p.required,
            allowed: p.allowed.iter().map(|s| (*s).to_owned()).collect(),
        }
    }
}

/// One endpoint as the code declares it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RegEndpoint {
    /// The Rust type (`GetMember`).
    pub name: String,
    /// The declaring module (`trello::members::endpoints`).
    pub module: String,
    /// `GET`, `POST`, `PUT` or `DELETE`.
    pub method: String,
    /// The path template (`/members/{id}`).
    pub path: String,
    /// The parameters in declaration order.
    pub params: Vec<RegParam>,
    /// The OAuth 2.0 scopes it requires.
    pub scopes: Vec<String>,
    /// Whether it is marked deprecated.
    pub deprecated: bool,
    /// The Rust type its answer decodes into, paths left out (`Vec<Card>`,
    /// `Ignored`, `Value`), when known (the generated endpoints').
    pub response: Option<String>,
}

impl RegEndpoint {
    /// `METHOD /path`.
    pub fn route(&self) -> String {
        format!("{} {}", self.method, self.path)
    }
}

impl From<&EndpointMeta> for RegEndpoint {
    fn from(e: &EndpointMeta) -> Self {
        Self {
            name: e.name.to_owned(),
            module: e.module.to_owned(),
            method: e.method.as_str().to_owned(),
            path: e.path.to_owned(),
            params: e.params.iter().map(RegParam::from).collect(),
            scopes: e.scopes.iter().map(|s| (*s).to_owned()).collect(),
            deprecated: e.deprecated,
            response: None,
        }
    }
}

/// The SDK's own endpoints: `trello::registry()` filtered to modules of the
/// `trello` crate (a user's crate may register more).
pub fn sdk_endpoints() -> Vec<RegEndpoint> {
    let samples = trello::api::samples::all();
    trello::registry()
        .into_iter()
        .filter(|e| e.module == "trello" || e.module.starts_with("trello::"))
        .map(|meta| {
            let mut e = RegEndpoint::from(meta);
            e.response = samples
                .iter()
                .find(|s| s.name == e.name && s.route == e.route())
                .map(|s| short_type_name((s.response)()));
            e
        })
        .collect()
}

/// A type name without its module paths:
/// `alloc::vec::Vec<trello::models::card::Card>` → `Vec<Card>`.
pub fn short_type_name(full: &str) -> String {
    let mut out = String::with_capacity(full.len());
    let mut word = String::new();
    let mut chars = full.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_alphanumeric() || c == '_' {
            word.push(c);
        } else if c == ':' && chars.peek() == Some(&':') {
            chars.next();
            word.clear();
        } else {
            out.push_str(&word);
            word.clear();
            out.push(c);
        }
    }
    out.push_str(&word);
    out
}

/// A kind (and list flag) in spec spelling: `id`, `array<enum>`, ….
pub fn type_name(kind: ParamKind, list: bool) -> String {
    if list {
        format!("array<{}>", kind.as_str())
    } else {
        kind.as_str().to_owned()
    }
}

/// The registry as `endpoints --json` prints it: a JSON array, one object per
/// endpoint, keys in this order:
/// `{"method": "GET", "path": "/boards/{id}", "scopes": ["read:board:trello"], "deprecated": false, "response": "Board", "params": [{"name": "fields", "in": "query", "required": false, "type": "string", "allowed": []}]}`.
pub fn to_json(endpoints: &[RegEndpoint]) -> String {
    let q = |s: &str| Value::from(s).to_string();
    let rows: Vec<String> = endpoints
        .iter()
        .map(|e| {
            let params: Vec<String> = e
                .params
                .iter()
                .map(|p| {
                    let allowed: Vec<String> = p.allowed.iter().map(|v| q(v)).collect();
                    format!(
                        "{{\"name\": {}, \"in\": {}, \"required\": {}, \"type\": {}, \"allowed\": [{}]}}",
                        q(&p.name),
                        q(p.location.as_str()),
                        p.required,
                        q(&p.type_name()),
                        allowed.join(", ")
                    )
                })
                .collect();
            let scopes: Vec<String> = e.scopes.iter().map(|v| q(v)).collect();
            format!(
                "  {{\"method\": {}, \"path\": {}, \"scopes\": [{}], \"deprecated\": {}, \"response\": {}, \"params\": [{}]}}",
                q(&e.method),
                q(&e.path),
                scopes.join(", "),
                e.deprecated,
                e.response.as_deref().map_or_else(|| "null".to_owned(), q),
                params.join(", ")
            )
        })
        .collect();
    if rows.is_empty() {
        "[]\n".to_owned()
    } else {
        format!("[\n{}\n]\n", rows.join(",\n"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_has_the_documented_shape() {
        let e = RegEndpoint {
            name: "GetBoard".into(),
            module: "trello::boards".into(),
            method: "GET".into(),
            path: "/boards/{id}".into(),
            params: vec![RegParam {
                name: "fields".into(),
                location: ParamLocation::Query,
                kind: ParamKind::Enum,
                list: true,
                required: false,
                allowed: vec!["all".into(), "name".into()],
            }],
            scopes: vec!["read:board:trello".into()],
            deprecated: false,
            response: Some("Board".into()),
        };
        let text = to_json(&[e]);
        assert_eq!(
            text,
            "[\n  {\"method\": \"GET\", \"path\": \"/boards/{id}\", \"scopes\": [\"read:board:trello\"], \"deprecated\": false, \"response\": \"Board\", \"params\": [{\"name\": \"fields\", \"in\": \"query\", \"required\": false, \"type\": \"array<enum>\", \"allowed\": [\"all\", \"name\"]}]}\n]\n"
        );
        let parsed: Value = serde_json::from_str(&text).expect("valid JSON");
        assert_eq!(parsed[0]["params"][0]["in"], "query");
        assert_eq!(parsed[0]["scopes"][0], "read:board:trello");
        assert_eq!(parsed[0]["deprecated"], false);
        assert_eq!(parsed[0]["response"], "Board");
        assert_eq!(to_json(&[]), "[]\n");
        assert_eq!(
            short_type_name("alloc::vec::Vec<trello::models::card::Card>"),
            "Vec<Card>"
        );
        assert_eq!(short_type_name("trello_core::endpoint::Ignored"), "Ignored");
    }
}
