//! The request function every Platform API call goes through.

use gloo_net::http::{Request, RequestBuilder, Response};
use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use serde::de::DeserializeOwned;
use web_sys::AbortSignal;

use super::retry::{Method, RetryPolicy};
use super::{decode_error, ApiError};
use crate::session::Session;

/// Seconds a request may take before it counts as timed out.
pub const REQUEST_TIMEOUT_MS: u32 = 15_000;

/// A retry the client is waiting for, shown to the user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryNotice {
    /// Whole seconds until the next attempt.
    pub seconds_left: u32,
    /// Whether the wait comes from a 429 response.
    pub rate_limited: bool,
}

impl RetryNotice {
    /// The sentence shown while waiting: "Rate limited, retrying in 3 s".
    pub fn message(&self) -> String {
        let reason = if self.rate_limited {
            "Rate limited"
        } else {
            "The request failed"
        };
        format!("{reason}, retrying in {} s", self.seconds_left)
    }
}

/// Configured access to the Platform API, shared through context.
#[derive(Clone, Copy)]
pub struct ApiClient {
    base_url: StoredValue<String>,
    session: Session,
    retry_notice: RwSignal<Option<RetryNotice>>,
    policy: RetryPolicy,
}

/// A request before it is sent: method, path below the base URL, query
/// string and JSON body.
pub(crate) struct Call<'a> {
    pub method: Method,
    pub path: String,
    pub query: Option<String>,
    pub body: Option<String>,
    pub signal: Option<&'a AbortSignal>,
    /// A key to use instead of the session's, for signing in. A 401 with it
    /// does not end the session.
    pub api_key: Option<&'a str>,
}

impl<'a> Call<'a> {
    pub fn new(method: Method, path: String, signal: Option<&'a AbortSignal>) -> Self {
        Call {
            method,
            path,
            query: None,
            body: None,
            signal,
            api_key: None,
        }
    }
}

impl ApiClient {
    /// A client for the API at `base_url` (empty for the console's origin).
    pub fn new(base_url: String, session: Session) -> Self {
        ApiClient {
            base_url: StoredValue::new(base_url),
            session,
            retry_notice: RwSignal::new(None),
            policy: RetryPolicy::default(),
        }
    }

    /// The retry the client is waiting for, if any.
    pub fn retry_notice(&self) -> ReadSignal<Option<RetryNotice>> {
        self.retry_notice.read_only()
    }

    /// The session whose key signs requests.
    pub fn session(&self) -> Session {
        self.session
    }

    /// Sends `call` and decodes a JSON response.
    pub(crate) async fn json<T: DeserializeOwned>(&self, call: Call<'_>) -> Result<T, ApiError> {
        let (status, request_id, text) = self.send(call).await?;
        serde_json::from_str(&text).map_err(|_| ApiError::Server { status, request_id })
    }

    /// Sends `call` and ignores the body of a successful response.
    pub(crate) async fn empty(&self, call: Call<'_>) -> Result<(), ApiError> {
        self.send(call).await.map(|_| ())
    }

    /// Sends `call` with retries; returns status, request id and body text.
    async fn send(&self, call: Call<'_>) -> Result<(u16, Option<String>, String), ApiError> {
        let mut attempt = 1;
        loop {
            let api_key = match call.api_key {
                Some(key) => key.to_owned(),
                None => self.session.api_key().ok_or(ApiError::Unauthorized)?,
            };
            let result = self.attempt(&call, &api_key).await;
            let error = match result {
                Ok(success) => return Ok(success),
                Err(error) => error,
            };

            if error == ApiError::Unauthorized && call.api_key.is_none() {
                self.session.expire(&api_key);
                return Err(error);
            }
            let jitter = js_sys::Math::random();
            let Some(delay_ms) = self.policy.delay_ms(call.method, attempt, &error, jitter) else {
                return Err(error);
            };
            let rate_limited = matches!(error, ApiError::RateLimited { .. });
            self.wait(delay_ms, rate_limited, call.signal).await?;
            attempt += 1;
        }
    }

    /// Waits `delay_ms` in one-second steps, updating the retry notice.
    async fn wait(
        &self,
        delay_ms: u32,
        rate_limited: bool,
        signal: Option<&AbortSignal>,
    ) -> Result<(), ApiError> {
        let mut left_ms = delay_ms;
        while left_ms > 0 {
            self.retry_notice.try_set(Some(RetryNotice {
                seconds_left: left_ms.div_ceil(1000),
                rate_limited,
            }));
            let step = left_ms.min(1000);
            TimeoutFuture::new(step).await;
            left_ms -= step;
            if signal.is_some_and(AbortSignal::aborted) {
                self.retry_notice.try_set(None);
                return Err(ApiError::Aborted);
            }
        }
        self.retry_notice.try_set(None);
        Ok(())
    }

    async fn attempt(
        &self,
        call: &Call<'_>,
        api_key: &str,
    ) -> Result<(u16, Option<String>, String), ApiError> {
        let url = self.url(&call.path, call.query.as_deref());

        let timeout = AbortSignal::timeout_with_u32(REQUEST_TIMEOUT_MS);
        let signals = js_sys::Array::new();
        signals.push(&timeout);
        if let Some(owner) = call.signal {
            signals.push(owner);
        }
        let combined = AbortSignal::any(&signals);

        let builder = RequestBuilder::new(&url)
            .method(gloo_method(call.method))
            .header("Authorization", &format!("Bearer {api_key}"))
            .header("Accept", "application/json")
            .abort_signal(Some(&combined));
        let request: Result<Request, _> = match &call.body {
            Some(body) => builder
                .header("Content-Type", "application/json")
                .body(body.as_str()),
            None => builder.build(),
        };
        let request = request.map_err(|_| ApiError::Network)?;

        let response = match request.send().await {
            Ok(response) => response,
            Err(_) => return Err(classify_failure(call.signal, &timeout)),
        };
        read_response(response, call.signal, &timeout).await
    }

    fn url(&self, path: &str, query: Option<&str>) -> String {
        let base = self.base_url.with_value(|base| base.clone());
        match query {
            Some(query) if !query.is_empty() => format!("{base}{path}?{query}"),
            _ => format!("{base}{path}"),
        }
    }
}

async fn read_response(
    response: Response,
    owner: Option<&AbortSignal>,
    timeout: &AbortSignal,
) -> Result<(u16, Option<String>, String), ApiError> {
    let status = response.status();
    let headers = response.headers();
    let request_id = headers.get("x-request-id");
    let text = match response.text().await {
        Ok(text) => text,
        Err(_) => return Err(classify_failure(owner, timeout)),
    };
    if (200..300).contains(&status) {
        return Ok((status, request_id, text));
    }
    let retry_after = headers.get("retry-after");
    Err(decode_error(
        status,
        &text,
        retry_after.as_deref(),
        request_id,
    ))
}

/// Tells why a fetch produced no response.
fn classify_failure(owner: Option<&AbortSignal>, timeout: &AbortSignal) -> ApiError {
    if owner.is_some_and(AbortSignal::aborted) {
        ApiError::Aborted
    } else if timeout.aborted() {
        ApiError::Timeout { request_id: None }
    } else {
        ApiError::Network
    }
}

fn gloo_method(method: Method) -> gloo_net::http::Method {
    match method {
        Method::Get => gloo_net::http::Method::GET,
        Method::Post => gloo_net::http::Method::POST,
        Method::Patch => gloo_net::http::Method::PATCH,
        Method::Delete => gloo_net::http::Method::DELETE,
    }
}
