//! An instant in UTC, to the second: when manifest entries expire and the clock a plan
//! was computed at. Parsed strictly (real calendar dates, offsets within a day), so a
//! typo is an error rather than a different day.

use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

const DAY: i64 = 86_400;

/// Seconds since 1970-01-01T00:00:00Z; shown as RFC 3339 in UTC (`2027-01-01T00:00:00Z`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UtcTime {
    /// Seconds since the Unix epoch.
    pub unix: i64,
}

impl UtcTime {
    /// An `expires:` value: a date `YYYY-MM-DD` means valid through that day in UTC, so
    /// it expires at 00:00:00Z of the next day; otherwise an RFC 3339 time with `Z` or an
    /// offset (`2026-12-31T18:00:00+02:00`; fractions of a second are dropped).
    pub fn parse_expiry(text: &str) -> Option<UtcTime> {
        if text.len() == 10 {
            let days = parse_date(text)?;
            return Some(UtcTime {
                unix: (days + 1) * DAY,
            });
        }
        UtcTime::parse_rfc3339(text)
    }

    /// `YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM)`; `t`, `z` and a space separator accepted.
    pub fn parse_rfc3339(text: &str) -> Option<UtcTime> {
        let days = parse_date(text.get(..10)?)?;
        let rest = text.get(10..)?;
        let rest = rest
            .strip_prefix(['T', 't', ' '])
            .filter(|r| r.len() >= 9 && r.as_bytes()[2] == b':' && r.as_bytes()[5] == b':')?;
        let hour = digits(rest.get(..2)?, 23)?;
        let minute = digits(rest.get(3..5)?, 59)?;
        // A leap second (`:60`) is read as the last second of its minute.
        let second = digits(rest.get(6..8)?, 60)?.min(59);
        let mut zone = rest.get(8..)?;
        if let Some(fraction) = zone.strip_prefix('.') {
            let n = fraction.bytes().take_while(u8::is_ascii_digit).count();
            if n == 0 {
                return None;
            }
            zone = &fraction[n..];
        }
        let offset = match zone {
            "Z" | "z" => 0,
            _ => {
                let sign = match zone.as_bytes().first()? {
                    b'+' => 1,
                    b'-' => -1,
                    _ => return None,
                };
                let z = zone.get(1..)?;
                if z.len() != 5 || z.as_bytes()[2] != b':' {
                    return None;
                }
                sign * (digits(&z[..2], 23)? * 3600 + digits(&z[3..], 59)? * 60)
            }
        };
        Some(UtcTime {
            unix: days * DAY + hour * 3600 + minute * 60 + second - offset,
        })
    }

    /// Whole days left from `self` until `later`, rounded up: 1 for anything within the
    /// next 24 hours, 0 or less when `later` is not after `self`.
    pub fn days_until(self, later: UtcTime) -> i64 {
        (later.unix - self.unix + DAY - 1).div_euclid(DAY)
    }
}

/// ASCII digits only, at most `max`.
fn digits(text: &str, max: i64) -> Option<i64> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse::<i64>().ok().filter(|n| *n <= max)
}

/// `YYYY-MM-DD` (a real calendar date, years 1–9999) as days since 1970-01-01.
fn parse_date(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let year = digits(&text[..4], 9999).filter(|y| *y >= 1)?;
    let month = digits(&text[5..7], 12).filter(|m| *m >= 1)?;
    let day = digits(&text[8..10], days_in_month(year, month)).filter(|d| *d >= 1)?;
    Some(days_from_civil(year, month, day))
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

// Howard Hinnant's days-from-civil and its inverse (proleptic Gregorian calendar), also
// the audit's dates (`audit::timestamp`).
pub(crate) fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

pub(crate) fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (
        if m <= 2 {
            yoe + era * 400 + 1
        } else {
            yoe + era * 400
        },
        m,
        d,
    )
}

impl fmt::Display for UtcTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = civil_from_days(self.unix.div_euclid(DAY));
        let s = self.unix.rem_euclid(DAY);
        write!(
            f,
            "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
            s / 3600,
            s / 60 % 60,
            s % 60
        )
    }
}

impl Serialize for UtcTime {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for UtcTime {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<UtcTime, D::Error> {
        let text = String::deserialize(d)?;
        UtcTime::parse_rfc3339(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("not an RFC 3339 time: {text:?}")))
    }
}

impl JsonSchema for UtcTime {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "UtcTime".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "An RFC 3339 time in UTC, e.g. `2027-01-01T00:00:00Z`.",
            "type": "string",
            "format": "date-time"
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> String {
        UtcTime::parse_expiry(text).map_or_else(|| "invalid".to_string(), |t| t.to_string())
    }

    #[test]
    fn a_date_is_valid_through_that_day_in_utc() {
        assert_eq!(at("2026-12-31"), "2027-01-01T00:00:00Z");
        assert_eq!(at("2024-02-29"), "2024-03-01T00:00:00Z");
        assert_eq!(at("1970-01-01"), "1970-01-02T00:00:00Z");
    }

    #[test]
    fn times_with_offsets_are_converted_to_utc() {
        assert_eq!(at("2026-12-31T18:30:00Z"), "2026-12-31T18:30:00Z");
        assert_eq!(at("2026-12-31T18:30:00+02:00"), "2026-12-31T16:30:00Z");
        assert_eq!(at("2026-12-31T23:30:00-01:00"), "2027-01-01T00:30:00Z");
        assert_eq!(at("2026-12-31t18:30:00.123z"), "2026-12-31T18:30:00Z");
        assert_eq!(at("2026-12-31 18:30:00Z"), "2026-12-31T18:30:00Z");
    }

    #[test]
    fn impossible_dates_and_malformed_times_are_rejected() {
        for bad in [
            "2026-02-29",
            "2026-13-01",
            "2026-04-31",
            "2026-00-10",
            "0000-01-01",
            "26-12-31",
            "2026/12/31",
            "2026-12-31T24:00:00Z",
            "2026-12-31T18:30:00",
            "2026-12-31T18:30Z",
            "2026-12-31T18:30:00+2:00",
            "2026-12-31T18:30:00+24:00",
            "2026-12-31T18:30:00.Z",
            "2026-12-31T18:30:00Zjunk",
            "+2026-12-31",
            "2026-12-3１",
            "",
            "tomorrow",
        ] {
            assert_eq!(at(bad), "invalid", "{bad}");
        }
    }

    #[test]
    fn days_left_round_up() {
        let now = UtcTime::parse_rfc3339("2026-12-01T12:00:00Z").unwrap();
        let end = UtcTime::parse_expiry("2026-12-01").unwrap();
        assert_eq!(now.days_until(end), 1);
        assert_eq!(
            now.days_until(UtcTime {
                unix: end.unix + DAY
            }),
            2
        );
        assert_eq!(now.days_until(now), 0);
        assert_eq!(now.days_until(UtcTime { unix: now.unix - 1 }), 0);
    }

    #[test]
    fn round_trips_through_json() {
        let t = UtcTime::parse_expiry("2026-12-31").unwrap();
        let json = serde_json::to_string(&t).unwrap();
        assert_eq!(json, "\"2027-01-01T00:00:00Z\"");
        assert_eq!(serde_json::from_str::<UtcTime>(&json).unwrap(), t);
    }
}
