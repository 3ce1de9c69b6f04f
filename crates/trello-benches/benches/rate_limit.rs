//! Bench 3, rate-limit use: a bulk job of 1,000 reads (`GET /boards/{id}`)
//! against the sandbox with Trello's limits time-scaled 10x (per token 100
//! and per key 300 per 1 s window instead of 10 s), one token per job:
//!
//! - the SDK with its proactive limiter set to the sandbox's numbers;
//! - the SDK with the limiter off (it still retries 429s after
//!   `Retry-After`);
//! - a naive hand-written loop (reqwest) without a limiter that waits
//!   `Retry-After` and tries again when it gets a 429.
//!
//! Reports the achieved rate as a fraction of the allowed rate (target 0.95
//! or more) and the 429 answers the sandbox sent (target 0). With an empty
//! sliding window the best possible job of 1,000 takes 9 windows and a bit,
//! so a perfect burster scores about 1.1.
//!
//! A plain program (`harness = false`); under `cargo test --benches` it only
//! checks that it starts.

use std::{
    sync::{
        Arc,
        atomic::{AtomicU64, Ordering},
    },
    time::{Duration, Instant},
};

use async_trait::async_trait;
use bytes::Bytes;
use trello::{
    Backend, Body, Client, Credentials, RateLimitConfig, SharedTransport, Transport,
    TransportError, policy::Window,
};
use trello_benches::{USER_AGENT, backend_name, endpoints::GetBoard};
use trello_sandbox::Sandbox;

const READS: u64 = 1_000;
const PER_TOKEN: u32 = 100;
const PER_KEY: u32 = 300;
const WINDOW: Duration = Duration::from_secs(1);
/// No job may take longer than this.
const JOB_LIMIT: Duration = Duration::from_secs(90);

/// Counts what the server answered, below the SDK's retry loop.
struct Counting {
    inner: SharedTransport,
    too_many: AtomicU64,
    sent: AtomicU64,
}

#[async_trait]
impl Transport for Counting {
    async fn send(
        &self,
        request: http::Request<Bytes>,
    ) -> Result<http::Response<Body>, TransportError> {
        self.sent.fetch_add(1, Ordering::Relaxed);
        let response = self.inner.send(request).await?;
        if response.status() == http::StatusCode::TOO_MANY_REQUESTS {
            self.too_many.fetch_add(1, Ordering::Relaxed);
        }
        Ok(response)
    }
}

struct Job {
    name: String,
    elapsed: Duration,
    ok: u64,
    too_many: u64,
    requests: u64,
}

async fn sdk_job(
    sandbox: &Sandbox,
    board: &str,
    backend: Backend,
    limits: Option<RateLimitConfig>,
) -> Job {
    let token = sandbox.issue_token("read", "1day").await;
    let counting = Arc::new(Counting {
        inner: backend
            .transport()
            .unwrap_or_else(|err| panic!("cannot build the transport: {err}")),
        too_many: AtomicU64::new(0),
        sent: AtomicU64::new(0),
    });
    let builder = Client::builder()
        .shared_transport(counting.clone())
        .base_url(sandbox.api_url())
        .user_agent(USER_AGENT)
        .credentials(Credentials::new(sandbox.app_key(), token));
    let limited = limits.is_some();
    let builder = match limits {
        Some(limits) => builder.rate_limits(limits),
        None => builder.no_rate_limits(),
    };
    let client = builder
        .build()
        .unwrap_or_else(|err| panic!("cannot build the client: {err}"));
    let seen = sandbox.requests_seen().await;
    let start = Instant::now();
    let mut ok = 0;
    for _ in 0..READS {
        if start.elapsed() > JOB_LIMIT {
            break;
        }
        match client.send(GetBoard::new(board)).await {
            Ok(_) => ok += 1,
            Err(err) => eprintln!("read failed: {err}"),
        }
    }
    let elapsed = start.elapsed();
    Job {
        name: format!(
            "SDK ({}), limiter {}",
            backend_name(backend),
            if limited {
                "on (sandbox numbers)"
            } else {
                "off"
            }
        ),
        elapsed,
        ok,
        too_many: counting.too_many.load(Ordering::Relaxed),
        requests: sandbox.requests_seen().await - seen,
    }
}

