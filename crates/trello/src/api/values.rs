//! Parameter value types of the generated endpoints that are not plain
//! enums: positions, `true`/`false`/`cover`, ids or `mine`, lists of JSON
//! objects; and `api_enum!`, which the generated `enums.rs` uses. Written by
//! hand (not generated).

use std::borrow::Cow;

use serde_json::Value;
use trello_core::{Error, ParamKind, ParamValue, TrelloId};

/// Declares a parameter enum: one variant per wire value plus
/// `Other(String)` for any other value (an id where the route takes one, or
/// a value Trello added later), with `as_str`, `From<&str>`, `Display` and
/// [`ParamValue`] (`KIND` = `Enum`, `ALLOWED` = the known wire values).
macro_rules! api_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $($variant:ident = $wire:literal,)+
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $(
                #[doc = concat!("`", $wire, "`")]
                $variant,
            )+
            /// Any other value, sent as written.
            Other(::std::string::String),
        }

        impl $name {
            /// The wire values this version knows, in the docs' order.
            pub const WIRE_NAMES: &'static [&'static str] = &[$($wire),+];

            /// The wire value.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)+
                    Self::Other(other) => other.as_str(),
                }
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(wire: &str) -> Self {
                match wire {
                    $($wire => Self::$variant,)+
                    other => Self::Other(other.to_owned()),
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::trello_core::ParamValue for $name {
            const KIND: ::trello_core::ParamKind = ::trello_core::ParamKind::Enum;
            const ALLOWED: &'static [&'static str] = Self::WIRE_NAMES;
            fn to_wire(&self) -> ::std::borrow::Cow<'_, str> {
                ::std::borrow::Cow::Borrowed(self.as_str())
            }
        }
    };
}

pub(crate) use api_enum;

/// Where something goes in its list: `top`, `bottom`, or a position number.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Position {
    /// `top`
    Top,
    /// `bottom`
    Bottom,
    /// A position number (finite, 0 or more); items are sorted by it.
    At(f64),
}

impl From<f64> for Position {
    fn from(pos: f64) -> Self {
        Self::At(pos)
    }
}

/// `"top"`, `"bottom"` or a number (`"1024.5"`). Anything else is refused
/// before the request is sent, with an error pointing at [`Position::Top`],
/// [`Position::Bottom`] and [`Position::At`].
impl From<&str> for Position {
    fn from(pos: &str) -> Self {
        match pos {
            "top" => Self::Top,
            "bottom" => Self::Bottom,
            other => Self::At(other.trim().parse().unwrap_or(f64::NAN)),
        }
    }
}

impl ParamValue for Position {
    const KIND: ParamKind = ParamKind::Number;
    const ALLOWED: &'static [&'static str] = &["top", "bottom"];

    fn to_wire(&self) -> Cow<'_, str> {
        match self {
            Self::Top => Cow::Borrowed("top"),
            Self::Bottom => Cow::Borrowed("bottom"),
            Self::At(pos) => Cow::Owned(pos.to_string()),
        }
    }

    fn to_json(&self) -> Value {
        match self {
            Self::At(pos) => pos.to_json(),
            other => Value::String(other.to_wire().into_owned()),
        }
    }

    fn check(&self, name: &str) -> Result<(), Error> {
        match self {
            Self::At(pos) if !pos.is_finite() || *pos < 0.0 => Err(Error::invalid_input(format!(
                "parameter `{name}` is not a position ({pos}); give Position::Top, Position::Bottom \
                 (or \"top\"/\"bottom\"), or Position::At(n) with a finite n of 0 or more"
            ))),
            _ => Ok(()),
        }
    }
}

/// `true`, `false`, or `cover` (only the cover attachment).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BoolOrCover {
    /// `true` or `false`.
    Bool(bool),
    /// `cover`
    Cover,
}

impl From<bool> for BoolOrCover {
    fn from(value: bool) -> Self {
        Self::Bool(value)
    }
}

impl ParamValue for BoolOrCover {
    const KIND: ParamKind = ParamKind::Boolean;
    const ALLOWED: &'static [&'static str] = &["cover"];

    fn to_wire(&self) -> Cow<'_, str> {
        match self {
            Self::Bool(b) => b.to_wire(),
            Self::Cover => Cow::Borrowed("cover"),
        }
    }

    fn to_json(&self) -> Value {
        match self {
            Self::Bool(b) => Value::Bool(*b),
            Self::Cover => Value::from("cover"),
        }
    }
}

/// A Trello id, or `mine` (the token owner's ones).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IdOrMine {
    /// `mine`
    Mine,
    /// An id.
    Id(TrelloId),
}

impl From<&str> for IdOrMine {
    fn from(value: &str) -> Self {
        if value == "mine" {
            Self::Mine
        } else {
            Self::Id(TrelloId::from(value))
        }
    }
}

impl From<TrelloId> for IdOrMine {
    fn from(id: TrelloId) -> Self {
        Self::Id(id)
    }
}

impl ParamValue for IdOrMine {
    const KIND: ParamKind = ParamKind::Id;
    const ALLOWED: &'static [&'static str] = &["mine"];

    fn to_wire(&self) -> Cow<'_, str> {
        match self {
            Self::Mine => Cow::Borrowed("mine"),
            Self::Id(id) => id.to_wire(),
        }
    }

    fn check(&self, name: &str) -> Result<(), Error> {
        match self {
            Self::Mine => Ok(()),
            Self::Id(id) => id.check(name),
        }
    }
}

/// A list of JSON objects, sent as a JSON array in a body.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ObjectList(pub Vec<Value>);

impl From<Vec<Value>> for ObjectList {
    fn from(items: Vec<Value>) -> Self {
        Self(items)
    }
}

