//! ISO 8601 durations as Identity Center writes session durations (`PT8H`, `PT1H30M`).

/// Seconds in an ISO 8601 time duration `PT…H…M…S`; `None` for anything else (days,
/// months and fractions are not session lengths Identity Center accepts).
pub fn iso_duration_seconds(text: &str) -> Option<u64> {
    let rest = text.strip_prefix("PT")?;
    if rest.is_empty() || rest.len() > 32 {
        return None;
    }
    let mut total: u64 = 0;
    let mut digits = String::new();
    let mut last_unit = 0;
    for c in rest.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        let (rank, unit) = match c {
            'H' => (1, 3600),
            'M' => (2, 60),
            'S' => (3, 1),
            _ => return None,
        };
        // Units appear once each, largest first.
        if rank <= last_unit || digits.is_empty() {
            return None;
        }
        last_unit = rank;
        let n: u64 = digits.parse().ok()?;
        total = total.checked_add(n.checked_mul(unit)?)?;
        digits.clear();
    }
    digits.is_empty().then_some(total)
}

/// The shortest ISO 8601 form of `seconds` (`PT8H`, `PT1H30M`, `PT0S`).
pub fn iso_duration(seconds: u64) -> String {
    let (h, m, s) = (seconds / 3600, seconds % 3600 / 60, seconds % 60);
    let mut out = String::from("PT");
    if h > 0 {
        out.push_str(&format!("{h}H"));
    }
    if m > 0 {
        out.push_str(&format!("{m}M"));
    }
    if s > 0 || seconds == 0 {
        out.push_str(&format!("{s}S"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    // Session durations are ISO 8601 time durations:
    // https://docs.aws.amazon.com/singlesignon/latest/APIReference/API_CreatePermissionSet.html
    #[test]
    fn reads_time_durations() {
        assert_eq!(iso_duration_seconds("PT8H"), Some(28800));
        assert_eq!(iso_duration_seconds("PT1H30M"), Some(5400));
        assert_eq!(iso_duration_seconds("PT90M"), Some(5400));
        assert_eq!(iso_duration_seconds("PT3600S"), Some(3600));
        for bad in ["P1D", "PT", "PT1M1H", "PTH", "PT1.5H", "8h", "PT1H1H", ""] {
            assert_eq!(iso_duration_seconds(bad), None, "{bad}");
        }
    }

    #[test]
    fn writes_the_shortest_form() {
        assert_eq!(iso_duration(28800), "PT8H");
        assert_eq!(iso_duration(5400), "PT1H30M");
        assert_eq!(iso_duration(3661), "PT1H1M1S");
        assert_eq!(iso_duration(0), "PT0S");
        assert_eq!(iso_duration_seconds(&iso_duration(43200)), Some(43200));
    }
}
