//! Unit tests of the pipeline with a scripted transport and a fake clock.

use std::{
    collections::VecDeque,
    sync::{Arc, Mutex, PoisonError},
    time::Duration,
};

use bytes::Bytes;

use async_trait::async_trait;
use http::StatusCode;

use super::*;
use crate::{
    AuthPlacement, Credentials,
    policy::{CallOptions, FakeClock, NoJitter, RetryPolicy},
    transport::{Transport, TransportError, TransportErrorKind},
};

enum Step {
    Answer(u16, &'static str, Vec<(&'static str, &'static str)>),
    Fail(TransportErrorKind),
    Hang,
    /// A 200 whose body never ends (64 KiB chunks), counting what it produced.
    Endless(Arc<std::sync::atomic::AtomicU64>),
}

/// An endless body of 64 KiB chunks that counts the bytes it hands out.
struct EndlessBody(Arc<std::sync::atomic::AtomicU64>);

impl http_body::Body for EndlessBody {
    type Data = Bytes;
    type Error = TransportError;

    fn poll_frame(
        self: std::pin::Pin<&mut Self>,
        _cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<Bytes>, TransportError>>> {
        const CHUNK: usize = 64 * 1024;
        self.0
            .fetch_add(CHUNK as u64, std::sync::atomic::Ordering::Relaxed);
        std::task::Poll::Ready(Some(Ok(http_body::Frame::data(Bytes::from(vec![
            b' ';
            CHUNK
        ])))))
    }
}

/// A transport that plays a script and records what it was sent.
#[derive(Default)]
struct Scripted {
    script: Mutex<VecDeque<Step>>,
    seen: Mutex<Vec<http::Request<Bytes>>>,
}

impl Scripted {
    fn new(steps: impl IntoIterator<Item = Step>) -> Arc<Self> {
        Arc::new(Self {
            script: Mutex::new(steps.into_iter().collect()),
            seen: Mutex::default(),
        })
    }
    fn count(&self) -> usize {
        self.seen
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .len()
    }
    fn bodies(&self) -> Vec<Bytes> {
        let seen = self.seen.lock().unwrap_or_else(PoisonError::into_inner);
        seen.iter().map(|r| r.body().clone()).collect()
    }
}

#[async_trait]
impl Transport for Scripted {
    async fn send(
        &self,
        request: http::Request<Bytes>,
    ) -> Result<http::Response<Body>, TransportError> {
        self.seen
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(request);
        let step = self
            .script
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .pop_front()
            .unwrap_or(Step::Answer(200, "{}", vec![]));
        match step {
            Step::Answer(status, body, headers) => {
                let mut response = http::Response::new(Body::from(body));
                *response.status_mut() = StatusCode::from_u16(status).unwrap();
                for (name, value) in headers {
                    response
                        .headers_mut()
                        .insert(name, HeaderValue::from_static(value));
                }
                Ok(response)
            }
            Step::Fail(kind) => Err(TransportError::from_kind(kind)),
            Step::Hang => std::future::pending().await,
            Step::Endless(counter) => Ok(http::Response::new(Body::new(EndlessBody(counter)))),
        }
    }
}

fn ok() -> Step {
    Step::Answer(200, r#"{"id":"1"}"#, vec![])
}

fn status(code: u16) -> Step {
    Step::Answer(code, "oops", vec![])
}

fn client(transport: &Arc<Scripted>, clock: &FakeClock) -> ClientBuilder {
    Client::builder()
        .shared_transport(transport.clone())
        .base_url("http://127.0.0.1:1/1")
        .credentials(Credentials::new("k", "t"))
        .clock(clock.clone())
        .sleeper(clock.clone())
        .jitter(NoJitter)
        .retry_policy(
            RetryPolicy::default()
                .max_attempts(3)
                .initial_backoff(Duration::from_secs(1)),
        )
}

fn secs(s: u64) -> Duration {
    Duration::from_secs(s)
}

#[tokio::test]
async fn get_is_retried_with_exponential_backoff() {
    let transport = Scripted::new([status(503), status(502), ok()]);
    let clock = FakeClock::new();
    let client = client(&transport, &clock).build().unwrap();
    let value = client
        .request_json(Method::Get, "/boards/x", &[], None)
        .await
        .unwrap();
    assert_eq!(value["id"], "1");
    assert_eq!(transport.count(), 3);
    assert_eq!(clock.sleeps(), [secs(1), secs(2)]);
}

#[tokio::test]
async fn attempts_are_bounded() {
    let transport = Scripted::new([status(500), status(500), status(500), ok()]);
    let clock = FakeClock::new();
    let client = client(&transport, &clock).build().unwrap();
    let err = client
        .request_json(Method::Delete, "/cards/x", &[], None)
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::INTERNAL_SERVER_ERROR));
    assert_eq!(transport.count(), 3);
    assert_eq!(clock.total_slept(), secs(3));
}

#[tokio::test]
async fn post_is_retried_only_when_asked() {
    let transport = Scripted::new([status(503), status(503), ok()]);
    let clock = FakeClock::new();
    let client = client(&transport, &clock).build().unwrap();
    let body = serde_json::json!({"name": "card"});
    let err = client
        .request_json(Method::Post, "/cards", &[], Some(body.clone()))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
    assert_eq!(transport.count(), 1);
    assert!(clock.sleeps().is_empty());

    client
        .request_json_with(
            Method::Post,
            "/cards",
            &[],
            Some(body),
            CallOptions::new().retry_post(true),
        )
        .await
        .unwrap();
    assert_eq!(transport.count(), 3);
}

#[tokio::test]
async fn connect_failures_are_retried_for_post_too() {
    let transport = Scripted::new([Step::Fail(TransportErrorKind::Connect), ok()]);
    let clock = FakeClock::new();
    let client = client(&transport, &clock).build().unwrap();
    client
        .request_json(Method::Post, "/cards", &[], None)
        .await
        .unwrap();
    assert_eq!(transport.count(), 2);

    let transport = Scripted::new([Step::Fail(TransportErrorKind::Io), ok()]);
    let client = self::client(&transport, &clock).build().unwrap();
    let err = client
        .request_json(Method::Post, "/cards", &[], None)
        .await
        .unwrap_err();
    assert!(matches!(&err, Error::Transport(e) if e.kind() == TransportErrorKind::Io));
    assert_eq!(transport.count(), 1);
}

#[tokio::test]
async fn body_bytes_are_identical_on_every_attempt() {
    for placement in [
        AuthPlacement::Header,
        AuthPlacement::Body,
        AuthPlacement::Query,
    ] {
        let transport = Scripted::new([status(504), status(500), ok()]);
        let clock = FakeClock::new();
        let client = client(&transport, &clock)
            .auth_placement(placement)
            .build()
            .unwrap();
        let body = serde_json::json!({"name": "ü", "pos": 1.5, "desc": "x", "idList": "abc"});
        client
            .request_json(Method::Put, "/cards/x", &[], Some(body))
            .await
            .unwrap();
        let bodies = transport.bodies();
        assert_eq!(bodies.len(), 3, "{placement:?}");
        assert!(!bodies[0].is_empty());
        assert!(bodies.iter().all(|b| *b == bodies[0]), "{placement:?}");
    }
}

#[tokio::test]
async fn retry_after_is_honoured_up_to_the_cap() {
    let limited = |after: &'static str| {
        Step::Answer(
            429,
            r#"{"error":"API_TOKEN_LIMIT_EXCEEDED","message":"Rate limit exceeded"}"#,
            vec![("retry-after", after)],
        )
    };
    let transport = Scripted::new([limited("7"), ok()]);
    let clock = FakeClock::new();
    let client = client(&transport, &clock).build().unwrap();
    client
        .request_json(Method::Post, "/cards", &[], None)
        .await
        .unwrap();
    assert_eq!(transport.count(), 2);
    assert_eq!(clock.sleeps(), [secs(7)]);

