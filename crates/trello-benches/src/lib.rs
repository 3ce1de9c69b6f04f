//! Helpers shared by the benchmarks of the Trello SDK: realistic fixtures,
//! a loopback server that answers with fixed bytes, the SDK clients under
//! test and the hand-written clients they are compared with.
//!
//! Every bench compares the SDK with a baseline measured in the same run,
//! against a server on `127.0.0.1`; nothing here reaches the network. Run
//! them all with `cargo bench -p trello-benches` (see `BENCHMARKS.md`).
#![warn(missing_docs)]
#![forbid(unsafe_code)]
#![recursion_limit = "256"]

pub mod endpoints;
pub mod fixtures;
pub mod greedy;
pub mod hand;
pub mod server;
pub mod stats;

use trello::{Backend, Client, ClientBuilder, Credentials, RetryPolicy, Timeouts};

/// The API key the benches send (the fixed-bytes server checks nothing).
pub const BENCH_KEY: &str = "0123456789abcdef0123456789abcdef";
/// The token the benches send.
pub const BENCH_TOKEN: &str =
    "ATTA0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef01234567";
/// The `User-Agent` both the SDK and the hand-written clients send.
pub const USER_AGENT: &str = "trello-benches/0.1";
/// The board whose cards the benches list.
pub const BOARD_ID: &str = "5f0c2b1e9a8d7c6b5a4f3e2d";

/// The `Authorization` header the SDK sends for [`BENCH_KEY`] and
/// [`BENCH_TOKEN`]; the hand-written clients send the same bytes.
pub fn authorization_value() -> String {
    format!("OAuth oauth_consumer_key=\"{BENCH_KEY}\", oauth_token=\"{BENCH_TOKEN}\"")
}

/// The benches' SDK client builder: `backend`, `base_url`, the bench
/// credentials and user agent, proactive rate limiting off.
fn bench_builder(backend: Backend, base_url: &str) -> ClientBuilder {
    Client::builder()
        .backend(backend)
        .base_url(base_url)
        .credentials(Credentials::new(BENCH_KEY, BENCH_TOKEN))
        .user_agent(USER_AGENT)
        .no_rate_limits()
}

/// An SDK client on `backend` for `base_url`, as issue 10 asks for the
/// overhead and concurrency benches: proactive rate limiting off, the
/// default retry policy and timeouts.
pub fn sdk_client(backend: Backend, base_url: &str) -> Client {
    bench_builder(backend, base_url)
        .build()
        .unwrap_or_else(|err| panic!("cannot build the SDK client: {err}"))
}

/// [`sdk_client`] with timeouts and retries off too ("SDK bare"): what
/// the pipeline costs without the policies a default client keeps.
pub fn bare_client(backend: Backend, base_url: &str) -> Client {
    bench_builder(backend, base_url)
        .timeouts(Timeouts::none())
        .retry_policy(RetryPolicy::disabled())
        .build()
        .unwrap_or_else(|err| panic!("cannot build the bare SDK client: {err}"))
}

/// A short name for a backend, for tables.
pub fn backend_name(backend: Backend) -> &'static str {
    match backend {
        Backend::Reqwest => "reqwest",
        Backend::Hyper => "hyper",
        _ => "other",
    }
}
