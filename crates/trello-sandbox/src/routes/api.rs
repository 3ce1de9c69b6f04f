//! `/1/…`: the REST API subset, with Trello's authorization, rate limits and
//! error answers.

use axum::{
    body::{Body, Bytes},
    extract::{Request, State},
    http::{HeaderMap, HeaderValue, Method, StatusCode},
    response::Response,
};
use serde_json::{Map, Value, json};

use crate::{
    Shared, ids,
    routes::{json, oauth, text},
    state::{Store, TokenRecord, merge_fields},
};

const NOT_FOUND: &str = "The requested resource was not found.";
const MAX_BODY: usize = 8 * 1024 * 1024;

/// The parameters of a call: query, then JSON or form body (body wins).
type Params = Map<String, Value>;

/// Every `/1/…` request that is not the authorize page.
pub async fn handle(State(shared): State<Shared>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let body = match axum::body::to_bytes(body, MAX_BODY).await {
        Ok(body) => body,
        Err(_) => return text(StatusCode::PAYLOAD_TOO_LARGE, "request entity too large"),
    };

    // Faults first: they simulate a sick server, whoever calls.
    let (delay, fail, reset) = {
        let mut store = shared.store.lock().await;
        store.requests_seen += 1;
        let reset = store.faults.reset_next > 0;
        if reset {
            store.faults.reset_next -= 1;
        }
        let fail = if reset {
            None
        } else {
            store.faults.fail_next.pop_front()
        };
        (store.faults.delay, fail, reset)
    };
    if let Some(delay) = delay {
        tokio::time::sleep(delay).await;
    }
    if reset {
        return broken_response();
    }
    if let Some(status) = fail {
        let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        return text(status, "sandbox: injected failure");
    }

    let params = match collect_params(parts.uri.query(), &parts.headers, &body) {
        Ok(params) => params,
        Err(message) => return text(StatusCode::BAD_REQUEST, message),
    };
    let path = parts.uri.path().to_owned();
    let Some(rest) = path.strip_prefix("/1/") else {
        return text(
            StatusCode::NOT_FOUND,
            format!("Cannot {} {path}", parts.method),
        );
    };
    let segments: Vec<String> = rest
        .trim_end_matches('/')
        .split('/')
        .map(percent_decode)
        .collect();

    let mut store = shared.store.lock().await;
    let (key, token) = if oauth::is_signed(&parts.headers) {
        let form = oauth::form_pairs(&parts.headers, &body);
        match oauth::verify(
            &mut store,
            &parts.method,
            &parts.uri,
            &parts.headers,
            &form,
            |store, token| store.access_tokens.get(token).map(|a| a.secret.clone()),
        ) {
            Ok(verified) => (Some(verified.key), verified.token),
            Err(response) => return response,
        }
    } else {
        credentials(&parts.headers, &params)
    };
    let Some(key) = key.filter(|k| store.apps.contains_key(k)) else {
        return text(StatusCode::UNAUTHORIZED, "invalid key");
    };
    let record = match token.as_deref().and_then(|t| store.tokens.get(t)) {
        Some(record) if record.key == key && !record.expired() => record.clone(),
        _ => return text(StatusCode::UNAUTHORIZED, "invalid token"),
    };
    let token = token.unwrap_or_default();

    // Rate limits: per key, then per token.
    let limits = shared.config.rate_limits.clone();
    let mut headers = Vec::new();
    if limits.enabled {
        let window_ms = limits.window.as_millis().to_string();
        let Some(key_left) =
            store
                .windows
                .hit(&format!("key:{key}"), limits.per_key, limits.window)
        else {
            return rate_limited("API_KEY_LIMIT_EXCEEDED", &limits.window);
        };
        let Some(token_left) =
            store
                .windows
                .hit(&format!("token:{token}"), limits.per_token, limits.window)
        else {
            return rate_limited("API_TOKEN_LIMIT_EXCEEDED", &limits.window);
        };
        headers = vec![
            ("x-rate-limit-api-key-interval-ms", window_ms.clone()),
            ("x-rate-limit-api-key-max", limits.per_key.to_string()),
            ("x-rate-limit-api-key-remaining", key_left.to_string()),
            ("x-rate-limit-api-token-interval-ms", window_ms),
            ("x-rate-limit-api-token-max", limits.per_token.to_string()),
            ("x-rate-limit-api-token-remaining", token_left.to_string()),
        ];
    }

    let segs: Vec<&str> = segments.iter().map(String::as_str).collect();
    let is_token_route = segs.first() == Some(&"tokens");
    if parts.method != Method::GET && !record.scopes.write && !is_token_route {
        let model = segs.first().map_or("", |s| s.trim_end_matches('s'));
        return text(
            StatusCode::UNAUTHORIZED,
            format!("unauthorized {model} permission requested"),
        );
    }
    if parts.method == Method::GET && !record.scopes.read && !record.scopes.account {
        return text(
            StatusCode::UNAUTHORIZED,
            "unauthorized permission requested",
        );
    }

    let mut response = dispatch(&mut store, &shared, &parts.method, &segs, &params, &record);
    for (name, value) in headers {
        if let Ok(value) = HeaderValue::from_str(&value) {
            response.headers_mut().insert(name, value);
        }
    }
    response
}

