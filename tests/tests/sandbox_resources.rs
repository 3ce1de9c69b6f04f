//! The sandbox's stateful nested resources, through the typed SDK API and
//! both backends: checklists and check items, custom fields and their card
//! items, attachments (link, multipart upload, the 302 download), board
//! memberships, search; and the actions those writes store.

use serde_json::{Value, json};
use trello::{
    Client, Method,
    api::{
        IdOrMine, Position, boards, cards, checklists, custom_fields,
        enums::{BoardType, CustomFieldType, ModelType, ModelTypes, State},
        search,
    },
    files::{AttachmentUpload, FilePart},
    models::{CheckItemState, FieldValue},
};
use trello_integration_tests::{body_text, for_each_backend, sandbox_client};
use trello_sandbox::{Sandbox, SandboxConfig};

/// A sandbox with a board, a list and a card, and a client for it.
async fn fixture(backend: trello::Backend) -> (Sandbox, Client, String, String) {
    let sandbox = Sandbox::start(SandboxConfig::default())
        .await
        .expect("sandbox");
    let board = sandbox.seed_board(None, "Resources").await.expect("board");
    let list = sandbox.seed_list(None, &board, "L").await.expect("list");
    let card = sandbox.seed_card(None, &list, "C").await.expect("card");
    let token = sandbox
        .issue_token_with("read,write", "1day")
        .await
        .expect("token");
    let client = sandbox_client(&sandbox, token.as_str(), backend);
    (sandbox, client, board, card)
}

