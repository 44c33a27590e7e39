//! The warning a targeted plan (`plan --target`) carries at its top, as Terraform's
//! does: the plan may not hold every change the manifests need, how much of the whole
//! plan it leaves out (changes, and principals whose access change it does not show),
//! and what targeting is for. Text and Markdown share these words; the summary line
//! repeats the count, so the end of the plan says it too.

use std::fmt::Write as _;

use crate::plan::{Plan, Targeting};

use super::markdown_escape::{code_span, shorten};
use super::terminal_text::{WARNING, paint, terminal_safe};

/// The warning's title, Terraform's words.
pub(crate) const TITLE: &str = "Resource targeting is in effect";

/// What targeting is for (fixed words: safe in text and Markdown alike).
pub(crate) const ADVICE: &str = "Use `--target` only to recover from mistakes or to stage a \
     rollout; run `iamform plan` without it to see every change.";

/// Targets named in text before the rest are counted.
const TARGETS_LISTED: usize = 20;

/// `1 other change is left out` / `5 other changes are left out`.
fn changes_left_out(n: usize) -> String {
    match n {
        0 => "no other change is left out".to_string(),
        1 => "1 other change is left out".to_string(),
        n => format!("{n} other changes are left out"),
    }
}

/// What the plan leaves out, as one sentence.
pub(crate) fn left_out_sentence(targeting: &Targeting) -> String {
    let mut out = format!(
        "This plan may not show every change the manifests need: {}",
        changes_left_out(targeting.left_out)
    );
    match targeting.access_left_out {
        0 => {}
        1 => out.push_str(
            ", and the whole plan changes the access of 1 principal in a way this plan \
             does not show",
        ),
        n => {
            let _ = write!(
                out,
                ", and the whole plan changes the access of {n} principals in ways this \
                 plan does not show"
            );
        }
    }
    out.push('.');
    out
}

/// `role/deployer, prod:user/alice and 3 more`, each target passed through `show`.
pub(crate) fn target_list(
    targeting: &Targeting,
    listed: usize,
    show: impl Fn(&str) -> String,
) -> String {
    let shown: Vec<String> = targeting
        .targets
        .iter()
        .take(listed)
        .map(|t| show(t))
        .collect();
    let mut out = shown.join(", ");
    if targeting.targets.len() > listed {
        let _ = write!(out, " and {} more", targeting.targets.len() - listed);
    }
    out
}

/// The end of the summary line: ` 5 other changes left out by --target.`
pub(crate) fn summary_suffix(targeting: &Targeting) -> String {
    match targeting.left_out {
        1 => " 1 other change left out by --target.".to_string(),
        n => format!(" {n} other changes left out by --target."),
    }
}

/// The warning as text lines for a terminal, ending in a blank line.
pub(crate) fn write_text(out: &mut String, plan: &Plan, color: bool) {
    let Some(targeting) = &plan.targeting else {
        return;
    };
    let targets = target_list(targeting, TARGETS_LISTED, |t| terminal_safe(t).into_owned());
    let _ = writeln!(
        out,
        "{} {TITLE} ({targets}).\n  {}\n  {ADVICE}\n",
        paint("Warning:", WARNING, color),
        left_out_sentence(targeting)
    );
}

/// The warning as a Markdown alert; `listed` targets are named (0: only counted), each
/// cut to `name_chars`.
pub(crate) fn markdown_alert(targeting: &Targeting, listed: usize, name_chars: usize) -> String {
    let targets = if listed == 0 {
        match targeting.targets.len() {
            1 => "1 target".to_string(),
            n => format!("{n} targets"),
        }
    } else {
        target_list(targeting, listed, |t| code_span(&shorten(t, name_chars)))
    };
    format!(
        "> [!WARNING]\n> **{TITLE}** ({targets}). {} {ADVICE}\n\n",
        left_out_sentence(targeting)
    )
}

