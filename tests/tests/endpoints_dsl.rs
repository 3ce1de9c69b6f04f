//! The endpoints declared with `#[endpoint]` in the facade, against wiremock
//! on loopback through both backends: method, path, exact query, JSON body
//! and where the credentials went.

use serde_json::{Value, json};
use trello::{
    AuthPlacement, Backend, Client, Ignored,
    api::{BoardBackgrounds, Position},
    boards::GetBoard,
    cards::{DeleteCard, UpdateCard},
    members::GetMember,
};
const B1: &str = "5abbe4b7ddc1b351ef961b01";
const C1: &str = "5abbe4b7ddc1b351ef961c01";
const C2: &str = "5abbe4b7ddc1b351ef961c02";
const L1: &str = "5abbe4b7ddc1b351ef961a01";
const M1: &str = "5abbe4b7ddc1b351ef961d01";
const M2: &str = "5abbe4b7ddc1b351ef961d02";

use trello_integration_tests::{CANARY_KEY, CANARY_TOKEN, client_with, for_each_backend};
use wiremock::{Mock, MockServer, Request, ResponseTemplate, matchers};

/// What one recorded request looked like.
#[derive(Debug, PartialEq)]
struct Seen {
    method: String,
    path: String,
    query: Option<String>,
    body: Value,
    authorization: Option<String>,
}

fn seen(request: &Request) -> Seen {
    Seen {
        method: request.method.to_string(),
        path: request.url.path().to_owned(),
        query: request.url.query().map(str::to_owned),
        body: if request.body.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&request.body)
                .unwrap_or_else(|err| panic!("the body is not JSON ({err}): {request:?}"))
        },
        authorization: request
            .headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned),
    }
}

fn header() -> Option<String> {
    Some(format!(
        "OAuth oauth_consumer_key=\"{CANARY_KEY}\", oauth_token=\"{CANARY_TOKEN}\""
    ))
}

/// A server answering everything with `answer`, and a client on `backend`
/// whose base URL has the `/1` prefix of the real API.
async fn setup(answer: Value, backend: Backend, placement: AuthPlacement) -> (MockServer, Client) {
    let server = MockServer::start().await;
    Mock::given(matchers::any())
        .respond_with(ResponseTemplate::new(200).set_body_json(answer))
        .mount(&server)
        .await;
    let client = client_with(&format!("{}/1", server.uri()), backend, placement);
    (server, client)
}

async fn only_request(server: &MockServer) -> Seen {
    let requests = server.received_requests().await.unwrap_or_default();
    assert_eq!(
        requests.len(),
        1,
        "exactly one request expected: {requests:?}"
    );
    seen(&requests[0])
}

#[tokio::test]
async fn get_member_sends_the_query_in_declaration_order() {
    for_each_backend(|backend| async move {
        let answer =
            json!({"id": "m1", "fullName": "Bob Tester", "username": "bob", "futureField": true});
        let (server, client) = setup(answer, backend, AuthPlacement::Header).await;
        let member = client
            .members()
            .get("me")
            .board_stars(true)
            .fields(["fullName", "username"])
            .board_backgrounds(BoardBackgrounds::Custom)
            .await
            .unwrap_or_else(|e| panic!("{backend:?}: {e}"));
        assert_eq!(member.id, "m1");
        assert_eq!(member.full_name.as_deref(), Some("Bob Tester"));
        assert_eq!(
            member.extra.get("futureField"),
            Some(&json!(true)),
            "{backend:?}"
        );
        assert_eq!(
            only_request(&server).await,
            Seen {
                method: "GET".into(),
                path: "/1/members/me".into(),
                query: Some(
                    "boardBackgrounds=custom&boardStars=true&fields=fullName%2Cusername".into()
                ),
                body: Value::Null,
                authorization: header(),
            },
            "{backend:?}"
        );
    })
    .await;
}

#[tokio::test]
async fn path_values_are_one_encoded_segment() {
    for_each_backend(|backend| async move {
        let (server, client) = setup(json!({"id": "m1"}), backend, AuthPlacement::Header).await;
        // A free-text path parameter is encoded as one segment…
        client
            .send(trello::tokens::GetToken::new("../a/b?c#d"))
            .await
            .unwrap_or_else(|e| panic!("{backend:?}: {e}"));
        let request = only_request(&server).await;
        assert_eq!(request.path, "/1/tokens/..%2Fa%2Fb%3Fc%23d", "{backend:?}");

        // A list id is checked like a card id on every route (issue 17).
        let err = client
            .send(trello::lists::GetList::new("my list"))
            .await
            .expect_err("not a list id");
        assert!(err.to_string().contains("parameter `id`"), "{err}");
        assert_eq!(request.query, None, "{backend:?}");

        // …and a typed id refuses what cannot be an id, before sending.
        let err = client
            .send(GetMember::new("../a/b?c#d"))
            .await
            .expect_err("not a member id");
        assert!(
            matches!(err, trello::Error::InvalidInput(_)),
            "{backend:?}: {err:?}"
        );
        let err = client
            .members()
            .get("")
            .await
            .expect_err("an empty id is refused before sending");
        assert!(err.to_string().contains("`id`"), "{backend:?}: {err}");
        assert_eq!(server.received_requests().await.map(|r| r.len()), Some(1));
    })
    .await;
}