/// What a user might write without a limiter: read; on 429 wait
/// `Retry-After` (1 s when absent) and read again, at most 20 times.
async fn naive_job(sandbox: &Sandbox, board: &str) -> Job {
    let token = sandbox.issue_token("read", "1day").await;
    let client = reqwest::Client::new();
    let url = format!("{}/boards/{board}", sandbox.api_url());
    let authorization = format!(
        "OAuth oauth_consumer_key=\"{}\", oauth_token=\"{token}\"",
        sandbox.app_key()
    );
    let seen = sandbox.requests_seen().await;
    let start = Instant::now();
    let (mut ok, mut too_many) = (0, 0);
    'reads: for _ in 0..READS {
        for _ in 0..20 {
            if start.elapsed() > JOB_LIMIT {
                break 'reads;
            }
            let response = client
                .get(&url)
                .header("authorization", &authorization)
                .header("user-agent", USER_AGENT)
                .send()
                .await;
            let response = match response {
                Ok(response) => response,
                Err(err) => {
                    eprintln!("naive read failed: {err}");
                    continue 'reads;
                }
            };
            if response.status() == reqwest::StatusCode::TOO_MANY_REQUESTS {
                too_many += 1;
                let wait = response
                    .headers()
                    .get("retry-after")
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(1);
                tokio::time::sleep(Duration::from_secs(wait)).await;
                continue;
            }
            let ok_status = response.status().is_success();
            let body = response.bytes().await.unwrap_or_default();
            if ok_status && serde_json::from_slice::<serde_json::Value>(&body).is_ok() {
                ok += 1;
            } else {
                eprintln!("naive read failed: {}", String::from_utf8_lossy(&body));
            }
            continue 'reads;
        }
    }
    Job {
        name: "hand-written naive loop (reqwest), no limiter".to_owned(),
        elapsed: start.elapsed(),
        ok,
        too_many,
        requests: sandbox.requests_seen().await - seen,
    }
}

/// Lets every window of the previous job (the key's too) run out.
async fn settle() {
    tokio::time::sleep(WINDOW + WINDOW / 5).await;
}

fn main() {
    if !std::env::args().any(|arg| arg == "--bench") {
        println!("rate_limit: run it with `cargo bench -p trello-benches --bench rate_limit`");
        return;
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap_or_else(|err| panic!("cannot build the runtime: {err}"));
    let jobs = runtime.block_on(async {
        let (sandbox, board) =
            trello_benches::greedy::limited_sandbox_with_board(PER_KEY, PER_TOKEN, WINDOW).await;
        let sdk_limits = RateLimitConfig::new()
            .per_key(Window::new(PER_KEY, WINDOW))
            .per_token(Window::new(PER_TOKEN, WINDOW))
            .members(None)
            .search(None);

        let mut jobs = Vec::new();
        settle().await;
        jobs.push(sdk_job(&sandbox, &board, Backend::Reqwest, Some(sdk_limits)).await);
        settle().await;
        jobs.push(sdk_job(&sandbox, &board, Backend::Reqwest, None).await);
        settle().await;
        jobs.push(naive_job(&sandbox, &board).await);
        jobs
    });

    let allowed = f64::from(PER_TOKEN) / WINDOW.as_secs_f64();
    println!();
    println!(
        "rate-limit use: {READS} reads of GET /boards/{{id}}, sandbox at {PER_TOKEN}/token and \
         {PER_KEY}/key per {} ms (Trello's limits, time 10x faster); allowed rate {allowed:.0}/s",
        WINDOW.as_millis()
    );
    println!(
        "| {:<46} | {:>7} | {:>9} | {:>8} | {:>14} | {:>5} | {:>8} |",
        "job", "reads", "wall", "rate/s", "rate / allowed", "429s", "requests"
    );
    println!(
        "|{:-<48}|{:-<9}|{:-<11}|{:-<10}|{:-<16}|{:-<7}|{:-<10}|",
        "", "", "", "", "", "", ""
    );
    for job in &jobs {
        let rate = job.ok as f64 / job.elapsed.as_secs_f64();
        println!(
            "| {:<46} | {:>7} | {:>7.2} s | {:>8.1} | {:>14.3} | {:>5} | {:>8} |",
            job.name,
            job.ok,
            job.elapsed.as_secs_f64(),
            rate,
            rate / allowed,
            job.too_many,
            job.requests
        );
    }
    println!("(targets, SDK with limiter: rate / allowed >= 0.95 and zero 429s)");
}
