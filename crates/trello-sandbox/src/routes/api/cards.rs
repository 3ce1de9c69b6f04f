//! The card routes, their comments and actions.

use axum::http::StatusCode;
use serde_json::{Value, json};

use super::*;

/// The card routes, their comments and actions.
pub(super) fn dispatch(store: &mut Store, cx: Ctx<'_>) -> Answer {
    let Ctx { params, record, .. } = cx;
    let me = record.member_id.clone();
    Ok(Some(match (cx.method, cx.segs) {
        ("POST", ["cards"]) => {
            let list_id = str_param(params, "idList")
                .ok_or_else(|| text(StatusCode::BAD_REQUEST, "invalid value for idList"))?;
            let list = find(&store.lists, list_id)
                .map_err(|_| text(StatusCode::BAD_REQUEST, "invalid value for idList"))?;
            let list_id = list["id"].as_str().unwrap_or_default().to_owned();
            let board_id = list["idBoard"].as_str().unwrap_or_default().to_owned();
            let pos = sibling_pos(params, &store.cards, "idList", &list_id, None);
            let id = ids::new_id();
            let short = ids::short_link();
            let name = str_param(params, "name").unwrap_or("");
            let id_short = store
                .cards
                .values()
                .filter(|c| c["idBoard"] == board_id.as_str())
                .count()
                + 1;
            let card = json!({
                "id": id,
                "name": name,
                "desc": str_param(params, "desc").unwrap_or(""),
                "closed": false,
                "idBoard": board_id,
                "idList": list_id,
                "idShort": id_short,
                "idLabels": split_ids(params.get("idLabels")),
                "idMembers": split_ids(params.get("idMembers")),
                "pos": pos,
                "due": params.get("due").cloned().unwrap_or(Value::Null),
                "dueComplete": bool_param(params, "dueComplete").unwrap_or(false),
                "start": params.get("start").cloned().unwrap_or(Value::Null),
                "dateLastActivity": crate::state::rfc3339(store.system_now()),
                "shortLink": short,
                "shortUrl": format!("https://trello.com/c/{short}"),
                "url": format!("https://trello.com/c/{short}/{id_short}-{}", slug(name)),
                "badges": {"comments": 0, "attachments": 0, "checkItems": 0, "checkItemsChecked": 0, "description": params.get("desc").is_some()},
                "subscribed": false,
                "idChecklists": [],
                "idAttachmentCover": null,
            });
            store.cards.insert(id, card.clone());
            let data = history::card_data(store, &card, json!({}));
            history::record(store, record, "createCard", data);
            ok(&card)
        }
        ("GET", ["cards", id]) => ok(&card_view(store, find(&store.cards, id)?, params)),
        ("PUT", ["cards", id]) => {
            let before = find(&store.cards, id)?.clone();
            let id = before["id"].as_str().unwrap_or_default().to_owned();
            if let Some(list_id) = str_param(params, "idList")
                && find(&store.lists, list_id).is_err()
            {
                return Err(text(StatusCode::BAD_REQUEST, "invalid value for idList"));
            }
            let now = store.system_now();
            // `top`/`bottom` are relative to the cards of the list it ends in.
            let target_list = str_param(params, "idList")
                .map(str::to_owned)
                .or_else(|| before["idList"].as_str().map(str::to_owned))
                .unwrap_or_default();
            let pos = moved_pos(params, &store.cards, "idList", target_list.as_str(), &id);
            let card = store
                .cards
                .get_mut(&id)
                .ok_or_else(|| text(StatusCode::NOT_FOUND, NOT_FOUND))?;
            if let Some(object) = card.as_object_mut() {
                merge_fields(object, params, &["name", "desc", "idList", "due", "start"]);
                for flag in ["closed", "dueComplete", "subscribed"] {
                    if let Some(value) = bool_param(params, flag) {
                        object.insert(flag.into(), Value::Bool(value));
                    }
                }
                if params.contains_key("idLabels") {
                    object.insert("idLabels".into(), split_ids(params.get("idLabels")));
                }
                if params.contains_key("idMembers") {
                    object.insert("idMembers".into(), split_ids(params.get("idMembers")));
                }
                if let Some(pos) = pos {
                    object.insert("pos".into(), json!(pos));
                }
                object.insert(
                    "dateLastActivity".into(),
                    Value::String(crate::state::rfc3339(now)),
                );
            }
            let after = card.clone();
            let mut old = history::old_values(
                &before,
                &after,
                &[
                    "name",
                    "desc",
                    "idList",
                    "due",
                    "start",
                    "closed",
                    "dueComplete",
                    "idLabels",
                    "idMembers",
                    "pos",
                ],
            );
            old.remove("dateLastActivity");
            if !old.is_empty() {
                let mut extra = json!({"old": old});
                if before["idList"] != after["idList"] {
                    extra["listBefore"] =
                        history::list_brief(store, before["idList"].as_str().unwrap_or_default());
                    extra["listAfter"] =
                        history::list_brief(store, after["idList"].as_str().unwrap_or_default());
                }
                let data = history::card_data(store, &after, extra);
                history::record(store, record, "updateCard", data);
            }
            ok(&after)
        }
        ("DELETE", ["cards", id]) => {
            let card = find(&store.cards, id)?.clone();
            let id = card["id"].as_str().unwrap_or_default().to_owned();
            purge_cards(store, |c| c["id"] == id.as_str());
            let data = json!({
                "card": {"id": id, "idShort": card["idShort"], "shortLink": card["shortLink"]},
                "board": history::board_brief(store, card["idBoard"].as_str().unwrap_or_default()),
                "list": history::list_brief(store, card["idList"].as_str().unwrap_or_default()),
            });
            history::record(store, record, "deleteCard", data);
            deleted()
        }
        ("POST", ["cards", id, "actions", "comments"]) => {
            let card = find(&store.cards, id)?.clone();
            let text_param = str_param(params, "text")
                .filter(|t| !t.trim().is_empty())
                .ok_or_else(|| text(StatusCode::BAD_REQUEST, "invalid value for text"))?;
            let board = store
                .boards
                .get(card["idBoard"].as_str().unwrap_or_default())
                .cloned()
                .unwrap_or(Value::Null);
            let action = json!({
                "id": ids::new_id(),
                "idMemberCreator": me,
                "type": "commentCard",
                "date": crate::state::rfc3339(store.system_now()),
                "data": {
                    "text": text_param,
                    "card": {"id": card["id"], "name": card["name"], "idShort": card["idShort"], "shortLink": card["shortLink"]},
                    "board": {"id": board["id"], "name": board["name"], "shortLink": board["shortLink"]},
                    "list": {"id": card["idList"]},
                },
                "memberCreator": store.members.get(&me).cloned().unwrap_or(Value::Null),
            });
            store.actions.push(action.clone());
            if let Some(card) = store.cards.get_mut(card["id"].as_str().unwrap_or_default())
                && let Some(n) = card["badges"]["comments"].as_u64()
            {
                card["badges"]["comments"] = json!(n + 1);
            }
            ok(&action)
        }
        ("GET", ["cards", id, "actions"]) => actions_of(store, &store.cards, "card", id, params)?,
        _ => return Ok(None),
    }))
}
