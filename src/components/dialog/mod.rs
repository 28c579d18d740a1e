//! Modal dialogs.

mod modal_dialog;

pub use modal_dialog::ModalDialog;
