//! OAuth 2.0 scopes of Trello, typed.

use std::{collections::BTreeSet, fmt, str::FromStr};

use crate::Error;

/// One OAuth 2.0 scope: Trello's ten, `offline_access` (asks for a refresh
/// token), or one this SDK does not know yet.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Scope {
    /// `read:board:trello`
    ReadBoard,
    /// `write:board:trello`
    WriteBoard,
    /// `write:board:membership:trello`
    WriteBoardMembership,
    /// `read:organization:trello`
    ReadOrganization,
    /// `write:organization:trello`
    WriteOrganization,
    /// `write:organization:membership:trello`
    WriteOrganizationMembership,
    /// `read:member:trello`
    ReadMember,
    /// `write:member:trello`
    WriteMember,
    /// `read:enterprise:trello`
    ReadEnterprise,
    /// `write:enterprise:trello`
    WriteEnterprise,
    /// `offline_access`: the token answer carries a refresh token.
    OfflineAccess,
    /// A scope this SDK does not name (a future one). Build it with
    /// [`Scope::other`]; parsing a string never yields it for a typo.
    Other(String),
}

/// The known scopes with their wire names.
const KNOWN: [(Scope, &str); 11] = [
    (Scope::ReadBoard, "read:board:trello"),
    (Scope::WriteBoard, "write:board:trello"),
    (Scope::WriteBoardMembership, "write:board:membership:trello"),
    (Scope::ReadOrganization, "read:organization:trello"),
    (Scope::WriteOrganization, "write:organization:trello"),
    (
        Scope::WriteOrganizationMembership,
        "write:organization:membership:trello",
    ),
    (Scope::ReadMember, "read:member:trello"),
    (Scope::WriteMember, "write:member:trello"),
    (Scope::ReadEnterprise, "read:enterprise:trello"),
    (Scope::WriteEnterprise, "write:enterprise:trello"),
    (Scope::OfflineAccess, "offline_access"),
];

impl Scope {
    /// Every scope this SDK knows, `offline_access` last.
    pub fn all_known() -> impl Iterator<Item = Scope> {
        KNOWN.into_iter().map(|(scope, _)| scope)
    }

    /// A scope the SDK does not know yet, e.g. `read:webhook:trello`.
    /// Fails on an empty value or one with whitespace (scopes travel
    /// space-separated).
    pub fn other(name: impl Into<String>) -> Result<Self, Error> {
        let name = name.into();
        check_token(&name)?;
        Ok(match known(&name) {
            Some(scope) => scope,
            None => Self::Other(name),
        })
    }

    /// The wire name, e.g. `read:board:trello`.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Other(name) => name,
            known => KNOWN
                .iter()
                .find(|(scope, _)| scope == known)
                .map_or("", |(_, name)| name),
        }
    }

    /// Reads a scope from a server's answer: unknown names become
    /// [`Scope::Other`] rather than an error (the server may know more).
    pub fn from_server(name: &str) -> Self {
        known(name).unwrap_or_else(|| Self::Other(name.to_owned()))
    }
}

fn known(name: &str) -> Option<Scope> {
    KNOWN
        .iter()
        .find(|(_, wire)| *wire == name)
        .map(|(scope, _)| scope.clone())
}

fn check_token(name: &str) -> Result<(), Error> {
    if name.is_empty() || name.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(Error::invalid_input(format!(
            "OAuth 2.0 scope `{}` is empty or has whitespace; scopes are single words such as \
             `read:board:trello`",
            name.escape_debug()
        )));
    }
    Ok(())
}

impl FromStr for Scope {
    type Err = Error;

    /// Parses one of the known scopes; anything else is an
    /// [`Error::InvalidInput`] listing them (use [`Scope::other`] for a new
    /// scope on purpose).
    fn from_str(raw: &str) -> Result<Self, Error> {
        let name = raw.trim();
        known(name).ok_or_else(|| {
            let list: Vec<&str> = KNOWN.iter().map(|(_, wire)| *wire).collect();
            Error::invalid_input(format!(
                "unknown OAuth 2.0 scope `{}`; Trello's scopes are {}; use Scope::other for a \
                 scope this SDK does not know yet",
                name.escape_debug(),
                list.join(", ")
            ))
        })
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A set of scopes, written space-separated on the wire.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Scopes(BTreeSet<Scope>);

impl Scopes {
    /// No scopes.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds `scope`.
    pub fn insert(&mut self, scope: Scope) {
        self.0.insert(scope);
    }

    /// With `scope` added.
    pub fn with(mut self, scope: Scope) -> Self {
        self.insert(scope);
        self
    }

    /// Whether `scope` is in the set.
    pub fn contains(&self, scope: &Scope) -> bool {
        self.0.contains(scope)
    }

    /// Whether the wire name `name` is in the set.
    pub fn contains_name(&self, name: &str) -> bool {
        self.0.iter().any(|scope| scope.as_str() == name)
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The scopes, in a stable order.
    pub fn iter(&self) -> impl Iterator<Item = &Scope> {
        self.0.iter()
    }

    /// Parses a space-separated list of known scopes (user input: unknown
    /// names are refused, see [`Scope::from_str`]).
    pub fn parse(raw: &str) -> Result<Self, Error> {
        raw.split_whitespace().map(Scope::from_str).collect()
    }

    /// Reads a server's space-separated `scope` (unknown names kept as
    /// [`Scope::Other`]).
    pub fn from_server(raw: &str) -> Self {
        Self(raw.split_whitespace().map(Scope::from_server).collect())
    }
}

impl FromIterator<Scope> for Scopes {
    fn from_iter<I: IntoIterator<Item = Scope>>(iter: I) -> Self {
        Self(iter.into_iter().collect())
    }
}

impl fmt::Display for Scopes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        for scope in &self.0 {
            if !first {
                f.write_str(" ")?;
            }
            first = false;
            f.write_str(scope.as_str())?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_scopes_round_trip() {
        for scope in Scope::all_known() {
            assert_eq!(scope.as_str().parse::<Scope>().unwrap(), scope);
        }
        assert_eq!(Scope::all_known().count(), 11);
        assert_eq!(Scope::ReadBoard.to_string(), "read:board:trello");
    }

    #[test]
    fn unknown_scope_is_a_clear_error() {
        let err = "read:boards:trello".parse::<Scope>().unwrap_err();
        let text = err.to_string();
        assert!(text.contains("read:boards:trello"), "{text}");
        assert!(text.contains("read:board:trello"), "{text}");
        assert!(Scopes::parse("read:board:trello nope").is_err());
        assert!(Scope::other("").is_err());
        assert!(Scope::other("a b").is_err());
        assert_eq!(
            Scope::other("read:webhook:trello").unwrap(),
            Scope::Other("read:webhook:trello".into())
        );
        assert_eq!(Scope::other("read:board:trello").unwrap(), Scope::ReadBoard);
    }

    #[test]
    fn sets_write_space_separated_and_read_servers_leniently() {
        let set = Scopes::parse("write:board:trello  read:board:trello offline_access").unwrap();
        assert_eq!(
            set.to_string(),
            "read:board:trello write:board:trello offline_access"
        );
        let server = Scopes::from_server("read:board:trello future:thing");
        assert!(server.contains(&Scope::ReadBoard));
        assert!(server.contains_name("future:thing"));
    }
}
