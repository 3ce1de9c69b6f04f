//! Files: uploads as `multipart/form-data` (card attachments, member
//! avatars, custom board backgrounds, custom emoji and stickers,
//! Workspace logos) and downloads of uploaded attachments.
//!
//! Uploads go through the client's pipeline (rate limits, timeouts,
//! tracing, error mapping); like every POST they are not retried unless
//! asked. Downloads send the key and token in the `Authorization` header
//! only, whatever the client's placement, so they never appear in a URL.
//!
//! ```no_run
//! # async fn run(client: trello::Client) -> trello::Result<()> {
//! use trello::files::{AttachmentUpload, FilePart};
//!
//! let file = FilePart::new("report.pdf", "application/pdf", std::fs::read("report.pdf").unwrap());
//! let attachment = client
//!     .upload_card_attachment("5abbe4b7ddc1b351ef961414", AttachmentUpload::new(file).name("Q3"))
//!     .await?;
//! let bytes = client.download_attachment(&attachment).await?;
//! # let _ = bytes; Ok(()) }
//! ```

use bytes::Bytes;
use serde_json::Value;
use trello_core::{
    Body, IdOrShortLink, IdOrUsername, ParamValue, TransportError, TransportErrorKind, TrelloId,
    client::decode, multipart::Part, params::encode_path_segment,
};
use url::{Host, Url};

use crate::{CallOptions, Client, Error, Method, Result, models::Attachment};

pub use trello_core::multipart::FilePart;

/// A file to attach to a card, with the optional fields of
/// `POST /cards/{id}/attachments`.
#[derive(Clone, Debug)]
pub struct AttachmentUpload {
    file: FilePart,
    name: Option<String>,
    mime_type: Option<String>,
    set_cover: Option<bool>,
}

impl AttachmentUpload {
    /// Attach `file`; its content type is sent as `mimeType` unless
    /// [`AttachmentUpload::mime_type`] says otherwise.
    pub fn new(file: FilePart) -> Self {
        Self {
            file,
            name: None,
            mime_type: None,
            set_cover: None,
        }
    }

    /// The attachment's name as Trello shows it (default: the file name).
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// The `mimeType` field (default: the file's content type).
    pub fn mime_type(mut self, mime_type: impl Into<String>) -> Self {
        self.mime_type = Some(mime_type.into());
        self
    }

    /// Whether the attachment becomes the card's cover (images only).
    pub fn set_cover(mut self, set_cover: bool) -> Self {
        self.set_cover = Some(set_cover);
        self
    }

    fn parts(&self) -> Vec<Part> {
        let mut parts = vec![Part::File {
            name: "file".to_owned(),
            file: self.file.clone(),
        }];
        if let Some(name) = &self.name {
            parts.push(text("name", name));
        }
        let mime_type = self
            .mime_type
            .as_deref()
            .unwrap_or(self.file.content_type());
        parts.push(text("mimeType", mime_type));
        if let Some(set_cover) = self.set_cover {
            parts.push(text("setCover", if set_cover { "true" } else { "false" }));
        }
        parts
    }
}

fn text(name: &str, value: &str) -> Part {
    Part::Text {
        name: name.to_owned(),
        value: value.to_owned(),
    }
}

fn file(file: FilePart) -> Part {
    Part::File {
        name: "file".to_owned(),
        file,
    }
}

/// `id` checked as `T` and encoded as one path segment.
fn segment<T: ParamValue + for<'a> From<&'a str>>(name: &str, id: &str) -> Result<String> {
    T::from(id).check(name)?;
    encode_path_segment(name, id)
}

impl Client {
    /// `POST /cards/{id}/attachments`: uploads a file to card `card` (an id
    /// or short link) and returns the new attachment.
    pub async fn upload_card_attachment(
        &self,
        card: &str,
        upload: AttachmentUpload,
    ) -> Result<Attachment> {
        let path = format!(
            "/cards/{}/attachments",
            segment::<IdOrShortLink>("id", card)?
        );
        self.upload(&path, "/cards/{id}/attachments", &upload.parts())
            .await
    }

