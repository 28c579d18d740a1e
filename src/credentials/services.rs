//! Labels of a credential's `service_ids` in the table, and of the credential.

use std::collections::{HashMap, HashSet};

use platform_api::{CredentialResponse, ServiceResponse};
use uuid::Uuid;

/// State of one service a credential names, as far as the console has loaded it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ServiceLabel {
    /// An active service, by name.
    Active(String),
    /// A service that exists but is deactivated; calls to it fail.
    Inactive(String),
    /// An id the whole services list does not contain: a deleted service.
    Unknown(Uuid),
    /// An id not loaded yet, because the services list is still loading or
    /// failed to load.
    Pending(Uuid),
}

impl ServiceLabel {
    /// Returns the text shown for the service.
    pub fn text(&self) -> String {
        match self {
            ServiceLabel::Active(name) => name.clone(),
            ServiceLabel::Inactive(name) => format!("{name} (Inactive service)"),
            ServiceLabel::Unknown(id) => format!("Unknown service {id}"),
            ServiceLabel::Pending(id) => format!("Service {id}"),
        }
    }

    /// Returns whether the service no longer works: inactive or unknown.
    pub fn is_broken(&self) -> bool {
        matches!(self, ServiceLabel::Inactive(_) | ServiceLabel::Unknown(_))
    }
}

/// Names and states of the services loaded so far, by id.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ServiceDirectory {
    services: HashMap<Uuid, (String, bool)>,
    complete: bool,
}

impl ServiceDirectory {
    /// Adds the services of one page.
    pub fn add_page(&mut self, services: &[ServiceResponse]) {
        for service in services {
            self.services
                .insert(service.id, (service.name.clone(), service.is_active));
        }
    }

    /// Records that the pages read so far are all there is to read, so an
    /// id still missing belongs to no service.
    pub fn mark_complete(&mut self) {
        self.complete = true;
    }

    /// Returns whether every id is known, so no further page is needed.
    pub fn knows_all<'a>(&self, ids: impl IntoIterator<Item = &'a Uuid>) -> bool {
        ids.into_iter().all(|id| self.services.contains_key(id))
    }

    /// Returns the label of `id`.
    pub fn label(&self, id: Uuid) -> ServiceLabel {
        match self.services.get(&id) {
            Some((name, true)) => ServiceLabel::Active(name.clone()),
            Some((name, false)) => ServiceLabel::Inactive(name.clone()),
            None if self.complete => ServiceLabel::Unknown(id),
            None => ServiceLabel::Pending(id),
        }
    }
}

/// Collects every service id the credentials name, each once.
pub fn referenced_service_ids(credentials: &[CredentialResponse]) -> HashSet<Uuid> {
    credentials
        .iter()
        .flat_map(|credential| credential.service_ids.iter().copied())
        .collect()
}

/// Returns the name of a credential for buttons and dialogs: its name when
/// it has a non-blank one, else its client id.
pub fn credential_label(credential: &CredentialResponse) -> String {
    match credential.name.as_deref().map(str::trim) {
        Some(name) if !name.is_empty() => name.to_owned(),
        _ => credential.client_id.clone(),
    }
}

#[cfg(test)]
mod tests {
    use platform_api::Timestamp;

    use super::*;

    fn service(id: u128, name: &str, is_active: bool) -> ServiceResponse {
        let json = serde_json::json!({
            "id": Uuid::from_u128(id),
            "workspace_id": Uuid::nil(),
            "name": name,
            "is_active": is_active,
            "created_at": Timestamp::from_unix_micros(0),
            "updated_at": Timestamp::from_unix_micros(0),
        });
        serde_json::from_value(json).expect("valid service")
    }

    #[test]
    fn labels_show_inactive_and_unknown_services() {
        let mut directory = ServiceDirectory::default();
        directory.add_page(&[service(1, "Billing", true), service(2, "Legacy", false)]);

        assert_eq!(directory.label(Uuid::from_u128(1)).text(), "Billing");
        let inactive = directory.label(Uuid::from_u128(2));
        assert_eq!(inactive.text(), "Legacy (Inactive service)");
        assert!(inactive.is_broken());
        let pending = directory.label(Uuid::from_u128(3));
        assert_eq!(pending.text(), format!("Service {}", Uuid::from_u128(3)));
        assert!(!pending.is_broken());

        directory.mark_complete();
        let unknown = directory.label(Uuid::from_u128(3));
        assert_eq!(
            unknown.text(),
            format!("Unknown service {}", Uuid::from_u128(3))
        );
        assert!(unknown.is_broken());
    }

    #[test]
    fn directory_reports_when_every_id_is_known() {
        let mut directory = ServiceDirectory::default();
        let ids = [Uuid::from_u128(1), Uuid::from_u128(2)];
        assert!(!directory.knows_all(&ids));
        directory.add_page(&[service(1, "A", true)]);
        assert!(!directory.knows_all(&ids));
        directory.add_page(&[service(2, "B", true)]);
        assert!(directory.knows_all(&ids));
    }
}
