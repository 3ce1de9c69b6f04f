//! The list routes.

use axum::http::StatusCode;
use serde_json::{Value, json};

use super::*;

/// The list routes.
pub(super) fn dispatch(store: &mut Store, cx: Ctx<'_>) -> Answer {
    let Ctx { params, record, .. } = cx;
    Ok(Some(match (cx.method, cx.segs) {
        ("POST", ["lists"]) => {
            let name = str_param(params, "name")
                .filter(|n| !n.trim().is_empty())
                .ok_or_else(|| text(StatusCode::BAD_REQUEST, "invalid value for name"))?;
            let board_id = str_param(params, "idBoard").unwrap_or_default();
            let board_id = find(&store.boards, board_id)?["id"]
                .as_str()
                .unwrap_or_default()
                .to_owned();
            let pos = sibling_pos(params, &store.lists, "idBoard", &board_id, None);
            let id = ids::new_id();
            let list = json!({"id": id, "name": name, "closed": false, "idBoard": board_id, "pos": pos, "subscribed": false});
            store.lists.insert(id, list.clone());
            let data = json!({"list": {"id": list["id"], "name": list["name"]}, "board": history::board_brief(store, &board_id)});
            history::record(store, record, "createList", data);
            ok(&list)
        }
        ("GET", ["lists", id]) => ok(find(&store.lists, id)?),
        ("PUT", ["lists", id]) => {
            let before = find(&store.lists, id)?.clone();
            let id = before["id"].as_str().unwrap_or_default().to_owned();
            let list = store
                .lists
                .get_mut(&id)
                .ok_or_else(|| text(StatusCode::NOT_FOUND, NOT_FOUND))?;
            if let Some(object) = list.as_object_mut() {
                merge_fields(object, params, &["name", "idBoard"]);
                if let Some(closed) = bool_param(params, "closed") {
                    object.insert("closed".into(), Value::Bool(closed));
                }
            }
            let after = list.clone();
            let old = history::old_values(&before, &after, &["name", "idBoard", "closed"]);
            if !old.is_empty() {
                let data = json!({
                    "list": {"id": after["id"], "name": after["name"]},
                    "board": history::board_brief(store, after["idBoard"].as_str().unwrap_or_default()),
                    "old": old,
                });
                history::record(store, record, "updateList", data);
            }
            ok(&after)
        }
        ("GET", ["lists", id, "cards"]) => {
            let id = find(&store.lists, id)?["id"]
                .as_str()
                .unwrap_or_default()
                .to_owned();
            let mut cards: Vec<Value> = store
                .cards
                .values()
                .filter(|c| c["idList"] == id.as_str() && c["closed"] == false)
                .cloned()
                .collect();
            sort_by_pos(&mut cards);
            ok(&Value::Array(cards))
        }

        _ => return Ok(None),
    }))
}
