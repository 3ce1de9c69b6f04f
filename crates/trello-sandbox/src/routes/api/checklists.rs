//! Checklists on cards and their check items: creation (also as a copy of
//! another checklist), reads with their items, renames, moves, states
//! `complete`/`incomplete`, deletion; the card's `idChecklists` and
//! check-item badges follow.

use axum::http::StatusCode;
use serde_json::{Value, json};

use super::*;

/// The checklist routes, and those of cards and boards that list them.
pub(super) fn dispatch(store: &mut Store, cx: Ctx<'_>) -> Answer {
    let Ctx { params, record, .. } = cx;
    Ok(Some(match (cx.method, cx.segs) {
        ("POST", ["checklists"]) => {
            let card = str_param(params, "idCard")
                .ok_or_else(|| text(StatusCode::BAD_REQUEST, "invalid value for idCard"))?;
            let card = find(&store.cards, card)
                .map_err(|_| text(StatusCode::BAD_REQUEST, "invalid value for idCard"))?
                .clone();
            ok(&create(store, record, params, &card)?)
        }
        ("POST", ["cards", id, "checklists"]) => {
            let card = find(&store.cards, id)?.clone();
            ok(&create(store, record, params, &card)?)
        }
        ("GET", ["cards", id, "checklists"]) => {
            let card = find(&store.cards, id)?["id"].clone();
            ok(&Value::Array(views(store, |c| c["idCard"] == card, params)))
        }
        ("GET", ["boards", id, "checklists"]) => {
            let board = find(&store.boards, id)?["id"].clone();
            ok(&Value::Array(views(
                store,
                |c| c["idBoard"] == board,
                params,
            )))
        }
        ("GET", ["checklists", id]) => {
            let checklist = find(&store.checklists, id)?;
            let mut view = select_fields(&view(store, checklist), str_param(params, "fields"));
            if str_param(params, "checkItems") == Some("none") {
                if let Some(object) = view.as_object_mut() {
                    object.remove("checkItems");
                }
            }
            if str_param(params, "cards").is_some_and(|c| c != "none") {
                let card = store
                    .cards
                    .get(checklist["idCard"].as_str().unwrap_or_default())
                    .cloned();
                view["cards"] = Value::Array(card.into_iter().collect());
            }
            ok(&view)
        }
        ("PUT", ["checklists", id]) => {
            let before = find(&store.checklists, id)?.clone();
            let id = before["id"].as_str().unwrap_or_default().to_owned();
            update(store, record, &before, params)?;
            ok(&view(store, &store.checklists[&id]))
        }
        ("PUT", ["checklists", id, field @ ("name" | "pos")]) => {
            let before = find(&store.checklists, id)?.clone();
            let id = before["id"].as_str().unwrap_or_default().to_owned();
            let mut changed = Params::new();
            if let Some(value) = params.get("value") {
                changed.insert((*field).to_owned(), value.clone());
            }
            update(store, record, &before, &changed)?;
            ok(&view(store, &store.checklists[&id]))
        }
        ("GET", ["checklists", id, field])
            if !matches!(*field, "checkItems" | "board" | "cards") =>
        {
            let checklist = view(store, find(&store.checklists, id)?);
            match checklist.get(*field) {
                Some(value) => ok(&json!({"_value": value})),
                None => {
                    return Err(text(
                        StatusCode::BAD_REQUEST,
                        format!("invalid value for field: {field:?} is no field of a checklist"),
                    ));
                }
            }
        }
        ("DELETE", ["checklists", id]) => {
            let checklist = find(&store.checklists, id)?.clone();
            remove(store, record, &checklist);
            deleted()
        }
        ("DELETE", ["cards", card, "checklists", id]) => {
            let checklist =
                find_child(&store.cards, card, &store.checklists, "idCard", id)?.clone();
            remove(store, record, &checklist);
            deleted()
        }
        ("GET", ["checklists", id, "board"]) => {
            let board = find(&store.checklists, id)?["idBoard"].clone();
            let board = find(&store.boards, board.as_str().unwrap_or_default())?;
            ok(&select_fields(board, str_param(params, "fields")))
        }
        ("GET", ["checklists", id, "cards"]) => {
            let card = find(&store.checklists, id)?["idCard"].clone();
            let cards: Vec<Value> = store
                .cards
                .get(card.as_str().unwrap_or_default())
                .cloned()
                .into_iter()
                .collect();
            ok(&Value::Array(cards))
        }

        // Check items.
        ("GET", ["checklists", id, "checkItems"]) => {
            let checklist = find(&store.checklists, id)?;
            if str_param(params, "filter") == Some("none") {
                return Ok(Some(ok(&json!([]))));
            }
            let items: Vec<Value> = items_of(store, checklist["id"].as_str().unwrap_or_default())
                .iter()
                .map(|i| select_fields(i, str_param(params, "fields")))
                .collect();
            ok(&Value::Array(items))
        }
        ("POST", ["checklists", id, "checkItems"]) => {
            let checklist = find(&store.checklists, id)?.clone();
            ok(&create_item(store, record, &checklist, params)?)
        }
        ("GET", ["checklists", id, "checkItems", item]) => {
            let item = find_child(
                &store.checklists,
                id,
                &store.check_items,
                "idChecklist",
                item,
            )?;
            ok(&select_fields(item, str_param(params, "fields")))
        }
        ("DELETE", ["checklists", id, "checkItems", item]) => {
            let item = find_child(
                &store.checklists,
                id,
                &store.check_items,
                "idChecklist",
                item,
            )?
            .clone();
            remove_item(store, record, &item);
            deleted()
        }
        ("GET", ["cards", card, "checkItem", item]) => {
            let item = item_on_card(store, card, item)?;
            ok(&select_fields(&item, str_param(params, "fields")))
        }
        ("PUT", ["cards", card, "checkItem", item]) => {
            let item = item_on_card(store, card, item)?;
            ok(&update_item(store, record, &item, params)?)
        }
        ("PUT", ["cards", card, "checklist", checklist, "checkItem", item]) => {
            let item = item_on_card(store, card, item)?;
            let mut params = params.clone();
            params.insert("idChecklist".into(), Value::String((*checklist).to_owned()));
            ok(&update_item(store, record, &item, &params)?)
        }
        ("DELETE", ["cards", card, "checkItem", item]) => {
            let item = item_on_card(store, card, item)?;
            remove_item(store, record, &item);
            deleted()
        }
        ("GET", ["cards", card, "checkItemStates"]) => {
            let card = find(&store.cards, card)?["id"].clone();
            let states: Vec<Value> = store
                .check_items
                .values()
                .filter(|i| i["state"] == "complete")
                .filter(|i| {
                    store
                        .checklists
                        .get(i["idChecklist"].as_str().unwrap_or_default())
                        .is_some_and(|c| c["idCard"] == card)
                })
                .map(|i| json!({"idCheckItem": i["id"], "state": "complete"}))
                .collect();
            ok(&Value::Array(states))
        }
        _ => return Ok(None),
    }))
}