    /// `POST /members/{id}/avatar`: sets the avatar of member `member` (an
    /// id, username or `me`).
    pub async fn upload_member_avatar(&self, member: &str, image: FilePart) -> Result<Value> {
        let path = format!("/members/{}/avatar", segment::<IdOrUsername>("id", member)?);
        self.upload(&path, "/members/{id}/avatar", &[file(image)])
            .await
    }

    /// `POST /members/{id}/customBoardBackgrounds`: uploads a board
    /// background for member `member`.
    pub async fn upload_custom_board_background(
        &self,
        member: &str,
        image: FilePart,
    ) -> Result<Value> {
        let path = format!(
            "/members/{}/customBoardBackgrounds",
            segment::<IdOrUsername>("id", member)?
        );
        self.upload(
            &path,
            "/members/{id}/customBoardBackgrounds",
            &[file(image)],
        )
        .await
    }

    /// `POST /members/{id}/customEmoji`: uploads a custom emoji named `name`
    /// (used as `:name:`) for member `member`.
    pub async fn upload_custom_emoji(
        &self,
        member: &str,
        name: &str,
        image: FilePart,
    ) -> Result<Value> {
        if name.is_empty() {
            return Err(Error::invalid_input(
                "parameter `name` is empty; give the emoji's name",
            ));
        }
        let path = format!(
            "/members/{}/customEmoji",
            segment::<IdOrUsername>("id", member)?
        );
        self.upload(
            &path,
            "/members/{id}/customEmoji",
            &[file(image), text("name", name)],
        )
        .await
    }

    /// `POST /members/{id}/customStickers`: uploads a custom sticker for
    /// member `member`.
    pub async fn upload_custom_sticker(&self, member: &str, image: FilePart) -> Result<Value> {
        let path = format!(
            "/members/{}/customStickers",
            segment::<IdOrUsername>("id", member)?
        );
        self.upload(&path, "/members/{id}/customStickers", &[file(image)])
            .await
    }

    /// `POST /organizations/{id}/logo`: sets the logo of Workspace
    /// `organization` (its id or name).
    pub async fn upload_organization_logo(
        &self,
        organization: &str,
        image: FilePart,
    ) -> Result<Value> {
        let path = format!(
            "/organizations/{}/logo",
            encode_path_segment("id", organization)?
        );
        self.upload(&path, "/organizations/{id}/logo", &[file(image)])
            .await
    }

    async fn upload<T: serde::de::DeserializeOwned>(
        &self,
        path: &str,
        template: &str,
        parts: &[Part],
    ) -> Result<T> {
        let response = self
            .request_multipart_with(Method::Post, path, &[], parts, CallOptions::default())
            .await?;
        decode(Method::Post, template, response.body())
    }

    /// The bytes of an uploaded attachment, from its `url`
    /// (`https://trello.com/1/cards/{idCard}/attachments/{idAttachment}/download/{fileName}`).
    ///
    /// The URL must be https (http only for loopback hosts), on
    /// `trello.com`, a subdomain of it, or the client's API host, and have
    /// that shape; links attached to cards (any other URL) are refused with
    /// [`Error::InvalidInput`]: fetch them without Trello credentials. The
    /// download goes to the client's API base with the credentials in the
    /// `Authorization` header only; Trello's redirect to its storage host is
    /// followed without them. The bytes are buffered up to the client's
    /// [`max_body_size`](crate::ClientBuilder::max_body_size); for big
    /// files use [`Client::download_attachment_stream`].
    pub async fn download_attachment(&self, attachment: &Attachment) -> Result<Bytes> {
        let raw = attachment.url.as_deref().ok_or_else(|| {
            Error::invalid_input(format!(
                "attachment {} has no `url`; fetch it with its `url` field (e.g. GET /cards/{{id}}/attachments)",
                attachment.id
            ))
        })?;
        let path = download_path(raw, self.base_url())?;
        self.download_path(&path).await
    }

    /// The bytes of attachment `attachment` of card `card`, named
    /// `file_name`: `GET /cards/{id}/attachments/{idAttachment}/download/{fileName}`
    /// with the credentials in the `Authorization` header only.
    pub async fn download_attachment_file(
        &self,
        card: &str,
        attachment: &str,
        file_name: &str,
    ) -> Result<Bytes> {
        let path = attachment_file_path(card, attachment, file_name)?;
        self.download_path(&path).await
    }

