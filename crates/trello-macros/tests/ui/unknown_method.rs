use trello_macros::endpoint;

#[endpoint(PATCH "/cards/{id}", response = trello_core::Ignored, crate = ::trello_core)]
pub struct PatchCard {
    #[path]
    id: String,
}

fn main() {
    let _: Option<PatchCard> = None;
}
