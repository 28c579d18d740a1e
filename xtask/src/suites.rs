//! `cargo xtask test`: runs the test suites in a fixed order, keeps going
//! after a failure, and ends with a summary table whose last line is
//! `N passed, N failed` (counting suites).

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

use crate::process::{run, step, Result};
use crate::repo_root;
use crate::tools::{self, Tool, CHROMEDRIVER, WASM_TARGET};

/// One test suite: a name to select it by and what it needs.
pub struct Suite {
    pub name: &'static str,
    pub about: &'static str,
    tools: &'static [Tool],
    /// Suites whose output this one uses; they run first and, if they fail,
    /// this one is reported as not run.
    needs: &'static [&'static str],
}

/// Every suite, in the order `cargo xtask test` runs them.
pub const SUITES: &[Suite] = &[
    Suite {
        name: "fmt",
        about: "cargo fmt --all --check",
        tools: &[Tool::Rustfmt],
        needs: &[],
    },
    Suite {
        name: "clippy",
        about: "cargo clippy on the whole workspace, native target, warnings denied",
        tools: &[Tool::Clippy],
        needs: &[],
    },
    Suite {
        name: "clippy-wasm",
        about: "cargo clippy on the console for wasm32, warnings denied",
        tools: &[Tool::Clippy, Tool::WasmTarget],
        needs: &[],
    },
    Suite {
        name: "unit",
        about: "cargo test --workspace (native unit and handler tests)",
        tools: &[],
        needs: &[],
    },
    Suite {
        name: "wasm",
        about: "the console's wasm-bindgen tests in headless Chromium",
        tools: &[Tool::WasmTarget, Tool::WasmBindgen, Tool::Chromium],
        needs: &[],
    },
    Suite {
        name: "console-build",
        about: "trunk build --release --offline into dist/",
        tools: &[
            Tool::WasmTarget,
            Tool::Trunk,
            Tool::WasmBindgen,
            Tool::WasmOpt,
        ],
        needs: &[],
    },
    Suite {
        name: "bundle-budget",
        about: "first-screen wasm, JS and CSS of dist/ under the enforced brotli ceiling",
        tools: &[],
        needs: &["console-build"],
    },
    Suite {
        name: "sandbox-build",
        about: "cargo build --release -p platform-sandbox",
        tools: &[],
        needs: &[],
    },
    Suite {
        name: "e2e",
        about: "type check, then Playwright end-to-end tests against the sandbox serving dist/",
        tools: &[Tool::Chromium, Tool::Playwright],
        needs: &["console-build", "sandbox-build"],
    },
    Suite {
        name: "e2e-faults",
        about:
            "the @faults Playwright tests against a sandbox that injects latency, failures and 429s",
        tools: &[Tool::Chromium, Tool::Playwright],
        needs: &["console-build", "sandbox-build"],
    },
    Suite {
        name: "nginx",
        about: "console built for /admin/ behind Debian's nginx: headers, fallback, smoke test",
        tools: &[
            Tool::WasmTarget,
            Tool::Trunk,
            Tool::WasmBindgen,
            Tool::WasmOpt,
            Tool::Brotli,
            Tool::Nginx,
            Tool::Chromium,
            Tool::Playwright,
        ],
        needs: &["sandbox-build"],
    },
    Suite {
        name: "contract",
        about: "schemathesis contract test of the sandbox's OpenAPI document",
        tools: &[Tool::Schemathesis],
        needs: &["sandbox-build"],
    },
];

/// Fault flags of the `e2e-faults` suite's sandbox, unless `SANDBOX_FAULTS`
/// is set: every request waits 50 to 400 ms, one in ten fails with 500 or
/// 503, and each key gets 20 requests per second.
const E2E_FAULTS: &str = "--latency-ms 50..400 --fail-rate 0.1 --rate-limit 20";

fn find(name: &str) -> Option<&'static Suite> {
    SUITES.iter().find(|suite| suite.name == name)
}

/// Prints the suite names for `cargo xtask test --list`.
pub fn list() {
    for suite in SUITES {
        println!("{:<14} {}", suite.name, suite.about);
    }
}

