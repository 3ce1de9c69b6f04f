//! What the `GET /{resource}/{id}/{field}` routes answer: one field of the
//! entity, not the entity.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

/// The value of one field of an entity, as the `/{field}` routes answer it.
///
/// Trello wraps scalar fields as `{"_value": …}` (`{"_value": "Launch"}`
/// for a board's `name`) and sends list or object fields as themselves
/// (`["5abb…", …]` for `idMembers`, `{…}` for `prefs`). Both decode here, to
/// the field's value.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FieldResponse(pub Value);

impl FieldResponse {
    /// The field's value as JSON.
    pub fn value(&self) -> &Value {
        &self.0
    }

    /// The field's value as JSON, owned.
    pub fn into_value(self) -> Value {
        self.0
    }

    /// The value as text, when it is a string.
    pub fn as_str(&self) -> Option<&str> {
        self.0.as_str()
    }

    /// The value as a boolean, when it is one.
    pub fn as_bool(&self) -> Option<bool> {
        self.0.as_bool()
    }

    /// Whether the field is empty (`null`).
    pub fn is_null(&self) -> bool {
        self.0.is_null()
    }

    /// Decodes the value into `T` (e.g. `Vec<String>` for `idMembers`).
    pub fn decode<T: serde::de::DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        T::deserialize(&self.0)
    }
}

impl<'de> Deserialize<'de> for FieldResponse {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        Ok(Self(match value {
            Value::Object(mut map) if map.len() == 1 && map.contains_key("_value") => {
                map.remove("_value").unwrap_or(Value::Null)
            }
            other => other,
        }))
    }
}

impl Serialize for FieldResponse {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(json: &str) -> FieldResponse {
        serde_json::from_str(json).expect("decodes")
    }

    #[test]
    fn wrapped_scalars_are_unwrapped() {
        assert_eq!(decode(r#"{"_value":"Launch"}"#).as_str(), Some("Launch"));
        assert_eq!(decode(r#"{"_value":true}"#).as_bool(), Some(true));
        assert!(decode(r#"{"_value":null}"#).is_null());
    }

    #[test]
    fn bare_lists_and_objects_are_kept() {
        let ids: Vec<String> = decode(r#"["a","b"]"#).decode().expect("list");
        assert_eq!(ids, ["a", "b"]);
        let prefs = decode(r#"{"permissionLevel":"private","_value":1}"#);
        assert_eq!(prefs.value()["permissionLevel"], "private");
        assert_eq!(decode("3").value(), &Value::from(3));
    }
}
