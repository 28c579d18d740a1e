//! File-level helpers of the console server: path checks, encodings,
//! content types, content hashes and inline scripts.

use std::path::{Component, Path, PathBuf};

use axum::http::header::ACCEPT_ENCODING;
use axum::http::HeaderMap;

/// The file path a URL path names inside the console directory, or `None`
/// when it would leave the directory or is not valid UTF-8.
pub fn safe_relative_path(path: &str) -> Option<PathBuf> {
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
pub fn accepted_encodings(headers: &HeaderMap) -> Vec<(&'static str, &'static str)> {
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

pub fn content_type(name: &str) -> &'static str {
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
pub fn inline_scripts(html: &str) -> Vec<&str> {
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
    use axum::http::HeaderValue;

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
