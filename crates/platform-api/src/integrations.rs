//! External integrations: named records that stand for an outside system.

use serde::{Deserialize, Deserializer, Serialize};
use uuid::Uuid;

use crate::Timestamp;

/// Body of `POST /v1/{workspace_id}/external-integrations`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IntegrationRequest {
    /// Slug unique among the workspace's active integrations.
    pub name: String,
    /// Name shown to people.
    pub display_name: String,
    /// Free text, up to 4,096 characters.
    #[serde(default)]
    pub description: Option<String>,
}

/// Body of `PATCH /v1/{workspace_id}/external-integrations/{integration_id}`.
///
/// An absent field is left unchanged. `description` tells absent (`None`)
/// from `null` (`Some(None)`), which clears it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct IntegrationUpdateRequest {
    /// New slug.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// New display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    /// New description; `Some(None)` clears it.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "present_or_null"
    )]
    pub description: Option<Option<String>>,
}

impl IntegrationUpdateRequest {
    /// Whether the request changes nothing.
    pub fn is_empty(&self) -> bool {
        self.name.is_none() && self.display_name.is_none() && self.description.is_none()
    }
}

/// Deserializes a field that is present, so `null` becomes `Some(None)`;
/// `#[serde(default)]` covers the absent case.
fn present_or_null<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

/// An external integration as the API returns it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IntegrationResponse {
    /// Identifier.
    pub id: Uuid,
    /// Workspace that owns it.
    pub workspace_id: Uuid,
    /// Slug unique among the workspace's active integrations.
    pub name: String,
    /// Name shown to people.
    pub display_name: String,
    /// Free text, if any.
    #[serde(default)]
    pub description: Option<String>,
    /// False once the integration is deleted.
    pub is_active: bool,
    /// Entity (person or system) whose API key created it.
    pub created_by_entity_id: Uuid,
    /// API key that created it.
    #[serde(default)]
    pub created_by_credential_id: Option<Uuid>,
    /// Creation time.
    #[serde(default)]
    pub created_at: Option<Timestamp>,
    /// Time of the last change.
    #[serde(default)]
    pub updated_at: Option<Timestamp>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn update_tells_null_from_absent() {
        let absent: IntegrationUpdateRequest =
            serde_json::from_str(r#"{"name":"crm"}"#).expect("decodes");
        assert_eq!(absent.description, None);

        let null: IntegrationUpdateRequest =
            serde_json::from_str(r#"{"description":null}"#).expect("decodes");
        assert_eq!(null.description, Some(None));
    }

    #[test]
    fn update_serializes_only_changed_fields() {
        let clear = IntegrationUpdateRequest {
            description: Some(None),
            ..Default::default()
        };
        assert_eq!(
            serde_json::to_string(&clear).expect("serializes"),
            r#"{"description":null}"#
        );
        assert_eq!(
            serde_json::to_string(&IntegrationUpdateRequest::default()).expect("serializes"),
            "{}"
        );
    }
}
