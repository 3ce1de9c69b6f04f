use trello_macros::endpoint;

#[endpoint(PUT "/cards/{id}", response = trello_core::Ignored, crate = ::trello_core)]
pub struct UpdateCard {
    #[path]
    id: String,
    #[query]
    #[body]
    name: Option<String>,
}

fn main() {
    let _: Option<UpdateCard> = None;
}
