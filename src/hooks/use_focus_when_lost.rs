use leptos::html::ElementType;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Focuses the element behind `target` once it is mounted, but only while no
/// other element has focus. After a link click the router removes the link,
/// so focus falls back to `<body>`. Moving it to the new page's heading keeps
/// keyboard and screen reader users in place. The element needs
/// `tabindex="-1"`.
pub fn use_focus_when_lost<E>(target: NodeRef<E>)
where
    E: ElementType,
    E::Output: JsCast + Clone + 'static,
{
    Effect::new(move |_| {
        let Some(element) = target.get() else {
            return;
        };
        let Some(element) = element.dyn_ref::<web_sys::HtmlElement>() else {
            return;
        };
        let Some(document) = web_sys::window().and_then(|window| window.document()) else {
            return;
        };
        let focus_lost = match (document.active_element(), document.body()) {
            (None, _) => true,
            (Some(active), Some(body)) => active == *body.unchecked_ref::<web_sys::Element>(),
            (Some(_), None) => false,
        };
        if focus_lost {
            let _ = element.focus();
        }
    });
}
