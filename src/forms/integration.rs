//! The create and edit form of an integration, without the DOM.

use std::collections::BTreeMap;

use platform_api::rules::{self, RuleError};
use platform_api::{IntegrationRequest, IntegrationResponse, IntegrationUpdateRequest};

use crate::api::ApiError;

/// A field of the integration form.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Field {
    /// `display_name`.
    DisplayName,
    /// `name`, the slug.
    Name,
    /// `description`.
    Description,
}

impl Field {
    /// The field's name on the wire, as it appears in a 422 `loc`.
    pub const fn wire_name(self) -> &'static str {
        match self {
            Field::DisplayName => "display_name",
            Field::Name => "name",
            Field::Description => "description",
        }
    }

    /// The field with wire name `name`.
    pub fn from_wire_name(name: &str) -> Option<Field> {
        [Field::DisplayName, Field::Name, Field::Description]
            .into_iter()
            .find(|field| field.wire_name() == name)
    }
}

/// The values typed into the form.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IntegrationDraft {
    /// Display name as typed.
    pub display_name: String,
    /// Name (slug) as typed.
    pub name: String,
    /// Description as typed; empty means none.
    pub description: String,
}

impl IntegrationDraft {
    /// The draft that shows an existing integration.
    pub fn from_integration(integration: &IntegrationResponse) -> Self {
        IntegrationDraft {
            display_name: integration.display_name.clone(),
            name: integration.name.clone(),
            description: integration.description.clone().unwrap_or_default(),
        }
    }

    /// The value of `field`.
    pub fn value(&self, field: Field) -> &str {
        match field {
            Field::DisplayName => &self.display_name,
            Field::Name => &self.name,
            Field::Description => &self.description,
        }
    }

    /// Checks every field with the Platform API rules.
    pub fn check(&self) -> BTreeMap<Field, String> {
        [Field::DisplayName, Field::Name, Field::Description]
            .into_iter()
            .filter_map(|field| check_field(field, self.value(field)).map(|error| (field, error)))
            .collect()
    }

    /// The body of a create request. An empty description is left out.
    pub fn to_create_request(&self) -> IntegrationRequest {
        IntegrationRequest {
            name: self.name.clone(),
            display_name: self.display_name.clone(),
            description: (!self.description.is_empty()).then(|| self.description.clone()),
        }
    }

    /// The body of an update of `original` with only the fields that differ.
    /// Clearing a description sends `null`.
    pub fn to_update_request(&self, original: &IntegrationResponse) -> IntegrationUpdateRequest {
        let mut update = IntegrationUpdateRequest::default();
        if self.name != original.name {
            update.name = Some(self.name.clone());
        }
        if self.display_name != original.display_name {
            update.display_name = Some(self.display_name.clone());
        }
        let old_description = original.description.as_deref().unwrap_or_default();
        if self.description != old_description {
            update.description =
                Some((!self.description.is_empty()).then(|| self.description.clone()));
        }
        update
    }
}

/// Checks one field; `None` when it is valid.
pub fn check_field(field: Field, value: &str) -> Option<String> {
    let result = match field {
        Field::DisplayName => rules::check_display_name(value),
        Field::Name => rules::check_name(value),
        Field::Description => rules::check_description(value),
    };
    result.err().map(|error| rule_message(field, &error))
}

/// A sentence for a broken rule, worded for the form rather than for an API
/// client; unknown kinds fall back to pydantic's own message.
pub fn rule_message(field: Field, error: &RuleError) -> String {
    let bound = |key: &str| {
        error
            .ctx
            .as_ref()
            .and_then(|ctx| ctx.get(key))
            .and_then(serde_json::Value::as_u64)
    };
    match (field, error.kind) {
        (Field::DisplayName, "string_too_short") => "Enter a display name.".to_owned(),
        (_, "string_too_short") => match bound("min_length") {
            Some(min) => format!("Use at least {min} characters."),
            None => error.msg.clone(),
        },
        (_, "string_too_long") => match bound("max_length") {
            Some(max) => format!("Use at most {max} characters."),
            None => error.msg.clone(),
        },
        (Field::Name, "string_pattern_mismatch") => NAME_PATTERN_HELP.to_owned(),
        _ => error.msg.clone(),
    }
}

/// Description of the name rule, shown under the name field.
pub const NAME_PATTERN_HELP: &str =
    "Use lowercase letters, digits, - and _, starting and ending with a letter or digit.";

/// Sentence shown under the name field for a 409.
pub const NAME_TAKEN_MESSAGE: &str =
    "This name is already used by another integration. Pick another.";

/// Errors of a failed submit: per field, and for the banner above the form.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FormErrors {
    /// Messages shown under a field.
    pub fields: BTreeMap<Field, String>,
    /// Messages shown in the banner.
    pub banner: Vec<String>,
}

impl FormErrors {
    /// Places a server error: 422 items naming a form field go under that
    /// field, a 409 goes under the name, everything else goes to the banner.
    pub fn from_api_error(error: &ApiError) -> FormErrors {
        let mut errors = FormErrors::default();
        match error {
            ApiError::Validation { errors: items, .. } => {
                for item in items {
                    match item.field().and_then(Field::from_wire_name) {
                        Some(field) if !errors.fields.contains_key(&field) => {
                            errors.fields.insert(field, item.msg.clone());
                        }
                        Some(_) => {}
                        None => errors.banner.push(describe_item(item)),
                    }
                }
                if errors.banner.is_empty() && errors.fields.is_empty() {
                    errors.banner.push(error.to_string());
                }
            }
            ApiError::Conflict { .. } => {
                errors
                    .fields
                    .insert(Field::Name, NAME_TAKEN_MESSAGE.to_owned());
            }
            other => errors.banner.push(other.to_string()),
        }
        errors
    }
}

