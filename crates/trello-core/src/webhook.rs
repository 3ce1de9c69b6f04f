//! Webhook deliveries: checking that a request really comes from Trello, and
//! answering Trello's `HEAD` check of the callback URL.
//!
//! Trello signs each delivery with the `X-Trello-Webhook` header:
//! base64(HMAC-SHA1(app secret, raw body ++ callback URL)), where the
//! callback URL is the one given when the webhook was created, byte for
//! byte. [`WebhookVerifier`] recomputes it and compares in constant time.
//!
//! ```
//! use trello_core::{secrets::AppSecret, webhook::{Delivery, WebhookVerifier}};
//!
//! let verifier = WebhookVerifier::new(
//!     AppSecret::new("app-secret"),
//!     "https://example.com/trello/webhook",
//! );
//! # let body = br#"{"action":{}}"#;
//! # let signature = trello_core::webhook::signature(
//! #     &AppSecret::new("app-secret"), body, "https://example.com/trello/webhook");
//! let request = http::Request::post("/trello/webhook")
//!     .header("X-Trello-Webhook", signature)
//!     .body(body.to_vec())?;
//! match verifier.check(&request)? {
//!     Delivery::HeadCheck => { /* answer with webhook::head_check_response() */ }
//!     Delivery::Verified(body) => { /* parse the JSON in `body` */ let _ = body; }
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::fmt;

use base64::{Engine, engine::general_purpose::STANDARD};
use bytes::Bytes;
use subtle::ConstantTimeEq;

use crate::{oauth1::sign::hmac_sha1, secrets::AppSecret};

/// The header that carries the signature.
pub const SIGNATURE_HEADER: &str = "X-Trello-Webhook";

/// Why a delivery was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum WebhookError {
    /// The request has no `X-Trello-Webhook` header (or it is not text).
    #[error("the request has no readable X-Trello-Webhook header; it did not come from Trello")]
    MissingSignature,
    /// The signature does not match the body and callback URL.
    #[error(
        "the X-Trello-Webhook signature does not match; either the request did not come from \
         Trello, or the callback URL or app secret differ from the ones the webhook was \
         created with"
    )]
    BadSignature,
    /// The signature matched but the body is not the JSON expected (a
    /// delivery is `{"action": {…}, "model": {…}}`).
    #[error("the delivery's body is not a Trello delivery: at `{path}`: {message}")]
    InvalidBody {
        /// The JSON path that failed, e.g. `action.date`.
        path: String,
        /// What was wrong.
        message: String,
    },
}

/// The signature Trello sends for `body` delivered to `callback_url`.
pub fn signature(secret: &AppSecret, body: &[u8], callback_url: &str) -> String {
    STANDARD.encode(mac(secret, body, callback_url))
}

fn mac(secret: &AppSecret, body: &[u8], callback_url: &str) -> [u8; 20] {
    let mut message = Vec::with_capacity(body.len() + callback_url.len());
    message.extend_from_slice(body);
    message.extend_from_slice(callback_url.as_bytes());
    hmac_sha1(secret.expose().as_bytes(), &message)
}

/// Checks `header` (the `X-Trello-Webhook` value) against `body` and
/// `callback_url`, in constant time.
pub fn verify(
    secret: &AppSecret,
    body: &[u8],
    callback_url: &str,
    header: &str,
) -> Result<(), WebhookError> {
    let expected = mac(secret, body, callback_url);
    let given = STANDARD
        .decode(header.trim())
        .map_err(|_| WebhookError::BadSignature)?;
    if given.len() == expected.len() && bool::from(given.ct_eq(&expected)) {
        Ok(())
    } else {
        Err(WebhookError::BadSignature)
    }
}

/// Whether `method` is Trello's `HEAD` check of the callback URL (sent when a
/// webhook is created; it must get a 200).
pub fn is_head_check(method: &http::Method) -> bool {
    method == http::Method::HEAD
}

/// The answer to Trello's `HEAD` check: `200 OK` with no body.
pub fn head_check_response() -> http::Response<Bytes> {
    let mut response = http::Response::new(Bytes::new());
    *response.status_mut() = http::StatusCode::OK;
    response
}

/// What an incoming request to the callback URL turned out to be.
#[derive(Debug, PartialEq, Eq)]
pub enum Delivery<'a> {
    /// Trello's `HEAD` check: answer with [`head_check_response`].
    HeadCheck,
    /// A signed delivery: its raw body, verified.
    Verified(&'a [u8]),
}

