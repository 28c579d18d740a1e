//! The name (slug) suggested from a display name.

use platform_api::rules::NAME_MAX_LENGTH;

/// Suggests an integration name from `display_name`: lowercase ASCII letters
/// and digits, with one `-` for each run of anything else, and no `-` at
/// either end. Common Latin letters with accents lose them ("Café" gives
/// "cafe"); other scripts are dropped. The result may still be too short
/// for `rules::check_name`, which the form reports as usual.
pub fn suggest_slug(display_name: &str) -> String {
    let mut slug = String::with_capacity(display_name.len());
    let mut pending_dash = false;

    for character in display_name.chars().flat_map(fold_char) {
        if character.is_ascii_alphanumeric() {
            if pending_dash && !slug.is_empty() {
                slug.push('-');
            }
            pending_dash = false;
            slug.push(character.to_ascii_lowercase());
        } else {
            pending_dash = true;
        }
        if slug.len() >= NAME_MAX_LENGTH {
            break;
        }
    }

    slug.truncate(NAME_MAX_LENGTH);
    while slug.ends_with('-') {
        slug.pop();
    }
    slug
}

/// Replaces a Latin letter with accents by its plain letters; other
/// characters pass through unchanged.
fn fold_char(character: char) -> impl Iterator<Item = char> {
    let folded: &str = match character {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => {
            "a"
        }
        'æ' | 'Æ' => "ae",
        'ç' | 'ć' | 'č' | 'Ç' | 'Ć' | 'Č' => "c",
        'ď' | 'đ' | 'Ď' | 'Đ' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' | 'ě' | 'È' | 'É' | 'Ê' | 'Ë' | 'Ę' | 'Ě' => {
            "e"
        }
        'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => "i",
        'ł' | 'Ł' => "l",
        'ñ' | 'ń' | 'ň' | 'Ñ' | 'Ń' | 'Ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' => "o",
        'œ' | 'Œ' => "oe",
        'ř' | 'Ř' => "r",
        'ś' | 'š' | 'Ś' | 'Š' => "s",
        'ß' => "ss",
        'ť' | 'Ť' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ů' | 'Ù' | 'Ú' | 'Û' | 'Ü' | 'Ů' => "u",
        'ý' | 'ÿ' | 'Ý' => "y",
        'ź' | 'ż' | 'ž' | 'Ź' | 'Ż' | 'Ž' => "z",
        _ => "",
    };
    let passthrough = folded.is_empty().then_some(character);
    folded.chars().chain(passthrough)
}

#[cfg(test)]
mod tests {
    use super::*;
    use platform_api::rules::check_name;

    #[test]
    fn plain_names_become_dashed_lowercase() {
        assert_eq!(suggest_slug("CRM Sync"), "crm-sync");
        assert_eq!(suggest_slug("  Billing -- v2!  "), "billing-v2");
        assert_eq!(suggest_slug("ERP_2024"), "erp-2024");
    }

    #[test]
    fn accents_are_folded_and_other_scripts_dropped() {
        assert_eq!(suggest_slug("Café Größe"), "cafe-grosse");
        assert_eq!(suggest_slug("日本 CRM 🙂"), "crm");
        assert_eq!(suggest_slug("🙂🙂"), "");
    }

    #[test]
    fn suggestions_pass_name_rule_when_long_enough() {
        for display_name in [
            "Zendesk",
            "A b",
            "x".repeat(300).as_str(),
            "-a-b-",
            "Ünïcode 42",
        ] {
            let slug = suggest_slug(display_name);
            assert_eq!(check_name(&slug), Ok(()), "{display_name:?} -> {slug:?}");
        }
    }

    #[test]
    fn long_names_are_cut_without_trailing_dash() {
        let display_name = format!("{} tail", "a".repeat(127));
        let slug = suggest_slug(&display_name);
        assert_eq!(slug, "a".repeat(127));
    }
}
