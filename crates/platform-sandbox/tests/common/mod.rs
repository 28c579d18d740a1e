//! Helpers shared by the handler tests: a fresh database file per test, API
//! keys of each role, and requests sent through `oneshot` without a socket.
//! The `binary` module serves the tests that run the built binary instead.

#![allow(dead_code)]

pub mod binary;

use axum::body::Body;
use axum::http::{header, HeaderMap, Method, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use platform_api::Timestamp;
use platform_sandbox::auth::Role;
use platform_sandbox::commands::create_api_key;
use platform_sandbox::db::services::NewService;
use platform_sandbox::db::{services, Db};
use platform_sandbox::{app, AppState};
use serde::Serialize;
use serde_json::Value;
use tempfile::TempDir;
use tower::ServiceExt;
use uuid::Uuid;

/// A response read in full.
pub struct TestResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl TestResponse {
    /// The body as JSON; panics with the body text when it is not JSON.
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|error| {
            panic!(
                "body is not JSON ({error}): {:?}",
                String::from_utf8_lossy(&self.body)
            )
        })
    }

    /// A header as text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|value| value.to_str().ok())
    }
}

/// An application over a fresh database, with one workspace and an owner key.
pub struct TestApp {
    pub db: Db,
    pub state: AppState,
    pub workspace_id: Uuid,
    pub owner_key: String,
    pub dir: TempDir,
}

impl TestApp {
    pub fn new() -> TestApp {
        let dir = tempfile::tempdir().expect("temporary directory");
        let db = Db::open(&dir.path().join("sandbox.db")).expect("database opens");
        let workspace_id = Uuid::new_v4();
        let state = AppState::new(db.clone());
        let mut test = TestApp {
            db,
            state,
            workspace_id,
            owner_key: String::new(),
            dir,
        };
        test.owner_key = test.key(Role::Owner);
        test
    }

    /// The router for the current state.
    pub fn router(&self) -> Router {
        app(self.state.clone())
    }

    /// A new key of `role` in the test workspace, valid for a day.
    pub fn key(&self, role: Role) -> String {
        self.key_in(
            self.workspace_id,
            role,
            Timestamp::now().plus_seconds(86_400),
        )
    }

    /// A new key of `role` in `workspace_id` that expires at `expires_at`.
    pub fn key_in(&self, workspace_id: Uuid, role: Role, expires_at: Timestamp) -> String {
        let (_, key) = create_api_key(
            &self.db,
            workspace_id,
            role,
            Some("test".into()),
            expires_at,
        )
        .expect("key created");
        key.expose().to_owned()
    }

    /// Adds a service to `workspace_id` and returns its id.
    pub fn service_in(&self, workspace_id: Uuid, name: &str) -> Uuid {
        let id = Uuid::new_v4();
        let service = NewService {
            id,
            workspace_id,
            name: name.to_owned(),
            description: format!("{name} description"),
            is_active: true,
            channel_type: "voice",
            environment: "sandbox",
            agent_name: "agent".into(),
            context_graph_name: "graph".into(),
            keyterms: vec![],
            created_at: Timestamp::now(),
        };
        self.db
            .write_blocking(|tx| services::insert(tx, &service))
            .expect("service inserted");
        id
    }

    /// Adds a service to the test workspace.
    pub fn service(&self, name: &str) -> Uuid {
        self.service_in(self.workspace_id, name)
    }

    /// Sends a prepared request.
    pub async fn send(&self, request: Request<Body>) -> TestResponse {
        let response = self.router().oneshot(request).await.expect("infallible");
        let status = response.status();
        let headers = response.headers().clone();
        let body = response
            .into_body()
            .collect()
            .await
            .expect("body")
            .to_bytes()
            .to_vec();
        TestResponse {
            status,
            headers,
            body,
        }
    }

    /// Sends `method path` with `key` and an optional JSON body.
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        key: Option<&str>,
        body: Option<Value>,
    ) -> TestResponse {
        let mut builder = Request::builder().method(method).uri(path);
        if let Some(key) = key {
            builder = builder.header(header::AUTHORIZATION, format!("Bearer {key}"));
        }
        let body = match body {
            Some(value) => {
                builder = builder.header(header::CONTENT_TYPE, "application/json");
                Body::from(value.to_string())
            }
            None => Body::empty(),
        };
        self.send(builder.body(body).expect("request")).await
    }

    /// GET with the owner key.
    pub async fn get(&self, path: &str) -> TestResponse {
        self.call(Method::GET, path, Some(&self.owner_key), None)
            .await
    }

    /// A request with the owner key.
    pub async fn owner(&self, method: Method, path: &str, body: Option<Value>) -> TestResponse {
        self.call(method, path, Some(&self.owner_key), body).await
    }

    /// `/v1/{workspace}/external-integrations` plus `rest`.
    pub fn integrations_path(&self, rest: &str) -> String {
        format!("/v1/{}/external-integrations{rest}", self.workspace_id)
    }

    /// Creates an integration with the owner key and returns its body.
    pub async fn create_integration(
        &self,
        name: &str,
        display_name: &str,
        description: Option<&str>,
    ) -> Value {
        let body = serde_json::json!({
            "name": name,
            "display_name": display_name,
            "description": description,
        });
        let response = self
            .owner(Method::POST, &self.integrations_path(""), Some(body))
            .await;
        assert_eq!(response.status, StatusCode::CREATED, "{}", response.json());
        response.json()
    }

    /// Creates a credential scoped to `service_ids` and returns the body
    /// (`credential` and `client_secret`).
    pub async fn create_credential(&self, integration_id: &str, service_ids: &[Uuid]) -> Value {
        let path = self.integrations_path(&format!("/{integration_id}/credentials"));
        let body = serde_json::json!({ "service_ids": service_ids, "name": "test" });
        let response = self.owner(Method::POST, &path, Some(body)).await;
        assert_eq!(response.status, StatusCode::CREATED, "{}", response.json());
        response.json()
    }

    /// Creates the integration `crm` with one credential scoped to
    /// `service_ids`, and returns the integration id and the credential body.
    pub async fn create_integration_with_credential(
        &self,
        service_ids: &[Uuid],
    ) -> (String, Value) {
        let integration = self.create_integration("crm", "CRM", None).await;
        let integration_id = integration["id"].as_str().expect("id").to_owned();
        let created = self.create_credential(&integration_id, service_ids).await;
        (integration_id, created)
    }

    /// Sends a client id and secret to `POST /sandbox/credentials/verify`
    /// and returns its `valid` flag.
    pub async fn credential_is_valid(
        &self,
        client_id: impl Serialize,
        client_secret: impl Serialize,
    ) -> bool {
        let body = serde_json::json!({ "client_id": client_id, "client_secret": client_secret });
        let response = self
            .call(
                Method::POST,
                "/sandbox/credentials/verify",
                None,
                Some(body),
            )
            .await;
        assert_eq!(response.status, StatusCode::OK);
        response.json()["valid"].as_bool().expect("valid flag")
    }
}
