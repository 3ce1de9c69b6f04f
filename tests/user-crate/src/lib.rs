//! A user's code that talks to Trello: archives every card of a list whose
//! name starts with `[done]`.

use trello::{Client, Error};

/// Archives the `[done]` cards of `list_id`; returns how many it archived.
pub async fn archive_done_cards(client: &Client, list_id: &str) -> Result<usize, Error> {
    let cards = client.lists().cards(list_id).await?;
    let mut archived = 0;
    for card in cards {
        if card.name.as_deref().is_some_and(|n| n.starts_with("[done]")) {
            client.cards().update(card.id.as_str()).closed(true).await?;
            archived += 1;
        }
    }
    Ok(archived)
}
