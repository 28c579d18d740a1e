//! A panic hook that replaces a frozen page with a reload banner.
//!
//! After a panic the wasm instance cannot be trusted, so the banner is built
//! with plain DOM calls rather than through the reactive system.

use std::sync::Once;

static INSTALL: Once = Once::new();

/// Installs the hook once; later calls do nothing.
pub fn install() {
    INSTALL.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            console_error_panic_hook::hook(info);
            show_banner();
        }));
    });
}

fn show_banner() {
    let Some(document) = web_sys::window().and_then(|window| window.document()) else {
        return;
    };
    if document.get_element_by_id("panic-banner").is_some() {
        return;
    }
    let Some(body) = document.body() else {
        return;
    };
    let Ok(banner) = document.create_element("div") else {
        return;
    };
    banner.set_id("panic-banner");
    let _ = banner.set_attribute("role", "alert");
    banner.set_class_name("panic-banner");

    if let Ok(text) = document.create_element("p") {
        text.set_text_content(Some(
            "Something went wrong and the console stopped working. Reload the page to continue.",
        ));
        let _ = banner.append_child(&text);
    }
    if let Ok(link) = document.create_element("a") {
        let href = web_sys::window()
            .and_then(|window| window.location().href().ok())
            .unwrap_or_default();
        let _ = link.set_attribute("href", &href);
        link.set_text_content(Some("Reload"));
        let _ = banner.append_child(&link);
    }
    let _ = body.prepend_with_node_1(&banner);
}
