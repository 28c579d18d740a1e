//! The expiry choices of the create form, turned into the UTC instant sent
//! as `expires_at`.
//!
//! A custom expiry comes from `<input type="datetime-local">`, whose value is
//! a wall-clock time without a zone (`2026-12-31T17:30`). Which offset applies
//! depends on the browser's time zone and on daylight saving time at that
//! date, so the conversion takes it as a function: the console passes one
//! that calls `Date`, and the tests pass fixed offsets.

use platform_api::rules;
use platform_api::Timestamp;

/// Days offered as ready-made expiries.
pub const PRESET_DAYS: [u32; 3] = [30, 90, 365];

/// The expiry picked in the form.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ExpiryChoice {
    /// The credential never expires; `expires_at` is left out.
    #[default]
    Never,
    /// The credential expires this many days after the request is built.
    Days(u32),
    /// The credential expires at the date and time typed into the form.
    Custom,
}

impl ExpiryChoice {
    /// Lists every choice in the order the form shows them.
    pub fn all() -> Vec<ExpiryChoice> {
        let mut choices = vec![ExpiryChoice::Never];
        choices.extend(PRESET_DAYS.into_iter().map(ExpiryChoice::Days));
        choices.push(ExpiryChoice::Custom);
        choices
    }

    /// Returns the choice's label in the form.
    pub fn label(self) -> String {
        match self {
            ExpiryChoice::Never => "Never".to_owned(),
            ExpiryChoice::Days(days) => format!("In {days} days"),
            ExpiryChoice::Custom => "On a date and time".to_owned(),
        }
    }

    /// Returns a stable value for the radio input, such as `days-30`.
    pub fn value(self) -> String {
        match self {
            ExpiryChoice::Never => "never".to_owned(),
            ExpiryChoice::Days(days) => format!("days-{days}"),
            ExpiryChoice::Custom => "custom".to_owned(),
        }
    }
}

/// A wall-clock date and time without a time zone, as a `datetime-local`
/// input holds it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LocalDateTime {
    /// Year, such as 2026.
    pub year: i32,
    /// Month, 1 to 12.
    pub month: u32,
    /// Day of the month, 1 to 31.
    pub day: u32,
    /// Hour, 0 to 23.
    pub hour: u32,
    /// Minute, 0 to 59.
    pub minute: u32,
    /// Second, 0 to 59; zero when the input shows no seconds.
    pub second: u32,
}

impl LocalDateTime {
    /// Parses `YYYY-MM-DDTHH:MM`, optionally followed by `:SS` and a
    /// fraction, which is dropped. Returns `None` for anything else,
    /// including impossible dates such as February 30.
    pub fn parse(text: &str) -> Option<LocalDateTime> {
        let text = text.trim();
        let (date, time) = text.split_once(['T', ' '])?;
        let mut date_parts = date.splitn(3, '-');
        let year = date_parts.next()?;
        let month = date_parts.next()?;
        let day = date_parts.next()?;

        let time = time.split('.').next()?;
        let mut time_parts = time.splitn(3, ':');
        let hour = time_parts.next()?;
        let minute = time_parts.next()?;
        let second = time_parts.next().unwrap_or("00");

        let fixed = |part: &str, width: usize| {
            (part.len() == width && part.bytes().all(|byte| byte.is_ascii_digit()))
                .then(|| part.parse::<u32>().ok())
                .flatten()
        };
        let local = LocalDateTime {
            year: i32::try_from(fixed(year, 4)?).ok()?,
            month: fixed(month, 2)?,
            day: fixed(day, 2)?,
            hour: fixed(hour, 2)?,
            minute: fixed(minute, 2)?,
            second: fixed(second, 2)?,
        };
        // The offset is irrelevant here: parsing only checks the calendar.
        local.to_utc_with_offset(0)?;
        Some(local)
    }

    /// Converts this wall-clock time at a fixed offset east of UTC, in
    /// minutes (120 for UTC+02:00), to an instant. `None` for an impossible date.
    pub fn to_utc_with_offset(self, offset_minutes: i32) -> Option<Timestamp> {
        let sign = if offset_minutes < 0 { '-' } else { '+' };
        let magnitude = offset_minutes.unsigned_abs();
        let text = format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{sign}{:02}:{:02}",
            self.year,
            self.month,
            self.day,
            self.hour,
            self.minute,
            self.second,
            magnitude / 60,
            magnitude % 60,
        );
        Timestamp::parse(&text).ok()
    }
}

/// Reason the chosen expiry cannot be sent. `Display` is the sentence
/// shown under the field.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ExpiryError {
    /// "On a date and time" is chosen but the input is empty.
    #[error("Pick the date and time the credential expires.")]
    Missing,
    /// The input contains no valid date and time.
    #[error("Enter a valid date and time.")]
    Invalid,
    /// The date and time is not after now.
    #[error("Pick a date and time in the future.")]
    NotInFuture,
}

