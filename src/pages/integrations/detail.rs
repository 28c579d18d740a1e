use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};
use platform_api::IntegrationResponse;
use uuid::Uuid;

use crate::api::{ApiError, RequestScope};
use crate::app::use_api;
use crate::components::credentials::CredentialsSection;
use crate::components::feedback::{ErrorBanner, LocalTime};
use crate::components::integrations::{DeleteDialog, FormMode, IntegrationForm};
use crate::forms::{FormErrors, IntegrationDraft};
use crate::hooks::use_focus_when_lost;
use crate::routes::{app_href, LastListPath};

/// `/integrations/:id`: every field, who created it, Edit and Delete, and
/// the place where credentials will be managed.
#[component]
pub fn IntegrationDetailPage() -> impl IntoView {
    let client = use_api();
    let params = use_params_map();
    let scope = RequestScope::new();
    let id = Memo::new(move |_| {
        params.with(|params| params.get_str("id").and_then(|id| Uuid::parse_str(id).ok()))
    });
    let loaded = RwSignal::new(None::<Result<IntegrationResponse, ApiError>>);
    // Lives here so "Changes saved" outlasts the re-render that a save causes.
    let saved = RwSignal::new(false);

    let load = move || {
        let signal = scope.restart();
        let Some(id) = id.get_untracked() else {
            loaded.set(Some(Err(ApiError::NotFound {
                detail: "This is not a valid integration address.".to_owned(),
                request_id: None,
            })));
            return;
        };
        loaded.set(None);
        leptos::task::spawn_local(async move {
            let result = client.get_integration(id, signal.as_ref()).await;
            if result != Err(ApiError::Aborted) {
                loaded.try_set(Some(result));
            }
        });
    };
    Effect::new(move |_| {
        id.track();
        load();
    });

    view! {
        <section class="page wide">
            <p class="breadcrumb"><A href=app_href(&LastListPath::get())>"← Integrations"</A></p>
            {move || match loaded.get() {
                None => view! { <p class="status-line" role="status">"Loading the integration…"</p> }.into_any(),
                Some(Err(error)) => view! {
                    <h1>"Integration"</h1>
                    <ErrorBanner error on_retry=Callback::new(move |_| load())/>
                }.into_any(),
                Some(Ok(integration)) => view! { <IntegrationDetails integration loaded saved/> }.into_any(),
            }}
        </section>
    }
}

/// The loaded integration, in view or edit mode.
#[component]
fn IntegrationDetails(
    integration: IntegrationResponse,
    loaded: RwSignal<Option<Result<IntegrationResponse, ApiError>>>,
    saved: RwSignal<bool>,
) -> impl IntoView {
    let client = use_api();
    let navigate = use_navigate();
    let scope = RequestScope::new();
    let editing = RwSignal::new(false);
    let deleting = RwSignal::new(false);
    let saving = RwSignal::new(false);
    let server_errors = RwSignal::new(FormErrors::default());
    let original = StoredValue::new(integration.clone());
    let heading_ref = NodeRef::<leptos::html::H1>::new();
    use_focus_when_lost(heading_ref);

    let on_save = Callback::new(move |draft: IntegrationDraft| {
        let current = original.get_value();
        let update = draft.to_update_request(&current);
        if update.is_empty() || saving.get_untracked() {
            return;
        }
        saving.set(true);
        server_errors.set(FormErrors::default());
        leptos::task::spawn_local(async move {
            let signal = scope.signal();
            let result = client
                .update_integration(current.id, &update, signal.as_ref())
                .await;
            saving.try_set(false);
            match result {
                Ok(updated) => {
                    saved.try_set(true);
                    loaded.try_set(Some(Ok(updated)));
                }
                Err(ApiError::Aborted) => {}
                Err(error) => {
                    server_errors.try_set(FormErrors::from_api_error(&error));
                }
            }
        });
    });
    let list_path = LastListPath::get();
    let on_deleted = Callback::new(move |_| navigate(&list_path, Default::default()));

    let status = if integration.is_active {
        ("●", "Active")
    } else {
        ("○", "Deleted")
    };
    let initial = IntegrationDraft::from_integration(&integration);
    let credential_key = integration
        .created_by_credential_id
        .map(|id| id.to_string())
        .unwrap_or_else(|| "—".to_owned());

    view! {
        <div class="page-head">
            <h1 tabindex="-1" node_ref=heading_ref>{integration.display_name.clone()}</h1>
            <Show when=move || !editing.get() && integration.is_active>
                <div class="actions">
                    <button type="button" class="button secondary" on:click=move |_| { saved.set(false); editing.set(true); }>
                        "Edit"
                    </button>
                    <button type="button" class="button danger" on:click=move |_| deleting.set(true)>
                        "Delete"
                    </button>
                </div>
            </Show>
        </div>
        <Show when=move || saved.get()>
            <p class="banner success" role="status"><span aria-hidden="true">"✔ "</span>"Changes saved."</p>
        </Show>
        <Show
            when=move || editing.get()
            fallback={
                let integration = integration.clone();
                move || view! {
                    <dl class="details">
                        <dt>"Display name"</dt><dd>{integration.display_name.clone()}</dd>
                        <dt>"Name"</dt><dd class="mono">{integration.name.clone()}</dd>
                        <dt>"Description"</dt>
                        <dd class="description" data-testid="integration-description">
                            {integration.description.clone().unwrap_or_else(|| "No description.".to_owned())}
                        </dd>
                        <dt>"Status"</dt><dd><span aria-hidden="true">{status.0}" "</span>{status.1}</dd>
                        <dt>"Id"</dt><dd class="mono">{integration.id.to_string()}</dd>
                        <dt>"Created"</dt><dd>{integration.created_at.map(|at| view! { <LocalTime at/> })}</dd>
                        <dt>"Updated"</dt><dd>{integration.updated_at.map(|at| view! { <LocalTime at/> })}</dd>
                        <dt>"Created by entity"</dt><dd class="mono">{integration.created_by_entity_id.to_string()}</dd>
                        <dt>"Created with key"</dt><dd class="mono">{credential_key.clone()}</dd>
                    </dl>
                }
            }
        >
            <h2>"Edit integration"</h2>
            <IntegrationForm
                mode=FormMode::Edit
                initial=initial.clone()
                server_errors
                submitting=saving
                submit_label="Save changes"
                on_submit=on_save
                on_cancel=move |_| { server_errors.set(FormErrors::default()); editing.set(false); }
            />
        </Show>
        <section class="credentials" aria-labelledby="credentials-heading">
            <h2 id="credentials-heading">"Credentials"</h2>
            <CredentialsSection integration_id=integration.id writable=integration.is_active/>
        </section>
        <DeleteDialog
            integration=original.get_value()
            open=deleting
            on_close=Callback::new(move |_| deleting.set(false))
            on_deleted
        />
    }
}
