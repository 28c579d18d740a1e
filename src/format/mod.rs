//! Formatting of times and text for display.

pub mod text;
pub mod time;

pub use text::truncate_chars;
pub use time::{expiry_warning, relative_time};
