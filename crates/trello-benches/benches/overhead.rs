//! Bench 1, overhead of typed calls: `GET /members/me` (a ~2 KB member) and
//! `GET /boards/{id}/cards` (1,000 cards, ~1.2 MB) through the SDK against
//! the same request hand-written on the same HTTP client, for reqwest and
//! hyper, against a fixed-bytes server on loopback.
//!
//! Prints criterion's figures, then a table of SDK/hand-written at the
//! median (target: 1.05 or less).

use std::{
    hint::black_box,
    time::{Duration, Instant},
};

use criterion::Criterion;
use tokio::runtime::Runtime;
use trello::{
    Backend,
    models::{Card, Member},
};
use trello_benches::{
    BOARD_ID, backend_name,
    endpoints::{GetBoardCards, GetMember},
    fixtures,
    hand::Hand,
    sdk_client,
    server::FixedServer,
    stats::{Recorder, human},
};

static RECORDER: Recorder = Recorder::new();

/// Cards in the board answer.
const CARDS: u64 = 1_000;

struct Route {
    name: &'static str,
    samples: usize,
    measure: Duration,
}

const MEMBER: Route = Route {
    name: "members_me",
    samples: 40,
    measure: Duration::from_secs(3),
};
const BOARD_CARDS: Route = Route {
    name: "board_cards_1000",
    samples: 20,
    measure: Duration::from_secs(4),
};

/// Runs `iters` calls of `call` inside one `block_on`, records and returns
/// the time taken.
fn timed<F, Fut>(runtime: &Runtime, name: &str, iters: u64, call: F) -> Duration
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = usize>,
{
    let start = Instant::now();
    runtime.block_on(async {
        for _ in 0..iters {
            black_box(call().await);
        }
    });
    let elapsed = start.elapsed();
    RECORDER.record(name, iters, elapsed);
    elapsed
}

fn bench_backend(c: &mut Criterion, runtime: &Runtime, base: &str, backend: Backend) {
    let label = backend_name(backend);
    let sdk = sdk_client(backend, base);
    let hand = Hand::for_backend(backend, base)
        .unwrap_or_else(|err| panic!("cannot build the {label} baseline: {err}"));
    let cards_path = format!("/boards/{BOARD_ID}/cards");

    let mut group = c.benchmark_group(format!("{}/{label}", MEMBER.name));
    group
        .sample_size(MEMBER.samples)
        .measurement_time(MEMBER.measure);
    let name = format!("{}/{label}/hand-written", MEMBER.name);
    group.bench_function("hand-written", |b| {
        b.iter_custom(|iters| {
            timed(runtime, &name, iters, || async {
                let member: Member = hand.get_json("/members/me").await.expect("hand-written");
                member.id.len()
            })
        });
    });
    let name = format!("{}/{label}/sdk", MEMBER.name);
    group.bench_function("sdk", |b| {
        b.iter_custom(|iters| {
            timed(runtime, &name, iters, || async {
                let member = sdk.send(GetMember::new("me")).await.expect("sdk");
                member.id.len()
            })
        });
    });
    group.finish();

    let mut group = c.benchmark_group(format!("{}/{label}", BOARD_CARDS.name));
    group
        .sample_size(BOARD_CARDS.samples)
        .measurement_time(BOARD_CARDS.measure);
    let name = format!("{}/{label}/hand-written", BOARD_CARDS.name);
    group.bench_function("hand-written", |b| {
        b.iter_custom(|iters| {
            timed(runtime, &name, iters, || async {
                let cards: Vec<Card> = hand.get_json(&cards_path).await.expect("hand-written");
                assert_eq!(cards.len() as u64, CARDS);
                cards.len()
            })
        });
    });
    let name = format!("{}/{label}/sdk", BOARD_CARDS.name);
    group.bench_function("sdk", |b| {
        b.iter_custom(|iters| {
            timed(runtime, &name, iters, || async {
                let cards = sdk.send(GetBoardCards::new(BOARD_ID)).await.expect("sdk");
                assert_eq!(cards.len() as u64, CARDS);
                cards.len()
            })
        });
    });
    group.finish();
}

fn main() {
    let measuring = std::env::args().any(|arg| arg == "--bench");
    let server = FixedServer::start(1, fixtures::cards_bytes(CARDS))
        .unwrap_or_else(|err| panic!("cannot start the loopback server: {err}"));
    let base = server.api_url();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap_or_else(|err| panic!("cannot build the client runtime: {err}"));

    let mut criterion = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .configure_from_args();
    for &backend in Backend::ALL {
        bench_backend(&mut criterion, &runtime, &base, backend);
    }
    criterion.final_summary();
    drop(server);

    if !measuring {
        return;
    }
    println!();
    println!("overhead: SDK / hand-written at the median (target <= 1.05)");
    println!(
        "| {:<18} | {:<7} | {:>12} | {:>12} | {:>6} | {:<6} |",
        "call", "backend", "hand-written", "SDK", "ratio", "target"
    );
    println!(
        "|{:-<20}|{:-<9}|{:-<14}|{:-<14}|{:-<8}|{:-<8}|",
        "", "", "", "", "", ""
    );
    for route in [MEMBER, BOARD_CARDS] {
        for &backend in Backend::ALL {
            let label = backend_name(backend);
            let hand = RECORDER.median(
                &format!("{}/{label}/hand-written", route.name),
                route.samples,
            );
            let sdk = RECORDER.median(&format!("{}/{label}/sdk", route.name), route.samples);
            let ratio = sdk / hand;
            println!(
                "| {:<18} | {:<7} | {:>12} | {:>12} | {:>6.3} | {:<6} |",
                route.name,
                label,
                human(hand),
                human(sdk),
                ratio,
                if ratio <= 1.05 { "met" } else { "MISSED" }
            );
        }
    }
}
