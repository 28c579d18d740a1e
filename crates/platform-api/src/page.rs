//! The pagination envelope shared by every list endpoint.

use serde::{Deserialize, Serialize};

/// One page of a list endpoint.
///
/// `continuation_token` is an integer offset: the next page starts at that
/// index. It is `None` and `has_more` is false on the last page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Page<T> {
    /// The rows of this page, in the requested order.
    pub items: Vec<T>,
    /// Whether rows remain after this page.
    pub has_more: bool,
    /// Offset of the next page, absent on the last page.
    #[serde(default)]
    pub continuation_token: Option<u64>,
    /// Number of rows matching the query across all pages.
    #[serde(default)]
    pub total: Option<u64>,
}

impl<T> Page<T> {
    /// Builds the page that starts at `offset` from rows fetched with one
    /// extra row past `limit`, which tells whether more rows follow.
    pub fn from_overfetched(mut rows: Vec<T>, offset: u64, limit: u32, total: u64) -> Self {
        let has_more = rows.len() > limit as usize;
        rows.truncate(limit as usize);
        let continuation_token = has_more.then(|| offset + rows.len() as u64);
        Page {
            items: rows,
            has_more,
            continuation_token,
            total: Some(total),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overfetched_rows_set_has_more_and_token() {
        let page = Page::from_overfetched(vec![1, 2, 3, 4], 10, 3, 20);
        assert_eq!(page.items, vec![1, 2, 3]);
        assert!(page.has_more);
        assert_eq!(page.continuation_token, Some(13));
    }

    #[test]
    fn last_page_has_no_token() {
        let page = Page::from_overfetched(vec![1, 2], 10, 3, 12);
        assert!(!page.has_more);
        assert_eq!(page.continuation_token, None);
        assert_eq!(page.total, Some(12));
    }
}
