//! The quickstart.
//!
//! ```text
//! cargo run --example quickstart
//! ```
//!
//! - With `TRELLO_API_KEY` and `TRELLO_TOKEN` unset, it starts the offline
//!   sandbox in this process and walks the whole story on it: the authorize
//!   page (clicking Allow), `/members/me`, a new board with a list and a
//!   card, reading them back, revoking the token, and the `InvalidToken`
//!   error that follows (with the URL to authorize again).
//! - With both set, it talks to api.trello.com and only reads: who you are
//!   and your boards.

use bytes::Bytes;
use trello::{
    API_KEY_ENV, AuthorizeUrl, Backend, Client, Credentials, Error, ReauthorizeHook, TOKEN_ENV,
    authorize::{CallbackMethod, Expiration, Scope},
    callback::parse_fragment,
};
use trello_sandbox::{Sandbox, SandboxConfig};

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<()> {
    let key = std::env::var(API_KEY_ENV).unwrap_or_default();
    let token = std::env::var(TOKEN_ENV).unwrap_or_default();
    match (key.trim().is_empty(), token.trim().is_empty()) {
        (false, false) => live(Credentials::from_env()?).await,
        (true, true) => sandbox().await,
        _ => Err(format!(
            "set both {API_KEY_ENV} and {TOKEN_ENV} to talk to Trello, or neither to use the offline sandbox"
        )
        .into()),
    }
}

/// Real credentials: read-only calls against api.trello.com.
async fn live(credentials: Credentials) -> Result<()> {
    println!("Using TRELLO_API_KEY/TRELLO_TOKEN against https://api.trello.com (read-only calls).");
    let client = Client::new(credentials)?;
    let me = client.members().get("me").await?;
    println!(
        "Signed in as {} (@{})",
        me.full_name.as_deref().unwrap_or("?"),
        me.username.as_deref().unwrap_or("?")
    );
    let boards = client.members().boards("me").await?;
    println!("You have {} board(s):", boards.len());
    for board in boards.iter().take(20) {
        println!("  - {}", board.name.as_deref().unwrap_or("?"));
    }
    Ok(())
}

/// No credentials: the whole story on the offline sandbox.
async fn sandbox() -> Result<()> {
    println!("{API_KEY_ENV}/{TOKEN_ENV} are not set: running against the offline Trello sandbox.");
    let sandbox = Sandbox::start(SandboxConfig::default()).await?;
    println!(
        "Sandbox at {} (API key {}).",
        sandbox.api_url(),
        sandbox.app_key()
    );

    // 1. Authorize: the URL the user would open, then their click on Allow.
    let authorize = AuthorizeUrl::new(sandbox.app_key())
        .base_url(&sandbox.api_url())
        .name("trello-rs quickstart")
        .scope(Scope::READ_WRITE)
        .expiration(Expiration::OneHour)
        .callback_method(CallbackMethod::Fragment)
        .return_url("http://localhost:8080/trello/callback");
    let url = authorize.build()?;
    println!("\n1. Authorize at {}", url.path());
    let redirect = click_allow(&url).await?;
    let token = parse_fragment(&redirect)?;
    println!(
        "   Allowed: Trello redirected back with the token in the fragment ({} characters).",
        token.expose().len()
    );

    let client = Client::builder()
        .base_url(sandbox.api_url())
        .credentials(Credentials::new(sandbox.app_key(), token.expose()))
        // On 401 `invalid token`, hand out a ready URL to authorize again.
        .reauthorize(ReauthorizeHook::new(&authorize)?)
        .build()?;

    // 2. Who am I?
    let me = client.members().get("me").await?;
    println!(
        "\n2. GET /members/me: {} (@{}), id {}",
        me.full_name.as_deref().unwrap_or("?"),
        me.username.as_deref().unwrap_or("?"),
        me.id
    );

    // 3. A board, a list and a card.
    let board = client
        .boards()
        .create("Quickstart")
        .default_lists(false)
        .await?;
    let list = client.lists().create(board.id.as_str(), "To do").await?;
    let card = client
        .cards()
        .create(list.id.as_str())
        .name("Try trello-rs")
        .desc("Made by the quickstart.")
        .await?;
    println!(
        "\n3. Created board {:?}, list {:?} and card {:?}.",
        board.name.as_deref().unwrap_or("?"),
        list.name.as_deref().unwrap_or("?"),
        card.name.as_deref().unwrap_or("?")
    );

    // 4. Read them back.
    let board = client.boards().get(board.id.as_str()).await?;
    let cards = client.boards().cards(board.id.as_str()).await?;
    let names: Vec<&str> = cards.iter().filter_map(|c| c.name.as_deref()).collect();
    println!(
        "\n4. Board {:?} has {} card(s): {names:?}",
        board.name.as_deref().unwrap_or("?"),
        cards.len(),
    );

    // 5. Revoke the token; the next call says InvalidToken.
    client.tokens().delete(token.expose()).await?;
    println!("\n5. Revoked the token (DELETE /tokens/{{token}}).");
    match client.members().get("me").await {
        Err(err @ Error::InvalidToken) => {
            println!("   The next call fails as it should: {err}");
            if let Some(again) = client.reauthorize_url(&err) {
                println!("   Send the user to {} to authorize again.", again.path());
            }
        }
        Ok(_) => return Err("the revoked token still worked".into()),
        Err(other) => return Err(other.into()),
    }
    println!(
        "\nDone. With TRELLO_API_KEY and TRELLO_TOKEN set, this example reads your real account."
    );
    Ok(())
}

/// Plays the user: opens the authorize page and clicks Allow. Returns the
/// URL Trello redirects back to.
async fn click_allow(url: &url::Url) -> Result<String> {
    let backend = Backend::default_backend().ok_or("no HTTP backend compiled in")?;
    let transport = backend.transport()?;
    let page = transport
        .send(http::Request::get(url.as_str()).body(Bytes::new())?)
        .await?;
    if !page.status().is_success() {
        return Err(format!("the authorize page answered {}", page.status()).into());
    }
    let mut action = url.clone();
    action.set_query(None);
    let form = format!("{}&decision=allow", url.query().unwrap_or_default());
    let answer = transport
        .send(
            http::Request::post(action.as_str())
                .header("content-type", "application/x-www-form-urlencoded")
                .body(Bytes::from(form))?,
        )
        .await?;
    answer
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
        .ok_or_else(|| {
            format!(
                "the authorize page answered {} without a redirect",
                answer.status()
            )
            .into()
        })
}
