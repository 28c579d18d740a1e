use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use send_wrapper::SendWrapper;

use super::browser::copy_text;

/// How long "Copied" or the failure stays on the button, in milliseconds.
const FEEDBACK_MS: u32 = 4_000;

/// Sentence shown when neither copy method worked.
pub const COPY_FAILED: &str = "Copy failed: select the text and press Ctrl+C";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum CopyState {
    Idle,
    Copied,
    Failed,
}

/// A button that copies `text`, then shows "Copied", or why it could not.
///
/// The accessible name stays `label` while the visible text changes, and the
/// outcome is also announced through a live region.
#[component]
pub fn CopyButton(
    /// Accessible name, such as "Copy client secret".
    label: String,
    /// The text to copy; read only on click.
    #[prop(into)]
    text: Signal<String>,
    /// Element that shows the same text, selected for the `execCommand`
    /// fallback when the Clipboard API is missing or refuses.
    #[prop(optional)]
    fallback: Option<NodeRef<leptos::html::Input>>,
    /// Element id of any other element that shows the text, for the
    /// fallback when no input is given.
    #[prop(optional)]
    fallback_id: Option<String>,
) -> impl IntoView {
    let state = RwSignal::new(CopyState::Idle);
    let attempt = StoredValue::new(0u32);

    let on_click = move |_| {
        let fallback_element = fallback
            .and_then(|node| node.get_untracked())
            .map(|input| -> web_sys::HtmlElement { input.into() })
            .or_else(|| {
                let id = fallback_id.as_deref()?;
                let element = web_sys::window()?.document()?.get_element_by_id(id)?;
                wasm_bindgen::JsCast::dyn_into(element).ok()
            })
            .map(SendWrapper::new);
        let value = text.get_untracked();
        attempt.update_value(|count| *count += 1);
        let this_attempt = attempt.get_value();

        leptos::task::spawn_local(async move {
            let element = fallback_element.map(SendWrapper::take);
            let outcome = copy_text(&value, element).await;
            drop(value);
            state.try_set(if outcome.is_ok() {
                CopyState::Copied
            } else {
                CopyState::Failed
            });
            TimeoutFuture::new(FEEDBACK_MS).await;
            if attempt.try_get_value() == Some(this_attempt) {
                state.try_set(CopyState::Idle);
            }
        });
    };

    view! {
        <span class="copy">
            <button type="button" class="button secondary small" aria-label=label.clone() on:click=on_click>
                {move || match state.get() {
                    CopyState::Copied => "Copied",
                    _ => "Copy",
                }}
            </button>
            <span class="copy-status" role="status">
                {move || match state.get() {
                    CopyState::Idle => None,
                    // The button already shows it; this copy is for screen readers.
                    CopyState::Copied => Some(view! { <span class="visually-hidden">"Copied"</span> }.into_any()),
                    CopyState::Failed => Some(view! { <span class="copy-failed">{COPY_FAILED}</span> }.into_any()),
                }}
            </span>
        </span>
    }
}
