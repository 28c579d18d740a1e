use leptos::prelude::*;
use platform_api::rules::SERVICE_LIMIT_MAX;
use platform_api::{CredentialResponse, CredentialSecretResponse, ServiceListQuery};
use uuid::Uuid;

use super::action_dialog::{CredentialAction, CredentialActionDialog};
use super::create_dialog::CreateCredentialDialog;
use super::credential_table::CredentialTable;
use super::secret_dialog::SecretDialog;
use crate::api::{ApiClient, ApiError, RequestScope};
use crate::app::use_api;
use crate::components::feedback::ErrorBanner;
use crate::credentials::services::referenced_service_ids;
use crate::credentials::status::earliest_transition;
use crate::credentials::{IssuedSecret, ServiceDirectory};
use crate::hooks::use_wake_at;

/// The credentials of one integration: the table, "New credential", rotate
/// and revoke, and the dialog that shows a new secret once.
#[component]
pub fn CredentialsSection(
    /// The integration whose credentials are managed.
    integration_id: Uuid,
    /// Whether the integration accepts writes; a deleted one only lists.
    writable: bool,
) -> impl IntoView {
    let client = use_api();
    let list_scope = RequestScope::new();
    let services_scope = RequestScope::new();
    let credentials = RwSignal::new(None::<Result<Vec<CredentialResponse>, ApiError>>);
    let directory = RwSignal::new(ServiceDirectory::default());
    let services_error = RwSignal::new(None::<ApiError>);
    let creating = RwSignal::new(false);
    let action = RwSignal::new(None::<CredentialAction>);
    let secret = RwSignal::new(None::<IssuedSecret>);
    let notice = RwSignal::new(None::<String>);

    let now = use_wake_at(move |now| {
        credentials.with(|loaded| match loaded {
            Some(Ok(list)) => earliest_transition(list, now),
            _ => None,
        })
    });

    let load = move || {
        let signal = list_scope.restart();
        leptos::task::spawn_local(async move {
            let result = client
                .list_credentials(integration_id, signal.as_ref())
                .await;
            if result != Err(ApiError::Aborted) {
                credentials.try_set(Some(result));
            }
        });
    };
    Effect::new(move |_| load());

    // Loads service pages until every id the credentials name is known.
    Effect::new(move |_| {
        let wanted = credentials.with(|loaded| match loaded {
            Some(Ok(list)) => referenced_service_ids(list),
            _ => Default::default(),
        });
        if directory.with_untracked(|known| known.knows_all(&wanted)) {
            return;
        }
        let signal = services_scope.restart();
        services_error.set(None);
        leptos::task::spawn_local(async move {
            match resolve_services(client, &wanted, signal.as_ref()).await {
                Ok(resolved) => {
                    directory.try_set(resolved);
                }
                Err(ApiError::Aborted) => {}
                Err(error) => {
                    services_error.try_set(Some(error));
                }
            }
        });
    });

    let show_secret = move |response: CredentialSecretResponse, rotated: bool| {
        let updated = response.credential.clone();
        credentials.update(|loaded| {
            if let Some(Ok(list)) = loaded {
                match list.iter_mut().find(|row| row.id == updated.id) {
                    Some(row) => *row = updated,
                    None => list.push(updated),
                }
            }
        });
        secret.set(Some(IssuedSecret::from_response(response, rotated)));
    };
    let on_created = Callback::new(move |response: CredentialSecretResponse| {
        creating.set(false);
        notice.set(None);
        show_secret(response, false);
    });
    let on_rotated = Callback::new(move |response: CredentialSecretResponse| {
        notice.set(None);
        show_secret(response, true);
    });
    let on_revoked = Callback::new(move |_| {
        notice.set(Some("The credential was revoked.".to_owned()));
        load();
    });
    let on_rotate =
        Callback::new(move |credential| action.set(Some(CredentialAction::Rotate(credential))));
    let on_revoke =
        Callback::new(move |credential| action.set(Some(CredentialAction::Revoke(credential))));

    view! {
        <div class="credentials-section">
            {writable.then(|| view! {
                <div class="actions">
                    <button type="button" class="button primary" on:click=move |_| creating.set(true)>
                        "New credential"
                    </button>
                </div>
            })}
            {move || notice.get().map(|text| view! {
                <p class="banner success" role="status"><span aria-hidden="true">"✔ "</span>{text}</p>
            })}
            {move || services_error.get().map(|error| view! {
                <div class="services-error">
                    <p class="muted">"Service names could not be loaded, so the ids are shown instead."</p>
                    <ErrorBanner error/>
                </div>
            })}
            {move || match credentials.get() {
                None => view! { <p class="status-line" role="status">"Loading credentials…"</p> }.into_any(),
                Some(Err(error)) => view! { <ErrorBanner error on_retry=Callback::new(move |_| load())/> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! {
                    <p class="muted empty">"No credentials yet. Create one to let this integration call services."</p>
                }.into_any(),
                Some(Ok(_)) => view! {
                    <CredentialTable
                        credentials=Signal::derive(move || match credentials.get() {
                            Some(Ok(list)) => list,
                            _ => Vec::new(),
                        })
                        directory
                        now
                        writable
                        on_rotate
                        on_revoke
                    />
                }.into_any(),
            }}
            {writable.then(|| view! {
                <CreateCredentialDialog
                    integration_id
                    open=creating
                    on_close=Callback::new(move |_| creating.set(false))
                    on_created
                />
                <CredentialActionDialog integration_id action on_rotated on_revoked/>
            })}
            <SecretDialog secret/>
        </div>
    }
}

/// Pages through `GET /v1/{workspace_id}/services` (20 per page, active and
/// inactive alike) until every id in `wanted` is known or the list ends.
/// Ids still unknown then belong to deleted services.
async fn resolve_services(
    client: ApiClient,
    wanted: &std::collections::HashSet<Uuid>,
    signal: Option<&web_sys::AbortSignal>,
) -> Result<ServiceDirectory, ApiError> {
    let mut directory = ServiceDirectory::default();
    let mut query = ServiceListQuery {
        limit: SERVICE_LIMIT_MAX,
        ..ServiceListQuery::default()
    };
    loop {
        let page = client.list_services(&query, signal).await?;
        directory.add_page(&page.items);
        if directory.knows_all(wanted) {
            return Ok(directory);
        }
        match page.continuation_token.filter(|_| page.has_more) {
            Some(next) => query.continuation_token = next,
            None => {
                directory.mark_complete();
                return Ok(directory);
            }
        }
    }
}
