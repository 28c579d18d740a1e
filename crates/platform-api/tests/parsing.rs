//! Property tests of request body and query string parsing: arbitrary input
//! never panics and is either accepted or rejected with validation errors,
//! and valid input survives a round trip unchanged.

use platform_api::body::{
    decode_credential_request, decode_credential_verify, decode_integration_request,
    decode_integration_update, parse_json,
};
use platform_api::rules;
use platform_api::{IntegrationListQuery, ServiceListQuery, SortField, SortKey, Timestamp};
use proptest::prelude::*;
use serde_json::{json, Value};

/// Arbitrary JSON values, nested up to four levels.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|number| json!(number)),
        any::<f64>().prop_map(|number| json!(number)),
        ".{0,40}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            prop::collection::btree_map(
                prop_oneof![
                    Just("name".to_owned()),
                    Just("display_name".to_owned()),
                    Just("description".to_owned()),
                    Just("service_ids".to_owned()),
                    Just("expires_at".to_owned()),
                    Just("client_id".to_owned()),
                    Just("client_secret".to_owned()),
                    ".{0,12}",
                ],
                inner,
                0..8,
            )
            .prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
}

/// Runs every body decoder over `value`; none may panic.
fn decode_all(value: &Value) {
    let _ = decode_integration_request(value);
    let _ = decode_integration_update(value);
    let _ = decode_credential_request(value, Timestamp::now());
    let _ = decode_credential_verify(value);
}

/// A name that matches `NAME_PATTERN` and its length limits.
fn valid_name() -> impl Strategy<Value = String> {
    "[a-z0-9][a-z0-9_-]{0,126}[a-z0-9]"
}

/// Any text of `min..=max` characters, controls, markup and emoji included.
fn any_text(min: usize, max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(any::<char>(), min..=max).prop_map(|chars| chars.into_iter().collect())
}

fn sort_key(fields: &'static [SortField]) -> impl Strategy<Value = SortKey> {
    (prop::sample::select(fields), any::<bool>())
        .prop_map(|(field, descending)| SortKey { field, descending })
}

/// Search text the query rules accept: 1 to 200 characters.
fn valid_search() -> impl Strategy<Value = Option<String>> {
    prop::option::of(any_text(1, rules::SEARCH_MAX_LENGTH))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        if let Ok(value) = parse_json(&bytes) {
            decode_all(&value);
        }
    }

    #[test]
    fn arbitrary_json_never_panics(value in any_json()) {
        let bytes = serde_json::to_vec(&value).expect("a JSON value serializes");
        let parsed = parse_json(&bytes).expect("serialized JSON parses");
        decode_all(&parsed);
    }

    #[test]
    fn rejected_body_lists_at_least_one_error(value in any_json()) {
        if let Err(errors) = decode_integration_request(&value) {
            prop_assert!(!errors.is_empty());
        }
        if let Err(errors) = decode_credential_request(&value, Timestamp::now()) {
            prop_assert!(!errors.is_empty());
        }
    }

    #[test]
    fn valid_integration_request_round_trips(
        name in valid_name(),
        display_name in any_text(1, rules::DISPLAY_NAME_MAX_LENGTH),
        description in prop::option::of(any_text(0, 600)),
    ) {
        let body = json!({
            "name": name,
            "display_name": display_name,
            "description": description,
        });
        let bytes = serde_json::to_vec(&body).expect("serializes");

        let decoded = decode_integration_request(&parse_json(&bytes).expect("parses"))
            .expect("valid request decodes");

        prop_assert_eq!(decoded.name, name);
        prop_assert_eq!(decoded.display_name, display_name);
        prop_assert_eq!(decoded.description, description);
    }

    #[test]
    fn arbitrary_query_strings_never_panic(query in ".{0,300}") {
        let _ = IntegrationListQuery::parse(&query);
        let _ = ServiceListQuery::parse(&query);
    }

    #[test]
    fn query_like_strings_never_panic(
        pairs in prop::collection::vec(
            (
                prop_oneof![
                    Just("search"), Just("sort_by"), Just("limit"),
                    Just("continuation_token"), Just("is_active"), Just("other"),
                ],
                prop_oneof![".{0,20}", "-?[0-9]{0,25}", Just("-name".to_owned())],
            ),
            0..8,
        ),
    ) {
        let query = pairs
            .iter()
            .fold(form_urlencoded::Serializer::new(String::new()), |mut out, (key, value)| {
                out.append_pair(key, value);
                out
            })
            .finish();
        if let Err(errors) = IntegrationListQuery::parse(&query) {
            prop_assert!(!errors.is_empty());
        }
        if let Err(errors) = ServiceListQuery::parse(&query) {
            prop_assert!(!errors.is_empty());
        }
    }

    #[test]
    fn valid_integration_query_round_trips(
        search in valid_search(),
        sort in sort_key(&SortField::INTEGRATIONS),
        limit in 1..=rules::INTEGRATION_LIMIT_MAX,
        continuation_token in 0..=u64::from(u32::MAX),
    ) {
        let query = IntegrationListQuery { search, sort, limit, continuation_token };

        let parsed = IntegrationListQuery::parse(&query.to_query_string());

        prop_assert_eq!(parsed, Ok(query));
    }

    #[test]
    fn valid_service_query_round_trips(
        search in valid_search(),
        sort in sort_key(&SortField::SERVICES),
        is_active in prop::option::of(any::<bool>()),
        limit in 1..=rules::SERVICE_LIMIT_MAX,
        continuation_token in 0..=u64::from(u32::MAX),
    ) {
        let query = ServiceListQuery { search, sort, is_active, limit, continuation_token };

        let parsed = ServiceListQuery::parse(&query.to_query_string());

        prop_assert_eq!(parsed, Ok(query));
    }

    #[test]
    fn repeated_parameter_is_rejected(
        name in prop::sample::select(vec!["search", "sort_by", "limit", "continuation_token"]),
        first in "[a-z0-9]{1,5}",
        second in "[a-z0-9]{1,5}",
    ) {
        let query = format!("{name}={first}&{name}={second}");

        prop_assert!(IntegrationListQuery::parse(&query).is_err());
    }
}

#[test]
fn empty_and_oversized_parameters_are_rejected() {
    let long_search = "a".repeat(rules::SEARCH_MAX_LENGTH + 1);
    let long_sort = "n".repeat(rules::SORT_BY_MAX_LENGTH + 1);
    let huge_number = "9".repeat(40);
    let cases = [
        "limit=".to_owned(),
        "sort_by=".to_owned(),
        "continuation_token=".to_owned(),
        format!("search={long_search}"),
        format!("sort_by={long_sort}"),
        format!("limit={huge_number}"),
        format!("continuation_token={huge_number}"),
        "limit=0".to_owned(),
        format!("limit={}", rules::INTEGRATION_LIMIT_MAX + 1),
        "limit=-1".to_owned(),
    ];

    for query in cases {
        assert!(
            IntegrationListQuery::parse(&query).is_err(),
            "accepted {query:?}"
        );
    }
    assert!(ServiceListQuery::parse("is_active=").is_err());
    assert!(ServiceListQuery::parse("is_active=maybe").is_err());
}
