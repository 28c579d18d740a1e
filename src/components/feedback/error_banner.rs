use leptos::prelude::*;

use crate::api::ApiError;

/// An error sentence with the request id when the server sent one, and a
/// "Retry" button when `on_retry` is given.
#[component]
pub fn ErrorBanner(
    /// The error to show.
    error: ApiError,
    /// Called by the "Retry" button; no button without it.
    #[prop(optional, into)]
    on_retry: Option<Callback<()>>,
) -> impl IntoView {
    let request_id = error.request_id().map(str::to_owned);
    view! {
        <div class="banner error" role="alert">
            <p>
                <span aria-hidden="true">"✖ "</span>
                {error.to_string()}
            </p>
            {request_id.map(|id| view! {
                <p class="request-id">"Request id: " <span class="mono">{id}</span></p>
            })}
            {on_retry.map(|retry| view! {
                <button type="button" class="button secondary" on:click=move |_| retry.run(())>
                    "Retry"
                </button>
            })}
        </div>
    }
}
