//! The reader before `yaml_build`: serde-saphyr's deserializer, kept as an oracle. Every
//! YAML file in the repository and a set of tricky inputs must read into the same tree
//! through both, so that the faster reader changes no manifest's meaning.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::{DuplicateKeyPolicy, Location, Spanned};

use super::yaml_node::{NodeValue, YamlNode, parse};
use crate::diagnostic::Span;

/// The tree serde-saphyr reads; `None` where it refuses the text.
fn oracle(file: &Arc<PathBuf>, text: &str) -> Option<YamlNode> {
    let options = serde_saphyr::options! {
        duplicate_keys: DuplicateKeyPolicy::PassThrough,
        emit_comments: false,
    };
    let raw: Spanned<RawNode> = serde_saphyr::from_str_with_options(text, options).ok()?;
    Some(convert(file, text, raw))
}

fn to_span(file: &Arc<PathBuf>, loc: &Location, len: u64) -> Span {
    Span::new(
        file.clone(),
        loc.line() as u32,
        loc.column().max(1) as u32,
        len.min(u64::from(u32::MAX)) as u32,
    )
}

fn convert(file: &Arc<PathBuf>, text: &str, raw: Spanned<RawNode>) -> YamlNode {
    let len = raw.referenced.span().len();
    let span = to_span(file, &raw.referenced, len);
    // Source text comes from where the value is defined, so aliases read their anchor.
    let source = || {
        let s = raw.defined.span();
        let (Some(off), Some(n)) = (s.byte_offset(), s.byte_len()) else {
            return None;
        };
        text.get(off as usize..(off + n) as usize)
            .map(str::to_string)
    };
    let value = match raw.value {
        RawNode::Null => NodeValue::Null,
        RawNode::Bool(b) => NodeValue::Bool(b, source().unwrap_or_else(|| b.to_string())),
        RawNode::Number(fallback) => NodeValue::Number(source().unwrap_or(fallback)),
        RawNode::Str(s) => NodeValue::Str(s),
        RawNode::Seq(items) => {
            NodeValue::Seq(items.into_iter().map(|i| convert(file, text, i)).collect())
        }
        RawNode::Map(entries) => NodeValue::Map(
            entries
                .into_iter()
                .map(|(k, v)| (convert(file, text, k), convert(file, text, v)))
                .collect(),
        ),
    };
    YamlNode { value, span }
}

/// What serde-saphyr hands over, before source text is attached.
enum RawNode {
    Null,
    Bool(bool),
    Number(String),
    Str(String),
    Seq(Vec<Spanned<RawNode>>),
    Map(Vec<(Spanned<RawNode>, Spanned<RawNode>)>),
}

impl<'de> Deserialize<'de> for RawNode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<RawNode, D::Error> {
        d.deserialize_any(RawVisitor)
    }
}

struct RawVisitor;

