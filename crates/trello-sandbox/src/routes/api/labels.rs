//! The label routes.

use axum::http::StatusCode;
use serde_json::{Value, json};

use super::*;

/// The label routes.
pub(super) fn dispatch(store: &mut Store, cx: Ctx<'_>) -> Answer {
    let Ctx { params, record, .. } = cx;
    Ok(Some(match (cx.method, cx.segs) {
        ("POST", ["labels"]) => {
            let board_id = str_param(params, "idBoard").unwrap_or_default();
            let board_id = find(&store.boards, board_id)?["id"]
                .as_str()
                .unwrap_or_default()
                .to_owned();
            let id = ids::new_id();
            let label = json!({"id": id, "idBoard": board_id, "name": str_param(params, "name").unwrap_or(""), "color": params.get("color").cloned().unwrap_or(Value::Null), "uses": 0});
            store.labels.insert(id, label.clone());
            let data = json!({"label": {"id": label["id"], "name": label["name"], "color": label["color"]}, "board": history::board_brief(store, &board_id)});
            history::record(store, record, "createLabel", data);
            ok(&label)
        }
        ("GET", ["labels", id]) => ok(find(&store.labels, id)?),
        ("PUT", ["labels", id]) => {
            let before = find(&store.labels, id)?.clone();
            let id = before["id"].as_str().unwrap_or_default().to_owned();
            let label = store
                .labels
                .get_mut(&id)
                .ok_or_else(|| text(StatusCode::NOT_FOUND, NOT_FOUND))?;
            if let Some(object) = label.as_object_mut() {
                merge_fields(object, params, &["name", "color"]);
            }
            let after = label.clone();
            let old = history::old_values(&before, &after, &["name", "color"]);
            if !old.is_empty() {
                let data = json!({
                    "label": {"id": after["id"], "name": after["name"], "color": after["color"]},
                    "board": history::board_brief(store, after["idBoard"].as_str().unwrap_or_default()),
                    "old": old,
                });
                history::record(store, record, "updateLabel", data);
            }
            ok(&after)
        }
        ("DELETE", ["labels", id]) => {
            let label = find(&store.labels, id)?.clone();
            let id = label["id"].as_str().unwrap_or_default().to_owned();
            store.labels.remove(&id);
            for card in store.cards.values_mut() {
                if let Some(ids) = card["idLabels"].as_array_mut() {
                    ids.retain(|l| l != id.as_str());
                }
            }
            let data = json!({"label": {"id": id, "name": label["name"]}, "board": history::board_brief(store, label["idBoard"].as_str().unwrap_or_default())});
            history::record(store, record, "deleteLabel", data);
            deleted()
        }

        _ => return Ok(None),
    }))
}