/// Resolves the requested names (all suites when empty) plus the suites
/// they need, in run order.
pub fn select(names: &[String]) -> Result<Vec<&'static Suite>> {
    let mut requested = BTreeSet::new();
    for name in names {
        let suite = find(name).ok_or_else(|| {
            let known: Vec<_> = SUITES.iter().map(|suite| suite.name).collect();
            format!(
                "unknown suite `{name}`; the suites are: {}",
                known.join(", ")
            )
        })?;
        requested.insert(suite.name);
        requested.extend(suite.needs.iter().copied());
    }

    let selected = SUITES
        .iter()
        .filter(|suite| names.is_empty() || requested.contains(suite.name))
        .collect();
    Ok(selected)
}

enum Outcome {
    Passed,
    Failed,
    NotRun(&'static str),
}

/// Installs the tools the suites need, runs them, prints the summary and
/// returns failure if any suite did not pass.
pub fn run_all(suites: &[&'static Suite]) -> Result<ExitCode> {
    let tools: BTreeSet<Tool> = suites
        .iter()
        .flat_map(|suite| suite.tools.iter().copied())
        .collect();
    tools::ensure(&tools)?;

    let mut results: Vec<(&Suite, Outcome, Duration)> = Vec::new();
    for suite in suites {
        let failed_need = suite.needs.iter().copied().find(|need| {
            results
                .iter()
                .any(|(done, outcome, _)| done.name == *need && !matches!(outcome, Outcome::Passed))
        });
        if let Some(need) = failed_need {
            step(&format!(
                "Suite {}: not run, because {need} failed",
                suite.name
            ));
            results.push((suite, Outcome::NotRun(need), Duration::ZERO));
            continue;
        }

        step(&format!("Suite {}: {}", suite.name, suite.about));
        let started = Instant::now();
        let outcome = match run_suite(suite.name) {
            Ok(()) => Outcome::Passed,
            Err(error) => {
                eprintln!("xtask: suite {} failed: {error}", suite.name);
                Outcome::Failed
            }
        };
        results.push((suite, outcome, started.elapsed()));
    }

    print_summary(&results);
    let all_passed = results
        .iter()
        .all(|(_, outcome, _)| matches!(outcome, Outcome::Passed));
    Ok(if all_passed {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn print_summary(results: &[(&Suite, Outcome, Duration)]) {
    println!("\n{:<14} {:<8} {:>7}", "suite", "result", "time");
    let mut passed = 0;
    for (suite, outcome, elapsed) in results {
        let (result, note) = match outcome {
            Outcome::Passed => ("passed", String::new()),
            Outcome::Failed => ("FAILED", String::new()),
            Outcome::NotRun(need) => ("FAILED", format!("not run: {need} failed")),
        };
        if matches!(outcome, Outcome::Passed) {
            passed += 1;
        }
        let time = format!("{}:{:02}", elapsed.as_secs() / 60, elapsed.as_secs() % 60);
        let line = format!("{:<14} {result:<8} {time:>7}  {note}", suite.name);
        println!("{}", line.trim_end());
    }
    println!("{passed} passed, {} failed", results.len() - passed);
}

fn cargo() -> Command {
    Command::new("cargo")
}

fn run_suite(name: &str) -> Result<()> {
    let root = repo_root();
    match name {
        "fmt" => run(cargo().current_dir(&root).args(["fmt", "--all", "--check"])),
        "clippy" => run(cargo().current_dir(&root).args([
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ])),
        "clippy-wasm" => run(cargo().current_dir(&root).args([
            "clippy",
            "-p",
            "integrations-console",
            "--target",
            WASM_TARGET,
            "--",
            "-D",
            "warnings",
        ])),
        "unit" => run(cargo().current_dir(&root).args(["test", "--workspace"])),
        "wasm" => {
            let scratch = fresh_browser_dirs(&root, "wasm-test")?;
            run(cargo()
                .current_dir(&root)
                .envs(scratch.env())
                .env("CHROMEDRIVER", CHROMEDRIVER)
                .env(
                    "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
                    "wasm-bindgen-test-runner",
                )
                .args([
                    "test",
                    "-p",
                    "integrations-console",
                    "--target",
                    WASM_TARGET,
                    "--tests",
                ]))
        }
        "console-build" => build_console(&root),
        "bundle-budget" => crate::bench::bundle::check_budget(&root.join("dist")),
        "sandbox-build" => build_sandbox(&root),
        "e2e" => {
            let scratch = fresh_browser_dirs(&root, "e2e")?;
            run(Command::new("npx")
                .current_dir(root.join("tests/e2e"))
                .args(["tsc", "-p", "."]))?;
            run(Command::new("npx")
                .current_dir(root.join("tests/e2e"))
                .envs(scratch.env())
                .env("SANDBOX_BIN", sandbox_binary(&root))
                .env("CONSOLE_DIST", root.join("dist"))
                .args(["playwright", "test"]))
        }
        "e2e-faults" => {
            let scratch = fresh_browser_dirs(&root, "e2e-faults")?;
            let faults = std::env::var("SANDBOX_FAULTS").unwrap_or_else(|_| E2E_FAULTS.to_owned());
            run(Command::new("npx")
                .current_dir(root.join("tests/e2e"))
                .envs(scratch.env())
                .env("SANDBOX_BIN", sandbox_binary(&root))
                .env("CONSOLE_DIST", root.join("dist"))
                .env("SANDBOX_FAULTS", faults)
                .args(["playwright", "test", "--grep", "@faults", "--output"])
                .arg(root.join("target/e2e-faults/results")))
        }
        "nginx" => {
            let dist = root.join("target/dist-admin");
            crate::dist::build(&root, &dist, "/admin/")?;
            let scratch = fresh_browser_dirs(&root, "nginx")?;
            run(Command::new("npx")
                .current_dir(root.join("tests/e2e"))
                .envs(scratch.env())
                .env("SANDBOX_BIN", sandbox_binary(&root))
                .env("CONSOLE_DIST", &dist)
                .env("NGINX_DIST", &dist)
                .env("NGINX_PREFIX", root.join("target/nginx/server"))
                .args(["playwright", "test", "specs/nginx.spec.ts", "--output"])
                .arg(root.join("target/nginx/test-results")))
        }
        "contract" => {
            let scratch = fresh_dir(&root.join("target/contract"))?;
            run(Command::new(tools::tools_dir().join("venv/bin/python"))
                .current_dir(&root)
                .env("TMPDIR", &scratch)
                .env("SANDBOX_BIN", sandbox_binary(&root))
                .arg("tests/contract/run.py"))
        }
        other => Err(format!("no runner for suite `{other}`").into()),
    }
}

/// Builds the console for release into `dist/`, with the pinned tools first
/// on `PATH` (see `tools::set_path`).
pub fn build_console(root: &Path) -> Result<()> {
    run(Command::new("trunk")
        .current_dir(root)
        .args(["build", "--release", "--offline"]))
}

pub fn build_sandbox(root: &Path) -> Result<()> {
    run(cargo()
        .current_dir(root)
        .args(["build", "--release", "-p", "platform-sandbox"]))
}

pub fn sandbox_binary(root: &Path) -> PathBuf {
    root.join("target/release/platform-sandbox")
}

/// Scratch folders for one browser run, so Chromium's profile, caches and
/// temporary files start empty and stay inside `target/`.
struct BrowserDirs {
    tmp: PathBuf,
    config: PathBuf,
    cache: PathBuf,
}

impl BrowserDirs {
    fn env(&self) -> [(&'static str, &Path); 3] {
        [
            ("TMPDIR", self.tmp.as_path()),
            ("XDG_CONFIG_HOME", self.config.as_path()),
            ("XDG_CACHE_HOME", self.cache.as_path()),
        ]
    }
}

fn fresh_browser_dirs(root: &Path, run_name: &str) -> Result<BrowserDirs> {
    let base = fresh_dir(&root.join("target").join(run_name))?;
    let dirs = BrowserDirs {
        tmp: base.join("tmp"),
        config: base.join("xdg-config"),
        cache: base.join("xdg-cache"),
    };
    for dir in [&dirs.tmp, &dirs.config, &dirs.cache] {
        fs::create_dir_all(dir)?;
    }
    Ok(dirs)
}

/// Empties (or creates) `dir` and returns it.
fn fresh_dir(dir: &Path) -> Result<PathBuf> {
    if dir.exists() {
        fs::remove_dir_all(dir)
            .map_err(|error| format!("could not empty {}: {error}", dir.display()))?;
    }
    fs::create_dir_all(dir)?;
    Ok(dir.to_path_buf())
}
