//! Parts of the integration pages.

mod delete_dialog;
mod integration_form;
mod integration_row;
mod integration_table;
mod search_box;
mod sort_header;

pub use delete_dialog::DeleteDialog;
pub use integration_form::{FormMode, IntegrationForm};
pub use integration_row::IntegrationRow;
pub use integration_table::{IntegrationTable, ROW_HEIGHT_PX};
pub use search_box::SearchBox;
pub use sort_header::SortHeader;
