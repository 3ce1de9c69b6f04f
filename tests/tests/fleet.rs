//! One rate budget for a fleet: clients and OS processes sharing one API key
//! through `trello::redis::RedisStore`, against the sandbox enforcing
//! Trello's per-key and per-token limits (time-scaled: a 1 s window), with a
//! real `redis-server` started by each test — through both backends.
//!
//! The 4-process case re-executes this test binary: the parent runs
//! `four_processes_share_one_key_with_zero_429s`, each child runs
//! `fleet_child` with `TRELLO_FLEET_CHILD` set (without it, `fleet_child`
//! does nothing).

use std::{
    sync::Arc,
    time::{Duration, Instant},
};

use trello::{
    Backend, Client, Credentials, Error, Method, RateLimitConfig, RetryPolicy,
    policy::{Clock, RateLimitStore, Window},
    redis::{OnUnavailable, RedisServer, RedisStore},
};
use trello_integration_tests::for_each_backend;
use trello_sandbox::{RateLimits, Sandbox, SandboxConfig};

const SECRET: &[u8] = b"the fleet's shared secret";
/// Trello's limits with time running 10 times faster.
const WINDOW: Duration = Duration::from_secs(1);

/// The client side of the time-scaled limits: Trello's numbers on a 1 s
/// window, with the default margin (5 ms here). Latency on a loaded machine
/// can be far longer than that; it needs no margin, since each grant counts
/// from its answer, which comes after the sandbox counted the request.
fn limits() -> RateLimitConfig {
    RateLimitConfig::default()
        .per_key(Window::new(300, WINDOW))
        .per_token(Window::new(100, WINDOW))
}

async fn sandbox() -> Sandbox {
    Sandbox::start(SandboxConfig {
        rate_limits: RateLimits::time_scaled(10),
        ..SandboxConfig::default()
    })
    .await
    .expect("the sandbox binds loopback")
}

fn client(
    base: &str,
    key: &str,
    token: &str,
    backend: Backend,
    store: Arc<dyn RateLimitStore>,
) -> Client {
    Client::builder()
        .backend(backend)
        .base_url(base)
        .credentials(Credentials::new(key, token))
        .rate_limits(limits())
        .rate_limit_store(store)
        // A 429 must show, not be retried away.
        .retry_policy(RetryPolicy::disabled())
        .build()
        .expect("client")
}

/// One call to open the client's connection, then a pause of a window and
/// a bit, so the warm-up call has left every window when the count starts.
async fn warm_up(client: &Client) {
    let _ = client
        .request_bytes(Method::Get, "/members/me/boards", &[], None)
        .await;
    tokio::time::sleep(WINDOW + Duration::from_millis(100)).await;
}

/// `calls` greedy calls on a route outside the members family (after a
/// warm-up call that is not counted); the errors.
async fn greedy(client: &Client, calls: usize) -> Vec<Error> {
    warm_up(client).await;
    let mut errors = Vec::new();
    for _ in 0..calls {
        if let Err(err) = client
            .request_bytes(Method::Get, "/members/me/boards", &[], None)
            .await
        {
            errors.push(err);
        }
    }
    errors
}

fn backend_name(backend: Backend) -> &'static str {
    match backend {
        Backend::Reqwest => "reqwest",
        Backend::Hyper => "hyper",
        _ => "other",
    }
}

fn backend_named(name: &str) -> Backend {
    Backend::ALL
        .iter()
        .copied()
        .find(|b| backend_name(*b) == name)
        .unwrap_or(Backend::ALL[0])
}

#[tokio::test]
async fn two_clients_of_one_key_share_the_budget_through_redis() {
    let redis = RedisServer::start().expect("redis-server");
    for_each_backend(|backend| {
        let url = redis.url();
        async move {
            let sandbox = sandbox().await;
            let token = sandbox.issue_token("read", "1day").await;
            // Two stores, as two processes would each build one.
            let one: Arc<dyn RateLimitStore> =
                Arc::new(RedisStore::connect(url.clone(), SECRET.to_vec()).unwrap());
            let two: Arc<dyn RateLimitStore> =
                Arc::new(RedisStore::connect(url, SECRET.to_vec()).unwrap());
            let a = client(&sandbox.api_url(), sandbox.app_key(), &token, backend, one);
            let b = client(&sandbox.api_url(), sandbox.app_key(), &token, backend, two);
            let started = Instant::now();
            // 2 × 130 calls on one token (100 per window): each client alone
            // would send 130 in the first window.
            let (ea, eb) = tokio::join!(greedy(&a, 130), greedy(&b, 130));
            assert!(ea.is_empty() && eb.is_empty(), "{backend:?}: {ea:?} {eb:?}");
            // 260 calls at 100 per window need more than two windows (after
            // the warm-up window).
            assert!(started.elapsed() >= 3 * WINDOW, "{:?}", started.elapsed());
        }
    })
    .await;
}

