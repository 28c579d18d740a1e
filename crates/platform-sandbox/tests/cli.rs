//! The built binary: `api-key create` and `revoke` against a running
//! server, `seed`, `service deactivate`, and `serve --demo`.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, ChildStdout, Command, Stdio};

use serde_json::Value;

const BINARY: &str = env!("CARGO_BIN_EXE_platform-sandbox");

/// Runs a subcommand to completion and returns its stdout as JSON.
fn run_json(args: &[&str]) -> Value {
    let output = Command::new(BINARY)
        .args(args)
        .output()
        .expect("binary runs");
    assert!(
        output.status.success(),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8(output.stdout).expect("UTF-8 output");
    assert_eq!(stdout.lines().count(), 1, "one line expected: {stdout}");
    serde_json::from_str(&stdout).expect("JSON output")
}

/// A running `serve`, stopped with SIGTERM when dropped.
struct Server {
    child: Child,
    address: String,
    stdout: BufReader<ChildStdout>,
}

impl Server {
    fn start(database: &Path, extra: &[&str]) -> Server {
        let mut child = Command::new(BINARY)
            .args(["serve", "--listen", "127.0.0.1:0", "--database"])
            .arg(database)
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("server starts");
        let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
        let mut line = String::new();
        stdout.read_line(&mut line).expect("listening line");
        let address = line
            .trim()
            .strip_prefix("platform-sandbox listening on http://")
            .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
            .to_owned();
        Server {
            child,
            address,
            stdout,
        }
    }

    fn next_line(&mut self) -> String {
        let mut line = String::new();
        self.stdout.read_line(&mut line).expect("line");
        line.trim_end().to_owned()
    }

    /// Sends a GET and returns the status and body.
    fn get(&self, path: &str, key: &str) -> (u16, String) {
        let mut stream = TcpStream::connect(&self.address).expect("connects");
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: {}\r\nAuthorization: Bearer {key}\r\nConnection: close\r\n\r\n",
            self.address
        )
        .expect("request sent");
        let mut response = String::new();
        stream.read_to_string(&mut response).expect("response read");
        let status = response
            .split(' ')
            .nth(1)
            .and_then(|code| code.parse().ok())
            .expect("status code");
        let body = response
            .split_once("\r\n\r\n")
            .map(|(_, body)| body.to_owned())
            .unwrap_or_default();
        (status, body)
    }

    fn stop(mut self) {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(status.success());
        let exit = self.child.wait().expect("server exits");
        assert!(
            exit.success(),
            "graceful shutdown exits with success: {exit:?}"
        );
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn api_key_create_and_revoke_work_against_a_running_server() {
    let dir = tempfile::tempdir().expect("directory");
    let database = dir.path().join("sandbox.db");
    let db = database.to_str().expect("UTF-8 path");
    let workspace = uuid::Uuid::new_v4().to_string();
    let server = Server::start(&database, &[]);

    let created = run_json(&[
        "api-key",
        "create",
        "--database",
        db,
        "--workspace",
        &workspace,
        "--role",
        "admin",
        "--name",
        "ci",
        "--days",
        "7",
    ]);
    assert_eq!(created["workspace_id"], workspace.as_str());
    assert_eq!(created["role"], "admin");
    let key = created["api_key"].as_str().expect("key").to_owned();
    assert!(key.starts_with("sbx_"));
    let keys: Vec<&str> = created
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        ["api_key", "expires_at", "key_id", "role", "workspace_id"]
    );

    let (status, body) = server.get("/v1/auth/me", &key);
    assert_eq!(status, 200, "{body}");
    let me: Value = serde_json::from_str(&body).expect("JSON");
    assert_eq!(me["key_id"], created["key_id"]);
    assert_eq!(me["expires_at"], created["expires_at"]);

    let key_id = created["key_id"].as_str().expect("key id");
    let revoked = run_json(&["api-key", "revoke", "--database", db, "--key-id", key_id]);
    assert_eq!(revoked["key_id"], key_id);

    let (status, _) = server.get("/v1/auth/me", &key);
    assert_eq!(status, 401);
    let (status, _) = server.get(&format!("/v1/{workspace}/external-integrations"), &key);
    assert_eq!(status, 401);
    server.stop();
}

#[test]
fn api_key_create_without_workspace_makes_one() {
    let dir = tempfile::tempdir().expect("directory");
    let db = dir.path().join("sandbox.db");

    let created = run_json(&[
        "api-key",
        "create",
        "--database",
        db.to_str().expect("path"),
    ]);

    assert!(uuid::Uuid::parse_str(created["workspace_id"].as_str().expect("id")).is_ok());
    assert_eq!(created["role"], "owner");
}

#[test]
fn revoking_unknown_key_fails() {
    let dir = tempfile::tempdir().expect("directory");
    let db = dir.path().join("sandbox.db");
    let id = uuid::Uuid::new_v4().to_string();

    let output = Command::new(BINARY)
        .args([
            "api-key",
            "revoke",
            "--database",
            db.to_str().expect("path"),
            "--key-id",
            &id,
        ])
        .output()
        .expect("binary runs");

    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains(&id));
}

