use trello_macros::endpoint;

#[endpoint(GET "/boards/{id}", response = trello_core::Ignored, crate = ::trello_core)]
pub struct GetBoard {
    #[path]
    id: String,
    #[path(name = "idList")]
    list: String,
}

fn main() {
    let _: Option<GetBoard> = None;
}
