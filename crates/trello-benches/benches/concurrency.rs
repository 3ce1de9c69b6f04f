//! Bench 2, concurrency: 10,000 `GET /members/me` (a ~2 KB member, decoded)
//! with 64 and with 256 in flight through one client, SDK against the same
//! calls hand-written on the same HTTP client; throughput and failures.
//!
//! A single run of 10,000 is the measurement, so this is a plain program
//! (`harness = false`) printing a table: 15 interleaved rounds per side
//! (`CONCURRENCY_ROUNDS` sets another number; the sides take turns going
//! first), the median throughput of each side and the median of the
//! per-round ratios ("paired", which cancels the machine's drift between
//! rounds), with the machine's load average at the start and the end
//! (target at 64 in flight: SDK / hand-written throughput 0.97 or more).
//! Sides: the hand-written baseline, the SDK as the other benches use it
//! (limits off, default retries and timeouts) and "SDK bare" (timeouts and
//! retries off too). Any failure fails the bench (exit code 1).
//!
//! Profiling one side alone: `CONCURRENCY_PROFILE=hand|sdk|sdk-bare
//! CONCURRENCY_BACKEND=reqwest|hyper CONCURRENCY_ROUNDS=5
//! target/release/deps/concurrency-… --bench`.
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
    backend_name, bare_client,
    endpoints::GetMember,
    hand::Hand,
    sdk_client,
    server::FixedServer,
    stats::{load_average, median},
};

const CALLS: usize = 10_000;
const IN_FLIGHT: [usize; 2] = [64, 256];
/// Rounds per side (`CONCURRENCY_ROUNDS` sets another number).
const ROUNDS: usize = 15;
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

/// The sides, in the order of the table: the baseline, the SDK as the
/// benches use it (limits off, default retries and timeouts), and the SDK
/// with timeouts and retries off too (to tell the policies' cost).
const SIDES: [&str; 3] = ["hand", "sdk", "sdk-bare"];

/// The call of `side` on `backend`.
fn side_call(side: &str, backend: Backend, base: &str) -> Call {
    match side {
        "hand" => hand_call(
            &Hand::for_backend(backend, base)
                .unwrap_or_else(|err| panic!("cannot build the baseline: {err}")),
        ),
        "sdk-bare" => sdk_call(&bare_client(backend, base)),
        _ => sdk_call(&sdk_client(backend, base)),
    }
}

/// One row of the table.
struct Row {
    label: &'static str,
    in_flight: usize,
    /// Median throughput per side (calls/s).
    rates: [f64; 3],
    /// Median of the per-round SDK / hand and SDK bare / hand ratios.
    paired: [f64; 2],
    failures: [usize; 3],
    requests: [u64; 3],
}

