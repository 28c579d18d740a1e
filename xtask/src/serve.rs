//! `cargo xtask demo` and `cargo xtask dev`: run the console against the
//! sandbox on this machine.

use std::collections::BTreeSet;
use std::fs;
use std::os::unix::process::CommandExt;
use std::process::{Child, Command};

use crate::process::{display, run, step, Result};
use crate::repo_root;
use crate::suites::{build_console, build_sandbox, sandbox_binary};
use crate::tools::{self, Tool};

/// Address of the demo sandbox unless `--listen` is passed.
const DEMO_LISTEN: &str = "127.0.0.1:8787";
/// Port of `trunk serve` in `dev`.
const DEV_PORT: &str = "8080";

fn console_tools() -> BTreeSet<Tool> {
    [
        Tool::WasmTarget,
        Tool::Trunk,
        Tool::WasmBindgen,
        Tool::WasmOpt,
    ]
    .into_iter()
    .collect()
}

/// Builds the release console and sandbox, then replaces this process with
/// `platform-sandbox serve --demo`, which serves `dist/` and the API on one
/// address. `extra` is passed through to `serve` (for example `--listen`).
pub fn demo(extra: &[String]) -> Result<()> {
    let root = repo_root();
    tools::ensure(&console_tools())?;

    step("Building the console (release)");
    build_console(&root)?;

    step("Building the sandbox (release)");
    build_sandbox(&root)?;

    let database = root.join("target/demo/sandbox.db");
    fs::create_dir_all(root.join("target/demo"))?;

    let mut serve = Command::new(sandbox_binary(&root));
    serve
        .current_dir(&root)
        .args(["serve", "--demo", "--console-dir"])
        .arg(root.join("dist"))
        .arg("--database")
        .arg(&database);
    if !extra.iter().any(|arg| arg.starts_with("--listen")) {
        serve.args(["--listen", DEMO_LISTEN]);
    }
    serve.args(extra);

    step("Starting the sandbox with demo data (Ctrl-C stops it)");
    println!("$ {}", display(&serve));
    let error = serve.exec();
    Err(format!(
        "could not start {}: {error}",
        sandbox_binary(&root).display()
    )
    .into())
}

/// Runs the sandbox (debug build, demo data) on 127.0.0.1:8787 and
/// `trunk serve` on 127.0.0.1:8080, which rebuilds the console on every edit
/// and proxies `/v1/` to the sandbox.
pub fn dev(extra: &[String]) -> Result<()> {
    let root = repo_root();
    tools::ensure(&console_tools())?;

    step("Building the sandbox (debug)");
    run(Command::new("cargo")
        .current_dir(&root)
        .args(["build", "-p", "platform-sandbox"]))?;

    fs::create_dir_all(root.join("target/dev"))?;
    let mut sandbox_command = Command::new(root.join("target/debug/platform-sandbox"));
    sandbox_command
        .current_dir(&root)
        .args(["serve", "--demo", "--listen", DEMO_LISTEN, "--database"])
        .arg(root.join("target/dev/sandbox.db"));

    step("Starting the sandbox with demo data");
    println!("$ {}", display(&sandbox_command));
    let sandbox = SandboxGuard(sandbox_command.spawn()?);

    // The watch list keeps Trunk from rebuilding on writes under `target/`,
    // `tests/e2e/node_modules` or `.tools`.
    let mut trunk = Command::new("trunk");
    trunk
        .current_dir(&root)
        .args([
            "serve",
            "--offline",
            "--address",
            "127.0.0.1",
            "--port",
            DEV_PORT,
        ])
        .arg(format!("--proxy-backend=http://{DEMO_LISTEN}/v1/"));
    for watched in [
        "src",
        "style",
        "public",
        "index.html",
        "Cargo.toml",
        "crates/platform-api",
    ] {
        if root.join(watched).exists() {
            trunk.args(["--watch", watched]);
        }
    }
    trunk.args(extra);

    // The sandbox prints its own address as "Console:", but without
    // `--console-dir` it serves only the API there.
    step(&format!(
        "Serving the console on http://127.0.0.1:{DEV_PORT}/ with live reload; \
         open that address, not the sandbox's (Ctrl-C stops both)"
    ));
    let result = run(&mut trunk);
    drop(sandbox);
    result
}

/// Kills the sandbox when `dev` ends, whether Trunk exited or failed.
///
/// NOTE: Ctrl-C reaches all three processes through the terminal's process
/// group. A SIGTERM sent to this process alone ends it without running this
/// guard and leaves Trunk and the sandbox running.
struct SandboxGuard(Child);

impl Drop for SandboxGuard {
    fn drop(&mut self) {
        // The sandbox may already have exited on the same Ctrl-C.
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}