/// Works out `expires_at` for `choice` at `now`.
///
/// `custom` is the `datetime-local` value, read only for
/// [`ExpiryChoice::Custom`]; `to_utc` turns its wall-clock time into an
/// instant in the browser's time zone. The future check is the API's rule
/// ([`rules::check_expires_at`]).
pub fn resolve_expiry(
    choice: ExpiryChoice,
    custom: &str,
    now: Timestamp,
    to_utc: impl Fn(LocalDateTime) -> Option<Timestamp>,
) -> Result<Option<Timestamp>, ExpiryError> {
    let expires_at = match choice {
        ExpiryChoice::Never => return Ok(None),
        ExpiryChoice::Days(days) => now.plus_seconds(i64::from(days) * 86_400),
        ExpiryChoice::Custom => {
            if custom.trim().is_empty() {
                return Err(ExpiryError::Missing);
            }
            let local = LocalDateTime::parse(custom).ok_or(ExpiryError::Invalid)?;
            to_utc(local).ok_or(ExpiryError::Invalid)?
        }
    };
    rules::check_expires_at(expires_at, now).map_err(|_| ExpiryError::NotInFuture)?;
    Ok(Some(expires_at))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(text: &str) -> Timestamp {
        Timestamp::parse(text).expect("valid test timestamp")
    }

    fn fixed(offset_minutes: i32) -> impl Fn(LocalDateTime) -> Option<Timestamp> {
        move |local| local.to_utc_with_offset(offset_minutes)
    }

    #[test]
    fn never_sends_no_expiry() {
        let now = utc("2026-12-04T10:00:00Z");
        assert_eq!(
            resolve_expiry(ExpiryChoice::Never, "garbage", now, fixed(0)),
            Ok(None)
        );
    }

    #[test]
    fn preset_days_count_from_now() {
        let now = utc("2026-12-04T10:00:00.5Z");
        let expiry = resolve_expiry(ExpiryChoice::Days(30), "", now, fixed(0));
        assert_eq!(expiry, Ok(Some(utc("2027-01-03T10:00:00.5Z"))));
        let year = resolve_expiry(ExpiryChoice::Days(365), "", now, fixed(0));
        assert_eq!(year, Ok(Some(utc("2027-12-04T10:00:00.5Z"))));
    }

    #[test]
    fn custom_local_time_converts_east_of_utc() {
        let now = utc("2026-12-04T10:00:00Z");
        let expiry = resolve_expiry(ExpiryChoice::Custom, "2026-12-31T17:30", now, fixed(120));
        assert_eq!(expiry, Ok(Some(utc("2026-12-31T15:30:00Z"))));
    }

    #[test]
    fn custom_time_west_of_utc_crosses_midnight() {
        let now = utc("2026-12-04T10:00:00Z");
        let expiry = resolve_expiry(
            ExpiryChoice::Custom,
            "2026-12-31T21:15:30",
            now,
            fixed(-(5 * 60)),
        );
        assert_eq!(expiry, Ok(Some(utc("2027-01-01T02:15:30Z"))));
    }

    #[test]
    fn custom_time_sends_rfc3339_utc() {
        let local = LocalDateTime::parse("2027-03-01T08:05").expect("valid");
        let instant = local.to_utc_with_offset(330).expect("valid");
        assert_eq!(instant.to_string(), "2027-03-01T02:35:00.000000Z");
    }

    #[test]
    fn custom_time_must_be_in_future() {
        let now = utc("2026-12-04T10:00:00Z");
        let exactly_now = resolve_expiry(ExpiryChoice::Custom, "2026-12-04T10:00", now, fixed(0));
        assert_eq!(exactly_now, Err(ExpiryError::NotInFuture));
        let past = resolve_expiry(ExpiryChoice::Custom, "2026-12-04T11:00", now, fixed(120));
        assert_eq!(past, Err(ExpiryError::NotInFuture));
        let future = resolve_expiry(ExpiryChoice::Custom, "2026-12-04T10:01", now, fixed(0));
        assert_eq!(future, Ok(Some(utc("2026-12-04T10:01:00Z"))));
    }

    #[test]
    fn custom_time_empty_or_invalid() {
        let now = utc("2026-12-04T10:00:00Z");
        assert_eq!(
            resolve_expiry(ExpiryChoice::Custom, " ", now, fixed(0)),
            Err(ExpiryError::Missing)
        );
        for text in [
            "2027-02-30T10:00",
            "2027-13-01T10:00",
            "2027-01-01",
            "2027-1-01T10:00",
            "2027-01-01T25:00",
            "tomorrow",
        ] {
            assert_eq!(
                resolve_expiry(ExpiryChoice::Custom, text, now, fixed(0)),
                Err(ExpiryError::Invalid),
                "{text}"
            );
        }
    }

    #[test]
    fn local_parse_accepts_seconds_and_fractions() {
        let parsed = LocalDateTime::parse("2027-06-15T09:45:12.345").expect("valid");
        assert_eq!(parsed.second, 12);
        assert_eq!(parsed.minute, 45);
    }

    #[test]
    fn choices_list_presets_between_never_and_custom() {
        let values: Vec<_> = ExpiryChoice::all()
            .into_iter()
            .map(ExpiryChoice::value)
            .collect();
        assert_eq!(
            values,
            ["never", "days-30", "days-90", "days-365", "custom"]
        );
    }
}
