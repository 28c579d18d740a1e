//! The four credential endpoints: list, create, rotate and revoke, and the
//! revocation that deleting an integration implies.

mod common;

use axum::http::{Method, StatusCode};
use common::TestApp;
use platform_api::{CredentialResponse, Timestamp};
use platform_sandbox::db::credentials;
use serde_json::{json, Value};
use uuid::Uuid;

struct Fixture {
    app: TestApp,
    service: Uuid,
    integration_id: String,
}

impl Fixture {
    async fn new() -> Fixture {
        let app = TestApp::new();
        let service = app.service("Front desk");
        let integration = app.create_integration("crm", "CRM", None).await;
        Fixture {
            integration_id: integration["id"].as_str().expect("id").to_owned(),
            app,
            service,
        }
    }

    fn path(&self, rest: &str) -> String {
        self.app
            .integrations_path(&format!("/{}/credentials{rest}", self.integration_id))
    }

    async fn create(&self) -> Value {
        self.app
            .create_credential(&self.integration_id, &[self.service])
            .await
    }

    async fn list(&self) -> Vec<Value> {
        let response = self.app.get(&self.path("")).await;
        assert_eq!(response.status, StatusCode::OK);
        response.json().as_array().expect("list").clone()
    }

    async fn verify(&self, client_id: &Value, secret: &Value) -> bool {
        self.app.credential_is_valid(client_id, secret).await
    }
}

#[tokio::test]
async fn create_returns_201_with_secret_once() {
    let fixture = Fixture::new().await;
    let second = fixture.app.service("Billing");
    let body = json!({
        "service_ids": [fixture.service, second, fixture.service],
        "name": "Production",
        "expires_at": "2099-01-01T00:00:00+02:00",
    });

    let response = fixture
        .app
        .owner(Method::POST, &fixture.path(""), Some(body))
        .await;

    assert_eq!(response.status, StatusCode::CREATED);
    let body = response.json();
    let secret = body["client_secret"].as_str().expect("secret");
    assert!(secret.starts_with("cs_") && secret.len() == 46, "{secret}");
    let credential = &body["credential"];
    assert!(credential["client_id"]
        .as_str()
        .expect("client id")
        .starts_with("ci_"));
    assert_eq!(credential["service_ids"], json!([fixture.service, second]));
    assert_eq!(credential["name"], "Production");
    assert_eq!(credential["expires_at"], "2098-12-31T22:00:00.000000Z");
    assert_eq!(credential["is_active"], true);
    assert_eq!(
        credential["integration_id"],
        fixture.integration_id.as_str()
    );
    assert_eq!(credential["rotated_at"], Value::Null);
    assert_eq!(credential["revoked_at"], Value::Null);

    let listed = fixture.list().await;
    assert_eq!(listed, vec![credential.clone()]);
    assert!(!serde_json::to_string(&listed)
        .expect("json")
        .contains(secret));
}

#[tokio::test]
async fn secret_is_stored_only_as_a_hash() {
    let fixture = Fixture::new().await;
    let created = fixture.create().await;
    let secret = created["client_secret"]
        .as_str()
        .expect("secret")
        .to_owned();

    let mut stored = Vec::new();
    for name in ["sandbox.db", "sandbox.db-wal"] {
        if let Ok(bytes) = std::fs::read(fixture.app.dir.path().join(name)) {
            stored.extend(bytes);
        }
    }

    assert!(!stored.is_empty());
    let needle = secret.as_bytes();
    assert!(!stored.windows(needle.len()).any(|window| window == needle));
}

#[tokio::test]
async fn unknown_service_ids_return_422_at_their_index() {
    let fixture = Fixture::new().await;
    let other_workspace = Uuid::new_v4();
    fixture.app.key_in(
        other_workspace,
        platform_sandbox::auth::Role::Owner,
        Timestamp::now().plus_seconds(60),
    );
    let foreign = fixture.app.service_in(other_workspace, "Elsewhere");
    let unknown = Uuid::new_v4();
    let body = json!({ "service_ids": [fixture.service, unknown, foreign] });

    let response = fixture
        .app
        .owner(Method::POST, &fixture.path(""), Some(body))
        .await;

    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    let message = format!("Service {unknown} does not exist in this workspace.");
    assert_eq!(
        response.json()["detail"][0],
        json!({
            "loc": ["body", "service_ids", 1],
            "msg": format!("Value error, {message}"),
            "type": "value_error",
            "input": unknown,
            "ctx": { "error": message },
        })
    );
    assert_eq!(
        response.json()["detail"][1]["loc"],
        json!(["body", "service_ids", 2])
    );
    assert!(fixture.list().await.is_empty());
}

