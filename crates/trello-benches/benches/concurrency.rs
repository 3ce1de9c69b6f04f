//! Bench 2, concurrency: 10,000 `GET /members/me` (a ~2 KB member, decoded)
//! with 64 and with 256 in flight through one client, SDK against the same
//! calls hand-written on the same HTTP client; throughput and failures.
//!
//! A single run of 10,000 is the measurement, so this is a plain program
//! (`harness = false`) printing a table: seven interleaved rounds per side
//! (which side goes first alternates), the median reported, with the
//! machine's load average at the start and the end (target at 64 in
//! flight: SDK / hand-written throughput 0.97 or more). Any failure fails the bench (exit code 1).
//! Under `cargo test --benches` it only checks that it starts.

use std::{
    future::Future,
    pin::Pin,
    sync::Arc,
    time::{Duration, Instant},
};

use futures_util::{StreamExt, stream};
use trello::{Backend, Client, models::Member};
use trello_benches::{
    backend_name, endpoints::GetMember, hand::Hand, sdk_client, server::FixedServer, stats::median,
};

const CALLS: usize = 10_000;
const IN_FLIGHT: [usize; 2] = [64, 256];
const ROUNDS: usize = 7;
/// No round may take longer than this (loopback: a few seconds at most).
const ROUND_LIMIT: Duration = Duration::from_secs(120);

/// The outcome of one round.
struct Round {
    elapsed: Duration,
    failures: usize,
    first_error: Option<String>,
    requests: u64,
}

/// `CALLS` calls of `call`, `in_flight` at a time, each on its own task so
/// both runtime threads work.
async fn round<F, Fut>(server: &FixedServer, in_flight: usize, call: F) -> Round
where
    F: Fn() -> Fut,
    Fut: Future<Output = Result<(), String>> + Send + 'static,
{
    let before = server.hits();
    let start = Instant::now();
    let run = stream::iter(0..CALLS)
        .map(|_| tokio::spawn(call()))
        .buffer_unordered(in_flight)
        .fold(
            (0usize, None::<String>),
            |(failures, first), joined| async move {
                match joined.map_err(|err| err.to_string()).and_then(|r| r) {
                    Ok(()) => (failures, first),
                    Err(err) => (failures + 1, first.or(Some(err))),
                }
            },
        );
    let (failures, first_error) = match tokio::time::timeout(ROUND_LIMIT, run).await {
        Ok(outcome) => outcome,
        Err(_) => (CALLS, Some(format!("the round took over {ROUND_LIMIT:?}"))),
    };
    Round {
        elapsed: start.elapsed(),
        failures,
        first_error,
        requests: server.hits() - before,
    }
}

/// One call, boxed so the SDK and the baseline have the same type.
type Call = Box<dyn Fn() -> Pin<Box<dyn Future<Output = Result<(), String>> + Send>>>;

fn sdk_call(client: &Client) -> Call {
    let client = client.clone();
    Box::new(move || {
        let client = client.clone();
        Box::pin(async move {
            let member: Member = client
                .send(GetMember::new("me"))
                .await
                .map_err(|e| e.to_string())?;
            std::hint::black_box(member);
            Ok(())
        })
    })
}

fn hand_call(hand: &Hand) -> Call {
    let hand = Arc::new(hand.clone());
    Box::new(move || {
        let hand = hand.clone();
        Box::pin(async move {
            let member: Member = hand
                .get_json("/members/me")
                .await
                .map_err(|e| e.to_string())?;
            std::hint::black_box(member);
            Ok(())
        })
    })
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|text| {
            text.split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_else(|_| "n/a".to_owned())
}

fn main() {
    if !std::env::args().any(|arg| arg == "--bench") {
        println!("concurrency: run it with `cargo bench -p trello-benches --bench concurrency`");
        return;
    }
    let server = FixedServer::start(2, Vec::from(&b"[]"[..]))
        .unwrap_or_else(|err| panic!("cannot start the loopback server: {err}"));
    let base = server.api_url();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap_or_else(|err| panic!("cannot build the client runtime: {err}"));

    let started = load_average();
    let mut rows = Vec::new();
    let mut total_failures = 0;
    for &backend in Backend::ALL {
        let label = backend_name(backend);
        for in_flight in IN_FLIGHT {
            // One client per side for all rounds, as a user would hold it.
            let sdk = sdk_client(backend, &base);
            let hand = Hand::for_backend(backend, &base)
                .unwrap_or_else(|err| panic!("cannot build the {label} baseline: {err}"));
            let (sdk_call, hand_call) = (sdk_call(&sdk), hand_call(&hand));
            // Warm-up: open the connections.
            runtime.block_on(round(&server, in_flight, &*hand_call));
            runtime.block_on(round(&server, in_flight, &*sdk_call));
            let (mut hand_rates, mut sdk_rates) = (Vec::new(), Vec::new());
            let (mut hand_failures, mut sdk_failures) = (0, 0);
            let (mut hand_requests, mut sdk_requests) = (0, 0);
            for r in 0..ROUNDS {
                let order = if r % 2 == 0 {
                    [(false, &hand_call), (true, &sdk_call)]
                } else {
                    [(true, &sdk_call), (false, &hand_call)]
                };
                for (is_sdk, call) in order {
                    let r = runtime.block_on(round(&server, in_flight, &**call));
                    let rate = CALLS as f64 / r.elapsed.as_secs_f64();
                    if let Some(err) = &r.first_error {
                        eprintln!(
                            "FAILURE ({label}, {in_flight} in flight, {}): {} failed, first: {err}",
                            if is_sdk { "SDK" } else { "hand-written" },
                            r.failures
                        );
                    }
                    let (rates, failures, requests) = if is_sdk {
                        (&mut sdk_rates, &mut sdk_failures, &mut sdk_requests)
                    } else {
                        (&mut hand_rates, &mut hand_failures, &mut hand_requests)
                    };
                    rates.push(rate);
                    *failures += r.failures;
                    *requests += r.requests;
                }
            }
            total_failures += hand_failures + sdk_failures;
            rows.push((
                label,
                in_flight,
                median(&hand_rates),
                median(&sdk_rates),
                hand_failures,
                sdk_failures,
                hand_requests,
                sdk_requests,
            ));
        }
    }
    drop(server);

    println!();
    println!(
        "concurrency: {CALLS} GET /members/me per round, median of {ROUNDS} rounds per side \
         (throughput in calls/s; ratio = SDK / hand-written; target >= 0.97 at 64 in flight); \
         load average at start {started}, at end {}",
        load_average()
    );
    println!(
        "| {:<7} | {:>9} | {:>12} | {:>10} | {:>6} | {:>14} | {:>22} |",
        "backend",
        "in flight",
        "hand-written",
        "SDK",
        "ratio",
        "failures (h/S)",
        "requests served (h/S)"
    );
    println!(
        "|{:-<9}|{:-<11}|{:-<14}|{:-<12}|{:-<8}|{:-<16}|{:-<24}|",
        "", "", "", "", "", "", ""
    );
    for (label, in_flight, hand, sdk, hf, sf, hr, sr) in rows {
        println!(
            "| {label:<7} | {in_flight:>9} | {hand:>12.0} | {sdk:>10.0} | {:>6.3} | {:>14} | {:>22} |",
            sdk / hand,
            format!("{hf}/{sf}"),
            format!("{hr}/{sr}"),
        );
    }
    println!("(each side ran {} calls per row)", CALLS * ROUNDS);
    if total_failures > 0 {
        eprintln!("concurrency: {total_failures} calls FAILED (target: zero)");
        std::process::exit(1);
    }
    println!("concurrency: zero failures");
}
