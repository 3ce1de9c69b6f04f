//! Board memberships, kept on the board as Trello keeps them (its
//! `memberships`: `{id, idMember, memberType, unconfirmed, deactivated}`):
//! listing, adding a member with a type (`normal`, `admin`, `observer`),
//! changing a membership's type, removing a member (never the last admin).
//! A board's creator is its first admin.

use axum::http::StatusCode;
use serde_json::{Value, json};

use super::*;

const TYPES: [&str; 3] = ["normal", "admin", "observer"];

/// The membership routes of boards.
pub(super) fn dispatch(store: &mut Store, cx: Ctx<'_>) -> Answer {
    let Ctx { params, record, .. } = cx;
    Ok(Some(match (cx.method, cx.segs) {
        ("GET", ["boards", id, "memberships"]) => {
            let board = find(&store.boards, id)?;
            let filter = str_param(params, "filter").unwrap_or("all");
            let with_member = bool_param(params, "member").unwrap_or(false);
            let list: Vec<Value> = memberships_of(board)
                .into_iter()
                .filter(|m| match filter {
                    "all" => true,
                    "admins" => m["memberType"] == "admin",
                    "normal" => m["memberType"] == "normal",
                    _ => false,
                })
                .map(|mut m| {
                    if with_member {
                        let member = store
                            .members
                            .get(m["idMember"].as_str().unwrap_or_default())
                            .map(|v| select_fields(v, str_param(params, "member_fields")));
                        m["member"] = member.unwrap_or(Value::Null);
                    }
                    m
                })
                .collect();
            ok(&Value::Array(list))
        }
        ("GET", ["boards", id, "members"]) => {
            let board = find(&store.boards, id)?;
            ok(&Value::Array(members_of(
                store,
                board,
                "all",
                str_param(params, "fields"),
            )))
        }
        ("PUT", ["boards", id, "members", member]) => {
            let board = find(&store.boards, id)?.clone();
            let member = resolve_member(record, member);
            let member = store
                .members
                .get(&member)
                .or_else(|| {
                    store
                        .members
                        .values()
                        .find(|m| m["username"] == member.as_str())
                })
                .ok_or_else(|| text(StatusCode::NOT_FOUND, NOT_FOUND))?
                .clone();
            let kind = member_type(params)?.unwrap_or("normal");
            let member_id = member["id"].as_str().unwrap_or_default().to_owned();
            let board_id = board["id"].as_str().unwrap_or_default().to_owned();
            let mut memberships = memberships_of(&board);
            let added = match memberships
                .iter_mut()
                .find(|m| m["idMember"] == member_id.as_str())
            {
                Some(existing) => {
                    if existing["memberType"] == "admin" && kind != "admin" {
                        keeps_an_admin(&board, &member_id)?;
                    }
                    existing["memberType"] = Value::String(kind.to_owned());
                    false
                }
                None => {
                    memberships.push(membership(&member_id, kind));
                    true
                }
            };
            set_memberships(store, &board_id, memberships);
            if added {
                if let Some(list) = store
                    .members
                    .get_mut(&member_id)
                    .and_then(|m| m["idBoards"].as_array_mut())
                    && !list.iter().any(|b| b == board_id.as_str())
                {
                    list.push(Value::String(board_id.clone()));
                }
                let data = json!({
                    "board": history::board_brief(store, &board_id),
                    "idMemberAdded": member_id,
                    "memberType": kind,
                    "member": {"id": member_id, "name": member["fullName"]},
                });
                history::record(store, record, "addMemberToBoard", data);
            } else {
                record_type_change(store, record, &board_id, &member_id, kind);
            }
            ok(&members_answer(store, &board_id))
        }
        ("PUT", ["boards", id, "memberships", membership_id]) => {
            let board = find(&store.boards, id)?.clone();
            let board_id = board["id"].as_str().unwrap_or_default().to_owned();
            let kind = member_type(params)?.ok_or_else(|| {
                text(
                    StatusCode::BAD_REQUEST,
                    "invalid value for type: use normal, admin or observer",
                )
            })?;
            let mut memberships = memberships_of(&board);
            let found = memberships
                .iter_mut()
                .find(|m| m["id"] == *membership_id)
                .ok_or_else(|| text(StatusCode::NOT_FOUND, NOT_FOUND))?;
            let member_id = found["idMember"].as_str().unwrap_or_default().to_owned();
            if found["memberType"] == "admin" && kind != "admin" {
                keeps_an_admin(&board, &member_id)?;
            }
            found["memberType"] = Value::String(kind.to_owned());
            let mut answer = found.clone();
            set_memberships(store, &board_id, memberships);
            record_type_change(store, record, &board_id, &member_id, kind);
            if let Some(fields) = str_param(params, "member_fields") {
                answer["member"] = store
                    .members
                    .get(&member_id)
                    .map(|m| select_fields(m, Some(fields)))
                    .unwrap_or(Value::Null);
            }
            ok(&answer)
        }
        ("DELETE", ["boards", id, "members", member]) => {
            let board = find(&store.boards, id)?.clone();
            let board_id = board["id"].as_str().unwrap_or_default().to_owned();
            let member_id = resolve_member(record, member);
            let mut memberships = memberships_of(&board);
            let before = memberships.len();
            keeps_an_admin(&board, &member_id)?;
            memberships.retain(|m| m["idMember"] != member_id.as_str());
            if memberships.len() == before {
                return Err(text(
                    StatusCode::BAD_REQUEST,
                    "invalid value for idMember: not a member of the board",
                ));
            }
            set_memberships(store, &board_id, memberships);
            if let Some(list) = store
                .members
                .get_mut(&member_id)
                .and_then(|m| m["idBoards"].as_array_mut())
            {
                list.retain(|b| b != board_id.as_str());
            }
            let data =
                json!({"board": history::board_brief(store, &board_id), "idMember": member_id});
            history::record(store, record, "removeMemberFromBoard", data);
            ok(&members_answer(store, &board_id))
        }
        _ => return Ok(None),
    }))
}

