//! The member routes.

use axum::http::StatusCode;
use serde_json::Value;

use super::*;

/// The member routes.
pub(super) fn dispatch(store: &mut Store, cx: Ctx<'_>) -> Answer {
    let Ctx { record, .. } = cx;
    Ok(Some(match (cx.method, cx.segs) {
        ("GET", ["members", id]) => {
            let id = resolve_member(record, id);
            let member = store
                .members
                .get(&id)
                .or_else(|| {
                    store
                        .members
                        .values()
                        .find(|m| m["username"] == id.as_str())
                })
                .ok_or_else(|| text(StatusCode::NOT_FOUND, NOT_FOUND))?;
            ok(member)
        }
        ("GET", ["members", id, "boards"]) => {
            let id = resolve_member(record, id);
            let boards: Vec<Value> = store
                .boards
                .values()
                .filter(|b| memberships::is_member(b, &id) && b["closed"] == false)
                .cloned()
                .collect();
            ok(&Value::Array(boards))
        }

        _ => return Ok(None),
    }))
}