/// A checklist with its items (by position), as Trello answers it.
pub(super) fn view(store: &Store, checklist: &Value) -> Value {
    let mut view = checklist.clone();
    view["checkItems"] = Value::Array(items_of(
        store,
        checklist["id"].as_str().unwrap_or_default(),
    ));
    view
}

/// The views of the checklists passing `keep`, by position.
pub(super) fn views(store: &Store, keep: impl Fn(&Value) -> bool, params: &Params) -> Vec<Value> {
    let mut list: Vec<Value> = store
        .checklists
        .values()
        .filter(|c| keep(c))
        .map(|c| select_fields(&view(store, c), str_param(params, "fields")))
        .collect();
    sort_by_pos(&mut list);
    list
}

fn items_of(store: &Store, checklist: &str) -> Vec<Value> {
    let mut items: Vec<Value> = store
        .check_items
        .values()
        .filter(|i| i["idChecklist"] == checklist)
        .cloned()
        .collect();
    sort_by_pos(&mut items);
    items
}

fn create(
    store: &mut Store,
    record: &TokenRecord,
    params: &Params,
    card: &Value,
) -> Result<Value, Response> {
    let card_id = card["id"].as_str().unwrap_or_default().to_owned();
    let source = match str_param(params, "idChecklistSource") {
        Some(source) => Some(
            find(&store.checklists, source)
                .map_err(|_| {
                    text(
                        StatusCode::BAD_REQUEST,
                        "invalid value for idChecklistSource",
                    )
                })?
                .clone(),
        ),
        None => None,
    };
    let name = str_param(params, "name")
        .filter(|n| !n.trim().is_empty())
        .map(str::to_owned)
        .or_else(|| {
            source
                .as_ref()
                .and_then(|s| s["name"].as_str().map(str::to_owned))
        })
        .unwrap_or_else(|| "Checklist".to_owned());
    let pos = sibling_pos(params, &store.checklists, "idCard", &card_id, None);
    let id = ids::new_id();
    let checklist = json!({
        "id": id, "name": name, "idBoard": card["idBoard"], "idCard": card_id, "pos": pos,
    });
    store.checklists.insert(id.clone(), checklist.clone());
    if let Some(source) = source {
        for item in items_of(store, source["id"].as_str().unwrap_or_default()) {
            let copy_id = ids::new_id();
            let mut copy = item.clone();
            copy["id"] = Value::String(copy_id.clone());
            copy["idChecklist"] = Value::String(id.clone());
            store.check_items.insert(copy_id, copy);
        }
    }
    refresh_card(store, &card_id);
    let data = history::card_data(store, card, json!({"checklist": {"id": id, "name": name}}));
    history::record(store, record, "addChecklistToCard", data);
    Ok(view(store, &checklist))
}

