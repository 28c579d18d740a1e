//! Serving the built console: its files, the single-page-app fallback to
//! `index.html`, pre-compressed siblings, cache headers and the
//! Content-Security-Policy.

use std::path::{Component, Path, PathBuf};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::header::{
    ACCEPT_ENCODING, CACHE_CONTROL, CONTENT_ENCODING, CONTENT_SECURITY_POLICY, CONTENT_TYPE,
    REFERRER_POLICY, VARY, X_CONTENT_TYPE_OPTIONS,
};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use platform_api::error::messages;
use sha2::{Digest, Sha256};

use crate::error::AppError;
use crate::state::AppState;

const NO_CACHE: &str = "no-cache";
const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// The console's directory, its `index.html` and the policy that goes with it.
#[derive(Debug)]
pub struct Console {
    dir: PathBuf,
    index_html: Vec<u8>,
    csp: HeaderValue,
}

impl Console {
    /// Reads `dir/index.html` and builds the Content-Security-Policy: only
    /// the console's own origin, plus `connect_src` origins for API calls,
    /// plus the hash of every inline `<script>` in `index.html`.
    pub fn load(dir: &Path, connect_src: &[String]) -> Result<Console, String> {
        let index_path = dir.join("index.html");
        let index_html = std::fs::read(&index_path)
            .map_err(|error| format!("cannot read {}: {error}", index_path.display()))?;
        let html = String::from_utf8_lossy(&index_html);

        let hashes: String = inline_scripts(&html)
            .iter()
            .map(|script| format!(" 'sha256-{}'", STANDARD.encode(Sha256::digest(script))))
            .collect();
        let connect: String = connect_src
            .iter()
            .map(|origin| format!(" {origin}"))
            .collect();
        // NOTE: style-src allows inline styles because the console sets
        // `style` attributes from Rust; scripts need no 'unsafe-inline'.
        let csp = format!(
            "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{hashes}; \
             style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; \
             connect-src 'self'{connect}; frame-ancestors 'none'; base-uri 'self'; \
             object-src 'none'; form-action 'self'"
        );
        let csp = HeaderValue::from_str(&csp).map_err(|_| {
            format!("a --csp-connect-src origin is not a valid header value: {connect_src:?}")
        })?;

        Ok(Console {
            dir: dir.to_owned(),
            index_html,
            csp,
        })
    }

    /// The Content-Security-Policy header value.
    pub fn csp(&self) -> &HeaderValue {
        &self.csp
    }

    async fn serve(&self, method: &Method, path: &str, headers: &HeaderMap) -> Response {
        let Some(relative) = safe_relative_path(path) else {
            return AppError::NotFound(messages::NOT_FOUND).into_response();
        };
        let full = self.dir.join(&relative);
        let is_file = tokio::fs::metadata(&full)
            .await
            .is_ok_and(|metadata| metadata.is_file());

        if relative.as_os_str().is_empty() || relative == Path::new("index.html") || !is_file {
            let last_segment = path.rsplit('/').next().unwrap_or("");
            if !relative.as_os_str().is_empty() && !is_file && last_segment.contains('.') {
                return AppError::NotFound(messages::NOT_FOUND).into_response();
            }
            return respond(
                method,
                self.index_html.clone(),
                "text/html; charset=utf-8",
                NO_CACHE,
                None,
            );
        }

        let name = relative
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default();
        let content_type = content_type(&name);
        let cache = if name == "config.json" || !has_content_hash(&name) {
            NO_CACHE
        } else {
            IMMUTABLE
        };

        for (encoding, suffix) in accepted_encodings(headers) {
            let mut compressed = full.clone().into_os_string();
            compressed.push(suffix);
            if let Ok(bytes) = tokio::fs::read(&compressed).await {
                return respond(method, bytes, content_type, cache, Some(encoding));
            }
        }
        match tokio::fs::read(&full).await {
            Ok(bytes) => respond(method, bytes, content_type, cache, None),
            Err(_) => AppError::NotFound(messages::NOT_FOUND).into_response(),
        }
    }
}

fn respond(
    method: &Method,
    bytes: Vec<u8>,
    content_type: &'static str,
    cache: &'static str,
    encoding: Option<&'static str>,
) -> Response {
    let body = if method == Method::HEAD {
        Body::empty()
    } else {
        Body::from(bytes)
    };
    let mut response = (StatusCode::OK, body).into_response();
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(CACHE_CONTROL, HeaderValue::from_static(cache));
    headers.insert(VARY, HeaderValue::from_static("accept-encoding"));
    if let Some(encoding) = encoding {
        headers.insert(CONTENT_ENCODING, HeaderValue::from_static(encoding));
    }
    response
}

/// Serves any path no route matches: a JSON 404 under the API
/// prefixes or without a console, else the console's file or `index.html`.
pub async fn console_fallback(State(state): State<AppState>, request: Request) -> Response {
    let path = request.uri().path();
    let is_api = ["/v1", "/sandbox"]
        .iter()
        .any(|prefix| path == *prefix || path.starts_with(&format!("{prefix}/")));
    let is_read = matches!(*request.method(), Method::GET | Method::HEAD);
    match &state.console {
        Some(console) if !is_api && is_read => {
            console
                .serve(request.method(), path, request.headers())
                .await
        }
        _ => AppError::NotFound(messages::NOT_FOUND).into_response(),
    }
}

