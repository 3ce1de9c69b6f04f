//! Bench 1, per-call cost of typed calls (issue 19): sequential
//! `GET /members/me` (the member fixture decoded into `models::Member`) and
//! `GET /boards/{id}/cards` (1,000 cards decoded into `Vec<models::Card>`)
//! through the SDK, against the same request hand-written on an HTTP client
//! built exactly as the SDK's transport builds its own, for reqwest and
//! hyper, against a fixed-bytes server on loopback.
//!
//! A plain program (`harness = false`): per case, 7 repetitions in which
//! each side makes the same number of sequential calls, the sides
//! interleaved (their order rotates each repetition) so load on the machine
//! falls on all of them alike; the table gives the median time per call of
//! each side, SDK / hand-written at the median (target 1.03 or less), the
//! heap allocations per call on the client's thread (a counting global
//! allocator; the server runs on other threads and is not counted) and the
//! client thread's CPU time per call (Linux's schedstat): the work the
//! client does, without the waits for the server and for wake-ups that make
//! most of a small call's wall time on loopback.
//!
//! Sides: `hand` (the baseline), `sdk` (the benches' SDK client: limits
//! off, default retries and timeouts) and `sdk-bare` (the same with
//! timeouts and retries off too, to tell the policies' cost from the
//! pipeline's).
//!
//! Profiling one side alone (e.g. under `valgrind --tool=callgrind`):
//! `OVERHEAD_PROFILE=sdk|sdk-bare|hand OVERHEAD_BACKEND=reqwest|hyper
//! OVERHEAD_CALLS=200 target/release/deps/overhead-… --bench` makes that
//! many small calls and prints the allocations per call.
//!
//! Under `cargo test --benches` it makes a few calls per side and checks
//! they succeed.

use std::{
    alloc::{GlobalAlloc, Layout, System},
    cell::Cell,
    hint::black_box,
    time::{Duration, Instant},
};

use tokio::runtime::Runtime;
use trello::{
    Backend, Client,
    models::{Card, Member},
};
use trello_benches::{
    BOARD_ID, backend_name, bare_client,
    endpoints::{GetBoardCards, GetMember},
    fixtures,
    hand::Hand,
    sdk_client,
    server::FixedServer,
    stats::{human, load_average, median},
};

/// Counts the allocations (alloc, alloc_zeroed, realloc) of each thread.
struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<u64> = const { Cell::new(0) };
}

fn count_one() {
    // A const-initialised thread local without a destructor: never fails,
    // but a failure must not abort an allocation either.
    let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
}

/// The allocations made so far on this thread.
fn allocations() -> u64 {
    ALLOCATIONS.try_with(Cell::get).unwrap_or(0)
}

// SAFETY: every call is forwarded unchanged to the system allocator.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count_one();
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        count_one();
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count_one();
        // SAFETY: same contract as the caller's.
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Cards in the board answer.
const CARDS: u64 = 1_000;
/// Interleaved repetitions per case.
const REPETITIONS: usize = 7;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Call {
    /// `GET /members/me`.
    Member,
    /// `GET /boards/{id}/cards`, 1,000 cards.
    Cards,
}

struct Case {
    name: &'static str,
    call: Call,
    /// Sequential calls per side per repetition.
    calls: u64,
}

const CASES: [Case; 2] = [
    Case {
        name: "members_me",
        call: Call::Member,
        calls: 2_000,
    },
    Case {
        name: "board_cards_1000",
        call: Call::Cards,
        calls: 40,
    },
];

const SIDES: [&str; 3] = ["hand", "sdk", "sdk-bare"];

/// The clients of one backend.
struct Clients {
    hand: Hand,
    sdk: Client,
    bare: Client,
}

impl Clients {
    fn new(backend: Backend, base: &str) -> Self {
        let label = backend_name(backend);
        let bare = bare_client(backend, base);
        Self {
            hand: Hand::for_backend(backend, base)
                .unwrap_or_else(|err| panic!("cannot build the {label} baseline: {err}")),
            sdk: sdk_client(backend, base),
            bare,
        }
    }

