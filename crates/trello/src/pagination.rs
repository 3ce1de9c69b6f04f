//! Every action of a board, card or list, as a [`Stream`] that pages for
//! you.
//!
//! Trello answers `GET /boards/{id}/actions` (and the card and list
//! routes) newest first, at most 1000 actions a call. [`ActionPages`] asks
//! for `limit` actions, then for the ones `before` the last action it got
//! (by id, which encodes the creation time), until a page comes back
//! shorter than `limit`. With [`ActionPages::since`] it stops at that
//! action or date.
//!
//! ```no_run
//! # async fn run(client: trello::Client) -> trello::Result<()> {
//! use futures_util::TryStreamExt;
//!
//! let mut actions = client.board_actions("5abbe4b7ddc1b351ef961414").limit(500).stream();
//! while let Some(action) = actions.try_next().await? {
//!     println!("{} {:?}", action.id, action.action_type);
//! }
//! # Ok(()) }
//! ```
//!
//! A failed page ends the stream with its error (after the actions of the
//! pages before it); the stream can then be started again with
//! [`ActionPages::before`] set to the last action received.

use std::{collections::VecDeque, pin::Pin};

use futures_util::stream::{self, Stream};
use trello_core::{client::decode, params::encode_path_segment};

use crate::{Client, Error, Method, Result, models::Action};

/// The most actions Trello returns in one call.
pub const MAX_LIMIT: u32 = 1000;

/// What the actions belong to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ActionsOf {
    /// A board: `GET /boards/{id}/actions`.
    Board,
    /// A card: `GET /cards/{id}/actions`.
    Card,
    /// A list: `GET /lists/{id}/actions`.
    List,
}

impl ActionsOf {
    /// The route template.
    pub const fn template(self) -> &'static str {
        match self {
            Self::Board => "/boards/{id}/actions",
            Self::Card => "/cards/{id}/actions",
            Self::List => "/lists/{id}/actions",
        }
    }

    const fn prefix(self) -> &'static str {
        match self {
            Self::Board => "/boards/",
            Self::Card => "/cards/",
            Self::List => "/lists/",
        }
    }
}

/// A paged walk over the actions of a board, card or list; build it with
/// [`Client::board_actions`], [`Client::card_actions`] or
/// [`Client::list_actions`], set what you need, then call
/// [`ActionPages::stream`].
#[derive(Clone, Debug)]
#[must_use = "nothing is sent until the stream is polled"]
pub struct ActionPages {
    client: Client,
    of: ActionsOf,
    id: String,
    limit: u32,
    before: Option<String>,
    since: Option<String>,
    extra: Vec<(String, String)>,
}

/// The stream of [`ActionPages::stream`].
pub type ActionStream = Pin<Box<dyn Stream<Item = Result<Action>> + Send + 'static>>;

impl ActionPages {
    /// The actions of the board, card or list `id`, [`MAX_LIMIT`] a call,
    /// from the newest.
    pub fn new(client: &Client, of: ActionsOf, id: impl Into<String>) -> Self {
        Self {
            client: client.clone(),
            of,
            id: id.into(),
            limit: MAX_LIMIT,
            before: None,
            since: None,
            extra: Vec::new(),
        }
    }

    /// How many actions each call asks for: 1 to [`MAX_LIMIT`] (default
    /// 1000). Other values make the stream's first item an
    /// [`Error::InvalidInput`], before anything is sent.
    pub fn limit(mut self, limit: u32) -> Self {
        self.limit = limit;
        self
    }

    /// Start with the actions older than this action id or date (ISO 8601),
    /// e.g. to resume after the last action received.
    pub fn before(mut self, before: impl Into<String>) -> Self {
        self.before = Some(before.into());
        self
    }

    /// Stop at this action id or date (ISO 8601): only newer actions are
    /// returned.
    pub fn since(mut self, since: impl Into<String>) -> Self {
        self.since = Some(since.into());
        self
    }

    /// Only these action types (Trello's `filter`, comma-joined), e.g.
    /// `["commentCard", "updateCard:idList"]`.
    pub fn filter<I, S>(self, types: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let types: Vec<String> = types.into_iter().map(Into::into).collect();
        self.param("filter", types.join(","))
    }

    /// Any other query parameter of the route (`fields`, `memberCreator`,
    /// `display`, …), sent with every page. `limit`, `before` and `since`
    /// are set by their own methods.
    pub fn param(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.extra.push((name.into(), value.into()));
        self
    }

    /// The actions, newest first, fetched page by page as the stream is
    /// polled.
    pub fn stream(self) -> ActionStream {
        let first = self.check().err();
        let state = State {
            pages: self,
            buffer: VecDeque::new(),
            done: false,
            failed: first,
        };
        Box::pin(stream::unfold(state, |mut state| async move {
            loop {
                if let Some(err) = state.failed.take() {
                    state.done = true;
                    state.buffer.clear();
                    return Some((Err(err), state));
                }
                if let Some(action) = state.buffer.pop_front() {
                    return Some((Ok(action), state));
                }
                if state.done {
                    return None;
                }
                match state.pages.page().await {
                    Ok(page) => {
                        let limit = usize::try_from(state.pages.limit).unwrap_or(usize::MAX);
                        if page.len() < limit {
                            state.done = true;
                        }
                        match page.last() {
                            Some(last) => state.pages.before = Some(last.id.clone()),
                            None => state.done = true,
                        }
                        state.buffer.extend(page);
                    }
                    Err(err) => state.failed = Some(err),
                }
            }
        }))
    }

    fn check(&self) -> Result<()> {
        if self.limit == 0 || self.limit > MAX_LIMIT {
            return Err(Error::invalid_input(format!(
                "parameter `limit` is {}; Trello returns 1 to {MAX_LIMIT} actions a call",
                self.limit
            )));
        }
        if let Some((name, _)) = self
            .extra
            .iter()
            .find(|(name, _)| matches!(name.as_str(), "limit" | "before" | "since" | "page"))
        {
            return Err(Error::invalid_input(format!(
                "parameter `{name}` is set by the pager; use its `limit`, `before` or `since`"
            )));
        }
        encode_path_segment("id", &self.id).map(drop)
    }

    /// One call: the actions before the cursor.
    async fn page(&self) -> Result<Vec<Action>> {
        let path = format!(
            "{}{}/actions",
            self.of.prefix(),
            encode_path_segment("id", &self.id)?
        );
        let limit = self.limit.to_string();
        let mut query: Vec<(&str, &str)> = vec![("limit", &limit)];
        if let Some(before) = &self.before {
            query.push(("before", before));
        }
        if let Some(since) = &self.since {
            query.push(("since", since));
        }
        query.extend(self.extra.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        let response = self
            .client
            .request_bytes(Method::Get, &path, &query, None)
            .await?;
        decode(Method::Get, self.of.template(), response.body())
    }
}

struct State {
    pages: ActionPages,
    buffer: VecDeque<Action>,
    done: bool,
    failed: Option<Error>,
}

impl Client {
    /// The actions of board `id`, paged: see [`ActionPages`].
    pub fn board_actions(&self, id: impl Into<String>) -> ActionPages {
        ActionPages::new(self, ActionsOf::Board, id)
    }

    /// The actions of card `id`, paged: see [`ActionPages`].
    pub fn card_actions(&self, id: impl Into<String>) -> ActionPages {
        ActionPages::new(self, ActionsOf::Card, id)
    }

    /// The actions of list `id`, paged: see [`ActionPages`].
    pub fn list_actions(&self, id: impl Into<String>) -> ActionPages {
        ActionPages::new(self, ActionsOf::List, id)
    }
}