fn main() {
    if !std::env::args().any(|arg| arg == "--bench") {
        println!("concurrency: run it with `cargo bench -p trello-benches --bench concurrency`");
        return;
    }
    let rounds = std::env::var("CONCURRENCY_ROUNDS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(ROUNDS);
    let server = FixedServer::start(2, Vec::from(&b"[]"[..]))
        .unwrap_or_else(|err| panic!("cannot start the loopback server: {err}"));
    let base = server.api_url();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap_or_else(|err| panic!("cannot build the client runtime: {err}"));

    if let Ok(side) = std::env::var("CONCURRENCY_PROFILE") {
        // One side alone, e.g. under a profiler: `rounds` rounds at 64 in
        // flight after one to open the connections.
        let backend = match std::env::var("CONCURRENCY_BACKEND").as_deref() {
            Ok("hyper") => Backend::Hyper,
            _ => Backend::Reqwest,
        };
        let call = side_call(&side, backend, &base);
        runtime.block_on(round(&server, 64, &*call));
        let start = Instant::now();
        let mut failures = 0;
        for _ in 0..rounds {
            failures += runtime.block_on(round(&server, 64, &*call)).failures;
        }
        let rate = (rounds * CALLS) as f64 / start.elapsed().as_secs_f64();
        println!(
            "{side} on {}: {} calls at 64 in flight, {rate:.0} calls/s, {failures} failures",
            backend_name(backend),
            rounds * CALLS
        );
        return;
    }

    let started = load_average();
    let mut rows = Vec::new();
    let mut total_failures = 0;
    for &backend in Backend::ALL {
        let label = backend_name(backend);
        for in_flight in IN_FLIGHT {
            // One client per side for all rounds, as a user would hold it.
            let calls = SIDES.map(|side| side_call(side, backend, &base));
            // Warm-up: open the connections.
            for call in &calls {
                runtime.block_on(round(&server, in_flight, &**call));
            }
            let mut rates: [Vec<f64>; 3] = Default::default();
            let mut failures = [0usize; 3];
            let mut requests = [0u64; 3];
            for r in 0..rounds {
                // The sides take turns going first.
                for offset in 0..SIDES.len() {
                    let index = (r + offset) % SIDES.len();
                    let outcome = runtime.block_on(round(&server, in_flight, &*calls[index]));
                    if let Some(err) = &outcome.first_error {
                        eprintln!(
                            "FAILURE ({label}, {in_flight} in flight, {}): {} failed, first: {err}",
                            SIDES[index], outcome.failures
                        );
                    }
                    rates[index].push(CALLS as f64 / outcome.elapsed.as_secs_f64());
                    failures[index] += outcome.failures;
                    requests[index] += outcome.requests;
                }
            }
            total_failures += failures.iter().sum::<usize>();
            let paired = |side: usize| {
                let ratios: Vec<f64> = rates[side]
                    .iter()
                    .zip(&rates[0])
                    .map(|(sdk, hand)| sdk / hand)
                    .collect();
                median(&ratios)
            };
            rows.push(Row {
                label,
                in_flight,
                rates: [median(&rates[0]), median(&rates[1]), median(&rates[2])],
                paired: [paired(1), paired(2)],
                failures,
                requests,
            });
        }
    }
    drop(server);

    println!();
    println!(
        "concurrency: {CALLS} GET /members/me per round, median of {rounds} rounds per side \
         (throughput in calls/s; ratio = SDK / hand-written at the medians, paired = median of \
         the per-round ratios; target >= 0.97 at 64 in flight); load average at start \
         {started}, at end {}",
        load_average()
    );
    println!(
        "| {:<7} | {:>9} | {:>12} | {:>10} | {:>10} | {:>6} | {:>6} | {:>10} | {:>16} | {:>24} |",
        "backend",
        "in flight",
        "hand-written",
        "SDK",
        "SDK bare",
        "ratio",
        "paired",
        "bare/hand",
        "failures (h/S/b)",
        "requests served (h/S/b)"
    );
    println!(
        "|{:-<9}|{:-<11}|{:-<14}|{:-<12}|{:-<12}|{:-<8}|{:-<8}|{:-<12}|{:-<18}|{:-<26}|",
        "", "", "", "", "", "", "", "", "", ""
    );
    for row in rows {
        let [hand, sdk, bare] = row.rates;
        let [hf, sf, bf] = row.failures;
        let [hr, sr, br] = row.requests;
        println!(
            "| {:<7} | {:>9} | {hand:>12.0} | {sdk:>10.0} | {bare:>10.0} | {:>6.3} | {:>6.3} | {:>10.3} | {:>16} | {:>24} |",
            row.label,
            row.in_flight,
            sdk / hand,
            row.paired[0],
            bare / hand,
            format!("{hf}/{sf}/{bf}"),
            format!("{hr}/{sr}/{br}"),
        );
    }
    println!("(each side ran {} calls per row)", CALLS * rounds);
    if total_failures > 0 {
        eprintln!("concurrency: {total_failures} calls FAILED (target: zero)");
        std::process::exit(1);
    }
    println!("concurrency: zero failures");
}
