//! Dates in `Date*` conditions: the W3C profile of ISO 8601 (`2026-01`, `2026-01-31`,
//! `2026-01-31T12:00Z`, `2026-01-31T12:00:00.5+02:00`) or epoch seconds (`1769860800`),
//! read as one instant so the two forms compare with each other.

/// A point in time: seconds since 1970-01-01T00:00:00Z and nanoseconds after that.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Instant {
    seconds: i64,
    nanos: u32,
}

/// Reads a date; `None` for text that is neither form (or names no real day).
pub(crate) fn parse_date(text: &str) -> Option<Instant> {
    if let Some(epoch) = parse_epoch(text) {
        return Some(epoch);
    }
    let (date, time) = match text.split_once(['T', 't']) {
        Some((d, t)) => (d, Some(t)),
        None => (text, None),
    };
    let (year, month, day) = parse_calendar_date(date)?;
    let mut seconds = days_from_civil(year, month, day) * 86_400;
    let mut nanos = 0;
    if let Some(time) = time {
        let (clock, offset) = split_offset(time)?;
        let (of_day, n) = parse_clock(clock)?;
        seconds += of_day - offset;
        nanos = n;
    }
    Some(Instant { seconds, nanos })
}

/// `[-]digits[.digits]`: seconds since the epoch.
fn parse_epoch(text: &str) -> Option<Instant> {
    let (negative, unsigned) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    if whole.is_empty() || !all_digits(whole) || !all_digits(fraction) {
        return None;
    }
    let whole: i64 = whole.parse().ok()?;
    let nanos = fraction_nanos(fraction)?;
    Some(match (negative, nanos) {
        (false, _) => Instant {
            seconds: whole,
            nanos,
        },
        (true, 0) => Instant {
            seconds: -whole,
            nanos: 0,
        },
        (true, n) => Instant {
            seconds: -whole - 1,
            nanos: 1_000_000_000 - n,
        },
    })
}

/// `YYYY-MM` or `YYYY-MM-DD`, a real day of a four-digit year.
fn parse_calendar_date(date: &str) -> Option<(i64, u32, u32)> {
    let mut parts = date.split('-');
    let year = fixed_digits(parts.next()?, 4)?;
    let month = fixed_digits(parts.next()?, 2)?;
    let day = match parts.next() {
        Some(d) => fixed_digits(d, 2)?,
        None => 1,
    };
    if parts.next().is_some() || !(1..=12).contains(&month) {
        return None;
    }
    let year = i64::from(year);
    (1..=days_in_month(year, month))
        .contains(&day)
        .then_some((year, month, day))
}

/// `hh:mm`, `hh:mm:ss` or `hh:mm:ss.fraction`: seconds into the day and nanoseconds.
fn parse_clock(clock: &str) -> Option<(i64, u32)> {
    let mut fields = clock.split(':');
    let hours = fixed_digits(fields.next()?, 2)?;
    let minutes = fixed_digits(fields.next()?, 2)?;
    let (seconds, nanos) = match fields.next() {
        Some(s) => {
            let (whole, fraction) = s.split_once('.').unwrap_or((s, ""));
            (fixed_digits(whole, 2)?, fraction_nanos(fraction)?)
        }
        None => (0, 0),
    };
    // 60 is a leap second.
    if fields.next().is_some() || hours > 23 || minutes > 59 || seconds > 60 {
        return None;
    }
    let of_day = i64::from(hours * 3600 + minutes * 60 + seconds);
    Some((of_day, nanos))
}

/// Splits `12:00:00+02:00` into the clock and the offset east of UTC in seconds. A time
/// without a zone designator is read as UTC.
fn split_offset(time: &str) -> Option<(&str, i64)> {
    if let Some(clock) = time.strip_suffix(['Z', 'z']) {
        return Some((clock, 0));
    }
    let Some(at) = time.rfind(['+', '-']) else {
        return Some((time, 0));
    };
    let (clock, zone) = time.split_at(at);
    let sign = if zone.starts_with('-') { -1 } else { 1 };
    let zone = &zone[1..];
    let (h, m) = match zone.split_once(':') {
        Some((h, m)) => (h, m),
        None if zone.len() == 4 => zone.split_at(2),
        None => (zone, "00"),
    };
    let (h, m) = (fixed_digits(h, 2)?, fixed_digits(m, 2)?);
    if h > 23 || m > 59 {
        return None;
    }
    Some((clock, sign * i64::from(h * 3600 + m * 60)))
}

fn all_digits(s: &str) -> bool {
    s.bytes().all(|b| b.is_ascii_digit())
}

/// Exactly `width` ASCII digits.
fn fixed_digits(s: &str, width: usize) -> Option<u32> {
    (s.len() == width && all_digits(s))
        .then(|| s.parse().ok())
        .flatten()
}

/// Fraction digits as nanoseconds; digits past the ninth are dropped.
fn fraction_nanos(fraction: &str) -> Option<u32> {
    if !all_digits(fraction) {
        return None;
    }
    let kept = &fraction[..fraction.len().min(9)];
    let padded = format!("{kept:0<9}");
    padded.parse().ok()
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm);
/// years are four digits, so nothing here can overflow.
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(seconds: i64) -> Option<Instant> {
        Some(Instant { seconds, nanos: 0 })
    }

    #[test]
    fn iso_dates_times_offsets_and_epochs() {
        assert_eq!(parse_date("1970-01-01"), at(0));
        assert_eq!(parse_date("2020-03-01T00:00:00Z"), at(1_583_020_800));
        assert_eq!(parse_date("2020-03"), at(1_583_020_800));
        assert_eq!(parse_date("2020-03-01T00:00Z"), at(1_583_020_800));
        assert_eq!(
            parse_date("2020-03-01T02:00:00+02:00"),
            parse_date("2020-03-01T00:00:00Z")
        );
        assert_eq!(
            parse_date("2020-02-29T19:00:00-0500"),
            parse_date("2020-03-01T00:00:00Z")
        );
        assert_eq!(parse_date("1583020800"), at(1_583_020_800));
        assert_eq!(
            parse_date("2020-03-01T00:00:00.5Z"),
            Some(Instant {
                seconds: 1_583_020_800,
                nanos: 500_000_000
            })
        );
        assert_eq!(
            parse_date("-1.5"),
            Some(Instant {
                seconds: -2,
                nanos: 500_000_000
            })
        );
    }

    #[test]
    fn rejects_what_is_not_a_date() {
        for bad in [
            "yesterday",
            "",
            "2020-13-01",
            "2021-02-29",
            "2020-04-31",
            "20-03-01",
            "2020-3-1",
            "2020-03-01T25:00:00Z",
            "2020-03-01T12:00:00+2:00",
            "2020-03-01T12",
            "1e9",
            "99999999999999999999999",
            "2020-03-01 12:00:00Z",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }
}
