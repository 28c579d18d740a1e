//! Text shortening for table cells.

/// Cuts `text` to at most `max_chars` characters, ending in "…" when cut.
/// The cut never splits a character; line breaks become spaces so a cell
/// stays on one line.
pub fn truncate_chars(text: &str, max_chars: usize) -> String {
    let mut out = String::new();
    for (index, character) in text.chars().enumerate() {
        if index + 1 > max_chars {
            out.pop();
            out.push('…');
            return out;
        }
        out.push(if character.is_control() {
            ' '
        } else {
            character
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_text_is_unchanged() {
        assert_eq!(truncate_chars("abc", 3), "abc");
        assert_eq!(truncate_chars("", 3), "");
    }

    #[test]
    fn long_text_ends_in_ellipsis_on_char_boundary() {
        assert_eq!(truncate_chars("abcdef", 4), "abc…");
        assert_eq!(truncate_chars("🙂🙂🙂🙂", 3), "🙂🙂…");
        let long = "é".repeat(4096);
        assert_eq!(truncate_chars(&long, 120).chars().count(), 120);
    }

    #[test]
    fn line_breaks_become_spaces() {
        assert_eq!(truncate_chars("a\nb\tc", 10), "a b c");
    }
}
