//! Credential and service endpoints:
//!
//! - `POST /v1/{workspace_id}/external-integrations/{integration_id}/credentials`
//! - `POST .../credentials/{credential_id}/rotate`
//! - `DELETE .../credentials/{credential_id}`
//! - `GET /v1/{workspace_id}/services`
//!
//! Create and rotate return the client secret. Nothing here logs or stores
//! a response. The caller keeps the secret only as long as it shows it.

use platform_api::{
    CredentialRequest, CredentialSecretResponse, Page, ServiceListQuery, ServiceResponse,
};
use uuid::Uuid;
use web_sys::AbortSignal;

use super::client::{ApiClient, Call};
use super::{ApiError, Method};

impl ApiClient {
    /// Creates a credential; the response carries the secret.
    pub async fn create_credential(
        &self,
        integration_id: Uuid,
        request: &CredentialRequest,
        signal: Option<&AbortSignal>,
    ) -> Result<CredentialSecretResponse, ApiError> {
        let path = self.credentials_path(integration_id)?;
        let mut call = Call::new(Method::Post, path, signal);
        call.body = Some(
            serde_json::to_string(request).map_err(|_| ApiError::Server {
                status: 0,
                request_id: None,
            })?,
        );
        self.json(call).await
    }

    /// Replaces a credential's secret; the old one stops working at once.
    pub async fn rotate_credential(
        &self,
        integration_id: Uuid,
        credential_id: Uuid,
        signal: Option<&AbortSignal>,
    ) -> Result<CredentialSecretResponse, ApiError> {
        let path = format!(
            "{}/{credential_id}/rotate",
            self.credentials_path(integration_id)?
        );
        self.json(Call::new(Method::Post, path, signal)).await
    }

    /// Revokes a credential.
    pub async fn revoke_credential(
        &self,
        integration_id: Uuid,
        credential_id: Uuid,
        signal: Option<&AbortSignal>,
    ) -> Result<(), ApiError> {
        let path = format!("{}/{credential_id}", self.credentials_path(integration_id)?);
        self.empty(Call::new(Method::Delete, path, signal)).await
    }

    /// Lists one page of the workspace's services.
    pub async fn list_services(
        &self,
        query: &ServiceListQuery,
        signal: Option<&AbortSignal>,
    ) -> Result<Page<ServiceResponse>, ApiError> {
        let path = format!("/v1/{}/services", self.workspace()?);
        let mut call = Call::new(Method::Get, path, signal);
        call.query = Some(query.to_query_string());
        self.json(call).await
    }

    fn workspace(&self) -> Result<Uuid, ApiError> {
        self.session().workspace_id().ok_or(ApiError::Unauthorized)
    }

    fn credentials_path(&self, integration_id: Uuid) -> Result<String, ApiError> {
        Ok(format!(
            "/v1/{}/external-integrations/{integration_id}/credentials",
            self.workspace()?
        ))
    }
}
