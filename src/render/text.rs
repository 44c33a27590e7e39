//! The plan for a terminal: a targeted plan's warning, an incomplete plan's unread accounts, accounts, entities with their sub-changes, document diffs,
//! expiry notices, effective access, policy findings, ignored entities, warnings, the AWS data it was
//! checked against and the summary line.

use std::fmt::Write as _;

use crate::diff::AccountKey;
use crate::plan::{IgnoredEntity, Plan};

use super::access_section::{PRINCIPALS_LISTED, access_blocks, broadening_note, narrowing_note};
use super::detail::Detail;
use super::document_diff::{DiffLine, DiffLineKind};
use super::expiry_section;
use super::findings_section;
use super::incomplete_note;
use super::link_view::{LinkView, link_views};
use super::plan_view::{AccountView, EntityView, account_views};
use super::summary_line::summary_line;
use super::targeting_note;
use super::terminal_text::{ADDED, BOLD, HUNK, REMOVED, WARNING, paint, terminal_safe};

/// How to render text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TextOptions {
    /// Emit ANSI colors; the caller decides (a TTY, and `NO_COLOR` unset).
    pub color: bool,
}

/// Ignored entities listed by name before the rest are only counted.
const IGNORED_LISTED: usize = 20;

/// The plan as terminal text, ending in the summary line.
pub fn text(plan: &Plan, options: &TextOptions) -> String {
    let color = options.color;
    let mut out = String::new();
    targeting_note::write_text(&mut out, plan, color);
    incomplete_note::write_text(&mut out, plan, color);
    if !plan.is_empty() {
        for view in account_views(plan) {
            write_account(&mut out, &view, color);
        }
        write_links(&mut out, &link_views(plan), color);
    }
    expiry_section::write_text(&mut out, plan, color);
    write_access(&mut out, plan, color);
    findings_section::write_text(&mut out, plan, color);
    if !plan.ignored.is_empty() {
        let _ = writeln!(
            out,
            "{}\n",
            ignored_line(&plan.ignored, plan.accounts.len() > 1)
        );
    }
    for warning in &plan.warnings {
        let _ = writeln!(
            out,
            "{} {}",
            paint("Warning:", WARNING, color),
            terminal_safe(warning)
        );
    }
    if !plan.warnings.is_empty() {
        out.push('\n');
    }
    if let Some(data) = &plan.aws_data {
        let _ = writeln!(out, "AWS data: {}", terminal_safe(&data.to_string()));
    }
    let _ = writeln!(out, "{}", paint(&summary_line(plan), BOLD, color));
    out
}

/// The effective-access section: who gains or loses what, one line each, with the
/// breakdown by service beneath.
fn write_access(out: &mut String, plan: &Plan, color: bool) {
    let blocks = access_blocks(plan);
    if blocks.is_empty() {
        return;
    }
    for note in [broadening_note(plan), narrowing_note(plan)]
        .into_iter()
        .flatten()
    {
        let _ = writeln!(out, "{}", paint(&terminal_safe(&note), WARNING, color));
    }
    let _ = writeln!(out, "{}", paint("Effective access:", BOLD, color));
    for block in blocks.iter().take(PRINCIPALS_LISTED) {
        let _ = writeln!(out, "  {}", signed(&block.line(), color));
        for line in &block.breakdown {
            let _ = writeln!(out, "      {}", signed(line, color));
        }
        for note in &block.notes {
            let _ = writeln!(out, "      {}", terminal_safe(note));
        }
    }
    if blocks.len() > PRINCIPALS_LISTED {
        let _ = writeln!(
            out,
            "  … and {} more principals",
            blocks.len() - PRINCIPALS_LISTED
        );
    }
    out.push('\n');
}

/// A `+`/`-` line in the diff colors.
fn signed(line: &str, color: bool) -> String {
    match line.chars().next() {
        Some('+') => paint(&terminal_safe(line), ADDED, color),
        Some('-') => paint(&terminal_safe(line), REMOVED, color),
        _ => terminal_safe(line).into_owned(),
    }
}

fn account_title(account: &AccountKey) -> String {
    format!(
        "Account {} ({})",
        terminal_safe(&account.name),
        terminal_safe(&account.id)
    )
}

fn write_account(out: &mut String, view: &AccountView<'_>, color: bool) {
    let title = paint(&account_title(view.account), BOLD, color);
    match (view.entities.is_empty(), shared_note(view)) {
        (true, None) => {
            let _ = writeln!(out, "{title}: no changes.\n");
            return;
        }
        (true, Some(note)) => {
            let _ = writeln!(out, "{title}: {note}\n");
            return;
        }
        (false, note) => {
            let _ = writeln!(out, "{title}\n");
            if let Some(note) = note {
                let _ = writeln!(out, "  {note}\n");
            }
        }
    }
    for entity in &view.entities {
        write_entity(out, entity, color);
        out.push('\n');
    }
}

/// "2 entities change as in other accounts (shown with dev-1)": what an account shares.
pub(crate) fn shared_note(view: &AccountView<'_>) -> Option<String> {
    let (_, first) = view.shown_with.first()?;
    let n = view.shown_with.len();
    let with: Vec<&str> = {
        let mut w: Vec<&str> = view.shown_with.iter().map(|(_, a)| *a).collect();
        w.sort_unstable();
        w.dedup();
        w
    };
    let entities = if n == 1 {
        "entity changes"
    } else {
        "entities change"
    };
    let shown = if with.len() == 1 {
        terminal_safe(first).into_owned()
    } else {
        format!("{} and others", terminal_safe(with[0]))
    };
    Some(format!(
        "{n} {entities} as in other accounts (shown with {shown})"
    ))
}

