//! Fault injection on `/v1`: rate limits, injected failures and latency.

mod common;

use std::time::{Duration, Instant};

use axum::http::{Method, StatusCode};
use common::TestApp;
use std::sync::Arc;

use platform_sandbox::fault::{FaultConfig, FaultInjector};
use serde_json::json;
use tower::ServiceExt;

fn faults(config: FaultConfig) -> Option<Arc<FaultInjector>> {
    Some(FaultInjector::new(config))
}

#[tokio::test]
async fn rate_limit_returns_429_with_retry_after_and_headers() {
    let mut app = TestApp::new();
    app.state.faults = faults(FaultConfig {
        rate_limit: Some(2),
        ..FaultConfig::default()
    });

    // Three requests can straddle a second boundary, so try a few rounds.
    let mut limited = None;
    for _ in 0..5 {
        let mut responses = Vec::new();
        for _ in 0..3 {
            responses.push(app.get("/v1/auth/me").await);
        }
        if responses[2].status == StatusCode::TOO_MANY_REQUESTS {
            assert_eq!(responses[0].header("x-ratelimit-limit"), Some("2"));
            assert_eq!(responses[0].header("x-ratelimit-remaining"), Some("1"));
            limited = responses.pop();
            break;
        }
        tokio::time::sleep(Duration::from_millis(1100)).await;
    }

    let limited = limited.expect("a third request within one second is limited");
    assert_eq!(limited.header("retry-after"), Some("1"));
    assert_eq!(limited.header("x-ratelimit-remaining"), Some("0"));
    assert!(limited.header("x-request-id").is_some());
    assert!(limited.json()["detail"].is_string());
}

#[tokio::test]
async fn rate_limit_leaves_routes_outside_v1_alone() {
    let mut app = TestApp::new();
    app.state.faults = faults(FaultConfig {
        rate_limit: Some(1),
        ..FaultConfig::default()
    });

    for _ in 0..3 {
        let response = app.call(Method::GET, "/healthz", None, None).await;
        assert_eq!(response.status, StatusCode::OK);
    }
}

#[tokio::test]
async fn injected_failure_applies_no_write() {
    let mut app = TestApp::new();
    app.state.faults = faults(FaultConfig {
        fail_rate: 1.0,
        seed: Some(3),
        ..FaultConfig::default()
    });

    let body = json!({ "name": "crm", "display_name": "CRM" });
    let response = app
        .owner(Method::POST, &app.integrations_path(""), Some(body))
        .await;

    assert!(response.status.is_server_error(), "{}", response.status);
    assert!(response.json()["detail"].is_string());
    app.state.faults = None;
    let page = app.get(&app.integrations_path("")).await.json();
    assert_eq!(page["total"], 0);
}

#[tokio::test]
async fn latency_delays_v1_requests() {
    let mut app = TestApp::new();
    app.state.faults = faults(FaultConfig {
        latency_ms: Some((120, 150)),
        ..FaultConfig::default()
    });

    let started = Instant::now();
    let response = app.get("/v1/auth/me").await;

    assert_eq!(response.status, StatusCode::OK);
    assert!(started.elapsed() >= Duration::from_millis(120));
}

/// Statuses of `count` requests to `/v1/auth/me`, sent one at a time.
async fn statuses(app: &TestApp, count: usize) -> Vec<StatusCode> {
    let mut statuses = Vec::new();
    for _ in 0..count {
        statuses.push(app.get("/v1/auth/me").await.status);
    }
    statuses
}

#[tokio::test]
async fn injected_failures_are_500_or_503_with_json_body() {
    let mut app = TestApp::new();
    app.state.faults = faults(FaultConfig {
        fail_rate: 1.0,
        seed: Some(11),
        ..FaultConfig::default()
    });

    let mut seen = Vec::new();
    for _ in 0..40 {
        let response = app.get("/v1/auth/me").await;
        assert!(
            matches!(
                response.status,
                StatusCode::INTERNAL_SERVER_ERROR | StatusCode::SERVICE_UNAVAILABLE
            ),
            "unexpected status {}",
            response.status
        );
        assert_eq!(response.header("content-type"), Some("application/json"));
        assert!(response.json()["detail"].is_string());
        seen.push(response.status);
    }

    assert!(seen.contains(&StatusCode::INTERNAL_SERVER_ERROR));
    assert!(seen.contains(&StatusCode::SERVICE_UNAVAILABLE));
}

#[tokio::test]
async fn fault_seed_repeats_the_same_choices() {
    let config = FaultConfig {
        fail_rate: 0.5,
        seed: Some(42),
        ..FaultConfig::default()
    };
    let mut first = TestApp::new();
    first.state.faults = faults(config.clone());
    let mut second = TestApp::new();
    second.state.faults = faults(config);

    let first_statuses = statuses(&first, 30).await;
    let second_statuses = statuses(&second, 30).await;

    assert_eq!(first_statuses, second_statuses);
    assert!(first_statuses.contains(&StatusCode::OK));
    assert!(first_statuses
        .iter()
        .any(|status| *status != StatusCode::OK));
}

