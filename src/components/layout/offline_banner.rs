use leptos::prelude::*;

use crate::hooks::use_online_context;

/// A banner shown while the browser is offline. The list stops loading more
/// rows meanwhile and resumes when the connection returns.
#[component]
pub fn OfflineBanner() -> impl IntoView {
    let online = use_online_context();
    view! {
        <div class="offline-status" role="status" aria-live="polite">
            <Show when=move || !online.get()>
                <p class="notice" data-testid="offline-banner">
                    "You are offline. Nothing can be loaded or saved until the connection returns. \
                     What is on screen stays as it is."
                </p>
            </Show>
        </div>
    }
}
