use trello_macros::endpoint;

#[endpoint(GET "/boards/{id}", response = trello_core::Ignored, crate = ::trello_core)]
pub struct GetBoard {
    #[path]
    id: String,
    #[query(name = "card_pluginData")]
    card_plugin_data: Option<bool>,
    #[query(name = "card_pluginData")]
    plugin_data: Option<bool>,
}

fn main() {
    let _: Option<GetBoard> = None;
}
