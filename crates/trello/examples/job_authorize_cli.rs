//! Job 5, a CLI authorize flow: print the authorize URL for the user to
//! open, take the token they paste back, check what it grants. Runs against
//! the offline sandbox, started here; the user's paste is simulated.
//!
//! ```sh
//! cargo run -q -p trello --example job_authorize_cli
//! ```

use trello::{
    AuthorizeUrl, Client, Credentials,
    authorize::{Expiration, Scope},
};
use trello_sandbox::{Sandbox, SandboxConfig};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let sandbox = Sandbox::start(SandboxConfig::default()).await?;
    let url = AuthorizeUrl::new(sandbox.app_key())
        .base_url(&sandbox.api_url())
        .name("My CLI")
        .scope(Scope::READ)
        .expiration(Expiration::OneDay)
        .build()?; // no return_url: Trello shows the token for the user to copy
    println!("Open this URL, click Allow, and paste the token here:\n{url}");
    let pasted = sandbox.issue_token("read", "1day").await; // stands in for reading stdin

    let client = Client::builder()
        .base_url(sandbox.api_url())
        .credentials(Credentials::new(sandbox.app_key(), pasted.trim()))
        .build()?;
    let me = client.members().get("me").await?;
    let grant = client.tokens().get(pasted.trim()).await?;
    println!(
        "authorized as @{}; the token grants {:?}",
        me.username.unwrap_or_default(),
        grant.permissions
    );
    Ok(())
}
