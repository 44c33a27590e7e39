//! JSON paths into a policy document (`Statement[2].Effect`), so problems say where they are.

use std::fmt;

/// A location inside a policy document, from the root down.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct JsonPath(pub Vec<PathSegment>);

/// One step of a [`JsonPath`].
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PathSegment {
    /// An object key.
    Key(String),
    /// A list index (0-based, as in the JSON).
    Index(usize),
}

impl JsonPath {
    /// The document root.
    pub fn root() -> JsonPath {
        JsonPath(Vec::new())
    }

    /// This path extended by an object key.
    pub fn key(&self, key: &str) -> JsonPath {
        let mut segments = self.0.clone();
        segments.push(PathSegment::Key(key.to_string()));
        JsonPath(segments)
    }

    /// This path extended by a list index.
    pub fn index(&self, index: usize) -> JsonPath {
        let mut segments = self.0.clone();
        segments.push(PathSegment::Index(index));
        JsonPath(segments)
    }
}

/// Keys such as `aws:SourceIp` or `s3:prefix` read fine bare; anything that would make
/// the path ambiguous (dots, brackets, quotes, spaces) is quoted.
fn needs_quoting(key: &str) -> bool {
    key.is_empty()
        || key
            .chars()
            .any(|c| matches!(c, '.' | '[' | ']' | '"') || c.is_whitespace())
}

impl fmt::Display for JsonPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("(document root)");
        }
        for (i, segment) in self.0.iter().enumerate() {
            match segment {
                PathSegment::Key(k) if needs_quoting(k) => {
                    write!(f, "[{}]", serde_json::Value::String(k.clone()))?
                }
                PathSegment::Key(k) if i == 0 => f.write_str(k)?,
                PathSegment::Key(k) => write!(f, ".{k}")?,
                PathSegment::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_keys_indexes_and_quoted_keys() {
        let p = JsonPath::root()
            .key("Statement")
            .index(2)
            .key("Condition")
            .key("StringEquals")
            .key("aws:SourceVpc");
        assert_eq!(
            p.to_string(),
            "Statement[2].Condition.StringEquals.aws:SourceVpc"
        );
        assert_eq!(JsonPath::root().key("a b").to_string(), "[\"a b\"]");
        assert_eq!(JsonPath::root().to_string(), "(document root)");
    }
}