fn update(
    store: &mut Store,
    record: &TokenRecord,
    before: &Value,
    params: &Params,
) -> Result<(), Response> {
    let id = before["id"].as_str().unwrap_or_default().to_owned();
    let card = before["idCard"].as_str().unwrap_or_default().to_owned();
    if let Some(name) = params.get("name") {
        if name.as_str().is_none_or(|n| n.trim().is_empty()) {
            return Err(text(StatusCode::BAD_REQUEST, "invalid value for name"));
        }
    }
    let pos = moved_pos(params, &store.checklists, "idCard", card.as_str(), &id);
    let Some(checklist) = store.checklists.get_mut(&id) else {
        return Err(text(StatusCode::NOT_FOUND, NOT_FOUND));
    };
    if let Some(object) = checklist.as_object_mut() {
        merge_fields(object, params, &["name"]);
        if let Some(pos) = pos {
            object.insert("pos".into(), json!(pos));
        }
    }
    let after = checklist.clone();
    let old = history::old_values(before, &after, &["name", "pos"]);
    if !old.is_empty() {
        let data = json!({
            "checklist": {"id": id, "name": after["name"]},
            "card": store.cards.get(&card).map(history::card_brief),
            "board": history::board_brief(store, after["idBoard"].as_str().unwrap_or_default()),
            "old": old,
        });
        history::record(store, record, "updateChecklist", data);
    }
    Ok(())
}

fn remove(store: &mut Store, record: &TokenRecord, checklist: &Value) {
    let id = checklist["id"].as_str().unwrap_or_default().to_owned();
    let card = checklist["idCard"].as_str().unwrap_or_default().to_owned();
    store.checklists.remove(&id);
    store
        .check_items
        .retain(|_, i| i["idChecklist"] != id.as_str());
    refresh_card(store, &card);
    if let Some(card) = store.cards.get(&card).cloned() {
        let data = history::card_data(
            store,
            &card,
            json!({"checklist": {"id": id, "name": checklist["name"]}}),
        );
        history::record(store, record, "removeChecklistFromCard", data);
    }
}

/// Trello's check-item state from `state` (`complete`/`incomplete`, or
/// `true`/`false`) or `checked`.
fn state_param(params: &Params, name: &str) -> Result<Option<&'static str>, Response> {
    match params.get(name) {
        None => Ok(None),
        Some(value) => match (value.as_str(), value.as_bool()) {
            (Some("complete" | "true"), _) | (_, Some(true)) => Ok(Some("complete")),
            (Some("incomplete" | "false"), _) | (_, Some(false)) => Ok(Some("incomplete")),
            _ => Err(text(
                StatusCode::BAD_REQUEST,
                format!("invalid value for {name}: use complete or incomplete"),
            )),
        },
    }
}

fn create_item(
    store: &mut Store,
    record: &TokenRecord,
    checklist: &Value,
    params: &Params,
) -> Result<Value, Response> {
    let name = str_param(params, "name")
        .filter(|n| !n.trim().is_empty())
        .ok_or_else(|| text(StatusCode::BAD_REQUEST, "invalid value for name"))?;
    let checklist_id = checklist["id"].as_str().unwrap_or_default().to_owned();
    let state = state_param(params, "checked")?.unwrap_or("incomplete");
    let pos = sibling_pos(
        params,
        &store.check_items,
        "idChecklist",
        &checklist_id,
        None,
    );
    let id = ids::new_id();
    let item = json!({
        "id": id, "idChecklist": checklist_id, "name": name, "nameData": null, "pos": pos,
        "state": state, "due": params.get("due").cloned().unwrap_or(Value::Null),
        "dueReminder": due_reminder(params)?,
        "idMember": params.get("idMember").cloned().unwrap_or(Value::Null),
    });
    store.check_items.insert(id, item.clone());
    let card = checklist["idCard"].as_str().unwrap_or_default().to_owned();
    refresh_card(store, &card);
    if let Some(card) = store.cards.get(&card).cloned() {
        let data = history::card_data(
            store,
            &card,
            json!({"checklist": {"id": checklist_id, "name": checklist["name"]}, "checkItem": {"id": item["id"], "name": name, "state": state}}),
        );
        history::record(store, record, "createCheckItem", data);
    }
    Ok(item)
}