    async fn download_path(&self, path: &str) -> Result<Bytes> {
        let limit = self.max_body_size();
        self.download_stream_path(path)
            .await?
            .into_body()
            .collect_limited(limit)
            .await
    }

    async fn download_stream_path(&self, path: &str) -> Result<Download> {
        let response = self.download_with(path, CallOptions::default()).await?;
        Ok(Download { response })
    }

    /// Like [`Client::download_attachment`], streamed: the answer's head
    /// now, the bytes chunk by chunk as they arrive, so memory stays bounded
    /// by the chunk size whatever the file's size. Follows Trello's redirect
    /// to its storage host without sending it the credentials.
    pub async fn download_attachment_stream(&self, attachment: &Attachment) -> Result<Download> {
        let raw = attachment.url.as_deref().ok_or_else(|| {
            Error::invalid_input(format!(
                "attachment {} has no `url`; fetch it with its `url` field (e.g. GET /cards/{{id}}/attachments)",
                attachment.id
            ))
        })?;
        let path = download_path(raw, self.base_url())?;
        self.download_stream_path(&path).await
    }

    /// Like [`Client::download_attachment_file`], streamed (see
    /// [`Client::download_attachment_stream`]).
    pub async fn download_attachment_file_stream(
        &self,
        card: &str,
        attachment: &str,
        file_name: &str,
    ) -> Result<Download> {
        let path = attachment_file_path(card, attachment, file_name)?;
        self.download_stream_path(&path).await
    }

    /// A board export's file, streamed:
    /// `GET /boards/{id}/exports/{idExport}/download`, with the credentials
    /// in the `Authorization` header only and redirects followed as for
    /// attachments. Start an export with `POST /boards/{id}/exports` and wait
    /// until it is complete.
    pub async fn download_board_export(&self, board: &str, export: &str) -> Result<Download> {
        let path = format!(
            "/boards/{}/exports/{}/download",
            segment::<IdOrShortLink>("id", board)?,
            segment::<TrelloId>("idExport", export)?
        );
        self.download_stream_path(&path).await
    }
}

/// A download in progress: the answer's status and headers, and its body
/// still on the wire. Read it as a [`Stream`](futures_util::Stream) of
/// chunks ([`Download::into_body`]), or write it out with
/// [`Download::write_to`] / [`Download::save_to_file`]; dropping it closes
/// the connection.
#[derive(Debug)]
pub struct Download {
    response: http::Response<Body>,
}

impl Download {
    /// The HTTP status (a success: errors were already mapped).
    pub fn status(&self) -> http::StatusCode {
        self.response.status()
    }

    /// The answer's headers.
    pub fn headers(&self) -> &http::HeaderMap {
        self.response.headers()
    }

    /// The `Content-Type`, when the server sent one.
    pub fn content_type(&self) -> Option<&str> {
        self.headers()
            .get(http::header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
    }

    /// The announced size in bytes, when the server sent a `Content-Length`.
    pub fn content_length(&self) -> Option<u64> {
        self.headers()
            .get(http::header::CONTENT_LENGTH)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.parse().ok())
    }

    /// The body: a `Stream` of `Bytes` chunks (and an `http_body::Body`).
    pub fn into_body(self) -> Body {
        self.response.into_body()
    }

    /// Writes the body to `writer` chunk by chunk and flushes it; returns
    /// the number of bytes written. Memory stays bounded by one chunk.
    pub async fn write_to<W>(self, writer: &mut W) -> Result<u64>
    where
        W: tokio::io::AsyncWrite + Unpin + ?Sized,
    {
        use tokio::io::AsyncWriteExt as _;

        let mut body = self.into_body();
        let mut written = 0u64;
        while let Some(chunk) = body.next_chunk().await {
            let chunk = chunk?;
            writer.write_all(&chunk).await.map_err(write_error)?;
            written += chunk.len() as u64;
        }
        writer.flush().await.map_err(write_error)?;
        Ok(written)
    }

    /// Writes the body to a new file at `path` (replacing one that exists);
    /// returns the number of bytes written.
    pub async fn save_to_file(self, path: impl AsRef<std::path::Path>) -> Result<u64> {
        let path = path.as_ref();
        let mut file = tokio::fs::File::create(path).await.map_err(|err| {
            Error::invalid_input(format!(
                "cannot create {} for the download: {err}",
                path.display()
            ))
        })?;
        self.write_to(&mut file).await
    }
}

