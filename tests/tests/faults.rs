//! Fault injection through both backends: each scenario asserts the outcome
//! and the exact number of requests the server saw. A fake clock stands in
//! for every backoff and rate-limit wait, so nothing here sleeps for real
//! except the one timeout scenario (a few hundred milliseconds).

use std::{
    sync::{
        Arc, Mutex,
        atomic::{AtomicUsize, Ordering},
    },
    time::Duration,
};

use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::{TcpListener, TcpStream},
};
use trello::{Backend, Client, Error, Method, TransportErrorKind};
use trello_core::policy::{CallOptions, FakeClock, NoJitter, RetryPolicy};
use trello_integration_tests::{credentials, for_each_backend};
use wiremock::{
    Mock, MockServer, ResponseTemplate,
    matchers::{method, path},
};

const ATTEMPTS: usize = 3;
const ME: &str = "/members/me";
const MEMBER: &str = r#"{"id":"5abbe4b7ddc1b351ef961414","username":"canary"}"#;

fn client(base_url: &str, backend: Backend, clock: &FakeClock) -> Client {
    Client::builder()
        .backend(backend)
        .base_url(base_url)
        .credentials(credentials())
        .clock(clock.clone())
        .sleeper(clock.clone())
        .jitter(NoJitter)
        .retry_policy(
            RetryPolicy::default()
                .max_attempts(ATTEMPTS as u32)
                .initial_backoff(Duration::from_millis(100)),
        )
        .attempt_timeout(Some(Duration::from_secs(10)))
        .build()
        .unwrap_or_else(|err| panic!("client on {backend:?}: {err}"))
}

/// A wiremock server answering `first` `times` times on `GET|POST /1/members/me`,
/// then 200 with a member.
async fn mock_server(verb: &str, first: ResponseTemplate, times: u64) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method(verb))
        .and(path("/1/members/me"))
        .respond_with(first)
        .up_to_n_times(times)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method(verb))
        .and(path("/1/members/me"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(MEMBER, "application/json"))
        .with_priority(2)
        .mount(&server)
        .await;
    server
}

async fn seen(server: &MockServer) -> usize {
    server.received_requests().await.map_or(0, |r| r.len())
}

fn base(server: &MockServer) -> String {
    format!("{}/1", server.uri())
}

fn transport_kind(err: &Error) -> Option<TransportErrorKind> {
    match err {
        Error::Transport(err) => Some(err.kind()),
        _ => None,
    }
}

#[tokio::test]
async fn connection_refused_is_retried_then_reported() {
    for_each_backend(|backend| async move {
        // A port that was just free: nothing listens there.
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        drop(listener);
        let clock = FakeClock::new();
        let client = client(&format!("http://127.0.0.1:{port}/1"), backend, &clock);
        let err = client
            .request_json(Method::Post, ME, &[], None)
            .await
            .unwrap_err();
        assert_eq!(
            transport_kind(&err),
            Some(TransportErrorKind::Connect),
            "{backend:?}: {err}"
        );
        // Connect failures never reached a server, so even a POST is retried:
        // 3 attempts, 2 waits (100 ms, 200 ms), 0 requests seen.
        assert_eq!(
            clock.sleeps(),
            [Duration::from_millis(100), Duration::from_millis(200)],
            "{backend:?}"
        );
    })
    .await;
}

/// What the raw TCP server does with each request, in order (then `Ok`).
#[derive(Clone, Copy, Debug)]
enum Raw {
    /// Sends the status line, headers and part of the body, then resets the
    /// connection (RST).
    Reset,
    /// Announces a body of 200 bytes, sends 20, then closes (FIN).
    Truncated,
    /// A complete 200 answer.
    Ok,
}

/// A tiny HTTP/1.1 server on loopback playing `script`; returns its base URL
/// and the count of requests it read.
async fn raw_server(script: Vec<Raw>) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let count = Arc::new(AtomicUsize::new(0));
    let script = Arc::new(Mutex::new(script.into_iter()));
    let counter = count.clone();
    tokio::spawn(async move {
        // Bounded: a scenario never needs more than a handful of connections.
        for _ in 0..32 {
            let Ok((stream, _)) = listener.accept().await else {
                return;
            };
            let step = script.lock().unwrap().next().unwrap_or(Raw::Ok);
            let counter = counter.clone();
            tokio::spawn(async move {
                if read_head(&stream).await {
                    counter.fetch_add(1, Ordering::SeqCst);
                    play(stream, step).await;
                }
            });
        }
    });
    (format!("http://{addr}/1"), count)
}