impl<'de> Visitor<'de> for RawVisitor {
    type Value = RawNode;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<RawNode, E> {
        Ok(RawNode::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<RawNode, E> {
        Ok(RawNode::Number(v.to_string()))
    }
    fn visit_u64<E>(self, v: u64) -> Result<RawNode, E> {
        Ok(RawNode::Number(v.to_string()))
    }
    fn visit_i128<E>(self, v: i128) -> Result<RawNode, E> {
        Ok(RawNode::Number(v.to_string()))
    }
    fn visit_u128<E>(self, v: u128) -> Result<RawNode, E> {
        Ok(RawNode::Number(v.to_string()))
    }
    fn visit_f64<E>(self, v: f64) -> Result<RawNode, E> {
        Ok(RawNode::Number(v.to_string()))
    }
    fn visit_str<E>(self, v: &str) -> Result<RawNode, E> {
        Ok(RawNode::Str(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<RawNode, E> {
        Ok(RawNode::Str(v))
    }
    fn visit_unit<E>(self) -> Result<RawNode, E> {
        Ok(RawNode::Null)
    }
    fn visit_none<E>(self) -> Result<RawNode, E> {
        Ok(RawNode::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<RawNode, D::Error> {
        RawNode::deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawNode, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(RawNode::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawNode, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key()? {
            entries.push((key, map.next_value()?));
        }
        Ok(RawNode::Map(entries))
    }
}
/// Every YAML file under `dir`, skipping build output.
fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        let name = entry.file_name();
        if name == "target" || name == ".git" {
            continue;
        }
        if path.is_dir() {
            yaml_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            out.push(path);
        }
    }
}

fn agree(name: &str, text: &str) {
    let file = Arc::new(PathBuf::from(name));
    let ours = parse(&file, text);
    match (oracle(&file, text), ours) {
        (Some(expected), Ok(Some(got))) => assert_eq!(got, expected, "{name}: {text}"),
        (None, Err(_)) => {}
        (expected, got) => panic!("{name}: serde-saphyr {expected:?}, ours {got:?}\n{text}"),
    }
}

#[test]
fn every_yaml_file_in_the_repository_reads_the_same() {
    let mut files = Vec::new();
    yaml_files(Path::new(env!("CARGO_MANIFEST_DIR")), &mut files);
    assert!(files.len() > 50, "found only {} files", files.len());
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        if text
            .lines()
            .all(|l| l.trim().is_empty() || l.trim().starts_with('#'))
        {
            continue;
        }
        agree(&path.display().to_string(), &text);
    }
}

#[test]
fn tricky_inputs_read_the_same() {
    for text in [
        "a: &d {x: 1, y: 2}\nb:\n  <<: *d\n  y: 3\n",
        "a: &x [1, &y {q: 2}]\nb: *x\nc: *y\n",
        "a: !!str 123\nb: !foo 12\nd: !!bool yes\ne: !!null x\n",
        "a: 0x1F\nb: 012\nc: +12\nd: 1_000\ne: ~\nf: -0\ng: 1.\nh: .5\ni: 1e5\nj: Yes\n",
        "a: 2012-10-17\nb: \"1\"\nc: 'no'\nd: |\n  text\n  more\ne: >\n  folded\n  line\n",
        "? [1, 2]\n: x\n",
        "a: !!map {x: 1}\nb: !!seq [1]\n",
        "a: {b: [c, {d: e}], f: \"g\\u00e9\"}\n",
        "- 1\n- two\n- [3]\n- {four: 4}\n",
        "a:\nb: \nc: null\n",
        "multi: first\n  second\n",
        "k: v # comment\n# another\nl: w\n",
        "users:\n  alice: {}\n  alice:\n    path: /x/\n",
        "a: [1, 2\nb: c\n",
        "a: 1\n---\nb: 2\n",
        "a: &x [1]\nb: *y\n",
        "a: &x [*x]\n",
        "a: {<<: 5}\n",
        "a: !!str [1]\n",
        "\t- x\n",
        "a: 'unterminated\n",
    ] {
        agree("tricky.yaml", text);
    }
}

#[test]
fn deliberate_differences_from_serde_saphyr() {
    let file = Arc::new(PathBuf::from("t.yaml"));
    let value = |text: &str| {
        let root = parse(&file, text).unwrap().unwrap();
        let NodeValue::Map(entries) = root.value else {
            panic!("not a map")
        };
        entries.into_iter().next().unwrap().1
    };
    // serde-saphyr refused non-finite numbers; no IAM value is one, so they read as text.
    for text in [".inf", "-.inf", ".nan", "1e999"] {
        let node = value(&format!("a: {text}\n"));
        assert_eq!(node.value, NodeValue::Str(text.into()));
        assert!(oracle(&file, &format!("a: {text}\n")).is_none());
    }
    // A quoted number tagged `!!int` is its digits (serde-saphyr kept the quotes).
    let node = value("a: !!int \"12\"\n");
    assert_eq!(node.value, NodeValue::Number("12".into()));
    // An inline map merged with `<<` keeps the locations of its own entries (serde-saphyr
    // located all of them at the map's start).
    let node = value("a: {<<: [{z: 2}], x: 5}\n");
    let NodeValue::Map(entries) = node.value else {
        panic!("not a map")
    };
    let z = &entries[1].1;
    assert_eq!((z.span.line, z.span.column), (1, 14));
}

#[test]
fn mutated_example_manifests_read_the_same() {
    // Seeded edits of real manifests: fragments of YAML syntax inserted anywhere, so
    // broken and odd-but-valid files meet both readers. Texts with merge keys or tags
    // are left out: those are where the readers differ on purpose (above).
    const FRAGMENTS: &[&str] = &[
        "{", "}", "[", "]", ": ", "- ", "\n", "  ", "\"", "'", "#", "---\n", "&x ", "*x", ",",
        "\t", "\\", "? ", "|", ">", "~", "yes", "012", "0x1F", "-", "...\n", "%",
    ];
    let mut files = Vec::new();
    yaml_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("examples"),
        &mut files,
    );
    files.sort();
    let mut rng = fastrand::Rng::with_seed(13);
    let mut compared = 0;
    for _ in 0..600 {
        let path = &files[rng.usize(..files.len())];
        let mut text = std::fs::read_to_string(path).unwrap();
        for _ in 0..rng.usize(1..=3) {
            let mut at = rng.usize(..=text.len());
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            text.insert_str(at, FRAGMENTS[rng.usize(..FRAGMENTS.len())]);
        }
        if text.contains("<<") || text.contains('!') {
            continue;
        }
        agree(&path.display().to_string(), &text);
        compared += 1;
    }
    assert!(compared > 400, "compared only {compared}");
}
