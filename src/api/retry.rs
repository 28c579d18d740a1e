//! When a failed request is sent again, as a pure function of the method,
//! the attempt number and the error.
//!
//! GET retries network errors, timeouts, 408, 429 and 5xx. PATCH and DELETE
//! never retry, because a lost response may hide a change that did happen.
//! POST retries only a 429 that carries `Retry-After`, because such a
//! response means the server did not process the request. At most three attempts in total.

use super::ApiError;

/// HTTP methods the console sends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// Reads; safe to repeat.
    Get,
    /// Creates.
    Post,
    /// Partial updates.
    Patch,
    /// Deletes.
    Delete,
}

impl Method {
    /// The method's name on the wire.
    pub const fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }
}

/// Attempts, backoff and caps of the retry loop.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RetryPolicy {
    /// Attempts in total, the first included. Default 3.
    pub max_attempts: u32,
    /// Backoff before the second attempt, in milliseconds. Default 500.
    pub base_delay_ms: u32,
    /// Upper bound of the exponential backoff, in milliseconds. Default 8,000.
    pub max_delay_ms: u32,
    /// Longest `Retry-After` worth waiting for, in seconds; a longer one
    /// fails at once so the user is not left waiting. Default 30.
    pub max_retry_after_seconds: u32,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            base_delay_ms: 500,
            max_delay_ms: 8_000,
            max_retry_after_seconds: 30,
        }
    }
}

impl RetryPolicy {
    /// Returns how long to wait before the next attempt, or `None` to give up.
    ///
    /// `attempt` is the number of the attempt that just failed (1 for the
    /// first). `jitter` is a random number in `0.0..1.0`; it spreads the
    /// exponential backoff over its upper half so clients do not retry in step.
    pub fn delay_ms(
        &self,
        method: Method,
        attempt: u32,
        error: &ApiError,
        jitter: f64,
    ) -> Option<u32> {
        if attempt >= self.max_attempts || !is_retryable(method, error) {
            return None;
        }

        if let ApiError::RateLimited {
            retry_after_seconds: Some(seconds),
            ..
        } = error
        {
            if *seconds > self.max_retry_after_seconds {
                return None;
            }
            return Some(seconds.saturating_mul(1000));
        }

        let exponent = attempt.saturating_sub(1).min(16);
        let ceiling = self
            .base_delay_ms
            .saturating_mul(1 << exponent)
            .min(self.max_delay_ms);
        let jitter = jitter.clamp(0.0, 1.0);
        let half = f64::from(ceiling) / 2.0;
        Some((half + half * jitter).round() as u32)
    }
}

fn is_retryable(method: Method, error: &ApiError) -> bool {
    match method {
        Method::Get => matches!(
            error,
            ApiError::Network
                | ApiError::Timeout { .. }
                | ApiError::RateLimited { .. }
                | ApiError::Server {
                    status: 500..=599,
                    ..
                }
        ),
        Method::Post => matches!(
            error,
            ApiError::RateLimited {
                retry_after_seconds: Some(_),
                ..
            }
        ),
        Method::Patch | Method::Delete => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn server(status: u16) -> ApiError {
        ApiError::Server {
            status,
            request_id: None,
        }
    }

    fn rate_limited(seconds: Option<u32>) -> ApiError {
        ApiError::RateLimited {
            retry_after_seconds: seconds,
            request_id: None,
        }
    }

    #[test]
    fn get_retries_transient_failures() {
        let policy = RetryPolicy::default();
        for error in [
            ApiError::Network,
            ApiError::Timeout { request_id: None },
            rate_limited(None),
            server(500),
            server(503),
        ] {
            assert!(
                policy.delay_ms(Method::Get, 1, &error, 0.0).is_some(),
                "{error:?}"
            );
        }
    }

    #[test]
    fn get_does_not_retry_client_errors() {
        let policy = RetryPolicy::default();
        for error in [
            ApiError::Unauthorized,
            ApiError::Forbidden { request_id: None },
            ApiError::Aborted,
            server(422),
            ApiError::NotFound {
                detail: String::new(),
                request_id: None,
            },
        ] {
            assert_eq!(
                policy.delay_ms(Method::Get, 1, &error, 0.5),
                None,
                "{error:?}"
            );
        }
    }

    #[test]
    fn at_most_three_attempts() {
        let policy = RetryPolicy::default();
        assert!(policy
            .delay_ms(Method::Get, 2, &ApiError::Network, 0.0)
            .is_some());
        assert_eq!(
            policy.delay_ms(Method::Get, 3, &ApiError::Network, 0.0),
            None
        );
    }

    #[test]
    fn backoff_doubles_within_jitter_band() {
        let policy = RetryPolicy::default();
        let first_low = policy.delay_ms(Method::Get, 1, &server(502), 0.0);
        let first_high = policy.delay_ms(Method::Get, 1, &server(502), 1.0);
        let second_low = policy.delay_ms(Method::Get, 2, &server(502), 0.0);
        let second_high = policy.delay_ms(Method::Get, 2, &server(502), 1.0);
        assert_eq!(first_low, Some(250));
        assert_eq!(first_high, Some(500));
        assert_eq!(second_low, Some(500));
        assert_eq!(second_high, Some(1000));
    }

    #[test]
    fn backoff_is_capped() {
        let policy = RetryPolicy {
            max_attempts: 40,
            ..RetryPolicy::default()
        };
        let delay = policy.delay_ms(Method::Get, 30, &ApiError::Network, 1.0);
        assert_eq!(delay, Some(8_000));
    }

    #[test]
    fn retry_after_wins_over_backoff() {
        let policy = RetryPolicy::default();
        let delay = policy.delay_ms(Method::Get, 1, &rate_limited(Some(3)), 0.9);
        assert_eq!(delay, Some(3_000));
    }

    #[test]
    fn long_retry_after_gives_up() {
        let policy = RetryPolicy::default();
        assert_eq!(
            policy.delay_ms(Method::Get, 1, &rate_limited(Some(3600)), 0.0),
            None
        );
    }

    #[test]
    fn post_retries_only_rate_limit_with_retry_after() {
        let policy = RetryPolicy::default();
        assert_eq!(
            policy.delay_ms(Method::Post, 1, &rate_limited(Some(2)), 0.0),
            Some(2_000)
        );
        assert_eq!(
            policy.delay_ms(Method::Post, 1, &rate_limited(None), 0.0),
            None
        );
        assert_eq!(policy.delay_ms(Method::Post, 1, &server(503), 0.0), None);
        assert_eq!(
            policy.delay_ms(Method::Post, 1, &ApiError::Network, 0.0),
            None
        );
    }

    #[test]
    fn patch_and_delete_never_retry() {
        let policy = RetryPolicy::default();
        for method in [Method::Patch, Method::Delete] {
            for error in [ApiError::Network, rate_limited(Some(1)), server(503)] {
                assert_eq!(
                    policy.delay_ms(method, 1, &error, 0.0),
                    None,
                    "{method:?} {error:?}"
                );
            }
        }
    }
}
