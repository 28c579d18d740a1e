//! The integrations list's first page, requested while the app mounts.
//!
//! After a reload on the list, the key and workspace are known from the tab
//! before any view exists. [`request_early`] queues the request then, and
//! the boot mounts the app in a later task, so the request is sent first and
//! its response travels while Leptos builds the page. The list page adopts
//! it with [`take_early`] instead of sending its own.

use std::cell::RefCell;

use futures_channel::oneshot;
use platform_api::{IntegrationResponse, Page};

use crate::api::{ApiClient, ApiError};
use crate::list::ListParams;

type PageResult = Result<Page<IntegrationResponse>, ApiError>;

/// A first-page request in flight: its API query string and its response.
struct Early {
    query: String,
    response: oneshot::Receiver<PageResult>,
}

thread_local! {
    static EARLY: RefCell<Option<Early>> = const { RefCell::new(None) };
}

/// Requests the list's first page when `path` (below the router base) opens
/// the list and the session already has its workspace.
pub fn request_early(client: ApiClient, path: &str, query_string: &str) {
    let opens_list = matches!(path, "" | "/" | "/integrations" | "/integrations/");
    if !opens_list || client.session().workspace_id().is_none() {
        return;
    }
    let params = ListParams::from_query_string(query_string.trim_start_matches('?'));
    let query = params.api_query(0);
    let (sender, response) = oneshot::channel();
    EARLY.with(|early| {
        *early.borrow_mut() = Some(Early {
            query: query.to_query_string(),
            response,
        });
    });
    wasm_bindgen_futures::spawn_local(async move {
        let result = client.list_integrations(&query, None).await;
        // The list page may have gone; the response is then dropped.
        let _ = sender.send(result);
    });
}

/// Returns the response of the early request when it asked for `query`. The
/// early request is forgotten either way: only the first page view uses it.
pub fn take_early(query: &str) -> Option<oneshot::Receiver<PageResult>> {
    let early = EARLY.with(|early| early.borrow_mut().take())?;
    (early.query == query).then_some(early.response)
}

/// Forgets an early request no list page took. The boot calls it once the
/// first views have run their effects, so a list opened later, perhaps with
/// another key, never shows an old response.
pub fn forget_early() {
    EARLY.with(|early| early.borrow_mut().take());
}
