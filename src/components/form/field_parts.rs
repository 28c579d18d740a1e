//! Pieces every text control of the forms shares.

use leptos::ev;
use leptos::prelude::*;

/// Renders the inline error under a field. It is empty while `error` is
/// `None`, and screen readers announce it politely when it appears.
#[component]
pub fn FieldError(
    /// Element id, which the control names in `aria-describedby`.
    #[prop(into)]
    id: String,
    /// The message to show, if any.
    #[prop(into)]
    error: Signal<Option<String>>,
) -> impl IntoView {
    view! {
        <p class="field-error" id=id aria-live="polite">
            {move || error.get().map(|text| view! {
                <span aria-hidden="true">"✖ "</span>{text}
            })}
        </p>
    }
}

/// Returns the `input` handler of a text control: stores the typed text in
/// `value`, then passes it to `on_input`.
pub fn store_input(
    value: RwSignal<String>,
    on_input: Option<Callback<String>>,
) -> impl FnMut(ev::Event) + 'static {
    move |event| {
        let text = event_target_value(&event);
        value.set(text.clone());
        if let Some(callback) = on_input {
            callback.run(text);
        }
    }
}

/// Returns the `blur` handler of a text control, which calls `on_blur`.
pub fn notify_blur(on_blur: Option<Callback<()>>) -> impl FnMut(ev::FocusEvent) + 'static {
    move |_| {
        if let Some(callback) = on_blur {
            callback.run(());
        }
    }
}
