//! The baselines: what a user would write instead of the SDK, on the same
//! HTTP client the SDK's backend uses, sending the same request (method,
//! URL, `Accept`, `User-Agent` and `Authorization` header) and decoding the
//! same bytes into the same type with `serde_json::from_slice`.

use bytes::Bytes;
use http::{HeaderValue, Method, Request, StatusCode, header};
use http_body_util::{BodyExt, Full};
use hyper_rustls::{HttpsConnector, HttpsConnectorBuilder};
use hyper_util::{
    client::legacy::{Client as HyperClient, connect::HttpConnector},
    rt::TokioExecutor,
};
use serde::de::DeserializeOwned;

/// Any error of a hand-written call.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// The headers every hand-written request carries.
#[derive(Clone, Debug)]
struct Common {
    base: String,
    authorization: HeaderValue,
    user_agent: HeaderValue,
}

impl Common {
    fn new(base: &str) -> Result<Self, BoxError> {
        let mut authorization = HeaderValue::from_str(&crate::authorization_value())?;
        authorization.set_sensitive(true);
        Ok(Self {
            base: base.trim_end_matches('/').to_owned(),
            authorization,
            user_agent: HeaderValue::from_static(crate::USER_AGENT),
        })
    }
}

fn check(status: StatusCode, body: &[u8]) -> Result<(), BoxError> {
    if status.is_success() {
        Ok(())
    } else {
        Err(format!("HTTP {status}: {}", String::from_utf8_lossy(body)).into())
    }
}

/// A hand-written client on `reqwest`, built as the SDK's reqwest
/// transport builds its client (no redirects).
#[derive(Clone, Debug)]
pub struct HandReqwest {
    client: reqwest::Client,
    common: Common,
}

impl HandReqwest {
    /// A client for the API at `base` (e.g. `http://127.0.0.1:4000/1`).
    pub fn new(base: &str) -> Result<Self, BoxError> {
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()?;
        Ok(Self {
            client,
            common: Common::new(base)?,
        })
    }

    /// `GET {base}{path}` and the body decoded as `T`.
    pub async fn get_json<T: DeserializeOwned>(&self, path: &str) -> Result<T, BoxError> {
        let (status, body) = self.get_bytes(path).await?;
        check(status, &body)?;
        Ok(serde_json::from_slice(&body)?)
    }

    /// `GET {base}{path}`: the status and the body, whatever the status.
    pub async fn get_bytes(&self, path: &str) -> Result<(StatusCode, Bytes), BoxError> {
        let response = self
            .client
            .get(format!("{}{path}", self.common.base))
            .header(header::ACCEPT, "application/json")
            .header(header::USER_AGENT, self.common.user_agent.clone())
            .header(header::AUTHORIZATION, self.common.authorization.clone())
            .send()
            .await?;
        let status = response.status();
        Ok((status, response.bytes().await?))
    }
}

type Hyper = HyperClient<HttpsConnector<HttpConnector>, Full<Bytes>>;

/// A hand-written client on hyper 1 (hyper-util's client with the same
/// rustls connector the SDK's hyper transport builds: https or http).
#[derive(Clone, Debug)]
pub struct HandHyper {
    client: Hyper,
    common: Common,
}

impl HandHyper {
    /// A client for the API at `base`.
    pub fn new(base: &str) -> Result<Self, BoxError> {
        let connector = HttpsConnectorBuilder::new()
            .with_provider_and_platform_verifier(rustls::crypto::aws_lc_rs::default_provider())?
            .https_or_http()
            .enable_http1()
            .enable_http2()
            .build();
        Ok(Self {
            client: HyperClient::builder(TokioExecutor::new()).build(connector),
            common: Common::new(base)?,
        })
    }

    /// `GET {base}{path}` and the body decoded as `T`.
    pub async fn get_json<T: DeserializeOwned>(&self, path: &str) -> Result<T, BoxError> {
        let request = Request::builder()
            .method(Method::GET)
            .uri(format!("{}{path}", self.common.base))
            .header(header::ACCEPT, "application/json")
            .header(header::USER_AGENT, self.common.user_agent.clone())
            .header(header::AUTHORIZATION, self.common.authorization.clone())
            .body(Full::new(Bytes::new()))?;
        let response = self.client.request(request).await?;
        let status = response.status();
        let body = response.into_body().collect().await?.to_bytes();
        check(status, &body)?;
        Ok(serde_json::from_slice(&body)?)
    }
}

/// The hand-written client on the same HTTP client as an SDK backend.
#[derive(Clone, Debug)]
#[allow(clippy::large_enum_variant)] // one per bench; no indirection in the baseline
pub enum Hand {
    /// On reqwest.
    Reqwest(HandReqwest),
    /// On hyper.
    Hyper(HandHyper),
}

impl Hand {
    /// The baseline for `backend`, for the API at `base`.
    pub fn for_backend(backend: trello::Backend, base: &str) -> Result<Self, BoxError> {
        match backend {
            trello::Backend::Hyper => Ok(Self::Hyper(HandHyper::new(base)?)),
            _ => Ok(Self::Reqwest(HandReqwest::new(base)?)),
        }
    }

    /// `GET {base}{path}` and the body decoded as `T`.
    pub async fn get_json<T: DeserializeOwned>(&self, path: &str) -> Result<T, BoxError> {
        match self {
            Self::Reqwest(client) => client.get_json(path).await,
            Self::Hyper(client) => client.get_json(path).await,
        }
    }
}
