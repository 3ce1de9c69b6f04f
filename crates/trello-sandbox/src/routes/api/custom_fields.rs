//! Custom fields of boards (`text`, `number`, `date`, `checkbox`, `list`
//! with its options) and their items, a card's value of a field, checked
//! against the field's type as Trello checks them.

use axum::http::StatusCode;
use serde_json::{Map, Value, json};

use super::*;

const TYPES: [&str; 5] = ["checkbox", "list", "number", "text", "date"];

/// The custom field routes, and those of boards and cards that read them.
pub(super) fn dispatch(store: &mut Store, cx: Ctx<'_>) -> Answer {
    let Ctx { params, record, .. } = cx;
    Ok(Some(match (cx.method, cx.segs) {
        ("POST", ["customFields"]) => {
            let board = str_param(params, "idModel")
                .ok_or_else(|| text(StatusCode::BAD_REQUEST, "invalid value for idModel"))?;
            let board = find(&store.boards, board).map_err(|_| {
                text(
                    StatusCode::BAD_REQUEST,
                    "invalid value for idModel: no such board",
                )
            })?["id"]
                .as_str()
                .unwrap_or_default()
                .to_owned();
            if str_param(params, "modelType").is_some_and(|m| m != "board") {
                return Err(text(
                    StatusCode::BAD_REQUEST,
                    "invalid value for modelType: use board",
                ));
            }
            let name = str_param(params, "name")
                .filter(|n| !n.trim().is_empty())
                .ok_or_else(|| text(StatusCode::BAD_REQUEST, "invalid value for name"))?;
            let kind = str_param(params, "type")
                .filter(|t| TYPES.contains(t))
                .ok_or_else(|| {
                    text(
                        StatusCode::BAD_REQUEST,
                        "invalid value for type: use checkbox, list, number, text or date",
                    )
                })?;
            let pos = position(
                params,
                fields_of(store, &board).filter_map(|f| f["pos"].as_f64()),
            );
            let id = ids::new_id();
            let mut field = json!({
                "id": id, "idModel": board, "modelType": "board", "fieldGroup": ids::random_hex(64),
                "display": {"cardFront": bool_param(params, "display_cardFront").unwrap_or(true)},
                "name": name, "pos": pos, "type": kind, "isSuggestedField": false,
            });
            if kind == "list" {
                let options: Vec<Value> = match params.get("options") {
                    Some(Value::Array(options)) => options
                        .iter()
                        .enumerate()
                        .map(|(i, o)| option(&id, o, 16384.0 * (i as f64 + 1.0)))
                        .collect(),
                    _ => Vec::new(),
                };
                field["options"] = Value::Array(options);
            }
            store.custom_fields.insert(id, field.clone());
            ok(&field)
        }
        ("GET", ["boards", id, "customFields"]) => {
            let board = find(&store.boards, id)?["id"]
                .as_str()
                .unwrap_or_default()
                .to_owned();
            let mut fields: Vec<Value> = fields_of(store, &board).cloned().collect();
            sort_by_pos(&mut fields);
            ok(&Value::Array(fields))
        }
        ("GET", ["customFields", id]) => ok(find(&store.custom_fields, id)?),
        ("PUT", ["customFields", id]) => {
            let field = find(&store.custom_fields, id)?.clone();
            let id = field["id"].as_str().unwrap_or_default().to_owned();
            let board = field["idModel"].as_str().unwrap_or_default().to_owned();
            if let Some(name) = params.get("name")
                && name.as_str().is_none_or(|n| n.trim().is_empty())
            {
                return Err(text(StatusCode::BAD_REQUEST, "invalid value for name"));
            }
            let pos = params.contains_key("pos").then(|| {
                position(
                    params,
                    fields_of(store, &board)
                        .filter(|f| f["id"] != id.as_str())
                        .filter_map(|f| f["pos"].as_f64()),
                )
            });
            let field = store
                .custom_fields
                .get_mut(&id)
                .ok_or_else(|| text(StatusCode::NOT_FOUND, NOT_FOUND))?;
            if let Some(object) = field.as_object_mut() {
                merge_fields(object, params, &["name"]);
                if let Some(pos) = pos {
                    object.insert("pos".into(), json!(pos));
                }
            }
            if let Some(front) = bool_param(params, "display/cardFront") {
                field["display"]["cardFront"] = Value::Bool(front);
            }
            ok(field)
        }
        ("DELETE", ["customFields", id]) => {
            let id = find(&store.custom_fields, id)?["id"]
                .as_str()
                .unwrap_or_default()
                .to_owned();
            store.custom_fields.remove(&id);
            store
                .custom_field_items
                .retain(|_, i| i["idCustomField"] != id.as_str());
            deleted()
        }
        ("GET", ["customFields", id, "options"]) => ok(&find(&store.custom_fields, id)?
            .get("options")
            .cloned()
            .unwrap_or(json!([]))),
        ("POST", ["customFields", id, "options"]) => {
            let field = find(&store.custom_fields, id)?;
            let id = field["id"].as_str().unwrap_or_default().to_owned();
            if field["type"] != "list" {
                return Err(text(
                    StatusCode::BAD_REQUEST,
                    "options belong to custom fields of type list only",
                ));
            }
            let options = field["options"].as_array().cloned().unwrap_or_default();
            let pos = position(params, options.iter().filter_map(|o| o["pos"].as_f64()));
            let given = Value::Object(params.clone());
            let made = option(&id, &given, pos);
            if let Some(field) = store.custom_fields.get_mut(&id) {
                let mut options = options;
                options.push(made.clone());
                field["options"] = Value::Array(options);
            }
            ok(&made)
        }
        ("GET", ["customFields", id, "options", option]) => {
            let field = find(&store.custom_fields, id)?;
            ok(option_of(field, option).ok_or_else(|| text(StatusCode::NOT_FOUND, NOT_FOUND))?)
        }
        ("DELETE", ["customFields", id, "options", option]) => {
            let field = find(&store.custom_fields, id)?;
            let id = field["id"].as_str().unwrap_or_default().to_owned();
            option_of(field, option).ok_or_else(|| text(StatusCode::NOT_FOUND, NOT_FOUND))?;
            if let Some(options) = store
                .custom_fields
                .get_mut(&id)
                .and_then(|f| f["options"].as_array_mut())
            {
                options.retain(|o| o["id"] != *option);
            }
            store
                .custom_field_items
                .retain(|_, i| i["idValue"] != *option);
            deleted()
        }

        // Items.
        ("GET", ["cards", id, "customFieldItems"]) => {
            let card = find(&store.cards, id)?["id"]
                .as_str()
                .unwrap_or_default()
                .to_owned();
            ok(&Value::Array(items_of(store, &card)))
        }
        ("PUT", ["cards", card, "customField", field, "item"]) => {
            let card = find(&store.cards, card)?.clone();
            let field = find(&store.custom_fields, field)?.clone();
            if field["idModel"] != card["idBoard"] {
                return Err(text(
                    StatusCode::BAD_REQUEST,
                    "invalid value for idCustomField: the field belongs to another board",
                ));
            }
            ok(&set_item(store, record, &card, &field, params)?)
        }
        _ => return Ok(None),
    }))
}

