//! `GET /openapi.json` keeps the published documents' contract intact.

mod common;

use axum::http::{Method, StatusCode};
use common::TestApp;
use serde_json::Value;

fn published(name: &str) -> Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../spec")
        .join(name);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()));
    serde_json::from_str(&text).expect("published document is JSON")
}

async fn served() -> Value {
    let app = TestApp::new();
    let response = app.call(Method::GET, "/openapi.json", None, None).await;
    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(response.header("content-type"), Some("application/json"));
    response.json()
}

fn operations(document: &Value) -> Vec<(String, String, Value)> {
    let mut found = Vec::new();
    for (path, item) in document["paths"].as_object().expect("paths") {
        for (method, operation) in item.as_object().expect("path item") {
            found.push((path.clone(), method.clone(), operation.clone()));
        }
    }
    found
}

#[tokio::test]
async fn published_operations_are_served_unchanged() {
    let served = served().await;
    let mut checked = 0;

    for name in [
        "external-integrations.openapi.json",
        "platform-context.openapi.json",
    ] {
        let document = published(name);
        for (path, method, operation) in operations(&document) {
            let mine = &served["paths"][&path][&method];
            let at = format!("{method} {path}");
            assert_eq!(mine["operationId"], operation["operationId"], "{at}");
            assert_eq!(mine["parameters"], operation["parameters"], "{at}");
            assert_eq!(mine["requestBody"], operation["requestBody"], "{at}");
            for (status, response) in operation["responses"].as_object().expect("responses") {
                assert_eq!(&mine["responses"][status], response, "{at} {status}");
            }
            checked += 1;
        }
        for (schema, body) in document["components"]["schemas"]
            .as_object()
            .expect("schemas")
        {
            assert_eq!(&served["components"]["schemas"][schema], body, "{schema}");
        }
    }
    assert_eq!(
        checked, 12,
        "nine integration operations and three context ones"
    );
}

#[tokio::test]
async fn error_responses_are_documented_per_operation() {
    let served = served().await;
    let error_ref = "#/components/schemas/ErrorMessage";

    for (path, method, operation) in operations(&served) {
        if !path.starts_with("/v1") {
            continue;
        }
        let responses = &operation["responses"];
        let at = format!("{method} {path}");
        assert!(responses.get("401").is_some(), "{at}");
        assert!(responses.get("429").is_some(), "{at}");
        assert_eq!(
            responses.get("403").is_some(),
            method != "get" || path.contains("services"),
            "{at}"
        );
        assert_eq!(
            responses.get("413").is_some(),
            operation.get("requestBody").is_some(),
            "{at}"
        );
        assert_eq!(
            responses.get("415").is_some(),
            operation.get("requestBody").is_some(),
            "{at}"
        );
        if path.contains("{workspace_id}") {
            assert!(responses.get("404").is_some(), "{at}");
        }
        if path.contains("external-integrations")
            && method == "post"
            && !path.ends_with("credentials")
        {
            assert_eq!(
                responses["409"]["content"]["application/json"]["schema"]["$ref"], error_ref,
                "{at}"
            );
        }
    }
    assert!(served["paths"]["/sandbox/credentials/verify"]["post"].is_object());
}
