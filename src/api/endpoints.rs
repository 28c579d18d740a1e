//! The Platform API endpoints the console calls:
//!
//! - `GET /v1/auth/me`
//! - `GET|POST /v1/{workspace_id}/external-integrations`
//! - `GET|PATCH|DELETE /v1/{workspace_id}/external-integrations/{integration_id}`
//! - `GET /v1/{workspace_id}/external-integrations/{integration_id}/credentials`

use platform_api::{
    AuthInfoResponse, CredentialResponse, IntegrationListQuery, IntegrationRequest,
    IntegrationResponse, IntegrationUpdateRequest, Page,
};
use uuid::Uuid;
use web_sys::AbortSignal;

use super::client::{ApiClient, Call};
use super::{ApiError, Method};

impl ApiClient {
    /// Looks up the key `api_key`, before it becomes the session's key.
    pub async fn auth_me(
        &self,
        api_key: &str,
        signal: Option<&AbortSignal>,
    ) -> Result<AuthInfoResponse, ApiError> {
        let mut call = Call::new(Method::Get, "/v1/auth/me".to_owned(), signal);
        call.api_key = Some(api_key);
        self.json(call).await
    }

    /// Lists one page of the workspace's active integrations.
    pub async fn list_integrations(
        &self,
        query: &IntegrationListQuery,
        signal: Option<&AbortSignal>,
    ) -> Result<Page<IntegrationResponse>, ApiError> {
        let mut call = Call::new(Method::Get, self.integrations_path()?, signal);
        call.query = Some(query.to_query_string());
        self.json(call).await
    }

    /// Fetches one integration, active or deleted.
    pub async fn get_integration(
        &self,
        id: Uuid,
        signal: Option<&AbortSignal>,
    ) -> Result<IntegrationResponse, ApiError> {
        let call = Call::new(Method::Get, self.integration_path(id)?, signal);
        self.json(call).await
    }

    /// Creates an integration.
    pub async fn create_integration(
        &self,
        request: &IntegrationRequest,
        signal: Option<&AbortSignal>,
    ) -> Result<IntegrationResponse, ApiError> {
        let mut call = Call::new(Method::Post, self.integrations_path()?, signal);
        call.body = Some(to_json(request)?);
        self.json(call).await
    }

    /// Changes the fields present in `request`.
    pub async fn update_integration(
        &self,
        id: Uuid,
        request: &IntegrationUpdateRequest,
        signal: Option<&AbortSignal>,
    ) -> Result<IntegrationResponse, ApiError> {
        let mut call = Call::new(Method::Patch, self.integration_path(id)?, signal);
        call.body = Some(to_json(request)?);
        self.json(call).await
    }

    /// Deletes an integration and revokes its active credentials.
    pub async fn delete_integration(
        &self,
        id: Uuid,
        signal: Option<&AbortSignal>,
    ) -> Result<(), ApiError> {
        let call = Call::new(Method::Delete, self.integration_path(id)?, signal);
        self.empty(call).await
    }

    /// Lists an integration's credentials, revoked ones included.
    pub async fn list_credentials(
        &self,
        id: Uuid,
        signal: Option<&AbortSignal>,
    ) -> Result<Vec<CredentialResponse>, ApiError> {
        let path = format!("{}/credentials", self.integration_path(id)?);
        let call = Call::new(Method::Get, path, signal);
        self.json(call).await
    }

    fn integrations_path(&self) -> Result<String, ApiError> {
        let workspace = self
            .session()
            .workspace_id()
            .ok_or(ApiError::Unauthorized)?;
        Ok(format!("/v1/{workspace}/external-integrations"))
    }

    fn integration_path(&self, id: Uuid) -> Result<String, ApiError> {
        Ok(format!("{}/{id}", self.integrations_path()?))
    }
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<String, ApiError> {
    serde_json::to_string(value).map_err(|_| ApiError::Server {
        status: 0,
        request_id: None,
    })
}