#[test]
fn seed_and_service_deactivate() {
    let dir = tempfile::tempdir().expect("directory");
    let database = dir.path().join("sandbox.db");
    let db = database.to_str().expect("UTF-8 path");
    let workspace = uuid::Uuid::new_v4().to_string();

    let summary = run_json(&[
        "seed",
        "--database",
        db,
        "--workspace",
        &workspace,
        "--integrations",
        "500",
        "--services",
        "3",
    ]);
    assert_eq!(summary["integrations"], 500);
    assert_eq!(summary["services"], 3);
    let created = run_json(&[
        "api-key",
        "create",
        "--database",
        db,
        "--workspace",
        &workspace,
    ]);
    let key = created["api_key"].as_str().expect("key");

    let server = Server::start(&database, &[]);
    let (status, body) = server.get(
        &format!("/v1/{workspace}/external-integrations?limit=1"),
        key,
    );
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        serde_json::from_str::<Value>(&body).expect("JSON")["total"],
        500
    );

    let (_, body) = server.get(&format!("/v1/{workspace}/services?limit=1"), key);
    let services: Value = serde_json::from_str(&body).expect("JSON");
    let service_id = services["items"][0]["id"].as_str().expect("id").to_owned();
    let changed = run_json(&[
        "service",
        "deactivate",
        "--database",
        db,
        "--service-id",
        &service_id,
    ]);
    assert_eq!(changed["is_active"], false);

    let (_, body) = server.get(&format!("/v1/{workspace}/services/{service_id}"), key);
    assert_eq!(
        serde_json::from_str::<Value>(&body).expect("JSON")["is_active"],
        false
    );
    server.stop();
}

#[test]
fn demo_prints_console_and_a_working_key_on_every_start() {
    let dir = tempfile::tempdir().expect("directory");
    let database = dir.path().join("sandbox.db");
    let mut totals = Vec::new();

    for _ in 0..2 {
        let mut server = Server::start(&database, &["--demo"]);
        assert_eq!(
            server.next_line(),
            format!("Console: http://{}/", server.address)
        );
        let key_line = server.next_line();
        let key = key_line
            .strip_prefix("Owner API key: ")
            .expect("key line")
            .to_owned();

        let (status, body) = server.get("/v1/auth/me", &key);
        assert_eq!(status, 200, "{body}");
        let workspace = serde_json::from_str::<Value>(&body).expect("JSON")["workspace_id"]
            .as_str()
            .expect("workspace")
            .to_owned();
        let (_, body) = server.get(
            &format!("/v1/{workspace}/external-integrations?limit=1"),
            &key,
        );
        totals.push(serde_json::from_str::<Value>(&body).expect("JSON")["total"].clone());
        let (_, body) = server.get(&format!("/v1/{workspace}/services?limit=20"), &key);
        let services: Value = serde_json::from_str(&body).expect("JSON");
        assert_eq!(services["total"], 12);
        server.stop();
    }

    assert!(totals[0].as_u64().expect("total") >= 200, "{totals:?}");
    assert_eq!(totals[0], totals[1], "a second start adds no demo data");
}

#[test]
fn cached_search_sees_seed_by_another_process() {
    let dir = tempfile::tempdir().expect("directory");
    let database = dir.path().join("sandbox.db");
    let db = database.to_str().expect("UTF-8 path");
    let workspace = uuid::Uuid::new_v4().to_string();
    let seed = || {
        run_json(&[
            "seed",
            "--database",
            db,
            "--workspace",
            &workspace,
            "--integrations",
            "60",
            "--services",
            "1",
        ])
    };
    seed();
    let created = run_json(&[
        "api-key",
        "create",
        "--database",
        db,
        "--workspace",
        &workspace,
    ]);
    let key = created["api_key"].as_str().expect("key");
    let server = Server::start(&database, &[]);
    let path = format!("/v1/{workspace}/external-integrations?search=salesforce&sort_by=name");
    let total = |body: &str| serde_json::from_str::<Value>(body).expect("JSON")["total"].clone();

    let (status, first) = server.get(&path, key);
    assert_eq!(status, 200, "{first}");
    let (_, cached) = server.get(&path, key);
    assert_eq!(cached, first);

    seed();
    let (status, after) = server.get(&path, key);
    assert_eq!(status, 200, "{after}");
    let before_total = total(&first).as_u64().expect("total");
    let after_total = total(&after).as_u64().expect("total");
    assert!(before_total > 0, "the first seed has matches");
    assert!(
        after_total > before_total,
        "total {after_total} after the second seed, {before_total} before"
    );
    server.stop();
}
