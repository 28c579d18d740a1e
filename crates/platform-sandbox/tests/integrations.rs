//! The five integration endpoints: list, create, get, update and delete.

mod common;

use std::collections::HashSet;

use axum::http::{Method, StatusCode};
use common::TestApp;
use platform_api::{IntegrationResponse, Timestamp};
use platform_sandbox::auth::Role;
use platform_sandbox::db::integrations;
use serde_json::{json, Value};
use uuid::Uuid;

fn ids(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|item| item["id"].as_str().expect("id").to_owned())
        .collect()
}

/// Lists every write to the integration at `path` and to its credential
/// `credential_id` as method, path and JSON body.
fn writes_to_integration(
    path: &str,
    credential_id: &str,
    service: Uuid,
) -> Vec<(Method, String, Option<Value>)> {
    vec![
        (
            Method::PATCH,
            path.to_owned(),
            Some(json!({ "display_name": "New" })),
        ),
        (Method::DELETE, path.to_owned(), None),
        (
            Method::POST,
            format!("{path}/credentials"),
            Some(json!({ "service_ids": [service] })),
        ),
        (
            Method::POST,
            format!("{path}/credentials/{credential_id}/rotate"),
            None,
        ),
        (
            Method::DELETE,
            format!("{path}/credentials/{credential_id}"),
            None,
        ),
    ]
}

#[tokio::test]
async fn create_returns_201_with_creator_and_times() {
    let app = TestApp::new();
    let key_id = platform_sandbox::secrets::api_key_id(&app.owner_key).expect("key id");

    let body = app
        .create_integration("crm-sync", "CRM Sync", Some("Keeps contacts in step."))
        .await;

    assert_eq!(body["name"], "crm-sync");
    assert_eq!(body["display_name"], "CRM Sync");
    assert_eq!(body["description"], "Keeps contacts in step.");
    assert_eq!(body["is_active"], true);
    assert_eq!(body["workspace_id"], json!(app.workspace_id));
    assert_eq!(body["created_by_credential_id"], json!(key_id));
    assert!(Uuid::parse_str(body["created_by_entity_id"].as_str().expect("id")).is_ok());
    assert_eq!(body["created_at"], body["updated_at"]);
    let created_at = body["created_at"].as_str().expect("time");
    assert!(
        Timestamp::parse(created_at).is_ok() && created_at.len() == 27,
        "{created_at}"
    );
}

#[tokio::test]
async fn create_reports_every_invalid_field() {
    let app = TestApp::new();
    let body = json!({ "name": "Bad Name", "description": 5 });

    let response = app
        .owner(Method::POST, &app.integrations_path(""), Some(body))
        .await;

    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        response.json(),
        json!({ "detail": [
            {
                "loc": ["body", "name"],
                "msg": "String should match pattern '^[a-z0-9][a-z0-9_-]*[a-z0-9]$'",
                "type": "string_pattern_mismatch",
                "input": "Bad Name",
                "ctx": { "pattern": "^[a-z0-9][a-z0-9_-]*[a-z0-9]$" }
            },
            {
                "loc": ["body", "display_name"],
                "msg": "Field required",
                "type": "missing",
                "input": { "name": "Bad Name", "description": 5 }
            },
            {
                "loc": ["body", "description"],
                "msg": "Input should be a valid string",
                "type": "string_type",
                "input": 5
            }
        ]})
    );
}

#[tokio::test]
async fn create_with_taken_name_returns_409() {
    let app = TestApp::new();
    app.create_integration("crm", "CRM", None).await;

    let body = json!({ "name": "crm", "display_name": "Other" });
    let response = app
        .owner(Method::POST, &app.integrations_path(""), Some(body))
        .await;

    assert_eq!(response.status, StatusCode::CONFLICT);
    assert_eq!(
        response.json(),
        json!({ "detail": "Integration name already taken in this workspace." })
    );
}

