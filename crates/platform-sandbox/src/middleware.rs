//! Middleware around every route: request ids, the request log, and the one
//! place unexpected errors are logged.

use std::time::Instant;

use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use uuid::Uuid;

use crate::error::{AppError, InternalErrorText};

/// Header carrying the request id on requests and responses.
pub static REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Maximum length of an incoming request id that is echoed.
const REQUEST_ID_MAX_LENGTH: usize = 128;

/// The id of the request being served, in the request's extensions.
#[derive(Clone, Debug)]
pub struct RequestId(pub HeaderValue);

/// Checks that an incoming request id is safe to echo and log: 1 to 128
/// characters among ASCII letters, digits, `-`, `_`, `.` and `:`.
fn is_well_formed(value: &HeaderValue) -> bool {
    let bytes = value.as_bytes();
    !bytes.is_empty()
        && bytes.len() <= REQUEST_ID_MAX_LENGTH
        && bytes
            .iter()
            .all(|byte| byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b':'))
}

/// Gives the request an id (echoing a well-formed incoming one), logs the
/// request with its status and latency, logs an internal error's text once,
/// and puts the id on the response.
pub async fn request_log(mut request: Request, next: Next) -> Response {
    let started = Instant::now();
    let request_id = request
        .headers()
        .get(&REQUEST_ID)
        .filter(|value| is_well_formed(value))
        .cloned()
        .unwrap_or_else(|| {
            HeaderValue::from_str(&Uuid::new_v4().to_string())
                .unwrap_or(HeaderValue::from_static("invalid"))
        });
    request
        .extensions_mut()
        .insert(RequestId(request_id.clone()));
    let method = request.method().clone();
    // The query string is left out of the log because it may carry search text.
    let path = request.uri().path().to_owned();

    let mut response = next.run(request).await;

    let id = request_id.to_str().unwrap_or("");
    if let Some(InternalErrorText(text)) = response.extensions_mut().remove::<InternalErrorText>() {
        tracing::error!(request_id = id, %method, path, error = %text, "request failed unexpectedly");
    }
    tracing::info!(
        request_id = id,
        %method,
        path,
        status = response.status().as_u16(),
        latency_ms = started.elapsed().as_secs_f64() * 1000.0,
        "request"
    );
    response
        .headers_mut()
        .insert(REQUEST_ID.clone(), request_id);
    response
}

/// Turns a handler panic into the generic 500 response, which `request_log`
/// then logs.
pub fn panic_response(panic: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let text = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("handler panicked");
    AppError::internal(format!("panic: {text}")).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_id_shapes() {
        assert!(is_well_formed(&HeaderValue::from_static("abc-123_x.y:z")));
        assert!(!is_well_formed(&HeaderValue::from_static("")));
        assert!(!is_well_formed(&HeaderValue::from_static("has space")));
        let long = "a".repeat(129);
        assert!(!is_well_formed(
            &HeaderValue::from_str(&long).expect("ascii")
        ));
    }
}
