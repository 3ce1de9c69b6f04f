//! Files through both backends: multipart uploads (card attachments,
//! avatars, board backgrounds, emoji, stickers, logos) as the server
//! received them, and attachment downloads with header authentication.

use trello::{
    AuthPlacement, Error,
    files::{AttachmentUpload, FilePart},
    models::Attachment,
};
use trello_integration_tests::{CANARY_KEY, CANARY_TOKEN, client, client_with, for_each_backend};
use wiremock::{Mock, MockServer, Request, ResponseTemplate, matchers};

/// Bytes that are not UTF-8 and hold CR LF, to catch any re-encoding.
const IMAGE: &[u8] = b"\x89PNG\r\n\x1a\n\x00\xff\xfe binary \r\n--not-a-boundary";

#[derive(Debug, PartialEq)]
struct ReceivedPart {
    name: String,
    file_name: Option<String>,
    content_type: Option<String>,
    bytes: Vec<u8>,
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// An independent reading of a `multipart/form-data` body.
fn parts_of(request: &Request) -> Vec<ReceivedPart> {
    let content_type = request
        .headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .expect("a content type");
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .unwrap_or_else(|| panic!("not multipart: {content_type}"));
    let delimiter = format!("--{boundary}");
    let mut body = request.body.as_slice();
    let mut parts = Vec::new();
    let start = find(body, delimiter.as_bytes()).expect("a first delimiter");
    body = &body[start + delimiter.len()..];
    loop {
        if body.starts_with(b"--") {
            assert_eq!(body, b"--\r\n", "the body ends after the close delimiter");
            break;
        }
        body = body.strip_prefix(b"\r\n").expect("CRLF after a delimiter");
        let end = find(body, format!("\r\n{delimiter}").as_bytes()).expect("a next delimiter");
        let part = &body[..end];
        body = &body[end + 2 + delimiter.len()..];
        let split = find(part, b"\r\n\r\n").expect("headers, then content");
        let headers = std::str::from_utf8(&part[..split]).expect("ASCII headers");
        let mut received = ReceivedPart {
            name: String::new(),
            file_name: None,
            content_type: None,
            bytes: part[split + 4..].to_vec(),
        };
        for line in headers.split("\r\n") {
            let (name, value) = line.split_once(": ").expect("a header line");
            match name.to_ascii_lowercase().as_str() {
                "content-disposition" => {
                    for param in value.split("; ").skip(1) {
                        let (k, v) = param.split_once('=').expect("k=v");
                        let v = v.trim_matches('"').to_owned();
                        match k {
                            "name" => received.name = v,
                            "filename" => received.file_name = Some(v),
                            other => panic!("unexpected {other}"),
                        }
                    }
                }
                "content-type" => received.content_type = Some(value.to_owned()),
                other => panic!("unexpected part header {other}"),
            }
        }
        parts.push(received);
    }
    parts
}

fn file_part(file_name: &str, content_type: &str) -> ReceivedPart {
    ReceivedPart {
        name: "file".into(),
        file_name: Some(file_name.into()),
        content_type: Some(content_type.into()),
        bytes: IMAGE.to_vec(),
    }
}

fn text_part(name: &str, value: &str) -> ReceivedPart {
    ReceivedPart {
        name: name.into(),
        file_name: None,
        content_type: None,
        bytes: value.as_bytes().to_vec(),
    }
}

async fn only_request(server: &MockServer) -> Request {
    let mut requests = server.received_requests().await.expect("recording is on");
    assert_eq!(requests.len(), 1, "exactly one request");
    requests.remove(0)
}

async fn server_answering(method: &str, path: &str, body: serde_json::Value) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(matchers::method(method))
        .and(matchers::path(path))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(&server)
        .await;
    server
}

fn assert_header_auth(request: &Request) {
    let header = request
        .headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    assert_eq!(
        header,
        format!("OAuth oauth_consumer_key=\"{CANARY_KEY}\", oauth_token=\"{CANARY_TOKEN}\"")
    );
    assert_eq!(request.url.query(), None, "nothing in the URL");
}

