//! The integrations list: paging, sorting, search and totals.

use std::sync::Arc;

use axum::body::Bytes;
use platform_api::{IntegrationListQuery, IntegrationResponse, Page, SortKey};
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension};
use uuid::Uuid;

use super::integrations::{from_row, COLUMNS};
use super::search_cache::{self, PageKey, SearchKey};
use crate::error::AppError;

/// Minimum search length, in characters, that uses the trigram index.
/// Shorter searches scan the rows.
const TRIGRAM_MIN_CHARS: usize = 3;

/// Reads one page as [`list_json`] does, as a typed value. The tests check
/// the JSON bodies against it.
#[cfg(test)]
pub fn list(
    conn: &Connection,
    workspace_id: Uuid,
    query: &IntegrationListQuery,
) -> Result<Page<IntegrationResponse>, AppError> {
    let tx = conn.unchecked_transaction()?;
    let page = match &query.search {
        None => list_all(&tx, workspace_id, query)?,
        Some(search) => {
            let search = search.to_lowercase();
            let slot = cache_slot(&tx, workspace_id, query.sort, &search)?;
            list_matching(&tx, workspace_id, query, &search, slot.as_ref())?
        }
    };
    tx.commit()?;
    Ok(page)
}

/// Reads one page of the workspace's active integrations as a JSON body.
///
/// Without a search, the total comes from `integration_counts`. A search of
/// three or more characters reads only the rows the trigram index
/// `integrations_fts` matches. A shorter one tests every active row of the
/// workspace with `instr`. A search sorts the rowids of all its matches once
/// and keeps them in [`search_cache`] until the workspace changes, so later
/// pages and the total cost no query of their own. The body of a search
/// page is kept there too, beside the search's rowids, so a repeated request
/// for an unchanged workspace reads one version row.
pub fn list_json(
    conn: &Connection,
    workspace_id: Uuid,
    query: &IntegrationListQuery,
) -> Result<Bytes, AppError> {
    let tx = conn.unchecked_transaction()?;
    let body = match &query.search {
        None => to_json(&list_all(&tx, workspace_id, query)?)?,
        Some(search) => {
            let search = search.to_lowercase();
            let slot = cache_slot(&tx, workspace_id, query.sort, &search)?;
            let page_key = PageKey {
                offset: query.continuation_token,
                limit: query.limit,
            };
            let cached = slot
                .as_ref()
                .and_then(|slot| search_cache::get_page(&slot.key, slot.version, page_key));
            match cached {
                Some(body) => body,
                None => {
                    let page = list_matching(&tx, workspace_id, query, &search, slot.as_ref())?;
                    let body = to_json(&page)?;
                    if let Some(slot) = &slot {
                        search_cache::put_page(&slot.key, slot.version, page_key, body.clone());
                    }
                    body
                }
            }
        }
    };
    tx.commit()?;
    Ok(body)
}

fn to_json(page: &Page<IntegrationResponse>) -> Result<Bytes, AppError> {
    serde_json::to_vec(page)
        .map(Bytes::from)
        .map_err(AppError::internal)
}

fn list_all(
    conn: &Connection,
    workspace_id: Uuid,
    query: &IntegrationListQuery,
) -> Result<Page<IntegrationResponse>, AppError> {
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
    Ok(Page::from_overfetched(
        rows,
        query.continuation_token,
        query.limit,
        total.max(0) as u64,
    ))
}

fn list_matching(
    conn: &Connection,
    workspace_id: Uuid,
    query: &IntegrationListQuery,
    search: &str,
    slot: Option<&CacheSlot>,
) -> Result<Page<IntegrationResponse>, AppError> {
    let matches = matching_rowids(conn, workspace_id, query.sort, search, slot)?;

    let start = usize::try_from(query.continuation_token)
        .unwrap_or(usize::MAX)
        .min(matches.len());
    // One row past the page, as `Page::from_overfetched` expects.
    let end = start
        .saturating_add(query.limit as usize + 1)
        .min(matches.len());
    let sql = format!("SELECT {COLUMNS} FROM integrations WHERE rowid = ?1");
    let mut statement = conn.prepare_cached(&sql)?;
    let rows = matches[start..end]
        .iter()
        .map(|rowid| statement.query_row([rowid], from_row))
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Page::from_overfetched(
        rows,
        query.continuation_token,
        query.limit,
        matches.len() as u64,
    ))
}

/// The cache identity of a search: its key and the workspace's current
/// version.
struct CacheSlot {
    key: SearchKey,
    version: i64,
}

/// Reads the workspace's version and returns the search's cache slot, or
/// `None` when the search is not cached: the workspace has never had an
/// integration, or the database is in memory and has no path.
fn cache_slot(
    conn: &Connection,
    workspace_id: Uuid,
    sort: SortKey,
    search: &str,
) -> Result<Option<CacheSlot>, AppError> {
    let version: Option<i64> = conn
        .prepare_cached("SELECT version FROM integration_counts WHERE workspace_id = ?1")?
        .query_row([workspace_id.to_string()], |row| row.get(0))
        .optional()?;
    Ok(match (version, conn.path()) {
        (Some(version), Some(database)) => Some(CacheSlot {
            key: SearchKey {
                database: database.to_owned(),
                workspace_id,
                search: search.to_owned(),
                sort,
            },
            version,
        }),
        _ => None,
    })
}

