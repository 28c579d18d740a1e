//! `GET /openapi.json`: the two published documents merged, plus the error
//! responses each operation gives beyond the published 2xx and 422.
//!
//! The published parts are copied unchanged: operations, parameters, request
//! bodies, schemas and every response the documents list. Only responses the
//! documents omit are added.

use std::sync::OnceLock;

use serde_json::{json, Map, Value};

use crate::error::AppError;

/// The External Integrations document, as published.
pub const EXTERNAL_INTEGRATIONS: &str =
    include_str!("../../../spec/external-integrations.openapi.json");
/// The auth and services document, as published.
pub const PLATFORM_CONTEXT: &str = include_str!("../../../spec/platform-context.openapi.json");

/// Returns the merged document as JSON bytes, built on first use.
pub fn document_bytes() -> Result<Vec<u8>, AppError> {
    static DOCUMENT: OnceLock<Result<Vec<u8>, String>> = OnceLock::new();
    DOCUMENT
        .get_or_init(|| {
            let document = document().map_err(|error| error.to_string())?;
            serde_json::to_vec(&document).map_err(|error| error.to_string())
        })
        .clone()
        .map_err(AppError::internal)
}

/// Builds the merged document.
pub fn document() -> Result<Value, serde_json::Error> {
    let mut merged: Value = serde_json::from_str(EXTERNAL_INTEGRATIONS)?;
    let context: Value = serde_json::from_str(PLATFORM_CONTEXT)?;

    merge_objects(&mut merged["paths"], &context["paths"]);
    merge_objects(
        &mut merged["components"]["schemas"],
        &context["components"]["schemas"],
    );
    merged["components"]["schemas"]["ErrorMessage"] = error_message_schema();
    merged["info"]["description"] = json!(
        "The Platform API's External Integrations, auth and services endpoints as the \
         local sandbox serves them, with the error responses each operation gives. \
         Paths outside /v1 exist only in the sandbox."
    );

    if let Some(paths) = merged["paths"].as_object_mut() {
        for (path, item) in paths.iter_mut() {
            let Some(operations) = item.as_object_mut() else {
                continue;
            };
            for (method, operation) in operations.iter_mut() {
                add_error_responses(path, method, operation);
            }
        }
        add_sandbox_paths(paths);
    }
    Ok(merged)
}

/// Copies every entry of `from` that `into` lacks.
fn merge_objects(into: &mut Value, from: &Value) {
    let (Some(into), Some(from)) = (into.as_object_mut(), from.as_object()) else {
        return;
    };
    for (key, value) in from {
        into.entry(key.clone()).or_insert_with(|| value.clone());
    }
}

fn error_message_schema() -> Value {
    json!({
        "type": "object",
        "title": "ErrorMessage",
        "properties": { "detail": { "type": "string", "title": "Detail" } },
        "required": ["detail"]
    })
}

fn error_response(description: &str) -> Value {
    json!({
        "description": description,
        "content": {
            "application/json": { "schema": { "$ref": "#/components/schemas/ErrorMessage" } }
        }
    })
}

/// Adds the responses an operation gives that the published document omits.
fn add_error_responses(path: &str, method: &str, operation: &mut Value) {
    let operation_id = operation["operationId"].as_str().unwrap_or("").to_owned();
    let has_body = operation.get("requestBody").is_some();
    let Some(responses) = operation["responses"].as_object_mut() else {
        return;
    };
    let mut add = |status: &str, response: Value| {
        responses.entry(status.to_owned()).or_insert(response);
    };

    let mut unauthorized = error_response("Missing or invalid API key.");
    unauthorized["headers"] = json!({
        "WWW-Authenticate": { "schema": { "type": "string" }, "description": "Always `Bearer`." }
    });
    add("401", unauthorized);
    if method != "get" {
        add("403", error_response("Insufficient permissions."));
    }
    if path.contains("{workspace_id}") {
        add(
            "404",
            error_response(
                "Not found: another workspace, or no such integration, credential or service.",
            ),
        );
    }
    match operation_id.as_str() {
        "create-external-integration" | "update-external-integration" => add(
            "409",
            error_response("Integration name already taken in this workspace."),
        ),
        "rotate-external-integration-credential" | "revoke-external-integration-credential" => {
            add("409", error_response("Credential is revoked."))
        }
        _ => {}
    }
    if has_body {
        add("413", error_response("Request body is larger than 64 KiB."));
        add(
            "415",
            error_response("The body is not declared as application/json."),
        );
    }
    let mut limited =
        error_response("Too many requests; only when the sandbox runs with `--rate-limit`.");
    limited["headers"] = json!({
        "Retry-After": { "schema": { "type": "integer" }, "description": "Seconds to wait." }
    });
    add("429", limited);
}

fn add_sandbox_paths(paths: &mut Map<String, Value>) {
    paths.insert(
        "/healthz".to_owned(),
        json!({ "get": {
            "tags": ["Sandbox"],
            "summary": "Health check (sandbox only)",
            "operationId": "sandbox-health",
            "security": [],
            "responses": { "200": { "description": "The server is up: `{\"status\": \"ok\"}`." } }
        }}),
    );
    paths.insert(
        "/sandbox/credentials/verify".to_owned(),
        json!({ "post": {
            "tags": ["Sandbox"],
            "summary": "Check a client id and secret pair (sandbox only)",
            "operationId": "sandbox-verify-credential",
            "security": [],
            "requestBody": { "required": true, "content": { "application/json": { "schema": {
                "type": "object",
                "required": ["client_id", "client_secret"],
                "properties": {
                    "client_id": { "type": "string" },
                    "client_secret": { "type": "string" }
                }
            }}}},
            "responses": {
                "200": { "description": "`{\"valid\": true, \"service_ids\", \"integration_id\", \"expires_at\"}` for a pair that works now, else `{\"valid\": false}`." },
                "413": error_response("Request body is larger than 64 KiB."),
                "415": error_response("The body is not declared as application/json."),
                "422": { "description": "Validation Error", "content": { "application/json": {
                    "schema": { "$ref": "#/components/schemas/HTTPValidationError" } } } }
            }
        }}),
    );
}
