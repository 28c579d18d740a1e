//! Query parameters of the list endpoints: parsing with pydantic-style
//! errors for the server, and building query strings for clients.
//!
//! Unlike FastAPI, a parameter given twice is rejected instead of the last
//! value silently winning, and an empty value is validated like any other,
//! so `limit=` is a 422 rather than the default.

use std::fmt;

use serde_json::{json, Value};

use crate::error::{LocItem, ValidationError};
use crate::rules::{self, RuleError};

/// A field a list can be sorted by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SortField {
    /// The slug.
    Name,
    /// The display name (integrations only).
    DisplayName,
    /// Creation time.
    CreatedAt,
    /// Time of the last change.
    UpdatedAt,
}

impl SortField {
    /// Fields of the integrations list.
    pub const INTEGRATIONS: [SortField; 4] = [
        SortField::Name,
        SortField::DisplayName,
        SortField::CreatedAt,
        SortField::UpdatedAt,
    ];
    /// Fields of the services list.
    pub const SERVICES: [SortField; 3] =
        [SortField::Name, SortField::CreatedAt, SortField::UpdatedAt];

    /// Returns the field's name on the wire.
    pub const fn as_str(self) -> &'static str {
        match self {
            SortField::Name => "name",
            SortField::DisplayName => "display_name",
            SortField::CreatedAt => "created_at",
            SortField::UpdatedAt => "updated_at",
        }
    }
}

/// A `sort_by` value: a field and a direction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct SortKey {
    /// The field rows are ordered by; ties are broken by id.
    pub field: SortField,
    /// Whether the order is descending (a leading `-` on the wire).
    pub descending: bool,
}

impl SortKey {
    /// `-created_at`, the default of every list.
    pub const DEFAULT: SortKey = SortKey {
        field: SortField::CreatedAt,
        descending: true,
    };

    /// Parses `field` or `-field` among `allowed` fields.
    pub fn parse(text: &str, allowed: &[SortField]) -> Option<SortKey> {
        let (descending, name) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        allowed
            .iter()
            .find(|field| field.as_str() == name)
            .map(|&field| SortKey { field, descending })
    }

    /// Returns the key a click on `field`'s column header selects: the other
    /// direction of the current field, or `field` ascending.
    pub fn toggled(self, field: SortField) -> SortKey {
        if self.field == field {
            SortKey {
                field,
                descending: !self.descending,
            }
        } else {
            SortKey {
                field,
                descending: false,
            }
        }
    }
}

impl Default for SortKey {
    fn default() -> Self {
        SortKey::DEFAULT
    }
}

impl fmt::Display for SortKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.descending {
            f.write_str("-")?;
        }
        f.write_str(self.field.as_str())
    }
}

/// Query of `GET /v1/{workspace_id}/external-integrations`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IntegrationListQuery {
    /// Case-insensitive text matched against name, display name and description.
    pub search: Option<String>,
    /// Order of the rows.
    pub sort: SortKey,
    /// Page size, 1 to 100.
    pub limit: u32,
    /// Offset of the first row.
    pub continuation_token: u64,
}

impl Default for IntegrationListQuery {
    fn default() -> Self {
        IntegrationListQuery {
            search: None,
            sort: SortKey::DEFAULT,
            limit: rules::INTEGRATION_LIMIT_DEFAULT,
            continuation_token: 0,
        }
    }
}

impl IntegrationListQuery {
    /// Parses a raw query string (without the `?`).
    pub fn parse(query: &str) -> Result<Self, Vec<ValidationError>> {
        let mut params = Params::new(query);
        let search = params.search();
        let sort = params.sort(&SortField::INTEGRATIONS, Some(rules::SORT_BY_MAX_LENGTH));
        let limit = params.limit(
            rules::INTEGRATION_LIMIT_DEFAULT,
            rules::INTEGRATION_LIMIT_MAX,
        );
        let continuation_token = params.continuation_token();

        match (search, sort, limit, continuation_token) {
            (Some(search), Some(sort), Some(limit), Some(continuation_token))
                if params.errors.is_empty() =>
            {
                Ok(IntegrationListQuery {
                    search,
                    sort,
                    limit,
                    continuation_token,
                })
            }
            _ => Err(params.errors),
        }
    }

    /// Builds the query string for this query, without the `?`. Default values are
    /// left out.
    pub fn to_query_string(&self) -> String {
        let mut out = form_urlencoded::Serializer::new(String::new());
        if let Some(search) = &self.search {
            out.append_pair("search", search);
        }
        out.append_pair("sort_by", &self.sort.to_string());
        out.append_pair("limit", &self.limit.to_string());
        if self.continuation_token > 0 {
            out.append_pair("continuation_token", &self.continuation_token.to_string());
        }
        out.finish()
    }
}

/// Query of `GET /v1/{workspace_id}/services`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceListQuery {
    /// Case-insensitive text matched against name and description.
    pub search: Option<String>,
    /// Order of the rows.
    pub sort: SortKey,
    /// Only active (`Some(true)`) or inactive (`Some(false)`) services.
    pub is_active: Option<bool>,
    /// Page size, 1 to 20.
    pub limit: u32,
    /// Offset of the first row.
    pub continuation_token: u64,
}