/// Verifies deliveries to one callback URL. `Debug` hides the secret.
#[derive(Clone)]
pub struct WebhookVerifier {
    secret: AppSecret,
    callback_url: String,
}

impl fmt::Debug for WebhookVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WebhookVerifier")
            .field("secret", &self.secret)
            .field("callback_url", &self.callback_url)
            .finish()
    }
}

impl WebhookVerifier {
    /// A verifier for deliveries to `callback_url`, exactly as it was given
    /// when the webhook was created (same scheme, host, path, query and
    /// trailing slash).
    pub fn new(secret: AppSecret, callback_url: impl Into<String>) -> Self {
        Self {
            secret,
            callback_url: callback_url.into(),
        }
    }

    /// The callback URL signatures are checked against.
    pub fn callback_url(&self) -> &str {
        &self.callback_url
    }

    /// Checks a raw body and the `X-Trello-Webhook` value.
    pub fn verify(&self, body: &[u8], signature_header: &str) -> Result<(), WebhookError> {
        verify(&self.secret, body, &self.callback_url, signature_header)
    }

    /// Checks an incoming request: `HEAD` is Trello's check of the URL;
    /// anything else must carry a valid signature of its body.
    pub fn check<'a, B: AsRef<[u8]>>(
        &self,
        request: &'a http::Request<B>,
    ) -> Result<Delivery<'a>, WebhookError> {
        if is_head_check(request.method()) {
            return Ok(Delivery::HeadCheck);
        }
        let header = request
            .headers()
            .get(SIGNATURE_HEADER)
            .and_then(|v| v.to_str().ok())
            .ok_or(WebhookError::MissingSignature)?;
        let body = request.body().as_ref();
        self.verify(body, header)?;
        Ok(Delivery::Verified(body))
    }

    /// Checks an incoming request like [`WebhookVerifier::check`], then
    /// decodes a verified body as `T` (the facade's `WebhookDelivery`, or
    /// your own type). `Ok(None)` is Trello's `HEAD` check. The body is
    /// decoded only after its signature matched.
    pub fn receive<T: serde::de::DeserializeOwned, B: AsRef<[u8]>>(
        &self,
        request: &http::Request<B>,
    ) -> Result<Option<T>, WebhookError> {
        match self.check(request)? {
            Delivery::HeadCheck => Ok(None),
            Delivery::Verified(body) => Delivery::Verified(body).json().map(Some),
        }
    }
}

