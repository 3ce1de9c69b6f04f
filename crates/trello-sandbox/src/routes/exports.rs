//! The board export lifecycle (Trello's API since October 2026) and the
//! routes Trello renamed then: stateful enough for a client to create an
//! export, poll it until it is ready, follow the download's `302` to the
//! file, and delete it.
//!
//! An export becomes ready after [`POLLS_UNTIL_READY`] reads of it (by id or
//! as `mostRecent`); until then its download answers `400`. The file is
//! served at [`FILE_PREFIX`]`{idExport}` without credentials, as a storage
//! host would serve a signed URL.

use std::collections::BTreeMap;

use axum::{
    extract::{Path, State},
    http::{HeaderValue, Method, StatusCode, header},
    response::Response,
};
use serde_json::{Value, json};

use crate::{
    Shared, ids,
    routes::{json, text},
    state::{Store, rfc3339},
};

/// How many reads of an export it takes to become ready.
pub const POLLS_UNTIL_READY: u32 = 2;

/// Where the sandbox serves finished export files (the download redirects
/// here).
pub const FILE_PREFIX: &str = "/_sandbox/files/exports/";

/// One export of a board.
#[derive(Clone, Debug)]
struct Export {
    id: String,
    board: String,
    started_at: String,
    polls: u32,
    /// Creation order, for `mostRecent`.
    seq: u64,
}

impl Export {
    fn ready(&self) -> bool {
        self.polls >= POLLS_UNTIL_READY
    }

    fn to_json(&self, file: &[u8]) -> Value {
        let ready = self.ready();
        json!({
            "id": self.id,
            "status": {
                "attempts": self.polls.min(POLLS_UNTIL_READY),
                "finished": ready,
                "stage": if ready { "Export_completed" } else { "Export_queued" },
            },
            "startedAt": self.started_at,
            "size": if ready { Value::from(file.len().to_string()) } else { Value::Null },
            "exportUrl": if ready { Value::from(format!("{FILE_PREFIX}{}", self.id)) } else { Value::Null },
        })
    }
}

/// The sandbox's exports, by id.
#[derive(Clone, Debug, Default)]
pub struct Exports {
    by_id: BTreeMap<String, Export>,
    seq: u64,
}

const NOT_FOUND: &str = "The requested resource was not found.";

/// The file of an export: the board as JSON (what Trello's export holds,
/// in the sandbox's simplified form).
fn file_of(store: &Store, board: &str) -> Vec<u8> {
    store
        .boards
        .get(board)
        .map(Value::to_string)
        .unwrap_or_default()
        .into_bytes()
}

fn board_id(store: &Store, id: &str) -> Option<String> {
    if store.boards.contains_key(id) {
        return Some(id.to_owned());
    }
    store
        .boards
        .iter()
        .find(|(_, b)| b["shortLink"] == id)
        .map(|(k, _)| k.clone())
}

/// Adds a finished export `id` of board `board` (for seeding; see
/// [`crate::Sandbox::seed_export`]). `false` when the board is unknown.
pub(crate) fn seed(store: &mut Store, id: &str, board: &str) -> bool {
    let Some(board) = board_id(store, board) else {
        return false;
    };
    store.exports.seq += 1;
    let export = Export {
        id: id.to_owned(),
        board,
        started_at: rfc3339(std::time::SystemTime::now()),
        polls: POLLS_UNTIL_READY,
        seq: store.exports.seq,
    };
    store.exports.by_id.insert(id.to_owned(), export);
    true
}

