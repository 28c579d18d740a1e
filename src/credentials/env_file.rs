//! The `.env` file offered for download in the secret dialog.
//!
//! Values are single-quoted when they can be, because POSIX shells,
//! python-dotenv, Node's dotenv and Docker Compose all read single-quoted
//! values literally, without `$` expansion. A value holding a single quote
//! or a line break is double-quoted instead, with `\`, `"`, `$` and `` ` ``
//! escaped by a backslash and line breaks written as `\n`.

/// Variable that receives the client id.
pub const CLIENT_ID_VARIABLE: &str = "CLIENT_ID";
/// Variable that receives the client secret.
pub const CLIENT_SECRET_VARIABLE: &str = "CLIENT_SECRET";

/// Renders the two variables as `.env` text, ending with a newline.
pub fn render_env_file(client_id: &str, client_secret: &str) -> String {
    format!(
        "{CLIENT_ID_VARIABLE}={}\n{CLIENT_SECRET_VARIABLE}={}\n",
        quote_value(client_id),
        quote_value(client_secret)
    )
}

/// Builds the name offered for the downloaded file: `<client id>.env`,
/// with any character outside `[A-Za-z0-9_-]` replaced by `_`.
pub fn env_file_name(client_id: &str) -> String {
    let safe: String = client_id
        .chars()
        .map(|character| {
            if character.is_ascii_alphanumeric() || character == '_' || character == '-' {
                character
            } else {
                '_'
            }
        })
        .collect();
    if safe.is_empty() {
        "credential.env".to_owned()
    } else {
        format!("{safe}.env")
    }
}

/// Quotes one value so that dotenv parsers and shells read it back unchanged.
pub fn quote_value(value: &str) -> String {
    let needs_double = value.contains(['\'', '\n', '\r']);
    if !needs_double {
        return format!("'{value}'");
    }

    let mut quoted = String::with_capacity(value.len() + 2);
    quoted.push('"');
    for character in value.chars() {
        match character {
            '\\' | '"' | '$' | '`' => {
                quoted.push('\\');
                quoted.push(character);
            }
            '\n' => quoted.push_str("\\n"),
            '\r' => quoted.push_str("\\r"),
            other => quoted.push(other),
        }
    }
    quoted.push('"');
    quoted
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sandbox_shaped_values_are_single_quoted() {
        let text = render_env_file(
            "ci_0123456789abcdef0123456789abcdef",
            "cs_Ab-_0123456789abcdefghijklmnopqrstuvwxyzABCDE",
        );
        assert_eq!(
            text,
            "CLIENT_ID='ci_0123456789abcdef0123456789abcdef'\n\
             CLIENT_SECRET='cs_Ab-_0123456789abcdefghijklmnopqrstuvwxyzABCDE'\n"
        );
    }

    #[test]
    fn dollar_and_hash_stay_literal_in_single_quotes() {
        assert_eq!(quote_value("a$HOME#b c"), "'a$HOME#b c'");
        assert_eq!(quote_value("back\\slash\"q"), "'back\\slash\"q'");
    }

    #[test]
    fn single_quote_switches_to_escaped_double_quotes() {
        assert_eq!(quote_value("it's $x"), "\"it's \\$x\"");
        assert_eq!(quote_value("a'\"\\`"), "\"a'\\\"\\\\\\`\"");
    }

    #[test]
    fn line_breaks_cannot_start_a_new_variable() {
        let quoted = quote_value("x\nCLIENT_SECRET=stolen\r");
        assert_eq!(quoted, "\"x\\nCLIENT_SECRET=stolen\\r\"");
        assert!(!quoted.contains('\n'));
        let text = render_env_file("id", "x\ny");
        assert_eq!(text.lines().count(), 2);
    }

    #[test]
    fn empty_value_is_an_empty_quoted_string() {
        assert_eq!(quote_value(""), "''");
    }

    #[test]
    fn file_name_uses_client_id() {
        assert_eq!(env_file_name("ci_abc"), "ci_abc.env");
        assert_eq!(env_file_name("../x y"), "___x_y.env");
        assert_eq!(env_file_name(""), "credential.env");
    }
}
