//! OAuth 2.0 (3LO) against the sandbox's authorization server, through both
//! backends: the full flow, deny, state and PKCE mismatches, refresh ahead
//! of expiry, single-flight refresh under 100 concurrent calls, rotation
//! persisted, the expired-token 401 replayed once, reuse detection and the
//! re-consent error with the client's hook, scopes enforced by the server
//! and refused before the wire.

use std::{
    collections::HashMap,
    sync::{
        Arc, Mutex,
        atomic::{AtomicUsize, Ordering},
    },
    time::{Duration, SystemTime},
};

use bytes::Bytes;
use trello::{
    Auth, Backend, Client, Error, Method, ReauthorizeHook,
    oauth2::{
        AuthorizeRequest, MemoryTokenStore, OAuth2Config, OAuth2Flow, OAuth2Session,
        PendingAuthorization, Scope, ScopeCheck, Scopes, WallClock,
    },
};
use trello_integration_tests::{buffered, for_each_backend};
use trello_sandbox::{
    RateLimits, Sandbox, SandboxConfig,
    oauth2::{OAuth2Client, OAuth2Settings},
};

const REDIRECT: &str = "http://127.0.0.1/callback";

/// Creates a board: an endpoint declared here with its OAuth 2.0 scope, so
/// the pre-wire check does not depend on the generated endpoints.
#[trello::endpoint(POST "/boards", response = serde_json::Value, scopes = ["write:board:trello"])]
pub struct CreateBoardScoped {
    /// The board's name.
    #[query]
    name: String,
}

/// The member: needs `read:member:trello`.
#[trello::endpoint(GET "/members/{id}", response = serde_json::Value, scopes = ["read:member:trello"])]
pub struct GetMemberScoped {
    /// `me` or an id.
    #[path]
    id: String,
}

/// A wall clock the test moves.
#[derive(Clone)]
struct FakeWall(Arc<Mutex<SystemTime>>);

impl FakeWall {
    fn new() -> Self {
        Self(Arc::new(Mutex::new(SystemTime::now())))
    }
    fn advance(&self, by: Duration) {
        *self.0.lock().unwrap() += by;
    }
}

impl WallClock for FakeWall {
    fn now(&self) -> SystemTime {
        *self.0.lock().unwrap()
    }
}

async fn sandbox_with(settings: OAuth2Settings) -> Sandbox {
    Sandbox::start(SandboxConfig {
        oauth2: settings,
        rate_limits: RateLimits::off(),
        ..SandboxConfig::default()
    })
    .await
    .expect("sandbox")
}

async fn sandbox() -> Sandbox {
    sandbox_with(OAuth2Settings::default()).await
}

fn config(sandbox: &Sandbox) -> OAuth2Config {
    OAuth2Config::public(sandbox.oauth2_client_id(), REDIRECT)
        .and_then(|c| c.authorize_url(&sandbox.oauth2_authorize_url()))
        .and_then(|c| c.token_url(&sandbox.oauth2_token_url()))
        .expect("config")
}

fn scopes() -> Scopes {
    Scopes::new()
        .with(Scope::ReadBoard)
        .with(Scope::WriteBoard)
        .with(Scope::ReadMember)
        .with(Scope::OfflineAccess)
}

fn client(sandbox: &Sandbox, backend: Backend, session: OAuth2Session) -> Client {
    Client::builder()
        .backend(backend)
        .base_url(sandbox.api_url())
        .auth(Auth::oauth2(session))
        .no_rate_limits()
        .build()
        .expect("client")
}

/// Opens the consent page of `url` and clicks `decision` (`accept` or
/// `deny`) as a browser would: posts the page's form. Returns where the
/// browser is sent.
async fn consent(backend: Backend, url: &url::Url, decision: &str) -> String {
    let transport = backend.transport().expect("transport");
    let page = transport
        .send(http::Request::get(url.as_str()).body(Bytes::new()).unwrap())
        .await
        .expect("consent page");
    let page = buffered(page).await;
    let body = String::from_utf8_lossy(page.body()).into_owned();
    assert_eq!(page.status(), 200, "{body}");
    assert!(
        body.contains("id=\"accept\"") && body.contains("id=\"deny\""),
        "{body}"
    );
    let mut form = url::form_urlencoded::Serializer::new(String::new());
    for (name, value) in url.query_pairs() {
        form.append_pair(&name, &value);
    }
    form.append_pair("decision", decision);
    let mut action = url.clone();
    action.set_query(None);
    let answer = transport
        .send(
            http::Request::post(action.as_str())
                .header("content-type", "application/x-www-form-urlencoded")
                .body(Bytes::from(form.finish()))
                .unwrap(),
        )
        .await
        .expect("decision");
    let answer = buffered(answer).await;
    assert_eq!(
        answer.status(),
        302,
        "{}",
        String::from_utf8_lossy(answer.body())
    );
    answer.headers()["location"].to_str().unwrap().to_owned()
}

