//! Card attachments: links and multipart file uploads, and Trello's
//! download route, which answers `302` to the file on the sandbox's own
//! storage path ([`FILE_PREFIX`]), as Trello redirects to its storage host.

use axum::{
    extract::{Path, State},
    http::{HeaderMap, HeaderValue, StatusCode, header},
};
use bytes::Bytes;
use serde_json::{Value, json};

use super::*;
use crate::state::StoredAttachment;

/// Where uploaded files are served (the download route redirects here):
/// `{FILE_PREFIX}{idAttachment}/{fileName}`, without credentials, as a
/// storage host serves a signed URL.
pub const FILE_PREFIX: &str = "/_sandbox/files/attachments/";

/// The file part of a multipart request.
#[derive(Clone, Debug)]
pub(crate) struct Upload {
    file_name: String,
    content_type: Option<String>,
    bytes: Bytes,
}

impl Upload {
    pub(super) fn new(file_name: &str, content_type: &str, bytes: Bytes) -> Self {
        Self {
            file_name: file_name.to_owned(),
            content_type: Some(content_type.to_owned()),
            bytes,
        }
    }
}

/// Reads a `multipart/form-data` body: its text fields go into `params`,
/// its file part (the one with a file name, or named `file`) is returned.
/// `Ok(None)` for any other body.
pub(super) async fn read_multipart(
    headers: &HeaderMap,
    body: Bytes,
    params: &mut Params,
) -> Result<Option<Upload>, String> {
    let Some(content_type) = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .filter(|v| v.starts_with("multipart/"))
    else {
        return Ok(None);
    };
    let boundary = multer::parse_boundary(content_type).map_err(|e| {
        format!("invalid multipart body: {e}; send multipart/form-data with a boundary")
    })?;
    let stream = futures_util::stream::once(async move { Ok::<_, std::convert::Infallible>(body) });
    let mut multipart = multer::Multipart::new(stream, boundary);
    let mut upload = None;
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(e) => return Err(format!("invalid multipart body: {e}")),
        };
        let name = field.name().unwrap_or_default().to_owned();
        let file_name = field.file_name().map(str::to_owned);
        let content_type = field.content_type().map(ToString::to_string);
        let bytes = field
            .bytes()
            .await
            .map_err(|e| format!("invalid multipart body: part {name:?}: {e}"))?;
        if file_name.is_some() || name == "file" {
            upload = Some(Upload {
                file_name: file_name.unwrap_or_else(|| "file".to_owned()),
                content_type,
                bytes,
            });
        } else {
            params.insert(
                name,
                Value::String(String::from_utf8_lossy(&bytes).into_owned()),
            );
        }
    }
    Ok(upload)
}

