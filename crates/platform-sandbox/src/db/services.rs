//! Services of a workspace, which credentials are scoped to.

use std::collections::{BTreeMap, HashSet};

use platform_api::{Page, ServiceListQuery, ServiceResponse, Timestamp};
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Row};
use uuid::Uuid;

use super::{time_at, uuid_at};
use crate::error::AppError;

const COLUMNS: &str = "id, workspace_id, name, description, is_active, channel_type, environment,
    agent_id, agent_name, context_graph_id, context_graph_name, keyterms, tags, tool_capacity,
    created_at, updated_at";

/// A service to insert.
pub struct NewService {
    /// Identifier.
    pub id: Uuid,
    /// Owning workspace.
    pub workspace_id: Uuid,
    /// Name shown to people.
    pub name: String,
    /// Free text.
    pub description: String,
    /// Whether it is in use.
    pub is_active: bool,
    /// `voice`, `text` or `scribe`.
    pub channel_type: &'static str,
    /// `sandbox` or `production`.
    pub environment: &'static str,
    /// Name of the agent that handles its calls.
    pub agent_name: String,
    /// Name of the context graph the agent follows.
    pub context_graph_name: String,
    /// Words the speech recognizer should favour.
    pub keyterms: Vec<String>,
    /// Creation time; also the time of the last change.
    pub created_at: Timestamp,
}

fn from_row(row: &Row<'_>) -> rusqlite::Result<ServiceResponse> {
    let keyterms: String = row.get(11)?;
    let tags: String = row.get(12)?;
    Ok(ServiceResponse {
        id: uuid_at(row, 0)?,
        workspace_id: uuid_at(row, 1)?,
        name: row.get(2)?,
        description: row.get(3)?,
        is_active: row.get(4)?,
        channel_type: row.get(5)?,
        environment: row.get(6)?,
        agent_id: uuid_at(row, 7)?,
        agent_name: row.get(8)?,
        context_graph_id: uuid_at(row, 9)?,
        context_graph_name: row.get(10)?,
        escalation_policy: None,
        is_system: false,
        keyterms: serde_json::from_str(&keyterms).unwrap_or_default(),
        persona_id: None,
        persona_name: None,
        safety_filters_enabled: true,
        tags: serde_json::from_str(&tags).unwrap_or_default(),
        tool_capacity: row.get(13)?,
        version_sets: BTreeMap::new(),
        voice_config: None,
        created_at: time_at(row, 14)?,
        updated_at: time_at(row, 15)?,
    })
}

/// Reads one page of the workspace's services.
pub fn list(
    conn: &Connection,
    workspace_id: Uuid,
    query: &ServiceListQuery,
) -> Result<Page<ServiceResponse>, AppError> {
    let mut filter = String::from("workspace_id = ?");
    let mut args = vec![Value::Text(workspace_id.to_string())];
    if let Some(search) = &query.search {
        filter.push_str(" AND instr(search_text, ?) > 0");
        args.push(Value::Text(search.to_lowercase()));
    }
    if let Some(active) = query.is_active {
        filter.push_str(" AND is_active = ?");
        args.push(Value::Integer(i64::from(active)));
    }
    let sort = super::order_by(query.sort);

    let tx = conn.unchecked_transaction()?;
    let total: i64 = tx
        .prepare_cached(&format!("SELECT COUNT(*) FROM services WHERE {filter}"))?
        .query_row(params_from_iter(&args), |row| row.get(0))?;
    let sql =
        format!("SELECT {COLUMNS} FROM services WHERE {filter} ORDER BY {sort} LIMIT ? OFFSET ?");
    args.extend(super::page_args(query.limit, query.continuation_token));
    let rows = tx
        .prepare_cached(&sql)?
        .query_map(params_from_iter(&args), from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    tx.commit()?;

    Ok(Page::from_overfetched(
        rows,
        query.continuation_token,
        query.limit,
        total as u64,
    ))
}

/// Reads one service of the workspace.
pub fn get(
    conn: &Connection,
    workspace_id: Uuid,
    service_id: Uuid,
) -> Result<Option<ServiceResponse>, AppError> {
    let sql = format!("SELECT {COLUMNS} FROM services WHERE id = ?1 AND workspace_id = ?2");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row(
            params![service_id.to_string(), workspace_id.to_string()],
            from_row,
        )
        .optional()?)
}

/// Returns which of `ids` are services of the workspace, active or not.
pub fn existing(
    conn: &Connection,
    workspace_id: Uuid,
    ids: &[Uuid],
) -> Result<HashSet<Uuid>, AppError> {
    let mut statement =
        conn.prepare_cached("SELECT 1 FROM services WHERE id = ?1 AND workspace_id = ?2")?;
    let mut found = HashSet::new();
    for id in ids {
        if statement.exists(params![id.to_string(), workspace_id.to_string()])? {
            found.insert(*id);
        }
    }
    Ok(found)
}

/// Inserts a service.
pub fn insert(conn: &Connection, service: &NewService) -> Result<(), AppError> {
    let sql = format!(
        "INSERT INTO services ({COLUMNS}, search_text)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, '[]', ?13, ?14, ?14, ?15)"
    );
    let keyterms = serde_json::to_string(&service.keyterms).map_err(AppError::internal)?;
    conn.prepare_cached(&sql)?.execute(params![
        service.id.to_string(),
        service.workspace_id.to_string(),
        service.name,
        service.description,
        service.is_active,
        service.channel_type,
        service.environment,
        Uuid::new_v4().to_string(),
        service.agent_name,
        Uuid::new_v4().to_string(),
        service.context_graph_name,
        keyterms,
        8,
        service.created_at.unix_micros(),
        super::search_text(&[&service.name, &service.description]),
    ])?;
    Ok(())
}

/// Marks a service inactive. Returns false when no service has that id.
pub fn deactivate(conn: &Connection, service_id: Uuid, now: Timestamp) -> Result<bool, AppError> {
    let changed = conn
        .prepare_cached("UPDATE services SET is_active = 0, updated_at = ?2 WHERE id = ?1")?
        .execute(params![service_id.to_string(), now.unix_micros()])?;
    Ok(changed > 0)
}