    let transport = Scripted::new([limited("3600"), ok()]);
    let clock = FakeClock::new();
    let client = self::client(&transport, &clock).build().unwrap();
    let err = client
        .request_json(Method::Get, "/boards/x", &[], None)
        .await
        .unwrap_err();
    assert!(matches!(&err, Error::RateLimited { retry_after: Some(d), .. } if *d == secs(3600)));
    assert_eq!(transport.count(), 1);
    assert!(clock.sleeps().is_empty());
}

#[tokio::test]
async fn exhausted_window_headers_delay_the_next_call() {
    let transport = Scripted::new([Step::Answer(
        200,
        "{}",
        vec![
            ("x-rate-limit-api-token-remaining", "0"),
            ("x-rate-limit-api-token-interval-ms", "10000"),
        ],
    )]);
    let clock = FakeClock::new();
    let client = client(&transport, &clock).build().unwrap();
    let clone = client.clone();
    client
        .request_json(Method::Get, "/boards/x", &[], None)
        .await
        .unwrap();
    assert!(clock.sleeps().is_empty());
    clone
        .request_json(Method::Get, "/boards/x", &[], None)
        .await
        .unwrap();
    assert_eq!(clock.sleeps(), [secs(10)]);
}

#[tokio::test]
async fn clones_share_the_proactive_limiter() {
    let transport = Scripted::new([]);
    let clock = FakeClock::new();
    let client = client(&transport, &clock).build().unwrap();
    for i in 0..120 {
        let c = if i % 2 == 0 {
            client.clone()
        } else {
            client.clone().clone()
        };
        c.request_json(Method::Get, "/boards/x", &[], None)
            .await
            .unwrap();
    }
    assert_eq!(transport.count(), 120);
    // 5 at once (the burst), then 95 per 10 s: one every 10 s / 95.
    let period = Duration::from_nanos(10_000_000_000u64.div_ceil(95));
    assert_eq!(clock.sleeps().len(), 115);
    assert_eq!(clock.total_slept(), period * 115);

    let transport = Scripted::new([]);
    let clock = FakeClock::new();
    let client = self::client(&transport, &clock)
        .no_rate_limits()
        .build()
        .unwrap();
    for _ in 0..120 {
        client
            .request_json(Method::Get, "/boards/x", &[], None)
            .await
            .unwrap();
    }
    assert!(clock.sleeps().is_empty());
}

