//! Answer bodies are capped while they arrive, in core, through both
//! backends: a 200 announcing 2 GiB, and an endless chunked 200, fail with
//! `Error::BodyTooLarge` after reading at most the cap, and the connection is
//! closed rather than drained (the server's writes fail soon after).

use std::{
    sync::{
        Arc,
        atomic::{AtomicU64, Ordering},
    },
    time::Duration,
};

use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::TcpListener,
};
use trello::{AuthPlacement, CallOptions, Error, Method};
use trello_integration_tests::{builder, for_each_backend};

/// How a hostile server frames its endless body.
#[derive(Clone, Copy, Debug)]
enum Framing {
    /// `Content-Length: 2 GiB`, then bytes until the client goes away.
    HugeLength,
    /// `Transfer-Encoding: chunked`, chunks forever.
    EndlessChunks,
}

const CHUNK: usize = 64 * 1024;

/// Serves one connection with an endless 200 body; returns the port, the
/// count of body bytes written so far, and a task that ends when a write
/// fails (the client closed the connection).
async fn hostile_server(framing: Framing) -> (u16, Arc<AtomicU64>, tokio::task::JoinHandle<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let written = Arc::new(AtomicU64::new(0));
    let counter = written.clone();
    let task = tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.expect("accept");
        let mut request = vec![0u8; 16 * 1024];
        let _ = socket.read(&mut request).await;
        let head = match framing {
            Framing::HugeLength => format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
                2u64 << 30
            ),
            Framing::EndlessChunks => "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n\
                 transfer-encoding: chunked\r\n\r\n"
                .to_owned(),
        };
        if socket.write_all(head.as_bytes()).await.is_err() {
            return;
        }
        let data = vec![b' '; CHUNK];
        let mut chunk = Vec::with_capacity(CHUNK + 16);
        match framing {
            Framing::HugeLength => chunk.extend_from_slice(&data),
            Framing::EndlessChunks => {
                chunk.extend_from_slice(format!("{CHUNK:x}\r\n").as_bytes());
                chunk.extend_from_slice(&data);
                chunk.extend_from_slice(b"\r\n");
            }
        }
        while socket.write_all(&chunk).await.is_ok() {
            counter.fetch_add(CHUNK as u64, Ordering::Relaxed);
        }
    });
    (port, written, task)
}

#[tokio::test]
async fn hostile_bodies_stop_at_the_cap_and_the_connection_is_dropped() {
    for framing in [Framing::HugeLength, Framing::EndlessChunks] {
        for_each_backend(|backend| async move {
            let (port, written, server) = hostile_server(framing).await;
            let client = builder(
                &format!("http://127.0.0.1:{port}/1"),
                backend,
                AuthPlacement::Header,
            )
            .retry_policy(trello::RetryPolicy::disabled())
            .max_body_size(1 << 20)
            .build()
            .expect("client");
            let err = client
                .request_json(Method::Get, "/boards/x", &[], None)
                .await
                .unwrap_err();
            assert!(
                matches!(&err, Error::BodyTooLarge { limit, .. } if *limit == 1 << 20),
                "{backend:?} {framing:?}: {err:?}"
            );
            let text = err.to_string();
            assert!(
                text.contains("1048576-byte limit") && text.contains("max_body_size"),
                "{text}"
            );
            drop(client);
            // The client closed the connection: the server's writes fail
            // soon, instead of the client draining 2 GiB or forever.
            tokio::time::timeout(Duration::from_secs(20), server)
                .await
                .unwrap_or_else(|_| panic!("{backend:?} {framing:?}: the connection was drained"))
                .expect("server task");
            // What was written is the cap plus what socket buffers hold.
            let total = written.load(Ordering::Relaxed);
            assert!(
                total < 64 << 20,
                "{backend:?} {framing:?}: the server wrote {total} bytes"
            );
        })
        .await;
    }
}

#[tokio::test]
async fn the_per_call_cap_overrides_the_client_cap() {
    for_each_backend(|backend| async move {
        let server = wiremock::MockServer::start().await;
        wiremock::Mock::given(wiremock::matchers::method("GET"))
            .respond_with(wiremock::ResponseTemplate::new(200).set_body_raw(
                format!(r#"{{"name":"{}"}}"#, "x".repeat(4096)),
                "application/json",
            ))
            .mount(&server)
            .await;
        let client = builder(
            &format!("{}/1", server.uri()),
            backend,
            AuthPlacement::Header,
        )
        .build()
        .expect("client");
        // Under the default cap the answer decodes.
        let value = client
            .request_json(Method::Get, "/boards/x", &[], None)
            .await
            .expect("default cap");
        assert_eq!(value["name"].as_str().map(str::len), Some(4096));
        // A per-call cap of 1 KiB refuses it, without retrying.
        let err = client
            .request_json_with(
                Method::Get,
                "/boards/x",
                &[],
                None,
                CallOptions::new().max_body_size(1024),
            )
            .await
            .unwrap_err();
        assert!(
            matches!(&err, Error::BodyTooLarge { limit: 1024, .. }),
            "{backend:?}: {err:?}"
        );
        let seen = server.received_requests().await.map_or(0, |r| r.len());
        assert_eq!(seen, 2, "{backend:?}: a too-large answer is not retried");
    })
    .await;
}
