//! The board model's typed models, decoded from fixtures shaped like
//! Trello's responses.

use chrono::{DateTime, TimeZone, Utc};
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use trello::models::*;
use trello::{ParamKind, ParamValue};

/// Reads `tests/fixtures/{name}` and decodes it, naming the JSON path on
/// failure.
fn fixture<T: DeserializeOwned>(name: &str) -> T {
    let text = fixture_text(name);
    decode(&text).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn fixture_text(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn decode<T: DeserializeOwned>(
    text: &str,
) -> Result<T, serde_path_to_error::Error<serde_json::Error>> {
    serde_path_to_error::deserialize(&mut serde_json::Deserializer::from_str(text))
}

fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32, ms: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, s)
        .single()
        .expect("valid date")
        + chrono::Duration::milliseconds(ms)
}

#[test]
fn board_with_nested_lists_and_cards() {
    let board: Board = fixture("board_nested.json");

    assert_eq!(board.id, "65f1c0a2b7e4d93a1c2e4f10");
    assert_eq!(board.name.as_deref(), Some("Platform roadmap"));
    assert_eq!(board.closed, Some(false));
    assert_eq!(board.starred, Some(true));
    assert_eq!(board.short_link.as_deref(), Some("Xk3pQ9aZ"));
    assert_eq!(board.id_enterprise, None);
    assert_eq!(
        board.power_ups.as_deref(),
        Some(&["calendar".to_owned()][..])
    );
    assert_eq!(board.id_tags, Some(vec![]));
    // ixUpdate arrives as a string.
    assert_eq!(board.ix_update, Some(1024));
    // Dates: a real one, and nulls.
    assert_eq!(
        board.date_last_activity,
        Some(utc(2024, 5, 14, 9, 12, 44, 318))
    );
    assert_eq!(board.date_last_view, None);
    assert_eq!(board.date_closed, None);
    assert_eq!(board.date_plugin_disable, None);
    // Unknown fields are kept.
    assert_eq!(board.extra.get("workflowStage"), Some(&json!("beta")));
    let limits = board.limits.as_ref().expect("board limits typed");
    assert_eq!(limits["lists"]["openPerBoard"].disable_at, Some(500));
    assert!(!board.extra.contains_key("limits"));
    assert!(
        !board.extra.contains_key("prefs"),
        "known fields stay out of extra"
    );

    let prefs = board.prefs.as_ref().expect("prefs");
    // A permission level this version does not know is preserved.
    assert_eq!(
        prefs.permission_level,
        Some(PermissionLevel::Other("enterprise".into()))
    );
    assert_eq!(prefs.voting, Some(BoardAudience::Members));
    assert_eq!(prefs.comments, Some(BoardAudience::Org));
    assert_eq!(prefs.invitations, Some(InvitationPermission::Admins));
    assert_eq!(prefs.card_aging, Some(CardAging::Regular));
    assert_eq!(prefs.background_brightness, Some(Brightness::Dark));
    assert_eq!(prefs.background_color, None);
    assert_eq!(prefs.self_join, Some(true));
    let scaled = prefs.background_image_scaled.as_deref().expect("scaled");
    assert_eq!(scaled.len(), 2);
    assert_eq!((scaled[0].width, scaled[0].height), (Some(140), Some(93)));
    assert_eq!(prefs.background_top_color.as_deref(), Some("#d8e1ea"));
    assert_eq!(
        prefs.extra["switcherViews"][1]["viewType"],
        json!("Calendar")
    );

    let names = board.label_names.as_ref().expect("labelNames");
    assert_eq!(names.green.as_deref(), Some("Shipped"));
    assert_eq!(names.orange.as_deref(), Some(""));
    assert_eq!(
        names.extra.get("green_dark"),
        Some(&json!("Released to all"))
    );

    let memberships = board.memberships.as_deref().expect("memberships");
    assert_eq!(memberships.len(), 2);
    assert_eq!(memberships[0].member_type, Some(MembershipType::Admin));
    assert_eq!(memberships[1].member_type, Some(MembershipType::Normal));
    assert_eq!(memberships[1].unconfirmed, Some(true));
    assert_eq!(
        memberships[1].id_member.as_deref(),
        Some("5c4a7e9d2b1f0a3e8d6c5b47")
    );

    let lists = board.lists.as_deref().expect("lists");
    assert_eq!(lists.len(), 2);
    assert_eq!(lists[0].name.as_deref(), Some("Backlog"));
    assert_eq!(lists[0].pos, Some(16384.0));
    assert_eq!(lists[0].soft_limit, None);
    // pos and softLimit as strings.
    assert_eq!(lists[1].pos, Some(32768.5));
    assert_eq!(lists[1].soft_limit, Some(5));
    assert_eq!(lists[1].color.as_deref(), Some("sky"));
    assert_eq!(lists[1].cards, None, "cards were not asked for per list");

    let cards = board.cards.as_deref().expect("cards");
    assert_eq!(cards.len(), 2);
    let keys = &cards[0];
    assert_eq!(keys.name.as_deref(), Some("Rotate API keys"));
    assert_eq!(keys.id_short, Some(12));
    assert_eq!(keys.id_list.as_deref(), Some(lists[0].id.as_str()));
    assert_eq!(keys.due, Some(utc(2024, 6, 1, 17, 0, 0, 0)));
    assert_eq!(keys.start, None);
    assert_eq!(keys.due_reminder, Some(1440));
    let label = &keys.labels.as_deref().expect("labels")[0];
    assert_eq!(label.color, Some(LabelColor::Red));
    assert_eq!(label.name.as_deref(), Some("Blocked"));
    let badges = keys.badges.as_ref().expect("badges");
    assert_eq!(badges.check_items, Some(4));
    assert_eq!(badges.check_items_checked, Some(1));
    assert_eq!(badges.comments, Some(3));
    assert_eq!(badges.check_items_earliest_due, None);
    assert_eq!(
        badges.attachments_by_type,
        Some(json!({"trello": {"board": 0, "card": 0}}))
    );
    assert_eq!(badges.extra.get("externalSource"), Some(&Value::Null));
    let cover = keys.cover.as_ref().expect("cover");
    assert_eq!(cover.color, Some(LabelColor::Purple));
    assert_eq!(cover.size, Some(CoverSize::Normal));
    assert_eq!(cover.brightness, Some(Brightness::Light));
    assert_eq!(cover.id_attachment, None);

    let guide = &cards[1];
    assert_eq!(guide.pos, Some(131071.75));
    assert_eq!(guide.due, None);
    assert_eq!(guide.due_reminder, None);
    assert_eq!(guide.start, Some(utc(2024, 5, 10, 0, 0, 0, 0)));
    assert_eq!(guide.labels, Some(vec![]));
    let cover = guide.cover.as_ref().expect("cover");
    assert_eq!(cover.size, Some(CoverSize::Full));
    assert_eq!(cover.color, None);
    assert_eq!(cover.edge_color.as_deref(), Some("#3c3c3c"));
    let preview = &cover.scaled.as_deref().expect("scaled")[0];
    assert_eq!(preview.bytes, Some(10824));
    assert_eq!(preview.scaled, Some(true));
    assert_eq!(
        preview.extra.get("_id"),
        Some(&json!("65f1c0e6fbc81d7e5a6c8352"))
    );
}

