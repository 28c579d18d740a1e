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
    }
}
