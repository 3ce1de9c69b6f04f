//! How parameter values are written on the wire.

use std::borrow::Cow;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde_json::Value;

use crate::{Error, meta::ParamKind};

/// A value that can be an endpoint parameter.
///
/// Booleans are written `true`/`false`, lists comma-joined, enums by their
/// wire names. Implement it for your own types to use them in `#[endpoint]`
/// structs.
pub trait ParamValue {
    /// The type recorded in the endpoint's metadata (of each item, for lists).
    const KIND: ParamKind;
    /// Whether the value is a comma-joined list.
    const IS_LIST: bool = false;
    /// The allowed wire values, for enums.
    const ALLOWED: &'static [&'static str] = &[];

    /// The value as it goes in a path segment or the query string (before
    /// percent-encoding).
    fn to_wire(&self) -> Cow<'_, str>;

    /// The value as it goes in a JSON body.
    fn to_json(&self) -> Value {
        Value::String(self.to_wire().into_owned())
    }

    /// The value as one encoded path segment. A list is comma-joined with
    /// each item encoded on its own, so the commas stay literal as Trello
    /// expects (`/bulk/id1,id2`) while no item can change the route.
    fn to_path_segment(&self, name: &str) -> Result<String, Error> {
        encode_path_segment(name, &self.to_wire())
    }

    /// Appends [`Self::to_path_segment`] to the path being built (what the
    /// endpoints' generated code calls); a type can write into `path`
    /// directly instead of making a string of its own.
    fn push_path_segment(&self, name: &str, path: &mut String) -> Result<(), Error> {
        path.push_str(&self.to_path_segment(name)?);
        Ok(())
    }

    /// The file, when the value is one (it then travels as a part of a
    /// `multipart/form-data` body).
    fn to_file_part(&self) -> Option<&crate::multipart::FilePart> {
        None
    }

    /// Checks the value before anything is sent; `name` is the parameter's
    /// wire name, for the message.
    fn check(&self, name: &str) -> Result<(), Error> {
        let _ = name;
        Ok(())
    }
}

impl ParamValue for String {
    const KIND: ParamKind = ParamKind::String;
    fn to_wire(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
    fn push_path_segment(&self, name: &str, path: &mut String) -> Result<(), Error> {
        push_encoded_segment(name, self, path)
    }
}

impl ParamValue for bool {
    const KIND: ParamKind = ParamKind::Boolean;
    fn to_wire(&self) -> Cow<'_, str> {
        Cow::Borrowed(if *self { "true" } else { "false" })
    }
    fn to_json(&self) -> Value {
        Value::Bool(*self)
    }
}

macro_rules! integer_param {
    ($($ty:ty),*) => {$(
        impl ParamValue for $ty {
            const KIND: ParamKind = ParamKind::Integer;
            fn to_wire(&self) -> Cow<'_, str> {
                Cow::Owned(self.to_string())
            }
            fn to_json(&self) -> Value {
                Value::from(*self)
            }
        }
    )*};
}
integer_param!(u8, u16, u32, u64, usize, i8, i16, i32, i64);

impl ParamValue for f64 {
    const KIND: ParamKind = ParamKind::Number;
    fn to_wire(&self) -> Cow<'_, str> {
        Cow::Owned(self.to_string())
    }
    fn to_json(&self) -> Value {
        serde_json::Number::from_f64(*self).map_or(Value::Null, Value::Number)
    }
    fn check(&self, name: &str) -> Result<(), Error> {
        if self.is_finite() {
            Ok(())
        } else {
            Err(Error::invalid_input(format!(
                "parameter `{name}` is {self}; give a finite number"
            )))
        }
    }
}

impl ParamValue for Value {
    const KIND: ParamKind = ParamKind::Object;
    fn to_wire(&self) -> Cow<'_, str> {
        match self {
            Value::String(s) => Cow::Borrowed(s),
            other => Cow::Owned(other.to_string()),
        }
    }
    fn to_json(&self) -> Value {
        self.clone()
    }
}

impl<T: ParamValue> ParamValue for Vec<T> {
    const KIND: ParamKind = T::KIND;
    const IS_LIST: bool = true;
    const ALLOWED: &'static [&'static str] = T::ALLOWED;
    fn to_wire(&self) -> Cow<'_, str> {
        Cow::Owned(join_wire(self.iter()))
    }
    fn to_path_segment(&self, name: &str) -> Result<String, Error> {
        encode_list_segment(name, self.iter())
    }
    fn check(&self, name: &str) -> Result<(), Error> {
        self.iter().try_for_each(|item| item.check(name))
    }
}