async fn action_types(client: &Client, card: &str) -> Vec<String> {
    let actions = client
        .request_json(
            Method::Get,
            &format!("/cards/{card}/actions"),
            &[("filter", "all")],
            None,
        )
        .await
        .expect("actions");
    actions
        .as_array()
        .expect("array")
        .iter()
        .map(|a| a["type"].as_str().unwrap_or_default().to_owned())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn checklists_and_check_items_keep_state_positions_and_badges() {
    for_each_backend(|backend| async move {
        let (_sandbox, client, board, card) = fixture(backend).await;
        let checklist = client
            .send(cards::CreateCardChecklist::new(card.as_str()).name("Launch"))
            .await
            .expect("checklist");
        assert_eq!(checklist.name.as_deref(), Some("Launch"));
        assert_eq!(checklist.id_card.as_deref(), Some(card.as_str()));
        let mut items = Vec::new();
        for name in ["write", "test", "ship"] {
            let item = client
                .send(checklists::CreateChecklistCheckItem::new(
                    checklist.id.as_str(),
                    name,
                ))
                .await
                .expect("check item");
            assert_eq!(item.state, Some(CheckItemState::Incomplete));
            items.push(item);
        }
        // `top` moves an item before the others.
        client
            .send(
                checklists::CreateChecklistCheckItem::new(checklist.id.as_str(), "plan")
                    .pos(Position::Top),
            )
            .await
            .expect("top item");
        let done = client
            .send(
                cards::UpdateCardCheckItem::new(card.as_str(), items[0].id.as_str())
                    .state(State::Complete)
                    .name("write it"),
            )
            .await
            .expect("complete");
        assert_eq!(done.state, Some(CheckItemState::Complete), "{backend:?}");
        assert_eq!(done.name.as_deref(), Some("write it"));

        let read = client
            .send(checklists::GetChecklist::new(checklist.id.as_str()))
            .await
            .expect("read");
        let names: Vec<&str> = read
            .check_items
            .as_deref()
            .unwrap_or_default()
            .iter()
            .filter_map(|i| i.name.as_deref())
            .collect();
        assert_eq!(names, ["plan", "write it", "test", "ship"], "by position");

        let card_view = client
            .request_json(
                Method::Get,
                &format!("/cards/{card}"),
                &[("checklists", "all")],
                None,
            )
            .await
            .expect("card");
        assert_eq!(card_view["badges"]["checkItems"], 4, "{card_view}");
        assert_eq!(card_view["badges"]["checkItemsChecked"], 1);
        assert_eq!(card_view["idChecklists"], json!([checklist.id]));
        assert_eq!(
            card_view["checklists"][0]["checkItems"]
                .as_array()
                .map(Vec::len),
            Some(4)
        );

        // A copy of the checklist carries its items, states included.
        let copy = client
            .send(
                cards::CreateCardChecklist::new(card.as_str())
                    .id_checklist_source(checklist.id.as_str()),
            )
            .await
            .expect("copy");
        assert_eq!(copy.name.as_deref(), Some("Launch"));
        assert_eq!(copy.check_items.as_ref().map(Vec::len), Some(4));
        let on_board = client
            .send(boards::GetBoardChecklists::new(board.as_str()))
            .await
            .expect("board checklists");
        assert_eq!(on_board.len(), 2);

        client
            .send(cards::DeleteCardCheckItem::new(
                card.as_str(),
                items[1].id.as_str(),
            ))
            .await
            .expect("delete item");
        let err = client
            .send(cards::GetCardCheckItem::new(
                card.as_str(),
                items[1].id.as_str(),
            ))
            .await
            .expect_err("deleted item");
        assert_eq!(err.status().map(|s| s.as_u16()), Some(404), "{err}");
        client
            .send(checklists::DeleteChecklist::new(copy.id.as_str()))
            .await
            .expect("delete checklist");
        let left = client
            .send(cards::GetCardChecklists::new(card.as_str()))
            .await
            .expect("card checklists");
        assert_eq!(left.len(), 1);
        assert_eq!(left[0].check_items.as_ref().map(Vec::len), Some(3));

        let types = action_types(&client, &card).await;
        for expected in [
            "addChecklistToCard",
            "createCheckItem",
            "updateCheckItemStateOnCard",
            "updateCheckItem",
            "deleteCheckItem",
            "removeChecklistFromCard",
        ] {
            assert!(
                types.iter().any(|t| t == expected),
                "{expected} in {types:?}"
            );
        }
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn custom_field_items_are_checked_against_the_field_type() {
    for_each_backend(|backend| async move {
        let (_sandbox, client, board, card) = fixture(backend).await;
        let create = |name: &'static str, kind: CustomFieldType| {
            custom_fields::CreateCustomField::new(
                board.as_str(),
                name,
                ModelType::Board,
                Position::Bottom,
                kind,
            )
        };
        let points = client
            .send(create("Points", CustomFieldType::Number))
            .await
            .expect("number field");
        let size = client
            .send(create("Size", CustomFieldType::List))
            .await
            .expect("list field");
        let large = client
            .request_json(
                Method::Post,
                &format!("/customFields/{}/options", size.id),
                &[],
                Some(json!({"value": {"text": "L"}, "color": "red"})),
            )
            .await
            .expect("option");
        let large_id = large["id"].as_str().expect("option id").to_owned();
        let options = client
            .send(custom_fields::GetCustomFieldOptions::new(size.id.as_str()))
            .await
            .expect("options");
        assert_eq!(options.len(), 1, "{backend:?}");

        client
            .send(
                cards::UpdateCardCustomFieldItem::new(card.as_str(), points.id.as_str())
                    .value(json!({"number": "8"})),
            )
            .await
            .expect("number item");
        client
            .send(
                cards::UpdateCardCustomFieldItem::new(card.as_str(), size.id.as_str())
                    .id_value(large_id.as_str()),
            )
            .await
            .expect("list item");
        let err = client
            .send(
                cards::UpdateCardCustomFieldItem::new(card.as_str(), points.id.as_str())
                    .value(json!({"number": "eight"})),
            )
            .await
            .expect_err("not a number");
        assert_eq!(err.status().map(|s| s.as_u16()), Some(400), "{err}");
        let err = client
            .send(
                cards::UpdateCardCustomFieldItem::new(card.as_str(), size.id.as_str())
                    .id_value(points.id.as_str()),
            )
            .await
            .expect_err("not an option");
        assert!(err.to_string().contains("idValue"), "{err}");

        let items = client
            .send(cards::GetCardCustomFieldItems::new(card.as_str()))
            .await
            .expect("items");
        let value_of = |field: &str| {
            items
                .iter()
                .find(|i| i.id_custom_field.as_deref() == Some(field))
                .and_then(|i| i.typed_value())
                .map(|v| format!("{v:?}"))
        };
        assert_eq!(
            value_of(&points.id),
            Some(format!("{:?}", FieldValue::Number(8.0)))
        );
        assert_eq!(
            value_of(&size.id),
            Some(format!("{:?}", FieldValue::Option(&large_id)))
        );
        let view = client
            .request_json(
                Method::Get,
                &format!("/cards/{card}"),
                &[("customFieldItems", "true")],
                None,
            )
            .await
            .expect("card");
        assert_eq!(view["customFieldItems"].as_array().map(Vec::len), Some(2));

        // An empty value clears the item; deleting the field drops its items.
        client
            .send(
                cards::UpdateCardCustomFieldItem::new(card.as_str(), points.id.as_str())
                    .value(json!({})),
            )
            .await
            .expect("clear");
        client
            .send(custom_fields::DeleteCustomField::new(size.id.as_str()))
            .await
            .expect("delete field");
        let items = client
            .send(cards::GetCardCustomFieldItems::new(card.as_str()))
            .await
            .expect("items");
        assert!(items.is_empty(), "{items:?}");
        let fields = client
            .send(boards::GetBoardCustomFields::new(board.as_str()))
            .await
            .expect("board fields");
        assert_eq!(fields.len(), 1);
        assert!(
            action_types(&client, &card)
                .await
                .iter()
                .any(|t| t == "updateCustomFieldItem")
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_uploaded_attachment_downloads_through_the_302() {
    for_each_backend(|backend| async move {
        let (_sandbox, client, _board, card) = fixture(backend).await;
        let bytes: Vec<u8> = (0..=255u8).cycle().take(70_000).collect();
        let attachment = client
            .upload_card_attachment(
                &card,
                AttachmentUpload::new(FilePart::new(
                    "report 1.bin",
                    "application/octet-stream",
                    bytes.clone(),
                ))
                .name("Report"),
            )
            .await
            .expect("upload");
        assert_eq!(attachment.name.as_deref(), Some("Report"), "{backend:?}");
        assert_eq!(attachment.bytes, Some(70_000));
        assert_eq!(attachment.is_upload, Some(true));
        let downloaded = client
            .download_attachment(&attachment)
            .await
            .expect("download");
        assert_eq!(downloaded.as_ref(), bytes.as_slice(), "the uploaded bytes");

        let link = client
            .send(cards::CreateCardAttachment::new(card.as_str()).url("https://example.com/spec"))
            .await
            .expect("link");
        assert_eq!(link.is_upload, Some(false));
        let all = client
            .send(cards::GetCardAttachments::new(card.as_str()))
            .await
            .expect("list");
        assert_eq!(all.len(), 2);
        let view = client
            .request_json(Method::Get, &format!("/cards/{card}"), &[], None)
            .await
            .expect("card");
        assert_eq!(view["badges"]["attachments"], 2);

        client
            .send(cards::DeleteCardAttachment::new(
                card.as_str(),
                attachment.id.as_str(),
            ))
            .await
            .expect("delete");
        let err = client
            .download_attachment(&attachment)
            .await
            .expect_err("deleted");
        assert_eq!(err.status().map(|s| s.as_u16()), Some(404), "{err}");
        let err = client
            .send(cards::CreateCardAttachment::new(card.as_str()))
            .await
            .expect_err("neither url nor file");
        assert_eq!(err.status().map(|s| s.as_u16()), Some(400), "{err}");
        let types = action_types(&client, &card).await;
        assert!(
            types.iter().any(|t| t == "addAttachmentToCard"),
            "{types:?}"
        );
        assert!(
            types.iter().any(|t| t == "deleteAttachmentFromCard"),
            "{types:?}"
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn board_memberships_add_change_and_remove_members() {
    for_each_backend(|backend| async move {
        let (sandbox, client, board, _card) = fixture(backend).await;
        let me = sandbox.demo_member_id().await;
        let ann = sandbox
            .seed_member(None, "ann", "Ann Example")
            .await
            .expect("member");
        client
            .send(boards::UpdateBoardMember::new(
                board.as_str(),
                ann.as_str(),
                BoardType::Observer,
            ))
            .await
            .expect("add");
        let memberships = client
            .send(boards::GetBoardMemberships::new(board.as_str()))
            .await
            .expect("memberships");
        assert_eq!(memberships.len(), 2, "{backend:?}: creator and Ann");
        let creator = memberships
            .iter()
            .find(|m| m.id_member.as_deref() == Some(me.as_str()))
            .expect("creator");
        assert_eq!(
            creator.member_type.as_ref().map(|t| format!("{t:?}")),
            Some("Admin".to_owned())
        );
        let ann_membership = memberships
            .iter()
            .find(|m| m.id_member.as_deref() == Some(ann.as_str()))
            .expect("Ann's membership")
            .id
            .clone();
        let view = client
            .request_json(
                Method::Get,
                &format!("/boards/{board}"),
                &[("members", "all")],
                None,
            )
            .await
            .expect("board");
        let usernames: Vec<&str> = view["members"]
            .as_array()
            .expect("members")
            .iter()
            .filter_map(|m| m["username"].as_str())
            .collect();
        assert!(usernames.contains(&"ann"), "{view}");

        client
            .send(boards::UpdateBoardMembership::new(
                board.as_str(),
                ann_membership.as_str(),
                BoardType::Admin,
            ))
            .await
            .expect("make admin");
        let admins = client
            .request_json(
                Method::Get,
                &format!("/boards/{board}/memberships"),
                &[("filter", "admins")],
                None,
            )
            .await
            .expect("admins");
        assert_eq!(admins.as_array().map(Vec::len), Some(2));

        client
            .send(boards::DeleteBoardMember::new(board.as_str(), ann.as_str()))
            .await
            .expect("remove");
        let err = client
            .send(boards::DeleteBoardMember::new(board.as_str(), me.as_str()))
            .await
            .expect_err("the last admin stays");
        assert_eq!(err.status().map(|s| s.as_u16()), Some(403), "{err}");
        let err = client
            .request_json(
                Method::Put,
                &format!("/boards/{board}/members/{ann}"),
                &[],
                Some(json!({"type": "owner"})),
            )
            .await
            .expect_err("unknown type");
        assert_eq!(err.status().map(|s| s.as_u16()), Some(400), "{err}");
        let actions = client
            .request_json(Method::Get, &format!("/boards/{board}/actions"), &[], None)
            .await
            .expect("actions");
        let types: Vec<&str> = actions
            .as_array()
            .expect("array")
            .iter()
            .filter_map(|a| a["type"].as_str())
            .collect();
        for expected in [
            "addMemberToBoard",
            "makeAdminOfBoard",
            "removeMemberFromBoard",
        ] {
            assert!(types.contains(&expected), "{expected} in {types:?}");
        }
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_finds_what_the_store_holds() {
    for_each_backend(|backend| async move {
        let (sandbox, client, board, _card) = fixture(backend).await;
        let list = sandbox
            .seed_list(None, &board, "Backlog")
            .await
            .expect("list");
        for name in ["Invoice parser", "Invoices export", "Payroll"] {
            sandbox.seed_card(None, &list, name).await.expect("card");
        }
        let other = sandbox
            .seed_board(None, "Invoices archive")
            .await
            .expect("board");
        let other_list = sandbox.seed_list(None, &other, "Old").await.expect("list");
        sandbox
            .seed_card(None, &other_list, "Invoice 2019")
            .await
            .expect("card");
        sandbox
            .seed_member(None, "invoicebot", "Invoice Bot")
            .await
            .expect("member");

        let whole = client
            .send(search::GetSearch::new("invoice").model_types([ModelTypes::Cards]))
            .await
            .expect("search");
        let names = |cards: &Option<Vec<trello::models::Card>>| -> Vec<String> {
            let mut names: Vec<String> = cards
                .as_deref()
                .unwrap_or_default()
                .iter()
                .filter_map(|c| c.name.clone())
                .collect();
            names.sort();
            names
        };
        assert_eq!(
            names(&whole.cards),
            ["Invoice 2019", "Invoice parser"],
            "{backend:?}: whole words"
        );
        assert!(whole.boards.is_none(), "modelTypes=cards");
        let partial = client
            .send(
                search::GetSearch::new("invoice")
                    .partial(true)
                    .id_boards([IdOrMine::from(board.as_str())])
                    .cards_limit(1u32),
            )
            .await
            .expect("partial");
        assert_eq!(partial.cards.as_ref().map(Vec::len), Some(1), "cards_limit");
        let all = client
            .send(
                search::GetSearch::new("INVOICE")
                    .partial(true)
                    .id_boards([IdOrMine::from(board.as_str())]),
            )
            .await
            .expect("partial");
        assert_eq!(
            names(&all.cards),
            ["Invoice parser", "Invoices export"],
            "idBoards, case-insensitive prefixes"
        );
        assert_eq!(
            all.boards.as_ref().map(Vec::len),
            Some(0),
            "the board's name has no invoice"
        );
        let boards = client
            .send(search::GetSearch::new("invoices").model_types([ModelTypes::Boards]))
            .await
            .expect("boards");
        assert_eq!(boards.boards.as_ref().map(Vec::len), Some(1));
        let err = client
            .request_json(Method::Get, "/search", &[("query", " ")], None)
            .await
            .expect_err("empty query");
        assert_eq!(err.status().map(|s| s.as_u16()), Some(400), "{err}");

        let members = client
            .send(search::GetSearchMembers::new("invo"))
            .await
            .expect("members");
        let usernames: Vec<&str> = members
            .iter()
            .filter_map(|m| m.username.as_deref())
            .collect();
        assert_eq!(usernames, ["invoicebot"]);
        let none = client
            .send(search::GetSearchMembers::new("invo").id_board(board.as_str()))
            .await
            .expect("members of the board");
        assert!(none.is_empty(), "not a member of the board: {none:?}");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn updates_store_their_old_values() {
    let (_sandbox, client, _board, card) = fixture(trello::Backend::ALL[0]).await;
    client
        .request_json(
            Method::Put,
            &format!("/cards/{card}"),
            &[],
            Some(json!({"name": "Renamed"})),
        )
        .await
        .expect("rename");
    let actions = client
        .request_json(
            Method::Get,
            &format!("/cards/{card}/actions"),
            &[("filter", "updateCard")],
            None,
        )
        .await
        .expect("actions");
    let update: &Value = &actions[0];
    assert_eq!(update["data"]["old"], json!({"name": "C"}), "{actions}");
    assert_eq!(update["data"]["card"]["name"], "Renamed");

    // `pos=top` on an update moves the card before the others of its list.
    let list = client
        .request_json(Method::Get, &format!("/cards/{card}"), &[], None)
        .await
        .expect("card")["idList"]
        .as_str()
        .expect("idList")
        .to_owned();
    let second = client
        .request_json(
            Method::Post,
            "/cards",
            &[],
            Some(json!({"idList": list, "name": "Second"})),
        )
        .await
        .expect("second card");
    let second = second["id"].as_str().expect("id");
    client
        .request_json(
            Method::Put,
            &format!("/cards/{second}"),
            &[],
            Some(json!({"pos": "top"})),
        )
        .await
        .expect("move to top");
    let order = client
        .request_json(Method::Get, &format!("/lists/{list}/cards"), &[], None)
        .await
        .expect("cards");
    let names: Vec<&str> = order
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|c| c["name"].as_str())
        .collect();
    assert_eq!(names, ["Second", "Renamed"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_comment_is_edited_and_deleted_by_its_author_only() {
    for_each_backend(|backend| async move {
        let (sandbox, client, _board, card) = fixture(backend).await;
        let comment = client
            .request_json(
                Method::Post,
                &format!("/cards/{card}/actions/comments"),
                &[("text", "frist")],
                None,
            )
            .await
            .expect("comment");
        let id = comment["id"].as_str().expect("id").to_owned();
        let edited = client
            .send(trello::api::actions::UpdateAction::new(
                id.as_str(),
                "first",
            ))
            .await
            .expect("edit");
        assert_eq!(
            edited.data.as_ref().and_then(|d| d.text.as_deref()),
            Some("first"),
            "{backend:?}"
        );
        let read = client
            .send(trello::api::actions::GetAction::new(id.as_str()))
            .await
            .expect("read");
        assert_eq!(read.data.and_then(|d| d.text).as_deref(), Some("first"));
        let on_card = client
            .send(trello::api::actions::GetActionCard::new(id.as_str()))
            .await
            .expect("its card");
        assert_eq!(on_card.id, card);

        // Another member's token may not touch it.
        let other = sandbox
            .seed_member(None, "bob", "Bob Example")
            .await
            .expect("bob");
        let bobs = "b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0";
        sandbox
            .seed_token_for(bobs, &other, "read,write", "never")
            .await
            .expect("bob's token");
        let bob = sandbox_client(&sandbox, bobs, backend);
        let err = bob
            .send(trello::api::actions::DeleteAction::new(id.as_str()))
            .await
            .expect_err("not the author");
        assert_eq!(err.status().map(|s| s.as_u16()), Some(401), "{err}");

        client
            .send(trello::api::actions::DeleteAction::new(id.as_str()))
            .await
            .expect("delete");
        let err = client
            .send(trello::api::actions::GetAction::new(id.as_str()))
            .await
            .expect_err("gone");
        assert_eq!(err.status().map(|s| s.as_u16()), Some(404), "{err}");
        let types = action_types(&client, &card).await;
        assert!(types.iter().any(|t| t == "updateComment"), "{types:?}");
        assert!(types.iter().any(|t| t == "deleteComment"), "{types:?}");
        assert!(!types.iter().any(|t| t == "commentCard"), "{types:?}");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_broken_multipart_body_is_a_400_and_uploads_are_logged_by_size() {
    for_each_backend(|backend| async move {
        let (sandbox, client, _board, card) = fixture(backend).await;
        let token = sandbox.issue_token("read,write", "1day").await;
        let transport = backend.transport().expect("transport");
        let request = http::Request::post(format!(
            "{}/cards/{card}/attachments?key={}&token={token}",
            sandbox.api_url(),
            sandbox.app_key()
        ))
        .header("content-type", "multipart/form-data")
        .body(bytes::Bytes::from_static(b"--x\r\n"))
        .expect("request");
        let answer = transport.send(request).await.expect("answer");
        assert_eq!(answer.status(), 400, "{backend:?}: no boundary");
        let body = body_text(answer.into_body()).await;
        assert!(body.contains("invalid multipart body"), "{body}");

        client
            .upload_card_attachment(
                &card,
                AttachmentUpload::new(FilePart::new(
                    "secret.txt",
                    "text/plain",
                    b"top secret".to_vec(),
                )),
            )
            .await
            .expect("upload");
        let log = sandbox.request_log().await;
        let upload = log
            .iter()
            .rfind(|r| r.method == "POST" && r.uri.ends_with("/attachments"))
            .expect("the upload is logged");
        assert!(!upload.body.contains("top secret"), "{upload:?}");
        assert!(
            upload.body.ends_with(" bytes>"),
            "summarised by size: {upload:?}"
        );
        assert!(
            !log.iter().any(|r| r.uri.contains(&token)),
            "tokens redacted"
        );
    })
    .await;
}

#[tokio::test]
async fn a_board_read_nests_its_resources_by_typed_filters() {
    use trello::api::enums::{BoardCards, ChecklistCards, ChecklistsParam};
    use trello::models::LabelColor;
    for_each_backend(|backend| async move {
        let (_sandbox, client, board, card) = fixture(backend).await;
        client
            .boards()
            .create_label(board.as_str(), "urgent", LabelColor::Red)
            .await
            .expect("label with a typed colour");
        client
            .cards()
            .update(card.as_str())
            .closed(true)
            .await
            .expect("archive");
        let read = |cards: ChecklistCards| {
            client
                .boards()
                .get(board.as_str())
                .cards(cards)
                .lists(BoardCards::Open)
                .labels(ChecklistsParam::All)
        };
        let open = read(ChecklistCards::Open).await.expect("board");
        assert_eq!(
            open.cards.as_deref().map(<[_]>::len),
            Some(0),
            "{backend:?}"
        );
        assert!(
            open.lists.as_deref().is_some_and(|l| !l.is_empty()),
            "{backend:?}: open lists nested"
        );
        let labels = open.labels.expect("labels nested");
        assert!(
            labels.iter().any(|l| l.color == Some(LabelColor::Red)),
            "{backend:?}: {labels:?}"
        );
        let all = read(ChecklistCards::All).await.expect("board");
        assert_eq!(all.cards.as_deref().map(<[_]>::len), Some(1), "{backend:?}");
    })
    .await;
}
