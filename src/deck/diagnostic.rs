//! Deck errors printed like a compiler's: `path:line:col: message`, the line with a caret under
//! the offending text, the place in the deck in words, and what would fix it.

use std::fmt;
use std::path::{Path, PathBuf};

use super::syntax::Span;

/// Whether a problem stops the deck from loading.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Severity {
    /// The deck cannot be used until it is fixed.
    #[default]
    Error,
    /// The deck loads, but something in it is probably not what the author meant.
    Warning,
}

/// One problem in a deck file, located to the line and column. Its fields are the parts of
/// one compiler-style message (where, what, the line with its caret, the place in words,
/// the help and a note), each printed in its own place, so they stay side by side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub path: PathBuf,
    /// 1-based; 0 when the problem is with the file as a whole (it cannot be read).
    pub line: usize,
    /// 1-based, counted in characters.
    pub column: usize,
    pub message: String,
    /// The text of the offending line (or of the part around the column, on a very long
    /// line), for the caret display.
    pub source_line: String,
    /// How many characters of `source_line` come before the caret.
    pub caret_offset: usize,
    /// How many characters the caret underlines.
    pub caret_len: usize,
    /// Where in the deck, in words: `section 2 "Warm-up", slide 3 (Quiz "trap-check")`.
    pub place: Option<String>,
    /// What would fix it.
    pub help: Option<String>,
    /// A second place worth reading, with its `line:col`, such as where an unclosed string ends.
    pub note: Option<String>,
}

impl Diagnostic {
    /// A problem with the file as a whole, such as it cannot be read.
    pub fn whole_file(path: &Path, message: impl Into<String>, help: Option<String>) -> Self {
        Self {
            severity: Severity::Error,
            path: path.to_owned(),
            line: 0,
            column: 0,
            message: message.into(),
            source_line: String::new(),
            caret_offset: 0,
            caret_len: 0,
            place: None,
            help,
            note: None,
        }
    }

    /// A problem at `span` of `src`.
    pub fn at(path: &Path, src: &str, span: Span, message: impl Into<String>) -> Self {
        Self::located(path, &Lines::new(src), span, message)
    }

    /// A problem at `span` of the text `lines` indexes: many of these cost time in proportion
    /// to their number, not to the size of the file times their number.
    pub(crate) fn located(
        path: &Path,
        lines: &Lines<'_>,
        span: Span,
        message: impl Into<String>,
    ) -> Self {
        let location = lines.locate(span);
        Self {
            severity: Severity::Error,
            path: path.to_owned(),
            line: location.line,
            column: location.column,
            message: message.into(),
            source_line: location.line_text,
            caret_offset: location.caret_offset,
            caret_len: location.caret_len,
            place: None,
            help: None,
            note: None,
        }
    }

    pub fn as_warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.note = Some(note.into());
        self
    }

    pub fn is_warning(&self) -> bool {
        self.severity == Severity::Warning
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
        match self.severity {
            Severity::Error => writeln!(f, "{}: {}", self.location(), self.message)?,
            Severity::Warning => writeln!(f, "{}: warning: {}", self.location(), self.message)?,
        }
        if self.line > 0 {
            let number = self.line.to_string();
            let gutter = " ".repeat(number.len());
            // Keep tabs in the prefix so the caret lines up however the terminal shows them.
            let prefix: String = self
                .source_line
                .chars()
                .take(self.caret_offset)
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
        if let Some(note) = &self.note {
            writeln!(f, "  = note: {note}")?;
        }
        if let Some(help) = &self.help {
            writeln!(f, "  = help: {help}")?;
        }
        Ok(())
    }
}

/// Where each line of a text starts, so a byte offset becomes a line and column quickly.
pub(crate) struct Lines<'a> {
    src: &'a str,
    starts: Vec<usize>,
    /// Every `MARK_EVERY` bytes (at a character boundary): how many characters come before.
    /// A column is then counted from the nearest mark, not from the start of its line, which
    /// on a deck a script wrote as one long line would make many errors cost quadratic time.
    char_marks: Vec<(usize, usize)>,
}

const MARK_EVERY: usize = 1024;

impl<'a> Lines<'a> {
    pub(crate) fn new(src: &'a str) -> Self {
        let mut char_marks = vec![(0, 0)];
        let mut next_mark = MARK_EVERY;
        for (chars, (at, _)) in src.char_indices().enumerate() {
            if at >= next_mark {
                char_marks.push((at, chars));
                next_mark = at + MARK_EVERY;
            }
        }
        Self {
            src,
            starts: std::iter::once(0)
                .chain(src.match_indices('\n').map(|(i, _)| i + 1))
                .collect(),
            char_marks,
        }
    }

    /// The 1-based line of byte offset `at`.
    pub(crate) fn line_of(&self, at: usize) -> usize {
        self.starts.partition_point(|&start| start <= at).max(1)
    }

    /// How many characters come before byte offset `at` (a character boundary).
    fn chars_before(&self, at: usize) -> usize {
        let index = self.char_marks.partition_point(|&(byte, _)| byte <= at);
        let (byte, chars) = self
            .char_marks
            .get(index.saturating_sub(1))
            .copied()
            .unwrap_or((0, 0));
        chars + self.src.get(byte..at).map_or(0, |s| s.chars().count())
    }

    /// The line and column of byte offset `at`, as a person reads them.
    pub(crate) fn line_col(&self, at: usize) -> (usize, usize) {
        let location = self.locate(Span::new(at, at));
        (location.line, location.column)
    }

