//! `{{account.name}}`, `{{account.id}}`, `{{account.ou}}` and `{{account.tags.KEY}}` in the
//! string fields of an entity that says `accounts:`: each copy of the entity gets its
//! account's values. [`Substitute`] walks every string of a decoded spec (names, paths,
//! descriptions, policy documents, trust entries); `decode_struct!` implements it for
//! each spec from the same field list as decoding, so no field is forgotten.

use std::sync::Arc;

use crate::arn::Partition;
use crate::diagnostic::{Diagnostic, Span};
use crate::model::{AccessKeyRule, Project, Tags};

use super::document::{DocumentSource, TextFile};
use super::expires::{Expires, ExpiringName, InlineEntry};
use super::identity_center_spec::PermissionSetDuration;
use super::located::{Checked, Entries, Located};
use super::session_duration::SessionDuration;
use super::trust_spec::{GithubTrust, GitlabTrust};

/// The values one account gives the variables.
#[derive(Debug, Clone)]
pub struct AccountVars<'a> {
    /// Manifest account name.
    pub name: &'a str,
    /// 12-digit account id.
    pub id: &'a str,
    /// OU path, when the account is in the organization.
    pub ou: Option<&'a str>,
    /// The account's Organizations tags.
    pub tags: &'a Tags,
}

/// What a string field holds at most after substitution: a value longer than this is
/// an error rather than a way to multiply a manifest's size.
const MAX_EXPANDED: usize = 64 * 1024;

/// The tags of an account outside the organization.
static NO_TAGS: Tags = Tags::new();

impl<'p> AccountVars<'p> {
    /// The values of `account`, a manifest account of `project`.
    pub fn of(project: &'p Project, account: &'p str) -> AccountVars<'p> {
        let member = project
            .organization
            .as_ref()
            .and_then(|o| o.members.get(account));
        AccountVars {
            name: account,
            id: &project.accounts[account].id,
            ou: member.map(|m| m.ou.as_str()),
            tags: member.map_or(&NO_TAGS, |m| &m.tags),
        }
    }
}

impl AccountVars<'_> {
    /// `text` with every `{{…}}` replaced; unknown variables and values the account does
    /// not have are reported at `at`, and the text is then left as written.
    pub fn expand(&self, text: &str, at: &Span, sink: &mut Vec<Diagnostic>) -> Option<String> {
        if !text.contains("{{") {
            return None;
        }
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(start) = rest.find("{{") {
            out.push_str(&rest[..start]);
            let after = &rest[start + 2..];
            let Some(end) = after.find("}}") else {
                sink.push(
                    Diagnostic::error(Some(at.clone()), "`{{` without a closing `}}`")
                        .with_help("write a variable as {{account.name}}"),
                );
                return None;
            };
            out.push_str(&self.value(after[..end].trim(), at, sink)?);
            rest = &after[end + 2..];
        }
        out.push_str(rest);
        if out.len() > MAX_EXPANDED {
            sink.push(Diagnostic::error(
                Some(at.clone()),
                format!("value is longer than {MAX_EXPANDED} bytes after substitution"),
            ));
            return None;
        }
        Some(out)
    }

    fn value(&self, variable: &str, at: &Span, sink: &mut Vec<Diagnostic>) -> Option<String> {
        let found = match variable {
            "account.name" => Some(self.name.to_string()),
            "account.id" => Some(self.id.to_string()),
            "account.ou" => match self.ou {
                Some(ou) => Some(ou.to_string()),
                None => {
                    sink.push(
                        Diagnostic::error(
                            Some(at.clone()),
                            format!(
                                "account `{}` is not in the organization, so it has no OU",
                                self.name
                            ),
                        )
                        .with_help(
                            "select only organization accounts, or leave {{account.ou}} out",
                        ),
                    );
                    return None;
                }
            },
            other => match other.strip_prefix("account.tags.") {
                Some(key) => match self.tags.get(key) {
                    Some(value) => Some(value.clone()),
                    None => {
                        sink.push(
                            Diagnostic::error(
                                Some(at.clone()),
                                format!("account `{}` has no tag `{key}`", self.name),
                            )
                            .with_help("tag the account in AWS Organizations, or select only accounts with that tag (`tags:` in the selector)"),
                        );
                        return None;
                    }
                },
                None => None,
            },
        };
        if found.is_none() {
            sink.push(
                Diagnostic::error(Some(at.clone()), format!("unknown variable `{variable}`"))
                    .with_help("variables: {{account.name}}, {{account.id}}, {{account.ou}}, {{account.tags.KEY}}"),
            );
        }
        found
    }

    /// True when `text` uses `{{account.tags.…}}`, so the organization's tags are needed.
    pub fn uses_tags(text: &str) -> bool {
        text.contains("{{") && text.contains("account.tags.")
    }
}

