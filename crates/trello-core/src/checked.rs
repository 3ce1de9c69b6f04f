//! Parameter types that check their value before anything is sent, so bad
//! input fails with [`Error::InvalidInput`] instead of reaching the wire.
//!
//! Each converts from `&str`/`String` (or the number) without failing, so
//! setters can take `impl Into<TrelloId>`; the check runs in
//! [`ParamValue::check`] when the request is built. Use `parse`/`new` to
//! check early.

use std::{borrow::Cow, fmt};

use serde_json::Value;

use crate::{Error, meta::ParamKind, params::ParamValue};

/// The longest piece of a rejected value quoted in a message.
const QUOTE_MAX: usize = 40;

fn quote(value: &str) -> String {
    let mut out: String = value.chars().take(QUOTE_MAX).collect();
    if out.len() < value.len() {
        out.push('…');
    }
    format!("{out:?}")
}

/// Whether `value` is a Trello object id: 24 hexadecimal digits.
pub fn is_trello_id(value: &str) -> bool {
    value.len() == 24 && value.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Whether `value` can be a short link (the 8 letters and digits in
/// `trello.com/b/{shortLink}/…`).
pub fn is_short_link(value: &str) -> bool {
    value.len() == 8 && value.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// Whether `value` can be a Trello username: 3 to 100 ASCII letters, digits
/// or underscores.
pub fn is_username(value: &str) -> bool {
    (3..=100).contains(&value.len())
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

fn check_with(name: &str, value: &str, valid: bool, expected: &str) -> Result<(), Error> {
    if valid {
        return Ok(());
    }
    let what = if value.is_empty() {
        "is empty".to_owned()
    } else {
        format!("is {}", quote(value))
    };
    Err(Error::invalid_input(format!(
        "parameter `{name}` {what}; expected {expected}"
    )))
}

macro_rules! checked_string {
    (
        $(#[$doc:meta])*
        $ty:ident, $valid:expr, $expected:literal
    ) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $ty(String);

        impl $ty {
            /// What a valid value looks like (used in error messages).
            pub const EXPECTED: &'static str = $expected;

            /// Checks `value` now.
            pub fn parse(value: impl Into<String>) -> Result<Self, Error> {
                let value = Self(value.into());
                value.check(stringify!($ty))?;
                Ok(value)
            }

            /// Whether the value is valid.
            pub fn is_valid(&self) -> bool {
                let valid: fn(&str) -> bool = $valid;
                valid(&self.0)
            }

            /// The value.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl From<&str> for $ty {
            fn from(value: &str) -> Self {
                Self(value.to_owned())
            }
        }

        impl From<String> for $ty {
            fn from(value: String) -> Self {
                Self(value)
            }
        }

        impl From<&String> for $ty {
            fn from(value: &String) -> Self {
                Self(value.clone())
            }
        }

        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl AsRef<str> for $ty {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl ParamValue for $ty {
            const KIND: ParamKind = ParamKind::Id;
            fn to_wire(&self) -> Cow<'_, str> {
                Cow::Borrowed(&self.0)
            }
            fn check(&self, name: &str) -> Result<(), Error> {
                check_with(name, &self.0, self.is_valid(), Self::EXPECTED)
            }
        }
    };
}

checked_string!(
    /// A Trello object id: 24 hexadecimal digits, e.g.
    /// `5abbe4b7ddc1b351ef961414`.
    TrelloId,
    is_trello_id,
    "a Trello id: 24 hexadecimal digits, e.g. 5abbe4b7ddc1b351ef961414"
);

checked_string!(
    /// A board or card id (24 hex digits) or its short link (8 letters and
    /// digits, as in `trello.com/b/{shortLink}`).
    IdOrShortLink,
    |v| is_trello_id(v) || is_short_link(v),
    "a Trello id (24 hexadecimal digits) or a short link (8 letters and digits, as in trello.com/b/nC8QJJoZ)"
);

checked_string!(
    /// A member id (24 hex digits), a username, or `me` (the token's member).
    IdOrUsername,
    |v| v == "me" || is_trello_id(v) || is_username(v),
    "a member id (24 hexadecimal digits), a username (3 to 100 letters, digits or underscores) or `me`"
);

impl IdOrUsername {
    /// The member the token belongs to.
    pub fn me() -> Self {
        Self("me".to_owned())
    }
}

/// A count from 0 to `MAX`, such as `Limit<1000>` for the `limit` of action
/// lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Limit<const MAX: u32>(u32);

impl<const MAX: u32> Limit<MAX> {
    /// The largest allowed value.
    pub const MAX: u32 = MAX;

    /// Checks `value` now.
    pub fn new(value: u32) -> Result<Self, Error> {
        let limit = Self(value);
        limit.check("limit")?;
        Ok(limit)
    }

    /// The value.
    pub fn get(self) -> u32 {
        self.0
    }
}

impl<const MAX: u32> From<u32> for Limit<MAX> {
    fn from(value: u32) -> Self {
        Self(value)
    }
}

impl<const MAX: u32> ParamValue for Limit<MAX> {
    const KIND: ParamKind = ParamKind::Integer;
    fn to_wire(&self) -> Cow<'_, str> {
        Cow::Owned(self.0.to_string())
    }
    fn to_json(&self) -> Value {
        Value::from(self.0)
    }
    fn check(&self, name: &str) -> Result<(), Error> {
        if self.0 <= MAX {
            Ok(())
        } else {
            Err(Error::invalid_input(format!(
                "parameter `{name}` is {}; Trello allows 0 to {MAX}",
                self.0
            )))
        }
    }
}

/// A comma-joined list of 1 to `MAX` items, such as the `urls` of a batch
/// call (`MaxItems<String, 10>`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct MaxItems<T, const MAX: usize>(Vec<T>);

impl<T: ParamValue, const MAX: usize> MaxItems<T, MAX> {
    /// The largest allowed number of items.
    pub const MAX: usize = MAX;

    /// Checks `items` now.
    pub fn new(items: Vec<T>) -> Result<Self, Error> {
        let list = Self(items);
        list.check("list")?;
        Ok(list)
    }

    /// The items.
    pub fn items(&self) -> &[T] {
        &self.0
    }
}

impl<T, const MAX: usize> From<Vec<T>> for MaxItems<T, MAX> {
    fn from(items: Vec<T>) -> Self {
        Self(items)
    }
}

impl<T: ParamValue, const MAX: usize> ParamValue for MaxItems<T, MAX> {
    const KIND: ParamKind = T::KIND;
    const IS_LIST: bool = true;
    const ALLOWED: &'static [&'static str] = T::ALLOWED;
    fn to_wire(&self) -> Cow<'_, str> {
        Cow::Owned(crate::params::join_wire(self.0.iter()))
    }
    fn to_path_segment(&self, name: &str) -> Result<String, Error> {
        crate::params::encode_list_segment(name, self.0.iter())
    }
    fn check(&self, name: &str) -> Result<(), Error> {
        let len = self.0.len();
        if len == 0 || len > MAX {
            return Err(Error::invalid_input(format!(
                "parameter `{name}` has {len} items; give 1 to {MAX}"
            )));
        }
        self.0.iter().try_for_each(|item| item.check(name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(err: Error) -> String {
        match err {
            Error::InvalidInput(message) => message,
            other => panic!("expected InvalidInput, got {other:?}"),
        }
    }

    #[test]
    fn trello_ids() {
        let id = TrelloId::parse("5abbe4b7ddc1b351ef961414").unwrap();
        assert_eq!(id.to_wire(), "5abbe4b7ddc1b351ef961414");
        assert!(TrelloId::from("5ABBE4B7DDC1B351EF961414").is_valid());
        for bad in [
            "",
            "5abbe4b7ddc1b351ef96141",
            "5abbe4b7ddc1b351ef9614145",
            "5abbe4b7ddc1b351ef96141z",
            "../../tokens/abcdefghijk",
            "nC8QJJoZ",
        ] {
            let msg = message(TrelloId::from(bad).check("idBoard").unwrap_err());
            assert!(msg.contains("`idBoard`"), "{msg}");
            assert!(msg.contains("24 hexadecimal digits"), "{msg}");
        }
        let msg = message(TrelloId::from("").check("id").unwrap_err());
        assert!(msg.contains("is empty"), "{msg}");
        assert!(TrelloId::parse("x").is_err());
    }

    #[test]
    fn ids_or_short_links() {
        for good in ["5abbe4b7ddc1b351ef961414", "nC8QJJoZ", "12345678"] {
            assert!(IdOrShortLink::from(good).check("id").is_ok(), "{good}");
        }
        for bad in [
            "",
            "nC8QJJo",
            "nC8QJJoZ9",
            "nC8QJ/oZ",
            "nC8QJJ%Z",
            "ünC8QJJo",
        ] {
            let msg = message(IdOrShortLink::from(bad).check("id").unwrap_err());
            assert!(msg.contains("short link"), "{msg}");
        }
    }

    #[test]
    fn ids_or_usernames() {
        assert_eq!(IdOrUsername::me().as_str(), "me");
        for good in ["me", "5abbe4b7ddc1b351ef961414", "bob", "alice_smith42"] {
            assert!(IdOrUsername::parse(good).is_ok(), "{good}");
        }
        for bad in [
            "",
            "ab",
            "bob smith",
            "bob/..",
            "bob?x=1",
            "bób",
            &"a".repeat(101),
        ] {
            let msg = message(IdOrUsername::from(bad).check("idMember").unwrap_err());
            assert!(msg.contains("`idMember`") && msg.contains("`me`"), "{msg}");
        }
        let long = "x".repeat(500);
        let msg = message(
            IdOrUsername::from(format!("{long} "))
                .check("id")
                .unwrap_err(),
        );
        assert!(msg.len() < 250, "the value is quoted shortened: {msg}");
    }

    #[test]
    fn limits() {
        assert_eq!(Limit::<1000>::new(1000).unwrap().get(), 1000);
        assert_eq!(Limit::<1000>::from(0).to_json(), Value::from(0));
        let msg = message(Limit::<1000>::from(1001).check("limit").unwrap_err());
        assert_eq!(msg, "parameter `limit` is 1001; Trello allows 0 to 1000");
        assert!(Limit::<50>::new(51).is_err());
        assert_eq!(Limit::<1000>::MAX, 1000);
    }

    #[test]
    fn bounded_lists() {
        let routes = |n: usize| -> MaxItems<String, 10> {
            (0..n)
                .map(|i| format!("/boards/{i}"))
                .collect::<Vec<_>>()
                .into()
        };
        assert_eq!(routes(2).to_wire(), "/boards/0,/boards/1");
        assert!(routes(10).check("urls").is_ok());
        let msg = message(routes(11).check("urls").unwrap_err());
        assert_eq!(msg, "parameter `urls` has 11 items; give 1 to 10");
        assert!(routes(0).check("urls").is_err());
        let ids: MaxItems<TrelloId, 3> = vec![TrelloId::from("nope")].into();
        assert!(message(ids.check("idMembers").unwrap_err()).contains("24 hexadecimal"));
        const { assert!(<MaxItems<TrelloId, 3>>::IS_LIST) };
    }
}