#[tokio::test]
async fn same_name_in_another_workspace_is_allowed() {
    let app = TestApp::new();
    let other = Uuid::new_v4();
    let other_key = app.key_in(other, Role::Owner, Timestamp::now().plus_seconds(3600));
    app.create_integration("crm", "CRM", None).await;

    let response = app
        .call(
            Method::POST,
            &format!("/v1/{other}/external-integrations"),
            Some(&other_key),
            Some(json!({ "name": "crm", "display_name": "CRM" })),
        )
        .await;

    assert_eq!(response.status, StatusCode::CREATED);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_creates_with_one_name_give_one_201() {
    let app = std::sync::Arc::new(TestApp::new());
    let tasks: Vec<_> = (0..8)
        .map(|_| {
            let app = app.clone();
            tokio::spawn(async move {
                let body = json!({ "name": "race", "display_name": "Race" });
                app.owner(Method::POST, &app.integrations_path(""), Some(body))
                    .await
                    .status
            })
        })
        .collect();

    let mut statuses = Vec::new();
    for task in tasks {
        statuses.push(task.await.expect("task"));
    }

    let created = statuses
        .iter()
        .filter(|status| **status == StatusCode::CREATED)
        .count();
    let conflicts = statuses
        .iter()
        .filter(|status| **status == StatusCode::CONFLICT)
        .count();
    assert_eq!(created, 1, "{statuses:?}");
    assert_eq!(conflicts, 7, "{statuses:?}");
}

#[tokio::test]
async fn get_returns_integration_or_404() {
    let app = TestApp::new();
    let created = app.create_integration("crm", "CRM", None).await;

    let found = app
        .get(&app.integrations_path(&format!("/{}", created["id"].as_str().expect("id"))))
        .await;
    assert_eq!(found.status, StatusCode::OK);
    assert_eq!(found.json(), created);

    let missing = app
        .get(&app.integrations_path(&format!("/{}", Uuid::new_v4())))
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(
        missing.json(),
        json!({ "detail": "External integration not found." })
    );
}

#[tokio::test]
async fn delete_returns_204_and_get_shows_inactive() {
    let app = TestApp::new();
    let created = app.create_integration("crm", "CRM", None).await;
    let path = app.integrations_path(&format!("/{}", created["id"].as_str().expect("id")));

    let deleted = app.owner(Method::DELETE, &path, None).await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    assert!(deleted.body.is_empty());

    let found = app.get(&path).await;
    assert_eq!(found.status, StatusCode::OK);
    assert_eq!(found.json()["is_active"], false);

    let list = app.get(&app.integrations_path("")).await.json();
    assert_eq!(list["total"], 0);
}

#[tokio::test]
async fn writes_to_deleted_integration_return_404() {
    let app = TestApp::new();
    let service = app.service("Front desk");
    let (id, credential) = app.create_integration_with_credential(&[service]).await;
    let credential_id = credential["credential"]["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let path = app.integrations_path(&format!("/{id}"));
    app.owner(Method::DELETE, &path, None).await;

    let writes = writes_to_integration(&path, &credential_id, service);
    for (method, write_path, body) in writes {
        let response = app.owner(method.clone(), &write_path, body).await;
        assert_eq!(
            response.status,
            StatusCode::NOT_FOUND,
            "{method} {write_path}"
        );
        assert_eq!(
            response.json(),
            json!({ "detail": "External integration not found." })
        );
    }
}

#[tokio::test]
async fn name_freed_by_delete_can_be_reused() {
    let app = TestApp::new();
    let first = app.create_integration("crm", "CRM", None).await;
    let path = app.integrations_path(&format!("/{}", first["id"].as_str().expect("id")));
    app.owner(Method::DELETE, &path, None).await;

    let second = app.create_integration("crm", "CRM again", None).await;

    assert_ne!(second["id"], first["id"]);
}

#[tokio::test]
async fn patch_null_description_clears_and_absent_keeps_it() {
    let app = TestApp::new();
    let created = app.create_integration("crm", "CRM", Some("Old text")).await;
    let path = app.integrations_path(&format!("/{}", created["id"].as_str().expect("id")));

    let renamed = app
        .owner(
            Method::PATCH,
            &path,
            Some(json!({ "display_name": "CRM 2" })),
        )
        .await;
    assert_eq!(renamed.status, StatusCode::OK);
    let renamed = renamed.json();
    assert_eq!(renamed["display_name"], "CRM 2");
    assert_eq!(renamed["description"], "Old text");
    assert_eq!(renamed["name"], "crm");
    assert_ne!(renamed["updated_at"], created["updated_at"]);
    assert_eq!(renamed["created_at"], created["created_at"]);

    let cleared = app
        .owner(Method::PATCH, &path, Some(json!({ "description": null })))
        .await;
    assert_eq!(cleared.status, StatusCode::OK);
    assert_eq!(cleared.json()["description"], Value::Null);
    assert_eq!(cleared.json()["display_name"], "CRM 2");
    assert_eq!(app.get(&path).await.json()["description"], Value::Null);
}

#[tokio::test]
async fn empty_patch_is_a_no_op() {
    let app = TestApp::new();
    let created = app.create_integration("crm", "CRM", Some("Text")).await;
    let path = app.integrations_path(&format!("/{}", created["id"].as_str().expect("id")));

    let response = app.owner(Method::PATCH, &path, Some(json!({}))).await;

    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(response.json(), created);
}

#[tokio::test]
async fn patch_to_taken_name_returns_409_and_own_name_is_fine() {
    let app = TestApp::new();
    app.create_integration("taken", "Taken", None).await;
    let created = app.create_integration("crm", "CRM", None).await;
    let path = app.integrations_path(&format!("/{}", created["id"].as_str().expect("id")));

    let conflict = app
        .owner(Method::PATCH, &path, Some(json!({ "name": "taken" })))
        .await;
    assert_eq!(conflict.status, StatusCode::CONFLICT);
    assert_eq!(
        conflict.json(),
        json!({ "detail": "Integration name already taken in this workspace." })
    );

    let same = app
        .owner(Method::PATCH, &path, Some(json!({ "name": "crm" })))
        .await;
    assert_eq!(same.status, StatusCode::OK);
}

#[tokio::test]
async fn patch_rejects_null_name_and_bad_fields() {
    let app = TestApp::new();
    let created = app.create_integration("crm", "CRM", None).await;
    let path = app.integrations_path(&format!("/{}", created["id"].as_str().expect("id")));

    let response = app
        .owner(
            Method::PATCH,
            &path,
            Some(json!({ "name": null, "display_name": "" })),
        )
        .await;

    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    let detail = response.json()["detail"].clone();
    assert_eq!(detail[0]["loc"], json!(["body", "name"]));
    assert_eq!(detail[0]["type"], "string_type");
    assert_eq!(detail[1]["loc"], json!(["body", "display_name"]));
    assert_eq!(detail[1]["type"], "string_too_short");
}

#[tokio::test]
async fn patch_or_delete_unknown_integration_returns_404() {
    let app = TestApp::new();
    let path = app.integrations_path(&format!("/{}", Uuid::new_v4()));

    let patch = app.owner(Method::PATCH, &path, Some(json!({}))).await;
    let delete = app.owner(Method::DELETE, &path, None).await;

    assert_eq!(patch.status, StatusCode::NOT_FOUND);
    assert_eq!(delete.status, StatusCode::NOT_FOUND);
    assert_eq!(
        delete.json(),
        json!({ "detail": "External integration not found." })
    );
}

#[tokio::test]
async fn member_gets_403_on_every_write_and_can_read() {
    let app = TestApp::new();
    let member = app.key(Role::Member);
    let service = app.service("Front desk");
    let (id, credential) = app.create_integration_with_credential(&[service]).await;
    let credential_id = credential["credential"]["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let base = app.integrations_path("");
    let path = format!("{base}/{id}");

    let mut writes = vec![
        (
            Method::POST,
            base.clone(),
            Some(json!({ "name": "new", "display_name": "New" })),
        ),
        // An invalid body still gets 403 because the role is checked first.
        (Method::POST, base.clone(), Some(json!({ "name": "" }))),
    ];
    writes.extend(writes_to_integration(&path, &credential_id, service));
    for (method, write_path, body) in writes {
        let response = app
            .call(method.clone(), &write_path, Some(&member), body)
            .await;
        assert_eq!(
            response.status,
            StatusCode::FORBIDDEN,
            "{method} {write_path}"
        );
        assert_eq!(
            response.json(),
            json!({ "detail": "Insufficient permissions." })
        );
    }

    for read_path in [base.clone(), path.clone(), format!("{path}/credentials")] {
        let response = app.call(Method::GET, &read_path, Some(&member), None).await;
        assert_eq!(response.status, StatusCode::OK, "{read_path}");
    }
}

#[tokio::test]
async fn admin_can_write() {
    let app = TestApp::new();
    let admin = app.key(Role::Admin);

    let response = app
        .call(
            Method::POST,
            &app.integrations_path(""),
            Some(&admin),
            Some(json!({ "name": "crm", "display_name": "CRM" })),
        )
        .await;

    assert_eq!(response.status, StatusCode::CREATED);
}

#[tokio::test]
async fn another_workspace_returns_404_on_every_route() {
    let app = TestApp::new();
    let member = app.key(Role::Member);
    let created = app.create_integration("crm", "CRM", None).await;
    let id = created["id"].as_str().expect("id").to_owned();
    // A workspace that exists, and one that does not.
    let existing = Uuid::new_v4();
    app.key_in(existing, Role::Owner, Timestamp::now().plus_seconds(60));

    for workspace in [existing, Uuid::new_v4()] {
        let base = format!("/v1/{workspace}/external-integrations");
        let routes = [
            (Method::GET, base.clone(), None),
            (
                Method::POST,
                base.clone(),
                Some(json!({ "name": "x1", "display_name": "X" })),
            ),
            (Method::GET, format!("{base}/{id}"), None),
            (Method::PATCH, format!("{base}/{id}"), Some(json!({}))),
            (Method::DELETE, format!("{base}/{id}"), None),
            (Method::GET, format!("{base}/{id}/credentials"), None),
            (
                Method::POST,
                format!("{base}/{id}/credentials/{id}/rotate"),
                None,
            ),
            (Method::GET, format!("/v1/{workspace}/services"), None),
            (Method::GET, format!("/v1/{workspace}/services/{id}"), None),
        ];
        for (method, path, body) in routes {
            // The member key shows that 404 comes before 403.
            for key in [&app.owner_key, &member] {
                let response = app
                    .call(method.clone(), &path, Some(key), body.clone())
                    .await;
                assert_eq!(response.status, StatusCode::NOT_FOUND, "{method} {path}");
                assert_eq!(response.json(), json!({ "detail": "Not Found" }));
            }
        }
    }
}

#[tokio::test]
async fn list_shows_active_only_newest_first_with_totals() {
    let app = TestApp::new();
    let first = app.create_integration("first", "First", None).await;
    let second = app.create_integration("second", "Second", None).await;
    let third = app.create_integration("third", "Third", None).await;
    let path = app.integrations_path(&format!("/{}", second["id"].as_str().expect("id")));
    app.owner(Method::DELETE, &path, None).await;

    let page = app.get(&app.integrations_path("?limit=1")).await.json();
    assert_eq!(ids(&page), vec![third["id"].as_str().expect("id")]);
    assert_eq!(page["has_more"], true);
    assert_eq!(page["continuation_token"], 1);
    assert_eq!(page["total"], 2);

    let last = app
        .get(&app.integrations_path("?limit=1&continuation_token=1"))
        .await
        .json();
    assert_eq!(ids(&last), vec![first["id"].as_str().expect("id")]);
    assert_eq!(last["has_more"], false);
    assert_eq!(last["continuation_token"], Value::Null);

    let past_end = app
        .get(&app.integrations_path("?continuation_token=50"))
        .await
        .json();
    assert_eq!(past_end["items"], json!([]));
    assert_eq!(past_end["total"], 2);
}

#[tokio::test]
async fn list_rejects_invalid_query() {
    let app = TestApp::new();

    let response = app
        .get(&app.integrations_path("?sort_by=description&limit=101&search="))
        .await;

    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    let detail = response.json()["detail"].clone();
    let locs: Vec<Value> = detail
        .as_array()
        .expect("list")
        .iter()
        .map(|error| error["loc"].clone())
        .collect();
    assert_eq!(
        locs,
        vec![
            json!(["query", "search"]),
            json!(["query", "sort_by"]),
            json!(["query", "limit"])
        ]
    );
    assert_eq!(detail[1]["type"], "literal_error");
}

#[tokio::test]
async fn list_sorts_by_each_field() {
    let app = TestApp::new();
    app.create_integration("bravo", "alpha display", None).await;
    app.create_integration("alpha", "charlie display", None)
        .await;
    app.create_integration("charlie", "bravo display", None)
        .await;
    let names = |page: Value| -> Vec<String> {
        page["items"]
            .as_array()
            .expect("items")
            .iter()
            .map(|item| item["name"].as_str().expect("name").to_owned())
            .collect()
    };

    let by_name = names(
        app.get(&app.integrations_path("?sort_by=name"))
            .await
            .json(),
    );
    assert_eq!(by_name, ["alpha", "bravo", "charlie"]);
    let by_name_desc = names(
        app.get(&app.integrations_path("?sort_by=-name"))
            .await
            .json(),
    );
    assert_eq!(by_name_desc, ["charlie", "bravo", "alpha"]);
    let by_display = names(
        app.get(&app.integrations_path("?sort_by=display_name"))
            .await
            .json(),
    );
    assert_eq!(by_display, ["bravo", "charlie", "alpha"]);
    let by_created = names(
        app.get(&app.integrations_path("?sort_by=created_at"))
            .await
            .json(),
    );
    assert_eq!(by_created, ["bravo", "alpha", "charlie"]);
    let by_default = names(app.get(&app.integrations_path("")).await.json());
    assert_eq!(by_default, ["charlie", "alpha", "bravo"]);
}

#[tokio::test]
async fn equal_sort_keys_page_without_gaps_or_repeats() {
    let app = TestApp::new();
    let now = Timestamp::now();
    let entity = Uuid::new_v4();
    app.db
        .write_blocking(|tx| {
            for index in 0..30 {
                let row = IntegrationResponse {
                    id: Uuid::new_v4(),
                    workspace_id: app.workspace_id,
                    name: format!("same-{index:02}"),
                    display_name: "Same".to_owned(),
                    description: None,
                    is_active: true,
                    created_by_entity_id: entity,
                    created_by_credential_id: None,
                    created_at: Some(now),
                    updated_at: Some(now),
                };
                integrations::insert_row(tx, &row)?;
            }
            Ok(())
        })
        .expect("rows inserted");

    for sort in ["name", "display_name", "created_at", "updated_at"] {
        for direction in ["", "-"] {
            let mut seen = Vec::new();
            let mut token = 0;
            loop {
                let path = app.integrations_path(&format!(
                    "?sort_by={direction}{sort}&limit=7&continuation_token={token}"
                ));
                let page = app.get(&path).await.json();
                seen.extend(ids(&page));
                match page["continuation_token"].as_u64() {
                    Some(next) => token = next,
                    None => break,
                }
            }
            let distinct: HashSet<&String> = seen.iter().collect();
            assert_eq!(seen.len(), 30, "{direction}{sort}");
            assert_eq!(distinct.len(), 30, "{direction}{sort}");
        }
    }
}

#[tokio::test]
async fn search_matches_each_field_case_insensitively() {
    let app = TestApp::new();
    let by_name = app
        .create_integration("zendesk-sync", "Tickets", None)
        .await;
    let by_display = app
        .create_integration("crm", "Société Générale Bridge", None)
        .await;
    let by_description = app
        .create_integration("erp", "ERP", Some("Übertragung der Rechnungen"))
        .await;
    app.create_integration("other", "Other", Some("Nothing to see"))
        .await;

    let cases = [
        ("ZENDESK", &by_name),
        ("société", &by_display),
        ("SOCIÉTÉ", &by_display),
        ("übertragung", &by_description),
        ("RECHNUNGEN", &by_description),
    ];
    for (search, expected) in cases {
        let query = format!(
            "?search={}",
            percent_encoding::utf8_percent_encode(search, percent_encoding::NON_ALPHANUMERIC)
        );
        let page = app.get(&app.integrations_path(&query)).await.json();
        assert_eq!(
            ids(&page),
            vec![expected["id"].as_str().expect("id")],
            "{search}"
        );
        assert_eq!(page["total"], 1, "{search}");
    }
}

#[tokio::test]
async fn search_does_not_match_across_fields() {
    let app = TestApp::new();
    app.create_integration("ab", "cd", None).await;

    let page = app.get(&app.integrations_path("?search=bc")).await.json();

    assert_eq!(page["total"], 0);
}

#[tokio::test]
async fn short_and_quoted_searches_match_substrings() {
    let app = TestApp::new();
    let quoted = app
        .create_integration("quoted", "The \"Best\" CRM", Some("50% of calls"))
        .await;
    app.create_integration("other", "Other", None).await;

    let cases = [
        ("\"best\"", 1),
        ("\"b", 1),
        ("50%", 1),
        ("%", 1),
        ("_", 0),
        ("ot", 2),
        ("th", 2),
    ];
    for (search, expected) in cases {
        let query = format!(
            "?search={}",
            percent_encoding::utf8_percent_encode(search, percent_encoding::NON_ALPHANUMERIC)
        );
        let page = app.get(&app.integrations_path(&query)).await.json();
        assert_eq!(page["total"], expected, "{search}");
    }
    let page = app
        .get(&app.integrations_path("?search=%22best%22"))
        .await
        .json();
    assert_eq!(ids(&page), vec![quoted["id"].as_str().expect("id")]);
}

#[tokio::test]
async fn search_follows_renames_and_deletes() {
    let app = TestApp::new();
    let created = app.create_integration("legacy-name", "Legacy", None).await;
    let path = app.integrations_path(&format!("/{}", created["id"].as_str().expect("id")));

    app.owner(Method::PATCH, &path, Some(json!({ "name": "fresh-name" })))
        .await;
    let old = app
        .get(&app.integrations_path("?search=legacy-name"))
        .await
        .json();
    let new = app
        .get(&app.integrations_path("?search=fresh-name"))
        .await
        .json();
    assert_eq!(old["total"], 0);
    assert_eq!(new["total"], 1);

    app.owner(Method::DELETE, &path, None).await;
    let gone = app
        .get(&app.integrations_path("?search=fresh-name"))
        .await
        .json();
    assert_eq!(gone["total"], 0);
}

#[tokio::test]
async fn search_page_past_the_end_keeps_total() {
    let app = TestApp::new();
    app.create_integration("alpha-one", "Alpha", None).await;
    app.create_integration("alpha-two", "Alpha", None).await;

    let page = app
        .get(&app.integrations_path("?search=alpha&continuation_token=5"))
        .await
        .json();

    assert_eq!(page["items"], json!([]));
    assert_eq!(page["total"], 2);
    assert_eq!(page["has_more"], false);
}
