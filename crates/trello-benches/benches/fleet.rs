//! Bench 7 (issues 16 and 20), one key for a fleet: 4 OS processes (this
//! binary re-executed as children) each run a greedy job (`FLEET_TASKS`
//! tasks, default 4, reading `GET /boards/{id}`) on the same API key, one
//! token each, against the sandbox enforcing Trello's per-key and per-token
//! sliding windows time-scaled (300 per key and 100 per token per
//! `FLEET_WINDOW_MS`, default 1000: 10x faster than Trello). Four
//! tokens could send 400 per window; the key allows 300, so the key binds.
//!
//! - **Redis store**: every process's client shares one budget through
//!   `trello::redis::RedisStore` on a real `redis-server` started here;
//! - **per-process limiters**: each process's own in-process store (what a
//!   fleet had before), each believing it owns the key's 300.
//!
//! Reports achieved reads / allowed (300 per window) and the 429 answers,
//! and, in one process, the per-permit cost of the Redis store against the
//! in-process store (`try_acquire` with limits that never bind; and
//! `try_acquire` + `settle`, what a call costs).
//!
//! `FLEET_JOB_SECS` sets each job's wall time (default 30: 5 minutes of
//! Trello time). A plain program (`harness = false`); under
//! `cargo test --benches` it only checks that it starts. Paced by the
//! limiter, so the dev profile gives the same ratios:
//! `cargo bench -p trello-benches --bench fleet --profile dev`.

use std::{
    process::Command,
    sync::Arc,
    time::{Duration, Instant, SystemTime, UNIX_EPOCH},
};

use trello::{
    Backend, Client, Credentials, RateLimitConfig,
    policy::{GrantId, InProcessStore, Limit, LimitId, LimitScope, RateLimitStore, Window},
    redis::{RedisServer, RedisStore},
};
use trello_benches::{
    USER_AGENT,
    greedy::{Counting, greedy_job},
};
use trello_sandbox::Sandbox;

