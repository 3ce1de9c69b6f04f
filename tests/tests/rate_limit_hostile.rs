//! Rate-limit pauses learned from hostile or real answers, through both
//! backends against wiremock on loopback (issue 15, points 3 and 4): a
//! pause is scoped to the limit that tripped and bounded by its window,
//! absurd header values are ignored, `Retry-After` may be an HTTP-date, a
//! call whose deadline is shorter than the pause fails at once, and retries
//! of 429 draw on a budget shared by every client of the key.
//!
//! A fake clock stands in for every wait: nothing here sleeps for real.

use std::{
    sync::Arc,
    time::{Duration, SystemTime},
};

use trello::{Backend, Client, Credentials, Error, Method};
use trello_core::policy::{
    CallOptions, FakeClock, InProcessStore, NoJitter, RateLimitConfig, RateLimitStore, RetryPolicy,
    Window,
};
use trello_integration_tests::{CANARY_KEY, assert_no_secret, for_each_backend};
use wiremock::{
    Mock, MockServer, ResponseTemplate,
    matchers::{method, path},
};

const WINDOW: Duration = Duration::from_secs(10);
/// The default safety margin of a 10 s window.
const MARGIN: Duration = Duration::from_millis(50);

fn builder(
    server: &MockServer,
    backend: Backend,
    token: &str,
    store: &Arc<dyn RateLimitStore>,
    sleeper: &FakeClock,
) -> trello::ClientBuilder {
    Client::builder()
        .backend(backend)
        .base_url(format!("{}/1", server.uri()))
        .credentials(Credentials::new(CANARY_KEY, token))
        .clock(sleeper.clone())
        .sleeper(sleeper.clone())
        .jitter(NoJitter)
        .rate_limit_store(store.clone())
}

fn store(clock: &FakeClock) -> Arc<dyn RateLimitStore> {
    InProcessStore::new(Arc::new(clock.clone()))
}