impl ParamValue for ObjectList {
    const KIND: ParamKind = ParamKind::Object;
    const IS_LIST: bool = true;

    fn to_wire(&self) -> Cow<'_, str> {
        Cow::Owned(Value::Array(self.0.clone()).to_string())
    }

    fn to_json(&self) -> Value {
        Value::Array(self.0.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    api_enum! {
        /// A test enum.
        pub enum Color {
            Green = "green",
            N1Hour = "1hour",
        }
    }

    #[test]
    fn enums_keep_wire_names_and_other_values() {
        assert_eq!(Color::Green.to_wire(), "green");
        assert_eq!(Color::from("1hour"), Color::N1Hour);
        assert_eq!(Color::from("teal"), Color::Other("teal".into()));
        assert_eq!(Color::Other("teal".into()).to_string(), "teal");
        assert_eq!(<Color as ParamValue>::ALLOWED, ["green", "1hour"]);
    }

    #[test]
    fn value_types_write_their_wire_forms() {
        assert_eq!(Position::Top.to_wire(), "top");
        assert_eq!(Position::At(2.5).to_json(), Value::from(2.5));
        assert!(Position::At(-1.0).check("pos").is_err());
        assert_eq!(BoolOrCover::from(false).to_json(), Value::Bool(false));
        assert_eq!(BoolOrCover::Cover.to_wire(), "cover");
        assert_eq!(
            vec![IdOrMine::Mine, IdOrMine::from("5abbe4b7ddc1b351ef961414")].to_wire(),
            "mine,5abbe4b7ddc1b351ef961414"
        );
        assert!(IdOrMine::from("nope").check("idBoards").is_err());
        let list = ObjectList::from(vec![serde_json::json!({"a": 1})]);
        assert_eq!(list.to_json(), serde_json::json!([{"a": 1}]));
    }
}

/// A bound of a `since`/`before` parameter: a point in time, or an object's
/// id (Trello then bounds by that object, e.g. "the actions after this one").
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use trello::api::{DateOrId, TrelloId};
///
/// let by_date = DateOrId::from(Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap());
/// let by_id = DateOrId::from(TrelloId::from("5abbe4b7ddc1b351ef961414"));
/// assert_ne!(by_date, by_id);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DateOrId {
    /// Bound by this instant (sent as RFC 3339 with milliseconds, UTC).
    Date(chrono::DateTime<chrono::Utc>),
    /// Bound by this object (checked as a Trello id before the wire).
    Id(TrelloId),
}

impl From<chrono::DateTime<chrono::Utc>> for DateOrId {
    fn from(date: chrono::DateTime<chrono::Utc>) -> Self {
        Self::Date(date)
    }
}

impl From<TrelloId> for DateOrId {
    fn from(id: TrelloId) -> Self {
        Self::Id(id)
    }
}

impl From<&TrelloId> for DateOrId {
    fn from(id: &TrelloId) -> Self {
        Self::Id(id.clone())
    }
}

impl ParamValue for DateOrId {
    const KIND: ParamKind = ParamKind::Date;

    fn to_wire(&self) -> Cow<'_, str> {
        match self {
            Self::Date(date) => Cow::Owned(date.to_wire().into_owned()),
            Self::Id(id) => id.to_wire(),
        }
    }

    fn check(&self, name: &str) -> Result<(), Error> {
        match self {
            Self::Date(_) => Ok(()),
            Self::Id(id) => id.check(name),
        }
    }
}

/// The value of a *required* enum parameter, named by its variant.
///
/// A request's constructor takes `impl Into<Named<E>>`, which only `E`
/// itself converts into: `CreateLabel::new(board, "bug", LabelColor::Purple)`
/// compiles, `CreateLabel::new(board, "bug", "purple")` does not, so
/// required arguments cannot be swapped or mistyped into an `Other` value.
/// A value this version does not know is still possible, written out:
/// `LabelColor::Other("green_dark".into())`.
///
/// ```
/// use trello::api::{CreateLabel, Named};
/// use trello::models::LabelColor;
///
/// let color: Named<LabelColor> = LabelColor::Purple.into();
/// assert_eq!(*color, LabelColor::Purple);
/// assert_eq!(color.into_inner(), LabelColor::Purple);
/// let _ = CreateLabel::new("5abbe4b7ddc1b351ef961414", "bug", LabelColor::Purple);
/// let _ = CreateLabel::new("5abbe4b7ddc1b351ef961414", "bug", LabelColor::Other("green_dark".into()));
/// ```
///
/// A string is refused at compile time:
///
/// ```compile_fail
/// let _ = trello::api::CreateLabel::new("5abbe4b7ddc1b351ef961414", "bug", "purple");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Named<E>(E);

impl<E> Named<E> {
    /// The enum value.
    pub fn into_inner(self) -> E {
        self.0
    }
}

impl<E> From<E> for Named<E> {
    fn from(value: E) -> Self {
        Self(value)
    }
}

impl<E> std::ops::Deref for Named<E> {
    type Target = E;
    fn deref(&self) -> &E {
        &self.0
    }
}

impl<E: ParamValue> ParamValue for Named<E> {
    const KIND: ParamKind = E::KIND;
    const IS_LIST: bool = E::IS_LIST;
    const ALLOWED: &'static [&'static str] = E::ALLOWED;

    fn to_wire(&self) -> Cow<'_, str> {
        self.0.to_wire()
    }

    fn to_json(&self) -> Value {
        self.0.to_json()
    }

    fn to_path_segment(&self, name: &str) -> Result<String, Error> {
        self.0.to_path_segment(name)
    }

    fn check(&self, name: &str) -> Result<(), Error> {
        self.0.check(name)
    }
}
