//! Error bodies. Every error response is JSON with a `detail` field: a sentence
//! for most statuses, and for 422 a list of validation errors in the form
//! FastAPI and pydantic v2 produce.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// One step of a validation error's location: a field name or a list index.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum LocItem {
    /// A field or parameter name, or the part of the request (`body`, `query`, `path`).
    Field(String),
    /// An index into a list.
    Index(u64),
}

impl From<&str> for LocItem {
    fn from(name: &str) -> Self {
        LocItem::Field(name.to_owned())
    }
}

impl From<usize> for LocItem {
    fn from(index: usize) -> Self {
        LocItem::Index(index as u64)
    }
}

/// One failed rule, as pydantic v2 reports it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ValidationError {
    /// Location of the value: `["body", "name"]`, `["query", "limit"]`, ...
    pub loc: Vec<LocItem>,
    /// The sentence pydantic writes for this rule.
    pub msg: String,
    /// pydantic's error type name, such as `string_too_short`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The rejected value.
    #[serde(default)]
    pub input: Value,
    /// The rule's parameters, such as `{"min_length": 2}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ctx: Option<Map<String, Value>>,
}

impl ValidationError {
    /// Returns the field this error is about when it lies in the request body or
    /// query: `Some("name")` for `["body", "name"]` and for
    /// `["body", "service_ids", 3]`; `None` for `["body"]`.
    pub fn field(&self) -> Option<&str> {
        match self.loc.as_slice() {
            [LocItem::Field(_part), LocItem::Field(name), ..] => Some(name),
            _ => None,
        }
    }
}

/// The `detail` of an error body: a sentence, or the list a 422 carries.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ErrorDetail {
    /// Validation errors of a 422 response.
    Validation(Vec<ValidationError>),
    /// The sentence of every other error status.
    Message(String),
}

/// Body of any error response.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// Description of the failure.
    pub detail: ErrorDetail,
}

impl ErrorBody {
    /// Builds an error body containing one sentence.
    pub fn message(text: impl Into<String>) -> Self {
        ErrorBody {
            detail: ErrorDetail::Message(text.into()),
        }
    }
}

/// The body of a 422 answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HttpValidationError {
    /// Every rule the request broke.
    pub detail: Vec<ValidationError>,
}

/// The `detail` sentences the Platform API uses for fixed errors.
pub mod messages {
    /// 401: no bearer header, or an unknown, revoked or expired key.
    pub const UNAUTHORIZED: &str = "Missing or invalid API key.";
    /// 403: the key's role lacks the permission.
    pub const FORBIDDEN: &str = "Insufficient permissions.";
    /// 404 for an integration id.
    pub const INTEGRATION_NOT_FOUND: &str = "External integration not found.";
    /// 404 for a credential id.
    pub const CREDENTIAL_NOT_FOUND: &str = "Credential not found.";
    /// 404 for a service id.
    pub const SERVICE_NOT_FOUND: &str = "Service not found.";
    /// 404 for a workspace that is not the key's, or any unknown path.
    pub const NOT_FOUND: &str = "Not Found";
    /// 409 when an active integration of the workspace has the name.
    pub const NAME_TAKEN: &str = "Integration name already taken in this workspace.";
    /// 409 when rotating or revoking a revoked credential.
    pub const CREDENTIAL_REVOKED: &str = "Credential is revoked.";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detail_decodes_as_message_or_list() {
        let plain: ErrorBody =
            serde_json::from_str(r#"{"detail":"Insufficient permissions."}"#).expect("decodes");
        assert_eq!(
            plain.detail,
            ErrorDetail::Message("Insufficient permissions.".into())
        );

        let listed: ErrorBody = serde_json::from_str(
            r#"{"detail":[{"loc":["body","service_ids",2],"msg":"m","type":"uuid_parsing","input":"x"}]}"#,
        )
        .expect("decodes");
        let ErrorDetail::Validation(errors) = listed.detail else {
            panic!("expected a validation list");
        };
        assert_eq!(errors[0].loc[2], LocItem::Index(2));
        assert_eq!(errors[0].field(), Some("service_ids"));
    }
}
