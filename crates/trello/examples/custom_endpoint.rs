//! Declaring an endpoint the SDK does not have yet, in your own crate, with
//! the same attribute the SDK uses; it works with any backend.
//!
//! ```text
//! TRELLO_API_KEY=… TRELLO_TOKEN=… cargo run --example custom_endpoint -- <board id>
//! ```
//!
//! With the variables or the board id missing it says so and sends nothing.

use serde::Deserialize;
use trello::{Client, Credentials, endpoint};

/// A label, as much of it as this program needs; the rest is ignored.
#[derive(Debug, Deserialize)]
struct Label {
    id: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    color: Option<String>,
}

/// The labels of a board.
#[endpoint(GET "/boards/{id}/labels", response = Vec<Label>)]
#[derive(Clone, Debug)]
struct GetBoardLabels {
    /// The board's id.
    #[path]
    id: String,
    /// Which label fields to return.
    #[query]
    fields: Option<Vec<String>>,
    /// How many labels at most (Trello's default is 50).
    #[query]
    limit: Option<u32>,
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let Some(board) = std::env::args().nth(1) else {
        eprintln!("usage: cargo run --example custom_endpoint -- <board id>");
        return Ok(());
    };
    let credentials = match Credentials::from_env() {
        Ok(credentials) => credentials,
        Err(err) => {
            eprintln!("{err}\nSet TRELLO_API_KEY and TRELLO_TOKEN (see the quickstart example).");
            return Ok(());
        }
    };
    let client = Client::new(credentials)?;

    // Send it with the client…
    let labels = client
        .send(GetBoardLabels::new(&board).fields(["name", "color"]))
        .await?;
    // …or bind it to the client and await it.
    let first = GetBoardLabels::new(board).limit(1u32).bind(&client).await?;

    for label in &labels {
        println!(
            "{} {:<20} {}",
            label.id,
            label.name,
            label.color.as_deref().unwrap_or("no colour")
        );
    }
    println!("first label: {:?}", first.first().map(|l| &l.name));
    Ok(())
}
