//! Which entry each comment and blank line goes with.
//!
//! - A comment after code on its line trails the last entry or item that started before
//!   it (`key: value # why`).
//! - A comment on a line of its own goes before the next entry or item, unless it is
//!   indented deeper than that one and a block ends between them: then it closes the
//!   deepest such block it is not left of (a commented-out last entry stays in its map).
//!   After the last entry it closes a block the same way, or ends the file.
//! - A blank line before a comment or an entry is kept (one, however many there were);
//!   blank lines inside multi-line scalars are content, not layout.
//!
//! One pass over comments and entries in source order; the blocks an own-line comment
//! may close are the few enclosing its neighbours.

use super::build::{Built, Target};
use super::events::Comment;
use super::refusal::{Refusal, Why};
use super::source::Source;
use super::tree::{Aside, push_aside};

/// The comments and blank lines of a document, by where they go.
#[derive(Debug, Default)]
pub(super) struct Placement {
    /// Before each target (index of [`Built::targets`]).
    pub before: Vec<Vec<Aside>>,
    /// At the end of each target's first line.
    pub trailing: Vec<Option<String>>,
    /// After the last entry of each block collection (index of [`Built::collections`]).
    pub end: Vec<Vec<Aside>>,
    /// Before an explicit `---`.
    pub preamble: Vec<Aside>,
    /// On the `---` line.
    pub marker_trailing: Option<String>,
    /// Before the document's value when it has no block entry (`{}` or `[…]`).
    pub head: Vec<Aside>,
    /// After everything.
    pub tail: Vec<Aside>,
}

/// Places `comments` (sorted by position) among the entries of `built`.
pub(super) fn place(
    src: &Source,
    built: &Built,
    comments: &[Comment],
) -> Result<Placement, Refusal> {
    let mut placement = Placement {
        before: vec![Vec::new(); built.targets.len()],
        trailing: vec![None; built.targets.len()],
        end: vec![Vec::new(); built.collections.len()],
        ..Placement::default()
    };
    let layout_blank = layout_blank_lines(src, built);
    let blank_before = |line: usize| line > 0 && layout_blank[line - 1];
    let mut next = 0;
    // How many of the blocks closing before the next entry earlier comments of this gap
    // already passed: comments keep their order, so later ones may only go shallower.
    let mut closed = 0;
    let mut flow = built.flow_spans.iter().peekable();
    for comment in comments {
        while flow.next_if(|(_, end)| *end <= comment.start).is_some() {}
        if flow.peek().is_some_and(|(start, _)| *start < comment.start) {
            return Err(Refusal::at(comment.start, Why::CommentInFlow));
        }
        while let Some(target) = built.targets.get(next).filter(|t| t.at < comment.start) {
            if blank_before(target.line) {
                push_aside(&mut placement.before[next], Aside::Blank);
            }
            next += 1;
            closed = 0;
        }
        let line = src.line_of(comment.start);
        if !src.starts_its_line(comment.start) {
            let slot = match next.checked_sub(1) {
                Some(previous) => &mut placement.trailing[previous],
                None if built.doc_start.is_some_and(|d| src.line_of(d) == line) => {
                    &mut placement.marker_trailing
                }
                None => {
                    // After a value with no entries (`{} # note`): its own line, after it.
                    push_aside(&mut placement.tail, Aside::Comment(comment.text.clone()));
                    continue;
                }
            };
            append_trailing(slot, &comment.text);
            continue;
        }
        let slot = own_line_slot(src, built, &mut placement, (next, &mut closed), comment);
        if blank_before(line) {
            push_aside(slot, Aside::Blank);
        }
        slot.push(Aside::Comment(comment.text.clone()));
    }
    if let Some(marker) = built.doc_start
        && blank_before(src.line_of(marker))
    {
        push_aside(&mut placement.preamble, Aside::Blank);
    }
    for (i, target) in built.targets.iter().enumerate().skip(next) {
        if blank_before(target.line) {
            push_aside(&mut placement.before[i], Aside::Blank);
        }
    }
    Ok(placement)
}

/// Blank lines that are layout: not inside a multi-line scalar.
fn layout_blank_lines(src: &Source, built: &Built) -> Vec<bool> {
    let mut blank: Vec<bool> = (0..src.line_count()).map(|l| src.is_blank(l)).collect();
    for &(first, last) in &built.content_lines {
        blank[first..=last].fill(false);
    }
    blank
}

fn append_trailing(slot: &mut Option<String>, text: &str) {
    match slot {
        // A second comment on a later line of the same entry (`key: # a` then `  value # b`).
        Some(existing) => {
            existing.push_str(" #");
            existing.push_str(text);
        }
        None => *slot = Some(text.to_string()),
    }
}

/// Where an own-line comment goes; `next` is the first target after it, `closed` how many
/// of the blocks ending before it earlier comments left behind (updated).
fn own_line_slot<'p>(
    src: &Source,
    built: &Built,
    placement: &'p mut Placement,
    (next, closed): (usize, &mut usize),
    comment: &Comment,
) -> &'p mut Vec<Aside> {
    if built.doc_start.is_some_and(|d| comment.start < d) {
        return &mut placement.preamble;
    }
    let Some(previous) = next.checked_sub(1).map(|p| &built.targets[p]) else {
        return match built.targets.first() {
            Some(_) => &mut placement.before[0],
            None if comment.start < built.root_start => &mut placement.head,
            None => &mut placement.tail,
        };
    };
    let following = built.targets.get(next);
    let column = src.column(comment.start);
    // The next entry's column; after the last entry, the file's left edge.
    if column > following.map_or(0, |t| t.column) {
        let still_open: Vec<usize> = following
            .map(|t| ancestors(built, t).collect())
            .unwrap_or_default();
        let closing = ancestors(built, previous).take_while(|b| !still_open.contains(b));
        for (i, block) in closing.enumerate().skip(*closed) {
            if built.collections[block].column <= column {
                *closed = i;
                return &mut placement.end[block];
            }
        }
    }
    *closed = usize::MAX;
    match following {
        Some(_) => &mut placement.before[next],
        None => &mut placement.tail,
    }
}

/// The block collections holding `target`, innermost first.
fn ancestors<'b>(built: &'b Built, target: &Target) -> impl Iterator<Item = usize> + 'b {
    std::iter::successors(Some(target.parent), |&c| built.collections[c].parent)
}