#[tokio::test]
async fn card_attachment_upload_is_multipart() {
    for_each_backend(|backend| async move {
        let server = server_answering(
            "POST",
            "/cards/5abbe4b7ddc1b351ef961414/attachments",
            serde_json::json!({
                "id": "5abbe4b7ddc1b351ef961499",
                "name": "Chart",
                "fileName": "chart.png",
                "mimeType": "image/png",
                "bytes": IMAGE.len(),
                "isUpload": true,
                "url": "https://trello.com/1/cards/5abbe4b7ddc1b351ef961414/attachments/5abbe4b7ddc1b351ef961499/download/chart.png"
            }),
        )
        .await;
        let attachment = client(&server.uri(), backend)
            .upload_card_attachment(
                "5abbe4b7ddc1b351ef961414",
                AttachmentUpload::new(FilePart::new("chart.png", "image/png", IMAGE))
                    .name("Chart")
                    .set_cover(true),
            )
            .await
            .unwrap_or_else(|e| panic!("{backend:?}: {e}"));
        assert_eq!(attachment.id, "5abbe4b7ddc1b351ef961499");
        assert_eq!(attachment.bytes, Some(IMAGE.len() as u64));

        let request = only_request(&server).await;
        assert_header_auth(&request);
        assert_eq!(
            parts_of(&request),
            [
                file_part("chart.png", "image/png"),
                text_part("name", "Chart"),
                text_part("mimeType", "image/png"),
                text_part("setCover", "true"),
            ],
            "{backend:?}"
        );
    })
    .await;
}

#[tokio::test]
async fn body_placement_sends_key_and_token_as_form_fields() {
    for_each_backend(|backend| async move {
        let server = server_answering(
            "POST",
            "/cards/5abbe4b7ddc1b351ef961414/attachments",
            serde_json::json!({"id": "5abbe4b7ddc1b351ef961499"}),
        )
        .await;
        client_with(&server.uri(), backend, AuthPlacement::Body)
            .upload_card_attachment(
                "5abbe4b7ddc1b351ef961414",
                AttachmentUpload::new(FilePart::new("a.bin", "application/octet-stream", IMAGE))
                    .mime_type("image/png"),
            )
            .await
            .unwrap_or_else(|e| panic!("{backend:?}: {e}"));
        let request = only_request(&server).await;
        assert!(request.headers.get("authorization").is_none());
        assert_eq!(request.url.query(), None);
        assert_eq!(
            parts_of(&request),
            [
                text_part("key", CANARY_KEY),
                text_part("token", CANARY_TOKEN),
                file_part("a.bin", "application/octet-stream"),
                text_part("mimeType", "image/png"),
            ]
        );
    })
    .await;
}

#[tokio::test]
async fn member_and_organization_uploads_are_multipart() {
    type Upload = for<'a> fn(
        &'a trello::Client,
        FilePart,
    ) -> std::pin::Pin<
        Box<dyn std::future::Future<Output = trello::Result<serde_json::Value>> + Send + 'a>,
    >;
    let cases: [(&str, Upload, Vec<ReceivedPart>); 5] = [
        (
            "/members/me/avatar",
            |c, f| Box::pin(c.upload_member_avatar("me", f)),
            vec![file_part("pic.png", "image/png")],
        ),
        (
            "/members/me/customBoardBackgrounds",
            |c, f| Box::pin(c.upload_custom_board_background("me", f)),
            vec![file_part("pic.png", "image/png")],
        ),
        (
            "/members/bobtester/customEmoji",
            |c, f| Box::pin(c.upload_custom_emoji("bobtester", "party_parrot", f)),
            vec![
                file_part("pic.png", "image/png"),
                text_part("name", "party_parrot"),
            ],
        ),
        (
            "/members/me/customStickers",
            |c, f| Box::pin(c.upload_custom_sticker("me", f)),
            vec![file_part("pic.png", "image/png")],
        ),
        (
            "/organizations/5abbe4b7ddc1b351ef961420/logo",
            |c, f| Box::pin(c.upload_organization_logo("5abbe4b7ddc1b351ef961420", f)),
            vec![file_part("pic.png", "image/png")],
        ),
    ];
    for_each_backend(|backend| {
        let cases = &cases;
        async move {
            for (path, upload, expected) in cases {
                let server =
                    server_answering("POST", path, serde_json::json!({"id": "x", "ok": 1})).await;
                let client = client(&server.uri(), backend);
                let answer = upload(&client, FilePart::new("pic.png", "image/png", IMAGE))
                    .await
                    .unwrap_or_else(|e| panic!("{backend:?} {path}: {e}"));
                assert_eq!(answer["ok"], 1);
                let request = only_request(&server).await;
                assert_header_auth(&request);
                assert_eq!(&parts_of(&request), expected, "{backend:?} {path}");
            }
        }
    })
    .await;
}

