//! The symbol that leads every rendered line, and its terminal color.

use crate::diff::ChangeClass;

/// How a rendered line counts: Terraform's `+`, `~`, `-` and `-/+`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Marker {
    /// Something new.
    Add,
    /// Something modified in place.
    Change,
    /// Something removed.
    Destroy,
    /// Deleted and re-created.
    Replace,
}

impl Marker {
    /// The symbol shown before the line.
    pub(crate) fn symbol(self) -> &'static str {
        match self {
            Marker::Add => "+",
            Marker::Change => "~",
            Marker::Destroy => "-",
            Marker::Replace => "-/+",
        }
    }

    /// ANSI SGR color code: green, yellow, red, magenta.
    pub(crate) fn ansi_color(self) -> &'static str {
        match self {
            Marker::Add => "32",
            Marker::Change => "33",
            Marker::Destroy => "31",
            Marker::Replace => "35",
        }
    }
}

impl From<ChangeClass> for Marker {
    fn from(class: ChangeClass) -> Marker {
        match class {
            ChangeClass::Add => Marker::Add,
            ChangeClass::Change => Marker::Change,
            ChangeClass::Destroy => Marker::Destroy,
            ChangeClass::Replace => Marker::Replace,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_class_has_its_own_symbol_and_color() {
        let cases = [
            (ChangeClass::Add, "+", "32"),
            (ChangeClass::Change, "~", "33"),
            (ChangeClass::Destroy, "-", "31"),
            (ChangeClass::Replace, "-/+", "35"),
        ];
        for (class, symbol, color) in cases {
            let marker = Marker::from(class);
            assert_eq!(marker.symbol(), symbol, "{class:?}");
            assert_eq!(marker.ansi_color(), color, "{class:?}");
        }
    }
}
