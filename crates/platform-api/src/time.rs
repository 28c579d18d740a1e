//! RFC 3339 timestamps with microsecond precision, always written in UTC.
//!
//! The Platform API writes every timestamp as `YYYY-MM-DDTHH:MM:SS.ffffffZ`.
//! A small hand-written codec keeps a date library out of the wasm bundle.

use std::fmt;

use serde::{de, Deserialize, Deserializer, Serialize, Serializer};

const MICROS_PER_SECOND: i64 = 1_000_000;
const SECONDS_PER_DAY: i64 = 86_400;

/// An instant, stored as microseconds since the Unix epoch.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(i64);

/// Reason a string is not an RFC 3339 date-time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseTimestampError(&'static str);

impl fmt::Display for ParseTimestampError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl std::error::Error for ParseTimestampError {}

impl Timestamp {
    /// Returns the instant `micros` microseconds after the Unix epoch.
    pub const fn from_unix_micros(micros: i64) -> Self {
        Timestamp(micros)
    }

    /// Returns the instant `millis` milliseconds after the Unix epoch, as browsers
    /// report time (`Date.now()`); fractions of a microsecond are dropped.
    pub fn from_unix_millis_f64(millis: f64) -> Self {
        Timestamp((millis * 1000.0) as i64)
    }

    /// Microseconds since the Unix epoch.
    pub const fn unix_micros(self) -> i64 {
        self.0
    }

    /// Milliseconds since the Unix epoch, for `js_sys::Date::new`.
    pub fn unix_millis_f64(self) -> f64 {
        self.0 as f64 / 1000.0
    }

    /// This instant moved by `seconds` (negative moves it back).
    pub const fn plus_seconds(self, seconds: i64) -> Self {
        Timestamp(
            self.0
                .saturating_add(seconds.saturating_mul(MICROS_PER_SECOND)),
        )
    }

    /// Whole seconds from `self` to `later`, rounded toward zero.
    pub const fn seconds_until(self, later: Timestamp) -> i64 {
        (later.0 - self.0) / MICROS_PER_SECOND
    }

    /// Reads the current instant from the system clock.
    ///
    /// Not available in the browser build, where `std::time::SystemTime`
    /// panics; the console reads `Date.now()` instead.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn now() -> Self {
        let since_epoch = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default();
        Timestamp(since_epoch.as_micros() as i64)
    }

    /// Parses an RFC 3339 date-time such as `2026-05-01T12:00:00Z` or
    /// `2026-05-01 14:00:00.5+02:00`. A space may replace the `T`; fractions
    /// beyond microseconds are truncated. A missing offset is rejected,
    /// because a time without a zone is ambiguous.
    pub fn parse(text: &str) -> Result<Self, ParseTimestampError> {
        let bytes = text.as_bytes();
        if bytes.len() < 20 {
            return Err(ParseTimestampError("input is too short"));
        }
        let year = digits(bytes, 0, 4)?;
        expect(bytes, 4, b'-')?;
        let month = digits(bytes, 5, 2)?;
        expect(bytes, 7, b'-')?;
        let day = digits(bytes, 8, 2)?;
        if !matches!(bytes[10], b'T' | b't' | b' ') {
            return Err(ParseTimestampError(
                "invalid date separator, expected `T`, `t` or space",
            ));
        }
        let hour = digits(bytes, 11, 2)?;
        expect(bytes, 13, b':')?;
        let minute = digits(bytes, 14, 2)?;
        expect(bytes, 16, b':')?;
        let second = digits(bytes, 17, 2)?;

        if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
            return Err(ParseTimestampError(
                "day or month value is outside expected range",
            ));
        }
        if hour > 23 || minute > 59 || second > 59 {
            return Err(ParseTimestampError("time value is outside expected range"));
        }

        let mut position = 19;
        let mut micros = 0i64;
        if bytes.get(position) == Some(&b'.') {
            position += 1;
            let start = position;
            while position < bytes.len() && bytes[position].is_ascii_digit() {
                if position - start < 6 {
                    micros = micros * 10 + i64::from(bytes[position] - b'0');
                }
                position += 1;
            }
            if position == start {
                return Err(ParseTimestampError(
                    "missing digits after the decimal point",
                ));
            }
            for _ in (position - start).min(6)..6 {
                micros *= 10;
            }
        }

        let offset_seconds = match &bytes[position..] {
            [b'Z' | b'z'] => 0,
            [sign @ (b'+' | b'-'), rest @ ..] if rest.len() == 5 && rest[2] == b':' => {
                let hours = digits(rest, 0, 2)?;
                let minutes = digits(rest, 3, 2)?;
                if hours > 23 || minutes > 59 {
                    return Err(ParseTimestampError(
                        "timezone offset is outside expected range",
                    ));
                }
                let magnitude = hours * 3600 + minutes * 60;
                if *sign == b'-' {
                    -magnitude
                } else {
                    magnitude
                }
            }
            [] => return Err(ParseTimestampError("missing timezone offset")),
            _ => return Err(ParseTimestampError("invalid timezone offset")),
        };

        let days = days_from_civil(year, month, day);
        let seconds = days * SECONDS_PER_DAY + hour * 3600 + minute * 60 + second - offset_seconds;
        Ok(Timestamp(seconds * MICROS_PER_SECOND + micros))
    }

    /// Splits this instant into its calendar fields in UTC:
    /// `(year, month, day, hour, minute, second, microsecond)`.
    pub fn to_utc_parts(self) -> (i64, i64, i64, i64, i64, i64, i64) {
        let seconds = self.0.div_euclid(MICROS_PER_SECOND);
        let micros = self.0.rem_euclid(MICROS_PER_SECOND);
        let days = seconds.div_euclid(SECONDS_PER_DAY);
        let second_of_day = seconds.rem_euclid(SECONDS_PER_DAY);
        let (year, month, day) = civil_from_days(days);
        (
            year,
            month,
            day,
            second_of_day / 3600,
            second_of_day % 3600 / 60,
            second_of_day % 60,
            micros,
        )
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (year, month, day, hour, minute, second, micros) = self.to_utc_parts();
        write!(
            f,
            "{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}.{micros:06}Z"
        )
    }
}