/// Returns the rowids of every active integration of the workspace that
/// matches `search`, in the order of `sort`, from the search cache when the
/// workspace has not changed since they were stored.
fn matching_rowids(
    conn: &Connection,
    workspace_id: Uuid,
    sort: SortKey,
    search: &str,
    slot: Option<&CacheSlot>,
) -> Result<Arc<[i64]>, AppError> {
    if let Some(slot) = slot {
        if let Some(rowids) = search_cache::get(&slot.key, slot.version) {
            return Ok(rowids);
        }
    }

    let rowids: Arc<[i64]> = query_matching_rowids(conn, workspace_id, sort, search)?.into();
    if let Some(slot) = slot {
        search_cache::put(slot.key.clone(), slot.version, Arc::clone(&rowids));
    }
    Ok(rowids)
}

fn query_matching_rowids(
    conn: &Connection,
    workspace_id: Uuid,
    sort: SortKey,
    search: &str,
) -> Result<Vec<i64>, AppError> {
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
    // Only the rowid and the sort columns go through the sort; the page's
    // rows are read by rowid afterwards.
    let sql = format!(
        "SELECT i.rowid FROM {source}
         WHERE {filter} AND i.workspace_id = ? AND i.is_active = 1
         ORDER BY {}",
        super::order_by(sort)
    );
    let rowids = conn
        .prepare_cached(&sql)?
        .query_map(params![needle, workspace_id.to_string()], |row| row.get(0))?
        .collect::<rusqlite::Result<Vec<i64>>>()?;
    Ok(rowids)
}

#[cfg(test)]
mod tests {
    use platform_api::{IntegrationUpdateRequest, Timestamp};

    use super::*;
    use crate::db::{integrations, seed, Db};

    fn search(db: &Db, workspace_id: Uuid, text: &str) -> Page<IntegrationResponse> {
        let query = IntegrationListQuery {
            search: Some(text.to_owned()),
            ..IntegrationListQuery::default()
        };
        db.read_blocking(|conn| list(conn, workspace_id, &query))
            .expect("the list query runs")
    }

    /// Pins that a cached search result is dropped once the workspace changes.
    #[test]
    fn cached_search_sees_later_writes() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let db = Db::open(&dir.path().join("sandbox.db")).expect("database opens");
        let workspace_id = Uuid::new_v4();
        db.write_blocking(|tx| seed::fill(tx, workspace_id, 1, 60))
            .expect("seed runs");

        let before = search(&db, workspace_id, "salesforce");
        let again = search(&db, workspace_id, "salesforce");
        assert_eq!(before.total, again.total);

        let victim = before.items[0].id;
        db.write_blocking(|tx| integrations::delete(tx, workspace_id, victim, Timestamp::now()))
            .expect("delete runs");
        let after = search(&db, workspace_id, "salesforce");

        assert_eq!(after.total, before.total.map(|total| total - 1));
        assert!(after.items.iter().all(|item| item.id != victim));
    }

    fn search_json(db: &Db, workspace_id: Uuid, text: &str) -> serde_json::Value {
        let query = IntegrationListQuery {
            search: Some(text.to_owned()),
            ..IntegrationListQuery::default()
        };
        let body = db
            .read_blocking(|conn| list_json(conn, workspace_id, &query))
            .expect("the list query runs");
        serde_json::from_slice(&body).expect("the body is JSON")
    }

    /// Pins that a cached page body is dropped once an integration on it
    /// changes, though the set and order of matches stay the same.
    #[test]
    fn cached_page_sees_later_updates() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let db = Db::open(&dir.path().join("sandbox.db")).expect("database opens");
        let workspace_id = Uuid::new_v4();
        db.write_blocking(|tx| seed::fill(tx, workspace_id, 1, 60))
            .expect("seed runs");

        let before = search_json(&db, workspace_id, "salesforce");
        assert_eq!(before, search_json(&db, workspace_id, "salesforce"));

        let first = &before["items"][0];
        let id = Uuid::parse_str(first["id"].as_str().expect("id")).expect("UUID");
        let update = IntegrationUpdateRequest {
            display_name: Some("Renamed Salesforce".to_owned()),
            ..IntegrationUpdateRequest::default()
        };
        db.write_blocking(|tx| {
            integrations::update(tx, workspace_id, id, &update, Timestamp::now())
        })
        .expect("update runs");
        let after = search_json(&db, workspace_id, "salesforce");

        assert_eq!(after["total"], before["total"]);
        assert_eq!(after["items"][0]["id"], first["id"]);
        assert_eq!(after["items"][0]["display_name"], "Renamed Salesforce");
    }

    /// Pins that the JSON body of a search page is the page `list` returns.
    #[test]
    fn page_json_matches_list() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let db = Db::open(&dir.path().join("sandbox.db")).expect("database opens");
        let workspace_id = Uuid::new_v4();
        db.write_blocking(|tx| seed::fill(tx, workspace_id, 1, 60))
            .expect("seed runs");

        for _ in 0..2 {
            let page = search(&db, workspace_id, "salesforce");
            let expected = serde_json::to_value(&page).expect("page serializes");
            assert_eq!(search_json(&db, workspace_id, "salesforce"), expected);
        }
    }
}
