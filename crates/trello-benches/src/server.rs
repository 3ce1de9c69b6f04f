//! A tiny loopback server that answers with fixed bytes, on its own Tokio
//! runtime so its work is not charged to the client being measured.
//!
//! Routes (everything else is 404):
//! - `GET /1/members/{id}`: [`fixtures::member_bytes`](crate::fixtures::member_bytes);
//! - `GET /1/boards/{id}/cards`: the cards it was started with.

use std::{
    net::SocketAddr,
    sync::{
        Arc,
        atomic::{AtomicU64, Ordering},
    },
};

use axum::{
    Router,
    extract::State,
    http::{HeaderValue, header},
    response::{IntoResponse, Response},
    routing::get,
};
use bytes::Bytes;
use tokio::runtime::Runtime;

#[derive(Clone)]
struct Answers {
    member: Bytes,
    cards: Bytes,
    hits: Arc<AtomicU64>,
}

fn json(body: &Bytes) -> Response {
    let mut response = body.clone().into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    response
}

async fn serve_member(State(answers): State<Answers>) -> Response {
    answers.hits.fetch_add(1, Ordering::Relaxed);
    json(&answers.member)
}

async fn serve_cards(State(answers): State<Answers>) -> Response {
    answers.hits.fetch_add(1, Ordering::Relaxed);
    json(&answers.cards)
}

/// A running fixed-bytes server. Dropping it stops the server and its
/// runtime.
pub struct FixedServer {
    addr: SocketAddr,
    hits: Arc<AtomicU64>,
    runtime: Option<Runtime>,
}

impl std::fmt::Debug for FixedServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FixedServer")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

impl FixedServer {
    /// Starts serving on `127.0.0.1` (any free port) with `workers` runtime
    /// threads, answering the board's cards with `cards`.
    pub fn start(workers: usize, cards: Vec<u8>) -> std::io::Result<Self> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(workers.max(1))
            .thread_name("fixed-server")
            .enable_all()
            .build()?;
        let hits = Arc::new(AtomicU64::new(0));
        let answers = Answers {
            member: Bytes::from(crate::fixtures::member_bytes()),
            cards: Bytes::from(cards),
            hits: hits.clone(),
        };
        let app = Router::new()
            .route("/1/members/{id}", get(serve_member))
            .route("/1/boards/{id}/cards", get(serve_cards))
            .with_state(answers);
        let listener = runtime.block_on(tokio::net::TcpListener::bind(SocketAddr::from((
            [127, 0, 0, 1],
            0,
        ))))?;
        let addr = listener.local_addr()?;
        runtime.spawn(async move {
            // Serving ends when the runtime is dropped.
            let _ = axum::serve(listener, app).await;
        });
        Ok(Self {
            addr,
            hits,
            runtime: Some(runtime),
        })
    }

    /// The API base to give clients, e.g. `http://127.0.0.1:40123/1`.
    pub fn api_url(&self) -> String {
        format!("http://{}/1", self.addr)
    }

    /// How many requests were answered on the known routes.
    pub fn hits(&self) -> u64 {
        self.hits.load(Ordering::Relaxed)
    }
}

impl Drop for FixedServer {
    fn drop(&mut self) {
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}
