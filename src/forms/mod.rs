//! Form logic that does not touch the DOM: field checks, request building
//! and the mapping of server errors to fields.

pub mod integration;
pub mod slug;

pub use integration::{Field, FormErrors, IntegrationDraft};
pub use slug::suggest_slug;
