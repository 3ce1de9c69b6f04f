//! The typed values of the authorize route's parameters.

use std::{fmt, ops::BitOr, str::FromStr};

use crate::Error;

/// What a token may do: any non-empty combination of `read`, `write` and
/// `account`. The default is [`Scope::READ`] (least privilege).
///
/// An empty scope cannot be built: combine the constants with `|`.
///
/// ```
/// use trello_core::authorize::Scope;
/// let scope = Scope::READ | Scope::WRITE;
/// assert_eq!(scope.to_string(), "read,write");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Scope {
    read: bool,
    write: bool,
    account: bool,
}

impl Scope {
    /// `read`: reading boards, workspaces and so on for the user.
    pub const READ: Scope = Scope {
        read: true,
        write: false,
        account: false,
    };
    /// `write`: writing boards, workspaces and so on for the user.
    pub const WRITE: Scope = Scope {
        read: false,
        write: true,
        account: false,
    };
    /// `account`: reading the member's email, writing member info, marking
    /// notifications read.
    pub const ACCOUNT: Scope = Scope {
        read: false,
        write: false,
        account: true,
    };
    /// `read,write`.
    pub const READ_WRITE: Scope = Scope::READ.union(Scope::WRITE);
    /// `read,write,account`: everything.
    pub const ALL: Scope = Scope::READ_WRITE.union(Scope::ACCOUNT);

    /// The wire names, in the order Trello lists them.
    pub const WIRE_NAMES: &'static [&'static str] = &["read", "write", "account"];

    /// Both scopes together.
    pub const fn union(self, other: Scope) -> Scope {
        Scope {
            read: self.read || other.read,
            write: self.write || other.write,
            account: self.account || other.account,
        }
    }

    /// Whether `read` is included.
    pub const fn has_read(self) -> bool {
        self.read
    }

    /// Whether `write` is included.
    pub const fn has_write(self) -> bool {
        self.write
    }

    /// Whether `account` is included.
    pub const fn has_account(self) -> bool {
        self.account
    }

    /// Whether every part of `other` is included.
    pub const fn contains(self, other: Scope) -> bool {
        (self.read || !other.read)
            && (self.write || !other.write)
            && (self.account || !other.account)
    }
}

impl Default for Scope {
    fn default() -> Self {
        Scope::READ
    }
}

impl BitOr for Scope {
    type Output = Scope;
    fn bitor(self, rhs: Scope) -> Scope {
        self.union(rhs)
    }
}

impl fmt::Display for Scope {
    /// The comma-separated wire form, e.g. `read,write`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts = [
            (self.read, "read"),
            (self.write, "write"),
            (self.account, "account"),
        ];
        let mut first = true;
        for (on, name) in parts {
            if on {
                if !first {
                    f.write_str(",")?;
                }
                f.write_str(name)?;
                first = false;
            }
        }
        Ok(())
    }
}

impl fmt::Debug for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Scope({self})")
    }
}

impl FromStr for Scope {
    type Err = Error;

    /// Parses a comma-separated list of `read`, `write`, `account` (spaces
    /// around items are ignored; repeats are harmless). Empty is refused.
    fn from_str(s: &str) -> Result<Self, Error> {
        let mut scope: Option<Scope> = None;
        for item in s.split(',').map(str::trim).filter(|i| !i.is_empty()) {
            let part = match item {
                "read" => Scope::READ,
                "write" => Scope::WRITE,
                "account" => Scope::ACCOUNT,
                other => {
                    return Err(Error::invalid_input(format!(
                        "unknown scope `{other}`; use read, write and/or account"
                    )));
                }
            };
            scope = Some(scope.map_or(part, |s| s | part));
        }
        scope.ok_or_else(|| {
            Error::invalid_input("empty scope; name at least one of read, write, account")
        })
    }
}

macro_rules! wire_enum {
    (
        $(#[$doc:meta])*
        $ty:ident, what $what:literal {
            $($(#[$vdoc:meta])* $variant:ident => $wire:literal,)+
        }
    ) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
        #[non_exhaustive]
        pub enum $ty {
            $(
                $(#[$vdoc])*
                #[doc = concat!("(`", $wire, "`)")]
                $variant,
            )+
        }

        impl $ty {
            /// Every value's wire name, in the documentation's order.
            pub const WIRE_NAMES: &'static [&'static str] = &[$($wire),+];

            /// The wire name.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $wire,)+
                }
            }
        }

        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $ty {
            type Err = Error;
            fn from_str(s: &str) -> Result<Self, Error> {
                match s {
                    $($wire => Ok(Self::$variant),)+
                    other => Err(Error::invalid_input(format!(
                        concat!("unknown ", $what, " `{}`; use one of {}"),
                        other,
                        Self::WIRE_NAMES.join(", ")
                    ))),
                }
            }
        }
    };
}

wire_enum! {
    /// How long the token lives. The default is [`Expiration::OneDay`]:
    /// ask for the shortest lifetime that works for the app.
    Expiration, what "expiration" {
        /// One hour.
        OneHour => "1hour",
        /// One day (the default).
        #[default]
        OneDay => "1day",
        /// Thirty days.
        ThirtyDays => "30days",
        /// Never expires (until revoked).
        Never => "never",
    }
}

wire_enum! {
    /// What the authorize route answers with. The default, `token`, returns
    /// the full user token.
    ResponseType, what "response_type" {
        /// The full user token (the default).
        #[default]
        Token => "token",
        /// The token in the fragment of the redirect to `return_url`.
        Fragment => "fragment",
    }
}

wire_enum! {
    /// How the token gets back to the app once the user allowed it.
    CallbackMethod, what "callback_method" {
        /// `window.postMessage` to the `return_url` origin (for a popup).
        #[default]
        PostMessage => "postMessage",
        /// A redirect to `return_url` with `#token=…` (for a redirect).
        Fragment => "fragment",
    }
}
