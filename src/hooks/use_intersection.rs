use leptos::html::ElementType;
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{IntersectionObserver, IntersectionObserverEntry, IntersectionObserverInit};

/// Whether the element behind `target` lies within `root_margin` (CSS
/// margin syntax, such as "600px 0px") of the viewport. False until the
/// element is mounted; the observer disconnects on cleanup.
pub fn use_intersection<E>(target: NodeRef<E>, root_margin: &'static str) -> ReadSignal<bool>
where
    E: ElementType,
    E::Output: JsCast + Clone + 'static,
{
    let (visible, set_visible) = signal(false);
    let observer = StoredValue::new(None::<SendWrapper<IntersectionObserver>>);

    Effect::new(move |_| {
        let Some(element) = target.get() else {
            return;
        };
        let Some(element) = element.dyn_ref::<web_sys::Element>().cloned() else {
            return;
        };
        if observer.with_value(Option::is_some) {
            return;
        }

        let callback = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
            let last = entries.get(entries.length().saturating_sub(1));
            if let Ok(entry) = last.dyn_into::<IntersectionObserverEntry>() {
                set_visible.try_set(entry.is_intersecting());
            }
        });
        let options = IntersectionObserverInit::new();
        options.set_root_margin(root_margin);
        let Ok(created) =
            IntersectionObserver::new_with_options(callback.as_ref().unchecked_ref(), &options)
        else {
            return;
        };
        // The observer calls the closure until it is disconnected, which
        // happens on cleanup; leaking one closure per list is the price.
        callback.forget();
        created.observe(&element);
        observer.set_value(Some(SendWrapper::new(created)));
    });

    on_cleanup(move || {
        if let Some(created) = observer.try_update_value(Option::take).flatten() {
            created.disconnect();
        }
    });

    visible
}