/// Reads the request head; false if the connection closed first.
async fn read_head(stream: &TcpStream) -> bool {
    let mut head = Vec::new();
    let mut buf = [0u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        if stream.readable().await.is_err() {
            return false;
        }
        match stream.try_read(&mut buf) {
            Ok(0) => return false,
            Ok(n) => head.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => continue,
            Err(_) => return false,
        }
    }
    true
}

async fn play(mut stream: TcpStream, step: Raw) {
    match step {
        Raw::Reset => {
            let _ = stream
                .write_all(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{\"id\":\"5abb")
                .await;
            let _ = stream.flush().await;
            // SO_LINGER 0: closing sends RST instead of FIN.
            #[allow(deprecated)]
            let _ = stream.set_linger(Some(Duration::ZERO));
            drop(stream);
        }
        Raw::Truncated => {
            let _ = stream
                .write_all(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 200\r\nConnection: close\r\n\r\n{\"id\":\"5abbe4b7ddc1")
                .await;
            let _ = stream.shutdown().await;
            let mut rest = Vec::new();
            let _ = stream.read_to_end(&mut rest).await;
        }
        Raw::Ok => {
            let answer = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{MEMBER}",
                MEMBER.len()
            );
            let _ = stream.write_all(answer.as_bytes()).await;
            let _ = stream.shutdown().await;
        }
    }
}

#[tokio::test]
async fn connection_reset_mid_response() {
    for_each_backend(|backend| async move {
        let (base, count) = raw_server(vec![Raw::Reset]).await;
        let clock = FakeClock::new();
        let member = client(&base, backend, &clock)
            .request_json(Method::Get, ME, &[], None)
            .await
            .unwrap_or_else(|err| panic!("{backend:?}: {err}"));
        assert_eq!(member["username"], "canary");
        assert_eq!(count.load(Ordering::SeqCst), 2, "{backend:?}");

        let (base, count) = raw_server(vec![Raw::Reset; ATTEMPTS]).await;
        let err = client(&base, backend, &clock)
            .request_json(Method::Get, ME, &[], None)
            .await
            .unwrap_err();
        assert_eq!(
            transport_kind(&err),
            Some(TransportErrorKind::Io),
            "{backend:?}: {err}"
        );
        assert_eq!(count.load(Ordering::SeqCst), ATTEMPTS, "{backend:?}");
    })
    .await;
}

#[tokio::test]
async fn truncated_body() {
    for_each_backend(|backend| async move {
        let (base, count) = raw_server(vec![Raw::Truncated]).await;
        let clock = FakeClock::new();
        let member = client(&base, backend, &clock)
            .request_json(Method::Get, ME, &[], None)
            .await
            .unwrap_or_else(|err| panic!("{backend:?}: {err}"));
        assert_eq!(member["id"], "5abbe4b7ddc1b351ef961414");
        assert_eq!(count.load(Ordering::SeqCst), 2, "{backend:?}");

        // A POST cut short is not retried: the server may have acted on it.
        let (base, count) = raw_server(vec![Raw::Truncated]).await;
        let err = client(&base, backend, &clock)
            .request_json(Method::Post, ME, &[], None)
            .await
            .unwrap_err();
        assert_eq!(
            transport_kind(&err),
            Some(TransportErrorKind::Io),
            "{backend:?}: {err}"
        );
        assert_eq!(count.load(Ordering::SeqCst), 1, "{backend:?}");
    })
    .await;
}

#[tokio::test]
async fn server_errors_then_success() {
    for_each_backend(|backend| async move {
        for status in [500, 502, 503, 504] {
            let server = mock_server("GET", ResponseTemplate::new(status), 1).await;
            let clock = FakeClock::new();
            let member = client(&base(&server), backend, &clock)
                .request_json(Method::Get, ME, &[], None)
                .await
                .unwrap_or_else(|err| panic!("{backend:?} {status}: {err}"));
            assert_eq!(member["username"], "canary");
            assert_eq!(seen(&server).await, 2, "{backend:?} {status}");
            assert_eq!(clock.sleeps(), [Duration::from_millis(100)]);
        }
    })
    .await;
}

fn throttled(code: &str) -> ResponseTemplate {
    ResponseTemplate::new(429)
        .insert_header("retry-after", "2")
        .set_body_raw(
            format!(r#"{{"error":"{code}","message":"Rate limit exceeded"}}"#),
            "application/json",
        )
}

const THROTTLE_CODES: [&str; 4] = [
    "API_TOKEN_LIMIT_EXCEEDED",
    "API_KEY_LIMIT_EXCEEDED",
    "API_TOKEN_DB_LIMIT_EXCEEDED",
    "MEMBER_LIMIT_EXCEEDED",
];

#[tokio::test]
async fn throttled_then_success() {
    for_each_backend(|backend| async move {
        for code in THROTTLE_CODES {
            let server = mock_server("GET", throttled(code), 1).await;
            let clock = FakeClock::new();
            client(&base(&server), backend, &clock)
                .request_json(Method::Get, ME, &[], None)
                .await
                .unwrap_or_else(|err| panic!("{backend:?} {code}: {err}"));
            assert_eq!(seen(&server).await, 2, "{backend:?} {code}");
            // Retry-After: 2 is waited for exactly, once.
            assert_eq!(
                clock.sleeps(),
                [Duration::from_secs(2)],
                "{backend:?} {code}"
            );
        }
    })
    .await;
}

#[tokio::test]
async fn throttled_beyond_the_budget() {
    for_each_backend(|backend| async move {
        let server = mock_server("GET", throttled("API_TOKEN_LIMIT_EXCEEDED"), 100).await;
        let clock = FakeClock::new();
        let err = client(&base(&server), backend, &clock)
            .request_json(Method::Get, ME, &[], None)
            .await
            .unwrap_err();
        match &err {
            Error::RateLimited {
                code, retry_after, ..
            } => {
                assert_eq!(code, "API_TOKEN_LIMIT_EXCEEDED");
                assert_eq!(*retry_after, Some(Duration::from_secs(2)));
            }
            other => panic!("{backend:?}: {other:?}"),
        }
        assert_eq!(seen(&server).await, ATTEMPTS, "{backend:?}");
        assert_eq!(clock.total_slept(), Duration::from_secs(4));

        // A Retry-After above the cap (60 s) is not waited for at all.
        let long = ResponseTemplate::new(429)
            .insert_header("retry-after", "3600")
            .set_body_raw(
                r#"{"error":"API_KEY_LIMIT_EXCEEDED","message":"x"}"#,
                "application/json",
            );
        let server = mock_server("GET", long, 100).await;
        let clock = FakeClock::new();
        let err = client(&base(&server), backend, &clock)
            .request_json(Method::Get, ME, &[], None)
            .await
            .unwrap_err();
        assert!(
            matches!(err, Error::RateLimited { .. }),
            "{backend:?}: {err}"
        );
        assert_eq!(seen(&server).await, 1, "{backend:?}");
        assert!(clock.sleeps().is_empty());
    })
    .await;
}

#[tokio::test]
async fn response_slower_than_the_timeout() {
    for_each_backend(|backend| async move {
        let slow = ResponseTemplate::new(200)
            .set_body_raw(MEMBER, "application/json")
            .set_delay(Duration::from_secs(5));
        let server = mock_server("GET", slow, 100).await;
        let clock = FakeClock::new();
        let client = client(&base(&server), backend, &clock);
        let options = CallOptions::new().attempt_timeout(Duration::from_millis(100));
        let err = client
            .request_json_with(Method::Get, ME, &[], None, options)
            .await
            .unwrap_err();
        assert_eq!(
            transport_kind(&err),
            Some(TransportErrorKind::Timeout),
            "{backend:?}: {err}"
        );
        assert!(err.to_string().contains("per-attempt timeout"), "{err}");
        assert_eq!(seen(&server).await, ATTEMPTS, "{backend:?}");

        // The overall limit ends the call, without a further attempt.
        let options = CallOptions::new().timeout(Duration::from_millis(100));
        let server2 = mock_server(
            "GET",
            ResponseTemplate::new(200).set_delay(Duration::from_secs(5)),
            100,
        )
        .await;
        let client = self::client(&base(&server2), backend, &clock);
        let err = client
            .request_json_with(Method::Get, ME, &[], None, options)
            .await
            .unwrap_err();
        assert_eq!(
            transport_kind(&err),
            Some(TransportErrorKind::Timeout),
            "{backend:?}: {err}"
        );
        assert!(err.to_string().contains("overall timeout"), "{err}");
        assert_eq!(seen(&server2).await, 1, "{backend:?}");
    })
    .await;
}

#[tokio::test]
async fn invalid_json_is_a_decode_error_and_not_retried() {
    for_each_backend(|backend| async move {
        let bad = ResponseTemplate::new(200).set_body_raw(r#"{"id": "5abb"#, "application/json");
        let server = mock_server("GET", bad, 100).await;
        let clock = FakeClock::new();
        let err = client(&base(&server), backend, &clock)
            .request_json(Method::Get, ME, &[], None)
            .await
            .unwrap_err();
        assert!(matches!(err, Error::Decode { .. }), "{backend:?}: {err}");
        assert_eq!(seen(&server).await, 1, "{backend:?}");
    })
    .await;
}

const HTML: &str = "<!DOCTYPE html><html><head><title>Bad Gateway</title></head><body><h1>Something went wrong</h1></body></html>";

#[tokio::test]
async fn html_error_pages() {
    for_each_backend(|backend| async move {
        // 200 with HTML: not JSON, so a decode error naming the route; not retried.
        let page = ResponseTemplate::new(200).set_body_raw(HTML, "text/html");
        let server = mock_server("GET", page, 100).await;
        let clock = FakeClock::new();
        let err = client(&base(&server), backend, &clock)
            .request_json(Method::Get, ME, &[], None)
            .await
            .unwrap_err();
        assert!(
            matches!(&err, Error::Decode { route, .. } if route == "GET /members/me"),
            "{backend:?}: {err}"
        );
        assert_eq!(seen(&server).await, 1, "{backend:?}");

        // 502 with HTML: a server error, retried, then reported with the status.
        let page = ResponseTemplate::new(502).set_body_raw(HTML, "text/html");
        let server = mock_server("GET", page, 100).await;
        let err = client(&base(&server), backend, &clock)
            .request_json(Method::Get, ME, &[], None)
            .await
            .unwrap_err();
        assert!(
            matches!(&err, Error::Api { status, .. } if status.as_u16() == 502),
            "{backend:?}: {err}"
        );
        assert_eq!(seen(&server).await, ATTEMPTS, "{backend:?}");

        // 503 with HTML once, then the member.
        let page = ResponseTemplate::new(503).set_body_raw(HTML, "text/html");
        let server = mock_server("GET", page, 1).await;
        client(&base(&server), backend, &clock)
            .request_json(Method::Get, ME, &[], None)
            .await
            .unwrap_or_else(|err| panic!("{backend:?}: {err}"));
        assert_eq!(seen(&server).await, 2, "{backend:?}");
    })
    .await;
}

#[tokio::test]
async fn plain_text_401_bodies() {
    for_each_backend(|backend| async move {
        for (body, check) in [
            ("invalid token", (|e: &Error| matches!(e, Error::InvalidToken)) as fn(&Error) -> bool),
            ("invalid key", |e| matches!(e, Error::InvalidKey)),
            ("unauthorized permission requested", |e| {
                matches!(e, Error::PermissionDenied { message, .. } if message == "unauthorized permission requested")
            }),
            ("unauthorized card permission requested", |e| matches!(e, Error::PermissionDenied { .. })),
        ] {
            let answer = ResponseTemplate::new(401).set_body_raw(body, "text/plain; charset=utf-8");
            let server = mock_server("GET", answer, 100).await;
            let clock = FakeClock::new();
            let err = client(&base(&server), backend, &clock)
                .request_json(Method::Get, ME, &[], None)
                .await
                .unwrap_err();
            assert!(check(&err), "{backend:?} {body}: {err:?}");
            assert_eq!(seen(&server).await, 1, "{backend:?} {body}");
        }
    })
    .await;
}

#[tokio::test]
async fn post_answered_503() {
    for_each_backend(|backend| async move {
        let body = serde_json::json!({"name": "a card", "idList": "5abbe4b7ddc1b351ef961414"});
        let server = mock_server("POST", ResponseTemplate::new(503), 1).await;
        let clock = FakeClock::new();
        let client = client(&base(&server), backend, &clock);
        let err = client
            .request_json(Method::Post, ME, &[], Some(body.clone()))
            .await
            .unwrap_err();
        assert_eq!(
            err.status().map(|s| s.as_u16()),
            Some(503),
            "{backend:?}: {err}"
        );
        assert_eq!(
            seen(&server).await,
            1,
            "not retried by default ({backend:?})"
        );

        let server = mock_server("POST", ResponseTemplate::new(503), 1).await;
        let client = self::client(&base(&server), backend, &clock);
        client
            .request_json_with(
                Method::Post,
                ME,
                &[],
                Some(body),
                CallOptions::new().retry_post(true),
            )
            .await
            .unwrap_or_else(|err| panic!("{backend:?}: {err}"));
        let requests = server.received_requests().await.unwrap_or_default();
        assert_eq!(requests.len(), 2, "retried with the opt-in ({backend:?})");
        assert_eq!(
            requests[0].body, requests[1].body,
            "the same body bytes each time"
        );
    })
    .await;
}