#[tokio::test]
async fn bad_input_never_reaches_the_transport() {
    let transport = Scripted::new([]);
    let clock = FakeClock::new();
    let client = client(&transport, &clock).build().unwrap();
    for path in ["members/me", "/members/me?x=1"] {
        let err = client
            .request_json(Method::Get, path, &[], None)
            .await
            .unwrap_err();
        assert!(matches!(err, Error::InvalidInput(_)), "{path}: {err}");
    }
    let err = client
        .request_json(Method::Post, "/cards", &[], Some(serde_json::json!([1])))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidInput(_)));
    assert_eq!(transport.count(), 0);
}

#[tokio::test]
async fn attempt_and_overall_timeouts() {
    let transport = Scripted::new([Step::Hang, Step::Hang, ok()]);
    let clock = FakeClock::new();
    let client = client(&transport, &clock)
        .attempt_timeout(Some(Duration::from_millis(20)))
        .build()
        .unwrap();
    client
        .request_json(Method::Get, "/boards/x", &[], None)
        .await
        .unwrap();
    assert_eq!(transport.count(), 3);

    let transport = Scripted::new([Step::Hang, Step::Hang, Step::Hang]);
    let client = self::client(&transport, &clock)
        .attempt_timeout(Some(Duration::from_millis(20)))
        .build()
        .unwrap();
    let err = client
        .request_json(Method::Post, "/cards", &[], None)
        .await
        .unwrap_err();
    assert!(matches!(&err, Error::Transport(e) if e.kind() == TransportErrorKind::Timeout));
    assert!(err.to_string().contains("per-attempt timeout"), "{err}");
    assert_eq!(transport.count(), 1, "a timed-out POST is not retried");

    let transport = Scripted::new([Step::Hang]);
    let client = self::client(&transport, &clock)
        .timeouts(Timeouts::none().overall(Some(Duration::from_millis(20))))
        .build()
        .unwrap();
    let err = client
        .request_json(Method::Get, "/boards/x", &[], None)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("overall timeout"), "{err}");
    assert_eq!(transport.count(), 1);
}

