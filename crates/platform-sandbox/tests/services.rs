//! `GET /v1/{workspace_id}/services` and `GET .../services/{service_id}`.

mod common;

use axum::http::{Method, StatusCode};
use common::TestApp;
use platform_api::Timestamp;
use platform_sandbox::auth::Role;
use platform_sandbox::db::services;
use serde_json::{json, Value};
use uuid::Uuid;

fn names(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|item| item["name"].as_str().expect("name").to_owned())
        .collect()
}

fn services_path(app: &TestApp, query: &str) -> String {
    format!("/v1/{}/services{query}", app.workspace_id)
}

#[tokio::test]
async fn list_pages_and_counts() {
    let app = TestApp::new();
    for name in ["Alpha", "Bravo", "Charlie"] {
        app.service(name);
    }

    let first = app.get(&services_path(&app, "?sort_by=name&limit=2")).await;
    assert_eq!(first.status, StatusCode::OK);
    let first = first.json();
    assert_eq!(names(&first), ["Alpha", "Bravo"]);
    assert_eq!(first["has_more"], true);
    assert_eq!(first["continuation_token"], 2);
    assert_eq!(first["total"], 3);

    let last = app
        .get(&services_path(
            &app,
            "?sort_by=name&limit=2&continuation_token=2",
        ))
        .await
        .json();
    assert_eq!(names(&last), ["Charlie"]);
    assert_eq!(last["has_more"], false);
    assert_eq!(last["continuation_token"], Value::Null);
}

#[tokio::test]
async fn list_filters_by_search_and_activity() {
    let app = TestApp::new();
    app.service("Front Desk");
    let legacy = app.service("Legacy IVR");
    app.db
        .write_blocking(|tx| services::deactivate(tx, legacy, Timestamp::now()))
        .expect("deactivated");

    let by_name = app.get(&services_path(&app, "?search=front")).await.json();
    assert_eq!(names(&by_name), ["Front Desk"]);
    // The helper writes "<name> description" as the description.
    let by_description = app
        .get(&services_path(&app, "?search=IVR%20DESC"))
        .await
        .json();
    assert_eq!(names(&by_description), ["Legacy IVR"]);
    let inactive = app
        .get(&services_path(&app, "?is_active=false"))
        .await
        .json();
    assert_eq!(names(&inactive), ["Legacy IVR"]);
    assert_eq!(inactive["items"][0]["is_active"], false);
    let active = app
        .get(&services_path(&app, "?is_active=true"))
        .await
        .json();
    assert_eq!(names(&active), ["Front Desk"]);
}

#[tokio::test]
async fn list_rejects_limit_above_20_and_unknown_sort() {
    let app = TestApp::new();

    let response = app
        .get(&services_path(&app, "?limit=21&sort_by=display_name"))
        .await;

    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    let detail = response.json()["detail"].clone();
    assert_eq!(detail[0]["loc"], json!(["query", "sort_by"]));
    assert_eq!(detail[1]["loc"], json!(["query", "limit"]));
    assert_eq!(detail[1]["type"], "less_than_equal");
}

#[tokio::test]
async fn member_can_list_and_get() {
    let app = TestApp::new();
    let member = app.key(Role::Member);
    let id = app.service("Front Desk");

    let list = app
        .call(Method::GET, &services_path(&app, ""), Some(&member), None)
        .await;
    let one = app
        .call(
            Method::GET,
            &services_path(&app, &format!("/{id}")),
            Some(&member),
            None,
        )
        .await;

    assert_eq!(list.status, StatusCode::OK);
    assert_eq!(one.status, StatusCode::OK);
    let body = one.json();
    assert_eq!(body["id"], json!(id));
    assert_eq!(body["workspace_id"], json!(app.workspace_id));
    assert_eq!(body["channel_type"], "voice");
    assert_eq!(body["version_sets"], json!({}));
}

#[tokio::test]
async fn get_unknown_or_foreign_service_returns_404() {
    let app = TestApp::new();
    let other = Uuid::new_v4();
    app.key_in(other, Role::Owner, Timestamp::now().plus_seconds(60));
    let foreign = app.service_in(other, "Elsewhere");

    for id in [Uuid::new_v4(), foreign] {
        let response = app.get(&services_path(&app, &format!("/{id}"))).await;
        assert_eq!(response.status, StatusCode::NOT_FOUND);
        assert_eq!(response.json(), json!({ "detail": "Service not found." }));
    }
}

#[tokio::test]
async fn malformed_service_id_returns_422() {
    let app = TestApp::new();

    let response = app.get(&services_path(&app, "/123")).await;

    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        response.json()["detail"][0]["loc"],
        json!(["path", "service_id"])
    );
}
