//! The plan as a pull-request comment: title, alerts and summary, per-account table,
//! links and warnings; then one collapsible diff per changed entity, the effective
//! access per principal, policy findings and the entities iamform leaves alone.
//!
//! Forges refuse long comments (GitHub: 65,536 characters), so the whole document is
//! budgeted. The head is never dropped (only written with less detail); then entity
//! changes, access, findings and the ignored list get the room left, in that order.
//! Whatever is cut is counted in a note under the summary, itself within the budget.

use std::fmt::Write as _;

use crate::plan::{IgnoredEntity, Plan};

use super::access_section::{AccessBlock, access_blocks};
use super::findings_section;
use super::link_view::link_views;
use super::markdown_budget::{CutSection, GITHUB_COMMENT_LIMIT, MIN_MARKDOWN_CHARS, chars};
use super::markdown_entities::{EntityCuts, EntitySection};
use super::markdown_escape::{code_span, fence_for, inline_escape};
use super::markdown_head::{Head, LEVELS};
use super::plan_view::account_views;
use super::terminal_text::terminal_safe;
use super::text::ownership_word;

/// The access section may keep entries in 1/ACCESS_SHARE of a tight budget, whatever
/// the entities need.
const ACCESS_SHARE: usize = 4;

/// Ignored entities listed before the rest are only counted.
const IGNORED_LISTED: usize = 50;

/// How to render Markdown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MarkdownOptions {
    /// The most characters (Unicode scalar values, as GitHub counts) the document may
    /// have; values under [`MIN_MARKDOWN_CHARS`] are raised to it.
    pub max_chars: usize,
}

impl Default for MarkdownOptions {
    fn default() -> Self {
        MarkdownOptions {
            max_chars: GITHUB_COMMENT_LIMIT,
        }
    }
}

/// The plan as Markdown for a GitHub pull-request comment (at most 65,536 characters).
pub fn markdown(plan: &Plan) -> String {
    markdown_with(plan, &MarkdownOptions::default())
}

/// The plan as Markdown of at most `options.max_chars` characters.
pub fn markdown_with(plan: &Plan, options: &MarkdownOptions) -> String {
    let max = options.max_chars.max(MIN_MARKDOWN_CHARS);
    let views = account_views(plan);
    let links = link_views(plan);
    let parts = Parts {
        entities: EntitySection::new(&views),
        access: access_section(plan),
        findings: findings_section::markdown_section(plan),
        ignored: ignored_section(&plan.ignored, plan.accounts.len() > 1),
        ignored_count: plan.ignored.len(),
    };
    // Everything at full detail, when it fits.
    let full = Head::new(plan, &views, &links, LEVELS[0]);
    if let Some(room) = max.checked_sub(full.chars()) {
        let (body, cuts) = parts.fit(room);
        if cuts.is_none() {
            return full.top + &full.rest + &body;
        }
    }
    // Otherwise room for the note on what is cut, then the fullest head that fits.
    let reserve = chars(&notice(&parts.worst_cuts(), max));
    let mut heads = LEVELS.iter().map(|d| Head::new(plan, &views, &links, *d));
    let mut head = heads.next().unwrap_or(full);
    while head.chars() + reserve > max
        && let Some(next) = heads.next()
    {
        head = next;
    }
    let room = max.saturating_sub(head.chars() + reserve);
    let (body, cuts) = parts.fit(room);
    head.top + &notice(&cuts, max) + &head.rest + &body
}

/// The parts after the head, in the order they are given room.
struct Parts {
    entities: EntitySection,
    access: CutSection,
    findings: CutSection,
    ignored: CutSection,
    /// Entities in the ignored list.
    ignored_count: usize,
}

/// What the budget left out.
#[derive(Debug, Default)]
struct Cuts {
    entities: EntityCuts,
    /// (not shown, in all) entries of the access section.
    principals: (usize, usize),
    /// (not shown, in all) entities of the findings section.
    findings: (usize, usize),
    /// The findings section held only the count of findings on unchanged entities,
    /// and it did not fit.
    findings_count: bool,
    /// Ignored entities whose list is not shown.
    ignored: usize,
}

impl Cuts {
    fn is_none(&self) -> bool {
        self.entities.omitted == 0
            && self.entities.without_diff == 0
            && self.principals.0 == 0
            && self.findings.0 == 0
            && !self.findings_count
            && self.ignored == 0
    }
}