impl Default for ServiceListQuery {
    fn default() -> Self {
        ServiceListQuery {
            search: None,
            sort: SortKey::DEFAULT,
            is_active: None,
            limit: rules::SERVICE_LIMIT_DEFAULT,
            continuation_token: 0,
        }
    }
}

impl ServiceListQuery {
    /// Parses a raw query string (without the `?`).
    pub fn parse(query: &str) -> Result<Self, Vec<ValidationError>> {
        let mut params = Params::new(query);
        let search = params.search();
        let sort = params.sort(&SortField::SERVICES, None);
        let is_active = params.is_active();
        let limit = params.limit(rules::SERVICE_LIMIT_DEFAULT, rules::SERVICE_LIMIT_MAX);
        let continuation_token = params.continuation_token();

        match (search, sort, is_active, limit, continuation_token) {
            (Some(search), Some(sort), Some(is_active), Some(limit), Some(continuation_token))
                if params.errors.is_empty() =>
            {
                Ok(ServiceListQuery {
                    search,
                    sort,
                    is_active,
                    limit,
                    continuation_token,
                })
            }
            _ => Err(params.errors),
        }
    }

    /// Builds the query string for this query, without the `?`.
    pub fn to_query_string(&self) -> String {
        let mut out = form_urlencoded::Serializer::new(String::new());
        if let Some(search) = &self.search {
            out.append_pair("search", search);
        }
        out.append_pair("sort_by", &self.sort.to_string());
        if let Some(is_active) = self.is_active {
            out.append_pair("is_active", if is_active { "true" } else { "false" });
        }
        out.append_pair("limit", &self.limit.to_string());
        if self.continuation_token > 0 {
            out.append_pair("continuation_token", &self.continuation_token.to_string());
        }
        out.finish()
    }
}

/// Decoded query pairs and the errors found while reading them. Each reader
/// returns `None` when the parameter is invalid, `Some(default)` when absent.
struct Params {
    pairs: Vec<(String, String)>,
    errors: Vec<ValidationError>,
}

impl Params {
    fn new(query: &str) -> Self {
        Params {
            pairs: form_urlencoded::parse(query.as_bytes())
                .into_owned()
                .collect(),
            errors: Vec::new(),
        }
    }

    /// Returns the single value of `name`. A repeated parameter is an error.
    fn single(&mut self, name: &str) -> Result<Option<String>, ()> {
        let values: Vec<&String> = self
            .pairs
            .iter()
            .filter(|(key, _)| key == name)
            .map(|(_, value)| value)
            .collect();
        match values.as_slice() {
            [] => Ok(None),
            [value] => Ok(Some((*value).clone())),
            many => {
                let input = Value::Array(many.iter().map(|value| json!(value)).collect());
                self.errors.push(
                    RuleError::new(
                        "value_error",
                        "Value error, give this parameter at most once",
                    )
                    .at(loc(name), input),
                );
                Err(())
            }
        }
    }

    fn reject(&mut self, name: &str, rule: RuleError, value: &str) {
        self.errors.push(rule.at(loc(name), json!(value)));
    }

    fn search(&mut self) -> Option<Option<String>> {
        let value = self.single("search").ok()?;
        match value {
            None => Some(None),
            Some(text) => match rules::check_search(&text) {
                Ok(()) => Some(Some(text)),
                Err(rule) => {
                    self.reject("search", rule, &text);
                    None
                }
            },
        }
    }

    fn sort(&mut self, allowed: &[SortField], max_length: Option<usize>) -> Option<SortKey> {
        let Some(text) = self.single("sort_by").ok()? else {
            return Some(SortKey::DEFAULT);
        };
        if let Some(max) = max_length {
            if let Err(rule) = rules::check_length(&text, 0, max) {
                self.reject("sort_by", rule, &text);
                return None;
            }
        }
        match SortKey::parse(&text, allowed) {
            Some(key) => Some(key),
            None => {
                let expected = allowed
                    .iter()
                    .flat_map(|field| [field.as_str().to_owned(), format!("-{}", field.as_str())])
                    .map(|name| format!("'{name}'"))
                    .collect::<Vec<_>>()
                    .join(", ");
                let rule = RuleError::with_ctx(
                    "literal_error",
                    format!("Input should be one of {expected}"),
                    json!({ "expected": expected }),
                );
                self.reject("sort_by", rule, &text);
                None
            }
        }
    }

    fn integer(&mut self, name: &str) -> Option<Option<i64>> {
        let text = self.single(name).ok()?;
        match text {
            None => Some(None),
            Some(text) => match text.parse::<i64>() {
                Ok(value) => Some(Some(value)),
                Err(_) => {
                    let rule = RuleError::new(
                        "int_parsing",
                        "Input should be a valid integer, unable to parse string as an integer",
                    );
                    self.reject(name, rule, &text);
                    None
                }
            },
        }
    }

