//! `GET /v1/{workspace_id}/services` and `GET .../services/{service_id}`.

use axum::extract::{RawQuery, State};
use axum::routing::get;
use axum::{Json, Router};
use platform_api::error::messages;
use platform_api::{Page, ServiceListQuery, ServiceResponse};

use crate::auth::{Caller, Permission};
use crate::db::services;
use crate::error::AppError;
use crate::extract::{ServicePath, WorkspacePath};
use crate::state::AppState;

/// Routes of this resource.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/v1/{workspace_id}/services", get(services_list))
        .route(
            "/v1/{workspace_id}/services/{service_id}",
            get(services_get),
        )
}

async fn services_list(
    State(state): State<AppState>,
    caller: Caller,
    path: WorkspacePath,
    RawQuery(query): RawQuery,
) -> Result<Json<Page<ServiceResponse>>, AppError> {
    caller.authorize(path.workspace_id, Permission::ServiceView)?;
    let query =
        ServiceListQuery::parse(query.as_deref().unwrap_or("")).map_err(AppError::Validation)?;

    let page = state
        .db
        .read(move |conn| services::list(conn, path.workspace_id, &query))
        .await?;

    Ok(Json(page))
}

async fn services_get(
    State(state): State<AppState>,
    caller: Caller,
    path: ServicePath,
) -> Result<Json<ServiceResponse>, AppError> {
    caller.authorize(path.workspace_id, Permission::ServiceView)?;

    let service = state
        .db
        .read(move |conn| services::get(conn, path.workspace_id, path.service_id))
        .await?
        .ok_or(AppError::NotFound(messages::SERVICE_NOT_FOUND))?;

    Ok(Json(service))
}
