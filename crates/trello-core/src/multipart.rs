//! File parts of upload endpoints (attachments, avatars, backgrounds, emoji,
//! stickers, logos), and a small `multipart/form-data` encoder for them.
//!
//! [`FilePart`] is the parameter value of every `file` parameter; its
//! [`ParamValue::KIND`] is [`ParamKind::File`]. An endpoint with a file
//! among its body parameters sends a `multipart/form-data` body.

use std::borrow::Cow;

use crate::{Error, meta::ParamKind, params::ParamValue};

/// One file to upload: its name, content type and bytes.
#[derive(Clone, PartialEq, Eq)]
pub struct FilePart {
    file_name: String,
    content_type: String,
    bytes: Vec<u8>,
}

impl FilePart {
    /// A file named `file_name` (as Trello shows it) of type `content_type`
    /// (e.g. `image/png`) holding `bytes`.
    pub fn new(
        file_name: impl Into<String>,
        content_type: impl Into<String>,
        bytes: impl Into<Vec<u8>>,
    ) -> Self {
        Self {
            file_name: file_name.into(),
            content_type: content_type.into(),
            bytes: bytes.into(),
        }
    }

    /// The file's name.
    pub fn file_name(&self) -> &str {
        &self.file_name
    }

    /// The content type.
    pub fn content_type(&self) -> &str {
        &self.content_type
    }

    /// The content.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }
}

impl std::fmt::Debug for FilePart {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FilePart")
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .field("len", &self.bytes.len())
            .finish()
    }
}

impl ParamValue for FilePart {
    const KIND: ParamKind = ParamKind::File;

    fn to_wire(&self) -> Cow<'_, str> {
        Cow::Borrowed(&self.file_name)
    }

    fn to_file_part(&self) -> Option<&FilePart> {
        Some(self)
    }

    fn check(&self, name: &str) -> Result<(), Error> {
        if self.file_name.is_empty() || self.file_name.contains(['"', '\r', '\n']) {
            return Err(Error::invalid_input(format!(
                "parameter `{name}`: the file name {:?} is empty or has a quote or line break; \
                 give a plain file name such as report.pdf",
                self.file_name
            )));
        }
        Ok(())
    }
}

/// A part of a `multipart/form-data` body: a text field or a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Part {
    /// A text field.
    Text {
        /// The field name.
        name: String,
        /// Its value.
        value: String,
    },
    /// A file field.
    File {
        /// The field name.
        name: String,
        /// The file.
        file: FilePart,
    },
}

/// Encodes `parts` as a `multipart/form-data` body (RFC 7578) with
/// `boundary`, which must not occur in any part. Returns the body and the
/// `Content-Type` header value.
pub fn encode(boundary: &str, parts: &[Part]) -> Result<(Vec<u8>, String), Error> {
    let valid_boundary = !boundary.is_empty()
        && boundary.len() <= 70
        && boundary
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"'()+_,-./:=?".contains(&b));
    if !valid_boundary {
        return Err(Error::invalid_input(format!(
            "multipart boundary `{boundary}` is not 1 to 70 letters, digits or '()+_,-./:=?"
        )));
    }
    let quoted = |s: &str| {
        s.replace('\\', "\\\\")
            .replace('"', "\\\"")
            .replace(['\r', '\n'], " ")
    };
    let mut body = Vec::new();
    for part in parts {
        body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
        let content: &[u8] = match part {
            Part::Text { name, value } => {
                body.extend_from_slice(
                    format!(
                        "Content-Disposition: form-data; name=\"{}\"\r\n\r\n",
                        quoted(name)
                    )
                    .as_bytes(),
                );
                value.as_bytes()
            }
            Part::File { name, file } => {
                body.extend_from_slice(
                    format!(
                        "Content-Disposition: form-data; name=\"{}\"; filename=\"{}\"\r\nContent-Type: {}\r\n\r\n",
                        quoted(name),
                        quoted(&file.file_name),
                        quoted(&file.content_type)
                    )
                    .as_bytes(),
                );
                &file.bytes
            }
        };
        let delimiter = format!("--{boundary}");
        if content
            .windows(delimiter.len())
            .any(|w| w == delimiter.as_bytes())
        {
            return Err(Error::invalid_input(format!(
                "multipart boundary `{boundary}` occurs in a part; choose another"
            )));
        }
        body.extend_from_slice(content);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    Ok((body, format!("multipart/form-data; boundary={boundary}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_text_and_file_parts() {
        let parts = [
            Part::Text {
                name: "name".into(),
                value: "logo".into(),
            },
            Part::File {
                name: "file".into(),
                file: FilePart::new("a \"b\".png", "image/png", b"\x89PNG".to_vec()),
            },
        ];
        let (body, content_type) = encode("XyZ123", &parts).expect("encodes");
        assert_eq!(content_type, "multipart/form-data; boundary=XyZ123");
        let mut expected = b"--XyZ123\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nlogo\r\n--XyZ123\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a \\\"b\\\".png\"\r\nContent-Type: image/png\r\n\r\n".to_vec();
        expected.extend_from_slice(b"\x89PNG\r\n--XyZ123--\r\n");
        assert_eq!(body, expected);
    }

    #[test]
    fn rejects_bad_boundaries() {
        let part = Part::Text {
            name: "a".into(),
            value: "--XyZ".into(),
        };
        assert!(encode("XyZ", std::slice::from_ref(&part)).is_err());
        assert!(encode("", &[]).is_err());
        assert!(encode("bad boundary", &[]).is_err());
    }

    #[test]
    fn file_parts_go_into_a_multipart_body() {
        let file = FilePart::new("a.png", "image/png", vec![1, 2, 3]);
        file.check("file").expect("a plain file name is fine");
        assert!(
            FilePart::new("", "image/png", vec![])
                .check("file")
                .is_err()
        );
        assert!(
            FilePart::new("a\"b", "image/png", vec![])
                .check("file")
                .is_err()
        );
        assert!(format!("{file:?}").contains("len: 3"));
        const { assert!(matches!(FilePart::KIND, ParamKind::File)) };

        let mut body = crate::endpoint::BodyBuilder::new();
        body.add("name", &"Report".to_owned());
        body.add("file", &file);
        match body.finish() {
            crate::RequestBody::Multipart(parts) => assert_eq!(
                parts,
                [
                    Part::Text {
                        name: "name".into(),
                        value: "Report".into()
                    },
                    Part::File {
                        name: "file".into(),
                        file
                    },
                ]
            ),
            other => panic!("{other:?}"),
        }
        let mut body = crate::endpoint::BodyBuilder::new();
        body.add("name", &"Report".to_owned());
        assert!(matches!(body.finish(), crate::RequestBody::Json(_)));
    }
}
