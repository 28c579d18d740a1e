//! Client credentials of an integration: the table, the create form, the
//! rotate and revoke confirmations, and the dialog that shows a secret once.

mod action_dialog;
mod browser;
mod copy_button;
mod create_dialog;
mod credential_row;
mod credential_table;
mod credentials_section;
mod expiry_field;
mod secret_dialog;
mod service_picker;
mod zoned_time;

pub use action_dialog::{CredentialAction, CredentialActionDialog};
pub use copy_button::{CopyButton, COPY_FAILED};
pub use create_dialog::CreateCredentialDialog;
pub use credential_row::CredentialRow;
pub use credential_table::CredentialTable;
pub use credentials_section::CredentialsSection;
pub use expiry_field::ExpiryField;
pub use secret_dialog::SecretDialog;
pub use service_picker::ServicePicker;
pub use zoned_time::ZonedTime;
