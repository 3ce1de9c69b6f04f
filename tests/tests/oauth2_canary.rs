//! OAuth 2.0 secrets never leak: with a TRACE subscriber capturing
//! everything, a confidential client signs in, calls, refreshes, and meets
//! errors through both backends; no client secret, code, PKCE verifier,
//! access or refresh token appears in the logs, nor in any error's Display
//! or Debug, nor in the Debug of the SDK's values.

use std::{
    io,
    sync::{Arc, Mutex, PoisonError},
    time::{Duration, SystemTime},
};

use bytes::Bytes;
use trello::{
    Auth, Backend, Client, Error, Method,
    oauth2::{
        AuthorizeRequest, MemoryTokenStore, OAuth2Config, OAuth2Flow, OAuth2Session, Scope, Scopes,
        WallClock,
    },
};
use trello_integration_tests::for_each_backend;
use trello_sandbox::{
    RateLimits, Sandbox, SandboxConfig,
    oauth2::{OAuth2Client, OAuth2Settings},
};

const CLIENT_SECRET: &str = "cLiEnTsEcReTcAnArY0123456789";

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[derive(Clone)]
struct FakeWall(Arc<Mutex<SystemTime>>);

impl WallClock for FakeWall {
    fn now(&self) -> SystemTime {
        *self.0.lock().unwrap()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_oauth2_secret_in_logs_or_errors() {
    let logs = Captured::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .finish();
    tracing::subscriber::set_global_default(subscriber).expect("the only subscriber");

    let secrets: Arc<Mutex<Vec<String>>> = Arc::new(Mutex::new(vec![CLIENT_SECRET.to_owned()]));
    let shown: Arc<Mutex<Vec<String>>> = Arc::default();
    {
        let secrets = secrets.clone();
        let shown = shown.clone();
        for_each_backend(move |backend| {
            let secrets = secrets.clone();
            let shown = shown.clone();
            async move { run(backend, &secrets, &shown).await }
        })
        .await;
    }

    let text = String::from_utf8_lossy(&logs.0.lock().unwrap()).into_owned();
    assert!(
        text.contains("trello.oauth2"),
        "the token requests were traced"
    );
    let secrets = secrets.lock().unwrap();
    assert!(secrets.len() > 10, "collected the secrets of the run");
    for secret in secrets.iter() {
        assert!(!text.contains(secret.as_str()), "logs leak a secret");
        for shown in shown.lock().unwrap().iter() {
            assert!(!shown.contains(secret.as_str()), "leak in {shown}");
        }
    }
}

async fn run(backend: Backend, secrets: &Mutex<Vec<String>>, shown: &Mutex<Vec<String>>) {
    let settings = OAuth2Settings {
        clients: vec![OAuth2Client {
            id: "confidential-app".into(),
            secret: Some(CLIENT_SECRET.into()),
            redirect_uris: vec!["https://app.example/cb".into()],
            allowed_scopes: vec!["read:member:trello".into(), "offline_access".into()],
            name: "Canary app".into(),
        }],
        ..OAuth2Settings::default()
    };
    let sandbox = Sandbox::start(SandboxConfig {
        oauth2: settings,
        rate_limits: RateLimits::off(),
        ..SandboxConfig::default()
    })
    .await
    .unwrap();
    let config =
        OAuth2Config::confidential("confidential-app", CLIENT_SECRET, "https://app.example/cb")
            .and_then(|c| c.authorize_url(&sandbox.oauth2_authorize_url()))
            .and_then(|c| c.token_url(&sandbox.oauth2_token_url()))
            .unwrap();
    let wall = FakeWall(Arc::new(Mutex::new(SystemTime::now())));
    let store = MemoryTokenStore::new();
    let session = OAuth2Session::new(config.clone(), store.clone()).with_clock(wall.clone());
    let client = Client::builder()
        .backend(backend)
        .base_url(sandbox.api_url())
        .auth(Auth::oauth2(session))
        .no_rate_limits()
        .build()
        .unwrap();
    let pending = AuthorizeRequest::new(
        &config,
        Scopes::new()
            .with(Scope::ReadMember)
            .with(Scope::OfflineAccess),
    )
    .start()
    .unwrap();
    secrets
        .lock()
        .unwrap()
        .push(pending.verifier().expose().to_owned());

    // Accept on the consent page.
    let transport = backend.transport().unwrap();
    let mut form = url::form_urlencoded::Serializer::new(String::new());
    for (name, value) in pending.url().query_pairs() {
        form.append_pair(&name, &value);
    }
    form.append_pair("decision", "accept");
    let mut action = pending.url().clone();
    action.set_query(None);
    let answer = transport
        .send(
            http::Request::post(action.as_str())
                .header("content-type", "application/x-www-form-urlencoded")
                .body(Bytes::from(form.finish()))
                .unwrap(),
        )
        .await
        .unwrap();
    let location = answer.headers()["location"].to_str().unwrap().to_owned();
    let code = url::Url::parse(&location)
        .unwrap()
        .query_pairs()
        .find(|(k, _)| k == "code")
        .unwrap()
        .1
        .into_owned();
    secrets.lock().unwrap().push(code);

    client.oauth2_sign_in(&pending, &location).await.unwrap();
    let first = store.current().unwrap();
    let first_refresh = first.refresh_token().unwrap().clone();
    secrets.lock().unwrap().extend([
        first.access_token().expose().to_owned(),
        first_refresh.expose().to_owned(),
    ]);
    client
        .request_json(Method::Get, "/members/me", &[], None)
        .await
        .unwrap();
    // Refresh ahead of expiry.
    *wall.0.lock().unwrap() += Duration::from_secs(3600);
    client
        .request_json(Method::Get, "/members/me", &[], None)
        .await
        .unwrap();
    let second = store.current().unwrap();
    secrets.lock().unwrap().extend([
        second.access_token().expose().to_owned(),
        second.refresh_token().unwrap().expose().to_owned(),
    ]);

    // Errors: the code again, the rotated refresh token again (reuse), and
    // what the client meets after.
    let mut errors: Vec<Error> = Vec::new();
    errors.push(
        client
            .oauth2_sign_in(&pending, &location)
            .await
            .unwrap_err(),
    );
    let flow = OAuth2Flow::new(config.clone(), transport);
    errors.push(flow.refresh(&first_refresh).await.unwrap_err());
    errors.push(
        client
            .request_json(Method::Get, "/members/me", &[], None)
            .await
            .unwrap_err(),
    );
    let mut shown = shown.lock().unwrap();
    for err in &errors {
        shown.push(format!("{err} / {err:?}"));
    }
    shown.push(format!(
        "{client:?} {pending:?} {first:?} {config:?} {flow:?} {store:?}"
    ));
}