/// Adds the console's security headers to every response.
pub async fn security_headers(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let mut response = next.run(request).await;
    if let Some(console) = &state.console {
        let headers = response.headers_mut();
        headers.insert(CONTENT_SECURITY_POLICY, console.csp().clone());
        headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
        headers.insert(REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    }
    response
}

/// The file path a URL path names inside the console directory, or `None`
/// when it would leave the directory or is not valid UTF-8.
fn safe_relative_path(path: &str) -> Option<PathBuf> {
    let decoded = percent_encoding::percent_decode_str(path)
        .decode_utf8()
        .ok()?;
    let mut relative = PathBuf::new();
    for segment in decoded.split('/').filter(|segment| !segment.is_empty()) {
        if segment.contains('\\') || segment.contains('\0') {
            return None;
        }
        let mut components = Path::new(segment).components();
        match (components.next(), components.next()) {
            (Some(Component::Normal(part)), None) => relative.push(part),
            _ => return None,
        }
    }
    Some(relative)
}

/// The pre-compressed variants the client accepts, best first.
fn accepted_encodings(headers: &HeaderMap) -> Vec<(&'static str, &'static str)> {
    let accepted = headers
        .get(ACCEPT_ENCODING)
        .and_then(|value| value.to_str().ok())
        .unwrap_or("");
    let accepts = |name: &str| {
        accepted.split(',').any(|item| {
            let mut parts = item.split(';').map(str::trim);
            let matches = parts
                .next()
                .is_some_and(|token| token.eq_ignore_ascii_case(name));
            let refused = parts.any(|param| {
                param
                    .strip_prefix("q=")
                    .and_then(|quality| quality.trim().parse::<f32>().ok())
                    == Some(0.0)
            });
            matches && !refused
        })
    };
    [("br", ".br"), ("gzip", ".gz")]
        .into_iter()
        .filter(|(name, _)| accepts(name))
        .collect()
}

/// Whether a file name carries a content hash as Trunk writes it: a `-`
/// followed by 16 hex digits that end the stem or precede `_` or `.`.
pub fn has_content_hash(name: &str) -> bool {
    name.match_indices('-').any(|(index, _)| {
        let rest = &name[index + 1..];
        rest.len() > 16
            && rest.as_bytes()[..16].iter().all(u8::is_ascii_hexdigit)
            && matches!(rest.as_bytes()[16], b'_' | b'.')
    })
}

fn content_type(name: &str) -> &'static str {
    let extension = name
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase());
    match extension.as_deref() {
        Some("html") => "text/html; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("wasm") => "application/wasm",
        Some("css") => "text/css; charset=utf-8",
        Some("json" | "map") => "application/json",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("webp") => "image/webp",
        Some("ico") => "image/x-icon",
        Some("woff2") => "font/woff2",
        Some("txt") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// The contents of every `<script>` element without a `src` attribute.
fn inline_scripts(html: &str) -> Vec<&str> {
    let lower = html.to_ascii_lowercase();
    let mut scripts = Vec::new();
    let mut position = 0;
    while let Some(start) = lower[position..]
        .find("<script")
        .map(|offset| position + offset)
    {
        let Some(tag_end) = lower[start..].find('>').map(|offset| start + offset) else {
            break;
        };
        let Some(close) = lower[tag_end..]
            .find("</script")
            .map(|offset| tag_end + offset)
        else {
            break;
        };
        let tag = &lower[start..tag_end];
        if !tag.contains(" src=") && !tag.contains("\tsrc=") && !tag.contains("\nsrc=") {
            scripts.push(&html[tag_end + 1..close]);
        }
        position = close;
    }
    scripts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_hash_names() {
        assert!(has_content_hash(
            "integrations-console-1a2b3c4d5e6f7a8b_bg.wasm"
        ));
        assert!(has_content_hash("style-0123456789abcdef.css"));
        assert!(!has_content_hash("index.html"));
        assert!(!has_content_hash("favicon-32.png"));
        assert!(!has_content_hash("app-0123456789abcdefg.js"));
    }

    #[test]
    fn paths_stay_inside_the_directory() {
        assert_eq!(safe_relative_path("/"), Some(PathBuf::new()));
        assert_eq!(safe_relative_path("/a/b.js"), Some(PathBuf::from("a/b.js")));
        assert_eq!(safe_relative_path("/../etc/passwd"), None);
        assert_eq!(safe_relative_path("/%2e%2e/secret"), None);
        assert_eq!(safe_relative_path("/a%5cb"), None);
    }

    #[test]
    fn inline_scripts_skip_external_ones() {
        let html = r#"<script src="/a.js"></script><SCRIPT type="module">init()</SCRIPT>"#;
        assert_eq!(inline_scripts(html), vec!["init()"]);
    }

    #[test]
    fn encodings_respect_zero_quality() {
        let mut headers = HeaderMap::new();
        headers.insert(ACCEPT_ENCODING, HeaderValue::from_static("gzip, br;q=0"));
        assert_eq!(accepted_encodings(&headers), vec![("gzip", ".gz")]);
        headers.insert(ACCEPT_ENCODING, HeaderValue::from_static("br;q=0.5, gzip"));
        assert_eq!(accepted_encodings(&headers).len(), 2);
    }
}
