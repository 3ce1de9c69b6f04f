// A POST without path parameters: required and optional body parameters,
// targeting trello_core directly.

/// Creates a card.
#[endpoint(POST "/cards", response = Card, crate = ::trello_core)]
pub struct CreateCard {
    /// The list to add the card to.
    #[body(name = "idList")]
    id_list: String,
    #[body]
    name: Option<String>,
    /// Members to assign.
    #[body(name = "idMembers")]
    id_members: Option<Vec<String>>,
}
