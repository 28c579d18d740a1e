//! Schema migrations, embedded in the binary and versioned by
//! `PRAGMA user_version`: migration `n` (1-based) brings the version to `n`.

use rusqlite::{Connection, TransactionBehavior};

const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_initial.sql"),
    include_str!("migrations/0002_search_and_counts.sql"),
    include_str!("migrations/0003_list_versions.sql"),
];

/// Applies every migration newer than the database's `user_version`, each in
/// its own write transaction, so two processes starting at once do not both
/// apply one.
pub fn run(conn: &mut Connection) -> rusqlite::Result<()> {
    for (index, sql) in MIGRATIONS.iter().enumerate() {
        let version = index as i64 + 1;
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let current: i64 = tx.query_row("PRAGMA user_version", [], |row| row.get(0))?;
        if current < version {
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", version)?;
        }
        tx.commit()?;
    }
    Ok(())
}

/// The schema version a fully migrated database has.
pub const LATEST_VERSION: i64 = MIGRATIONS.len() as i64;
