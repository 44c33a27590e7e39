//! The `Date*` operators' comparison: both sides are read as instants, so an ISO 8601
//! date and epoch seconds compare with each other (`aws:EpochTime` against a policy's
//! `2026-01-01T00:00:00Z`). See
//! <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Date>.

use std::cmp::Ordering;

use crate::policy::condition::parse_date;

/// How the request's date compares with the policy's; `None` when either is no date.
pub(super) fn compare_dates(request: &str, policy: &str) -> Option<Ordering> {
    Some(parse_date(request)?.cmp(&parse_date(policy)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_and_epoch_forms_compare_with_each_other() {
        assert_eq!(
            compare_dates("1583020800", "2020-03-01T00:00:00Z"),
            Some(Ordering::Equal)
        );
        assert_eq!(
            compare_dates("2020-03-01T00:00:01Z", "2020-03-01"),
            Some(Ordering::Greater)
        );
        assert_eq!(
            compare_dates("2020-03-01T01:00:00+02:00", "2020-03-01"),
            Some(Ordering::Less)
        );
        assert_eq!(compare_dates("soon", "2020-03-01"), None);
        assert_eq!(compare_dates("2020-03-01", "soon"), None);
    }
}