#[tokio::test]
async fn fail_rate_zero_and_one_are_exact() {
    let mut never = TestApp::new();
    never.state.faults = faults(FaultConfig {
        fail_rate: 0.0,
        latency_ms: Some((0, 0)),
        ..FaultConfig::default()
    });
    let mut always = TestApp::new();
    always.state.faults = faults(FaultConfig {
        fail_rate: 1.0,
        ..FaultConfig::default()
    });

    assert!(statuses(&never, 20)
        .await
        .iter()
        .all(|status| *status == StatusCode::OK));
    assert!(statuses(&always, 20)
        .await
        .iter()
        .all(|status| status.is_server_error()));
}

#[tokio::test]
async fn faults_leave_routes_outside_v1_alone() {
    let mut app = TestApp::new();
    app.state.faults = faults(FaultConfig {
        fail_rate: 1.0,
        drop_rate: 1.0,
        latency_ms: Some((300, 300)),
        ..FaultConfig::default()
    });

    let started = Instant::now();
    for path in ["/healthz", "/openapi.json"] {
        let response = app.call(Method::GET, path, None, None).await;
        assert_eq!(response.status, StatusCode::OK, "{path}");
    }
    let verify = app
        .call(
            Method::POST,
            "/sandbox/credentials/verify",
            None,
            Some(json!({ "client_id": "x", "client_secret": "y" })),
        )
        .await;

    assert_eq!(verify.status, StatusCode::OK);
    assert!(started.elapsed() < Duration::from_millis(300));
}

#[tokio::test]
async fn injected_failures_change_no_write_of_any_kind() {
    let mut app = TestApp::new();
    let service = app.service("voice");
    let integration = app.create_integration("crm", "CRM", None).await;
    let id = integration["id"].as_str().expect("id").to_owned();
    let credentials = app.integrations_path(&format!("/{id}/credentials"));
    let created = app
        .owner(
            Method::POST,
            &credentials,
            Some(json!({ "service_ids": [service] })),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED);
    let credential_id = created.json()["credential"]["id"]
        .as_str()
        .expect("credential id")
        .to_owned();
    let integration_path = app.integrations_path(&format!("/{id}"));
    let before_integration = app.get(&integration_path).await.json();
    let before_credentials = app.get(&credentials).await.json();

    app.state.faults = faults(FaultConfig {
        fail_rate: 1.0,
        seed: Some(5),
        ..FaultConfig::default()
    });
    let writes = [
        (
            Method::POST,
            app.integrations_path(""),
            Some(json!({ "name": "other", "display_name": "Other" })),
        ),
        (
            Method::PATCH,
            integration_path.clone(),
            Some(json!({ "display_name": "Changed" })),
        ),
        (
            Method::POST,
            credentials.clone(),
            Some(json!({ "service_ids": [service] })),
        ),
        (
            Method::POST,
            format!("{credentials}/{credential_id}/rotate"),
            None,
        ),
        (
            Method::DELETE,
            format!("{credentials}/{credential_id}"),
            None,
        ),
        (Method::DELETE, integration_path.clone(), None),
    ];
    for (method, path, body) in writes {
        let response = app.owner(method.clone(), &path, body).await;
        assert!(
            response.status.is_server_error(),
            "{method} {path}: {}",
            response.status
        );
    }

    app.state.faults = None;
    assert_eq!(app.get(&integration_path).await.json(), before_integration);
    assert_eq!(app.get(&credentials).await.json(), before_credentials);
    assert_eq!(app.get(&app.integrations_path("")).await.json()["total"], 1);
}

#[tokio::test]
async fn drop_rate_one_cuts_every_v1_response() {
    let mut app = TestApp::new();
    app.state.faults = faults(FaultConfig {
        drop_rate: 1.0,
        ..FaultConfig::default()
    });

    let response = app
        .router()
        .oneshot(
            axum::http::Request::builder()
                .uri("/v1/auth/me")
                .header("authorization", format!("Bearer {}", app.owner_key))
                .body(axum::body::Body::empty())
                .expect("request"),
        )
        .await
        .expect("infallible");
    let body = http_body_util::BodyExt::collect(response.into_body()).await;

    assert!(body.is_err(), "a dropped response has no complete body");
}

#[tokio::test]
async fn rate_limited_requests_change_nothing() {
    let mut app = TestApp::new();
    app.state.faults = faults(FaultConfig {
        rate_limit: Some(1),
        ..FaultConfig::default()
    });

    let mut created = 0;
    let mut limited = 0;
    for index in 0..6 {
        let body = json!({ "name": format!("crm-{index}"), "display_name": "CRM" });
        let response = app
            .owner(Method::POST, &app.integrations_path(""), Some(body))
            .await;
        match response.status {
            StatusCode::CREATED => created += 1,
            StatusCode::TOO_MANY_REQUESTS => {
                assert_eq!(response.header("retry-after"), Some("1"));
                assert!(response.header("x-ratelimit-reset").is_some());
                limited += 1;
            }
            other => panic!("unexpected status {other}"),
        }
    }

    assert!(
        limited > 0,
        "six requests within a few seconds hit a limit of 1"
    );
    app.state.faults = None;
    let total = app.get(&app.integrations_path("")).await.json()["total"].clone();
    assert_eq!(total, created);
}
