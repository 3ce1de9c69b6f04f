//! The user's tests: one unit test on `MockTransport` (no server, no
//! `async-trait`, no `http` in this crate), one against the sandbox.

use serde_json::json;
use trello::{
    Client, Credentials,
    testing::{MockAnswer, MockTransport},
};
use trello_sandbox::{Sandbox, SandboxConfig};
use trello_user_crate_example::archive_done_cards;

const LIST: &str = "5abbe4b7ddc1b351ef961400";

#[tokio::test]
async fn with_a_mock_transport() {
    let mock = MockTransport::new();
    mock.push_json(
        200,
        &json!([
            {"id": "5abbe4b7ddc1b351ef961401", "name": "[done] ship it"},
            {"id": "5abbe4b7ddc1b351ef961402", "name": "still open"},
        ]),
    )
    .push_json(200, &json!({"id": "5abbe4b7ddc1b351ef961401", "closed": true}));
    let client = mock.client().expect("client");

    assert_eq!(archive_done_cards(&client, LIST).await.expect("archived"), 1);

    let sent = mock.requests();
    assert_eq!(sent.len(), 2);
    assert_eq!(sent[0].path, format!("/1/lists/{LIST}/cards"));
    assert_eq!(sent[1].method, "PUT");
    assert_eq!(sent[1].path, "/1/cards/5abbe4b7ddc1b351ef961401");
    assert_eq!(sent[1].body_json().expect("json")["closed"], true);
    assert_eq!(sent[1].header("authorization"), Some("REDACTED"));

    // Trello's errors come back typed.
    mock.push(MockAnswer::text(401, "invalid token"));
    let err = archive_done_cards(&client, LIST).await.expect_err("401");
    assert!(matches!(err, trello::Error::InvalidToken), "{err:?}");
}

#[tokio::test]
async fn against_the_sandbox() {
    let sandbox = Sandbox::start(SandboxConfig::default())
        .await
        .expect("the sandbox binds a free loopback port");
    let board = sandbox.seed_board(None, "Team").await.expect("board");
    let list = sandbox.seed_list(None, &board, "Doing").await.expect("list");
    let done = sandbox
        .seed_card(None, &list, "[done] ship it")
        .await
        .expect("card");
    sandbox
        .seed_card(None, &list, "still open")
        .await
        .expect("card");
    let token = sandbox
        .issue_token_with("read,write", "1day")
        .await
        .expect("token");
    let client = Client::builder()
        .base_url(sandbox.api_url())
        .credentials(Credentials::new(sandbox.app_key(), token.as_str()))
        .build()
        .expect("client");

    assert_eq!(archive_done_cards(&client, &list).await.expect("archived"), 1);
    let card = client.cards().get(done.as_str()).await.expect("card");
    assert_eq!(card.closed, Some(true));
    // Archived cards leave the list's open cards.
    assert_eq!(archive_done_cards(&client, &list).await.expect("again"), 0);

    // What the sandbox received, credentials redacted.
    let log = sandbox.request_log().await;
    assert!(log.iter().any(|r| r.method == "PUT" && r.uri == format!("/1/cards/{done}")));
    assert!(!format!("{log:?}").contains(token.as_str()));

    // Faults: a 503 on the next call surfaces as Trello's error after the
    // SDK's retries are spent (GET is retried), so inject several.
    sandbox.fail_next(&[503; 8]).await;
    assert!(archive_done_cards(&client, &list).await.is_err());
}
