//! The OAuth 1.0a three-legged flow with a loopback callback listener.
//!
//! ```text
//! TRELLO_API_KEY=… TRELLO_API_SECRET=… cargo run --example oauth1
//! ```
//!
//! 1. gets a request token with `oauth_callback` pointing at a listener on
//!    127.0.0.1;
//! 2. prints the URL where the user allows access;
//! 3. waits for Trello's redirect to the listener, exchanges the verifier
//!    for an access token and secret;
//! 4. calls `GET /members/me` signed with HMAC-SHA1.

use std::{
    io::{BufRead, BufReader, Write},
    net::TcpListener,
};

use trello::{
    AppSecret, Auth, Backend, Client,
    authorize::{Expiration, Scope},
    oauth1::{OAuth1Flow, OAuthCallback},
};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let key = std::env::var("TRELLO_API_KEY")
        .map_err(|_| "set TRELLO_API_KEY to your API key (https://trello.com/app-key)")?;
    let secret = std::env::var("TRELLO_API_SECRET").map_err(
        |_| "set TRELLO_API_SECRET to the secret shown under your key (https://trello.com/app-key)",
    )?;

    let listener = TcpListener::bind("127.0.0.1:0")?;
    let callback = format!("http://{}/callback", listener.local_addr()?);

    let backend = Backend::default_backend().ok_or("no HTTP backend compiled in")?;
    let flow = OAuth1Flow::new(backend.transport()?, key, AppSecret::new(secret));
    let request = flow.request_token(&callback).await?;
    let url = flow
        .authorize_url(&request)
        .name("trello-rs OAuth example")
        .scope(Scope::READ)
        .expiration(Expiration::OneHour)
        .build()?;
    println!("Open this URL and click Allow:\n\n  {url}\n");
    println!("Waiting for Trello to redirect to {callback} …");

    let target = tokio::task::spawn_blocking(move || wait_for_callback(&listener)).await??;
    let answer = OAuthCallback::parse(&target)?;
    if !answer.is_for(&request) {
        return Err("the callback is for another request token".into());
    }
    let access = flow.access_token(&request, answer.verifier()).await?;

    let client = Client::builder()
        .backend(backend)
        .auth(Auth::oauth1(flow.credentials(access)))
        .build()?;
    let me = client.members().get("me").await?;
    println!(
        "Signed in with OAuth 1.0a as {}",
        me.username.as_deref().unwrap_or("(no username)")
    );
    Ok(())
}

/// Accepts connections until one asks for `/callback…`; answers it and
/// returns its request target (path and query).
fn wait_for_callback(listener: &TcpListener) -> std::io::Result<String> {
    loop {
        let (mut stream, _) = listener.accept()?;
        let mut reader = BufReader::new(stream.try_clone()?);
        let mut request_line = String::new();
        reader.read_line(&mut request_line)?;
        // Skip the headers.
        let mut header = String::new();
        while reader.read_line(&mut header)? > 2 {
            header.clear();
        }
        let target = request_line
            .split_whitespace()
            .nth(1)
            .unwrap_or_default()
            .to_owned();
        let found = target.starts_with("/callback");
        let (status, body) = if found {
            ("200 OK", "Trello access granted; you can close this tab.")
        } else {
            ("404 Not Found", "not found")
        };
        write!(
            stream,
            "HTTP/1.1 {status}\r\ncontent-type: text/plain\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
            body.len()
        )?;
        if found {
            return Ok(target);
        }
    }
}
