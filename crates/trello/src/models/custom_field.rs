//! Custom fields and their values on cards.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::{CustomFieldType, LabelColor, ModelType, lenient};

/// A custom field defined on a board.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct CustomField {
    /// The custom field's id.
    pub id: String,
    /// The object the field is defined on (a board).
    pub id_model: Option<String>,
    /// What kind of object that is.
    pub model_type: Option<ModelType>,
    /// Groups fields that are the same across boards.
    pub field_group: Option<String>,
    /// The field's name.
    pub name: Option<String>,
    /// Position among the board's custom fields.
    #[serde(default, deserialize_with = "lenient::f64")]
    pub pos: Option<f64>,
    /// The kind of value the field holds.
    #[serde(rename = "type")]
    pub field_type: Option<CustomFieldType>,
    /// The choices, for drop-down (`list`) fields.
    pub options: Option<Vec<CustomFieldOption>>,
    /// How the field is shown.
    pub display: Option<CustomFieldDisplay>,
    /// Whether Trello suggested the field.
    pub is_suggested_field: Option<bool>,
    /// Every field Trello sent that has no field here (`limits`, …).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// How a custom field is shown (`display`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct CustomFieldDisplay {
    /// Whether the value is shown on the card's front.
    pub card_front: Option<bool>,
    /// Every field Trello sent that has no field here.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One choice of a drop-down custom field.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct CustomFieldOption {
    /// The option's id (what a card's [`CustomFieldItem::id_value`] holds).
    pub id: String,
    /// The custom field the option belongs to.
    pub id_custom_field: Option<String>,
    /// The option's text.
    pub value: Option<CustomFieldOptionValue>,
    /// The option's color (Trello sends `"none"` for no color, kept as
    /// [`LabelColor::Other`]).
    pub color: Option<LabelColor>,
    /// Position among the options.
    #[serde(default, deserialize_with = "lenient::f64")]
    pub pos: Option<f64>,
    /// Every field Trello sent that has no field here.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The text of a drop-down option (`value`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CustomFieldOptionValue {
    /// The option's text.
    pub text: Option<String>,
    /// Every field Trello sent that has no field here.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A custom field's value on a card.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct CustomFieldItem {
    /// The item's id.
    pub id: String,
    /// The custom field this is a value of.
    pub id_custom_field: Option<String>,
    /// The object that holds the value (a card).
    pub id_model: Option<String>,
    /// What kind of object that is.
    pub model_type: Option<ModelType>,
    /// The value, for text, number, date and checkbox fields.
    pub value: Option<CustomFieldValue>,
    /// The chosen option's id, for drop-down fields.
    pub id_value: Option<String>,
    /// Every field Trello sent that has no field here.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl CustomFieldItem {
    /// The value, whichever kind it is; `None` when the item holds none.
    pub fn typed_value(&self) -> Option<FieldValue<'_>> {
        if let Some(option) = self.id_value.as_deref() {
            return Some(FieldValue::Option(option));
        }
        let value = self.value.as_ref()?;
        if let Some(text) = value.text.as_deref() {
            Some(FieldValue::Text(text))
        } else if let Some(number) = value.number {
            Some(FieldValue::Number(number))
        } else if let Some(date) = value.date {
            Some(FieldValue::Date(date))
        } else {
            value.checked.map(FieldValue::Checked)
        }
    }
}

/// The value of a text, number, date or checkbox custom field (`value`):
/// exactly one field is set. Trello sends numbers and checkboxes as strings
/// (`{"number": "42.5"}`, `{"checked": "true"}`); they are decoded here and
/// serialized back in that shape, so the struct can be a request body too.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CustomFieldValue {
    /// The text, for text fields.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// The number, for number fields (written back as a string).
    #[serde(
        default,
        deserialize_with = "lenient::f64",
        serialize_with = "lenient::f64_as_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub number: Option<f64>,
    /// The date, for date fields.
    #[serde(
        default,
        deserialize_with = "lenient::datetime",
        skip_serializing_if = "Option::is_none"
    )]
    pub date: Option<DateTime<Utc>>,
    /// Whether the box is checked, for checkbox fields (written back as
    /// `"true"`/`"false"`).
    #[serde(
        default,
        deserialize_with = "lenient::bool",
        serialize_with = "lenient::bool_as_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub checked: Option<bool>,
    /// Every field Trello sent that has no field here.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A custom field value of any kind (see [`CustomFieldItem::typed_value`]).
#[derive(Clone, Copy, Debug, PartialEq)]
#[non_exhaustive]
pub enum FieldValue<'a> {
    /// A text field's text.
    Text(&'a str),
    /// A number field's number.
    Number(f64),
    /// A date field's date.
    Date(DateTime<Utc>),
    /// A checkbox field's state.
    Checked(bool),
    /// A drop-down field's chosen option id.
    Option(&'a str),
}