#[tokio::test]
async fn invalid_body_fields_return_422() {
    let fixture = Fixture::new().await;
    let cases = [
        (json!({ "service_ids": [] }), "too_short"),
        (json!({ "service_ids": ["nope"] }), "uuid_parsing"),
        (json!({}), "missing"),
        (
            json!({ "service_ids": [fixture.service], "expires_at": "2001-01-01T00:00:00Z" }),
            "datetime_future",
        ),
        (
            json!({ "service_ids": [fixture.service], "expires_at": "tomorrow" }),
            "datetime_from_date_parsing",
        ),
        (
            json!({ "service_ids": [fixture.service], "name": "" }),
            "string_too_short",
        ),
    ];

    for (body, kind) in cases {
        let response = fixture
            .app
            .owner(Method::POST, &fixture.path(""), Some(body.clone()))
            .await;
        assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(response.json()["detail"][0]["type"], kind, "{body}");
    }
}

#[tokio::test]
async fn inactive_service_can_be_named() {
    let fixture = Fixture::new().await;
    fixture
        .app
        .db
        .write_blocking(|tx| {
            platform_sandbox::db::services::deactivate(tx, fixture.service, Timestamp::now())
        })
        .expect("deactivated");

    let created = fixture.create().await;

    assert_eq!(
        created["credential"]["service_ids"],
        json!([fixture.service])
    );
}

#[tokio::test]
async fn create_or_list_for_unknown_integration_returns_404() {
    let app = TestApp::new();
    let service = app.service("Front desk");
    let path = app.integrations_path(&format!("/{}/credentials", Uuid::new_v4()));

    let create = app
        .owner(
            Method::POST,
            &path,
            Some(json!({ "service_ids": [service] })),
        )
        .await;
    let list = app.get(&path).await;

    for response in [create, list] {
        assert_eq!(response.status, StatusCode::NOT_FOUND);
        assert_eq!(
            response.json(),
            json!({ "detail": "External integration not found." })
        );
    }
}

#[tokio::test]
async fn rotate_replaces_only_the_secret() {
    let fixture = Fixture::new().await;
    let created = fixture.create().await;
    let credential = &created["credential"];
    let id = credential["id"].as_str().expect("id");

    let response = fixture
        .app
        .owner(Method::POST, &fixture.path(&format!("/{id}/rotate")), None)
        .await;

    assert_eq!(response.status, StatusCode::OK);
    let rotated = response.json();
    assert_eq!(rotated["credential"]["id"], credential["id"]);
    assert_eq!(rotated["credential"]["client_id"], credential["client_id"]);
    assert_eq!(
        rotated["credential"]["created_at"],
        credential["created_at"]
    );
    assert_ne!(rotated["credential"]["rotated_at"], Value::Null);
    assert_eq!(
        rotated["credential"]["rotated_at"],
        rotated["credential"]["updated_at"]
    );
    assert_ne!(rotated["client_secret"], created["client_secret"]);
    assert_eq!(fixture.list().await[0], rotated["credential"]);
}

#[tokio::test]
async fn rotated_secret_stops_working_and_new_one_works() {
    let fixture = Fixture::new().await;
    let created = fixture.create().await;
    let client_id = &created["credential"]["client_id"];
    let id = created["credential"]["id"].as_str().expect("id");
    assert!(fixture.verify(client_id, &created["client_secret"]).await);

    let rotated = fixture
        .app
        .owner(Method::POST, &fixture.path(&format!("/{id}/rotate")), None)
        .await
        .json();

    assert!(!fixture.verify(client_id, &created["client_secret"]).await);
    assert!(fixture.verify(client_id, &rotated["client_secret"]).await);
}

#[tokio::test]
async fn revoke_returns_204_and_list_shows_revoked() {
    let fixture = Fixture::new().await;
    let created = fixture.create().await;
    let id = created["credential"]["id"].as_str().expect("id");

    let response = fixture
        .app
        .owner(Method::DELETE, &fixture.path(&format!("/{id}")), None)
        .await;

    assert_eq!(response.status, StatusCode::NO_CONTENT);
    assert!(response.body.is_empty());
    let listed = fixture.list().await;
    assert_eq!(listed[0]["is_active"], false);
    assert_ne!(listed[0]["revoked_at"], Value::Null);
    assert!(
        !fixture
            .verify(
                &created["credential"]["client_id"],
                &created["client_secret"]
            )
            .await
    );
}

#[tokio::test]
async fn rotate_revoked_credential_returns_409() {
    let fixture = Fixture::new().await;
    let created = fixture.create().await;
    let id = created["credential"]["id"].as_str().expect("id");
    fixture
        .app
        .owner(Method::DELETE, &fixture.path(&format!("/{id}")), None)
        .await;

    let response = fixture
        .app
        .owner(Method::POST, &fixture.path(&format!("/{id}/rotate")), None)
        .await;

    assert_eq!(response.status, StatusCode::CONFLICT);
    assert_eq!(
        response.json(),
        json!({ "detail": "Credential is revoked." })
    );
}

#[tokio::test]
async fn revoke_revoked_credential_returns_409() {
    let fixture = Fixture::new().await;
    let created = fixture.create().await;
    let path = fixture.path(&format!(
        "/{}",
        created["credential"]["id"].as_str().expect("id")
    ));
    fixture.app.owner(Method::DELETE, &path, None).await;
    let revoked_at = fixture.list().await[0]["revoked_at"].clone();

    let response = fixture.app.owner(Method::DELETE, &path, None).await;

    assert_eq!(response.status, StatusCode::CONFLICT);
    assert_eq!(
        response.json(),
        json!({ "detail": "Credential is revoked." })
    );
    assert_eq!(fixture.list().await[0]["revoked_at"], revoked_at);
}

