//! Responses shared by every route: request ids, unknown routes and methods,
//! body limits, content types and malformed JSON.

mod common;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use common::TestApp;
use serde_json::json;

fn post_integration(app: &TestApp, content_type: Option<&str>, body: Vec<u8>) -> Request<Body> {
    let mut builder = Request::builder()
        .method(Method::POST)
        .uri(app.integrations_path(""))
        .header("authorization", format!("Bearer {}", app.owner_key));
    if let Some(content_type) = content_type {
        builder = builder.header("content-type", content_type);
    }
    builder.body(Body::from(body)).expect("request")
}

#[tokio::test]
async fn request_id_is_generated_on_success_and_error() {
    let app = TestApp::new();

    for path in ["/healthz", "/v1/auth/me", "/nope"] {
        let response = app.call(Method::GET, path, None, None).await;
        let id = response.header("x-request-id").expect("request id");
        assert!(uuid::Uuid::parse_str(id).is_ok(), "{path}: {id}");
    }
}

#[tokio::test]
async fn well_formed_request_id_is_echoed_and_bad_one_replaced() {
    let app = TestApp::new();
    let request = |id: &str| {
        Request::builder()
            .uri("/v1/auth/me")
            .header("x-request-id", id)
            .body(Body::empty())
            .expect("request")
    };

    let echoed = app.send(request("trace-42.a:b")).await;
    assert_eq!(echoed.header("x-request-id"), Some("trace-42.a:b"));

    let replaced = app.send(request("bad id with spaces")).await;
    let id = replaced.header("x-request-id").expect("request id");
    assert!(uuid::Uuid::parse_str(id).is_ok(), "{id}");
}

#[tokio::test]
async fn health_returns_ok() {
    let app = TestApp::new();

    let response = app.call(Method::GET, "/healthz", None, None).await;

    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(response.json(), json!({ "status": "ok" }));
}

#[tokio::test]
async fn unknown_route_returns_json_404() {
    let app = TestApp::new();

    for path in [
        "/nope",
        "/v1/unknown",
        "/v1/auth/me/extra",
        "/sandbox/nothing",
    ] {
        let response = app.get(path).await;
        assert_eq!(response.status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(response.json(), json!({ "detail": "Not Found" }));
    }
}

#[tokio::test]
async fn wrong_method_returns_json_405() {
    let app = TestApp::new();

    let response = app
        .owner(Method::PUT, &app.integrations_path(""), None)
        .await;

    assert_eq!(response.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(response.json(), json!({ "detail": "Method Not Allowed" }));
    assert!(response.header("x-request-id").is_some());
}

#[tokio::test]
async fn body_past_64_kib_returns_413() {
    let app = TestApp::new();
    let description = "x".repeat(64 * 1024);
    let body = json!({ "name": "big", "display_name": "Big", "description": description });

    let response = app
        .send(post_integration(
            &app,
            Some("application/json"),
            body.to_string().into_bytes(),
        ))
        .await;

    assert_eq!(response.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(
        response.json(),
        json!({ "detail": "Request body is larger than 64 KiB." })
    );
}

#[tokio::test]
async fn wrong_or_missing_content_type_returns_415() {
    let app = TestApp::new();
    let body = json!({ "name": "crm", "display_name": "CRM" }).to_string();

    for content_type in [
        Some("text/plain"),
        Some("application/x-www-form-urlencoded"),
        None,
    ] {
        let response = app
            .send(post_integration(
                &app,
                content_type,
                body.clone().into_bytes(),
            ))
            .await;
        assert_eq!(
            response.status,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "{content_type:?}"
        );
        let detail = response.json()["detail"]
            .as_str()
            .expect("sentence")
            .to_owned();
        assert!(detail.contains("application/json"), "{detail}");
    }
}

#[tokio::test]
async fn json_with_charset_is_accepted() {
    let app = TestApp::new();
    let body = json!({ "name": "crm", "display_name": "CRM" }).to_string();

    let response = app
        .send(post_integration(
            &app,
            Some("application/json; charset=utf-8"),
            body.into_bytes(),
        ))
        .await;

    assert_eq!(response.status, StatusCode::CREATED);
}

#[tokio::test]
async fn malformed_json_returns_422_json_invalid() {
    let app = TestApp::new();

    let response = app
        .send(post_integration(
            &app,
            Some("application/json"),
            b"{\"name\": }".to_vec(),
        ))
        .await;

    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    let body = response.json();
    assert_eq!(body["detail"][0]["type"], "json_invalid");
    assert_eq!(body["detail"][0]["loc"], json!(["body", 9]));
    assert_eq!(body["detail"][0]["msg"], "JSON decode error");
}

#[tokio::test]
async fn empty_body_returns_422_missing() {
    let app = TestApp::new();

    let response = app.send(post_integration(&app, None, Vec::new())).await;

    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        response.json(),
        json!({ "detail": [{ "loc": ["body"], "msg": "Field required", "type": "missing", "input": null }] })
    );
}

#[tokio::test]
async fn malformed_path_uuid_returns_422_at_path() {
    let app = TestApp::new();

    let response = app
        .get("/v1/not-a-uuid/external-integrations/also-bad")
        .await;

    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    let detail = response.json()["detail"].clone();
    assert_eq!(detail[0]["loc"], json!(["path", "workspace_id"]));
    assert_eq!(detail[0]["type"], "uuid_parsing");
    assert_eq!(detail[0]["input"], "not-a-uuid");
    assert_eq!(detail[1]["loc"], json!(["path", "integration_id"]));
}

#[tokio::test]
async fn odd_client_input_never_gets_500() {
    let app = TestApp::new();
    app.create_integration("crm", "CRM", None).await;
    let base = app.integrations_path("");
    let searches = [
        "\"",
        "\"\"",
        "*",
        "a*",
        "^abc",
        "NEAR(a b)",
        "a OR b",
        "%00",
        "%FF%FE",
        "abc%00def",
        "(((",
        "col:abc",
        "-abc",
        "ab\"c",
        "%E2%80%8F",
        "😀😀😀",
    ];
    let mut paths: Vec<String> = searches
        .iter()
        .map(|search| {
            // Inputs with `%` are already escaped; the others are encoded here.
            let encoded = if search.contains('%') {
                (*search).to_owned()
            } else {
                percent_encoding::utf8_percent_encode(search, percent_encoding::NON_ALPHANUMERIC)
                    .to_string()
            };
            format!("{base}?search={encoded}")
        })
        .collect();
    paths.extend([
        format!("{base}?limit=%FF"),
        format!("{base}?continuation_token=18446744073709551616"),
        format!("{base}?continuation_token=9223372036854775807"),
        format!("{base}?sort_by=%00"),
        format!("{base}/%FF"),
        "/v1/%FF/services".to_owned(),
        format!("/v1/{}/services?is_active=%00&search=%22", app.workspace_id),
    ]);

    for path in paths {
        let response = app.get(&path).await;
        assert!(
            response.status.as_u16() < 500,
            "{path}: {}",
            response.status
        );
        assert!(response.json().is_object(), "{path}");
    }

    for body in [
        "[]",
        "null",
        "1",
        "\"x\"",
        "{\"name\": [], \"display_name\": {}}",
        "{\"a\":",
    ] {
        let response = app
            .send(post_integration(
                &app,
                Some("application/json"),
                body.as_bytes().to_vec(),
            ))
            .await;
        assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    }
}
