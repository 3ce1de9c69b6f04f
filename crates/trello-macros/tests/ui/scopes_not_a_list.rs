use trello_macros::endpoint;

#[endpoint(
    GET "/boards/{id}",
    response = trello_core::Ignored,
    scopes = ["read:board:trello", read],
    crate = ::trello_core
)]
pub struct GetBoard {
    #[path]
    id: String,
}

fn main() {
    let _: Option<GetBoard> = None;
}
