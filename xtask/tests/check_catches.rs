//! The check is fed deliberately wrong registries and specs; each kind of
//! mismatch must be caught with a message that names the endpoint, the
//! parameter and the fix.

use trello::{ParamKind, ParamLocation, ParamMeta};
use xtask::{
    authorize::check_authorize_params,
    check::{Kind, Mismatch, Report, check},
    registry::{RegEndpoint, RegParam},
    spec::{AuthSpec, SpecFile, Specs},
};

const SPEC: &str = r#"
[[endpoint]]
method = "GET"
path = "/boards/{id}"
params = [
  { name = "id", in = "path", type = "id", required = true },
  { name = "fields", in = "query", type = "array<enum>", required = false, default = "all", allowed = ["all", "name", "desc"] },
  { name = "pluginData", in = "query", type = "boolean", required = false },
]

[[endpoint]]
method = "POST"
path = "/cards"
params = [
  { name = "idList", in = "query", type = "id", required = true },
  { name = "pos", in = "query", type = "enum|number", required = false, allowed = ["top", "bottom"] },
]

[[endpoint]]
method = "DELETE"
path = "/cards/{id}"
params = [
  { name = "id", in = "path", type = "id", required = true },
]
"#;

const AUTH: &str = r#"
[authorize]
url = "https://trello.com/1/authorize"
params = [
  { name = "key", in = "query", type = "string", required = true },
  { name = "scope", in = "query", type = "array<enum>", required = false, allowed = ["read", "write", "account"] },
]

[[oauth1]]
method = "POST"
path = "/OAuthGetRequestToken"
base = "https://trello.com/1"
params = [
  { name = "oauth_callback", in = "query", type = "string", required = true },
]
"#;

fn specs() -> Specs {
    let file: SpecFile = toml::from_str(SPEC).expect("fixture parses");
    let auth: AuthSpec = toml::from_str(AUTH).expect("auth fixture parses");
    Specs {
        endpoints: file.endpoint,
        auth: Some(auth),
        overlay: Vec::new(),
        amends: Vec::new(),
        responses: Vec::new(),
    }
}

fn p(
    name: &str,
    location: ParamLocation,
    kind: ParamKind,
    list: bool,
    required: bool,
    allowed: &[&str],
) -> RegParam {
    RegParam {
        name: name.into(),
        location,
        kind,
        list,
        required,
        allowed: allowed.iter().map(|s| (*s).to_owned()).collect(),
    }
}

fn ep(method: &str, path: &str, params: Vec<RegParam>) -> RegEndpoint {
    RegEndpoint {
        name: "Fixture".into(),
        module: "trello::fixture".into(),
        method: method.into(),
        path: path.into(),
        params,
        scopes: Vec::new(),
        deprecated: false,
        response: None,
    }
}

/// A registry that matches the fixture specs: GET /boards/{id} and POST /cards.
fn good_registry() -> Vec<RegEndpoint> {
    use ParamKind::*;
    use ParamLocation::*;
    vec![
        ep(
            "GET",
            "/boards/{id}",
            vec![
                p("id", Path, Id, false, true, &[]),
                p("fields", Query, Enum, true, false, &["name", "all", "desc"]),
                p("pluginData", Query, Boolean, false, false, &[]),
            ],
        ),
        ep(
            "POST",
            "/cards",
            vec![
                // a query parameter of a POST may travel in the body
                p("idList", Body, Id, false, true, &[]),
                // a union accepts a String
                p("pos", Body, String, false, false, &[]),
            ],
        ),
    ]
}

fn not_implemented() -> Vec<String> {
    vec!["DELETE /cards/{id}".to_owned()]
}

fn run(registry: &[RegEndpoint]) -> Report {
    check(registry, &specs(), &not_implemented(), &[])
}

/// The one mismatch of `report`, which must be of `kind`.
fn only(report: &Report, kind: Kind) -> Mismatch {
    assert_eq!(
        report.mismatches.len(),
        1,
        "expected exactly one mismatch, got: {:#?}",
        report.mismatches
    );
    let m = report.mismatches[0].clone();
    assert_eq!(m.kind, kind, "{m}");
    m
}