#[test]
fn card_with_everything_nested() {
    let card: Card = fixture("card_full.json");

    // Numbers that arrive as strings.
    assert_eq!(card.id_short, Some(12));
    assert_eq!(card.pos, Some(65535.0));
    // An empty date string counts as absent.
    assert_eq!(card.start, None);
    assert_eq!(card.due_reminder, Some(-1));
    assert_eq!(card.creation_method.as_deref(), Some("automatic"));
    assert_eq!(card.coordinates, Some(json!("37.3318,-122.0312")));
    assert_eq!(card.location_name.as_deref(), Some("HQ"));
    let limits = card.limits.as_ref().expect("card limits typed");
    assert_eq!(limits["attachments"]["perCard"].warn_at, Some(800));
    assert!(!card.extra.contains_key("limits"));

    let labels = card.labels.as_deref().expect("labels");
    assert_eq!(labels[0].uses, Some(4));
    // A color shade this version does not name is preserved.
    assert_eq!(
        labels[1].color,
        Some(LabelColor::Other("green_dark".into()))
    );
    let cover = card.cover.as_ref().expect("cover");
    assert_eq!(cover.color, Some(LabelColor::Other("mint".into())));

    let badges = card.badges.as_ref().expect("badges");
    assert_eq!(badges.location, Some(true));
    assert_eq!(badges.description, Some(true));
    assert_eq!(
        badges.check_items_earliest_due,
        Some(utc(2024, 5, 20, 12, 0, 0, 0))
    );

    let states = card.check_item_states.as_deref().expect("checkItemStates");
    assert_eq!(states[0].id_check_item, "65f1c0d5eab70c6d4f5b7251");
    assert_eq!(states[0].state, Some(CheckItemState::Complete));

    let attachments = card.attachments.as_deref().expect("attachments");
    assert_eq!(attachments.len(), 2);
    assert_eq!(attachments[0].bytes, Some(48213));
    assert_eq!(attachments[0].mime_type.as_deref(), Some("application/pdf"));
    assert_eq!(attachments[0].is_upload, Some(true));
    assert_eq!(attachments[0].date, Some(utc(2024, 5, 12, 8, 30, 11, 402)));
    assert_eq!(attachments[1].bytes, None);
    assert_eq!(attachments[1].is_upload, Some(false));
    assert_eq!(attachments[1].file_name, None);

    let checklist = &card.checklists.as_deref().expect("checklists")[0];
    assert_eq!(checklist.name.as_deref(), Some("Steps"));
    let items = checklist.check_items.as_deref().expect("checkItems");
    assert_eq!(items.len(), 3);
    assert_eq!(items[0].state, Some(CheckItemState::Complete));
    assert_eq!(items[0].due, None);
    assert_eq!(items[0].name_data, None);
    assert_eq!(items[1].pos, Some(33792.5));
    assert_eq!(items[1].due, Some(utc(2024, 5, 20, 12, 0, 0, 0)));
    assert_eq!(items[1].due_reminder, Some(60));
    assert_eq!(
        items[1].id_member.as_deref(),
        Some("5b02e7f4e1facdc393169f9d")
    );
    assert_eq!(items[2].state, Some(CheckItemState::Incomplete));
    assert_eq!(items[2].due, None, "a missing date is None too");

    let fields = card
        .custom_field_items
        .as_deref()
        .expect("customFieldItems");
    assert_eq!(fields[0].typed_value(), Some(FieldValue::Number(42.5)));
    assert_eq!(
        fields[1].typed_value(),
        Some(FieldValue::Option("65f1c0f7a0d92e8f6b7d9411"))
    );

    let sticker = &card.stickers.as_deref().expect("stickers")[0];
    assert_eq!(sticker.image.as_deref(), Some("taco-cool"));
    assert_eq!(sticker.left, Some(62.25));
    assert_eq!(sticker.rotate, Some(-12.0));

    assert_eq!(card.actions, None, "actions were not asked for");
}

