//! `/1/…`: the REST API subset, with Trello's authorization, rate limits and
//! error answers.

use axum::{
    body::{Body, Bytes},
    extract::{Request, State},
    http::{HeaderMap, HeaderValue, Method, StatusCode},
    response::Response,
};
use serde_json::{Map, Value, json};

mod actions;
mod attachments;

pub use attachments::{FILE_PREFIX as ATTACHMENT_FILE_PREFIX, file as attachment_file};
mod boards;
mod cards;
mod checklists;
mod custom_fields;
mod history;
mod labels;
mod lists;
mod members;
mod memberships;
mod search;
mod tokens;
mod webhooks;

use crate::{
    Shared, ids,
    routes::{json, oauth, table, text},
    state::{LoggedRequest, Store, TokenRecord, merge_fields},
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
    let method = parts.method.to_string();
    let uri = redact_uri(&parts.uri);
    let logged_body = redact_body(&parts.headers, &body);
    let response = answer(&shared, parts, body).await;
    shared.store.lock().await.log_request(LoggedRequest {
        method,
        uri,
        status: response.status().as_u16(),
        body: logged_body,
    });
    response
}

fn is_credential(name: &str) -> bool {
    matches!(name, "key" | "token") || name.starts_with("oauth_")
}

/// The path and query with credential values replaced by `REDACTED`.
pub fn redact_uri(uri: &axum::http::Uri) -> String {
    let Some(query) = uri.query() else {
        return uri.path().to_owned();
    };
    format!("{}?{}", uri.path(), redact_form(query.as_bytes()))
}

fn redact_form(form: &[u8]) -> String {
    let mut out = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in url::form_urlencoded::parse(form) {
        let v = if is_credential(&k) {
            "REDACTED".into()
        } else {
            v
        };
        out.append_pair(&k, &v);
    }
    out.finish()
}

fn redact_body(headers: &HeaderMap, body: &[u8]) -> String {
    if body.is_empty() {
        return String::new();
    }
    if oauth::is_form(headers) {
        return redact_form(body);
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(mut map)) => {
            for (name, value) in map.iter_mut() {
                if is_credential(name) {
                    *value = Value::String("REDACTED".into());
                }
            }
            Value::Object(map).to_string()
        }
        Ok(other) => other.to_string(),
        Err(_) => format!("<{} bytes>", body.len()),
    }
}

