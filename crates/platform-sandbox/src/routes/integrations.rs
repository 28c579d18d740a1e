//! The five integration endpoints under `/v1/{workspace_id}/external-integrations`.

use axum::extract::{RawQuery, State};
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use platform_api::error::messages;
use platform_api::{body, IntegrationListQuery, IntegrationResponse, Timestamp};

use crate::auth::{Caller, Permission, PresentedKey};
use crate::db::{integration_list, integrations};
use crate::error::AppError;
use crate::extract::{IntegrationPath, JsonBody, WorkspacePath};
use crate::state::AppState;

/// Routes of this resource.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/v1/{workspace_id}/external-integrations",
            get(integrations_list).post(integrations_create),
        )
        .route(
            "/v1/{workspace_id}/external-integrations/{integration_id}",
            get(integrations_get)
                .patch(integrations_update)
                .delete(integrations_delete),
        )
}

/// Lists integrations. The key lookup, the checks (401, path 422, 404, 403,
/// then query 422, as "Check order" in docs/sandbox.md lists them) and the
/// list run in one task on the blocking pool. Each trip to that pool
/// costs two thread wake-ups, and this is the console's busiest request.
async fn integrations_list(
    State(state): State<AppState>,
    key: PresentedKey,
    path: Result<WorkspacePath, AppError>,
    RawQuery(query): RawQuery,
) -> Result<Response, AppError> {
    // The page arrives serialized because search pages are cached as JSON.
    let body = state
        .db
        .read(move |conn| {
            let caller = key.authenticate(conn)?;
            let path = path?;
            caller.authorize(path.workspace_id, Permission::IntegrationView)?;
            let query = IntegrationListQuery::parse(query.as_deref().unwrap_or(""))
                .map_err(AppError::Validation)?;
            integration_list::list_json(conn, path.workspace_id, &query)
        })
        .await?;

    let content_type = HeaderValue::from_static("application/json");
    Ok(([(CONTENT_TYPE, content_type)], body).into_response())
}

async fn integrations_create(
    State(state): State<AppState>,
    caller: Caller,
    path: WorkspacePath,
    json: JsonBody,
) -> Result<(StatusCode, Json<IntegrationResponse>), AppError> {
    caller.authorize(path.workspace_id, Permission::IntegrationCreate)?;
    let value = json.into_value().await?;
    let request = body::decode_integration_request(&value).map_err(AppError::Validation)?;
    let now = Timestamp::now();

    let created = state
        .db
        .write(move |tx| integrations::insert(tx, &caller, &request, now))
        .await?;

    Ok((StatusCode::CREATED, Json(created)))
}

async fn integrations_get(
    State(state): State<AppState>,
    caller: Caller,
    path: IntegrationPath,
) -> Result<Json<IntegrationResponse>, AppError> {
    caller.authorize(path.workspace_id, Permission::IntegrationView)?;

    let integration = state
        .db
        .read(move |conn| integrations::get(conn, path.workspace_id, path.integration_id))
        .await?
        .ok_or(AppError::NotFound(messages::INTEGRATION_NOT_FOUND))?;

    Ok(Json(integration))
}

async fn integrations_update(
    State(state): State<AppState>,
    caller: Caller,
    path: IntegrationPath,
    json: JsonBody,
) -> Result<Json<IntegrationResponse>, AppError> {
    caller.authorize(path.workspace_id, Permission::IntegrationUpdate)?;
    let value = json.into_value().await?;
    let update = body::decode_integration_update(&value).map_err(AppError::Validation)?;
    let now = Timestamp::now();

    let updated = state
        .db
        .write(move |tx| {
            integrations::update(tx, path.workspace_id, path.integration_id, &update, now)
        })
        .await?;

    Ok(Json(updated))
}

async fn integrations_delete(
    State(state): State<AppState>,
    caller: Caller,
    path: IntegrationPath,
) -> Result<StatusCode, AppError> {
    caller.authorize(path.workspace_id, Permission::IntegrationDelete)?;
    let now = Timestamp::now();

    state
        .db
        .write(move |tx| integrations::delete(tx, path.workspace_id, path.integration_id, now))
        .await?;

    Ok(StatusCode::NO_CONTENT)
}
