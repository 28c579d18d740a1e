//! The one error type of every Platform API call, and the decoding of error
//! responses into it.
//!
//! Decoding is a plain function of the status, body and headers so that it
//! runs under native `cargo test`.

use platform_api::{ErrorBody, ErrorDetail, ValidationError};

/// Failure of a Platform API request. `Display` is the sentence a user reads.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum ApiError {
    /// The request never got a response (offline, DNS, CORS, connection reset).
    #[error("Could not reach the server. Check your connection and try again.")]
    Network,
    /// No response within the request timeout, or a 408 from the server.
    #[error("The server took too long to respond. Try again.")]
    Timeout {
        /// `x-request-id` of a 408 response; `None` for a client-side timeout.
        request_id: Option<String>,
    },
    /// The request was cancelled because the page that made it went away.
    #[error("The request was cancelled.")]
    Aborted,
    /// 401: the key is missing, unknown, revoked or expired.
    #[error("Your API key is invalid or expired. Sign in again.")]
    Unauthorized,
    /// 403: the key's role lacks the permission.
    #[error("Your API key's role cannot do this. Ask for an admin or owner key.")]
    Forbidden {
        /// `x-request-id` of the response.
        request_id: Option<String>,
    },
    /// 404: the record does not exist in this workspace.
    #[error("{detail}")]
    NotFound {
        /// The server's sentence, such as "External integration not found."
        detail: String,
        /// `x-request-id` of the response.
        request_id: Option<String>,
    },
    /// 409: the request conflicts with the current state (a taken name).
    #[error("{detail}")]
    Conflict {
        /// The server's sentence.
        detail: String,
        /// `x-request-id` of the response.
        request_id: Option<String>,
    },
    /// 422: the request broke one or more field rules.
    #[error("The server rejected some values. Fix the marked fields and try again.")]
    Validation {
        /// Every broken rule, as the server listed them.
        errors: Vec<ValidationError>,
        /// `x-request-id` of the response.
        request_id: Option<String>,
    },
    /// 429: too many requests.
    #[error("{}", rate_limited_message(*retry_after_seconds))]
    RateLimited {
        /// Seconds from `Retry-After`, when the server sent a number.
        retry_after_seconds: Option<u32>,
        /// `x-request-id` of the response.
        request_id: Option<String>,
    },
    /// 5xx, or any status or body the console does not expect.
    #[error("The server failed to handle the request (HTTP {status}). Try again later.")]
    Server {
        /// HTTP status code.
        status: u16,
        /// `x-request-id` of the response.
        request_id: Option<String>,
    },
}

fn rate_limited_message(retry_after_seconds: Option<u32>) -> String {
    match retry_after_seconds {
        Some(seconds) => format!("Too many requests. Try again in {seconds} s."),
        None => "Too many requests. Wait a moment and try again.".to_owned(),
    }
}

impl ApiError {
    /// The `x-request-id` of the failed response, for support requests.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            ApiError::Network | ApiError::Aborted | ApiError::Unauthorized => None,
            ApiError::Timeout { request_id }
            | ApiError::Forbidden { request_id }
            | ApiError::NotFound { request_id, .. }
            | ApiError::Conflict { request_id, .. }
            | ApiError::Validation { request_id, .. }
            | ApiError::RateLimited { request_id, .. }
            | ApiError::Server { request_id, .. } => request_id.as_deref(),
        }
    }
}

/// Parses a `Retry-After` header given in seconds. HTTP dates are ignored,
/// because the Platform API only sends seconds.
pub fn parse_retry_after(value: Option<&str>) -> Option<u32> {
    value?.trim().parse::<u32>().ok()
}