/// The wire forms of `items`, comma-joined (lists in the query and body).
pub fn join_wire<'a, T: ParamValue + 'a>(items: impl Iterator<Item = &'a T>) -> String {
    let mut out = String::new();
    for (i, item) in items.enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&item.to_wire());
    }
    out
}

/// Encodes the items of a list path parameter each on its own and joins
/// them with literal commas.
pub fn encode_list_segment<'a, T: ParamValue + 'a>(
    name: &str,
    items: impl Iterator<Item = &'a T>,
) -> Result<String, Error> {
    let mut out = String::new();
    for (i, item) in items.enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&item.to_path_segment(name)?);
    }
    if out.is_empty() {
        return Err(Error::invalid_input(format!(
            "path parameter `{name}` is an empty list; give at least one id"
        )));
    }
    Ok(out)
}

/// Dates are written in ISO 8601 / RFC 3339 with milliseconds and `Z`, as
/// Trello writes them (`2020-09-13T12:26:40.000Z`).
impl ParamValue for chrono::DateTime<chrono::Utc> {
    const KIND: ParamKind = ParamKind::Date;
    fn to_wire(&self) -> Cow<'_, str> {
        Cow::Owned(self.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
    }
}

/// Characters escaped in a path segment: everything but RFC 3986's
/// unreserved set, so `/`, `?`, `#`, `%` and friends can never change the
/// route.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Whether `segment` is a dot segment (`.` or `..`) as a URL parser sees
/// it, i.e. after decoding: `%2e`, `.%2E`, `%2E%2e` … count too. Such a
/// segment would be resolved away and send the request to another route.
pub fn is_dot_segment(segment: &str) -> bool {
    if !segment.contains('%') {
        // Nothing to decode (the common case: no copy).
        return matches!(segment, "." | "..");
    }
    let decoded = percent_encoding::percent_decode_str(segment).collect::<Vec<u8>>();
    matches!(decoded.as_slice(), b"." | b"..")
}

/// Whether `SEGMENT` keeps `byte` as it is.
fn unreserved(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~')
}

/// Percent-encodes `value` as one path segment.
///
/// Fails for an empty value and for `.` or `..`, raw or percent-encoded
/// (`%2e`, `.%2E` …), which a URL resolver would treat as a route change;
/// `name` names the parameter in the message.
pub fn encode_path_segment(name: &str, value: &str) -> Result<String, Error> {
    let mut out = String::with_capacity(value.len());
    push_encoded_segment(name, value, &mut out)?;
    Ok(out)
}

/// Appends `value`, percent-encoded as one path segment, to `out`: what
/// [`encode_path_segment`] returns, without a string of its own (the
/// endpoints build their paths with it). Fails as that does, leaving `out`
/// as it was.
pub fn push_encoded_segment(name: &str, value: &str, out: &mut String) -> Result<(), Error> {
    use std::fmt::Write as _;

    if value.is_empty() {
        return Err(Error::invalid_input(format!(
            "path parameter `{name}` is empty; give the id (or the name the route accepts)"
        )));
    }
    if is_dot_segment(value) {
        return Err(Error::invalid_input(format!(
            "path parameter `{name}` is `{value}`, a dot segment that would change the route; \
             give a real id or name"
        )));
    }
    if value.bytes().all(|b| b == b'.') {
        // Dots are unreserved, so encode them by hand: `..` must not climb.
        for _ in 0..value.len() {
            out.push_str("%2E");
        }
    } else if value.bytes().all(unreserved) {
        // Ids and names of letters and digits: nothing to encode.
        out.push_str(value);
    } else {
        // Writing to a `String` cannot fail.
        let _ = write!(out, "{}", utf8_percent_encode(value, SEGMENT));
    }
    Ok(())
}

