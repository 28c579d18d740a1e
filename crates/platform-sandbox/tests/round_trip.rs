//! User text with markup, bidirectional controls, zero-width characters,
//! emoji and the maximum lengths is stored and returned unchanged, and
//! names outside the slug pattern are rejected rather than altered.

mod common;

use axum::http::{Method, StatusCode};
use common::TestApp;
use serde_json::{json, Value};

/// Display names and descriptions that must come back byte for byte.
fn hostile_texts() -> Vec<String> {
    vec![
        "<script>alert(1)</script>".to_owned(),
        "<img src=x onerror=\"alert(1)\">&amp;&lt;".to_owned(),
        "\u{202e}txt.exe\u{202c} \u{200f}RTL\u{200e} mark".to_owned(),
        "zero\u{200b}width\u{200c}joiner\u{200d}\u{feff}".to_owned(),
        "👩‍💻🚀🏳️‍🌈 e\u{301} café".to_owned(),
        "quotes \" ' ` and \\ backslash".to_owned(),
        "  leading and trailing spaces  ".to_owned(),
        "line\nbreak\ttab".to_owned(),
        "🙂".repeat(256),
    ]
}

/// Creates an integration from `body`, asserting 201 for test case `index`,
/// and returns the create response and the integration fetched by id.
async fn create_and_fetch(app: &TestApp, body: Value, index: usize) -> (Value, Value) {
    let created = app
        .owner(Method::POST, &app.integrations_path(""), Some(body))
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "case {index}");
    let created = created.json();
    let id = created["id"].as_str().expect("id");
    let fetched = app
        .get(&app.integrations_path(&format!("/{id}")))
        .await
        .json();
    (created, fetched)
}

#[tokio::test]
async fn hostile_text_round_trips_unchanged() {
    let app = TestApp::new();

    for (index, text) in hostile_texts().into_iter().enumerate() {
        let display_name: String = text.chars().take(256).collect();
        let body = json!({
            "name": format!("text-{index}"),
            "display_name": display_name,
            "description": text,
        });

        let (created, fetched) = create_and_fetch(&app, body, index).await;

        assert_eq!(created["display_name"], display_name, "case {index}");
        assert_eq!(fetched["display_name"], display_name, "case {index}");
        assert_eq!(fetched["description"], text, "case {index}");
    }
}

#[tokio::test]
async fn max_length_description_round_trips() {
    let app = TestApp::new();
    let cases = [
        "a".repeat(4096),
        "🙂".repeat(4096),
        "<b>".repeat(1365) + "x",
        "\u{200b}".repeat(4096),
    ];

    for (index, description) in cases.into_iter().enumerate() {
        assert_eq!(description.chars().count(), 4096, "case {index}");
        let body = json!({
            "name": format!("long-{index}"),
            "display_name": "Long",
            "description": description,
        });
        let (_, fetched) = create_and_fetch(&app, body, index).await;

        assert_eq!(fetched["description"], description, "case {index}");
    }
}

#[tokio::test]
async fn one_character_past_limits_is_rejected() {
    let app = TestApp::new();
    let cases = [
        json!({ "name": "too-long", "display_name": "🙂".repeat(257) }),
        json!({ "name": "too-long", "display_name": "x", "description": "🙂".repeat(4097) }),
        json!({ "name": "a".repeat(129), "display_name": "x" }),
    ];

    for body in cases {
        let response = app
            .owner(Method::POST, &app.integrations_path(""), Some(body))
            .await;
        assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let listed = app.get(&app.integrations_path("")).await.json();
    assert_eq!(listed["total"], 0);
}

#[tokio::test]
async fn max_length_name_round_trips() {
    let app = TestApp::new();
    let name = format!("a{}z", "-_0".repeat(42));
    assert_eq!(name.len(), 128);

    let created = app.create_integration(&name, "Longest name", None).await;

    assert_eq!(created["name"], name.as_str());
}

#[tokio::test]
async fn markup_in_name_is_rejected_not_altered() {
    let app = TestApp::new();
    let names = [
        "<script>",
        "crm\u{200b}",
        "crm\u{202e}",
        "Crm",
        "crm 1",
        "🙂🙂",
        "-crm",
    ];

    for name in names {
        let body = json!({ "name": name, "display_name": "X" });
        let response = app
            .owner(Method::POST, &app.integrations_path(""), Some(body))
            .await;
        assert_eq!(
            response.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{name:?}"
        );
        assert_eq!(response.json()["detail"][0]["input"], name, "{name:?}");
    }
}

#[tokio::test]
async fn hostile_text_round_trips_through_patch_and_credentials() {
    let app = TestApp::new();
    let service = app.service("voice");
    let integration = app.create_integration("crm", "CRM", None).await;
    let id = integration["id"].as_str().expect("id").to_owned();

    for (index, text) in hostile_texts().into_iter().enumerate() {
        let display_name: String = text.chars().take(256).collect();
        let body = json!({ "display_name": display_name, "description": text });
        let patched = app
            .owner(
                Method::PATCH,
                &app.integrations_path(&format!("/{id}")),
                Some(body),
            )
            .await;
        assert_eq!(patched.status, StatusCode::OK, "case {index}");
        assert_eq!(patched.json()["display_name"], display_name, "case {index}");
        assert_eq!(patched.json()["description"], text, "case {index}");

        let credential = json!({ "service_ids": [service], "name": display_name });
        let created = app
            .owner(
                Method::POST,
                &app.integrations_path(&format!("/{id}/credentials")),
                Some(credential),
            )
            .await;
        assert_eq!(created.status, StatusCode::CREATED, "case {index}");
        assert_eq!(
            created.json()["credential"]["name"],
            display_name,
            "case {index}"
        );
    }

    let listed = app
        .get(&app.integrations_path(&format!("/{id}/credentials")))
        .await
        .json();
    let names: Vec<String> = listed
        .as_array()
        .expect("array")
        .iter()
        .map(|credential| credential["name"].as_str().expect("name").to_owned())
        .collect();
    for text in hostile_texts() {
        let display_name: String = text.chars().take(256).collect();
        assert!(names.contains(&display_name), "{display_name:?}");
    }
}

#[tokio::test]
async fn search_finds_hostile_text_literally() {
    let app = TestApp::new();
    app.create_integration("plain", "Plain", None).await;
    app.create_integration("markup", "<script>x</script>", Some("100% _match_"))
        .await;

    for (search, expected) in [("<script>", 1), ("%", 1), ("_match_", 1), ("'", 0)] {
        let query: String = form_urlencoded_pair("search", search);
        let listed = app
            .get(&app.integrations_path(&format!("?{query}")))
            .await
            .json();
        assert_eq!(listed["total"], expected, "search {search:?}");
    }
}

/// Percent-encodes one query pair.
fn form_urlencoded_pair(name: &str, value: &str) -> String {
    let encoded: String = value
        .bytes()
        .map(|byte| match byte {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' => {
                (byte as char).to_string()
            }
            other => format!("%{other:02X}"),
        })
        .collect();
    format!("{name}={encoded}")
}