/// A clock hours away from the others (as on a machine with a wrong time).
struct SkewedClock {
    start: Instant,
    offset: Duration,
}

impl Clock for SkewedClock {
    fn now(&self) -> Duration {
        self.offset + self.start.elapsed()
    }
}

#[tokio::test]
async fn clients_with_skewed_clocks_agree_because_redis_keeps_time() {
    let redis = RedisServer::start().expect("redis-server");
    for_each_backend(|backend| {
        let url = redis.url();
        async move {
            let sandbox = sandbox().await;
            let token = sandbox.issue_token("read", "1day").await;
            let mut clients = Vec::new();
            for hours in [0u64, 3, 27] {
                let store: Arc<dyn RateLimitStore> =
                    Arc::new(RedisStore::connect(url.clone(), SECRET.to_vec()).unwrap());
                let built = Client::builder()
                    .backend(backend)
                    .base_url(sandbox.api_url())
                    .credentials(Credentials::new(sandbox.app_key(), token.as_str()))
                    .rate_limits(limits())
                    .rate_limit_store(store)
                    .retry_policy(RetryPolicy::disabled())
                    .clock(SkewedClock {
                        start: Instant::now(),
                        offset: Duration::from_secs(hours * 3600),
                    })
                    .build()
                    .expect("client");
                clients.push(built);
            }
            let runs = clients.iter().map(|c| greedy(c, 90));
            let errors: Vec<Error> = futures_util::future::join_all(runs)
                .await
                .into_iter()
                .flatten()
                .collect();
            assert!(errors.is_empty(), "{backend:?}: {errors:?}");
        }
    })
    .await;
}

