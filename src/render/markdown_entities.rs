//! The per-entity part of the Markdown plan: one collapsible `<details>` block per changed
//! entity, grouped under a heading per account, fitted into the room the budget leaves.
//!
//! Every entity first gets its one-line summary; then entities whose whole diff fits get
//! it, smallest first; then, in reading order, the others get as many diff lines as still
//! fit (the fence closed, the rest counted). Blocks are never split.

use std::fmt::Write as _;

use super::document_diff::DiffLine;
use super::markdown_budget::chars;
use super::markdown_escape::{code_span, fence_for, html_escape, inline_escape, shorten};
use super::marker::Marker;
use super::plan_view::{AccountView, EntityView};
use super::terminal_text::terminal_safe;

/// Lines of one entity's diff block before the rest is cut with a note.
pub(crate) const ENTITY_LINE_LIMIT: usize = 200;
/// Characters of one diff line (a long policy value) before it is cut with `…`.
const LINE_CHARS: usize = 1_000;

/// One entity, pre-rendered.
struct EntityBlock {
    /// `<details><summary>…</summary>` and a blank line.
    open: String,
    /// The block with its summary only.
    compact: String,
    /// The lines inside the ```diff fence.
    lines: Vec<String>,
}

/// How the entity part was fitted.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct EntityCuts {
    /// Changed entities in the plan.
    pub(crate) total: usize,
    /// Entities not shown at all.
    pub(crate) omitted: usize,
    /// Entities shown with their summary only.
    pub(crate) without_diff: usize,
}

/// The changed entities of `views`, pre-rendered once so fitting is cheap.
pub(crate) struct EntitySection {
    /// Per account with changes: its heading and its entities.
    accounts: Vec<(String, Vec<EntityBlock>)>,
}

impl EntitySection {
    /// Renders every changed entity of `views`.
    pub(crate) fn new(views: &[AccountView<'_>]) -> EntitySection {
        let accounts = views
            .iter()
            .filter(|v| !v.entities.is_empty())
            .map(|view| {
                let heading = format!(
                    "### {} ({})\n\n",
                    code_span(&view.account.name),
                    inline_escape(&view.account.id)
                );
                (heading, view.entities.iter().map(entity_block).collect())
            })
            .collect();
        EntitySection { accounts }
    }

    /// As much as fits in `room` characters; `room` shrinks by what is used.
    pub(crate) fn fit(&self, room: &mut usize) -> (String, EntityCuts) {
        let blocks: Vec<&EntityBlock> = self.accounts.iter().flat_map(|(_, b)| b).collect();
        let mut cuts = EntityCuts {
            total: blocks.len(),
            ..EntityCuts::default()
        };
        // Summaries first, in reading order; an account heading comes with its first.
        let mut shown = 0;
        'accounts: for (heading, entities) in &self.accounts {
            let mut pending = chars(heading);
            for block in entities {
                let cost = pending + chars(&block.compact);
                if cost > *room {
                    break 'accounts;
                }
                *room -= cost;
                pending = 0;
                shown += 1;
            }
        }
        let mut chosen: Vec<Option<String>> = vec![None; shown];
        // Whole diffs first, smallest first, so that one huge diff cannot crowd out many
        // small ones; then, in reading order, what is left for the diffs that did not fit.
        let mut by_size: Vec<(usize, usize, String)> = blocks[..shown]
            .iter()
            .enumerate()
            .filter_map(|(i, block)| {
                let text = block.with_diff(usize::MAX)?;
                Some((chars(&text), i, text))
            })
            .collect();
        by_size.sort_by_key(|(size, i, _)| (*size, *i));
        for (size, i, text) in by_size {
            let compact = chars(&blocks[i].compact);
            if size <= compact + *room {
                *room = (*room + compact) - size;
                chosen[i] = Some(text);
            }
        }
        for (slot, block) in chosen.iter_mut().zip(&blocks) {
            if slot.is_some() {
                continue;
            }
            let limit = chars(&block.compact) + *room;
            if let Some(text) = block.with_diff(limit) {
                // `text` fits in `limit`, so this never goes below zero.
                *room = (*room + chars(&block.compact)).saturating_sub(chars(&text));
                *slot = Some(text);
            }
        }
        let mut out = String::new();
        let mut chosen = chosen.into_iter();
        for (heading, entities) in &self.accounts {
            for (i, block) in entities.iter().enumerate() {
                let Some(slot) = chosen.next() else {
                    break;
                };
                if i == 0 {
                    out.push_str(heading);
                }
                match slot {
                    Some(text) => out.push_str(&text),
                    None => {
                        cuts.without_diff += 1;
                        out.push_str(&block.compact);
                    }
                }
            }
        }
        cuts.omitted = cuts.total - shown;
        (out, cuts)
    }
}

