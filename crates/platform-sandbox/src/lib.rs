//! A local server that behaves like the Platform API for the endpoints the
//! integrations console uses, over a real SQLite database file.
//!
//! Platform API endpoints (bearer API key required):
//!
//! - `GET /v1/auth/me`
//! - `GET /v1/{workspace_id}/services`
//! - `GET /v1/{workspace_id}/services/{service_id}`
//! - `GET /v1/{workspace_id}/external-integrations`
//! - `POST /v1/{workspace_id}/external-integrations`
//! - `GET /v1/{workspace_id}/external-integrations/{integration_id}`
//! - `PATCH /v1/{workspace_id}/external-integrations/{integration_id}`
//! - `DELETE /v1/{workspace_id}/external-integrations/{integration_id}`
//! - `GET /v1/{workspace_id}/external-integrations/{integration_id}/credentials`
//! - `POST /v1/{workspace_id}/external-integrations/{integration_id}/credentials`
//! - `POST .../credentials/{credential_id}/rotate`
//! - `DELETE .../credentials/{credential_id}`
//!
//! Sandbox-only endpoints (no key): `GET /healthz`, `GET /openapi.json`,
//! `POST /sandbox/credentials/verify`; with a console directory, its files
//! at `/` with a fallback to `index.html`.

pub mod auth;
pub mod commands;
pub mod config;
pub mod console;
pub mod console_files;
pub mod db;
pub mod error;
pub mod extract;
pub mod fault;
pub mod middleware;
pub mod openapi;
pub mod routes;
pub mod secrets;
pub mod state;

use axum::http::{header, HeaderName, HeaderValue, Method};
use axum::Router;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};

pub use state::AppState;

/// Builds the whole HTTP application for `state`.
pub fn app(state: AppState) -> Router {
    let mut api = routes::api();
    if let Some(injector) = &state.faults {
        api = api.layer(axum::middleware::from_fn_with_state(
            injector.clone(),
            fault::inject,
        ));
    }

    let mut router = Router::new()
        .merge(api)
        .merge(routes::sandbox::router())
        .method_not_allowed_fallback(routes::method_not_allowed)
        .fallback(console::console_fallback)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            console::security_headers,
        ))
        .layer(CatchPanicLayer::custom(middleware::panic_response))
        .with_state(state.clone());

    if let Some(cors) = cors_layer(&state.cors_origins) {
        router = router.layer(cors);
    }
    router.layer(axum::middleware::from_fn(middleware::request_log))
}

/// CORS for the configured origins, or `None` when there are none.
fn cors_layer(origins: &[String]) -> Option<CorsLayer> {
    let origins: Vec<HeaderValue> = origins
        .iter()
        .filter_map(|origin| HeaderValue::from_str(origin).ok())
        .collect();
    if origins.is_empty() {
        return None;
    }
    let exposed = [
        "x-request-id",
        "retry-after",
        "x-ratelimit-limit",
        "x-ratelimit-remaining",
        "x-ratelimit-reset",
    ]
    .map(HeaderName::from_static);
    Some(
        CorsLayer::new()
            .allow_origin(AllowOrigin::list(origins))
            .allow_methods([
                Method::GET,
                Method::POST,
                Method::PATCH,
                Method::DELETE,
                Method::OPTIONS,
            ])
            .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE])
            .expose_headers(exposed),
    )
}
