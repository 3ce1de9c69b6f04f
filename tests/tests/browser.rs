//! The "Connect with Trello" popup flow of the seeds, in a real browser:
//! a page on loopback opens the sandbox's authorize page in a popup, the
//! user clicks Allow (or Deny), and the token (or the error) arrives by
//! postMessage; the SDK parses it and calls the API with it.
//!
//! Needs Debian's `chromium` and `chromium-driver`; `.ci/run` installs them
//! and runs this file with `--ignored`. Run it by hand with
//! `cargo test -p trello-integration-tests --test browser -- --ignored`.

use std::{
    net::TcpListener,
    process::{Child, Command, Stdio},
    time::Duration,
};

use fantoccini::{Locator, wd::Capabilities};
use serde_json::json;
use trello::{Client, callback::parse_post_message};
use trello_integration_tests::{for_each_backend, sandbox_client};
use trello_sandbox::{Sandbox, SandboxConfig};
use wiremock::{Mock, MockServer, ResponseTemplate, matchers};

const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const CHROMIUM: &str = "/usr/bin/chromium";

/// chromedriver on a free loopback port, killed on drop.
struct Driver {
    child: Child,
    url: String,
    profile: std::path::PathBuf,
}

impl Driver {
    async fn start() -> Self {
        assert!(
            std::path::Path::new(CHROMEDRIVER).exists() && std::path::Path::new(CHROMIUM).exists(),
            "this test needs {CHROMIUM} and {CHROMEDRIVER}: apt-get install chromium chromium-driver"
        );
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let child = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .arg("--allowed-ips=127.0.0.1")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let profile = std::env::temp_dir().join(format!("trello-browser-test-{port}"));
        Self {
            child,
            url: format!("http://127.0.0.1:{port}"),
            profile,
        }
    }

    async fn browser(&self) -> fantoccini::Client {
        let mut caps = Capabilities::new();
        caps.insert(
            "goog:chromeOptions".to_owned(),
            json!({
                "binary": CHROMIUM,
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--disable-popup-blocking",
                    format!("--user-data-dir={}", self.profile.display()),
                ],
            }),
        );
        fantoccini::ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps)
            .connect(&self.url)
            .await
            .expect("a browser session")
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

/// The app's page: a "Connect with Trello" button that opens the authorize
/// popup, and a listener that shows what the popup posts back.
fn opener_page(sandbox: &Sandbox) -> String {
    let authorize = format!(
        "{}?key={}&name=Browser%20test&scope=read&expiration=1hour&response_type=token&callback_method=postMessage&return_url=",
        sandbox.authorize_url(),
        sandbox.app_key()
    );
    format!(
        r#"<!doctype html><html><body>
<button id="connect">Connect with Trello</button>
<pre id="result"></pre>
<script>
var SANDBOX = {sandbox_origin};
window.addEventListener('message', function (event) {{
  if (event.origin !== SANDBOX) {{ return; }}
  var out = document.getElementById('result');
  out.textContent = typeof event.data === 'string' ? event.data : JSON.stringify(event.data);
  out.setAttribute('data-done', 'yes');
}});
document.getElementById('connect').onclick = function () {{
  window.open({authorize} + encodeURIComponent(location.origin), 'trello', 'width=600,height=700');
}};
</script></body></html>"#,
        sandbox_origin = json!(sandbox.url()),
        authorize = json!(authorize),
    )
}

/// Runs the popup flow, clicking `button`, and returns what was posted.
async fn popup_flow(button: &str) -> (Sandbox, String) {
    let app = MockServer::start().await;
    let sandbox = Sandbox::start(SandboxConfig {
        allowed_origins: vec![app.uri()],
        ..SandboxConfig::default()
    })
    .await
    .expect("sandbox");
    Mock::given(matchers::method("GET"))
        .and(matchers::path("/"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            opener_page(&sandbox).into_bytes(),
            "text/html; charset=utf-8",
        ))
        .mount(&app)
        .await;

    let driver = Driver::start().await;
    let browser = driver.browser().await;
    browser
        .goto(&format!("{}/", app.uri()))
        .await
        .expect("the app's page");
    let main = browser.window().await.expect("the main window");
    browser
        .find(Locator::Id("connect"))
        .await
        .expect("button")
        .click()
        .await
        .expect("click");

    let mut popup = None;
    for _ in 0..50 {
        let windows = browser.windows().await.expect("windows");
        popup = windows.into_iter().find(|w| *w != main);
        if popup.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    browser
        .switch_to_window(popup.expect("the authorize popup opened"))
        .await
        .expect("switch to popup");
    let allow = browser
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Id(button))
        .await
        .expect("the authorize page shows its buttons");
    allow.click().await.expect("click");

    browser
        .switch_to_window(main)
        .await
        .expect("back to the app");
    let result = browser
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css("#result[data-done='yes']"))
        .await
        .expect("the token arrives by postMessage");
    let posted = result.text().await.expect("text");
    browser.close().await.expect("close the browser");
    drop(driver);
    (sandbox, posted)
}

