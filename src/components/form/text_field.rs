use leptos::prelude::*;

use super::field_parts::{notify_blur, store_input, FieldError};

/// A labelled single-line input with a hint and an inline error.
#[component]
pub fn TextField(
    /// Element id; the label, hint and error ids derive from it.
    id: &'static str,
    /// Visible label, also the accessible name.
    label: &'static str,
    /// The value, updated on every input.
    value: RwSignal<String>,
    /// Error shown under the field; marks it invalid.
    #[prop(into)]
    error: Signal<Option<String>>,
    /// Help text under the label.
    #[prop(optional)]
    hint: Option<&'static str>,
    /// Called after each input with the new value.
    #[prop(optional, into)]
    on_input: Option<Callback<String>>,
    /// Called when the field loses focus.
    #[prop(optional, into)]
    on_blur: Option<Callback<()>>,
    /// Extra class on the input, such as `mono`.
    #[prop(optional)]
    input_class: &'static str,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described_by = {
        let hint_id = hint_id.clone();
        let error_id = error_id.clone();
        move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(hint_id.clone());
            }
            if error.with(Option::is_some) {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };

    view! {
        <div class="field">
            <label for=id>{label}</label>
            {hint.map(|text| view! { <p class="hint" id=hint_id.clone()>{text}</p> })}
            <input
                id=id
                name=id
                type="text"
                class=input_class
                autocomplete="off"
                spellcheck="false"
                prop:value=move || value.get()
                aria-invalid=move || error.with(Option::is_some).then_some("true")
                aria-describedby=described_by
                on:input=store_input(value, on_input)
                on:blur=notify_blur(on_blur)
            />
            <FieldError id=error_id.clone() error/>
        </div>
    }
}
