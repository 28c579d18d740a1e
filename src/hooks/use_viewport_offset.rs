use leptos::ev;
use leptos::html::ElementType;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Position of an element relative to the browser viewport.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct ViewportOffset {
    /// How far the viewport's top lies below the element's top, in CSS pixels
    /// (negative while the element starts below the viewport's top).
    pub scrolled_past_px: f64,
    /// Height of the viewport in CSS pixels.
    pub viewport_height_px: f64,
}

/// Tracks where `target` sits in the viewport, updated on scroll and resize
/// and whenever `remeasure` changes (for example after rows were added).
pub fn use_viewport_offset<E>(
    target: NodeRef<E>,
    remeasure: impl Fn() + Send + Sync + 'static,
) -> ReadSignal<ViewportOffset>
where
    E: ElementType,
    E::Output: JsCast + Clone + 'static,
{
    let (offset, set_offset) = signal(ViewportOffset::default());

    let measure = move || {
        let Some(element) = target.get_untracked() else {
            return;
        };
        let Some(element) = element.dyn_ref::<web_sys::Element>() else {
            return;
        };
        let height = web_sys::window()
            .and_then(|window| window.inner_height().ok())
            .and_then(|height| height.as_f64())
            .unwrap_or(0.0);
        let next = ViewportOffset {
            scrolled_past_px: -element.get_bounding_client_rect().top(),
            viewport_height_px: height,
        };
        if offset.try_get_untracked() != Some(next) {
            set_offset.try_set(next);
        }
    };

    Effect::new(move |_| {
        remeasure();
        target.track();
        measure();
    });
    let scroll = window_event_listener(ev::scroll, move |_| measure());
    let resize = window_event_listener(ev::resize, move |_| measure());
    on_cleanup(move || {
        scroll.remove();
        resize.remove();
    });

    offset
}