/// `dueReminder`: minutes before the due date, taken down to a whole
/// number as Trello stores it (`null` when absent).
fn due_reminder(params: &Params) -> Result<Value, Response> {
    match params.get("dueReminder") {
        None | Some(Value::Null) => Ok(Value::Null),
        Some(value) => value
            .as_f64()
            .or_else(|| value.as_str().and_then(|s| s.parse().ok()))
            .filter(|n| n.is_finite() && *n >= -1.0)
            .map(|n| json!(n.trunc() as i64))
            .ok_or_else(|| {
                text(
                    StatusCode::BAD_REQUEST,
                    "invalid value for dueReminder: give minutes before the due date (-1 for none)",
                )
            }),
    }
}

/// Check item `item` of a checklist on card `card`, or 404.
fn item_on_card(store: &Store, card: &str, item: &str) -> Result<Value, Response> {
    let card = find(&store.cards, card)?["id"].clone();
    let item = find(&store.check_items, item)?;
    let on_card = store
        .checklists
        .get(item["idChecklist"].as_str().unwrap_or_default())
        .is_some_and(|c| c["idCard"] == card);
    if on_card {
        Ok(item.clone())
    } else {
        Err(text(StatusCode::NOT_FOUND, NOT_FOUND))
    }
}

fn update_item(
    store: &mut Store,
    record: &TokenRecord,
    before: &Value,
    params: &Params,
) -> Result<Value, Response> {
    let id = before["id"].as_str().unwrap_or_default().to_owned();
    let from = before["idChecklist"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let card = store
        .checklists
        .get(&from)
        .map(|c| c["idCard"].clone())
        .unwrap_or(Value::Null);
    let to = match str_param(params, "idChecklist") {
        Some(to) => {
            let target = find(&store.checklists, to)
                .map_err(|_| text(StatusCode::BAD_REQUEST, "invalid value for idChecklist"))?;
            if target["idCard"] != card {
                return Err(text(
                    StatusCode::BAD_REQUEST,
                    "invalid value for idChecklist: the checklist is on another card",
                ));
            }
            target["id"].as_str().unwrap_or_default().to_owned()
        }
        None => from.clone(),
    };
    if let Some(name) = params.get("name") {
        if name.as_str().is_none_or(|n| n.trim().is_empty()) {
            return Err(text(StatusCode::BAD_REQUEST, "invalid value for name"));
        }
    }
    let state = state_param(params, "state")?;
    let reminder = params
        .contains_key("dueReminder")
        .then(|| due_reminder(params))
        .transpose()?;
    let pos = moved_pos(params, &store.check_items, "idChecklist", to.as_str(), &id);
    let Some(item) = store.check_items.get_mut(&id) else {
        return Err(text(StatusCode::NOT_FOUND, NOT_FOUND));
    };
    if let Some(object) = item.as_object_mut() {
        merge_fields(object, params, &["name", "due", "idMember"]);
        if let Some(reminder) = reminder {
            object.insert("dueReminder".into(), reminder);
        }
        object.insert("idChecklist".into(), Value::String(to.clone()));
        if let Some(state) = state {
            object.insert("state".into(), Value::String(state.to_owned()));
        }
        if let Some(pos) = pos {
            object.insert("pos".into(), json!(pos));
        }
    }
    let after = item.clone();
    let card_id = card.as_str().unwrap_or_default().to_owned();
    refresh_card(store, &card_id);
    if let Some(card) = store.cards.get(&card_id).cloned() {
        let checklist = store
            .checklists
            .get(&to)
            .map(|c| json!({"id": c["id"], "name": c["name"]}))
            .unwrap_or(Value::Null);
        let brief = json!({"id": after["id"], "name": after["name"], "state": after["state"]});
        if before["state"] != after["state"] {
            let data = history::card_data(
                store,
                &card,
                json!({"checklist": checklist, "checkItem": brief}),
            );
            history::record(store, record, "updateCheckItemStateOnCard", data);
        }
        let old = history::old_values(
            before,
            &after,
            &["name", "pos", "due", "idChecklist", "idMember"],
        );
        if !old.is_empty() {
            let data = history::card_data(
                store,
                &card,
                json!({"checklist": checklist, "checkItem": brief, "old": old}),
            );
            history::record(store, record, "updateCheckItem", data);
        }
    }
    Ok(after)
}

fn remove_item(store: &mut Store, record: &TokenRecord, item: &Value) {
    let id = item["id"].as_str().unwrap_or_default();
    store.check_items.remove(id);
    let checklist = store
        .checklists
        .get(item["idChecklist"].as_str().unwrap_or_default())
        .cloned()
        .unwrap_or(Value::Null);
    let card = checklist["idCard"].as_str().unwrap_or_default().to_owned();
    refresh_card(store, &card);
    if let Some(card) = store.cards.get(&card).cloned() {
        let data = history::card_data(
            store,
            &card,
            json!({"checklist": {"id": checklist["id"], "name": checklist["name"]}, "checkItem": {"id": item["id"], "name": item["name"], "state": item["state"]}}),
        );
        history::record(store, record, "deleteCheckItem", data);
    }
}
