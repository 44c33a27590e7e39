//! The "one string or a list of strings" shape shared by Action, Resource and principals.

use serde_json::Value;

use super::error::ProblemSink;
use super::path::JsonPath;

/// Reads a string or a non-empty list of strings at `path`; `None` after reporting problems.
/// IAM accepts both shapes and treats a single string as a one-element list.
pub(crate) fn read_string_list(
    value: &Value,
    path: &JsonPath,
    sink: &mut ProblemSink,
) -> Option<Vec<String>> {
    match value {
        Value::String(s) => Some(vec![s.clone()]),
        Value::Array(items) if items.is_empty() => {
            sink.report(
                path,
                "is an empty list".into(),
                Some("list at least one value, or remove the element".into()),
            );
            None
        }
        Value::Array(items) => {
            let before = sink.count();
            let mut out = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                match item {
                    Value::String(s) => out.push(s.clone()),
                    other => sink.report(
                        &path.index(i),
                        format!("must be a string, found {}", kind_of(other)),
                        None,
                    ),
                }
            }
            (sink.count() == before).then_some(out)
        }
        _ => {
            sink.report(
                path,
                "must be a string or a list of strings".into(),
                Some(r#"write one string, or a list such as ["a", "b"]"#.into()),
            );
            None
        }
    }
}

/// Sorts and removes duplicates: the order of an IAM value list never matters.
pub(crate) fn sorted_unique(mut values: Vec<String>) -> Vec<String> {
    values.sort();
    values.dedup();
    values
}

/// A short name for a JSON value's type, for messages.
pub(crate) fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a map",
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn reads_string_or_list_and_reports_bad_items() {
        let path = JsonPath::root().key("Action");
        let mut sink = ProblemSink::default();
        assert_eq!(
            read_string_list(&json!("a"), &path, &mut sink),
            Some(vec!["a".to_string()])
        );
        assert_eq!(
            read_string_list(&json!(["a", 1, null]), &path, &mut sink),
            None
        );
        assert_eq!(read_string_list(&json!([]), &path, &mut sink), None);
        let shown: Vec<String> = sink.0.iter().map(|p| p.to_string()).collect();
        assert_eq!(
            shown,
            vec![
                "Action[1]: must be a string, found a number",
                "Action[2]: must be a string, found null",
                "Action: is an empty list (hint: list at least one value, or remove the element)",
            ]
        );
    }

    #[test]
    fn sorted_unique_sorts_and_deduplicates() {
        let v = vec!["b".to_string(), "a".to_string(), "b".to_string()];
        assert_eq!(sorted_unique(v), vec!["a", "b"]);
    }
}
