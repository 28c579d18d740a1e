//! Routes outside `/v1` that only the sandbox has: health, the merged
//! OpenAPI document, and a check of client credentials.

use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Json, Router};
use platform_api::{body, CredentialVerifyResponse, Timestamp};
use serde_json::{json, Value};

use crate::db::credentials;
use crate::error::AppError;
use crate::extract::JsonBody;
use crate::openapi;
use crate::secrets;
use crate::state::AppState;

/// Routes of this resource.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(health_get))
        .route("/openapi.json", get(openapi_get))
        .route("/sandbox/credentials/verify", post(credentials_verify))
}

async fn health_get() -> Json<Value> {
    Json(json!({ "status": "ok" }))
}

async fn openapi_get() -> Result<impl IntoResponse, AppError> {
    let document = openapi::document_bytes()?;

    Ok(([(CONTENT_TYPE, "application/json")], document))
}

/// Checks whether a client id and secret pair authenticates now: the
/// credential exists, is not revoked, has not expired, and the secret is the
/// current one. An invalid pair gets `{"valid": false}` whatever the reason.
async fn credentials_verify(
    State(state): State<AppState>,
    json: JsonBody,
) -> Result<Json<CredentialVerifyResponse>, AppError> {
    let value = json.into_value().await?;
    let request = body::decode_credential_verify(&value).map_err(AppError::Validation)?;
    let presented = secrets::sha256(&request.client_secret);
    let now = Timestamp::now();

    let client_id = request.client_id.clone();
    let found = state
        .db
        .read(move |conn| credentials::find_by_client_id(conn, &client_id))
        .await?;

    // An unknown client id still costs one hash comparison, so timing does
    // not tell an unknown id from a wrong secret.
    let (credential, stored_hash) = match found {
        Some((credential, hash)) => (Some(credential), hash),
        None => (None, vec![0u8; 32]),
    };
    let secret_matches = secrets::hashes_match(&stored_hash, &presented);
    let response = match credential {
        Some(credential)
            if secret_matches
                && credential.is_active
                && credential.expires_at.is_none_or(|expiry| expiry > now) =>
        {
            CredentialVerifyResponse {
                valid: true,
                service_ids: Some(credential.service_ids),
                integration_id: Some(credential.integration_id),
                expires_at: Some(credential.expires_at),
            }
        }
        _ => CredentialVerifyResponse {
            valid: false,
            service_ids: None,
            integration_id: None,
            expires_at: None,
        },
    };

    Ok(Json(response))
}
