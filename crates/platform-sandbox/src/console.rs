//! Serving the built console: its files, the single-page-app fallback to
//! `index.html`, pre-compressed siblings, cache headers and the
//! Content-Security-Policy.

use std::path::{Path, PathBuf};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::header::{
    CACHE_CONTROL, CONTENT_ENCODING, CONTENT_SECURITY_POLICY, CONTENT_TYPE, REFERRER_POLICY, VARY,
    X_CONTENT_TYPE_OPTIONS,
};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use platform_api::error::messages;
use sha2::{Digest, Sha256};

use crate::console_files::{
    accepted_encodings, content_type, has_content_hash, inline_scripts, safe_relative_path,
};
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
