//! `/1/authorize`: the page where a user allows or denies an app, and the
//! three ways the token comes back (shown, fragment redirect, postMessage).

use std::collections::HashMap;

use axum::{
    Form,
    extract::{Query, State},
    http::{HeaderValue, StatusCode, header},
    response::Response,
};

use crate::{
    Shared,
    routes::{escape_html, html, text},
    state::{Scopes, expiration_lifetime},
};

/// The message Trello sends back when the user denies.
pub const DENIED: &str = "Token request rejected";

/// A checked authorize request.
struct AuthorizeRequest {
    key: String,
    name: String,
    scope: String,
    scopes: Scopes,
    expiration: String,
    response_type: String,
    callback_method: Option<String>,
    return_url: Option<String>,
}

async fn check(
    shared: &Shared,
    params: &HashMap<String, String>,
) -> Result<AuthorizeRequest, Response> {
    let get = |name: &str| {
        params
            .get(name)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    };
    let key = get("key").ok_or_else(|| {
        text(
            StatusCode::BAD_REQUEST,
            "invalid key: the key parameter is required",
        )
    })?;
    let store = shared.store.lock().await;
    let app = store
        .apps
        .get(key)
        .ok_or_else(|| text(StatusCode::BAD_REQUEST, "invalid key"))?;
    let scope = get("scope").unwrap_or("read").to_owned();
    let scopes = Scopes::parse(&scope).ok_or_else(|| {
        text(
            StatusCode::BAD_REQUEST,
            "invalid scope: use a comma-separated list of read, write, account",
        )
    })?;
    let expiration = get("expiration").unwrap_or("30days").to_owned();
    if expiration_lifetime(&expiration).is_none() {
        return Err(text(
            StatusCode::BAD_REQUEST,
            "invalid expiration: use 1hour, 1day, 30days or never",
        ));
    }
    let callback_method = get("callback_method").map(str::to_owned);
    if let Some(method) = &callback_method
        && method != "postMessage"
        && method != "fragment"
    {
        return Err(text(
            StatusCode::BAD_REQUEST,
            "invalid callback_method: use postMessage or fragment",
        ));
    }
    let return_url = get("return_url").map(str::to_owned);
    if let Some(url) = &return_url {
        if url::Url::parse(url).is_err() {
            return Err(text(StatusCode::BAD_REQUEST, "invalid return_url"));
        }
        if !app.allows_return_url(url) {
            return Err(text(
                StatusCode::BAD_REQUEST,
                "invalid return_url: its origin is not allowed for this key",
            ));
        }
    }
    Ok(AuthorizeRequest {
        key: key.to_owned(),
        name: get("name").unwrap_or(&app.name).to_owned(),
        scope,
        scopes,
        expiration,
        response_type: get("response_type").unwrap_or("token").to_owned(),
        callback_method,
        return_url,
    })
}

/// `GET /1/authorize`: the Allow/Deny page.
pub async fn page(
    State(shared): State<Shared>,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let request = match check(&shared, &params).await {
        Ok(request) => request,
        Err(response) => return response,
    };
    let hidden: String = params
        .iter()
        .map(|(k, v)| {
            format!(
                r#"<input type="hidden" name="{}" value="{}">"#,
                escape_html(k),
                escape_html(v)
            )
        })
        .collect();
    let access: Vec<&str> = [
        (request.scopes.read, "read your boards and workspaces"),
        (
            request.scopes.write,
            "create and update cards, lists and boards",
        ),
        (
            request.scopes.account,
            "read your email address and update your account",
        ),
    ]
    .into_iter()
    .filter_map(|(on, what)| on.then_some(what))
    .collect();
    html(
        StatusCode::OK,
        format!(
            r#"<!doctype html>
<html><head><meta charset="utf-8"><title>Let {name} use your account?</title></head>
<body>
<h1>Let {name} use your account?</h1>
<p>It will be able to: {access}.</p>
<p>Access expires: {expiration}.</p>
<form method="post" action="/1/authorize">{hidden}
<button type="submit" id="approveButton" name="decision" value="allow">Allow</button>
<button type="submit" id="denyButton" name="decision" value="deny">Deny</button>
</form>
</body></html>"#,
            name = escape_html(&request.name),
            access = escape_html(&access.join("; ")),
            expiration = escape_html(&request.expiration),
        ),
    )
}

/// `POST /1/authorize`: the user's decision.
pub async fn decide(
    State(shared): State<Shared>,
    Form(params): Form<HashMap<String, String>>,
) -> Response {
    let request = match check(&shared, &params).await {
        Ok(request) => request,
        Err(response) => return response,
    };
    let allowed = params.get("decision").map(String::as_str) == Some("allow");
    let token = if allowed {
        Some(shared.store.lock().await.issue_token(
            &request.key,
            request.scopes,
            &request.expiration,
        ))
    } else {
        None
    };
    let _ = &request.scope;
    let by_post_message = request.callback_method.as_deref() == Some("postMessage");
    match (&request.return_url, by_post_message) {
        (Some(return_url), true) => post_message_page(return_url, token.as_deref()),
        (Some(return_url), false) => {
            let fragment = match &token {
                Some(token) => format!("token={token}"),
                None => format!("token=&error={}", DENIED.replace(' ', "%20")),
            };
            let base = return_url.split('#').next().unwrap_or(return_url);
            redirect(&format!("{base}#{fragment}"))
        }
        (None, _) => match token {
            Some(token)
                if request.response_type == "token" || request.response_type == "fragment" =>
            {
                html(
                    StatusCode::OK,
                    format!(
                        r#"<!doctype html><html><body><p>You have granted access to your Trello information.</p><p>To complete the process, please give this token:</p><pre id="token">{}</pre></body></html>"#,
                        escape_html(&token)
                    ),
                )
            }
            Some(_) => text(
                StatusCode::BAD_REQUEST,
                "invalid response_type: use token or fragment",
            ),
            None => html(
                StatusCode::OK,
                format!(r#"<!doctype html><html><body><p id="error">{DENIED}</p></body></html>"#),
            ),
        },
    }
}

fn redirect(location: &str) -> Response {
    let mut response = text(StatusCode::FOUND, "");
    if let Ok(value) = HeaderValue::from_str(location) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    response
}

/// The popup page that hands the token (or the error) to its opener.
fn post_message_page(return_url: &str, token: Option<&str>) -> Response {
    let origin = url::Url::parse(return_url)
        .map(|u| u.origin().ascii_serialization())
        .unwrap_or_default();
    let payload = match token {
        Some(token) => serde_json::Value::String(token.to_owned()),
        None => serde_json::json!({ "error": DENIED }),
    };
    // JSON inside a <script>: escape `<` so no `</script>` can appear.
    let payload = payload.to_string().replace('<', "\\u003c");
    let origin_js = serde_json::Value::String(origin)
        .to_string()
        .replace('<', "\\u003c");
    html(
        StatusCode::OK,
        format!(
            r#"<!doctype html><html><body><script>
(function () {{
  var target = window.opener || window.parent;
  if (target) {{ target.postMessage({payload}, {origin_js}); }}
  setTimeout(function () {{ window.close(); }}, 100);
}})();
</script><p>You may close this window.</p></body></html>"#
        ),
    )
}
