//! Client credentials of integrations. Rows hold the SHA-256 hash of the
//! current secret, never the secret.

use platform_api::error::messages;
use platform_api::{CredentialResponse, Timestamp};
use rusqlite::types::Type;
use rusqlite::{params, Connection, OptionalExtension, Row};
use uuid::Uuid;

use super::{optional_time_at, uuid_at};
use crate::error::AppError;

const COLUMNS: &str = "id, workspace_id, integration_id, client_id, service_ids, name, is_active,
    expires_at, created_at, updated_at, rotated_at, revoked_at";

fn from_row(row: &Row<'_>) -> rusqlite::Result<CredentialResponse> {
    let service_ids: String = row.get(4)?;
    Ok(CredentialResponse {
        id: uuid_at(row, 0)?,
        workspace_id: uuid_at(row, 1)?,
        integration_id: uuid_at(row, 2)?,
        client_id: row.get(3)?,
        service_ids: serde_json::from_str(&service_ids).map_err(|error| {
            rusqlite::Error::FromSqlConversionFailure(4, Type::Text, error.into())
        })?,
        name: row.get(5)?,
        is_active: row.get(6)?,
        expires_at: optional_time_at(row, 7)?,
        created_at: optional_time_at(row, 8)?,
        updated_at: optional_time_at(row, 9)?,
        rotated_at: optional_time_at(row, 10)?,
        revoked_at: optional_time_at(row, 11)?,
    })
}

/// Every credential of an integration, revoked ones included, oldest first.
pub fn list(conn: &Connection, integration_id: Uuid) -> Result<Vec<CredentialResponse>, AppError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM credentials WHERE integration_id = ?1 ORDER BY created_at, id"
    );
    let rows = conn
        .prepare_cached(&sql)?
        .query_map([integration_id.to_string()], from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// One credential of an integration, or 404.
pub fn get(
    conn: &Connection,
    integration_id: Uuid,
    credential_id: Uuid,
) -> Result<CredentialResponse, AppError> {
    let sql = format!("SELECT {COLUMNS} FROM credentials WHERE id = ?1 AND integration_id = ?2");
    conn.prepare_cached(&sql)?
        .query_row(
            params![credential_id.to_string(), integration_id.to_string()],
            from_row,
        )
        .optional()?
        .ok_or(AppError::NotFound(messages::CREDENTIAL_NOT_FOUND))
}

/// One unrevoked credential of an integration: 404 when absent, 409 when
/// revoked.
pub fn get_unrevoked(
    conn: &Connection,
    integration_id: Uuid,
    credential_id: Uuid,
) -> Result<CredentialResponse, AppError> {
    let credential = get(conn, integration_id, credential_id)?;
    if !credential.is_active {
        return Err(AppError::Conflict(messages::CREDENTIAL_REVOKED));
    }
    Ok(credential)
}

/// Inserts a credential row with the hash of its secret.
pub fn insert(
    conn: &Connection,
    credential: &CredentialResponse,
    secret_hash: &[u8; 32],
) -> Result<(), AppError> {
    let sql = format!(
        "INSERT INTO credentials ({COLUMNS}, secret_hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"
    );
    let service_ids = serde_json::to_string(&credential.service_ids).map_err(AppError::internal)?;
    conn.prepare_cached(&sql)?.execute(params![
        credential.id.to_string(),
        credential.workspace_id.to_string(),
        credential.integration_id.to_string(),
        credential.client_id,
        service_ids,
        credential.name,
        credential.is_active,
        credential.expires_at.map(Timestamp::unix_micros),
        credential.created_at.map(Timestamp::unix_micros),
        credential.updated_at.map(Timestamp::unix_micros),
        credential.rotated_at.map(Timestamp::unix_micros),
        credential.revoked_at.map(Timestamp::unix_micros),
        secret_hash.as_slice(),
    ])?;
    Ok(())
}

/// Replaces a credential's secret hash and stamps `rotated_at`.
pub fn rotate(
    conn: &Connection,
    credential_id: Uuid,
    secret_hash: &[u8; 32],
    now: Timestamp,
) -> Result<(), AppError> {
    conn.prepare_cached(
        "UPDATE credentials SET secret_hash = ?2, rotated_at = ?3, updated_at = ?3 WHERE id = ?1",
    )?
    .execute(params![
        credential_id.to_string(),
        secret_hash.as_slice(),
        now.unix_micros()
    ])?;
    Ok(())
}

/// Revokes one credential.
pub fn revoke(conn: &Connection, credential_id: Uuid, now: Timestamp) -> Result<(), AppError> {
    conn.prepare_cached(
        "UPDATE credentials SET is_active = 0, revoked_at = ?2, updated_at = ?2
         WHERE id = ?1 AND is_active = 1",
    )?
    .execute(params![credential_id.to_string(), now.unix_micros()])?;
    Ok(())
}

/// Revokes every active credential of an integration; revoked ones keep
/// their `revoked_at`.
pub fn revoke_all(conn: &Connection, integration_id: Uuid, now: Timestamp) -> Result<(), AppError> {
    conn.prepare_cached(
        "UPDATE credentials SET is_active = 0, revoked_at = ?2, updated_at = ?2
         WHERE integration_id = ?1 AND is_active = 1",
    )?
    .execute(params![integration_id.to_string(), now.unix_micros()])?;
    Ok(())
}

/// A credential found by client id, with its secret hash.
pub fn find_by_client_id(
    conn: &Connection,
    client_id: &str,
) -> Result<Option<(CredentialResponse, Vec<u8>)>, AppError> {
    let sql = format!("SELECT {COLUMNS}, secret_hash FROM credentials WHERE client_id = ?1");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([client_id], |row| Ok((from_row(row)?, row.get(12)?)))
        .optional()?)
}
