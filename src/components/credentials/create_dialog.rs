use leptos::prelude::*;
use platform_api::{CredentialSecretResponse, Timestamp};
use uuid::Uuid;

use super::browser::local_to_utc;
use super::expiry_field::ExpiryField;
use super::service_picker::ServicePicker;
use crate::api::{ApiError, RequestScope};
use crate::app::use_api;
use crate::components::dialog::ModalDialog;
use crate::components::feedback::ErrorBanner;
use crate::components::form::TextField;
use crate::credentials::{CredentialDraft, CredentialErrors, CredentialField, ExpiryChoice};

/// The "New credential" form in a modal dialog. The fields keep their
/// values when a request fails, and clear after a success.
#[component]
pub fn CreateCredentialDialog(
    /// The integration the credential belongs to.
    integration_id: Uuid,
    /// Whether the dialog is shown.
    #[prop(into)]
    open: Signal<bool>,
    /// Called on Cancel and Escape.
    on_close: Callback<()>,
    /// Called with the server's response, which contains the secret.
    on_created: Callback<CredentialSecretResponse>,
) -> impl IntoView {
    let client = use_api();
    let scope = RequestScope::new();
    let name = RwSignal::new(String::new());
    let selected = RwSignal::new(Vec::<Uuid>::new());
    let expiry = RwSignal::new(ExpiryChoice::Never);
    let custom_expiry = RwSignal::new(String::new());
    let errors = RwSignal::new(CredentialErrors::default());
    let submitting = RwSignal::new(false);

    let field_error =
        move |field: CredentialField| Signal::derive(move || errors.with(|e| e.field(field)));

    let reset = move || {
        name.set(String::new());
        selected.set(Vec::new());
        expiry.set(ExpiryChoice::Never);
        custom_expiry.set(String::new());
        errors.set(CredentialErrors::default());
    };

    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if submitting.get_untracked() {
            return;
        }
        let draft = CredentialDraft {
            name: name.get_untracked(),
            service_ids: selected.get_untracked(),
            expiry: expiry.get_untracked(),
            custom_expiry: custom_expiry.get_untracked(),
        };
        let now = Timestamp::from_unix_millis_f64(js_sys::Date::now());
        let request = match draft.to_request(now, local_to_utc) {
            Ok(request) => request,
            Err(fields) => {
                errors.set(CredentialErrors { fields, form: None });
                return;
            }
        };

        errors.set(CredentialErrors::default());
        submitting.set(true);
        leptos::task::spawn_local(async move {
            let signal = scope.signal();
            let result = client
                .create_credential(integration_id, &request, signal.as_ref())
                .await;
            submitting.try_set(false);
            match result {
                Ok(created) => {
                    reset();
                    on_created.run(created);
                }
                Err(ApiError::Aborted) => {}
                Err(error) => {
                    errors.try_set(CredentialErrors::from_api_error(&error));
                }
            }
        });
    };

    view! {
        <ModalDialog id="create-credential-dialog" title="New credential".to_owned() open on_close>
            <form class="form" novalidate on:submit=submit>
                <TextField
                    id="credential-name"
                    label="Credential name"
                    value=name
                    hint="Optional. Helps tell credentials apart, such as \"CRM production\"."
                    error=field_error(CredentialField::Name)
                />
                <ServicePicker selected error=field_error(CredentialField::ServiceIds)/>
                <ExpiryField choice=expiry custom=custom_expiry error=field_error(CredentialField::ExpiresAt)/>
                {move || errors.with(|e| e.form.clone()).map(|error| view! { <ErrorBanner error/> })}
                <div class="form-actions">
                    <button type="submit" class="button primary" disabled=move || submitting.get()>
                        {move || if submitting.get() { "Creating…" } else { "Create credential" }}
                    </button>
                    <button type="button" class="button secondary" on:click=move |_| on_close.run(())>
                        "Cancel"
                    </button>
                </div>
            </form>
        </ModalDialog>
    }
}
