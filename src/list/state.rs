//! Rows of a paged list, independent of how they are rendered.
//!
//! Every request is described by a [`PageRequest`] ticket. A response is
//! applied only when its ticket is still the pending one, so a response to a
//! request that a newer search or sort replaced is dropped, never shown.

use std::collections::HashSet;
use std::hash::Hash;

use platform_api::Page;

use crate::api::ApiError;

/// A row with a stable identity, used to drop rows that appear on two pages.
pub trait Keyed {
    /// The identity type.
    type Key: Eq + Hash + Clone;
    /// The row's identity.
    fn key(&self) -> Self::Key;
}

impl Keyed for platform_api::IntegrationResponse {
    type Key = uuid::Uuid;
    fn key(&self) -> uuid::Uuid {
        self.id
    }
}

/// One page to fetch: the list generation it belongs to and its offset.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PageRequest {
    /// Incremented on every restart (new search or sort).
    pub generation: u64,
    /// Offset of the first row, sent as `continuation_token`.
    pub offset: u64,
}

/// Display phase of the list, derived from its state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListPhase {
    /// The first page is loading and there are no rows yet.
    FirstLoad,
    /// The first page failed and there are no rows.
    FirstLoadFailed,
    /// The query matched nothing.
    Empty,
    /// Rows are shown; more may be loading or available.
    Rows,
}

/// Rows loaded so far, the cursor of the next page and the request in flight.
#[derive(Clone, Debug)]
pub struct ListState<T: Keyed> {
    rows: Vec<T>,
    seen: HashSet<T::Key>,
    total: Option<u64>,
    next_offset: Option<u64>,
    generation: u64,
    pending: Option<PageRequest>,
    error: Option<(PageRequest, ApiError)>,
}

impl<T: Keyed> Default for ListState<T> {
    fn default() -> Self {
        ListState {
            rows: Vec::new(),
            seen: HashSet::new(),
            total: None,
            next_offset: Some(0),
            generation: 0,
            pending: None,
            error: None,
        }
    }
}

impl<T: Keyed> ListState<T> {
    /// Drops every row and returns the request for the first page of a new
    /// generation; the pending request, if any, becomes stale.
    pub fn restart(&mut self) -> PageRequest {
        let generation = self.generation + 1;
        *self = ListState {
            generation,
            ..ListState::default()
        };
        let request = PageRequest {
            generation,
            offset: 0,
        };
        self.pending = Some(request);
        request
    }

    /// Returns the request for the next page, or `None` while a request is in
    /// flight, after an error (see [`ListState::retry`]) or once the last page
    /// arrived.
    pub fn next_page(&mut self) -> Option<PageRequest> {
        if self.pending.is_some() || self.error.is_some() {
            return None;
        }
        let offset = self.next_offset?;
        let request = PageRequest {
            generation: self.generation,
            offset,
        };
        self.pending = Some(request);
        Some(request)
    }

    /// Clears the error and returns the request that failed, to send again.
    /// Rows already loaded stay.
    pub fn retry(&mut self) -> Option<PageRequest> {
        let (request, _) = self.error.take()?;
        self.pending = Some(request);
        Some(request)
    }

    /// Applies a page. Returns false, changing nothing, when `request` is not
    /// the pending one.
    pub fn accept(&mut self, request: PageRequest, page: Page<T>) -> bool {
        if self.pending != Some(request) {
            return false;
        }
        self.pending = None;

        for row in page.items {
            if self.seen.insert(row.key()) {
                self.rows.push(row);
            }
        }
        if page.total.is_some() {
            self.total = page.total;
        }
        self.next_offset = match (page.has_more, page.continuation_token) {
            (true, Some(token)) if token > request.offset => Some(token),
            // A server that claims more rows without a usable cursor would
            // make the list fetch the same page forever; stop instead.
            _ => None,
        };
        true
    }

    /// Records a failed request. Returns false when `request` is stale.
    pub fn fail(&mut self, request: PageRequest, error: ApiError) -> bool {
        if self.pending != Some(request) {
            return false;
        }
        self.pending = None;
        self.error = Some((request, error));
        true
    }

    /// Forgets the pending request without a response, for example when it was
    /// aborted; the same page can then be requested again.
    pub fn cancel(&mut self, request: PageRequest) {
        if self.pending == Some(request) {
            self.pending = None;
        }
    }

    /// Removes the row with `key`, after it was deleted, and lowers the total.
    pub fn remove(&mut self, key: &T::Key) {
        let before = self.rows.len();
        self.rows.retain(|row| &row.key() != key);
        if self.rows.len() < before {
            self.seen.remove(key);
            self.total = self.total.map(|total| total.saturating_sub(1));
        }
    }

    /// Rows in server order, without duplicates.
    pub fn rows(&self) -> &[T] {
        &self.rows
    }

    /// Rows matching the query on all pages, when the server reported it.
    pub fn total(&self) -> Option<u64> {
        self.total
    }

    /// Whether a request is in flight.
    pub fn is_loading(&self) -> bool {
        self.pending.is_some()
    }

    /// Whether pages remain after the loaded ones.
    pub fn has_more(&self) -> bool {
        self.next_offset.is_some()
    }