impl std::str::FromStr for Timestamp {
    type Err = ParseTimestampError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Timestamp::parse(text)
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Timestamp::parse(&text).map_err(de::Error::custom)
    }
}

fn digits(bytes: &[u8], start: usize, count: usize) -> Result<i64, ParseTimestampError> {
    let slice = bytes
        .get(start..start + count)
        .ok_or(ParseTimestampError("input is too short"))?;
    slice.iter().try_fold(0i64, |value, byte| {
        if byte.is_ascii_digit() {
            Ok(value * 10 + i64::from(byte - b'0'))
        } else {
            Err(ParseTimestampError(
                "invalid character where a digit was expected",
            ))
        }
    })
}

fn expect(bytes: &[u8], position: usize, wanted: u8) -> Result<(), ParseTimestampError> {
    if bytes.get(position) == Some(&wanted) {
        Ok(())
    } else {
        Err(ParseTimestampError("invalid character in date-time"))
    }
}

fn is_leap_year(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
/// `days_from_civil` algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_index = (month + 9) % 12;
    let day_of_year = (153 * month_index + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// Converts days since 1970-01-01 back to a date, inverting [`days_from_civil`].
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let shifted = days + 719_468;
    let era = shifted.div_euclid(146_097);
    let day_of_era = shifted - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_round_trips() {
        let epoch = Timestamp::parse("1970-01-01T00:00:00Z").expect("valid");
        assert_eq!(epoch.unix_micros(), 0);
        assert_eq!(epoch.to_string(), "1970-01-01T00:00:00.000000Z");
    }

    #[test]
    fn offsets_convert_to_utc() {
        let local = Timestamp::parse("2026-12-04T22:30:00.25+02:00").expect("valid");
        assert_eq!(local.to_string(), "2026-12-04T20:30:00.250000Z");
        let west = Timestamp::parse("2026-12-31 23:00:00-05:00").expect("valid");
        assert_eq!(west.to_string(), "2027-01-01T04:00:00.000000Z");
    }

    #[test]
    fn leap_day_is_accepted_only_in_leap_years() {
        assert!(Timestamp::parse("2028-02-29T00:00:00Z").is_ok());
        assert!(Timestamp::parse("2027-02-29T00:00:00Z").is_err());
    }

    #[test]
    fn malformed_inputs_are_rejected() {
        for text in [
            "",
            "2026-12-04",
            "2026-12-04T10:00:00",
            "2026-13-04T10:00:00Z",
            "2026-12-04T24:00:00Z",
            "2026-12-04T10:00:00.Z",
            "2026-12-04T10:00:00+2:00",
            "2026-12-04X10:00:00Z",
            "２026-12-04T10:00:00Z",
        ] {
            assert!(Timestamp::parse(text).is_err(), "{text:?} parsed");
        }
    }

    #[test]
    fn nanoseconds_truncate_to_micros() {
        let stamp = Timestamp::parse("2026-01-02T03:04:05.123456789Z").expect("valid");
        assert_eq!(stamp.to_string(), "2026-01-02T03:04:05.123456Z");
    }

    #[test]
    fn civil_conversion_round_trips_over_centuries() {
        for days in (-800_000..800_000).step_by(997) {
            let (year, month, day) = civil_from_days(days);
            assert_eq!(days_from_civil(year, month, day), days);
        }
    }

    #[test]
    fn serde_uses_rfc3339_strings() {
        let stamp = Timestamp::from_unix_micros(1_700_000_000_123_456);
        let json = serde_json::to_string(&stamp).expect("serializes");
        assert_eq!(json, "\"2023-11-14T22:13:20.123456Z\"");
        let back: Timestamp = serde_json::from_str(&json).expect("deserializes");
        assert_eq!(back, stamp);
    }
}
