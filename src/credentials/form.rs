//! The create-credential form without the DOM: field checks with the
//! Platform API rules, the request body, and server 422s mapped to fields.

use std::collections::BTreeMap;

use platform_api::rules;
use platform_api::{CredentialRequest, Timestamp};
use uuid::Uuid;

use super::expiry::{resolve_expiry, ExpiryChoice, LocalDateTime};
use crate::api::ApiError;

/// A field of the create form, named as the API names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum CredentialField {
    /// `name`.
    Name,
    /// `service_ids`.
    ServiceIds,
    /// `expires_at`.
    ExpiresAt,
}

impl CredentialField {
    /// Returns the field's name in a 422 `loc`.
    pub const fn wire_name(self) -> &'static str {
        match self {
            CredentialField::Name => "name",
            CredentialField::ServiceIds => "service_ids",
            CredentialField::ExpiresAt => "expires_at",
        }
    }

    /// Finds the field with wire name `name`.
    pub fn from_wire_name(name: &str) -> Option<CredentialField> {
        [
            CredentialField::Name,
            CredentialField::ServiceIds,
            CredentialField::ExpiresAt,
        ]
        .into_iter()
        .find(|field| field.wire_name() == name)
    }
}

/// Sentences to show, per field and for the form as a whole.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CredentialErrors {
    /// The first error of each field.
    pub fields: BTreeMap<CredentialField, String>,
    /// An error that belongs to no field (network, 403, 409, ...).
    pub form: Option<ApiError>,
}

impl CredentialErrors {
    /// Returns whether nothing is wrong.
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty() && self.form.is_none()
    }

    /// Returns the error of `field`, if any.
    pub fn field(&self, field: CredentialField) -> Option<String> {
        self.fields.get(&field).cloned()
    }

    /// Places a failed create under the fields a 422 names; every other
    /// error, and a 422 item naming no known field, goes to the form.
    pub fn from_api_error(error: &ApiError) -> CredentialErrors {
        let mut errors = CredentialErrors::default();
        let ApiError::Validation { errors: items, .. } = error else {
            errors.form = Some(error.clone());
            return errors;
        };
        for item in items {
            match item.field().and_then(CredentialField::from_wire_name) {
                Some(field) => {
                    errors
                        .fields
                        .entry(field)
                        .or_insert_with(|| server_sentence(field, &item.kind, &item.msg));
                }
                None => errors.form = Some(error.clone()),
            }
        }
        errors
    }
}

/// Rewrites the server's message for `field` in the form's words where the
/// error type is known; otherwise keeps the server's sentence.
fn server_sentence(field: CredentialField, kind: &str, msg: &str) -> String {
    match (field, kind) {
        (CredentialField::ServiceIds, "too_short") => no_service_sentence(),
        (CredentialField::ServiceIds, "too_long") => too_many_services_sentence(),
        (CredentialField::ServiceIds, "value_error") => {
            format!("{msg}. Reload the page and pick the services again.")
        }
        (CredentialField::ExpiresAt, "datetime_future") => {
            "Pick a date and time in the future.".to_owned()
        }
        _ => msg.to_owned(),
    }
}

fn no_service_sentence() -> String {
    "Pick at least one service.".to_owned()
}

fn too_many_services_sentence() -> String {
    format!(
        "Pick at most {} services. Remove some and try again.",
        rules::SERVICE_IDS_MAX
    )
}

/// The values entered in the create form.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CredentialDraft {
    /// Name as typed; blank means no name.
    pub name: String,
    /// Picked services in the order they were picked.
    pub service_ids: Vec<Uuid>,
    /// The expiry choice.
    pub expiry: ExpiryChoice,
    /// The `datetime-local` value, used with [`ExpiryChoice::Custom`].
    pub custom_expiry: String,
}

impl CredentialDraft {
    /// Checks every field with the API's rules and builds the request.
    ///
    /// A name of only spaces counts as no name, because the API would store
    /// a blank label that shows nothing in the table.
    pub fn to_request(
        &self,
        now: Timestamp,
        to_utc: impl Fn(LocalDateTime) -> Option<Timestamp>,
    ) -> Result<CredentialRequest, BTreeMap<CredentialField, String>> {
        let mut errors = BTreeMap::new();

        let name = self.name.trim();
        let name = (!name.is_empty()).then(|| name.to_owned());
        if let Some(name) = &name {
            if let Err(rule) = rules::check_credential_name(name) {
                let sentence = match rule.kind {
                    "string_too_long" => {
                        format!("Use at most {} characters.", rules::DISPLAY_NAME_MAX_LENGTH)
                    }
                    _ => rule.msg,
                };
                errors.insert(CredentialField::Name, sentence);
            }
        }

        if let Err(rule) = rules::check_service_id_count(self.service_ids.len()) {
            let sentence = match rule.kind {
                "too_short" => no_service_sentence(),
                _ => too_many_services_sentence(),
            };
            errors.insert(CredentialField::ServiceIds, sentence);
        }

        let expires_at = match resolve_expiry(self.expiry, &self.custom_expiry, now, to_utc) {
            Ok(expires_at) => expires_at,
            Err(error) => {
                errors.insert(CredentialField::ExpiresAt, error.to_string());
                None
            }
        };

        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(CredentialRequest {
            service_ids: self.service_ids.clone(),
            name,
            expires_at,
        })
    }
}

