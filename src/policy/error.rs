//! Why a policy document is invalid: every problem found, each with its JSON path and a hint.

use std::fmt;

use super::path::JsonPath;

/// One thing wrong with a policy document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyProblem {
    /// Where in the document.
    pub path: JsonPath,
    /// What is wrong, one sentence, no trailing period.
    pub message: String,
    /// How to fix it.
    pub hint: Option<String>,
}

impl fmt::Display for PolicyProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, " (hint: {hint})")?;
        }
        Ok(())
    }
}

/// A policy document that does not follow the IAM grammar; holds every problem found.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct PolicyError {
    /// All problems, in the order they were found (never empty).
    pub problems: Vec<PolicyProblem>,
}

impl fmt::Display for PolicyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.problems.as_slice() {
            [one] => write!(f, "invalid policy document: {one}"),
            many => {
                write!(f, "invalid policy document ({} problems): ", many.len())?;
                for (i, p) in many.iter().enumerate() {
                    if i > 0 {
                        f.write_str("; ")?;
                    }
                    write!(f, "{p}")?;
                }
                Ok(())
            }
        }
    }
}

/// Collects problems while a document is read, so one pass reports all of them.
#[derive(Debug, Default)]
pub(crate) struct ProblemSink(pub(crate) Vec<PolicyProblem>);

impl ProblemSink {
    /// Records a problem at `path`.
    pub(crate) fn report(&mut self, path: &JsonPath, message: String, hint: Option<String>) {
        self.0.push(PolicyProblem {
            path: path.clone(),
            message,
            hint,
        });
    }

    /// How many problems have been recorded; compare before and after reading an element.
    pub(crate) fn count(&self) -> usize {
        self.0.len()
    }
}

/// A hint naming the known key closest to an unknown one, if any is close.
pub(crate) fn suggest_key(unknown: &str, known: &[&str]) -> Option<String> {
    if let Some(k) = known.iter().find(|k| k.eq_ignore_ascii_case(unknown)) {
        return Some(format!("keys are case-sensitive: write `{k}`"));
    }
    known
        .iter()
        .map(|k| (strsim::jaro_winkler(unknown, k), k))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| format!("did you mean `{k}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_case_fix_then_close_spelling() {
        let known = ["Version", "Id", "Statement"];
        assert_eq!(
            suggest_key("version", &known).as_deref(),
            Some("keys are case-sensitive: write `Version`")
        );
        assert_eq!(
            suggest_key("Statment", &known).as_deref(),
            Some("did you mean `Statement`?")
        );
        assert_eq!(suggest_key("Banana", &known), None);
    }

    #[test]
    fn error_display_lists_every_problem() {
        let problem = |key: &str| PolicyProblem {
            path: JsonPath::root().key(key),
            message: "is wrong".into(),
            hint: None,
        };
        let err = PolicyError {
            problems: vec![problem("A"), problem("B")],
        };
        assert_eq!(
            err.to_string(),
            "invalid policy document (2 problems): A: is wrong; B: is wrong"
        );
    }
}
