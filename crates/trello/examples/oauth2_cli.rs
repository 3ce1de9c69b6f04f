//! A command-line sign-in with OAuth 2.0 (3LO), as `gh auth login` does:
//! open the consent URL, catch the code on a loopback redirect
//! (`http://127.0.0.1:PORT/callback`), exchange it with PKCE, keep the
//! tokens in a store, and call `members/me` with a Bearer token.
//!
//! ```text
//! cargo run --example oauth2_cli
//! ```
//!
//! - With `TRELLO_OAUTH2_CLIENT_ID` unset (the default), it starts the
//!   offline sandbox in this process, which plays Atlassian's authorization
//!   server, and plays the browser too: it opens the consent page and
//!   clicks Accept, and the redirect lands on the loopback listener. No
//!   network is used.
//! - With `TRELLO_OAUTH2_CLIENT_ID` set (a public client registered with
//!   the redirect URI `http://127.0.0.1/callback`), it prints Atlassian's
//!   consent URL for you to open, waits for the redirect, and calls
//!   api.trello.com.

use std::time::Duration;

use axum::{Router, extract::Request, routing::get};
use bytes::Bytes;
use tokio::{net::TcpListener, sync::mpsc};
use trello::{
    Auth, Backend, Client, Method,
    oauth2::{AuthorizeRequest, MemoryTokenStore, OAuth2Config, OAuth2Session, Scope, Scopes},
};
use trello_sandbox::{Sandbox, SandboxConfig};

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

/// The environment variable naming a real OAuth 2.0 client id.
const CLIENT_ID_ENV: &str = "TRELLO_OAUTH2_CLIENT_ID";

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> Result<()> {
    // The loopback redirect: any free port on 127.0.0.1 (RFC 8252 §7.3).
    let listener = TcpListener::bind(("127.0.0.1", 0)).await?;
    let redirect_uri = format!("http://{}/callback", listener.local_addr()?);
    let (sender, mut callbacks) = mpsc::channel::<String>(1);
    let app = Router::new().route(
        "/callback",
        get(move |request: Request| {
            let sender = sender.clone();
            async move {
                let _ = sender.send(request.uri().to_string()).await;
                "Signed in: you can close this window and return to the terminal."
            }
        }),
    );
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });

    let live_client_id = std::env::var(CLIENT_ID_ENV).unwrap_or_default();
    let sandbox;
    let (config, api_base) = if live_client_id.trim().is_empty() {
        println!("{CLIENT_ID_ENV} is not set: the offline sandbox plays Atlassian and Trello.");
        sandbox = Some(Sandbox::start(SandboxConfig::default()).await?);
        let server = sandbox.as_ref().ok_or("sandbox")?;
        let config = OAuth2Config::public(server.oauth2_client_id(), &redirect_uri)?
            .authorize_url(&server.oauth2_authorize_url())?
            .token_url(&server.oauth2_token_url())?;
        (config, server.api_url())
    } else {
        sandbox = None;
        (
            OAuth2Config::public(live_client_id.trim(), &redirect_uri)?,
            "https://api.trello.com/1".to_owned(),
        )
    };

    // The tokens live here; a real CLI would keep them in the OS keychain
    // or a 0600 file, saving every rotated refresh token.
    let store = MemoryTokenStore::new();
    let session = OAuth2Session::new(config.clone(), store.clone());
    let backend = Backend::default_backend().ok_or("no HTTP backend compiled in")?;
    let client = Client::builder()
        .backend(backend)
        .base_url(api_base)
        .auth(Auth::oauth2(session))
        .build()?;

    let scopes = Scopes::new()
        .with(Scope::ReadMember)
        .with(Scope::ReadBoard)
        .with(Scope::OfflineAccess);
    let pending = AuthorizeRequest::new(&config, scopes).start()?;
    println!(
        "Open this URL in your browser to sign in:\n\n  {}\n",
        pending.url()
    );

    if sandbox.is_some() {
        click_accept(backend, pending.url()).await?;
    }
    println!("Waiting for the redirect to {redirect_uri} …");
    let callback = tokio::time::timeout(Duration::from_secs(300), callbacks.recv())
        .await
        .map_err(|_| "no redirect within 5 minutes")?
        .ok_or("the loopback listener stopped")?;

    client.oauth2_sign_in(&pending, &callback).await?;
    let tokens = store.current().ok_or("no tokens were saved")?;
    println!(
        "Signed in; tokens saved (refresh token: {}, scopes: {}).",
        if tokens.refresh_token().is_some() {
            "yes"
        } else {
            "no"
        },
        tokens
            .scopes()
            .map(ToString::to_string)
            .unwrap_or_else(|| "unknown".into())
    );

    let me = client
        .request_json(Method::Get, "/members/me", &[], None)
        .await?;
    println!(
        "Hello, {} (@{}).",
        me["fullName"].as_str().unwrap_or("?"),
        me["username"].as_str().unwrap_or("?")
    );
    Ok(())
}

/// Plays the user's browser on the sandbox: opens the consent page, clicks
/// Accept (posts its form), and follows the redirect to the loopback
/// listener.
async fn click_accept(backend: Backend, url: &url::Url) -> Result<()> {
    let transport = backend.transport()?;
    let page = transport
        .send(http::Request::get(url.as_str()).body(Bytes::new())?)
        .await?;
    if !page.status().is_success() {
        return Err(format!("the consent page answered {}", page.status()).into());
    }
    let mut form = url::form_urlencoded::Serializer::new(String::new());
    for (name, value) in url.query_pairs() {
        form.append_pair(&name, &value);
    }
    form.append_pair("decision", "accept");
    let mut action = url.clone();
    action.set_query(None);
    let answer = transport
        .send(
            http::Request::post(action.as_str())
                .header("content-type", "application/x-www-form-urlencoded")
                .body(Bytes::from(form.finish()))?,
        )
        .await?;
    let location = answer
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .ok_or("the consent page did not redirect")?
        .to_owned();
    println!("(sandbox) Accept clicked; the browser goes back to the app.");
    transport
        .send(http::Request::get(location.as_str()).body(Bytes::new())?)
        .await?;
    Ok(())
}