impl Parts {
    /// The parts as they fit in `room` characters, and what was left out.
    fn fit(&self, mut room: usize) -> (String, Cuts) {
        // Who gains or loses access is what a reviewer must see: the entities, given room
        // first, may not take the part of a share of it that the access section's first
        // entries fill.
        let share = room / ACCESS_SHARE;
        let mut unused = share;
        self.access.fit(&mut unused);
        let held = share - unused;
        room -= held;
        let (mut body, entities) = self.entities.fit(&mut room);
        room += held;
        let mut cuts = Cuts {
            entities,
            ..Cuts::default()
        };
        let access = self.access.fit(&mut room);
        body.push_str(&access.text);
        cuts.principals = (
            self.access.pieces.len() - access.shown,
            self.access.pieces.len(),
        );
        let findings = self.findings.fit(&mut room);
        body.push_str(&findings.text);
        let listed = self.findings.pieces.len();
        cuts.findings = (listed - findings.shown, listed);
        cuts.findings_count = listed == 0 && !self.findings.is_empty() && findings.text.is_empty();
        let ignored = self.ignored.fit(&mut room);
        body.push_str(&ignored.text);
        if !self.ignored.is_empty() && ignored.text.is_empty() {
            cuts.ignored = self.ignored_count;
        }
        (body, cuts)
    }

    /// Everything cut: the longest note the budget may have to hold.
    fn worst_cuts(&self) -> Cuts {
        let (_, all) = self.entities.fit(&mut 0);
        Cuts {
            entities: EntityCuts {
                total: all.total,
                omitted: all.total,
                without_diff: all.total,
            },
            principals: (self.access.pieces.len(), self.access.pieces.len()),
            findings: (self.findings.pieces.len(), self.findings.pieces.len()),
            findings_count: true,
            ignored: self.ignored_count,
        }
    }
}

/// The note saying what the budget left out, or nothing when nothing was.
fn notice(cuts: &Cuts, max: usize) -> String {
    let mut parts: Vec<String> = Vec::new();
    let e = &cuts.entities;
    if e.omitted > 0 {
        parts.push(format!("{} of {} changed entities", e.omitted, e.total));
    }
    if e.without_diff > 0 {
        parts.push(format!(
            "the diffs of {} entities listed below",
            e.without_diff
        ));
    }
    if cuts.principals.0 > 0 {
        // Entries, not principals: principals with the same change share one.
        parts.push(format!(
            "{} of {} effective-access entries",
            cuts.principals.0, cuts.principals.1
        ));
    }
    if cuts.findings.0 > 0 {
        parts.push(format!(
            "the policy findings on {} of {} entities",
            cuts.findings.0, cuts.findings.1
        ));
    }
    if cuts.findings_count {
        parts.push("the count of policy findings on unchanged entities".to_string());
    }
    if cuts.ignored > 0 {
        parts.push(format!(
            "the list of {} entities not managed by iamform",
            cuts.ignored
        ));
    }
    if parts.is_empty() {
        return String::new();
    }
    format!(
        "> [!NOTE]\n> **Not shown, to keep this comment within {} characters:** {}. \
         Run `iamform plan --format text` for the whole plan, or see the JSON plan \
         (`iamform plan --format json`) for every detail.\n\n",
        thousands(max),
        parts.join("; ")
    )
}

/// `65536` as `65,536`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// The effective-access section: one piece per principal (or principals with the same
/// change), its breakdown by service collapsed beneath.
fn access_section(plan: &Plan) -> CutSection {
    let blocks = access_blocks(plan);
    if blocks.is_empty() {
        return CutSection::default();
    }
    let pieces = blocks.iter().map(access_piece).collect();
    CutSection {
        heading: "### Effective access\n\n".into(),
        pieces,
        footer: "\n".into(),
    }
}

/// One principal's line, its notes and its collapsed per-service breakdown.
fn access_piece(block: &AccessBlock) -> String {
    let via = if block.sources.is_empty() {
        String::new()
    } else {
        format!(" — _via {}_", inline_escape(&block.sources))
    };
    let mut piece = format!(
        "- {} **{}**: {}{via}\n",
        code_span(&block.sign.to_string()),
        inline_escape(&block.heading),
        inline_escape(&block.change)
    );
    for note in &block.notes {
        let _ = writeln!(piece, "  - {}", inline_escape(note));
    }
    if !block.breakdown.is_empty() {
        let body: String = block
            .breakdown
            .iter()
            .map(|l| format!("{}\n", terminal_safe(l)))
            .collect();
        let fence = fence_for(&body);
        let _ = write!(
            piece,
            "\n  <details><summary>By service</summary>\n\n  {fence}diff\n"
        );
        for line in body.lines() {
            let _ = writeln!(piece, "  {line}");
        }
        let _ = write!(piece, "  {fence}\n\n  </details>\n\n");
    }
    piece
}

/// The ignored entities as one `<details>` block, kept or dropped whole.
fn ignored_section(ignored: &[IgnoredEntity], name_accounts: bool) -> CutSection {
    if ignored.is_empty() {
        return CutSection::default();
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
    CutSection {
        pieces: vec![out],
        ..CutSection::default()
    }
}

#[cfg(test)]
#[path = "markdown_tests.rs"]
mod tests;
