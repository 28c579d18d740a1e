//! Child processes: every command is printed before it runs, and failures
//! name the command that failed.

use std::ffi::OsStr;
use std::path::Path;
use std::process::{Command, Stdio};

/// Error type of all tasks: a message for the person at the terminal.
pub type Result<T, E = Box<dyn std::error::Error>> = std::result::Result<T, E>;

/// Prints a step heading, so the log shows what each block of output belongs to.
pub fn step(message: &str) {
    println!("\n==> {message}");
}

/// Formats a command as a shell would show it, including the environment
/// variables set on it (except `PATH`, which every command shares).
pub fn display(command: &Command) -> String {
    let mut parts = Vec::new();
    for (name, value) in command.get_envs() {
        if name == "PATH" {
            continue;
        }
        let value = value.map(OsStr::to_string_lossy).unwrap_or_default();
        parts.push(format!("{}={value}", name.to_string_lossy()));
    }
    parts.push(command.get_program().to_string_lossy().into_owned());
    parts.extend(
        command
            .get_args()
            .map(|arg| arg.to_string_lossy().into_owned()),
    );

    let line = parts.join(" ");
    match command.get_current_dir() {
        Some(dir) => format!("(cd {} && {line})", dir.display()),
        None => line,
    }
}

/// Runs a command with inherited stdio and fails unless it exits with 0.
pub fn run(command: &mut Command) -> Result<()> {
    let command_line = display(command);
    println!("$ {command_line}");

    let status = command
        .status()
        .map_err(|error| format!("could not start `{command_line}`: {error}"))?;
    if !status.success() {
        return Err(format!("`{command_line}` failed ({status})").into());
    }
    Ok(())
}

/// Runs a command quietly and returns its trimmed stdout, or `None` when the
/// program is missing or exits with an error. Used for version checks.
pub fn stdout_of(program: impl AsRef<OsStr>, args: &[&str]) -> Option<String> {
    let output = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    if !output.status.success() {
        return None;
    }
    Some(String::from_utf8_lossy(&output.stdout).trim().to_owned())
}

/// Returns the full path of `program` found on `PATH`, like `command -v`.
pub fn which(program: &str) -> Option<std::path::PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|candidate| is_executable(candidate))
}

fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;

    path.metadata()
        .map(|meta| meta.is_file() && meta.permissions().mode() & 0o111 != 0)
        .unwrap_or(false)
}

/// Returns whether this process runs as root, which `apt-get install` needs.
pub fn is_root() -> bool {
    stdout_of("id", &["-u"]).as_deref() == Some("0")
}
