//! One definition, many accounts: an entity that says `accounts:` becomes one concrete
//! definition per selected account, its strings given that account's variables, before
//! entities are placed. Everything after this stage sees ordinary per-account entities.

use std::collections::BTreeMap;

use crate::diagnostic::{Diagnostic, Span};
use crate::model::{EntityKind, EntityRef, OverriddenField, Project};

use super::account_selector::AccountsSelector;
use super::account_vars::{AccountVars, Substitute};
use super::document::{GroupSpec, InstanceProfileSpec, PolicySpec, RoleSpec, UserSpec};
use super::located::{Entries, Located};
use super::overrides::{Override, OverrideFields, WrittenField};
use super::source_files::ManifestSource;

/// Concrete definitions all `accounts:` entities may expand to together (entities ×
/// selected accounts); beyond it the manifests are refused, naming the selector that
/// crossed it, rather than planning without bound.
pub const MAX_EXPANDED: usize = 100_000;

/// Entity specs that may say `accounts:`.
pub trait MultiAccount: Substitute + OverrideFields + Clone + Sized {
    /// The kind of entity the spec defines.
    const KIND: EntityKind;
    /// The spec's `overrides`.
    fn overrides_mut(&mut self) -> &mut Option<Vec<Located<Override<Self>>>>;
    /// The spec's `overrides`, read only.
    fn overrides(&self) -> Option<&Vec<Located<Override<Self>>>>;
    /// The spec's `account`.
    fn account_mut(&mut self) -> &mut Option<Located<String>>;
    /// The spec's `accounts`, read only.
    fn accounts(&self) -> Option<&Located<AccountsSelector>>;
    /// The spec's `accounts`.
    fn accounts_mut(&mut self) -> &mut Option<Located<AccountsSelector>>;
}

macro_rules! multi_account {
    ($($ty:ty => $kind:ident),*) => {$(
        impl MultiAccount for $ty {
            const KIND: EntityKind = EntityKind::$kind;
            fn overrides_mut(&mut self) -> &mut Option<Vec<Located<Override<Self>>>> {
                &mut self.overrides
            }
            fn overrides(&self) -> Option<&Vec<Located<Override<Self>>>> {
                self.overrides.as_ref()
            }
            fn account_mut(&mut self) -> &mut Option<Located<String>> {
                &mut self.account
            }
            fn accounts(&self) -> Option<&Located<AccountsSelector>> {
                self.accounts.as_ref()
            }
            fn accounts_mut(&mut self) -> &mut Option<Located<AccountsSelector>> {
                &mut self.accounts
            }
        }
    )*};
}
multi_account!(
    UserSpec => User,
    GroupSpec => Group,
    RoleSpec => Role,
    PolicySpec => Policy,
    InstanceProfileSpec => InstanceProfile
);

/// True when selecting or expanding the manifests' `accounts:` entities (and links) needs
/// the organization's tags.
pub fn needs_tags(sources: &[ManifestSource]) -> bool {
    let mut needed = false;
    for source in sources {
        let doc = &source.doc;
        visit(&doc.users, &mut needed);
        visit(&doc.groups, &mut needed);
        visit(&doc.roles, &mut needed);
        visit(&doc.policies, &mut needed);
        visit(&doc.instance_profiles, &mut needed);
        let assignments = doc
            .identity_center
            .iter()
            .flat_map(|ic| ic.value.assignments.iter().flatten());
        needed |= assignments
            .filter_map(|a| a.value.accounts.as_ref())
            .any(|s| s.value.uses_tags());
    }
    needed || super::link_pairs::links_need_tags(sources)
}

fn visit<T: MultiAccount>(entries: &Option<Entries<T>>, needed: &mut bool) {
    for (name, spec) in entries.iter().flat_map(|e| e.0.iter()) {
        let Some(selector) = spec.accounts() else {
            continue;
        };
        *needed |= selector.value.uses_tags() || AccountVars::uses_tags(&name.value);
        for o in spec.overrides().into_iter().flatten() {
            *needed |= o.value.accounts.value.uses_tags();
        }
        spec.each_string(&mut |s| *needed |= AccountVars::uses_tags(s));
    }
}

/// Replaces every `accounts:` entity of every file with its per-account copies, and
/// returns the fields overrides set in them, by account, entity and field.
pub fn expand(
    sources: &mut [ManifestSource],
    project: &Project,
    sink: &mut Vec<Diagnostic>,
) -> Vec<OverriddenField> {
    let mut budget = Budget {
        left: MAX_EXPANDED,
        exceeded: false,
        overridden: Vec::new(),
    };
    for source in sources {
        let doc = &mut source.doc;
        expand_entries(&mut doc.users, project, &mut budget, sink);
        expand_entries(&mut doc.groups, project, &mut budget, sink);
        expand_entries(&mut doc.roles, project, &mut budget, sink);
        expand_entries(&mut doc.policies, project, &mut budget, sink);
        expand_entries(&mut doc.instance_profiles, project, &mut budget, sink);
    }
    let mut overridden = budget.overridden;
    overridden
        .sort_by(|a, b| (&a.account, &a.entity, &a.field).cmp(&(&b.account, &b.entity, &b.field)));
    overridden
}

