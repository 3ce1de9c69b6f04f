//! OAuth 1.0a through both backends: API calls signed by `Auth::OAuth1` and
//! the three-legged flow, against wiremock servers that recompute every
//! signature independently of the SDK (their own base string, HMAC-SHA1 and
//! base64) and answer 401 when it does not match.

use std::sync::{Arc, Mutex};

use base64::{Engine, engine::general_purpose::STANDARD};
use hmac::{Hmac, Mac};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde_json::json;
use sha1::Sha1;
use trello::{
    Auth, Backend, Client, Error, Method, OAuth1Credentials, Verifier,
    authorize::{Expiration, Scope},
    members::GetMember,
    oauth1::{FixedClock, FixedNonce, OAuth1Flow, OAuth1Signer, OAuthCallback},
};
use trello_integration_tests::for_each_backend;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate, matchers};

const CONSUMER_KEY: &str = "cOnSuMeRkEy0123456789abcdef0123";
const CONSUMER_SECRET: &str = "cOnSuMeRsEcReTcAnArY0123456789abcdef0123456789abcdef0123456789ab";
const REQUEST_TOKEN: &str = "rEqUeStToKeNcAnArY0123456789abcdef";
const REQUEST_SECRET: &str = "rEqUeStSeCrEtCaNaRy0123456789abcdef";
const VERIFIER: &str = "vErIfIeRcAnArY0123456789";
const ACCESS_TOKEN: &str = "aCcEsStOkEnCaNaRy0123456789abcdef0123456789abcdef0123456789abcd";
const ACCESS_SECRET: &str = "aCcEsSsEcReTcAnArY0123456789abcdef";

/// Values that must never be sent (they only key signatures) and never be
/// printed anywhere.
const NEVER_SENT: &[&str] = &[CONSUMER_SECRET, REQUEST_SECRET, ACCESS_SECRET];
/// Every secret of the flow: none may appear in Debug, errors or traces.
const ALL_SECRETS: &[&str] = &[
    CONSUMER_SECRET,
    REQUEST_TOKEN,
    REQUEST_SECRET,
    VERIFIER,
    ACCESS_TOKEN,
    ACCESS_SECRET,
];

const MEMBER: &str =
    r#"{"id":"5abbe4b7ddc1b351ef961414","username":"bobtester","fullName":"Bob Tester"}"#;

// ---------------------------------------------------------------------------
// An independent RFC 5849 verifier, written from the RFC for the mock server.

const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

fn enc(s: &str) -> String {
    utf8_percent_encode(s, UNRESERVED).to_string()
}

fn dec(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8()
        .expect("header values are UTF-8")
        .into_owned()
}

/// The `Authorization: OAuth …` parameters, decoded.
fn oauth_params(request: &Request) -> Option<Vec<(String, String)>> {
    let header = request.headers.get("authorization")?.to_str().ok()?;
    let rest = header.strip_prefix("OAuth ")?;
    rest.split(',')
        .map(|pair| {
            let (k, v) = pair.trim().split_once('=')?;
            let v = v.strip_prefix('"')?.strip_suffix('"')?;
            Some((dec(k), dec(v)))
        })
        .collect()
}

fn param<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// What the server knows: its public base (scheme, host, port) and the
/// secrets that key the signature.
#[derive(Clone)]
struct Verify {
    base: String,
    token_secret: Option<&'static str>,
    expect_token: Option<&'static str>,
    body: String,
    checked: Arc<Mutex<Vec<String>>>,
}

impl Verify {
    fn new(server: &MockServer, token: Option<(&'static str, &'static str)>, body: &str) -> Self {
        Self {
            base: server.uri(),
            token_secret: token.map(|t| t.1),
            expect_token: token.map(|t| t.0),
            body: body.to_owned(),
            checked: Arc::default(),
        }
    }

