//! Pages of external integrations.

mod detail;
mod list;
mod new;

pub use detail::IntegrationDetailPage;
pub use list::IntegrationListPage;
pub use new::NewIntegrationPage;
