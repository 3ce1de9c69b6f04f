//! Job 2, a card's lifecycle: create it, label it, move it, comment on it,
//! archive it. Runs against the offline sandbox, started here.
//!
//! ```sh
//! cargo run -q -p trello --example job_card_lifecycle
//! ```

use trello::{Client, Credentials, api::Position};
use trello_sandbox::{Sandbox, SandboxConfig};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let sandbox = Sandbox::start(SandboxConfig::default()).await?;
    let token = sandbox.issue_token("read,write", "1hour").await;
    let client = Client::builder()
        .base_url(sandbox.api_url())
        .credentials(Credentials::new(sandbox.app_key(), token))
        .build()?;
    let board = client.boards().create("Lifecycle").await?;
    let lists = client.boards().lists(board.id.as_str()).await?; // To Do, Doing, Done
    let bug = &client.boards().labels(board.id.as_str()).await?[0];

    let card = client
        .cards()
        .create(lists[0].id.as_str())
        .name("Fix the login")
        .await?;
    client
        .cards()
        .update(card.id.as_str())
        .id_labels([bug.id.as_str()])
        .await?;
    client
        .cards()
        .move_to(card.id.as_str(), lists[1].id.as_str())
        .pos(Position::Top)
        .await?;
    client.cards().comment(card.id.as_str(), "On it.").await?;
    let card = client.cards().archive(card.id.as_str()).await?;

    println!(
        "{:?}: list {:?}, labels {:?}, archived {:?}",
        card.name, card.id_list, card.id_labels, card.closed
    );
    assert_eq!(card.id_list.as_deref(), Some(lists[1].id.as_str()));
    assert_eq!(card.closed, Some(true));
    Ok(())
}
