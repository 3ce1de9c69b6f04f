//! One Trello rate budget for a fleet: a [`RateLimitStore`] kept in Redis,
//! so every client of an API key and token — in this process, in other
//! processes, on other machines — shares Trello's limits instead of each
//! believing it owns them.
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use std::sync::Arc;
//! let store = trello_redis::RedisStore::connect("redis://127.0.0.1:6379/", b"one secret for the whole fleet".to_vec())?;
//! # let _ = Arc::new(store);
//! # Ok(()) }
//! ```
//!
//! How permits are decided (Trello's sliding window, one atomic script per
//! permit, Redis `TIME` as the clock) is told in [`RedisStore`]; what
//! happens when Redis is down or slow, in [`OnUnavailable`].
#![warn(missing_docs)]

mod local;
mod script;
#[cfg(feature = "test-server")]
mod server;
mod store;

#[cfg(feature = "test-server")]
pub use server::RedisServer;
pub use store::{OnUnavailable, RedisStore, RedisStoreBuilder};
pub use trello_core::policy::{RateLimitStore, StoreError};