#[cfg(test)]
mod tests {
    use platform_api::ValidationError;

    use super::*;

    fn now() -> Timestamp {
        Timestamp::parse("2026-12-04T10:00:00Z").expect("valid")
    }

    fn utc(local: LocalDateTime) -> Option<Timestamp> {
        local.to_utc_with_offset(0)
    }

    fn draft(services: usize) -> CredentialDraft {
        CredentialDraft {
            service_ids: (0..services)
                .map(|n| Uuid::from_u128(n as u128 + 1))
                .collect(),
            ..CredentialDraft::default()
        }
    }

    #[test]
    fn minimal_draft_builds_request_without_name_or_expiry() {
        let request = draft(1).to_request(now(), utc).expect("valid");
        assert_eq!(request.service_ids, vec![Uuid::from_u128(1)]);
        assert_eq!(request.name, None);
        assert_eq!(request.expires_at, None);
        let json = serde_json::to_string(&request).expect("serializes");
        assert!(!json.contains("name"));
        assert!(!json.contains("expires_at"));
    }

    #[test]
    fn service_count_is_checked_at_both_bounds() {
        let none = draft(0).to_request(now(), utc).expect_err("empty");
        assert_eq!(
            none.get(&CredentialField::ServiceIds).map(String::as_str),
            Some("Pick at least one service.")
        );
        assert!(draft(100).to_request(now(), utc).is_ok());
        let many = draft(101).to_request(now(), utc).expect_err("101");
        assert!(many.contains_key(&CredentialField::ServiceIds));
    }

    #[test]
    fn name_is_trimmed_and_length_checked() {
        let mut named = draft(1);
        named.name = "  CRM sync  ".to_owned();
        let request = named.to_request(now(), utc).expect("valid");
        assert_eq!(request.name.as_deref(), Some("CRM sync"));

        named.name = "é".repeat(257);
        let errors = named.to_request(now(), utc).expect_err("too long");
        assert_eq!(
            errors.get(&CredentialField::Name).map(String::as_str),
            Some("Use at most 256 characters.")
        );

        named.name = "   ".to_owned();
        assert_eq!(named.to_request(now(), utc).expect("blank").name, None);
    }

    #[test]
    fn every_broken_field_is_reported_at_once() {
        let mut broken = draft(0);
        broken.name = "x".repeat(300);
        broken.expiry = ExpiryChoice::Custom;
        broken.custom_expiry = "2020-01-01T00:00".to_owned();
        let errors = broken.to_request(now(), utc).expect_err("invalid");
        assert_eq!(errors.len(), 3);
        assert_eq!(
            errors.get(&CredentialField::ExpiresAt).map(String::as_str),
            Some("Pick a date and time in the future.")
        );
    }

    #[test]
    fn server_422_lands_on_fields() {
        let body = r#"{"detail":[
            {"loc":["body","service_ids",0],"msg":"Value error, unknown service","type":"value_error","input":"x"},
            {"loc":["body","expires_at"],"msg":"Input should be in the future","type":"datetime_future","input":"x"},
            {"loc":["body","name"],"msg":"String should have at most 256 characters","type":"string_too_long","input":"x"}
        ]}"#;
        let items: Vec<ValidationError> = serde_json::from_value(
            serde_json::from_str::<serde_json::Value>(body).expect("json")["detail"].clone(),
        )
        .expect("items");
        let error = ApiError::Validation {
            errors: items,
            request_id: None,
        };
        let mapped = CredentialErrors::from_api_error(&error);
        assert_eq!(mapped.form, None);
        assert_eq!(
            mapped.field(CredentialField::ServiceIds).as_deref(),
            Some("Value error, unknown service. Reload the page and pick the services again.")
        );
        assert_eq!(
            mapped.field(CredentialField::ExpiresAt).as_deref(),
            Some("Pick a date and time in the future.")
        );
        assert_eq!(
            mapped.field(CredentialField::Name).as_deref(),
            Some("String should have at most 256 characters")
        );
    }

    #[test]
    fn other_errors_go_to_form() {
        let forbidden = ApiError::Forbidden { request_id: None };
        let mapped = CredentialErrors::from_api_error(&forbidden);
        assert_eq!(mapped.form, Some(forbidden));
        assert!(mapped.fields.is_empty());
    }
}
