use leptos::html;
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::JsCast;

/// A `<dialog>` opened with `showModal()` while `open` is true.
///
/// The browser moves focus into the dialog and keeps it there; on close,
/// focus returns to the element that had it before. Escape calls `on_close`.
#[component]
pub fn ModalDialog(
    /// Whether the dialog is shown.
    #[prop(into)]
    open: Signal<bool>,
    /// Called on Escape; the owner then sets `open` to false.
    on_close: Callback<()>,
    /// The heading, also the dialog's accessible name.
    title: String,
    /// Element id of the dialog; the heading id derives from it.
    id: &'static str,
    /// The dialog's body.
    children: Children,
) -> impl IntoView {
    let dialog_ref = NodeRef::<html::Dialog>::new();
    let previous_focus = StoredValue::new(None::<SendWrapper<web_sys::HtmlElement>>);
    let heading_id = format!("{id}-title");
    let labelled_by = heading_id.clone();

    Effect::new(move |_| {
        let should_open = open.get();
        let Some(dialog) = dialog_ref.get() else {
            return;
        };
        if should_open && !dialog.open() {
            let active = web_sys::window()
                .and_then(|window| window.document())
                .and_then(|document| document.active_element())
                .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok());
            previous_focus.set_value(active.map(SendWrapper::new));
            // `showModal` throws when the dialog is detached or already open,
            // and neither case has a better recovery than leaving it as is.
            let _ = dialog.show_modal();
        } else if !should_open && dialog.open() {
            dialog.close();
            if let Some(element) = previous_focus.try_update_value(Option::take).flatten() {
                let _ = element.focus();
            }
        }
    });

    // Owners such as the credential action dialog unmount the dialog while
    // it is open instead of setting `open` to false. Close it first, because
    // focus cannot move outside an open modal dialog, then restore focus.
    on_cleanup(move || {
        if let Some(dialog) = dialog_ref.try_get_untracked().flatten() {
            if dialog.open() {
                dialog.close();
            }
        }
        if let Some(element) = previous_focus.try_update_value(Option::take).flatten() {
            let _ = element.focus();
        }
    });

    view! {
        <dialog
            node_ref=dialog_ref
            id=id
            class="dialog"
            aria-labelledby=labelled_by
            on:cancel=move |event: web_sys::Event| {
                // Escape: let the owner close it so `open` stays the truth.
                event.prevent_default();
                on_close.run(());
            }
        >
            <h2 id=heading_id>{title}</h2>
            {children()}
        </dialog>
    }
}
