//! The four credential endpoints under
//! `/v1/{workspace_id}/external-integrations/{integration_id}/credentials`.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use platform_api::error::messages;
use platform_api::{
    body, CredentialRequest, CredentialResponse, CredentialSecretResponse, Timestamp,
};
use rusqlite::Connection;
use uuid::Uuid;

use crate::auth::{Caller, Permission};
use crate::db::{credentials, integrations, services};
use crate::error::AppError;
use crate::extract::{CredentialPath, IntegrationPath, JsonBody};
use crate::secrets;
use crate::state::AppState;

/// Routes of this resource.
pub fn router() -> Router<AppState> {
    let base = "/v1/{workspace_id}/external-integrations/{integration_id}/credentials";
    Router::new()
        .route(base, get(credentials_list).post(credentials_create))
        .route(
            &format!("{base}/{{credential_id}}"),
            delete(credentials_revoke),
        )
        .route(
            &format!("{base}/{{credential_id}}/rotate"),
            post(credentials_rotate),
        )
}

async fn credentials_list(
    State(state): State<AppState>,
    caller: Caller,
    path: IntegrationPath,
) -> Result<Json<Vec<CredentialResponse>>, AppError> {
    caller.authorize(path.workspace_id, Permission::IntegrationView)?;

    let credentials = state
        .db
        .read(move |conn| {
            // A deleted integration's credentials stay listable.
            integrations::get(conn, path.workspace_id, path.integration_id)?
                .ok_or(AppError::NotFound(messages::INTEGRATION_NOT_FOUND))?;
            credentials::list(conn, path.integration_id)
        })
        .await?;

    Ok(Json(credentials))
}

async fn credentials_create(
    State(state): State<AppState>,
    caller: Caller,
    path: IntegrationPath,
    json: JsonBody,
) -> Result<(StatusCode, Json<CredentialSecretResponse>), AppError> {
    caller.authorize(path.workspace_id, Permission::IntegrationUpdate)?;
    let now = Timestamp::now();
    let value = json.into_value().await?;
    let request = body::decode_credential_request(&value, now).map_err(AppError::Validation)?;
    let secret = secrets::new_client_secret()?;
    let client_id = secrets::new_client_id()?;

    let hash = secret.hash();
    let credential = state
        .db
        .write(move |tx| {
            check_services(tx, path.workspace_id, &request.service_ids)?;
            integrations::get_active(tx, path.workspace_id, path.integration_id)?;
            let credential = new_credential(path, client_id, request, now);
            credentials::insert(tx, &credential, &hash)?;
            Ok(credential)
        })
        .await?;

    let response = CredentialSecretResponse {
        credential,
        client_secret: secret.expose().to_owned(),
    };
    Ok((StatusCode::CREATED, Json(response)))
}

/// Builds the row of a new credential. Duplicate service ids are dropped,
/// keeping the first occurrence's position.
fn new_credential(
    path: IntegrationPath,
    client_id: String,
    request: CredentialRequest,
    now: Timestamp,
) -> CredentialResponse {
    let mut service_ids: Vec<Uuid> = Vec::with_capacity(request.service_ids.len());
    for id in request.service_ids {
        if !service_ids.contains(&id) {
            service_ids.push(id);
        }
    }
    CredentialResponse {
        id: Uuid::new_v4(),
        workspace_id: path.workspace_id,
        integration_id: path.integration_id,
        client_id,
        service_ids,
        name: request.name,
        is_active: true,
        expires_at: request.expires_at,
        created_at: Some(now),
        updated_at: Some(now),
        rotated_at: None,
        revoked_at: None,
    }
}

/// Checks that every id names a service of the workspace (active or not),
/// with a 422 at `["body", "service_ids", index]` for each one that does not.
fn check_services(conn: &Connection, workspace_id: Uuid, ids: &[Uuid]) -> Result<(), AppError> {
    let found = services::existing(conn, workspace_id, ids)?;
    let errors: Vec<_> = ids
        .iter()
        .enumerate()
        .filter(|(_, id)| !found.contains(id))
        .map(|(index, id)| {
            let message = format!("Service {id} does not exist in this workspace.");
            platform_api::rules::RuleError::with_ctx(
                "value_error",
                format!("Value error, {message}"),
                serde_json::json!({ "error": message }),
            )
            .at(
                vec!["body".into(), "service_ids".into(), index.into()],
                serde_json::json!(id.to_string()),
            )
        })
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(AppError::Validation(errors))
    }
}

async fn credentials_rotate(
    State(state): State<AppState>,
    caller: Caller,
    path: CredentialPath,
) -> Result<Json<CredentialSecretResponse>, AppError> {
    caller.authorize(path.workspace_id, Permission::IntegrationUpdate)?;
    let secret = secrets::new_client_secret()?;
    let now = Timestamp::now();

    let hash = secret.hash();
    let credential = state
        .db
        .write(move |tx| {
            integrations::get_active(tx, path.workspace_id, path.integration_id)?;
            let mut credential =
                credentials::get_unrevoked(tx, path.integration_id, path.credential_id)?;
            credentials::rotate(tx, credential.id, &hash, now)?;
            credential.rotated_at = Some(now);
            credential.updated_at = Some(now);
            Ok(credential)
        })
        .await?;

    Ok(Json(CredentialSecretResponse {
        credential,
        client_secret: secret.expose().to_owned(),
    }))
}

async fn credentials_revoke(
    State(state): State<AppState>,
    caller: Caller,
    path: CredentialPath,
) -> Result<StatusCode, AppError> {
    caller.authorize(path.workspace_id, Permission::IntegrationUpdate)?;
    let now = Timestamp::now();

    state
        .db
        .write(move |tx| {
            integrations::get_active(tx, path.workspace_id, path.integration_id)?;
            credentials::get_unrevoked(tx, path.integration_id, path.credential_id)?;
            credentials::revoke(tx, path.credential_id, now)
        })
        .await?;

    Ok(StatusCode::NO_CONTENT)
}
