//! `cargo run -p trello-sandbox`: starts the sandbox alone and prints its URL
//! and a demo key. Ctrl-C stops it.

use trello_sandbox::{Sandbox, SandboxConfig};

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let mut config = SandboxConfig::default();
    if let Ok(bind) = std::env::var("TRELLO_SANDBOX_BIND") {
        config.bind = bind.parse().map_err(|err| {
            std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!("TRELLO_SANDBOX_BIND={bind} is not an address like 127.0.0.1:8080: {err}"),
            )
        })?;
    }
    let sandbox = Sandbox::start(config).await?;
    let token = sandbox.issue_token("read,write,account", "1day").await;
    println!("Trello sandbox listening on {}", sandbox.url());
    println!("  API base URL : {}", sandbox.api_url());
    println!(
        "  authorize    : {}?key={}&scope=read&expiration=1day&response_type=token",
        sandbox.authorize_url(),
        sandbox.app_key()
    );
    println!("  demo API key : {}", sandbox.app_key());
    println!("  demo token   : {token}  (read,write,account; 1day)");
    println!("Press Ctrl-C to stop.");
    tokio::signal::ctrl_c().await?;
    Ok(())
}
