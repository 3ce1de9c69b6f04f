//! Webhooks end to end against the sandbox, through both backends: creating
//! one performs Trello's HEAD check on the callback (a callback that does not
//! answer 200 is refused with 400); changes to the watched board are POSTed
//! in Trello's payload shape with an `X-Trello-Webhook` signature that the
//! SDK's own verifier accepts with the sandbox's app secret.

use std::{sync::Arc, time::Duration};

use axum::{
    Router,
    body::Bytes,
    extract::State,
    http::{HeaderMap, Method, StatusCode},
    routing::any,
};
use serde_json::Value;
use tokio::sync::{Mutex, mpsc};
use trello::{
    AppSecret, Error,
    api::{boards, cards, checklists, webhooks},
    webhook::{Delivery, WebhookVerifier},
};
use trello_integration_tests::{for_each_backend, sandbox_client};
use trello_sandbox::{RateLimits, Sandbox, SandboxConfig};

struct Receiver {
    verifier: WebhookVerifier,
    head_status: StatusCode,
    heads: Mutex<u32>,
    deliveries: mpsc::UnboundedSender<Result<Value, String>>,
}

async fn receive(
    State(receiver): State<Arc<Receiver>>,
    method: Method,
    headers: HeaderMap,
    body: Bytes,
) -> StatusCode {
    let mut request = axum::http::Request::new(body);
    *request.method_mut() = method;
    *request.headers_mut() = headers;
    match receiver.verifier.check(&request) {
        Ok(Delivery::HeadCheck) => {
            *receiver.heads.lock().await += 1;
            receiver.head_status
        }
        Ok(Delivery::Verified(body)) => {
            let parsed = serde_json::from_slice(body).map_err(|e| e.to_string());
            let _ = receiver.deliveries.send(parsed);
            StatusCode::OK
        }
        Err(err) => {
            let _ = receiver.deliveries.send(Err(err.to_string()));
            StatusCode::UNAUTHORIZED
        }
    }
}

/// A receiver on loopback verifying with `secret`; returns its callback URL.
async fn start_receiver(
    secret: &str,
    head_status: StatusCode,
) -> (
    String,
    Arc<Receiver>,
    mpsc::UnboundedReceiver<Result<Value, String>>,
) {
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0))
        .await
        .expect("a loopback port");
    let callback = format!("http://{}/hook", listener.local_addr().expect("addr"));
    let (tx, rx) = mpsc::unbounded_channel();
    let receiver = Arc::new(Receiver {
        verifier: WebhookVerifier::new(AppSecret::new(secret), callback.clone()),
        head_status,
        heads: Mutex::new(0),
        deliveries: tx,
    });
    let app = Router::new()
        .route("/hook", any(receive))
        .with_state(receiver.clone());
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (callback, receiver, rx)
}

