use leptos::prelude::*;

use super::browser::local_now_input_value;
use crate::credentials::ExpiryChoice;

/// The "Expires" radio group: never, 30, 90 or 365 days, or a custom local
/// date and time.
#[component]
pub fn ExpiryField(
    /// The picked choice.
    choice: RwSignal<ExpiryChoice>,
    /// The `datetime-local` value of the custom choice.
    custom: RwSignal<String>,
    /// Error shown under the group.
    #[prop(into)]
    error: Signal<Option<String>>,
) -> impl IntoView {
    let is_custom = move || choice.get() == ExpiryChoice::Custom;

    view! {
        <fieldset class="expiry" aria-describedby="expiry-error">
            <legend>"Expires"</legend>
            {ExpiryChoice::all().into_iter().map(|option| {
                let id = format!("expiry-{}", option.value());
                view! {
                    <div class="check">
                        <input type="radio" id=id.clone() name="expiry" value=option.value()
                            prop:checked=move || choice.get() == option
                            on:change=move |_| choice.set(option)/>
                        <label for=id>{option.label()}</label>
                    </div>
                }
            }).collect_view()}
            <Show when=is_custom>
                <div class="field">
                    <label for="expiry-custom-at">"Expiry date and time (your time zone)"</label>
                    <input id="expiry-custom-at" type="datetime-local"
                        min=local_now_input_value()
                        aria-invalid=move || error.with(Option::is_some).then_some("true")
                        prop:value=move || custom.get()
                        on:input=move |event| custom.set(event_target_value(&event))/>
                </div>
            </Show>
            <p id="expiry-error" class="field-error" role="alert">{move || error.get()}</p>
        </fieldset>
    }
}