fn write_links(out: &mut String, links: &[LinkView], color: bool) {
    if links.is_empty() {
        return;
    }
    let _ = writeln!(out, "{}\n", paint("Links", BOLD, color));
    for link in links {
        let _ = writeln!(out, "  {}", terminal_safe(&link.headline));
        for (half, line) in &link.lines {
            let _ = writeln!(out, "      {half}  {}", terminal_safe(line));
        }
        out.push('\n');
    }
}

fn write_entity(out: &mut String, entity: &EntityView<'_>, color: bool) {
    let marker = entity.marker;
    let _ = writeln!(
        out,
        "  {} {}",
        paint(marker.symbol(), marker.style(), color),
        terminal_safe(&entity.headline())
    );
    for detail in &entity.details {
        write_detail(out, detail, color);
    }
}

fn write_detail(out: &mut String, detail: &Detail, color: bool) {
    let marker = detail.marker;
    let _ = writeln!(
        out,
        "      {} {}",
        paint(marker.symbol(), marker.style(), color),
        terminal_safe(&detail.text)
    );
    for line in &detail.document {
        let _ = writeln!(out, "          {}", diff_line(line, color));
    }
}

fn diff_line(line: &DiffLine, color: bool) -> String {
    // Canonical JSON escapes control characters itself; this guards hunk headers too.
    let text = format!("{}{}", line.prefix(), terminal_safe(&line.text));
    match line.kind {
        DiffLineKind::Added => paint(&text, ADDED, color),
        DiffLineKind::Removed => paint(&text, REMOVED, color),
        DiffLineKind::Hunk => paint(&text, HUNK, color),
        DiffLineKind::Context => text,
    }
}

/// `Not managed by iamform (N): role a (unmanaged), …`, naming the account when the
/// plan covers several.
fn ignored_line(ignored: &[IgnoredEntity], name_accounts: bool) -> String {
    let mut items: Vec<String> = ignored
        .iter()
        .take(IGNORED_LISTED)
        .map(|entity| {
            let ownership = ownership_word(entity);
            let target = terminal_safe(&entity.target.to_string()).into_owned();
            if name_accounts {
                format!(
                    "{target} ({}, {ownership})",
                    terminal_safe(&entity.account.name)
                )
            } else {
                format!("{target} ({ownership})")
            }
        })
        .collect();
    if ignored.len() > IGNORED_LISTED {
        items.push(format!("and {} more", ignored.len() - IGNORED_LISTED));
    }
    format!(
        "Not managed by iamform ({}): {}",
        ignored.len(),
        items.join(", ")
    )
}

/// The ownership as its serde word (`unmanaged`, `reserved`, …).
pub(crate) fn ownership_word(entity: &IgnoredEntity) -> String {
    serde_json::to_value(entity.ownership)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{EntityKind, Ownership};
    use crate::render::fixture_plans::{PlanBuilder, empty_plan, full_plan, prod};

    #[test]
    fn no_color_means_no_escape_sequences() {
        let out = text(&full_plan(), &TextOptions { color: false });
        assert!(!out.contains('\u{1b}'));
        let colored = text(&full_plan(), &TextOptions { color: true });
        assert!(colored.contains("\u{1b}[35m-/+\u{1b}[0m role api"));
    }

    #[test]
    fn ends_with_the_summary_line() {
        let out = text(&full_plan(), &TextOptions::default());
        assert!(
            out.ends_with("Plan: 6 to add, 7 to change, 3 to destroy (29 operations).\n"),
            "{out}"
        );
        let empty = text(&empty_plan(), &TextOptions::default());
        assert_eq!(empty, "No changes. Your accounts match the manifests.\n");
    }

    #[test]
    fn hostile_names_cannot_drive_the_terminal() {
        let mut b = PlanBuilder::new(&[prod()]);
        b.ignore(
            &prod(),
            EntityKind::Role,
            "evil\u{1b}]0;pwned\u{7}",
            "/",
            Ownership::Unmanaged,
        );
        b.warn("clear\u{1b}[2J screen");
        let out = text(&b.build(), &TextOptions { color: true });
        assert!(!out.contains("\u{1b}]"), "{out:?}");
        assert!(!out.contains("\u{1b}[2J"), "{out:?}");
        assert!(out.contains("evil\\u{1b}]0;pwned\\u{7}"));
    }

    #[test]
    fn long_ignored_lists_are_counted_not_listed() {
        let mut b = PlanBuilder::new(&[prod()]);
        for i in 0..25 {
            b.ignore(
                &prod(),
                EntityKind::Role,
                &format!("r{i:02}"),
                "/",
                Ownership::Unmanaged,
            );
        }
        let out = text(&b.build(), &TextOptions::default());
        assert!(out.contains("Not managed by iamform (25): role r00 (unmanaged),"));
        assert!(out.contains("role r19 (unmanaged), and 5 more\n"));
        assert!(!out.contains("r20"));
    }

    #[test]
    fn rendering_is_deterministic() {
        let plan = full_plan();
        let first = text(&plan, &TextOptions::default());
        for _ in 0..5 {
            assert_eq!(text(&plan, &TextOptions::default()), first);
        }
    }
}
