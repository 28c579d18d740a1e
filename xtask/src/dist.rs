//! `cargo xtask dist`: builds the console for static hosting, checks the
//! build, writes pre-compressed siblings and prints the numbers a deployer
//! needs (sizes and the CSP hashes of the inline scripts).
//!
//! Compression runs the Debian `gzip` and `brotli` programs instead of
//! Rust crates, which keeps xtask free of dependencies and quick to compile.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::process::{run, step, Result};
use crate::repo_root;
use crate::tools::{self, Tool};

/// Files that keep their names, because browsers revalidate them on every
/// load. `config.json` also gets no compressed copy, since deployers edit it.
const UNHASHED: &[&str] = &["index.html", "config.json"];

/// `cargo xtask dist [--public-url PATH] [--dist DIR]`.
pub fn run_command(args: &[String]) -> Result<()> {
    let root = repo_root();
    let mut public_url = "/".to_owned();
    let mut out_dir = root.join("dist");

    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        let mut value = |flag: &str| {
            rest.next()
                .cloned()
                .ok_or_else(|| format!("{flag} needs a value"))
        };
        match arg.as_str() {
            "--public-url" => public_url = value("--public-url")?,
            "--dist" => out_dir = root.join(value("--dist")?),
            other => {
                return Err(format!(
                    "unknown argument `{other}` for dist; it takes --public-url PATH and --dist DIR"
                )
                .into())
            }
        }
    }

    let tools = [
        Tool::WasmTarget,
        Tool::Trunk,
        Tool::WasmBindgen,
        Tool::WasmOpt,
        Tool::Brotli,
    ];
    tools::ensure(&tools.into_iter().collect())?;
    build(&root, &out_dir, &public_url)
}

/// Builds the release console into `out_dir` for serving under
/// `public_url`, checks names and integrity attributes, compresses every
/// asset and prints the sizes and CSP script hashes.
pub fn build(root: &Path, out_dir: &Path, public_url: &str) -> Result<()> {
    step(&format!(
        "Building the console for {public_url} into {}",
        out_dir.display()
    ));
    run(Command::new("trunk")
        .current_dir(root)
        .args(["build", "--release", "--offline", "--dist"])
        .arg(out_dir)
        .args(["--public-url", public_url]))?;

    let files = list_files(out_dir)?;
    check_hashed_names(out_dir, &files)?;
    check_wasm_magic(out_dir, &files)?;
    let index_html = fs::read_to_string(out_dir.join("index.html"))?;
    check_integrity(&index_html)?;

    step("Writing .gz and .br beside each asset");
    let mut rows = Vec::new();
    for file in &files {
        rows.push(compress(out_dir, file)?);
    }
    print_sizes(&rows);

    println!("\nscript-src hashes of the inline scripts in index.html (for the CSP):");
    for script in inline_scripts(&index_html) {
        println!("  'sha256-{}'", sha256_base64(script.as_bytes())?);
    }
    Ok(())
}

/// Returns the paths of every file under `dir`, relative to it and sorted,
/// leaving out pre-compressed copies from an earlier run.
fn list_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        for entry in fs::read_dir(&current)? {
            let path = entry?.path();
            if path.is_dir() {
                pending.push(path);
            } else if !is_compressed_copy(&path) {
                let relative = path.strip_prefix(dir).map_err(|error| error.to_string())?;
                files.push(relative.to_path_buf());
            }
        }
    }
    files.sort();
    Ok(files)
}

fn is_compressed_copy(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|ext| ext.to_str()),
        Some("gz" | "br")
    )
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Fails when a file other than `index.html` and `config.json` lacks a
/// content hash, because the deploy guide caches those files for a year.
fn check_hashed_names(out_dir: &Path, files: &[PathBuf]) -> Result<()> {
    let unhashed: Vec<String> = files
        .iter()
        .filter(|file| !UNHASHED.contains(&file_name(file).as_str()))
        .filter(|file| !has_content_hash(&file_name(file)))
        .map(|file| file.display().to_string())
        .collect();
    if !unhashed.is_empty() {
        return Err(format!(
            "{} has files without a content hash in their name: {}; \
             link them from index.html with data-trunk so Trunk hashes them",
            out_dir.display(),
            unhashed.join(", ")
        )
        .into());
    }
    Ok(())
}

