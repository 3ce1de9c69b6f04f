//! The stored actions by id: read one (and the board, card, list and
//! creator it concerns); edit or delete a comment, as its author only, as
//! on Trello (other actions are history and cannot change).

use axum::http::StatusCode;
use serde_json::{Value, json};

use super::*;

/// `/actions/{id}` and its board, card, list and creator.
pub(super) fn dispatch(store: &mut Store, cx: Ctx<'_>) -> Answer {
    let Ctx { params, record, .. } = cx;
    Ok(Some(match (cx.method, cx.segs) {
        ("GET", ["actions", id]) => {
            let action = action(store, id)?;
            ok(&select_fields(action, str_param(params, "fields")))
        }
        ("GET", ["actions", id, what @ ("board" | "card" | "list")]) => {
            let action = action(store, id)?;
            let of = action["data"][*what]["id"].as_str().unwrap_or_default();
            let collection = match *what {
                "board" => &store.boards,
                "card" => &store.cards,
                _ => &store.lists,
            };
            let found = collection.get(of).ok_or_else(|| {
                text(
                    StatusCode::NOT_FOUND,
                    format!("the action has no {what} (any more)"),
                )
            })?;
            ok(&select_fields(found, str_param(params, "fields")))
        }
        ("GET", ["actions", id, "memberCreator"]) => {
            let action = action(store, id)?;
            let creator = store
                .members
                .get(action["idMemberCreator"].as_str().unwrap_or_default())
                .ok_or_else(|| text(StatusCode::NOT_FOUND, NOT_FOUND))?;
            ok(&select_fields(creator, str_param(params, "fields")))
        }
        ("PUT", ["actions", id]) | ("PUT", ["actions", id, "text"]) => {
            let name = if cx.segs.len() == 3 { "value" } else { "text" };
            let new_text = str_param(params, name)
                .filter(|t| !t.trim().is_empty())
                .ok_or_else(|| text(StatusCode::BAD_REQUEST, format!("invalid value for {name}")))?
                .to_owned();
            let index = own_comment(store, record, id)?;
            let now = crate::state::rfc3339(store.system_now());
            let action = &mut store.actions[index];
            let old = action["data"]["text"].clone();
            action["data"]["text"] = Value::String(new_text);
            action["data"]["dateLastEdited"] = Value::String(now);
            let after = action.clone();
            let mut data = after["data"].clone();
            data["action"] = json!({"id": after["id"], "text": after["data"]["text"]});
            data["old"] = json!({"text": old});
            history::record(store, record, "updateComment", data);
            ok(&after)
        }
        ("DELETE", ["actions", id]) => {
            let index = own_comment(store, record, id)?;
            let removed = store.actions.remove(index);
            if let Some(card) = store
                .cards
                .get_mut(removed["data"]["card"]["id"].as_str().unwrap_or_default())
                && let Some(n) = card["badges"]["comments"].as_u64()
            {
                card["badges"]["comments"] = json!(n.saturating_sub(1));
            }
            let mut data = removed["data"].clone();
            data["action"] = json!({"id": removed["id"]});
            history::record(store, record, "deleteComment", data);
            deleted()
        }
        _ => return Ok(None),
    }))
}

fn action<'a>(store: &'a Store, id: &str) -> Result<&'a Value, Response> {
    if let Some(found) = store.actions.iter().find(|a| a["id"] == id) {
        return Ok(found);
    }
    if ids::is_trello_id(id) {
        Err(text(StatusCode::NOT_FOUND, NOT_FOUND))
    } else {
        Err(text(StatusCode::BAD_REQUEST, "invalid id"))
    }
}

/// The index of comment `id`, when the caller wrote it.
fn own_comment(store: &Store, record: &TokenRecord, id: &str) -> Result<usize, Response> {
    action(store, id)?;
    let index = store
        .actions
        .iter()
        .position(|a| a["id"] == id)
        .ok_or_else(|| text(StatusCode::NOT_FOUND, NOT_FOUND))?;
    let action = &store.actions[index];
    if action["type"] != "commentCard" {
        return Err(text(
            StatusCode::BAD_REQUEST,
            "only comments (commentCard actions) can be edited or deleted",
        ));
    }
    if action["idMemberCreator"] != record.member_id.as_str() {
        return Err(text(
            StatusCode::UNAUTHORIZED,
            "unauthorized comment permission requested: only its author edits or deletes a comment",
        ));
    }
    Ok(index)
}
