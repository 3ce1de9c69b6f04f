//! The `/1/authorize` route: a builder for the URL that asks a user to grant
//! the app a token.
//!
//! ```
//! use trello_core::authorize::{AuthorizeUrl, CallbackMethod, Expiration, Scope};
//!
//! let url = AuthorizeUrl::new("my-api-key")
//!     .name("My App")
//!     .scope(Scope::READ | Scope::WRITE)
//!     .expiration(Expiration::ThirtyDays)
//!     .callback_method(CallbackMethod::Fragment)
//!     .return_url("https://example.com/trello/callback")
//!     .build()?;
//! assert!(url.as_str().starts_with("https://trello.com/1/authorize?"));
//! # Ok::<(), trello_core::Error>(())
//! ```
//!
//! Defaults ask for least privilege: scope `read`, expiration `1day`,
//! response type `token`. Ask for more only when the app needs it.
//!
//! The token comes back in the fragment of the redirect or in a
//! `postMessage`; [`crate::callback`] parses both.

mod origins;
mod values;

use std::fmt;

use url::Url;

pub use origins::AllowedOrigins;
pub use values::{CallbackMethod, Expiration, ResponseType, Scope};

use crate::{
    ApiKey, Error,
    base_url::parse_base_url,
    meta::{ParamKind, ParamLocation, ParamMeta},
};

/// Where Trello's authorization routes live (the authorize page and the
/// OAuth 1.0a routes); not the REST API base.
pub const TRELLO_AUTH_BASE: &str = "https://trello.com/1";

/// The authorize route under [`TRELLO_AUTH_BASE`].
pub const AUTHORIZE_PATH: &str = "/authorize";

const fn param(
    name: &'static str,
    field: &'static str,
    kind: ParamKind,
    list: bool,
    required: bool,
    allowed: &'static [&'static str],
) -> ParamMeta {
    ParamMeta {
        name,
        field,
        location: ParamLocation::Query,
        kind,
        list,
        required,
        allowed,
    }
}

/// The parameters of the authorize route, as the documentation's table
/// lists them (all in the query). [`AuthorizeUrl::build`] writes exactly
/// these, in this order; `cargo xtask check` compares them with the specs.
pub const AUTHORIZE_PARAMS: &[ParamMeta] = &[
    param(
        "return_url",
        "return_url",
        ParamKind::String,
        false,
        false,
        &[],
    ),
    param(
        "callback_method",
        "callback_method",
        ParamKind::Enum,
        false,
        false,
        CallbackMethod::WIRE_NAMES,
    ),
    param(
        "scope",
        "scope",
        ParamKind::Enum,
        true,
        false,
        Scope::WIRE_NAMES,
    ),
    param(
        "expiration",
        "expiration",
        ParamKind::Enum,
        false,
        false,
        Expiration::WIRE_NAMES,
    ),
    param("name", "name", ParamKind::String, false, false, &[]),
    param("key", "key", ParamKind::String, false, true, &[]),
    param(
        "response_type",
        "response_type",
        ParamKind::Enum,
        false,
        false,
        ResponseType::WIRE_NAMES,
    ),
];

/// A builder for `https://trello.com/1/authorize?…`.
///
/// Every parameter of the route has a setter. [`AuthorizeUrl::build`]
/// validates the combination (see there) and returns the URL to send the
/// user to. `Debug` never shows the API key.
#[derive(Clone)]
pub struct AuthorizeUrl {
    base: Result<Url, String>,
    key: ApiKey,
    name: Option<String>,
    scope: Scope,
    expiration: Expiration,
    response_type: ResponseType,
    callback_method: Option<CallbackMethod>,
    return_url: Option<String>,
    allowed_origins: Option<AllowedOrigins>,
}

impl fmt::Debug for AuthorizeUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AuthorizeUrl")
            .field("key", &self.key)
            .field("name", &self.name)
            .field("scope", &self.scope)
            .field("expiration", &self.expiration)
            .field("response_type", &self.response_type)
            .field("callback_method", &self.callback_method)
            .field("return_url", &self.return_url)
            .field("allowed_origins", &self.allowed_origins)
            .finish_non_exhaustive()
    }
}

