//! The one-line verdict at the end of every rendering.

use crate::plan::Plan;

/// What an empty plan says.
pub(crate) const NO_CHANGES: &str = "No changes. Your accounts match the manifests.";

/// `Plan: N to add, N to change, N to destroy.`, or [`NO_CHANGES`].
pub(crate) fn summary_line(plan: &Plan) -> String {
    if plan.is_empty() {
        return NO_CHANGES.to_string();
    }
    let s = plan.summary;
    format!(
        "Plan: {} to add, {} to change, {} to destroy.",
        s.add, s.change, s.destroy
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::fixture_plans::{empty_plan, full_plan};

    #[test]
    fn counts_come_from_the_plan_summary() {
        let mut plan = full_plan();
        plan.summary.add = 3;
        plan.summary.change = 0;
        plan.summary.destroy = 1;
        assert_eq!(
            summary_line(&plan),
            "Plan: 3 to add, 0 to change, 1 to destroy."
        );
    }

    #[test]
    fn empty_plan_says_so() {
        assert_eq!(summary_line(&empty_plan()), NO_CHANGES);
    }
}
