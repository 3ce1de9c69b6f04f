//! One budget per key and token in a process (issue 16, point 1): two
//! clients built separately with the same credentials share the default
//! in-process store, so together they never send more than the limit
//! allows. Through both backends, against a wiremock server that records
//! when each request arrived (real time: a 1 s window, about 3 s per run).

use std::{
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use trello::{Backend, Client, Credentials, Method};
use trello_core::policy::{InProcessStore, RateLimitConfig, SystemClock, Window};
use trello_integration_tests::{CANARY_KEY, for_each_backend};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate, matchers::method};

const MAX: usize = 5;
const WINDOW: Duration = Duration::from_secs(1);
const PER_CLIENT: usize = 8;

/// Answers 200 and notes the arrival time of every request.
#[derive(Clone, Default)]
struct Arrivals(Arc<Mutex<Vec<Instant>>>);

impl Respond for Arrivals {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        if let Ok(mut times) = self.0.lock() {
            times.push(Instant::now());
        }
        ResponseTemplate::new(200).set_body_raw("{}", "application/json")
    }
}

impl Arrivals {
    /// The most requests that arrived within any one window.
    fn most_in_a_window(&self) -> usize {
        let mut times = self.0.lock().map(|t| t.clone()).unwrap_or_default();
        times.sort();
        (0..times.len())
            .map(|i| {
                times[i..]
                    .iter()
                    .take_while(|t| t.duration_since(times[i]) < WINDOW)
                    .count()
            })
            .max()
            .unwrap_or(0)
    }
}

fn config() -> RateLimitConfig {
    RateLimitConfig::disabled()
        .per_token(Window::new(MAX as u32, WINDOW))
        // Generous on a loaded 2-core test machine: the server notes the
        // arrival some time after the grant.
        .safety_margin(Some(Duration::from_millis(150)))
}

fn client(server: &MockServer, backend: Backend, token: &str) -> trello::ClientBuilder {
    Client::builder()
        .backend(backend)
        .base_url(format!("{}/1", server.uri()))
        .credentials(Credentials::new(CANARY_KEY, token))
        .rate_limits(config())
}

/// Both clients send `PER_CLIENT` requests at once.
async fn run(a: Client, b: Client) {
    let calls = [a, b].into_iter().flat_map(|client| {
        (0..PER_CLIENT).map(move |_| {
            let client = client.clone();
            tokio::spawn(async move {
                client
                    .request_json(Method::Get, "/boards/x", &[], None)
                    .await
                    .map(|_| ())
            })
        })
    });
    let handles: Vec<_> = calls.collect();
    for handle in handles {
        handle.await.unwrap().unwrap();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_clients_of_one_token_share_its_budget() {
    for_each_backend(|backend| async move {
        let server = MockServer::start().await;
        let arrivals = Arrivals::default();
        Mock::given(method("GET"))
            .respond_with(arrivals.clone())
            .mount(&server)
            .await;
        // A token no other test uses: the default store is process-wide.
        let token = format!("shared-budget-{backend:?}");
        let a = client(&server, backend, &token).build().unwrap();
        let b = client(&server, backend, &token).build().unwrap();
        run(a, b).await;
        let most = arrivals.most_in_a_window();
        assert_eq!(most, MAX, "{backend:?}: {most} requests in one window");
    })
    .await;
}

/// The control: with a store per client (the old behaviour), the same two
/// clients together send twice the limit in one window — what the test
/// above would see without the shared store.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn separate_stores_would_double_the_budget() {
    let backend = Backend::ALL[0];
    let server = MockServer::start().await;
    let arrivals = Arrivals::default();
    Mock::given(method("GET"))
        .respond_with(arrivals.clone())
        .mount(&server)
        .await;
    let own = || InProcessStore::new(Arc::new(SystemClock::new()));
    let a = client(&server, backend, "separate")
        .rate_limit_store(own())
        .build()
        .unwrap();
    let b = client(&server, backend, "separate")
        .rate_limit_store(own())
        .build()
        .unwrap();
    run(a, b).await;
    assert_eq!(arrivals.most_in_a_window(), 2 * MAX);
}
