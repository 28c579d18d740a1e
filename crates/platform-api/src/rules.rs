//! Field rules of the Platform API, from the published OpenAPI document.
//!
//! Each check returns the first rule a value breaks, in the order pydantic
//! checks them (minimum length, maximum length, then pattern), with the error
//! type and message pydantic v2 would report. Lengths count Unicode scalar
//! values, as Python's `len` does.

use serde_json::{json, Map, Value};

use crate::error::{LocItem, ValidationError};

/// Shortest integration name.
pub const NAME_MIN_LENGTH: usize = 2;
/// Maximum length of an integration name.
pub const NAME_MAX_LENGTH: usize = 128;
/// Pattern of integration names: lowercase letters, digits, `_` and `-`,
/// starting and ending with a letter or digit.
pub const NAME_PATTERN: &str = "^[a-z0-9][a-z0-9_-]*[a-z0-9]$";
/// Maximum length of a display name or credential name (the spec's `NameString`).
pub const DISPLAY_NAME_MAX_LENGTH: usize = 256;
/// Longest description.
pub const DESCRIPTION_MAX_LENGTH: usize = 4096;
/// Minimum number of services a credential is scoped to.
pub const SERVICE_IDS_MIN: usize = 1;
/// Most services a credential is scoped to.
pub const SERVICE_IDS_MAX: usize = 100;
/// Longest `search` query parameter.
pub const SEARCH_MAX_LENGTH: usize = 200;
/// Longest `sort_by` query parameter of the integrations list.
pub const SORT_BY_MAX_LENGTH: usize = 64;
/// Largest `limit` of the integrations list.
pub const INTEGRATION_LIMIT_MAX: u32 = 100;
/// `limit` of the integrations list when the request gives none.
pub const INTEGRATION_LIMIT_DEFAULT: u32 = 10;
/// Largest `limit` of the services list.
pub const SERVICE_LIMIT_MAX: u32 = 20;
/// `limit` of the services list when the request gives none.
pub const SERVICE_LIMIT_DEFAULT: u32 = 10;

/// A broken rule, before it is placed at a location.
#[derive(Clone, Debug, PartialEq)]
pub struct RuleError {
    /// pydantic's error type name.
    pub kind: &'static str,
    /// pydantic's message for it.
    pub msg: String,
    /// The rule's parameters.
    pub ctx: Option<Map<String, Value>>,
}

impl RuleError {
    /// Builds a rule error without parameters.
    pub fn new(kind: &'static str, msg: impl Into<String>) -> Self {
        RuleError {
            kind,
            msg: msg.into(),
            ctx: None,
        }
    }

    /// A rule error with parameters; `ctx` must be a JSON object.
    pub fn with_ctx(kind: &'static str, msg: impl Into<String>, ctx: Value) -> Self {
        RuleError {
            kind,
            msg: msg.into(),
            ctx: match ctx {
                Value::Object(map) => Some(map),
                _ => None,
            },
        }
    }

    /// Places this error at `loc`, recording the rejected `input`.
    pub fn at(self, loc: Vec<LocItem>, input: Value) -> ValidationError {
        ValidationError {
            loc,
            msg: self.msg,
            kind: self.kind.to_owned(),
            input,
            ctx: self.ctx,
        }
    }
}

/// Checks a string's length in characters against `min..=max`.
pub fn check_length(value: &str, min: usize, max: usize) -> Result<(), RuleError> {
    let length = value.chars().count();
    if length < min {
        let unit = if min == 1 { "character" } else { "characters" };
        return Err(RuleError::with_ctx(
            "string_too_short",
            format!("String should have at least {min} {unit}"),
            json!({ "min_length": min }),
        ));
    }
    if length > max {
        let unit = if max == 1 { "character" } else { "characters" };
        return Err(RuleError::with_ctx(
            "string_too_long",
            format!("String should have at most {max} {unit}"),
            json!({ "max_length": max }),
        ));
    }
    Ok(())
}

/// Checks an integration name: 2 to 128 characters matching [`NAME_PATTERN`].
pub fn check_name(value: &str) -> Result<(), RuleError> {
    check_length(value, NAME_MIN_LENGTH, NAME_MAX_LENGTH)?;

    let bytes = value.as_bytes();
    let is_edge = |byte: &u8| byte.is_ascii_lowercase() || byte.is_ascii_digit();
    let is_inner = |byte: &u8| is_edge(byte) || *byte == b'_' || *byte == b'-';
    let matches = bytes.first().is_some_and(is_edge)
        && bytes.last().is_some_and(is_edge)
        && bytes.iter().all(is_inner);
    if !matches {
        return Err(RuleError::with_ctx(
            "string_pattern_mismatch",
            format!("String should match pattern '{NAME_PATTERN}'"),
            json!({ "pattern": NAME_PATTERN }),
        ));
    }
    Ok(())
}

/// Checks a display name: 1 to 256 characters.
pub fn check_display_name(value: &str) -> Result<(), RuleError> {
    check_length(value, 1, DISPLAY_NAME_MAX_LENGTH)
}

/// Checks a credential name, which follows the display name rule.
pub fn check_credential_name(value: &str) -> Result<(), RuleError> {
    check_length(value, 1, DISPLAY_NAME_MAX_LENGTH)
}