    /// One call of `side`; the size of what was decoded.
    async fn call(&self, side: &str, call: Call, cards_path: &str) -> usize {
        match (side, call) {
            ("hand", Call::Member) => {
                let member: Member = self.hand.get_json("/members/me").await.expect("hand");
                member.id.len()
            }
            ("hand", Call::Cards) => {
                let cards: Vec<Card> = self.hand.get_json(cards_path).await.expect("hand");
                assert_eq!(cards.len() as u64, CARDS);
                cards.len()
            }
            (sdk, call) => {
                let client = if sdk == "sdk" { &self.sdk } else { &self.bare };
                match call {
                    Call::Member => client.send(GetMember::new("me")).await.expect(sdk).id.len(),
                    Call::Cards => {
                        let cards = client.send(GetBoardCards::new(BOARD_ID)).await.expect(sdk);
                        assert_eq!(cards.len() as u64, CARDS);
                        cards.len()
                    }
                }
            }
        }
    }
}

/// The time this thread has spent on a CPU, in nanoseconds (Linux's
/// `/proc/thread-self/schedstat`; `None` elsewhere). Unlike the wall time,
/// it leaves out the waits for the server and the scheduler's wake-ups,
/// which on loopback are most of a small call and vary from run to run.
fn thread_cpu_ns() -> Option<u64> {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// What `calls` sequential calls of one side measured, per call.
struct Measured {
    /// Wall time.
    time: Duration,
    /// Heap allocations on the client's thread.
    allocations: f64,
    /// The client thread's CPU time in seconds (`NaN` where unknown).
    cpu: f64,
}

/// `calls` sequential calls of `side`, measured.
fn run(runtime: &Runtime, clients: &Clients, side: &str, call: Call, calls: u64) -> Measured {
    let cards_path = format!("/boards/{BOARD_ID}/cards");
    runtime.block_on(async {
        let count = calls.max(1);
        let before = allocations();
        let cpu_before = thread_cpu_ns();
        let start = Instant::now();
        for _ in 0..calls {
            black_box(clients.call(side, call, &cards_path).await);
        }
        let time = start.elapsed() / u32::try_from(count).unwrap_or(u32::MAX);
        let cpu = match (cpu_before, thread_cpu_ns()) {
            (Some(before), Some(after)) => after.saturating_sub(before) as f64 / 1e9 / count as f64,
            _ => f64::NAN,
        };
        Measured {
            time,
            allocations: (allocations() - before) as f64 / count as f64,
            cpu,
        }
    })
}

struct Row {
    case: &'static str,
    backend: &'static str,
    /// Median time per call, per side (in `SIDES` order).
    medians: [f64; 3],
    /// Allocations per call, per side.
    allocations: [f64; 3],
    /// The median of the per-repetition SDK / hand ratios.
    paired: f64,
    /// Median CPU time of the client's thread per call, per side.
    cpu: [f64; 3],
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

    if let Ok(side) = std::env::var("OVERHEAD_PROFILE") {
        let backend = match std::env::var("OVERHEAD_BACKEND").as_deref() {
            Ok("hyper") => Backend::Hyper,
            _ => Backend::Reqwest,
        };
        let calls = std::env::var("OVERHEAD_CALLS")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(200);
        let clients = Clients::new(backend, &base);
        run(&runtime, &clients, &side, Call::Member, 10);
        let measured = run(&runtime, &clients, &side, Call::Member, calls);
        let (time, allocated) = (measured.time, measured.allocations);
        println!(
            "{side} on {}: {calls} calls, {} and {allocated:.1} allocations per call",
            backend_name(backend),
            human(time.as_secs_f64())
        );
        return;
    }

    if !measuring {
        // `cargo test --benches`: a few calls per side must succeed.
        for &backend in Backend::ALL {
            let clients = Clients::new(backend, &base);
            for case in &CASES {
                for side in SIDES {
                    run(&runtime, &clients, side, case.call, 2);
                }
            }
        }
        println!("overhead: every side answered; run it with `cargo bench --bench overhead`");
        return;
    }

    let started = load_average();
    println!(
        "overhead: member fixture {} bytes, cards fixture {} bytes; load average at start {started}",
        fixtures::member_bytes().len(),
        fixtures::cards_bytes(CARDS).len()
    );
    let mut rows = Vec::new();
    for case in &CASES {
        for &backend in Backend::ALL {
            let label = backend_name(backend);
            let clients = Clients::new(backend, &base);
            // Warm-up: connections open, caches and allocator pools filled.
            for side in SIDES {
                run(&runtime, &clients, side, case.call, case.calls / 4 + 1);
            }
            let mut times: [Vec<f64>; 3] = Default::default();
            let mut allocated: [Vec<f64>; 3] = Default::default();
            let mut cpu: [Vec<f64>; 3] = Default::default();
            for repetition in 0..REPETITIONS {
                for offset in 0..SIDES.len() {
                    let index = (repetition + offset) % SIDES.len();
                    let measured = run(&runtime, &clients, SIDES[index], case.call, case.calls);
                    times[index].push(measured.time.as_secs_f64());
                    allocated[index].push(measured.allocations);
                    cpu[index].push(measured.cpu);
                }
            }
            let ratios: Vec<f64> = times[1]
                .iter()
                .zip(&times[0])
                .map(|(sdk, hand)| sdk / hand)
                .collect();
            let row = Row {
                case: case.name,
                backend: label,
                medians: [median(&times[0]), median(&times[1]), median(&times[2])],
                allocations: [
                    median(&allocated[0]),
                    median(&allocated[1]),
                    median(&allocated[2]),
                ],
                paired: median(&ratios),
                cpu: [median(&cpu[0]), median(&cpu[1]), median(&cpu[2])],
            };
            eprintln!(
                "{} / {label}: hand {}, sdk {}, sdk-bare {}",
                case.name,
                human(row.medians[0]),
                human(row.medians[1]),
                human(row.medians[2])
            );
            rows.push(row);
        }
    }
    drop(server);

    println!();
    println!(
        "overhead: {REPETITIONS} interleaved repetitions per case, medians per call \
         (target SDK / hand <= 1.03); load average at start {started}, at end {}",
        load_average()
    );
    println!(
        "| {:<16} | {:<7} | {:>10} | {:>10} | {:>10} | {:>9} | {:>12} | {:>14} | {:>10} | {:>10} | {:>12} | {:<6} |",
        "call",
        "backend",
        "hand",
        "SDK",
        "SDK bare",
        "SDK/hand",
        "paired ratio",
        "allocs h/S/b",
        "CPU hand",
        "CPU SDK",
        "CPU SDK/hand",
        "target"
    );
    println!(
        "|{:-<18}|{:-<9}|{:-<12}|{:-<12}|{:-<12}|{:-<11}|{:-<14}|{:-<16}|{:-<12}|{:-<12}|{:-<14}|{:-<8}|",
        "", "", "", "", "", "", "", "", "", "", "", ""
    );
    for row in rows {
        let ratio = row.medians[1] / row.medians[0];
        println!(
            "| {:<16} | {:<7} | {:>10} | {:>10} | {:>10} | {:>9.3} | {:>12.3} | {:>14} | {:>10} | {:>10} | {:>12.3} | {:<6} |",
            row.case,
            row.backend,
            human(row.medians[0]),
            human(row.medians[1]),
            human(row.medians[2]),
            ratio,
            row.paired,
            format!(
                "{:.0}/{:.0}/{:.0}",
                row.allocations[0], row.allocations[1], row.allocations[2]
            ),
            human(row.cpu[0]),
            human(row.cpu[1]),
            row.cpu[1] / row.cpu[0],
            if ratio <= 1.03 { "met" } else { "MISSED" }
        );
    }
}