/// The expansion's bound, and what the overrides set on the way.
struct Budget {
    left: usize,
    exceeded: bool,
    overridden: Vec<OverriddenField>,
}

fn expand_entries<T: MultiAccount>(
    entries: &mut Option<Entries<T>>,
    project: &Project,
    budget: &mut Budget,
    sink: &mut Vec<Diagnostic>,
) {
    let Some(entries) = entries else {
        return;
    };
    if !entries.0.iter().any(|(_, s)| s.accounts().is_some()) {
        return;
    }
    let mut out = Vec::with_capacity(entries.0.len());
    for (name, mut spec) in std::mem::take(&mut entries.0) {
        let overrides = spec.overrides_mut().take().unwrap_or_default();
        let Some(selector) = spec.accounts_mut().take() else {
            if let Some(first) = overrides.first() {
                sink.push(
                    Diagnostic::error(
                        Some(first.span.clone()),
                        "`overrides` apply only to an entity with `accounts`",
                    )
                    .with_help("write the values on the entity itself"),
                );
            }
            out.push((name, spec));
            continue;
        };
        if let Some(account) = spec.account_mut() {
            sink.push(
                Diagnostic::error(
                    Some(account.span.clone()),
                    "an entity names `account` or `accounts`, not both",
                )
                .with_related(selector.span.clone(), "`accounts` is here")
                .with_help("keep `accounts` to define it in several accounts"),
            );
            continue;
        }
        selector.value.check(&selector.span, sink);
        let selected = selected(&selector.value, project);
        if selected.len() > budget.left {
            if !budget.exceeded {
                budget.exceeded = true;
                sink.push(
                    Diagnostic::error(
                        Some(selector.span.clone()),
                        format!(
                            "`accounts:` selectors define more than {MAX_EXPANDED} entities together"
                        ),
                    )
                    .with_help("narrow the selectors (ou, tags, exclude), or split the project"),
                );
            }
            continue;
        }
        budget.left -= selected.len();
        let template = Template {
            name: &name,
            spec: &spec,
            overrides: &overrides,
            at: &selector.span,
        };
        for account in selected {
            out.push(template.for_account(account, project, &mut budget.overridden, sink));
        }
    }
    entries.0 = out;
}

/// The names of the accounts `selector` selects, in name order.
pub fn selected<'p>(selector: &AccountsSelector, project: &'p Project) -> Vec<&'p str> {
    let members = project.organization.as_ref().map(|o| &o.members);
    project
        .accounts
        .keys()
        .filter(|name| selector.matches(name, members.and_then(|m| m.get(*name))))
        .map(String::as_str)
        .collect()
}

/// One `accounts:` entity, ready to be copied into each account.
struct Template<'a, T> {
    name: &'a Located<String>,
    spec: &'a T,
    overrides: &'a [Located<Override<T>>],
    at: &'a Span,
}

impl<T: MultiAccount> Template<'_, T> {
    /// The entity as `account` has it: its overrides for the account applied in order,
    /// then the account's values given to its variables. The fields the overrides set are
    /// added to `overridden`.
    fn for_account(
        &self,
        account: &str,
        project: &Project,
        overridden: &mut Vec<OverriddenField>,
        sink: &mut Vec<Diagnostic>,
    ) -> (Located<String>, T) {
        let member = project
            .organization
            .as_ref()
            .and_then(|o| o.members.get(account));
        let vars = AccountVars::of(project, account);
        let mut name = self.name.clone();
        name.substitute(&vars, self.at, sink);
        let mut spec = self.spec.clone();
        // Field → the override that set it last (the one that wins).
        let mut set: BTreeMap<&str, &WrittenField> = BTreeMap::new();
        for o in self.overrides {
            if o.value.accounts.value.matches(account, member) {
                spec.override_with(o.value.values.clone());
                set.extend(o.value.written.iter().map(|w| (w.field.as_str(), w)));
            }
        }
        spec.substitute(&vars, self.at, sink);
        for (field, w) in set {
            let mut value = w.value.clone();
            // A variable without a value is reported where the copy's field is substituted.
            value.substitute(&vars, &w.at, &mut Vec::new());
            overridden.push(OverriddenField {
                account: account.to_string(),
                entity: EntityRef::new(T::KIND, name.value.clone()),
                field: field.to_string(),
                value,
                at: w.at.clone(),
            });
        }
        *spec.account_mut() = Some(Located::new(account.to_string(), self.at.clone()));
        (name, spec)
    }
}

#[cfg(test)]
#[path = "multi_account_tests.rs"]
mod tests;
