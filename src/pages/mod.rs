//! One module per route.

pub mod integrations;
pub mod not_found;
pub mod sign_in;
