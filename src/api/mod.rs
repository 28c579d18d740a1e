//! The only code that speaks HTTP to the Platform API.
//!
//! [`ApiClient`] adds the bearer token, builds every URL from the configured
//! base, applies the timeout and retry policy, and decodes failures into
//! [`ApiError`]. The endpoint functions in [`endpoints`] are thin wrappers.

pub mod abort;
pub mod client;
pub mod credentials;
pub mod endpoints;
pub mod error;
pub mod retry;

pub use abort::RequestScope;
pub use client::{ApiClient, RetryNotice};
pub use error::{decode_error, ApiError};
pub use retry::{Method, RetryPolicy};
