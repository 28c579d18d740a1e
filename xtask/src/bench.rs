//! `cargo xtask bench`: builds the console and the sandbox for release,
//! seeds three workspaces, runs the benchmarks, prints one table and writes
//! it to `docs/benchmarks.md`.
//!
//! - first-screen bytes of the build (`bench/bundle.rs`),
//! - time to first rows, long-list scrolling and interaction in headless
//!   Chromium (`tests/bench/browser.mjs`),
//! - search-and-sort list throughput of the sandbox with `wrk`, beside the
//!   same query in the sqlite3 CLI (`bench/sandbox.rs`).
//!
//! Every server it starts listens on 127.0.0.1 and stops when the run ends.

pub mod bundle;
mod report;
mod sandbox;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, Stdio};

use crate::process::{display, run, step, which, Result};
use crate::repo_root;
use crate::suites::{build_sandbox, sandbox_binary};
use crate::tools::{self, Tool};
use report::Row;

/// Integrations of the workspace whose first screen is timed.
const SMALL_WORKSPACE: u32 = 1_000;
/// Integrations of the workspace scrolled to its end.
const LARGE_WORKSPACE: u32 = 10_000;
/// Integrations of the workspace the load generator lists.
const HUGE_WORKSPACE: u32 = 100_000;

/// A seeded workspace and its owner key.
pub struct Workspace {
    pub id: String,
    pub api_key: String,
}

