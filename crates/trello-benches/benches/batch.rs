//! Bench 4, batch: 1,000 cards fetched by id with `Client::batch_get`
//! (`GET /1/batch`, 10 routes per call) against one `GET /cards/{id}` each,
//! through the same SDK client settings under the same limits: requests
//! sent and wall time.
//!
//! The sandbox has no `/1/batch` route yet, so this runs against a small
//! loopback server of its own that serves the cards and `/1/batch` and
//! enforces Trello's per-token limit time-scaled 10x (100 requests per 1 s
//! sliding window, 429 with `Retry-After` beyond it). It counts one batch
//! call as one request against the limit: Trello does not document how
//! batch calls count, so the wall-time gain assumes that. Both SDK
//! clients run their proactive limiter with the server's numbers.
//!
//! A plain program (`harness = false`); under `cargo test --benches` it only
//! checks that it starts.

use std::{
    collections::{HashMap, VecDeque},
    net::SocketAddr,
    sync::{
        Arc, Mutex, PoisonError,
        atomic::{AtomicU64, Ordering},
    },
    time::{Duration, Instant},
};

use axum::{
    Router,
    extract::{Path, Query, State},
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
    routing::get,
};
use serde_json::{Value, json};
use trello::{Backend, Client, Credentials, RateLimitConfig, models::Card, policy::Window};
use trello_benches::{
    BENCH_KEY, BENCH_TOKEN, BOARD_ID, USER_AGENT, backend_name, endpoints::GetCard, fixtures,
};

const CARDS: u64 = 1_000;
const PER_TOKEN: u32 = 100;
const PER_KEY: u32 = 300;
const WINDOW: Duration = Duration::from_secs(1);
/// No job may take longer than this.
const JOB_LIMIT: Duration = Duration::from_secs(90);

#[derive(Clone)]
struct Shared {
    cards: Arc<HashMap<String, Value>>,
    hits: Arc<Mutex<VecDeque<Instant>>>,
    requests: Arc<AtomicU64>,
    too_many: Arc<AtomicU64>,
}

impl Shared {
    /// Counts a request; `false` when it is over the sliding window.
    fn admit(&self) -> bool {
        self.requests.fetch_add(1, Ordering::Relaxed);
        let now = Instant::now();
        let mut hits = self.hits.lock().unwrap_or_else(PoisonError::into_inner);
        while hits.front().is_some_and(|t| now - *t >= WINDOW) {
            hits.pop_front();
        }
        if hits.len() >= PER_TOKEN as usize {
            self.too_many.fetch_add(1, Ordering::Relaxed);
            return false;
        }
        hits.push_back(now);
        true
    }
}

fn too_many() -> Response {
    (
        StatusCode::TOO_MANY_REQUESTS,
        [(header::RETRY_AFTER, "1")],
        axum::Json(json!({"error": "API_TOKEN_LIMIT_EXCEEDED", "message": "Rate limit exceeded"})),
    )
        .into_response()
}

fn authorized(headers: &HeaderMap) -> bool {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains(BENCH_TOKEN))
}

async fn card(
    State(shared): State<Shared>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    if !authorized(&headers) {
        return (StatusCode::UNAUTHORIZED, "invalid token").into_response();
    }
    if !shared.admit() {
        return too_many();
    }
    match shared.cards.get(&id) {
        Some(card) => axum::Json(card.clone()).into_response(),
        None => (
            StatusCode::NOT_FOUND,
            "The requested resource was not found.",
        )
            .into_response(),
    }
}

async fn batch(
    State(shared): State<Shared>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    if !authorized(&headers) {
        return (StatusCode::UNAUTHORIZED, "invalid token").into_response();
    }
    if !shared.admit() {
        return too_many();
    }
    let urls = query.get("urls").map(String::as_str).unwrap_or_default();
    let routes: Vec<&str> = urls.split(',').filter(|r| !r.is_empty()).collect();
    if routes.len() > 10 {
        return (StatusCode::BAD_REQUEST, "at most 10 urls").into_response();
    }
    let items: Vec<Value> = routes
        .iter()
        .map(|route| {
            let path = route.split('?').next().unwrap_or_default();
            match path
                .strip_prefix("/cards/")
                .and_then(|id| shared.cards.get(id))
            {
                Some(card) => json!({"200": card}),
                None => json!({"404": "The requested resource was not found."}),
            }
        })
        .collect();
    axum::Json(Value::Array(items)).into_response()
}

struct Outcome {
    elapsed: Duration,
    cards: usize,
    failures: usize,
    requests: u64,
    too_many: u64,
}