#[tokio::test]
async fn bad_upload_input_never_leaves() {
    for_each_backend(|backend| async move {
        let server = MockServer::start().await;
        let client = client(&server.uri(), backend);
        let file = || FilePart::new("a.png", "image/png", IMAGE);
        let errors = [
            client
                .upload_card_attachment("../x", AttachmentUpload::new(file()))
                .await
                .expect_err("bad card id"),
            client
                .upload_member_avatar("a b", file())
                .await
                .expect_err("bad member"),
            client
                .upload_custom_emoji("me", "", file())
                .await
                .expect_err("no emoji name"),
        ];
        for err in errors {
            assert!(matches!(err, Error::InvalidInput(_)), "{err}");
        }
        assert!(server.received_requests().await.expect("on").is_empty());
    })
    .await;
}

#[tokio::test]
async fn attachment_downloads_use_the_header_only() {
    const PATH: &str = "/cards/5abbe4b7ddc1b351ef961414/attachments/5abbe4b7ddc1b351ef961499/download/chart%20final.png";
    for_each_backend(|backend| async move {
        for placement in [AuthPlacement::Header, AuthPlacement::Query] {
            let server = MockServer::start().await;
            Mock::given(matchers::method("GET"))
                .and(matchers::path(PATH))
                .respond_with(
                    ResponseTemplate::new(200)
                        .insert_header("content-type", "image/png")
                        .set_body_bytes(IMAGE),
                )
                .mount(&server)
                .await;
            let client = client_with(&server.uri(), backend, placement);
            let attachment: Attachment = serde_json::from_value(serde_json::json!({
                "id": "5abbe4b7ddc1b351ef961499",
                "url": format!("{}/1{PATH}", server.uri()),
            }))
            .expect("an attachment");
            let bytes = client
                .download_attachment(&attachment)
                .await
                .unwrap_or_else(|e| panic!("{backend:?}: {e}"));
            assert_eq!(&bytes[..], IMAGE);
            let bytes = client
                .download_attachment_file(
                    "5abbe4b7ddc1b351ef961414",
                    "5abbe4b7ddc1b351ef961499",
                    "chart final.png",
                )
                .await
                .unwrap_or_else(|e| panic!("{backend:?}: {e}"));
            assert_eq!(&bytes[..], IMAGE);

            let requests = server.received_requests().await.expect("on");
            assert_eq!(requests.len(), 2);
            for request in &requests {
                assert_eq!(request.url.path(), PATH);
                assert_header_auth(request);
                assert_eq!(
                    request.headers.get("accept").map(|v| v.as_bytes()),
                    Some(&b"*/*"[..])
                );
            }
        }
    })
    .await;
}

#[tokio::test]
async fn non_trello_or_plain_http_attachment_urls_are_refused() {
    for_each_backend(|backend| async move {
        let server = MockServer::start().await;
        let client = client(&server.uri(), backend);
        for url in [
            "http://trello.com/1/cards/c/attachments/a/download/f.png",
            "https://example.com/1/cards/c/attachments/a/download/f.png",
            "https://docs.google.com/document/d/abc",
        ] {
            let attachment: Attachment =
                serde_json::from_value(serde_json::json!({"id": "a", "url": url}))
                    .expect("an attachment");
            let err = client
                .download_attachment(&attachment)
                .await
                .expect_err(url);
            assert!(matches!(err, Error::InvalidInput(_)), "{url}: {err}");
        }
        assert!(server.received_requests().await.expect("on").is_empty());
    })
    .await;
}