const PER_TOKEN: u32 = 100;
const PER_KEY: u32 = 300;
/// The sandbox's window: `FLEET_WINDOW_MS` (default 1000, at least 1000).
fn window() -> Duration {
    let ms = std::env::var("FLEET_WINDOW_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000u64);
    Duration::from_millis(ms.max(1000))
}
/// Tasks per process: `FLEET_TASKS` (default 4).
fn tasks() -> usize {
    std::env::var("FLEET_TASKS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(4usize)
        .max(1)
}
const PROCESSES: usize = 4;
const SECRET: &[u8] = b"bench fleet secret";
const CHILD_ARG: &str = "--fleet-child";
/// Longer than the store's default (200 ms): the bench machine is shared
/// by parallel builds, and a decision the fallback makes is not the
/// shared store's.
const REDIS_TIMEOUT: Duration = Duration::from_secs(1);

fn duration() -> Duration {
    let secs = std::env::var("FLEET_JOB_SECS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(30u64);
    Duration::from_secs(secs.max(1))
}

fn unix_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

fn var(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| panic!("{name} unset"))
}

/// A child: waits for the common start, runs the greedy job, prints
/// `FLEET ok too_many sent failed`.
fn child() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap_or_else(|err| panic!("cannot build the runtime: {err}"));
    runtime.block_on(async {
        let counting = Counting::new(
            Backend::Reqwest
                .transport()
                .unwrap_or_else(|err| panic!("cannot build the transport: {err}")),
        );
        let mut builder = Client::builder()
            .shared_transport(counting.clone())
            .base_url(var("FLEET_BASE"))
            .user_agent(USER_AGENT)
            .credentials(Credentials::new(var("FLEET_KEY"), var("FLEET_TOKEN")))
            .rate_limits(
                RateLimitConfig::new()
                    .per_key(Window::new(PER_KEY, window()))
                    .per_token(Window::new(PER_TOKEN, window()))
                    .members(None)
                    .search(None),
            );
        let mut redis_store = None;
        if let Ok(url) = std::env::var("FLEET_REDIS") {
            let store = Arc::new(
                RedisStore::builder(url, SECRET.to_vec())
                    .timeout(REDIS_TIMEOUT)
                    .build()
                    .unwrap_or_else(|err| panic!("cannot build the store: {err}")),
            );
            redis_store = Some(store.clone());
            builder = builder.rate_limit_store(store);
        }
        let client = builder
            .build()
            .unwrap_or_else(|err| panic!("cannot build the client: {err}"));
        let start_at: u64 = var("FLEET_START_MS").parse().unwrap_or(0);
        let now = unix_ms();
        if start_at > now {
            tokio::time::sleep(Duration::from_millis(start_at - now)).await;
        }
        let report = greedy_job(
            &client,
            &counting,
            &var("FLEET_BOARD"),
            tasks(),
            duration(),
            None,
        )
        .await;
        let fallbacks = redis_store.map_or(0, |s| s.fallback_decisions());
        println!(
            "FLEET {} {} {} {} {fallbacks}",
            report.ok, report.too_many, report.sent, report.failed
        );
    });
}

#[derive(Default)]
struct FleetReport {
    ok: u64,
    too_many: u64,
    sent: u64,
    failed: u64,
    fallbacks: u64,
}

/// Runs the job in `PROCESSES` children, through Redis or not.
async fn fleet(sandbox: &Sandbox, board: &str, redis: Option<&str>) -> FleetReport {
    let exe = std::env::current_exe().unwrap_or_else(|err| panic!("no current exe: {err}"));
    let start_at = unix_ms() + 2_000;
    let mut children = Vec::new();
    for _ in 0..PROCESSES {
        let token = sandbox.issue_token("read", "1day").await;
        let mut command = Command::new(&exe);
        command
            .arg(CHILD_ARG)
            .env("FLEET_BASE", sandbox.api_url())
            .env("FLEET_KEY", sandbox.app_key())
            .env("FLEET_TOKEN", token)
            .env("FLEET_BOARD", board)
            .env("FLEET_START_MS", start_at.to_string());
        match redis {
            Some(url) => command.env("FLEET_REDIS", url),
            None => command.env_remove("FLEET_REDIS"),
        };
        children.push(tokio::task::spawn_blocking(move || command.output()));
    }
    let mut report = FleetReport::default();
    for child in children {
        let output = child
            .await
            .unwrap_or_else(|err| panic!("join: {err}"))
            .unwrap_or_else(|err| panic!("child: {err}"));
        let stdout = String::from_utf8_lossy(&output.stdout);
        let line = stdout
            .lines()
            .find_map(|l| l.strip_prefix("FLEET "))
            .unwrap_or_else(|| {
                panic!(
                    "no result from a child:\n{stdout}\n{}",
                    String::from_utf8_lossy(&output.stderr)
                )
            });
        let n: Vec<u64> = line
            .split_whitespace()
            .filter_map(|v| v.parse().ok())
            .collect();
        if let [ok, too_many, sent, failed, fallbacks] = n[..] {
            report.fallbacks += fallbacks;
            report.ok += ok;
            report.too_many += too_many;
            report.sent += sent;
            report.failed += failed;
        }
    }
    report
}

/// Microseconds per permit of `store`, over `n` permits that never wait
/// (and with `settle` after each, as the pipeline calls it).
async fn per_permit(store: &dyn RateLimitStore, n: u32, settle: bool) -> f64 {
    let limits: Vec<Limit> = [LimitScope::Key, LimitScope::Token]
        .into_iter()
        .map(|scope| Limit {
            id: LimitId {
                scope,
                owner: store.hasher().digest(scope.as_str(), &[b"bench"]),
            },
            max: u32::MAX / 2,
            window: Duration::from_millis(50),
        })
        .collect();
    let started = Instant::now();
    for _ in 0..n {
        let grant = GrantId::next();
        let _ = store.try_acquire(&limits, grant).await;
        if settle {
            let _ = store.settle(&limits, grant).await;
        }
    }
    started.elapsed().as_secs_f64() * 1e6 / f64::from(n)
}

fn main() {
    if std::env::args().any(|arg| arg == CHILD_ARG) {
        child();
        return;
    }
    if !std::env::args().any(|arg| arg == "--bench") {
        println!("fleet: run it with `cargo bench -p trello-benches --bench fleet`");
        return;
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap_or_else(|err| panic!("cannot build the runtime: {err}"));
    let redis = RedisServer::start().unwrap_or_else(|err| panic!("{err}"));
    runtime.block_on(async {
        let (sandbox, board) = trello_benches::greedy::limited_sandbox_with_board(PER_KEY, PER_TOKEN, window()).await;

        tokio::time::sleep(window() * 2).await;
        let shared = fleet(&sandbox, &board, Some(&redis.url())).await;
        tokio::time::sleep(window() * 2).await;
        let separate = fleet(&sandbox, &board, None).await;

        let in_process = InProcessStore::new(Arc::new(trello::policy::SystemClock::new()));
        let store = RedisStore::builder(redis.url(), SECRET.to_vec())
            .timeout(REDIS_TIMEOUT)
            .build()
            .unwrap_or_else(|err| panic!("cannot build the store: {err}"));
        let _ = per_permit(&store, 200, false).await; // connect, load the scripts
        let redis_us = per_permit(&store, 5_000, false).await;
        let redis_settle_us = per_permit(&store, 5_000, true).await;
        let local_us = per_permit(in_process.as_ref(), 5_000, false).await;
        let local_settle_us = per_permit(in_process.as_ref(), 5_000, true).await;

        let secs = duration().as_secs_f64();
        let allowed = f64::from(PER_KEY) / window().as_secs_f64();
        println!();
        println!(
            "fleet: {PROCESSES} processes x {} tasks reading GET /boards/{{id}} for {secs:.0} s \
             (= {:.0} s of Trello time), one key, one token per process; sandbox at \
             {PER_TOKEN}/token and {PER_KEY}/key per {} ms sliding window; allowed {allowed:.0}/s",
            tasks(),
            secs * 10.0 / window().as_secs_f64(),
            window().as_millis()
        );
        println!(
            "| {:<40} | {:>7} | {:>8} | {:>14} | {:>6} | {:>6} | {:>9} |",
            "job", "reads", "rate/s", "rate / allowed", "429s", "failed", "fallbacks"
        );
        println!("|{:-<42}|{:-<9}|{:-<10}|{:-<16}|{:-<8}|{:-<8}|{:-<11}|", "", "", "", "", "", "", "");
        for (name, r) in [
            ("Redis store (one shared budget)", &shared),
            ("per-process limiters (before)", &separate),
        ] {
            let rate = r.ok as f64 / secs;
            println!(
                "| {:<40} | {:>7} | {:>8.1} | {:>14.3} | {:>6} | {:>6} | {:>9} |",
                name,
                r.ok,
                rate,
                rate / allowed,
                r.too_many,
                r.failed,
                r.fallbacks
            );
            let _ = r.sent;
        }
        println!("(target, Redis store: rate / allowed >= 0.95 (issue 16), >= 0.98 (issue 20), zero 429s)");
        println!();
        println!("per-permit cost (one process, limits that never bind, 5,000 permits):");
        println!(
            "| store       | try_acquire | try_acquire + settle |\n|-------------|-------------|----------------------|"
        );
        println!("| in-process  | {local_us:>8.2} us | {local_settle_us:>17.2} us |");
        println!("| Redis       | {redis_us:>8.2} us | {redis_settle_us:>17.2} us |");
        println!(
            "| Redis / in-process | {:>5.0}x | {:>17.0}x |",
            redis_us / local_us,
            redis_settle_us / local_settle_us
        );
    });
}
