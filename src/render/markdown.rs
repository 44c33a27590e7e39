//! The plan as a GitHub pull-request comment: summary, per-account table, one
//! collapsible diff per changed entity, and the entities iamform leaves alone.
//!
//! GitHub rejects comments over 65,536 characters, so entity details are added while
//! they fit; past that, entities lose their diffs, then are only counted.

use std::fmt::Write as _;

use crate::plan::{IgnoredEntity, Plan};

use super::access_section::{PRINCIPALS_LISTED, access_blocks, broadening_note, narrowing_note};
use super::document_diff::DiffLine;
use super::findings_section;
use super::link_view::{LinkView, link_views};
use super::markdown_escape::{code_span, fence_for, html_escape, inline_escape, shorten};
use super::marker::Marker;
use super::plan_view::{AccountView, EntityView, account_views};
use super::summary_line::summary_line;
use super::terminal_text::terminal_safe;
use super::text::ownership_word;

/// GitHub's limit on the length of a comment body.
pub(crate) const GITHUB_COMMENT_LIMIT: usize = 65_536;
/// Room kept free for the note that says entities were left out.
const OMISSION_NOTE_RESERVE: usize = 600;
/// Lines of one entity's diff block before the rest is cut with a note.
const ENTITY_LINE_LIMIT: usize = 200;
/// Warnings shown, and the length each is cut to.
const WARNINGS_LISTED: usize = 20;
const WARNING_CHARS: usize = 500;
/// Ignored entities listed before the rest are only counted.
const IGNORED_LISTED: usize = 50;

/// The plan as Markdown for a pull-request comment, at most 65,536 bytes.
pub fn markdown(plan: &Plan) -> String {
    let views = account_views(plan);
    let mut head = String::from("## iamform plan\n\n");
    if let Some(note) = broadening_note(plan) {
        let _ = writeln!(head, "> [!CAUTION]\n> **{}**\n", inline_escape(&note));
    }
    if let Some(note) = narrowing_note(plan) {
        let _ = writeln!(head, "> [!NOTE]\n> **{}**\n", inline_escape(&note));
    }
    if let Some(note) = findings_section::findings_marker(plan) {
        let _ = writeln!(head, "> [!WARNING]\n> **{}**\n", inline_escape(&note));
    }
    let _ = writeln!(head, "**{}**\n", summary_line(plan));
    if !plan.is_empty() {
        write_table(&mut head, &views);
        write_links(&mut head, &link_views(plan));
    }
    write_warnings(&mut head, &plan.warnings);
    write_access(&mut head, plan);
    findings_section::write_markdown(&mut head, plan);
    let tail = ignored_section(&plan.ignored, plan.accounts.len() > 1);

    let budget =
        GITHUB_COMMENT_LIMIT.saturating_sub(head.len() + tail.len() + OMISSION_NOTE_RESERVE);
    let mut body = String::new();
    let mut omitted = 0usize;
    for view in views.iter().filter(|v| !v.entities.is_empty()) {
        let mut heading = Some(format!(
            "### {} ({})\n\n",
            code_span(&view.account.name),
            inline_escape(&view.account.id)
        ));
        for entity in &view.entities {
            let pending = heading.as_ref().map_or(0, String::len);
            let full = entity_block(entity, true);
            let block = if body.len() + pending + full.len() <= budget {
                full
            } else {
                let compact = entity_block(entity, false);
                if body.len() + pending + compact.len() > budget {
                    omitted += 1;
                    continue;
                }
                compact
            };
            if let Some(heading) = heading.take() {
                body.push_str(&heading);
            }
            body.push_str(&block);
        }
    }
    if omitted > 0 {
        let _ = writeln!(
            body,
            "**{omitted} more changed entities are not shown**: this comment would exceed \
             GitHub's 65,536-character limit. Run `iamform plan` to see the whole plan.\n"
        );
    }
    head + &body + &tail
}

