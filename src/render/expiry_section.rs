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
    let fate = if n.changes.is_empty() {
        "not in the account, so not created"
    } else {
        "this plan removes it"
    };
    format!("{}: {} expired at {}; {fate}", n.account, n.target, n.at)
}

fn heading(plan: &Plan) -> String {
    let now = plan.expiry.as_ref().map(|e| e.now.to_string()).unwrap_or_default();
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