impl AuthorizeUrl {
    /// A builder for the app with API `key`, with the least-privilege
    /// defaults: scope `read`, expiration `1day`, response type `token`, no
    /// name, no return URL.
    pub fn new(key: impl Into<ApiKey>) -> Self {
        Self {
            base: Ok(default_base()),
            key: key.into(),
            name: None,
            scope: Scope::default(),
            expiration: Expiration::default(),
            response_type: ResponseType::default(),
            callback_method: None,
            return_url: None,
            allowed_origins: None,
        }
    }

    /// The application name shown on the consent screen.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// What the token may do (default `read`).
    pub fn scope(mut self, scope: Scope) -> Self {
        self.scope = scope;
        self
    }

    /// How long the token lives (default `1day`).
    pub fn expiration(mut self, expiration: Expiration) -> Self {
        self.expiration = expiration;
        self
    }

    /// What the route answers with (default `token`).
    pub fn response_type(mut self, response_type: ResponseType) -> Self {
        self.response_type = response_type;
        self
    }

    /// How the token comes back to `return_url` (needs
    /// [`AuthorizeUrl::return_url`]).
    pub fn callback_method(mut self, method: CallbackMethod) -> Self {
        self.callback_method = Some(method);
        self
    }

    /// Where the token goes: the redirect target (fragment) or the origin of
    /// the `postMessage`. Must be an absolute URL.
    pub fn return_url(mut self, url: impl Into<String>) -> Self {
        self.return_url = Some(url.into());
        self
    }

    /// The app's allowed origins; a `return_url` outside them is refused by
    /// [`AuthorizeUrl::build`].
    pub fn allowed_origins(mut self, origins: AllowedOrigins) -> Self {
        self.allowed_origins = Some(origins);
        self
    }

    /// Where Trello's authorization routes live (default
    /// `https://trello.com/1`); https only, except loopback hosts (for
    /// tests). Checked by [`AuthorizeUrl::build`].
    pub fn base_url(mut self, base: &str) -> Self {
        self.base = parse_base_url(base).map_err(|err| err.to_string());
        self
    }

    /// The scope asked for.
    pub fn requested_scope(&self) -> Scope {
        self.scope
    }

    /// The expiration asked for.
    pub fn requested_expiration(&self) -> Expiration {
        self.expiration
    }

    /// Checks the combination:
    ///
    /// - the API key is not empty;
    /// - `return_url`, when given, is an absolute URL with a host and no
    ///   fragment (Trello appends `#token=…`);
    /// - `callback_method` comes with a `return_url`;
    /// - with declared allowed origins, `return_url` is inside them.
    pub fn validate(&self) -> Result<(), Error> {
        self.checked_return_url().map(|_| ())?;
        self.base
            .as_ref()
            .map_err(|e| Error::invalid_input(e.clone()))?;
        Ok(())
    }

    fn checked_return_url(&self) -> Result<Option<Url>, Error> {
        if self.key.expose().trim().is_empty() {
            return Err(Error::invalid_input(
                "the API key is empty; get yours at https://trello.com/app-key",
            ));
        }
        let Some(raw) = &self.return_url else {
            if let Some(method) = self.callback_method {
                return Err(Error::invalid_input(format!(
                    "callback_method `{method}` needs a return_url: set one with \
                     AuthorizeUrl::return_url"
                )));
            }
            return Ok(None);
        };
        let url = Url::parse(raw).map_err(|err| {
            Error::invalid_input(format!(
                "return_url `{raw}` is not an absolute URL ({err}); give scheme, host and path, \
                 e.g. https://example.com/trello/callback"
            ))
        })?;
        if url.host().is_none() {
            return Err(Error::invalid_input(format!(
                "return_url `{raw}` has no host; give an http(s) URL of the app"
            )));
        }
        if url.fragment().is_some() {
            return Err(Error::invalid_input(format!(
                "return_url `{raw}` has a fragment; Trello appends `#token=…` itself, so remove it"
            )));
        }
        if let Some(allowed) = self.allowed_origins.as_ref().filter(|a| !a.permits(&url)) {
            return Err(Error::invalid_input(format!(
                "return_url `{raw}` is outside the app's allowed origins ({}); add its origin at \
                 https://trello.com/app-key or use an allowed one",
                allowed.entries().join(", ")
            )));
        }
        Ok(Some(url))
    }

