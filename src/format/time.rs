//! Relative times ("3 minutes ago") and the key expiry warning.

use platform_api::Timestamp;

/// Days before a key's expiry from which the header warns.
pub const EXPIRY_WARNING_DAYS: i64 = 7;

/// Describes `then` relative to `now` in English: "just now",
/// "5 minutes ago", "in 2 days".
pub fn relative_time(then: Timestamp, now: Timestamp) -> String {
    let seconds = then.seconds_until(now);
    let future = seconds < 0;
    let magnitude = seconds.unsigned_abs();
    if magnitude < 45 {
        return "just now".to_owned();
    }

    let (count, unit) = match magnitude {
        s if s < 3_600 => (round_div(s, 60), "minute"),
        s if s < 86_400 => (round_div(s, 3_600), "hour"),
        s if s < 86_400 * 30 => (round_div(s, 86_400), "day"),
        s if s < 86_400 * 365 => (round_div(s, 86_400 * 30), "month"),
        s => (round_div(s, 86_400 * 365), "year"),
    };
    let plural = if count == 1 { "" } else { "s" };
    if future {
        format!("in {count} {unit}{plural}")
    } else {
        format!("{count} {unit}{plural} ago")
    }
}

fn round_div(value: u64, divisor: u64) -> u64 {
    ((value + divisor / 2) / divisor).max(1)
}

/// The warning shown when a key expires within [`EXPIRY_WARNING_DAYS`], or
/// `None` while it has longer.
pub fn expiry_warning(expires_in_seconds: i64) -> Option<String> {
    if expires_in_seconds > EXPIRY_WARNING_DAYS * 86_400 {
        return None;
    }
    if expires_in_seconds <= 0 {
        return Some("This API key has expired. Create a new key.".to_owned());
    }
    let days = expires_in_seconds / 86_400;
    let when = match days {
        0 => "today".to_owned(),
        1 => "in 1 day".to_owned(),
        _ => format!("in {days} days"),
    };
    Some(format!(
        "This API key expires {when}. Create a new key before then."
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(seconds: i64) -> Timestamp {
        Timestamp::from_unix_micros(seconds * 1_000_000)
    }

    #[test]
    fn past_times() {
        let now = at(1_000_000_000);
        assert_eq!(relative_time(at(1_000_000_000 - 10), now), "just now");
        assert_eq!(relative_time(at(1_000_000_000 - 60), now), "1 minute ago");
        assert_eq!(relative_time(at(1_000_000_000 - 7_200), now), "2 hours ago");
        assert_eq!(
            relative_time(at(1_000_000_000 - 86_400 * 3), now),
            "3 days ago"
        );
        assert_eq!(
            relative_time(at(1_000_000_000 - 86_400 * 400), now),
            "1 year ago"
        );
    }

    #[test]
    fn future_times() {
        let now = at(1_000_000_000);
        assert_eq!(relative_time(at(1_000_000_000 + 3_600), now), "in 1 hour");
    }

    #[test]
    fn expiry_warning_starts_at_seven_days() {
        assert_eq!(expiry_warning(8 * 86_400), None);
        assert_eq!(
            expiry_warning(7 * 86_400).as_deref(),
            Some("This API key expires in 7 days. Create a new key before then.")
        );
        assert_eq!(
            expiry_warning(86_400 + 5).as_deref(),
            Some("This API key expires in 1 day. Create a new key before then.")
        );
        assert_eq!(
            expiry_warning(100).as_deref(),
            Some("This API key expires today. Create a new key before then.")
        );
        assert!(expiry_warning(0).is_some());
    }
}
