use trello_macros::endpoint;

#[endpoint(GET "/boards/{}", response = trello_core::Ignored, crate = ::trello_core)]
pub struct GetBoard {
    #[query]
    fields: Option<String>,
}

fn main() {
    let _: Option<GetBoard> = None;
}
