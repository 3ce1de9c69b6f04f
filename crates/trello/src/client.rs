//! The client users hold: the core pipeline on a backend chosen by features.

use std::ops::Deref;

use trello_core::{Auth, AuthPlacement, Credentials, Error, SharedTransport, Transport};

/// The HTTP backends compiled in (by the `reqwest` and `hyper` features).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Backend {
    /// reqwest with rustls (feature `reqwest`, on by default).
    #[cfg(feature = "reqwest")]
    Reqwest,
    /// hyper 1 with rustls (feature `hyper`).
    #[cfg(feature = "hyper")]
    Hyper,
}

impl Backend {
    /// Every backend compiled in, the default first.
    pub const ALL: &'static [Backend] = &[
        #[cfg(feature = "reqwest")]
        Backend::Reqwest,
        #[cfg(feature = "hyper")]
        Backend::Hyper,
    ];

    /// The backend used when none is chosen: reqwest when compiled in, else
    /// hyper.
    pub fn default_backend() -> Option<Backend> {
        Self::ALL.first().copied()
    }

    /// A new transport of this kind.
    pub fn transport(self) -> Result<SharedTransport, Error> {
        match self {
            #[cfg(feature = "reqwest")]
            Backend::Reqwest => Ok(std::sync::Arc::new(trello_reqwest::ReqwestTransport::new())),
            #[cfg(feature = "hyper")]
            Backend::Hyper => Ok(std::sync::Arc::new(
                trello_hyper::HyperTransport::new().map_err(Error::Transport)?,
            )),
        }
    }
}

/// A Trello client. Cheap to clone; clones share the connection pool.
///
/// It dereferences to [`trello_core::Client`], whose `send`, `send_raw`,
/// `request_json` and `request_bytes` send any endpoint or raw request.
#[derive(Clone, Debug)]
pub struct Client {
    inner: trello_core::Client,
}

impl Client {
    /// A client on the default backend with `credentials` in the
    /// `Authorization` header.
    pub fn new(credentials: Credentials) -> Result<Self, Error> {
        Self::builder().credentials(credentials).build()
    }

    /// A client with credentials from `TRELLO_API_KEY` and `TRELLO_TOKEN`.
    pub fn from_env() -> Result<Self, Error> {
        Self::new(Credentials::from_env()?)
    }

    /// A client on your own transport with `credentials` in the
    /// `Authorization` header.
    pub fn with_transport(
        transport: impl Transport,
        credentials: Credentials,
    ) -> Result<Self, Error> {
        Self::builder()
            .transport(transport)
            .credentials(credentials)
            .build()
    }

    /// A builder for every setting.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The core client.
    pub fn core(&self) -> &trello_core::Client {
        &self.inner
    }
}

impl Deref for Client {
    type Target = trello_core::Client;
    fn deref(&self) -> &Self::Target {
        &self.inner
    }
}

impl From<trello_core::Client> for Client {
    fn from(inner: trello_core::Client) -> Self {
        Self { inner }
    }
}

/// Builds a [`Client`].
#[derive(Debug, Default)]
pub struct ClientBuilder {
    core: trello_core::ClientBuilder,
    backend: Option<Backend>,
}

impl ClientBuilder {
    /// Authenticate with an API key and token.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.core = self.core.credentials(credentials);
        self
    }

    /// Where the key and token travel (default: the `Authorization` header).
    pub fn auth_placement(mut self, placement: AuthPlacement) -> Self {
        self.core = self.core.auth_placement(placement);
        self
    }

    /// Any authentication scheme.
    pub fn auth(mut self, auth: Auth) -> Self {
        self.core = self.core.auth(auth);
        self
    }

    /// The API base (default `https://api.trello.com/1`); https only, except
    /// loopback hosts.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.core = self.core.base_url(url);
        self
    }

    /// The `User-Agent` header.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.core = self.core.user_agent(user_agent);
        self
    }

    /// Which compiled-in backend to use.
    pub fn backend(mut self, backend: Backend) -> Self {
        self.backend = Some(backend);
        self
    }

    /// Your own transport (a test double, a recorder, another HTTP client).
    pub fn transport(mut self, transport: impl Transport) -> Self {
        self.core = self.core.transport(transport);
        self
    }

    /// A transport shared with other clients.
    pub fn shared_transport(mut self, transport: SharedTransport) -> Self {
        self.core = self.core.shared_transport(transport);
        self
    }

    /// Checks the settings and builds the client.
    pub fn build(mut self) -> Result<Client, Error> {
        if !self.core.has_transport() || self.backend.is_some() {
            let backend = self
                .backend
                .or_else(Backend::default_backend)
                .ok_or_else(|| {
                    Error::invalid_input(
                        "no HTTP backend: enable the `reqwest` or `hyper` feature of `trello`, \
                     or give a transport with ClientBuilder::transport",
                    )
                })?;
            self.core = self.core.shared_transport(backend.transport()?);
        }
        Ok(Client {
            inner: self.core.build()?,
        })
    }
}
