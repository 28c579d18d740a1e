//! Fault injection on `/v1`: added latency, failures, dropped connections
//! and a per-key rate limit, so clients can be tested against a slow or
//! failing API.
//!
//! Every fault is decided before the handler runs, so a write is either
//! applied in full with its normal response or not applied at all.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::auth::bearer_token;
use crate::error::AppError;
use crate::secrets;

/// The faults to inject. The default injects none.
#[derive(Clone, Debug, Default)]
pub struct FaultConfig {
    /// Added latency in milliseconds, drawn uniformly from `min..=max`.
    pub latency_ms: Option<(u64, u64)>,
    /// Share of requests (0 to 1) that get a 500 or a 503 (half each, at
    /// random) without running the handler.
    pub fail_rate: f64,
    /// Share of requests (0 to 1) whose connection is cut without a response.
    pub drop_rate: f64,
    /// Requests per second allowed per API key; further requests get 429.
    pub rate_limit: Option<u32>,
    /// Seed of the random choices, for repeatable runs.
    pub seed: Option<u64>,
}

impl FaultConfig {
    /// Whether any fault is configured.
    pub fn is_enabled(&self) -> bool {
        self.latency_ms.is_some()
            || self.fail_rate > 0.0
            || self.drop_rate > 0.0
            || self.rate_limit.is_some()
    }
}

/// Parses `N` or `N..M` milliseconds.
pub fn parse_latency(text: &str) -> Result<(u64, u64), String> {
    let invalid = || format!("invalid latency {text:?}: expected N or N..M milliseconds");
    let (min, max) = match text.split_once("..") {
        Some((min, max)) => (min.trim(), max.trim()),
        None => (text.trim(), text.trim()),
    };
    let min: u64 = min.parse().map_err(|_| invalid())?;
    let max: u64 = max.parse().map_err(|_| invalid())?;
    if min > max {
        return Err(invalid());
    }
    Ok((min, max))
}

/// Parses a probability between 0 and 1.
pub fn parse_rate(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(rate) if (0.0..=1.0).contains(&rate) => Ok(rate),
        _ => Err(format!(
            "invalid rate {text:?}: expected a number from 0 to 1"
        )),
    }
}

/// The injector's state: its configuration, random generator and the
/// per-key request counts of the current second.
pub struct FaultInjector {
    config: FaultConfig,
    inner: Mutex<InjectorState>,
}

struct InjectorState {
    random: SplitMix64,
    window_second: u64,
    counts: HashMap<String, u32>,
}

/// SplitMix64: small, fast and seedable; the faults need no better.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0.0..1.0`.
    fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// The injector's decision for one request.
struct Decision {
    delay: Duration,
    outcome: Outcome,
    rate_headers: Option<(u32, u32, u64)>,
}

enum Outcome {
    Run,
    Fail(StatusCode),
    Drop,
    Limited,
}

impl FaultInjector {
    /// An injector for `config`, seeded from `config.seed` or the clock.
    pub fn new(config: FaultConfig) -> Arc<Self> {
        let seed = config.seed.unwrap_or_else(|| {
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map(|elapsed| elapsed.as_nanos() as u64)
                .unwrap_or(0)
        });
        Arc::new(FaultInjector {
            config,
            inner: Mutex::new(InjectorState {
                random: SplitMix64(seed),
                window_second: 0,
                counts: HashMap::new(),
            }),
        })
    }