/// Fails when a `.wasm` file does not start with the wasm magic bytes.
///
/// NOTE: Output wasm files with zeroed regions have been seen here when
/// another Trunk build of this package ran at the same time. Both builds
/// share `target/wasm-bindgen/`, the likely cause. This check sees damage at
/// the start of the file only.
fn check_wasm_magic(out_dir: &Path, files: &[PathBuf]) -> Result<()> {
    for file in files
        .iter()
        .filter(|file| file_name(file).ends_with(".wasm"))
    {
        let bytes = fs::read(out_dir.join(file))?;
        if !bytes.starts_with(b"\0asm") {
            return Err(format!(
                "{} does not start with the wasm magic bytes; another build may have \
                 written to it at the same time, so run the build again",
                out_dir.join(file).display()
            )
            .into());
        }
    }
    Ok(())
}

/// Checks whether `name` contains a `-` followed by 16 lowercase hex digits and then
/// `.`, `_` or the end, as Trunk 0.21 names its output.
pub fn has_content_hash(name: &str) -> bool {
    name.match_indices('-').any(|(index, _)| {
        let rest = &name[index + 1..];
        let digits = rest.chars().take_while(char::is_ascii_hexdigit).count();
        let after = rest[digits..].chars().next();
        digits == 16
            && rest[..digits].chars().all(|c| !c.is_ascii_uppercase())
            && matches!(after, None | Some('.' | '_'))
    })
}

/// Fails unless every `<link>` to a `.js` or `.wasm` file in `index_html`
/// carries an `integrity` attribute, and at least one of each exists.
fn check_integrity(index_html: &str) -> Result<()> {
    for suffix in [".js\"", ".wasm\""] {
        let links: Vec<&str> = tags(index_html, "<link")
            .into_iter()
            .filter(|tag| tag.contains(suffix))
            .collect();
        if links.is_empty() {
            return Err(format!(
                "index.html has no <link> to a {} file",
                &suffix[..suffix.len() - 1]
            )
            .into());
        }
        if let Some(link) = links.iter().find(|tag| !tag.contains("integrity=\"sha")) {
            return Err(format!(
                "index.html links {link} without Subresource Integrity; \
                 keep Trunk's default data-integrity on the rust asset"
            )
            .into());
        }
    }
    Ok(())
}

/// Returns every tag of `html` that starts with `opening` (like `<link`),
/// up to its closing `>`.
fn tags<'a>(html: &'a str, opening: &str) -> Vec<&'a str> {
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find(opening) {
        let tag = &rest[start..];
        let end = tag.find('>').map_or(tag.len(), |end| end + 1);
        found.push(&tag[..end]);
        rest = &tag[end..];
    }
    found
}

/// Returns the text of every `<script>` without a `src` attribute, exactly
/// as a browser hashes it for a CSP `'sha256-...'` source.
pub fn inline_scripts(html: &str) -> Vec<&str> {
    let mut scripts = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let after_start = &rest[start..];
        let Some(open_end) = after_start.find('>') else {
            break;
        };
        let opening = &after_start[..open_end];
        let body = &after_start[open_end + 1..];
        let Some(close) = body.find("</script>") else {
            break;
        };
        if !opening.contains(" src=") {
            scripts.push(&body[..close]);
        }
        rest = &body[close..];
    }
    scripts
}

/// Returns the base64 of the SHA-256 of `bytes`, computed by coreutils
/// `sha256sum`.
pub fn sha256_base64(bytes: &[u8]) -> Result<String> {
    use std::io::Write;

    let mut child = Command::new("sha256sum")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|error| format!("could not run sha256sum: {error}"))?;
    child
        .stdin
        .take()
        .ok_or("sha256sum has no stdin")?
        .write_all(bytes)?;
    let output = child.wait_with_output()?;
    let text = String::from_utf8_lossy(&output.stdout);
    let hex = text.split_whitespace().next().unwrap_or_default();
    let digest = decode_hex(hex).ok_or_else(|| format!("sha256sum printed {text:?}"))?;
    Ok(base64(&digest))
}

fn decode_hex(hex: &str) -> Option<Vec<u8>> {
    if hex.len() != 64 {
        return None;
    }
    (0..hex.len())
        .step_by(2)
        .map(|index| u8::from_str_radix(&hex[index..index + 2], 16).ok())
        .collect()
}

/// Standard base64 with padding (RFC 4648, section 4).
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut encoded = String::new();
    for chunk in bytes.chunks(3) {
        let group = chunk.iter().enumerate().fold(0u32, |group, (index, byte)| {
            group | u32::from(*byte) << (16 - 8 * index)
        });
        for index in 0..4 {
            if index <= chunk.len() {
                let sextet = (group >> (18 - 6 * index)) & 0x3f;
                encoded.push(char::from(ALPHABET[sextet as usize]));
            } else {
                encoded.push('=');
            }
        }
    }
    encoded
}

