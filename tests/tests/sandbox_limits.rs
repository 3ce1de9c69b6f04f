//! The sandbox's rate-limit rules, as Trello documents them, through both
//! backends' transports (below the SDK's own limiter and retries, so every
//! 429 the sandbox gives is seen): the key's limit spans all its tokens, the
//! `/1/members` family has its own per-token limit, and past N 429s in a
//! window every request of the key gets 429 for the rest of that window.

use std::time::Duration;

use bytes::Bytes;
use trello::Backend;
use trello_integration_tests::for_each_backend;
use trello_sandbox::{RateLimits, Sandbox, SandboxConfig};

async fn status(sandbox: &Sandbox, backend: Backend, path: &str, token: &str) -> (u16, String) {
    let transport = backend.transport().expect("transport");
    let request = http::Request::get(format!(
        "{}{path}?key={}&token={token}",
        sandbox.api_url(),
        sandbox.app_key()
    ))
    .body(Bytes::new())
    .expect("request");
    let answer = transport.send(request).await.expect("answer");
    let code = answer.status().as_u16();
    let body = answer
        .into_body()
        .collect_limited(1 << 20)
        .await
        .expect("body");
    (code, String::from_utf8_lossy(&body).into_owned())
}

fn limits(per_key: u32, per_token: u32, members: u32, block_after: u32) -> RateLimits {
    RateLimits {
        per_key,
        per_token,
        window: Duration::from_secs(60),
        members_per_token: members,
        members_window: Duration::from_secs(900),
        key_block_after_429s: block_after,
        enabled: true,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_key_limit_spans_its_tokens() {
    for_each_backend(|backend| async move {
        let sandbox = Sandbox::start(SandboxConfig {
            rate_limits: limits(4, 100, 100, 200),
            ..SandboxConfig::default()
        })
        .await
        .expect("sandbox");
        let a = sandbox.issue_token("read", "1day").await;
        let b = sandbox.issue_token("read", "1day").await;
        for token in [&a, &b, &a, &b] {
            assert_eq!(status(&sandbox, backend, "/members/me", token).await.0, 200);
        }
        let (code, body) = status(&sandbox, backend, "/members/me", &b).await;
        assert_eq!(
            code, 429,
            "{backend:?}: the 5th call of the key, on any token"
        );
        assert!(body.contains("API_KEY_LIMIT_EXCEEDED"), "{body}");
        // The window passes (the sandbox's clock moves): allowed again.
        sandbox.advance_clock(Duration::from_secs(61)).await;
        assert_eq!(status(&sandbox, backend, "/members/me", &a).await.0, 200);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_members_family_and_the_429_block() {
    for_each_backend(|backend| async move {
        let sandbox = Sandbox::start(SandboxConfig {
            rate_limits: limits(300, 100, 2, 3),
            ..SandboxConfig::default()
        })
        .await
        .expect("sandbox");
        let greedy = sandbox.issue_token("read", "1day").await;
        let polite = sandbox.issue_token("read", "1day").await;
        let board = sandbox.seed_board(None, "B").await.expect("board");
        let board_path = format!("/boards/{board}");

        for _ in 0..2 {
            assert_eq!(
                status(&sandbox, backend, "/members/me", &greedy).await.0,
                200
            );
        }
        // The members family's own limit, per token; other routes still pass.
        let (code, body) = status(&sandbox, backend, "/members/me", &greedy).await;
        assert_eq!(code, 429, "{backend:?}");
        assert!(body.contains("API_TOKEN_LIMIT_EXCEEDED"), "{body}");
        assert_eq!(status(&sandbox, backend, &board_path, &greedy).await.0, 200);
        assert_eq!(status(&sandbox, backend, &board_path, &polite).await.0, 200);

        // Three 429s are tolerated; the fourth blocks the whole key.
        for _ in 0..3 {
            assert_eq!(
                status(&sandbox, backend, "/members/me", &greedy).await.0,
                429
            );
        }
        let (code, body) = status(&sandbox, backend, &board_path, &polite).await;
        assert_eq!(code, 429, "{backend:?}: another token of the blocked key");
        assert!(body.contains("API_KEY_LIMIT_EXCEEDED"), "{body}");

        // The block ends with the window.
        sandbox.advance_clock(Duration::from_secs(61)).await;
        assert_eq!(status(&sandbox, backend, &board_path, &polite).await.0, 200);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_clock_expires_tokens_and_the_log_redacts_credentials() {
    for_each_backend(|backend| async move {
        let sandbox = Sandbox::start(SandboxConfig::default())
            .await
            .expect("sandbox");
        let token = sandbox.issue_token("read", "1hour").await;
        assert_eq!(
            status(&sandbox, backend, "/members/me", &token).await.0,
            200
        );
        sandbox.advance_clock(Duration::from_secs(3601)).await;
        let (code, body) = status(&sandbox, backend, "/members/me", &token).await;
        assert_eq!((code, body.as_str()), (401, "invalid token"), "{backend:?}");

        let log = sandbox.request_log().await;
        assert_eq!(log.len(), 2);
        assert_eq!(log[0].status, 200);
        assert_eq!(log[1].status, 401);
        assert!(log[0].uri.starts_with("/1/members/me?"), "{}", log[0].uri);
        let printed = format!("{log:?}");
        assert!(
            printed.contains("token=REDACTED") && printed.contains("key=REDACTED"),
            "{printed}"
        );
        assert!(
            !printed.contains(&token) && !printed.contains(sandbox.app_key()),
            "{printed}"
        );
    })
    .await;
}

#[tokio::test]
async fn the_start_line_names_everything_a_flow_needs() {
    let sandbox = Sandbox::start(SandboxConfig::default())
        .await
        .expect("sandbox");
    let token = sandbox.issue_token("read", "1day").await;
    let line = sandbox.start_line(&token);
    assert!(sandbox.api_url().ends_with("/1"));
    for part in [
        sandbox.api_url().as_str(),
        sandbox.app_key(),
        token.as_str(),
        sandbox.app_secret(),
        sandbox.oauth_consumer_secret(),
    ] {
        assert!(line.contains(part), "{line} lacks {part}");
    }
    assert!(!line.contains('\n'), "one line: {line}");
}