#[test]
fn actions_page_of_several_types() {
    let actions: Vec<Action> = fixture("actions_page.json");
    let types: Vec<&str> = actions
        .iter()
        .map(|a| a.action_type.as_ref().map_or("", |t| t.as_str()))
        .collect();
    assert_eq!(
        types,
        [
            "commentCard",
            "updateCard",
            "updateCheckItemStateOnCard",
            "addLabelToCard",
            "updateCustomFieldItem",
            "createCard",
            "convertChecklistToBoard",
        ]
    );

    // A comment, with its display and creator.
    let comment = &actions[0];
    assert_eq!(comment.action_type, Some(ActionType::CommentCard));
    assert_eq!(comment.date, Some(utc(2024, 5, 14, 9, 12, 44, 318)));
    let data = comment.data.as_ref().expect("data");
    assert_eq!(
        data.text.as_deref(),
        Some("Keys for staging are done, production next.")
    );
    assert_eq!(data.card.as_ref().and_then(|c| c.id_short), Some(12));
    assert_eq!(
        data.board.as_ref().and_then(|b| b.short_link.as_deref()),
        Some("Xk3pQ9aZ")
    );
    assert_eq!(
        data.list.as_ref().and_then(|l| l.name.as_deref()),
        Some("Backlog")
    );
    assert_eq!(
        data.extra.get("idCard"),
        Some(&json!("65f1c0c4d9a6fb5c3e4a6131"))
    );
    let display = comment.display.as_ref().expect("display");
    assert_eq!(
        display.translation_key.as_deref(),
        Some("action_comment_on_card")
    );
    let entities = display.entities.as_ref().expect("entities");
    assert_eq!(entities["card"].entity_type.as_deref(), Some("card"));
    assert_eq!(entities["card"].short_link.as_deref(), Some("Qm7tB2Lp"));
    assert_eq!(
        entities["memberCreator"].username.as_deref(),
        Some("dana_ops")
    );
    assert_eq!(entities["contextOn"].hide_if_context, Some(true));
    let creator = comment.member_creator.as_ref().expect("memberCreator");
    assert_eq!(creator.full_name.as_deref(), Some("Dana Ops"));
    assert_eq!(creator.id_member_referrer, None);
    assert_eq!(creator.extra.get("nonPublicAvailable"), Some(&json!(true)));
    assert!(comment.extra.contains_key("limits"));
    // `appCreator: null` is typed (no app created it), not left in extra.
    assert_eq!(comment.app_creator, None);
    assert!(!comment.extra.contains_key("appCreator"));

    // A card moved between lists: new value in `card`, old one in `old`.
    let moved = &actions[1];
    assert_eq!(moved.action_type, Some(ActionType::UpdateCard));
    let data = moved.data.as_ref().expect("data");
    assert_eq!(
        data.card.as_ref().and_then(|c| c.id_list.as_deref()),
        Some("65f1c0b3c8f5ea4b2d3f5022")
    );
    let old = data.old.as_ref().expect("old");
    assert_eq!(old.get("idList"), Some(&json!("65f1c0b3c8f5ea4b2d3f5021")));
    assert_eq!(
        data.list_before.as_ref().and_then(|l| l.name.as_deref()),
        Some("Backlog")
    );
    assert_eq!(
        data.list_after.as_ref().and_then(|l| l.name.as_deref()),
        Some("Doing")
    );
    assert_eq!(
        moved
            .member_creator
            .as_ref()
            .and_then(|m| m.avatar_url.clone()),
        None
    );
    assert_eq!(moved.display, None);

    let checked = actions[2].data.as_ref().expect("data");
    let item = checked.check_item.as_ref().expect("checkItem");
    assert_eq!(item.state, Some(CheckItemState::Complete));
    assert_eq!(item.name.as_deref(), Some("Issue new keys"));
    assert_eq!(
        checked.checklist.as_ref().and_then(|c| c.name.as_deref()),
        Some("Steps")
    );

    let labelled = actions[3].data.as_ref().expect("data");
    assert_eq!(
        labelled.label.as_ref().and_then(|l| l.color.clone()),
        Some(LabelColor::Red)
    );

    let field = actions[4].data.as_ref().expect("data");
    assert_eq!(
        field
            .custom_field
            .as_ref()
            .and_then(|f| f.field_type.clone()),
        Some(CustomFieldType::Number)
    );
    let item = field.custom_field_item.as_ref().expect("customFieldItem");
    assert_eq!(item.typed_value(), Some(FieldValue::Number(42.5)));
    assert_eq!(
        field.old.as_ref().expect("old")["value"]["number"],
        json!("40")
    );

    assert_eq!(actions[5].action_type, Some(ActionType::CreateCard));

    // A type Trello added after this version: kept, not an error.
    let newer = &actions[6];
    assert_eq!(
        newer.action_type,
        Some(ActionType::Other("convertChecklistToBoard".into()))
    );
    let target = newer
        .data
        .as_ref()
        .and_then(|d| d.board_target.as_ref())
        .expect("boardTarget");
    assert_eq!(target.id, "6643270a2cc95a8b9c0d1e00");
    assert_eq!(target.name, None);
}