/// A new membership of `member` with type `kind`.
pub(crate) fn membership(member: &str, kind: &str) -> Value {
    json!({"id": ids::new_id(), "idMember": member, "memberType": kind, "unconfirmed": false, "deactivated": false})
}

/// The memberships of a board.
pub(super) fn memberships_of(board: &Value) -> Vec<Value> {
    board["memberships"].as_array().cloned().unwrap_or_default()
}

/// Whether `member` is on `board`.
pub(super) fn is_member(board: &Value, member: &str) -> bool {
    board["memberships"]
        .as_array()
        .is_some_and(|ms| ms.iter().any(|m| m["idMember"] == member))
}

/// The members of a board passing `filter` (`all`, `admins`, `normal`,
/// `owners`), with `fields`.
pub(super) fn members_of(
    store: &Store,
    board: &Value,
    filter: &str,
    fields: Option<&str>,
) -> Vec<Value> {
    memberships_of(board)
        .iter()
        .filter(|m| match filter {
            "all" => true,
            "admins" | "owners" => m["memberType"] == "admin",
            "normal" => m["memberType"] == "normal",
            _ => false,
        })
        .filter_map(|m| {
            store
                .members
                .get(m["idMember"].as_str().unwrap_or_default())
        })
        .map(|m| select_fields(m, fields))
        .collect()
}

fn set_memberships(store: &mut Store, board: &str, memberships: Vec<Value>) {
    if let Some(board) = store.boards.get_mut(board) {
        board["memberships"] = Value::Array(memberships);
    }
}

/// What Trello answers a change of a board's members with: the board's id,
/// its members and its memberships.
fn members_answer(store: &Store, board: &str) -> Value {
    let Some(board) = store.boards.get(board) else {
        return Value::Null;
    };
    json!({"id": board["id"], "members": members_of(store, board, "all", None), "memberships": board["memberships"]})
}

fn member_type(params: &Params) -> Result<Option<&str>, Response> {
    match str_param(params, "type") {
        None => Ok(None),
        Some(kind) if TYPES.contains(&kind) => Ok(Some(kind)),
        Some(_) => Err(text(
            StatusCode::BAD_REQUEST,
            "invalid value for type: use normal, admin or observer",
        )),
    }
}

/// Refuses a change that would leave the board without an admin.
fn keeps_an_admin(board: &Value, leaving: &str) -> Result<(), Response> {
    let admins_left = memberships_of(board)
        .iter()
        .filter(|m| m["memberType"] == "admin" && m["idMember"] != leaving)
        .count();
    let is_admin = memberships_of(board)
        .iter()
        .any(|m| m["memberType"] == "admin" && m["idMember"] == leaving);
    if is_admin && admins_left == 0 {
        return Err(text(
            StatusCode::FORBIDDEN,
            "a board must keep at least one admin: make another member admin first",
        ));
    }
    Ok(())
}

fn record_type_change(
    store: &mut Store,
    record: &TokenRecord,
    board: &str,
    member: &str,
    kind: &str,
) {
    let action = match kind {
        "admin" => "makeAdminOfBoard",
        "observer" => "makeObserverOfBoard",
        _ => "makeNormalMemberOfBoard",
    };
    let data = json!({"board": history::board_brief(store, board), "idMember": member, "memberType": kind});
    history::record(store, record, action, data);
}
