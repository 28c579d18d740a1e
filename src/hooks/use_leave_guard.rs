use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsValue;

/// Marker stored in `history.state` on the extra entry the guard pushes.
const GUARD_STATE: &str = "leave-guard";

/// Asks before the page is left while `active` is true.
///
/// - Reload, tab close and typed addresses: a `beforeunload` handler makes
///   the browser show its own "Leave site?" prompt (browsers ignore the text).
/// - Back and forward: `popstate` cannot be cancelled, and leptos_router
///   handles it before any listener added later. So while active, the guard
///   pushes a history entry with the same URL. Back then lands on the same
///   route and only this hook reacts: it shows `window.confirm`
///   (`message`), pushes the entry again to stay, or calls `on_leave` and
///   goes back once more to leave.
///
/// When `active` turns false, the guard removes its entry again.
///
/// NOTE: links inside the page and `navigate()` calls are not intercepted.
/// The guarded content here is a modal `<dialog>`, which makes the rest of
/// the page inert, so no link can be clicked while the guard is active.
pub fn use_leave_guard(active: Signal<bool>, message: &'static str, on_leave: Callback<()>) {
    let pushed = StoredValue::new(false);

    Effect::new(move |_| {
        let is_active = active.get();
        let has_entry = pushed.get_value();
        if is_active && !has_entry {
            push_guard_entry();
            pushed.set_value(true);
        } else if !is_active && has_entry {
            pushed.set_value(false);
            if on_guard_entry() {
                // Drops the extra entry; the route stays the same.
                let _ = history().map(|history| history.back());
            }
        }
    });

    let unload = window_event_listener(ev::beforeunload, move |event| {
        if active.try_get_untracked().unwrap_or(false) {
            event.prevent_default();
            event.set_return_value(message);
        }
    });

    let popstate = window_event_listener(ev::popstate, move |_| {
        let guarding =
            active.try_get_untracked().unwrap_or(false) && pushed.try_get_value().unwrap_or(false);
        if !guarding || on_guard_entry() {
            return;
        }
        let leave = window().confirm_with_message(message).unwrap_or(true);
        if leave {
            pushed.set_value(false);
            on_leave.run(());
            let _ = history().map(|history| history.back());
        } else {
            push_guard_entry();
        }
    });

    on_cleanup(move || {
        unload.remove();
        popstate.remove();
    });
}

fn history() -> Option<web_sys::History> {
    web_sys::window()?.history().ok()
}

fn push_guard_entry() {
    if let Some(history) = history() {
        // Same URL, so the router finds no route change.
        let _ = history.push_state_with_url(&JsValue::from_str(GUARD_STATE), "", None);
    }
}

fn on_guard_entry() -> bool {
    history()
        .and_then(|history| history.state().ok())
        .and_then(|state| state.as_string())
        .is_some_and(|state| state == GUARD_STATE)
}
