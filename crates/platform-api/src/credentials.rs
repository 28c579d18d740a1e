//! Client credentials of an external integration.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::Timestamp;

/// Body of `POST .../external-integrations/{integration_id}/credentials`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CredentialRequest {
    /// Services the credential may call: 1 to 100 ids of the workspace.
    pub service_ids: Vec<Uuid>,
    /// Optional label, 1 to 256 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Moment the credential stops working; must lie in the future.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<Timestamp>,
}

/// A credential as the API lists it. The secret is never part of it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CredentialResponse {
    /// Identifier; kept by rotation.
    pub id: Uuid,
    /// Workspace that owns it.
    pub workspace_id: Uuid,
    /// Integration it belongs to.
    pub integration_id: Uuid,
    /// Public half of the pair; kept by rotation.
    pub client_id: String,
    /// Services it may call.
    pub service_ids: Vec<Uuid>,
    /// Optional label.
    #[serde(default)]
    pub name: Option<String>,
    /// False once revoked.
    pub is_active: bool,
    /// Moment it stops working, if it expires.
    #[serde(default)]
    pub expires_at: Option<Timestamp>,
    /// Creation time.
    #[serde(default)]
    pub created_at: Option<Timestamp>,
    /// Time of the last change.
    #[serde(default)]
    pub updated_at: Option<Timestamp>,
    /// Time of the last secret rotation.
    #[serde(default)]
    pub rotated_at: Option<Timestamp>,
    /// Time of revocation.
    #[serde(default)]
    pub revoked_at: Option<Timestamp>,
}

/// Answer of credential create and rotate: the only time the secret is sent.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct CredentialSecretResponse {
    /// The credential after the change.
    pub credential: CredentialResponse,
    /// The secret in plain text. Nothing can return it again.
    pub client_secret: String,
}

/// Keeps the secret out of `{:?}` output, so it cannot reach a log by accident.
impl std::fmt::Debug for CredentialSecretResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CredentialSecretResponse")
            .field("credential", &self.credential)
            .field("client_secret", &"<redacted>")
            .finish()
    }
}

/// Body of the sandbox-only `POST /sandbox/credentials/verify`, which checks
/// whether a client id and secret pair works now.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct CredentialVerifyRequest {
    /// Public half of the pair.
    pub client_id: String,
    /// Secret half of the pair.
    pub client_secret: String,
}

/// Keeps the secret out of `{:?}` output.
impl std::fmt::Debug for CredentialVerifyRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CredentialVerifyRequest")
            .field("client_id", &self.client_id)
            .field("client_secret", &"<redacted>")
            .finish()
    }
}

/// Response of `POST /sandbox/credentials/verify`. An invalid pair gets only
/// `valid: false`, so the response never reveals which half was wrong.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CredentialVerifyResponse {
    /// Whether the pair authenticates now.
    pub valid: bool,
    /// Services the credential may call; absent when invalid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_ids: Option<Vec<Uuid>>,
    /// Integration the credential belongs to; absent when invalid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub integration_id: Option<Uuid>,
    /// Expiry of a valid credential; `null` when it never expires, absent when invalid.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "present_or_null"
    )]
    pub expires_at: Option<Option<Timestamp>>,
}

/// Serde for a field that is absent (`None`), `null` (`Some(None)`) or set.
mod present_or_null {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S, T>(value: &Option<Option<T>>, serializer: S) -> Result<S::Ok, S::Error>
    where
        S: Serializer,
        T: Serialize,
    {
        value
            .as_ref()
            .and_then(Option::as_ref)
            .serialize(serializer)
    }

    pub fn deserialize<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
    where
        D: Deserializer<'de>,
        T: Deserialize<'de>,
    {
        Option::<T>::deserialize(deserializer).map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_hides_the_secret() {
        let response = CredentialSecretResponse {
            credential: CredentialResponse {
                id: Uuid::nil(),
                workspace_id: Uuid::nil(),
                integration_id: Uuid::nil(),
                client_id: "client".into(),
                service_ids: vec![],
                name: None,
                is_active: true,
                expires_at: None,
                created_at: None,
                updated_at: None,
                rotated_at: None,
                revoked_at: None,
            },
            client_secret: "very-secret-value".into(),
        };
        let printed = format!("{response:?}");
        assert!(!printed.contains("very-secret-value"));

        let request = CredentialVerifyRequest {
            client_id: "ci_1".into(),
            client_secret: "very-secret-value".into(),
        };
        assert!(!format!("{request:?}").contains("very-secret-value"));
    }

    #[test]
    fn verify_response_writes_null_expiry_only_when_valid() {
        let invalid = CredentialVerifyResponse {
            valid: false,
            service_ids: None,
            integration_id: None,
            expires_at: None,
        };
        assert_eq!(
            serde_json::to_string(&invalid).expect("serializes"),
            r#"{"valid":false}"#
        );

        let forever = CredentialVerifyResponse {
            valid: true,
            service_ids: Some(vec![]),
            integration_id: Some(Uuid::nil()),
            expires_at: Some(None),
        };
        let json = serde_json::to_value(&forever).expect("serializes");
        assert_eq!(json["expires_at"], serde_json::Value::Null);
        assert!(json.as_object().expect("object").contains_key("expires_at"));
    }
}
