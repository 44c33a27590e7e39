//! The YAML of each entity kind, as the manifest loader expects it back.

use std::collections::{BTreeMap, BTreeSet};

use super::policy_reference::PolicyNaming;
use super::trust_entries::{TrustNaming, trust_entries};
use super::yaml_text::Yaml;
use crate::manifest::{REQUIRE_MFA_POLICY_NAME, legacy_require_mfa_document, require_mfa_document};
use crate::model::{
    AccountSettings, DEFAULT_MAX_SESSION_DURATION, Group, InstanceProfile, ManagedPolicy,
    OidcProvider, PolicyDocument, Role, SamlProvider, Tags, User,
};
use crate::policy;

/// What every entity writer needs: how to name policies and trusted principals.
pub struct EntityWriter<'a> {
    /// Attached policy ARNs → references.
    pub policies: PolicyNaming<'a>,
    /// Trust principals → entries.
    pub trust: TrustNaming<'a>,
}

/// IAM's order of policy document keys, so generated documents read like IAM's own.
pub fn iam_key_rank(key: &str) -> u8 {
    const ORDER: &[&str] = &[
        "Version",
        "Id",
        "Statement",
        "Sid",
        "Effect",
        "Principal",
        "NotPrincipal",
        "Action",
        "NotAction",
        "Resource",
        "NotResource",
        "Condition",
    ];
    ORDER
        .iter()
        .position(|k| *k == key)
        .map_or(u8::MAX, |i| i as u8)
}

/// A policy document as a YAML map.
pub fn document(doc: &PolicyDocument) -> Yaml {
    Yaml::from_json(&doc.0, &iam_key_rank)
}

struct Fields(Vec<(String, Yaml)>);

impl Fields {
    fn put(&mut self, key: &str, value: Yaml) {
        self.0.push((key.to_string(), value));
    }

    fn path(&mut self, path: &str) {
        if path != "/" {
            self.put("path", Yaml::str(path));
        }
    }

    fn tags(&mut self, tags: &Tags) {
        // `aws:` tags are AWS's own: a manifest may not write them and the diff ignores them.
        let tags = crate::model::managed_tags(tags);
        if !tags.is_empty() {
            let entries = tags.iter().map(|(k, v)| (k.clone(), Yaml::str(v)));
            self.put("tags", Yaml::Map(entries.collect()));
        }
    }

    fn inline(&mut self, inline: &BTreeMap<String, PolicyDocument>) {
        if !inline.is_empty() {
            let entries = inline.iter().map(|(k, d)| (k.clone(), document(d)));
            self.put("inline_policies", Yaml::Map(entries.collect()));
        }
    }
}

impl EntityWriter<'_> {
    fn references(&self, arns: &BTreeSet<String>) -> Option<Yaml> {
        let mut names: Vec<String> = arns.iter().map(|a| self.policies.reference(a)).collect();
        names.sort();
        (!names.is_empty()).then(|| Yaml::strings(&names))
    }

    fn attachments(&self, f: &mut Fields, boundary: Option<&String>, arns: &BTreeSet<String>) {
        if let Some(b) = boundary {
            f.put(
                "permissions_boundary",
                Yaml::str(self.policies.reference(b)),
            );
        }
        if let Some(list) = self.references(arns) {
            f.put("policies", list);
        }
    }

    /// A user's fields.
    pub fn user(&self, u: &User) -> Yaml {
        let mut f = Fields(Vec::new());
        f.path(&u.path);
        if !u.groups.is_empty() {
            f.put("groups", Yaml::strings(&u.groups));
        }
        self.attachments(&mut f, u.permissions_boundary.as_ref(), &u.managed_policies);
        f.inline(&u.inline_policies);
        f.tags(&u.tags);
        Yaml::Map(f.0)
    }

    /// A group's fields; the standard MFA policy becomes `require_mfa: true`, and so does
    /// the deny-only one earlier versions generated (the plan then shows its upgrade).
    pub fn group(&self, g: &Group) -> Yaml {
        let mut f = Fields(Vec::new());
        f.path(&g.path);
        self.attachments(&mut f, None, &g.managed_policies);
        let mut inline = g.inline_policies.clone();
        let standard_mfa = inline.get(REQUIRE_MFA_POLICY_NAME).is_some_and(|d| {
            policy::equivalent(&d.0, &require_mfa_document())
                || policy::equivalent(&d.0, &legacy_require_mfa_document())
        });
        if standard_mfa {
            inline.remove(REQUIRE_MFA_POLICY_NAME);
            f.put("require_mfa", Yaml::Literal("true".into()));
        }
        f.inline(&inline);
        Yaml::Map(f.0)
    }

    /// A role's fields; `trust` entries when they are exact, the raw policy otherwise.
    pub fn role(&self, r: &Role) -> Yaml {
        let mut f = Fields(Vec::new());
        f.path(&r.path);
        if let Some(d) = &r.description {
            f.put("description", Yaml::str(d));
        }
        if r.max_session_duration != DEFAULT_MAX_SESSION_DURATION {
            f.put("max_session_duration", session(r.max_session_duration));
        }
        match trust_entries(&r.trust_policy.0, &self.trust) {
            Some(entries) => f.put("trust", entries),
            None => f.put("assume_role_policy", document(&r.trust_policy)),
        }
        self.attachments(&mut f, r.permissions_boundary.as_ref(), &r.managed_policies);
        f.inline(&r.inline_policies);
        f.tags(&r.tags);
        Yaml::Map(f.0)
    }

    /// A customer-managed policy's fields (its default version; older ones are history).
    pub fn policy(&self, p: &ManagedPolicy) -> Yaml {
        let mut f = Fields(Vec::new());
        f.path(&p.path);
        if let Some(d) = &p.description {
            f.put("description", Yaml::str(d));
        }
        f.put("document", document(&p.document));
        f.tags(&p.tags);
        Yaml::Map(f.0)
    }

    /// An OIDC provider's fields (its URL is the key).
    pub fn oidc_provider(&self, p: &OidcProvider) -> Yaml {
        let mut f = Fields(Vec::new());
        if !p.client_ids.is_empty() {
            f.put("client_ids", Yaml::strings(&p.client_ids));
        }
        if !p.thumbprints.is_empty() {
            f.put("thumbprints", Yaml::strings(&p.thumbprints));
        }
        f.tags(&p.tags);
        Yaml::Map(f.0)
    }

    /// A SAML provider's fields; `metadata_file` names the file import writes beside.
    pub fn saml_provider(&self, p: &SamlProvider, metadata_file: Option<&str>) -> Yaml {
        let mut f = Fields(Vec::new());
        if let Some(file) = metadata_file {
            f.put("metadata_file", Yaml::str(file));
        }
        f.tags(&p.tags);
        Yaml::Map(f.0)
    }

    /// An instance profile's fields.
    pub fn instance_profile(&self, p: &InstanceProfile) -> Yaml {
        let mut f = Fields(Vec::new());
        f.path(&p.path);
        if !p.roles.is_empty() {
            f.put("roles", Yaml::strings(&p.roles));
        }
        f.tags(&p.tags);
        Yaml::Map(f.0)
    }
}

