//! `POST /sandbox/credentials/verify`, the sandbox-only credential check.

mod common;

use axum::http::{Method, StatusCode};
use common::TestApp;
use serde_json::{json, Value};

const VERIFY: &str = "/sandbox/credentials/verify";

async fn setup() -> (TestApp, Value, String) {
    let app = TestApp::new();
    let service = app.service("Front desk");
    let (integration_id, created) = app.create_integration_with_credential(&[service]).await;
    (app, created, integration_id)
}

async fn verify(app: &TestApp, body: Value) -> common::TestResponse {
    app.call(Method::POST, VERIFY, None, Some(body)).await
}

#[tokio::test]
async fn valid_pair_returns_scope_and_expiry() {
    let (app, created, integration_id) = setup().await;
    let body = json!({
        "client_id": created["credential"]["client_id"],
        "client_secret": created["client_secret"],
    });

    let response = verify(&app, body).await;

    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(
        response.json(),
        json!({
            "valid": true,
            "service_ids": created["credential"]["service_ids"],
            "integration_id": integration_id,
            "expires_at": null,
        })
    );
}

#[tokio::test]
async fn wrong_secret_and_unknown_id_look_the_same() {
    let (app, created, _) = setup().await;

    let wrong_secret = verify(
        &app,
        json!({ "client_id": created["credential"]["client_id"], "client_secret": "cs_wrong" }),
    )
    .await;
    let unknown_id = verify(
        &app,
        json!({ "client_id": "ci_unknown", "client_secret": created["client_secret"] }),
    )
    .await;

    for response in [wrong_secret, unknown_id] {
        assert_eq!(response.status, StatusCode::OK);
        assert_eq!(response.json(), json!({ "valid": false }));
    }
}

#[tokio::test]
async fn malformed_body_returns_422() {
    let app = TestApp::new();

    let response = verify(&app, json!({ "client_id": 1 })).await;

    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    let detail = response.json()["detail"].clone();
    assert_eq!(detail[0]["loc"], json!(["body", "client_id"]));
    assert_eq!(detail[0]["type"], "string_type");
    assert_eq!(detail[1]["loc"], json!(["body", "client_secret"]));
    assert_eq!(detail[1]["type"], "missing");
}

#[tokio::test]
async fn verify_needs_no_api_key_and_json_content_type() {
    let app = TestApp::new();
    let request = axum::http::Request::builder()
        .method(Method::POST)
        .uri(VERIFY)
        .header("content-type", "text/plain")
        .body(axum::body::Body::from("{}"))
        .expect("request");

    let response = app.send(request).await;

    assert_eq!(response.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
}