fn rate_limited(code: &str, window: &std::time::Duration) -> Response {
    let mut response = json(
        StatusCode::TOO_MANY_REQUESTS,
        &json!({"error": code, "message": format!("Rate limit exceeded; the window is {} ms", window.as_millis())}),
    );
    let seconds = window.as_secs().max(1).to_string();
    if let Ok(value) = HeaderValue::from_str(&seconds) {
        response.headers_mut().insert("retry-after", value);
    }
    response
}

/// A 200 whose body stops short: the connection is cut mid-response.
fn broken_response() -> Response {
    let chunks: Vec<Result<Bytes, std::io::Error>> = vec![
        Ok(Bytes::from_static(b"{\"id\":\"partial")),
        Err(std::io::Error::new(
            std::io::ErrorKind::ConnectionReset,
            "sandbox: reset",
        )),
    ];
    let mut response = Response::new(Body::from_stream(futures_util::stream::iter(chunks)));
    response.headers_mut().insert(
        axum::http::header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

fn percent_decode(raw: &str) -> String {
    percent_encoding::percent_decode_str(raw)
        .decode_utf8_lossy()
        .into_owned()
}

fn collect_params(query: Option<&str>, headers: &HeaderMap, body: &[u8]) -> Result<Params, String> {
    let mut params = Params::new();
    if let Some(query) = query {
        for (k, v) in url::form_urlencoded::parse(query.as_bytes()) {
            params.insert(k.into_owned(), Value::String(v.into_owned()));
        }
    }
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(params);
    }
    if oauth::is_form(headers) {
        for (k, v) in url::form_urlencoded::parse(body) {
            params.insert(k.into_owned(), Value::String(v.into_owned()));
        }
    } else {
        match serde_json::from_slice::<Value>(body) {
            Ok(Value::Object(map)) => params.extend(map),
            _ => return Err("invalid JSON body".to_owned()),
        }
    }
    Ok(params)
}

/// The key and token of a call, from the `Authorization: OAuth …` header,
/// else from the parameters.
fn credentials(headers: &HeaderMap, params: &Params) -> (Option<String>, Option<String>) {
    if let Some(mut fields) = oauth::header_params(headers) {
        return (
            fields.remove("oauth_consumer_key"),
            fields.remove("oauth_token"),
        );
    }
    let get = |name: &str| params.get(name).and_then(Value::as_str).map(str::to_owned);
    (get("key"), get("token"))
}

fn str_param<'a>(params: &'a Params, name: &str) -> Option<&'a str> {
    params.get(name).and_then(Value::as_str)
}

