//! The built binary: `api-key create` and `revoke` against a running
//! server, `seed`, `service deactivate`, and `serve --demo`.

mod common;

use std::process::Command;

use common::binary::{create_api_key, run_json, seed, Server, BINARY};
use serde_json::Value;

#[test]
fn api_key_create_and_revoke_work_against_a_running_server() {
    let dir = tempfile::tempdir().expect("directory");
    let database = dir.path().join("sandbox.db");
    let db = database.to_str().expect("UTF-8 path");
    let workspace = uuid::Uuid::new_v4().to_string();
    let server = Server::start(&database, &[]);

    let created = run_json(&[
        "api-key",
        "create",
        "--database",
        db,
        "--workspace",
        &workspace,
        "--role",
        "admin",
        "--name",
        "ci",
        "--days",
        "7",
    ]);
    assert_eq!(created["workspace_id"], workspace.as_str());
    assert_eq!(created["role"], "admin");
    let key = created["api_key"].as_str().expect("key").to_owned();
    assert!(key.starts_with("sbx_"));
    let keys: Vec<&str> = created
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        ["api_key", "expires_at", "key_id", "role", "workspace_id"]
    );

    let (status, body) = server.get("/v1/auth/me", &key);
    assert_eq!(status, 200, "{body}");
    let me: Value = serde_json::from_str(&body).expect("JSON");
    assert_eq!(me["key_id"], created["key_id"]);
    assert_eq!(me["expires_at"], created["expires_at"]);

    let key_id = created["key_id"].as_str().expect("key id");
    let revoked = run_json(&["api-key", "revoke", "--database", db, "--key-id", key_id]);
    assert_eq!(revoked["key_id"], key_id);

    let (status, _) = server.get("/v1/auth/me", &key);
    assert_eq!(status, 401);
    let (status, _) = server.get(&format!("/v1/{workspace}/external-integrations"), &key);
    assert_eq!(status, 401);
    server.stop();
}

#[test]
fn api_key_create_without_workspace_makes_one() {
    let dir = tempfile::tempdir().expect("directory");
    let db = dir.path().join("sandbox.db");

    let created = run_json(&[
        "api-key",
        "create",
        "--database",
        db.to_str().expect("path"),
    ]);

    assert!(uuid::Uuid::parse_str(created["workspace_id"].as_str().expect("id")).is_ok());
    assert_eq!(created["role"], "owner");
}

#[test]
fn revoking_unknown_key_fails() {
    let dir = tempfile::tempdir().expect("directory");
    let db = dir.path().join("sandbox.db");
    let id = uuid::Uuid::new_v4().to_string();

    let output = Command::new(BINARY)
        .args([
            "api-key",
            "revoke",
            "--database",
            db.to_str().expect("path"),
            "--key-id",
            &id,
        ])
        .output()
        .expect("binary runs");

    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains(&id));
}

#[test]
fn seed_and_service_deactivate() {
    let dir = tempfile::tempdir().expect("directory");
    let database = dir.path().join("sandbox.db");
    let db = database.to_str().expect("UTF-8 path");
    let workspace = uuid::Uuid::new_v4().to_string();

    let summary = seed(db, &workspace, 500, 3);
    assert_eq!(summary["integrations"], 500);
    assert_eq!(summary["services"], 3);
    let key = create_api_key(db, &workspace);

    let server = Server::start(&database, &[]);
    let (status, body) = server.get(
        &format!("/v1/{workspace}/external-integrations?limit=1"),
        &key,
    );
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        serde_json::from_str::<Value>(&body).expect("JSON")["total"],
        500
    );

    let (_, body) = server.get(&format!("/v1/{workspace}/services?limit=1"), &key);
    let services: Value = serde_json::from_str(&body).expect("JSON");
    let service_id = services["items"][0]["id"].as_str().expect("id").to_owned();
    let changed = run_json(&[
        "service",
        "deactivate",
        "--database",
        db,
        "--service-id",
        &service_id,
    ]);
    assert_eq!(changed["is_active"], false);

    let (_, body) = server.get(&format!("/v1/{workspace}/services/{service_id}"), &key);
    assert_eq!(
        serde_json::from_str::<Value>(&body).expect("JSON")["is_active"],
        false
    );
    server.stop();
}

#[test]
fn demo_prints_console_and_a_working_key_on_every_start() {
    let dir = tempfile::tempdir().expect("directory");
    let database = dir.path().join("sandbox.db");
    let mut totals = Vec::new();

    for _ in 0..2 {
        let mut server = Server::start(&database, &["--demo"]);
        assert_eq!(
            server.next_line(),
            format!("Console: http://{}/", server.address)
        );
        let key_line = server.next_line();
        let key = key_line
            .strip_prefix("Owner API key: ")
            .expect("key line")
            .to_owned();

        let (status, body) = server.get("/v1/auth/me", &key);
        assert_eq!(status, 200, "{body}");
        let workspace = serde_json::from_str::<Value>(&body).expect("JSON")["workspace_id"]
            .as_str()
            .expect("workspace")
            .to_owned();
        let (_, body) = server.get(
            &format!("/v1/{workspace}/external-integrations?limit=1"),
            &key,
        );
        totals.push(serde_json::from_str::<Value>(&body).expect("JSON")["total"].clone());
        let (_, body) = server.get(&format!("/v1/{workspace}/services?limit=20"), &key);
        let services: Value = serde_json::from_str(&body).expect("JSON");
        assert_eq!(services["total"], 12);
        server.stop();
    }

    assert!(totals[0].as_u64().expect("total") >= 200, "{totals:?}");
    assert_eq!(totals[0], totals[1], "a second start adds no demo data");
}

#[test]
fn cached_search_sees_seed_by_another_process() {
    let dir = tempfile::tempdir().expect("directory");
    let database = dir.path().join("sandbox.db");
    let db = database.to_str().expect("UTF-8 path");
    let workspace = uuid::Uuid::new_v4().to_string();
    seed(db, &workspace, 60, 1);
    let key = create_api_key(db, &workspace);
    let server = Server::start(&database, &[]);
    let path = format!("/v1/{workspace}/external-integrations?search=salesforce&sort_by=name");
    let total = |body: &str| serde_json::from_str::<Value>(body).expect("JSON")["total"].clone();

    let (status, first) = server.get(&path, &key);
    assert_eq!(status, 200, "{first}");
    let (_, cached) = server.get(&path, &key);
    assert_eq!(cached, first);

    seed(db, &workspace, 60, 1);
    let (status, after) = server.get(&path, &key);
    assert_eq!(status, 200, "{after}");
    let before_total = total(&first).as_u64().expect("total");
    let after_total = total(&after).as_u64().expect("total");
    assert!(before_total > 0, "the first seed has matches");
    assert!(
        after_total > before_total,
        "total {after_total} after the second seed, {before_total} before"
    );
    server.stop();
}
