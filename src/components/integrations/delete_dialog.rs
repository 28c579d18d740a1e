use leptos::prelude::*;
use platform_api::IntegrationResponse;

use crate::api::{ApiError, RequestScope};
use crate::app::use_api;
use crate::components::dialog::ModalDialog;
use crate::components::feedback::ErrorBanner;

/// Confirmation of a delete: the admin types the integration's name. The
/// dialog shows how many active credentials the delete revokes.
#[component]
pub fn DeleteDialog(
    /// The integration to delete.
    integration: IntegrationResponse,
    /// Whether the dialog is shown.
    #[prop(into)]
    open: Signal<bool>,
    /// Called on Cancel and Escape.
    on_close: Callback<()>,
    /// Called after the server deleted it.
    on_deleted: Callback<()>,
) -> impl IntoView {
    let client = use_api();
    let scope = RequestScope::new();
    let id = integration.id;
    let name = integration.name.clone();
    let typed = RwSignal::new(String::new());
    let deleting = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let active_credentials = RwSignal::new(None::<Result<usize, ApiError>>);

    Effect::new(move |_| {
        if !open.get() {
            return;
        }
        typed.set(String::new());
        error.set(None);
        active_credentials.set(None);
        leptos::task::spawn_local(async move {
            let signal = scope.signal();
            let result = client.list_credentials(id, signal.as_ref()).await;
            if result != Err(ApiError::Aborted) {
                let count = result.map(|list| list.iter().filter(|c| c.is_active).count());
                active_credentials.try_set(Some(count));
            }
        });
    });

    let matches = {
        let name = name.clone();
        move || typed.with(|text| *text == name)
    };
    let confirm = {
        let matches = matches.clone();
        move |event: leptos::ev::SubmitEvent| {
            event.prevent_default();
            if deleting.get_untracked() || !matches() {
                return;
            }
            deleting.set(true);
            error.set(None);
            leptos::task::spawn_local(async move {
                let signal = scope.signal();
                let result = client.delete_integration(id, signal.as_ref()).await;
                deleting.try_set(false);
                match result {
                    Ok(()) => on_deleted.run(()),
                    Err(ApiError::Aborted) => {}
                    Err(failure) => {
                        error.try_set(Some(failure));
                    }
                }
            });
        }
    };

    let credentials_line = move || match active_credentials.get() {
        None => "Counting active credentials…".to_owned(),
        Some(Ok(0)) => "It has no active credentials.".to_owned(),
        Some(Ok(1)) => "Its 1 active credential will be revoked.".to_owned(),
        Some(Ok(count)) => format!("Its {count} active credentials will be revoked."),
        Some(Err(failure)) => format!("Its active credentials could not be counted: {failure}"),
    };
    let title = format!("Delete {}?", integration.display_name);
    let prompt = format!("Type {name} to confirm");

    view! {
        <ModalDialog id="delete-dialog" title open on_close>
            <form class="form" on:submit=confirm>
                <p>"The integration stops working at once. This cannot be undone."</p>
                <p data-testid="credentials-to-revoke" role="status">{credentials_line}</p>
                <div class="field">
                    <label for="confirm-name">{prompt}</label>
                    <input
                        id="confirm-name"
                        type="text"
                        class="mono"
                        autocomplete="off"
                        spellcheck="false"
                        prop:value=move || typed.get()
                        on:input=move |event| typed.set(event_target_value(&event))
                    />
                </div>
                {move || error.get().map(|error| view! { <ErrorBanner error/> })}
                <div class="form-actions">
                    <button
                        type="submit"
                        class="button danger"
                        disabled=move || deleting.get() || !matches()
                    >
                        "Delete integration"
                    </button>
                    <button type="button" class="button secondary" on:click=move |_| on_close.run(())>
                        "Cancel"
                    </button>
                </div>
            </form>
        </ModalDialog>
    }
}