#[test]
fn a_matching_registry_passes() {
    let report = run(&good_registry());
    assert!(report.ok(), "{:#?}", report.mismatches);
    assert_eq!(report.implemented, 2);
    assert_eq!(report.params_checked, 5);
    assert_eq!(
        report.summary(),
        "endpoints: 2/261 implemented, parameters: 5 checked (0 from specs/overlay.toml), responses: 1 typed (0 from specs/responses.toml), mismatches: 0"
    );
    assert_eq!(report.not_implemented, ["DELETE /cards/{id}"]);
}

#[test]
fn a_renamed_parameter_is_missing_and_extra() {
    let mut reg = good_registry();
    reg[0].params[2].name = "plugin_data".into();
    let report = run(&reg);
    assert_eq!(report.mismatches.len(), 2, "{:#?}", report.mismatches);
    let text: Vec<String> = report.mismatches.iter().map(ToString::to_string).collect();
    assert_eq!(report.mismatches[0].kind, Kind::Missing);
    assert_eq!(
        text[0],
        "GET /boards/{id} param `pluginData`: the docs list it (query, boolean, optional) but the code does not declare it\n    fix: add a query field named `pluginData` of type `boolean` with a setter"
    );
    assert_eq!(report.mismatches[1].kind, Kind::Extra);
    assert!(
        text[1].starts_with("GET /boards/{id} param `plugin_data`: declared in code"),
        "{}",
        text[1]
    );
    assert!(text[1].contains("correct its wire name"), "{}", text[1]);
    assert!(report.summary().ends_with("mismatches: 2"));
}

#[test]
fn a_dropped_required_flag_is_caught() {
    let mut reg = good_registry();
    reg[1].params[0].required = false;
    let m = only(&run(&reg), Kind::Required);
    assert_eq!(m.route, "POST /cards");
    assert_eq!(m.param.as_deref(), Some("idList"));
    assert_eq!(
        m.to_string(),
        "POST /cards param `idList`: optional in code, required in the docs\n    fix: make it a constructor argument"
    );
}

#[test]
fn a_wrong_location_is_caught() {
    let mut reg = good_registry();
    // a GET's query parameter cannot move to the body
    reg[0].params[2].location = ParamLocation::Body;
    let m = only(&run(&reg), Kind::Location);
    assert_eq!(
        m.to_string(),
        "GET /boards/{id} param `pluginData`: in body in code, in query in the docs\n    fix: declare it as a query parameter"
    );

    let mut reg = good_registry();
    reg[0].params[0].location = ParamLocation::Query;
    let m = only(&run(&reg), Kind::Location);
    assert_eq!(m.param.as_deref(), Some("id"));
    assert!(m.fix.contains("path parameter"), "{m}");
}

#[test]
fn a_changed_allowed_value_is_caught() {
    let mut reg = good_registry();
    reg[0].params[1].allowed = vec!["all".into(), "name".into(), "description".into()];
    let m = only(&run(&reg), Kind::Allowed);
    assert_eq!(
        m.to_string(),
        "GET /boards/{id} param `fields`: allowed values differ: docs only [\"desc\"], code only [\"description\"]\n    fix: make the enum's wire values exactly [\"all\", \"name\", \"desc\"]"
    );
}

#[test]
fn an_incompatible_type_is_caught() {
    let mut reg = good_registry();
    reg[0].params[2].kind = ParamKind::String;
    let m = only(&run(&reg), Kind::Type);
    assert_eq!(
        m.message,
        "type string in code, boolean in the docs: incompatible kinds"
    );

    // an enum in the docs is not a free string in code
    let mut reg = good_registry();
    reg[0].params[1].kind = ParamKind::String;
    reg[0].params[1].allowed.clear();
    let m = only(&run(&reg), Kind::Type);
    assert!(m.message.contains("fixed set of values"), "{m}");

    // list-ness must agree
    let mut reg = good_registry();
    reg[0].params[1].list = false;
    let m = only(&run(&reg), Kind::Type);
    assert!(m.message.contains("comma-separated list"), "{m}");
}

