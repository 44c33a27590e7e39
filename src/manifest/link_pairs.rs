//! `links:` whose ends say `accounts:`: one concrete link per matched (from, to) pair of
//! accounts, each end's strings given its own account's `{{account.*}}` values, before
//! [`super::links`] resolves them like written links.
//!
//! A pair whose two ends are the same account is skipped: a link joins two accounts, and
//! a role trusting principals of its own account is written with its `trust:`. (A link
//! written with `account:` on both ends is kept as written.)

use crate::diagnostic::{Diagnostic, Span};
use crate::model::Project;

use super::account_selector::AccountsSelector;
use super::account_vars::{AccountVars, Substitute};
use super::link_spec::{LinkFromSpec, LinkSpec, LinkToSpec};
use super::located::{Entries, Located};
use super::multi_account::selected;
use super::project_config::unknown_account;
use super::source_files::ManifestSource;

/// Concrete links all selector links may expand to together (pairs of accounts); beyond
/// it the manifests are refused at the link that crossed it, rather than planning
/// without bound.
pub const MAX_LINK_PAIRS: usize = 100_000;

/// What is left of [`MAX_LINK_PAIRS`] while the links are expanded.
#[derive(Debug)]
pub struct PairBudget {
    left: usize,
    exceeded: bool,
}

impl Default for PairBudget {
    fn default() -> PairBudget {
        PairBudget {
            left: MAX_LINK_PAIRS,
            exceeded: false,
        }
    }
}

/// The concrete links `spec` stands for: `None` when neither end says `accounts:` (the
/// link is resolved as written), else one spec with `account:` on both ends per pair, in
/// (from, to) name order. Problems with the ends are reported and give no pairs.
pub fn link_pairs(
    name: &Located<String>,
    spec: &Located<LinkSpec>,
    project: &Project,
    budget: &mut PairBudget,
    sink: &mut Vec<Diagnostic>,
) -> Option<Vec<Located<LinkSpec>>> {
    let s = &spec.value;
    let from = s.from.as_ref();
    let to = s.to.as_ref();
    let selects = from.is_some_and(|f| f.value.accounts.is_some())
        || to.is_some_and(|t| t.value.accounts.is_some());
    if !selects {
        return None;
    }
    // Without an end there is nothing to pair; `links` reports the missing end.
    let (Some(from), Some(to)) = (from, to) else {
        return Some(vec![spec.clone()]);
    };
    Some(pairs(name, spec, (from, to), project, budget, sink).unwrap_or_default())
}

fn pairs(
    name: &Located<String>,
    spec: &Located<LinkSpec>,
    (from, to): (&Located<LinkFromSpec>, &Located<LinkToSpec>),
    project: &Project,
    budget: &mut PairBudget,
    sink: &mut Vec<Diagnostic>,
) -> Option<Vec<Located<LinkSpec>>> {
    let from_selector = from.value.accounts.as_ref();
    let to_selector = to.value.accounts.as_ref();
    let sources = end_accounts(
        from.value.account.as_ref(),
        from_selector,
        (&from.span, "from"),
        project,
        sink,
    );
    let targets = end_accounts(
        to.value.account.as_ref(),
        to_selector,
        (&to.span, "to"),
        project,
        sink,
    );
    let (sources, targets) = (sources?, targets?);
    let pairs: Vec<(&str, &str)> = sources
        .iter()
        .flat_map(|f| targets.iter().map(move |t| (*f, *t)))
        .filter(|(f, t)| f != t)
        .collect();
    if pairs.len() > budget.left {
        if !budget.exceeded {
            budget.exceeded = true;
            sink.push(
                Diagnostic::error(
                    Some(name.span.clone()),
                    format!(
                        "links with `accounts:` ends join more than {MAX_LINK_PAIRS} pairs of accounts together"
                    ),
                )
                .with_help("narrow the selectors (ou, tags, exclude), or split the project"),
            );
        }
        return None;
    }
    budget.left -= pairs.len();
    Some(
        pairs
            .into_iter()
            .filter_map(|(f, t)| pair(spec, (f, &from.span), (t, &to.span), project, sink))
            .collect(),
    )
}

