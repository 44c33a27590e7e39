//! What the formatter leaves alone (a located warning), what it cannot read (the error
//! `validate` shows), and the examples it must keep stable.

use std::path::Path;

use super::tests::{file, fmt};
use super::*;
use crate::diagnostic::Severity;

/// The warning for `text`: (line, column, message).
fn refused(text: &str) -> (u32, u32, String) {
    match format_manifest(&file(), text) {
        Err(FormatError::Unsupported(d)) => {
            assert_eq!(d.severity, Severity::Warning);
            let span = d.span.unwrap();
            (span.line, span.column, d.message)
        }
        other => panic!("{text:?} was not refused: {other:?}"),
    }
}

#[test]
fn what_cannot_be_kept_is_left_alone_with_a_located_warning() {
    let cases = [
        (
            "a: 1\nb: &x [1]\nc: *x\n",
            (2, 4),
            "anchors (`&name`) and aliases",
        ),
        ("- &k a\n- b\n", (1, 3), "anchors (`&name`) and aliases"),
        ("a:\n  b: !!str 12\n", (2, 6), "tags (`!name`)"),
        (
            "a: [x, # why\n  y]\n",
            (1, 8),
            "a comment inside `[…]` or `{…}`",
        ),
        (
            "a: {b: 1, # why\n  c: 2}\n",
            (1, 11),
            "a comment inside `[…]` or `{…}`",
        ),
        ("a:\n  ? b\n  : c\n", (2, 3), "explicit keys (`? key`)"),
        ("[a, b]: 1\n", (1, 1), "a key that is a list or a map"),
        ("base:\n  <<: {x: 1}\n  y: 2\n", (2, 3), "merge keys (`<<`)"),
        ("%YAML 1.2\n---\na: 1\n", (1, 1), "`%` directives"),
        ("a: 1\n...\n", (2, 1), "the document end marker `...`"),
        ("--- {a: 1}\n", (1, 5), "a value on the `---` line"),
        ("just text\n", (1, 1), "a single value, not a map"),
    ];
    for (text, (line, column), what) in cases {
        let (l, c, message) = refused(text);
        assert_eq!((l, c), (line, column), "{text:?}: {message}");
        assert!(message.starts_with("not formatted: "), "{message}");
        assert!(message.contains(what), "{text:?}: {message}");
    }
}

#[test]
fn yaml_that_does_not_read_is_the_error_validate_reports() {
    let err = format_manifest(&file(), "users:\n  alice: [1, 2\n  bob: {}\n").unwrap_err();
    let FormatError::Invalid(d) = err else {
        panic!("{err:?}")
    };
    assert_eq!(d.severity, Severity::Error);
    assert!(d.message.starts_with("invalid YAML: "), "{}", d.message);
    assert_eq!(d.span.unwrap().line, 3);
    let several = format_manifest(&file(), "a: 1\n---\nb: 2\n").unwrap_err();
    assert!(matches!(several, FormatError::Invalid(_)), "{several:?}");
}

#[test]
fn a_result_that_reads_differently_is_refused() {
    let root = manifest::parse_yaml(&file(), "a: 1\nb: [x]\n")
        .unwrap()
        .unwrap();
    let err = check(&file(), &root, "a: 1\nb: [y]\n").unwrap_err();
    let FormatError::Unsafe(d) = err else {
        panic!("{err:?}")
    };
    assert_eq!(d.severity, Severity::Error);
    assert_eq!(d.span.map(|s| (s.line, s.column)), Some((2, 5)));
    // A text that is not its own layout would change when formatted again.
    assert!(matches!(
        check(&file(), &root, "a:   1\nb: [x]\n"),
        Err(FormatError::Unsafe(_))
    ));
    assert_eq!(check(&file(), &root, "a: 1\nb: [x]\n"), Ok(()));
}

fn yaml_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            yaml_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            out.push(path);
        }
    }
}

#[test]
fn every_example_formats_and_stays_formatted() {
    let mut files = Vec::new();
    yaml_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("examples"),
        &mut files,
    );
    assert!(files.len() > 15, "{files:?}");
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        // `fmt` checks that formatting the result again changes nothing.
        let formatted = fmt(&text);
        let imported = path.parent().is_some_and(|p| p.ends_with("imported"));
        assert!(
            !imported || formatted == text,
            "import wrote {} in another layout",
            path.display()
        );
    }
}