    /// The error of the last request, if it failed.
    pub fn error(&self) -> Option<&ApiError> {
        self.error.as_ref().map(|(_, error)| error)
    }

    /// What the list should show.
    pub fn phase(&self) -> ListPhase {
        if !self.rows.is_empty() {
            ListPhase::Rows
        } else if self.error.is_some() {
            ListPhase::FirstLoadFailed
        } else if self.pending.is_some() || self.next_offset.is_some() {
            ListPhase::FirstLoad
        } else {
            ListPhase::Empty
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Clone, Debug, PartialEq)]
    struct Row(u32);

    impl Keyed for Row {
        type Key = u32;
        fn key(&self) -> u32 {
            self.0
        }
    }

    fn page(ids: std::ops::Range<u32>, next: Option<u64>, total: u64) -> Page<Row> {
        Page {
            items: ids.map(Row).collect(),
            has_more: next.is_some(),
            continuation_token: next,
            total: Some(total),
        }
    }

    #[test]
    fn pages_append_in_order() {
        let mut state = ListState::default();
        let first = state.restart();
        assert_eq!(state.phase(), ListPhase::FirstLoad);
        assert!(state.accept(first, page(0..50, Some(50), 120)));

        let second = state.next_page().expect("more rows");
        assert_eq!(second.offset, 50);
        assert!(state.accept(second, page(50..100, Some(100), 120)));
        let third = state.next_page().expect("more rows");
        assert!(state.accept(third, page(100..120, None, 120)));

        assert_eq!(state.rows().len(), 120);
        assert_eq!(state.total(), Some(120));
        assert!(!state.has_more());
        assert_eq!(state.next_page(), None);
    }

    #[test]
    fn one_request_at_a_time() {
        let mut state = ListState::<Row>::default();
        state.restart();
        assert_eq!(state.next_page(), None);
    }

    #[test]
    fn duplicate_rows_are_dropped() {
        let mut state = ListState::default();
        let first = state.restart();
        state.accept(first, page(0..50, Some(50), 100));
        // A row inserted at the top shifts the next page by one.
        let second = state.next_page().expect("more rows");
        state.accept(second, page(49..99, None, 100));
        let ids: Vec<u32> = state.rows().iter().map(|row| row.0).collect();
        assert_eq!(ids, (0..99).collect::<Vec<_>>());
    }

    #[test]
    fn stale_response_is_ignored() {
        let mut state = ListState::default();
        let old = state.restart();
        let new = state.restart();
        assert!(!state.accept(old, page(0..5, None, 5)));
        assert!(state.rows().is_empty());
        assert!(state.is_loading());
        assert!(state.accept(new, page(10..12, None, 2)));
        assert_eq!(state.rows(), &[Row(10), Row(11)]);
    }

    #[test]
    fn stale_error_is_ignored() {
        let mut state = ListState::<Row>::default();
        let old = state.restart();
        state.restart();
        assert!(!state.fail(old, ApiError::Network));
        assert_eq!(state.error(), None);
    }

    #[test]
    fn restart_replaces_rows() {
        let mut state = ListState::default();
        let first = state.restart();
        state.accept(first, page(0..3, Some(3), 9));
        let again = state.restart();
        assert!(state.rows().is_empty());
        assert_eq!(state.total(), None);
        assert_eq!(again.offset, 0);
    }

    #[test]
    fn error_keeps_rows_and_retry_resends_page() {
        let mut state = ListState::default();
        let first = state.restart();
        state.accept(first, page(0..50, Some(50), 80));
        let second = state.next_page().expect("more rows");
        assert!(state.fail(second, ApiError::Network));

        assert_eq!(state.rows().len(), 50);
        assert_eq!(state.phase(), ListPhase::Rows);
        assert_eq!(state.error(), Some(&ApiError::Network));
        assert_eq!(state.next_page(), None);

        assert_eq!(state.retry(), Some(second));
        assert_eq!(state.error(), None);
        assert!(state.accept(second, page(50..80, None, 80)));
        assert_eq!(state.rows().len(), 80);
    }

    #[test]
    fn empty_and_failed_phases() {
        let mut state = ListState::<Row>::default();
        let first = state.restart();
        state.accept(first, page(0..0, None, 0));
        assert_eq!(state.phase(), ListPhase::Empty);

        let again = state.restart();
        state.fail(again, ApiError::Network);
        assert_eq!(state.phase(), ListPhase::FirstLoadFailed);
    }

    #[test]
    fn cursor_that_does_not_advance_ends_list() {
        let mut state = ListState::default();
        let first = state.restart();
        state.accept(first, page(0..2, Some(0), 10));
        assert!(!state.has_more());
    }

    #[test]
    fn remove_drops_row_and_total() {
        let mut state = ListState::default();
        let first = state.restart();
        state.accept(first, page(0..3, None, 3));
        state.remove(&1);
        assert_eq!(state.rows(), &[Row(0), Row(2)]);
        assert_eq!(state.total(), Some(2));
        state.remove(&7);
        assert_eq!(state.total(), Some(2));
    }

    #[test]
    fn cancelled_request_can_be_sent_again() {
        let mut state = ListState::<Row>::default();
        let first = state.restart();
        state.cancel(first);
        assert!(!state.is_loading());
        assert_eq!(state.next_page(), Some(first));
    }
}