#[test]
fn an_endpoint_not_in_specs_is_caught() {
    let mut reg = good_registry();
    reg.push(ep("PUT", "/cards/{id}", vec![]));
    let m = only(&run(&reg), Kind::NotInSpecs);
    assert_eq!(m.route, "PUT /cards/{id}");
    assert!(m.message.contains("trello::fixture::Fixture"), "{m}");
    assert!(m.fix.contains("no /1 prefix"), "{m}");
}

#[test]
fn different_placeholder_names_are_caught() {
    let mut reg = good_registry();
    reg[0].path = "/boards/{boardId}".into();
    reg[0].params[0].name = "boardId".into();
    let report = run(&reg);
    let kinds: Vec<Kind> = report.mismatches.iter().map(|m| m.kind).collect();
    assert_eq!(
        kinds,
        [Kind::PathNames, Kind::Missing, Kind::Extra],
        "{:#?}",
        report.mismatches
    );
    assert_eq!(
        report.mismatches[0].fix,
        "use the docs' placeholder names: `/boards/{id}`"
    );
}

#[test]
fn a_stale_not_implemented_is_caught_both_ways() {
    // listed, but implemented
    let mut listed = not_implemented();
    listed.push("GET /boards/{id}".into());
    let report = check(&good_registry(), &specs(), &listed, &[]);
    let m = only(&report, Kind::NotImplementedStale);
    assert_eq!(
        m.to_string(),
        "GET /boards/{id}: listed in specs/NOT_IMPLEMENTED but implemented\n    fix: remove the line from specs/NOT_IMPLEMENTED (`cargo xtask check --bless` rewrites the file)"
    );

    // not implemented, and not listed
    let report = check(&good_registry(), &specs(), &[], &[]);
    let m = only(&report, Kind::NotImplementedMissing);
    assert_eq!(m.route, "DELETE /cards/{id}");
    assert!(
        m.fix.contains("add the line to specs/NOT_IMPLEMENTED"),
        "{m}"
    );

    // listed, but not an endpoint at all
    let mut listed = not_implemented();
    listed.push("GET /nowhere".into());
    let report = check(&good_registry(), &specs(), &listed, &[]);
    let m = only(&report, Kind::NotImplementedStale);
    assert!(m.message.contains("not an endpoint of specs/"), "{m}");
}

#[test]
fn known_mismatches_are_tolerated_and_must_stay_current() {
    let mut reg = good_registry();
    reg[0].params.pop(); // pluginData missing
    let known = vec!["GET /boards/{id} pluginData: missing".to_owned()];
    let report = check(&reg, &specs(), &not_implemented(), &known);
    assert!(report.ok(), "{:#?}", report.mismatches);
    assert_eq!(report.known.len(), 1);
    assert_eq!(report.all_keys, known);

    // once fixed, the line is stale
    let report = check(&good_registry(), &specs(), &not_implemented(), &known);
    let m = only(&report, Kind::KnownStale);
    assert!(m.fix.contains("specs/KNOWN_MISMATCHES"), "{m}");
}

#[test]
fn oauth_routes_are_matched_but_not_required() {
    let mut reg = good_registry();
    reg.push(ep(
        "POST",
        "/OAuthGetRequestToken",
        vec![p(
            "oauth_callback",
            ParamLocation::Query,
            ParamKind::String,
            false,
            false,
            &[],
        )],
    ));
    let m = only(&run(&reg), Kind::Required);
    assert_eq!(m.route, "POST /OAuthGetRequestToken");
    assert_eq!(
        run(&reg).implemented,
        2,
        "auth routes are not among the 261"
    );
}

fn meta(
    name: &'static str,
    kind: ParamKind,
    list: bool,
    required: bool,
    allowed: &'static [&'static str],
) -> ParamMeta {
    ParamMeta {
        name,
        field: name,
        location: ParamLocation::Query,
        kind,
        list,
        required,
        allowed,
    }
}