async fn answer(shared: &Shared, parts: axum::http::request::Parts, body: Bytes) -> Response {
    let shared = shared.clone();
    let shared = &shared;
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

    let mut params = match collect_params(parts.uri.query(), &parts.headers, &body) {
        Ok(params) => params,
        Err(message) => return text(StatusCode::BAD_REQUEST, message),
    };
    let upload = match attachments::read_multipart(&parts.headers, body.clone(), &mut params).await
    {
        Ok(upload) => upload,
        Err(message) => return text(StatusCode::BAD_REQUEST, message),
    };
    let path = parts.uri.path().to_owned();
    let Some(rest) = path.strip_prefix("/1/") else {
        return not_modelled(&parts.method, &path);
    };
    let segments: Vec<String> = rest
        .trim_end_matches('/')
        .split('/')
        .map(percent_decode)
        .collect();

    let mut store = shared.store.lock().await;
    let bearer =
        match crate::oauth2::check_bearer(&mut store, &parts.headers, &parts.method, &segments) {
            Ok(bearer) => bearer,
            Err(response) => return response,
        };
    let (key, token) = if let Some((key, token)) = bearer {
        (Some(key), Some(token))
    } else if oauth::is_signed(&parts.headers) {
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
        Some(record) if record.key == key && !record.expired_at(store.system_now()) => {
            record.clone()
        }
        _ => return text(StatusCode::UNAUTHORIZED, "invalid token"),
    };
    let token = token.unwrap_or_default();

    // Rate limits: the key across all its tokens, the token across all its
    // clients, the members family per token, and Trello's 200-429 rule.
    let limits = shared.config.rate_limits.clone();
    let mut headers = Vec::new();
    if limits.enabled {
        let now = store.now();
        if store.penalties.blocked(&key, now) {
            return rate_limited("API_KEY_LIMIT_EXCEEDED", &limits.window);
        }
        let window_ms = limits.window.as_millis().to_string();
        let over = |store: &mut Store, code: &str, window: &std::time::Duration| {
            store
                .penalties
                .record_429(&key, now, limits.window, limits.key_block_after_429s);
            rate_limited(code, window)
        };
        let Some(key_left) =
            store
                .windows
                .hit(&format!("key:{key}"), limits.per_key, limits.window, now)
        else {
            return over(&mut store, "API_KEY_LIMIT_EXCEEDED", &limits.window);
        };
        let Some(token_left) = store.windows.hit(
            &format!("token:{token}"),
            limits.per_token,
            limits.window,
            now,
        ) else {
            return over(&mut store, "API_TOKEN_LIMIT_EXCEEDED", &limits.window);
        };
        // The members family is `/1/members/{id}` itself, as the SDK's
        // limiter counts it; nested routes (`/1/members/me/boards`) are not in it.
        if segments.len() == 2 && segments[0] == "members" {
            let members_window = limits.members_window;
            if store
                .windows
                .hit(
                    &format!("members:{token}"),
                    limits.members_per_token,
                    members_window,
                    now,
                )
                .is_none()
            {
                return over(&mut store, "API_TOKEN_LIMIT_EXCEEDED", &members_window);
            }
        }
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

    // Trello's HEAD check on a new webhook's callback, without the lock.
    let creates_webhook = parts.method == Method::POST
        && matches!(segs.as_slice(), ["webhooks"] | ["tokens", _, "webhooks"]);
    if creates_webhook && shared.config.check_webhook_callbacks {
        let url = str_param(&params, "callbackURL")
            .unwrap_or_default()
            .to_owned();
        drop(store);
        if let Err(message) = crate::routes::webhooks::head_check(&url).await {
            return text(StatusCode::BAD_REQUEST, message);
        }
        store = shared.store.lock().await;
    }

    if parts.method == Method::GET && segs.as_slice() == ["batch"] {
        let urls = str_param(&params, "urls").unwrap_or_default().to_owned();
        return batch(&mut store, shared, &urls, &record).await;
    }

    let before = match (parts.method.as_str(), segs.as_slice()) {
        ("DELETE", ["boards", id]) => store.boards.get(*id).cloned(),
        ("DELETE", ["lists", id]) => store.lists.get(*id).cloned(),
        ("DELETE", ["cards", id]) => store.cards.get(*id).cloned(),
        ("DELETE", ["labels", id]) => store.labels.get(*id).cloned(),
        _ => None,
    };
    let first_new = store.actions.len();
    let mut response = dispatch_with(
        &mut store,
        shared,
        &parts.method,
        &segs,
        &params,
        &record,
        upload.as_ref(),
    );
    let new_actions: Vec<Value> = store.actions.get(first_new..).unwrap_or_default().to_vec();
    for action in &new_actions {
        enqueue_deliveries(&store, shared, action, before.as_ref());
    }
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
    let multipart = headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/"));
    if multipart {
        // Uploads: read by `attachments::read_multipart`.
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

/// The object `id` of `children` that belongs (by `parent_key`) to the
/// object `parent` of `parents`; `404` when either is missing or the child
/// belongs to another parent.
fn find_child<'a>(
    parents: &std::collections::BTreeMap<String, Value>,
    parent: &str,
    children: &'a std::collections::BTreeMap<String, Value>,
    parent_key: &str,
    id: &str,
) -> Result<&'a Value, Response> {
    let parent = &find(parents, parent)?["id"];
    let child = find(children, id)?;
    if child[parent_key] != *parent {
        return Err(text(StatusCode::NOT_FOUND, NOT_FOUND));
    }
    Ok(child)
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

/// The position `pos` asks for among the objects of `collection` that
/// share `parent` under `parent_key` (a new object's, or an update's when
/// `except` names the object itself, left out of its siblings).
fn sibling_pos(
    params: &Params,
    collection: &std::collections::BTreeMap<String, Value>,
    parent_key: &str,
    parent: &str,
    except: Option<&str>,
) -> f64 {
    position(
        params,
        collection
            .values()
            .filter(|o| o[parent_key] == parent && except.is_none_or(|id| o["id"] != id))
            .filter_map(|o| o["pos"].as_f64()),
    )
}

/// The position an update's `pos` asks for, among the objects of
/// `collection` that share `parent` under `parent_key`, leaving out the
/// object `id` itself; `None` when the update does not move it.
fn moved_pos(
    params: &Params,
    collection: &std::collections::BTreeMap<String, Value>,
    parent_key: &str,
    parent: &str,
    id: &str,
) -> Option<f64> {
    params
        .contains_key("pos")
        .then(|| sibling_pos(params, collection, parent_key, parent, Some(id)))
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

/// Recomputes what a card derives from its checklists and attachments:
/// `idChecklists` and the `checkItems`, `checkItemsChecked` and
/// `attachments` badges.
fn refresh_card(store: &mut Store, card: &str) {
    let mut checklists: Vec<&Value> = store
        .checklists
        .values()
        .filter(|c| c["idCard"] == card)
        .collect();
    checklists.sort_by(|a, b| {
        let (a, b) = (
            a["pos"].as_f64().unwrap_or(0.0),
            b["pos"].as_f64().unwrap_or(0.0),
        );
        a.total_cmp(&b)
    });
    let ids: Vec<Value> = checklists.iter().map(|c| c["id"].clone()).collect();
    let items: Vec<&Value> = store
        .check_items
        .values()
        .filter(|i| ids.contains(&i["idChecklist"]))
        .collect();
    let checked = items.iter().filter(|i| i["state"] == "complete").count();
    let total = items.len();
    let attachments = store
        .attachments
        .values()
        .filter(|a| a.card == card)
        .count();
    if let Some(card) = store.cards.get_mut(card) {
        card["idChecklists"] = Value::Array(ids);
        card["badges"]["checkItems"] = json!(total);
        card["badges"]["checkItemsChecked"] = json!(checked);
        card["badges"]["attachments"] = json!(attachments);
    }
}

/// Removes the cards passing `gone` and everything hanging off them:
/// checklists, check items, attachments, custom field items.
fn purge_cards(store: &mut Store, gone: impl Fn(&Value) -> bool) {
    let ids: Vec<String> = store
        .cards
        .iter()
        .filter(|(_, c)| gone(c))
        .map(|(id, _)| id.clone())
        .collect();
    for id in &ids {
        store.cards.remove(id);
        let checklists: Vec<String> = store
            .checklists
            .iter()
            .filter(|(_, c)| c["idCard"] == id.as_str())
            .map(|(k, _)| k.clone())
            .collect();
        for checklist in &checklists {
            store.checklists.remove(checklist);
            store
                .check_items
                .retain(|_, i| i["idChecklist"] != checklist.as_str());
        }
        store.attachments.retain(|_, a| a.card != *id);
        store
            .custom_field_items
            .retain(|_, i| i["idModel"] != id.as_str());
    }
}

/// A card as `GET /cards/{id}` answers it: `fields`, and the nested
/// `checklists=all`, `customFieldItems=true`, `attachments=true|cover`,
/// `members=true` when asked.
fn card_view(store: &Store, card: &Value, params: &Params) -> Value {
    let mut view = select_fields(card, str_param(params, "fields"));
    let id = card["id"].as_str().unwrap_or_default();
    if str_param(params, "checklists") == Some("all") {
        view["checklists"] = Value::Array(checklists::views(
            store,
            |c| c["idCard"] == id,
            &Params::new(),
        ));
    }
    if bool_param(params, "customFieldItems") == Some(true) {
        view["customFieldItems"] = Value::Array(custom_fields::items_of(store, id));
    }
    match str_param(params, "attachments") {
        Some("true") | Some("cover") => {
            let cover = str_param(params, "attachments") == Some("cover");
            let mut list: Vec<Value> = store
                .attachments
                .values()
                .filter(|a| a.card == id && (!cover || card["idAttachmentCover"] == a.json["id"]))
                .map(|a| a.json.clone())
                .collect();
            sort_by_pos(&mut list);
            view["attachments"] = Value::Array(list);
        }
        _ => {}
    }
    if bool_param(params, "members") == Some(true) {
        let members: Vec<Value> = card["idMembers"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|m| store.members.get(m.as_str().unwrap_or_default()))
            .cloned()
            .collect();
        view["members"] = Value::Array(members);
    }
    view
}

/// What a call carries to the resource modules.
#[derive(Clone, Copy)]
pub(super) struct Ctx<'a> {
    shared: &'a Shared,
    method: &'a str,
    segs: &'a [&'a str],
    params: &'a Params,
    record: &'a TokenRecord,
    /// The file of a multipart upload.
    upload: Option<&'a attachments::Upload>,
}

/// A resource module's answer: `Ok(None)` when the route is not its own.
type Answer = Result<Option<Response>, Response>;

type Handler = fn(&mut Store, Ctx<'_>) -> Answer;

/// The resource modules, asked in order.
const HANDLERS: &[Handler] = &[
    members::dispatch,
    boards::dispatch,
    lists::dispatch,
    cards::dispatch,
    labels::dispatch,
    tokens::dispatch,
    webhooks::dispatch,
    checklists::dispatch,
    custom_fields::dispatch,
    attachments::dispatch,
    memberships::dispatch,
    search::dispatch,
    actions::dispatch,
];

/// The member a path's `{id}` names (`me`: the caller).
fn resolve_member(record: &TokenRecord, id: &str) -> String {
    if id == "me" {
        record.member_id.clone()
    } else {
        id.to_owned()
    }
}

/// Answers one API call without an upload (batch items, seeding).
fn dispatch(
    store: &mut Store,
    shared: &Shared,
    method: &Method,
    segs: &[&str],
    params: &Params,
    record: &TokenRecord,
) -> Response {
    dispatch_with(store, shared, method, segs, params, record, None)
}

/// Answers one API call from the store: a resource module's route, else
/// an export route, else a schema-shaped answer or `501`.
fn dispatch_with(
    store: &mut Store,
    shared: &Shared,
    method: &Method,
    segs: &[&str],
    params: &Params,
    record: &TokenRecord,
    upload: Option<&attachments::Upload>,
) -> Response {
    let cx = Ctx {
        shared,
        method: method.as_str(),
        segs,
        params,
        record,
        upload,
    };
    for handler in HANDLERS {
        match handler(store, cx) {
            Ok(Some(response)) | Err(response) => return response,
            Ok(None) => {}
        }
    }
    super::exports::dispatch(store, method, segs).unwrap_or_else(|| generic(method, segs))
}

/// `GET /1/batch?urls=…`: up to 10 GET routes answered in one call, each as
/// `{"200": body}` or, on failure, `{"statusCode": n, "name": …, "message": …}`.
async fn batch(store: &mut Store, shared: &Shared, urls: &str, record: &TokenRecord) -> Response {
    let urls: Vec<&str> = urls
        .split(',')
        .map(str::trim)
        .filter(|u| !u.is_empty())
        .collect();
    if urls.is_empty() || urls.len() > 10 {
        return text(
            StatusCode::BAD_REQUEST,
            "invalid value for urls: give 1 to 10 comma-separated GET routes, e.g. /members/me,/boards/{id}",
        );
    }
    let mut items = Vec::new();
    for url in urls {
        let url = url.strip_prefix("/1").unwrap_or(url);
        let (path, query) = url.split_once('?').unwrap_or((url, ""));
        let mut params = Params::new();
        for (k, v) in url::form_urlencoded::parse(query.as_bytes()) {
            params.insert(k.into_owned(), Value::String(v.into_owned()));
        }
        let segments: Vec<String> = path
            .trim_matches('/')
            .split('/')
            .map(percent_decode)
            .collect();
        let segs: Vec<&str> = segments.iter().map(String::as_str).collect();
        let response = dispatch(store, shared, &Method::GET, &segs, &params, record);
        let status = response.status();
        let body = axum::body::to_bytes(response.into_body(), MAX_BODY)
            .await
            .unwrap_or_default();
        items.push(if status.is_success() {
            json!({"200": serde_json::from_slice::<Value>(&body).unwrap_or(Value::Null)})
        } else {
            json!({
                "statusCode": status.as_u16(),
                "name": status.canonical_reason().unwrap_or("error"),
                "message": String::from_utf8_lossy(&body),
            })
        });
    }
    ok(&Value::Array(items))
}

/// Queues a signed delivery for every active webhook watching a model the
/// write touched.
fn enqueue_deliveries(store: &Store, shared: &Shared, action: &Value, before: Option<&Value>) {
    let touched = history::models_of(action);
    for (id, webhook) in &store.webhooks {
        let Some(model_id) = webhook["idModel"].as_str() else {
            continue;
        };
        if webhook["active"] == false || !touched.iter().any(|t| t == model_id) {
            continue;
        }
        let model = [
            &store.boards,
            &store.lists,
            &store.cards,
            &store.labels,
            &store.members,
        ]
        .into_iter()
        .find_map(|c| c.get(model_id).cloned())
        .or_else(|| before.filter(|b| b["id"] == model_id).cloned())
        .unwrap_or_else(|| json!({"id": model_id}));
        let Some(app_secret) = store
            .webhook_owners
            .get(id)
            .and_then(|token| store.tokens.get(token))
            .and_then(|t| store.apps.get(&t.key))
            .map(|app| app.secret.clone())
        else {
            continue;
        };
        let body = crate::routes::webhooks::payload(action, &model, webhook).to_string();
        let _ = shared.deliveries.send(crate::routes::webhooks::Delivery {
            webhook_id: id.clone(),
            callback_url: webhook["callbackURL"]
                .as_str()
                .unwrap_or_default()
                .to_owned(),
            app_secret,
            body: body.into_bytes(),
        });
    }
}

/// Runs a write through the same code as the API, as the demo member with a
/// read-write token, for [`Sandbox`](crate::Sandbox)'s seeding methods.
pub(crate) async fn seed(
    store: &mut Store,
    shared: &Shared,
    segs: &[&str],
    params: &Params,
) -> Result<Value, String> {
    seed_upload(store, shared, segs, params, None).await
}

/// [`seed`] keeping the action the write stores (a seeded comment is one).
pub(crate) async fn seed_action(
    store: &mut Store,
    shared: &Shared,
    segs: &[&str],
    params: &Params,
) -> Result<Value, String> {
    seed_with(store, shared, segs, params, None, true).await
}

/// [`seed`] with a file, as a multipart upload would bring it.
pub(crate) async fn seed_upload(
    store: &mut Store,
    shared: &Shared,
    segs: &[&str],
    params: &Params,
    file: Option<(&str, &str, Bytes)>,
) -> Result<Value, String> {
    seed_with(store, shared, segs, params, file, false).await
}

async fn seed_with(
    store: &mut Store,
    shared: &Shared,
    segs: &[&str],
    params: &Params,
    file: Option<(&str, &str, Bytes)>,
    keep_history: bool,
) -> Result<Value, String> {
    let upload = file.map(|(name, mime, bytes)| attachments::Upload::new(name, mime, bytes));
    let record = TokenRecord {
        id: ids::new_id(),
        key: shared.config.app_key.clone(),
        member_id: store.demo_member.clone(),
        scopes: crate::state::Scopes {
            read: true,
            write: true,
            account: true,
        },
        created: store.system_now(),
        expires: None,
        expiration: "never".into(),
    };
    // Seeded fixtures come without history: the actions routes and
    // webhooks see only what the test itself does.
    let first_new = store.actions.len();
    let response = dispatch_with(
        store,
        shared,
        &Method::POST,
        segs,
        params,
        &record,
        upload.as_ref(),
    );
    if !keep_history {
        store.actions.truncate(first_new);
    }
    let status = response.status();
    let body = axum::body::to_bytes(response.into_body(), MAX_BODY)
        .await
        .map_err(|e| e.to_string())?;
    if !status.is_success() {
        return Err(format!("{status}: {}", String::from_utf8_lossy(&body)));
    }
    serde_json::from_slice(&body).map_err(|e| e.to_string())
}

/// An operation of the specs the store does not model: answered in the
/// shape of its response schema so a typed call decodes; anything else is
/// `501`, never a `404` that would read as "no such object".
fn generic(method: &Method, segs: &[&str]) -> Response {
    let Some((op, bound)) = table::lookup(method.as_str(), segs) else {
        return not_modelled(method, &format!("/1/{}", segs.join("/")));
    };
    ok(&shaped(op.response, &bound))
}

/// `501 Not Implemented`, saying what the sandbox does not model.
pub fn not_modelled(method: &Method, path: &str) -> Response {
    text(
        StatusCode::NOT_IMPLEMENTED,
        format!(
            "The Trello sandbox does not model {method} {path}: it is not an operation of the specs it was built from. (Not a \"not found\": the route itself is unknown here.)"
        ),
    )
}

/// A minimal value of a response schema: objects carry the path's id (or a
/// new one), arrays one such object.
fn shaped(response: Option<&str>, bound: &[(&str, &str)]) -> Value {
    let id = bound
        .iter()
        .map(|(_, v)| *v)
        .find(|v| ids::is_trello_id(v))
        .map_or_else(ids::new_id, str::to_owned);
    match response {
        Some(name) if name.starts_with("array<") => {
            let inner = name.trim_start_matches("array<").trim_end_matches('>');
            Value::Array(vec![shaped_object(inner, &id)])
        }
        Some(name) => shaped_object(name, &id),
        None => shaped_object("object", &id),
    }
}

/// Every model the SDK decodes needs only its `id`; the rest is optional.
fn shaped_object(_name: &str, id: &str) -> Value {
    json!({"id": id})
}

/// `GET /{boards|cards}/{id}/actions`: the stored actions whose `data`
/// names the object `id` (by id or short link) of `collection` under
/// `model` (`board`, `card`), paged as [`select_actions`] does.
fn actions_of(
    store: &Store,
    collection: &std::collections::BTreeMap<String, Value>,
    model: &str,
    id: &str,
    params: &Params,
) -> Result<Response, Response> {
    let id = find(collection, id)?["id"].as_str().unwrap_or_default();
    let actions = select_actions(
        store
            .actions
            .iter()
            .filter(|a| a["data"][model]["id"] == id),
        params,
    )?;
    Ok(ok(&Value::Array(actions)))
}

/// Trello's action paging: newest first, `filter` (comma-separated types,
/// or `all`), `limit` (0–1000, default 50), `before`/`since` (an action id
/// or a date; exclusive).
fn select_actions<'a>(
    actions: impl Iterator<Item = &'a Value>,
    params: &Params,
) -> Result<Vec<Value>, Response> {
    let limit = match params.get("limit") {
        None => 50,
        // Trello's documentation types `limit` as a number; a fraction is
        // taken down to its whole part, as Trello's own parser does.
        Some(value) => value
            .as_f64()
            .or_else(|| value.as_str().and_then(|s| s.parse().ok()))
            .filter(|n| (0.0..=1000.0).contains(n))
            .map(|n| n as u64)
            .ok_or_else(|| {
                text(
                    StatusCode::BAD_REQUEST,
                    "invalid value for limit: give a number from 0 to 1000",
                )
            })?,
    };
    let types: Option<Vec<&str>> = str_param(params, "filter")
        .filter(|f| *f != "all")
        .map(|f| f.split(',').map(str::trim).collect());
    // Oldest first; a bound that names an action compares by position, any
    // other bound as a date.
    let all: Vec<&Value> = actions.collect();
    let rank = |bound: &str| -> Option<usize> { all.iter().position(|a| a["id"] == bound) };
    let before = str_param(params, "before");
    let since = str_param(params, "since");
    let (before_rank, since_rank) = (before.and_then(rank), since.and_then(rank));
    let newer_than = |i: usize, a: &Value, bound: &str, at: Option<usize>| match at {
        Some(at) => i > at,
        None => a["date"].as_str().unwrap_or_default() > bound,
    };
    let older_than = |i: usize, a: &Value, bound: &str, at: Option<usize>| match at {
        Some(at) => i < at,
        None => a["date"].as_str().unwrap_or_default() < bound,
    };
    Ok(all
        .iter()
        .enumerate()
        .rev()
        .filter(|(_, a)| {
            types
                .as_ref()
                .is_none_or(|t| t.iter().any(|t| a["type"] == *t))
        })
        .filter(|(i, a)| before.is_none_or(|b| older_than(*i, a, b, before_rank)))
        .filter(|(i, a)| since.is_none_or(|b| newer_than(*i, a, b, since_rank)))
        .map(|(_, a)| *a)
        .take(limit as usize)
        .cloned()
        .collect())
}

/// Keeps `id` and the comma-separated `fields` of `object` (all of them
/// when `fields` is absent or `all`), as Trello's `fields` parameters do.
fn select_fields(object: &Value, fields: Option<&str>) -> Value {
    let Some(fields) = fields.filter(|f| !f.split(',').any(|f| f.trim() == "all")) else {
        return object.clone();
    };
    let mut kept = Map::new();
    if let Some(id) = object.get("id") {
        kept.insert("id".into(), id.clone());
    }
    for field in fields.split(',').map(str::trim) {
        if let Some(value) = object.get(field) {
            kept.insert(field.to_owned(), value.clone());
        }
    }
    Value::Object(kept)
}

/// Whether an object passes a `filter`-style value (`open`, `closed`,
/// `all`, `visible`; `none` passes nothing).
fn passes(filter: &str, object: &Value) -> bool {
    match filter {
        "all" => true,
        "closed" => object["closed"] == true,
        "open" | "visible" => object["closed"] != true,
        _ => false,
    }
}

/// `GET /boards/{id}` with Trello's `fields` and nested resources
/// (`lists`, `cards`, `labels`, `members`, each with its `*_fields`).
fn board_view(store: &Store, board: &Value, params: &Params) -> Value {
    let mut view = select_fields(board, str_param(params, "fields"));
    let board_id = board["id"].as_str().unwrap_or_default();
    let nested = |collection: &std::collections::BTreeMap<String, Value>,
                  filter: &str,
                  fields: Option<&str>| {
        let mut items: Vec<Value> = collection
            .values()
            .filter(|v| v["idBoard"] == board_id && passes(filter, v))
            .map(|v| select_fields(v, fields))
            .collect();
        sort_by_pos(&mut items);
        Value::Array(items)
    };
    if let Some(object) = view.as_object_mut() {
        if let Some(filter) = str_param(params, "lists").filter(|f| *f != "none") {
            object.insert(
                "lists".into(),
                nested(&store.lists, filter, str_param(params, "list_fields")),
            );
        }
        if let Some(filter) = str_param(params, "cards").filter(|f| *f != "none") {
            object.insert(
                "cards".into(),
                nested(&store.cards, filter, str_param(params, "card_fields")),
            );
        }
        if str_param(params, "labels").is_some_and(|f| f != "none") {
            object.insert(
                "labels".into(),
                nested(&store.labels, "all", str_param(params, "label_fields")),
            );
        }
        if let Some(filter) = str_param(params, "members").filter(|f| *f != "none") {
            let members =
                memberships::members_of(store, board, filter, str_param(params, "member_fields"));
            object.insert("members".into(), Value::Array(members));
        }
        if let Some(filter) = str_param(params, "memberships").filter(|f| *f != "none") {
            let list: Vec<Value> = memberships::memberships_of(board)
                .into_iter()
                .filter(|m| match filter {
                    "admins" | "owners" => m["memberType"] == "admin",
                    "normal" => m["memberType"] == "normal",
                    _ => true,
                })
                .collect();
            object.insert("memberships".into(), Value::Array(list));
        }
        if str_param(params, "checklists").is_some_and(|f| f != "none") {
            let list = checklists::views(store, |c| c["idBoard"] == board_id, &Params::new());
            object.insert("checklists".into(), Value::Array(list));
        }
        if bool_param(params, "customFields") == Some(true) {
            let mut list: Vec<Value> = store
                .custom_fields
                .values()
                .filter(|f| f["idModel"] == board_id)
                .cloned()
                .collect();
            sort_by_pos(&mut list);
            object.insert("customFields".into(), Value::Array(list));
        }
    }
    view
}

/// The value of the token a record belongs to.
fn token_of(store: &Store, record: &TokenRecord) -> String {
    store
        .tokens
        .iter()
        .find(|(_, t)| t.id == record.id)
        .map(|(value, _)| value.clone())
        .unwrap_or_default()
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
