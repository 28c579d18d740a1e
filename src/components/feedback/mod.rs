//! Error banners, statuses and times.

mod error_banner;
mod local_time;

pub use error_banner::ErrorBanner;
pub use local_time::LocalTime;