/// A targeted plan's warning as uncoloured lines with no `Warning:` prefix (each caller
/// writes its own), control characters in targets made visible since a saved plan may
/// come from anyone; nothing for a whole plan. For `apply PLAN.json`, and for stderr
/// beside `--format json`.
pub fn targeting_warning(plan: &Plan) -> Option<String> {
    let targeting = plan.targeting.as_ref()?;
    Some(format!(
        "{TITLE} ({}).\n{}\n{ADVICE}",
        target_list(targeting, TARGETS_LISTED, |t| terminal_safe(t).into_owned()),
        left_out_sentence(targeting)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::fixture_plans::{empty_plan, full_plan};
    use crate::render::{MarkdownOptions, TextOptions, markdown_with, text};

    fn targeted(mut plan: Plan, left_out: usize, access_left_out: usize) -> Plan {
        plan.targeting = Some(Targeting {
            targets: vec!["role/api".into(), "prod:user/\u{1b}[2Jalice".into()],
            left_out,
            access_left_out,
        });
        plan
    }

    #[test]
    fn text_starts_with_the_warning_and_the_summary_counts_what_is_left_out() {
        let out = text(&targeted(full_plan(), 5, 3), &TextOptions::default());
        assert!(
            out.starts_with(
                "Warning: Resource targeting is in effect (role/api, prod:user/\\u{1b}[2Jalice).\n  \
                 This plan may not show every change the manifests need: 5 other changes are \
                 left out, and the whole plan changes the access of 3 principals in ways this \
                 plan does not show.\n  Use `--target` only"
            ),
            "{out}"
        );
        assert!(
            out.ends_with("(29 operations). 5 other changes left out by --target.\n"),
            "{out}"
        );
        let whole = text(&full_plan(), &TextOptions::default());
        assert!(!whole.contains(TITLE));
    }

    #[test]
    fn an_empty_targeted_plan_does_not_say_the_accounts_match() {
        let out = text(&targeted(empty_plan(), 1, 0), &TextOptions::default());
        assert!(out.contains(": 1 other change is left out.\n"), "{out}");
        assert!(
            out.ends_with("No changes to the targets. 1 other change left out by --target.\n"),
            "{out}"
        );
        assert!(!out.contains("Your accounts match"));
    }

    #[test]
    fn markdown_puts_the_alert_first_at_every_budget() {
        let plan = targeted(full_plan(), 1, 1);
        let md = markdown_with(&plan, &MarkdownOptions::default());
        assert!(
            md.starts_with(
                "## iamform plan\n\n> [!WARNING]\n> **Resource targeting is in effect** \
                 (`role/api`, `prod:user/\\u{1b}[2Jalice`). This plan may not show every change \
                 the manifests need: 1 other change is left out, and the whole plan changes the \
                 access of 1 principal in a way this plan does not show. Use `--target`"
            ),
            "{md}"
        );
        let small = markdown_with(&plan, &MarkdownOptions { max_chars: 2_000 });
        assert!(
            small.contains("**Resource targeting is in effect**"),
            "{small}"
        );
        assert!(
            small.contains("1 other change left out by --target."),
            "{small}"
        );
    }

    #[test]
    fn the_plain_warning_is_for_targeted_plans_only() {
        assert_eq!(targeting_warning(&full_plan()), None);
        let warning = targeting_warning(&targeted(full_plan(), 0, 0)).unwrap();
        assert!(
            warning.starts_with(
                "Resource targeting is in effect (role/api, prod:user/\\u{1b}[2Jalice)."
            )
        );
        assert!(
            warning.contains("no other change is left out."),
            "{warning}"
        );
    }

    #[test]
    fn long_target_lists_are_counted() {
        let targeting = Targeting {
            targets: (0..25).map(|i| format!("user/u{i}")).collect(),
            left_out: 0,
            access_left_out: 0,
        };
        let list = target_list(&targeting, TARGETS_LISTED, str::to_string);
        assert!(list.ends_with("user/u19 and 5 more"), "{list}");
        assert!(markdown_alert(&targeting, 0, 10).contains("(25 targets)"));
    }
}
