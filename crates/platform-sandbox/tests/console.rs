//! Serving the built console: files, the fallback to `index.html`, 404s for
//! missing assets, pre-compressed files, cache headers and the CSP.

mod common;

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use base64::Engine;
use common::TestApp;
use platform_sandbox::console::Console;
use serde_json::json;
use sha2::{Digest, Sha256};

const INLINE_SCRIPT: &str = "import init from '/app-0123456789abcdef.js'; init();";
const WASM: &str = "integrations-console-1a2b3c4d5e6f7a8b_bg.wasm";

/// A test app serving a small console directory.
fn console_app() -> TestApp {
    let mut app = TestApp::new();
    let dir = app.dir.path().join("dist");
    std::fs::create_dir_all(dir.join("assets")).expect("directory");
    let index = format!(
        "<!DOCTYPE html><html><head>\
         <script src=\"/external.js\"></script>\
         <script type=\"module\">{INLINE_SCRIPT}</script>\
         </head><body></body></html>"
    );
    std::fs::write(dir.join("index.html"), index).expect("index");
    std::fs::write(dir.join(WASM), b"\0asm").expect("wasm");
    std::fs::write(dir.join(format!("{WASM}.br")), b"brotli bytes").expect("br");
    std::fs::write(dir.join("app-0123456789abcdef.js"), "export default 1").expect("js");
    std::fs::write(dir.join("app-0123456789abcdef.js.gz"), b"gzip bytes").expect("gz");
    std::fs::write(dir.join("config.json"), "{\"api\":\"\"}").expect("config");
    std::fs::write(dir.join("assets/logo.svg"), "<svg/>").expect("svg");

    let connect = vec!["http://127.0.0.1:9999".to_owned()];
    let console = Console::load(&dir, &connect).expect("console loads");
    app.state.console = Some(Arc::new(console));
    app
}

async fn fetch(app: &TestApp, path: &str, accept_encoding: Option<&str>) -> common::TestResponse {
    let mut builder = Request::builder().uri(path);
    if let Some(encoding) = accept_encoding {
        builder = builder.header("accept-encoding", encoding);
    }
    app.send(builder.body(Body::empty()).expect("request"))
        .await
}

fn is_index(response: &common::TestResponse) -> bool {
    String::from_utf8_lossy(&response.body).contains("<!DOCTYPE html>")
}

#[tokio::test]
async fn root_and_spa_paths_serve_index_without_caching() {
    let app = console_app();

    for path in [
        "/",
        "/index.html",
        "/integrations",
        "/integrations/123/credentials",
    ] {
        let response = fetch(&app, path, None).await;
        assert_eq!(response.status, StatusCode::OK, "{path}");
        assert!(is_index(&response), "{path}");
        assert_eq!(
            response.header("content-type"),
            Some("text/html; charset=utf-8")
        );
        assert_eq!(response.header("cache-control"), Some("no-cache"), "{path}");
    }
}