#[test]
fn list_keeps_its_unknown_fields() {
    let list: List = fixture("list.json");
    assert_eq!(list.name.as_deref(), Some("Done"));
    assert_eq!(list.pos, Some(49152.0));
    assert_eq!(list.soft_limit, Some(25));
    assert_eq!(list.color, None);
    assert_eq!(
        list.extra.get("datasource"),
        Some(&json!({"filter": false}))
    );
    assert_eq!(list.extra.get("type"), Some(&Value::Null));
    let limits = list.limits.as_ref().expect("list limits typed");
    assert_eq!(limits["cards"]["openPerList"].disable_at, Some(5000));
}

#[test]
fn labels_with_no_color_and_unknown_colors() {
    let labels: Vec<Label> = fixture("labels.json");
    assert_eq!(labels.len(), 4);
    assert_eq!(labels[0].color, Some(LabelColor::Red));
    assert_eq!(
        labels[1].color.as_ref().map(LabelColor::as_str),
        Some("green_dark")
    );
    assert!(!labels[1].color.as_ref().is_some_and(LabelColor::is_known));
    assert_eq!(labels[2].color, None);
    assert_eq!(labels[2].uses, Some(0));
    assert_eq!(labels[3].name.as_deref(), Some(""));
    assert_eq!(labels[3].uses, None);

    // The unknown color goes back out exactly as it came in.
    let back = serde_json::to_value(&labels[1]).expect("serialize");
    assert_eq!(back["color"], json!("green_dark"));
}

#[test]
fn checklists_with_lenient_items() {
    let checklists: Vec<Checklist> = fixture("checklists.json");
    assert_eq!(checklists.len(), 2);
    let items = checklists[0].check_items.as_deref().expect("checkItems");
    assert_eq!(items[0].state, Some(CheckItemState::Complete));
    assert_eq!(
        items[1].state,
        Some(CheckItemState::Other("skipped".into()))
    );
    assert_eq!(items[1].pos, Some(1673.0));
    assert_eq!(items[1].due_reminder, Some(30));
    // A bare date is midnight UTC.
    assert_eq!(items[1].due, Some(utc(2024, 5, 28, 0, 0, 0, 0)));
    assert!(checklists[0].limits.is_some(), "checklist limits typed");
    assert!(!checklists[0].extra.contains_key("limits"));
    assert_eq!(checklists[1].check_items, Some(vec![]));
    assert_eq!(checklists[1].pos, Some(32768.0));
}

