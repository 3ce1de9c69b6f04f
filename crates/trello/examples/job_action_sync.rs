//! Job 3, an action sync since a date: every action of a card newer than
//! the last sync, oldest first. Runs against the offline sandbox, started
//! here.
//!
//! ```sh
//! cargo run -q -p trello --example job_action_sync
//! ```

use futures_util::TryStreamExt;
use trello::{
    Client, Credentials,
    chrono::{DateTime, Duration, Utc},
};
use trello_sandbox::{Sandbox, SandboxConfig};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let sandbox = Sandbox::start(SandboxConfig::default()).await?;
    let token = sandbox.issue_token("read,write", "1hour").await;
    let client = Client::builder()
        .base_url(sandbox.api_url())
        .credentials(Credentials::new(sandbox.app_key(), token))
        .build()?;
    let board = client.boards().create("Sync").await?;
    let list = &client.boards().lists(board.id.as_str()).await?[0];
    let card = client
        .cards()
        .create(list.id.as_str())
        .name("Synced")
        .await?;
    for text in ["first", "second", "third"] {
        client.cards().comment(card.id.as_str(), text).await?;
    }

    // The sync: everything since the last run (here: an hour ago), oldest first.
    let last_sync = DateTime::<Utc>::from(std::time::SystemTime::now()) - Duration::hours(1);
    let mut actions = client
        .card_actions(card.id.as_str())
        .since(last_sync)
        .oldest_first()
        .stream();
    while let Some(action) = actions.try_next().await? {
        let text = action.data.and_then(|d| d.text).unwrap_or_default();
        println!(
            "{} {:?} {text}",
            action.date.map(|d| d.to_rfc3339()).unwrap_or_default(),
            action.action_type
        );
    }
    Ok(())
}