    fn decide(&self, key: &str) -> Decision {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default();
        let mut state = match self.inner.lock() {
            Ok(state) => state,
            Err(poisoned) => poisoned.into_inner(),
        };

        let delay = match self.config.latency_ms {
            Some((min, max)) => {
                let span = max - min + 1;
                Duration::from_millis(min + state.random.next_u64() % span)
            }
            None => Duration::ZERO,
        };

        let mut rate_headers = None;
        if let Some(limit) = self.config.rate_limit {
            if state.window_second != now.as_secs() {
                state.window_second = now.as_secs();
                state.counts.clear();
            }
            let count = state.counts.entry(key.to_owned()).or_insert(0);
            *count += 1;
            let used = *count;
            rate_headers = Some((limit, limit.saturating_sub(used), now.as_secs() + 1));
            if used > limit {
                return Decision {
                    delay,
                    outcome: Outcome::Limited,
                    rate_headers,
                };
            }
        }

        let outcome = if state.random.next_f64() < self.config.drop_rate {
            Outcome::Drop
        } else if state.random.next_f64() < self.config.fail_rate {
            // Clients tend to treat 500 and 503 differently, so both occur.
            let status = if state.random.next_u64() % 2 == 0 {
                StatusCode::INTERNAL_SERVER_ERROR
            } else {
                StatusCode::SERVICE_UNAVAILABLE
            };
            Outcome::Fail(status)
        } else {
            Outcome::Run
        };
        Decision {
            delay,
            outcome,
            rate_headers,
        }
    }
}

/// Delays the request, then fails, drops, limits or runs it.
pub async fn inject(
    State(injector): State<Arc<FaultInjector>>,
    request: Request,
    next: Next,
) -> Response {
    let (parts, body) = request.into_parts();
    // Requests without a well-formed key share one bucket.
    let key = bearer_token(&parts)
        .and_then(secrets::api_key_id)
        .map(|id| id.to_string())
        .unwrap_or_default();
    let request = Request::from_parts(parts, body);

    let decision = injector.decide(&key);
    if !decision.delay.is_zero() {
        tokio::time::sleep(decision.delay).await;
    }

    let mut response = match decision.outcome {
        Outcome::Run => next.run(request).await,
        Outcome::Fail(status) => AppError::InjectedFailure { status }.into_response(),
        Outcome::Limited => AppError::RateLimited {
            retry_after_seconds: 1,
        }
        .into_response(),
        Outcome::Drop => return dropped_connection(),
    };
    if let Some((limit, remaining, reset)) = decision.rate_headers {
        let headers = response.headers_mut();
        for (name, value) in [
            ("x-ratelimit-limit", u64::from(limit)),
            ("x-ratelimit-remaining", u64::from(remaining)),
            ("x-ratelimit-reset", reset),
        ] {
            headers.insert(HeaderName::from_static(name), HeaderValue::from(value));
        }
    }
    response
}

/// A response whose body fails at once, so the server cuts the connection
/// before a complete response reaches the client.
fn dropped_connection() -> Response {
    Response::new(Body::from_stream(DropStream))
}

/// A stream that yields one error.
struct DropStream;

impl futures_core::Stream for DropStream {
    type Item = Result<axum::body::Bytes, std::io::Error>;

    fn poll_next(
        self: std::pin::Pin<&mut Self>,
        _cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        std::task::Poll::Ready(Some(Err(std::io::Error::new(
            std::io::ErrorKind::ConnectionAborted,
            "connection dropped by fault injection",
        ))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latency_and_rate_parsing() {
        assert_eq!(parse_latency("50"), Ok((50, 50)));
        assert_eq!(parse_latency("10..200"), Ok((10, 200)));
        assert!(parse_latency("200..10").is_err());
        assert!(parse_latency("x").is_err());
        assert_eq!(parse_rate("0.25"), Ok(0.25));
        assert!(parse_rate("1.5").is_err());
    }

    #[test]
    fn rate_limit_counts_per_key() {
        let injector = FaultInjector::new(FaultConfig {
            rate_limit: Some(2),
            seed: Some(1),
            ..FaultConfig::default()
        });
        let outcomes: Vec<bool> = (0..3)
            .map(|_| matches!(injector.decide("a").outcome, Outcome::Limited))
            .collect();
        // The third request in one second is limited, unless the second
        // boundary fell between the calls.
        assert!(outcomes == [false, false, true] || outcomes.iter().filter(|x| **x).count() == 0);
        assert!(!matches!(injector.decide("b").outcome, Outcome::Limited));
    }
}
