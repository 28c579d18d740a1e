use leptos::prelude::*;

/// Whether the browser has a network connection, from `navigator.onLine`,
/// provided as context by the app shell.
#[derive(Clone, Copy)]
pub struct Online(pub Signal<bool>);

/// Tracks `navigator.onLine`, updated by the window's `online` and
/// `offline` events until the owner is cleaned up.
pub fn use_online() -> Signal<bool> {
    let (online, set_online) = signal(window().navigator().on_line());

    let went_online = window_event_listener(leptos::ev::online, move |_| set_online.set(true));
    let went_offline = window_event_listener(leptos::ev::offline, move |_| set_online.set(false));
    on_cleanup(move || {
        went_online.remove();
        went_offline.remove();
    });

    online.into()
}

/// The app shell's [`Online`] signal; true when no shell provides one, as
/// in component tests.
pub fn use_online_context() -> Signal<bool> {
    use_context::<Online>().map_or_else(|| Signal::stored(true), |online| online.0)
}
