//! The integrations console: a Leptos single-page app, compiled to wasm,
//! that manages a workspace's external integrations through the Platform API.
//!
//! The pure logic (list state, URL parameters, retry policy, error mapping,
//! form checks, formatting) also compiles natively, so `cargo test` runs its
//! tests without a browser.

pub mod api;
pub mod app;
pub mod boot;
pub mod components;
pub mod config;
pub mod credentials;
pub mod format;
pub mod forms;
pub mod hooks;
pub mod list;
pub mod pages;
pub mod panic_banner;
pub mod routes;
pub mod session;

pub use app::App;
pub use boot::start;
