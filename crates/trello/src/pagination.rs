//! Every action of a board, card or list, as a [stream](futures_util::Stream) that pages for
//! you.
//!
//! Trello answers `GET /boards/{id}/actions` (and the card and list
//! routes) newest first, at most 1000 actions a call. [`ActionPages`] asks
//! for `limit` actions, then for the ones `before` the last action it got
//! (by id, which encodes the creation time), until a page comes back
//! shorter than `limit`. With [`ActionPages::since`] it stops at that
//! date ([`ActionPages::since_action`]: at that action); with
//! [`ActionPages::oldest_first`] it yields the same actions in the other
//! order.
//!
//! ```no_run
//! # async fn run(client: trello::Client) -> trello::Result<()> {
//! use futures_util::TryStreamExt;
//!
//! let since: trello::chrono::DateTime<trello::chrono::Utc> = "2026-11-01T00:00:00Z".parse().unwrap();
//! let mut actions = client
//!     .board_actions("5abbe4b7ddc1b351ef961414")
//!     .since(since)
//!     .oldest_first()
//!     .stream();
//! while let Some(action) = actions.try_next().await? {
//!     println!("{} {:?}", action.id, action.action_type);
//! }
//! # Ok(()) }
//! ```
//!
//! A failed page ends the stream with its error (after the actions of the
//! pages before it); the stream can then be started again with
//! [`ActionPages::before_action`] set to the last action received. A server
//! that does not move its cursor (it answers a page that ends where the
//! previous one ended, i.e. it ignores `before`) ends the stream with an
//! [`Error::Decode`] instead of looping forever.

use std::{collections::VecDeque, pin::Pin};

use chrono::{DateTime, SecondsFormat, Utc};
use futures_util::{
    FutureExt,
    stream::{self, Stream},
};
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
    oldest_first: bool,
    extra: Vec<(String, String)>,
}

/// Trello's wire form of a date cursor: ISO 8601 with milliseconds, UTC.
fn wire_date(date: DateTime<Utc>) -> String {
    date.to_rfc3339_opts(SecondsFormat::Millis, true)
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
            oldest_first: false,
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

    /// Only the actions older than `date`.
    pub fn before(mut self, date: DateTime<Utc>) -> Self {
        self.before = Some(wire_date(date));
        self
    }

    /// Only the actions older than the action `id`, e.g. to resume after the
    /// last action received.
    pub fn before_action(mut self, id: impl Into<String>) -> Self {
        self.before = Some(id.into());
        self
    }

    /// Only the actions newer than `date`: the walk stops there. This is
    /// the "sync since my last run" setting.
    pub fn since(mut self, date: DateTime<Utc>) -> Self {
        self.since = Some(wire_date(date));
        self
    }

    /// Only the actions newer than the action `id` (e.g. the newest one of
    /// the last sync).
    pub fn since_action(mut self, id: impl Into<String>) -> Self {
        self.since = Some(id.into());
        self
    }

    /// Yield the actions oldest first. Trello only pages newest first, so
    /// the stream fetches every page before its first item: bound the walk
    /// with [`ActionPages::since`] when the history is long.
    pub fn oldest_first(mut self) -> Self {
        self.oldest_first = true;
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

    /// The actions, newest first (or oldest first, see
    /// [`ActionPages::oldest_first`]), fetched page by page as the stream is
    /// polled.
    pub fn stream(self) -> ActionStream {
        if self.oldest_first {
            return self.stream_oldest_first();
        }
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
                match state.pages.next_page().await {
                    Ok((page, done)) => {
                        state.done = done;
                        state.buffer.extend(page);
                    }
                    Err(err) => state.failed = Some(err),
                }
            }
        }))
    }

    /// Every page first, then the actions in reverse.
    fn stream_oldest_first(mut self) -> ActionStream {
        Box::pin(FutureExt::flatten_stream(async move {
            let mut all = Vec::new();
            let result = match self.check() {
                Err(err) => Err(err),
                Ok(()) => loop {
                    match self.next_page().await {
                        Ok((page, done)) => {
                            all.extend(page);
                            if done {
                                break Ok(());
                            }
                        }
                        Err(err) => break Err(err),
                    }
                },
            };
            // A failure yields nothing but the error: a partial oldest-first
            // walk would skip the oldest actions without saying so.
            let items: Vec<Result<Action>> = match result {
                Ok(()) => all.into_iter().rev().map(Ok).collect(),
                Err(err) => vec![Err(err)],
            };
            stream::iter(items)
        }))
    }

    /// One page, the cursor moved past it, and whether it was the last.
    async fn next_page(&mut self) -> Result<(Vec<Action>, bool)> {
        let page = self.page().await?;
        let limit = usize::try_from(self.limit).unwrap_or(usize::MAX);
        let mut done = page.len() < limit;
        match page.last() {
            Some(last) => {
                if let Some(previous) = &self.before
                    && page.iter().any(|action| &action.id == previous)
                {
                    return Err(Error::Decode {
                        route: format!("GET {}", self.of.template()),
                        path: "[].id".to_owned(),
                        message: format!(
                            "the server did not move its cursor: asked for the actions before \
                             `{previous}` it answered that action again (it ignores `before`); \
                             the walk stops here instead of looping"
                        ),
                    });
                }
                self.before = Some(last.id.clone());
            }
            None => done = true,
        }
        Ok((page, done))
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
