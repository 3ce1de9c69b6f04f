//! The label routes.

use axum::http::StatusCode;
use serde_json::{Value, json};

use super::*;

/// The label routes.
pub(super) fn dispatch(store: &mut Store, cx: Ctx<'_>) -> Answer {
    let Ctx { params, .. } = cx;
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
            ok(&label)
        }
        ("GET", ["labels", id]) => ok(find(&store.labels, id)?),
        ("PUT", ["labels", id]) => {
            let id = find(&store.labels, id)?["id"]
                .as_str()
                .unwrap_or_default()
                .to_owned();
            let label = store
                .labels
                .get_mut(&id)
                .ok_or_else(|| text(StatusCode::NOT_FOUND, NOT_FOUND))?;
            if let Some(object) = label.as_object_mut() {
                merge_fields(object, params, &["name", "color"]);
            }
            ok(label)
        }
        ("DELETE", ["labels", id]) => {
            let id = find(&store.labels, id)?["id"]
                .as_str()
                .unwrap_or_default()
                .to_owned();
            store.labels.remove(&id);
            deleted()
        }

        _ => return Ok(None),
    }))
}
