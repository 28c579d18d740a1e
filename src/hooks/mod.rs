//! Browser observers wrapped as reactive signals, one per file.

mod debouncer;
mod use_focus_when_lost;
mod use_intersection;
mod use_leave_guard;
mod use_online;
mod use_viewport_offset;
mod use_wake_at;

pub use debouncer::Debouncer;
pub use use_focus_when_lost::use_focus_when_lost;
pub use use_intersection::use_intersection;
pub use use_leave_guard::use_leave_guard;
pub use use_online::{use_online, use_online_context, Online};
pub use use_viewport_offset::{use_viewport_offset, ViewportOffset};
pub use use_wake_at::use_wake_at;
