//! What an endpoint is: a value that knows its route, parameters and
//! response type.

use std::borrow::Cow;

use serde::de::DeserializeOwned;

use crate::{Client, Error, meta::EndpointMeta, multipart::Part, params::ParamValue};

/// A typed Trello operation. Declared with `#[endpoint]`; sent with
/// `Client::send` or, once bound to a client, by awaiting it.
pub trait Endpoint: Send + Sync {
    /// What a successful answer decodes into.
    type Response: DeserializeOwned + Send + 'static;

    /// The endpoint's static description.
    const META: &'static EndpointMeta;

    /// The request's path (encoded, relative to the API base), query pairs
    /// and body. Fails, before anything is sent, when a value is invalid.
    fn to_parts(&self) -> Result<RequestParts, Error>;
}

/// The variable parts of a request, produced by [`Endpoint::to_parts`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RequestParts {
    /// The path with every placeholder filled and percent-encoded, e.g.
    /// `/boards/5f0c…`.
    pub path: String,
    /// Query pairs, not yet encoded.
    pub query: Vec<(Cow<'static, str>, String)>,
    /// The body.
    pub body: RequestBody,
}

/// A request body.
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub enum RequestBody {
    /// No body.
    #[default]
    Empty,
    /// A JSON object.
    Json(serde_json::Map<String, serde_json::Value>),
    /// A `multipart/form-data` body (file uploads): text fields and files.
    Multipart(Vec<Part>),
}

/// Collects an endpoint's body parameters: a JSON object, or, as soon as one
/// of them is a file, a multipart body whose other fields are text parts.
/// Used by `#[endpoint]`'s generated code.
#[derive(Debug, Default)]
pub struct BodyBuilder {
    json: serde_json::Map<String, serde_json::Value>,
    files: Vec<Part>,
}

impl BodyBuilder {
    /// An empty body.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds the parameter `name`.
    pub fn add<T: ParamValue + ?Sized>(&mut self, name: &str, value: &T) {
        match value.to_file_part() {
            Some(file) => self.files.push(Part::File {
                name: name.to_owned(),
                file: file.clone(),
            }),
            None => {
                self.json.insert(name.to_owned(), value.to_json());
            }
        }
    }

    /// The body: JSON without files, multipart with them.
    pub fn finish(self) -> RequestBody {
        if self.files.is_empty() {
            return RequestBody::Json(self.json);
        }
        let mut parts: Vec<Part> = self
            .json
            .into_iter()
            .map(|(name, value)| Part::Text {
                name,
                value: match value {
                    serde_json::Value::String(text) => text,
                    other => other.to_string(),
                },
            })
            .collect();
        parts.extend(self.files);
        RequestBody::Multipart(parts)
    }
}

/// Marker for an endpoint value not bound to a client; send it with
/// `client.send(endpoint)`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Unbound;

/// Marker for an endpoint value bound to a client: await it (or call `send`)
/// to send it.
#[derive(Clone, Copy, Debug)]
pub struct Bound<'c> {
    client: &'c Client,
}

impl<'c> Bound<'c> {
    /// Binds to `client`.
    pub fn new(client: &'c Client) -> Self {
        Self { client }
    }

    /// The client this is bound to.
    pub fn client(&self) -> &'c Client {
        self.client
    }
}

/// A response whose body is ignored (for calls whose answer carries nothing
/// of use, such as most deletions).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Ignored;

impl<'de> serde::Deserialize<'de> for Ignored {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        serde::de::IgnoredAny::deserialize(deserializer).map(|_| Ignored)
    }
}
