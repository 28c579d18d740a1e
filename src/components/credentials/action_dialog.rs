use leptos::prelude::*;
use platform_api::{CredentialResponse, CredentialSecretResponse};
use uuid::Uuid;

use crate::api::{ApiError, RequestScope};
use crate::app::use_api;
use crate::components::dialog::ModalDialog;
use crate::components::feedback::ErrorBanner;
use crate::credentials::credential_label;

/// A row action that needs confirmation.
#[derive(Clone, Debug, PartialEq)]
pub enum CredentialAction {
    /// Replace the secret; the old one stops working at once.
    Rotate(CredentialResponse),
    /// Revoke the credential for good.
    Revoke(CredentialResponse),
}

/// Confirmation of a rotate or revoke, which then sends the request. The
/// dialog stays open with the error when the request fails.
#[component]
pub fn CredentialActionDialog(
    /// The integration the credentials belong to.
    integration_id: Uuid,
    /// The action to confirm; `None` hides the dialog.
    action: RwSignal<Option<CredentialAction>>,
    /// Called with the rotate response, which contains the new secret.
    on_rotated: Callback<CredentialSecretResponse>,
    /// Called after a revoke succeeded.
    on_revoked: Callback<()>,
) -> impl IntoView {
    // A new dialog per action, so its heading names the credential.
    move || {
        action
            .get()
            .map(|current| view! { <ActionConfirm integration_id current action on_rotated on_revoked/> })
    }
}

#[component]
fn ActionConfirm(
    integration_id: Uuid,
    current: CredentialAction,
    action: RwSignal<Option<CredentialAction>>,
    on_rotated: Callback<CredentialSecretResponse>,
    on_revoked: Callback<()>,
) -> impl IntoView {
    let client = use_api();
    let scope = RequestScope::new();
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);

    let (credential, rotating) = match &current {
        CredentialAction::Rotate(credential) => (credential.clone(), true),
        CredentialAction::Revoke(credential) => (credential.clone(), false),
    };
    let label = credential_label(&credential);
    let credential_id = credential.id;
    let (title, body, confirm_label, confirm_class) = if rotating {
        (
            format!("Rotate the secret of {label}?"),
            "The current secret stops working at once. Every service that uses it fails until it gets the new secret, which is shown once on the next screen.".to_owned(),
            "Rotate secret",
            "button primary",
        )
    } else {
        (
            format!("Revoke {label}?"),
            format!("{label} (client ID {}) stops working at once. A revoked credential cannot be restored; create a new one instead.", credential.client_id),
            "Revoke credential",
            "button danger",
        )
    };

    let close = Callback::new(move |_| {
        if !busy.get_untracked() {
            action.set(None);
        }
    });
    let confirm = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            let signal = scope.signal();
            let outcome = if rotating {
                client
                    .rotate_credential(integration_id, credential_id, signal.as_ref())
                    .await
                    .map(Some)
            } else {
                client
                    .revoke_credential(integration_id, credential_id, signal.as_ref())
                    .await
                    .map(|()| None)
            };
            busy.try_set(false);
            match outcome {
                Ok(Some(rotated)) => {
                    action.try_set(None);
                    on_rotated.run(rotated);
                }
                Ok(None) => {
                    action.try_set(None);
                    on_revoked.run(());
                }
                Err(ApiError::Aborted) => {}
                Err(failure) => {
                    error.try_set(Some(failure));
                }
            }
        });
    };

    view! {
        <ModalDialog id="credential-action-dialog" title open=Signal::stored(true) on_close=close>
            <p>{body}</p>
            {move || error.get().map(|error| view! { <ErrorBanner error/> })}
            <div class="form-actions">
                <button type="button" class=confirm_class disabled=move || busy.get() on:click=confirm>
                    {confirm_label}
                </button>
                <button type="button" class="button secondary" on:click=move |_| close.run(())>
                    "Cancel"
                </button>
            </div>
        </ModalDialog>
    }
}
