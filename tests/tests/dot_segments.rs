//! Dot segments (`.`, `..`, `%2e`, `.%2E` …) in any path parameter are
//! refused as `InvalidInput` before the wire, through both backends: typed
//! handles, free-text parameters, raw helpers, pagination and downloads.
//! The server behind the client answers anything, and must see nothing.

use futures_util::StreamExt as _;
use trello::{AuthPlacement, Error, Method};
use trello_integration_tests::{builder, for_each_backend};
use wiremock::{Mock, MockServer, ResponseTemplate, matchers::any};

const DOTS: [&str; 7] = [".", "..", "%2e", "%2E%2E", ".%2E", "%2e.", "%2E%2e"];

fn refused(what: &str, result: Result<impl std::fmt::Debug, Error>) {
    match result {
        // Typed ids refuse dots as not-an-id; free-text ones as dot segments.
        Err(Error::InvalidInput(message)) => {
            assert!(
                message.contains("dot segment") || message.contains("expected a Trello id"),
                "{what}: {message}"
            );
        }
        other => panic!("{what}: expected InvalidInput, got {other:?}"),
    }
}

#[tokio::test]
async fn dot_segments_never_reach_the_server() {
    for_each_backend(|backend| async move {
        let server = MockServer::start().await;
        Mock::given(any())
            .respond_with(ResponseTemplate::new(200).set_body_raw("{}", "application/json"))
            .mount(&server)
            .await;
        let client = builder(
            &format!("{}/1", server.uri()),
            backend,
            AuthPlacement::Header,
        )
        .build()
        .expect("client");
        for dots in DOTS {
            refused(
                &format!("lists().get({dots})"),
                client.lists().get(dots).send().await,
            );
            refused(
                &format!("cards().get({dots})"),
                client.cards().get(dots).send().await,
            );
            refused(
                &format!("download fileName {dots}"),
                client
                    .download_attachment_file("5abbe4b7ddc1b351ef961414", "a", dots)
                    .await,
            );
            refused(
                &format!("download idAttachment {dots}"),
                client
                    .download_attachment_file("5abbe4b7ddc1b351ef961414", dots, "f.png")
                    .await,
            );
            refused(
                &format!("board export {dots}"),
                client
                    .download_board_export("5abbe4b7ddc1b351ef961414", dots)
                    .await
                    .map(|_| ()),
            );
            refused(
                &format!("request_json /lists/{dots}"),
                client
                    .request_json(Method::Get, &format!("/lists/{dots}"), &[], None)
                    .await,
            );
            refused(
                &format!("request_bytes /boards/{dots}/cards"),
                client
                    .request_bytes(Method::Delete, &format!("/boards/{dots}/cards"), &[], None)
                    .await,
            );
            // Pagination: the stream's first item is the refusal.
            let first: Vec<_> = client.board_actions(dots).limit(2).stream().collect().await;
            assert_eq!(first.len(), 1, "board_actions({dots})");
            refused(
                &format!("board_actions({dots})"),
                first.into_iter().next().expect("one item"),
            );
        }
        let seen = server.received_requests().await.map_or(0, |r| r.len());
        assert_eq!(seen, 0, "{backend:?}: a dot segment reached the wire");

        // A name of three dots is no dot segment: it is sent, encoded.
        client
            .download_attachment_file("5abbe4b7ddc1b351ef961414", "a", "...")
            .await
            .expect("three dots");
        let seen = server.received_requests().await.expect("recorded");
        assert_eq!(
            seen[0].url.path(),
            "/1/cards/5abbe4b7ddc1b351ef961414/attachments/a/download/%2E%2E%2E"
        );
    })
    .await;
}
