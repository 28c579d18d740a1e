//! Installs the tools that `demo`, `dev` and `test` need on a Debian machine
//! that has only rustup, and skips every tool already present at the pinned
//! version, so a second run spends seconds here.
//!
//! Where each tool goes:
//! - Rust components and the wasm target: rustup.
//! - `trunk` and `wasm-bindgen`: `cargo install` into `$CARGO_HOME/bin`.
//! - `wasm-opt`: the `binaryen` npm package in `<repo>/.tools`. Debian's own
//!   binaryen (version 108) emits a wasm file that validates but fails in the
//!   browser, so `.tools/node_modules/.bin` comes first on `PATH`.
//! - Chromium and chromedriver, brotli, nginx with its brotli_static module:
//!   Debian packages (needs root).
//! - Playwright: `npm ci` in `tests/e2e`, never downloading a browser.
//! - schemathesis: a Python venv in `<repo>/.tools/venv`.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::process::{run, stdout_of, step, which, Result};
use crate::repo_root;

/// Trunk 0.22 needs a newer rustc than the 1.95 this workspace pins;
/// 0.21.14 is the newest release that builds with it.
pub const TRUNK_VERSION: &str = "0.21.14";
/// The npm release of binaryen that provides `wasm-opt`; it prints
/// `wasm-opt version 132`, which `Trunk.toml` pins as `version_132`.
pub const BINARYEN_VERSION: &str = "132.0.0";
pub const WASM_TARGET: &str = "wasm32-unknown-unknown";
pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
pub const NGINX: &str = "/usr/sbin/nginx";
/// Shared object of the Debian package `libnginx-mod-http-brotli-static`.
pub const NGINX_BROTLI_MODULE: &str = "/usr/lib/nginx/modules/ngx_http_brotli_static_module.so";

/// A tool that some command needs. The order of the variants is the order of
/// installation: quick checks and packages first, long `cargo install`s last.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Tool {
    /// Chromium and chromedriver from Debian.
    Chromium,
    /// The `brotli` command from Debian.
    Brotli,
    /// nginx and its brotli_static module from Debian.
    Nginx,
    Rustfmt,
    Clippy,
    WasmTarget,
    /// `wasm-opt` from the binaryen npm package.
    WasmOpt,
    /// `@playwright/test` and its dependencies in `tests/e2e/node_modules`.
    Playwright,
    /// schemathesis in `.tools/venv`.
    Schemathesis,
    /// `wasm-bindgen` and `wasm-bindgen-test-runner`.
    WasmBindgen,
    Trunk,
}

/// Returns the git-ignored folder for tools that live inside the repository.
pub fn tools_dir() -> PathBuf {
    repo_root().join(".tools")
}

/// Puts `.tools/node_modules/.bin` and `$CARGO_HOME/bin` first on this
/// process's `PATH`, so every child, Trunk included, finds the pinned tools
/// before any system copy.
pub fn set_path() {
    let first = [
        tools_dir().join("node_modules").join(".bin"),
        cargo_home().join("bin"),
    ];
    let mut dirs = first.to_vec();
    if let Some(path) = std::env::var_os("PATH") {
        dirs.extend(std::env::split_paths(&path).filter(|dir| !first.contains(dir)));
    }
    let path = std::env::join_paths(dirs).expect("PATH entries come from PATH itself");
    std::env::set_var("PATH", path);
}

fn cargo_home() -> PathBuf {
    if let Some(home) = std::env::var_os("CARGO_HOME") {
        return PathBuf::from(home);
    }
    let home = std::env::var_os("HOME").unwrap_or_else(|| "/root".into());
    PathBuf::from(home).join(".cargo")
}

/// Installs every tool in `tools` that is missing or at another version.
pub fn ensure(tools: &BTreeSet<Tool>) -> Result<()> {
    if tools.is_empty() {
        return Ok(());
    }
    step("Checking tools (installing what is missing)");

    let mut debian_packages = Vec::new();
    if tools.contains(&Tool::Chromium) {
        if !Path::new(CHROMIUM).exists() {
            debian_packages.push("chromium");
        }
        if !Path::new(CHROMEDRIVER).exists() {
            debian_packages.push("chromium-driver");
        }
    }
    if tools.contains(&Tool::Brotli) && which("brotli").is_none() {
        debian_packages.push("brotli");
    }
    if tools.contains(&Tool::Nginx) {
        if !Path::new(NGINX).exists() {
            debian_packages.push("nginx");
        }
        if !Path::new(NGINX_BROTLI_MODULE).exists() {
            debian_packages.push("libnginx-mod-http-brotli-static");
        }
    }
    let needs_node = tools.contains(&Tool::WasmOpt) || tools.contains(&Tool::Playwright);
    if needs_node && which("npm").is_none() {
        // NOTE: Debian 12 ships Node 18, enough for wasm-opt but not for
        // Playwright 1.65, which requires Node 20 (`check_node_for_playwright`).
        debian_packages.extend(["nodejs", "npm"]);
    }
    if tools.contains(&Tool::Schemathesis) && which("python3").is_none() {
        debian_packages.extend(["python3", "python3-venv"]);
    }
    apt_install(&debian_packages)?;

    for tool in tools {
        match tool {
            Tool::Chromium => println!("ok: {CHROMIUM} and {CHROMEDRIVER}"),
            Tool::Brotli => println!("ok: brotli"),
            Tool::Nginx => println!("ok: {NGINX} and {NGINX_BROTLI_MODULE}"),
            Tool::Rustfmt => rustup_component("rustfmt", "rustfmt")?,
            Tool::Clippy => rustup_component("clippy", "cargo-clippy")?,
            Tool::WasmTarget => wasm_target()?,
            Tool::WasmOpt => wasm_opt()?,
            Tool::Playwright => playwright()?,
            Tool::Schemathesis => schemathesis()?,
            Tool::WasmBindgen => wasm_bindgen()?,
            Tool::Trunk => trunk()?,
        }
    }
    Ok(())
}

