use leptos::prelude::*;

use crate::app::use_api;

/// "Rate limited, retrying in 3 s" while the API client waits to retry.
#[component]
pub fn RetryStatus() -> impl IntoView {
    let notice = use_api().retry_notice();
    view! {
        <div class="retry-status" role="status" aria-live="polite">
            {move || notice.get().map(|notice| view! {
                <p class="notice">{notice.message()}</p>
            })}
        </div>
    }
}