    fn limit(&mut self, default: u32, max: u32) -> Option<u32> {
        let Some(value) = self.integer("limit")? else {
            return Some(default);
        };
        match rules::check_limit(value, max) {
            Ok(limit) => Some(limit),
            Err(rule) => {
                self.errors.push(rule.at(loc("limit"), json!(value)));
                None
            }
        }
    }

    fn continuation_token(&mut self) -> Option<u64> {
        let Some(value) = self.integer("continuation_token")? else {
            return Some(0);
        };
        if value < 0 {
            let rule = RuleError::with_ctx(
                "greater_than_equal",
                "Input should be greater than or equal to 0",
                json!({ "ge": 0 }),
            );
            self.errors
                .push(rule.at(loc("continuation_token"), json!(value)));
            return None;
        }
        Some(value as u64)
    }

    fn is_active(&mut self) -> Option<Option<bool>> {
        let text = self.single("is_active").ok()?;
        let Some(text) = text else {
            return Some(None);
        };
        // The spellings pydantic accepts for a boolean.
        match text.to_ascii_lowercase().as_str() {
            "true" | "1" | "yes" | "y" | "on" | "t" => Some(Some(true)),
            "false" | "0" | "no" | "n" | "off" | "f" => Some(Some(false)),
            _ => {
                let rule = RuleError::new(
                    "bool_parsing",
                    "Input should be a valid boolean, unable to interpret input",
                );
                self.reject("is_active", rule, &text);
                None
            }
        }
    }
}

fn loc(name: &str) -> Vec<LocItem> {
    vec!["query".into(), name.into()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error_kinds(query: &str) -> Vec<String> {
        IntegrationListQuery::parse(query)
            .expect_err(query)
            .into_iter()
            .map(|error| error.kind)
            .collect()
    }

    #[test]
    fn defaults_when_absent() {
        assert_eq!(
            IntegrationListQuery::parse(""),
            Ok(IntegrationListQuery::default())
        );
        let services = ServiceListQuery::parse("").expect("valid");
        assert_eq!(services.limit, 10);
    }

    #[test]
    fn parses_every_parameter() {
        let query = IntegrationListQuery::parse(
            "search=a%26b+c&sort_by=-display_name&limit=50&continuation_token=100&other=1",
        )
        .expect("valid");
        assert_eq!(query.search.as_deref(), Some("a&b c"));
        assert_eq!(
            query.sort,
            SortKey {
                field: SortField::DisplayName,
                descending: true
            }
        );
        assert_eq!(query.limit, 50);
        assert_eq!(query.continuation_token, 100);
    }

    #[test]
    fn query_string_round_trips() {
        let query = IntegrationListQuery {
            search: Some("50% off #1 & ünïcode".into()),
            sort: SortKey {
                field: SortField::Name,
                descending: false,
            },
            limit: 50,
            continuation_token: 7,
        };
        assert_eq!(
            IntegrationListQuery::parse(&query.to_query_string()),
            Ok(query)
        );
    }

    #[test]
    fn empty_repeated_and_oversized_values_are_rejected() {
        assert_eq!(error_kinds("search="), vec!["string_too_short"]);
        assert_eq!(
            error_kinds(&format!("search={}", "x".repeat(201))),
            vec!["string_too_long"]
        );
        assert_eq!(error_kinds("limit="), vec!["int_parsing"]);
        assert_eq!(error_kinds("limit=1&limit=2"), vec!["value_error"]);
        assert_eq!(error_kinds("limit=101"), vec!["less_than_equal"]);
        assert_eq!(error_kinds("limit=0"), vec!["greater_than"]);
        assert_eq!(
            error_kinds("limit=99999999999999999999"),
            vec!["int_parsing"]
        );
        assert_eq!(
            error_kinds("continuation_token=-1"),
            vec!["greater_than_equal"]
        );
        assert_eq!(error_kinds("sort_by="), vec!["literal_error"]);
        assert_eq!(error_kinds("sort_by=description"), vec!["literal_error"]);
        assert_eq!(
            error_kinds(&format!("sort_by={}", "a".repeat(65))),
            vec!["string_too_long"]
        );
    }

    #[test]
    fn every_invalid_parameter_is_reported() {
        assert_eq!(
            error_kinds("limit=x&sort_by=y&search="),
            vec!["string_too_short", "literal_error", "int_parsing"]
        );
    }

    #[test]
    fn services_reject_display_name_sort_and_large_limits() {
        assert!(ServiceListQuery::parse("sort_by=display_name").is_err());
        assert!(ServiceListQuery::parse("limit=21").is_err());
        assert_eq!(
            ServiceListQuery::parse("is_active=FALSE")
                .expect("valid")
                .is_active,
            Some(false)
        );
        assert!(ServiceListQuery::parse("is_active=maybe").is_err());
    }

    #[test]
    fn toggling_sort() {
        let by_name = SortKey::DEFAULT.toggled(SortField::Name);
        assert_eq!(by_name.to_string(), "name");
        assert_eq!(by_name.toggled(SortField::Name).to_string(), "-name");
    }
}
