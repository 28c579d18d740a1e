use leptos::html;
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::JsCast;

use super::browser::download_text;
use super::copy_button::CopyButton;
use crate::app::SecretOnScreen;
use crate::credentials::{env_file_name, render_env_file, IssuedSecret};
use crate::hooks::use_leave_guard;

/// Question asked when the page would be left while the secret shows.
const LEAVE_MESSAGE: &str = "Leave without storing the client secret? It cannot be shown again.";

/// The modal that shows a new client secret once.
///
/// It is in the DOM only while `secret` is `Some`. It closes only through
/// "I have stored this secret", which sets `secret` to `None`: Escape is
/// cancelled, a click outside does nothing (no backdrop close), leaving
/// the page needs a confirmation, and an ended session waits for it.
#[component]
pub fn SecretDialog(
    /// The secret to show; set to `None` when the admin confirms storing it.
    secret: RwSignal<Option<IssuedSecret>>,
) -> impl IntoView {
    let showing = Signal::derive(move || secret.with(Option::is_some));
    if let Some(SecretOnScreen(on_screen)) = use_context::<SecretOnScreen>() {
        Effect::new(move |_| on_screen.set(showing.get()));
        on_cleanup(move || {
            on_screen.try_set(false);
        });
    }
    use_leave_guard(
        showing,
        LEAVE_MESSAGE,
        Callback::new(move |_| secret.set(None)),
    );

    move || showing.get().then(|| view! { <SecretDialogBody secret/> })
}

#[component]
fn SecretDialogBody(secret: RwSignal<Option<IssuedSecret>>) -> impl IntoView {
    let dialog_ref = NodeRef::<html::Dialog>::new();
    let id_input = NodeRef::<html::Input>::new();
    let secret_input = NodeRef::<html::Input>::new();
    let download_error = RwSignal::new(false);

    // Focus goes back where it was once the dialog is removed, when that
    // element is still in the page.
    let previous_focus = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.active_element())
        .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok())
        .map(SendWrapper::new);
    on_cleanup(move || {
        if let Some(element) = previous_focus {
            if element.is_connected() {
                let _ = element.focus();
            }
        }
    });

    let read = move |field: fn(&IssuedSecret) -> &str| {
        secret.with(|current| current.as_ref().map(|issued| field(issued).to_owned()))
    };
    let client_id = Signal::derive(move || read(|issued| &issued.client_id).unwrap_or_default());
    let client_secret =
        Signal::derive(move || read(|issued| &issued.client_secret).unwrap_or_default());
    let intro = secret.with_untracked(|current| {
        current.as_ref().map(|issued| {
            if issued.rotated {
                format!(
                    "The secret of {} was replaced. The old secret no longer works.",
                    issued.label
                )
            } else {
                format!("The credential {} was created.", issued.label)
            }
        })
    });

    // Opens as a modal once mounted. A close the page did not ask for
    // (Chrome closes a dialog on a second Escape regardless of
    // `preventDefault`) reopens it at once.
    let show = move || {
        if let Some(dialog) = dialog_ref.get_untracked() {
            if !dialog.open() {
                let _ = dialog.show_modal();
            }
        }
    };
    Effect::new(move |_| {
        if dialog_ref.get().is_some() {
            show();
        }
    });

    let download = move |_| {
        let text = secret.with_untracked(|current| {
            current.as_ref().map(|issued| {
                (
                    env_file_name(&issued.client_id),
                    render_env_file(&issued.client_id, &issued.client_secret),
                )
            })
        });
        if let Some((name, contents)) = text {
            download_error.set(download_text(&name, &contents).is_err());
        }
    };

    view! {
        <dialog
            node_ref=dialog_ref
            id="secret-dialog"
            class="dialog secret-dialog"
            aria-labelledby="secret-dialog-title"
            on:cancel=move |event: web_sys::Event| event.prevent_default()
            on:keydown=move |event: web_sys::KeyboardEvent| {
                if event.key() == "Escape" {
                    event.prevent_default();
                }
            }
            on:close=move |_| {
                if secret.with_untracked(Option::is_some) {
                    show();
                }
            }
        >
            <h2 id="secret-dialog-title">"Store the client secret"</h2>
            <p>{intro}</p>
            <p class="banner warning">
                <span aria-hidden="true">"⚠ "</span>
                "This is the only time the secret is shown. Copy it or download it now and keep it in a secrets manager."
            </p>
            <div class="field">
                <label for="issued-client-id">"Client ID"</label>
                <div class="copy-row">
                    <input id="issued-client-id" node_ref=id_input type="text" class="mono" readonly
                        prop:value=move || client_id.get()/>
                    <CopyButton label="Copy client ID".to_owned() text=client_id fallback=id_input/>
                </div>
            </div>
            <div class="field">
                <label for="issued-client-secret">"Client secret"</label>
                <div class="copy-row">
                    <input id="issued-client-secret" node_ref=secret_input type="text" class="mono" readonly
                        autocomplete="off" spellcheck="false" data-testid="client-secret"
                        prop:value=move || client_secret.get()/>
                    <CopyButton label="Copy client secret".to_owned() text=client_secret fallback=secret_input/>
                </div>
            </div>
            <Show when=move || download_error.get()>
                <p class="field-error" role="alert">"The file could not be saved. Copy the values instead."</p>
            </Show>
            <div class="form-actions">
                <button type="button" class="button secondary" on:click=download>"Download .env"</button>
                <button type="button" class="button primary" on:click=move |_| secret.set(None)>
                    "I have stored this secret"
                </button>
            </div>
        </dialog>
    }
}
