//! Reusable parts of pages, one folder per family.

pub mod credentials;
pub mod dialog;
pub mod feedback;
pub mod form;
pub mod integrations;
pub mod layout;
