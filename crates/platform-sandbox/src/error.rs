//! The one error type of every handler, and how it becomes a response.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use platform_api::error::messages;
use platform_api::{ErrorBody, HttpValidationError, ValidationError};

/// Largest request body the API reads, in bytes.
pub const BODY_LIMIT_BYTES: usize = 64 * 1024;

/// Everything a request can fail with. Each variant names its status.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// 401: no bearer header, or an unknown, revoked or expired key.
    #[error("missing or invalid API key")]
    Unauthorized,
    /// 403: the key's role lacks the permission.
    #[error("insufficient permissions")]
    Forbidden,
    /// 404 with the sentence for the missing thing.
    #[error("not found: {0}")]
    NotFound(&'static str),
    /// 405: the path exists but not for this method.
    #[error("method not allowed")]
    MethodNotAllowed,
    /// 409 with the sentence for the conflict.
    #[error("conflict: {0}")]
    Conflict(&'static str),
    /// 413: the body is larger than [`BODY_LIMIT_BYTES`].
    #[error("request body too large")]
    PayloadTooLarge,
    /// 415: a body that is not declared as `application/json`.
    #[error("unsupported media type")]
    UnsupportedMediaType,
    /// 422 with every rule the request broke.
    #[error("validation failed")]
    Validation(Vec<ValidationError>),
    /// 429 with the seconds to wait before retrying.
    #[error("rate limited")]
    RateLimited {
        /// Whole seconds until a request may succeed again.
        retry_after_seconds: u64,
    },
    /// 500 or 503: the fault injector chose to fail this request before
    /// its handler ran, so nothing was changed.
    #[error("injected failure ({status})")]
    InjectedFailure {
        /// 500 or 503, drawn at random by the injector.
        status: StatusCode,
    },
    /// 500: a bug or a broken environment. The text is logged, never sent.
    #[error("internal error: {0}")]
    Internal(String),
}

impl AppError {
    /// Wraps anything printable as an internal error.
    pub fn internal(error: impl std::fmt::Display) -> Self {
        AppError::Internal(error.to_string())
    }

    /// Returns the HTTP status of this error.
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::Unauthorized => StatusCode::UNAUTHORIZED,
            AppError::Forbidden => StatusCode::FORBIDDEN,
            AppError::NotFound(_) => StatusCode::NOT_FOUND,
            AppError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            AppError::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::InjectedFailure { status } => *status,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl From<rusqlite::Error> for AppError {
    fn from(error: rusqlite::Error) -> Self {
        AppError::internal(format!("database: {error}"))
    }
}

impl From<r2d2::Error> for AppError {
    fn from(error: r2d2::Error) -> Self {
        AppError::internal(format!("connection pool: {error}"))
    }
}

/// The text of an internal error, carried in the response extensions so the
/// request log middleware can log it once, next to the request id.
#[derive(Clone, Debug)]
pub struct InternalErrorText(pub String);

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = self.status();
        let message = match self {
            AppError::Validation(errors) => {
                return (status, Json(HttpValidationError { detail: errors })).into_response();
            }
            AppError::Unauthorized => {
                let mut response =
                    (status, Json(ErrorBody::message(messages::UNAUTHORIZED))).into_response();
                response
                    .headers_mut()
                    .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
                return response;
            }
            AppError::RateLimited {
                retry_after_seconds,
            } => {
                let mut response = (
                    status,
                    Json(ErrorBody::message(
                        "Too many requests. Wait for the time in Retry-After, then try again.",
                    )),
                )
                    .into_response();
                response
                    .headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from(retry_after_seconds));
                return response;
            }
            AppError::Internal(text) => {
                let mut response = (
                    status,
                    Json(ErrorBody::message(
                        "Internal server error. Try again; if it persists, check the server log.",
                    )),
                )
                    .into_response();
                response.extensions_mut().insert(InternalErrorText(text));
                return response;
            }
            AppError::Forbidden => messages::FORBIDDEN,
            AppError::NotFound(message) | AppError::Conflict(message) => message,
            AppError::MethodNotAllowed => "Method Not Allowed",
            AppError::PayloadTooLarge => "Request body is larger than 64 KiB.",
            AppError::UnsupportedMediaType => {
                "Unsupported media type. Send the body as JSON with Content-Type: application/json."
            }
            AppError::InjectedFailure { .. } => {
                "Request failed before it ran (injected failure). Nothing was changed; try again."
            }
        };
        (status, Json(ErrorBody::message(message))).into_response()
    }
}