    fn check(&self, request: &Request) -> Result<Vec<(String, String)>, String> {
        let params = oauth_params(request).ok_or("no OAuth Authorization header")?;
        if param(&params, "oauth_consumer_key") != Some(CONSUMER_KEY) {
            return Err("wrong consumer key".into());
        }
        if param(&params, "oauth_signature_method") != Some("HMAC-SHA1") {
            return Err("not HMAC-SHA1".into());
        }
        if param(&params, "oauth_token") != self.expect_token {
            return Err("wrong or missing oauth_token".into());
        }
        let nonce = param(&params, "oauth_nonce").ok_or("no nonce")?;
        if nonce.len() < 16 {
            return Err("nonce too short".into());
        }
        param(&params, "oauth_timestamp")
            .and_then(|t| t.parse::<u64>().ok())
            .ok_or("bad timestamp")?;
        let given = param(&params, "oauth_signature").ok_or("no signature")?;

        let mut pairs: Vec<(String, String)> = params
            .iter()
            .filter(|(k, _)| k != "oauth_signature" && k != "realm")
            .cloned()
            .collect();
        pairs.extend(request.url.query_pairs().into_owned());
        let is_form = request
            .headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
        if is_form {
            pairs.extend(url::form_urlencoded::parse(&request.body).into_owned());
        }
        let mut encoded: Vec<(String, String)> =
            pairs.iter().map(|(k, v)| (enc(k), enc(v))).collect();
        encoded.sort();
        let normalized = encoded
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("&");
        let uri = format!("{}{}", self.base.to_ascii_lowercase(), request.url.path());
        let base_string = format!(
            "{}&{}&{}",
            request.method.as_str(),
            enc(&uri),
            enc(&normalized)
        );
        let key = format!(
            "{}&{}",
            enc(CONSUMER_SECRET),
            enc(self.token_secret.unwrap_or(""))
        );
        let mut mac = Hmac::<Sha1>::new_from_slice(key.as_bytes()).expect("any key length");
        mac.update(base_string.as_bytes());
        let expected = STANDARD.encode(mac.finalize().into_bytes());
        if expected != given {
            return Err("signature mismatch".into());
        }
        Ok(params)
    }
}

impl Respond for Verify {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let raw = format!(
            "{} {:?} {}",
            request.url,
            request.headers,
            String::from_utf8_lossy(&request.body)
        );
        for secret in NEVER_SENT {
            if raw.contains(secret) {
                return ResponseTemplate::new(400).set_body_string("a secret was sent");
            }
        }
        match self.check(request) {
            Ok(_) => {
                self.checked
                    .lock()
                    .expect("not poisoned")
                    .push(request.url.path().to_owned());
                ResponseTemplate::new(200)
                    .insert_header("content-type", "application/x-www-form-urlencoded")
                    .set_body_string(self.body.clone())
            }
            Err(why) => {
                ResponseTemplate::new(401).set_body_string(format!("invalid signature: {why}"))
            }
        }
    }
}

fn credentials() -> OAuth1Credentials {
    OAuth1Credentials::new(CONSUMER_KEY, CONSUMER_SECRET, ACCESS_TOKEN, ACCESS_SECRET)
}

fn signed_client(server: &MockServer, backend: Backend, auth: Auth) -> Client {
    Client::builder()
        .backend(backend)
        .base_url(server.uri())
        .auth(auth)
        .build()
        .unwrap_or_else(|e| panic!("{backend:?}: {e}"))
}

#[track_caller]
fn assert_no_secrets(what: &str, text: &str) {
    for secret in ALL_SECRETS {
        assert!(!text.contains(secret), "{what} leaks a secret: {text}");
    }
}

// ---------------------------------------------------------------------------