async fn next(rx: &mut mpsc::UnboundedReceiver<Result<Value, String>>) -> Value {
    tokio::time::timeout(Duration::from_secs(10), rx.recv())
        .await
        .expect("a delivery within 10 s")
        .expect("the receiver is alive")
        .expect("the delivery verifies with the sandbox's app secret")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn changes_to_a_watched_board_are_delivered_signed() {
    for_each_backend(|backend| async move {
        let sandbox = Sandbox::start(SandboxConfig {
            rate_limits: RateLimits::off(),
            ..SandboxConfig::default()
        })
        .await
        .expect("sandbox");
        let token = sandbox.issue_token("read,write", "1day").await;
        let client = sandbox_client(&sandbox, token.as_str(), backend);
        let (callback, receiver, mut rx) =
            start_receiver(sandbox.app_secret(), StatusCode::OK).await;

        let board = client
            .send(boards::CreateBoard::new("Watched"))
            .await
            .expect("board");
        let lists = client
            .send(boards::GetBoardLists::new(board.id.as_str()))
            .await
            .expect("lists");
        let webhook = client
            .send(
                webhooks::CreateWebhook::new(board.id.as_str(), callback.as_str())
                    .description("test hook"),
            )
            .await
            .expect("webhook created after the HEAD check");
        assert_eq!(
            *receiver.heads.lock().await,
            1,
            "{backend:?}: one HEAD check"
        );
        assert_eq!(webhook.callback_url.as_deref(), Some(callback.as_str()));

        let card = client
            .send(cards::CreateCard::new(lists[0].id.as_str()).name("Hello"))
            .await
            .expect("card");
        let delivery = next(&mut rx).await;
        assert_eq!(delivery["action"]["type"], "createCard", "{delivery}");
        assert_eq!(delivery["action"]["data"]["card"]["id"], card.id.as_str());
        assert_eq!(delivery["action"]["data"]["board"]["id"], board.id.as_str());
        assert_eq!(delivery["model"]["id"], board.id.as_str());
        assert_eq!(delivery["webhook"]["id"], webhook.id.as_str());
        assert_eq!(delivery["webhook"]["callbackURL"], callback.as_str());

        client
            .send(cards::UpdateCard::new(card.id.as_str()).name("Renamed"))
            .await
            .expect("update");
        let delivery = next(&mut rx).await;
        assert_eq!(delivery["action"]["type"], "updateCard", "{delivery}");
        assert_eq!(delivery["action"]["data"]["card"]["name"], "Renamed");

        // A deleted webhook delivers nothing more.
        client
            .send(webhooks::DeleteWebhook::new(webhook.id.as_str()))
            .await
            .expect("delete webhook");
        client
            .send(cards::UpdateCard::new(card.id.as_str()).name("Quiet"))
            .await
            .expect("update");
        assert!(
            tokio::time::timeout(Duration::from_millis(300), rx.recv())
                .await
                .is_err(),
            "{backend:?}: no delivery after the webhook was deleted"
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_callback_failing_the_head_check_is_refused_and_a_wrong_secret_fails_verification() {
    for_each_backend(|backend| async move {
        let sandbox = Sandbox::start(SandboxConfig::default())
            .await
            .expect("sandbox");
        let token = sandbox.issue_token("read,write", "1day").await;
        let client = sandbox_client(&sandbox, token.as_str(), backend);
        let board = client
            .send(boards::CreateBoard::new("B"))
            .await
            .expect("board");

        let (gone, _, _rx) = start_receiver(sandbox.app_secret(), StatusCode::GONE).await;
        let err = client
            .send(webhooks::CreateWebhook::new(
                board.id.as_str(),
                gone.as_str(),
            ))
            .await
            .expect_err("a callback answering 410 to HEAD is refused");
        assert_eq!(
            err.status().map(|s| s.as_u16()),
            Some(400),
            "{backend:?}: {err}"
        );
        assert!(err.to_string().contains("did not return 200"), "{err}");
        assert!(!matches!(err, Error::NotFound { .. }));

        // A receiver holding another secret refuses the delivery: the
        // signature really depends on the sandbox's app secret.
        let (callback, _, mut rx) = start_receiver("not-the-secret", StatusCode::OK).await;
        client
            .send(webhooks::CreateWebhook::new(
                board.id.as_str(),
                callback.as_str(),
            ))
            .await
            .expect("webhook");
        client
            .send(boards::UpdateBoard::new(board.id.as_str()).name("Renamed"))
            .await
            .expect("update");
        let refused = tokio::time::timeout(Duration::from_secs(10), rx.recv())
            .await
            .expect("a delivery")
            .expect("alive");
        assert!(refused.is_err(), "{backend:?}: {refused:?}");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nested_changes_deliver_the_action_they_stored() {
    for_each_backend(|backend| async move {
        let sandbox = Sandbox::start(SandboxConfig {
            rate_limits: RateLimits::off(),
            ..SandboxConfig::default()
        })
        .await
        .expect("sandbox");
        let board = sandbox.seed_board(None, "Watched").await.expect("board");
        let list = sandbox.seed_list(None, &board, "L").await.expect("list");
        let card = sandbox.seed_card(None, &list, "C").await.expect("card");
        let ann = sandbox
            .seed_member(None, "ann", "Ann Example")
            .await
            .expect("member");
        let token = sandbox.issue_token("read,write", "1day").await;
        let client = sandbox_client(&sandbox, token.as_str(), backend);
        let (callback, _receiver, mut rx) =
            start_receiver(sandbox.app_secret(), StatusCode::OK).await;
        client
            .send(webhooks::CreateWebhook::new(
                card.as_str(),
                callback.as_str(),
            ))
            .await
            .expect("webhook on the card");

        let checklist = client
            .send(cards::CreateCardChecklist::new(card.as_str()).name("Steps"))
            .await
            .expect("checklist");
        let delivery = next(&mut rx).await;
        assert_eq!(
            delivery["action"]["type"], "addChecklistToCard",
            "{delivery}"
        );
        assert_eq!(
            delivery["action"]["data"]["checklist"]["id"],
            checklist.id.as_str()
        );
        assert_eq!(delivery["model"]["id"], card.as_str(), "the watched card");
        let typed: trello::webhook::WebhookDelivery =
            serde_json::from_value(delivery.clone()).expect("the SDK's delivery model decodes it");
        assert_eq!(typed.model.id, card);
        let item = client
            .send(checklists::CreateChecklistCheckItem::new(
                checklist.id.as_str(),
                "one",
            ))
            .await
            .expect("item");
        assert_eq!(next(&mut rx).await["action"]["type"], "createCheckItem");
        client
            .send(
                cards::UpdateCardCheckItem::new(card.as_str(), item.id.as_str())
                    .state(trello::api::enums::State::Complete),
            )
            .await
            .expect("complete");
        let delivery = next(&mut rx).await;
        assert_eq!(
            delivery["action"]["type"], "updateCheckItemStateOnCard",
            "{backend:?}"
        );
        assert_eq!(delivery["action"]["data"]["checkItem"]["state"], "complete");
        client
            .send(cards::UpdateCard::new(card.as_str()).name("Renamed"))
            .await
            .expect("rename");
        let delivery = next(&mut rx).await;
        assert_eq!(delivery["action"]["type"], "updateCard");
        assert_eq!(delivery["action"]["data"]["old"]["name"], "C", "{delivery}");
        // The delivered action is the stored one.
        let stored = client
            .request_json(
                trello::Method::Get,
                &format!("/cards/{card}/actions"),
                &[("filter", "all")],
                None,
            )
            .await
            .expect("actions");
        assert_eq!(stored[0]["id"], delivery["action"]["id"], "{stored}");

        // A board's webhook hears about its members.
        client
            .send(webhooks::CreateWebhook::new(
                board.as_str(),
                callback.as_str(),
            ))
            .await
            .expect("webhook on the board");
        client
            .send(boards::UpdateBoardMember::new(
                board.as_str(),
                ann.as_str(),
                trello::api::enums::BoardType::Normal,
            ))
            .await
            .expect("add member");
        let delivery = next(&mut rx).await;
        assert_eq!(delivery["action"]["type"], "addMemberToBoard", "{delivery}");
        assert_eq!(delivery["action"]["data"]["idMemberAdded"], ann.as_str());
        assert_eq!(delivery["model"]["id"], board.as_str());
    })
    .await;
}
