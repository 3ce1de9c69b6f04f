//! The secrets canary: drive the whole client — success, every error case,
//! retries, each credential placement, both backends — with the canary key
//! and token, capture everything traced at TRACE level, every error's
//! `Display` and `Debug`, and the message of a panic on an error, and check
//! that neither secret appears anywhere.

use std::{
    io,
    panic::AssertUnwindSafe,
    sync::{Arc, Mutex, PoisonError},
    time::Duration,
};

use trello::{AuthPlacement, Backend, Client, Error, Method};
use trello_core::policy::{CallOptions, FakeClock, NoJitter, RetryPolicy};
use trello_integration_tests::{
    CANARY_KEY, CANARY_TOKEN, assert_no_secret, credentials, for_each_backend,
};
use wiremock::{
    Mock, MockServer, ResponseTemplate,
    matchers::{method, path},
};

/// Everything written by the subscriber.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Captured {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap_or_else(PoisonError::into_inner)).into_owned()
    }
}

fn client(base_url: &str, backend: Backend, placement: AuthPlacement, clock: &FakeClock) -> Client {
    Client::builder()
        .backend(backend)
        .base_url(base_url)
        .credentials(credentials())
        .auth_placement(placement)
        .clock(clock.clone())
        .sleeper(clock.clone())
        .jitter(NoJitter)
        .retry_policy(RetryPolicy::default().max_attempts(2))
        .build()
        .unwrap_or_else(|err| panic!("client: {err}"))
}

/// Mounts `answer` on `verb /1{route}`.
async fn answer(server: &MockServer, verb: &str, route: &str, answer: ResponseTemplate) {
    Mock::given(method(verb))
        .and(path(format!("/1{route}")))
        .respond_with(answer)
        .mount(server)
        .await;
}

