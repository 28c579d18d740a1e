//! Decoding of JSON request bodies with pydantic-style errors.
//!
//! serde alone stops at the first problem and words it for programmers. The
//! Platform API reports every broken rule at once, each with its location,
//! so the sandbox decodes a body in two steps: [`parse_json`] turns bytes
//! into a JSON value, then a `decode_*` function checks every field of it.

use serde_json::{json, Map, Value};
use uuid::Uuid;

use crate::error::{LocItem, ValidationError};
use crate::rules::{self, RuleError};
use crate::{
    CredentialRequest, CredentialVerifyRequest, IntegrationRequest, IntegrationUpdateRequest,
    Timestamp,
};

type Errors = Vec<ValidationError>;

/// Parses a request body as JSON. An empty body counts as a missing one.
pub fn parse_json(bytes: &[u8]) -> Result<Value, Errors> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(vec![
            RuleError::new("missing", "Field required").at(vec!["body".into()], Value::Null)
        ]);
    }
    serde_json::from_slice(bytes).map_err(|error| {
        let offset = byte_offset(bytes, error.line(), error.column());
        vec![RuleError::with_ctx(
            "json_invalid",
            "JSON decode error",
            json!({ "error": error.to_string() }),
        )
        .at(
            vec!["body".into(), LocItem::Index(offset as u64)],
            json!({}),
        )]
    })
}

/// Byte offset of serde_json's 1-based line and column.
fn byte_offset(bytes: &[u8], line: usize, column: usize) -> usize {
    let line_start: usize = bytes
        .split(|byte| *byte == b'\n')
        .take(line.saturating_sub(1))
        .map(|line| line.len() + 1)
        .sum();
    (line_start + column.saturating_sub(1)).min(bytes.len())
}

/// Checks the body of an integration create.
pub fn decode_integration_request(body: &Value) -> Result<IntegrationRequest, Errors> {
    let object = as_object(body)?;
    let mut errors = Vec::new();

    let name = required_string(object, body, "name", rules::check_name, &mut errors);
    let display_name = required_string(
        object,
        body,
        "display_name",
        rules::check_display_name,
        &mut errors,
    );
    let description = optional_string(object, "description", rules::check_description, &mut errors);

    match (name, display_name, description) {
        (Some(name), Some(display_name), Some(description)) if errors.is_empty() => {
            Ok(IntegrationRequest {
                name,
                display_name,
                description,
            })
        }
        _ => Err(errors),
    }
}

/// Checks the body of an integration update. Absent fields stay `None`; a
/// `null` description becomes `Some(None)`.
pub fn decode_integration_update(body: &Value) -> Result<IntegrationUpdateRequest, Errors> {
    let object = as_object(body)?;
    let mut errors = Vec::new();
    let mut update = IntegrationUpdateRequest::default();

    if object.contains_key("name") {
        update.name = required_string(object, body, "name", rules::check_name, &mut errors);
    }
    if object.contains_key("display_name") {
        update.display_name = required_string(
            object,
            body,
            "display_name",
            rules::check_display_name,
            &mut errors,
        );
    }
    if object.contains_key("description") {
        update.description =
            optional_string(object, "description", rules::check_description, &mut errors);
    }

    if errors.is_empty() {
        Ok(update)
    } else {
        Err(errors)
    }
}

/// Checks the body of a credential create. `now` is the moment the request
/// arrived, which `expires_at` must follow.
pub fn decode_credential_request(
    body: &Value,
    now: Timestamp,
) -> Result<CredentialRequest, Errors> {
    let object = as_object(body)?;
    let mut errors = Vec::new();

    let service_ids = service_ids(object, body, &mut errors);
    let name = optional_string(object, "name", rules::check_credential_name, &mut errors);
    let expires_at = expires_at(object, now, &mut errors);

    match (service_ids, name, expires_at) {
        (Some(service_ids), Some(name), Some(expires_at)) if errors.is_empty() => {
            Ok(CredentialRequest {
                service_ids,
                name,
                expires_at,
            })
        }
        _ => Err(errors),
    }
}

/// Checks the body of the sandbox's credential check: two required strings.
pub fn decode_credential_verify(body: &Value) -> Result<CredentialVerifyRequest, Errors> {
    let object = as_object(body)?;
    let mut errors = Vec::new();

    let any_text: fn(&str) -> Result<(), RuleError> = |_| Ok(());
    let client_id = required_string(object, body, "client_id", any_text, &mut errors);
    let client_secret = required_string(object, body, "client_secret", any_text, &mut errors);

    match (client_id, client_secret) {
        (Some(client_id), Some(client_secret)) if errors.is_empty() => {
            Ok(CredentialVerifyRequest {
                client_id,
                client_secret,
            })
        }
        _ => Err(errors),
    }
}

