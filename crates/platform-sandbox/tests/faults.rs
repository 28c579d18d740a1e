//! Fault injection on `/v1`: rate limits, injected failures and latency.

mod common;

use std::time::{Duration, Instant};

use axum::http::{Method, StatusCode};
use common::TestApp;
use std::sync::Arc;

use platform_sandbox::fault::{FaultConfig, FaultInjector};
use serde_json::json;

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

    assert_eq!(response.status, StatusCode::SERVICE_UNAVAILABLE);
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
