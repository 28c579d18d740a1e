//! The frame around every page.

mod app_header;
mod offline_banner;
mod retry_status;

pub use app_header::AppHeader;
pub use offline_banner::OfflineBanner;
pub use retry_status::RetryStatus;
