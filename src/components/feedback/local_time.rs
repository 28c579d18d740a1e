use leptos::prelude::*;
use platform_api::Timestamp;

use crate::format::relative_time;

/// A `<time>` showing `at` relative to now ("3 hours ago"), with the exact
/// local date and time on hover.
#[component]
pub fn LocalTime(
    /// The instant to show.
    at: Timestamp,
) -> impl IntoView {
    let now = Timestamp::from_unix_millis_f64(js_sys::Date::now());
    let exact = exact_local_time(at);
    view! {
        <time datetime=at.to_string() title=exact>
            {relative_time(at, now)}
        </time>
    }
}

/// The local date and time of `at` in the browser's locale and time zone.
pub fn exact_local_time(at: Timestamp) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(at.unix_millis_f64()));
    let text: String = date
        .to_locale_string("default", &wasm_bindgen::JsValue::UNDEFINED)
        .into();
    if text.is_empty() {
        at.to_string()
    } else {
        text
    }
}
