//! Helpers for tests that run the built `platform-sandbox` binary: one-shot
//! subcommands, a `serve` child process on a free local port, and raw
//! HTTP/1.1 requests to it.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, ChildStdout, Command, Stdio};
use std::time::Duration;

use serde_json::Value;

pub const BINARY: &str = env!("CARGO_BIN_EXE_platform-sandbox");

/// Runs a subcommand to completion and returns its stdout, which must be
/// one line of JSON, parsed.
pub fn run_json(args: &[&str]) -> Value {
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

/// Creates an API key with the default role in `workspace` through
/// `api-key create` and returns the key.
pub fn create_api_key(database: &str, workspace: &str) -> String {
    let created = run_json(&[
        "api-key",
        "create",
        "--database",
        database,
        "--workspace",
        workspace,
    ]);
    created["api_key"].as_str().expect("key").to_owned()
}

/// Adds `integrations` integrations and `services` services to `workspace`
/// through `seed` and returns its summary.
pub fn seed(database: &str, workspace: &str, integrations: u32, services: u32) -> Value {
    run_json(&[
        "seed",
        "--database",
        database,
        "--workspace",
        workspace,
        "--integrations",
        &integrations.to_string(),
        "--services",
        &services.to_string(),
    ])
}

/// Sends one request with a bearer `key` and a JSON `body`, and returns the
/// status and the body text. Returns `None` when the connection fails or the
/// response cannot be parsed, as happens once the server is killed.
pub fn send_request(
    address: &str,
    key: &str,
    method: &str,
    path: &str,
    body: Option<&str>,
) -> Option<(u16, String)> {
    let mut stream = TcpStream::connect(address).ok()?;
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .ok()?;
    let body = body.unwrap_or_default();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {address}\r\nAuthorization: Bearer {key}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .ok()?;
    let mut response = String::new();
    stream.read_to_string(&mut response).ok()?;
    let status = response.split(' ').nth(1)?.parse().ok()?;
    let text = response.split_once("\r\n\r\n")?.1.to_owned();
    Some((status, text))
}

/// A running `serve` on 127.0.0.1, killed when dropped.
pub struct Server {
    child: Child,
    pub address: String,
    stdout: BufReader<ChildStdout>,
}

impl Server {
    /// Starts `serve` on `database` with `extra` arguments and waits for its
    /// "listening on" line.
    pub fn start(database: &Path, extra: &[&str]) -> Server {
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

    /// Reads the next line the server prints, without its line ending.
    pub fn next_line(&mut self) -> String {
        let mut line = String::new();
        self.stdout.read_line(&mut line).expect("line");
        line.trim_end().to_owned()
    }

    /// Sends a GET and returns the status and body.
    pub fn get(&self, path: &str, key: &str) -> (u16, String) {
        send_request(&self.address, key, "GET", path, None).expect("response")
    }

    /// Stops the server with SIGTERM and asserts that it exits with success.
    pub fn stop(mut self) {
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

    /// Stops the server with SIGKILL and waits for it to exit.
    pub fn kill(mut self) {
        self.child.kill().expect("SIGKILL sent");
        self.child.wait().expect("server reaped");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
