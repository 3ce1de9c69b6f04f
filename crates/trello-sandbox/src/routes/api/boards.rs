//! The board routes and their nested collections.

use axum::http::StatusCode;
use serde_json::{Value, json};

use super::*;

/// The board routes and their nested collections.
pub(super) fn dispatch(store: &mut Store, cx: Ctx<'_>) -> Answer {
    let Ctx { params, record, .. } = cx;
    let me = record.member_id.clone();
    Ok(Some(match (cx.method, cx.segs) {
        ("POST", ["boards"]) => {
            let name = str_param(params, "name")
                .filter(|n| !n.trim().is_empty())
                .ok_or_else(|| text(StatusCode::BAD_REQUEST, "invalid value for name"))?;
            let id = ids::new_id();
            let short = ids::short_link();
            let board = json!({
                "id": id,
                "name": name,
                "desc": str_param(params, "desc").unwrap_or(""),
                "descData": null,
                "closed": false,
                "idOrganization": str_param(params, "idOrganization"),
                "idMemberCreator": me,
                "pinned": false,
                "url": format!("https://trello.com/b/{short}/{}", slug(name)),
                "shortUrl": format!("https://trello.com/b/{short}"),
                "shortLink": short,
                "prefs": {"permissionLevel": str_param(params, "prefs_permissionLevel").unwrap_or("private"), "background": "blue", "voting": "disabled", "comments": "members"},
                "labelNames": {"green": "", "yellow": "", "orange": "", "red": "", "purple": "", "blue": ""},
                "memberships": [memberships::membership(&me, "admin")],
            });
            store.boards.insert(id.clone(), board.clone());
            if let Some(member) = store.members.get_mut(&me)
                && let Some(list) = member["idBoards"].as_array_mut()
            {
                list.push(Value::String(id.clone()));
            }
            if bool_param(params, "defaultLabels").unwrap_or(true) {
                for color in ["green", "yellow", "orange", "red", "purple", "blue"] {
                    let label_id = ids::new_id();
                    store.labels.insert(
                            label_id.clone(),
                            json!({"id": label_id, "idBoard": id, "name": "", "color": color, "uses": 0}),
                        );
                }
            }
            if bool_param(params, "defaultLists").unwrap_or(true) {
                for (i, name) in ["To Do", "Doing", "Done"].into_iter().enumerate() {
                    let list_id = ids::new_id();
                    store.lists.insert(
                            list_id.clone(),
                            json!({"id": list_id, "name": name, "closed": false, "idBoard": id, "pos": 16384.0 * (i as f64 + 1.0), "subscribed": false}),
                        );
                }
            }
            let data = json!({"board": history::board_brief(store, &id)});
            history::record(store, record, "createBoard", data);
            ok(&board)
        }
        ("GET", ["boards", id]) => ok(&board_view(store, find(&store.boards, id)?, params)),
        ("PUT", ["boards", id]) => {
            let before = find(&store.boards, id)?.clone();
            let id = before["id"].as_str().unwrap_or_default().to_owned();
            let board = store
                .boards
                .get_mut(&id)
                .ok_or_else(|| text(StatusCode::NOT_FOUND, NOT_FOUND))?;
            if let Some(object) = board.as_object_mut() {
                merge_fields(object, params, &["name", "desc", "idOrganization"]);
                if let Some(closed) = bool_param(params, "closed") {
                    object.insert("closed".into(), Value::Bool(closed));
                }
            }
            let after = board.clone();
            let old = history::old_values(
                &before,
                &after,
                &["name", "desc", "idOrganization", "closed"],
            );
            if !old.is_empty() {
                let data = json!({"board": history::board_brief(store, &id), "old": old});
                history::record(store, record, "updateBoard", data);
            }
            ok(&after)
        }
        ("DELETE", ["boards", id]) => {
            let id = find(&store.boards, id)?["id"]
                .as_str()
                .unwrap_or_default()
                .to_owned();
            store.boards.remove(&id);
            store.lists.retain(|_, l| l["idBoard"] != id.as_str());
            purge_cards(store, |c| c["idBoard"] == id.as_str());
            store.labels.retain(|_, l| l["idBoard"] != id.as_str());
            store
                .custom_fields
                .retain(|_, f| f["idModel"] != id.as_str());
            for member in store.members.values_mut() {
                if let Some(list) = member["idBoards"].as_array_mut() {
                    list.retain(|b| b != id.as_str());
                }
            }
            deleted()
        }
        ("GET", ["boards", id, what @ ("lists" | "cards" | "labels")]) => {
            let id = find(&store.boards, id)?["id"]
                .as_str()
                .unwrap_or_default()
                .to_owned();
            let collection = match *what {
                "lists" => &store.lists,
                "cards" => &store.cards,
                _ => &store.labels,
            };
            let filter = str_param(params, "filter").unwrap_or("open");
            let mut items: Vec<Value> = collection
                .values()
                .filter(|v| v["idBoard"] == id.as_str())
                .filter(|v| {
                    filter == "all" || *what == "labels" || v["closed"] == (filter == "closed")
                })
                .map(|v| {
                    if *what == "cards" {
                        card_view(store, v, params)
                    } else {
                        v.clone()
                    }
                })
                .collect();
            sort_by_pos(&mut items);
            ok(&Value::Array(items))
        }

        ("GET", ["boards", id, "actions"]) => {
            actions_of(store, &store.boards, "board", id, params)?
        }

        _ => return Ok(None),
    }))
}