/// Fills the `{placeholders}` of `template` from `values` (wire name, value),
/// encoding each as a path segment.
pub fn fill_path(template: &str, values: &[(&str, Cow<'_, str>)]) -> Result<String, Error> {
    let segments = values
        .iter()
        .map(|(name, value)| Ok((*name, encode_path_segment(name, value)?)))
        .collect::<Result<Vec<_>, Error>>()?;
    fill_encoded_path(template, &segments)
}

/// Fills the `{placeholders}` of `template` with already encoded segments
/// (from [`ParamValue::to_path_segment`]).
pub fn fill_encoded_path(template: &str, segments: &[(&str, String)]) -> Result<String, Error> {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let end = after.find('}').ok_or_else(|| {
            Error::invalid_input(format!("path template `{template}` has an unclosed `{{`"))
        })?;
        let name = &after[..end];
        let segment = segments
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v)
            .ok_or_else(|| {
                Error::invalid_input(format!(
                    "path template `{template}` names `{name}` but no value was given"
                ))
            })?;
        out.push_str(segment);
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_path_segments_keep_literal_commas() {
        let ids = vec!["a/b".to_owned(), "c".to_owned()];
        assert_eq!(ids.to_path_segment("idOrganizations").unwrap(), "a%2Fb,c");
        let path = fill_encoded_path(
            "/bulk/{ids}",
            &[("ids", ids.to_path_segment("ids").unwrap())],
        )
        .unwrap();
        assert_eq!(path, "/bulk/a%2Fb,c");
        assert!(Vec::<String>::new().to_path_segment("ids").is_err());
        assert!(vec![String::new()].to_path_segment("ids").is_err());
    }

    #[test]
    fn segments_cannot_change_the_route() {
        for (raw, encoded) in [
            ("abc123", "abc123"),
            ("a/b", "a%2Fb"),
            ("a?b=c", "a%3Fb%3Dc"),
            ("a#b", "a%23b"),
            ("100%", "100%25"),
            ("...", "%2E%2E%2E"),
            ("a..b", "a..b"),
            ("with space", "with%20space"),
            ("ü", "%C3%BC"),
        ] {
            assert_eq!(encode_path_segment("id", raw).unwrap(), encoded, "{raw}");
        }
        let err = encode_path_segment("idBoard", "").unwrap_err();
        assert!(err.to_string().contains("idBoard"), "{err}");
    }

    #[test]
    fn dot_segments_are_refused_raw_and_encoded() {
        for dots in [".", "..", "%2e", "%2E", ".%2E", "%2e.", "%2E%2e", "%2e%2e"] {
            assert!(is_dot_segment(dots), "{dots}");
            let err = encode_path_segment("idList", dots).unwrap_err();
            assert!(matches!(err, Error::InvalidInput(_)), "{dots}: {err}");
            assert!(err.to_string().contains("idList"), "{err}");
        }
        for fine in ["...", "a.", ".a", "%2e%2e%2e", "%252e", "a%2e"] {
            assert!(!is_dot_segment(fine), "{fine}");
        }
    }

    /// The shortcut for values with nothing to encode writes what the
    /// encoder writes, and everything else still goes through the encoder.
    #[test]
    fn segments_without_reserved_bytes_are_kept_as_the_encoder_would() {
        for value in [
            "me",
            "5f0c2b1e9a8d7c6b5a4f3e2d",
            "a-b_c.d~e",
            "a b",
            "a/b",
            "é",
            "%41",
            "a?b#c",
            "a..b",
            "a.",
        ] {
            let expected = utf8_percent_encode(value, SEGMENT).to_string();
            assert_eq!(
                encode_path_segment("id", value).unwrap(),
                expected,
                "{value}"
            );
        }
    }

    #[test]
    fn fill_path_substitutes_and_encodes() {
        let path = fill_path(
            "/boards/{id}/lists/{filter}",
            &[
                ("id", Cow::Borrowed("a/b")),
                ("filter", Cow::Borrowed("open")),
            ],
        )
        .unwrap();
        assert_eq!(path, "/boards/a%2Fb/lists/open");
        assert!(fill_path("/boards/{id}", &[]).is_err());
    }

    #[test]
    fn wire_forms() {
        assert_eq!(true.to_wire(), "true");
        assert_eq!(false.to_json(), Value::Bool(false));
        assert_eq!(vec!["a".to_owned(), "b".to_owned()].to_wire(), "a,b");
        assert_eq!(42u32.to_json(), Value::from(42));
        const { assert!(<Vec<bool>>::IS_LIST) };
        assert!(f64::NAN.check("pos").is_err());
    }

    #[test]
    fn dates_are_iso_8601_utc_with_millis() {
        let date = chrono::DateTime::<chrono::Utc>::from_timestamp(1_600_000_000, 0)
            .expect("a valid timestamp");
        assert_eq!(date.to_wire(), "2020-09-13T12:26:40.000Z");
        assert_eq!(date.to_json(), Value::from("2020-09-13T12:26:40.000Z"));
        const {
            assert!(matches!(
                <chrono::DateTime<chrono::Utc>>::KIND,
                ParamKind::Date
            ))
        };
    }
}