fn as_object(body: &Value) -> Result<&Map<String, Value>, Errors> {
    body.as_object().ok_or_else(|| {
        vec![RuleError::new(
            "model_attributes_type",
            "Input should be a valid dictionary or object to extract fields from",
        )
        .at(vec!["body".into()], body.clone())]
    })
}

fn body_loc(field: &str) -> Vec<LocItem> {
    vec!["body".into(), field.into()]
}

fn string_type_error(field: &str, value: &Value) -> ValidationError {
    RuleError::new("string_type", "Input should be a valid string")
        .at(body_loc(field), value.clone())
}

/// A field that must be present and a string passing `check`.
fn required_string(
    object: &Map<String, Value>,
    body: &Value,
    field: &str,
    check: fn(&str) -> Result<(), RuleError>,
    errors: &mut Errors,
) -> Option<String> {
    match object.get(field) {
        None => {
            errors.push(
                RuleError::new("missing", "Field required").at(body_loc(field), body.clone()),
            );
            None
        }
        Some(Value::String(text)) => match check(text) {
            Ok(()) => Some(text.clone()),
            Err(rule) => {
                errors.push(rule.at(body_loc(field), Value::String(text.clone())));
                None
            }
        },
        Some(other) => {
            errors.push(string_type_error(field, other));
            None
        }
    }
}

/// A field that may be absent or `null`, or else a string passing `check`.
/// Returns `Some(None)` for absent and null, `None` when invalid.
fn optional_string(
    object: &Map<String, Value>,
    field: &str,
    check: fn(&str) -> Result<(), RuleError>,
    errors: &mut Errors,
) -> Option<Option<String>> {
    match object.get(field) {
        None | Some(Value::Null) => Some(None),
        Some(Value::String(text)) => match check(text) {
            Ok(()) => Some(Some(text.clone())),
            Err(rule) => {
                errors.push(rule.at(body_loc(field), Value::String(text.clone())));
                None
            }
        },
        Some(other) => {
            errors.push(string_type_error(field, other));
            None
        }
    }
}

fn service_ids(
    object: &Map<String, Value>,
    body: &Value,
    errors: &mut Errors,
) -> Option<Vec<Uuid>> {
    let items = match object.get("service_ids") {
        None => {
            errors.push(
                RuleError::new("missing", "Field required")
                    .at(body_loc("service_ids"), body.clone()),
            );
            return None;
        }
        Some(Value::Array(items)) => items,
        Some(other) => {
            errors.push(
                RuleError::new("list_type", "Input should be a valid list")
                    .at(body_loc("service_ids"), other.clone()),
            );
            return None;
        }
    };

    let mut ids = Vec::with_capacity(items.len());
    let before = errors.len();
    for (index, item) in items.iter().enumerate() {
        let loc = vec!["body".into(), "service_ids".into(), index.into()];
        match item {
            Value::String(text) => match rules::parse_uuid(text) {
                Ok(id) => ids.push(id),
                Err(rule) => errors.push(rule.at(loc, item.clone())),
            },
            other => errors.push(
                RuleError::new(
                    "uuid_type",
                    "UUID input should be a string, bytes or UUID object",
                )
                .at(loc, other.clone()),
            ),
        }
    }
    if errors.len() > before {
        return None;
    }

    if let Err(rule) = rules::check_service_id_count(items.len()) {
        errors.push(rule.at(body_loc("service_ids"), Value::Array(items.clone())));
        return None;
    }
    Some(ids)
}