fn query(location: &str) -> HashMap<String, String> {
    url::Url::parse(location)
        .unwrap()
        .query_pairs()
        .into_owned()
        .collect()
}

/// Signs `client` in through the consent page.
async fn sign_in(backend: Backend, sandbox: &Sandbox, client: &Client, scopes: Scopes) {
    let pending = AuthorizeRequest::new(&config(sandbox), scopes)
        .start()
        .expect("authorize URL");
    let location = consent(backend, pending.url(), "accept").await;
    client
        .oauth2_sign_in(&pending, &location)
        .await
        .expect("sign-in");
}

async fn me(client: &Client) -> Result<serde_json::Value, Error> {
    client
        .request_json(Method::Get, "/members/me", &[], None)
        .await
}

#[tokio::test]
async fn full_flow_then_bearer_calls() {
    for_each_backend(|backend| async move {
        let sandbox = sandbox().await;
        let store = MemoryTokenStore::new();
        let client = client(
            &sandbox,
            backend,
            OAuth2Session::new(config(&sandbox), store.clone()),
        );
        assert!(matches!(
            me(&client).await,
            Err(Error::ConsentRequired { .. })
        ));

        let pending = AuthorizeRequest::new(&config(&sandbox), scopes())
            .start()
            .unwrap();
        let location = consent(backend, pending.url(), "accept").await;
        let echoed = query(&location);
        assert!(location.starts_with(REDIRECT), "{location}");
        assert_eq!(echoed["state"], pending.state(), "state echoed");
        client
            .oauth2_sign_in(&pending, &location)
            .await
            .expect("sign-in");
        assert_eq!(store.saves(), 1);
        let tokens = store.current().expect("saved");
        assert!(
            tokens.refresh_token().is_some(),
            "offline_access gives a refresh token"
        );
        assert!(
            sandbox
                .oauth2_access_is_live(tokens.access_token().expose())
                .await
        );

        let member = me(&client).await.expect("Bearer call");
        assert_eq!(member["username"], "sandboxuser");
        // A code is single-use.
        let again = client
            .oauth2_sign_in(&pending, &location)
            .await
            .unwrap_err();
        assert!(matches!(again, Error::ConsentRequired { .. }), "{again:?}");
        assert_eq!(sandbox.oauth2_stats().await.code_grants, 1);
    })
    .await;
}

#[tokio::test]
async fn deny_state_mismatch_and_pkce_mismatch() {
    for_each_backend(|backend| async move {
        let sandbox = sandbox().await;
        let client = client(
            &sandbox,
            backend,
            OAuth2Session::new(config(&sandbox), MemoryTokenStore::new()),
        );
        let request = AuthorizeRequest::new(&config(&sandbox), scopes());

        let pending = request.start().unwrap();
        let denied = consent(backend, pending.url(), "deny").await;
        assert_eq!(query(&denied)["state"], pending.state());
        match client.oauth2_sign_in(&pending, &denied).await {
            Err(Error::OAuth2 { error, .. }) => assert_eq!(error, "access_denied"),
            other => panic!("{other:?}"),
        }

        let pending = request.start().unwrap();
        let location = consent(backend, pending.url(), "accept").await;
        let forged = location.replace(pending.state(), "forged-state");
        let err = client.oauth2_sign_in(&pending, &forged).await.unwrap_err();
        assert!(
            matches!(err, Error::InvalidInput(_)) && err.to_string().contains("state"),
            "{err}"
        );
        assert_eq!(sandbox.oauth2_stats().await.code_grants, 0, "not exchanged");

        // The right state, the wrong verifier.
        let other = request.start().unwrap();
        let wrong = PendingAuthorization::restore(
            pending.url().clone(),
            pending.state(),
            other.verifier().clone(),
            pending.redirect_uri().clone(),
            pending.scopes().clone(),
        );
        let err = client.oauth2_sign_in(&wrong, &location).await.unwrap_err();
        assert!(err.needs_reauthorization(), "{err:?}");
        assert!(err.to_string().contains("PKCE"), "{err}");
        assert_eq!(sandbox.oauth2_stats().await.code_grants, 0);
    })
    .await;
}