fn fields_of<'a>(store: &'a Store, board: &'a str) -> impl Iterator<Item = &'a Value> + 'a {
    store
        .custom_fields
        .values()
        .filter(move |f| f["idModel"] == board)
}

/// The custom field items of a card.
pub(super) fn items_of(store: &Store, card: &str) -> Vec<Value> {
    store
        .custom_field_items
        .values()
        .filter(|i| i["idModel"] == card)
        .cloned()
        .collect()
}

fn option_of<'a>(field: &'a Value, option: &str) -> Option<&'a Value> {
    field["options"]
        .as_array()?
        .iter()
        .find(|o| o["id"] == option)
}

/// An option of a list field from what was given: `value.text` (or
/// `text`), `color`, `pos`.
fn option(field: &str, given: &Value, pos: f64) -> Value {
    let text = given["value"]["text"]
        .as_str()
        .or_else(|| given["text"].as_str())
        .or_else(|| given.as_str())
        .unwrap_or_default();
    json!({
        "id": ids::new_id(), "idCustomField": field, "value": {"text": text},
        "color": given.get("color").and_then(Value::as_str).unwrap_or("none"),
        "pos": given.get("pos").and_then(Value::as_f64).unwrap_or(pos),
    })
}

/// Sets (or, with an empty `value` and no `idValue`, clears) a card's
/// value of `field`, checked against the field's type.
fn set_item(
    store: &mut Store,
    record: &TokenRecord,
    card: &Value,
    field: &Value,
    params: &Params,
) -> Result<Value, Response> {
    let card_id = card["id"].as_str().unwrap_or_default().to_owned();
    let field_id = field["id"].as_str().unwrap_or_default().to_owned();
    let kind = field["type"].as_str().unwrap_or_default();
    let invalid = |why: &str| {
        text(
            StatusCode::BAD_REQUEST,
            format!("invalid value for value: {why}"),
        )
    };
    let existing = store
        .custom_field_items
        .values()
        .find(|i| i["idModel"] == card_id.as_str() && i["idCustomField"] == field_id.as_str())
        .cloned();
    let value = match params.get("value") {
        Some(Value::String(raw)) => serde_json::from_str(raw).unwrap_or(Value::Null),
        Some(other) => other.clone(),
        None => Value::Null,
    };
    let id_value = str_param(params, "idValue").filter(|v| !v.is_empty());
    let (stored_value, stored_id_value) = if kind == "list" {
        match id_value {
            Some(option) => {
                option_of(field, option).ok_or_else(|| {
                    text(
                        StatusCode::BAD_REQUEST,
                        "invalid value for idValue: no such option of the field",
                    )
                })?;
                (None, Some(option.to_owned()))
            }
            None => (None, None),
        }
    } else {
        let empty = value.as_object().is_none_or(Map::is_empty);
        if empty {
            (None, None)
        } else {
            let key = match kind {
                "checkbox" => "checked",
                other => other,
            };
            let raw = value
                .get(key)
                .ok_or_else(|| invalid(&format!("a {kind} field takes {{\"{key}\": …}}")))?;
            let raw = match raw {
                Value::String(s) => s.clone(),
                Value::Number(n) => n.to_string(),
                Value::Bool(b) => b.to_string(),
                _ => return Err(invalid(&format!("{key} must be a string"))),
            };
            let valid = match kind {
                "number" => raw.trim().parse::<f64>().is_ok_and(f64::is_finite),
                "checkbox" => matches!(raw.as_str(), "true" | "false"),
                "date" => looks_like_date(&raw),
                _ => true,
            };
            if !valid {
                return Err(invalid(&format!("{raw:?} is no {kind}")));
            }
            (Some(json!({ key: raw })), None)
        }
    };
    let old = existing
        .as_ref()
        .map(|i| json!({"value": i["value"], "idValue": i["idValue"]}));
    let item = if stored_value.is_none() && stored_id_value.is_none() {
        if let Some(existing) = &existing {
            store
                .custom_field_items
                .remove(existing["id"].as_str().unwrap_or_default());
        }
        json!({"id": existing.as_ref().map(|e| e["id"].clone()), "idCustomField": field_id, "idModel": card_id, "modelType": "card", "value": null, "idValue": null})
    } else {
        let id = existing
            .as_ref()
            .and_then(|e| e["id"].as_str().map(str::to_owned))
            .unwrap_or_else(ids::new_id);
        let item = json!({
            "id": id, "idCustomField": field_id, "idModel": card_id, "modelType": "card",
            "value": stored_value, "idValue": stored_id_value,
        });
        store.custom_field_items.insert(id, item.clone());
        item
    };
    let data = history::card_data(
        store,
        card,
        json!({
            "customField": {"id": field_id, "name": field["name"], "type": kind},
            "customFieldItem": item,
            "old": old.unwrap_or(json!({"value": null, "idValue": null})),
        }),
    );
    history::record(store, record, "updateCustomFieldItem", data);
    Ok(item)
}

/// Whether `raw` starts with an ISO 8601 date (`YYYY-MM-DD`).
fn looks_like_date(raw: &str) -> bool {
    let b = raw.as_bytes();
    b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
        && b[8..10].iter().all(u8::is_ascii_digit)
}
