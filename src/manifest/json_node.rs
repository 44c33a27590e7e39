//! A JSON policy file as the same located node tree YAML files give ([`YamlNode`]), in one
//! linear pass: every node knows its line and column, and duplicate keys stay visible so
//! decoding reports them (serde_json alone would silently keep the last `"Effect"`).

use std::cell::Cell;
use std::path::PathBuf;
use std::sync::Arc;

use crate::diagnostic::{Diagnostic, Span};

use super::yaml_node::{NodeValue, YamlNode};

/// Parses the JSON `text` of `file` into a node tree. Syntax errors are serde_json's,
/// located, without its " at line N column M".
pub fn parse(file: &Arc<PathBuf>, text: &str) -> Result<YamlNode, Diagnostic> {
    // serde_json checks the syntax (with its recursion limit, which also bounds the
    // recursion below); the scanner then only walks text known to be valid.
    if let Err(e) = serde_json::from_str::<serde::de::IgnoredAny>(text) {
        let at = Span::new(
            file.clone(),
            e.line().max(1) as u32,
            e.column().max(1) as u32,
            1,
        );
        let full = e.to_string();
        let message = full
            .rsplit_once(" at line ")
            .map_or(full.as_str(), |(m, _)| m);
        return Err(
            Diagnostic::error(Some(at), format!("invalid JSON: {message}"))
                .with_help("fix the JSON syntax of the policy file"),
        );
    }
    scan(file, text).0.ok_or_else(|| {
        Diagnostic::error(Some(Span::file_only(file.clone())), "invalid JSON")
            .with_help("fix the JSON syntax of the policy file")
    })
}

/// The tree of valid JSON `text`, and how many times the scanner looked at a byte (which
/// tests hold to a small multiple of the length: the scan is linear).
fn scan(file: &Arc<PathBuf>, text: &str) -> (Option<YamlNode>, usize) {
    let mut scanner = Scanner {
        file,
        text,
        bytes: text.as_bytes(),
        at: 0,
        line: 1,
        column: 1,
        looks: Cell::new(0),
    };
    scanner.skip_ws();
    let node = scanner.value();
    (node, scanner.looks.get())
}

