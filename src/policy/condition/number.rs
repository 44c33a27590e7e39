//! Numbers in `Numeric*` conditions: an integer or a decimal, compared exactly.
//!
//! The digits are kept as text and compared digit by digit, so any length compares
//! correctly, in linear time, without the rounding a float would bring
//! (`9007199254740993` ≠ `9007199254740992`).

use std::cmp::Ordering;

/// A decimal number read from a condition value: `10`, `-3`, `2.50`, `.5`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Decimal<'a> {
    negative: bool,
    /// Integer digits without leading zeros (empty for zero).
    whole: &'a str,
    /// Fraction digits without trailing zeros.
    fraction: &'a str,
}

impl<'a> Decimal<'a> {
    /// Reads `[+-]digits[.digits]` (at least one digit); `None` for anything else,
    /// including exponents, `NaN`, `Infinity` and surrounding spaces.
    pub(crate) fn parse(text: &'a str) -> Option<Decimal<'a>> {
        let (negative, unsigned) = match text.as_bytes().first() {
            Some(b'-') => (true, &text[1..]),
            Some(b'+') => (false, &text[1..]),
            _ => (false, text),
        };
        let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if whole.len() + fraction.len() == 0 || !digits(whole) || !digits(fraction) {
            return None;
        }
        let whole = whole.trim_start_matches('0');
        let fraction = fraction.trim_end_matches('0');
        let zero = whole.is_empty() && fraction.is_empty();
        Some(Decimal {
            negative: negative && !zero,
            whole,
            fraction,
        })
    }

    fn magnitude_cmp(&self, other: &Decimal<'_>) -> Ordering {
        self.whole
            .len()
            .cmp(&other.whole.len())
            .then_with(|| self.whole.cmp(other.whole))
            // Without trailing zeros, fraction digits order as text does.
            .then_with(|| self.fraction.cmp(other.fraction))
    }
}

impl Ord for Decimal<'_> {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self.negative, other.negative) {
            (false, true) => Ordering::Greater,
            (true, false) => Ordering::Less,
            (false, false) => self.magnitude_cmp(other),
            (true, true) => other.magnitude_cmp(self),
        }
    }
}

impl PartialOrd for Decimal<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cmp(a: &str, b: &str) -> Ordering {
        Decimal::parse(a).unwrap().cmp(&Decimal::parse(b).unwrap())
    }

    #[test]
    fn reads_integers_and_decimals_only() {
        for good in ["0", "10", "-3", "+3", "2.50", ".5", "5.", "007"] {
            assert!(Decimal::parse(good).is_some(), "{good}");
        }
        for bad in [
            "", "-", ".", "1e3", "NaN", "inf", " 1", "1 ", "1,5", "0x10", "1.2.3",
        ] {
            assert!(Decimal::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn compares_exactly() {
        assert_eq!(cmp("10", "9.99"), Ordering::Greater);
        assert_eq!(cmp("2.50", "2.5"), Ordering::Equal);
        assert_eq!(cmp("-0", "0.000"), Ordering::Equal);
        assert_eq!(cmp("-3", "-2"), Ordering::Less);
        assert_eq!(cmp("0.45", ".5"), Ordering::Less);
        assert_eq!(
            cmp("9007199254740993", "9007199254740992"),
            Ordering::Greater
        );
        let huge = "9".repeat(100_000);
        assert_eq!(cmp(&huge, "1"), Ordering::Greater);
    }
}
