//! The symbol that leads every rendered line, and its terminal color.

use anstyle::{AnsiColor, Style};

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

    /// Its terminal colour: green, yellow, red, magenta, as Terraform's.
    pub(crate) fn style(self) -> Style {
        match self {
            Marker::Add => AnsiColor::Green,
            Marker::Change => AnsiColor::Yellow,
            Marker::Destroy => AnsiColor::Red,
            Marker::Replace => AnsiColor::Magenta,
        }
        .on_default()
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
            (ChangeClass::Add, "+", "\u{1b}[32m"),
            (ChangeClass::Change, "~", "\u{1b}[33m"),
            (ChangeClass::Destroy, "-", "\u{1b}[31m"),
            (ChangeClass::Replace, "-/+", "\u{1b}[35m"),
        ];
        for (class, symbol, color) in cases {
            let marker = Marker::from(class);
            assert_eq!(marker.symbol(), symbol, "{class:?}");
            assert_eq!(marker.style().render().to_string(), color, "{class:?}");
        }
    }
}