#[tokio::test]
async fn unknown_credential_returns_404() {
    let fixture = Fixture::new().await;
    // A credential of another integration is unknown under this one.
    let other = fixture.app.create_integration("other", "Other", None).await;
    let foreign = fixture
        .app
        .create_credential(other["id"].as_str().expect("id"), &[fixture.service])
        .await;
    let foreign_id = foreign["credential"]["id"].as_str().expect("id").to_owned();

    for id in [Uuid::new_v4().to_string(), foreign_id] {
        let rotate = fixture
            .app
            .owner(Method::POST, &fixture.path(&format!("/{id}/rotate")), None)
            .await;
        let revoke = fixture
            .app
            .owner(Method::DELETE, &fixture.path(&format!("/{id}")), None)
            .await;
        for response in [rotate, revoke] {
            assert_eq!(response.status, StatusCode::NOT_FOUND);
            assert_eq!(
                response.json(),
                json!({ "detail": "Credential not found." })
            );
        }
    }
}

#[tokio::test]
async fn rotate_accepts_an_empty_body_without_content_type() {
    let fixture = Fixture::new().await;
    let created = fixture.create().await;
    let id = created["credential"]["id"].as_str().expect("id");
    let request = axum::http::Request::builder()
        .method(Method::POST)
        .uri(fixture.path(&format!("/{id}/rotate")))
        .header("authorization", format!("Bearer {}", fixture.app.owner_key))
        .body(axum::body::Body::empty())
        .expect("request");

    let response = fixture.app.send(request).await;

    assert_eq!(response.status, StatusCode::OK);
}

#[tokio::test]
async fn delete_revokes_every_active_credential_and_nothing_else() {
    let fixture = Fixture::new().await;
    let first = fixture.create().await;
    let second = fixture.create().await;
    let already = fixture.create().await;
    let already_path = fixture.path(&format!(
        "/{}",
        already["credential"]["id"].as_str().expect("id")
    ));
    fixture.app.owner(Method::DELETE, &already_path, None).await;
    let already_revoked_at = fixture.list().await[2]["revoked_at"].clone();
    let other = fixture.app.create_integration("other", "Other", None).await;
    let other_id = other["id"].as_str().expect("id");
    let untouched = fixture
        .app
        .create_credential(other_id, &[fixture.service])
        .await;

    let path = fixture
        .app
        .integrations_path(&format!("/{}", fixture.integration_id));
    let response = fixture.app.owner(Method::DELETE, &path, None).await;
    assert_eq!(response.status, StatusCode::NO_CONTENT);

    // The deleted integration's credentials stay listable.
    let listed = fixture.list().await;
    assert_eq!(listed.len(), 3);
    assert!(listed
        .iter()
        .all(|credential| credential["is_active"] == false));
    assert_eq!(listed[0]["id"], first["credential"]["id"]);
    assert_eq!(listed[1]["id"], second["credential"]["id"]);
    assert_ne!(listed[0]["revoked_at"], Value::Null);
    assert_eq!(listed[0]["revoked_at"], listed[1]["revoked_at"]);
    assert_eq!(listed[2]["revoked_at"], already_revoked_at);
    assert_ne!(listed[2]["revoked_at"], listed[0]["revoked_at"]);

    let other_list = fixture
        .app
        .get(
            &fixture
                .app
                .integrations_path(&format!("/{other_id}/credentials")),
        )
        .await
        .json();
    assert_eq!(other_list[0], untouched["credential"]);
    assert!(
        !fixture
            .verify(&first["credential"]["client_id"], &first["client_secret"])
            .await
    );
}

#[tokio::test]
async fn expired_credential_is_listed_active_but_does_not_verify() {
    let fixture = Fixture::new().await;
    let created = fixture.create().await;
    let id = Uuid::parse_str(created["credential"]["id"].as_str().expect("id")).expect("uuid");
    // Move the expiry into the past directly; the API only accepts future ones.
    fixture
        .app
        .db
        .write_blocking(|tx| {
            tx.execute(
                "UPDATE credentials SET expires_at = ?2 WHERE id = ?1",
                rusqlite::params![id.to_string(), Timestamp::now().unix_micros() - 1],
            )?;
            Ok(())
        })
        .expect("updated");

    let listed: Vec<CredentialResponse> =
        serde_json::from_value(Value::Array(fixture.list().await)).expect("credentials");

    assert!(listed[0].is_active);
    assert!(
        !fixture
            .verify(
                &created["credential"]["client_id"],
                &created["client_secret"]
            )
            .await
    );
    let found = fixture
        .app
        .db
        .read_blocking(|conn| credentials::find_by_client_id(conn, &listed[0].client_id))
        .expect("query");
    assert!(found.is_some());
}