/// One row of the size table; compressed sizes are `None` for files that
/// get no compressed copy.
struct Sizes {
    name: String,
    raw: u64,
    gzip: Option<u64>,
    brotli: Option<u64>,
}

/// Writes `file.gz` (`gzip -9 -n`) and `file.br` (`brotli -q 11`) beside
/// `file`, except for `config.json`, and returns the three sizes.
fn compress(out_dir: &Path, file: &Path) -> Result<Sizes> {
    let path = out_dir.join(file);
    let raw = fs::metadata(&path)?.len();
    let name = file.display().to_string();
    if file_name(file) == "config.json" {
        return Ok(Sizes {
            name,
            raw,
            gzip: None,
            brotli: None,
        });
    }

    run_quiet(
        Command::new("gzip")
            .args(["-9", "-n", "-k", "-f", "--"])
            .arg(&path),
    )?;
    run_quiet(
        Command::new("brotli")
            .args(["-q", "11", "-k", "-f", "--"])
            .arg(&path),
    )?;
    Ok(Sizes {
        name,
        raw,
        gzip: Some(fs::metadata(sibling(&path, ".gz"))?.len()),
        brotli: Some(fs::metadata(sibling(&path, ".br"))?.len()),
    })
}

fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

fn run_quiet(command: &mut Command) -> Result<()> {
    let program = command.get_program().to_string_lossy().into_owned();
    let status = command.stdin(Stdio::null()).status().map_err(|error| {
        format!("could not run {program}: {error}; install it with `apt-get install {program}`")
    })?;
    if !status.success() {
        return Err(format!("{program} failed ({status})").into());
    }
    Ok(())
}

fn print_sizes(rows: &[Sizes]) {
    let show = |size: Option<u64>| size.map_or("-".to_owned(), |size| size.to_string());
    println!(
        "{:<52} {:>10} {:>10} {:>10}",
        "file", "bytes", "gzip", "brotli"
    );
    for row in rows {
        println!(
            "{:<52} {:>10} {:>10} {:>10}",
            row.name,
            row.raw,
            show(row.gzip),
            show(row.brotli)
        );
    }
    let total = |pick: fn(&Sizes) -> u64| rows.iter().map(pick).sum::<u64>();
    println!(
        "{:<52} {:>10} {:>10} {:>10}",
        "total (config.json uncompressed)",
        total(|row| row.raw),
        total(|row| row.gzip.unwrap_or(row.raw)),
        total(|row| row.brotli.unwrap_or(row.raw))
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_hash_in_trunk_names() {
        assert!(has_content_hash("main-61f293cd7ff4796d.css"));
        assert!(has_content_hash(
            "integrations-console-c6441cf50d24820d_bg.wasm"
        ));
        assert!(has_content_hash("integrations-console-c6441cf50d24820d.js"));
        assert!(!has_content_hash("index.html"));
        assert!(!has_content_hash("logo.png"));
        assert!(!has_content_hash("main-61f293cd7ff4796.css"));
        assert!(!has_content_hash("main-61F293CD7FF4796D.css"));
    }

    #[test]
    fn inline_scripts_skip_external() {
        let html = "<script src=\"/a.js\"></script>\n<script type=\"module\">\nrun();\n</script>";
        assert_eq!(inline_scripts(html), vec!["\nrun();\n"]);
    }

    #[test]
    fn integrity_required_on_js_and_wasm() {
        let good = "<link rel=\"modulepreload\" href=\"/a-1.js\" integrity=\"sha384-x\">\
                    <link rel=\"preload\" href=\"/a-1_bg.wasm\" integrity=\"sha384-y\" as=\"fetch\">";
        assert!(check_integrity(good).is_ok());
        let missing = "<link rel=\"modulepreload\" href=\"/a-1.js\">\
                       <link rel=\"preload\" href=\"/a-1_bg.wasm\" integrity=\"sha384-y\">";
        assert!(check_integrity(missing).is_err());
        assert!(check_integrity(
            "<link rel=\"modulepreload\" href=\"/a-1.js\" integrity=\"sha384-x\">"
        )
        .is_err());
    }

    #[test]
    fn base64_pads_like_rfc_4648() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }

    #[test]
    fn sha256_of_empty_input() {
        let hash = sha256_base64(b"").expect("sha256sum is part of coreutils");
        assert_eq!(hash, "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
    }
}
