//! A user's `console_access`, `access_keys` and `mfa_required_for_console`: declarations
//! about credentials, never the credentials themselves.

use crate::diagnostic::Diagnostic;
use crate::model::{AccessKeyRule, CredentialRules};

use super::decode::{Decode, closest, type_error};
use super::document::UserSpec;
use super::yaml_node::YamlNode;

/// `none` or `max_one`; a typo gets the closest.
impl Decode for AccessKeyRule {
    fn decode(node: &YamlNode, sink: &mut Vec<Diagnostic>) -> Option<AccessKeyRule> {
        const WORDS: [AccessKeyRule; 2] = [AccessKeyRule::None, AccessKeyRule::MaxOne];
        let Some(text) = node.scalar_text() else {
            sink.push(type_error(node, "`none` or `max_one`"));
            return None;
        };
        if let Some(rule) = WORDS.into_iter().find(|w| w.as_str() == text) {
            return Some(rule);
        }
        let d = Diagnostic::error(
            Some(node.span.clone()),
            format!("unknown access_keys rule `{text}`"),
        );
        sink.push(match closest(text, WORDS.iter().map(|w| w.as_str())) {
            Some(best) => d.with_help(format!("did you mean `{best}`? write `none` or `max_one`")),
            None => d.with_help(
                "write `none` (delete every key) or `max_one` (warn about a second key)",
            ),
        });
        None
    }
}

/// The user's credential declarations; MFA required for a console the manifest removes
/// is a warning (it can never apply).
pub fn credential_rules(spec: &UserSpec, sink: &mut Vec<Diagnostic>) -> CredentialRules {
    if let (Some(mfa), Some(console)) = (&spec.mfa_required_for_console, &spec.console_access)
        && mfa.value
        && !console.value
    {
        sink.push(
            Diagnostic::warning(
                Some(mfa.span.clone()),
                "`mfa_required_for_console: true` has no effect with `console_access: false`",
            )
            .with_help("remove one of them"),
        );
    }
    CredentialRules {
        console_access: spec.console_access.as_ref().map(|c| c.value),
        access_keys: spec.access_keys.as_ref().map(|k| k.value),
        mfa_required_for_console: spec
            .mfa_required_for_console
            .as_ref()
            .is_some_and(|m| m.value),
    }
}
