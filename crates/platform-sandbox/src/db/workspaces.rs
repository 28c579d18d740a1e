//! Workspaces. The Platform API creates them elsewhere; the sandbox creates
//! one when an API key is made for an unknown workspace id.

use platform_api::Timestamp;
use rusqlite::{params, Connection, OptionalExtension};
use uuid::Uuid;

use crate::error::AppError;

/// Inserts the workspace `id` unless it exists.
pub fn ensure(conn: &Connection, id: Uuid, name: &str, now: Timestamp) -> Result<(), AppError> {
    conn.prepare_cached(
        "INSERT INTO workspaces (id, name, created_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (id) DO NOTHING",
    )?
    .execute(params![id.to_string(), name, now.unix_micros()])?;
    Ok(())
}

/// Whether the workspace `id` exists.
pub fn exists(conn: &Connection, id: Uuid) -> Result<bool, AppError> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM workspaces WHERE id = ?1")?
        .query_row([id.to_string()], |_| Ok(()))
        .optional()?
        .is_some())
}

/// The oldest workspace, if any.
pub fn oldest(conn: &Connection) -> Result<Option<Uuid>, AppError> {
    Ok(conn
        .prepare_cached("SELECT id FROM workspaces ORDER BY created_at, id LIMIT 1")?
        .query_row([], |row| super::uuid_at(row, 0))
        .optional()?)
}
