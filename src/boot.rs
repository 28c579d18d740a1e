//! Start-up: panic hook, base path, `config.json`, the session, then the
//! mount. On the list, its first page is requested before the mount.
//!
//! `index.html` contains a static message (`#boot-fallback`) that stays visible
//! when the wasm cannot load. Once the app mounts, it removes that message;
//! when `config.json` is missing or invalid, it shows the reason there.

use gloo_net::http::Request;
use wasm_bindgen::JsCast;

use crate::api::ApiClient;
use crate::app::App;
use crate::config::{router_base, AppConfig};
use crate::list::first_page;
use crate::panic_banner;
use crate::session::Session;

/// Starts the console.
pub fn start() {
    panic_banner::install();
    // Leptos sets its executor up in `mount_to_body`, which runs only after
    // `config.json` arrived, so this first task goes to wasm-bindgen directly.
    wasm_bindgen_futures::spawn_local(async {
        match load_config().await {
            Ok(config) => mount(config),
            Err(reason) => show_boot_failure(&reason),
        }
    });
}

fn base_uri() -> Option<String> {
    web_sys::window()?.document()?.base_uri().ok().flatten()
}

async fn load_config() -> Result<AppConfig, String> {
    let base = base_uri().ok_or("The page has no base URL.")?;
    let url = web_sys::Url::new_with_base("config.json", &base)
        .map_err(|_| "The address of config.json is invalid.".to_owned())?
        .href();
    let response = Request::get(&url)
        .send()
        .await
        .map_err(|_| "config.json could not be fetched.".to_owned())?;
    let status = response.status();
    if !(200..300).contains(&status) {
        return Err(format!("config.json could not be fetched (HTTP {status})."));
    }
    let text = response
        .text()
        .await
        .map_err(|_| "config.json could not be read.".to_owned())?;
    AppConfig::parse(&text)
}

fn mount(config: AppConfig) {
    let base = base_uri().map(|uri| router_base(&uri)).unwrap_or_default();
    let client = ApiClient::new(config.api_base_url, Session::restore());
    if let Some(location) = web_sys::window().map(|window| window.location()) {
        let path = location.pathname().unwrap_or_default();
        let path = path.strip_prefix(base.as_str()).unwrap_or(&path);
        first_page::request_early(client, path, &location.search().unwrap_or_default());
    }
    // The early request is a queued task that calls `fetch` when it first
    // runs. Mounting in the next task sends that request before Leptos
    // builds the page.
    wasm_bindgen_futures::spawn_local(async move {
        remove_fallback();
        leptos::mount::mount_to_body(move || {
            leptos::view! { <App client base=base.clone()/> }
        });
        // Effects run in microtasks, so a list page has taken its early
        // response before this timer fires.
        gloo_timers::callback::Timeout::new(0, first_page::forget_early).forget();
    });
}

fn remove_fallback() {
    if let Some(element) = fallback_element() {
        element.remove();
    }
}

fn fallback_element() -> Option<web_sys::Element> {
    web_sys::window()?
        .document()?
        .get_element_by_id("boot-fallback")
}

/// Shows the static failure message at once, with `reason` as plain text.
fn show_boot_failure(reason: &str) {
    let Some(fallback) = fallback_element() else {
        return;
    };
    let _ = fallback.set_attribute("data-failed", "true");
    let reason_element = fallback
        .query_selector("#boot-reason")
        .ok()
        .flatten()
        .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(element) = reason_element {
        element.set_text_content(Some(reason));
    }
}
