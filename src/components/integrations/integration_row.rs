use leptos::prelude::*;
use platform_api::IntegrationResponse;

use crate::components::feedback::LocalTime;
use crate::format::truncate_chars;
use crate::routes::app_href;

/// Characters of a description shown in the table; CSS may cut it shorter.
const DESCRIPTION_PREVIEW_CHARS: usize = 160;

/// One table row. `row_index` is the 1-based `aria-rowindex` in the full
/// list, the header row being 1.
#[component]
pub fn IntegrationRow(integration: IntegrationResponse, row_index: usize) -> impl IntoView {
    let href = app_href(&format!("/integrations/{}", integration.id));
    let description = integration.description.clone().unwrap_or_default();
    let preview = truncate_chars(&description, DESCRIPTION_PREVIEW_CHARS);
    let status = if integration.is_active {
        ("●", "Active", "status active")
    } else {
        ("○", "Deleted", "status inactive")
    };

    view! {
        <tr class="data-row" aria-rowindex=row_index.to_string() data-testid="integration-row"
            data-id=integration.id.to_string()>
            <td class="cell-name">
                // A plain link: the router still handles its clicks, and it
                // costs less than `<A>` in a table rebuilt while scrolling.
                <a href=href class="row-link">{integration.display_name}</a>
                <span class="slug mono">{integration.name}</span>
            </td>
            <td class="cell-description" title=description>{preview}</td>
            <td class="cell-status">
                <span class=status.2><span aria-hidden="true">{status.0}" "</span>{status.1}</span>
            </td>
            <td class="cell-time">{integration.created_at.map(|at| view! { <LocalTime at/> })}</td>
            <td class="cell-time">{integration.updated_at.map(|at| view! { <LocalTime at/> })}</td>
        </tr>
    }
}
