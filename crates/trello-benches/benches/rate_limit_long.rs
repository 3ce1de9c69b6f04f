//! Bench 3b (issue 20), long greedy jobs: how much of Trello's budget a bulk
//! job uses. The sandbox enforces Trello's per-token and per-key rules
//! (sliding windows) time-scaled: 100 per token and 300 per key per
//! `LONG_JOB_WINDOW_MS` (default 1 s, 10x faster than Trello; at least
//! 1 s, so the 1 ms timer does not dominate). Each job runs 5 minutes of
//! Trello time (30 s at the default scale; `LONG_JOB_SECS` overrides) with
//! 16 tasks reading `GET /boards/{id}` as fast
//! as their limiter lets them, one token per job:
//!
//! - the SDK's limiter (sliding-window logs, the in-process store);
//! - the limiter the SDK shipped before (GCRA, burst of 5 then 95 per
//!   window), in front of a client whose own limiter is off.
//!
//! Reports achieved rate / allowed rate (target ≥ 0.98) and the 429 answers
//! (target 0). The allowed rate of a long job is 100 per window; the first
//! window's full burst is part of it (a sliding window allows it too).
//!
//! A plain program (`harness = false`); under `cargo test --benches` it only
//! checks that it starts. The job is paced by the limiter, not the CPU, so
//! the dev profile measures the same figures:
//! `cargo bench -p trello-benches --bench rate_limit_long --profile dev`.

use std::{sync::Arc, time::Duration};

use trello::{Backend, Client, Credentials, RateLimitConfig, policy::Window};
use trello_benches::{
    USER_AGENT, backend_name,
    greedy::{Counting, JobReport, OldLimiter, greedy_job},
};
use trello_sandbox::Sandbox;

const PER_TOKEN: u32 = 100;
const PER_KEY: u32 = 300;
const TASKS: usize = 16;
/// Trello's window.
const TRELLO_WINDOW: Duration = Duration::from_secs(10);
/// 5 minutes of Trello time.
const TRELLO_JOB: Duration = Duration::from_secs(300);

/// The sandbox's window: `LONG_JOB_WINDOW_MS` (default 1000, Trello's 10 s
/// scaled 10x; at least 1000, so the 1 ms timer does not dominate).
fn window() -> Duration {
    let ms = std::env::var("LONG_JOB_WINDOW_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000u64);
    Duration::from_millis(ms.max(1000))
}

/// The job's wall time: `LONG_JOB_SECS`, default 5 minutes of Trello time
/// at the sandbox's scale.
fn duration() -> Duration {
    let scaled = TRELLO_JOB.mul_f64(window().as_secs_f64() / TRELLO_WINDOW.as_secs_f64());
    std::env::var("LONG_JOB_SECS")
        .ok()
        .and_then(|v| v.parse().ok())
        .map_or(scaled, |secs: u64| Duration::from_secs(secs.max(1)))
}

async fn job(sandbox: &Sandbox, board: &str, backend: Backend, old: bool) -> (String, JobReport) {
    let token = sandbox.issue_token("read", "1day").await;
    let counting = Counting::new(
        backend
            .transport()
            .unwrap_or_else(|err| panic!("cannot build the transport: {err}")),
    );
    let builder = Client::builder()
        .shared_transport(counting.clone())
        .base_url(sandbox.api_url())
        .user_agent(USER_AGENT)
        .credentials(Credentials::new(sandbox.app_key(), token));
    let builder = if old {
        builder.no_rate_limits()
    } else {
        builder.rate_limits(
            RateLimitConfig::new()
                .per_key(Window::new(PER_KEY, window()))
                .per_token(Window::new(PER_TOKEN, window()))
                .members(None)
                .search(None),
        )
    };
    let client = builder
        .build()
        .unwrap_or_else(|err| panic!("cannot build the client: {err}"));
    let limiter = old.then(|| Arc::new(OldLimiter::new(PER_TOKEN, window())));
    let report = greedy_job(&client, &counting, board, TASKS, duration(), limiter).await;
    let name = format!(
        "SDK ({}), {}",
        backend_name(backend),
        if old {
            "old limiter (GCRA 5 + 95/window)"
        } else {
            "sliding-window limiter"
        }
    );
    (name, report)
}

fn main() {
    if !std::env::args().any(|arg| arg == "--bench") {
        println!(
            "rate_limit_long: run it with `cargo bench -p trello-benches --bench rate_limit_long`"
        );
        return;
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap_or_else(|err| panic!("cannot build the runtime: {err}"));
    let jobs = runtime.block_on(async {
        let (sandbox, board) =
            trello_benches::greedy::limited_sandbox_with_board(PER_KEY, PER_TOKEN, window()).await;
        let mut jobs = Vec::new();
        for old in [false, true] {
            // Let the key's window of the previous job run out.
            tokio::time::sleep(window() * 2).await;
            jobs.push(job(&sandbox, &board, Backend::Reqwest, old).await);
        }
        jobs
    });

    let allowed = f64::from(PER_TOKEN) / window().as_secs_f64();
    println!();
    println!(
        "long greedy job: {TASKS} tasks reading GET /boards/{{id}} for {} s (= {} s of Trello \
         time), sandbox at {PER_TOKEN}/token and {PER_KEY}/key per {} ms sliding window; \
         allowed {allowed:.0}/s",
        duration().as_secs(),
        (duration().as_secs_f64() * TRELLO_WINDOW.as_secs_f64() / window().as_secs_f64()) as u64,
        window().as_millis()
    );
    println!(
        "| {:<56} | {:>7} | {:>8} | {:>8} | {:>14} | {:>5} | {:>6} |",
        "job", "reads", "wall", "rate/s", "rate / allowed", "429s", "failed"
    );
    println!(
        "|{:-<58}|{:-<9}|{:-<10}|{:-<10}|{:-<16}|{:-<7}|{:-<8}|",
        "", "", "", "", "", "", ""
    );
    for (name, job) in &jobs {
        println!(
            "| {:<56} | {:>7} | {:>6.2} s | {:>8.1} | {:>14.3} | {:>5} | {:>6} |",
            name,
            job.ok,
            job.elapsed.as_secs_f64(),
            job.rate(),
            job.rate() / allowed,
            job.too_many,
            job.failed
        );
    }
    println!("(target, sliding-window limiter: rate / allowed >= 0.98 and zero 429s)");
}
