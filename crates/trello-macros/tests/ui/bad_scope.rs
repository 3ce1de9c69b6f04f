use trello_macros::endpoint;

#[endpoint(
    GET "/boards/{id}",
    response = trello_core::Ignored,
    scopes = ["read:board:trello", "read board", "read:board:trello", "read::trello"],
    crate = ::trello_core
)]
pub struct GetBoard {
    #[path]
    id: String,
}

fn main() {
    let _: Option<GetBoard> = None;
}
