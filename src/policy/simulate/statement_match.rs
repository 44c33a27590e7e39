//! Whether one statement applies to a request: action, resource, principal, conditions.

use super::caller::Caller;
use super::condition_eval::conditions_hold;
use super::condition_eval::wildcard::Glob;
use super::principal_match::{Grant, principal_grant};
use super::request::Request;
use super::variables::expand;
use crate::policy::catalog::glob::glob_matches;
use crate::policy::document::{ActionList, ResourceList, Statement};

/// How a statement relates to a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatementMatch {
    /// Every element matches: its effect applies.
    Applies,
    /// The action is not covered.
    OtherAction,
    /// The action is covered but not the resource.
    OtherResource,
    /// The principal is not covered (resource policies).
    OtherPrincipal,
    /// A condition does not hold.
    ConditionFails,
}

/// Tests `statement` against `request`. `check_principal` is for resource-based policies
/// (a statement naming no principal covers nobody there);
/// `variables` is false for 2008-10-17 documents, where `${…}` is literal text.
pub fn statement_applies(
    statement: &Statement,
    request: &Request,
    check_principal: bool,
    variables: bool,
) -> StatementMatch {
    if !action_matches(&statement.action, &request.action) {
        return StatementMatch::OtherAction;
    }
    applies_beyond_action(statement, request, check_principal, variables)
}

/// [`statement_applies`] for a statement whose action is already known to match.
pub(super) fn applies_beyond_action(
    statement: &Statement,
    request: &Request,
    check_principal: bool,
    variables: bool,
) -> StatementMatch {
    if let Some(resources) = &statement.resource
        && !resource_matches(resources, request, variables)
    {
        return StatementMatch::OtherResource;
    }
    if check_principal {
        let caller = request.principal.as_deref().map(Caller::parse);
        let grant = principal_grant(
            statement.principal.as_ref(),
            statement.effect,
            caller.as_ref(),
            false,
        );
        if grant == Grant::None {
            return StatementMatch::OtherPrincipal;
        }
    }
    if !conditions_hold(&statement.condition, &request.context, variables) {
        return StatementMatch::ConditionFails;
    }
    StatementMatch::Applies
}

/// `Action` matches when any pattern does; `NotAction` when none does.
pub fn action_matches(list: &ActionList, action: &str) -> bool {
    let any = |patterns: &[String]| patterns.iter().any(|p| glob_matches(p, action, true));
    match list {
        ActionList::Action(p) => any(p),
        ActionList::NotAction(p) => !any(p),
    }
}

/// A pattern with variables is expanded into units, so a `*` or `?` in a variable's value
/// stays a character (the value is literal text, not a pattern); a pattern whose variable
/// does not resolve matches no resource.
fn resource_matches(list: &ResourceList, request: &Request, variables: bool) -> bool {
    list.covers(|p| {
        if !(variables && p.contains("${")) {
            return glob_matches(p, &request.resource, false);
        }
        expand(p, &request.context, true)
            .is_some_and(|units| Glob::new(&units).matches(&request.resource))
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::policy::parse;
    use crate::policy::simulate::Context;

    fn statement(resource_key: &str, pattern: &str) -> Statement {
        let doc = json!({"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:GetObject", resource_key: pattern}});
        parse(&doc).unwrap().statements.remove(0)
    }

    fn request(resource: &str, pairs: &[(&str, &str)]) -> Request {
        let mut context = Context::new();
        for (k, v) in pairs {
            context.insert(k, *v);
        }
        Request::new("s3:GetObject", resource, None, context)
    }

    fn applies(statement: &Statement, request: &Request) -> bool {
        statement_applies(statement, request, false, true) == StatementMatch::Applies
    }

    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html:
    // a variable is replaced by the request's value, and that value is text, not a
    // pattern: a user named `Bob*` gets `home/Bob*/…`, not every home starting `Bob`.
    #[test]
    fn a_variable_value_with_wildcards_is_literal_in_resource() {
        let s = statement("Resource", "arn:aws:s3:::home/${aws:username}/*");
        let bob_star = [("aws:username", "Bob*")];
        assert!(applies(
            &s,
            &request("arn:aws:s3:::home/Bob*/notes", &bob_star)
        ));
        assert!(!applies(
            &s,
            &request("arn:aws:s3:::home/Bobby/notes", &bob_star)
        ));
        let question = [("aws:username", "B?b")];
        assert!(applies(&s, &request("arn:aws:s3:::home/B?b/x", &question)));
        assert!(!applies(&s, &request("arn:aws:s3:::home/Bob/x", &question)));
        // The pattern's own wildcards still work around the variable.
        assert!(applies(
            &s,
            &request("arn:aws:s3:::home/Bob*/a/b", &bob_star)
        ));
        // `${*}` is a literal `*` too.
        let star = statement("Resource", "arn:aws:s3:::b/${*}");
        assert!(applies(&star, &request("arn:aws:s3:::b/*", &[])));
        assert!(!applies(&star, &request("arn:aws:s3:::b/k", &[])));
    }

    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html:
    // a literal value in `NotResource` excludes only that resource.
    #[test]
    fn a_variable_value_with_wildcards_is_literal_in_not_resource() {
        let s = statement("NotResource", "arn:aws:s3:::home/${aws:username}");
        let bob_star = [("aws:username", "Bob*")];
        assert!(!applies(&s, &request("arn:aws:s3:::home/Bob*", &bob_star)));
        assert!(applies(&s, &request("arn:aws:s3:::home/Bobby", &bob_star)));
    }

    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
    // (a variable that cannot be resolved makes the element not match): with no
    // `aws:username` in the request, `home/${aws:username}/*` covers nothing.
    #[test]
    fn an_unresolved_variable_in_resource_matches_nothing() {
        let s = statement("Resource", "arn:aws:s3:::home/${aws:username}/*");
        let r = request("arn:aws:s3:::home/${aws:username}/x", &[]);
        assert_eq!(
            statement_applies(&s, &r, false, true),
            StatementMatch::OtherResource
        );
        let fallback = statement("Resource", "arn:aws:s3:::home/${aws:username, 'shared'}/*");
        assert!(applies(
            &fallback,
            &request("arn:aws:s3:::home/shared/x", &[])
        ));
        // In a 2008-10-17 document the text is literal and matches itself.
        assert_eq!(
            statement_applies(&s, &r, false, false),
            StatementMatch::Applies
        );
    }
}
