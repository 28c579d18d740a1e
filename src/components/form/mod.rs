//! Labelled form controls with inline errors.

mod text_area_field;
mod text_field;

pub use text_area_field::TextAreaField;
pub use text_field::TextField;
