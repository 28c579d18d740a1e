use leptos::prelude::*;
use platform_api::{SortField, SortKey};

/// A column header whose button sorts by `field`, toggling the direction
/// when it already does. The `<th>` carries `aria-sort`.
#[component]
pub fn SortHeader(
    /// Column title, also the button's accessible name.
    label: &'static str,
    /// The field this column sorts by.
    field: SortField,
    /// The list's current sort.
    #[prop(into)]
    current: Signal<SortKey>,
    /// Called with the sort to apply.
    on_sort: Callback<SortKey>,
    /// Extra class on the `<th>`.
    #[prop(optional)]
    class: &'static str,
) -> impl IntoView {
    let direction = move || {
        let key = current.get();
        (key.field == field).then_some(key.descending)
    };
    let aria_sort = move || match direction() {
        Some(true) => Some("descending"),
        Some(false) => Some("ascending"),
        None => None,
    };
    let arrow = move || match direction() {
        Some(true) => "▼",
        Some(false) => "▲",
        None => "↕",
    };
    let hint = move || match direction() {
        Some(true) => "sorted descending",
        Some(false) => "sorted ascending",
        None => "not sorted",
    };

    view! {
        <th scope="col" class=class aria-sort=aria_sort>
            <button
                type="button"
                class="sort-button"
                title=move || format!("{label}, {}", hint())
                on:click=move |_| on_sort.run(current.get_untracked().toggled(field))
            >
                {label}
                <span class="sort-arrow" aria-hidden="true">{arrow}</span>
            </button>
        </th>
    }
}
