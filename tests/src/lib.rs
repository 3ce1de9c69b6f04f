//! Shared helpers for the cross-crate tests: canary credentials and clients
//! on each backend, pointed at a server on loopback.
//!
//! Every HTTP behaviour is tested through every backend: loop over
//! [`Backend::ALL`] (or call [`for_each_backend`]) and build the client with
//! [`client`].

use std::{future::Future, sync::Arc};

pub use trello::Backend;
use trello::{
    AuthPlacement, Client, ClientBuilder, Credentials,
    policy::{InProcessStore, SystemClock},
};

/// Reads a transport answer's body whole (test answers are small; at most
/// 64 MiB is read), keeping its head.
pub async fn buffered(response: http::Response<trello::Body>) -> http::Response<bytes::Bytes> {
    let (head, body) = response.into_parts();
    let body = body.collect_limited(64 << 20).await.expect("answer body");
    http::Response::from_parts(head, body)
}

/// A client on `backend` for `sandbox`'s API, with its app key and
/// `token` (the SDK's defaults otherwise).
pub fn sandbox_client(sandbox: &trello_sandbox::Sandbox, token: &str, backend: Backend) -> Client {
    Client::builder()
        .backend(backend)
        .base_url(sandbox.api_url())
        .credentials(Credentials::new(sandbox.app_key(), token))
        .build()
        .expect("client")
}

/// The text of an answer's body, read whole (at most 1 MiB).
pub async fn body_text(body: trello::Body) -> String {
    let body = body.collect_limited(1 << 20).await.expect("body");
    String::from_utf8_lossy(&body).into_owned()
}

/// A distinctive API key: tests assert it never leaks.
pub const CANARY_KEY: &str = "kEyCaNaRy0123456789abcdef0123456";
/// A distinctive token: tests assert it never leaks.
pub const CANARY_TOKEN: &str = "tOkEnCaNaRy9876543210fedcba9876543210fedcba98765432";

/// The canary credentials.
pub fn credentials() -> Credentials {
    Credentials::new(CANARY_KEY, CANARY_TOKEN)
}

/// A client on `backend` talking to `base_url` (a loopback server's URI),
/// with the canary credentials in the header.
pub fn client(base_url: &str, backend: Backend) -> Client {
    client_with(base_url, backend, AuthPlacement::Header)
}

/// Like [`client`], with the credentials placed as `placement` says.
pub fn client_with(base_url: &str, backend: Backend, placement: AuthPlacement) -> Client {
    builder(base_url, backend, placement)
        .build()
        .unwrap_or_else(|err| panic!("client on {backend:?} for {base_url}: {err}"))
}

/// A client that never retries: for tests of what one answer maps to.
pub fn client_without_retries(
    base_url: &str,
    backend: Backend,
    placement: AuthPlacement,
) -> Client {
    builder(base_url, backend, placement)
        .retry_policy(trello::RetryPolicy::disabled())
        .build()
        .unwrap_or_else(|err| panic!("client on {backend:?} for {base_url}: {err}"))
}

/// The builder behind [`client_with`], for tests that set more.
///
/// Each client counts its rate limits in a store of its own: the tests of a
/// binary share the canary credentials, and the default process-wide store
/// would make them share one budget (the members family's 100 per 900 s
/// runs out across tests).
pub fn builder(base_url: &str, backend: Backend, placement: AuthPlacement) -> ClientBuilder {
    Client::builder()
        .backend(backend)
        .base_url(base_url)
        .credentials(credentials())
        .auth_placement(placement)
        .rate_limit_store(InProcessStore::new(Arc::new(SystemClock::new())))
}

/// Runs `test` once per compiled-in backend, in order.
pub async fn for_each_backend<F, Fut>(mut test: F)
where
    F: FnMut(Backend) -> Fut,
    Fut: Future<Output = ()>,
{
    assert!(
        Backend::ALL.len() >= 2,
        "the integration tests must run through both backends"
    );
    for &backend in Backend::ALL {
        test(backend).await;
    }
}

/// Asserts that `text` contains neither canary secret.
#[track_caller]
pub fn assert_no_secret(what: &str, text: &str) {
    assert!(
        !text.contains(CANARY_KEY) && !text.contains(CANARY_TOKEN),
        "{what} leaks a secret: {text}"
    );
}