/// Ends the note under a diff cut short.
const CUT_NOTE: &str =
    " more lines not shown; run `iamform plan --format text` for the full diff._";

impl EntityBlock {
    /// The block with as many diff lines as fit in `limit` characters (at most
    /// [`ENTITY_LINE_LIMIT`]), the fence closed and the rest counted; `None` when not
    /// even the first line fits.
    fn with_diff(&self, limit: usize) -> Option<String> {
        const CLOSE: &str = "</details>\n\n";
        let body: String = self.lines.iter().map(|l| format!("{l}\n")).collect();
        let fence = fence_for(&body);
        // Opening and closing fences, and the room a cut note could need.
        let frame = chars(&self.open) + 2 * chars(&fence) + "diff\n\n\n".len() + chars(CLOSE);
        let note_room = |cut: usize| {
            if cut == 0 { 0 } else { chars(&cut_note(cut)) }
        };
        let worst_note = note_room(self.lines.len());
        let mut used = frame;
        let mut shown = 0;
        for line in self.lines.iter().take(ENTITY_LINE_LIMIT) {
            let len = chars(line) + 1;
            let cut_after = self.lines.len() - shown - 1;
            let note = if cut_after == 0 { 0 } else { worst_note };
            if used + len + note > limit {
                break;
            }
            used += len;
            shown += 1;
        }
        if shown == 0 {
            return None;
        }
        let mut out = self.open.clone();
        let _ = writeln!(out, "{fence}diff");
        self.lines[..shown].iter().for_each(|l| {
            out.push_str(l);
            out.push('\n');
        });
        let _ = write!(out, "{fence}\n\n");
        if shown < self.lines.len() {
            out.push_str(&cut_note(self.lines.len() - shown));
        }
        out.push_str(CLOSE);
        Some(out)
    }
}

fn cut_note(cut: usize) -> String {
    format!("_{cut}{CUT_NOTE}\n\n")
}

/// What happens to the entity, in a few words, for its `<summary>`.
fn short_what(entity: &EntityView<'_>) -> String {
    match entity.marker {
        Marker::Add => "will be created".to_string(),
        Marker::Destroy => match &entity.reason {
            Some(reason) => format!("will be destroyed: {reason}"),
            None => "will be destroyed".to_string(),
        },
        Marker::Replace => format!(
            "must be replaced: {}",
            entity.reason.as_deref().unwrap_or_default()
        ),
        Marker::Change => match entity.details.len() {
            1 => "1 change".to_string(),
            n => format!("{n} changes"),
        },
    }
}

fn entity_block(entity: &EntityView<'_>) -> EntityBlock {
    let what = match entity.accounts_phrase() {
        Some(phrase) => format!("{} {phrase}", short_what(entity)),
        None => short_what(entity),
    };
    let open = format!(
        "<details><summary><code>{} {}</code> {}</summary>\n\n",
        entity.marker.symbol(),
        html_escape(&entity.name()),
        html_escape(&what)
    );
    let compact = format!(
        "{open}_Diff left out to keep this comment within its size limit._\n\n</details>\n\n"
    );
    EntityBlock {
        open,
        compact,
        lines: diff_block_lines(entity),
    }
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
    lines.into_iter().map(|l| shorten(&l, LINE_CHARS)).collect()
}

fn document_line(line: &DiffLine) -> String {
    let text = terminal_safe(&line.text);
    match line.prefix() {
        // Hunk headers keep column 0, as in any unified diff.
        "" => text.into_owned(),
        prefix => format!("{prefix}      {text}"),
    }
}
