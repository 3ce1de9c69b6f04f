//! A 1 GiB download through both backends keeps memory bounded by the chunk
//! size: a counting allocator measures the most bytes live at once during
//! the download (bytes buffered, not time). This file holds one test so no
//! other test allocates while it measures.

use std::{
    alloc::{GlobalAlloc, Layout, System},
    pin::Pin,
    sync::atomic::{AtomicUsize, Ordering},
    task::{Context, Poll},
};

use tokio::{
    io::{AsyncReadExt, AsyncWrite, AsyncWriteExt},
    net::TcpListener,
};
use trello::AuthPlacement;
use trello_integration_tests::{builder, for_each_backend};

/// Counts live heap bytes and their peak.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: forwards to the system allocator unchanged; only counts sizes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: same contract as the caller's.
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(live, Ordering::Relaxed);
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const SIZE: u64 = 1 << 30;
const CHUNK: usize = 256 * 1024;

/// A writer that counts and discards.
#[derive(Default)]
struct Sink(u64);

impl AsyncWrite for Sink {
    fn poll_write(
        mut self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        self.0 += buf.len() as u64;
        Poll::Ready(Ok(buf.len()))
    }
    fn poll_flush(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Poll::Ready(Ok(()))
    }
    fn poll_shutdown(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Poll::Ready(Ok(()))
    }
}

/// Serves one 1 GiB file (after reading the request head) from one buffer.
async fn file_server() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("addr").port();
    tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.expect("accept");
        let mut request = vec![0u8; 16 * 1024];
        let _ = socket.read(&mut request).await;
        let head = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/octet-stream\r\ncontent-length: {SIZE}\r\n\r\n"
        );
        socket.write_all(head.as_bytes()).await.expect("head");
        let chunk = vec![7u8; CHUNK];
        let mut sent = 0u64;
        while sent < SIZE {
            if socket.write_all(&chunk).await.is_err() {
                return;
            }
            sent += CHUNK as u64;
        }
        let _ = socket.shutdown().await;
    });
    port
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_one_gib_download_buffers_a_few_chunks_at_most() {
    for_each_backend(|backend| async move {
        let port = file_server().await;
        let client = builder(
            &format!("http://127.0.0.1:{port}/1"),
            backend,
            AuthPlacement::Header,
        )
        .build()
        .expect("client");
        let download = client
            .download_board_export("5abbe4b7ddc1b351ef961414", "5abbe4b7ddc1b351ef961416")
            .await
            .expect("download");
        assert_eq!(download.content_length(), Some(SIZE));
        let before = LIVE.load(Ordering::Relaxed);
        PEAK.store(before, Ordering::Relaxed);
        let mut sink = Sink::default();
        let written = download.write_to(&mut sink).await.expect("written");
        let peak = PEAK.load(Ordering::Relaxed).saturating_sub(before);
        assert_eq!(written, SIZE, "{backend:?}");
        assert_eq!(sink.0, SIZE, "{backend:?}");
        println!("{backend:?}: 1 GiB downloaded, at most {peak} bytes buffered at once");
        assert!(
            peak < 8 << 20,
            "{backend:?}: {peak} bytes were live at once during a 1 GiB download"
        );
    })
    .await;
}
