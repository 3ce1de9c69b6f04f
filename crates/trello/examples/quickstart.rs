//! The quickstart: who am I, and which boards do I have?
//!
//! ```text
//! TRELLO_API_KEY=… TRELLO_TOKEN=… cargo run --example quickstart
//! ```
//!
//! With the variables unset it explains how to get them and sends nothing.

use trello::{Client, Credentials};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let credentials = match Credentials::from_env() {
        Ok(credentials) => credentials,
        Err(err) => {
            eprintln!("{err}");
            eprintln!();
            eprintln!("To call Trello, set both variables and run again:");
            eprintln!(
                "  1. Your API key: https://trello.com/power-ups/admin → your Power-Up → API key."
            );
            eprintln!("  2. A token: open");
            eprintln!(
                "     https://trello.com/1/authorize?expiration=1day&scope=read&response_type=token&name=trello-rs&key=<YOUR_KEY>"
            );
            eprintln!("     click Allow, and copy the token it shows.");
            eprintln!("  3. export TRELLO_API_KEY=<key> TRELLO_TOKEN=<token>");
            eprintln!();
            eprintln!("Nothing was sent.");
            return Ok(());
        }
    };

    let client = Client::new(credentials)?;
    let me = client.members().get("me").await?;
    println!(
        "Signed in as {} (@{}), member id {}",
        me.full_name.as_deref().unwrap_or("?"),
        me.username.as_deref().unwrap_or("?"),
        me.id
    );
    let boards = me.id_boards.unwrap_or_default();
    println!("Member of {} board(s).", boards.len());
    Ok(())
}
