//! The RFC 3339 times IAM reports (`2025-03-01T09:00:00+00:00`, `…Z`, with or without
//! fractions), as seconds since the Unix epoch, so ages in days can be computed.

use serde::{Serialize, Serializer};

use crate::model::{civil_from_days, days_from_civil};

/// A point in time, to the second.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Timestamp {
    /// Seconds since 1970-01-01T00:00:00Z.
    pub unix: i64,
}

const DAY: i64 = 86_400;

impl Timestamp {
    /// Parses `YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM)`.
    pub fn parse(text: &str) -> Option<Timestamp> {
        let b = text.as_bytes();
        if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't' | b' ') {
            return None;
        }
        let num = |from: usize, to: usize| text.get(from..to)?.parse::<i64>().ok();
        let (year, month, day) = (num(0, 4)?, num(5, 7)?, num(8, 10)?);
        let (hour, minute, second) = (num(11, 13)?, num(14, 16)?, num(17, 19)?);
        if !(1..=12).contains(&month) || !(1..=31).contains(&day) || hour > 23 || minute > 59 {
            return None;
        }
        let mut rest = &text[19..];
        if let Some(fraction) = rest.strip_prefix('.') {
            let digits = fraction.chars().take_while(char::is_ascii_digit).count();
            rest = &fraction[digits..];
        }
        let offset = match rest {
            "Z" | "z" => 0,
            _ => {
                let sign = match rest.as_bytes().first()? {
                    b'+' => 1,
                    b'-' => -1,
                    _ => return None,
                };
                let (h, m) = rest[1..].split_once(':')?;
                sign * (h.parse::<i64>().ok()? * 3600 + m.parse::<i64>().ok()? * 60)
            }
        };
        let days = days_from_civil(year, month, day);
        Some(Timestamp {
            unix: days * DAY + hour * 3600 + minute * 60 + second.min(59) - offset,
        })
    }

    /// Whole days from `self` to `later` (negative when `later` is earlier).
    pub fn days_until(self, later: Timestamp) -> i64 {
        (later.unix - self.unix).div_euclid(DAY)
    }

    /// The UTC date, `YYYY-MM-DD`.
    pub fn date(self) -> String {
        let (y, m, d) = civil_from_days(self.unix.div_euclid(DAY));
        format!("{y:04}-{m:02}-{d:02}")
    }
}

impl Serialize for Timestamp {
    /// Written as its UTC date: the audit reasons in days.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.date())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_forms_iam_writes() {
        let z = Timestamp::parse("2025-03-01T09:00:00Z").unwrap();
        assert_eq!(Timestamp::parse("2025-03-01T09:00:00+00:00"), Some(z));
        assert_eq!(Timestamp::parse("2025-03-01T11:00:00.123+02:00"), Some(z));
        assert_eq!(z.unix, 1_740_819_600);
        assert_eq!(z.date(), "2025-03-01");
        assert_eq!(Timestamp::parse("1970-01-01T00:00:00Z").unwrap().unix, 0);
        for bad in [
            "N/A",
            "no_information",
            "2025-13-01T00:00:00Z",
            "2025-03-01",
            "",
        ] {
            assert_eq!(Timestamp::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn counts_whole_days_across_leap_years() {
        let a = Timestamp::parse("2024-02-28T12:00:00Z").unwrap();
        let b = Timestamp::parse("2024-03-01T11:59:59Z").unwrap();
        assert_eq!(a.days_until(b), 1);
        assert_eq!(b.date(), "2024-03-01");
        assert_eq!(
            Timestamp::parse("2000-02-29T00:00:00Z").unwrap().date(),
            "2000-02-29"
        );
    }
}
