use leptos::prelude::*;

use crate::hooks::Debouncer;
use crate::list::params::clamp_search;

/// Delay between the last keystroke and the search it triggers.
const SEARCH_DEBOUNCE_MS: u32 = 250;

/// The "Search integrations" box. Typing calls `on_search` after a pause;
/// Escape clears it at once. The box follows `committed` (the URL's search)
/// when it changes by other means, such as Back, unless typing is pending.
#[component]
pub fn SearchBox(
    /// Search text of the list as it is in the URL.
    #[prop(into)]
    committed: Signal<String>,
    /// Called with the text to search for.
    on_search: Callback<String>,
) -> impl IntoView {
    let text = RwSignal::new(committed.get_untracked());
    let debouncer = Debouncer::new(SEARCH_DEBOUNCE_MS);

    Effect::new(move |_| {
        let url_text = committed.get();
        if !debouncer.is_pending() && text.get_untracked() != url_text {
            text.set(url_text);
        }
    });

    // No `maxlength`: it counts UTF-16 units, while the API counts characters.
    let on_input = move |event| {
        let value = clamp_search(&event_target_value(&event));
        text.set(value.clone());
        debouncer.schedule(move || on_search.run(value));
    };
    let on_keydown = move |event: web_sys::KeyboardEvent| {
        if event.key() == "Escape" && !text.get_untracked().is_empty() {
            event.prevent_default();
            debouncer.cancel();
            text.set(String::new());
            on_search.run(String::new());
        }
    };

    view! {
        <div class="search" role="search">
            <label for="integration-search">"Search integrations"</label>
            <input
                id="integration-search"
                type="search"
                autocomplete="off"
                placeholder="Name, display name or description"
                prop:value=move || text.get()
                on:input=on_input
                on:keydown=on_keydown
            />
        </div>
    }
}
