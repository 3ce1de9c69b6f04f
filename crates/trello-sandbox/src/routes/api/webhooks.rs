//! The webhook routes (per token, as on Trello).

use axum::http::StatusCode;
use serde_json::{Value, json};

use super::*;

/// The webhook routes (per token, as on Trello).
pub(super) fn dispatch(store: &mut Store, cx: Ctx<'_>) -> Answer {
    let Ctx { params, record, .. } = cx;
    Ok(Some(match (cx.method, cx.segs) {
        ("POST", ["webhooks"] | ["tokens", _, "webhooks"]) => {
            let callback = str_param(params, "callbackURL")
                .filter(|u| !u.is_empty())
                .ok_or_else(|| text(StatusCode::BAD_REQUEST, "invalid value for callbackURL"))?;
            let model = str_param(params, "idModel")
                .filter(|m| ids::is_trello_id(m))
                .ok_or_else(|| text(StatusCode::BAD_REQUEST, "invalid value for idModel"))?;
            let id = ids::new_id();
            let webhook = json!({
                "id": id,
                "description": str_param(params, "description").unwrap_or(""),
                "idModel": model,
                "callbackURL": callback,
                "active": bool_param(params, "active").unwrap_or(true),
                "consecutiveFailures": 0,
                "firstConsecutiveFailDate": null,
            });
            store.webhooks.insert(id.clone(), webhook.clone());
            store.webhook_owners.insert(id, token_of(store, record));
            ok(&webhook)
        }
        ("GET", ["tokens", _, "webhooks"]) => {
            let mine = token_of(store, record);
            let list: Vec<Value> = store
                .webhooks
                .iter()
                .filter(|(id, _)| store.webhook_owners.get(*id) == Some(&mine))
                .map(|(_, w)| w.clone())
                .collect();
            ok(&Value::Array(list))
        }
        ("GET", ["webhooks", id] | ["tokens", _, "webhooks", id]) => ok(find(&store.webhooks, id)?),
        ("GET", ["webhooks", id, field]) => {
            let webhook = find(&store.webhooks, id)?;
            ok(&json!({"_value": webhook.get(*field).cloned().unwrap_or(Value::Null)}))
        }
        ("PUT", ["webhooks", id] | ["tokens", _, "webhooks", id]) => {
            let id = find(&store.webhooks, id)?["id"]
                .as_str()
                .unwrap_or_default()
                .to_owned();
            let webhook = store
                .webhooks
                .get_mut(&id)
                .ok_or_else(|| text(StatusCode::NOT_FOUND, NOT_FOUND))?;
            if let Some(object) = webhook.as_object_mut() {
                merge_fields(object, params, &["description", "callbackURL", "idModel"]);
                if let Some(active) = bool_param(params, "active") {
                    object.insert("active".into(), Value::Bool(active));
                }
            }
            ok(webhook)
        }
        ("DELETE", ["webhooks", id] | ["tokens", _, "webhooks", id]) => {
            let id = find(&store.webhooks, id)?["id"]
                .as_str()
                .unwrap_or_default()
                .to_owned();
            store.webhooks.remove(&id);
            store.webhook_owners.remove(&id);
            deleted()
        }
        _ => return Ok(None),
    }))
}