fn client(backend: Backend, base: &str) -> Client {
    Client::builder()
        .backend(backend)
        .base_url(base)
        .credentials(Credentials::new(BENCH_KEY, BENCH_TOKEN))
        .user_agent(USER_AGENT)
        .rate_limits(
            RateLimitConfig::new()
                .per_key(Window::new(PER_KEY, WINDOW))
                .per_token(Window::new(PER_TOKEN, WINDOW))
                .members(None)
                .search(None),
        )
        .build()
        .unwrap_or_else(|err| panic!("cannot build the client: {err}"))
}

async fn job(shared: &Shared, base: &str, ids: &[String], batched: bool) -> Outcome {
    // Let the previous job's window run out.
    tokio::time::sleep(WINDOW + WINDOW / 5).await;
    let client = client(Backend::Reqwest, base);
    let (requests, too_many) = (
        shared.requests.load(Ordering::Relaxed),
        shared.too_many.load(Ordering::Relaxed),
    );
    let start = Instant::now();
    let (mut cards, mut failures) = (0, 0);
    if batched {
        let run = client.batch_get(ids.iter().map(|id| GetCard::new(id.as_str())));
        match tokio::time::timeout(JOB_LIMIT, run).await {
            Ok(Ok(results)) => {
                for result in results {
                    match result {
                        Ok(card) => {
                            let card: Card = card;
                            cards += usize::from(!card.id.is_empty());
                        }
                        Err(err) => {
                            failures += 1;
                            eprintln!("batch item failed: {err}");
                        }
                    }
                }
            }
            Ok(Err(err)) => {
                failures = ids.len();
                eprintln!("batch failed: {err}");
            }
            Err(_) => failures = ids.len(),
        }
    } else {
        for id in ids {
            if start.elapsed() > JOB_LIMIT {
                failures += 1;
                continue;
            }
            match client.send(GetCard::new(id.as_str())).await {
                Ok(card) => cards += usize::from(!card.id.is_empty()),
                Err(err) => {
                    failures += 1;
                    eprintln!("read failed: {err}");
                }
            }
        }
    }
    Outcome {
        elapsed: start.elapsed(),
        cards,
        failures,
        requests: shared.requests.load(Ordering::Relaxed) - requests,
        too_many: shared.too_many.load(Ordering::Relaxed) - too_many,
    }
}

fn main() {
    if !std::env::args().any(|arg| arg == "--bench") {
        println!("batch: run it with `cargo bench -p trello-benches --bench batch`");
        return;
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap_or_else(|err| panic!("cannot build the runtime: {err}"));
    let (one_each, batched) = runtime.block_on(async {
        let cards: HashMap<String, Value> = (0..CARDS)
            .map(|i| {
                let card = fixtures::card(BOARD_ID, i);
                (card["id"].as_str().unwrap_or_default().to_owned(), card)
            })
            .collect();
        let ids: Vec<String> = {
            let mut ids: Vec<String> = cards.keys().cloned().collect();
            ids.sort();
            ids
        };
        let shared = Shared {
            cards: Arc::new(cards),
            hits: Arc::default(),
            requests: Arc::default(),
            too_many: Arc::default(),
        };
        let app = Router::new()
            .route("/1/cards/{id}", get(card))
            .route("/1/batch", get(batch))
            .with_state(shared.clone());
        let listener = tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0)))
            .await
            .unwrap_or_else(|err| panic!("cannot bind: {err}"));
        let base = format!(
            "http://{}/1",
            listener.local_addr().unwrap_or_else(|err| panic!("{err}"))
        );
        let server = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        let one_each = job(&shared, &base, &ids, false).await;
        let batched = job(&shared, &base, &ids, true).await;
        server.abort();
        (one_each, batched)
    });

    println!();
    println!(
        "batch: {CARDS} cards by id, SDK ({}) with its limiter at the server's {PER_TOKEN} per {} ms",
        backend_name(Backend::Reqwest),
        WINDOW.as_millis()
    );
    println!(
        "| {:<36} | {:>6} | {:>8} | {:>8} | {:>5} | {:>9} |",
        "job", "cards", "failures", "requests", "429s", "wall"
    );
    println!(
        "|{:-<38}|{:-<8}|{:-<10}|{:-<10}|{:-<7}|{:-<11}|",
        "", "", "", "", "", ""
    );
    for (name, o) in [
        ("one GET /cards/{id} each", &one_each),
        ("Client::batch_get (GET /batch, 10/call)", &batched),
    ] {
        println!(
            "| {name:<36} | {:>6} | {:>8} | {:>8} | {:>5} | {:>7.2} s |",
            o.cards,
            o.failures,
            o.requests,
            o.too_many,
            o.elapsed.as_secs_f64()
        );
    }
    println!(
        "batch / one each: requests {:.3}, wall time {:.3}",
        batched.requests as f64 / one_each.requests as f64,
        batched.elapsed.as_secs_f64() / one_each.elapsed.as_secs_f64()
    );
    if one_each.failures + batched.failures > 0 {
        eprintln!("batch: some fetches FAILED");
        std::process::exit(1);
    }
}
