//! `wire_enum!`: one definition for every fixed set of Trello wire values.
//!
//! Each generated enum has one variant per known wire name plus
//! `Other(String)`, which keeps a value Trello added after this version was
//! written (so decoding never fails on a new color or action type, and the
//! value is sent back unchanged). It also gets `as_str()`, `WIRE_NAMES`,
//! `is_known()`, `From<&str>`/`From<String>`, `FromStr`, `Display`,
//! `AsRef<str>`, Serialize/Deserialize by wire name, and
//! [`ParamValue`](trello_core::ParamValue) (`KIND` = `Enum`, `ALLOWED` = the
//! known wire names), so the same enum serves as an endpoint parameter.

/// Declares a wire enum (see the module docs). Variants are written
/// `Variant = "wireName",`; their docs are generated from the wire name,
/// and more attributes (docs) may be put before each one.
macro_rules! wire_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $(
                $(#[$vmeta:meta])*
                $variant:ident = $wire:literal
            ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $(
                #[doc = concat!("`", $wire, "`")]
                $(#[$vmeta])*
                $variant,
            )+
            /// A value this version does not know, kept exactly as Trello
            /// sent it.
            Other(::std::string::String),
        }

        impl $name {
            /// Every wire name this version knows, in declaration order.
            pub const WIRE_NAMES: &'static [&'static str] = &[$($wire),+];

            /// The wire name, as Trello spells it.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)+
                    Self::Other(other) => other.as_str(),
                }
            }

            /// The known variant for a wire name, or `None`.
            fn known(wire: &str) -> ::std::option::Option<Self> {
                match wire {
                    $($wire => ::std::option::Option::Some(Self::$variant),)+
                    _ => ::std::option::Option::None,
                }
            }

            /// Whether this is a value this version knows (not `Other`).
            pub fn is_known(&self) -> bool {
                !matches!(self, Self::Other(_))
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(wire: &str) -> Self {
                Self::known(wire).unwrap_or_else(|| Self::Other(wire.to_owned()))
            }
        }

        impl ::std::convert::From<::std::string::String> for $name {
            fn from(wire: ::std::string::String) -> Self {
                Self::known(&wire).unwrap_or(Self::Other(wire))
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;
            fn from_str(wire: &str) -> ::std::result::Result<Self, Self::Err> {
                ::std::result::Result::Ok(Self::from(wire))
            }
        }

        impl ::std::convert::AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                struct WireVisitor;
                impl ::serde::de::Visitor<'_> for WireVisitor {
                    type Value = $name;
                    fn expecting(
                        &self,
                        f: &mut ::std::fmt::Formatter<'_>,
                    ) -> ::std::fmt::Result {
                        f.write_str(concat!("a ", stringify!($name), " wire name (a string)"))
                    }
                    fn visit_str<E: ::serde::de::Error>(
                        self,
                        wire: &str,
                    ) -> ::std::result::Result<$name, E> {
                        ::std::result::Result::Ok($name::from(wire))
                    }
                    fn visit_string<E: ::serde::de::Error>(
                        self,
                        wire: ::std::string::String,
                    ) -> ::std::result::Result<$name, E> {
                        ::std::result::Result::Ok($name::from(wire))
                    }
                }
                deserializer.deserialize_str(WireVisitor)
            }
        }

        impl $crate::ParamValue for $name {
            const KIND: $crate::ParamKind = $crate::ParamKind::Enum;
            const ALLOWED: &'static [&'static str] = Self::WIRE_NAMES;
            fn to_wire(&self) -> ::std::borrow::Cow<'_, str> {
                ::std::borrow::Cow::Borrowed(self.as_str())
            }
        }
    };
}

pub(crate) use wire_enum;