#[test]
fn the_authorize_builder_is_compared_with_the_table() {
    let table = specs().auth.expect("fixture has auth").authorize;
    let good = [
        meta("key", ParamKind::String, false, true, &[]),
        meta(
            "scope",
            ParamKind::Enum,
            true,
            false,
            &["account", "read", "write"],
        ),
    ];
    let (found, checked) = check_authorize_params(&good, &table);
    assert!(found.is_empty(), "{found:#?}");
    assert_eq!(checked, 2);

    let bad = [
        meta("key", ParamKind::String, false, true, &[]),
        meta("scope", ParamKind::Enum, true, false, &["read", "write"]),
    ];
    let (found, _) = check_authorize_params(&bad, &table);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].kind, Kind::Allowed);
    assert!(found[0].to_string().starts_with(
        "authorize URL builder (GET https://trello.com/1/authorize) param `scope`: allowed values differ: docs only [\"account\"]"
    ));
}

#[test]
fn scopes_and_deprecation_are_compared_like_parameters() {
    let mut specs = specs();
    specs.endpoints[0].scopes = vec!["read:board:trello".into()];
    specs.endpoints[1].deprecated = true;
    let reg = good_registry();
    let report = check(&reg, &specs, &not_implemented(), &[]);
    let kinds: Vec<Kind> = report.mismatches.iter().map(|m| m.kind).collect();
    assert_eq!(
        kinds,
        [Kind::Scopes, Kind::Deprecated],
        "{:#?}",
        report.mismatches
    );
    let text = report.mismatches[0].to_string();
    assert!(text.contains("GET /boards/{id}"), "{text}");
    assert!(text.contains(r#"scopes = ["read:board:trello"]"#), "{text}");

    let mut reg = good_registry();
    reg[0].scopes = vec!["read:board:trello".into()];
    reg[1].deprecated = true;
    let report = check(&reg, &specs, &not_implemented(), &[]);
    assert!(report.ok(), "{:#?}", report.mismatches);
}

#[test]
fn overlay_rows_are_counted_and_named_in_mismatches() {
    let mut specs = specs();
    let row: xtask::spec::SpecParam = toml::from_str(
        r#"name = "limit"
in = "query"
type = "number"
required = false"#,
    )
    .expect("row");
    specs.endpoints[0].params.push(row.clone());
    specs.overlay.push(xtask::spec::OverlayParam {
        route: "GET /boards/{id}".into(),
        provenance: "observed on the live API".into(),
        param: row,
    });
    let report = check(&good_registry(), &specs, &not_implemented(), &[]);
    let m = only(&report, Kind::Missing);
    assert!(
        m.message
            .contains("row from specs/overlay.toml: observed on the live API"),
        "{m}"
    );
    assert_eq!(report.overlay_rows, 1);
}

#[test]
fn reviewed_responses_are_counted_and_an_unknown_model_is_caught() {
    use xtask::spec::OverlayResponse;
    let row = |route: &str, response: &str| OverlayResponse {
        route: route.into(),
        response: response.into(),
        provenance: "seen on the live API".into(),
        replaces: None,
    };
    let mut specs = specs();
    specs.responses.push(row("GET /boards/{id}", "Board"));
    specs.responses.push(row("POST /cards", "Card"));
    let report = check(&good_registry(), &specs, &not_implemented(), &[]);
    assert!(report.ok(), "{:#?}", report.mismatches);
    // GET and POST from the rows, the DELETE as an empty answer.
    assert_eq!(report.typed_responses, 3);
    assert_eq!(report.response_rows, 2);
    assert!(
        report
            .summary()
            .contains("responses: 3 typed (2 from specs/responses.toml)"),
        "{}",
        report.summary()
    );

    specs.responses[1] = row("POST /cards", "Carrd");
    let report = check(&good_registry(), &specs, &not_implemented(), &[]);
    let m = only(&report, Kind::Response);
    assert_eq!(m.route, "POST /cards");
    assert!(m.message.contains("`Carrd`"), "{m}");
    assert!(m.fix.contains("MODELS"), "{m}");
}

#[test]
fn the_responses_file_is_reviewed_on_load() {
    let dir = std::env::temp_dir().join(format!("xtask-responses-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("mkdir");
    let spec = r#"
[[endpoint]]
method = "GET"
path = "/boards/{id}/cards"
params = []

[[endpoint]]
method = "GET"
path = "/lists/{id}"
response = "TrelloList"
params = []
"#;
    std::fs::write(dir.join("boards.toml"), spec).expect("write");
    let load = |responses: &str| {
        std::fs::write(dir.join(xtask::spec::RESPONSES_FILE), responses).expect("write");
        Specs::load(&dir)
    };
    let specs = load(
        "[[response]]\nroute = \"GET /boards/{id}/cards\"\nresponse = \"array<Card>\"\nprovenance = \"the route lists cards\"\n",
    )
    .expect("loads");
    let e = &specs.endpoints[0];
    assert_eq!(
        e.response, None,
        "the imported table is left as the docs say"
    );
    assert_eq!(
        specs.response_of(e),
        Some(("array<Card>", xtask::spec::ResponseSource::Overlay))
    );
    let err = |text: &str| load(text).expect_err("refused");
    assert!(
        err("[[response]]\nroute = \"GET /nowhere\"\nresponse = \"Card\"\nprovenance = \"x\"\n")
            .contains("is no endpoint of specs/")
    );
    assert!(
        err("[[response]]\nroute = \"GET /boards/{id}/cards\"\nresponse = \"Card\"\nprovenance = \" \"\n")
            .contains("no provenance")
    );
    assert!(
        err("[[response]]\nroute = \"GET /lists/{id}\"\nresponse = \"TrelloList\"\nprovenance = \"x\"\n")
            .contains("drop the row")
    );
    assert!(
        err("[[response]]\nroute = \"GET /lists/{id}\"\nresponse = \"Card\"\nprovenance = \"x\"\n")
            .contains("replaces = \"TrelloList\"")
    );
    load("[[response]]\nroute = \"GET /lists/{id}\"\nresponse = \"Card\"\nreplaces = \"TrelloList\"\nprovenance = \"x\"\n")
        .expect("a reviewed correction loads");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn amended_types_apply_on_load_are_reviewed_and_stay_out_of_the_drift() {
    let dir = std::env::temp_dir().join(format!("xtask-amend-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("mkdir");
    let spec = r#"
[[endpoint]]
method = "GET"
path = "/boards/{id}"
params = [
  { name = "cards", in = "query", type = "string", required = false, default = "none" },
]
"#;
    std::fs::write(dir.join("boards.toml"), spec).expect("write");
    let load = |replaces: &str| {
        let overlay = format!(
            "[[amend]]\nroute = \"GET /boards/{{id}}\"\nname = \"cards\"\nprovenance = \"the nested-resource guide\"\nreplaces = \"{replaces}\"\ntype = \"enum\"\nallowed = [\"all\", \"none\"]\n"
        );
        std::fs::write(dir.join(xtask::spec::OVERLAY_FILE), overlay).expect("write");
        Specs::load(&dir)
    };
    let specs = load("string").expect("loads");
    let cards = &specs.endpoints[0].params[0];
    assert_eq!(cards.ty, "enum");
    assert_eq!(cards.allowed, ["all", "none"]);
    assert_eq!(
        specs.overlay_provenance("GET /boards/{id}", "cards"),
        Some("the nested-resource guide")
    );
    // The drift report compares the documented type, so no drift here.
    let documented: xtask::spec::SpecFile = toml::from_str(spec).expect("parses");
    let drift = xtask::drift::drift_of(&specs, &documented.endpoint);
    assert!(drift.changed.is_empty(), "{:?}", drift.changed);
    // A row written against another documented type is refused on load.
    let err = load("number").expect_err("refused");
    assert!(err.contains("now says `string`, not `number`"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}
