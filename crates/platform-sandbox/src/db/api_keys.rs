//! API keys: rows keyed by the id embedded in the key text, holding the
//! SHA-256 hash of the key.

use platform_api::Timestamp;
use rusqlite::{params, Connection, OptionalExtension};
use uuid::Uuid;

use super::{optional_time_at, time_at, uuid_at};
use crate::auth::{Caller, Role};
use crate::error::AppError;

/// A stored key: who it stands for, and what is needed to check it.
pub struct StoredKey {
    /// The identity the key grants.
    pub caller: Caller,
    /// SHA-256 of the key text.
    pub secret_hash: Vec<u8>,
    /// Moment of revocation, if revoked.
    pub revoked_at: Option<Timestamp>,
}

/// Looks up a key by id, whatever its state.
pub fn find(conn: &Connection, key_id: Uuid) -> Result<Option<StoredKey>, AppError> {
    let mut statement = conn.prepare_cached(
        "SELECT id, workspace_id, entity_id, role, name, expires_at, secret_hash, revoked_at
         FROM api_keys WHERE id = ?1",
    )?;
    let row = statement
        .query_row([key_id.to_string()], |row| {
            let role: String = row.get(3)?;
            Ok((
                Caller {
                    key_id: uuid_at(row, 0)?,
                    workspace_id: uuid_at(row, 1)?,
                    entity_id: uuid_at(row, 2)?,
                    role: Role::parse(&role).unwrap_or(Role::Member),
                    name: row.get(4)?,
                    expires_at: time_at(row, 5)?,
                },
                row.get::<_, Vec<u8>>(6)?,
                optional_time_at(row, 7)?,
            ))
        })
        .optional()?;
    Ok(row.map(|(caller, secret_hash, revoked_at)| StoredKey {
        caller,
        secret_hash,
        revoked_at,
    }))
}

/// Inserts a key; `caller.key_id` must be the id inside the key text.
pub fn insert(
    conn: &Connection,
    caller: &Caller,
    secret_hash: &[u8; 32],
    now: Timestamp,
) -> Result<(), AppError> {
    conn.prepare_cached(
        "INSERT INTO api_keys
           (id, workspace_id, entity_id, name, role, secret_hash, created_at, expires_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        caller.key_id.to_string(),
        caller.workspace_id.to_string(),
        caller.entity_id.to_string(),
        caller.name,
        caller.role.as_str(),
        secret_hash.as_slice(),
        now.unix_micros(),
        caller.expires_at.unix_micros(),
    ])?;
    Ok(())
}

/// Revokes a key. Returns false when no unrevoked key has that id.
pub fn revoke(conn: &Connection, key_id: Uuid, now: Timestamp) -> Result<bool, AppError> {
    let changed = conn
        .prepare_cached("UPDATE api_keys SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL")?
        .execute(params![key_id.to_string(), now.unix_micros()])?;
    Ok(changed > 0)
}
