//! Build, run and test tasks for this workspace, run as `cargo xtask <command>`.
//! Each command installs the tools it needs first (see `tools.rs`).

mod bench;
mod dist;
mod process;
mod serve;
mod suites;
mod tools;

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::ExitCode;

use process::Result;

const USAGE: &str = "\
Usage: cargo xtask <command> [arguments]

Commands:
  demo [SERVE_FLAGS...]  Build the console and the sandbox for release and run the
                         whole product on demo data (default http://127.0.0.1:8787).
                         Flags go to `platform-sandbox serve`, e.g. --listen 0.0.0.0:9000.
  dev [TRUNK_FLAGS...]   Run the sandbox and `trunk serve` with live reload on
                         http://127.0.0.1:8080; /v1/ is proxied to the sandbox.
  dist [--public-url PATH] [--dist DIR]
                         Build the console for static hosting into DIR (default
                         dist/) for serving under PATH (default /), write .gz and
                         .br beside each asset and print sizes and CSP hashes.
  test [SUITE...]        Run every test suite, or only the named ones (plus the
                         builds they need). `test --list` lists the suites.
  bench [--loads N]      Run the benchmarks and write docs/benchmarks.md.
  tools [--all]          Install the tools for demo and dev, or with --all also
                         those for the tests, and exit.
  help                   Print this text.
";

/// Returns the workspace root: the parent of this crate's folder.
pub fn repo_root() -> PathBuf {
    let manifest_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest_dir
        .parent()
        .expect("xtask lives one folder below the workspace root")
        .to_path_buf()
}

fn main() -> ExitCode {
    tools::set_path();

    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("xtask: error: {error}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: &[String]) -> Result<ExitCode> {
    let Some((command, rest)) = args.split_first() else {
        print!("{USAGE}");
        return Ok(ExitCode::FAILURE);
    };

    match command.as_str() {
        "demo" => serve::demo(rest).map(|()| ExitCode::SUCCESS),
        "dev" => serve::dev(rest).map(|()| ExitCode::SUCCESS),
        "dist" => dist::run_command(rest).map(|()| ExitCode::SUCCESS),
        "test" if rest.iter().any(|arg| arg == "--list") => {
            suites::list();
            Ok(ExitCode::SUCCESS)
        }
        "test" => {
            let selected = suites::select(rest)?;
            suites::run_all(&selected)
        }
        "bench" => bench::run_all(rest),
        "tools" => {
            let everything = rest.iter().any(|arg| arg == "--all");
            install_tools(everything).map(|()| ExitCode::SUCCESS)
        }
        "help" | "-h" | "--help" => {
            print!("{USAGE}");
            Ok(ExitCode::SUCCESS)
        }
        other => Err(format!("unknown command `{other}`; run `cargo xtask help`").into()),
    }
}

fn install_tools(everything: bool) -> Result<()> {
    use tools::Tool;

    let mut needed: BTreeSet<Tool> = [
        Tool::WasmTarget,
        Tool::Trunk,
        Tool::WasmBindgen,
        Tool::WasmOpt,
    ]
    .into_iter()
    .collect();
    if everything {
        needed.extend([
            Tool::Rustfmt,
            Tool::Clippy,
            Tool::Chromium,
            Tool::Playwright,
            Tool::Schemathesis,
        ]);
    }
    tools::ensure(&needed)
}