/// `2h`, `90m` or plain seconds: what a person would write.
fn session(seconds: u32) -> Yaml {
    if seconds.is_multiple_of(3600) {
        Yaml::str(format!("{}h", seconds / 3600))
    } else if seconds.is_multiple_of(60) {
        Yaml::str(format!("{}m", seconds / 60))
    } else {
        Yaml::Literal(seconds.to_string())
    }
}

/// The account alias and every password policy field (absent ones mean "not managed").
pub fn account_settings(s: &AccountSettings) -> Option<Yaml> {
    let mut f = Fields(Vec::new());
    if let Some(alias) = &s.alias {
        f.put("alias", Yaml::str(alias));
    }
    if let Some(p) = &s.password_policy {
        let flag = |b: bool| Yaml::Literal(b.to_string());
        let number = |n: u32| Yaml::Literal(n.to_string());
        let mut pf = Fields(Vec::new());
        pf.put("minimum_password_length", number(p.minimum_password_length));
        pf.put("require_symbols", flag(p.require_symbols));
        pf.put("require_numbers", flag(p.require_numbers));
        pf.put(
            "require_uppercase_characters",
            flag(p.require_uppercase_characters),
        );
        pf.put(
            "require_lowercase_characters",
            flag(p.require_lowercase_characters),
        );
        pf.put(
            "allow_users_to_change_password",
            flag(p.allow_users_to_change_password),
        );
        if let Some(age) = p.max_password_age {
            pf.put("max_password_age", number(age));
        }
        if let Some(reuse) = p.password_reuse_prevention {
            pf.put("password_reuse_prevention", number(reuse));
        }
        pf.put("hard_expiry", flag(p.hard_expiry));
        f.put("password_policy", Yaml::Map(pf.0));
    }
    if !s.service_linked_roles.is_empty() {
        f.put(
            "service_linked_roles",
            Yaml::strings(&s.service_linked_roles),
        );
    }
    (!f.0.is_empty()).then_some(Yaml::Map(f.0))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde_json::json;

    use super::*;
    use crate::import::yaml_text::write_document;
    use crate::policy::aws_managed::AwsManagedPolicies;

    fn writer() -> EntityWriter<'static> {
        EntityWriter {
            policies: PolicyNaming {
                account_id: "111111111111",
                partition: crate::arn::Partition::Aws,
                imported: BTreeMap::new(),
                aws: AwsManagedPolicies::builtin(),
            },
            trust: TrustNaming {
                account_id: "111111111111",
                partition: crate::arn::Partition::Aws,
                account_names: BTreeMap::new(),
                role_paths: BTreeMap::new(),
                user_paths: BTreeMap::new(),
            },
        }
    }

    #[test]
    fn only_the_standard_mfa_policy_becomes_require_mfa() {
        let mut group = Group {
            name: "g".into(),
            path: "/".into(),
            managed_policies: Default::default(),
            inline_policies: BTreeMap::from([(
                REQUIRE_MFA_POLICY_NAME.to_string(),
                PolicyDocument(require_mfa_document()),
            )]),
            meta: Default::default(),
        };
        let yaml = |g: &Group| write_document(&[("g".into(), writer().group(g))]);
        assert_eq!(yaml(&group), "g:\n  require_mfa: true\n");
        group.inline_policies.insert(
            REQUIRE_MFA_POLICY_NAME.into(),
            PolicyDocument(legacy_require_mfa_document()),
        );
        assert_eq!(yaml(&group), "g:\n  require_mfa: true\n");
        let edited = json!({"Version": "2012-10-17", "Statement": [
            {"Effect": "Deny", "Action": "*", "Resource": "*"}]});
        group
            .inline_policies
            .insert(REQUIRE_MFA_POLICY_NAME.into(), PolicyDocument(edited));
        assert!(yaml(&group).contains("inline_policies:\n    iamform-require-mfa:\n"));
    }

    #[test]
    fn session_durations_read_like_a_person_wrote_them() {
        let text = |s| write_document(&[("d".into(), session(s))]);
        assert_eq!(text(7200), "d: 2h\n");
        assert_eq!(text(5400), "d: 90m\n");
        assert_eq!(text(3601), "d: 3601\n");
    }
}
