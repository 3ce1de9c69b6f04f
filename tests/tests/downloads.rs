//! Downloads through both backends: Trello's 302 to its storage host is
//! followed without the credentials, loops and non-https targets are
//! refused, board exports download by path, and bodies stream to a writer.

use trello::{AuthPlacement, Error};
use trello_integration_tests::{
    CANARY_KEY, CANARY_TOKEN, assert_no_secret, builder, for_each_backend,
};
use wiremock::{
    Mock, MockServer, Request, ResponseTemplate,
    matchers::{method, path},
};

const CARD: &str = "5abbe4b7ddc1b351ef961414";
const ATTACHMENT: &str = "5abbe4b7ddc1b351ef961415";
const EXPORT: &str = "5abbe4b7ddc1b351ef961416";
const FILE: &[u8] = b"\x89PNG not really, but bytes";

fn download_route() -> String {
    format!("/1/cards/{CARD}/attachments/{ATTACHMENT}/download/f.png")
}

fn api_client(server: &MockServer, backend: trello::Backend) -> trello::Client {
    // Query placement: downloads must still keep key and token out of URLs.
    builder(
        &format!("{}/1", server.uri()),
        backend,
        AuthPlacement::Query,
    )
    .retry_policy(trello::RetryPolicy::disabled())
    .build()
    .expect("client")
}

/// Everything a request carried that could hold a credential.
fn everything(request: &Request) -> String {
    let mut all = request.url.to_string();
    for (name, value) in &request.headers {
        all.push_str(&format!("\n{name}: {value:?}"));
    }
    all.push_str(&String::from_utf8_lossy(&request.body));
    all
}

async fn storage_server() -> MockServer {
    let storage = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/storage/f.png"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(FILE, "image/png"))
        .mount(&storage)
        .await;
    storage
}

#[tokio::test]
async fn the_storage_redirect_is_followed_without_credentials() {
    for_each_backend(|backend| async move {
        for status in [301u16, 302, 303, 307, 308] {
            let api = MockServer::start().await;
            let storage = storage_server().await;
            Mock::given(method("GET"))
                .and(path(download_route()))
                .respond_with(ResponseTemplate::new(status).insert_header(
                    "location",
                    format!("{}/storage/f.png?Signature=abc&Expires=1", storage.uri()),
                ))
                .mount(&api)
                .await;
            let client = api_client(&api, backend);
            let bytes = client
                .download_attachment_file(CARD, ATTACHMENT, "f.png")
                .await
                .unwrap_or_else(|err| panic!("{backend:?} {status}: {err}"));
            assert_eq!(&bytes[..], FILE, "{backend:?} {status}");

            let api_seen = api.received_requests().await.expect("recorded");
            assert_eq!(api_seen.len(), 1);
            assert!(
                api_seen[0].headers.contains_key("authorization"),
                "the API host gets the credentials"
            );
            assert!(api_seen[0].url.query().is_none(), "{}", api_seen[0].url);
            let storage_seen = storage.received_requests().await.expect("recorded");
            assert_eq!(storage_seen.len(), 1, "{backend:?} {status}");
            let hop = &storage_seen[0];
            assert!(
                !hop.headers.contains_key("authorization"),
                "{backend:?} {status}: the storage host got an Authorization header"
            );
            assert!(
                !hop.url
                    .query_pairs()
                    .any(|(k, _)| k == "key" || k == "token"),
                "{}",
                hop.url
            );
            assert_no_secret("the storage request", &everything(hop));
            assert_eq!(hop.url.query(), Some("Signature=abc&Expires=1"));
        }
    })
    .await;
}

#[tokio::test]
async fn a_streamed_download_writes_to_a_file_and_a_writer() {
    for_each_backend(|backend| async move {
        let api = MockServer::start().await;
        let storage = storage_server().await;
        Mock::given(method("GET"))
            .and(path(download_route()))
            .respond_with(
                ResponseTemplate::new(302)
                    .insert_header("location", format!("{}/storage/f.png", storage.uri())),
            )
            .mount(&api)
            .await;
        let client = api_client(&api, backend);
        let download = client
            .download_attachment_file_stream(CARD, ATTACHMENT, "f.png")
            .await
            .expect("download");
        assert_eq!(download.content_type(), Some("image/png"));
        assert_eq!(download.content_length(), Some(FILE.len() as u64));
        let mut sink = Vec::new();
        assert_eq!(
            download.write_to(&mut sink).await.expect("written"),
            FILE.len() as u64
        );
        assert_eq!(sink, FILE);

        let dir =
            std::env::temp_dir().join(format!("trello-dl-{}-{backend:?}", std::process::id()));
        let download = client
            .download_attachment_file_stream(CARD, ATTACHMENT, "f.png")
            .await
            .expect("download");
        download.save_to_file(&dir).await.expect("saved");
        assert_eq!(std::fs::read(&dir).expect("file"), FILE);
        let _ = std::fs::remove_file(&dir);
    })
    .await;
}

