//! What the generated `Endpoint` impls put on the wire and in the metadata,
//! checked without a server.

use std::borrow::Cow;

use serde_json::json;
use trello_core::{
    Endpoint, Ignored, Method, ParamKind, ParamLocation, ParamValue, RequestBody, meta::registry,
};
use trello_macros::endpoint;

/// An enum sent by its wire names.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Filter {
    Open,
    Closed,
}

impl ParamValue for Filter {
    const KIND: ParamKind = ParamKind::Enum;
    const ALLOWED: &'static [&'static str] = &["open", "closed"];
    fn to_wire(&self) -> Cow<'_, str> {
        Cow::Borrowed(match self {
            Self::Open => "open",
            Self::Closed => "closed",
        })
    }
}

/// Lists of a board.
#[endpoint(GET "/boards/{id}/lists/{filter}", response = serde_json::Value, crate = ::trello_core)]
#[derive(Clone, Debug)]
struct GetLists {
    /// The board.
    #[path]
    id: String,
    /// Which lists.
    #[path]
    filter: Filter,
    /// Required query parameter.
    #[query]
    cards: String,
    /// Optional list.
    #[query]
    fields: Option<Vec<String>>,
    /// Optional boolean with a wire name.
    #[query(name = "card_pluginData")]
    card_plugin_data: Option<bool>,
    /// Optional enum list.
    #[query]
    states: Option<Vec<Filter>>,
}

/// Creates something.
#[endpoint(POST "/things", response = serde_json::Value, crate = ::trello_core)]
struct CreateThing {
    #[body(name = "idList")]
    id_list: String,
    #[body]
    closed: Option<bool>,
    #[body]
    pos: Option<f64>,
    #[body(name = "idMembers")]
    id_members: Option<Vec<String>>,
    #[query]
    r#type: Option<String>,
}

/// Deletes something.
#[endpoint(DELETE "/things/{id}", response = Ignored, crate = ::trello_core)]
struct DeleteThing {
    #[path]
    id: String,
}

#[test]
fn path_query_and_order() {
    let parts = GetLists::new("b1", Filter::Closed, "all")
        .card_plugin_data(false)
        .fields(["name", "closed"])
        .states([Filter::Open, Filter::Closed])
        .to_parts()
        .unwrap();
    assert_eq!(parts.path, "/boards/b1/lists/closed");
    // Declaration order, not call order; None omitted; lists comma-joined;
    // booleans as true/false; enums by wire name.
    let query: Vec<(&str, &str)> = parts
        .query
        .iter()
        .map(|(k, v)| (k.as_ref(), v.as_str()))
        .collect();
    assert_eq!(
        query,
        [
            ("cards", "all"),
            ("fields", "name,closed"),
            ("card_pluginData", "false"),
            ("states", "open,closed"),
        ]
    );
    assert_eq!(parts.body, RequestBody::Empty);

    let bare = GetLists::new("b1", Filter::Open, "none")
        .to_parts()
        .unwrap();
    assert_eq!(bare.query, [(Cow::Borrowed("cards"), "none".to_owned())]);
}

#[test]
fn path_values_cannot_change_the_route() {
    for (id, encoded) in [
        ("a/b", "/things/a%2Fb"),
        ("a?x=1", "/things/a%3Fx%3D1"),
        ("a#b", "/things/a%23b"),
        ("100%", "/things/100%25"),
        ("...", "/things/%2E%2E%2E"),
    ] {
        assert_eq!(
            DeleteThing::new(id).to_parts().unwrap().path,
            encoded,
            "{id}"
        );
    }
    let err = DeleteThing::new("").to_parts().unwrap_err();
    assert!(err.to_string().contains("`id`"), "{err}");
    // Dot segments, raw or encoded, would be resolved away by the URL parser.
    for dots in ["..", ".", "%2e", ".%2E", "%2E%2e"] {
        let err = DeleteThing::new(dots).to_parts().unwrap_err();
        assert!(err.to_string().contains("dot segment"), "{dots}: {err}");
    }
}

#[test]
fn body_is_json_with_typed_values() {
    let parts = CreateThing::new("l1")
        .closed(true)
        .pos(2.5)
        .id_members(["m1", "m2"])
        .r#type("x")
        .to_parts()
        .unwrap();
    assert_eq!(parts.path, "/things");
    assert_eq!(parts.query, [(Cow::Borrowed("type"), "x".to_owned())]);
    let RequestBody::Json(body) = parts.body else {
        panic!("expected a JSON body, got {:?}", parts.body);
    };
    assert_eq!(
        serde_json::Value::Object(body),
        json!({"idList": "l1", "closed": true, "pos": 2.5, "idMembers": "m1,m2"})
    );

    let RequestBody::Json(body) = CreateThing::new("l1").to_parts().unwrap().body else {
        panic!("expected a JSON body");
    };
    assert_eq!(serde_json::Value::Object(body), json!({"idList": "l1"}));
}

#[test]
fn values_are_checked_before_sending() {
    let err = CreateThing::new("l1").pos(f64::NAN).to_parts().unwrap_err();
    assert!(err.to_string().contains("pos"), "{err}");
}

#[test]
fn metadata_describes_the_declaration() {
    let meta = <GetLists as Endpoint>::META;
    assert_eq!(meta.name, "GetLists");
    assert_eq!(meta.module, module_path!());
    assert_eq!(meta.method, Method::Get);
    assert_eq!(meta.path, "/boards/{id}/lists/{filter}");
    let rows: Vec<_> = meta
        .params
        .iter()
        .map(|p| {
            (
                p.name, p.field, p.location, p.kind, p.list, p.required, p.allowed,
            )
        })
        .collect();
    let none: &[&str] = &[];
    let filter: &[&str] = &["open", "closed"];
    assert_eq!(
        rows,
        [
            (
                "id",
                "id",
                ParamLocation::Path,
                ParamKind::String,
                false,
                true,
                none
            ),
            (
                "filter",
                "filter",
                ParamLocation::Path,
                ParamKind::Enum,
                false,
                true,
                filter
            ),
            (
                "cards",
                "cards",
                ParamLocation::Query,
                ParamKind::String,
                false,
                true,
                none
            ),
            (
                "fields",
                "fields",
                ParamLocation::Query,
                ParamKind::String,
                true,
                false,
                none
            ),
            (
                "card_pluginData",
                "card_plugin_data",
                ParamLocation::Query,
                ParamKind::Boolean,
                false,
                false,
                none
            ),
            (
                "states",
                "states",
                ParamLocation::Query,
                ParamKind::Enum,
                true,
                false,
                filter
            ),
        ]
    );
    let create = <CreateThing as Endpoint>::META;
    assert_eq!(create.param("type").map(|p| p.field), Some("type"));
    assert_eq!(
        create.param("idList").map(|p| p.location),
        Some(ParamLocation::Body)
    );
}

#[test]
fn every_declaration_is_registered() {
    let routes: Vec<String> = registry()
        .iter()
        .filter(|m| m.module == module_path!())
        .map(|m| m.route())
        .collect();
    assert_eq!(
        routes,
        [
            "GET /boards/{id}/lists/{filter}",
            "POST /things",
            "DELETE /things/{id}",
        ]
    );
}