/// Installs Debian packages, which needs root; otherwise fails with the
/// command to run by hand.
fn apt_install(packages: &[&str]) -> Result<()> {
    if packages.is_empty() {
        return Ok(());
    }
    let list = packages.join(" ");
    if !crate::process::is_root() {
        return Err(format!(
            "missing Debian packages: {list}; install them with \
             `sudo apt-get update && sudo apt-get install -y {list}` and run again"
        )
        .into());
    }

    step(&format!("Installing Debian packages: {list}"));
    run(Command::new("apt-get").arg("update"))?;
    run(Command::new("apt-get")
        .env("DEBIAN_FRONTEND", "noninteractive")
        .args(["install", "-y"])
        .args(packages))
}

fn rustup_component(component: &str, binary: &str) -> Result<()> {
    if stdout_of(binary, &["--version"]).is_some() {
        println!("ok: {component}");
        return Ok(());
    }
    step(&format!("Installing the rustup component {component}"));
    run(Command::new("rustup").args(["component", "add", component]))
}

fn wasm_target() -> Result<()> {
    let installed = stdout_of("rustup", &["target", "list", "--installed"]).unwrap_or_default();
    if installed.lines().any(|line| line.trim() == WASM_TARGET) {
        println!("ok: target {WASM_TARGET}");
        return Ok(());
    }
    step(&format!("Adding the Rust target {WASM_TARGET}"));
    run(Command::new("rustup").args(["target", "add", WASM_TARGET]))
}

fn trunk() -> Result<()> {
    let expected = format!("trunk {TRUNK_VERSION}");
    if stdout_of("trunk", &["--version"]).as_deref() == Some(expected.as_str()) {
        println!("ok: {expected}");
        return Ok(());
    }
    step(&format!(
        "Installing {expected} (cargo install, about 6 minutes on 2 cores)"
    ));
    run(cargo_install().args(["trunk", "--version", TRUNK_VERSION, "--locked"]))
}

fn wasm_bindgen() -> Result<()> {
    let version = wasm_bindgen_version()?;
    let expected = format!("wasm-bindgen {version}");
    let runner = format!("wasm-bindgen-test-runner {version}");
    let installed = stdout_of("wasm-bindgen", &["--version"]).as_deref() == Some(expected.as_str())
        && stdout_of("wasm-bindgen-test-runner", &["--version"]).as_deref()
            == Some(runner.as_str());
    if installed {
        println!("ok: {expected}");
        return Ok(());
    }
    step(&format!(
        "Installing wasm-bindgen-cli {version}, the version in Cargo.lock \
         (cargo install, about 3 minutes on 2 cores)"
    ));
    // Without `--locked`, because the lock file published with
    // wasm-bindgen-cli pins a crate version that crates.io does not have.
    run(cargo_install().args(["wasm-bindgen-cli", "--version", &version]))
}

/// Returns `cargo install` with a release profile without fat LTO and with
/// 16 codegen units. The tools run for seconds per build, so the slower,
/// single-threaded LTO build buys nothing here.
fn cargo_install() -> Command {
    let mut command = Command::new("cargo");
    command
        .env("CARGO_PROFILE_RELEASE_LTO", "false")
        .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16")
        .arg("install");
    command
}

/// Reads the `wasm-bindgen` crate version from `Cargo.lock`; the CLI that
/// processes the wasm file must be exactly that version.
pub fn wasm_bindgen_version() -> Result<String> {
    let lock_path = repo_root().join("Cargo.lock");
    let lock = fs::read_to_string(&lock_path)
        .map_err(|error| format!("could not read {}: {error}", lock_path.display()))?;
    parse_locked_version(&lock, "wasm-bindgen").ok_or_else(|| {
        format!(
            "{} has no `wasm-bindgen` package; run `cargo generate-lockfile`",
            lock_path.display()
        )
        .into()
    })
}

