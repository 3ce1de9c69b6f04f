//! Fidelity: every operation, sent through the typed API to the sandbox,
//! gets an answer that decodes into the SDK's response type — through both
//! backends. Stateful routes answer from fixtures seeded under the samples'
//! ids; the rest answer in the shape of their response schema. Also: a route
//! the sandbox does not know answers 501, never 404.

use std::collections::BTreeSet;

use trello::{Client, Credentials, api::samples};
use trello_integration_tests::{body_text, for_each_backend, sandbox_client};
use trello_sandbox::{RateLimits, Sandbox, SandboxConfig};

/// The ids the samples use: path placeholder values (decoded) and 24-hex
/// ids in queries and bodies; and the token values of `{token}` routes.
fn sample_ids() -> (BTreeSet<String>, BTreeSet<String>) {
    let mut ids = BTreeSet::new();
    let mut tokens = BTreeSet::new();
    for sample in samples::all() {
        let template = sample.route.split_once(' ').map_or("", |(_, p)| p);
        let path = sample.path.split('?').next().unwrap_or_default();
        for (t, value) in template.split('/').zip(path.split('/')) {
            let value = percent_encoding::percent_decode_str(value)
                .decode_utf8_lossy()
                .into_owned();
            match t {
                "{token}" => {
                    tokens.insert(value);
                }
                t if t.starts_with('{') && !matches!(t, "{field}" | "{filter}") => {
                    ids.insert(value);
                }
                _ => {}
            }
        }
        // Id parameters given as text (`idBoard: "x&y 2"`) name fixtures too.
        let id_params = sample
            .query
            .iter()
            .map(|(k, v)| ((*k).to_owned(), serde_json::Value::String((*v).to_owned())))
            .chain(
                sample
                    .body
                    .and_then(|b| serde_json::from_str::<serde_json::Map<_, _>>(b).ok())
                    .into_iter()
                    .flatten(),
            );
        for (name, value) in id_params {
            if let (true, Some(value)) = (name.starts_with("id"), value.as_str()) {
                ids.insert(value.to_owned());
            }
        }
        let texts = sample
            .query
            .iter()
            .map(|(_, v)| (*v).to_owned())
            .chain(sample.body.map(str::to_owned));
        for text in texts {
            for word in text.split(|c: char| !c.is_ascii_hexdigit()) {
                if word.len() == 24 {
                    ids.insert(word.to_owned());
                }
            }
        }
    }
    (ids, tokens)
}

