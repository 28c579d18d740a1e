//! Wire types and validation rules of the Platform API surface that the
//! integrations console manages.
//!
//! Both the browser console and the local sandbox server depend on this crate,
//! so the field rules (lengths, the name pattern, list bounds, sort fields)
//! exist once. It depends on neither a web framework nor a UI framework and
//! compiles for native targets and `wasm32-unknown-unknown`.

pub mod auth;
pub mod body;
pub mod credentials;
pub mod error;
pub mod integrations;
pub mod page;
pub mod query;
pub mod rules;
pub mod services;
pub mod time;

pub use auth::AuthInfoResponse;
pub use credentials::{
    CredentialRequest, CredentialResponse, CredentialSecretResponse, CredentialVerifyRequest,
    CredentialVerifyResponse,
};
pub use error::{ErrorBody, ErrorDetail, HttpValidationError, LocItem, ValidationError};
pub use integrations::{IntegrationRequest, IntegrationResponse, IntegrationUpdateRequest};
pub use page::Page;
pub use query::{IntegrationListQuery, ServiceListQuery, SortField, SortKey};
pub use services::ServiceResponse;
pub use time::Timestamp;