#[test]
fn attachment_with_previews() {
    let attachment: Attachment = fixture("attachment.json");
    assert_eq!(attachment.bytes, Some(184_532), "bytes sent as a string");
    assert_eq!(attachment.mime_type.as_deref(), Some("image/png"));
    assert_eq!(attachment.edge_color.as_deref(), Some("#3c3c3c"));
    assert_eq!(attachment.date, Some(utc(2024, 5, 12, 10, 2, 55, 731)));
    let previews = attachment.previews.as_deref().expect("previews");
    assert_eq!(previews.len(), 2);
    assert_eq!(
        (previews[1].width, previews[1].height),
        (Some(1600), Some(800))
    );
    assert_eq!(previews[1].scaled, Some(false));
    assert_eq!(previews[0].id.as_deref(), Some("65f1c0e6fbc81d7e5a6c8352"));
}

#[test]
fn custom_fields_with_options_and_display() {
    let fields: Vec<CustomField> = fixture("custom_fields.json");
    assert_eq!(fields.len(), 3);

    let estimate = &fields[0];
    assert_eq!(estimate.field_type, Some(CustomFieldType::Number));
    assert_eq!(estimate.model_type, Some(ModelType::Board));
    assert_eq!(
        estimate.display.as_ref().and_then(|d| d.card_front),
        Some(true)
    );
    assert_eq!(estimate.options, None);
    assert_eq!(estimate.is_suggested_field, Some(false));

    let priority = &fields[1];
    assert_eq!(priority.field_type, Some(CustomFieldType::List));
    assert_eq!(priority.pos, Some(32768.0));
    let options = priority.options.as_deref().expect("options");
    assert_eq!(options.len(), 2);
    assert_eq!(
        options[0].value.as_ref().and_then(|v| v.text.as_deref()),
        Some("High")
    );
    assert_eq!(options[0].color, Some(LabelColor::Red));
    assert_eq!(options[1].color, Some(LabelColor::Other("none".into())));
    assert_eq!(
        options[1].id_custom_field.as_deref(),
        Some(priority.id.as_str())
    );

    assert_eq!(
        fields[2].field_type,
        Some(CustomFieldType::Other("rating".into()))
    );
}

#[test]
fn custom_field_items_of_every_kind() {
    let items: Vec<CustomFieldItem> = fixture("custom_field_items.json");
    let values: Vec<Option<FieldValue<'_>>> =
        items.iter().map(CustomFieldItem::typed_value).collect();
    assert_eq!(
        values,
        [
            Some(FieldValue::Number(42.5)),
            Some(FieldValue::Option("65f1c0f7a0d92e8f6b7d9411")),
            Some(FieldValue::Checked(true)),
            Some(FieldValue::Date(utc(2024, 7, 1, 15, 0, 0, 0))),
            Some(FieldValue::Text("Owned by the platform team")),
            None,
        ]
    );
    assert_eq!(items[0].value.as_ref().and_then(|v| v.number), Some(42.5));
    assert_eq!(items[2].value.as_ref().and_then(|v| v.checked), Some(true));
    assert_eq!(items[5].value, None);
    assert!(items.iter().all(|i| i.model_type == Some(ModelType::Card)));

    // Written back in Trello's own shape (numbers and checkboxes as strings,
    // only the one kind present).
    let number = serde_json::to_value(items[0].value.as_ref().expect("value")).expect("serialize");
    assert_eq!(number, json!({"number": "42.5"}));
    let checked = serde_json::to_value(items[2].value.as_ref().expect("value")).expect("serialize");
    assert_eq!(checked, json!({"checked": "true"}));
}

#[test]
fn stickers_with_string_numbers() {
    let stickers: Vec<Sticker> = fixture("stickers.json");
    assert_eq!(stickers[0].top, Some(4.5));
    assert_eq!(stickers[0].z_index, Some(1));
    let scaled = stickers[0].image_scaled.as_deref().expect("imageScaled");
    assert_eq!(scaled[0].width, Some(270));
    assert_eq!(stickers[1].top, Some(-10.0));
    assert_eq!(stickers[1].left, Some(35.5));
    assert_eq!(stickers[1].z_index, Some(2));
    assert_eq!(stickers[1].rotate, Some(0.0));
    assert_eq!(
        stickers[1].image.as_deref(),
        Some("65f1c108b1ea3f907c8ea500")
    );
}

