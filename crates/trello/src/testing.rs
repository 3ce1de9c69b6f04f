//! Test doubles for code that uses the SDK (feature `testing`).
//!
//! [`MockTransport`] is a [`Transport`] that answers from a queue and records
//! what it was sent, for unit tests that need no server at all:
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), trello::Error> {
//! use trello::testing::{MockAnswer, MockTransport};
//!
//! let mock = MockTransport::new();
//! mock.push(MockAnswer::json(200, &serde_json::json!({"id": "5abbe4b7ddc1b351ef961414", "name": "Hello"})));
//! let client = mock.client()?;
//! let card = client.cards().get("5abbe4b7ddc1b351ef961414").await?;
//! assert_eq!(card.name.as_deref(), Some("Hello"));
//!
//! let sent = mock.requests();
//! assert_eq!(sent[0].method, "GET");
//! assert_eq!(sent[0].path, "/1/cards/5abbe4b7ddc1b351ef961414");
//! # Ok(()) }
//! ```
//!
//! It runs below the SDK's auth, rate-limit, retry and decode layers, so a
//! test sees exactly what the SDK would do with Trello's answer (a queued
//! `429` is retried, a `401 invalid token` becomes [`Error::InvalidToken`](crate::Error)).
//! Users need neither `async-trait` nor `http` as their own dependencies.
//! For tests against a stateful Trello on loopback, use the `trello-sandbox`
//! crate instead (see the README).

use std::{
    collections::VecDeque,
    fmt,
    sync::{Arc, Mutex, MutexGuard},
};

use bytes::Bytes;
use serde_json::Value;
use trello_core::{Body, Transport, TransportError, TransportErrorKind};

use crate::{Client, Credentials, Error};

/// The base URL a [`MockTransport::client`] uses (never contacted).
pub const MOCK_BASE_URL: &str = "https://api.trello.com/1";

/// One queued answer.
#[derive(Clone, Debug)]
pub struct MockAnswer {
    kind: AnswerKind,
}

#[derive(Clone, Debug)]
enum AnswerKind {
    Response {
        status: u16,
        headers: Vec<(String, String)>,
        body: Bytes,
    },
    Fail(TransportErrorKind, String),
}

impl MockAnswer {
    /// A JSON answer with `status`.
    pub fn json(status: u16, body: &Value) -> Self {
        Self::raw(status, body.to_string()).header("content-type", "application/json")
    }

    /// A plain-text answer with `status` (Trello's errors are plain text,
    /// e.g. `MockAnswer::text(401, "invalid token")`).
    pub fn text(status: u16, body: impl Into<String>) -> Self {
        Self::raw(status, body.into()).header("content-type", "text/plain; charset=utf-8")
    }

    /// An answer with `status` and this body, no headers.
    pub fn raw(status: u16, body: impl Into<Bytes>) -> Self {
        Self {
            kind: AnswerKind::Response {
                status,
                headers: Vec::new(),
                body: body.into(),
            },
        }
    }

    /// Trello's `429` for a token over its limit.
    pub fn rate_limited() -> Self {
        Self::json(
            429,
            &serde_json::json!({"error": "API_TOKEN_LIMIT_EXCEEDED", "message": "Rate limit exceeded"}),
        )
    }

    /// No answer: the transport fails to connect.
    pub fn connect_error() -> Self {
        Self {
            kind: AnswerKind::Fail(
                TransportErrorKind::Connect,
                "mock: connection refused".into(),
            ),
        }
    }

    /// No answer: the transport times out.
    pub fn timeout() -> Self {
        Self {
            kind: AnswerKind::Fail(TransportErrorKind::Timeout, "mock: timed out".into()),
        }
    }

    /// Adds a header to the answer (ignored on failures).
    pub fn header(mut self, name: &str, value: &str) -> Self {
        if let AnswerKind::Response { headers, .. } = &mut self.kind {
            headers.push((name.to_owned(), value.to_owned()));
        }
        self
    }
}

/// A request the mock received. Credentials are redacted: the
/// `Authorization` header's value and `key`, `token` and `oauth_*` query
/// values read `REDACTED`.
#[derive(Clone, PartialEq, Eq)]
pub struct RecordedRequest {
    /// The method, e.g. `GET`.
    pub method: String,
    /// The path, e.g. `/1/boards/5abbe4b7ddc1b351ef961400`.
    pub path: String,
    /// The decoded query pairs, in order.
    pub query: Vec<(String, String)>,
    /// The headers, lower-case names, in order.
    pub headers: Vec<(String, String)>,
    /// The body as sent.
    pub body: Bytes,
}

impl RecordedRequest {
    /// The first query value named `name`.
    pub fn query_value(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The first header named `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The body parsed as JSON, when it is JSON.
    pub fn body_json(&self) -> Option<Value> {
        serde_json::from_slice(&self.body).ok()
    }
}

impl fmt::Debug for RecordedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RecordedRequest")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("query", &self.query)
            .field("headers", &self.headers)
            .field("body", &String::from_utf8_lossy(&self.body))
            .finish()
    }
}

#[derive(Debug, Default)]
struct State {
    answers: VecDeque<MockAnswer>,
    requests: Vec<RecordedRequest>,
}

/// A [`Transport`] answering from a queue and recording every request.
/// Clones share the queue and the record.
#[derive(Clone, Debug, Default)]
pub struct MockTransport {
    state: Arc<Mutex<State>>,
}

impl MockTransport {
    /// An empty mock: every request fails with a transport error saying no
    /// answer was queued, until answers are pushed.
    pub fn new() -> Self {
        Self::default()
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A test that panicked while holding the lock leaves usable data.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Queues an answer for the next request.
    pub fn push(&self, answer: MockAnswer) -> &Self {
        self.lock().answers.push_back(answer);
        self
    }

    /// Queues a JSON answer for the next request.
    pub fn push_json(&self, status: u16, body: &Value) -> &Self {
        self.push(MockAnswer::json(status, body))
    }

    /// The requests received so far, oldest first.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.lock().requests.clone()
    }

    /// How many queued answers are left.
    pub fn remaining(&self) -> usize {
        self.lock().answers.len()
    }

    /// A client sending through this mock, with placeholder credentials,
    /// [`MOCK_BASE_URL`] and no rate limits.
    pub fn client(&self) -> Result<Client, Error> {
        Client::builder()
            .transport(self.clone())
            .base_url(MOCK_BASE_URL)
            .credentials(Credentials::new("mock-key", "mock-token"))
            .no_rate_limits()
            .build()
    }
}

fn redact_query(query: &str) -> Vec<(String, String)> {
    url::form_urlencoded::parse(query.as_bytes())
        .map(|(k, v)| {
            let secret = matches!(k.as_ref(), "key" | "token") || k.starts_with("oauth_");
            let v = if secret {
                "REDACTED".into()
            } else {
                v.into_owned()
            };
            (k.into_owned(), v)
        })
        .collect()
}

#[async_trait::async_trait]
impl Transport for MockTransport {
    async fn send(
        &self,
        request: http::Request<Bytes>,
    ) -> Result<http::Response<Body>, TransportError> {
        let (parts, body) = request.into_parts();
        let recorded = RecordedRequest {
            method: parts.method.to_string(),
            path: parts.uri.path().to_owned(),
            query: parts.uri.query().map(redact_query).unwrap_or_default(),
            headers: parts
                .headers
                .iter()
                .map(|(k, v)| {
                    let value = if k == http::header::AUTHORIZATION {
                        "REDACTED".to_owned()
                    } else {
                        String::from_utf8_lossy(v.as_bytes()).into_owned()
                    };
                    (k.as_str().to_owned(), value)
                })
                .collect(),
            body,
        };
        let route = format!("{} {}", recorded.method, recorded.path);
        let answer = {
            let mut state = self.lock();
            state.requests.push(recorded);
            state.answers.pop_front()
        };
        match answer.map(|a| a.kind) {
            None => Err(TransportError::new(
                TransportErrorKind::Other,
                format!(
                    "MockTransport: no answer queued for {route}; push one with MockTransport::push"
                ),
            )),
            Some(AnswerKind::Fail(kind, message)) => Err(TransportError::new(kind, message)),
            Some(AnswerKind::Response {
                status,
                headers,
                body,
            }) => {
                let mut builder = http::Response::builder().status(status);
                for (name, value) in &headers {
                    builder = builder.header(name.as_str(), value.as_str());
                }
                builder.body(Body::from(body)).map_err(|err| {
                    TransportError::new(
                        TransportErrorKind::Other,
                        format!("MockTransport: the queued answer is not valid HTTP: {err}"),
                    )
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn answers_in_order_records_redacted_and_fails_clearly_when_empty() {
        let mock = MockTransport::new();
        mock.push_json(
            200,
            &serde_json::json!({"id": "5abbe4b7ddc1b351ef961400", "name": "B"}),
        )
        .push(MockAnswer::text(401, "invalid token"));
        let client = mock.client().expect("client");
        let board = client
            .boards()
            .get("5abbe4b7ddc1b351ef961400")
            .await
            .expect("decoded");
        assert_eq!(board.name.as_deref(), Some("B"));
        let err = client
            .boards()
            .get("5abbe4b7ddc1b351ef961400")
            .await
            .expect_err("401");
        assert!(matches!(err, Error::InvalidToken), "{err:?}");
        let err = client
            .boards()
            .get("5abbe4b7ddc1b351ef961400")
            .await
            .expect_err("empty queue");
        assert!(
            err.to_string().contains("no answer queued")
                || format!("{err:?}").contains("no answer queued"),
            "{err:?}"
        );

        let sent = mock.requests();
        assert_eq!(sent.len(), 3);
        assert_eq!(sent[0].path, "/1/boards/5abbe4b7ddc1b351ef961400");
        let auth = sent[0].header("authorization").expect("auth header");
        assert_eq!(auth, "REDACTED");
        assert!(!format!("{sent:?}").contains("mock-token"));
        assert_eq!(mock.remaining(), 0);
    }
}