/// Answers the export and renamed routes; `None` for any other route.
pub fn dispatch(store: &mut Store, method: &Method, segs: &[&str]) -> Option<Response> {
    let not_found = || text(StatusCode::NOT_FOUND, NOT_FOUND);
    Some(match (method.as_str(), segs) {
        ("POST", ["boards", id, "exports"]) => {
            let Some(board) = board_id(store, id) else {
                return Some(not_found());
            };
            store.exports.seq += 1;
            let export = Export {
                id: ids::new_id(),
                board,
                started_at: rfc3339(std::time::SystemTime::now()),
                polls: 0,
                seq: store.exports.seq,
            };
            let body = export.to_json(&[]);
            store.exports.by_id.insert(export.id.clone(), export);
            json(StatusCode::OK, &body)
        }
        ("GET", ["boards", id, "exports", "mostRecent"]) => {
            let board = board_id(store, id)?;
            let Some(latest) = store
                .exports
                .by_id
                .values()
                .filter(|e| e.board == board)
                .max_by_key(|e| e.seq)
                .map(|e| e.id.clone())
            else {
                return Some(not_found());
            };
            read(store, &board, &latest)?
        }
        ("GET", ["boards", id, "exports", export]) => {
            let board = board_id(store, id)?;
            read(store, &board, export).unwrap_or_else(not_found)
        }
        ("DELETE", ["boards", id, "exports", export]) => {
            let board = board_id(store, id)?;
            match store.exports.by_id.get(*export) {
                Some(e) if e.board == board => {
                    store.exports.by_id.remove(*export);
                    json(StatusCode::OK, &json!({ "_value": null }))
                }
                _ => not_found(),
            }
        }
        ("GET", ["boards", id, "exports", export, "download"]) => {
            let board = board_id(store, id)?;
            match store.exports.by_id.get(*export) {
                Some(e) if e.board == board && e.ready() => {
                    let mut response = text(StatusCode::FOUND, "");
                    if let Ok(location) = HeaderValue::from_str(&format!("{FILE_PREFIX}{export}")) {
                        response.headers_mut().insert(header::LOCATION, location);
                    }
                    response
                }
                Some(e) if e.board == board => text(
                    StatusCode::BAD_REQUEST,
                    "export is not ready yet; poll it until status.finished is true",
                ),
                _ => not_found(),
            }
        }
        // Renamed in October 2026 (the old paths keep answering 404, as
        // Trello's do).
        ("POST", ["boards", id, "markAsViewed"]) => {
            let board = board_id(store, id)?;
            let now = rfc3339(std::time::SystemTime::now());
            let entry = store.boards.get_mut(&board)?;
            entry["dateLastView"] = Value::from(now);
            json(StatusCode::OK, entry)
        }
        ("GET", ["members", id, "notificationChannelSettings"]) => {
            let member = member_id(store, id)?;
            json(StatusCode::OK, &json!([channel_settings(&member, "email")]))
        }
        ("GET", ["members", id, "notificationChannelSettings", channel]) => {
            let member = member_id(store, id)?;
            json(StatusCode::OK, &channel_settings(&member, channel))
        }
        (
            "PUT",
            ["members", id, "notificationChannelSettings"]
            | ["members", id, "notificationChannelSettings", _]
            | ["members", id, "notificationChannelSettings", _, _],
        ) => {
            let member = member_id(store, id)?;
            let channel = segs.get(3).copied().unwrap_or("email");
            let mut settings = channel_settings(&member, channel);
            if let Some(keys) = segs.get(4) {
                settings["blockedKeys"] = json!(keys.split(',').collect::<Vec<_>>());
            }
            json(StatusCode::OK, &settings)
        }
        ("POST", ["plugins", id, "listings"]) => json(
            StatusCode::OK,
            &json!({ "id": ids::new_id(), "idPlugin": id, "locale": "en-US", "name": null }),
        ),
        _ => return None,
    })
}

fn member_id(store: &Store, id: &str) -> Option<String> {
    let id = if id == "me" {
        store.demo_member.as_str()
    } else {
        id
    };
    store
        .members
        .iter()
        .find(|(k, m)| k.as_str() == id || m["username"] == id)
        .map(|(k, _)| k.clone())
}

fn channel_settings(member: &str, channel: &str) -> Value {
    json!({ "id": ids::new_id(), "idMember": member, "channel": channel, "blockedKeys": [] })
}

/// One read of an export: counts towards readiness.
fn read(store: &mut Store, board: &str, export: &str) -> Option<Response> {
    let file = file_of(store, board);
    let e = store.exports.by_id.get_mut(export)?;
    if e.board != board {
        return None;
    }
    e.polls = e.polls.saturating_add(1);
    Some(json(StatusCode::OK, &e.to_json(&file)))
}

/// `GET /_sandbox/files/exports/{idExport}`: the bytes of a finished export.
pub async fn file(State(shared): State<Shared>, Path(id): Path<String>) -> Response {
    let store = shared.store.lock().await;
    match store.exports.by_id.get(&id) {
        Some(e) if e.ready() => {
            let mut response = Response::new(axum::body::Body::from(file_of(&store, &e.board)));
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
            response
        }
        _ => text(StatusCode::NOT_FOUND, NOT_FOUND),
    }
}