#[tokio::test]
async fn signed_get_with_query_verifies_on_the_server() {
    for_each_backend(|backend| async move {
        let server = MockServer::start().await;
        let verify = Verify::new(&server, Some((ACCESS_TOKEN, ACCESS_SECRET)), MEMBER);
        Mock::given(matchers::method("GET"))
            .and(matchers::path("/members/me"))
            .respond_with(verify.clone())
            .expect(2)
            .mount(&server)
            .await;
        let client = signed_client(&server, backend, Auth::oauth1(credentials()));
        let member = client
            .send(GetMember::new("me").fields(["fullName", "username"]))
            .await
            .unwrap_or_else(|e| panic!("{backend:?}: {e}"));
        assert_eq!(member.full_name.as_deref(), Some("Bob Tester"));
        // A second call gets a fresh nonce and still verifies.
        client
            .send(GetMember::new("me"))
            .await
            .unwrap_or_else(|e| panic!("{backend:?}: {e}"));
        let requests = server.received_requests().await.expect("recording");
        let nonces: Vec<String> = requests
            .iter()
            .map(|r| {
                param(&oauth_params(r).unwrap(), "oauth_nonce")
                    .unwrap()
                    .to_owned()
            })
            .collect();
        assert_ne!(nonces[0], nonces[1], "{backend:?}: nonces repeat");
        assert_eq!(verify.checked.lock().unwrap().len(), 2, "{backend:?}");
    })
    .await;
}

#[tokio::test]
async fn signed_post_with_odd_query_values_and_a_json_body_verifies() {
    for_each_backend(|backend| async move {
        let server = MockServer::start().await;
        let verify = Verify::new(
            &server,
            Some((ACCESS_TOKEN, ACCESS_SECRET)),
            r#"{"id":"c1"}"#,
        );
        Mock::given(matchers::method("POST"))
            .and(matchers::path("/cards"))
            .and(matchers::query_param("name", "a b+c/d=é&*"))
            .respond_with(verify.clone())
            .expect(1)
            .mount(&server)
            .await;
        let client = signed_client(&server, backend, Auth::oauth1(credentials()));
        let created = client
            .request_json(
                Method::Post,
                "/cards",
                &[
                    ("name", "a b+c/d=é&*"),
                    ("idList", "5abbe4b7ddc1b351ef961414"),
                ],
                Some(json!({"desc": "not signed: JSON bodies are outside RFC 5849"})),
            )
            .await
            .unwrap_or_else(|e| panic!("{backend:?}: {e}"));
        assert_eq!(created["id"], "c1");
    })
    .await;
}

#[tokio::test]
async fn a_wrong_secret_is_refused_by_the_verifier() {
    for_each_backend(|backend| async move {
        let server = MockServer::start().await;
        Mock::given(matchers::any())
            .respond_with(Verify::new(
                &server,
                Some((ACCESS_TOKEN, ACCESS_SECRET)),
                MEMBER,
            ))
            .mount(&server)
            .await;
        let wrong = OAuth1Credentials::new(
            CONSUMER_KEY,
            CONSUMER_SECRET,
            ACCESS_TOKEN,
            "wrong-token-secret",
        );
        let err = signed_client(&server, backend, Auth::oauth1(wrong))
            .send(GetMember::new("me"))
            .await
            .expect_err("a bad signature must not verify");
        assert!(
            matches!(err, Error::PermissionDenied { .. }),
            "{backend:?}: {err:?}"
        );
        assert!(err.to_string().contains("signature mismatch"), "{err}");
        assert_no_secrets("error", &err.to_string());
    })
    .await;
}

#[tokio::test]
async fn fixed_clock_and_nonce_make_the_signature_exact() {
    for_each_backend(|backend| async move {
        let server = MockServer::start().await;
        Mock::given(matchers::any())
            .respond_with(Verify::new(
                &server,
                Some((ACCESS_TOKEN, ACCESS_SECRET)),
                MEMBER,
            ))
            .mount(&server)
            .await;
        let signer = OAuth1Signer::new(credentials())
            .with_clock(FixedClock(1_318_622_958))
            .with_nonces(FixedNonce("kllo9940pd9333jh0123".into()));
        let client = signed_client(&server, backend, Auth::OAuth1(signer));
        client
            .send(GetMember::new("me"))
            .await
            .unwrap_or_else(|e| panic!("{backend:?}: {e}"));
        let requests = server.received_requests().await.expect("recording");
        let params = oauth_params(&requests[0]).unwrap();
        assert_eq!(param(&params, "oauth_timestamp"), Some("1318622958"));
        assert_eq!(param(&params, "oauth_nonce"), Some("kllo9940pd9333jh0123"));
    })
    .await;
}

