use trello_macros::endpoint;

#[endpoint(GET "/boards/{id", response = trello_core::Ignored, crate = ::trello_core)]
pub struct GetBoard {
    #[query]
    fields: Option<String>,
}

#[endpoint(GET "/boards/id}", response = trello_core::Ignored, crate = ::trello_core)]
pub struct GetBoard2 {
    #[query]
    fields: Option<String>,
}

fn main() {
    let _: Option<(GetBoard, GetBoard2)> = None;
}