/// A cursor over valid JSON that keeps its line and column (in characters) as it moves,
/// so locating a node costs nothing extra.
struct Scanner<'a> {
    file: &'a Arc<PathBuf>,
    text: &'a str,
    bytes: &'a [u8],
    at: usize,
    line: u32,
    column: u32,
    looks: Cell<usize>,
}

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.looks.set(self.looks.get() + 1);
        self.bytes.get(self.at).copied()
    }

    fn bump(&mut self) {
        let Some(b) = self.peek() else { return };
        self.at += 1;
        if b == b'\n' {
            self.line += 1;
            self.column = 1;
        } else if b & 0xC0 != 0x80 {
            // Continuation bytes of a UTF-8 character do not start a new column.
            self.column += 1;
        }
    }

    fn skip_ws(&mut self) {
        while self.peek().is_some_and(|b| b.is_ascii_whitespace()) {
            self.bump();
        }
    }

    fn span(&self, line: u32, column: u32, len: usize) -> Span {
        Span::new(
            self.file.clone(),
            line,
            column,
            len.min(u32::MAX as usize) as u32,
        )
    }

    fn value(&mut self) -> Option<YamlNode> {
        let (line, column, start) = (self.line, self.column, self.at);
        let value = match self.peek()? {
            b'{' => return self.object(),
            b'[' => return self.array(),
            b'"' => NodeValue::Str(self.string()?),
            _ => {
                while self
                    .peek()
                    .is_some_and(|b| !matches!(b, b',' | b'}' | b']') && !b.is_ascii_whitespace())
                {
                    self.bump();
                }
                match &self.text[start..self.at] {
                    "null" => NodeValue::Null,
                    "true" => NodeValue::Bool(true, "true".into()),
                    "false" => NodeValue::Bool(false, "false".into()),
                    number => NodeValue::Number(number.to_string()),
                }
            }
        };
        let len = self.text[start..self.at].chars().count();
        Some(YamlNode {
            value,
            span: self.span(line, column, len),
        })
    }

    /// A string token, unescaped by serde_json (linear in its length).
    fn string(&mut self) -> Option<String> {
        let start = self.at;
        self.bump();
        let mut escaped = false;
        while let Some(b) = self.peek() {
            self.bump();
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => return serde_json::from_str(&self.text[start..self.at]).ok(),
                _ => {}
            }
        }
        None
    }

    fn object(&mut self) -> Option<YamlNode> {
        let span = self.span(self.line, self.column, 1);
        self.bump();
        let mut entries = Vec::new();
        loop {
            self.skip_ws();
            match self.peek()? {
                b'}' => break,
                b',' => {
                    self.bump();
                    continue;
                }
                _ => {}
            }
            let key = self.value()?;
            self.skip_ws();
            self.bump(); // ':'
            self.skip_ws();
            entries.push((key, self.value()?));
        }
        self.bump();
        Some(YamlNode {
            value: NodeValue::Map(entries),
            span,
        })
    }

    fn array(&mut self) -> Option<YamlNode> {
        let span = self.span(self.line, self.column, 1);
        self.bump();
        let mut items = Vec::new();
        loop {
            self.skip_ws();
            match self.peek()? {
                b']' => break,
                b',' => {
                    self.bump();
                    continue;
                }
                _ => items.push(self.value()?),
            }
        }
        self.bump();
        Some(YamlNode {
            value: NodeValue::Seq(items),
            span,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file() -> Arc<PathBuf> {
        Arc::new(PathBuf::from("p.json"))
    }

    fn at(node: &YamlNode) -> (u32, u32, u32) {
        (node.span.line, node.span.column, node.span.len)
    }

    fn entries(node: &YamlNode) -> &[(YamlNode, YamlNode)] {
        match &node.value {
            NodeValue::Map(e) => e,
            other => panic!("not a map: {other:?}"),
        }
    }

    #[test]
    fn nodes_know_their_line_and_column_in_characters() {
        let text = "{\n  \"Sid\": \"é\",\n  \"Statement\": [{\"Effect\": \"Allow\", \"N\": 1.5, \"B\": true, \"Z\": null}]\n}";
        let root = parse(&file(), text).unwrap();
        assert_eq!(at(&root), (1, 1, 1));
        let top = entries(&root);
        assert_eq!(at(&top[0].0), (2, 3, 5));
        assert_eq!(top[0].1.value, NodeValue::Str("é".into()));
        assert_eq!(at(&top[0].1), (2, 10, 3));
        let NodeValue::Seq(items) = &top[1].1.value else {
            panic!("list")
        };
        assert_eq!(at(&top[1].1), (3, 16, 1));
        let statement = entries(&items[0]);
        assert_eq!(at(&items[0]), (3, 17, 1));
        assert_eq!(statement[0].1.value, NodeValue::Str("Allow".into()));
        assert_eq!(at(&statement[0].1), (3, 28, 7));
        assert_eq!(statement[1].1.value, NodeValue::Number("1.5".into()));
        assert_eq!(statement[2].1.value, NodeValue::Bool(true, "true".into()));
        assert_eq!(statement[3].1.value, NodeValue::Null);
    }

    #[test]
    fn duplicate_keys_are_kept_for_decoding_to_report() {
        let text = "{\"Effect\": \"Deny\", \"Effect\": \"Allow\"}";
        let root = parse(&file(), text).unwrap();
        let keys: Vec<_> = entries(&root)
            .iter()
            .map(|(k, v)| {
                (
                    k.scalar_text().unwrap(),
                    v.scalar_text().unwrap(),
                    k.span.column,
                )
            })
            .collect();
        assert_eq!(keys, [("Effect", "Deny", 2), ("Effect", "Allow", 20)]);
    }

    #[test]
    fn escaped_strings_are_decoded() {
        let root = parse(&file(), r#"["a\"b\\", "\u00e9"]"#).unwrap();
        let NodeValue::Seq(items) = &root.value else {
            panic!("list")
        };
        assert_eq!(items[0].value, NodeValue::Str("a\"b\\".into()));
        assert_eq!(items[1].value, NodeValue::Str("é".into()));
    }

    #[test]
    fn syntax_errors_are_located_without_the_library_suffix() {
        let d = parse(&file(), "{\n  \"a\": [1,\n}").unwrap_err();
        let span = d.span.unwrap();
        assert_eq!((span.line, span.column), (3, 1));
        assert!(d.message.starts_with("invalid JSON: "), "{}", d.message);
        assert!(!d.message.contains(" at line "), "{}", d.message);
    }

    #[test]
    fn scanning_is_linear_in_the_number_of_statements() {
        // Each byte is looked at a bounded number of times, however many statements there
        // are (locating each node used to rescan the text from the start: quadratic).
        let doc = |n: usize| {
            let statements: Vec<String> = (0..n)
                .map(|i| {
                    format!(
                        "{{\"Effect\": \"Allow\", \"Action\": \"s3:A{i}\", \"Resource\": \"*\"}}"
                    )
                })
                .collect();
            format!("{{\"Statement\": [{}]}}", statements.join(",\n"))
        };
        for n in [10, 1000, 10_000] {
            let text = doc(n);
            let (root, looks) = scan(&file(), &text);
            assert!(
                looks <= 3 * text.len(),
                "{n}: {looks} looks at {} bytes",
                text.len()
            );
            let root = root.unwrap();
            let NodeValue::Seq(items) = &entries(&root)[0].1.value else {
                panic!("list")
            };
            assert_eq!(items.len(), n);
            assert_eq!(items[n - 1].span.line, n as u32);
        }
    }
}
