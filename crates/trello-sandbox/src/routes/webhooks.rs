//! Webhooks: Trello's HEAD check on the callback URL at creation, and
//! delivery of every change to a watched model as a signed POST.
//!
//! The signature is Trello's: `X-Trello-Webhook` = base64(HMAC-SHA1(app
//! secret, body + callback URL)). Deliveries go out on plain `http` only
//! (the sandbox is for loopback receivers) and never block the API call
//! that caused them.

use std::time::Duration;

use base64::Engine as _;
use bytes::Bytes;
use hmac::{Hmac, Mac};
use http_body_util::{BodyExt, Empty, Full};
use hyper_util::{client::legacy::Client, rt::TokioExecutor};
use serde_json::{Value, json};
use sha1::Sha1;

/// How long a callback may take to answer the HEAD check or a delivery.
pub const CALLBACK_TIMEOUT: Duration = Duration::from_secs(5);

/// The `X-Trello-Webhook` value for `body` delivered to `callback_url`.
pub fn signature(app_secret: &str, body: &[u8], callback_url: &str) -> String {
    // HMAC accepts keys of any length; this cannot fail.
    let mut mac = Hmac::<Sha1>::new_from_slice(app_secret.as_bytes())
        .unwrap_or_else(|_| unreachable!("HMAC takes any key length"));
    mac.update(body);
    mac.update(callback_url.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

fn checked_url(callback_url: &str) -> Result<http::Uri, String> {
    let uri: http::Uri = callback_url
        .parse()
        .map_err(|_| format!("invalid value for callbackURL: {callback_url:?} is not a URL"))?;
    if uri.scheme_str() != Some("http") || uri.host().is_none() {
        return Err(format!(
            "invalid value for callbackURL: the sandbox calls plain http:// URLs only (got {callback_url:?})"
        ));
    }
    Ok(uri)
}

/// Trello's creation check: a HEAD request to the callback URL must answer
/// 200. Returns the 400 message Trello would give otherwise.
pub async fn head_check(callback_url: &str) -> Result<(), String> {
    let uri = checked_url(callback_url)?;
    let client = Client::builder(TokioExecutor::new()).build_http::<Empty<Bytes>>();
    let request = http::Request::head(uri)
        .header("user-agent", "Trello sandbox webhook check")
        .body(Empty::new())
        .map_err(|e| format!("invalid value for callbackURL: {e}"))?;
    match tokio::time::timeout(CALLBACK_TIMEOUT, client.request(request)).await {
        Ok(Ok(answer)) if answer.status() == 200 => Ok(()),
        Ok(Ok(answer)) => Err(format!(
            "URL ({callback_url}) did not return 200 status code, got {}",
            answer.status().as_u16()
        )),
        Ok(Err(err)) => Err(format!("URL ({callback_url}) could not be reached: {err}")),
        Err(_) => Err(format!(
            "URL ({callback_url}) did not answer within {} s",
            CALLBACK_TIMEOUT.as_secs()
        )),
    }
}

/// The payload Trello POSTs: the action, the watched model, the webhook.
pub fn payload(action: &Value, model: &Value, webhook: &Value) -> Value {
    json!({
        "action": action,
        "model": model,
        "webhook": {
            "id": webhook["id"],
            "description": webhook["description"],
            "idModel": webhook["idModel"],
            "callbackURL": webhook["callbackURL"],
            "active": webhook["active"],
        },
    })
}

/// POSTs one delivery; returns whether the receiver answered 2xx.
pub async fn deliver(app_secret: &str, callback_url: &str, body: Vec<u8>) -> bool {
    let Ok(uri) = checked_url(callback_url) else {
        return false;
    };
    let signature = signature(app_secret, &body, callback_url);
    let client = Client::builder(TokioExecutor::new()).build_http::<Full<Bytes>>();
    let Ok(request) = http::Request::post(uri)
        .header("content-type", "application/json")
        .header("x-trello-webhook", signature)
        .header("user-agent", "Trello sandbox webhook delivery")
        .body(Full::new(Bytes::from(body)))
    else {
        return false;
    };
    match tokio::time::timeout(CALLBACK_TIMEOUT, client.request(request)).await {
        Ok(Ok(answer)) => {
            let ok = answer.status().is_success();
            let _ = answer.into_body().collect().await;
            ok
        }
        _ => false,
    }
}

/// One delivery: where, what, signed with which secret.
#[derive(Clone, Debug)]
pub struct Delivery {
    /// The webhook's id (its failure counters are kept).
    pub webhook_id: String,
    /// The callback URL.
    pub callback_url: String,
    /// The app secret that signs it.
    pub app_secret: String,
    /// The JSON body.
    pub body: Vec<u8>,
}

/// Delivers queued webhooks one at a time, in order, keeping Trello's
/// `consecutiveFailures` / `firstConsecutiveFailDate` on each webhook.
pub async fn worker(
    store: std::sync::Arc<tokio::sync::Mutex<crate::state::Store>>,
    mut queue: tokio::sync::mpsc::UnboundedReceiver<Delivery>,
) {
    while let Some(delivery) = queue.recv().await {
        let ok = deliver(&delivery.app_secret, &delivery.callback_url, delivery.body).await;
        let mut store = store.lock().await;
        let now = crate::state::rfc3339(store.system_now());
        if let Some(webhook) = store.webhooks.get_mut(&delivery.webhook_id) {
            if ok {
                webhook["consecutiveFailures"] = json!(0);
                webhook["firstConsecutiveFailDate"] = Value::Null;
            } else {
                let failures = webhook["consecutiveFailures"].as_u64().unwrap_or(0) + 1;
                webhook["consecutiveFailures"] = json!(failures);
                if failures == 1 {
                    webhook["firstConsecutiveFailDate"] = Value::String(now);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signature_is_base64_hmac_sha1_of_body_then_url() {
        // Computed independently: printf '%s' '{"a":1}http://h/cb' |
        // openssl dgst -sha1 -hmac secret -binary | base64
        assert_eq!(
            signature("secret", br#"{"a":1}"#, "http://h/cb"),
            "OYBtKqyOnsyTo/DUmJleJDSBy5I="
        );
        assert_ne!(
            signature("secret", b"x", "http://h/cb"),
            signature("other", b"x", "http://h/cb")
        );
    }

    #[test]
    fn only_plain_http_urls_are_called() {
        assert!(checked_url("http://127.0.0.1:9/cb").is_ok());
        assert!(checked_url("https://example.com/cb").is_err());
        assert!(checked_url("x&y 1").is_err());
    }
}
