//! Client credentials without the DOM: status derivation, expiry choices,
//! the create form's checks, service labels and the `.env` download.

pub mod env_file;
pub mod expiry;
pub mod form;
pub mod secret;
pub mod services;
pub mod status;

pub use env_file::{env_file_name, render_env_file};
pub use expiry::{ExpiryChoice, LocalDateTime};
pub use form::{CredentialDraft, CredentialErrors, CredentialField};
pub use secret::IssuedSecret;
pub use services::{credential_label, ServiceDirectory, ServiceLabel};
pub use status::{derive_status, status_of, CredentialStatus};
