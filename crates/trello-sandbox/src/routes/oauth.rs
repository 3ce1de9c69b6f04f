//! OAuth 1.0a: the three routes of the three-legged flow, and verification
//! of HMAC-SHA1 signatures (RFC 5849) on them and on signed API calls.

use std::collections::HashMap;

use axum::{
    Form,
    body::Bytes,
    extract::{Query, State},
    http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header},
    response::Response,
};
use trello_core::{
    oauth1::sign::{hmac_sha1_signature, signature_base_string},
    secrets::{AppSecret, TokenSecret},
};

use crate::{
    Shared, ids,
    routes::{escape_html, html, text},
    state::{AccessToken, RequestToken, Scopes, Store, expiration_lifetime},
};

/// The protocol parameters of an `Authorization: OAuth …` header, decoded.
pub fn header_params(headers: &HeaderMap) -> Option<HashMap<String, String>> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let fields = value.strip_prefix("OAuth ")?;
    let mut out = HashMap::new();
    for field in fields.split(',') {
        let (name, value) = field.trim().split_once('=')?;
        let value = value.trim().trim_matches('"');
        let decoded = percent_encoding::percent_decode_str(value)
            .decode_utf8()
            .ok()?
            .into_owned();
        out.insert(name.trim().to_owned(), decoded);
    }
    Some(out)
}

/// Whether a request carries an OAuth 1.0a signature.
pub fn is_signed(headers: &HeaderMap) -> bool {
    header_params(headers).is_some_and(|p| p.contains_key("oauth_signature"))
}

/// A request whose signature checked out.
#[derive(Debug)]
pub struct Verified {
    /// `oauth_consumer_key`.
    pub key: String,
    /// `oauth_token`, when present.
    pub token: Option<String>,
    /// Every protocol parameter.
    pub params: HashMap<String, String>,
}

/// Verifies the HMAC-SHA1 signature of a request, the token secret coming
/// from `token_secret` (looked up by token). Replayed nonces are refused.
pub fn verify(
    store: &mut Store,
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
    form: &[(String, String)],
    token_secret: impl Fn(&Store, &str) -> Option<String>,
) -> Result<Verified, Response> {
    let unauthorized = |why: &str| text(StatusCode::UNAUTHORIZED, why.to_owned());
    let params = header_params(headers).ok_or_else(|| unauthorized("invalid signature"))?;
    let get = |name: &str| params.get(name).cloned();
    let key = get("oauth_consumer_key").ok_or_else(|| unauthorized("invalid key"))?;
    let secret = store
        .apps
        .get(&key)
        .map(|app| app.secret.clone())
        .ok_or_else(|| unauthorized("invalid key"))?;
    if get("oauth_signature_method").as_deref() != Some("HMAC-SHA1") {
        return Err(unauthorized("invalid signature method: use HMAC-SHA1"));
    }
    let signature = get("oauth_signature").ok_or_else(|| unauthorized("invalid signature"))?;
    let nonce = get("oauth_nonce").unwrap_or_default();
    let timestamp = get("oauth_timestamp").unwrap_or_default();
    if nonce.is_empty() || timestamp.parse::<u64>().is_err() {
        return Err(unauthorized("invalid nonce or timestamp"));
    }
    let token = get("oauth_token");
    let token_secret = match &token {
        Some(token) => {
            Some(token_secret(store, token).ok_or_else(|| unauthorized("invalid token"))?)
        }
        None => None,
    };

    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("127.0.0.1");
    let path_and_query = uri.path_and_query().map_or("/", |pq| pq.as_str());
    let url = url::Url::parse(&format!("http://{host}{path_and_query}"))
        .map_err(|_| unauthorized("invalid signature"))?;
    let mut signed: Vec<(String, String)> = params
        .iter()
        .filter(|(k, _)| k.as_str() != "oauth_signature" && k.as_str() != "realm")
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    signed.extend(form.iter().cloned());
    let base = signature_base_string(method.as_str(), &url, &signed);
    let expected = hmac_sha1_signature(
        &base,
        &AppSecret::new(secret),
        token_secret.map(TokenSecret::new).as_ref(),
    );
    if expected != signature {
        return Err(unauthorized("invalid signature"));
    }
    if !store.nonces.insert(format!("{key}:{timestamp}:{nonce}")) {
        return Err(unauthorized("invalid nonce: it was used already"));
    }
    Ok(Verified { key, token, params })
}

fn form_response(pairs: &[(&str, &str)]) -> Response {
    let body = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish();
    let mut response = text(StatusCode::OK, body);
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/x-www-form-urlencoded"),
    );
    response
}

/// Whether the body is `application/x-www-form-urlencoded`.
pub fn is_form(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"))
}

/// The pairs of a form-encoded body (none for any other body); they are
/// part of an OAuth 1.0a signature.
pub fn form_pairs(headers: &HeaderMap, body: &[u8]) -> Vec<(String, String)> {
    if is_form(headers) {
        url::form_urlencoded::parse(body).into_owned().collect()
    } else {
        Vec::new()
    }
}

