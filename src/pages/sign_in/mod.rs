//! The sign-in form.

mod sign_in_page;

pub use sign_in_page::SignInPage;
