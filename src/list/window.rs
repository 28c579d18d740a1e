//! Which rows of a long table to put in the DOM.
//!
//! Rows have a fixed height, so the rows above and below the viewport are
//! replaced by two spacer rows of the same total height. The scroll bar then
//! behaves as for the full list while the DOM contains at most a few
//! screens of rows.

/// The rendered slice of a table and the spacer heights around it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RowWindow {
    /// Index of the first rendered row.
    pub start: usize,
    /// Index after the last rendered row.
    pub end: usize,
    /// Height in CSS pixels of the rows before `start`.
    pub top_spacer_px: f64,
    /// Height in CSS pixels of the rows from `end` on.
    pub bottom_spacer_px: f64,
}

/// Rows rendered above and below the viewport, so fast scrolling and
/// keyboard focus moves rarely reach an unrendered row.
pub const OVERSCAN_ROWS: usize = 20;

/// Upper bound of rendered rows, whatever the viewport height.
pub const MAX_RENDERED_ROWS: usize = 140;

/// Computes the window of `row_count` rows of `row_height_px` each.
///
/// `viewport_top_px` is how far the viewport's top edge lies below the top
/// of the first row (negative while the table starts below the viewport's
/// top), and `viewport_height_px` is the viewport's height.
pub fn visible_window(
    viewport_top_px: f64,
    viewport_height_px: f64,
    row_height_px: f64,
    row_count: usize,
) -> RowWindow {
    // Also true for a NaN height.
    let height_is_usable = row_height_px.is_finite() && row_height_px > 0.0;
    if row_count == 0 || !height_is_usable {
        return RowWindow {
            start: 0,
            end: row_count,
            top_spacer_px: 0.0,
            bottom_spacer_px: 0.0,
        };
    }

    let viewport_height_px = if viewport_height_px.is_finite() {
        viewport_height_px.max(0.0)
    } else {
        0.0
    };
    let top = if viewport_top_px.is_finite() {
        viewport_top_px.max(0.0)
    } else {
        0.0
    };
    let first_visible = ((top / row_height_px).floor() as usize).min(row_count);
    let visible_count = (viewport_height_px / row_height_px).ceil() as usize + 1;

    let start = first_visible.saturating_sub(OVERSCAN_ROWS);
    let wanted_end = first_visible + visible_count + OVERSCAN_ROWS;
    let end = wanted_end.min(row_count).min(start + MAX_RENDERED_ROWS);

    RowWindow {
        start,
        end,
        top_spacer_px: start as f64 * row_height_px,
        bottom_spacer_px: (row_count - end) as f64 * row_height_px,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn top_of_list_renders_first_rows() {
        let window = visible_window(-200.0, 800.0, 56.0, 10_000);
        assert_eq!(window.start, 0);
        assert_eq!(window.end, 36);
        assert_eq!(window.top_spacer_px, 0.0);
        assert_eq!(window.bottom_spacer_px, (10_000.0 - 36.0) * 56.0);
    }

    #[test]
    fn end_of_list_renders_last_rows() {
        let window = visible_window(56.0 * 9_990.0, 800.0, 56.0, 10_000);
        assert_eq!(window.end, 10_000);
        assert!(window.end - window.start <= MAX_RENDERED_ROWS);
        assert_eq!(window.bottom_spacer_px, 0.0);
    }

    #[test]
    fn spacers_and_rows_add_up_to_full_height() {
        for top in [0.0, 1234.5, 56_000.0, 559_000.0] {
            let window = visible_window(top, 700.0, 56.0, 10_000);
            let rendered = (window.end - window.start) as f64 * 56.0;
            let sum = window.top_spacer_px + rendered + window.bottom_spacer_px;
            assert_eq!(sum, 560_000.0, "top {top}");
        }
    }

    #[test]
    fn tall_viewport_is_capped() {
        let window = visible_window(0.0, 100_000.0, 56.0, 10_000);
        assert_eq!(window.end - window.start, MAX_RENDERED_ROWS);
    }

    #[test]
    fn short_list_renders_everything() {
        let window = visible_window(0.0, 800.0, 56.0, 5);
        assert_eq!((window.start, window.end), (0, 5));
    }

    #[test]
    fn nonsense_measurements_do_not_panic() {
        let window = visible_window(f64::NAN, f64::INFINITY, 0.0, 10);
        assert_eq!((window.start, window.end), (0, 10));
        let window = visible_window(f64::NAN, f64::NAN, 56.0, 10);
        assert_eq!(window.start, 0);
    }
}
