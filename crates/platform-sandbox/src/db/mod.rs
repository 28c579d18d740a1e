//! The SQLite database: a small connection pool, migrations, and one module
//! of queries per table.
//!
//! Handlers never block the async runtime: [`Db::read`] and [`Db::write`]
//! run their closure on tokio's blocking pool. Writes run in a
//! `BEGIN IMMEDIATE` transaction, so they take the write lock up front and
//! wait for it (up to the busy timeout) instead of failing half-way.

pub mod api_keys;
pub mod credentials;
pub mod demo;
pub mod integration_list;
pub mod integrations;
pub mod migrate;
pub mod search_cache;
pub mod seed;
pub mod services;
pub mod workspaces;

use std::path::Path;
use std::time::Duration;

use platform_api::{SortKey, Timestamp};
use r2d2_sqlite::SqliteConnectionManager;
use rusqlite::types::Type;
use rusqlite::{Connection, Row, Transaction, TransactionBehavior};
use uuid::Uuid;

use crate::error::AppError;

/// How long a connection waits for another writer before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);
/// Connections in the pool; WAL lets readers run beside the one writer.
const POOL_SIZE: u32 = 8;
/// Page cache per connection, as SQLite's `cache_size` takes it: a negative
/// number of KiB.
const CACHE_SIZE_KIB: i64 = -32_768;
/// Prepared statements kept per connection.
const STATEMENT_CACHE: usize = 64;

/// A handle to the database, cheap to clone.
#[derive(Clone)]
pub struct Db {
    pool: r2d2::Pool<SqliteConnectionManager>,
}

impl Db {
    /// Opens (creating when absent) the database file at `path` and applies
    /// pending migrations.
    pub fn open(path: &Path) -> Result<Db, AppError> {
        // A 32 MiB page cache and a 256 MiB memory map per connection let list
        // queries over 100,000 integrations read memory instead of making
        // a read syscall per page.
        let manager = SqliteConnectionManager::file(path).with_init(|conn| {
            conn.busy_timeout(BUSY_TIMEOUT)?;
            conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
            conn.pragma_update(None, "cache_size", CACHE_SIZE_KIB)?;
            conn.execute_batch(
                "PRAGMA journal_mode = WAL;
                 PRAGMA synchronous = NORMAL;
                 PRAGMA foreign_keys = ON;
                 PRAGMA mmap_size = 268435456;",
            )
        });
        let pool = r2d2::Pool::builder()
            .max_size(POOL_SIZE)
            .min_idle(Some(1))
            .build(manager)?;
        migrate::run(&mut *pool.get()?)?;
        Ok(Db { pool })
    }

    /// Runs `work` on a pooled connection off the async runtime.
    pub async fn read<T, F>(&self, work: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> Result<T, AppError> + Send + 'static,
    {
        let pool = self.pool.clone();
        tokio::task::spawn_blocking(move || work(&*pool.get()?))
            .await
            .map_err(AppError::internal)?
    }

    /// Runs `work` in a `BEGIN IMMEDIATE` transaction that commits when it
    /// returns `Ok` and rolls back otherwise.
    pub async fn write<T, F>(&self, work: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&Transaction) -> Result<T, AppError> + Send + 'static,
    {
        let db = self.clone();
        tokio::task::spawn_blocking(move || db.write_blocking(work))
            .await
            .map_err(AppError::internal)?
    }

    /// [`Db::write`] for callers outside the async runtime (the CLI).
    pub fn write_blocking<T, F>(&self, work: F) -> Result<T, AppError>
    where
        F: FnOnce(&Transaction) -> Result<T, AppError>,
    {
        let mut conn = self.pool.get()?;
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let value = work(&tx)?;
        tx.commit()?;
        Ok(value)
    }

    /// [`Db::read`] for callers outside the async runtime (the CLI).
    pub fn read_blocking<T, F>(&self, work: F) -> Result<T, AppError>
    where
        F: FnOnce(&Connection) -> Result<T, AppError>,
    {
        work(&*self.pool.get()?)
    }
}

/// Reads a UUID stored as text.
pub(crate) fn uuid_at(row: &Row<'_>, index: usize) -> rusqlite::Result<Uuid> {
    let text: String = row.get(index)?;
    Uuid::parse_str(&text)
        .map_err(|error| rusqlite::Error::FromSqlConversionFailure(index, Type::Text, error.into()))
}

/// Reads an optional UUID stored as text.
pub(crate) fn optional_uuid_at(row: &Row<'_>, index: usize) -> rusqlite::Result<Option<Uuid>> {
    match row.get::<_, Option<String>>(index)? {
        None => Ok(None),
        Some(text) => Uuid::parse_str(&text).map(Some).map_err(|error| {
            rusqlite::Error::FromSqlConversionFailure(index, Type::Text, error.into())
        }),
    }
}

/// Reads a time stored as microseconds.
pub(crate) fn time_at(row: &Row<'_>, index: usize) -> rusqlite::Result<Timestamp> {
    row.get(index).map(Timestamp::from_unix_micros)
}

/// Reads an optional time stored as microseconds.
pub(crate) fn optional_time_at(row: &Row<'_>, index: usize) -> rusqlite::Result<Option<Timestamp>> {
    Ok(row
        .get::<_, Option<i64>>(index)?
        .map(Timestamp::from_unix_micros))
}

/// Whether `error` is a violation of a UNIQUE constraint or index.
pub(crate) fn is_unique_violation(error: &rusqlite::Error) -> bool {
    matches!(
        error,
        rusqlite::Error::SqliteFailure(failure, _)
            if failure.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE
    )
}

/// The `ORDER BY` clause of a sort key. Ties are broken by `id` in the same
/// direction, which keeps pages stable and lets one index serve both ways.
pub(crate) fn order_by(sort: SortKey) -> String {
    let direction = if sort.descending { "DESC" } else { "ASC" };
    // The wire names of sort fields are also the column names.
    format!("{} {direction}, id {direction}", sort.field.as_str())
}

/// Builds `LIMIT` and `OFFSET` arguments that fetch one row past the page,
/// so the caller learns whether more rows follow.
pub(crate) fn page_args(limit: u32, offset: u64) -> [rusqlite::types::Value; 2] {
    [
        rusqlite::types::Value::Integer(i64::from(limit) + 1),
        rusqlite::types::Value::Integer(i64::try_from(offset).unwrap_or(i64::MAX)),
    ]
}

/// The text that case-insensitive search matches against: the fields
/// lowercased and joined by U+001F, so no match spans two fields.
pub fn search_text(fields: &[&str]) -> String {
    fields
        .iter()
        .map(|field| field.to_lowercase())
        .collect::<Vec<_>>()
        .join("\u{1f}")
}
