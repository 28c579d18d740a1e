//! The sandbox's list with search and sort over the 100,000-integration
//! workspace: `wrk` for latency and throughput, `curl` for the first
//! (uncached) request, and the sqlite3 CLI for the query alone.

use std::fs;
use std::path::Path;
use std::process::Command;

use super::{output_of, Workspace};
use crate::process::Result;

/// The measured request: the console's first page of a search sorted by name.
const QUERY: &str = "search=salesforce&sort_by=name&limit=50";
/// Load generator settings: two threads (one per core), 8 connections,
/// 10 seconds.
const WRK_THREADS: &str = "2";
const WRK_CONNECTIONS: &str = "8";
const WRK_SECONDS: &str = "10s";
/// Runs of the query in the sqlite3 CLI; the median is reported.
pub const SQLITE_RUNS: usize = 11;

/// Figures of the list benchmark, in milliseconds and requests per second.
pub struct ListFigures {
    pub query: String,
    pub first_request_ms: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub requests_per_second: f64,
    /// SQLite alone, the query of a search cache miss.
    pub sqlite_miss_ms: f64,
    /// SQLite alone, the query every request ran before the search cache.
    pub sqlite_uncached_ms: f64,
    pub wrk_settings: String,
}

pub fn measure(base_url: &str, workspace: &Workspace, database: &Path) -> Result<ListFigures> {
    let url = format!(
        "{base_url}/v1/{}/external-integrations?{QUERY}",
        workspace.id
    );
    let auth = format!("Authorization: Bearer {}", workspace.api_key);

    // The first request finds and sorts every match; the rest read the
    // search cache until the workspace changes.
    let timing = output_of(Command::new("curl").args([
        "-sS",
        "-o",
        "/dev/null",
        "-w",
        "%{http_code} %{time_total}",
        "-H",
        &auth,
        &url,
    ]))?;
    let (status, seconds) = timing
        .trim()
        .split_once(' ')
        .ok_or_else(|| format!("unexpected curl output `{timing}`"))?;
    if status != "200" {
        return Err(format!("the list request answered {status}").into());
    }
    let first_request_ms = seconds.parse::<f64>()? * 1000.0;

    let wrk = output_of(Command::new("wrk").args([
        "-t",
        WRK_THREADS,
        "-c",
        WRK_CONNECTIONS,
        "-d",
        WRK_SECONDS,
        "--latency",
        "-H",
        &auth,
        &url,
    ]))?;
    println!("{wrk}");
    if wrk.contains("Non-2xx") || wrk.contains("Socket errors") {
        return Err("wrk saw errors or non-2xx answers; see its output above".into());
    }

    Ok(ListFigures {
        query: QUERY.to_owned(),
        first_request_ms,
        p50_ms: wrk_latency(&wrk, "50%")?,
        p99_ms: wrk_latency(&wrk, "99%")?,
        requests_per_second: wrk_field(&wrk, "Requests/sec:")?,
        sqlite_miss_ms: sqlite_query_ms(database, &workspace.id, MISS_QUERY)?,
        sqlite_uncached_ms: sqlite_query_ms(database, &workspace.id, UNCACHED_QUERY)?,
        wrk_settings: format!(
            "wrk -t {WRK_THREADS} -c {WRK_CONNECTIONS} -d {WRK_SECONDS}, request logging off"
        ),
    })
}

/// Reads a percentile line of `wrk --latency` ("99%    4.10ms") in ms.
fn wrk_latency(output: &str, percentile: &str) -> Result<f64> {
    let value = output
        .lines()
        .map(str::trim)
        .find_map(|line| line.strip_prefix(percentile))
        .map(str::trim)
        .ok_or_else(|| format!("no {percentile} line in the wrk output"))?;
    parse_duration_ms(value)
}

fn parse_duration_ms(value: &str) -> Result<f64> {
    let (number, factor) = if let Some(number) = value.strip_suffix("us") {
        (number, 0.001)
    } else if let Some(number) = value.strip_suffix("ms") {
        (number, 1.0)
    } else if let Some(number) = value.strip_suffix('s') {
        (number, 1000.0)
    } else {
        return Err(format!("unknown duration `{value}` in the wrk output").into());
    };
    Ok(number.parse::<f64>()? * factor)
}

fn wrk_field(output: &str, label: &str) -> Result<f64> {
    let value = output
        .lines()
        .map(str::trim)
        .find_map(|line| line.strip_prefix(label))
        .map(str::trim)
        .ok_or_else(|| format!("no `{label}` line in the wrk output"))?;
    Ok(value.parse()?)
}

/// The query the sandbox runs on a search cache miss: the rowids of every
/// match found through the trigram index, sorted (`{workspace}` is replaced).
const MISS_QUERY: &str = "SELECT i.rowid
    FROM integrations_fts f CROSS JOIN integrations i ON i.rowid = f.rowid
    WHERE integrations_fts MATCH '\"salesforce\"'
      AND i.workspace_id = '{workspace}' AND i.is_active = 1
    ORDER BY name ASC, id ASC;";

/// The query the sandbox ran for every request before the search cache:
/// every match sorted with all columns, one page and a window count.
const UNCACHED_QUERY: &str = "SELECT id, workspace_id, name, display_name, description,
        is_active, created_by_entity_id, created_by_credential_id, created_at, updated_at,
        COUNT(*) OVER ()
    FROM integrations_fts f CROSS JOIN integrations i ON i.rowid = f.rowid
    WHERE integrations_fts MATCH '\"salesforce\"'
      AND i.workspace_id = '{workspace}' AND i.is_active = 1
    ORDER BY name ASC, id ASC LIMIT 51 OFFSET 0;";

/// Times `query` in the sqlite3 CLI on the benchmark database and returns
/// the median wall time of [`SQLITE_RUNS`] runs in ms.
fn sqlite_query_ms(database: &Path, workspace_id: &str, query: &str) -> Result<f64> {
    let query = query.replace("{workspace}", workspace_id);
    // The same page cache and memory map as the sandbox's connections.
    let mut script = String::from(
        "PRAGMA cache_size = -32768;\nPRAGMA mmap_size = 268435456;\n.output /dev/null\n",
    );
    // One untimed run warms the page cache, as the server's is warm.
    script.push_str(&query);
    script.push_str("\n.timer on\n");
    for _ in 0..SQLITE_RUNS {
        script.push_str(&query);
        script.push('\n');
    }

    // Dot commands such as `.timer` work only from a script, not as SQL.
    let script_path = database.with_file_name("sqlite-query.sql");
    fs::write(&script_path, script)?;
    let output = output_of(
        Command::new("sqlite3")
            .arg("-readonly")
            .arg(database)
            .arg(format!(".read {}", script_path.display())),
    )?;
    let mut times: Vec<f64> = output
        .lines()
        .filter_map(|line| line.strip_prefix("Run Time: real "))
        .filter_map(|rest| rest.split_whitespace().next())
        .filter_map(|seconds| seconds.parse::<f64>().ok())
        .map(|seconds| seconds * 1000.0)
        .collect();
    if times.len() != SQLITE_RUNS {
        return Err(format!(
            "expected {SQLITE_RUNS} timings from sqlite3, got {}",
            times.len()
        )
        .into());
    }
    times.sort_by(f64::total_cmp);
    Ok(times[times.len() / 2])
}
