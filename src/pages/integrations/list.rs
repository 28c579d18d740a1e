use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use platform_api::{IntegrationResponse, SortKey};

use crate::api::{ApiError, RequestScope};
use crate::app::{use_api, use_session};
use crate::components::feedback::ErrorBanner;
use crate::components::integrations::{IntegrationTable, SearchBox};
use crate::hooks::{use_focus_when_lost, use_online_context};
use crate::list::{first_page, ListParams, ListPhase, ListState, PageRequest};
use crate::routes::{app_href, LastListPath};

/// `/integrations`: the searchable, sortable list, loaded page by page as
/// the admin scrolls. Search and sort live in the URL.
#[component]
pub fn IntegrationListPage() -> impl IntoView {
    let client = use_api();
    let navigate = use_navigate();
    let query = use_query_map();
    let params = Memo::new(move |_| {
        query.with(|query| {
            ListParams::from_url_params(query.get_str("search"), query.get_str("sort"))
        })
    });
    let state = RwSignal::new(ListState::<IntegrationResponse>::default());
    let scope = RequestScope::new();
    let heading_ref = NodeRef::<leptos::html::H1>::new();
    use_focus_when_lost(heading_ref);

    let fetch = move |request: PageRequest, signal: Option<web_sys::AbortSignal>| {
        let api_query = params.get_untracked().api_query(request.offset);
        let early = first_page::take_early(&api_query.to_query_string());
        leptos::task::spawn_local(async move {
            let early_result = match early {
                Some(response) => response.await.ok(),
                None => None,
            };
            let result = match early_result {
                Some(result) => result,
                None => client.list_integrations(&api_query, signal.as_ref()).await,
            };
            state.try_update(|state| match result {
                Ok(page) => {
                    state.accept(request, page);
                }
                Err(ApiError::Aborted) => state.cancel(request),
                Err(error) => {
                    state.fail(request, error);
                }
            });
        });
    };

    // A new search or sort aborts what is in flight and starts over, and so
    // does a workspace that the key check corrected after a reload.
    let session = use_session();
    let workspace = Memo::new(move |_| session.me().map(|me| me.workspace_id));
    let last_list_path = use_context::<LastListPath>();
    Effect::new(move |_| {
        // Read, not only tracked: a memo that is never read never subscribes to
        // the session, so it would never change.
        let _workspace = workspace.get();
        let path = params.with(ListParams::to_path);
        if let Some(last) = last_list_path {
            last.0.set(path);
        }
        let signal = scope.restart();
        if let Some(request) = state.try_update(ListState::restart) {
            fetch(request, signal);
        }
    });

    let load_more = move || {
        if let Some(request) = state.try_update(ListState::next_page).flatten() {
            fetch(request, scope.signal());
        }
    };
    let retry = move || {
        if let Some(request) = state.try_update(ListState::retry).flatten() {
            fetch(request, scope.signal());
        }
    };

    // A page that failed while offline is retried once the connection returns.
    let online = use_online_context();
    Effect::new(move |was_online: Option<bool>| {
        let is_online = online.get();
        if was_online == Some(false) && is_online {
            retry();
        }
        is_online
    });

    let go = move |next: ListParams| navigate(&next.to_path(), Default::default());
    let on_search = {
        let go = go.clone();
        Callback::new(move |search: String| {
            let current = params.get_untracked();
            if current.search != search {
                go(ListParams { search, ..current });
            }
        })
    };
    let on_sort = Callback::new(move |sort: SortKey| {
        go(ListParams {
            sort,
            ..params.get_untracked()
        })
    });

    let phase = Memo::new(move |_| state.with(ListState::phase));
    let count_text = move || match (phase.get(), state.with(ListState::total)) {
        (ListPhase::FirstLoad, _) => "Loading integrations…".to_owned(),
        (_, Some(1)) => "1 integration".to_owned(),
        (_, Some(total)) => format!("{total} integrations"),
        (_, None) => format!("{} integrations", state.with(|state| state.rows().len())),
    };
    let searching = move || params.with(|params| !params.search.trim().is_empty());
    let can_load_more = move || {
        state.with(|state| state.has_more() && !state.is_loading() && state.error().is_none())
            && phase.get() == ListPhase::Rows
    };

    view! {
        <section class="page wide">
            <div class="page-head">
                <h1 tabindex="-1" node_ref=heading_ref>"Integrations"</h1>
                <A href=app_href("/integrations/new") attr:class="button primary">"New integration"</A>
            </div>
            <SearchBox committed=Signal::derive(move || params.with(|p| p.search.clone())) on_search/>
            <p class="count" role="status" data-testid="integration-count">{count_text}</p>
            {move || state.with(|state| state.error().cloned()).map(|error| view! {
                <ErrorBanner error on_retry=Callback::new(move |_| retry())/>
            })}
            <IntegrationTable
                state
                sort=Signal::derive(move || params.with(|p| p.sort))
                on_sort
                on_near_end=Callback::new(move |_| load_more())
            />
            <Show when=move || phase.get() == ListPhase::Empty>
                {move || if searching() {
                    view! {
                        <div class="empty" data-testid="no-match">
                            <p>{format!("No integrations match “{}”.", params.with(|p| p.search.clone()))}</p>
                            <p>"Check the spelling, search for part of the name, or press Escape in the search box to clear it."</p>
                        </div>
                    }.into_any()
                } else {
                    view! {
                        <div class="empty" data-testid="empty-list">
                            <p>"No integrations yet. Create one to represent an outside system and issue client credentials for it."</p>
                            <A href=app_href("/integrations/new") attr:class="button primary">"Create an integration"</A>
                        </div>
                    }.into_any()
                }}
            </Show>
            <div class="list-footer">
                <Show when=can_load_more>
                    <button type="button" class="button secondary" on:click=move |_| load_more()>
                        "Load more"
                    </button>
                </Show>
                <Show when=move || phase.get() == ListPhase::Rows && state.with(ListState::is_loading)>
                    <p class="status-line">"Loading more integrations…"</p>
                </Show>
            </div>
        </section>
    }
}