fn bool_param(params: &Params, name: &str) -> Option<bool> {
    match params.get(name) {
        Some(Value::Bool(b)) => Some(*b),
        Some(Value::String(s)) => match s.as_str() {
            "true" => Some(true),
            "false" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// Finds a board or card by id or short link.
fn find<'a>(
    collection: &'a std::collections::BTreeMap<String, Value>,
    id: &str,
) -> Result<&'a Value, Response> {
    if let Some(found) = collection.get(id) {
        return Ok(found);
    }
    if let Some(found) = collection
        .values()
        .find(|v| v.get("shortLink").and_then(Value::as_str) == Some(id))
    {
        return Ok(found);
    }
    if ids::is_trello_id(id) || id.len() == 8 {
        Err(text(StatusCode::NOT_FOUND, NOT_FOUND))
    } else {
        Err(text(StatusCode::BAD_REQUEST, "invalid id"))
    }
}

fn position(params: &Params, siblings: impl Iterator<Item = f64>) -> f64 {
    let siblings: Vec<f64> = siblings.collect();
    let max = siblings.iter().copied().fold(0.0, f64::max);
    let min = siblings.iter().copied().fold(f64::INFINITY, f64::min);
    match params.get("pos") {
        Some(Value::Number(n)) => n.as_f64().unwrap_or(max + 16384.0),
        Some(Value::String(s)) if s == "top" => {
            if min.is_finite() {
                min / 2.0
            } else {
                16384.0
            }
        }
        Some(Value::String(s)) => s.parse().unwrap_or(max + 16384.0),
        _ => max + 16384.0,
    }
}

fn deleted() -> Response {
    json(StatusCode::OK, &json!({"_value": null}))
}

fn ok(value: &Value) -> Response {
    json(StatusCode::OK, value)
}

#[allow(clippy::too_many_lines)]
fn dispatch(
    store: &mut Store,
    shared: &Shared,
    method: &Method,
    segs: &[&str],
    params: &Params,
    record: &TokenRecord,
) -> Response {
    let me = record.member_id.clone();
    let resolve_member = |id: &str| {
        if id == "me" {
            me.clone()
        } else {
            id.to_owned()
        }
    };
    let result: Result<Response, Response> = (|| {
        Ok(match (method.as_str(), segs) {
            // Members.
            ("GET", ["members", id]) => {
                let id = resolve_member(id);
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
                let id = resolve_member(id);
                let boards: Vec<Value> = store
                    .boards
                    .values()
                    .filter(|b| b["idMemberCreator"] == id.as_str() && b["closed"] == false)
                    .cloned()
                    .collect();
                ok(&Value::Array(boards))
            }

            // Boards.
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
                ok(&board)
            }
            ("GET", ["boards", id]) => ok(find(&store.boards, id)?),
            ("PUT", ["boards", id]) => {
                let id = find(&store.boards, id)?["id"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned();
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
                ok(board)
            }
            ("DELETE", ["boards", id]) => {
                let id = find(&store.boards, id)?["id"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned();
                store.boards.remove(&id);
                store.lists.retain(|_, l| l["idBoard"] != id.as_str());
                store.cards.retain(|_, c| c["idBoard"] != id.as_str());
                store.labels.retain(|_, l| l["idBoard"] != id.as_str());
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
                    .cloned()
                    .collect();
                sort_by_pos(&mut items);
                ok(&Value::Array(items))
            }

            // Lists.
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

            // Cards.
            ("POST", ["cards"]) => {
                let list_id = str_param(params, "idList")
                    .ok_or_else(|| text(StatusCode::BAD_REQUEST, "invalid value for idList"))?;
                let list = find(&store.lists, list_id)
                    .map_err(|_| text(StatusCode::BAD_REQUEST, "invalid value for idList"))?;
                let list_id = list["id"].as_str().unwrap_or_default().to_owned();
                let board_id = list["idBoard"].as_str().unwrap_or_default().to_owned();
                let pos = position(
                    params,
                    store
                        .cards
                        .values()
                        .filter(|c| c["idList"] == list_id.as_str())
                        .filter_map(|c| c["pos"].as_f64()),
                );
                let id = ids::new_id();
                let short = ids::short_link();
                let name = str_param(params, "name").unwrap_or("");
                let id_short = store
                    .cards
                    .values()
                    .filter(|c| c["idBoard"] == board_id.as_str())
                    .count()
                    + 1;
                let card = json!({
                    "id": id,
                    "name": name,
                    "desc": str_param(params, "desc").unwrap_or(""),
                    "closed": false,
                    "idBoard": board_id,
                    "idList": list_id,
                    "idShort": id_short,
                    "idLabels": split_ids(params.get("idLabels")),
                    "idMembers": split_ids(params.get("idMembers")),
                    "pos": pos,
                    "due": params.get("due").cloned().unwrap_or(Value::Null),
                    "dueComplete": bool_param(params, "dueComplete").unwrap_or(false),
                    "start": params.get("start").cloned().unwrap_or(Value::Null),
                    "dateLastActivity": crate::state::rfc3339(std::time::SystemTime::now()),
                    "shortLink": short,
                    "shortUrl": format!("https://trello.com/c/{short}"),
                    "url": format!("https://trello.com/c/{short}/{id_short}-{}", slug(name)),
                    "badges": {"comments": 0, "attachments": 0, "checkItems": 0, "checkItemsChecked": 0, "description": params.get("desc").is_some()},
                    "subscribed": false,
                });
                store.cards.insert(id, card.clone());
                ok(&card)
            }
            ("GET", ["cards", id]) => ok(find(&store.cards, id)?),
            ("PUT", ["cards", id]) => {
                let id = find(&store.cards, id)?["id"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned();
                if let Some(list_id) = str_param(params, "idList")
                    && find(&store.lists, list_id).is_err()
                {
                    return Err(text(StatusCode::BAD_REQUEST, "invalid value for idList"));
                }
                let card = store
                    .cards
                    .get_mut(&id)
                    .ok_or_else(|| text(StatusCode::NOT_FOUND, NOT_FOUND))?;
                if let Some(object) = card.as_object_mut() {
                    merge_fields(object, params, &["name", "desc", "idList", "due", "start"]);
                    for flag in ["closed", "dueComplete", "subscribed"] {
                        if let Some(value) = bool_param(params, flag) {
                            object.insert(flag.into(), Value::Bool(value));
                        }
                    }
                    if params.contains_key("idLabels") {
                        object.insert("idLabels".into(), split_ids(params.get("idLabels")));
                    }
                    if params.contains_key("idMembers") {
                        object.insert("idMembers".into(), split_ids(params.get("idMembers")));
                    }
                    if params.contains_key("pos") {
                        object.insert("pos".into(), json!(position(params, std::iter::empty())));
                    }
                    object.insert(
                        "dateLastActivity".into(),
                        Value::String(crate::state::rfc3339(std::time::SystemTime::now())),
                    );
                }
                ok(card)
            }
            ("DELETE", ["cards", id]) => {
                let id = find(&store.cards, id)?["id"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned();
                store.cards.remove(&id);
                deleted()
            }
            ("POST", ["cards", id, "actions", "comments"]) => {
                let card = find(&store.cards, id)?.clone();
                let text_param = str_param(params, "text")
                    .filter(|t| !t.trim().is_empty())
                    .ok_or_else(|| text(StatusCode::BAD_REQUEST, "invalid value for text"))?;
                let board = store
                    .boards
                    .get(card["idBoard"].as_str().unwrap_or_default())
                    .cloned()
                    .unwrap_or(Value::Null);
                let action = json!({
                    "id": ids::new_id(),
                    "idMemberCreator": me,
                    "type": "commentCard",
                    "date": crate::state::rfc3339(std::time::SystemTime::now()),
                    "data": {
                        "text": text_param,
                        "card": {"id": card["id"], "name": card["name"], "idShort": card["idShort"], "shortLink": card["shortLink"]},
                        "board": {"id": board["id"], "name": board["name"], "shortLink": board["shortLink"]},
                        "list": {"id": card["idList"]},
                    },
                    "memberCreator": store.members.get(&me).cloned().unwrap_or(Value::Null),
                });
                store.actions.push(action.clone());
                if let Some(card) = store.cards.get_mut(card["id"].as_str().unwrap_or_default())
                    && let Some(n) = card["badges"]["comments"].as_u64()
                {
                    card["badges"]["comments"] = json!(n + 1);
                }
                ok(&action)
            }
            ("GET", ["cards", id, "actions"]) => {
                let id = find(&store.cards, id)?["id"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned();
                let actions: Vec<Value> = store
                    .actions
                    .iter()
                    .rev()
                    .filter(|a| a["data"]["card"]["id"] == id.as_str())
                    .cloned()
                    .collect();
                ok(&Value::Array(actions))
            }

            // Labels.
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

            // Tokens.
            ("GET", ["tokens", value]) => {
                let token = store
                    .tokens
                    .get(*value)
                    .ok_or_else(|| text(StatusCode::UNAUTHORIZED, "invalid token"))?;
                ok(&token.to_json(&app_name(shared, &token.key)))
            }
            ("GET", ["tokens", value, "member"]) => {
                let token = store
                    .tokens
                    .get(*value)
                    .ok_or_else(|| text(StatusCode::UNAUTHORIZED, "invalid token"))?;
                ok(store
                    .members
                    .get(&token.member_id)
                    .ok_or_else(|| text(StatusCode::NOT_FOUND, NOT_FOUND))?)
            }
            ("DELETE", ["tokens", value]) => {
                let owned = store
                    .tokens
                    .get(*value)
                    .is_some_and(|t| t.member_id == record.member_id);
                if !owned {
                    return Err(text(StatusCode::UNAUTHORIZED, "invalid token"));
                }
                store.tokens.remove(*value);
                store.access_tokens.remove(*value);
                deleted()
            }

            _ => super::exports::dispatch(store, method, segs).unwrap_or_else(|| {
                text(
                    StatusCode::NOT_FOUND,
                    format!("Cannot {} /1/{}", method, segs.join("/")),
                )
            }),
        })
    })();
    result.unwrap_or_else(|err| err)
}

fn app_name(shared: &Shared, key: &str) -> String {
    if key == shared.config.app_key {
        shared.config.app_name.clone()
    } else {
        key.to_owned()
    }
}

fn split_ids(value: Option<&Value>) -> Value {
    match value {
        Some(Value::Array(items)) => Value::Array(items.clone()),
        Some(Value::String(s)) if !s.is_empty() => Value::Array(
            s.split(',')
                .map(|p| Value::String(p.trim().to_owned()))
                .collect(),
        ),
        _ => Value::Array(Vec::new()),
    }
}

fn sort_by_pos(items: &mut [Value]) {
    items.sort_by(|a, b| {
        let a = a["pos"].as_f64().unwrap_or(0.0);
        let b = b["pos"].as_f64().unwrap_or(0.0);
        a.total_cmp(&b)
    });
}

fn slug(name: &str) -> String {
    let slug: String = name
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    slug.split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}