/// Finds `version` of the `[[package]]` named `name` in a `Cargo.lock`.
fn parse_locked_version(lock: &str, name: &str) -> Option<String> {
    let name_line = format!("name = \"{name}\"");
    let mut lines = lock.lines();
    lines.find(|line| line.trim() == name_line)?;
    let version = lines.next()?.trim().strip_prefix("version = \"")?;
    Some(version.trim_end_matches('"').to_owned())
}

fn wasm_opt() -> Result<()> {
    let tools = tools_dir();
    let wasm_opt = tools.join("node_modules/.bin/wasm-opt");
    let major = BINARYEN_VERSION
        .split('.')
        .next()
        .unwrap_or(BINARYEN_VERSION);
    let expected = format!("wasm-opt version {major} ");
    let current = stdout_of(&wasm_opt, &["--version"]).unwrap_or_default();
    if current.starts_with(&expected) {
        println!("ok: {current} in {}", wasm_opt.display());
        return Ok(());
    }

    step(&format!(
        "Installing wasm-opt from the npm package binaryen@{BINARYEN_VERSION} into {}",
        tools.display()
    ));
    fs::create_dir_all(&tools)?;
    run(Command::new("npm")
        .current_dir(&tools)
        .args(["install", "--no-audit", "--no-fund", "--save-exact"])
        .arg(format!("binaryen@{BINARYEN_VERSION}")))
}

/// Runs `npm ci` in `tests/e2e` unless `node_modules` was installed from the
/// same `package-lock.json`; a copy of the lock file marks that install.
fn playwright() -> Result<()> {
    check_node_for_playwright()?;

    let e2e = repo_root().join("tests/e2e");
    let lock = fs::read(e2e.join("package-lock.json"))?;
    let marker = e2e.join("node_modules/.xtask-package-lock.json");
    if fs::read(&marker).ok().as_deref() == Some(lock.as_slice()) {
        println!("ok: tests/e2e/node_modules matches package-lock.json");
        return Ok(());
    }

    step("Installing the end-to-end test dependencies (npm ci, no browser download)");
    run(Command::new("npm")
        .current_dir(&e2e)
        .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
        .args(["ci", "--no-audit", "--no-fund"]))?;
    fs::write(marker, lock)?;
    Ok(())
}

/// Fails unless `node` is version 20 or newer, the minimum in the `engines`
/// field of `@playwright/test` 1.65.
fn check_node_for_playwright() -> Result<()> {
    let version = stdout_of("node", &["--version"]).unwrap_or_default();
    let major: u32 = version
        .trim_start_matches('v')
        .split('.')
        .next()
        .and_then(|major| major.parse().ok())
        .unwrap_or(0);
    if major < 20 {
        return Err(format!(
            "Playwright needs Node.js 20 or newer, but `node --version` printed {version:?}; \
             install Node.js 20 and run again"
        )
        .into());
    }
    Ok(())
}

/// Creates `.tools/venv` and installs `tests/contract/requirements.txt`
/// (every package pinned) unless the venv was built from the same file.
fn schemathesis() -> Result<()> {
    let requirements_path = repo_root().join("tests/contract/requirements.txt");
    let requirements = fs::read(&requirements_path)?;
    let venv = tools_dir().join("venv");
    let marker = venv.join("xtask-requirements.txt");
    let installed = venv.join("bin/schemathesis").exists()
        && fs::read(&marker).ok().as_deref() == Some(requirements.as_slice());
    if installed {
        println!("ok: schemathesis in {}", venv.display());
        return Ok(());
    }

    step(&format!(
        "Installing schemathesis into the Python venv {}",
        venv.display()
    ));
    let created = run(Command::new("python3").args(["-m", "venv"]).arg(&venv));
    if created.is_err() {
        // Debian splits `venv`'s pip bootstrap into its own package.
        apt_install(&["python3-venv"])?;
        run(Command::new("python3")
            .args(["-m", "venv", "--clear"])
            .arg(&venv))?;
    }
    run(Command::new(venv.join("bin/pip"))
        .args(["install", "--disable-pip-version-check", "-r"])
        .arg(&requirements_path))?;
    fs::write(marker, requirements)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::parse_locked_version;

    #[test]
    fn locked_version_found_after_name() {
        let lock = "[[package]]\nname = \"wasm-bindgen-macro\"\nversion = \"0.2.1\"\n\n\
                    [[package]]\nname = \"wasm-bindgen\"\nversion = \"0.2.130\"\n";
        assert_eq!(
            parse_locked_version(lock, "wasm-bindgen").as_deref(),
            Some("0.2.130")
        );
    }

    #[test]
    fn locked_version_missing_package() {
        assert_eq!(parse_locked_version("", "wasm-bindgen"), None);
    }
}