#[test]
fn reactions_with_emoji() {
    let reactions: Vec<Reaction> = fixture("reactions.json");
    assert_eq!(reactions.len(), 2);
    let thumbs = &reactions[0];
    assert_eq!(thumbs.id_emoji.as_deref(), Some("1F44D"));
    assert_eq!(thumbs.id_model.as_deref(), Some("6643290c8e2f1a4b5c6d7e81"));
    let emoji = thumbs.emoji.as_ref().expect("emoji");
    assert_eq!(emoji.native.as_deref(), Some("👍🏽"));
    assert_eq!(emoji.short_name.as_deref(), Some("+1"));
    assert_eq!(emoji.skin_variation.as_deref(), Some("1F3FD"));
    assert_eq!(
        thumbs.member.as_ref().and_then(|m| m.username.as_deref()),
        Some("samwrites")
    );
    let rocket = &reactions[1];
    assert_eq!(rocket.member, None);
    assert_eq!(
        rocket.emoji.as_ref().and_then(|e| e.skin_variation.clone()),
        None
    );
    assert_eq!(
        rocket.emoji.as_ref().and_then(|e| e.name.as_deref()),
        Some("ROCKET")
    );
}

#[test]
fn memberships_with_members_and_unknown_roles() {
    let memberships: Vec<Membership> = fixture("memberships.json");
    assert_eq!(memberships.len(), 3);
    assert_eq!(memberships[0].member_type, Some(MembershipType::Admin));
    assert_eq!(memberships[0].org_member_type.as_deref(), Some("admin"));
    let member = memberships[0].member.as_ref().expect("member");
    assert_eq!(member.full_name.as_deref(), Some("Dana Ops"));
    assert_eq!(member.extra.get("confirmed"), Some(&json!(true)));
    assert_eq!(memberships[1].member_type, Some(MembershipType::Observer));
    assert_eq!(memberships[1].deactivated, Some(true));
    assert_eq!(
        memberships[2].member_type,
        Some(MembershipType::Other("guestEditor".into()))
    );
}

#[test]
fn a_genuinely_wrong_type_is_a_decode_error_naming_its_path() {
    let err =
        decode::<Card>(&fixture_text("card_wrong_type.json")).expect_err("an object is no count");
    assert_eq!(err.path().to_string(), "badges.checkItems");
    let message = err.inner().to_string();
    assert!(message.contains("whole number"), "{message}");
}