/// Every sample id names a member, a board, a list on that board, a card
/// on that list, a label on that board and a webhook; every sample token
/// is a read-write token.
async fn seed(sandbox: &Sandbox, ids: &BTreeSet<String>, tokens: &BTreeSet<String>) {
    for token in tokens {
        sandbox
            .seed_token(token, "read,write,account", "never")
            .await
            .expect("token");
    }
    let owner = tokens.iter().next().expect("a token route exists");
    for id in ids {
        sandbox
            .seed_member(Some(id), &format!("member{}", id.len()), "Fixture Member")
            .await
            .expect("member");
        sandbox
            .seed_board(Some(id), "Fixture")
            .await
            .expect("board");
        sandbox
            .seed_list(Some(id), id, "Fixture list")
            .await
            .expect("list");
        sandbox
            .seed_card(Some(id), id, "Fixture card")
            .await
            .expect("card");
        sandbox
            .seed_label(Some(id), id, "Fixture label", "green")
            .await
            .expect("label");
        sandbox
            .seed_webhook(Some(id), owner, "http://127.0.0.1:9/hook", id)
            .await
            .expect("webhook");
    }
    // Nested resources of the first sample id's board and card (the
    // samples' board and card id is the smallest, and they number nested ids
    // consecutively): every id names a checklist on that card, a check item
    // of its checklist, a list-type custom field of the board, an uploaded
    // attachment of the card, a membership of the board and a comment on the
    // card (an action); every Trello
    // id names an option of the first two fields (a nested id follows its
    // parent's: `/customFields/…400/options/…401`, `idValue` …402 of field
    // …401).
    let first = ids.iter().next().expect("a sample id");
    let trello_ids: Vec<&String> = ids
        .iter()
        .filter(|id| id.len() == 24 && id.bytes().all(|b| b.is_ascii_hexdigit()))
        .collect();
    for id in ids {
        sandbox
            .seed_checklist(Some(id), first, "Fixture checklist")
            .await
            .expect("checklist");
        sandbox
            .seed_check_item(Some(id), first, "Fixture item", false)
            .await
            .expect("check item");
        sandbox
            .seed_custom_field(Some(id), first, "Fixture field", "list")
            .await
            .expect("custom field");
        sandbox
            .seed_attachment(Some(id), first, "fixture.txt", "text/plain", "fixture")
            .await
            .expect("attachment");
        sandbox
            .seed_membership(Some(id), first, id, "normal")
            .await
            .expect("membership");
        sandbox
            .seed_comment(Some(id), first, "Fixture comment")
            .await
            .expect("comment");
    }
    for field in trello_ids.iter().take(2) {
        for option in &trello_ids {
            sandbox
                .seed_custom_field_option(Some(option), field, "Fixture option")
                .await
                .expect("option");
        }
    }
    // Board exports: every id also names a finished export of the first
    // sample id's board, so `/boards/{id}/exports/{idExport}` resolves.
    for id in ids {
        sandbox.seed_export(Some(id), first).await.expect("export");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_operation_decodes_through_the_typed_api() {
    let samples = samples::all();
    let (ids, tokens) = sample_ids();
    for_each_backend(|backend| {
        let samples = samples.clone();
        let ids = ids.clone();
        let tokens = tokens.clone();
        async move {
            let sandbox = Sandbox::start(SandboxConfig {
                rate_limits: RateLimits::off(),
                // The samples' callback URLs are not URLs.
                check_webhook_callbacks: false,
                ..SandboxConfig::default()
            })
            .await
            .expect("sandbox");
            let token = sandbox
                .issue_token_with("read,write,account", "never")
                .await
                .expect("token");
            let client = Client::builder()
                .backend(backend)
                .base_url(sandbox.api_url())
                .credentials(Credentials::new(sandbox.app_key(), token.as_str()))
                .no_rate_limits()
                .build()
                .expect("client");
            let mut failures = Vec::new();
            let mut dirty = true;
            for sample in &samples {
                // Deletes run too: every sample after a write starts from
                // fresh fixtures (reads change none).
                if dirty {
                    seed(&sandbox, &ids, &tokens).await;
                }
                dirty = sample.method != "GET";
                if sample.route == "GET /boards/{id}/exports/{idExport}/download" {
                    // A download route answers 302 to the file: it is read
                    // through the download helper, which follows it.
                    let mut segments = sample.path.trim_matches('/').split('/');
                    let (board, export) = (segments.nth(1), segments.nth(1));
                    let (Some(board), Some(export)) = (board, export) else {
                        failures.push(format!("{}: sample path {}", sample.route, sample.path));
                        continue;
                    };
                    let read = match client.download_board_export(board, export).await {
                        Ok(download) => download.write_to(&mut tokio::io::sink()).await.map(|_| ()),
                        Err(err) => Err(err),
                    };
                    if let Err(err) = read {
                        failures.push(format!("{} (download) -> {err}", sample.route));
                    }
                    continue;
                }
                if let Err(err) = (sample.send_typed)(&client).await {
                    failures.push(format!("{} -> {err}", sample.route));
                }
            }
            assert!(
                failures.is_empty(),
                "{backend:?}: {} of {} operations failed against the sandbox:\n{}",
                failures.len(),
                samples.len(),
                failures.join("\n")
            );
        }
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_route_is_501_not_404() {
    for_each_backend(|backend| async move {
        let sandbox = Sandbox::start(SandboxConfig::default())
            .await
            .expect("sandbox");
        let token = sandbox.issue_token("read", "1day").await;
        let transport = backend.transport().expect("transport");
        for path in [
            "/1/nothing/here",
            "/2/boards",
            "/1/boards/5abbe4b7ddc1b351ef961400/no/such/route",
        ] {
            let request = http::Request::get(format!(
                "{}{path}?key={}&token={token}",
                sandbox.url(),
                sandbox.app_key()
            ))
            .body(bytes::Bytes::new())
            .expect("request");
            let answer = transport.send(request).await.expect("answer");
            assert_eq!(answer.status(), 501, "{backend:?} {path}");
            let body = body_text(answer.into_body()).await;
            assert!(body.contains("does not model"), "{body}");
        }
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn get_board_honours_fields_and_nested_resources() {
    for_each_backend(|backend| async move {
        let sandbox = Sandbox::start(SandboxConfig::default())
            .await
            .expect("sandbox");
        let board = sandbox.seed_board(None, "Nested").await.expect("board");
        let lists = {
            let token = sandbox.issue_token("read,write", "1day").await;
            let client = sandbox_client(&sandbox, token.as_str(), backend);
            let view = client
                .request_json(
                    trello::Method::Get,
                    &format!("/boards/{board}"),
                    &[
                        ("fields", "name"),
                        ("lists", "open"),
                        ("list_fields", "name,pos"),
                        ("labels", "all"),
                        ("cards", "none"),
                    ],
                    None,
                )
                .await
                .expect("board view");
            assert_eq!(view["name"], "Nested", "{backend:?}");
            assert!(
                view.get("desc").is_none(),
                "fields=name keeps id and name: {view}"
            );
            assert!(view.get("cards").is_none(), "cards=none: {view}");
            assert_eq!(view["labels"].as_array().map(Vec::len), Some(6));
            view["lists"].clone()
        };
        let names: Vec<&str> = lists
            .as_array()
            .expect("lists")
            .iter()
            .filter_map(|l| l["name"].as_str())
            .collect();
        assert_eq!(names, ["To Do", "Doing", "Done"], "ordered by pos");
        assert!(lists[0].get("closed").is_none(), "list_fields=name,pos");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn actions_page_with_limit_before_since_and_filter() {
    for_each_backend(|backend| async move {
        let sandbox = Sandbox::start(SandboxConfig::default())
            .await
            .expect("sandbox");
        let board = sandbox.seed_board(None, "Actions").await.expect("board");
        let list = sandbox.seed_list(None, &board, "L").await.expect("list");
        let card = sandbox.seed_card(None, &list, "C").await.expect("card");
        let token = sandbox.issue_token("read,write", "1day").await;
        let client = sandbox_client(&sandbox, token.as_str(), backend);
        let mut ids = Vec::new();
        for n in 0..3 {
            let action = client
                .request_json(
                    trello::Method::Post,
                    &format!("/cards/{card}/actions/comments"),
                    &[("text", format!("comment {n}").as_str())],
                    None,
                )
                .await
                .expect("comment");
            ids.push(action["id"].as_str().expect("id").to_owned());
        }
        let get = |query: Vec<(&'static str, String)>| {
            let client = client.clone();
            let path = format!("/boards/{board}/actions");
            async move {
                let query: Vec<(&str, &str)> =
                    query.iter().map(|(k, v)| (*k, v.as_str())).collect();
                client
                    .request_json(trello::Method::Get, &path, &query, None)
                    .await
            }
        };
        let texts = |v: &serde_json::Value| -> Vec<String> {
            v.as_array()
                .expect("array")
                .iter()
                .map(|a| a["data"]["text"].as_str().unwrap_or_default().to_owned())
                .collect()
        };
        let page = get(vec![("limit", "2".into())]).await.expect("page");
        assert_eq!(
            texts(&page),
            ["comment 2", "comment 1"],
            "{backend:?}: newest first"
        );
        let page = get(vec![("before", ids[2].clone())]).await.expect("before");
        assert_eq!(texts(&page), ["comment 1", "comment 0"]);
        let page = get(vec![("since", ids[0].clone())]).await.expect("since");
        assert_eq!(texts(&page), ["comment 2", "comment 1"]);
        let page = get(vec![("filter", "createCard".into())])
            .await
            .expect("filter");
        assert_eq!(texts(&page), Vec::<String>::new());
        let err = get(vec![("limit", "1001".into())])
            .await
            .expect_err("limit");
        assert_eq!(err.status().map(|s| s.as_u16()), Some(400), "{err}");
    })
    .await;
}
