//! The frame around every page.

mod app_header;
mod retry_status;

pub use app_header::AppHeader;
pub use retry_status::RetryStatus;