#[tokio::test]
async fn three_legged_flow_then_signed_calls() {
    for_each_backend(|backend| async move {
        let server = MockServer::start().await;
        let base = format!("{}/1", server.uri());
        let request_step = Verify::new(
            &server,
            None,
            &format!(
                "oauth_token={REQUEST_TOKEN}&oauth_token_secret={REQUEST_SECRET}&oauth_callback_confirmed=true"
            ),
        );
        Mock::given(matchers::method("POST"))
            .and(matchers::path("/1/OAuthGetRequestToken"))
            .and(matchers::header_regex("authorization", "oauth_callback=\"http%3A%2F%2F127.0.0.1%3A9%2Fcallback\""))
            .respond_with(request_step.clone())
            .expect(1)
            .mount(&server)
            .await;
        let access_step = Verify::new(
            &server,
            Some((REQUEST_TOKEN, REQUEST_SECRET)),
            &format!("oauth_token={ACCESS_TOKEN}&oauth_token_secret={ACCESS_SECRET}"),
        );
        Mock::given(matchers::method("POST"))
            .and(matchers::path("/1/OAuthGetAccessToken"))
            .and(matchers::header_regex("authorization", &format!("oauth_verifier=\"{VERIFIER}\"")))
            .respond_with(access_step.clone())
            .expect(1)
            .mount(&server)
            .await;
        let api_step = Verify::new(&server, Some((ACCESS_TOKEN, ACCESS_SECRET)), MEMBER);
        Mock::given(matchers::method("GET"))
            .and(matchers::path("/1/members/me"))
            .respond_with(api_step.clone())
            .expect(1)
            .mount(&server)
            .await;

        let flow = OAuth1Flow::new(backend.transport().unwrap(), CONSUMER_KEY, CONSUMER_SECRET)
            .base_url(&base)
            .unwrap();
        let request = flow
            .request_token("http://127.0.0.1:9/callback")
            .await
            .unwrap_or_else(|e| panic!("{backend:?}: request token: {e}"));
        assert_eq!(request.token().expose(), REQUEST_TOKEN);
        assert!(request.callback_confirmed());

        let authorize = flow
            .authorize_url(&request)
            .name("Flow Test")
            .scope(Scope::READ | Scope::WRITE)
            .expiration(Expiration::ThirtyDays)
            .build()
            .unwrap();
        assert_eq!(authorize.path(), "/1/OAuthAuthorizeToken");
        let query: Vec<(String, String)> = authorize.query_pairs().into_owned().collect();
        assert_eq!(
            query,
            [
                ("oauth_token".into(), REQUEST_TOKEN.into()),
                ("name".into(), "Flow Test".into()),
                ("scope".into(), "read,write".into()),
                ("expiration".into(), "30days".into()),
            ]
        );

        // Trello sends the user back to the callback with the verifier.
        let callback = OAuthCallback::parse(&format!(
            "http://127.0.0.1:9/callback?oauth_token={REQUEST_TOKEN}&oauth_verifier={VERIFIER}"
        ))
        .unwrap();
        assert!(callback.is_for(&request));
        let access = flow
            .access_token(&request, callback.verifier())
            .await
            .unwrap_or_else(|e| panic!("{backend:?}: access token: {e}"));
        assert_eq!(access.token().expose(), ACCESS_TOKEN);
        assert_eq!(access.secret().expose(), ACCESS_SECRET);

        let client = Client::builder()
            .backend(backend)
            .base_url(&base)
            .auth(Auth::oauth1(flow.credentials(access)))
            .build()
            .unwrap();
        let me = client
            .send(GetMember::new("me"))
            .await
            .unwrap_or_else(|e| panic!("{backend:?}: signed call: {e}"));
        assert_eq!(me.username.as_deref(), Some("bobtester"));

        for (what, debug) in [
            ("flow", format!("{flow:?}")),
            ("request token", format!("{request:?}")),
            ("callback", format!("{callback:?}")),
            ("client", format!("{client:?}")),
        ] {
            assert_no_secrets(what, &debug);
        }
    })
    .await;
}

