//! `accounts:` on an entity: the accounts it exists in. `all`, a list of account names
//! or globs, or a selector `{names, ou, tags, exclude}` over the accounts' names, OU
//! paths and Organizations tags; every condition written must hold.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};

use crate::diagnostic::{Diagnostic, Span};
use crate::model::OrgAccount;
use crate::policy::catalog::glob::glob_matches;

use super::account_vars::{AccountVars, Substitute};
use super::decode::{Decode, decode_struct, type_error};
use super::document::TagsSpec;
use super::located::Located;
use super::yaml_node::{NodeValue, YamlNode};

/// Which accounts an entity is in.
#[derive(Debug, Clone, PartialEq)]
pub enum AccountsSelector {
    /// `all`: every account of the project, declared or discovered.
    All,
    /// A selector (a list of names is a selector with only `names`).
    Select(SelectorSpec),
}

/// Conditions on accounts; all that are written must hold.
#[derive(Debug, Clone, PartialEq, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct SelectorSpec {
    /// Account names or globs (`*` any run, `?` one character); one must match.
    pub names: Option<Vec<Located<String>>>,
    /// OU paths or globs (`/Workloads/*`); one must match the account's OU path.
    pub ou: Option<Vec<Located<String>>>,
    /// Organizations tags the account must have, with these values (globs allowed).
    pub tags: Option<TagsSpec>,
    /// Account names or globs left out even when the rest matches.
    pub exclude: Option<Vec<Located<String>>>,
}
decode_struct!(SelectorSpec as "an accounts selector" { names, ou, tags, exclude });

impl AccountsSelector {
    /// True when `name` (with its place in the organization, if it has one) is selected.
    pub fn matches(&self, name: &str, member: Option<&OrgAccount>) -> bool {
        let AccountsSelector::Select(spec) = self else {
            return true;
        };
        let any = |globs: &Option<Vec<Located<String>>>, text: &str| {
            globs
                .iter()
                .flatten()
                .any(|g| glob_matches(&g.value, text, false))
        };
        if spec.names.is_some() && !any(&spec.names, name) {
            return false;
        }
        if spec.ou.is_some() && !member.is_some_and(|m| any(&spec.ou, &m.ou)) {
            return false;
        }
        if let Some(tags) = &spec.tags {
            let Some(member) = member else {
                return false;
            };
            let all = tags.iter().all(|(key, want)| {
                member
                    .tags
                    .get(&key.value)
                    .is_some_and(|have| glob_matches(&want.value, have, false))
            });
            if !all {
                return false;
            }
        }
        !any(&spec.exclude, name)
    }

    /// True when matching needs the accounts' Organizations tags.
    pub fn uses_tags(&self) -> bool {
        matches!(self, AccountsSelector::Select(s) if s.tags.is_some())
    }

    /// Problems a selector can have without looking at any account.
    pub fn check(&self, at: &Span, sink: &mut Vec<Diagnostic>) {
        let AccountsSelector::Select(spec) = self else {
            return;
        };
        if spec.names.is_none() && spec.ou.is_none() && spec.tags.is_none() {
            sink.push(
                Diagnostic::error(Some(at.clone()), "the selector selects by nothing")
                    .with_help("give `names`, `ou` or `tags`, or write `accounts: all`"),
            );
        }
        for ou in spec.ou.iter().flatten() {
            if !ou.value.starts_with('/') {
                sink.push(
                    Diagnostic::error(
                        Some(ou.span.clone()),
                        format!("OU path `{}` does not start with `/`", ou.value),
                    )
                    .with_help("write OU paths from the root by OU names, e.g. /Workloads/Prod or /Workloads/*"),
                );
            }
        }
    }
}