/// A decoded value whose strings take account variables.
pub trait Substitute {
    /// Replaces the variables in every string of `self`; `at` locates errors in values
    /// that carry no location of their own.
    fn substitute(&mut self, vars: &AccountVars<'_>, at: &Span, sink: &mut Vec<Diagnostic>);

    /// Calls `f` on every string of `self` (to find what the variables need).
    fn each_string(&self, f: &mut dyn FnMut(&str));
}

impl Substitute for String {
    fn substitute(&mut self, vars: &AccountVars<'_>, at: &Span, sink: &mut Vec<Diagnostic>) {
        if let Some(expanded) = vars.expand(self, at, sink) {
            *self = expanded;
        }
    }

    fn each_string(&self, f: &mut dyn FnMut(&str)) {
        f(self);
    }
}

/// Values with no strings in them.
macro_rules! no_strings {
    ($($ty:ty),*) => {$(
        impl Substitute for $ty {
            fn substitute(&mut self, _: &AccountVars<'_>, _: &Span, _: &mut Vec<Diagnostic>) {}
            fn each_string(&self, _: &mut dyn FnMut(&str)) {}
        }
    )*};
}
// A file's path is read before accounts are known, and its text (SAML metadata) is the
// identity provider's own: neither takes account variables. A permission set's session
// length is held normalized (`PT8H`): no variable survives its decoding.
no_strings!(
    bool,
    u32,
    SessionDuration,
    PermissionSetDuration,
    Partition,
    Expires,
    TextFile,
    AccessKeyRule
);

/// Trust shorthands whose fields are all strings or flags.
macro_rules! located_fields {
    ($($ty:ty { $($field:ident),* }),*) => {$(
        impl Substitute for $ty {
            fn substitute(&mut self, vars: &AccountVars<'_>, at: &Span, sink: &mut Vec<Diagnostic>) {
                $(self.$field.substitute(vars, at, sink);)*
            }

            fn each_string(&self, f: &mut dyn FnMut(&str)) {
                $(self.$field.each_string(f);)*
            }
        }
    )*};
}
located_fields!(
    GithubTrust {
        repo,
        git_ref,
        environment,
        pull_request
    },
    GitlabTrust {
        host,
        project,
        git_ref,
        tag
    }
);

impl Substitute for ExpiringName {
    fn substitute(&mut self, vars: &AccountVars<'_>, at: &Span, sink: &mut Vec<Diagnostic>) {
        self.name.substitute(vars, at, sink);
    }

    fn each_string(&self, f: &mut dyn FnMut(&str)) {
        self.name.each_string(f);
    }
}

impl Substitute for InlineEntry {
    fn substitute(&mut self, vars: &AccountVars<'_>, at: &Span, sink: &mut Vec<Diagnostic>) {
        self.document.substitute(vars, at, sink);
    }

    fn each_string(&self, f: &mut dyn FnMut(&str)) {
        self.document.each_string(f);
    }
}

impl<T: Substitute> Substitute for Located<T> {
    fn substitute(&mut self, vars: &AccountVars<'_>, _: &Span, sink: &mut Vec<Diagnostic>) {
        self.value.substitute(vars, &self.span, sink);
    }

    fn each_string(&self, f: &mut dyn FnMut(&str)) {
        self.value.each_string(f);
    }
}

impl<T: Substitute> Substitute for Option<T> {
    fn substitute(&mut self, vars: &AccountVars<'_>, at: &Span, sink: &mut Vec<Diagnostic>) {
        if let Some(value) = self {
            value.substitute(vars, at, sink);
        }
    }

    fn each_string(&self, f: &mut dyn FnMut(&str)) {
        if let Some(value) = self {
            value.each_string(f);
        }
    }
}

impl<T: Substitute> Substitute for Checked<T> {
    fn substitute(&mut self, vars: &AccountVars<'_>, at: &Span, sink: &mut Vec<Diagnostic>) {
        if let Checked::Valid(value) = self {
            value.substitute(vars, at, sink);
        }
    }

    fn each_string(&self, f: &mut dyn FnMut(&str)) {
        if let Checked::Valid(value) = self {
            value.each_string(f);
        }
    }
}

impl<T: Substitute> Substitute for Vec<T> {
    fn substitute(&mut self, vars: &AccountVars<'_>, at: &Span, sink: &mut Vec<Diagnostic>) {
        for value in self {
            value.substitute(vars, at, sink);
        }
    }

    fn each_string(&self, f: &mut dyn FnMut(&str)) {
        for value in self {
            value.each_string(f);
        }
    }
}

/// Keys too: an entity's name may hold `{{account.name}}`.
impl<T: Substitute> Substitute for Entries<T> {
    fn substitute(&mut self, vars: &AccountVars<'_>, at: &Span, sink: &mut Vec<Diagnostic>) {
        for (key, value) in &mut self.0 {
            key.substitute(vars, at, sink);
            value.substitute(vars, at, sink);
        }
    }

    fn each_string(&self, f: &mut dyn FnMut(&str)) {
        for (key, value) in &self.0 {
            key.each_string(f);
            value.each_string(f);
        }
    }
}

/// String values of a JSON document (keys are IAM's element and condition-key names).
impl Substitute for serde_json::Value {
    fn substitute(&mut self, vars: &AccountVars<'_>, at: &Span, sink: &mut Vec<Diagnostic>) {
        match self {
            serde_json::Value::String(s) => s.substitute(vars, at, sink),
            serde_json::Value::Array(items) => {
                for item in items {
                    item.substitute(vars, at, sink);
                }
            }
            serde_json::Value::Object(map) => {
                for value in map.values_mut() {
                    value.substitute(vars, at, sink);
                }
            }
            _ => {}
        }
    }

    fn each_string(&self, f: &mut dyn FnMut(&str)) {
        match self {
            serde_json::Value::String(s) => f(s),
            serde_json::Value::Array(items) => items.iter().for_each(|i| i.each_string(f)),
            serde_json::Value::Object(map) => map.values().for_each(|v| v.each_string(f)),
            _ => {}
        }
    }
}

/// Inline documents and documents read from `{file: …}` alike; a file's document is
/// copied for the account, errors located at the reference.
impl Substitute for DocumentSource {
    fn substitute(&mut self, vars: &AccountVars<'_>, at: &Span, sink: &mut Vec<Diagnostic>) {
        match self {
            DocumentSource::Inline(value, _) => value.substitute(vars, at, sink),
            DocumentSource::File(path, Some(document)) => {
                let mut value = document.value.clone();
                value.substitute(vars, &path.span, sink);
                if value != document.value {
                    let mut copy = (**document).clone();
                    copy.value = value;
                    *document = Arc::new(copy);
                }
            }
            DocumentSource::File(_, None) => {}
        }
    }

    fn each_string(&self, f: &mut dyn FnMut(&str)) {
        match self {
            DocumentSource::Inline(value, _) => value.each_string(f),
            DocumentSource::File(_, Some(document)) => document.value.each_string(f),
            DocumentSource::File(_, None) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars<'a>(tags: &'a Tags) -> AccountVars<'a> {
        AccountVars {
            name: "dev-1",
            id: "111111111111",
            ou: Some("/Workloads/Dev"),
            tags,
        }
    }

    fn at() -> Span {
        Span::new(Arc::new("m.yaml".into()), 3, 5, 1)
    }

    #[test]
    fn every_variable_takes_the_account_value() {
        let tags = Tags::from([("env".to_string(), "dev".to_string())]);
        let mut sink = Vec::new();
        let out = vars(&tags).expand(
            "{{account.name}}:{{ account.id }}:{{account.ou}}:{{account.tags.env}}",
            &at(),
            &mut sink,
        );
        assert_eq!(
            out.as_deref(),
            Some("dev-1:111111111111:/Workloads/Dev:dev")
        );
        assert!(sink.is_empty());
        assert_eq!(vars(&tags).expand("no variables", &at(), &mut sink), None);
    }

    #[test]
    fn unknown_variables_and_missing_values_are_located_errors() {
        let tags = Tags::new();
        let mut sink = Vec::new();
        let v = vars(&tags);
        assert_eq!(v.expand("x-{{account.nmae}}", &at(), &mut sink), None);
        assert_eq!(v.expand("{{account.tags.team}}", &at(), &mut sink), None);
        assert_eq!(v.expand("{{account.name", &at(), &mut sink), None);
        let outside = AccountVars { ou: None, ..v };
        assert_eq!(outside.expand("{{account.ou}}", &at(), &mut sink), None);
        let messages: Vec<_> = sink.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "unknown variable `account.nmae`",
                "account `dev-1` has no tag `team`",
                "`{{` without a closing `}}`",
                "account `dev-1` is not in the organization, so it has no OU",
            ]
        );
        assert!(sink.iter().all(|d| d.span == Some(at())));
    }

    #[test]
    fn documents_get_values_in_strings_only() {
        let tags = Tags::new();
        let mut doc = serde_json::json!({
            "Statement": [{"Effect": "Allow", "Resource": "arn:aws:s3:::logs-{{account.id}}/*",
                           "Condition": {"StringEquals": {"aws:ResourceAccount": "{{account.id}}"}}}]
        });
        let mut sink = Vec::new();
        doc.substitute(&vars(&tags), &at(), &mut sink);
        assert_eq!(
            doc["Statement"][0]["Resource"],
            "arn:aws:s3:::logs-111111111111/*"
        );
        assert_eq!(
            doc["Statement"][0]["Condition"]["StringEquals"]["aws:ResourceAccount"],
            "111111111111"
        );
        assert!(AccountVars::uses_tags("{{account.tags.env}}"));
        assert!(!AccountVars::uses_tags("{{account.name}}"));
    }
}
