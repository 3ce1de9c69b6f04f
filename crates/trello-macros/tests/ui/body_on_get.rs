use trello_macros::endpoint;

#[endpoint(GET "/boards/{id}", response = trello_core::Ignored, crate = ::trello_core)]
pub struct GetBoard {
    #[path]
    id: String,
    #[body]
    name: Option<String>,
}

fn main() {
    let _: Option<GetBoard> = None;
}
