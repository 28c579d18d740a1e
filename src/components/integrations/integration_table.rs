use leptos::html;
use leptos::prelude::*;
use platform_api::{IntegrationResponse, SortField, SortKey};

use super::{IntegrationRow, SortHeader};
use crate::hooks::{use_intersection, use_online_context, use_viewport_offset};
use crate::list::{visible_window, ListPhase, ListState};

/// Height of one data row in CSS pixels; the stylesheet fixes rows to it so
/// the window arithmetic holds.
pub const ROW_HEIGHT_PX: f64 = 56.0;

/// Columns of the table, which each skeleton row fills.
const COLUMNS: usize = 5;

/// Skeleton rows shown while the first page loads.
const SKELETON_ROWS: usize = 6;

/// The integrations table. Only the rows near the viewport are in the DOM;
/// spacer rows stand for the others, and `aria-rowcount`/`aria-rowindex`
/// tell assistive technology the full size. `on_near_end` fires while the
/// end of the loaded rows is within a few screens of the viewport.
#[component]
pub fn IntegrationTable(
    /// Loaded rows and paging state.
    state: RwSignal<ListState<IntegrationResponse>>,
    /// Current sort.
    #[prop(into)]
    sort: Signal<SortKey>,
    /// Called with a new sort when a header is clicked.
    on_sort: Callback<SortKey>,
    /// Called when the last loaded row comes near the viewport.
    on_near_end: Callback<()>,
) -> impl IntoView {
    let body_ref = NodeRef::<html::Tbody>::new();
    let sentinel_ref = NodeRef::<html::Tr>::new();

    let row_count = Memo::new(move |_| state.with(|state| state.rows().len()));
    let offset = use_viewport_offset(body_ref, move || {
        row_count.track();
    });
    let window = Memo::new(move |_| {
        let offset = offset.get();
        visible_window(
            offset.scrolled_past_px,
            offset.viewport_height_px,
            ROW_HEIGHT_PX,
            row_count.get(),
        )
    });

    let near_end = use_intersection(sentinel_ref, "800px 0px");
    // Offline, scrolling loads nothing; the effect re-runs when the
    // connection returns, so a visible end of the list loads then.
    let online = use_online_context();
    Effect::new(move |_| {
        if near_end.get() && online.get() {
            // Re-run after every page so a tall screen keeps filling up.
            row_count.track();
            on_near_end.run(());
        }
    });

    let visible_rows = move || {
        let window = window.get();
        state.with(|state| {
            let rows = state.rows();
            let end = window.end.min(rows.len());
            let start = window.start.min(end);
            rows[start..end]
                .iter()
                .enumerate()
                .map(|(offset, row)| (start + offset, row.clone()))
                .collect::<Vec<_>>()
        })
    };
    let row_total = move || {
        let loaded = row_count.get() as u64;
        let total = state
            .with(|state| state.total())
            .unwrap_or(loaded)
            .max(loaded);
        (total + 1).to_string()
    };
    let first_load = move || state.with(|state| state.phase() == ListPhase::FirstLoad);

    view! {
        <div class="table-scroll">
            <table class="integrations" aria-rowcount=row_total aria-label="Integrations">
                <thead>
                    <tr aria-rowindex="1">
                        <SortHeader label="Display name" field=SortField::DisplayName current=sort on_sort class="col-name"/>
                        <th scope="col" class="col-description">"Description"</th>
                        <th scope="col" class="col-status">"Status"</th>
                        <SortHeader label="Created" field=SortField::CreatedAt current=sort on_sort class="col-time"/>
                        <SortHeader label="Updated" field=SortField::UpdatedAt current=sort on_sort class="col-time"/>
                    </tr>
                </thead>
                <tbody node_ref=body_ref aria-busy=move || first_load().then_some("true")>
                    <Show when=first_load>
                        {(0..SKELETON_ROWS).map(|_| view! {
                            <tr class="skeleton-row" aria-hidden="true">
                                {(0..COLUMNS).map(|_| view! { <td><span class="skeleton"></span></td> }).collect_view()}
                            </tr>
                        }).collect_view()}
                    </Show>
                    <tr class="spacer" aria-hidden="true"
                        style:height=move || spacer_height(window.get().top_spacer_px)></tr>
                    <For
                        each=visible_rows
                        key=|(index, row)| (*index, row.id)
                        children=|(index, row)| view! { <IntegrationRow integration=row row_index=index + 2/> }
                    />
                    <tr class="spacer" aria-hidden="true"
                        style:height=move || spacer_height(window.get().bottom_spacer_px)></tr>
                    <tr class="sentinel" aria-hidden="true" node_ref=sentinel_ref></tr>
                </tbody>
            </table>
        </div>
    }
}

/// Formats a spacer height in whole pixels, which row heights always are,
/// without calling float formatting.
fn spacer_height(px: f64) -> String {
    format!("{}px", px.round() as i64)
}