    /// The value of the parameter named `name` (a name of
    /// [`AUTHORIZE_PARAMS`]), or `None` when it is not set.
    fn wire_value(&self, name: &str, return_url: Option<&Url>) -> Option<String> {
        match name {
            "return_url" => return_url.map(|u| u.as_str().to_owned()),
            "callback_method" => self.callback_method.map(|m| m.as_str().to_owned()),
            "scope" => Some(self.scope.to_string()),
            "expiration" => Some(self.expiration.as_str().to_owned()),
            "name" => self.name.clone(),
            "key" => Some(self.key.expose().to_owned()),
            "response_type" => Some(self.response_type.as_str().to_owned()),
            _ => None,
        }
    }

    /// Validates (see [`AuthorizeUrl::validate`]) and returns the URL to
    /// send the user to.
    ///
    /// The URL carries the API key (Trello needs it there); show it to the
    /// user, but do not log it.
    pub fn build(&self) -> Result<Url, Error> {
        let return_url = self.checked_return_url()?;
        let base = self
            .base
            .as_ref()
            .map_err(|e| Error::invalid_input(e.clone()))?;
        let mut url = Url::parse(&format!("{}{AUTHORIZE_PATH}", base.as_str()))
            .map_err(|err| Error::invalid_input(format!("authorize URL is not valid: {err}")))?;
        {
            let mut pairs = url.query_pairs_mut();
            for param in AUTHORIZE_PARAMS {
                if let Some(value) = self.wire_value(param.name, return_url.as_ref()) {
                    pairs.append_pair(param.name, &value);
                }
            }
        }
        Ok(url)
    }
}

