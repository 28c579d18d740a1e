use leptos::prelude::*;

use super::field_parts::{notify_blur, store_input, FieldError};

/// A labelled multi-line input with a character counter and an inline error.
#[component]
pub fn TextAreaField(
    /// Element id; the counter and error ids derive from it.
    id: &'static str,
    /// Visible label, also the accessible name.
    label: &'static str,
    /// The value, updated on every input.
    value: RwSignal<String>,
    /// Error shown under the field; marks it invalid.
    #[prop(into)]
    error: Signal<Option<String>>,
    /// Characters allowed; the counter shows "used / max".
    max_chars: usize,
    /// Called after each input.
    #[prop(optional, into)]
    on_input: Option<Callback<String>>,
    /// Called when the field loses focus.
    #[prop(optional, into)]
    on_blur: Option<Callback<()>>,
) -> impl IntoView {
    let counter_id = format!("{id}-counter");
    let error_id = format!("{id}-error");
    // Counts characters as the API does, not UTF-16 units as `maxlength` would.
    let used = Memo::new(move |_| value.with(|text| text.chars().count()));
    let described_by = format!("{counter_id} {error_id}");

    view! {
        <div class="field">
            <label for=id>{label}</label>
            <textarea
                id=id
                name=id
                rows="5"
                prop:value=move || value.get()
                aria-invalid=move || error.with(Option::is_some).then_some("true")
                aria-describedby=described_by
                on:input=store_input(value, on_input)
                on:blur=notify_blur(on_blur)
            ></textarea>
            <p
                class=move || counter_class(used.get() > max_chars)
                id=counter_id
                data-testid=format!("{id}-counter")
            >
                {move || format!("{} / {max_chars} characters", used.get())}
            </p>
            <FieldError id=error_id error/>
        </div>
    }
}

fn counter_class(over: bool) -> &'static str {
    if over {
        "counter over"
    } else {
        "counter"
    }
}
