//! Errors that explain, through both backends: a refused connection names
//! the cause and `host:port`; malformed HTTP answers (bad status line, bad
//! chunk size, two different `Content-Length`s) are protocol errors and are
//! not retried; an empty 401 body says it was empty. No message holds a
//! secret.

use std::sync::{
    Arc,
    atomic::{AtomicUsize, Ordering},
};

use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::TcpListener,
};
use trello::{AuthPlacement, Error, Method, TransportErrorKind};
use trello_core::policy::{FakeClock, NoJitter, RetryPolicy};
use trello_integration_tests::{assert_no_secret, builder, for_each_backend};

fn client(base: &str, backend: trello::Backend, clock: &FakeClock) -> trello::Client {
    // Query placement: the credentials would be in the URL if one leaked.
    builder(base, backend, AuthPlacement::Query)
        .clock(clock.clone())
        .sleeper(clock.clone())
        .jitter(NoJitter)
        .retry_policy(RetryPolicy::default().max_attempts(3))
        .build()
        .expect("client")
}

/// Answers every connection with `answer` verbatim; counts connections.
async fn raw_server(answer: &'static [u8]) -> (u16, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let count = Arc::new(AtomicUsize::new(0));
    let seen = count.clone();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            seen.fetch_add(1, Ordering::SeqCst);
            tokio::spawn(async move {
                let mut request = vec![0u8; 16 * 1024];
                let _ = socket.read(&mut request).await;
                let _ = socket.write_all(answer).await;
                let _ = socket.shutdown().await;
            });
        }
    });
    (port, count)
}

#[tokio::test]
async fn a_refused_connection_names_the_cause_and_the_address() {
    for_each_backend(|backend| async move {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("addr").port();
        drop(listener);
        let clock = FakeClock::new();
        let err = client(&format!("http://127.0.0.1:{port}/1"), backend, &clock)
            .request_json(Method::Get, "/members/me", &[], None)
            .await
            .unwrap_err();
        let text = err.to_string();
        println!("{backend:?}: {text}");
        assert!(
            text.contains(&format!("connection refused (127.0.0.1:{port})")),
            "{backend:?}: {text}"
        );
        assert!(
            !text.contains("error sending request\n") && !text.ends_with("(SendRequest)"),
            "{text}"
        );
        assert_no_secret("a transport error", &text);
        assert_no_secret("a transport error's Debug", &format!("{err:?}"));
    })
    .await;
}

#[tokio::test]
async fn malformed_answers_are_protocol_errors_and_not_retried() {
    let cases: [(&str, &'static [u8]); 3] = [
        ("bad status line", b"HTTP/1.1 abc OK\r\ncontent-length: 2\r\n\r\n{}"),
        (
            "bad chunk size",
            b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
        ),
        (
            "two Content-Lengths",
            b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\ncontent-length: 3\r\n\r\n{}",
        ),
    ];
    for (name, answer) in cases {
        for_each_backend(|backend| async move {
            let (port, connections) = raw_server(answer).await;
            let clock = FakeClock::new();
            let err = client(&format!("http://127.0.0.1:{port}/1"), backend, &clock)
                .request_json(Method::Get, "/members/me", &[], None)
                .await
                .unwrap_err();
            let Error::Transport(failure) = &err else {
                panic!("{backend:?} {name}: {err:?}");
            };
            assert_eq!(
                failure.kind(),
                TransportErrorKind::Protocol,
                "{backend:?} {name}: {err}"
            );
            let text = err.to_string();
            println!("{backend:?} {name}: {text}");
            assert!(
                text.contains("malformed HTTP answer"),
                "{backend:?} {name}: {text}"
            );
            assert_no_secret("a protocol error", &text);
            assert!(!err.is_retryable(), "{backend:?} {name}");
            assert!(clock.sleeps().is_empty(), "{backend:?} {name}: retried");
            assert_eq!(connections.load(Ordering::SeqCst), 1, "{backend:?} {name}");
        })
        .await;
    }
}

#[tokio::test]
async fn an_empty_401_body_says_it_was_empty() {
    for_each_backend(|backend| async move {
        let (port, _) = raw_server(b"HTTP/1.1 401 Unauthorized\r\ncontent-length: 0\r\n\r\n").await;
        let clock = FakeClock::new();
        let err = client(&format!("http://127.0.0.1:{port}/1"), backend, &clock)
            .request_json(Method::Get, "/members/me", &[], None)
            .await
            .unwrap_err();
        let text = err.to_string();
        assert!(matches!(err, Error::PermissionDenied { .. }), "{err:?}");
        assert!(
            text.contains("the answer's body was empty"),
            "{backend:?}: {text}"
        );
        assert!(!text.contains("): ;"), "{text}");
    })
    .await;
}
