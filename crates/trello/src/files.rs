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
    IdOrShortLink, IdOrUsername, ParamValue, client::decode, multipart::Part,
    params::encode_path_segment,
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
    /// `Authorization` header only.
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
        let path = format!(
            "/cards/{}/attachments/{}/download/{}",
            segment::<IdOrShortLink>("id", card)?,
            encode_path_segment("idAttachment", attachment)?,
            encode_path_segment("fileName", file_name)?
        );
        self.download_path(&path).await
    }

    async fn download_path(&self, path: &str) -> Result<Bytes> {
        let response = self.download_with(path, CallOptions::default()).await?;
        response
            .into_body()
            .collect_limited(trello_core::DEFAULT_MAX_BODY_SIZE)
            .await
    }
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
