//! Dates in conditions: ISO 8601 (`2026-01-31`, `2026-01-31T12:00:00Z`, with an offset or
//! fractional seconds) or epoch seconds, compared as seconds since 1970.

/// Seconds since the Unix epoch, or `None` for text that is no date.
pub fn parse_epoch_seconds(text: &str) -> Option<f64> {
    let t = text.trim();
    if let Ok(n) = t.parse::<f64>() {
        return Some(n);
    }
    let (date, time) = match t.split_once(['T', 't', ' ']) {
        Some((d, rest)) => (d, Some(rest)),
        None => (t, None),
    };
    let mut parts = date.split('-');
    let year: i64 = parts.next()?.parse().ok()?;
    let month: u32 = parts.next()?.parse().ok()?;
    let day: u32 = parts.next()?.parse().ok()?;
    if parts.next().is_some() || !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let mut seconds = days_from_civil(year, month, day) as f64 * 86_400.0;
    if let Some(time) = time {
        let (clock, offset) = split_offset(time)?;
        let mut fields = clock.split(':');
        let h: f64 = fields.next()?.parse().ok()?;
        let m: f64 = fields.next().map_or(Some(0.0), |s| s.parse().ok())?;
        let s: f64 = fields.next().map_or(Some(0.0), |s| s.parse().ok())?;
        seconds += h * 3600.0 + m * 60.0 + s - offset;
    }
    Some(seconds)
}

/// Splits `12:00:00+02:00` into the clock and the offset in seconds.
fn split_offset(time: &str) -> Option<(&str, f64)> {
    if let Some(clock) = time.strip_suffix(['Z', 'z']) {
        return Some((clock, 0.0));
    }
    match time.rfind(['+', '-']) {
        Some(i) => {
            let (clock, off) = time.split_at(i);
            let sign = if off.starts_with('-') { -1.0 } else { 1.0 };
            let digits = off[1..].replace(':', "");
            let (h, m) = digits.split_at(digits.len().min(2));
            let h: f64 = h.parse().ok()?;
            let m: f64 = if m.is_empty() { 0.0 } else { m.parse().ok()? };
            Some((clock, sign * (h * 3600.0 + m * 60.0)))
        }
        None => Some((time, 0.0)),
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = month as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_dates_times_offsets_and_epochs() {
        assert_eq!(parse_epoch_seconds("1970-01-01"), Some(0.0));
        assert_eq!(
            parse_epoch_seconds("2020-03-01T00:00:00Z"),
            Some(1_583_020_800.0)
        );
        assert_eq!(
            parse_epoch_seconds("2020-03-01T02:00:00+02:00"),
            parse_epoch_seconds("2020-03-01T00:00:00Z")
        );
        assert_eq!(parse_epoch_seconds("1583020800"), Some(1_583_020_800.0));
        assert_eq!(
            parse_epoch_seconds("2020-03-01T00:00:00.5Z"),
            Some(1_583_020_800.5)
        );
        assert_eq!(parse_epoch_seconds("yesterday"), None);
        assert_eq!(parse_epoch_seconds("2020-13-01"), None);
    }
}