fn limited(code: &str, retry_after: Option<&str>) -> ResponseTemplate {
    let mut answer = ResponseTemplate::new(429).set_body_raw(
        format!(r#"{{"error":"{code}","message":"Rate limit exceeded"}}"#),
        "application/json",
    );
    if let Some(value) = retry_after {
        answer = answer.insert_header("retry-after", value);
    }
    answer
}

fn ok() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(r#"{"id":"x"}"#, "application/json")
}

async fn serve(route: &str, answer: ResponseTemplate, server: &MockServer) {
    Mock::given(method("GET"))
        .and(path(route))
        .respond_with(answer)
        .mount(server)
        .await;
}

async fn seen(server: &MockServer, route: &str) -> usize {
    server
        .received_requests()
        .await
        .unwrap_or_default()
        .iter()
        .filter(|r| r.url.path() == route)
        .count()
}

#[tokio::test]
async fn a_huge_retry_after_pauses_only_the_tripped_token_for_its_window() {
    for_each_backend(|backend| async move {
        let server = MockServer::start().await;
        serve(
            "/1/boards/hot",
            limited("API_TOKEN_LIMIT_EXCEEDED", Some("1000000000")),
            &server,
        )
        .await;
        serve("/1/boards/cold", ok(), &server).await;
        let clock = FakeClock::new();
        let store = store(&clock);
        let client = builder(&server, backend, "token-one", &store, &clock)
            .build()
            .unwrap();
        let other_token = builder(&server, backend, "token-two", &store, &clock)
            .build()
            .unwrap();

        // Past the retry policy's cap: returned at once, sent once.
        let err = client
            .request_json(Method::Get, "/boards/hot", &[], None)
            .await
            .unwrap_err();
        assert!(
            matches!(&err, Error::RateLimited { retry_after: Some(d), .. } if *d == Duration::from_secs(1_000_000_000)),
            "{backend:?}: {err:?}"
        );
        assert_eq!(seen(&server, "/1/boards/hot").await, 1, "{backend:?}");
        assert!(clock.sleeps().is_empty(), "{backend:?}");

        // Another token of the same key is not paused at all.
        other_token
            .request_json(Method::Get, "/boards/cold", &[], None)
            .await
            .unwrap();
        assert!(clock.sleeps().is_empty(), "{backend:?}");

        // A call with a 2 s deadline on the paused token fails at once,
        // saying how long Trello asked to wait (bounded by the window).
        let err = client
            .request_json_with(
                Method::Get,
                "/boards/cold",
                &[],
                None,
                CallOptions::new().timeout(Duration::from_secs(2)),
            )
            .await
            .unwrap_err();
        match &err {
            Error::RateLimited {
                retry_after: Some(wait),
                message,
                ..
            } => {
                assert_eq!(*wait, WINDOW, "{backend:?}");
                assert!(message.contains("10s"), "{backend:?}: {message}");
            }
            other => panic!("{backend:?}: {other:?}"),
        }
        assert_no_secret("the error", &format!("{err} {err:?}"));
        assert!(clock.sleeps().is_empty(), "{backend:?}: nothing waited");
        assert_eq!(seen(&server, "/1/boards/cold").await, 1, "{backend:?}");

        // Without a short deadline the next call waits the token window, not
        // a billion seconds, and goes.
        client
            .request_json(Method::Get, "/boards/cold", &[], None)
            .await
            .unwrap();
        assert_eq!(clock.sleeps(), [WINDOW], "{backend:?}");
    })
    .await;
}

#[tokio::test]
async fn absurd_rate_limit_headers_are_ignored_or_bounded() {
    for_each_backend(|backend| async move {
        let server = MockServer::start().await;
        let hostile = ok()
            .insert_header("x-rate-limit-api-token-remaining", "0")
            .insert_header("x-rate-limit-api-token-interval-ms", "18446744073709551615")
            .insert_header("x-rate-limit-api-key-remaining", "-1")
            .insert_header("x-rate-limit-api-key-interval-ms", "-10000")
            .insert_header("x-rate-limit-member-remaining", "lots")
            .insert_header("x-rate-limit-member-interval-ms", "1e99");
        serve("/1/boards/hostile", hostile, &server).await;
        serve("/1/members/me", ok(), &server).await;
        serve("/1/boards/cold", ok(), &server).await;
        let clock = FakeClock::new();
        let store = store(&clock);
        let client = builder(&server, backend, "token-one", &store, &clock)
            .build()
            .unwrap();
        client
            .request_json(Method::Get, "/boards/hostile", &[], None)
            .await
            .unwrap();
        // `remaining: 0` counts the token window full for one window (and
        // its margin), whatever the interval header said...
        client
            .request_json(Method::Get, "/boards/cold", &[], None)
            .await
            .unwrap();
        assert_eq!(clock.sleeps(), [WINDOW + MARGIN], "{backend:?}");
        // ...and the non-numeric and negative values taught nothing: the
        // members family (whose own window is 900 s) goes at once.
        client
            .request_json(Method::Get, "/members/me", &[], None)
            .await
            .unwrap();
        assert_eq!(clock.sleeps(), [WINDOW + MARGIN], "{backend:?}");
    })
    .await;
}

#[tokio::test]
async fn retry_after_as_an_http_date_is_honoured() {
    for_each_backend(|backend| async move {
        let server = MockServer::start().await;
        let date =
            chrono::DateTime::<chrono::Utc>::from(SystemTime::now() + Duration::from_secs(5))
                .format("%a, %d %b %Y %H:%M:%S GMT")
                .to_string();
        Mock::given(method("GET"))
            .and(path("/1/boards/x"))
            .respond_with(limited("API_TOKEN_LIMIT_EXCEEDED", Some(&date)))
            .up_to_n_times(1)
            .with_priority(1)
            .mount(&server)
            .await;
        serve("/1/boards/x", ok(), &server).await;
        let clock = FakeClock::new();
        let store = store(&clock);
        builder(&server, backend, "token-one", &store, &clock)
            .build()
            .unwrap()
            .request_json(Method::Get, "/boards/x", &[], None)
            .await
            .unwrap();
        assert_eq!(seen(&server, "/1/boards/x").await, 2, "{backend:?}");
        // The date is whole seconds and some real time passed: 3 to 5 s.
        let slept = clock.total_slept();
        assert!(
            slept >= Duration::from_secs(3) && slept <= Duration::from_secs(5),
            "{backend:?}: waited {slept:?} for {date}"
        );
        assert_eq!(clock.sleeps().len(), 1, "{backend:?}: {:?}", clock.sleeps());
    })
    .await;
}

/// Every client of one key together retries 429s at most the budget's
/// worth; another key has its own budget.
#[tokio::test]
async fn retries_of_429_share_one_budget_per_key() {
    for_each_backend(|backend| async move {
        let server = MockServer::start().await;
        serve(
            "/1/boards/x",
            limited("API_KEY_LIMIT_EXCEEDED", None),
            &server,
        )
        .await;
        // The store's clock stands still (the budget never refills during
        // the test); the sleeper is another fake clock.
        let store_clock = FakeClock::new();
        let sleeper = FakeClock::new();
        let store = store(&store_clock);
        let config = RateLimitConfig::default()
            .adapt_to_headers(false, Duration::ZERO)
            .retry_budget(Window::new(5, WINDOW));
        let make = |key: &str, token: &str| {
            Client::builder()
                .backend(backend)
                .base_url(format!("{}/1", server.uri()))
                .credentials(Credentials::new(key, token))
                .sleeper(sleeper.clone())
                .jitter(NoJitter)
                .retry_policy(RetryPolicy::default().max_attempts(4))
                .rate_limits(config)
                .rate_limit_store(store.clone())
                .build()
                .unwrap()
        };
        let clients: Vec<Client> = (0..3)
            .map(|i| make(CANARY_KEY, &format!("token-{i}")))
            .collect();
        for client in &clients {
            for _ in 0..10 {
                let err = client
                    .request_json(Method::Get, "/boards/x", &[], None)
                    .await
                    .unwrap_err();
                assert!(matches!(err, Error::RateLimited { .. }), "{backend:?}");
            }
        }
        // 30 calls, 5 retries among them all (without the budget: 120).
        assert_eq!(seen(&server, "/1/boards/x").await, 35, "{backend:?}");

        let other_key = make("another-key", "token-0");
        other_key
            .request_json(Method::Get, "/boards/x", &[], None)
            .await
            .unwrap_err();
        assert_eq!(
            seen(&server, "/1/boards/x").await,
            39,
            "{backend:?}: another key retries from its own budget"
        );
    })
    .await;
}

/// The default budget keeps a storm of 429s far below Trello's 200.
#[tokio::test]
async fn the_default_retry_budget_is_well_below_trellos_storm_rule() {
    for_each_backend(|backend| async move {
        let server = MockServer::start().await;
        serve(
            "/1/boards/x",
            limited("API_KEY_LIMIT_EXCEEDED", None),
            &server,
        )
        .await;
        let store_clock = FakeClock::new();
        let sleeper = FakeClock::new();
        let store = store(&store_clock);
        let client = Client::builder()
            .backend(backend)
            .base_url(format!("{}/1", server.uri()))
            .credentials(Credentials::new(CANARY_KEY, "token-storm"))
            .sleeper(sleeper.clone())
            .jitter(NoJitter)
            .rate_limits(RateLimitConfig::default().adapt_to_headers(false, Duration::ZERO))
            .rate_limit_store(store)
            .build()
            .unwrap();
        for _ in 0..60 {
            client
                .request_json(Method::Get, "/boards/x", &[], None)
                .await
                .unwrap_err();
        }
        // 60 calls and 20 retries in the window, not 60 × 4 = 240 requests.
        assert_eq!(seen(&server, "/1/boards/x").await, 80, "{backend:?}");
    })
    .await;
}