/// Runs every benchmark; `args` may hold `--loads N` (default 11).
pub fn run_all(args: &[String]) -> Result<ExitCode> {
    let loads = match args {
        [] => 11,
        [flag, value] if flag == "--loads" => value
            .parse::<u32>()
            .ok()
            .filter(|loads| *loads >= 1)
            .ok_or_else(|| format!("--loads takes a positive number, not `{value}`"))?,
        _ => return Err("invalid arguments; usage: cargo xtask bench [--loads N]".into()),
    };

    let root = repo_root();
    let needed: BTreeSet<Tool> = [
        Tool::WasmTarget,
        Tool::Trunk,
        Tool::WasmBindgen,
        Tool::WasmOpt,
        Tool::Chromium,
        Tool::Playwright,
    ]
    .into_iter()
    .collect();
    tools::ensure(&needed)?;
    ensure_debian_tool("wrk", "wrk")?;
    ensure_debian_tool("sqlite3", "sqlite3")?;
    ensure_debian_tool("brotli", "brotli")?;

    let load_before = report::load_average();
    let work = root.join("target/bench");
    fs::create_dir_all(&work)?;

    // A folder of its own, so the benchmark never races a `dist/` that
    // someone else is building or serving.
    step("Building the console (release) into target/bench/dist");
    let dist = work.join("dist");
    run(Command::new("trunk")
        .current_dir(&root)
        .args(["build", "--release", "--offline", "--dist"])
        .arg(&dist))?;
    step("Building the sandbox (release)");
    build_sandbox(&root)?;

    step("First-screen bytes");
    let assets = bundle::first_screen_assets(&dist)?;
    let bundle_bytes = bundle::print_assets(&assets);

    step("Seeding the benchmark database");
    let database = work.join("bench.db");
    for suffix in ["", "-wal", "-shm"] {
        let mut path = database.clone().into_os_string();
        path.push(suffix);
        let _ = fs::remove_file(PathBuf::from(path));
    }
    let small = seeded_workspace(&root, &database, SMALL_WORKSPACE)?;
    let large = seeded_workspace(&root, &database, LARGE_WORKSPACE)?;
    let huge = seeded_workspace(&root, &database, HUGE_WORKSPACE)?;

    step("Starting the sandbox");
    let server = Server::start(&root, &database, &dist)?;

    step("Browser benchmarks (headless Chromium)");
    let browser = browser_results(&root, &server.url, &dist, &small, &large, loads)?;

    step("Sandbox list with search and sort");
    let list = sandbox::measure(&server.url, &huge, &database)?;
    drop(server);
    let load_after = report::load_average();

    let rows = report::rows(bundle_bytes, &browser, &list)?;
    let machine = report::Machine::detect(&browser, load_before, load_after);
    report::print(&rows);
    let markdown = report::markdown(&rows, &assets, &machine, &browser, &list);
    let path = root.join("docs/benchmarks.md");
    fs::write(&path, markdown)?;
    println!("\nwrote {}", path.display());

    let all_met = rows.iter().all(|row: &Row| row.met);
    Ok(if all_met {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Installs a Debian package when `program` is missing (needs root).
fn ensure_debian_tool(program: &str, package: &str) -> Result<()> {
    if which(program).is_some() {
        return Ok(());
    }
    if !crate::process::is_root() {
        return Err(format!(
            "`{program}` is missing; install it with `sudo apt-get install -y {package}` and run again"
        )
        .into());
    }
    run(Command::new("apt-get").args(["install", "-y", package]))
}

/// Creates a workspace with an owner key and seeds `integrations` into it.
fn seeded_workspace(root: &Path, database: &Path, integrations: u32) -> Result<Workspace> {
    let created = output_of(
        Command::new(sandbox_binary(root))
            .args(["api-key", "create", "--name", "bench", "--database"])
            .arg(database),
    )?;
    let workspace = Workspace {
        id: json_string(&created, "workspace_id")?,
        api_key: json_string(&created, "api_key")?,
    };
    let seeded = output_of(
        Command::new(sandbox_binary(root))
            .args(["seed", "--workspace", &workspace.id, "--integrations"])
            .arg(integrations.to_string())
            .arg("--database")
            .arg(database),
    )?;
    println!("{seeded}");
    Ok(workspace)
}

/// Runs a command with stdout captured and returns it. It prints the program
/// and arguments only, with any `Authorization` header masked, because the
/// environment, the header and the output may hold an API key.
pub fn output_of(command: &mut Command) -> Result<String> {
    let mut line = command.get_program().to_string_lossy().into_owned();
    for arg in command.get_args() {
        let arg = arg.to_string_lossy();
        line.push(' ');
        if arg.starts_with("Authorization:") {
            line.push_str("'Authorization: Bearer <key>'");
        } else {
            line.push_str(&arg);
        }
    }
    println!("$ {line}");
    let output = command
        .stderr(Stdio::inherit())
        .output()
        .map_err(|error| format!("could not start `{line}`: {error}"))?;
    if !output.status.success() {
        return Err(format!("`{line}` failed ({})", output.status).into());
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// Reads the string value of `"field"` in the flat JSON object the sandbox
/// CLI prints. Its values never contain escaped quotes.
fn json_string(json: &str, field: &str) -> Result<String> {
    let pattern = format!("\"{field}\"");
    let value = json
        .split_once(&pattern)
        .and_then(|(_, rest)| rest.split_once('"'))
        .and_then(|(_, rest)| rest.split_once('"'))
        .map(|(value, _)| value.to_owned());
    value.ok_or_else(|| format!("no `{field}` in the sandbox output").into())
}

/// A sandbox serving `dist` and the API on a free port of 127.0.0.1, killed
/// when dropped.
struct Server {
    child: Child,
    url: String,
}

impl Server {
    fn start(root: &Path, database: &Path, dist: &Path) -> Result<Server> {
        let mut command = Command::new(sandbox_binary(root));
        command
            // Request logging off: a log line per request would be part of
            // what the load generator measures.
            .env("RUST_LOG", "warn")
            .args(["serve", "--listen", "127.0.0.1:0", "--database"])
            .arg(database)
            .arg("--console-dir")
            .arg(dist)
            .stdout(Stdio::piped());
        println!("$ {}", display(&command));
        let mut child = command.spawn()?;

        let stdout = child.stdout.take().ok_or("the sandbox has no stdout")?;
        let mut first_line = String::new();
        BufReader::new(stdout).read_line(&mut first_line)?;
        let url = first_line
            .trim()
            .strip_prefix("platform-sandbox listening on ")
            .map(str::to_owned);
        let mut server = Server {
            child,
            url: String::new(),
        };
        server.url = url.ok_or_else(|| {
            format!(
                "the sandbox printed `{}` instead of its address",
                first_line.trim()
            )
        })?;
        println!("sandbox at {}", server.url);
        Ok(server)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs `tests/bench/browser.mjs` and returns its `RESULT name value` lines.
fn browser_results(
    root: &Path,
    url: &str,
    dist: &Path,
    small: &Workspace,
    large: &Workspace,
    loads: u32,
) -> Result<BTreeMap<String, String>> {
    let scratch = root.join("target/bench/browser");
    let _ = fs::remove_dir_all(&scratch);
    for dir in ["tmp", "xdg-config", "xdg-cache"] {
        fs::create_dir_all(scratch.join(dir))?;
    }

    let stdout = output_of(
        Command::new("node")
            .current_dir(root)
            .env("TMPDIR", scratch.join("tmp"))
            .env("XDG_CONFIG_HOME", scratch.join("xdg-config"))
            .env("XDG_CACHE_HOME", scratch.join("xdg-cache"))
            .env("BENCH_URL", url)
            .env("BENCH_CONSOLE_DIR", dist)
            .env("BENCH_SMALL_WS", &small.id)
            .env("BENCH_SMALL_KEY", &small.api_key)
            .env("BENCH_LARGE_KEY", &large.api_key)
            .env("BENCH_LARGE_TOTAL", LARGE_WORKSPACE.to_string())
            .env("BENCH_LOADS", loads.to_string())
            .arg("tests/bench/browser.mjs"),
    )?;

    let mut results = BTreeMap::new();
    for line in stdout.lines() {
        println!("{line}");
        if let Some((name, value)) = line
            .strip_prefix("RESULT ")
            .and_then(|rest| rest.split_once(' '))
        {
            results.insert(name.to_owned(), value.to_owned());
        }
    }
    Ok(results)
}
