//! The integrations list: paging, sorting, search and totals.

use platform_api::{IntegrationListQuery, IntegrationResponse, Page};
use rusqlite::types::Value;
use rusqlite::{params_from_iter, Connection, OptionalExtension};
use uuid::Uuid;

use super::integrations::{from_row, COLUMNS};
use crate::error::AppError;

/// Minimum search length, in characters, that uses the trigram index.
/// Shorter searches scan the rows.
const TRIGRAM_MIN_CHARS: usize = 3;

/// Reads one page of the workspace's active integrations.
///
/// Without a search, the total comes from `integration_counts`. A search of
/// three or more characters reads only the rows the trigram index
/// `integrations_fts` matches. A shorter one tests every active row of the
/// workspace with `instr`. Searches count their matches in the same query,
/// with a window function.
pub fn list(
    conn: &Connection,
    workspace_id: Uuid,
    query: &IntegrationListQuery,
) -> Result<Page<IntegrationResponse>, AppError> {
    let tx = conn.unchecked_transaction()?;
    let (rows, total) = match &query.search {
        None => list_all(&tx, workspace_id, query)?,
        Some(search) => list_matching(&tx, workspace_id, query, &search.to_lowercase())?,
    };
    tx.commit()?;

    Ok(Page::from_overfetched(
        rows,
        query.continuation_token,
        query.limit,
        total,
    ))
}

fn list_all(
    conn: &Connection,
    workspace_id: Uuid,
    query: &IntegrationListQuery,
) -> Result<(Vec<IntegrationResponse>, u64), AppError> {
    let workspace = workspace_id.to_string();
    let total: i64 = conn
        .prepare_cached("SELECT active FROM integration_counts WHERE workspace_id = ?1")?
        .query_row([&workspace], |row| row.get(0))
        .optional()?
        .unwrap_or(0);

    let sql = format!(
        "SELECT {COLUMNS} FROM integrations WHERE workspace_id = ? AND is_active = 1
         ORDER BY {} LIMIT ? OFFSET ?",
        super::order_by(query.sort)
    );
    let mut args = vec![Value::Text(workspace)];
    args.extend(super::page_args(query.limit, query.continuation_token));
    let rows = conn
        .prepare_cached(&sql)?
        .query_map(params_from_iter(&args), from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok((rows, total.max(0) as u64))
}

fn list_matching(
    conn: &Connection,
    workspace_id: Uuid,
    query: &IntegrationListQuery,
    search: &str,
) -> Result<(Vec<IntegrationResponse>, u64), AppError> {
    // An FTS5 query string ends at a NUL character, so such searches scan.
    let use_index = search.chars().count() >= TRIGRAM_MIN_CHARS && !search.contains('\0');
    let (source, filter, needle) = if use_index {
        // CROSS JOIN makes SQLite start from the index matches instead of
        // walking a sort index and testing every row.
        let phrase = format!("\"{}\"", search.replace('"', "\"\""));
        (
            "integrations_fts f CROSS JOIN integrations i ON i.rowid = f.rowid",
            "integrations_fts MATCH ?",
            phrase,
        )
    } else {
        (
            "integrations i",
            "instr(i.search_text, ?) > 0",
            search.to_owned(),
        )
    };
    // Only `search_text` is in both tables, so the other columns need no
    // table prefix.
    let sql = format!(
        "SELECT {COLUMNS}, COUNT(*) OVER () FROM {source}
         WHERE {filter} AND i.workspace_id = ? AND i.is_active = 1
         ORDER BY {} LIMIT ? OFFSET ?",
        super::order_by(query.sort)
    );
    let mut args = vec![Value::Text(needle), Value::Text(workspace_id.to_string())];
    args.extend(super::page_args(query.limit, query.continuation_token));

    let mut total = None;
    let rows = conn
        .prepare_cached(&sql)?
        .query_map(params_from_iter(&args), |row| {
            total = Some(row.get::<_, i64>(10)?);
            from_row(row)
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let total = match total {
        Some(total) => total,
        // A page past the end has no row to carry the count.
        None => count_matching(conn, source, filter, &args[..2])?,
    };
    Ok((rows, total.max(0) as u64))
}

fn count_matching(
    conn: &Connection,
    source: &str,
    filter: &str,
    args: &[Value],
) -> Result<i64, AppError> {
    let sql = format!(
        "SELECT COUNT(*) FROM {source} WHERE {filter} AND i.workspace_id = ? AND i.is_active = 1"
    );
    Ok(conn
        .prepare_cached(&sql)?
        .query_row(params_from_iter(args), |row| row.get(0))?)
}