/// The attachment routes of cards.
pub(super) fn dispatch(store: &mut Store, cx: Ctx<'_>) -> Answer {
    let Ctx { params, record, .. } = cx;
    Ok(Some(match (cx.method, cx.segs) {
        ("POST", ["cards", id, "attachments"]) => {
            let card = find(&store.cards, id)?.clone();
            let card_id = card["id"].as_str().unwrap_or_default().to_owned();
            let link = str_param(params, "url").filter(|u| !u.trim().is_empty());
            let id = ids::new_id();
            let now = crate::state::rfc3339(store.system_now());
            let pos = position(
                params,
                attachments_of(store, &card_id).filter_map(|a| a["pos"].as_f64()),
            );
            let (json, file) = match (cx.upload, link) {
                (Some(upload), _) => {
                    let file_name = upload.file_name.clone();
                    let mime = str_param(params, "mimeType")
                        .map(str::to_owned)
                        .or_else(|| upload.content_type.clone());
                    let url = format!(
                        "https://trello.com/1/cards/{card_id}/attachments/{id}/download/{}",
                        percent_encoding::utf8_percent_encode(
                            &file_name,
                            percent_encoding::NON_ALPHANUMERIC
                        )
                    );
                    (
                        json!({
                            "id": id, "bytes": upload.bytes.len(), "date": now, "edgeColor": null,
                            "idMember": record.member_id, "isUpload": true, "mimeType": mime,
                            "name": str_param(params, "name").unwrap_or(&file_name),
                            "previews": [], "url": url, "pos": pos, "fileName": file_name,
                        }),
                        Some(upload.bytes.clone()),
                    )
                }
                (None, Some(link)) => (
                    json!({
                        "id": id, "bytes": null, "date": now, "edgeColor": null,
                        "idMember": record.member_id, "isUpload": false,
                        "mimeType": str_param(params, "mimeType").unwrap_or(""),
                        "name": str_param(params, "name").unwrap_or(link),
                        "previews": [], "url": link, "pos": pos, "fileName": null,
                    }),
                    None,
                ),
                (None, None) => {
                    return Err(text(
                        StatusCode::BAD_REQUEST,
                        "invalid value for url: give a url, or upload a file as multipart/form-data (part `file`)",
                    ));
                }
            };
            store.attachments.insert(
                id.clone(),
                StoredAttachment {
                    card: card_id.clone(),
                    json: json.clone(),
                    file,
                },
            );
            if let Some(card) = store.cards.get_mut(&card_id) {
                if bool_param(params, "setCover") == Some(true) {
                    card["idAttachmentCover"] = Value::String(id.clone());
                }
            }
            refresh_card(store, &card_id);
            let data = history::card_data(
                store,
                &card,
                json!({"attachment": {"id": id, "name": json["name"], "url": json["url"]}}),
            );
            history::record(store, record, "addAttachmentToCard", data);
            ok(&json)
        }
        ("GET", ["cards", id, "attachments"]) => {
            let card = find(&store.cards, id)?;
            let card_id = card["id"].as_str().unwrap_or_default();
            let cover = card["idAttachmentCover"].clone();
            let only_cover = str_param(params, "filter") == Some("cover");
            let mut list: Vec<Value> = attachments_of(store, card_id)
                .filter(|a| !only_cover || a["id"] == cover)
                .map(|a| select_fields(a, str_param(params, "fields")))
                .collect();
            sort_by_pos(&mut list);
            ok(&Value::Array(list))
        }
        ("GET", ["cards", id, "attachments", attachment]) => {
            let stored = attachment_on(store, id, attachment)?;
            ok(&select_fields(&stored.json, str_param(params, "fields")))
        }
        ("DELETE", ["cards", id, "attachments", attachment]) => {
            let stored = attachment_on(store, id, attachment)?.clone();
            store
                .attachments
                .remove(stored.json["id"].as_str().unwrap_or_default());
            if let Some(card) = store.cards.get_mut(&stored.card)
                && card["idAttachmentCover"] == stored.json["id"]
            {
                card["idAttachmentCover"] = Value::Null;
            }
            refresh_card(store, &stored.card);
            if let Some(card) = store.cards.get(&stored.card).cloned() {
                let data = history::card_data(
                    store,
                    &card,
                    json!({"attachment": {"id": stored.json["id"], "name": stored.json["name"]}}),
                );
                history::record(store, record, "deleteAttachmentFromCard", data);
            }
            deleted()
        }
        (
            "GET",
            [
                "cards",
                id,
                "attachments",
                attachment,
                "download",
                file_name,
            ],
        ) => {
            let stored = attachment_on(store, id, attachment)?;
            if stored.file.is_none() || stored.json["fileName"] != *file_name {
                return Err(text(StatusCode::NOT_FOUND, NOT_FOUND));
            }
            let location = format!(
                "{FILE_PREFIX}{attachment}/{}",
                percent_encoding::utf8_percent_encode(
                    file_name,
                    percent_encoding::NON_ALPHANUMERIC
                )
            );
            let mut response = text(StatusCode::FOUND, "");
            if let Ok(location) = HeaderValue::from_str(&location) {
                response.headers_mut().insert(header::LOCATION, location);
            }
            response
        }
        _ => return Ok(None),
    }))
}

fn attachments_of<'a>(store: &'a Store, card: &'a str) -> impl Iterator<Item = &'a Value> + 'a {
    store
        .attachments
        .values()
        .filter(move |a| a.card == card)
        .map(|a| &a.json)
}

/// Attachment `attachment` of card `card` (id or short link), or 404.
fn attachment_on<'a>(
    store: &'a Store,
    card: &str,
    attachment: &str,
) -> Result<&'a StoredAttachment, Response> {
    let card = find(&store.cards, card)?["id"].as_str().unwrap_or_default();
    store
        .attachments
        .get(attachment)
        .filter(|a| a.card == card)
        .ok_or_else(|| text(StatusCode::NOT_FOUND, NOT_FOUND))
}

/// `GET /_sandbox/files/attachments/{idAttachment}/{fileName}`: the bytes
/// of an uploaded attachment, with its media type.
pub async fn file(
    State(shared): State<Shared>,
    Path((id, file_name)): Path<(String, String)>,
) -> Response {
    let store = shared.store.lock().await;
    let Some((stored, bytes)) = store
        .attachments
        .get(&id)
        .filter(|a| a.json["fileName"] == file_name.as_str())
        .and_then(|a| a.file.clone().map(|bytes| (a, bytes)))
    else {
        return text(StatusCode::NOT_FOUND, NOT_FOUND);
    };
    let mime = stored.json["mimeType"]
        .as_str()
        .filter(|m| !m.is_empty())
        .unwrap_or("application/octet-stream");
    let mut response = Response::new(Body::from(bytes));
    if let Ok(mime) = HeaderValue::from_str(mime) {
        response.headers_mut().insert(header::CONTENT_TYPE, mime);
    }
    response
}