fn write_table(out: &mut String, views: &[AccountView<'_>]) {
    out.push_str("| Account | Add | Change | Destroy |\n| --- | ---: | ---: | ---: |\n");
    for view in views {
        let c = view.counts;
        let _ = writeln!(
            out,
            "| {} ({}) | {} | {} | {} |",
            code_span(&view.account.name),
            inline_escape(&view.account.id),
            c.add,
            c.change,
            c.destroy
        );
    }
    out.push('\n');
}

fn write_links(out: &mut String, links: &[LinkView]) {
    if links.is_empty() {
        return;
    }
    out.push_str("**Links**\n\n");
    for link in links {
        let _ = writeln!(out, "- {}", inline_escape(&link.headline));
        for (half, line) in &link.lines {
            let _ = writeln!(out, "  - {half}: {}", inline_escape(line));
        }
    }
}

/// The effective-access section: one list item per principal (or group of principals
/// with the same change), its breakdown by service collapsed beneath.
fn write_access(out: &mut String, plan: &Plan) {
    let blocks = access_blocks(plan);
    if blocks.is_empty() {
        return;
    }
    out.push_str("### Effective access\n\n");
    for block in blocks.iter().take(PRINCIPALS_LISTED) {
        let via = if block.sources.is_empty() {
            String::new()
        } else {
            format!(" — _via {}_", inline_escape(&block.sources))
        };
        let _ = writeln!(
            out,
            "- {} **{}**: {}{via}",
            code_span(&block.sign.to_string()),
            inline_escape(&block.heading),
            inline_escape(&block.change)
        );
        for note in &block.notes {
            let _ = writeln!(out, "  - {}", inline_escape(note));
        }
        if !block.breakdown.is_empty() {
            let body: String = block
                .breakdown
                .iter()
                .map(|l| format!("{}\n", terminal_safe(l)))
                .collect();
            let fence = fence_for(&body);
            let _ = write!(
                out,
                "\n  <details><summary>By service</summary>\n\n  {fence}diff\n"
            );
            for line in body.lines() {
                let _ = writeln!(out, "  {line}");
            }
            let _ = write!(out, "  {fence}\n\n  </details>\n\n");
        }
    }
    if blocks.len() > PRINCIPALS_LISTED {
        let _ = writeln!(
            out,
            "- and {} more principals",
            blocks.len() - PRINCIPALS_LISTED
        );
    }
    out.push('\n');
}

fn write_warnings(out: &mut String, warnings: &[String]) {
    if warnings.is_empty() {
        return;
    }
    out.push_str("> [!WARNING]\n");
    for warning in warnings.iter().take(WARNINGS_LISTED) {
        let _ = writeln!(
            out,
            "> - {}",
            inline_escape(&shorten(warning, WARNING_CHARS))
        );
    }
    if warnings.len() > WARNINGS_LISTED {
        let _ = writeln!(
            out,
            "> - and {} more warnings",
            warnings.len() - WARNINGS_LISTED
        );
    }
    out.push('\n');
}

/// What happens to the entity, in a few words, for its `<summary>`.
fn short_what(entity: &EntityView<'_>) -> String {
    match entity.marker {
        Marker::Add => "will be created".to_string(),
        Marker::Destroy => "will be destroyed".to_string(),
        Marker::Replace => format!("must be replaced: {}", entity.reason.unwrap_or_default()),
        Marker::Change => match entity.details.len() {
            1 => "1 change".to_string(),
            n => format!("{n} changes"),
        },
    }
}

/// One collapsible block; `with_diff` false leaves only the summary and a note.
fn entity_block(entity: &EntityView<'_>, with_diff: bool) -> String {
    let mut out = format!(
        "<details><summary><code>{} {}</code> {}</summary>\n\n",
        entity.marker.symbol(),
        html_escape(&entity.name()),
        html_escape(&short_what(entity))
    );
    if with_diff {
        let lines = diff_block_lines(entity);
        let shown = lines.len().min(ENTITY_LINE_LIMIT);
        let body: String = lines[..shown].iter().map(|l| format!("{l}\n")).collect();
        let fence = fence_for(&body);
        let _ = write!(out, "{fence}diff\n{body}{fence}\n\n");
        if lines.len() > shown {
            let _ = writeln!(
                out,
                "_{} more lines not shown; run `iamform plan` for the full diff._\n",
                lines.len() - shown
            );
        }
    } else {
        out.push_str("_Details left out to stay within GitHub's comment size limit._\n\n");
    }
    out.push_str("</details>\n\n");
    out
}

/// The lines inside an entity's ```diff block, each starting with its diff sign so
/// GitHub colors additions and removals.
fn diff_block_lines(entity: &EntityView<'_>) -> Vec<String> {
    let mut lines = vec![format!(
        "{} {}",
        entity.marker.symbol(),
        terminal_safe(&entity.headline())
    )];
    for detail in &entity.details {
        lines.push(format!(
            "{}   {}",
            detail.marker.symbol(),
            terminal_safe(&detail.text)
        ));
        lines.extend(detail.document.iter().map(document_line));
    }
    lines
}

fn document_line(line: &DiffLine) -> String {
    let text = terminal_safe(&line.text);
    match line.prefix() {
        // Hunk headers keep column 0, as in any unified diff.
        "" => text.into_owned(),
        prefix => format!("{prefix}      {text}"),
    }
}

fn ignored_section(ignored: &[IgnoredEntity], name_accounts: bool) -> String {
    if ignored.is_empty() {
        return String::new();
    }
    let mut out = format!(
        "<details><summary>Not managed by iamform ({})</summary>\n\n",
        ignored.len()
    );
    for entity in ignored.iter().take(IGNORED_LISTED) {
        let account = if name_accounts {
            format!(" in {}", code_span(&entity.account.name))
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "- {} {}{account} ({})",
            entity.target.kind.noun(),
            code_span(&entity.target.name),
            ownership_word(entity)
        );
    }
    if ignored.len() > IGNORED_LISTED {
        let _ = writeln!(out, "- and {} more", ignored.len() - IGNORED_LISTED);
    }
    out.push_str("\n</details>\n");
    out
}

#[cfg(test)]
#[path = "markdown_tests.rs"]
mod tests;
