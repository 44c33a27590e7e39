//! Where a [`JsonPath`] points in JSON source text, as a 1-based line and column, so
//! findings in `.json` policy files can say `file:line:col`.

use crate::policy::path::{JsonPath, PathSegment};

/// The line and column (1-based, in characters) of the value at `path` in `text`;
/// `None` when the text is not JSON or has no such value.
pub fn position_of(text: &str, path: &JsonPath) -> Option<(u32, u32)> {
    let mut c = Cursor {
        s: text.as_bytes(),
        i: 0,
    };
    c.ws();
    for segment in &path.0 {
        match segment {
            PathSegment::Key(key) => {
                c.eat(b'{')?;
                loop {
                    c.ws();
                    let k = c.string()?;
                    c.ws();
                    c.eat(b':')?;
                    c.ws();
                    if &k == key {
                        break;
                    }
                    c.skip_value()?;
                    c.ws();
                    c.eat(b',')?;
                }
            }
            PathSegment::Index(n) => {
                c.eat(b'[')?;
                c.ws();
                for _ in 0..*n {
                    c.skip_value()?;
                    c.ws();
                    c.eat(b',')?;
                    c.ws();
                }
            }
        }
    }
    let before = &text[..c.i];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    Some((line as u32, column as u32))
}

struct Cursor<'a> {
    s: &'a [u8],
    i: usize,
}

impl Cursor<'_> {
    fn ws(&mut self) {
        while self.s.get(self.i).is_some_and(|b| b.is_ascii_whitespace()) {
            self.i += 1;
        }
    }

    fn eat(&mut self, b: u8) -> Option<()> {
        (self.s.get(self.i) == Some(&b)).then(|| self.i += 1)
    }

    /// Reads a string, decoding the escapes keys use.
    fn string(&mut self) -> Option<String> {
        self.eat(b'"')?;
        let start = self.i;
        let mut escaped = false;
        while let Some(&b) = self.s.get(self.i) {
            self.i += 1;
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => {
                    let raw = std::str::from_utf8(&self.s[start - 1..self.i]).ok()?;
                    return serde_json::from_str(raw).ok();
                }
                _ => {}
            }
        }
        None
    }

    fn skip_value(&mut self) -> Option<()> {
        match self.s.get(self.i)? {
            b'"' => self.string().map(|_| ()),
            open @ (b'{' | b'[') => {
                let close = if *open == b'{' { b'}' } else { b']' };
                self.i += 1;
                loop {
                    self.ws();
                    if self.eat(close).is_some() {
                        return Some(());
                    }
                    if *open == b'{' {
                        self.string()?;
                        self.ws();
                        self.eat(b':')?;
                        self.ws();
                    }
                    self.skip_value()?;
                    self.ws();
                    if self.eat(b',').is_none() {
                        self.ws();
                        return self.eat(close);
                    }
                }
            }
            _ => {
                while self
                    .s
                    .get(self.i)
                    .is_some_and(|b| !matches!(b, b',' | b'}' | b']') && !b.is_ascii_whitespace())
                {
                    self.i += 1;
                }
                Some(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_nested_values() {
        let text = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\"Effect\": \"Allow\",\n     \"Action\": [\"s3:Get\", \"x:y\"], \"Resource\": \"*\"}\n  ]\n}\n";
        let at = |p: JsonPath| position_of(text, &p);
        let s0 = JsonPath::root().key("Statement").index(0);
        assert_eq!(at(JsonPath::root().key("Version")), Some((2, 14)));
        assert_eq!(at(s0.clone()), Some((4, 5)));
        assert_eq!(at(s0.key("Action").index(1)), Some((5, 27)));
        assert_eq!(at(s0.key("Resource")), Some((5, 47)));
        assert_eq!(at(s0.key("Nope")), None);
        assert_eq!(
            position_of("Version: x", &JsonPath::root().key("Version")),
            None
        );
    }
}
