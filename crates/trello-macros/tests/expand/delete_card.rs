// Only a path parameter; the answer is ignored.

/// Deletes a card.
#[endpoint(DELETE "/cards/{id}", response = Ignored)]
pub(crate) struct DeleteCard {
    #[path]
    id: String,
}
