//! Labelled form controls with inline errors.

mod field_parts;
mod text_area_field;
mod text_field;

pub use field_parts::FieldError;
pub use text_area_field::TextAreaField;
pub use text_field::TextField;
