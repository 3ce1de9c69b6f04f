//! The OAuth 2.0 routes at the sandbox's root, where Atlassian has them on
//! `auth.atlassian.com`: `GET /authorize` (the consent page), `POST
//! /authorize` (Accept or Deny) and `POST /oauth/token`.

use std::collections::HashMap;

use axum::{
    body::Bytes,
    extract::{Query, State},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::Response,
};

use crate::{
    Shared,
    oauth2::{KNOWN_SCOPES, token_error, token_request},
    routes::{escape_html, html, oauth, text},
};

/// A checked authorize request.
struct Checked {
    client_id: String,
    client_name: String,
    redirect_uri: String,
    scopes: Vec<String>,
    state: Option<String>,
    challenge: String,
}

/// Checks what the consent page and the decision both carry. Until the
/// client and its redirect URI are known good, errors are shown, never
/// redirected (RFC 6749 §4.1.2.1).
async fn check(shared: &Shared, params: &HashMap<String, String>) -> Result<Checked, Response> {
    let get = |name: &str| {
        params
            .get(name)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    };
    let store = shared.store.lock().await;
    let client = get("client_id")
        .and_then(|id| store.oauth2.client(id))
        .ok_or_else(|| {
            text(
                StatusCode::BAD_REQUEST,
                "invalid_request: unknown client_id",
            )
        })?;
    let redirect_uri = get("redirect_uri")
        .filter(|uri| client.allows_redirect(uri))
        .ok_or_else(|| {
            text(
                StatusCode::BAD_REQUEST,
                "invalid_request: redirect_uri is not registered for this client",
            )
        })?;
    if get("response_type") != Some("code") {
        return Err(text(
            StatusCode::BAD_REQUEST,
            "unsupported_response_type: use code",
        ));
    }
    if get("code_challenge_method") != Some("S256") {
        return Err(text(
            StatusCode::BAD_REQUEST,
            "invalid_request: code_challenge_method must be S256",
        ));
    }
    let challenge = get("code_challenge")
        .filter(|c| (43..=128).contains(&c.len()))
        .ok_or_else(|| {
            text(
                StatusCode::BAD_REQUEST,
                "invalid_request: code_challenge is required",
            )
        })?;
    let scopes: Vec<String> = get("scope")
        .unwrap_or_default()
        .split_whitespace()
        .map(str::to_owned)
        .collect();
    if scopes.is_empty() {
        return Err(text(
            StatusCode::BAD_REQUEST,
            "invalid_scope: scope is required",
        ));
    }
    if let Some(bad) = scopes
        .iter()
        .find(|s| !KNOWN_SCOPES.contains(&s.as_str()) || !client.allowed_scopes.contains(s))
    {
        return Err(text(
            StatusCode::BAD_REQUEST,
            format!("invalid_scope: {bad} is unknown or not allowed for this client"),
        ));
    }
    Ok(Checked {
        client_id: client.id.clone(),
        client_name: client.name.clone(),
        redirect_uri: redirect_uri.to_owned(),
        scopes,
        state: get("state").map(str::to_owned),
        challenge: challenge.to_owned(),
    })
}

/// `GET /authorize`: the consent page, with Accept and Deny.
pub async fn page(
    State(shared): State<Shared>,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let checked = match check(&shared, &params).await {
        Ok(checked) => checked,
        Err(response) => return response,
    };
    let hidden: String = params
        .iter()
        .filter(|(name, _)| name.as_str() != "decision")
        .map(|(name, value)| {
            format!(
                "<input type=\"hidden\" name=\"{}\" value=\"{}\">",
                escape_html(name),
                escape_html(value)
            )
        })
        .collect();
    let scopes: String = checked
        .scopes
        .iter()
        .map(|s| format!("<li>{}</li>", escape_html(s)))
        .collect();
    html(
        StatusCode::OK,
        format!(
            "<!doctype html><html><head><title>Authorize {name}</title></head><body>\
             <h1>{name} wants to access your Trello account</h1><ul id=\"scopes\">{scopes}</ul>\
             <form method=\"post\" action=\"/authorize\">{hidden}\
             <button id=\"accept\" type=\"submit\" name=\"decision\" value=\"accept\">Accept</button>\
             <button id=\"deny\" type=\"submit\" name=\"decision\" value=\"deny\">Deny</button>\
             </form></body></html>",
            name = escape_html(&checked.client_name),
        ),
    )
}

fn redirect(to: &url::Url) -> Response {
    let mut response = Response::new(axum::body::Body::empty());
    *response.status_mut() = StatusCode::FOUND;
    if let Ok(value) = HeaderValue::from_str(to.as_str()) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    response
}

/// `POST /authorize`: the user's decision; redirects to the client with
/// `code` and `state`, or `error=access_denied` and `state`.
pub async fn decide(State(shared): State<Shared>, body: Bytes) -> Response {
    let params: HashMap<String, String> = url::form_urlencoded::parse(&body).into_owned().collect();
    let checked = match check(&shared, &params).await {
        Ok(checked) => checked,
        Err(response) => return response,
    };
    let Ok(mut to) = url::Url::parse(&checked.redirect_uri) else {
        return text(StatusCode::BAD_REQUEST, "invalid_request: bad redirect_uri");
    };
    let code = match params.get("decision").map(String::as_str) {
        Some("accept") => Some(shared.store.lock().await.oauth2.issue_code(
            &checked.client_id,
            &checked.redirect_uri,
            &checked.challenge,
            checked.scopes.clone(),
        )),
        _ => None,
    };
    {
        let mut pairs = to.query_pairs_mut();
        match &code {
            Some(code) => {
                pairs.append_pair("code", code);
            }
            None => {
                pairs
                    .append_pair("error", "access_denied")
                    .append_pair("error_description", "The user denied access");
            }
        }
        if let Some(state) = &checked.state {
            pairs.append_pair("state", state);
        }
    }
    redirect(&to)
}

/// `POST /oauth/token`: JSON body (as Atlassian documents) or a form.
pub async fn token(State(shared): State<Shared>, headers: HeaderMap, body: Bytes) -> Response {
    let params: HashMap<String, String> = if oauth::is_form(&headers) {
        url::form_urlencoded::parse(&body).into_owned().collect()
    } else {
        match serde_json::from_slice::<serde_json::Map<String, serde_json::Value>>(&body) {
            Ok(map) => map
                .into_iter()
                .filter_map(|(k, v)| v.as_str().map(|s| (k, s.to_owned())))
                .collect(),
            Err(_) => {
                return token_error(
                    StatusCode::BAD_REQUEST,
                    "invalid_request",
                    "the body must be a JSON object or a form",
                );
            }
        }
    };
    let mut store = shared.store.lock().await;
    let mut response = token_request(&mut store, &params);
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}
