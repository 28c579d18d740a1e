//! One router per resource, merged in [`crate::app`].

pub mod auth;
pub mod credentials;
pub mod integrations;
pub mod sandbox;
pub mod services;

use axum::Router;
use platform_api::error::messages;

use crate::error::AppError;
use crate::state::AppState;

/// Every Platform API route under `/v1`.
pub fn api() -> Router<AppState> {
    Router::new()
        .merge(auth::router())
        .merge(services::router())
        .merge(integrations::router())
        .merge(credentials::router())
}

/// Responds to a path that no route matches.
pub async fn not_found() -> AppError {
    AppError::NotFound(messages::NOT_FOUND)
}

/// Responds to a known path called with a method it does not serve.
pub async fn method_not_allowed() -> AppError {
    AppError::MethodNotAllowed
}
