use leptos::html;
use leptos::prelude::*;
use platform_api::rules::{SERVICE_IDS_MAX, SERVICE_LIMIT_MAX};
use platform_api::{ServiceListQuery, ServiceResponse, SortField, SortKey};
use uuid::Uuid;

use crate::api::{ApiError, RequestScope};
use crate::app::use_api;
use crate::components::feedback::ErrorBanner;
use crate::hooks::{use_intersection, Debouncer};

/// Quiet time after typing before the search runs, in milliseconds.
const SEARCH_DELAY_MS: u32 = 300;

/// The pages of services loaded for the current search.
#[derive(Clone, Debug, Default, PartialEq)]
struct Loaded {
    services: Vec<ServiceResponse>,
    next: Option<u64>,
}

/// A searchable list of checkboxes over the workspace's active services,
/// loaded 20 at a time ("More services", or scrolling to the end).
/// Selections survive a new search, and at most 100 can be made.
#[component]
pub fn ServicePicker(
    /// Picked service ids, in the order they were picked.
    selected: RwSignal<Vec<Uuid>>,
    /// Error shown under the picker.
    #[prop(into)]
    error: Signal<Option<String>>,
) -> impl IntoView {
    let client = use_api();
    let scope = RequestScope::new();
    let debouncer = Debouncer::new(SEARCH_DELAY_MS);
    let (typed, set_typed) = signal(String::new());
    let (search, set_search) = signal(String::new());
    let loaded = RwSignal::new(Loaded::default());
    let loading = RwSignal::new(false);
    let failure = RwSignal::new(None::<ApiError>);
    let sentinel = NodeRef::<html::Li>::new();
    let near_end = use_intersection(sentinel, "0px 0px 120px 0px");

    // Loads the page at `offset` of the current search; offset 0 starts over
    // and cancels any page still loading.
    let load = move |offset: u64| {
        let signal = if offset == 0 {
            scope.restart()
        } else {
            scope.signal()
        };
        let text = search.get_untracked();
        let query = ServiceListQuery {
            search: (!text.trim().is_empty()).then(|| text.trim().to_owned()),
            sort: SortKey {
                field: SortField::Name,
                descending: false,
            },
            is_active: Some(true),
            limit: SERVICE_LIMIT_MAX,
            continuation_token: offset,
        };
        loading.set(true);
        failure.set(None);
        leptos::task::spawn_local(async move {
            let result = client.list_services(&query, signal.as_ref()).await;
            match result {
                Ok(page) => {
                    loaded.try_update(|loaded| {
                        if offset == 0 {
                            loaded.services.clear();
                        }
                        loaded.services.extend(page.items);
                        loaded.next = page.continuation_token.filter(|_| page.has_more);
                    });
                }
                Err(ApiError::Aborted) => return,
                Err(error) => {
                    failure.try_set(Some(error));
                }
            }
            loading.try_set(false);
        });
    };
    let load_more = move || {
        if loading.get_untracked() || failure.with_untracked(Option::is_some) {
            return;
        }
        if let Some(next) = loaded.with_untracked(|loaded| loaded.next) {
            load(next);
        }
    };

    Effect::new(move |_| {
        search.track();
        load(0);
    });
    Effect::new(move |_| {
        if near_end.get() && loaded.with(|loaded| loaded.next.is_some()) {
            load_more();
        }
    });

    let toggle = move |id: Uuid, checked: bool| {
        selected.update(|ids| {
            ids.retain(|picked| *picked != id);
            if checked && ids.len() < SERVICE_IDS_MAX {
                ids.push(id);
            }
        });
    };
    let count_line = move || {
        let count = selected.with(Vec::len);
        if count >= SERVICE_IDS_MAX {
            format!("{count} selected (the maximum)")
        } else {
            format!("{count} selected")
        }
    };

    view! {
        <fieldset class="service-picker" aria-describedby="service-picker-count service-picker-error">
            <legend>"Services"</legend>
            <p class="hint">"The credential can call only the services picked here: 1 to 100."</p>
            <div class="field">
                <label for="service-search">"Search services"</label>
                <input id="service-search" type="search" autocomplete="off"
                    prop:value=move || typed.get()
                    on:input=move |event| {
                        let text = event_target_value(&event);
                        set_typed.set(text.clone());
                        debouncer.schedule(move || set_search.set(text));
                    }/>
            </div>
            <p id="service-picker-count" class="picker-count" role="status">{count_line}</p>
            <ul class="service-options" aria-label="Services to pick from">
                <For
                    each=move || loaded.get().services
                    key=|service| service.id
                    let:service
                >
                    {
                        let id = service.id;
                        let is_checked = move || selected.with(|ids| ids.contains(&id));
                        let at_max = move || selected.with(|ids| ids.len() >= SERVICE_IDS_MAX);
                        view! {
                            <li>
                                <label class="check">
                                    <input type="checkbox"
                                        prop:checked=is_checked
                                        disabled=move || at_max() && !is_checked()
                                        on:change=move |event| toggle(id, event_target_checked(&event))/>
                                    <span>{service.name.clone()}</span>
                                </label>
                            </li>
                        }
                    }
                </For>
                <li node_ref=sentinel class="sentinel" aria-hidden="true"></li>
            </ul>
            {move || (loading.get()).then(|| view! {
                <p class="status-line" role="status">"Loading services…"</p>
            })}
            {move || (!loading.get() && failure.with(Option::is_none) && loaded.with(|loaded| loaded.services.is_empty()))
                .then(|| view! { <p class="muted">"No active services match."</p> })}
            {move || failure.get().map(|error| view! {
                <ErrorBanner error on_retry=Callback::new(move |_| {
                    failure.set(None);
                    match loaded.with_untracked(|loaded| (loaded.services.is_empty(), loaded.next)) {
                        (false, Some(next)) => load(next),
                        _ => load(0),
                    }
                })/>
            })}
            <Show when=move || loaded.with(|loaded| loaded.next.is_some()) && !loading.get()>
                <button type="button" class="button secondary" on:click=move |_| load_more()>
                    "More services"
                </button>
            </Show>
            <p id="service-picker-error" class="field-error" role="alert">{move || error.get()}</p>
        </fieldset>
    }
}
