//! The actions that writes produce, in Trello's action shape: stored (the
//! actions routes list them) and delivered to the webhooks watching a model
//! they concern.

use serde_json::{Map, Value, json};

use super::*;

/// Stores an action of type `kind` made by the caller, with `data`; returns
/// it.
pub(super) fn record(store: &mut Store, record: &TokenRecord, kind: &str, data: Value) -> Value {
    let creator = store
        .members
        .get(&record.member_id)
        .map(|m| {
            json!({"id": m["id"], "username": m["username"], "fullName": m["fullName"],
                   "initials": m["initials"], "avatarHash": m["avatarHash"]})
        })
        .unwrap_or_else(|| json!({"id": record.member_id}));
    let action = json!({
        "id": ids::new_id(),
        "idMemberCreator": record.member_id,
        "type": kind,
        "date": crate::state::rfc3339(store.system_now()),
        "data": data,
        "memberCreator": creator,
    });
    store.actions.push(action.clone());
    action
}

/// `{id, name, shortLink}` of a board, as actions name it.
pub(super) fn board_brief(store: &Store, board_id: &str) -> Value {
    match store.boards.get(board_id) {
        Some(b) => json!({"id": b["id"], "name": b["name"], "shortLink": b["shortLink"]}),
        None => json!({"id": board_id}),
    }
}

/// `{id, name}` of a list.
pub(super) fn list_brief(store: &Store, list_id: &str) -> Value {
    match store.lists.get(list_id) {
        Some(l) => json!({"id": l["id"], "name": l["name"]}),
        None => json!({"id": list_id}),
    }
}

/// `{id, name, idShort, shortLink}` of a card.
pub(super) fn card_brief(card: &Value) -> Value {
    json!({"id": card["id"], "name": card["name"], "idShort": card["idShort"], "shortLink": card["shortLink"]})
}

/// An action's `data` about a card: the card, its board and its list,
/// plus `extra`.
pub(super) fn card_data(store: &Store, card: &Value, extra: Value) -> Value {
    let mut data = Map::new();
    data.insert("card".into(), card_brief(card));
    data.insert(
        "board".into(),
        board_brief(store, card["idBoard"].as_str().unwrap_or_default()),
    );
    data.insert(
        "list".into(),
        list_brief(store, card["idList"].as_str().unwrap_or_default()),
    );
    if let Value::Object(extra) = extra {
        data.extend(extra);
    }
    Value::Object(data)
}

/// The fields among `fields` whose value differs between `before` and
/// `after`, with their old values (Trello's `data.old`).
pub(super) fn old_values(before: &Value, after: &Value, fields: &[&str]) -> Map<String, Value> {
    fields
        .iter()
        .filter(|f| before.get(**f) != after.get(**f))
        .map(|f| {
            (
                (*f).to_owned(),
                before.get(*f).cloned().unwrap_or(Value::Null),
            )
        })
        .collect()
}

/// The model ids an action concerns: its board, list, card, the member it
/// added or removed, and its creator.
pub(crate) fn models_of(action: &Value) -> Vec<String> {
    let mut ids = Vec::new();
    for key in ["board", "list", "card", "label", "checklist"] {
        if let Some(id) = action["data"][key]["id"].as_str() {
            ids.push(id.to_owned());
        }
    }
    for key in ["idMember", "idMemberAdded"] {
        if let Some(id) = action["data"][key].as_str() {
            ids.push(id.to_owned());
        }
    }
    if let Some(id) = action["idMemberCreator"].as_str() {
        ids.push(id.to_owned());
    }
    ids
}
