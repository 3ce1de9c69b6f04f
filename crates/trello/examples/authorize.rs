//! Get a user token through Trello's authorize page.
//!
//! ```text
//! TRELLO_API_KEY=… cargo run --example authorize
//! ```
//!
//! Prints the authorize URL (least privilege: read, one hour), then reads
//! what the user pastes back: the token Trello shows, or the whole URL (or
//! fragment) they were redirected to. Then calls `GET /members/me` with it.

use std::io::{self, BufRead, Write};

use trello::{
    AuthorizeUrl, Client, Credentials,
    authorize::{Expiration, Scope},
    callback::parse_pasted,
};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let key = std::env::var("TRELLO_API_KEY")
        .map_err(|_| "set TRELLO_API_KEY to your API key (https://trello.com/app-key)")?;
    let url = AuthorizeUrl::new(key.as_str())
        .name("trello-rs authorize example")
        .scope(Scope::READ)
        .expiration(Expiration::OneHour)
        .build()?;
    println!("Open this URL, click Allow, then paste the token (or the URL you landed on):\n");
    println!("  {url}\n");
    print!("token> ");
    io::stdout().flush()?;

    let mut line = String::new();
    io::stdin().lock().read_line(&mut line)?;
    let token = parse_pasted(&line)?;

    let client = Client::new(Credentials::new(key, token))?;
    let me = client.members().get("me").await?;
    println!(
        "Authorized as {}",
        me.username.as_deref().unwrap_or("(no username)")
    );
    Ok(())
}
