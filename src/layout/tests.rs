//! The formatter on small documents: layout, values, comments, blank lines, block scalars.
//! Every case is also formatted twice: the result must not change.

use super::*;

pub(super) fn file() -> Arc<PathBuf> {
    Arc::new(PathBuf::from("t.yaml"))
}

/// The formatted text, checked to be a fixed point.
pub(super) fn fmt(text: &str) -> String {
    let once = match format_manifest(&file(), text) {
        Ok(f) => f.text,
        Err(e) => panic!("{text:?} was not formatted: {e:?}"),
    };
    let twice = format_manifest(&file(), &once).unwrap();
    assert_eq!(twice.text, once, "formatting {text:?} twice changed it");
    assert!(!twice.changed);
    once
}

#[test]
fn writes_the_layout_import_writes() {
    let text = "\
users:
    alice:
        path:   /people/
        groups:
        - developers
        - admins
        tags: { team: \"platform\", 'on-call': 'yes' }
roles: {deploy: {trust: [{service: ec2.amazonaws.com}], policies: []}}
";
    assert_eq!(
        fmt(text),
        "\
users:
  alice:
    path: /people/
    groups: [developers, admins]
    tags:
      team: platform
      on-call: \"yes\"
roles:
  deploy:
    trust:
      - service: ec2.amazonaws.com
    policies: []
"
    );
}

#[test]
fn the_layout_is_exactly_imports_for_the_same_values() {
    use crate::import::yaml_text::{Yaml, write_document};
    use crate::manifest::NodeValue;
    fn to_yaml(node: &YamlNode) -> Yaml {
        match &node.value {
            NodeValue::Str(s) => Yaml::Str(s.clone()),
            NodeValue::Bool(_, text) | NodeValue::Number(text) => Yaml::Literal(text.clone()),
            NodeValue::Null => Yaml::Literal("null".into()),
            NodeValue::Seq(items) => Yaml::List(items.iter().map(to_yaml).collect()),
            NodeValue::Map(entries) => Yaml::Map(
                entries
                    .iter()
                    .map(|(k, v)| (k.scalar_text().unwrap().to_string(), to_yaml(v)))
                    .collect(),
            ),
        }
    }
    let long_item = "x".repeat(40);
    let text = format!(
        "a: {{b: [{long_item}, {long_item}], c: [{long_item}, y], 'N': [[1, 2], {{}}, [], '3']}}\n\
         d: [[a, {{e: f, g: [h]}}]]\nempty: null\nk: ['a,b', \"-x\", 'it''s', é, 2012-10-17]\n"
    );
    let root = manifest::parse_yaml(&file(), &text).unwrap().unwrap();
    let NodeValue::Map(entries) = &root.value else {
        panic!("a map")
    };
    let doc: Vec<(String, Yaml)> = entries
        .iter()
        .map(|(k, v)| (k.scalar_text().unwrap().to_string(), to_yaml(v)))
        .collect();
    assert_eq!(fmt(&text), write_document(&doc));
}

#[test]
fn booleans_numbers_and_nulls_stay_as_written() {
    let text =
        "a: yes\nb: 0x1F\nc: 012345678901\nd: ~\ne:\nf: NULL\ng: 1.50\nh: [True, 1_000, null]\n";
    assert_eq!(fmt(text), text);
    // Strings that would read as something else are quoted, by import's rule.
    assert_eq!(
        fmt("a: 'yes'\nb: '012'\nc: \"2012-10-17\"\nd: 'x: y'\ne: '#x'\n"),
        "a: \"yes\"\nb: \"012\"\nc: \"2012-10-17\"\nd: \"x: y\"\ne: \"#x\"\n"
    );
    // Keys too: `n` alone reads as a boolean.
    assert_eq!(fmt("'n': 1\n\"k\": 2\n3: x\n"), "\"n\": 1\nk: 2\n3: x\n");
}

#[test]
fn nothing_is_reordered_and_duplicates_stay() {
    let text = "z: 1\na: [c, b, a]\nz: 2\n";
    assert_eq!(fmt(text), text);
}

#[test]
fn long_lists_go_one_item_per_line_and_short_ones_fit_on_the_key_line() {
    let item = "x".repeat(30);
    let long = format!("a: [{item}, {item}, {item}]\n");
    assert_eq!(
        fmt(&long),
        format!("a:\n  - {item}\n  - {item}\n  - {item}\n")
    );
    assert_eq!(fmt("a:\n  - x\n  - 2\n"), "a: [x, 2]\n");
    // A list holding a map, or an empty value, stays a block.
    assert_eq!(fmt("a: [{b: c}]\n"), "a:\n  - b: c\n");
    assert_eq!(fmt("a:\n  - x\n  -\n"), "a:\n  - x\n  -\n");
}

#[test]
fn full_line_comments_go_before_their_entry_at_its_indentation() {
    let text = "\
# yaml-language-server: $schema=schemas/manifest.schema.json
users:
# about alice
      alice:
          # her groups
          groups: [a]
roles:
  -   x
    # before y
  - y
";
    assert_eq!(
        fmt(text),
        "\
# yaml-language-server: $schema=schemas/manifest.schema.json
users:
  # about alice
  alice:
    # her groups
    groups: [a]
roles:
  - x
  # before y
  - y
"
    );
}

#[test]
fn trailing_comments_stay_on_their_entry_line() {
    let text = "\
account: prod   # the account
users: # everyone
  alice: {}   # empty
  bob:
    groups:   [a, b]  # two
    path:
      /x/ # moved up with its value
list:
  - a # first
  - b
";
    assert_eq!(
        fmt(text),
        "\
account: prod # the account
users: # everyone
  alice: {} # empty
  bob:
    groups: [a, b] # two
    path: /x/ # moved up with its value
list:
  - a # first
  - b
"
    );
}

#[test]
fn a_commented_item_keeps_its_list_in_block_style() {
    let text = "a:\n  - x # why\n  - y\nb:\n  - x\n  # - z\n";
    assert_eq!(fmt(text), text);
}

#[test]
fn comments_after_the_last_entry_close_their_block_or_the_file() {
    let text = "\
users:
    alice:
        path: /a/
        # policies: [old]
    # bob: later
roles: {}
# the end
   # still the end
";
    assert_eq!(
        fmt(text),
        "\
users:
  alice:
    path: /a/
    # policies: [old]
  # bob: later
roles: {}
# the end
# still the end
"
    );
    assert_eq!(
        fmt("a:\n  b: 1\n  # last of a\n"),
        "a:\n  b: 1\n  # last of a\n"
    );
}

#[test]
fn a_hash_inside_a_string_or_block_scalar_is_not_a_comment() {
    let text = "\
a: \"x # y\"
b: 'x #y'
c: x#y
d: [\"# z\", w]
e: |
  # kept as text
  x # also text
";
    let expected = "\
a: \"x # y\"
b: \"x #y\"
c: x#y
d: [\"# z\", w]
e: |
  # kept as text
  x # also text
";
    assert_eq!(fmt(text), expected);
}

#[test]
fn blank_lines_collapse_and_sections_stay_apart() {
    let text = "\n\n# header\n\n\n\naccount: prod\n\n\nusers:\n\n  alice: {}\n\n\n  bob: {}\n\n\n";
    assert_eq!(
        fmt(text),
        "# header\n\naccount: prod\n\nusers:\n  alice: {}\n\n  bob: {}\n"
    );
    // Import's files (a blank line after `account:` only) are kept as they are.
    let imported = "account: prod\n\nusers:\n  carol:\n    path: /people/\n";
    assert_eq!(fmt(imported), imported);
}

#[test]
fn block_scalars_keep_their_lines_and_move_with_their_key() {
    let text = "\
a:
      literal: |
          line one
            indented
          
          # not a comment
      folded: >-
          folded
          text

      kept: |+
          x

      b: 1
list:
- |2
     two extra
- >  # a comment
  y
";
    assert_eq!(
        fmt(text),
        "\
a:
  literal: |
    line one
      indented

    # not a comment
  folded: >-
    folded
    text

  kept: |+
    x

  b: 1
list:
  - |2
       two extra
  - > # a comment
    y
"
    );
}

#[test]
fn collections_under_a_dash_take_their_comments_above_the_dash() {
    let text = "\
trust:
  -
    # who
    service: ec2.amazonaws.com
  - # nested
    - a
  -    # on the dash
    users: [x]
";
    assert_eq!(
        fmt(text),
        "\
trust:
  # who
  - service: ec2.amazonaws.com
  # nested
  - - a
  # on the dash
  - users: [x]
"
    );
}

#[test]
fn line_endings_byte_order_marks_and_tabs_are_normalized() {
    assert_eq!(
        fmt("\u{feff}a:\t1\r\nb:\r\n  - x # c\r\n\r\n  - y\r\n"),
        "a: 1\nb:\n  - x # c\n\n  - y\n"
    );
}

#[test]
fn an_explicit_document_start_keeps_its_place() {
    let text = "# before\n\n--- # start\n# first\na: 1\n";
    assert_eq!(fmt(text), text);
    assert_eq!(fmt("---\n  a:   1\n"), "---\na: 1\n");
}

#[test]
fn documents_without_entries() {
    assert_eq!(fmt(""), "");
    assert_eq!(fmt("\n  # only  \n\n\n# c\n\n"), "# only\n\n# c\n");
    assert_eq!(fmt("# head\n{}   \n# tail\n"), "# head\n{}\n# tail\n");
    assert_eq!(fmt("- a\n-   b: 1\n"), "- a\n- b: 1\n");
}

#[test]
fn formatted_reports_whether_anything_changed() {
    let same = format_manifest(&file(), "a: 1\n").unwrap();
    assert!(!same.changed);
    let changed = format_manifest(&file(), "a:   1\n").unwrap();
    assert_eq!((changed.text.as_str(), changed.changed), ("a: 1\n", true));
}

#[test]
fn comments_keep_their_order_when_blocks_close_between_them() {
    let text = "a:\n  b:\n    c: 1\n# zero\n    # four\nd: 2\n";
    assert_eq!(fmt(text), "a:\n  b:\n    c: 1\n# zero\n# four\nd: 2\n");
}