#[tokio::test]
async fn redis_killed_mid_run_falls_back_and_restarted_recovers() {
    let mut redis = RedisServer::start().expect("redis-server");
    for backend in Backend::ALL.iter().copied() {
        if !redis.is_running() {
            redis.restart().expect("restart");
        }
        let sandbox = sandbox().await;
        let token = sandbox.issue_token("read", "1day").await;
        let timeout = Duration::from_millis(150);
        let store = Arc::new(
            RedisStore::builder(redis.url(), SECRET.to_vec())
                .timeout(timeout)
                .retry_after(Duration::from_millis(200))
                .on_unavailable(OnUnavailable::FallBack { share: 0.5 })
                .build()
                .unwrap(),
        );
        let c = client(
            &sandbox.api_url(),
            sandbox.app_key(),
            &token,
            backend,
            store.clone(),
        );
        assert!(greedy(&c, 20).await.is_empty());
        assert_eq!(store.fallback_decisions(), 0);

        redis.kill();
        // On the fallback: calls go on (at half the budget), none panics,
        // none waits on Redis longer than its timeout.
        for _ in 0..20 {
            let started = Instant::now();
            let result = c
                .request_bytes(Method::Get, "/members/me/boards", &[], None)
                .await;
            assert!(result.is_ok(), "{backend:?}: {result:?}");
            assert!(
                started.elapsed() < WINDOW + timeout,
                "a call took {:?}",
                started.elapsed()
            );
        }
        assert!(store.fallback_decisions() > 0);

        redis.restart().expect("restart");
        tokio::time::sleep(Duration::from_millis(300)).await;
        let mut back = false;
        for _ in 0..20 {
            let before = store.fallback_decisions();
            let one = c
                .request_bytes(Method::Get, "/members/me/boards", &[], None)
                .await;
            assert!(one.is_ok(), "{backend:?}: {one:?}");
            if store.fallback_decisions() == before {
                back = true;
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert!(back, "{backend:?}: the store did not go back to Redis");
    }
}

const CHILD_ENV: &str = "TRELLO_FLEET_CHILD";

#[tokio::test]
async fn four_processes_share_one_key_with_zero_429s() {
    let redis = RedisServer::start().expect("redis-server");
    for backend in Backend::ALL.iter().copied() {
        let sandbox = sandbox().await;
        // One key; tokens A, A, B, C: the two A processes share a token
        // limit, and all four the key limit (3 × 100 = 300 per window).
        let a = sandbox.issue_token("read", "1day").await;
        let b = sandbox.issue_token("read", "1day").await;
        let c = sandbox.issue_token("read", "1day").await;
        let exe = std::env::current_exe().expect("the test binary");
        let mut children = Vec::new();
        for (i, token) in [&a, &a, &b, &c].into_iter().enumerate() {
            let mut command = std::process::Command::new(&exe);
            command
                .args(["--exact", "fleet_child", "--nocapture", "--test-threads=1"])
                .env(CHILD_ENV, "1")
                .env("FLEET_BASE", sandbox.api_url())
                .env("FLEET_KEY", sandbox.app_key())
                .env("FLEET_TOKEN", token)
                .env("FLEET_REDIS", redis.url())
                .env("FLEET_BACKEND", backend_name(backend))
                // Each child's clock is skewed differently.
                .env("FLEET_SKEW_HOURS", (i * 5).to_string())
                .env("FLEET_CALLS", "120");
            children.push(tokio::task::spawn_blocking(move || command.output()));
        }
        let started = Instant::now();
        let mut ok = 0;
        for child in children {
            let output = child.await.expect("join").expect("child ran");
            let stdout = String::from_utf8_lossy(&output.stdout);
            assert!(
                output.status.success(),
                "{backend:?}: child failed\n{stdout}\n{}",
                String::from_utf8_lossy(&output.stderr)
            );
            let line = stdout
                .lines()
                .find_map(|l| l.split_once("FLEET-RESULT ").map(|(_, rest)| rest))
                .unwrap_or_else(|| panic!("no result line in\n{stdout}"));
            let mut fields = line.split_whitespace();
            let (oks, errors) = (fields.next().unwrap_or(""), fields.next().unwrap_or(""));
            assert_eq!(errors, "errors=0", "{backend:?}: {line}");
            ok += oks
                .trim_start_matches("ok=")
                .parse::<usize>()
                .expect("a count");
        }
        assert_eq!(ok, 480, "{backend:?}");
        // 480 calls, 240 on token A (100 per window): more than two windows
        // after the warm-up window.
        assert!(started.elapsed() >= 3 * WINDOW, "{:?}", started.elapsed());
    }
}

/// The child of [`four_processes_share_one_key_with_zero_429s`]; does
/// nothing unless started by it.
#[tokio::test]
async fn fleet_child() {
    if std::env::var_os(CHILD_ENV).is_none() {
        return;
    }
    let var = |name: &str| std::env::var(name).unwrap_or_else(|_| panic!("{name} unset"));
    let store = Arc::new(RedisStore::connect(var("FLEET_REDIS"), SECRET.to_vec()).unwrap());
    let hours: u64 = var("FLEET_SKEW_HOURS").parse().expect("hours");
    let client = Client::builder()
        .backend(backend_named(&var("FLEET_BACKEND")))
        .base_url(var("FLEET_BASE"))
        .credentials(Credentials::new(var("FLEET_KEY"), var("FLEET_TOKEN")))
        .rate_limits(limits())
        .rate_limit_store(store.clone())
        .retry_policy(RetryPolicy::disabled())
        .clock(SkewedClock {
            start: Instant::now(),
            offset: Duration::from_secs(hours * 3600),
        })
        .build()
        .expect("client");
    let calls: usize = var("FLEET_CALLS").parse().expect("calls");
    let errors = greedy(&client, calls).await;
    for err in &errors {
        println!("FLEET-ERROR {err}");
    }
    println!(
        "FLEET-RESULT ok={} errors={}",
        calls - errors.len(),
        errors.len()
    );
    assert_eq!(store.fallback_decisions(), 0, "Redis was up all along");
}
