//! The allowed-origin rule for `return_url`.

use url::{Origin, Url};

use crate::Error;

/// The origins an application lets Trello return tokens to, as set under
/// "Allowed origins" at <https://trello.com/app-key>.
///
/// Declare the same list in the app: [`AuthorizeUrl`](super::AuthorizeUrl)
/// then refuses a `return_url` outside it before any user is redirected,
/// instead of Trello refusing it after.
///
/// - `*` allows any origin (Trello's default for new keys).
/// - An empty list allows none, as Trello does when a key has no origins.
/// - Otherwise an origin is a scheme, host and optional port, e.g.
///   `https://github.com` or `http://localhost:3000`; a `return_url`
///   matches when its scheme, host and port (default ports included) are
///   equal to one of them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AllowedOrigins {
    any: bool,
    origins: Vec<Origin>,
    written: Vec<String>,
}

impl AllowedOrigins {
    /// The wildcard `*`: any origin.
    pub fn any() -> Self {
        Self {
            any: true,
            origins: Vec::new(),
            written: vec!["*".to_owned()],
        }
    }

    /// Parses each origin; `*` stands for any origin.
    ///
    /// Fails with [`Error::InvalidInput`] naming an entry that is not an
    /// absolute `http(s)` origin or that carries a path, query or fragment.
    pub fn new<I, S>(origins: I) -> Result<Self, Error>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut out = Self {
            any: false,
            origins: Vec::new(),
            written: Vec::new(),
        };
        for raw in origins {
            let raw = raw.as_ref().trim();
            out.written.push(raw.to_owned());
            if raw == "*" {
                out.any = true;
                continue;
            }
            let url = Url::parse(raw).map_err(|err| {
                Error::invalid_input(format!(
                    "allowed origin `{raw}` is not an absolute origin ({err}); write it like \
                     https://example.com or http://localhost:3000"
                ))
            })?;
            if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
                return Err(Error::invalid_input(format!(
                    "allowed origin `{raw}` must be an http or https origin with a host"
                )));
            }
            if url.path() != "/" || url.query().is_some() || url.fragment().is_some() {
                return Err(Error::invalid_input(format!(
                    "allowed origin `{raw}` has a path, query or fragment; an origin is only \
                     scheme, host and port"
                )));
            }
            out.origins.push(url.origin());
        }
        Ok(out)
    }

    /// Whether `url` may receive a token.
    pub fn permits(&self, url: &Url) -> bool {
        self.any || {
            let origin = url.origin();
            origin.is_tuple() && self.origins.contains(&origin)
        }
    }

    /// The entries as written (for messages).
    pub fn entries(&self) -> &[String] {
        &self.written
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    #[test]
    fn exact_origins_match_scheme_host_and_port() {
        let allowed = AllowedOrigins::new(["https://github.com", "http://localhost:3000"]).unwrap();
        assert!(allowed.permits(&url("https://github.com/trello/callback?x=1")));
        assert!(allowed.permits(&url("https://github.com:443/")));
        assert!(allowed.permits(&url("http://localhost:3000/cb")));
        assert!(!allowed.permits(&url("https://bad.example.com/cb")));
        assert!(!allowed.permits(&url("http://github.com/")));
        assert!(!allowed.permits(&url("http://localhost:3001/cb")));
        assert!(!allowed.permits(&url("https://github.com.evil.com/")));
    }

    #[test]
    fn wildcard_and_empty() {
        assert!(AllowedOrigins::any().permits(&url("https://anything.example/")));
        assert!(
            AllowedOrigins::new(["*"])
                .unwrap()
                .permits(&url("https://x.example/"))
        );
        let none = AllowedOrigins::new(Vec::<String>::new()).unwrap();
        assert!(!none.permits(&url("https://github.com/")));
    }

    #[test]
    fn bad_entries_are_refused_with_a_message() {
        for bad in [
            "github.com",
            "https://github.com/path",
            "ftp://x.example",
            "https://x?y",
        ] {
            let err = AllowedOrigins::new([bad]).unwrap_err().to_string();
            assert!(err.contains(bad), "{err}");
        }
    }
}