fn expires_at(
    object: &Map<String, Value>,
    now: Timestamp,
    errors: &mut Errors,
) -> Option<Option<Timestamp>> {
    let text = match object.get("expires_at") {
        None | Some(Value::Null) => return Some(None),
        Some(Value::String(text)) => text,
        Some(other) => {
            errors.push(
                RuleError::new("datetime_type", "Input should be a valid datetime")
                    .at(body_loc("expires_at"), other.clone()),
            );
            return None;
        }
    };
    let input = Value::String(text.clone());

    let parsed = match Timestamp::parse(text) {
        Ok(parsed) => parsed,
        Err(error) => {
            errors.push(
                RuleError::with_ctx(
                    "datetime_from_date_parsing",
                    format!("Input should be a valid datetime or date, {error}"),
                    json!({ "error": error.to_string() }),
                )
                .at(body_loc("expires_at"), input),
            );
            return None;
        }
    };
    if let Err(rule) = rules::check_expires_at(parsed, now) {
        errors.push(rule.at(body_loc("expires_at"), input));
        return None;
    }
    Some(Some(parsed))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(errors: &Errors) -> Vec<(String, String)> {
        errors
            .iter()
            .map(|error| (error.field().unwrap_or("").to_owned(), error.kind.clone()))
            .collect()
    }

    #[test]
    fn invalid_json_reports_position() {
        let errors = parse_json(b"{\"name\": }").expect_err("invalid");
        assert_eq!(errors[0].kind, "json_invalid");
        assert_eq!(errors[0].loc[1], LocItem::Index(9));
    }

    #[test]
    fn empty_body_is_missing() {
        let errors = parse_json(b"  ").expect_err("empty");
        assert_eq!(errors[0].kind, "missing");
        assert_eq!(errors[0].loc, vec![LocItem::Field("body".into())]);
    }

    #[test]
    fn create_reports_every_broken_field() {
        let body = json!({ "name": "Bad Name", "description": 5 });
        let errors = decode_integration_request(&body).expect_err("invalid");
        assert_eq!(
            kinds(&errors),
            vec![
                ("name".into(), "string_pattern_mismatch".into()),
                ("display_name".into(), "missing".into()),
                ("description".into(), "string_type".into()),
            ]
        );
    }

    #[test]
    fn create_accepts_null_description_and_ignores_unknown_fields() {
        let body = json!({ "name": "crm", "display_name": "CRM", "description": null, "x": 1 });
        let request = decode_integration_request(&body).expect("valid");
        assert_eq!(request.description, None);
    }

    #[test]
    fn non_object_body_is_rejected() {
        let errors = decode_integration_request(&json!([1])).expect_err("invalid");
        assert_eq!(errors[0].kind, "model_attributes_type");
    }

    #[test]
    fn update_tells_null_from_absent_and_rejects_null_name() {
        let cleared = decode_integration_update(&json!({ "description": null })).expect("valid");
        assert_eq!(cleared.description, Some(None));
        assert_eq!(cleared.name, None);

        let untouched = decode_integration_update(&json!({})).expect("valid");
        assert!(untouched.is_empty());

        let errors = decode_integration_update(&json!({ "name": null })).expect_err("invalid");
        assert_eq!(kinds(&errors), vec![("name".into(), "string_type".into())]);
    }

    #[test]
    fn verify_requires_both_strings() {
        let valid = json!({ "client_id": "ci_1", "client_secret": "cs_2" });
        let request = decode_credential_verify(&valid).expect("valid");
        assert_eq!(request.client_id, "ci_1");

        let errors = decode_credential_verify(&json!({ "client_id": 5 })).expect_err("invalid");
        assert_eq!(
            kinds(&errors),
            vec![
                ("client_id".into(), "string_type".into()),
                ("client_secret".into(), "missing".into()),
            ]
        );
    }

    #[test]
    fn credential_checks_ids_count_and_expiry() {
        let now = Timestamp::parse("2026-06-01T00:00:00Z").expect("valid");
        let id = Uuid::from_u128(7).to_string();

        let valid = json!({ "service_ids": [id], "expires_at": "2026-06-01T00:00:01Z" });
        let request = decode_credential_request(&valid, now).expect("valid");
        assert_eq!(request.service_ids, vec![Uuid::from_u128(7)]);

        let past = json!({ "service_ids": [id], "expires_at": "2026-06-01T00:00:00Z" });
        let errors = decode_credential_request(&past, now).expect_err("past");
        assert_eq!(
            kinds(&errors),
            vec![("expires_at".into(), "datetime_future".into())]
        );

        let bad_ids = json!({ "service_ids": ["nope", 3] });
        let errors = decode_credential_request(&bad_ids, now).expect_err("bad ids");
        assert_eq!(errors[0].loc[2], LocItem::Index(0));
        assert_eq!(errors[0].kind, "uuid_parsing");
        assert_eq!(errors[1].kind, "uuid_type");

        let empty = json!({ "service_ids": [] });
        let errors = decode_credential_request(&empty, now).expect_err("empty");
        assert_eq!(errors[0].kind, "too_short");

        let too_many: Vec<String> = (0..101).map(|n| Uuid::from_u128(n).to_string()).collect();
        let errors = decode_credential_request(&json!({ "service_ids": too_many }), now)
            .expect_err("too many");
        assert_eq!(errors[0].kind, "too_long");
    }
}