/// Maps an error response to an [`ApiError`].
///
/// `body` is the raw response text; a body that is not the documented
/// `{"detail": ...}` shape still yields the error its status stands for.
pub fn decode_error(
    status: u16,
    body: &str,
    retry_after: Option<&str>,
    request_id: Option<String>,
) -> ApiError {
    let detail = serde_json::from_str::<ErrorBody>(body)
        .ok()
        .map(|body| body.detail);
    let message = |fallback: &str| match &detail {
        Some(ErrorDetail::Message(text)) if !text.trim().is_empty() => text.clone(),
        _ => fallback.to_owned(),
    };

    match status {
        401 => ApiError::Unauthorized,
        403 => ApiError::Forbidden { request_id },
        404 => ApiError::NotFound {
            detail: message("Not found. It may have been deleted."),
            request_id,
        },
        408 => ApiError::Timeout { request_id },
        409 => ApiError::Conflict {
            detail: message("The request conflicts with the current state. Reload and try again."),
            request_id,
        },
        422 => match detail {
            Some(ErrorDetail::Validation(errors)) => ApiError::Validation { errors, request_id },
            _ => ApiError::Server { status, request_id },
        },
        429 => ApiError::RateLimited {
            retry_after_seconds: parse_retry_after(retry_after),
            request_id,
        },
        _ => ApiError::Server { status, request_id },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id() -> Option<String> {
        Some("req-1".to_owned())
    }

    #[test]
    fn statuses_map_to_variants() {
        let body = r#"{"detail":"Missing or invalid API key."}"#;
        assert_eq!(decode_error(401, body, None, id()), ApiError::Unauthorized);
        assert_eq!(
            decode_error(403, r#"{"detail":"Insufficient permissions."}"#, None, id()),
            ApiError::Forbidden { request_id: id() }
        );
        assert_eq!(
            decode_error(408, "", None, id()),
            ApiError::Timeout { request_id: id() }
        );
        assert_eq!(
            decode_error(503, "<html>", None, id()),
            ApiError::Server {
                status: 503,
                request_id: id()
            }
        );
    }

    #[test]
    fn not_found_and_conflict_keep_server_sentence() {
        let error = decode_error(
            409,
            r#"{"detail":"Integration name already taken in this workspace."}"#,
            None,
            id(),
        );
        assert_eq!(
            error.to_string(),
            "Integration name already taken in this workspace."
        );
        assert_eq!(error.request_id(), Some("req-1"));

        let missing = decode_error(404, "not json", None, None);
        assert_eq!(missing.to_string(), "Not found. It may have been deleted.");
    }

    #[test]
    fn validation_keeps_every_item() {
        let body = r#"{"detail":[
            {"loc":["body","name"],"msg":"String should have at least 2 characters","type":"string_too_short","input":"a","ctx":{"min_length":2}},
            {"loc":["body"],"msg":"Field required","type":"missing","input":null}
        ]}"#;
        let ApiError::Validation { errors, request_id } = decode_error(422, body, None, id())
        else {
            panic!("expected a validation error");
        };
        assert_eq!(errors.len(), 2);
        assert_eq!(errors[0].field(), Some("name"));
        assert_eq!(errors[1].field(), None);
        assert_eq!(request_id, id());
    }

    #[test]
    fn validation_without_list_is_server_error() {
        let error = decode_error(422, r#"{"detail":"odd"}"#, None, None);
        assert_eq!(
            error,
            ApiError::Server {
                status: 422,
                request_id: None
            }
        );
    }

    #[test]
    fn rate_limit_reads_retry_after_seconds() {
        let error = decode_error(429, "{}", Some(" 3 "), None);
        assert_eq!(
            error,
            ApiError::RateLimited {
                retry_after_seconds: Some(3),
                request_id: None
            }
        );
        assert_eq!(error.to_string(), "Too many requests. Try again in 3 s.");
        assert_eq!(
            parse_retry_after(Some("Wed, 21 Oct 2015 07:28:00 GMT")),
            None
        );
        assert_eq!(parse_retry_after(Some("-1")), None);
    }

    #[test]
    fn forbidden_sentence_names_the_fix() {
        let error = decode_error(403, "", None, None);
        assert_eq!(
            error.to_string(),
            "Your API key's role cannot do this. Ask for an admin or owner key."
        );
    }
}