/// The accounts of one end: its `account`, or those its `accounts` selects.
fn end_accounts<'p>(
    account: Option<&Located<String>>,
    selector: Option<&Located<AccountsSelector>>,
    (at, side): (&Span, &str),
    project: &'p Project,
    sink: &mut Vec<Diagnostic>,
) -> Option<Vec<&'p str>> {
    match (account, selector) {
        (Some(account), Some(selector)) => {
            sink.push(
                Diagnostic::error(
                    Some(account.span.clone()),
                    format!("link `{side}` names `account` or `accounts`, not both"),
                )
                .with_related(selector.span.clone(), "`accounts` is here")
                .with_help("keep `accounts` to join every account it selects"),
            );
            None
        }
        (None, Some(selector)) => {
            let before = sink.len();
            selector.value.check(&selector.span, sink);
            (sink.len() == before).then(|| selected(&selector.value, project))
        }
        (Some(account), None) => match project.accounts.get_key_value(&account.value) {
            Some((name, _)) => Some(vec![name.as_str()]),
            None => {
                sink.push(unknown_account(account, project));
                None
            }
        },
        (None, None) => {
            sink.push(
                Diagnostic::error(Some(at.clone()), format!("link `{side}` has no `account`"))
                    .with_help("name a manifest account (`account: identity`) or select accounts (`accounts: {ou: [/Workloads/*]}`)"),
            );
            None
        }
    }
}

/// The link between `from` and `to`: each end names its account, its strings take that
/// account's variables, and the link's own strings (`external_id`) the target's, since
/// they are written in the target role's trust. `None` when a variable has no value (it
/// is reported), rather than a link to a name nobody wrote.
fn pair(
    spec: &Located<LinkSpec>,
    (from, from_at): (&str, &Span),
    (to, to_at): (&str, &Span),
    project: &Project,
    sink: &mut Vec<Diagnostic>,
) -> Option<Located<LinkSpec>> {
    let before = sink.len();
    let mut out = spec.clone();
    let s = &mut out.value;
    let from_vars = AccountVars::of(project, from);
    let to_vars = AccountVars::of(project, to);
    if let Some(f) = &mut s.from {
        f.value.accounts = None;
        f.value.users.substitute(&from_vars, from_at, sink);
        f.value.groups.substitute(&from_vars, from_at, sink);
        f.value.roles.substitute(&from_vars, from_at, sink);
        f.value.account = Some(Located::new(from.to_string(), from_at.clone()));
    }
    if let Some(t) = &mut s.to {
        t.value.accounts = None;
        t.value.role.substitute(&to_vars, to_at, sink);
        t.value.account = Some(Located::new(to.to_string(), to_at.clone()));
    }
    s.external_id.substitute(&to_vars, &spec.span, sink);
    (sink.len() == before).then_some(out)
}

/// True when some link's selectors or variables need the organization's tags.
pub fn links_need_tags(sources: &[ManifestSource]) -> bool {
    let empty = Entries::default();
    sources
        .iter()
        .flat_map(|s| s.doc.links.as_ref().unwrap_or(&empty).iter())
        .any(|(_, spec)| {
            let s = &spec.value;
            let selectors = [
                s.from.as_ref().and_then(|f| f.value.accounts.as_ref()),
                s.to.as_ref().and_then(|t| t.value.accounts.as_ref()),
            ];
            if selectors.iter().all(Option::is_none) {
                return false;
            }
            let mut needed = selectors.iter().flatten().any(|a| a.value.uses_tags());
            s.each_string(&mut |text| needed |= AccountVars::uses_tags(text));
            needed
        })
}

#[cfg(test)]
#[path = "link_pairs_tests.rs"]
mod tests;
