use leptos::prelude::*;
use platform_api::Timestamp;

use super::browser::format_zoned;

/// A `<time>` with the local date and time and the zone's name, or
/// `missing` when there is no instant.
#[component]
pub fn ZonedTime(
    /// The instant to show.
    at: Option<Timestamp>,
    /// Text shown without an instant, such as "Never" or "—".
    missing: &'static str,
) -> impl IntoView {
    match at {
        Some(at) => view! { <time datetime=at.to_string()>{format_zoned(at)}</time> }.into_any(),
        None => view! { <span class="muted">{missing}</span> }.into_any(),
    }
}