#[test]
fn other_wrong_values_are_errors_too() {
    let not_a_number = decode::<List>(r#"{"id": "65f1c0b3c8f5ea4b2d3f5021", "pos": "top-ish"}"#)
        .expect_err("text is no position");
    assert_eq!(not_a_number.path().to_string(), "pos");
    assert!(
        not_a_number
            .inner()
            .to_string()
            .contains("a number or a string holding a number")
    );

    let not_a_date = decode::<Card>(r#"{"id": "65f1c0c4d9a6fb5c3e4a6131", "due": "next Tuesday"}"#)
        .expect_err("prose is no date");
    assert_eq!(not_a_date.path().to_string(), "due");
    assert!(not_a_date.inner().to_string().contains("ISO 8601"));

    let not_a_bool = decode::<Card>(r#"{"id": "65f1c0c4d9a6fb5c3e4a6131", "closed": "yes"}"#)
        .expect_err("\"yes\" is no bool");
    assert_eq!(not_a_bool.path().to_string(), "closed");

    let not_a_color = decode::<Label>(r#"{"id": "65f1c0a2b7e4d93a1c2e4f50", "color": 3}"#)
        .expect_err("a number is no color");
    assert!(
        not_a_color
            .inner()
            .to_string()
            .contains("LabelColor wire name")
    );

    let negative = decode::<Attachment>(r#"{"id": "65f1c0e6fbc81d7e5a6c8351", "bytes": -4}"#)
        .expect_err("sizes are not negative");
    assert_eq!(negative.path().to_string(), "bytes");

    let no_id = decode::<Board>(r#"{"name": "Nameless"}"#).expect_err("the id is required");
    assert!(no_id.inner().to_string().contains("missing field `id`"));
}

#[test]
fn models_round_trip_through_json() {
    let board: Board = fixture("board_nested.json");
    let again: Board = serde_json::from_value(serde_json::to_value(&board).expect("serialize"))
        .expect("deserialize");
    assert_eq!(again, board);

    let card: Card = fixture("card_full.json");
    let again: Card = serde_json::from_value(serde_json::to_value(&card).expect("serialize"))
        .expect("deserialize");
    assert_eq!(again, card);

    let actions: Vec<Action> = fixture("actions_page.json");
    let again: Vec<Action> =
        serde_json::from_value(serde_json::to_value(&actions).expect("serialize"))
            .expect("deserialize");
    assert_eq!(again, actions);
    // Wire names are kept when writing.
    let written = serde_json::to_value(&actions[1]).expect("serialize");
    assert_eq!(written["type"], json!("updateCard"));
    assert_eq!(
        written["idMemberCreator"],
        json!("5c4a7e9d2b1f0a3e8d6c5b47")
    );
    assert_eq!(written["data"]["listAfter"]["name"], json!("Doing"));
}

#[test]
fn wire_enums_are_endpoint_parameters() {
    assert_eq!(LabelColor::KIND, ParamKind::Enum);
    assert_eq!(
        LabelColor::ALLOWED,
        [
            "green", "yellow", "orange", "red", "purple", "blue", "sky", "lime", "pink", "black"
        ]
    );
    assert_eq!(CheckItemState::ALLOWED, ["complete", "incomplete"]);
    assert_eq!(PermissionLevel::ALLOWED, ["private", "org", "public"]);
    assert_eq!(
        CustomFieldType::ALLOWED,
        ["checkbox", "date", "list", "number", "text"]
    );
    assert!(ActionType::ALLOWED.contains(&"updateCheckItemStateOnCard"));
    assert_eq!(ActionType::ALLOWED.len(), ActionType::WIRE_NAMES.len());

    assert_eq!(
        ActionType::UpdateCheckItemStateOnCard.to_wire(),
        "updateCheckItemStateOnCard"
    );
    assert_eq!(CoverSize::Full.to_json(), json!("full"));
    assert_eq!(
        LabelColor::Other("green_dark".into()).to_wire(),
        "green_dark"
    );
    assert_eq!(MembershipType::Observer.to_string(), "observer");
}

#[test]
fn wire_enums_parse_known_and_unknown_names() {
    assert_eq!(LabelColor::from("sky"), LabelColor::Sky);
    assert_eq!(
        "commentCard".parse::<ActionType>(),
        Ok(ActionType::CommentCard)
    );
    assert_eq!(
        ActionType::from(String::from("enableBoardAutomation")),
        ActionType::Other("enableBoardAutomation".into())
    );
    assert!(BoardAudience::Public.is_known());
    assert!(!BoardAudience::Other("admins".into()).is_known());
    // Wire names are case-sensitive, as Trello's are.
    assert_eq!(LabelColor::from("Red"), LabelColor::Other("Red".into()));
    assert_eq!(
        serde_json::from_value::<Brightness>(json!("unknown")).expect("decode"),
        Brightness::Unknown
    );
    assert_eq!(
        serde_json::to_value(CardAging::Other("vintage".into())).expect("encode"),
        json!("vintage")
    );
}

#[test]
fn lenient_helpers_accept_trello_shapes() {
    #[derive(serde::Deserialize)]
    struct Probe {
        #[serde(default, deserialize_with = "lenient::f64")]
        f: Option<f64>,
        #[serde(default, deserialize_with = "lenient::i64")]
        i: Option<i64>,
        #[serde(default, deserialize_with = "lenient::u64")]
        u: Option<u64>,
        #[serde(default, deserialize_with = "lenient::bool")]
        b: Option<bool>,
        #[serde(default, deserialize_with = "lenient::datetime")]
        d: Option<DateTime<Utc>>,
    }
    let probe = |v: Value| serde_json::from_value::<Probe>(v);

    let p = probe(json!({"f": " 1.5e3 ", "i": "-7", "u": 9.0, "b": "false", "d": "2024-05-14T11:12:44+02:00"}))
        .expect("strings and offsets");
    assert_eq!(p.f, Some(1500.0));
    assert_eq!(p.i, Some(-7));
    assert_eq!(p.u, Some(9));
    assert_eq!(p.b, Some(false));
    assert_eq!(p.d, Some(utc(2024, 5, 14, 9, 12, 44, 0)));

    let p = probe(json!({"f": null, "i": "", "u": null, "b": null, "d": null})).expect("nulls");
    assert_eq!((p.f, p.i, p.u, p.b, p.d), (None, None, None, None, None));

    let p = probe(json!({})).expect("missing");
    assert_eq!((p.f, p.i, p.u, p.b, p.d), (None, None, None, None, None));

    let p = probe(json!({"d": "2024-05-14T09:12:44.5"})).expect("no offset");
    assert_eq!(p.d, Some(utc(2024, 5, 14, 9, 12, 44, 500)));

    assert!(
        probe(json!({"i": 1.5})).is_err(),
        "a fraction is no whole number"
    );
    assert!(probe(json!({"f": "NaN"})).is_err(), "not finite");
    assert!(probe(json!({"b": 1})).is_err(), "1 is no boolean");
    assert!(probe(json!({"u": "-1"})).is_err(), "negative");
    assert!(probe(json!({"f": [1]})).is_err(), "a list is no number");
}

/// Fields that used to land in `extra`: a board's members and workspace, a
/// checklist's cards, the values an `updateCard` action carries, an action's
/// creating app, and the `*` model type of a token permission.
#[test]
fn fields_formerly_in_extra_are_typed() {
    let board: Board = serde_json::from_value(json!({
        "id": "5abbe4b7ddc1b351ef961414",
        "members": [{"id": "5abbe4b7ddc1b351ef961401", "username": "dana"}],
        "organization": {"id": "5abbe4b7ddc1b351ef961402", "name": "acme"},
    }))
    .expect("board");
    assert_eq!(board.members.as_ref().map(Vec::len), Some(1));
    assert_eq!(
        board.organization.as_ref().and_then(|o| o.name.as_deref()),
        Some("acme")
    );
    assert!(board.extra.is_empty(), "{:?}", board.extra);

    let checklist: Checklist = serde_json::from_value(json!({
        "id": "5abbe4b7ddc1b351ef961403",
        "cards": [{"id": "5abbe4b7ddc1b351ef961404", "name": "Ship"}],
    }))
    .expect("checklist");
    assert_eq!(checklist.cards.as_ref().map(Vec::len), Some(1));
    assert!(checklist.extra.is_empty());

    let action: Action = serde_json::from_value(json!({
        "id": "5abbe4b7ddc1b351ef961405",
        "type": "updateCard",
        "appCreator": {"id": "5abbe4b7ddc1b351ef961406"},
        "data": {"card": {
            "id": "5abbe4b7ddc1b351ef961404",
            "idLabels": ["5abbe4b7ddc1b351ef961407"],
            "idMembers": [],
            "dueComplete": true,
            "dueReminder": "1440",
            "cover": {"color": "green"}
        }}
    }))
    .expect("action");
    assert_eq!(
        action.app_creator.as_ref().and_then(|a| a.id.as_deref()),
        Some("5abbe4b7ddc1b351ef961406")
    );
    let card = action
        .data
        .as_ref()
        .and_then(|d| d.card.as_ref())
        .expect("card");
    assert_eq!(
        card.id_labels.as_deref(),
        Some(&["5abbe4b7ddc1b351ef961407".to_owned()][..])
    );
    assert_eq!(card.id_members.as_deref(), Some(&[][..]));
    assert_eq!(card.due_complete, Some(true));
    assert_eq!(card.due_reminder, Some(1440));
    assert!(card.cover.is_some());
    assert!(card.extra.is_empty(), "{:?}", card.extra);

    let permission: TokenPermission = serde_json::from_value(json!({
        "idModel": "*", "modelType": "*", "read": true, "write": false
    }))
    .expect("permission");
    assert_eq!(permission.model_type, Some(TokenModelType::All));
    assert!(permission.is_wildcard());
}

#[test]
fn card_lists_type_their_members_list_and_board() {
    // What `GET /boards/{id}/cards?members=true&checklists=all` answers,
    // with `board`/`list` as `GET /cards/{id}?board=true&list=true` nests them.
    let cards: Vec<Card> = fixture("board_cards_with_members.json");
    assert_eq!(cards.len(), 2);
    let first = &cards[0];
    let members = first.members.as_deref().expect("members typed");
    assert_eq!(members.len(), 2);
    assert_eq!(members[0].username.as_deref(), Some("ada"));
    assert_eq!(members[1].full_name.as_deref(), Some("Bo Sample"));
    assert_eq!(first.members_voted.as_deref(), Some(&[][..]));
    assert_eq!(first.due, Some(utc(2026, 12, 10, 17, 0, 0, 0)));
    assert_eq!(
        first.list.as_ref().and_then(|l| l.name.as_deref()),
        Some("Doing")
    );
    let board = first.board.as_deref().expect("board typed");
    assert_eq!(board.name.as_deref(), Some("Launch"));
    assert_eq!(
        board.members.as_deref().map(|m| m[0].id.as_str()),
        Some("6a1f00000000000000000d01")
    );
    let checklist = &first.checklists.as_deref().expect("checklists")[0];
    assert_eq!(checklist.name.as_deref(), Some("Before shipping"));
    for typed in ["members", "membersVoted", "list", "board", "checklists"] {
        assert!(!first.extra.contains_key(typed), "`{typed}` left in extra");
    }
    // Not asked for: absent, not empty.
    assert_eq!(cards[1].members, None);
    assert_eq!(cards[1].due, None);
}
