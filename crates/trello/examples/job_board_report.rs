//! Job 1, a board report: its lists with their cards, each card's labels,
//! members and due date. Runs against the offline sandbox, started here.
//!
//! ```sh
//! cargo run -q -p trello --example job_board_report
//! ```

use trello::{Client, Credentials};
use trello_sandbox::{Sandbox, SandboxConfig};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let sandbox = Sandbox::start(SandboxConfig::default()).await?;
    let token = sandbox.issue_token("read,write", "1hour").await;
    let client = Client::builder()
        .base_url(sandbox.api_url())
        .credentials(Credentials::new(sandbox.app_key(), token))
        .build()?;
    let board = client.boards().create("Report").await?; // To Do, Doing, Done
    let lists = client.boards().lists(board.id.as_str()).await?;
    client
        .cards()
        .create(lists[0].id.as_str())
        .name("Write the report")
        .await?;

    // The report.
    let cards = client.boards().cards(board.id.as_str()).await?;
    let labels = client.boards().labels(board.id.as_str()).await?;
    println!("# {}", board.name.unwrap_or_default());
    for list in &lists {
        println!("## {}", list.name.as_deref().unwrap_or("?"));
        for card in cards
            .iter()
            .filter(|c| c.id_list.as_ref() == Some(&list.id))
        {
            let card_labels: Vec<_> = labels
                .iter()
                .filter(|l| card.id_labels.iter().flatten().any(|id| *id == l.id))
                .filter_map(|l| l.name.as_deref())
                .collect();
            let due = card
                .due
                .map(|d| d.to_rfc3339())
                .unwrap_or_else(|| "no due date".into());
            let members = card.id_members.as_ref().map_or(0, Vec::len);
            println!(
                "- {} {card_labels:?}, {members} member(s), {due}",
                card.name.as_deref().unwrap_or("?")
            );
        }
    }
    Ok(())
}
