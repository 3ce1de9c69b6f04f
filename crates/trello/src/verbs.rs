//! The verbs people look for, as thin wrappers over the generated
//! endpoints: each returns the bound request (set more on it, then `.await`
//! it), so nothing here hides a parameter or a route.
//!
//! | verb | is |
//! |---|---|
//! | [`Cards::move_to`] | `PUT /cards/{id}` with `idList` (and optionally `pos`) |
//! | [`Cards::archive`] / [`Cards::unarchive`] | `PUT /cards/{id}` with `closed` |
//! | [`Cards::comment`] | `POST /cards/{id}/actions/comments` |
//! | [`Cards::label`] | `POST /cards/{id}/idLabels` with `value` |
//! | [`Cards::assign`] | `POST /cards/{id}/idMembers` with `value` |
//! | [`Cards::check`] / [`Cards::uncheck`] | `PUT /cards/{id}/checkItem/{idCheckItem}` with `state` |
//!
//! ```no_run
//! # async fn run(client: trello::Client) -> trello::Result<()> {
//! use trello::api::Position;
//!
//! let card = "5abbe4b7ddc1b351ef961414";
//! client.cards().move_to(card, "5abbe4b7ddc1b351ef961415").pos(Position::Top).await?;
//! client.cards().comment(card, "Moved to Doing").await?;
//! client.cards().label(card, "5abbe4b7ddc1b351ef961416").await?;
//! client.cards().check(card, "5abbe4b7ddc1b351ef961417").await?;
//! client.cards().archive(card).await?;
//! # Ok(()) }
//! ```
//!
//! Ids are checked before anything is sent: a value that is not a Trello
//! id fails with [`Error::InvalidInput`](crate::Error::InvalidInput) naming
//! the parameter.

use crate::{
    Bound, IdOrShortLink, TrelloId,
    api::{
        AddCardLabel, AddCardMember, Cards, CreateCardActionComment, State, UpdateCard,
        UpdateCardCheckItem,
    },
};

impl<'c> Cards<'c> {
    /// Moves card `card` to list `list` (on the same board or, with
    /// `.id_board(..)`, another one). Add `.pos(Position::Top)` to choose
    /// where in the list.
    pub fn move_to(
        &self,
        card: impl Into<IdOrShortLink>,
        list: impl Into<TrelloId>,
    ) -> UpdateCard<Bound<'c>> {
        self.update(card).id_list(list)
    }

    /// Archives card `card` (Trello's `closed = true`); it leaves the board's
    /// lists but can be brought back with [`Cards::unarchive`].
    pub fn archive(&self, card: impl Into<IdOrShortLink>) -> UpdateCard<Bound<'c>> {
        self.update(card).closed(true)
    }

    /// Brings archived card `card` back to its list (`closed = false`).
    pub fn unarchive(&self, card: impl Into<IdOrShortLink>) -> UpdateCard<Bound<'c>> {
        self.update(card).closed(false)
    }

    /// Adds a comment with `text` to card `card`; answers the
    /// `commentCard` action.
    pub fn comment(
        &self,
        card: impl Into<IdOrShortLink>,
        text: impl Into<String>,
    ) -> CreateCardActionComment<Bound<'c>> {
        self.create_action_comment(card, text)
    }

    /// Puts the board's label `label` on card `card`.
    pub fn label(
        &self,
        card: impl Into<IdOrShortLink>,
        label: impl Into<TrelloId>,
    ) -> AddCardLabel<Bound<'c>> {
        self.add_label(card).value(label)
    }

    /// Adds member `member` to card `card`.
    pub fn assign(
        &self,
        card: impl Into<IdOrShortLink>,
        member: impl Into<TrelloId>,
    ) -> AddCardMember<Bound<'c>> {
        self.add_member(card).value(member)
    }

    /// Marks check item `check_item` of card `card` complete.
    pub fn check(
        &self,
        card: impl Into<IdOrShortLink>,
        check_item: impl Into<TrelloId>,
    ) -> UpdateCardCheckItem<Bound<'c>> {
        self.update_check_item(card, check_item)
            .state(State::Complete)
    }

    /// Marks check item `check_item` of card `card` incomplete.
    pub fn uncheck(
        &self,
        card: impl Into<IdOrShortLink>,
        check_item: impl Into<TrelloId>,
    ) -> UpdateCardCheckItem<Bound<'c>> {
        self.update_check_item(card, check_item)
            .state(State::Incomplete)
    }
}
