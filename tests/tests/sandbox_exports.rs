//! The sandbox's board export lifecycle and the routes Trello renamed in
//! October 2026, through the SDK's generated endpoints and both backends:
//! create, poll until ready, mostRecent, download (400 while not ready, then
//! 302 to a file the sandbox serves), delete.

use bytes::Bytes;
use serde_json::json;
use trello::{Backend, Error, Method};
use trello_integration_tests::{buffered, for_each_backend, sandbox_client};
use trello_sandbox::{Sandbox, SandboxConfig};

/// A GET through the backend's bare transport (no redirect following), with
/// the credentials in the query.
async fn raw_get(backend: Backend, url: &str) -> http::Response<Bytes> {
    let transport = backend.transport().expect("transport");
    let request = http::Request::get(url).body(Bytes::new()).expect("request");
    buffered(transport.send(request).await.expect("answer")).await
}

#[tokio::test]
async fn board_export_lifecycle() {
    for_each_backend(|backend| async move {
        let sandbox = Sandbox::start(SandboxConfig::default())
            .await
            .expect("the sandbox binds loopback");
        let token = sandbox.issue_token("read,write", "1day").await;
        let client = sandbox_client(&sandbox, &token, backend);
        let board = client
            .request_json(
                Method::Post,
                "/boards",
                &[],
                Some(json!({"name": "Exported"})),
            )
            .await
            .expect("board");
        let board_id = board["id"].as_str().expect("id").to_owned();

        let boards = client.boards();
        let export = boards
            .create_export(board_id.as_str())
            .await
            .expect("export created");
        let status = export.status.clone().expect("status");
        assert_eq!(status.finished, Some(false), "{export:?}");
        assert!(export.export_url.is_none(), "{export:?}");

        let auth = format!("key={}&token={token}", sandbox.app_key());
        let download = format!(
            "{}/boards/{board_id}/exports/{}/download?{auth}",
            sandbox.api_url(),
            export.id
        );
        // Not ready yet: 400.
        let early = raw_get(backend, &download).await;
        assert_eq!(early.status(), 400, "{backend:?}");

        // Poll until ready.
        let mut polls = 0;
        let ready = loop {
            polls += 1;
            assert!(polls <= 10, "{backend:?}: the export never finished");
            let e = boards
                .export(board_id.as_str(), export.id.as_str())
                .await
                .expect("poll");
            if e.status.as_ref().and_then(|s| s.finished) == Some(true) {
                break e;
            }
        };
        assert!(ready.export_url.is_some(), "{ready:?}");
        assert!(ready.size.is_some_and(|s| s > 0), "{ready:?}");
        let recent = boards
            .exports_most_recent(board_id.as_str())
            .await
            .expect("mostRecent");
        assert_eq!(recent.id, export.id);

        // Ready: 302 to a file on the sandbox, which serves the bytes.
        let found = raw_get(backend, &download).await;
        assert_eq!(found.status(), 302, "{backend:?}");
        let location = found.headers()["location"]
            .to_str()
            .expect("ascii")
            .to_owned();
        let file = raw_get(backend, &format!("{}{location}", sandbox.url())).await;
        assert_eq!(file.status(), 200, "{backend:?} {location}");
        let bytes: serde_json::Value = serde_json::from_slice(file.body()).expect("JSON file");
        assert_eq!(bytes["id"], board_id.as_str());

        // Delete: gone, as is its file.
        boards
            .delete_export(board_id.as_str(), export.id.as_str())
            .await
            .expect("deleted");
        let err = boards
            .export(board_id.as_str(), export.id.as_str())
            .await
            .expect_err("deleted export");
        assert!(matches!(err, Error::NotFound { .. }), "{err:?}");
        let file = raw_get(backend, &format!("{}{location}", sandbox.url())).await;
        assert_eq!(file.status(), 404);
        let err = boards
            .exports_most_recent(board_id.as_str())
            .await
            .expect_err("no export left");
        assert!(matches!(err, Error::NotFound { .. }), "{err:?}");
    })
    .await;
}

#[tokio::test]
async fn renamed_routes_answer_on_their_new_paths() {
    for_each_backend(|backend| async move {
        let sandbox = Sandbox::start(SandboxConfig::default())
            .await
            .expect("the sandbox binds loopback");
        let token = sandbox.issue_token("read,write", "1day").await;
        let client = sandbox_client(&sandbox, &token, backend);
        let board = client
            .request_json(
                Method::Post,
                "/boards",
                &[],
                Some(json!({"name": "Viewed"})),
            )
            .await
            .expect("board");
        let board_id = board["id"].as_str().expect("id").to_owned();
        // The Rust names stayed; the paths moved.
        let viewed = client
            .boards()
            .mark_as_viewed(board_id.as_str())
            .await
            .expect("markAsViewed");
        assert!(viewed["dateLastView"].is_string(), "{viewed}");
        let settings = client
            .members()
            .notifications_channel_settings("me")
            .await
            .expect("notificationChannelSettings");
        assert_eq!(settings.len(), 1, "{settings:?}");
    })
    .await;
}