fn default_base() -> Url {
    match Url::parse(TRELLO_AUTH_BASE) {
        Ok(url) => url,
        Err(_) => unreachable!("TRELLO_AUTH_BASE is a valid URL"),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    const KEY: &str = "kEyCaNaRy0123456789";

    fn query(url: &Url) -> BTreeMap<String, String> {
        url.query_pairs().into_owned().collect()
    }

    #[test]
    fn defaults_are_least_privilege() {
        let url = AuthorizeUrl::new(KEY).build().unwrap();
        assert_eq!(
            url.as_str(),
            format!(
                "https://trello.com/1/authorize?scope=read&expiration=1day&key={KEY}&response_type=token"
            )
        );
    }

    #[test]
    fn the_documented_example() {
        let url = AuthorizeUrl::new(KEY)
            .name("MyPersonalToken")
            .build()
            .unwrap();
        let q = query(&url);
        assert_eq!(q["expiration"], "1day");
        assert_eq!(q["name"], "MyPersonalToken");
        assert_eq!(q["scope"], "read");
        assert_eq!(q["response_type"], "token");
        assert_eq!(q["key"], KEY);
    }

    #[test]
    fn every_parameter_of_the_table_is_written_and_nothing_else() {
        let url = AuthorizeUrl::new(KEY)
            .name("My App & co")
            .scope(Scope::ALL)
            .expiration(Expiration::Never)
            .response_type(ResponseType::Fragment)
            .callback_method(CallbackMethod::PostMessage)
            .return_url("https://example.com/cb?x=1")
            .build()
            .unwrap();
        let names: Vec<String> = url.query_pairs().map(|(k, _)| k.into_owned()).collect();
        let table: Vec<&str> = AUTHORIZE_PARAMS.iter().map(|p| p.name).collect();
        assert_eq!(names, table);
        let q = query(&url);
        assert_eq!(q["return_url"], "https://example.com/cb?x=1");
        assert_eq!(q["callback_method"], "postMessage");
        assert_eq!(q["scope"], "read,write,account");
        assert_eq!(q["expiration"], "never");
        assert_eq!(q["name"], "My App & co");
        assert_eq!(q["response_type"], "fragment");
    }

    #[test]
    fn params_table_matches_the_value_types() {
        let by_name = |n: &str| AUTHORIZE_PARAMS.iter().find(|p| p.name == n).unwrap();
        assert_eq!(by_name("scope").allowed, ["read", "write", "account"]);
        assert!(by_name("scope").list);
        assert_eq!(
            by_name("expiration").allowed,
            ["1hour", "1day", "30days", "never"]
        );
        assert_eq!(
            by_name("callback_method").allowed,
            ["postMessage", "fragment"]
        );
        assert_eq!(by_name("response_type").allowed, ["token", "fragment"]);
        assert!(by_name("key").required);
        assert!(
            AUTHORIZE_PARAMS
                .iter()
                .all(|p| p.location == ParamLocation::Query)
        );
        assert_eq!(
            AUTHORIZE_PARAMS.iter().filter(|p| p.required).count(),
            1,
            "only key is required"
        );
        for value in Expiration::WIRE_NAMES {
            assert_eq!(value.parse::<Expiration>().unwrap().as_str(), *value);
        }
        for value in CallbackMethod::WIRE_NAMES {
            assert_eq!(value.parse::<CallbackMethod>().unwrap().as_str(), *value);
        }
        for value in ResponseType::WIRE_NAMES {
            assert_eq!(value.parse::<ResponseType>().unwrap().as_str(), *value);
        }
    }

    #[test]
    fn every_non_empty_scope_combination() {
        let parts = [Scope::READ, Scope::WRITE, Scope::ACCOUNT];
        for mask in 1u8..8 {
            let scope = (0..3)
                .filter(|i| mask & (1 << i) != 0)
                .map(|i| parts[i])
                .reduce(|a, b| a | b)
                .unwrap();
            let written = scope.to_string();
            assert_eq!(written.parse::<Scope>().unwrap(), scope);
            let url = AuthorizeUrl::new(KEY).scope(scope).build().unwrap();
            assert_eq!(query(&url)["scope"], written);
        }
        assert!("".parse::<Scope>().is_err());
        assert!(" , ".parse::<Scope>().is_err());
        assert!(
            "read,admin"
                .parse::<Scope>()
                .unwrap_err()
                .to_string()
                .contains("admin")
        );
        assert!(Scope::ALL.contains(Scope::READ_WRITE));
        assert!(!Scope::READ.contains(Scope::WRITE));
    }

    #[test]
    fn return_url_must_be_absolute() {
        for bad in [
            "/callback",
            "example.com/cb",
            "",
            "https://example.com/cb#frag",
        ] {
            let err = AuthorizeUrl::new(KEY).return_url(bad).build().unwrap_err();
            assert!(matches!(err, Error::InvalidInput(_)), "{bad}: {err}");
            assert!(err.to_string().contains("return_url"), "{err}");
        }
    }

    #[test]
    fn callback_method_needs_a_return_url() {
        let err = AuthorizeUrl::new(KEY)
            .callback_method(CallbackMethod::Fragment)
            .build()
            .unwrap_err()
            .to_string();
        assert!(err.contains("needs a return_url"), "{err}");
    }

    #[test]
    fn return_url_outside_the_allowed_origins_is_refused() {
        let allowed = AllowedOrigins::new(["https://github.com", "http://localhost:3000"]).unwrap();
        let builder = AuthorizeUrl::new(KEY)
            .allowed_origins(allowed)
            .callback_method(CallbackMethod::Fragment);
        builder
            .clone()
            .return_url("http://localhost:3000/auth")
            .build()
            .unwrap();
        let err = builder
            .return_url("https://bad.example.com/steal")
            .build()
            .unwrap_err()
            .to_string();
        assert!(err.contains("allowed origins"), "{err}");
        assert!(err.contains("https://github.com"), "{err}");
    }

    #[test]
    fn empty_key_and_bad_base_are_refused() {
        assert!(AuthorizeUrl::new(" ").build().is_err());
        let err = AuthorizeUrl::new(KEY)
            .base_url("http://trello.example/1")
            .build()
            .unwrap_err();
        assert!(err.to_string().contains("https"), "{err}");
        let url = AuthorizeUrl::new(KEY)
            .base_url("http://127.0.0.1:9999/1")
            .build()
            .unwrap();
        assert!(
            url.as_str()
                .starts_with("http://127.0.0.1:9999/1/authorize?")
        );
    }

    #[test]
    fn debug_and_errors_hide_the_key() {
        let builder = AuthorizeUrl::new(KEY).return_url("nope");
        let debug = format!("{builder:?}");
        assert!(!debug.contains(KEY), "{debug}");
        let err = builder.build().unwrap_err();
        assert!(!err.to_string().contains(KEY));
        assert!(!format!("{err:?}").contains(KEY));
    }
}