#[tokio::test]
async fn get_board_with_credentials_in_the_query() {
    for_each_backend(|backend| async move {
        let answer = json!({
            "id": "b1", "name": "Roadmap", "closed": false, "prefs": {"background": "blue"},
            "cards": [{"id": "c1", "name": "First", "pos": 16384, "badges": {}}],
            "futureField": []
        });
        let (server, client) = setup(answer, backend, AuthPlacement::Query).await;
        let board = GetBoard::new(B1)
            .my_prefs(false)
            .fields(["name", "url"])
            .card_plugin_data(true)
            .lists("open")
            .bind(&client)
            .await
            .unwrap_or_else(|e| panic!("{backend:?}: {e}"));
        assert_eq!(board.name.as_deref(), Some("Roadmap"));
        let cards = board.cards.unwrap_or_default();
        assert_eq!(cards.len(), 1, "{backend:?}");
        assert_eq!(cards[0].pos, Some(16384.0));
        assert!(cards[0].badges.is_some(), "{backend:?}");
        assert!(board.extra.contains_key("futureField"));
        assert_eq!(
            only_request(&server).await,
            Seen {
                method: "GET".into(),
                path: format!("/1/boards/{B1}"),
                query: Some(format!(
                    "card_pluginData=true&fields=name%2Curl&lists=open&myPrefs=false\
                     &key={CANARY_KEY}&token={CANARY_TOKEN}"
                )),
                body: Value::Null,
                authorization: None,
            },
            "{backend:?}"
        );
    })
    .await;
}

#[tokio::test]
async fn create_card_sends_a_json_body_with_credentials_in_it() {
    for_each_backend(|backend| async move {
        let answer = json!({"id": "c1", "name": "Write docs", "idList": "l1", "badges": {}});
        let (server, client) = setup(answer, backend, AuthPlacement::Body).await;
        let card = client
            .cards()
            .create(L1)
            .name("Write docs")
            .pos(Position::Top)
            .due_complete(false)
            .id_members([M1, M2])
            .await
            .unwrap_or_else(|e| panic!("{backend:?}: {e}"));
        assert_eq!(card.id, "c1");
        assert_eq!(card.id_list.as_deref(), Some("l1"));
        assert_eq!(
            only_request(&server).await,
            Seen {
                method: "POST".into(),
                path: "/1/cards".into(),
                query: None,
                body: json!({
                    "idList": L1,
                    "name": "Write docs",
                    "pos": "top",
                    "dueComplete": false,
                    "idMembers": format!("{M1},{M2}"),
                    "key": CANARY_KEY,
                    "token": CANARY_TOKEN,
                }),
                authorization: None,
            },
            "{backend:?}"
        );
    })
    .await;
}

#[tokio::test]
async fn update_card_sends_only_what_was_set() {
    for_each_backend(|backend| async move {
        let (server, client) = setup(
            json!({"id": "c1", "closed": true}),
            backend,
            AuthPlacement::Header,
        )
        .await;
        let card = client
            .send(UpdateCard::new(C1).closed(true).pos(12.5).desc(""))
            .await
            .unwrap_or_else(|e| panic!("{backend:?}: {e}"));
        assert_eq!(card.closed, Some(true));
        assert_eq!(
            only_request(&server).await,
            Seen {
                method: "PUT".into(),
                path: format!("/1/cards/{C1}"),
                query: None,
                body: json!({"desc": "", "closed": true, "pos": 12.5}),
                authorization: header(),
            },
            "{backend:?}"
        );

        let err = client
            .cards()
            .update(C1)
            .pos(Position::At(-1.0))
            .await
            .expect_err("a negative position is refused before sending");
        assert!(err.to_string().contains("pos"), "{backend:?}: {err}");
    })
    .await;
}

#[tokio::test]
async fn delete_card_has_no_body_even_with_body_placement() {
    for_each_backend(|backend| async move {
        let (server, client) = setup(json!({"limits": {}}), backend, AuthPlacement::Body).await;
        let Ignored = client
            .cards()
            .delete(C1)
            .await
            .unwrap_or_else(|e| panic!("{backend:?}: {e}"));
        let Ignored = client
            .send(DeleteCard::new(C2))
            .await
            .unwrap_or_else(|e| panic!("{backend:?}: {e}"));
        let requests = server.received_requests().await.unwrap_or_default();
        let seen: Vec<Seen> = requests.iter().map(seen).collect();
        let expected = |id: &str| Seen {
            method: "DELETE".into(),
            path: format!("/1/cards/{id}"),
            query: None,
            body: Value::Null,
            authorization: header(),
        };
        assert_eq!(seen, [expected(C1), expected(C2)], "{backend:?}");
    })
    .await;
}

#[test]
fn the_facade_registers_its_endpoints() {
    let routes: Vec<String> = trello::registry()
        .iter()
        .filter(|meta| meta.module.starts_with("trello::"))
        .map(|meta| format!("{} {}", meta.route(), meta.name))
        .collect();
    for expected in [
        "GET /boards/{id} GetBoard",
        "POST /cards CreateCard",
        "PUT /cards/{id} UpdateCard",
        "DELETE /cards/{id} DeleteCard",
        "GET /members/{id} GetMember",
    ] {
        assert!(
            routes.iter().any(|r| r == expected),
            "{expected} missing from {routes:?}"
        );
    }
    let board = trello::registry()
        .into_iter()
        .find(|meta| meta.name == "GetBoard")
        .and_then(|meta| meta.param("card_pluginData"));
    assert_eq!(
        board.map(|p| (p.required, p.kind)),
        Some((false, trello::ParamKind::Boolean))
    );
}
