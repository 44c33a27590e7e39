//! Where the parts of a policy document are written, so that a problem found at
//! `Statement[2].Resource` can point at that line instead of at the entity.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::diagnostic::Span;
use crate::policy::{JsonPath, PathSegment};

use super::EntityRef;

/// Which policy document of an entity.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DocumentSlot {
    /// A customer-managed policy's document.
    Managed,
    /// A role's trust policy.
    Trust,
    /// The inline policy of that name.
    Inline(String),
}

/// One policy document in an account: the entity holding it and which of its documents.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DocumentRef {
    /// The user, group, role or policy.
    pub entity: EntityRef,
    /// Which of its documents.
    pub slot: DocumentSlot,
}

impl DocumentRef {
    /// Builds a reference.
    pub fn new(entity: EntityRef, slot: DocumentSlot) -> DocumentRef {
        DocumentRef { entity, slot }
    }
}

/// Spans of a document's nodes by JSON path. Only the levels findings name are kept
/// (see [`DocumentLocations::MAX_DEPTH`]); deeper paths are located at their parent.
/// Cloning shares the spans: the manifest keeps them and the desired state refers to
/// them, and a deep copy of every document's map was the largest allocation of a plan.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocumentLocations {
    spans: Arc<BTreeMap<JsonPath, Span>>,
    /// `Statement` was written as one object rather than a list: links may later turn
    /// it into a list, so `Statement[0]` then means that object.
    single_statement: bool,
}

impl DocumentLocations {
    /// Deepest path kept: `Statement[i].Condition.Operator.Key` and
    /// `Statement[i].Principal.AWS[j]` are the deepest places lint findings name.
    pub const MAX_DEPTH: usize = 5;

    /// Records where the node at `path` is written; deeper paths than
    /// [`Self::MAX_DEPTH`] are not kept. The first span recorded for a path wins.
    pub fn insert(&mut self, path: JsonPath, span: Span) {
        if path.0.len() > Self::MAX_DEPTH {
            return;
        }
        if is_single_statement(&path) {
            self.single_statement = true;
        }
        Arc::make_mut(&mut self.spans).entry(path).or_insert(span);
    }

    /// True when nothing is recorded.
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// How many nodes are recorded.
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// Where the node at `path`, or its deepest recorded ancestor, is written. A path
    /// into a statement that was not written (one a link appended) has no location, so
    /// it is not blamed on a neighbouring statement.
    pub fn locate(&self, path: &JsonPath) -> Option<&Span> {
        let mut segments = path.0.clone();
        if self.single_statement
            && let [PathSegment::Key(k), PathSegment::Index(i), ..] = segments.as_slice()
            && k == "Statement"
        {
            if *i != 0 {
                return None;
            }
            segments.remove(1);
        }
        // A statement index must itself be recorded: its ancestors are other statements'.
        let shortest = match segments.as_slice() {
            [PathSegment::Key(k), PathSegment::Index(_), ..] if k == "Statement" => 2,
            _ => 0,
        };
        let mut prefix = JsonPath(segments);
        prefix.0.truncate(Self::MAX_DEPTH);
        loop {
            if let Some(span) = self.spans.get(&prefix) {
                return Some(span);
            }
            if prefix.0.len() <= shortest {
                return None;
            }
            prefix.0.pop();
        }
    }
}

/// `Statement.X`: a path under a `Statement` written as one object.
fn is_single_statement(path: &JsonPath) -> bool {
    matches!(
        path.0.as_slice(),
        [PathSegment::Key(k), PathSegment::Key(_), ..] if k == "Statement"
    )
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;
    use std::sync::Arc;

    use super::*;

    fn span(line: u32) -> Span {
        Span::new(Arc::new(PathBuf::from("m.yaml")), line, 3, 1)
    }

    fn statement(i: usize) -> JsonPath {
        JsonPath::root().key("Statement").index(i)
    }

    fn listed() -> DocumentLocations {
        let mut l = DocumentLocations::default();
        l.insert(JsonPath::root(), span(1));
        l.insert(JsonPath::root().key("Statement"), span(2));
        l.insert(statement(0), span(3));
        l.insert(statement(0).key("Action"), span(4));
        l.insert(statement(0).key("Action").index(1), span(5));
        l.insert(statement(1), span(6));
        l
    }

    fn line(l: &DocumentLocations, path: &JsonPath) -> Option<u32> {
        l.locate(path).map(|s| s.line)
    }

    #[test]
    fn exact_paths_are_found() {
        let l = listed();
        assert_eq!(line(&l, &statement(0).key("Action").index(1)), Some(5));
        assert_eq!(line(&l, &statement(1)), Some(6));
        assert_eq!(line(&l, &JsonPath::root()), Some(1));
    }

    #[test]
    fn missing_paths_fall_back_to_the_deepest_recorded_ancestor() {
        let l = listed();
        assert_eq!(line(&l, &statement(1).key("Resource")), Some(6));
        assert_eq!(
            line(
                &l,
                &statement(0)
                    .key("Condition")
                    .key("Bool")
                    .key("aws:SecureTransport")
            ),
            Some(3)
        );
        assert_eq!(line(&l, &JsonPath::root().key("Version")), Some(1));
    }

    #[test]
    fn unwritten_statements_have_no_location() {
        assert_eq!(line(&listed(), &statement(2).key("Action")), None);
        assert_eq!(line(&DocumentLocations::default(), &statement(0)), None);
    }

    #[test]
    fn deep_paths_are_cut_to_the_kept_depth() {
        let mut l = listed();
        let deep = statement(0).key("Condition").key("Bool").key("k");
        l.insert(deep.index(0), span(9));
        l.insert(deep.clone(), span(8));
        assert_eq!(l.len(), 7);
        assert_eq!(line(&l, &deep.index(0)), Some(8));
    }

    #[test]
    fn a_single_statement_object_answers_for_index_zero() {
        let mut l = DocumentLocations::default();
        l.insert(JsonPath::root().key("Statement"), span(2));
        l.insert(JsonPath::root().key("Statement").key("Resource"), span(4));
        assert_eq!(line(&l, &statement(0).key("Resource")), Some(4));
        assert_eq!(
            line(&l, &JsonPath::root().key("Statement").key("Resource")),
            Some(4)
        );
        assert_eq!(line(&l, &statement(1)), None);
    }
}