/// A failure to write a downloaded chunk (the caller's writer, not Trello).
fn write_error(err: std::io::Error) -> Error {
    Error::Transport(TransportError::new(TransportErrorKind::Io, err))
}

/// The path of `GET /cards/{id}/attachments/{idAttachment}/download/{fileName}`.
fn attachment_file_path(card: &str, attachment: &str, file_name: &str) -> Result<String> {
    Ok(format!(
        "/cards/{}/attachments/{}/download/{}",
        segment::<IdOrShortLink>("id", card)?,
        encode_path_segment("idAttachment", attachment)?,
        encode_path_segment("fileName", file_name)?
    ))
}

/// The API path (`/cards/…/download/…`, still percent-encoded) of an
/// attachment download URL, after checking the URL.
fn download_path(raw: &str, base: &Url) -> Result<String> {
    let refuse = |why: &str| {
        Error::invalid_input(format!(
            "attachment URL {why}; only Trello attachment downloads \
             (https://trello.com/1/cards/{{idCard}}/attachments/{{idAttachment}}/download/{{fileName}}) \
             are fetched with credentials"
        ))
    };
    let url = Url::parse(raw).map_err(|_| refuse("is not an absolute URL"))?;
    let loopback = match url.host() {
        Some(Host::Domain(domain)) => domain.eq_ignore_ascii_case("localhost"),
        Some(Host::Ipv4(ip)) => ip.is_loopback(),
        Some(Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    };
    match url.scheme() {
        "https" => {}
        "http" if loopback => {}
        _ => return Err(refuse("is neither https nor on a loopback host")),
    }
    if !url.username().is_empty() || url.password().is_some() || url.query().is_some() {
        return Err(refuse("carries user info or a query"));
    }
    let host = url.host_str().unwrap_or_default().to_ascii_lowercase();
    let trello_host = host == "trello.com" || host.ends_with(".trello.com");
    if !(trello_host || loopback || Some(host.as_str()) == base.host_str()) {
        return Err(refuse("is not on trello.com or the API host"));
    }
    let segments: Vec<&str> = url
        .path_segments()
        .map(Iterator::collect)
        .unwrap_or_default();
    let start = segments
        .iter()
        .position(|s| *s == "cards")
        .ok_or_else(|| refuse("has no /cards/ path"))?;
    match &segments[start..] {
        ["cards", card, "attachments", id, "download", name]
            if [card, id, name]
                .iter()
                .all(|s| !s.is_empty() && s.bytes().any(|b| b != b'.')) =>
        {
            Ok(format!("/cards/{card}/attachments/{id}/download/{name}"))
        }
        _ => Err(refuse("does not have the download path shape")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn download_urls_are_checked() {
        let base = Url::parse("https://api.trello.com/1").expect("a URL");
        assert_eq!(
            download_path(
                "https://trello.com/1/cards/5abbe4b7ddc1b351ef961414/attachments/5abbe4b7ddc1b351ef961415/download/a%20b.png",
                &base
            )
            .expect("a download URL"),
            "/cards/5abbe4b7ddc1b351ef961414/attachments/5abbe4b7ddc1b351ef961415/download/a%20b.png"
        );
        for bad in [
            "http://trello.com/1/cards/c/attachments/a/download/f.png",
            "https://evil.example/1/cards/c/attachments/a/download/f.png",
            "https://trello.com/1/cards/c/attachments/a/download/f.png?key=x",
            "https://user:pw@trello.com/1/cards/c/attachments/a/download/f.png",
            "https://trello.com/1/cards/c/attachments/a/previews/f.png",
            "https://trello.com/1/cards/c/attachments/a/download/",
            "ftp://trello.com/1/cards/c/attachments/a/download/f.png",
            "/1/cards/c/attachments/a/download/f.png",
        ] {
            let err = download_path(bad, &base).expect_err(bad);
            assert!(matches!(err, Error::InvalidInput(_)), "{bad}: {err}");
        }
        assert!(
            download_path(
                "http://127.0.0.1:8080/1/cards/c/attachments/a/download/f.png",
                &base
            )
            .is_ok()
        );
    }
}
