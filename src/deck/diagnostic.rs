//! Deck errors printed like a compiler's: `path:line:col: message`, the line with a caret under
//! the offending text, the place in the deck in words, and what would fix it.

use std::fmt;
use std::path::{Path, PathBuf};

use super::syntax::Span;

/// One problem in a deck file, located to the line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub path: PathBuf,
    /// 1-based; 0 when the problem is with the file as a whole (it cannot be read).
    pub line: usize,
    /// 1-based, counted in characters.
    pub column: usize,
    pub message: String,
    /// The text of the offending line, for the caret display.
    pub source_line: String,
    /// How many characters the caret underlines.
    pub caret_len: usize,
    /// Where in the deck, in words: `section 2 "Warm-up", slide 3 (Quiz "trap-check")`.
    pub place: Option<String>,
    /// What would fix it.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A problem with the file as a whole, such as it cannot be read.
    pub fn whole_file(path: &Path, message: impl Into<String>, help: Option<String>) -> Self {
        Self {
            path: path.to_owned(),
            line: 0,
            column: 0,
            message: message.into(),
            source_line: String::new(),
            caret_len: 0,
            place: None,
            help,
        }
    }

    /// A problem at `span` of `src`.
    pub fn at(path: &Path, src: &str, span: Span, message: impl Into<String>) -> Self {
        let location = Location::of(src, span);
        Self {
            path: path.to_owned(),
            line: location.line,
            column: location.column,
            message: message.into(),
            source_line: location.line_text,
            caret_len: location.caret_len,
            place: None,
            help: None,
        }
    }

    pub fn with_place(mut self, place: Option<String>) -> Self {
        self.place = place;
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// `path:line:col`, or the path alone for whole-file problems.
    pub fn location(&self) -> String {
        if self.line == 0 {
            self.path.display().to_string()
        } else {
            format!("{}:{}:{}", self.path.display(), self.line, self.column)
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}: {}", self.location(), self.message)?;
        if self.line > 0 {
            let number = self.line.to_string();
            let gutter = " ".repeat(number.len());
            // Keep tabs in the prefix so the caret lines up however the terminal shows them.
            let prefix: String = self
                .source_line
                .chars()
                .take(self.column.saturating_sub(1))
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            writeln!(f, "{gutter} |")?;
            writeln!(f, "{number} | {}", self.source_line)?;
            writeln!(
                f,
                "{gutter} | {prefix}{}",
                "^".repeat(self.caret_len.max(1))
            )?;
        }
        if let Some(place) = &self.place {
            writeln!(f, "  = in {place}")?;
        }
        if let Some(help) = &self.help {
            writeln!(f, "  = help: {help}")?;
        }
        Ok(())
    }
}

/// A byte span turned into what a person reads: line, column and the line's text.
struct Location {
    line: usize,
    column: usize,
    line_text: String,
    caret_len: usize,
}

impl Location {
    fn of(src: &str, span: Span) -> Self {
        let start = floor_char_boundary(src, span.start.min(src.len()));
        let end = floor_char_boundary(src, span.end.clamp(start, src.len()));
        let before = src.get(..start).unwrap_or("");
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let line_end = src
            .get(start..)
            .and_then(|rest| rest.find('\n'))
            .map_or(src.len(), |i| start + i);
        let line_text = src
            .get(line_start..line_end)
            .unwrap_or("")
            .trim_end_matches('\r');
        let column = src
            .get(line_start..start)
            .map_or(1, |s| s.chars().count() + 1);
        let caret_len = src
            .get(start..end.min(line_end))
            .map_or(1, |s| s.chars().count().max(1));
        // Very long lines (minified or garbage input) are cut so the message stays readable.
        const MAX_SHOWN: usize = 200;
        let line_text: String = if line_text.chars().count() > MAX_SHOWN {
            line_text.chars().take(MAX_SHOWN).collect::<String>() + " ..."
        } else {
            line_text.to_owned()
        };
        Self {
            line,
            column,
            line_text,
            caret_len: caret_len.min(MAX_SHOWN.saturating_sub(column).max(1)),
        }
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_location_caret_place_and_help() {
        let src = "Deck(\n    titel: \"A\",\n)";
        let start = src.find("titel").unwrap();
        let d = Diagnostic::at(
            Path::new("decks/x.ron"),
            src,
            Span::new(start, start + 5),
            "unknown field `titel`",
        )
        .with_place(Some("the deck".into()))
        .with_help("did you mean `title`?");
        assert_eq!((d.line, d.column), (2, 5));
        let text = d.to_string();
        assert_eq!(
            text,
            "decks/x.ron:2:5: unknown field `titel`\n  |\n2 |     titel: \"A\",\n  |     ^^^^^\n  = in the deck\n  = help: did you mean `title`?\n"
        );
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let src = "(a: \"é\", b: 1)";
        let start = src.find('b').unwrap();
        let d = Diagnostic::at(Path::new("x.ron"), src, Span::new(start, start + 1), "m");
        assert_eq!(d.column, 10);
    }
}
