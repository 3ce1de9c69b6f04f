//! The `GET /{resource}/{id}/{field}` routes answer one field — a scalar
//! wrapped as `{"_value": …}`, a list or object as itself — and decode as
//! `FieldResponse`, one test per route, through both backends.

use serde_json::{Value, json};
use trello::{
    Backend, Client,
    api::{
        ActionField, BoardField, BoardMembershipsMemberFields, CardField, ChecklistField,
        EnterpriseOrganizationFields, NotificationField, WebhookField,
    },
    models::FieldResponse,
};
use trello_integration_tests::{client, for_each_backend};
use wiremock::{Mock, MockServer, ResponseTemplate, matchers};

const ID: &str = "5abbe4b7ddc1b351ef961414";

/// Serves `answer` on `GET {path}`, sends `call`, and checks the decoded
/// value is `expected`.
async fn field_route<F, Fut>(path: &str, answer: Value, expected: Value, call: F)
where
    F: Fn(Client) -> Fut + Copy,
    Fut: std::future::Future<Output = Result<FieldResponse, trello::Error>>,
{
    let path = path.to_owned();
    for_each_backend(|backend: Backend| {
        let (path, answer, expected) = (path.clone(), answer.clone(), expected.clone());
        async move {
            let server = MockServer::start().await;
            Mock::given(matchers::method("GET"))
                .and(matchers::path(path.as_str()))
                .respond_with(ResponseTemplate::new(200).set_body_json(&answer))
                .expect(1)
                .mount(&server)
                .await;
            let got = call(client(&server.uri(), backend))
                .await
                .unwrap_or_else(|e| panic!("{backend:?} {path}: {e}"));
            assert_eq!(got.value(), &expected, "{backend:?} {path}");
        }
    })
    .await;
}

#[tokio::test]
async fn action_field() {
    field_route(
        &format!("/actions/{ID}/type"),
        json!({"_value": "commentCard"}),
        json!("commentCard"),
        |c| async move { c.actions().field(ID, ActionField::Type).await },
    )
    .await;
}

#[tokio::test]
async fn board_field_scalar_and_list() {
    field_route(
        &format!("/boards/{ID}/name"),
        json!({"_value": "Launch"}),
        json!("Launch"),
        |c| async move { c.boards().field(ID, BoardField::Name).await },
    )
    .await;
    field_route(
        &format!("/boards/{ID}/memberships"),
        json!([{"id": "m1", "memberType": "admin"}]),
        json!([{"id": "m1", "memberType": "admin"}]),
        |c| async move { c.boards().field(ID, BoardField::Memberships).await },
    )
    .await;
}

#[tokio::test]
async fn card_field() {
    field_route(
        &format!("/cards/{ID}/dueComplete"),
        json!({"_value": true}),
        json!(true),
        |c| async move { c.cards().field(ID, CardField::DueComplete).await },
    )
    .await;
}

#[tokio::test]
async fn checklist_field() {
    field_route(
        &format!("/checklists/{ID}/name"),
        json!({"_value": "Todo"}),
        json!("Todo"),
        |c| async move { c.checklists().field(ID, ChecklistField::Name).await },
    )
    .await;
}

#[tokio::test]
async fn member_field() {
    field_route(
        &format!("/members/{ID}/id"),
        json!({"_value": ID}),
        json!(ID),
        |c| async move {
            c.members()
                .field(ID, BoardMembershipsMemberFields::Id)
                .await
        },
    )
    .await;
}

#[tokio::test]
async fn notification_field() {
    field_route(
        &format!("/notifications/{ID}/unread"),
        json!({"_value": false}),
        json!(false),
        |c| async move { c.notifications().field(ID, NotificationField::Unread).await },
    )
    .await;
}

#[tokio::test]
async fn organization_field() {
    field_route(
        &format!("/organizations/{ID}/name"),
        json!({"_value": "acme"}),
        json!("acme"),
        |c| async move {
            c.organizations()
                .field(ID, EnterpriseOrganizationFields::Name)
                .await
        },
    )
    .await;
}

#[tokio::test]
async fn webhook_field_null() {
    field_route(
        &format!("/webhooks/{ID}/description"),
        json!({"_value": null}),
        Value::Null,
        |c| async move { c.webhooks().field(ID, WebhookField::Description).await },
    )
    .await;
}