async fn scenario_server() -> MockServer {
    let server = MockServer::start().await;
    let json = |status: u16, body: &str| {
        ResponseTemplate::new(status).set_body_raw(body.to_owned(), "application/json")
    };
    let text = |status: u16, body: &str| {
        ResponseTemplate::new(status).set_body_raw(body.to_owned(), "text/plain")
    };
    answer(
        &server,
        "GET",
        "/members/me",
        json(200, r#"{"id":"5abbe4b7ddc1b351ef961414"}"#),
    )
    .await;
    answer(&server, "PUT", "/cards/ok", json(200, "{}")).await;
    answer(&server, "POST", "/cards", json(200, r#"{"id":"x"}"#)).await;
    answer(&server, "GET", "/token", text(401, "invalid token")).await;
    answer(&server, "GET", "/key", text(401, "invalid key")).await;
    answer(
        &server,
        "GET",
        "/scope",
        text(401, "unauthorized permission requested"),
    )
    .await;
    answer(&server, "GET", "/forbidden", text(403, "forbidden")).await;
    answer(&server, "GET", "/missing", text(404, "model not found")).await;
    answer(
        &server,
        "GET",
        "/throttled",
        json(
            429,
            r#"{"error":"API_TOKEN_LIMIT_EXCEEDED","message":"Rate limit exceeded"}"#,
        )
        .insert_header("retry-after", "1"),
    )
    .await;
    answer(&server, "GET", "/down", text(503, "down")).await;
    answer(&server, "POST", "/down", text(503, "down")).await;
    answer(
        &server,
        "GET",
        "/html",
        ResponseTemplate::new(200).set_body_raw("<html></html>", "text/html"),
    )
    .await;
    answer(
        &server,
        "GET",
        "/bad",
        text(400, "invalid value for idList"),
    )
    .await;
    answer(
        &server,
        "GET",
        "/slow",
        json(200, "{}").set_delay(Duration::from_secs(5)),
    )
    .await;
    server
}

/// What an app does with an error it did not expect.
fn fail_loudly(result: Result<(), Error>) {
    result.expect("calling Trello");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_secret_in_logs_errors_or_panics() {
    let logs = Captured::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .finish();
    tracing::subscriber::set_global_default(subscriber)
        .expect("the only subscriber of this test binary");

    let panics: Arc<Mutex<Vec<String>>> = Arc::default();
    let sink = panics.clone();
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        sink.lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(info.to_string());
    }));

    let outputs: Arc<Mutex<Vec<String>>> = Arc::default();
    let out = outputs.clone();
    for_each_backend(|backend| {
        let out = out.clone();
        async move {
            let server = scenario_server().await;
            let base = format!("{}/1", server.uri());
            for placement in [
                AuthPlacement::Header,
                AuthPlacement::Query,
                AuthPlacement::Body,
            ] {
                let clock = FakeClock::new();
                let client = client(&base, backend, placement, &clock);
                let record = |what: &str, text: String| {
                    out.lock()
                        .unwrap_or_else(PoisonError::into_inner)
                        .push(format!("{backend:?} {placement:?} {what}: {text}"));
                };
                record("client", format!("{client:?}"));

                client
                    .request_json(Method::Get, "/members/me", &[("fields", "all")], None)
                    .await
                    .expect("success");
                client
                    .request_json(
                        Method::Put,
                        "/cards/ok",
                        &[],
                        Some(serde_json::json!({"name": "n"})),
                    )
                    .await
                    .expect("put");
                client
                    .request_json(
                        Method::Post,
                        "/cards",
                        &[],
                        Some(serde_json::json!({"name": "n"})),
                    )
                    .await
                    .expect("post");

                let mut errors: Vec<Error> = Vec::new();
                for route in [
                    "/token",
                    "/key",
                    "/scope",
                    "/forbidden",
                    "/missing",
                    "/throttled",
                    "/down",
                    "/html",
                    "/bad",
                ] {
                    errors.push(
                        client
                            .request_json(Method::Get, route, &[("filter", "open")], None)
                            .await
                            .unwrap_err(),
                    );
                }
                errors.push(
                    client
                        .request_json_with(
                            Method::Post,
                            "/down",
                            &[],
                            Some(serde_json::json!({"x": 1})),
                            CallOptions::new().retry_post(true),
                        )
                        .await
                        .unwrap_err(),
                );
                errors.push(
                    client
                        .request_json_with(
                            Method::Get,
                            "/slow",
                            &[],
                            None,
                            CallOptions::new()
                                .attempt_timeout(Duration::from_millis(50))
                                .max_attempts(1),
                        )
                        .await
                        .unwrap_err(),
                );
                errors.push(
                    client
                        .request_json(Method::Get, "members/no-slash", &[], None)
                        .await
                        .unwrap_err(),
                );
                let refused = {
                    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
                    let port = listener.local_addr().expect("addr").port();
                    drop(listener);
                    self::client(
                        &format!("http://127.0.0.1:{port}/1"),
                        backend,
                        placement,
                        &clock,
                    )
                };
                errors.push(
                    refused
                        .request_json(Method::Get, "/members/me", &[], None)
                        .await
                        .unwrap_err(),
                );

                assert_eq!(errors.len(), 13);
                for err in errors {
                    record("display", err.to_string());
                    record("debug", format!("{err:?}"));
                    let mut source = std::error::Error::source(&err);
                    while let Some(inner) = source {
                        record("source", format!("{inner} / {inner:?}"));
                        source = inner.source();
                    }
                    let unwrapped =
                        std::panic::catch_unwind(AssertUnwindSafe(|| fail_loudly(Err(err))));
                    assert!(unwrapped.is_err());
                }
            }
            // The secrets really travelled (so their absence above means
            // something): in the query string for AuthPlacement::Query.
            let requests = server.received_requests().await.unwrap_or_default();
            assert!(requests.iter().any(|r| {
                r.url
                    .query_pairs()
                    .any(|(k, v)| k == "token" && v == CANARY_TOKEN)
                    && r.url
                        .query_pairs()
                        .any(|(k, v)| k == "key" && v == CANARY_KEY)
            }));
        }
    })
    .await;
    std::panic::set_hook(previous);

    let logs = logs.text();
    let outputs = outputs
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .clone();
    let panics = panics
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .clone();

    // The capture really saw the pipeline: spans by route template,
    // retries, and the (redacted) URL of query-placed credentials.
    assert!(
        logs.contains("trello.request"),
        "no pipeline span in the logs"
    );
    assert!(
        logs.contains("GET /members/me"),
        "no route template in the logs"
    );
    assert!(logs.contains("retrying"), "no retry in the logs");
    assert!(
        logs.contains("key=REDACTED&token=REDACTED"),
        "no redacted URL in the logs"
    );
    assert_eq!(panics.len(), 2 * 3 * 13, "one panic per error");
    assert!(outputs.len() > 2 * 3 * 13 * 2);

    for line in logs.lines() {
        assert_no_secret("log line", line);
    }
    for text in &outputs {
        assert_no_secret("error or Debug output", text);
    }
    for text in &panics {
        assert_no_secret("panic message", text);
    }
}
