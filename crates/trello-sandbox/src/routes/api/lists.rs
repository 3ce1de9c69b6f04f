//! The list routes.

use axum::http::StatusCode;
use serde_json::{Value, json};

use super::*;

/// The list routes.
pub(super) fn dispatch(store: &mut Store, cx: Ctx<'_>) -> Answer {
    let Ctx { params, .. } = cx;
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
            let pos = position(
                params,
                store
                    .lists
                    .values()
                    .filter(|l| l["idBoard"] == board_id.as_str())
                    .filter_map(|l| l["pos"].as_f64()),
            );
            let id = ids::new_id();
            let list = json!({"id": id, "name": name, "closed": false, "idBoard": board_id, "pos": pos, "subscribed": false});
            store.lists.insert(id, list.clone());
            ok(&list)
        }
        ("GET", ["lists", id]) => ok(find(&store.lists, id)?),
        ("PUT", ["lists", id]) => {
            let id = find(&store.lists, id)?["id"]
                .as_str()
                .unwrap_or_default()
                .to_owned();
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
            ok(list)
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
