//! The typed grammar of an IAM policy document: [`Policy`], [`Statement`] and their elements.

use super::condition::ConditionBlock;
use super::principal::Principal;

/// A parsed policy document. Lists keep the author's order and spelling; use
/// [`Policy::normalized`] for the comparison form.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Policy {
    /// The policy language version; IAM assumes 2008-10-17 when it is missing.
    pub version: PolicyVersion,
    /// The optional document `Id`.
    pub id: Option<String>,
    /// The statements, in document order.
    pub statements: Vec<Statement>,
}

/// The policy language version (`Version`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PolicyVersion {
    /// `2008-10-17`: the original language, without policy variables. IAM's default.
    V2008_10_17,
    /// `2012-10-17`: the current language (policy variables such as `${aws:username}`).
    V2012_10_17,
}

impl PolicyVersion {
    /// The version string as written in documents.
    pub fn as_str(self) -> &'static str {
        match self {
            PolicyVersion::V2008_10_17 => "2008-10-17",
            PolicyVersion::V2012_10_17 => "2012-10-17",
        }
    }

    /// Reads a version string; `None` for anything IAM does not accept.
    pub fn from_name(s: &str) -> Option<PolicyVersion> {
        match s {
            "2008-10-17" => Some(PolicyVersion::V2008_10_17),
            "2012-10-17" => Some(PolicyVersion::V2012_10_17),
            _ => None,
        }
    }
}

/// One statement of a policy.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Statement {
    /// Optional statement id; a label only, it never affects evaluation.
    pub sid: Option<String>,
    /// Allow or Deny.
    pub effect: Effect,
    /// `Principal` or `NotPrincipal`; absent in identity-based policies.
    pub principal: Option<PrincipalElement>,
    /// `Action` or `NotAction`; one of them is required.
    pub action: ActionList,
    /// `Resource` or `NotResource`; absent in role trust policies.
    pub resource: Option<ResourceList>,
    /// The `Condition` block; empty when the statement has none.
    pub condition: ConditionBlock,
}

/// A statement's `Effect`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Effect {
    /// `Allow`.
    Allow,
    /// `Deny`.
    Deny,
}

impl Effect {
    /// The effect as written in documents.
    pub fn as_str(self) -> &'static str {
        match self {
            Effect::Allow => "Allow",
            Effect::Deny => "Deny",
        }
    }
}

/// Who a statement applies to: `Principal` (these) or `NotPrincipal` (all but these).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PrincipalElement {
    /// `Principal`.
    Principal(Principal),
    /// `NotPrincipal`.
    NotPrincipal(Principal),
}

impl PrincipalElement {
    /// The JSON key: `Principal` or `NotPrincipal`.
    pub fn key(&self) -> &'static str {
        match self {
            PrincipalElement::Principal(_) => "Principal",
            PrincipalElement::NotPrincipal(_) => "NotPrincipal",
        }
    }

    /// The principals named, whichever key holds them.
    pub fn principal(&self) -> &Principal {
        match self {
            PrincipalElement::Principal(p) | PrincipalElement::NotPrincipal(p) => p,
        }
    }
}

/// The actions a statement matches: `Action` (these) or `NotAction` (all but these).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ActionList {
    /// `Action`: the listed action patterns (`service:Name`, wildcards `*` and `?`).
    Action(Vec<String>),
    /// `NotAction`: every action except the listed patterns.
    NotAction(Vec<String>),
}

impl ActionList {
    /// The JSON key: `Action` or `NotAction`.
    pub fn key(&self) -> &'static str {
        match self {
            ActionList::Action(_) => "Action",
            ActionList::NotAction(_) => "NotAction",
        }
    }

    /// The listed action patterns, whichever key holds them.
    pub fn patterns(&self) -> &[String] {
        match self {
            ActionList::Action(v) | ActionList::NotAction(v) => v,
        }
    }
}

/// The resources a statement matches: `Resource` (these) or `NotResource` (all but these).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ResourceList {
    /// `Resource`: the listed ARN patterns or `*`.
    Resource(Vec<String>),
    /// `NotResource`: every resource except the listed patterns.
    NotResource(Vec<String>),
}

impl ResourceList {
    /// The JSON key: `Resource` or `NotResource`.
    pub fn key(&self) -> &'static str {
        match self {
            ResourceList::Resource(_) => "Resource",
            ResourceList::NotResource(_) => "NotResource",
        }
    }

    /// The listed resource patterns, whichever key holds them.
    pub fn patterns(&self) -> &[String] {
        match self {
            ResourceList::Resource(v) | ResourceList::NotResource(v) => v,
        }
    }

    /// Whether the list covers a resource, given which of its patterns match that
    /// resource: `Resource` when any does, `NotResource` when none does.
    pub fn covers(&self, mut pattern_matches: impl FnMut(&str) -> bool) -> bool {
        let any = self.patterns().iter().any(|p| pattern_matches(p));
        match self {
            ResourceList::Resource(_) => any,
            ResourceList::NotResource(_) => !any,
        }
    }
}

impl Statement {
    /// The resource patterns the statement names: its `Resource` list, or `*` when it
    /// has `NotResource` or neither (what to try when asking what it grants).
    pub fn named_resources(&self) -> Vec<&str> {
        match &self.resource {
            Some(ResourceList::Resource(r)) => r.iter().map(String::as_str).collect(),
            _ => vec!["*"],
        }
    }
}
