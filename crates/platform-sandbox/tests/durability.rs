//! The built binary killed with SIGKILL in the middle of a stream of writes:
//! after a restart on the same database file, SQLite's integrity check
//! passes, every integration is either deleted with all its credentials
//! revoked, or untouched, and every delete acknowledged before the kill is
//! kept.

mod common;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc};
use std::thread;

use common::binary::{create_api_key, seed, send_request, Server};
use serde_json::{json, Value};

/// Integrations created before the kill, each with two credentials.
const INTEGRATIONS: usize = 12;

/// Deletes the server acknowledges before it is killed, so that the kill
/// lands while the rest of the deletes are still being sent.
const DELETES_BEFORE_KILL: usize = INTEGRATIONS / 2;

/// Sends one request and returns the status and JSON body, or `None` when
/// the connection fails, as it does once the server is killed.
fn send(
    address: &str,
    key: &str,
    method: &str,
    path: &str,
    body: Option<&Value>,
) -> Option<(u16, Value)> {
    let body = body.map(Value::to_string);
    let (status, text) = send_request(address, key, method, path, body.as_deref())?;
    let json = serde_json::from_str(&text).unwrap_or(Value::Null);
    Some((status, json))
}

#[test]
fn sigkill_during_writes_leaves_consistent_database() {
    let dir = tempfile::tempdir().expect("directory");
    let database = dir.path().join("sandbox.db");
    let db = database.to_str().expect("UTF-8 path");
    let workspace = uuid::Uuid::new_v4().to_string();
    let key = create_api_key(db, &workspace);
    seed(db, &workspace, 0, 1);

    let server = Server::start(&database, &[]);
    let address = server.address.clone();
    let base = format!("/v1/{workspace}");
    let (status, services) =
        send(&address, &key, "GET", &format!("{base}/services"), None).expect("services");
    assert_eq!(status, 200);
    let service_id = services["items"][0]["id"]
        .as_str()
        .expect("service")
        .to_owned();
    let mut ids = Vec::new();
    for index in 0..INTEGRATIONS {
        let body = json!({ "name": format!("before-{index}"), "display_name": "Before" });
        let (status, integration) = send(
            &address,
            &key,
            "POST",
            &format!("{base}/external-integrations"),
            Some(&body),
        )
        .expect("create");
        assert_eq!(status, 201);
        let id = integration["id"].as_str().expect("id").to_owned();
        for _ in 0..2 {
            let body = json!({ "service_ids": [service_id] });
            let path = format!("{base}/external-integrations/{id}/credentials");
            let (status, _) = send(&address, &key, "POST", &path, Some(&body)).expect("credential");
            assert_eq!(status, 201);
        }
        ids.push(id);
    }

    // Two writers: one deletes the existing integrations, whose deletes
    // revoke credentials, and one creates integrations with credentials.
    let stop = Arc::new(AtomicBool::new(false));
    let (deleted_sender, deleted_receiver) = mpsc::channel();
    let deleter = {
        let (address, key, base, ids, stop) = (
            address.clone(),
            key.clone(),
            base.clone(),
            ids.clone(),
            stop.clone(),
        );
        thread::spawn(move || {
            for id in ids {
                if stop.load(Ordering::Relaxed) {
                    break;
                }
                let path = format!("{base}/external-integrations/{id}");
                let Some((status, _)) = send(&address, &key, "DELETE", &path, None) else {
                    break;
                };
                if (200..300).contains(&status) {
                    // Fails only if the test has already given up.
                    let _ = deleted_sender.send(id);
                }
            }
        })
    };
    let creator = {
        let (address, key, base, service_id, stop) = (
            address.clone(),
            key.clone(),
            base.clone(),
            service_id.clone(),
            stop.clone(),
        );
        thread::spawn(move || {
            for index in 0..10_000 {
                if stop.load(Ordering::Relaxed) {
                    break;
                }
                let body = json!({ "name": format!("during-{index}"), "display_name": "During" });
                let path = format!("{base}/external-integrations");
                let Some((201, integration)) = send(&address, &key, "POST", &path, Some(&body))
                else {
                    break;
                };
                let id = integration["id"].as_str().unwrap_or_default();
                let body = json!({ "service_ids": [service_id] });
                let path = format!("{base}/external-integrations/{id}/credentials");
                if send(&address, &key, "POST", &path, Some(&body)).is_none() {
                    break;
                }
            }
        })
    };
    let mut acknowledged: Vec<String> = (0..DELETES_BEFORE_KILL)
        .map(|_| {
            deleted_receiver
                .recv()
                .expect("the deleter stopped before enough deletes were acknowledged")
        })
        .collect();
    server.kill();
    stop.store(true, Ordering::Relaxed);
    deleter.join().expect("deleter");
    creator.join().expect("creator");
    // Deletes acknowledged between the sixth and the kill count as well.
    acknowledged.extend(deleted_receiver.try_iter());

    let connection = rusqlite::Connection::open(&database).expect("database opens");
    let integrity: String = connection
        .query_row("PRAGMA integrity_check", [], |row| row.get(0))
        .expect("integrity check runs");
    assert_eq!(integrity, "ok");
    drop(connection);

    let server = Server::start(&database, &[]);
    let address = server.address.clone();
    let mut deleted = 0;
    for id in &ids {
        let (status, integration) = send(
            &address,
            &key,
            "GET",
            &format!("{base}/external-integrations/{id}"),
            None,
        )
        .expect("integration");
        assert_eq!(status, 200);
        let path = format!("{base}/external-integrations/{id}/credentials");
        let (status, credentials) = send(&address, &key, "GET", &path, None).expect("credentials");
        assert_eq!(status, 200);
        let active: Vec<bool> = credentials
            .as_array()
            .expect("array")
            .iter()
            .map(|credential| credential["is_active"] == true)
            .collect();
        assert_eq!(active.len(), 2, "{id}");
        if integration["is_active"] == true {
            assert!(
                !acknowledged.contains(id),
                "delete of {id} was acknowledged before the kill but is lost"
            );
            assert_eq!(active, [true, true], "untouched integration {id}");
            assert_eq!(integration["updated_at"], integration["created_at"], "{id}");
        } else {
            assert_eq!(active, [false, false], "deleted integration {id}");
            deleted += 1;
        }
    }
    let (status, _) = send(
        &address,
        &key,
        "GET",
        &format!("{base}/external-integrations"),
        None,
    )
    .expect("list after restart");
    assert_eq!(status, 200);
    server.kill();
    // How far the writers got after the acknowledged deletes depends on the
    // machine, so the split between deleted and untouched integrations is
    // only printed.
    eprintln!("{deleted} of {INTEGRATIONS} integrations were deleted before the kill");
}
