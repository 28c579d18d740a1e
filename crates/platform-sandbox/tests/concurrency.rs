//! Concurrent writes to one record: rotates of one credential, and a rename
//! racing a create for the same name. Concurrent creates with one name are
//! covered in `integrations.rs`.

mod common;

use std::sync::Arc;

use axum::http::{Method, StatusCode};
use common::TestApp;
use serde_json::{json, Value};

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_rotates_leave_one_valid_secret() {
    let app = Arc::new(TestApp::new());
    let service = app.service("voice");
    let (integration_id, created) = app.create_integration_with_credential(&[service]).await;
    let client_id = created["credential"]["client_id"]
        .as_str()
        .expect("client id")
        .to_owned();
    let credential_id = created["credential"]["id"].as_str().expect("id").to_owned();
    let rotate_path = app.integrations_path(&format!(
        "/{integration_id}/credentials/{credential_id}/rotate"
    ));

    let tasks: Vec<_> = (0..12)
        .map(|_| {
            let app = app.clone();
            let path = rotate_path.clone();
            tokio::spawn(async move { app.owner(Method::POST, &path, None).await })
        })
        .collect();
    let mut rotations: Vec<Value> = Vec::new();
    for task in tasks {
        let response = task.await.expect("task");
        assert_eq!(response.status, StatusCode::OK, "{}", response.json());
        rotations.push(response.json());
    }

    let mut valid = Vec::new();
    for rotation in &rotations {
        let secret = rotation["client_secret"].as_str().expect("secret");
        if app.credential_is_valid(&client_id, secret).await {
            valid.push(rotation);
        }
    }
    assert_eq!(valid.len(), 1, "exactly one rotated secret works");
    assert!(
        !app.credential_is_valid(
            &client_id,
            created["client_secret"].as_str().expect("secret")
        )
        .await
    );

    // Each rotate stores its hash and its `rotated_at` in one transaction,
    // so the stored `rotated_at` belongs to the rotate that committed last.
    let listed = app
        .get(&app.integrations_path(&format!("/{integration_id}/credentials")))
        .await
        .json();
    let stored_rotated_at = &listed[0]["rotated_at"];
    assert_eq!(&valid[0]["credential"]["rotated_at"], stored_rotated_at);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn rotate_racing_revoke_never_revives_credential() {
    let app = Arc::new(TestApp::new());
    let service = app.service("voice");
    let (integration_id, created) = app.create_integration_with_credential(&[service]).await;
    let client_id = created["credential"]["client_id"]
        .as_str()
        .expect("client id")
        .to_owned();
    let credential_path = app.integrations_path(&format!(
        "/{integration_id}/credentials/{}",
        created["credential"]["id"].as_str().expect("id")
    ));

    let rotate = {
        let app = app.clone();
        let path = format!("{credential_path}/rotate");
        tokio::spawn(async move { app.owner(Method::POST, &path, None).await })
    };
    let revoke = {
        let app = app.clone();
        let path = credential_path.clone();
        tokio::spawn(async move { app.owner(Method::DELETE, &path, None).await })
    };
    let rotated = rotate.await.expect("task");
    let revoked = revoke.await.expect("task");

    assert!(revoked.status.is_success(), "{}", revoked.status);
    assert!(
        matches!(rotated.status, StatusCode::OK | StatusCode::CONFLICT),
        "{}",
        rotated.status
    );
    if rotated.status == StatusCode::OK {
        let secret = rotated.json()["client_secret"]
            .as_str()
            .expect("secret")
            .to_owned();
        assert!(!app.credential_is_valid(&client_id, &secret).await);
    }
    assert!(
        !app.credential_is_valid(
            &client_id,
            created["client_secret"].as_str().expect("secret")
        )
        .await
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn rename_racing_create_gives_one_owner_of_name() {
    let app = Arc::new(TestApp::new());
    let existing = app.create_integration("old-name", "Old", None).await;
    let existing_path =
        app.integrations_path(&format!("/{}", existing["id"].as_str().expect("id")));

    let rename = {
        let app = app.clone();
        tokio::spawn(async move {
            let body = json!({ "name": "wanted" });
            app.owner(Method::PATCH, &existing_path, Some(body)).await
        })
    };
    let create = {
        let app = app.clone();
        tokio::spawn(async move {
            let body = json!({ "name": "wanted", "display_name": "Wanted" });
            app.owner(Method::POST, &app.integrations_path(""), Some(body))
                .await
        })
    };
    let renamed = rename.await.expect("task").status;
    let created = create.await.expect("task").status;

    let winners = [renamed == StatusCode::OK, created == StatusCode::CREATED];
    assert_eq!(
        winners.iter().filter(|won| **won).count(),
        1,
        "rename {renamed}, create {created}"
    );
    let listed = app
        .get(&app.integrations_path("?search=wanted"))
        .await
        .json();
    assert_eq!(listed["total"], 1);
}
