//! `GET /v1/auth/me` and the 401 response every `/v1` route shares.

mod common;

use axum::http::{Method, StatusCode};
use common::TestApp;
use platform_api::Timestamp;
use platform_sandbox::auth::Role;
use platform_sandbox::db::api_keys;
use platform_sandbox::secrets;
use serde_json::json;

fn assert_unauthorized(response: &common::TestResponse) {
    assert_eq!(response.status, StatusCode::UNAUTHORIZED);
    assert_eq!(response.header("www-authenticate"), Some("Bearer"));
    assert_eq!(
        response.json(),
        json!({ "detail": "Missing or invalid API key." })
    );
    assert!(response.header("x-request-id").is_some());
}

#[tokio::test]
async fn me_returns_workspace_key_and_expiry() {
    let app = TestApp::new();

    let response = app.get("/v1/auth/me").await;

    assert_eq!(response.status, StatusCode::OK);
    let body = response.json();
    assert_eq!(body["workspace_id"], json!(app.workspace_id));
    assert_eq!(body["name"], json!("test"));
    let key_id = secrets::api_key_id(&app.owner_key).expect("key id");
    assert_eq!(body["key_id"], json!(key_id.to_string()));
    let seconds = body["expires_in_seconds"].as_i64().expect("integer");
    assert!((86_000..=86_400).contains(&seconds), "{seconds}");
    let expires_at = body["expires_at"].as_str().expect("string");
    assert!(
        expires_at.ends_with('Z') && expires_at.len() == 27,
        "{expires_at}"
    );
}

#[tokio::test]
async fn member_key_can_read_me() {
    let app = TestApp::new();
    let member = app.key(Role::Member);

    let response = app
        .call(Method::GET, "/v1/auth/me", Some(&member), None)
        .await;

    assert_eq!(response.status, StatusCode::OK);
}

#[tokio::test]
async fn missing_header_returns_401() {
    let app = TestApp::new();

    let response = app.call(Method::GET, "/v1/auth/me", None, None).await;

    assert_unauthorized(&response);
}

#[tokio::test]
async fn unknown_or_malformed_keys_return_401() {
    let app = TestApp::new();
    let unknown = secrets::new_api_key(uuid::Uuid::new_v4()).expect("random");

    for key in [unknown.expose(), "not-a-key", "sbx_123_abc"] {
        let response = app.call(Method::GET, "/v1/auth/me", Some(key), None).await;
        assert_unauthorized(&response);
    }
}

#[tokio::test]
async fn wrong_secret_for_known_key_id_returns_401() {
    let app = TestApp::new();
    let (prefix, _) = app.owner_key.rsplit_once('_').expect("key form");
    let forged = format!("{prefix}_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");

    let response = app
        .call(Method::GET, "/v1/auth/me", Some(&forged), None)
        .await;

    assert_unauthorized(&response);
}

#[tokio::test]
async fn basic_scheme_returns_401() {
    let app = TestApp::new();
    let request = axum::http::Request::builder()
        .uri("/v1/auth/me")
        .header("authorization", format!("Basic {}", app.owner_key))
        .body(axum::body::Body::empty())
        .expect("request");

    let response = app.send(request).await;

    assert_unauthorized(&response);
}

#[tokio::test]
async fn revoked_key_returns_401() {
    let app = TestApp::new();
    let key_id = secrets::api_key_id(&app.owner_key).expect("key id");
    app.db
        .write_blocking(|tx| api_keys::revoke(tx, key_id, Timestamp::now()))
        .expect("revoked");

    // The list authenticates in its own database task, apart from the
    // extractor the other routes share.
    for path in ["/v1/auth/me".to_owned(), app.integrations_path("")] {
        let response = app.get(&path).await;

        assert_unauthorized(&response);
    }
}

#[tokio::test]
async fn list_checks_run_in_documented_order() {
    let app = TestApp::new();
    let member = app.key(Role::Member);
    let key_id = secrets::api_key_id(&member).expect("key id");
    let wrong_secret = format!("sbx_{}_{}", key_id.simple(), "A".repeat(43));
    let other = format!("/v1/{}/external-integrations", uuid::Uuid::new_v4());

    let response = app
        .call(
            Method::GET,
            "/v1/not-a-uuid/external-integrations",
            Some(&wrong_secret),
            None,
        )
        .await;
    assert_unauthorized(&response);

    let response = app
        .call(
            Method::GET,
            "/v1/not-a-uuid/external-integrations?limit=0",
            Some(&member),
            None,
        )
        .await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        response.json()["detail"][0]["loc"],
        json!(["path", "workspace_id"])
    );

    let response = app
        .call(
            Method::GET,
            &format!("{other}?limit=0"),
            Some(&member),
            None,
        )
        .await;
    assert_eq!(response.status, StatusCode::NOT_FOUND);

    let path = app.integrations_path("?limit=0");
    let response = app.call(Method::GET, &path, Some(&member), None).await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        response.json()["detail"][0]["loc"],
        json!(["query", "limit"])
    );
}

#[tokio::test]
async fn expired_key_returns_401() {
    let app = TestApp::new();
    let expired = app.key_in(
        app.workspace_id,
        Role::Owner,
        Timestamp::now().plus_seconds(-1),
    );

    let response = app
        .call(Method::GET, "/v1/auth/me", Some(&expired), None)
        .await;

    assert_unauthorized(&response);
}

#[tokio::test]
async fn every_v1_route_requires_a_key() {
    let app = TestApp::new();
    let base = app.integrations_path("");
    let id = uuid::Uuid::new_v4();
    let routes = [
        (Method::GET, format!("/v1/{}/services", app.workspace_id)),
        (
            Method::GET,
            format!("/v1/{}/services/{id}", app.workspace_id),
        ),
        (Method::GET, base.clone()),
        (Method::POST, base.clone()),
        (Method::GET, format!("{base}/{id}")),
        (Method::PATCH, format!("{base}/{id}")),
        (Method::DELETE, format!("{base}/{id}")),
        (Method::GET, format!("{base}/{id}/credentials")),
        (Method::POST, format!("{base}/{id}/credentials")),
        (Method::POST, format!("{base}/{id}/credentials/{id}/rotate")),
        (Method::DELETE, format!("{base}/{id}/credentials/{id}")),
        // A malformed path still gets 401 first.
        (
            Method::GET,
            "/v1/not-a-uuid/external-integrations".to_owned(),
        ),
    ];

    for (method, path) in routes {
        let response = app.call(method.clone(), &path, None, None).await;
        assert_eq!(response.status, StatusCode::UNAUTHORIZED, "{method} {path}");
        assert_eq!(response.header("www-authenticate"), Some("Bearer"));
    }
}
