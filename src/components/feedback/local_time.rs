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

/// The date and time of `at` in the browser's time zone, with the zone's
/// offset: "2026-12-04 14:05:09 (UTC+01:00)".
///
/// It is formatted here rather than by `Intl.DateTimeFormat` or
/// `toLocaleString`, whose first use loads the browser's locale data and
/// delays the first screen of the list by tens of milliseconds.
pub fn exact_local_time(at: Timestamp) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(at.unix_millis_f64()));
    // Minutes to add to local time to get UTC, so east of UTC is negative.
    let offset_minutes = -(date.get_timezone_offset().round() as i64);
    format_with_offset(at, offset_minutes)
}

/// Formats `at` shifted to a zone `offset_minutes` east of UTC.
fn format_with_offset(at: Timestamp, offset_minutes: i64) -> String {
    let local =
        Timestamp::from_unix_millis_f64(at.unix_millis_f64() + (offset_minutes * 60_000) as f64);
    let (year, month, day, hour, minute, second, _) = local.to_utc_parts();
    let sign = if offset_minutes < 0 { '-' } else { '+' };
    let offset = offset_minutes.unsigned_abs();
    format!(
        "{year:04}-{month:02}-{day:02} {hour:02}:{minute:02}:{second:02} (UTC{sign}{:02}:{:02})",
        offset / 60,
        offset % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_in_the_given_zone() {
        let at = Timestamp::parse("2026-12-04T23:30:05Z").expect("valid timestamp");
        assert_eq!(format_with_offset(at, 0), "2026-12-04 23:30:05 (UTC+00:00)");
        assert_eq!(
            format_with_offset(at, 60),
            "2026-12-05 00:30:05 (UTC+01:00)"
        );
        assert_eq!(
            format_with_offset(at, -330),
            "2026-12-04 18:00:05 (UTC-05:30)"
        );
    }
}