#[tokio::test]
#[ignore = "needs chromium and chromium-driver; .ci/run installs them and runs it"]
async fn popup_allow_delivers_a_token_by_post_message() {
    let (sandbox, posted) = popup_flow("approveButton").await;
    let token = parse_post_message(&posted).expect("a token");
    for_each_backend(|backend| {
        let client = sandbox_client(&sandbox, token.expose(), backend);
        async move {
            let me = client
                .members()
                .get("me")
                .await
                .expect("members/me with the new token");
            assert_eq!(me.username.as_deref(), Some("sandboxuser"), "{backend:?}");
        }
    })
    .await;
}

#[tokio::test]
#[ignore = "needs chromium and chromium-driver; .ci/run installs them and runs it"]
async fn popup_deny_posts_the_error() {
    let (_sandbox, posted) = popup_flow("denyButton").await;
    let err = parse_post_message(&posted).expect_err("denied");
    assert!(err.is_denied(), "{err:?}");
}

/// OAuth 2.0: the sandbox's consent page in a real browser. Clicking
/// `button` (`accept` or `deny`) redirects to the app's loopback callback;
/// returns the URL the browser landed on.
async fn oauth2_consent(
    sandbox: &Sandbox,
    pending: &trello::oauth2::PendingAuthorization,
    app: &MockServer,
    button: &str,
) -> String {
    Mock::given(matchers::method("GET"))
        .and(matchers::path("/callback"))
        .respond_with(ResponseTemplate::new(200).set_body_string("signed in"))
        .mount(app)
        .await;
    let driver = Driver::start().await;
    let browser = driver.browser().await;
    browser
        .goto(pending.url().as_str())
        .await
        .expect("the consent page");
    let page = browser.source().await.expect("page source");
    assert!(page.contains("read:member:trello"), "scopes listed: {page}");
    browser
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Id(button))
        .await
        .expect("the consent page shows Accept and Deny")
        .click()
        .await
        .expect("click");
    let mut landed = String::new();
    for _ in 0..100 {
        landed = browser.current_url().await.expect("url").to_string();
        if landed.contains("/callback") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    browser.close().await.expect("close the browser");
    drop(driver);
    let _ = sandbox;
    landed
}

fn oauth2_setup(sandbox: &Sandbox, app: &MockServer) -> trello::oauth2::OAuth2Config {
    trello::oauth2::OAuth2Config::public(
        sandbox.oauth2_client_id(),
        &format!("{}/callback", app.uri()),
    )
    .and_then(|c| c.authorize_url(&sandbox.oauth2_authorize_url()))
    .and_then(|c| c.token_url(&sandbox.oauth2_token_url()))
    .expect("config")
}

#[tokio::test]
#[ignore = "needs chromium and chromium-driver; .ci/run installs them and runs it"]
async fn oauth2_consent_accept_signs_in_through_both_backends() {
    use trello::oauth2::{AuthorizeRequest, MemoryTokenStore, OAuth2Session, Scope, Scopes};
    let sandbox = Sandbox::start(SandboxConfig::default())
        .await
        .expect("sandbox");
    let app = MockServer::start().await;
    let config = oauth2_setup(&sandbox, &app);
    let pending = AuthorizeRequest::new(
        &config,
        Scopes::new()
            .with(Scope::ReadMember)
            .with(Scope::OfflineAccess),
    )
    .start()
    .expect("authorize URL");
    let landed = oauth2_consent(&sandbox, &pending, &app, "accept").await;
    let store = MemoryTokenStore::new();
    let mut signed_in = false;
    for_each_backend(|backend| {
        let client = Client::builder()
            .backend(backend)
            .base_url(sandbox.api_url())
            .auth(trello::Auth::oauth2(OAuth2Session::new(
                config.clone(),
                store.clone(),
            )))
            .build()
            .expect("client");
        let first = !signed_in;
        signed_in = true;
        let (pending, landed) = (&pending, &landed);
        async move {
            if first {
                client
                    .oauth2_sign_in(pending, landed)
                    .await
                    .expect("the code from the browser exchanges");
            }
            let me = client
                .members()
                .get("me")
                .await
                .expect("members/me with the Bearer token");
            assert_eq!(me.username.as_deref(), Some("sandboxuser"), "{backend:?}");
        }
    })
    .await;
}

#[tokio::test]
#[ignore = "needs chromium and chromium-driver; .ci/run installs them and runs it"]
async fn oauth2_consent_deny_comes_back_as_access_denied() {
    use trello::oauth2::{AuthorizeRequest, Scope, Scopes};
    let sandbox = Sandbox::start(SandboxConfig::default())
        .await
        .expect("sandbox");
    let app = MockServer::start().await;
    let config = oauth2_setup(&sandbox, &app);
    let pending = AuthorizeRequest::new(&config, Scopes::new().with(Scope::ReadMember))
        .start()
        .expect("authorize URL");
    let landed = oauth2_consent(&sandbox, &pending, &app, "deny").await;
    match pending.accept(&landed) {
        Err(trello::Error::OAuth2 { error, .. }) => assert_eq!(error, "access_denied"),
        other => panic!("{other:?} from {landed}"),
    }
}