impl Decode for AccountsSelector {
    fn decode(node: &YamlNode, sink: &mut Vec<Diagnostic>) -> Option<AccountsSelector> {
        let names = |names| {
            AccountsSelector::Select(SelectorSpec {
                names: Some(names),
                ou: None,
                tags: None,
                exclude: None,
            })
        };
        match &node.value {
            NodeValue::Str(s) if s == "all" => Some(AccountsSelector::All),
            NodeValue::Str(s) => Some(names(vec![Located::new(s.clone(), node.span.clone())])),
            NodeValue::Seq(_) => Vec::<Located<String>>::decode(node, sink).map(names),
            NodeValue::Map(_) => SelectorSpec::decode(node, sink).map(AccountsSelector::Select),
            _ => {
                sink.push(type_error(
                    node,
                    "`all`, a list of account names, or a selector {ou, tags, names, exclude}",
                ));
                None
            }
        }
    }
}

/// A selector says which copies exist; it holds no variables.
impl Substitute for AccountsSelector {
    fn substitute(&mut self, _: &AccountVars<'_>, _: &Span, _: &mut Vec<Diagnostic>) {}
    fn each_string(&self, _: &mut dyn FnMut(&str)) {}
}

impl JsonSchema for AccountsSelector {
    fn schema_name() -> Cow<'static, str> {
        "AccountsSelector".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let selector = generator.subschema_for::<SelectorSpec>();
        json_schema!({
            "description": "The accounts this entity exists in: `all`, account names or globs, or a selector.",
            "anyOf": [
                { "type": "string", "description": "`all`, or one account name or glob" },
                { "type": "array", "items": { "type": "string" } },
                selector
            ]
        })
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;
    use std::sync::Arc;

    use super::*;
    use crate::manifest::yaml_node::parse;
    use crate::model::Tags;

    fn selector(text: &str) -> (AccountsSelector, Vec<Diagnostic>) {
        let node = parse(&Arc::new(PathBuf::from("t.yaml")), text)
            .unwrap()
            .unwrap();
        let mut sink = Vec::new();
        let s = AccountsSelector::decode(&node, &mut sink).unwrap();
        s.check(&node.span, &mut sink);
        (s, sink)
    }

    fn member(ou: &str, env: &str) -> OrgAccount {
        OrgAccount {
            id: "111111111111".into(),
            name: "x".into(),
            ou: ou.into(),
            status: "ACTIVE".into(),
            tags: Tags::from([("env".to_string(), env.to_string())]),
        }
    }

    #[test]
    fn all_names_and_globs() {
        assert!(selector("all").0.matches("anything", None));
        let (names, _) = selector("[dev-*, prod]");
        assert!(names.matches("dev-1", None));
        assert!(names.matches("prod", None));
        assert!(!names.matches("prod-2", None));
        assert!(selector("sandbox-?").0.matches("sandbox-1", None));
    }

    #[test]
    fn ou_tags_and_exclude_must_all_hold() {
        let (s, problems) =
            selector("{ou: [\"/Workloads/*\"], tags: {env: prod}, exclude: [legacy-*]}");
        assert!(problems.is_empty());
        assert!(s.uses_tags());
        let prod = member("/Workloads/Prod", "prod");
        assert!(s.matches("app-1", Some(&prod)));
        assert!(!s.matches("legacy-1", Some(&prod)));
        assert!(!s.matches("app-1", Some(&member("/Workloads/Prod", "dev"))));
        assert!(!s.matches("app-1", Some(&member("/Sandbox", "prod"))));
        // A declared account outside the organization has no OU and no tags.
        assert!(!s.matches("app-1", None));
    }

    #[test]
    fn bad_selectors_are_located_errors() {
        let (_, problems) = selector("{exclude: [a]}");
        assert_eq!(problems[0].message, "the selector selects by nothing");
        let (_, problems) = selector("{ou: [Workloads]}");
        assert_eq!(
            problems[0].message,
            "OU path `Workloads` does not start with `/`"
        );
        let node = parse(&Arc::new(PathBuf::from("t.yaml")), "{ou: /x, nmes: [a]}")
            .unwrap()
            .unwrap();
        let mut sink = Vec::new();
        AccountsSelector::decode(&node, &mut sink);
        let messages: Vec<_> = sink.iter().map(|d| d.message.as_str()).collect();
        assert!(
            messages.iter().any(|m| m.contains("unknown key `nmes`")),
            "{messages:?}"
        );
    }
}
