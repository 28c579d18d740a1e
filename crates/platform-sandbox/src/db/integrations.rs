//! External integrations.

use platform_api::error::messages;
use platform_api::{IntegrationRequest, IntegrationResponse, IntegrationUpdateRequest, Timestamp};
use rusqlite::{params, Connection, OptionalExtension, Row};
use uuid::Uuid;

use super::{is_unique_violation, optional_time_at, optional_uuid_at, search_text, uuid_at};
use crate::auth::Caller;
use crate::error::AppError;

pub(super) const COLUMNS: &str = "id, workspace_id, name, display_name, description, is_active,
    created_by_entity_id, created_by_credential_id, created_at, updated_at";

pub(super) fn from_row(row: &Row<'_>) -> rusqlite::Result<IntegrationResponse> {
    Ok(IntegrationResponse {
        id: uuid_at(row, 0)?,
        workspace_id: uuid_at(row, 1)?,
        name: row.get(2)?,
        display_name: row.get(3)?,
        description: row.get(4)?,
        is_active: row.get(5)?,
        created_by_entity_id: uuid_at(row, 6)?,
        created_by_credential_id: optional_uuid_at(row, 7)?,
        created_at: optional_time_at(row, 8)?,
        updated_at: optional_time_at(row, 9)?,
    })
}

/// Maps a write's error: a unique index violation means the name is taken.
fn name_conflict(error: rusqlite::Error) -> AppError {
    if is_unique_violation(&error) {
        AppError::Conflict(messages::NAME_TAKEN)
    } else {
        error.into()
    }
}

/// Reads one integration of the workspace, active or deleted.
pub fn get(
    conn: &Connection,
    workspace_id: Uuid,
    integration_id: Uuid,
) -> Result<Option<IntegrationResponse>, AppError> {
    let sql = format!("SELECT {COLUMNS} FROM integrations WHERE id = ?1 AND workspace_id = ?2");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row(
            params![integration_id.to_string(), workspace_id.to_string()],
            from_row,
        )
        .optional()?)
}

/// Reads one active integration of the workspace, or returns 404, because
/// writes never touch a deleted integration.
pub fn get_active(
    conn: &Connection,
    workspace_id: Uuid,
    integration_id: Uuid,
) -> Result<IntegrationResponse, AppError> {
    get(conn, workspace_id, integration_id)?
        .filter(|integration| integration.is_active)
        .ok_or(AppError::NotFound(messages::INTEGRATION_NOT_FOUND))
}

/// Inserts an integration created by `caller` at `now`.
pub fn insert(
    conn: &Connection,
    caller: &Caller,
    request: &IntegrationRequest,
    now: Timestamp,
) -> Result<IntegrationResponse, AppError> {
    let integration = IntegrationResponse {
        id: Uuid::new_v4(),
        workspace_id: caller.workspace_id,
        name: request.name.clone(),
        display_name: request.display_name.clone(),
        description: request.description.clone(),
        is_active: true,
        created_by_entity_id: caller.entity_id,
        created_by_credential_id: Some(caller.key_id),
        created_at: Some(now),
        updated_at: Some(now),
    };
    insert_row(conn, &integration).map_err(name_conflict)?;
    Ok(integration)
}

/// Inserts a full row; also used by the seed and demo data.
pub fn insert_row(conn: &Connection, row: &IntegrationResponse) -> rusqlite::Result<()> {
    let sql = format!(
        "INSERT INTO integrations ({COLUMNS}, search_text)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"
    );
    let search = search_text(&[
        &row.name,
        &row.display_name,
        row.description.as_deref().unwrap_or(""),
    ]);
    conn.prepare_cached(&sql)?.execute(params![
        row.id.to_string(),
        row.workspace_id.to_string(),
        row.name,
        row.display_name,
        row.description,
        row.is_active,
        row.created_by_entity_id.to_string(),
        row.created_by_credential_id.map(|id| id.to_string()),
        row.created_at.map(Timestamp::unix_micros),
        row.updated_at.map(Timestamp::unix_micros),
        search,
    ])?;
    Ok(())
}

/// Applies a partial update to an active integration. An empty update
/// changes nothing, not even `updated_at`.
pub fn update(
    conn: &Connection,
    workspace_id: Uuid,
    integration_id: Uuid,
    update: &IntegrationUpdateRequest,
    now: Timestamp,
) -> Result<IntegrationResponse, AppError> {
    let mut integration = get_active(conn, workspace_id, integration_id)?;
    if update.is_empty() {
        return Ok(integration);
    }

    if let Some(name) = &update.name {
        integration.name = name.clone();
    }
    if let Some(display_name) = &update.display_name {
        integration.display_name = display_name.clone();
    }
    if let Some(description) = &update.description {
        integration.description = description.clone();
    }
    integration.updated_at = Some(now);

    let search = search_text(&[
        &integration.name,
        &integration.display_name,
        integration.description.as_deref().unwrap_or(""),
    ]);
    conn.prepare_cached(
        "UPDATE integrations
         SET name = ?2, display_name = ?3, description = ?4, updated_at = ?5, search_text = ?6
         WHERE id = ?1",
    )?
    .execute(params![
        integration.id.to_string(),
        integration.name,
        integration.display_name,
        integration.description,
        now.unix_micros(),
        search,
    ])
    .map_err(name_conflict)?;
    Ok(integration)
}

/// Marks an active integration inactive and revokes its active credentials.
/// The caller's transaction makes both one change.
pub fn delete(
    conn: &Connection,
    workspace_id: Uuid,
    integration_id: Uuid,
    now: Timestamp,
) -> Result<(), AppError> {
    get_active(conn, workspace_id, integration_id)?;

    conn.prepare_cached("UPDATE integrations SET is_active = 0, updated_at = ?2 WHERE id = ?1")?
        .execute(params![integration_id.to_string(), now.unix_micros()])?;
    super::credentials::revoke_all(conn, integration_id, now)?;
    Ok(())
}
