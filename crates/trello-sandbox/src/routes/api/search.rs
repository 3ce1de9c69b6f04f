//! Search over what the store holds: boards the caller is a member of (by
//! name and description), the cards on them (by name and description), and
//! members (by username and full name). Every word of the query must match
//! a word of the text: whole words, or word prefixes with `partial=true`,
//! case-insensitive, as Trello matches them.

use axum::http::StatusCode;
use serde_json::{Value, json};

use super::*;

const MODEL_TYPES: [&str; 5] = ["actions", "boards", "cards", "members", "organizations"];

/// `GET /search` and `GET /search/members`.
pub(super) fn dispatch(store: &mut Store, cx: Ctx<'_>) -> Answer {
    let Ctx { params, record, .. } = cx;
    Ok(Some(match (cx.method, cx.segs) {
        ("GET", ["search"]) => ok(&search(store, record, params)?),
        ("GET", ["search", "members"]) => {
            let query = query_param(params)?.to_lowercase();
            let limit = limit_param(params, "limit", 8, 20)?;
            let board = match str_param(params, "idBoard") {
                Some(board) => Some(find(&store.boards, board)?.clone()),
                None => None,
            };
            let found: Vec<Value> = store
                .members
                .values()
                .filter(|m| {
                    board.as_ref().is_none_or(|b| {
                        memberships::is_member(b, m["id"].as_str().unwrap_or_default())
                    })
                })
                .filter(|m| {
                    ["username", "fullName", "initials"].iter().any(|f| {
                        let value = m[*f].as_str().unwrap_or_default().to_lowercase();
                        value.starts_with(&query)
                            || value.split_whitespace().any(|w| w.starts_with(&query))
                    })
                })
                .take(limit)
                .map(|m| {
                    let mut m = m.clone();
                    m["similarity"] = json!(0);
                    m["active"] = json!(true);
                    m
                })
                .collect();
            ok(&Value::Array(found))
        }
        _ => return Ok(None),
    }))
}

fn query_param(params: &Params) -> Result<&str, Response> {
    str_param(params, "query")
        .filter(|q| !q.trim().is_empty())
        .ok_or_else(|| {
            text(
                StatusCode::BAD_REQUEST,
                "invalid value for query: give the words to search for",
            )
        })
}

fn limit_param(params: &Params, name: &str, default: usize, max: usize) -> Result<usize, Response> {
    match params.get(name) {
        None => Ok(default),
        Some(value) => value
            .as_f64()
            .or_else(|| value.as_str().and_then(|s| s.parse().ok()))
            .filter(|n| (0.0..=max as f64).contains(n))
            .map(|n| n as usize)
            .ok_or_else(|| {
                text(
                    StatusCode::BAD_REQUEST,
                    format!("invalid value for {name}: give a number from 0 to {max}"),
                )
            }),
    }
}

/// Whether every term matches a word of one of `texts`.
fn matches(terms: &[String], partial: bool, texts: &[&str]) -> bool {
    let words: Vec<String> = texts
        .iter()
        .flat_map(|t| {
            t.split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(str::to_lowercase)
                .collect::<Vec<_>>()
        })
        .collect();
    terms.iter().all(|term| {
        words
            .iter()
            .any(|w| w == term || (partial && w.starts_with(term.as_str())))
    })
}

fn search(store: &Store, record: &TokenRecord, params: &Params) -> Result<Value, Response> {
    let query = query_param(params)?;
    let terms: Vec<String> = query
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let partial = bool_param(params, "partial").unwrap_or(false);
    let asked: Vec<&str> = str_param(params, "modelTypes")
        .map(|list| list.split(',').map(str::trim).collect())
        .unwrap_or_else(|| vec!["all"]);
    let types: Vec<&str> = if asked.contains(&"all") {
        MODEL_TYPES.to_vec()
    } else {
        asked
    };
    if let Some(bad) = types.iter().find(|t| !MODEL_TYPES.contains(t)) {
        return Err(text(
            StatusCode::BAD_REQUEST,
            format!(
                "invalid value for modelTypes: {bad:?}; use all or a comma-separated mix of {}",
                MODEL_TYPES.join(", ")
            ),
        ));
    }
    // The boards in scope: the caller's, narrowed by `idBoards`.
    // `mine` among them keeps all of the caller's.
    let id_boards: Option<Vec<&str>> = str_param(params, "idBoards")
        .map(|b| b.split(',').map(str::trim).collect::<Vec<_>>())
        .filter(|ids| !ids.contains(&"mine"));
    let in_scope = |board: &Value| {
        memberships::is_member(board, &record.member_id)
            && id_boards.as_ref().is_none_or(|ids| {
                ids.iter()
                    .any(|id| board["id"] == *id || board["shortLink"] == *id)
            })
    };
    let boards_limit = limit_param(params, "boards_limit", 10, 1000)?;
    let cards_limit = limit_param(params, "cards_limit", 10, 1000)?;
    let cards_page = limit_param(params, "cards_page", 0, 100)?;
    let members_limit = limit_param(params, "members_limit", 10, 1000)?;
    let text_of = |v: &Value, f: &str| v[f].as_str().unwrap_or_default().to_owned();

    let mut answer = serde_json::Map::new();
    answer.insert(
        "options".into(),
        json!({
            "terms": terms.iter().map(|t| json!({"text": t, "negated": false})).collect::<Vec<_>>(),
            "modifiers": [], "modelTypes": types, "partial": partial,
        }),
    );
    if types.contains(&"boards") {
        let boards: Vec<Value> = store
            .boards
            .values()
            .filter(|b| in_scope(b))
            .filter(|b| matches(&terms, partial, &[&text_of(b, "name"), &text_of(b, "desc")]))
            .take(boards_limit)
            .map(|b| select_fields(b, str_param(params, "board_fields")))
            .collect();
        answer.insert("boards".into(), Value::Array(boards));
    }
    if types.contains(&"cards") {
        let card_board = bool_param(params, "card_board").unwrap_or(false);
        let card_list = bool_param(params, "card_list").unwrap_or(false);
        let cards: Vec<Value> = store
            .cards
            .values()
            .filter(|c| {
                store
                    .boards
                    .get(c["idBoard"].as_str().unwrap_or_default())
                    .is_some_and(&in_scope)
            })
            .filter(|c| matches(&terms, partial, &[&text_of(c, "name"), &text_of(c, "desc")]))
            .skip(cards_page * cards_limit)
            .take(cards_limit)
            .map(|c| {
                let mut view = select_fields(c, str_param(params, "card_fields"));
                if card_board {
                    view["board"] = store
                        .boards
                        .get(c["idBoard"].as_str().unwrap_or_default())
                        .cloned()
                        .unwrap_or(Value::Null);
                }
                if card_list {
                    view["list"] = store
                        .lists
                        .get(c["idList"].as_str().unwrap_or_default())
                        .cloned()
                        .unwrap_or(Value::Null);
                }
                view
            })
            .collect();
        answer.insert("cards".into(), Value::Array(cards));
    }
    if types.contains(&"members") {
        let members: Vec<Value> = store
            .members
            .values()
            .filter(|m| {
                matches(
                    &terms,
                    partial,
                    &[&text_of(m, "username"), &text_of(m, "fullName")],
                )
            })
            .take(members_limit)
            .map(|m| select_fields(m, str_param(params, "member_fields")))
            .collect();
        answer.insert("members".into(), Value::Array(members));
    }
    for kind in ["organizations", "actions"] {
        if types.contains(&kind) {
            answer.insert(kind.into(), json!([]));
        }
    }
    Ok(Value::Object(answer))
}
