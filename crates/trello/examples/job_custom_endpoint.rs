//! Job 6, a custom endpoint: a route declared in your own crate with the
//! SDK's `#[endpoint]` attribute, sent like any other. Runs against the
//! offline sandbox, started here.
//!
//! ```sh
//! cargo run -q -p trello --example job_custom_endpoint
//! ```

use trello::{Client, Credentials, TrelloId, endpoint};
use trello_sandbox::{Sandbox, SandboxConfig};

/// The labels of a board, as much of each as this program needs.
#[endpoint(GET "/boards/{id}/labels", response = Vec<LabelName>)]
#[derive(Clone, Debug)]
struct BoardLabelNames {
    /// The board's id.
    #[path]
    id: TrelloId,
    /// Which label fields to return.
    #[query]
    fields: Option<Vec<String>>,
}

/// A label's colour and name.
#[derive(Debug, serde::Deserialize)]
struct LabelName {
    color: Option<String>,
    name: Option<String>,
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let sandbox = Sandbox::start(SandboxConfig::default()).await?;
    let token = sandbox.issue_token("read,write", "1hour").await;
    let client = Client::builder()
        .base_url(sandbox.api_url())
        .credentials(Credentials::new(sandbox.app_key(), token))
        .build()?;
    let board = client.boards().create("Custom").await?;

    let labels = client
        .send(BoardLabelNames::new(board.id.as_str()).fields(["color", "name"]))
        .await?;
    for label in labels {
        println!("{:?} {:?}", label.color, label.name);
    }
    // Bad input fails before the wire, naming the parameter.
    let err = client
        .send(BoardLabelNames::new("my board"))
        .await
        .unwrap_err();
    println!("{err}");
    Ok(())
}
