//! Browser calls behind the credential components: copying text, saving a
//! file, and converting between instants and the browser's local time.

use platform_api::Timestamp;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::credentials::LocalDateTime;

/// Failure of a copy to the clipboard.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CopyError {
    /// Neither the Clipboard API nor `execCommand('copy')` copied the text.
    Failed,
}

/// Copies `text` to the clipboard.
///
/// Uses `navigator.clipboard.writeText` where the browser offers it (secure
/// contexts). When it is missing or rejects, for example without permission,
/// selects `fallback` (a read-only input or any element showing the same
/// text) and runs `document.execCommand('copy')`, which reports whether
/// anything was copied.
pub async fn copy_text(
    text: &str,
    fallback: Option<web_sys::HtmlElement>,
) -> Result<(), CopyError> {
    if let Some(clipboard) = clipboard() {
        if JsFuture::from(clipboard.write_text(text)).await.is_ok() {
            return Ok(());
        }
    }
    match fallback {
        Some(element) if copy_by_selection(&element) => Ok(()),
        _ => Err(CopyError::Failed),
    }
}

/// `navigator.clipboard`, which is `undefined` outside secure contexts even
/// though web-sys types it as always present.
fn clipboard() -> Option<web_sys::Clipboard> {
    let navigator = web_sys::window()?.navigator();
    let value = js_sys::Reflect::get(&navigator, &JsValue::from_str("clipboard")).ok()?;
    if value.is_undefined() || value.is_null() {
        return None;
    }
    Some(value.unchecked_into())
}

/// Selects the element's text and runs the browser's copy command on it.
fn copy_by_selection(element: &web_sys::HtmlElement) -> bool {
    let Some(document) = web_sys::window().and_then(|window| window.document()) else {
        return false;
    };
    if let Some(input) = element.dyn_ref::<web_sys::HtmlInputElement>() {
        input.select();
    } else {
        let Ok(range) = document.create_range() else {
            return false;
        };
        if range.select_node_contents(element).is_err() {
            return false;
        }
        let Ok(Some(selection)) = document.get_selection() else {
            return false;
        };
        let _ = selection.remove_all_ranges();
        let _ = selection.add_range(&range);
    }

    // `execCommand` lives on HTMLDocument; reached through Reflect so the
    // console does not need that web-sys feature for one call.
    let copied = js_sys::Reflect::get(&document, &JsValue::from_str("execCommand"))
        .ok()
        .and_then(|function| function.dyn_into::<js_sys::Function>().ok())
        .and_then(|exec| exec.call1(&document, &JsValue::from_str("copy")).ok())
        .and_then(|result| result.as_bool())
        .unwrap_or(false);

    if let Ok(Some(selection)) = document.get_selection() {
        let _ = selection.remove_all_ranges();
    }
    copied
}

/// Saves `contents` as a file named `file_name` through a Blob, an object
/// URL and a temporary `<a download>`. The URL is revoked right after the
/// click, so the file cannot be fetched again from the page.
pub fn download_text(file_name: &str, contents: &str) -> Result<(), JsValue> {
    let window = web_sys::window().ok_or_else(|| JsValue::from_str("no window"))?;
    let document = window
        .document()
        .ok_or_else(|| JsValue::from_str("no document"))?;

    let parts = js_sys::Array::of1(&JsValue::from_str(contents));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/plain;charset=utf-8");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;

    let anchor: web_sys::HtmlAnchorElement = document.create_element("a")?.unchecked_into();
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.set_hidden(true);
    let body = document
        .body()
        .ok_or_else(|| JsValue::from_str("no body"))?;
    body.append_child(&anchor)?;
    anchor.click();
    anchor.remove();
    web_sys::Url::revoke_object_url(&url)
}

/// Formats `at` in the browser's locale and time zone with the zone named,
/// such as "Dec 4, 2026, 10:30 PM GMT+1", through `Intl.DateTimeFormat`.
pub fn format_zoned(at: Timestamp) -> String {
    use js_sys::Intl::{
        DateTimeFormat, DateTimeFormatOptions, DayFormat, MonthFormat, NumericFormat,
        TimeZoneNameFormat, YearFormat,
    };

    let options = DateTimeFormatOptions::new();
    options.set_year(YearFormat::Numeric);
    options.set_month(MonthFormat::Short);
    options.set_day(DayFormat::Numeric);
    options.set_hour(NumericFormat::TwoDigit);
    options.set_minute(NumericFormat::TwoDigit);
    options.set_time_zone_name(TimeZoneNameFormat::Short);
    let format = DateTimeFormat::new(&js_sys::Array::new(), &options);

    let date = js_sys::Date::new(&JsValue::from_f64(at.unix_millis_f64()));
    format
        .format()
        .call1(&format, &date)
        .ok()
        .and_then(|text| text.as_string())
        .unwrap_or_else(|| at.to_string())
}

/// Converts a wall-clock time in the browser's time zone to an instant, with
/// the offset that applies at that date (daylight saving time included).
///
/// NOTE: a time skipped by a daylight saving change is moved forward by the
/// browser, and a repeated one resolves to its first occurrence, as
/// `new Date(y, m, d, h, min, s)` does.
pub fn local_to_utc(local: LocalDateTime) -> Option<Timestamp> {
    let date = js_sys::Date::new_with_year_month_day_hr_min_sec(
        u32::try_from(local.year).ok()?,
        i32::try_from(local.month).ok()? - 1,
        i32::try_from(local.day).ok()?,
        i32::try_from(local.hour).ok()?,
        i32::try_from(local.minute).ok()?,
        i32::try_from(local.second).ok()?,
    );
    let millis = date.get_time();
    if millis.is_nan() {
        return None;
    }
    Some(Timestamp::from_unix_millis_f64(millis))
}

/// Formats the current local time as a `datetime-local` value
/// (`YYYY-MM-DDTHH:MM`), for the input's `min` attribute.
pub fn local_now_input_value() -> String {
    let now = js_sys::Date::new_0();
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}",
        now.get_full_year(),
        now.get_month() + 1,
        now.get_date(),
        now.get_hours(),
        now.get_minutes()
    )
}