/// "body.extra: Extra inputs are not permitted" for an item without a field.
fn describe_item(item: &platform_api::ValidationError) -> String {
    let location: Vec<String> = item
        .loc
        .iter()
        .map(|part| match part {
            platform_api::LocItem::Field(name) => name.clone(),
            platform_api::LocItem::Index(index) => index.to_string(),
        })
        .collect();
    if location.is_empty() {
        item.msg.clone()
    } else {
        format!("{}: {}", location.join("."), item.msg)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use platform_api::{LocItem, ValidationError};
    use uuid::Uuid;

    fn integration(description: Option<&str>) -> IntegrationResponse {
        IntegrationResponse {
            id: Uuid::nil(),
            workspace_id: Uuid::nil(),
            name: "crm".into(),
            display_name: "CRM".into(),
            description: description.map(str::to_owned),
            is_active: true,
            created_by_entity_id: Uuid::nil(),
            created_by_credential_id: None,
            created_at: None,
            updated_at: None,
        }
    }

    fn item(loc: &[&str], msg: &str) -> ValidationError {
        ValidationError {
            loc: loc
                .iter()
                .map(|part| LocItem::Field((*part).to_owned()))
                .collect(),
            msg: msg.to_owned(),
            kind: "x".to_owned(),
            input: serde_json::Value::Null,
            ctx: None,
        }
    }

    #[test]
    fn check_uses_platform_rules() {
        let draft = IntegrationDraft {
            display_name: String::new(),
            name: "Bad Name".into(),
            description: "é".repeat(4097),
        };
        let errors = draft.check();
        assert_eq!(errors[&Field::DisplayName], "Enter a display name.");
        assert_eq!(errors[&Field::Name], NAME_PATTERN_HELP);
        assert_eq!(errors[&Field::Description], "Use at most 4096 characters.");

        let short = check_field(Field::Name, "a");
        assert_eq!(short.as_deref(), Some("Use at least 2 characters."));
    }

    #[test]
    fn valid_draft_has_no_errors() {
        let draft = IntegrationDraft {
            display_name: "CRM 🙂".into(),
            name: "crm".into(),
            description: String::new(),
        };
        assert!(draft.check().is_empty());
        assert_eq!(draft.to_create_request().description, None);
    }

    #[test]
    fn update_sends_only_changed_fields() {
        let original = integration(Some("old"));
        let mut draft = IntegrationDraft::from_integration(&original);
        assert!(draft.to_update_request(&original).is_empty());

        draft.display_name = "CRM 2".into();
        let update = draft.to_update_request(&original);
        assert_eq!(update.display_name.as_deref(), Some("CRM 2"));
        assert_eq!(update.name, None);
        assert_eq!(update.description, None);
    }

    #[test]
    fn clearing_description_sends_null() {
        let original = integration(Some("old"));
        let mut draft = IntegrationDraft::from_integration(&original);
        draft.description.clear();
        let update = draft.to_update_request(&original);
        assert_eq!(update.description, Some(None));
        assert_eq!(
            serde_json::to_string(&update).expect("serializes"),
            r#"{"description":null}"#
        );
    }

    #[test]
    fn empty_description_stays_unchanged_when_none() {
        let original = integration(None);
        let draft = IntegrationDraft::from_integration(&original);
        assert!(draft.to_update_request(&original).is_empty());
    }

    #[test]
    fn validation_items_go_to_fields_or_banner() {
        let error = ApiError::Validation {
            errors: vec![
                item(&["body", "name"], "String should match pattern"),
                item(&["body", "name"], "second message is dropped"),
                item(&["body", "display_name"], "Field required"),
                item(&["body"], "Input should be a valid dictionary"),
                item(&["body", "extra"], "Extra inputs are not permitted"),
            ],
            request_id: None,
        };
        let errors = FormErrors::from_api_error(&error);
        assert_eq!(errors.fields[&Field::Name], "String should match pattern");
        assert_eq!(errors.fields[&Field::DisplayName], "Field required");
        assert_eq!(
            errors.banner,
            vec![
                "body: Input should be a valid dictionary".to_owned(),
                "body.extra: Extra inputs are not permitted".to_owned()
            ]
        );
    }

    #[test]
    fn conflict_goes_under_name() {
        let error = ApiError::Conflict {
            detail: "Integration name already taken in this workspace.".into(),
            request_id: None,
        };
        let errors = FormErrors::from_api_error(&error);
        assert_eq!(errors.fields[&Field::Name], NAME_TAKEN_MESSAGE);
        assert!(errors.banner.is_empty());
    }

    #[test]
    fn other_errors_go_to_banner() {
        let errors = FormErrors::from_api_error(&ApiError::Forbidden { request_id: None });
        assert!(errors.fields.is_empty());
        assert_eq!(
            errors.banner,
            vec!["Your API key's role cannot do this. Ask for an admin or owner key.".to_owned()]
        );
    }
}
