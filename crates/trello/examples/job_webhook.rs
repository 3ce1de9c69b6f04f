//! Job 4, a webhook: verify a delivery's signature and read it as a typed
//! delivery (the action and the model). The delivery is signed here with
//! the sandbox app's secret, as Trello signs it; the receiver is one call.
//!
//! ```sh
//! cargo run -q -p trello --example job_webhook
//! ```

use trello::{
    AppSecret,
    webhook::{self, WebhookDelivery, WebhookVerifier},
};
use trello_sandbox::{Sandbox, SandboxConfig};

const CALLBACK: &str = "https://example.com/trello/webhook";

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let sandbox = Sandbox::start(SandboxConfig::default()).await?;
    // What Trello would POST to the callback URL.
    let body = r#"{"action":{"id":"5f0c7d1e2a3b4c5d6e7f8091","type":"commentCard","date":"2026-12-01T09:00:00.000Z","data":{"text":"Ship it"}},"model":{"id":"5f0c7d1e2a3b4c5d6e7f8092","name":"Roadmap"}}"#;
    let signature = webhook::signature(
        &AppSecret::new(sandbox.app_secret()),
        body.as_bytes(),
        CALLBACK,
    );
    let request = trello::http::Request::post("/trello/webhook")
        .header(webhook::SIGNATURE_HEADER, signature)
        .body(body.as_bytes().to_vec())?;

    // The receiver.
    let verifier = WebhookVerifier::new(AppSecret::new(sandbox.app_secret()), CALLBACK);
    match verifier.receive::<WebhookDelivery, _>(&request)? {
        None => println!("Trello's HEAD check: answer 200"),
        Some(delivery) => println!(
            "{:?} on {:?}: {:?}",
            delivery.action.action_type,
            delivery.model.name,
            delivery.action.data.and_then(|d| d.text)
        ),
    }
    // A forged delivery is refused.
    let forged = trello::http::Request::post("/trello/webhook")
        .header(webhook::SIGNATURE_HEADER, "bm9wZQ==")
        .body(body.as_bytes().to_vec())?;
    println!(
        "forged: {}",
        verifier.receive::<WebhookDelivery, _>(&forged).unwrap_err()
    );
    Ok(())
}
