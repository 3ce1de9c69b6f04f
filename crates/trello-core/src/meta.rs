//! Static descriptions of endpoints, and the registry that collects them.
//!
//! Every endpoint declared with `#[endpoint]` gets a `'static`
//! [`EndpointMeta`] and registers it in [`ENDPOINTS`] at link time, so tools
//! (such as `cargo xtask check`) can enumerate what was really compiled.

use std::fmt;

/// The HTTP methods Trello's REST API uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Method {
    /// GET
    Get,
    /// POST
    Post,
    /// PUT
    Put,
    /// DELETE
    Delete,
}

impl Method {
    /// The method's name as written on the wire.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
            Self::Put => "PUT",
            Self::Delete => "DELETE",
        }
    }

    /// The method as an `http` crate value.
    pub fn to_http(self) -> http::Method {
        match self {
            Self::Get => http::Method::GET,
            Self::Post => http::Method::POST,
            Self::Put => http::Method::PUT,
            Self::Delete => http::Method::DELETE,
        }
    }

    /// Whether sending the request twice has the effect of sending it once
    /// (GET, PUT, DELETE), so a retry is safe.
    pub const fn is_idempotent(self) -> bool {
        !matches!(self, Self::Post)
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a parameter travels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ParamLocation {
    /// A `{placeholder}` of the path template.
    Path,
    /// The query string.
    Query,
    /// The request body.
    Body,
}

impl ParamLocation {
    /// `path`, `query` or `body`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Path => "path",
            Self::Query => "query",
            Self::Body => "body",
        }
    }
}

impl fmt::Display for ParamLocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The type of a parameter's value (of each item, for lists).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum ParamKind {
    /// Free text.
    String,
    /// A Trello id (24 hex digits), or where the route allows, a short link
    /// or name.
    Id,
    /// A whole number.
    Integer,
    /// Any number.
    Number,
    /// `true` or `false`.
    Boolean,
    /// A date/time (ISO 8601) or, where Trello allows, an id that encodes one.
    Date,
    /// One of a fixed set of wire values (see [`ParamMeta::allowed`]).
    Enum,
    /// A JSON object.
    Object,
    /// File content, sent as multipart.
    File,
}

impl ParamKind {
    /// A lower-case name for messages.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::String => "string",
            Self::Id => "id",
            Self::Integer => "integer",
            Self::Number => "number",
            Self::Boolean => "boolean",
            Self::Date => "date",
            Self::Enum => "enum",
            Self::Object => "object",
            Self::File => "file",
        }
    }
}

impl fmt::Display for ParamKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One parameter of an endpoint.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ParamMeta {
    /// Trello's name for it on the wire.
    pub name: &'static str,
    /// The Rust field that holds it.
    pub field: &'static str,
    /// Where it travels.
    pub location: ParamLocation,
    /// The type of its value (of each item when [`ParamMeta::list`]).
    pub kind: ParamKind,
    /// Whether it is a comma-joined list.
    pub list: bool,
    /// Whether the endpoint's constructor requires it.
    pub required: bool,
    /// The allowed wire values, when the type is a fixed set; empty otherwise.
    pub allowed: &'static [&'static str],
}

/// The static description of one endpoint.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EndpointMeta {
    /// The Rust type that declares it.
    pub name: &'static str,
    /// The module that declares it (`module_path!()`).
    pub module: &'static str,
    /// The HTTP method.
    pub method: Method,
    /// The path template relative to the API base, e.g. `/boards/{id}`.
    pub path: &'static str,
    /// Its parameters, in declaration order.
    pub params: &'static [ParamMeta],
    /// The OAuth 2.0 scopes the operation requires, as Trello's wire strings
    /// (e.g. `read:board:trello`); empty when the documentation names none.
    pub scopes: &'static [&'static str],
    /// Whether Trello's documentation marks the operation deprecated (the
    /// request struct then carries `#[deprecated]`).
    pub deprecated: bool,
}

impl EndpointMeta {
    /// The route as `METHOD /path/{template}`: what spans and errors name.
    pub fn route(&self) -> String {
        format!("{} {}", self.method, self.path)
    }

    /// The parameter with wire name `name`.
    pub fn param(&self, name: &str) -> Option<&'static ParamMeta> {
        self.params.iter().find(|p| p.name == name)
    }

    /// The required OAuth 2.0 scopes that `granted` lacks, in the order the
    /// endpoint names them: what to report before sending a request whose
    /// token would be refused.
    pub fn missing_scopes<'a, I>(&self, granted: I) -> Vec<&'static str>
    where
        I: IntoIterator<Item = &'a str>,
        I::IntoIter: Clone,
    {
        let granted = granted.into_iter();
        self.scopes
            .iter()
            .copied()
            .filter(|scope| !granted.clone().any(|g| g == *scope))
            .collect()
    }
}

/// Every endpoint linked into the program, registered by `#[endpoint]`.
#[linkme::distributed_slice]
pub static ENDPOINTS: [&'static EndpointMeta];

/// All registered endpoints, sorted by path then method, for deterministic
/// output.
pub fn registry() -> Vec<&'static EndpointMeta> {
    let mut all: Vec<_> = ENDPOINTS.iter().copied().collect();
    all.sort_by(|a, b| {
        (a.path, a.method, a.module, a.name).cmp(&(b.path, b.method, b.module, b.name))
    });
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    const META: EndpointMeta = EndpointMeta {
        name: "GetBoard",
        module: "tests",
        method: Method::Get,
        path: "/boards/{id}",
        params: &[],
        scopes: &["read:board:trello", "read:member:trello"],
        deprecated: false,
    };

    #[test]
    fn missing_scopes_lists_what_is_not_granted() {
        assert_eq!(
            META.missing_scopes(["read:board:trello"]),
            ["read:member:trello"]
        );
        assert!(
            META.missing_scopes(["read:member:trello", "read:board:trello"])
                .is_empty()
        );
        assert_eq!(META.missing_scopes([]), META.scopes);
    }
}