#[tokio::test]
async fn flow_errors_are_typed_and_secret_free() {
    for_each_backend(|backend| async move {
        let server = MockServer::start().await;
        Mock::given(matchers::path("/1/OAuthGetRequestToken"))
            .respond_with(ResponseTemplate::new(401).set_body_string("invalid key"))
            .mount(&server)
            .await;
        Mock::given(matchers::path("/1/OAuthGetAccessToken"))
            .respond_with(ResponseTemplate::new(200).set_body_string("oauth_token=only-half"))
            .mount(&server)
            .await;
        let flow = OAuth1Flow::new(backend.transport().unwrap(), CONSUMER_KEY, CONSUMER_SECRET)
            .base_url(&format!("{}/1", server.uri()))
            .unwrap();
        let err = flow.request_token("oob").await.unwrap_err();
        assert!(matches!(err, Error::InvalidKey), "{backend:?}: {err:?}");
        let request = trello::oauth1::RequestToken::new(REQUEST_TOKEN, REQUEST_SECRET);
        let err = flow
            .access_token(&request, &Verifier::new(VERIFIER))
            .await
            .unwrap_err();
        assert!(matches!(err, Error::Decode { .. }), "{backend:?}: {err:?}");
        assert!(err.to_string().contains("oauth_token_secret"), "{err}");
        assert_no_secrets("error", &format!("{err} {err:?}"));
        let err = flow.request_token("not a url").await.unwrap_err();
        assert!(matches!(err, Error::InvalidInput(_)), "{err:?}");
    })
    .await;
}

#[test]
fn flow_base_must_be_https_unless_loopback() {
    let transport = Backend::ALL[0].transport().unwrap();
    let err = OAuth1Flow::new(transport.clone(), CONSUMER_KEY, CONSUMER_SECRET)
        .base_url("http://trello.example/1")
        .unwrap_err();
    assert!(err.to_string().contains("https"), "{err}");
    OAuth1Flow::new(transport, CONSUMER_KEY, CONSUMER_SECRET)
        .base_url("http://127.0.0.1:1/1")
        .unwrap();
}

/// The tracing output of a whole flow and signed call, at TRACE level, names
/// no secret.
#[tokio::test]
async fn tracing_output_has_no_secret() {
    #[derive(Clone, Default)]
    struct Buffer(Arc<Mutex<Vec<u8>>>);
    impl std::io::Write for Buffer {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().expect("not poisoned").extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let buffer = Buffer::default();
    let writer = buffer.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .with_writer(move || writer.clone())
        .finish();
    // Global, not scoped: a scoped subscriber races with the other tests of
    // this binary over callsite interest, and would miss spans now and then.
    // Only this test installs one; the others' output lands here too, which
    // widens the check.
    tracing::subscriber::set_global_default(subscriber)
        .expect("only this test sets the global subscriber");

    for_each_backend(|backend| async move {
        let server = MockServer::start().await;
        Mock::given(matchers::path("/1/OAuthGetRequestToken"))
            .respond_with(ResponseTemplate::new(200).set_body_string(format!(
                "oauth_token={REQUEST_TOKEN}&oauth_token_secret={REQUEST_SECRET}"
            )))
            .mount(&server)
            .await;
        Mock::given(matchers::path("/members/me"))
            .respond_with(ResponseTemplate::new(401).set_body_string("invalid token"))
            .mount(&server)
            .await;
        let flow = OAuth1Flow::new(backend.transport().unwrap(), CONSUMER_KEY, CONSUMER_SECRET)
            .base_url(&format!("{}/1", server.uri()))
            .unwrap();
        let request = flow.request_token("oob").await.unwrap();
        tracing::info!(?request, ?flow, "request token");
        let client = signed_client(&server, backend, Auth::oauth1(credentials()));
        let err = client.send(GetMember::new("me")).await.unwrap_err();
        assert!(err.needs_reauthorization(), "{err:?}");
        tracing::info!(error = %err, ?client, "call failed");
    })
    .await;

    let output = String::from_utf8(buffer.0.lock().unwrap().clone()).unwrap();
    assert!(
        output.contains("request token"),
        "the subscriber captured nothing: {output}"
    );
    assert!(output.contains("trello.oauth1"), "{output}");
    assert_no_secrets("tracing output", &output);
}
