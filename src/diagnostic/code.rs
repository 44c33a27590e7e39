//! Stable codes of the checks that report diagnostics: one enum, so a code is never
//! written into message text and parsed back, and every output format (text, JSON,
//! SARIF, the plan) shows the same code and name.

use crate::audit::Check;
use crate::policy::lint::Rule;

use super::Severity;

/// Which check found a problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Code {
    /// A policy lint rule (`IAM0xx` correctness, `IAM1xx` security).
    Lint(Rule),
    /// An account security-audit check (`IAM2xx`).
    Audit(Check),
    /// A manifest entry whose `expires:` has passed, still written (`IAM300`).
    Expired,
}

impl Code {
    /// The stable code, e.g. `IAM101`.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::Lint(rule) => rule.code(),
            Code::Audit(check) => check.code(),
            Code::Expired => "IAM300",
        }
    }

    /// A kebab-case name, e.g. `pass-role-any`.
    pub fn name(self) -> &'static str {
        match self {
            Code::Lint(rule) => rule.name(),
            Code::Audit(check) => check.name(),
            Code::Expired => "expired-entry",
        }
    }

    /// The severity a finding of this code has.
    pub fn severity(self) -> Severity {
        match self {
            Code::Lint(rule) => rule.severity(),
            Code::Audit(_) | Code::Expired => Severity::Warning,
        }
    }
}

impl From<Rule> for Code {
    fn from(rule: Rule) -> Code {
        Code::Lint(rule)
    }
}

impl From<Check> for Code {
    fn from(check: Check) -> Code {
        Code::Audit(check)
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_is_unique_across_lint_and_audit() {
        let codes: Vec<Code> = Rule::ALL
            .iter()
            .map(|&r| Code::Lint(r))
            .chain(Check::ALL.iter().map(|&c| Code::Audit(c)))
            .chain([Code::Expired])
            .collect();
        let mut strings: Vec<&str> = codes.iter().map(|c| c.as_str()).collect();
        strings.sort_unstable();
        strings.dedup();
        assert_eq!(strings.len(), codes.len());
        let mut names: Vec<&str> = codes.iter().map(|c| c.name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), codes.len());
    }
}