    fn locate(&self, span: Span) -> Location {
        // Very long lines (a deck a script wrote on one line, or garbage) are cut to a window
        // around the column, so the message stays readable.
        const MAX_SHOWN: usize = 200;
        const BEFORE: usize = 80;
        let src = self.src;
        let start = floor_char_boundary(src, span.start.min(src.len()));
        let end = floor_char_boundary(src, span.end.clamp(start, src.len()));
        let line = self.line_of(start);
        let line_start = self
            .starts
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(0)
            .min(start);
        let line_end = self
            .starts
            .get(line)
            .map_or(src.len(), |next| next.saturating_sub(1))
            .max(start);
        let line_end = if src.get(..line_end).is_some_and(|s| s.ends_with('\r')) {
            line_end - 1
        } else {
            line_end
        }
        .max(start);
        let column = self.chars_before(start) - self.chars_before(line_start) + 1;
        // A short line is shown whole; a long one from up to BEFORE characters before the
        // column, MAX_SHOWN in all.
        let short = src
            .get(line_start..line_end)
            .is_some_and(|line| line.chars().take(MAX_SHOWN + 1).count() <= MAX_SHOWN);
        let before = src.get(line_start..start).unwrap_or("");
        let from = if short {
            line_start
        } else {
            before
                .char_indices()
                .rev()
                .nth(BEFORE.saturating_sub(1))
                .map_or(line_start, |(i, _)| line_start + i)
        };
        let after = src.get(from..line_end).unwrap_or("");
        let to = after
            .char_indices()
            .nth(MAX_SHOWN)
            .map_or(line_end, |(i, _)| from + i);
        let shown = src.get(from..to).unwrap_or("");
        let lead = if from > line_start { "... " } else { "" };
        let tail = if to < line_end { " ..." } else { "" };
        let caret_offset =
            lead.chars().count() + src.get(from..start).map_or(0, |s| s.chars().count());
        let caret_len = src
            .get(start..end.min(to))
            .map_or(1, |s| s.chars().count().max(1));
        Location {
            line,
            column,
            line_text: format!("{lead}{shown}{tail}"),
            caret_offset,
            caret_len: caret_len.min((MAX_SHOWN + 4).saturating_sub(caret_offset).max(1)),
        }
    }
}

/// The name of a character no one can see (or that looks like another), in words.
fn invisible_name(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{FEFF}' => "byte-order mark",
        '\u{200B}' => "zero-width space",
        '\u{200C}' => "zero-width non-joiner",
        '\u{200D}' => "zero-width joiner",
        '\u{2060}' => "word joiner",
        '\u{00A0}' => "non-breaking space",
        '\u{202F}' => "narrow non-breaking space",
        '\u{2007}' => "figure space",
        '\u{2000}'..='\u{2006}' | '\u{2008}'..='\u{200A}' | '\u{205F}' | '\u{3000}' => {
            "wide or thin space"
        }
        '\u{00AD}' => "soft hyphen",
        '\u{200E}' => "left-to-right mark",
        '\u{200F}' => "right-to-left mark",
        '\u{2028}' => "line separator",
        '\u{2029}' => "paragraph separator",
        '\t' => "tab",
        '\r' => "carriage return",
        _ => return None,
    })
}

/// A character as a message names it: `x` in backticks, or an invisible one in words, such as
/// "a non-breaking space (U+00A0)".
pub(crate) fn describe_char(c: char) -> String {
    match c {
        '\n' => "the end of the line".to_owned(),
        '\t' => "a tab".to_owned(),
        c => match invisible_name(c) {
            Some(name) => format!("a {name} (U+{:04X}), which is invisible", c as u32),
            None if c.is_control() => format!("a control character (U+{:04X})", c as u32),
            None => format!("`{c}`"),
        },
    }
}

/// Author text fit to quote in a message: invisible characters named in brackets, as in
/// `trap[zero-width space]check`.
pub(crate) fn visible(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' => out.push_str("[line break]"),
            c => match invisible_name(c) {
                Some(name) => {
                    out.push('[');
                    out.push_str(name);
                    out.push(']');
                }
                None if c.is_control() => out.push_str(&format!("[U+{:04X}]", c as u32)),
                None => out.push(c),
            },
        }
    }
    out
}

/// A byte span turned into what a person reads: line, column and the line's text.
struct Location {
    line: usize,
    column: usize,
    caret_offset: usize,
    line_text: String,
    caret_len: usize,
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// `text` cut to `max` characters, ending in `ellipsis` when cut (the ellipsis counts in
/// `max`): for a deck's titles in messages and in `podium sessions`.
pub fn shorten(text: &str, max: usize, ellipsis: &str) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let keep = max.saturating_sub(ellipsis.chars().count());
    let mut short: String = text.chars().take(keep).collect();
    short.push_str(ellipsis);
    short
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
    fn a_long_line_is_shown_around_the_column_and_located_quickly() {
        let src = format!("{}é titel {}", "x".repeat(2_000_000), "y".repeat(1000));
        let lines = Lines::new(&src);
        let at = src.find("titel").unwrap();
        // Many problems on one long line: each is found from the nearest mark.
        for _ in 0..10_000 {
            assert_eq!(lines.line_col(at), (1, 2_000_003));
        }
        let d = Diagnostic::located(Path::new("x.ron"), &lines, Span::new(at, at + 5), "m");
        assert!(d.source_line.starts_with("... "), "{}", d.source_line);
        assert!(d.source_line.ends_with(" ..."));
        assert_eq!(d.source_line.chars().count(), 4 + 200 + 4);
        let shown: String = d.source_line.chars().skip(d.caret_offset).take(5).collect();
        assert_eq!(shown, "titel");
        // A short line is shown whole, even with the column far to the right.
        let src = format!("{}titel", " ".repeat(150));
        let d = Diagnostic::at(Path::new("x.ron"), &src, Span::new(150, 155), "m");
        assert_eq!(
            (d.source_line.as_str(), d.caret_offset),
            (src.as_str(), 150)
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