#[tokio::test]
async fn missing_asset_returns_404_not_html() {
    let app = console_app();

    for path in [
        "/missing.js",
        "/app-ffffffffffffffff_bg.wasm",
        "/assets/none.png",
        "/x.css",
        "/data.json",
    ] {
        let response = fetch(&app, path, None).await;
        assert_eq!(response.status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(response.json(), json!({ "detail": "Not Found" }));
    }
}

#[tokio::test]
async fn api_prefixes_never_fall_back_to_html() {
    let app = console_app();

    for path in ["/v1/unknown", "/v1", "/sandbox/unknown"] {
        let response = fetch(&app, path, None).await;
        assert_eq!(response.status, StatusCode::NOT_FOUND, "{path}");
        assert!(!is_index(&response), "{path}");
    }
    let health = fetch(&app, "/healthz", None).await;
    assert_eq!(health.json(), json!({ "status": "ok" }));
    let openapi = fetch(&app, "/openapi.json", None).await;
    assert_eq!(openapi.status, StatusCode::OK);
    assert!(openapi.json()["paths"].is_object());
}

#[tokio::test]
async fn hashed_assets_are_immutable_and_others_no_cache() {
    let app = console_app();

    let wasm = fetch(&app, &format!("/{WASM}"), None).await;
    assert_eq!(wasm.status, StatusCode::OK);
    assert_eq!(wasm.body, b"\0asm");
    assert_eq!(wasm.header("content-type"), Some("application/wasm"));
    assert_eq!(
        wasm.header("cache-control"),
        Some("public, max-age=31536000, immutable")
    );

    let config = fetch(&app, "/config.json", None).await;
    assert_eq!(config.header("cache-control"), Some("no-cache"));
    assert_eq!(config.header("content-type"), Some("application/json"));

    let logo = fetch(&app, "/assets/logo.svg", None).await;
    assert_eq!(logo.status, StatusCode::OK);
    assert_eq!(logo.header("cache-control"), Some("no-cache"));
    assert_eq!(logo.header("content-type"), Some("image/svg+xml"));
}

#[tokio::test]
async fn precompressed_siblings_are_served_when_accepted() {
    let app = console_app();

    let brotli = fetch(&app, &format!("/{WASM}"), Some("gzip, br")).await;
    assert_eq!(brotli.body, b"brotli bytes");
    assert_eq!(brotli.header("content-encoding"), Some("br"));
    assert_eq!(brotli.header("content-type"), Some("application/wasm"));
    assert_eq!(brotli.header("vary"), Some("accept-encoding"));

    let gzip = fetch(&app, "/app-0123456789abcdef.js", Some("gzip")).await;
    assert_eq!(gzip.body, b"gzip bytes");
    assert_eq!(gzip.header("content-encoding"), Some("gzip"));

    // Only brotli is accepted and the file has only a gzip sibling.
    let plain = fetch(&app, "/app-0123456789abcdef.js", Some("br")).await;
    assert_eq!(plain.body, b"export default 1");
    assert_eq!(plain.header("content-encoding"), None);
}

#[tokio::test]
async fn csp_contains_the_inline_script_hash() {
    let app = console_app();
    let hash = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(INLINE_SCRIPT));

    let response = fetch(&app, "/", None).await;

    let csp = response.header("content-security-policy").expect("csp");
    assert!(csp.contains(&format!("'sha256-{hash}'")), "{csp}");
    assert!(
        csp.contains("script-src 'self' 'wasm-unsafe-eval'"),
        "{csp}"
    );
    assert!(
        csp.contains("connect-src 'self' http://127.0.0.1:9999"),
        "{csp}"
    );
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    assert!(csp.contains("base-uri 'self'"), "{csp}");
    assert!(csp.contains("object-src 'none'"), "{csp}");
    let script_src = csp
        .split(';')
        .find(|directive| directive.trim().starts_with("script-src"))
        .expect("script-src");
    assert!(!script_src.contains("unsafe-inline"), "{csp}");
    assert_eq!(response.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(response.header("referrer-policy"), Some("no-referrer"));
}

#[tokio::test]
async fn path_traversal_is_rejected() {
    let app = console_app();

    for path in [
        "/%2e%2e/sandbox.db",
        "/..%2fsandbox.db",
        "/assets/%2e%2e/%2e%2e/sandbox.db",
    ] {
        let response = fetch(&app, path, None).await;
        assert_eq!(response.status, StatusCode::NOT_FOUND, "{path}");
    }
}

#[tokio::test]
async fn non_get_to_console_path_returns_404() {
    let app = console_app();

    let response = app.call(Method::POST, "/integrations", None, None).await;

    assert_eq!(response.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn without_console_root_returns_json_404() {
    let app = TestApp::new();

    let response = fetch(&app, "/", None).await;

    assert_eq!(response.status, StatusCode::NOT_FOUND);
    assert_eq!(response.json(), json!({ "detail": "Not Found" }));
    assert_eq!(response.header("content-security-policy"), None);
}
