//! `cargo run -p trello-sandbox`: starts the sandbox alone and prints its base
//! URL, the demo key, a token, the app secret and the OAuth consumer secret. Ctrl-C stops it.

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
    // One line with everything a flow needs, then the same spelled out.
    println!("{}", sandbox.start_line(&token));
    println!("  API base URL : {}", sandbox.api_url());
    println!(
        "  authorize    : {}?key={}&scope=read&expiration=1day&response_type=token",
        sandbox.authorize_url(),
        sandbox.app_key()
    );
    println!("  demo API key : {}", sandbox.app_key());
    println!("  demo token   : {token}  (read,write,account; 1day)");
    println!(
        "  app secret   : {}  (webhook signatures)",
        sandbox.app_secret()
    );
    println!(
        "  OAuth consumer secret: {}  (OAuth 1.0a signing)",
        sandbox.oauth_consumer_secret()
    );
    println!("Press Ctrl-C to stop.");
    tokio::signal::ctrl_c().await?;
    Ok(())
}
