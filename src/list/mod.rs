//! State of paged lists, kept apart from rendering.

pub mod first_page;
pub mod params;
pub mod state;
pub mod window;

pub use params::{ListParams, PAGE_SIZE};
pub use state::{Keyed, ListPhase, ListState, PageRequest};
pub use window::{visible_window, RowWindow};