impl Delivery<'_> {
    /// The verified body decoded as `T`; an [`WebhookError::InvalidBody`]
    /// names the JSON path that failed. A `HEAD` check has no body: it is an
    /// `InvalidBody` at the root.
    pub fn json<T: serde::de::DeserializeOwned>(&self) -> Result<T, WebhookError> {
        let body = match self {
            Self::HeadCheck => b"".as_slice(),
            Self::Verified(body) => body,
        };
        let mut de = serde_json::Deserializer::from_slice(body);
        serde_path_to_error::deserialize(&mut de).map_err(|err| WebhookError::InvalidBody {
            path: err.path().to_string(),
            message: err.into_inner().to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    const SECRET: &str = "aPpSeCrEtCaNaRy";
    const CALLBACK: &str = "https://example.com/trello/webhook";
    const BODY: &[u8] =
        br#"{"action":{"type":"updateCard"},"model":{"id":"5abbe4b7ddc1b351ef961414"}}"#;

    fn secret() -> AppSecret {
        AppSecret::new(SECRET)
    }

    /// Computed independently: `printf '%s%s' BODY CALLBACK | openssl dgst
    /// -sha1 -hmac SECRET -binary | base64` gives the same bytes.
    #[test]
    fn signature_is_hmac_sha1_of_body_then_url() {
        let expected = STANDARD.encode(hmac_sha1(
            SECRET.as_bytes(),
            &[BODY, CALLBACK.as_bytes()].concat(),
        ));
        assert_eq!(signature(&secret(), BODY, CALLBACK), expected);
        // The RFC 2202 vector through the same path: body "what do ya want ",
        // URL "for nothing?", key "Jefe".
        let sig = signature(&AppSecret::new("Jefe"), b"what do ya want ", "for nothing?");
        assert_eq!(
            STANDARD.decode(sig).unwrap(),
            [
                0xef, 0xfc, 0xdf, 0x6a, 0xe5, 0xeb, 0x2f, 0xa2, 0xd2, 0x74, 0x16, 0xd5, 0xf1, 0x84,
                0xdf, 0x9c, 0x25, 0x9a, 0x7c, 0x79
            ]
        );
    }

    #[test]
    fn verify_accepts_only_the_exact_signature() {
        let sig = signature(&secret(), BODY, CALLBACK);
        verify(&secret(), BODY, CALLBACK, &sig).unwrap();
        verify(&secret(), BODY, CALLBACK, &format!(" {sig} ")).unwrap();
        let bad = [
            verify(&secret(), b"{}", CALLBACK, &sig),
            verify(&secret(), BODY, "https://example.com/trello/webhook/", &sig),
            verify(&AppSecret::new("other"), BODY, CALLBACK, &sig),
            verify(&secret(), BODY, CALLBACK, "not base64!"),
            verify(&secret(), BODY, CALLBACK, ""),
            verify(&secret(), BODY, CALLBACK, &sig[..sig.len() - 4]),
        ];
        for result in bad {
            assert_eq!(result, Err(WebhookError::BadSignature));
        }
    }

    #[test]
    fn check_handles_head_and_deliveries() {
        let verifier = WebhookVerifier::new(secret(), CALLBACK);
        let head = http::Request::head(CALLBACK).body(Vec::new()).unwrap();
        assert_eq!(verifier.check(&head), Ok(Delivery::HeadCheck));
        assert_eq!(head_check_response().status(), http::StatusCode::OK);
        assert!(head_check_response().body().is_empty());

        let signed = http::Request::post(CALLBACK)
            .header(SIGNATURE_HEADER, signature(&secret(), BODY, CALLBACK))
            .body(BODY.to_vec())
            .unwrap();
        assert_eq!(verifier.check(&signed), Ok(Delivery::Verified(BODY)));

        let unsigned = http::Request::post(CALLBACK).body(BODY.to_vec()).unwrap();
        assert_eq!(
            verifier.check(&unsigned),
            Err(WebhookError::MissingSignature)
        );
    }

    #[test]
    fn the_secret_never_shows() {
        let verifier = WebhookVerifier::new(secret(), CALLBACK);
        let texts = [
            format!("{verifier:?}"),
            WebhookError::BadSignature.to_string(),
            WebhookError::MissingSignature.to_string(),
        ];
        for text in texts {
            assert!(!text.contains(SECRET), "{text}");
        }
    }

    proptest! {
        #[test]
        fn any_tampering_is_refused(body in proptest::collection::vec(any::<u8>(), 0..200),
                                     flip in any::<usize>(), header in "\\PC{0,40}") {
            let sig = signature(&secret(), &body, CALLBACK);
            prop_assert!(verify(&secret(), &body, CALLBACK, &sig).is_ok());
            if !body.is_empty() {
                let mut tampered = body.clone();
                let i = flip % tampered.len();
                tampered[i] ^= 1;
                prop_assert!(verify(&secret(), &tampered, CALLBACK, &sig).is_err());
            }
            if header != sig {
                prop_assert!(verify(&secret(), &body, CALLBACK, &header).is_err());
            }
        }
    }
}

#[cfg(test)]
mod receive_tests {
    use super::*;

    const CALLBACK: &str = "https://example.com/trello/webhook";

    #[derive(Debug, serde::Deserialize)]
    struct Typed {
        action: serde_json::Value,
    }

    fn request(body: &'static [u8], secret: &str) -> http::Request<&'static [u8]> {
        let sig = signature(&AppSecret::new(secret), body, CALLBACK);
        http::Request::post("/trello/webhook")
            .header(SIGNATURE_HEADER, sig)
            .body(body)
            .expect("a request")
    }

    #[test]
    fn receive_decodes_only_verified_bodies_and_names_the_failing_path() {
        let verifier = WebhookVerifier::new(AppSecret::new("s3cret"), CALLBACK);
        let ok: Option<Typed> = verifier
            .receive(&request(br#"{"action":{"type":"x"}}"#, "s3cret"))
            .expect("verified");
        assert_eq!(ok.expect("a delivery").action["type"], "x");

        let forged = verifier.receive::<Typed, _>(&request(br#"{"action":{}}"#, "other"));
        assert_eq!(forged.unwrap_err(), WebhookError::BadSignature);

        let bad = verifier
            .receive::<Typed, _>(&request(br#"{"model":{}}"#, "s3cret"))
            .unwrap_err();
        assert!(matches!(bad, WebhookError::InvalidBody { .. }), "{bad:?}");
        assert!(bad.to_string().contains("action"), "{bad}");

        let head = http::Request::head("/trello/webhook")
            .body(b"".as_slice())
            .expect("a request");
        assert!(verifier.receive::<Typed, _>(&head).expect("head").is_none());
    }
}
