//! Enterprise bulk routes whose path carries a list of Workspace ids:
//! Trello expects them comma-joined with literal commas, through both
//! backends.

use trello::Endpoint;
use trello::api::{GetEnterpriseOrganizationsBulk, GetEnterpriseTransferrableBulk};
use trello_integration_tests::{client, for_each_backend};
use wiremock::{Mock, MockServer, ResponseTemplate, matchers};

const ENTERPRISE: &str = "5abbe4b7ddc1b351ef961400";
const ORGS: [&str; 3] = [
    "5abbe4b7ddc1b351ef961401",
    "5abbe4b7ddc1b351ef961402",
    "5abbe4b7ddc1b351ef961403",
];

#[test]
fn bulk_paths_join_ids_with_literal_commas() {
    let joined = ORGS.join(",");
    let parts = GetEnterpriseOrganizationsBulk::new(ENTERPRISE, ORGS)
        .to_parts()
        .expect("valid ids");
    assert_eq!(
        parts.path,
        format!("/enterprises/{ENTERPRISE}/organizations/bulk/{joined}")
    );
    let parts = GetEnterpriseTransferrableBulk::new(ENTERPRISE, ORGS)
        .to_parts()
        .expect("valid ids");
    assert_eq!(
        parts.path,
        format!("/enterprises/{ENTERPRISE}/transferrable/bulk/{joined}")
    );
}

#[test]
fn bulk_ids_are_checked_each() {
    let err = GetEnterpriseOrganizationsBulk::new(ENTERPRISE, ["5abbe4b7ddc1b351ef961401", "a/b"])
        .to_parts()
        .expect_err("an invalid id");
    assert!(matches!(err, trello::Error::InvalidInput(_)), "{err}");
}

#[tokio::test]
async fn bulk_requests_reach_the_server_with_literal_commas() {
    for_each_backend(|backend| async move {
        let server = MockServer::start().await;
        Mock::given(matchers::method("GET"))
            .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!([])))
            .mount(&server)
            .await;
        let client = client(&server.uri(), backend);
        client
            .send(GetEnterpriseOrganizationsBulk::new(ENTERPRISE, ORGS))
            .await
            .unwrap_or_else(|e| panic!("{backend:?}: {e}"));
        let requests = server.received_requests().await.expect("recording is on");
        assert_eq!(
            requests[0].url.path(),
            format!(
                "/enterprises/{ENTERPRISE}/organizations/bulk/{}",
                ORGS.join(",")
            ),
            "{backend:?}"
        );
    })
    .await;
}
