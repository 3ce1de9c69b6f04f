use trello_macros::endpoint;

/// `{idList}` is in the path, but no field fills it.
#[endpoint(GET "/boards/{id}/lists/{idList}", response = trello_core::Ignored, crate = ::trello_core)]
pub struct GetList {
    #[path]
    id: String,
}

fn main() {
    // The struct is still emitted: naming it raises no follow-on error.
    let _: Option<GetList> = None;
}