/// Checks a description: at most 4,096 characters, and may be empty.
pub fn check_description(value: &str) -> Result<(), RuleError> {
    check_length(value, 0, DESCRIPTION_MAX_LENGTH)
}

/// Checks a `search` parameter: 1 to 200 characters.
pub fn check_search(value: &str) -> Result<(), RuleError> {
    check_length(value, 1, SEARCH_MAX_LENGTH)
}

/// Checks how many services a credential is scoped to: 1 to 100.
pub fn check_service_id_count(count: usize) -> Result<(), RuleError> {
    if count < SERVICE_IDS_MIN {
        return Err(RuleError::with_ctx(
            "too_short",
            format!(
                "List should have at least {SERVICE_IDS_MIN} item after validation, not {count}"
            ),
            json!({ "field_type": "List", "min_length": SERVICE_IDS_MIN, "actual_length": count }),
        ));
    }
    if count > SERVICE_IDS_MAX {
        return Err(RuleError::with_ctx(
            "too_long",
            format!(
                "List should have at most {SERVICE_IDS_MAX} items after validation, not {count}"
            ),
            json!({ "field_type": "List", "max_length": SERVICE_IDS_MAX, "actual_length": count }),
        ));
    }
    Ok(())
}

/// Checks a page size against `1..=max`.
pub fn check_limit(value: i64, max: u32) -> Result<u32, RuleError> {
    if value <= 0 {
        return Err(RuleError::with_ctx(
            "greater_than",
            "Input should be greater than 0",
            json!({ "gt": 0 }),
        ));
    }
    if value > i64::from(max) {
        return Err(RuleError::with_ctx(
            "less_than_equal",
            format!("Input should be less than or equal to {max}"),
            json!({ "le": max }),
        ));
    }
    Ok(value as u32)
}

/// Parses a UUID in any form pydantic accepts (hyphenated, simple, braced or
/// `urn:uuid:`), with pydantic's `uuid_parsing` error otherwise.
pub fn parse_uuid(text: &str) -> Result<uuid::Uuid, RuleError> {
    uuid::Uuid::parse_str(text).map_err(|error| {
        RuleError::with_ctx(
            "uuid_parsing",
            format!("Input should be a valid UUID, {error}"),
            json!({ "error": error.to_string() }),
        )
    })
}

/// Checks a credential expiry, which must lie after `now`.
pub fn check_expires_at(
    expires_at: crate::Timestamp,
    now: crate::Timestamp,
) -> Result<(), RuleError> {
    if expires_at <= now {
        return Err(RuleError::new(
            "datetime_future",
            "Input should be in the future",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_accepts_slugs() {
        for name in ["ab", "a1", "crm-sync", "erp_2", "0-0", &"a".repeat(128)] {
            assert_eq!(check_name(name), Ok(()), "{name}");
        }
    }

    #[test]
    fn name_rejects_by_first_broken_rule() {
        let cases = [
            ("a", "string_too_short"),
            ("", "string_too_short"),
            (&"a".repeat(129), "string_too_long"),
            ("-ab", "string_pattern_mismatch"),
            ("ab-", "string_pattern_mismatch"),
            ("Ab", "string_pattern_mismatch"),
            ("a b", "string_pattern_mismatch"),
            ("ab\n", "string_pattern_mismatch"),
            ("é1", "string_pattern_mismatch"),
        ];
        for (name, kind) in cases {
            let error = check_name(name).expect_err(name);
            assert_eq!(error.kind, kind, "{name:?}");
        }
    }

    #[test]
    fn lengths_count_characters_not_bytes() {
        let emoji = "🙂".repeat(256);
        assert_eq!(check_display_name(&emoji), Ok(()));
        assert!(check_display_name(&format!("{emoji}x")).is_err());
        assert_eq!(check_description(&"é".repeat(4096)), Ok(()));
    }

    #[test]
    fn too_short_message_matches_pydantic() {
        let error = check_display_name("").expect_err("empty");
        assert_eq!(error.msg, "String should have at least 1 character");
        assert_eq!(error.ctx.expect("ctx")["min_length"], 1);
    }

    #[test]
    fn service_id_count_bounds() {
        assert_eq!(check_service_id_count(0).expect_err("0").kind, "too_short");
        assert_eq!(check_service_id_count(1), Ok(()));
        assert_eq!(check_service_id_count(100), Ok(()));
        assert_eq!(
            check_service_id_count(101).expect_err("101").kind,
            "too_long"
        );
    }

    #[test]
    fn uuid_parsing_accepts_pydantic_forms_and_names_the_error() {
        let id = uuid::Uuid::from_u128(0xabc);
        assert_eq!(parse_uuid(&id.to_string()), Ok(id));
        assert_eq!(parse_uuid(&id.simple().to_string()), Ok(id));

        let error = parse_uuid("not-a-uuid").expect_err("invalid");
        assert_eq!(error.kind, "uuid_parsing");
        assert!(error.msg.starts_with("Input should be a valid UUID, "));
        assert!(error.ctx.expect("ctx").contains_key("error"));
    }

    #[test]
    fn limit_bounds() {
        assert_eq!(check_limit(0, 100).expect_err("0").kind, "greater_than");
        assert_eq!(check_limit(1, 100), Ok(1));
        assert_eq!(check_limit(100, 100), Ok(100));
        assert_eq!(check_limit(21, 20).expect_err("21").kind, "less_than_equal");
    }
}