#[tokio::test]
async fn redirect_loops_and_unsafe_targets_are_refused() {
    for_each_backend(|backend| async move {
        // A loop: the download route redirects to itself.
        let api = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path(download_route()))
            .respond_with(
                ResponseTemplate::new(302)
                    .insert_header("location", format!("{}{}", api.uri(), download_route())),
            )
            .mount(&api)
            .await;
        let client = api_client(&api, backend);
        let err = client
            .download_attachment_file(CARD, ATTACHMENT, "f.png")
            .await
            .unwrap_err();
        assert!(
            matches!(&err, Error::Redirect { .. }),
            "{backend:?}: {err:?}"
        );
        assert!(err.to_string().contains("more than 5 redirects"), "{err}");
        let seen = api.received_requests().await.expect("recorded").len();
        assert_eq!(
            seen,
            1 + trello_core::client::MAX_DOWNLOAD_REDIRECTS,
            "{backend:?}"
        );

        // Plain http to a non-loopback host, a look-alike host over http,
        // another scheme, and a missing Location: nothing is followed.
        for target in [
            Some("http://trello-attachments.example/f.png"),
            Some("http://api.trello.com.attacker.example/f.png"),
            Some("ftp://127.0.0.1/f.png"),
            None,
        ] {
            let api = MockServer::start().await;
            let mut answer = ResponseTemplate::new(302);
            if let Some(target) = target {
                answer = answer.insert_header("location", target);
            }
            Mock::given(method("GET"))
                .and(path(download_route()))
                .respond_with(answer)
                .mount(&api)
                .await;
            let err = api_client(&api, backend)
                .download_attachment_file(CARD, ATTACHMENT, "f.png")
                .await
                .unwrap_err();
            assert!(
                matches!(&err, Error::Redirect { .. }),
                "{backend:?} {target:?}: {err:?}"
            );
            assert_no_secret("the redirect error", &err.to_string());
        }
    })
    .await;
}

#[tokio::test]
async fn only_download_routes_follow_redirects() {
    for_each_backend(|backend| async move {
        let api = MockServer::start().await;
        let storage = storage_server().await;
        Mock::given(method("GET"))
            .and(path("/1/boards/x"))
            .respond_with(
                ResponseTemplate::new(302)
                    .insert_header("location", format!("{}/storage/f.png", storage.uri())),
            )
            .mount(&api)
            .await;
        let err = api_client(&api, backend)
            .request_json(trello::Method::Get, "/boards/x", &[], None)
            .await
            .unwrap_err();
        assert_eq!(err.status().map(|s| s.as_u16()), Some(302), "{err:?}");
        assert_eq!(
            storage.received_requests().await.expect("recorded").len(),
            0
        );
    })
    .await;
}

#[tokio::test]
async fn board_exports_download_by_path_with_header_credentials() {
    for_each_backend(|backend| async move {
        let api = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path(format!("/1/boards/{CARD}/exports/{EXPORT}/download")))
            .respond_with(
                ResponseTemplate::new(200).set_body_raw("{\"export\":1}", "application/json"),
            )
            .mount(&api)
            .await;
        let download = api_client(&api, backend)
            .download_board_export(CARD, EXPORT)
            .await
            .unwrap_or_else(|err| panic!("{backend:?}: {err}"));
        let mut sink = Vec::new();
        download.write_to(&mut sink).await.expect("written");
        assert_eq!(sink, b"{\"export\":1}");
        let seen = api.received_requests().await.expect("recorded");
        let auth = seen[0].headers.get("authorization").expect("header auth");
        let auth = auth.to_str().expect("ascii");
        assert!(auth.contains(CANARY_KEY) && auth.contains(CANARY_TOKEN));
        assert!(seen[0].url.query().is_none(), "{}", seen[0].url);
        assert_eq!(
            seen[0].headers.get("accept").map(|v| v.as_bytes()),
            Some(&b"*/*"[..])
        );
    })
    .await;
}

#[tokio::test]
async fn a_stalled_download_body_times_out() {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

    for_each_backend(|backend| async move {
        // Head and 5 of 100 bytes, then silence (the socket stays open).
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let server = tokio::spawn(async move {
            let (mut socket, _) = listener.accept().await.expect("accept");
            let mut request = vec![0u8; 16 * 1024];
            let _ = socket.read(&mut request).await;
            let _ = socket
                .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\nhello")
                .await;
            tokio::time::sleep(std::time::Duration::from_secs(30)).await;
            drop(socket);
        });
        let client = builder(
            &format!("http://127.0.0.1:{port}/1"),
            backend,
            AuthPlacement::Header,
        )
        .attempt_timeout(Some(std::time::Duration::from_millis(300)))
        .build()
        .expect("client");
        let download = client
            .download_board_export(CARD, EXPORT)
            .await
            .expect("the head arrives");
        let mut sink = Vec::new();
        let err = tokio::time::timeout(
            std::time::Duration::from_secs(10),
            download.write_to(&mut sink),
        )
        .await
        .unwrap_or_else(|_| panic!("{backend:?}: the stalled body hung the caller"))
        .unwrap_err();
        assert!(
            matches!(&err, Error::Transport(e) if e.kind() == trello::TransportErrorKind::Timeout),
            "{backend:?}: {err:?}"
        );
        assert_eq!(sink, b"hello");
        server.abort();
    })
    .await;
}
