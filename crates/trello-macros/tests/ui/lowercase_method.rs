use trello_macros::endpoint;

#[endpoint(get "/cards/{id}", response = trello_core::Ignored, crate = ::trello_core)]
pub struct GetCard {
    #[path]
    id: String,
}

fn main() {
    let _: Option<GetCard> = None;
}
