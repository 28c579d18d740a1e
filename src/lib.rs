//! The integrations console.
