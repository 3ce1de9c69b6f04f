//! Card attachments.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::{ImageDescriptor, lenient};

/// A file or link attached to a card.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Attachment {
    /// The attachment's id.
    pub id: String,
    /// The attachment's name.
    pub name: Option<String>,
    /// Where the attachment is (for uploads, a download URL that needs
    /// authentication).
    pub url: Option<String>,
    /// The uploaded file's name.
    pub file_name: Option<String>,
    /// The MIME type (empty for links).
    pub mime_type: Option<String>,
    /// Size in bytes, for uploads (`null` for links).
    #[serde(default, deserialize_with = "lenient::u64")]
    pub bytes: Option<u64>,
    /// When the attachment was added.
    #[serde(default, deserialize_with = "lenient::datetime")]
    pub date: Option<DateTime<Utc>>,
    /// The dominant color at the image's edge (`#rrggbb`).
    pub edge_color: Option<String>,
    /// The member who attached it.
    pub id_member: Option<String>,
    /// Whether it is an uploaded file (rather than a link).
    pub is_upload: Option<bool>,
    /// Position among the card's attachments.
    #[serde(default, deserialize_with = "lenient::f64")]
    pub pos: Option<f64>,
    /// Scaled previews, for images.
    pub previews: Option<Vec<ImageDescriptor>>,
    /// Every field Trello sent that has no field here.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