#[tokio::test]
async fn multipart_bodies_carry_body_credentials_as_fields_on_every_attempt() {
    let transport = Scripted::new([status(503), ok()]);
    let clock = FakeClock::new();
    let client = client(&transport, &clock)
        .auth_placement(AuthPlacement::Body)
        .build()
        .unwrap();
    let parts = [
        Part::Text {
            name: "name".into(),
            value: "logo".into(),
        },
        Part::File {
            name: "file".into(),
            file: crate::multipart::FilePart::new("a.png", "image/png", b"\x89PNG".to_vec()),
        },
    ];
    client
        .request_multipart_with(
            Method::Post,
            "/organizations/x/logo",
            &[],
            &parts,
            CallOptions::new().retry_post(true),
        )
        .await
        .unwrap();
    let seen = transport
        .seen
        .lock()
        .unwrap_or_else(PoisonError::into_inner);
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[0].body(), seen[1].body(), "same bytes on each attempt");
    let content_type = seen[0].headers()[http::header::CONTENT_TYPE]
        .to_str()
        .unwrap();
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .expect("a multipart content type");
    let body = String::from_utf8_lossy(seen[0].body());
    assert!(body.starts_with(&format!("--{boundary}\r\n")), "{body}");
    for needle in [
        "name=\"key\"\r\n\r\nk\r\n",
        "name=\"token\"\r\n\r\nt\r\n",
        "name=\"name\"\r\n\r\nlogo\r\n",
        "name=\"file\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\n\u{fffd}PNG\r\n",
    ] {
        assert!(body.contains(needle), "{needle:?} in {body}");
    }
    assert!(seen[0].uri().query().is_none());
    assert!(!seen[0].headers().contains_key(http::header::AUTHORIZATION));
}

#[tokio::test]
async fn downloads_put_credentials_in_the_header_only() {
    for placement in [AuthPlacement::Query, AuthPlacement::Body] {
        let transport = Scripted::new([]);
        let clock = FakeClock::new();
        let client = client(&transport, &clock)
            .auth_placement(placement)
            .build()
            .unwrap();
        client
            .download_with("/cards/c/attachments/a/download/f.png", CallOptions::new())
            .await
            .unwrap();
        let seen = transport
            .seen
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        assert_eq!(seen[0].uri().query(), None, "{placement:?}");
        assert!(seen[0].body().is_empty());
        assert_eq!(
            seen[0].headers()[http::header::AUTHORIZATION],
            "OAuth oauth_consumer_key=\"k\", oauth_token=\"t\""
        );
        assert_eq!(seen[0].headers()[http::header::ACCEPT], "*/*");
    }
}

#[tokio::test]
async fn per_call_attempt_limit() {
    let transport = Scripted::new([status(503), ok()]);
    let clock = FakeClock::new();
    let client = client(&transport, &clock).build().unwrap();
    let err = client
        .request_bytes_with(
            Method::Get,
            "/boards/x",
            &[],
            None,
            CallOptions::new().max_attempts(1),
        )
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
    assert_eq!(transport.count(), 1);
}

#[tokio::test]
async fn an_endless_body_stops_at_the_cap_and_is_not_retried() {
    let produced = Arc::new(std::sync::atomic::AtomicU64::new(0));
    let transport = Scripted::new([Step::Endless(produced.clone())]);
    let clock = FakeClock::new();
    let client = client(&transport, &clock)
        .max_body_size(1 << 20)
        .build()
        .unwrap();
    let err = client
        .request_json(Method::Get, "/boards/x", &[], None)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::BodyTooLarge { limit, .. } if *limit == 1 << 20),
        "{err:?}"
    );
    let text = err.to_string();
    assert!(
        text.contains("1048576-byte limit") && text.contains("max_body_size"),
        "{text}"
    );
    assert!(text.contains("GET /boards/x"), "{text}");
    // Reading stopped right after the cap: at most one chunk past it.
    let read = produced.load(std::sync::atomic::Ordering::Relaxed);
    assert!(read <= (1 << 20) + 64 * 1024, "read {read} bytes");
    assert_eq!(transport.count(), 1, "a too-large answer is not retried");
}

#[tokio::test]
async fn a_declared_length_over_the_cap_fails_before_reading_and_per_call_caps_win() {
    let transport = Scripted::new([
        Step::Answer(200, r#"{"id":"12345678"}"#, vec![]),
        Step::Answer(200, r#"{"id":"12345678"}"#, vec![]),
    ]);
    let clock = FakeClock::new();
    let client = client(&transport, &clock).build().unwrap();
    // 17 bytes against a per-call cap of 10.
    let err = client
        .request_json_with(
            Method::Get,
            "/boards/x",
            &[],
            None,
            CallOptions::new().max_body_size(10),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::BodyTooLarge { limit: 10, .. }),
        "{err:?}"
    );
    // The client-wide default (128 MiB) lets it through.
    let value = client
        .request_json(Method::Get, "/boards/x", &[], None)
        .await
        .unwrap();
    assert_eq!(value["id"], "12345678");
}