#[tokio::test]
async fn refresh_ahead_of_expiry_rotates_and_persists() {
    for_each_backend(|backend| async move {
        let sandbox = sandbox().await;
        let store = MemoryTokenStore::new();
        let wall = FakeWall::new();
        let session = OAuth2Session::new(config(&sandbox), store.clone())
            .refresh_margin(Duration::from_secs(120))
            .with_clock(wall.clone());
        let client = client(&sandbox, backend, session);
        sign_in(backend, &sandbox, &client, scopes()).await;
        let first = store.current().unwrap();

        me(&client).await.unwrap();
        assert_eq!(
            sandbox.oauth2_stats().await.refresh_requests,
            0,
            "fresh: no refresh"
        );
        wall.advance(Duration::from_secs(3600 - 100)); // inside the 120 s margin
        me(&client).await.unwrap();
        let stats = sandbox.oauth2_stats().await;
        assert_eq!(stats.refresh_grants, 1);
        assert_eq!(
            stats.expired_rejections, 0,
            "refreshed before the server saw expiry"
        );
        let second = store.current().unwrap();
        assert_eq!(store.saves(), 2, "the rotated tokens were saved");
        assert_ne!(
            first.refresh_token().unwrap().expose(),
            second.refresh_token().unwrap().expose(),
            "the refresh token rotated"
        );
        assert_ne!(
            first.access_token().expose(),
            second.access_token().expose()
        );
        // The stored token is the one that works: a new client on the same
        // store carries on.
        let fresh = self::client(
            &sandbox,
            backend,
            OAuth2Session::new(config(&sandbox), store.clone()),
        );
        me(&fresh).await.unwrap();
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hundred_concurrent_calls_at_expiry_refresh_once() {
    for_each_backend(|backend| async move {
        let sandbox = sandbox().await;
        let wall = FakeWall::new();
        let store = MemoryTokenStore::new();
        let session = OAuth2Session::new(config(&sandbox), store.clone()).with_clock(wall.clone());
        let client = client(&sandbox, backend, session);
        sign_in(backend, &sandbox, &client, scopes()).await;
        wall.advance(Duration::from_secs(3600));
        let calls = (0..100).map(|_| {
            let client = client.clone();
            tokio::spawn(async move { me(&client).await })
        });
        for result in futures_util::future::join_all(calls).await {
            result.expect("task").expect("call");
        }
        let stats = sandbox.oauth2_stats().await;
        assert_eq!(stats.refresh_requests, 1, "exactly one refresh request");
        assert_eq!(store.saves(), 2);
    })
    .await;
}

#[tokio::test]
async fn expired_token_401_refreshes_and_replays_once() {
    for_each_backend(|backend| async move {
        // Access tokens live one second.
        let sandbox = sandbox_with(OAuth2Settings::default().time_scaled(3600)).await;
        let session = OAuth2Session::new(config(&sandbox), MemoryTokenStore::new())
            .refresh_margin(Duration::ZERO);
        let client = client(&sandbox, backend, session);
        sign_in(backend, &sandbox, &client, scopes()).await;
        me(&client).await.unwrap();
        // The client's clock says the token is fresh only because its expiry
        // was rounded; wait it out on the server's.
        tokio::time::sleep(Duration::from_millis(1100)).await;
        let before = sandbox.oauth2_stats().await.refresh_grants;
        // With a zero margin and a 1 s answer, the client may or may not
        // refresh ahead; either way the call must succeed.
        me(&client).await.expect("refreshed and replayed");
        let stats = sandbox.oauth2_stats().await;
        assert_eq!(stats.refresh_grants, before + 1);
    })
    .await;
}

#[tokio::test]
async fn expired_401_is_replayed_exactly_once() {
    for_each_backend(|backend| async move {
        let sandbox = sandbox_with(OAuth2Settings::default().time_scaled(3600)).await;
        // The client believes its token lives an hour more: only the server's
        // 401 tells it otherwise.
        let wall = FakeWall::new();
        let session = OAuth2Session::new(config(&sandbox), MemoryTokenStore::new())
            .refresh_margin(Duration::ZERO)
            .with_clock(wall.clone());
        let client = client(&sandbox, backend, session);
        sign_in(backend, &sandbox, &client, scopes()).await;
        tokio::time::sleep(Duration::from_millis(1100)).await;
        me(&client).await.expect("replayed after the refresh");
        let stats = sandbox.oauth2_stats().await;
        assert_eq!(stats.expired_rejections, 1);
        assert_eq!(stats.refresh_grants, 1);
        // The new token expires too; the next call again refreshes once.
        tokio::time::sleep(Duration::from_millis(1100)).await;
        me(&client).await.expect("replayed again");
        assert_eq!(sandbox.oauth2_stats().await.refresh_grants, 2);
    })
    .await;
}

#[tokio::test]
async fn reuse_detection_revokes_the_family_and_asks_for_consent() {
    for_each_backend(|backend| async move {
        let sandbox = sandbox().await;
        let store = MemoryTokenStore::new();
        let wall = FakeWall::new();
        let fired = Arc::new(AtomicUsize::new(0));
        let seen = fired.clone();
        let hook = ReauthorizeHook::from_url(url::Url::parse("https://app.example/login").unwrap())
            .on_invalid_token(move |_| {
                seen.fetch_add(1, Ordering::SeqCst);
            });
        let client = Client::builder()
            .backend(backend)
            .base_url(sandbox.api_url())
            .auth(Auth::oauth2(
                OAuth2Session::new(config(&sandbox), store.clone()).with_clock(wall.clone()),
            ))
            .reauthorize(hook)
            .no_rate_limits()
            .build()
            .unwrap();
        sign_in(backend, &sandbox, &client, scopes()).await;
        let stolen = store.current().unwrap().refresh_token().unwrap().clone();
        wall.advance(Duration::from_secs(3600));
        me(&client).await.expect("refreshed");
        // Someone presents the rotated-away refresh token.
        let flow = OAuth2Flow::new(config(&sandbox), backend.transport().unwrap());
        let err = flow.refresh(&stolen).await.unwrap_err();
        assert!(
            err.needs_reauthorization() && err.to_string().contains("reuse"),
            "{err}"
        );
        assert_eq!(sandbox.oauth2_stats().await.families_revoked, 1);
        // The whole family is dead: the client's call is refused, its refresh
        // answers invalid_grant, and the app is told to ask for consent.
        let err = me(&client).await.unwrap_err();
        assert!(matches!(err, Error::ConsentRequired { .. }), "{err:?}");
        assert_eq!(
            client.reauthorize_url(&err).map(url::Url::as_str),
            Some("https://app.example/login")
        );
        assert_eq!(fired.load(Ordering::SeqCst), 1, "the client-level hook ran");
        // Further calls fail fast, without a request to the token endpoint.
        let requests = sandbox.oauth2_stats().await.refresh_requests;
        assert!(me(&client).await.unwrap_err().needs_reauthorization());
        assert_eq!(sandbox.oauth2_stats().await.refresh_requests, requests);
    })
    .await;
}

#[tokio::test]
async fn scopes_are_enforced_by_the_server_as_403() {
    for_each_backend(|backend| async move {
        let sandbox = sandbox().await;
        let session = OAuth2Session::new(config(&sandbox), MemoryTokenStore::new())
            .scope_check(ScopeCheck::TrustServer);
        let client = client(&sandbox, backend, session);
        sign_in(
            backend,
            &sandbox,
            &client,
            Scopes::new().with(Scope::ReadMember),
        )
        .await;
        me(&client).await.expect("read:member granted");
        let err = client
            .request_json(Method::Post, "/boards", &[("name", "x")], None)
            .await
            .unwrap_err();
        match &err {
            Error::PermissionDenied {
                status, message, ..
            } => {
                assert_eq!(status.as_u16(), 403);
                assert!(message.contains("write:board:trello"), "{message}");
            }
            other => panic!("{other:?}"),
        }
    })
    .await;
}

#[tokio::test]
async fn confidential_clients_must_authenticate() {
    for_each_backend(|backend| async move {
        let mut settings = OAuth2Settings::default();
        settings.clients.push(OAuth2Client {
            id: "server-app".into(),
            secret: Some("s3cret".into()),
            redirect_uris: vec!["https://app.example/cb".into()],
            allowed_scopes: vec!["read:member:trello".into()],
            name: "Server app".into(),
        });
        let sandbox = sandbox_with(settings).await;
        for (secret, ok) in [("s3cret", true), ("wrong", false)] {
            let config = OAuth2Config::confidential("server-app", secret, "https://app.example/cb")
                .and_then(|c| c.authorize_url(&sandbox.oauth2_authorize_url()))
                .and_then(|c| c.token_url(&sandbox.oauth2_token_url()))
                .unwrap();
            let client = client(
                &sandbox,
                backend,
                OAuth2Session::new(config.clone(), MemoryTokenStore::new()),
            );
            let pending = AuthorizeRequest::new(&config, Scopes::new().with(Scope::ReadMember))
                .start()
                .unwrap();
            let location = consent(backend, pending.url(), "accept").await;
            let result = client.oauth2_sign_in(&pending, &location).await;
            if ok {
                result.expect("signed in");
                me(&client).await.expect("call");
            } else {
                match result {
                    Err(Error::OAuth2 { error, .. }) => assert_eq!(error, "invalid_client"),
                    other => panic!("{other:?}"),
                }
            }
        }
    })
    .await;
}

#[tokio::test]
async fn a_missing_scope_is_refused_before_the_wire() {
    for_each_backend(|backend| async move {
        let sandbox = sandbox().await;
        let client = client(
            &sandbox,
            backend,
            OAuth2Session::new(config(&sandbox), MemoryTokenStore::new()),
        );
        sign_in(
            backend,
            &sandbox,
            &client,
            Scopes::new().with(Scope::ReadMember),
        )
        .await;
        let member = client
            .send(GetMemberScoped::new("me".to_owned()))
            .await
            .expect("read:member:trello was granted");
        assert_eq!(member["username"], "sandboxuser");
        let before = sandbox.requests_seen().await;
        let err = client
            .send(CreateBoardScoped::new("Refused".to_owned()))
            .await
            .unwrap_err();
        match &err {
            Error::MissingScope { route, scope } => {
                assert_eq!(scope, "write:board:trello");
                assert_eq!(route, "POST /boards");
            }
            other => panic!("{other:?}"),
        }
        assert!(err.to_string().contains("write:board:trello"), "{err}");
        assert_eq!(
            sandbox.requests_seen().await,
            before,
            "nothing reached the server"
        );
    })
    .await;
}

#[tokio::test]
async fn rotation_persists_through_a_file_store_across_clients() {
    use trello::oauth2::FileTokenStore;
    for_each_backend(|backend| async move {
        let sandbox = sandbox().await;
        let path = std::env::temp_dir().join(format!(
            "trello-oauth2-test-{}-{backend:?}.json",
            std::process::id()
        ));
        let _ = std::fs::remove_file(&path);
        let wall = FakeWall::new();
        let session = OAuth2Session::new(config(&sandbox), FileTokenStore::new(&path))
            .with_clock(wall.clone());
        let first = client(&sandbox, backend, session);
        sign_in(backend, &sandbox, &first, scopes()).await;
        wall.advance(Duration::from_secs(3600));
        me(&first).await.expect("refreshed");
        assert_eq!(sandbox.oauth2_stats().await.refresh_grants, 1);
        // A new process (here: a new client) reads the rotated refresh token
        // from the file and refreshes with it: reuse would revoke the family.
        let later = OAuth2Session::new(config(&sandbox), FileTokenStore::new(&path))
            .with_clock(wall.clone());
        wall.advance(Duration::from_secs(3600));
        let second = client(&sandbox, backend, later);
        me(&second)
            .await
            .expect("the file held the live refresh token");
        let stats = sandbox.oauth2_stats().await;
        assert_eq!((stats.refresh_grants, stats.families_revoked), (2, 0));
        let _ = std::fs::remove_file(&path);
    })
    .await;
}
