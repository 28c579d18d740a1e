use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use crate::api::{ApiError, RequestScope};
use crate::app::use_api;
use crate::components::integrations::{FormMode, IntegrationForm};
use crate::forms::{FormErrors, IntegrationDraft};
use crate::hooks::use_focus_when_lost;
use crate::routes::{app_href, LastListPath};

/// `/integrations/new`: the create form. Success opens the new integration.
#[component]
pub fn NewIntegrationPage() -> impl IntoView {
    let client = use_api();
    let navigate = use_navigate();
    let scope = RequestScope::new();
    let heading_ref = NodeRef::<leptos::html::H1>::new();
    use_focus_when_lost(heading_ref);
    let submitting = RwSignal::new(false);
    let server_errors = RwSignal::new(FormErrors::default());

    let on_submit = Callback::new(move |draft: IntegrationDraft| {
        if submitting.get_untracked() {
            return;
        }
        submitting.set(true);
        server_errors.set(FormErrors::default());
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            let signal = scope.signal();
            let result = client
                .create_integration(&draft.to_create_request(), signal.as_ref())
                .await;
            match result {
                Ok(created) => {
                    navigate(&format!("/integrations/{}", created.id), Default::default());
                }
                Err(ApiError::Aborted) => {}
                Err(error) => {
                    submitting.try_set(false);
                    server_errors.try_set(FormErrors::from_api_error(&error));
                }
            }
        });
    });

    view! {
        <section class="page narrow">
            <p class="breadcrumb"><A href=app_href(&LastListPath::get())>"← Integrations"</A></p>
            <h1 tabindex="-1" node_ref=heading_ref>"New integration"</h1>
            <IntegrationForm
                mode=FormMode::Create
                initial=IntegrationDraft::default()
                server_errors
                submitting
                submit_label="Create integration"
                on_submit
            />
        </section>
    }
}
