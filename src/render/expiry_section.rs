//! The plan's expiry notices: entries whose `expires:` passed (removed by this plan, or
//! never created), and entries ending within the notice window, which show even when
//! nothing else about them changes.

use std::fmt::Write as _;

use crate::plan::{ExpiryNote, Plan};

use super::markdown_escape::inline_escape;
use super::terminal_text::{BOLD, WARNING, paint, terminal_safe};

/// One notice: its label (`expired`, `expiring`) and its sentence (raw: renderers escape).
fn notices(plan: &Plan) -> Vec<(&'static str, String)> {
    let Some(expiry) = &plan.expiry else {
        return Vec::new();
    };
    let expired = expiry.expired.iter().map(|n| ("expired", expired_line(n)));
    let expiring = expiry.expiring.iter().map(|n| {
        let days = n.days_left.unwrap_or_default();
        let unit = if days == 1 { "day" } else { "days" };
        let line = format!(
            "{}: {} expires in {days} {unit} (at {})",
            n.account, n.target, n.at
        );
        ("expiring", line)
    });
    expired.chain(expiring).collect()
}

fn expired_line(n: &ExpiryNote) -> String {
    let fate = match (n.changes.is_empty(), n.in_account) {
        (false, _) => "this plan removes it",
        (true, false) => "not in the account, so not created",
        (true, true) => "still in the account: this plan does not remove it",
    };
    format!("{}: {} expired at {}; {fate}", n.account, n.target, n.at)
}

fn heading(plan: &Plan) -> String {
    let now = plan
        .expiry
        .as_ref()
        .map(|e| e.now.to_string())
        .unwrap_or_default();
    format!("Expiry (clock {now})")
}

/// The section for a terminal, nothing when there is no notice.
pub(crate) fn write_text(out: &mut String, plan: &Plan, color: bool) {
    let notices = notices(plan);
    if notices.is_empty() {
        return;
    }
    let _ = writeln!(out, "{}", paint(&heading(plan), BOLD, color));
    for (label, line) in &notices {
        let label = paint(&format!("{label:<8}"), WARNING, color);
        let _ = writeln!(out, "  {label}  {}", terminal_safe(line));
    }
    out.push('\n');
}

/// The section for Markdown, listing at most `listed` notices (the rest counted).
pub(crate) fn write_markdown(out: &mut String, plan: &Plan, listed: usize) {
    let notices = notices(plan);
    if notices.is_empty() {
        return;
    }
    let _ = writeln!(out, "### {}\n", inline_escape(&heading(plan)));
    for (label, line) in notices.iter().take(listed) {
        let _ = writeln!(out, "- **{label}** {}", inline_escape(line));
    }
    if notices.len() > listed {
        let _ = writeln!(out, "- … and {} more", notices.len() - listed);
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use crate::model::{EntityKind, EntityRef, ExpiryTarget, UtcTime};
    use crate::plan::{ExpiryNote, PlanExpiry};
    use crate::render::fixture_plans::empty_plan;
    use crate::render::{TextOptions, markdown, text};

    fn time(text: &str) -> UtcTime {
        UtcTime::parse_rfc3339(text).unwrap()
    }

    fn plan_with(name: &str, days: i64) -> crate::plan::Plan {
        let mut plan = empty_plan();
        plan.expiry = Some(PlanExpiry {
            now: time("2026-12-30T00:00:00Z"),
            notice_days: 30,
            expired: vec![ExpiryNote {
                account: "prod".into(),
                target: ExpiryTarget::Link {
                    name: "old-link".into(),
                },
                at: time("2026-12-01T00:00:00Z"),
                days_left: None,
                changes: Vec::new(),
                in_account: false,
            }],
            expiring: vec![ExpiryNote {
                account: "prod".into(),
                target: ExpiryTarget::Entity {
                    entity: EntityRef::new(EntityKind::Role, name),
                },
                at: time("2026-12-31T00:00:00Z"),
                days_left: Some(days),
                changes: Vec::new(),
                in_account: false,
            }],
        });
        plan
    }

    #[test]
    fn notices_show_in_a_plan_without_changes() {
        let out = text(&plan_with("temp", 1), &TextOptions::default());
        assert_eq!(
            out.lines().take(3).collect::<Vec<_>>(),
            [
                "Expiry (clock 2026-12-30T00:00:00Z)",
                "  expired   prod: link old-link expired at 2026-12-01T00:00:00Z; not in the account, so not created",
                "  expiring  prod: role temp expires in 1 day (at 2026-12-31T00:00:00Z)",
            ]
        );
        assert!(out.ends_with("No changes. Your accounts match the manifests.\n"));
        let md = markdown(&plan_with("temp", 2));
        assert!(
            md.contains(
                "- **expiring** prod: role temp expires in 2 days \\(at 2026-12-31T00:00:00Z\\)"
            ),
            "{md}"
        );
    }

    #[test]
    fn hostile_names_in_a_saved_plan_stay_text() {
        let plan = plan_with("evil\u{1b}]0;pwned\u{7}", 3);
        let out = text(&plan, &TextOptions { color: true });
        assert!(!out.contains("\u{1b}]"), "{out:?}");
        let md = markdown(&plan_with("<img src=x>", 3));
        assert!(!md.contains("<img"), "{md}");
    }
}