/// `POST /1/OAuthGetRequestToken`.
pub async fn request_token(
    State(shared): State<Shared>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let mut store = shared.store.lock().await;
    let form = form_pairs(&headers, &body);
    let verified = match verify(&mut store, &method, &uri, &headers, &form, |_, _| None) {
        Ok(verified) => verified,
        Err(response) => return response,
    };
    if verified.token.is_some() {
        return text(
            StatusCode::BAD_REQUEST,
            "a request-token call carries no oauth_token",
        );
    }
    let Some(callback) = verified.params.get("oauth_callback").cloned() else {
        return text(StatusCode::BAD_REQUEST, "oauth_callback is required");
    };
    let token = ids::random_hex(32);
    let secret = ids::random_hex(32);
    store.request_tokens.insert(
        token.clone(),
        RequestToken {
            secret: secret.clone(),
            key: verified.key,
            callback,
            verifier: None,
            scopes: Scopes::default(),
            expiration: "30days".to_owned(),
        },
    );
    form_response(&[
        ("oauth_token", &token),
        ("oauth_token_secret", &secret),
        ("oauth_callback_confirmed", "true"),
    ])
}

/// `GET /1/OAuthAuthorizeToken`: the Allow/Deny page for a request token.
pub async fn authorize_page(
    State(shared): State<Shared>,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let store = shared.store.lock().await;
    let Some(token) = params.get("oauth_token") else {
        return text(StatusCode::BAD_REQUEST, "oauth_token is required");
    };
    if !store.request_tokens.contains_key(token) {
        return text(StatusCode::BAD_REQUEST, "invalid oauth_token");
    }
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
    let name = params.get("name").map_or("An app", String::as_str);
    html(
        StatusCode::OK,
        format!(
            r#"<!doctype html><html><body><h1>Let {} use your account?</h1>
<form method="post" action="/1/OAuthAuthorizeToken">{hidden}
<button type="submit" id="approveButton" name="decision" value="allow">Allow</button>
<button type="submit" id="denyButton" name="decision" value="deny">Deny</button>
</form></body></html>"#,
            escape_html(name)
        ),
    )
}

/// `POST /1/OAuthAuthorizeToken`: the user's decision; redirects to the
/// request token's callback with `oauth_token` and `oauth_verifier`.
pub async fn authorize_decide(
    State(shared): State<Shared>,
    Form(params): Form<HashMap<String, String>>,
) -> Response {
    let mut store = shared.store.lock().await;
    let Some(token) = params.get("oauth_token") else {
        return text(StatusCode::BAD_REQUEST, "oauth_token is required");
    };
    let scope = params.get("scope").map_or("read", String::as_str);
    let Some(scopes) = Scopes::parse(scope) else {
        return text(StatusCode::BAD_REQUEST, "invalid scope");
    };
    let expiration = params
        .get("expiration")
        .map_or("30days", String::as_str)
        .to_owned();
    if expiration_lifetime(&expiration).is_none() {
        return text(StatusCode::BAD_REQUEST, "invalid expiration");
    }
    let Some(request) = store.request_tokens.get_mut(token) else {
        return text(StatusCode::BAD_REQUEST, "invalid oauth_token");
    };
    if params.get("decision").map(String::as_str) != Some("allow") {
        let callback = request.callback.clone();
        store.request_tokens.remove(token);
        if callback == "oob" {
            return html(
                StatusCode::OK,
                "<p id=\"error\">Access denied</p>".to_owned(),
            );
        }
        return redirect(&with_query(&callback, &[("error", "access_denied")]));
    }
    let verifier = ids::random_hex(32);
    request.verifier = Some(verifier.clone());
    request.scopes = scopes;
    request.expiration = expiration;
    if request.callback == "oob" {
        return html(
            StatusCode::OK,
            format!(r#"<p>Your verification code:</p><pre id="verifier">{verifier}</pre>"#),
        );
    }
    redirect(&with_query(
        &request.callback,
        &[("oauth_token", token), ("oauth_verifier", &verifier)],
    ))
}

/// `POST /1/OAuthGetAccessToken`: exchanges a verified request token for
/// an access token (a user token) and its secret.
pub async fn access_token(
    State(shared): State<Shared>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let mut store = shared.store.lock().await;
    let form = form_pairs(&headers, &body);
    let verified = match verify(
        &mut store,
        &method,
        &uri,
        &headers,
        &form,
        |store, token| store.request_tokens.get(token).map(|r| r.secret.clone()),
    ) {
        Ok(verified) => verified,
        Err(response) => return response,
    };
    let Some(token) = verified.token else {
        return text(StatusCode::BAD_REQUEST, "oauth_token is required");
    };
    let Some(request) = store.request_tokens.get(&token).cloned() else {
        return text(StatusCode::UNAUTHORIZED, "invalid token");
    };
    let given = verified.params.get("oauth_verifier");
    if request.verifier.is_none()
        || request.verifier.as_ref() != given
        || request.key != verified.key
    {
        return text(StatusCode::UNAUTHORIZED, "invalid verifier");
    }
    store.request_tokens.remove(&token);
    let access = store.issue_token(&request.key, request.scopes, &request.expiration);
    let secret = ids::random_hex(32);
    store.access_tokens.insert(
        access.clone(),
        AccessToken {
            secret: secret.clone(),
        },
    );
    form_response(&[("oauth_token", &access), ("oauth_token_secret", &secret)])
}

fn with_query(base: &str, pairs: &[(&str, &str)]) -> String {
    match url::Url::parse(base) {
        Ok(mut url) => {
            url.query_pairs_mut().extend_pairs(pairs);
            url.to_string()
        }
        Err(_) => base.to_owned(),
    }
}

fn redirect(location: &str) -> Response {
    let mut response = text(StatusCode::FOUND, "");
    if let Ok(value) = HeaderValue::from_str(location) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    response
}
