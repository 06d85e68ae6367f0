//! A RON reader that keeps where every value came from.
//!
//! Deck errors must point at the line and column of the offending field, also for errors found
//! after parsing (a duplicate id, an answer out of range), and all of a file's errors are reported
//! in one run. A serde deserializer stops at the first problem and forgets positions, so the deck
//! is first read into this spanned tree, then turned into the model by `convert`.
//!
//! The reader takes the part of RON a deck uses, read exactly as the `ron` crate reads it (a
//! differential test in `tests/ron_referee.rs` holds the two together): structs
//! (`Name(field: value)`), tuples, lists, strings (with RON's escapes, and raw strings), whole
//! numbers, booleans, bare and raw identifiers (`r#name`), `Some(..)`/`None`, `//` and nested
//! `/* */` comments, and `#![enable(implicit_some)]`. RON that no deck field can hold (maps,
//! characters, byte strings, `inf` and `NaN`) is refused with a message that says what to write
//! instead. The deliberate differences from `ron` are listed in `docs/deck-format.md`.

use std::fmt;

use super::diagnostic::describe_char;

/// Byte offsets into the deck text, `start..end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Self { start, end }
    }
}

/// A value read from the deck text, with the span it was read from.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub value: Value,
    pub span: Span,
}

/// An identifier as written: `Dark`, or the raw form `r#Dark`, which is never a keyword.
#[derive(Debug, Clone, PartialEq)]
pub struct Name {
    /// Without the `r#` of a raw identifier.
    pub text: String,
    pub span: Span,
    pub raw: bool,
}

impl Name {
    /// True for the plain (not raw) identifier `word`: how RON tells `None` from `r#None`.
    pub fn is_keyword(&self, word: &str) -> bool {
        !self.raw && self.text == word
    }
}

/// A named field of a struct: `title: "Opening"`.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub name: String,
    pub name_span: Span,
    pub value: Node,
}

/// The RON value kinds a deck can hold.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `Name(field: value, ...)` or `(field: value, ...)`; also `Name()`.
    Struct {
        name: Option<Name>,
        fields: Vec<Field>,
    },
    /// `Name(a, b)` or `(a, b)`.
    Tuple {
        name: Option<Name>,
        items: Vec<Node>,
    },
    List(Vec<Node>),
    Str(String),
    Int(i64),
    /// A number with a decimal point. No deck field takes one; it is read so the message can
    /// say "a whole number, found 2.5".
    Float(f64),
    Bool(bool),
    /// A bare identifier such as `Dark` or `None`.
    Ident(Name),
}

impl Value {
    /// How an author would call this kind of value, for "expected text, found a list".
    pub fn describe(&self) -> &'static str {
        match self {
            Value::Struct { name: Some(_), .. } | Value::Tuple { name: Some(_), .. } => {
                "a named item like `Name(...)`"
            }
            Value::Struct { name: None, .. } | Value::Tuple { name: None, .. } => {
                "a group in parentheses"
            }
            Value::List(_) => "a list in square brackets",
            Value::Str(_) => "text in quotes",
            Value::Int(_) => "a whole number",
            Value::Float(_) => "a decimal number",
            Value::Bool(_) => "true or false",
            Value::Ident(name) if name.is_keyword("None") => "`None`",
            Value::Ident(_) => "a bare word",
        }
    }

    /// `None`, as RON reads it: the plain identifier, not `r#None`.
    pub fn is_none(&self) -> bool {
        matches!(self, Value::Ident(name) if name.is_keyword("None"))
    }

    /// The value inside `Some(x)`, if this is one.
    pub fn some_inner(&self) -> Option<&Node> {
        match self {
            Value::Tuple {
                name: Some(name),
                items,
            } if name.is_keyword("Some") && items.len() == 1 => items.first(),
            _ => None,
        }
    }
}

/// Why the text is not readable RON, and where.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntaxError {
    pub message: String,
    pub help: Option<String>,
    pub span: Span,
    /// A second place worth reading, such as where an unclosed string finally ends.
    pub note: Option<(Span, String)>,
    /// The error is about a value read whole (a number with a type suffix): an earlier
    /// string left open would not have produced it, so it is never blamed on one.
    pub about_a_whole_value: bool,
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// Nesting deeper than this is not a deck; the limit keeps garbage from exhausting the stack.
const MAX_DEPTH: usize = 64;

/// The `#![enable(..)]` extensions RON knows. Only `implicit_some` is accepted in a deck (and
/// is always on); the others change how `ron` reads a file, so Podium refuses them.
const RON_EXTENSIONS: &[&str] = &[
    "unwrap_newtypes",
    "implicit_some",
    "unwrap_variant_newtypes",
    "explicit_struct_names",
];

/// Reads one RON value (the whole file) into a spanned tree. A byte-order mark at the start is
/// skipped.
pub fn parse(src: &str) -> Result<Node, SyntaxError> {
    let mut parser = Parser {
        src,
        pos: 0,
        last_string: None,
    };
    if src.starts_with('\u{FEFF}') {
        parser.pos = '\u{FEFF}'.len_utf8();
    }
    parser
        .document()
        .map_err(|error| parser.blame_unclosed_string(error))
}

struct Parser<'a> {
    src: &'a str,
    pos: usize,
    /// The last string read that ran over more than one line: where it opened and closed.
    last_string: Option<(usize, usize)>,
}

/// RON's whitespace, exactly: a non-breaking space or a zero-width space is not whitespace.
fn is_whitespace(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t'
            | '\n'
            | '\r'
            | '\x0B'
            | '\x0C'
            | '\u{85}'
            | '\u{200E}'
            | '\u{200F}'
            | '\u{2028}'
            | '\u{2029}'
    )
}

fn is_ident_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_'
}

fn is_ident_continue(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// What may follow `r#` in a raw identifier.
fn is_raw_ident_char(c: char) -> bool {
    is_ident_continue(c) || matches!(c, '.' | '+' | '-')
}

fn is_int_char(c: char) -> bool {
    c.is_ascii_hexdigit() || c == '_'
}

impl<'a> Parser<'a> {
    fn document(&mut self) -> Result<Node, SyntaxError> {
        self.skip_trivia()?;
        self.attributes()?;
        if self.peek().is_none() {
            return Err(self.error_here(
                "the file is empty",
                Some("a deck starts with `Deck(` and a title; see docs/deck-format.md"),
            ));
        }
        let node = self.value(0)?;
        self.skip_trivia()?;
        if let Some(c) = self.peek() {
            return Err(self.error_at(
                Span::new(self.pos, self.pos + c.len_utf8()),
                format!("unexpected {} after the end of the deck", describe_char(c)),
                Some("everything belongs inside `Deck( ... )`; check that its closing `)` is the last thing in the file"),
            ));
        }
        Ok(node)
    }

    /// A string that runs over several lines, closed by a quote on the line where reading
    /// failed, was almost always meant to end on its first line: say so, where it opens.
    fn blame_unclosed_string(&self, error: SyntaxError) -> SyntaxError {
        let Some((open, close)) = self.last_string else {
            return error;
        };
        if error.about_a_whole_value {
            return error;
        }
        let same_line = error.span.start > close
            && self
                .src
                .get(close..error.span.start)
                .is_some_and(|between| !between.contains('\n'));
        if !same_line {
            return error;
        }
        let line_of = |at: usize| {
            self.src
                .get(..at)
                .map_or(1, |before| before.matches('\n').count() + 1)
        };
        SyntaxError {
            message: "this string is not closed".to_owned(),
            help: Some(format!(
                "add the closing `\"` where the text should end on line {}; without it the text runs on to the next `\"`, on line {}",
                line_of(open),
                line_of(close)
            )),
            span: Span::new(open, open + 1),
            note: Some((error.span, error.message)),
            about_a_whole_value: false,
        }
    }

    fn rest(&self) -> &'a str {
        self.src.get(self.pos..).unwrap_or("")
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn peek_second(&self) -> Option<char> {
        let mut chars = self.rest().chars();
        chars.next();
        chars.next()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.pos += c.len_utf8();
            true
        } else {
            false
        }
    }

    fn error_at(&self, span: Span, message: impl Into<String>, help: Option<&str>) -> SyntaxError {
        SyntaxError {
            message: message.into(),
            help: help.map(str::to_owned),
            span,
            note: None,
            about_a_whole_value: false,
        }
    }

    fn error_here(&self, message: impl Into<String>, help: Option<&str>) -> SyntaxError {
        let len = self.peek().map_or(0, char::len_utf8);
        self.error_at(Span::new(self.pos, self.pos + len), message, help)
    }

    fn unexpected(&self, wanted: &str) -> SyntaxError {
        match self.peek() {
            None => self.error_here(
                format!("the file ends where {wanted} was expected"),
                Some("the file may be cut off, or a `)`, `]` or `\"` is missing further up"),
            ),
            Some(c) => self.error_here(
                format!("expected {wanted}, found {}", describe_char(c)),
                Some(
                    hint_for(c)
                        .unwrap_or("write it as this guide's examples do: docs/deck-format.md"),
                ),
            ),
        }
    }

    /// Skips whitespace and comments.
    fn skip_trivia(&mut self) -> Result<(), SyntaxError> {
        loop {
            match (self.peek(), self.peek_second()) {
                (Some(c), _) if is_whitespace(c) => {
                    self.bump();
                }
                (Some('/'), Some('/')) => match self.rest().find('\n') {
                    Some(at) => self.pos += at + 1,
                    None => self.pos = self.src.len(),
                },
                (Some('/'), Some('*')) => self.block_comment()?,
                (Some('/'), _) => {
                    return Err(self.error_here(
                        "a single `/` is not part of a deck",
                        Some("a comment starts with `//` (to the end of the line) or `/*` (up to `*/`)"),
                    ));
                }
                _ => return Ok(()),
            }
        }
    }

    fn block_comment(&mut self) -> Result<(), SyntaxError> {
        let start = self.pos;
        self.pos += 2;
        let mut depth = 1usize;
        while depth > 0 {
            let rest = self.rest();
            let Some(at) = rest.find(['/', '*']) else {
                return Err(self.error_at(
                    Span::new(start, start + 2),
                    "this `/*` comment is never closed",
                    Some("add `*/` where the comment should end"),
                ));
            };
            self.pos += at;
            if self.rest().starts_with("/*") {
                self.pos += 2;
                depth += 1;
            } else if self.rest().starts_with("*/") {
                self.pos += 2;
                depth -= 1;
            } else {
                self.pos += 1;
            }
        }
        Ok(())
    }

    /// Reads `#![enable(implicit_some)]` lines (and `#![type = ".."]`, which RON ignores):
    /// `implicit_some` is always on for decks anyway.
    fn attributes(&mut self) -> Result<(), SyntaxError> {
        const HELP: &str = "remove the line, or write it as `#![enable(implicit_some)]`";
        while self.peek() == Some('#') {
            let start = self.pos;
            self.bump();
            self.skip_trivia()?;
            let bang = self.eat('!');
            self.skip_trivia()?;
            if !bang || !self.eat('[') {
                return Err(self.error_at(
                    Span::new(start, self.pos.max(start + 1)),
                    "a line starting with `#` must be an attribute like `#![enable(implicit_some)]`",
                    Some(HELP),
                ));
            }
            self.skip_trivia()?;
            let word_start = self.pos;
            let word = self.plain_ident();
            self.skip_trivia()?;
            match word.as_str() {
                "enable" => {
                    if !self.eat('(') {
                        return Err(self.unexpected("`(` after `enable`"));
                    }
                    self.skip_trivia()?;
                    self.extension_list()?;
                    self.skip_trivia()?;
                    if !self.eat(')') {
                        return Err(self.unexpected("`)` closing the list of extensions"));
                    }
                    self.skip_trivia()?;
                }
                "type" | "schema" => {
                    if !self.eat('=') {
                        return Err(self.unexpected(&format!("`=` after `{word}`")));
                    }
                    self.skip_trivia()?;
                    if self.peek() != Some('"') && !self.at_raw_string() {
                        return Err(self.unexpected("text in double quotes"));
                    }
                    self.string_value()?;
                    self.skip_trivia()?;
                }
                _ => {
                    return Err(self.error_at(
                        Span::new(word_start, self.pos.max(word_start + 1)),
                        "a `#![...]` attribute must be `#![enable(implicit_some)]`",
                        Some(HELP),
                    ));
                }
            }
            if !self.eat(']') {
                return Err(self.unexpected("`]` closing the attribute"));
            }
            self.skip_trivia()?;
        }
        Ok(())
    }

    fn extension_list(&mut self) -> Result<(), SyntaxError> {
        loop {
            let start = self.pos;
            let name = self.name().map(|n| n.text).unwrap_or_default();
            let span = Span::new(start, self.pos.max(start + 1));
            match name.as_str() {
                "" => return Err(self.unexpected("the name of an extension, `implicit_some`")),
                "implicit_some" => {}
                other if RON_EXTENSIONS.contains(&other) => {
                    return Err(self.error_at(
                        span,
                        format!("decks are read with `implicit_some` only, not `{other}`"),
                        Some("remove it from the list: it changes how RON reads a file, and no deck needs it"),
                    ));
                }
                other => {
                    return Err(self.error_at(
                        span,
                        format!("`{other}` is not a RON extension"),
                        Some("write `#![enable(implicit_some)]`, or remove the line"),
                    ));
                }
            }
            self.skip_trivia()?;
            if !self.eat(',') {
                return Ok(());
            }
            self.skip_trivia()?;
            if !self.peek().is_some_and(is_ident_start) {
                return Ok(());
            }
        }
    }

    /// An identifier that is not raw, or "" when there is none here.
    fn plain_ident(&mut self) -> String {
        if !self.peek().is_some_and(is_ident_start) {
            return String::new();
        }
        let start = self.pos;
        while self.peek().is_some_and(is_ident_continue) {
            self.bump();
        }
        self.src.get(start..self.pos).unwrap_or("").to_owned()
    }

    /// `r"`, `r#"` and `r##` start raw strings, as in RON; `r#name` is a raw identifier.
    fn at_raw_string(&self) -> bool {
        let rest = self.rest();
        rest.starts_with("r\"") || rest.starts_with("r#\"") || rest.starts_with("r##")
    }

    fn at_raw_ident(&self) -> bool {
        let rest = self.rest();
        rest.starts_with("r#")
            && !self.at_raw_string()
            && rest
                .get(2..)
                .and_then(|s| s.chars().next())
                .is_some_and(is_raw_ident_char)
    }

    /// An identifier, plain or raw, if one starts here.
    fn name(&mut self) -> Option<Name> {
        let start = self.pos;
        if self.at_raw_ident() {
            self.pos += 2;
            let text_start = self.pos;
            while self.peek().is_some_and(is_raw_ident_char) {
                self.bump();
            }
            return Some(Name {
                text: self.src.get(text_start..self.pos).unwrap_or("").to_owned(),
                span: Span::new(start, self.pos),
                raw: true,
            });
        }
        if self.at_raw_string() || !self.peek().is_some_and(is_ident_start) {
            return None;
        }
        let text = self.plain_ident();
        Some(Name {
            text,
            span: Span::new(start, self.pos),
            raw: false,
        })
    }

    fn value(&mut self, depth: usize) -> Result<Node, SyntaxError> {
        if depth > MAX_DEPTH {
            return Err(self.error_here(
                format!("the deck is nested more than {MAX_DEPTH} levels deep"),
                Some("a deck needs only a few levels of `( )` and `[ ]`; look for brackets that are opened and never closed"),
            ));
        }
        let start = self.pos;
        let Some(c) = self.peek() else {
            return Err(self.unexpected("a value"));
        };
        let value = match c {
            '"' => Value::Str(self.string_value()?),
            'r' if self.at_raw_string() => Value::Str(self.string_value()?),
            'b' if matches!(self.peek_second(), Some('"' | '\'' | 'r')) && !self.byte_r_ident() => {
                return Err(self.error_here(
                    "byte strings and byte literals are not used in decks",
                    Some("write text in double quotes, \"like this\", and numbers with digits"),
                ));
            }
            '\'' => {
                return Err(self.error_here(
                    "single quotes are not used in decks",
                    Some("text goes in double quotes: \"like this\""),
                ));
            }
            '{' => {
                return Err(self.error_here(
                    "curly braces `{ }` are not used in decks",
                    Some("a list is written in square brackets `[ ... ]`, and a slide as `Kind( ... )`"),
                ));
            }
            '[' => self.list(depth)?,
            '(' => self.parenthesized(None, depth)?,
            c if c.is_ascii_digit() || matches!(c, '-' | '+' | '.') => self.number()?,
            _ => match self.name() {
                Some(name) => {
                    let before_trivia = self.pos;
                    self.skip_trivia()?;
                    if self.peek() == Some('(') {
                        self.parenthesized(Some(name), depth)?
                    } else {
                        self.pos = before_trivia;
                        if name.is_keyword("true") {
                            Value::Bool(true)
                        } else if name.is_keyword("false") {
                            Value::Bool(false)
                        } else {
                            Value::Ident(name)
                        }
                    }
                }
                None => {
                    return Err(self.error_here(
                        format!("expected a value, found {}", describe_char(c)),
                        Some(hint_for(c).unwrap_or(
                            "a value is text in double quotes, a whole number, true or false, a list in `[ ]`, or a kind such as `Title( ... )`",
                        )),
                    ));
                }
            },
        };
        Ok(Node {
            value,
            span: Span::new(start, self.pos),
        })
    }

    /// `br`, `b"` and `b'` start byte strings in RON, but `bravo` is an identifier.
    fn byte_r_ident(&self) -> bool {
        let rest = self.rest();
        rest.starts_with("br") && !rest.starts_with("br\"") && !rest.starts_with("br#")
    }

    /// After `(`: a struct if the first thing inside is `name:`, a tuple otherwise.
    fn parenthesized(&mut self, name: Option<Name>, depth: usize) -> Result<Value, SyntaxError> {
        let open = self.pos;
        self.bump();
        self.skip_trivia()?;
        if self.eat(')') {
            return Ok(Value::Struct {
                name,
                fields: Vec::new(),
            });
        }
        if self.at_field_name()? {
            let mut fields = Vec::new();
            loop {
                self.skip_trivia()?;
                if self.eat(')') {
                    break;
                }
                let Some(field_name) = self.name() else {
                    return Err(self.unexpected_in_struct(open, name.as_ref()));
                };
                self.skip_trivia()?;
                if !self.eat(':') {
                    return Err(match self.peek() {
                        None => self.unclosed(open, ')', name.as_ref()),
                        Some(_) => self.error_here(
                            format!("expected `:` after the field name `{}`", field_name.text),
                            Some("write a field as `name: value`"),
                        ),
                    });
                }
                self.skip_trivia()?;
                let value = self.value(depth + 1)?;
                fields.push(Field {
                    name: field_name.text,
                    name_span: field_name.span,
                    value,
                });
                if !self.separator(')', open, name.as_ref())? {
                    break;
                }
            }
            Ok(Value::Struct { name, fields })
        } else {
            let mut items = Vec::new();
            loop {
                self.skip_trivia()?;
                if self.eat(')') {
                    break;
                }
                if self.peek().is_none() {
                    return Err(self.unclosed(open, ')', name.as_ref()));
                }
                items.push(self.value(depth + 1)?);
                if !self.separator(')', open, name.as_ref())? {
                    break;
                }
            }
            Ok(Value::Tuple { name, items })
        }
    }

    fn unexpected_in_struct(&self, open: usize, name: Option<&Name>) -> SyntaxError {
        match self.peek() {
            None => self.unclosed(open, ')', name),
            Some(c) => self.error_here(
                format!("expected a field name or `)`, found {}", describe_char(c)),
                Some("write each field as `name: value`, separated by commas"),
            ),
        }
    }

    fn unclosed(&self, open: usize, close: char, name: Option<&Name>) -> SyntaxError {
        let what = match name {
            Some(n) => format!("`{}(`", n.text),
            None => format!("`{}`", if close == ')' { '(' } else { '[' }),
        };
        self.error_at(
            Span::new(open, open + 1),
            format!("{what} opened here is never closed: the file ends first"),
            Some(if close == ')' {
                "add the missing `)`; each `(` needs a `)`"
            } else {
                "add the missing `]`; each `[` needs a `]`"
            }),
        )
    }

    /// After an element: eats `,` (true: more may follow) or the closing bracket (false).
    fn separator(
        &mut self,
        close: char,
        open: usize,
        name: Option<&Name>,
    ) -> Result<bool, SyntaxError> {
        self.skip_trivia()?;
        match self.peek() {
            Some(',') => {
                self.bump();
                Ok(true)
            }
            Some(c) if c == close => {
                self.bump();
                Ok(false)
            }
            None => Err(self.unclosed(open, close, name)),
            Some(c) => {
                let help = if close == ')' && matches!(c, ']' | '}') {
                    "a bracket does not match: `(` closes with `)`, `[` with `]`"
                } else if close == ']' && matches!(c, ')' | '}') {
                    "a bracket does not match: `[` closes with `]`, `(` with `)`"
                } else {
                    hint_for(c)
                        .unwrap_or("a comma is probably missing at the end of the previous line")
                };
                Err(self.error_here(
                    format!("expected `,` or `{close}`, found {}", describe_char(c)),
                    Some(help),
                ))
            }
        }
    }

    /// Looks ahead, past comments, for `name:` (but not `name::`).
    fn at_field_name(&mut self) -> Result<bool, SyntaxError> {
        let start = self.pos;
        let found = match self.name() {
            Some(_) => {
                self.skip_trivia()?;
                let rest = self.rest();
                rest.starts_with(':') && !rest.starts_with("::")
            }
            None => false,
        };
        self.pos = start;
        Ok(found)
    }

    fn list(&mut self, depth: usize) -> Result<Value, SyntaxError> {
        let open = self.pos;
        self.bump();
        let mut items = Vec::new();
        loop {
            self.skip_trivia()?;
            match self.peek() {
                Some(']') => {
                    self.bump();
                    break;
                }
                None => return Err(self.unclosed(open, ']', None)),
                _ => {}
            }
            items.push(self.value(depth + 1)?);
            if !self.separator(']', open, None)? {
                break;
            }
        }
        Ok(Value::List(items))
    }

    /// A string in double quotes, or a raw string.
    fn string_value(&mut self) -> Result<String, SyntaxError> {
        let open = self.pos;
        let text = if self.peek() == Some('r') {
            self.raw_string()?
        } else {
            self.string()?
        };
        let body = self.src.get(open..self.pos).unwrap_or("");
        if body.contains('\n') {
            self.last_string = Some((open, self.pos.saturating_sub(1)));
        }
        Ok(text)
    }

    fn string(&mut self) -> Result<String, SyntaxError> {
        let open = self.pos;
        self.bump();
        let mut out = String::new();
        loop {
            let rest = self.rest();
            let Some(at) = rest.find(['"', '\\']) else {
                return Err(self.error_at(
                    Span::new(open, open + 1),
                    "this string is not closed: its opening `\"` has no closing `\"`",
                    Some("add the closing `\"` where the text ends; a `\"` inside text is written `\\\"`"),
                ));
            };
            out.push_str(rest.get(..at).unwrap_or(""));
            self.pos += at;
            if self.eat('"') {
                return Ok(out);
            }
            self.pos += 1;
            if self.line_continuation() {
                continue;
            }
            out.push(self.escape()?);
        }
    }

    /// A `\` at the end of a line joins the next line, without its leading spaces, as in RON.
    fn line_continuation(&mut self) -> bool {
        let rest = self.rest();
        let len = if rest.starts_with("\r\n") {
            2
        } else if rest.starts_with('\n') {
            1
        } else {
            return false;
        };
        self.pos += len;
        while matches!(self.peek(), Some(' ' | '\t' | '\n' | '\r')) {
            self.bump();
        }
        true
    }

    /// After a `\` in a string: RON's escapes, exactly.
    fn escape(&mut self) -> Result<char, SyntaxError> {
        let at = self.pos.saturating_sub(1);
        let bad = |p: &Self, what: &str| {
            p.error_at(
                Span::new(at, p.pos.max(at + 1)),
                what.to_owned(),
                Some("inside text, write `\\\"` for a quote, `\\n` for a line break, `\\\\` for a backslash, and `\\u{e9}` for a character by its code"),
            )
        };
        match self.bump() {
            Some('n') => Ok('\n'),
            Some('t') => Ok('\t'),
            Some('r') => Ok('\r'),
            Some('0') => Ok('\0'),
            Some('\\') => Ok('\\'),
            Some('"') => Ok('"'),
            Some('\'') => Ok('\''),
            Some('u') => {
                if !self.eat('{') {
                    return Err(bad(
                        self,
                        "`\\u` must be followed by `{` and a code, like `\\u{e9}`",
                    ));
                }
                let mut code: u32 = 0;
                let mut digits = 0;
                while digits < 6 && self.peek() != Some('}') {
                    let Some(digit) = self.bump().and_then(|c| c.to_digit(16)) else {
                        return Err(bad(
                            self,
                            "a `\\u{...}` code has only the digits 0-9 and a-f",
                        ));
                    };
                    code = code * 16 + digit;
                    digits += 1;
                }
                if digits == 0 {
                    return Err(bad(self, "`\\u{}` needs a code between the braces"));
                }
                if !self.eat('}') {
                    return Err(bad(self, "a `\\u{...}` code has 1 to 6 digits, then `}`"));
                }
                char::from_u32(code)
                    .ok_or_else(|| bad(self, "this `\\u{...}` code is not a character"))
            }
            Some('x') => {
                let first = self.hex_byte().ok_or_else(|| {
                    bad(
                        self,
                        "`\\x` must be followed by two hex digits, like `\\x41`",
                    )
                })?;
                let mut bytes = vec![first];
                // A character outside ASCII is written as its UTF-8 bytes, `\xC3\xA9`.
                loop {
                    if let Ok(text) = std::str::from_utf8(&bytes)
                        && let Some(c) = text.chars().next()
                    {
                        return Ok(c);
                    }
                    if bytes.len() >= 4 || !self.rest().starts_with("\\x") {
                        return Err(bad(self, "these `\\x` bytes are not a UTF-8 character"));
                    }
                    self.pos += 2;
                    let byte = self.hex_byte().ok_or_else(|| {
                        bad(
                            self,
                            "`\\x` must be followed by two hex digits, like `\\x41`",
                        )
                    })?;
                    bytes.push(byte);
                }
            }
            _ => Err(bad(self, "unknown escape after `\\`")),
        }
    }

    fn hex_byte(&mut self) -> Option<u8> {
        let high = self.bump()?.to_digit(16)?;
        let low = self.bump()?.to_digit(16)?;
        u8::try_from(high * 16 + low).ok()
    }

    fn raw_string(&mut self) -> Result<String, SyntaxError> {
        let open = self.pos;
        self.bump();
        let mut hashes = 0usize;
        while self.eat('#') {
            hashes += 1;
        }
        if !self.eat('"') {
            return Err(self.error_at(
                Span::new(open, self.pos),
                "a raw string starts with `r\"` or `r#\"`",
                Some("write text in double quotes: \"like this\""),
            ));
        }
        let body_start = self.pos;
        let closing: String = std::iter::once('"')
            .chain(std::iter::repeat_n('#', hashes))
            .collect();
        match self.rest().find(&closing) {
            Some(len) => {
                let body = self
                    .src
                    .get(body_start..body_start + len)
                    .unwrap_or("")
                    .to_owned();
                self.pos = body_start + len + closing.len();
                Ok(body)
            }
            None => Err(self.error_at(
                Span::new(open, open + 1),
                format!("this raw string is not closed with `{closing}`"),
                Some("add the closing quote (and its `#` marks) where the text ends"),
            )),
        }
    }

    /// A whole number as RON reads it: a sign, `0x`/`0o`/`0b`, digits and `_` (not first).
    /// A decimal number is read too, for the message; `inf`, `NaN` and type suffixes are not.
    fn number(&mut self) -> Result<Value, SyntaxError> {
        let start = self.pos;
        let negative = self.peek() == Some('-');
        if matches!(self.peek(), Some('-' | '+')) {
            self.bump();
        }
        let radix = match (self.peek(), self.peek_second()) {
            (Some('0'), Some('x')) => 16,
            (Some('0'), Some('b')) => 2,
            (Some('0'), Some('o')) => 8,
            _ => 10,
        };
        if radix != 10 {
            self.pos += 2;
        }
        let digits_start = self.pos;
        while self.peek().is_some_and(is_int_char) {
            self.bump();
        }
        let digits = self.src.get(digits_start..self.pos).unwrap_or("");
        if radix == 10 && self.peek() == Some('.') && !self.rest().starts_with("..") {
            return self.decimal(start);
        }
        let not_a_number = |p: &mut Self| {
            // Take in the rest of the word, so `10min` is named whole.
            while p
                .peek()
                .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
            {
                p.bump();
            }
            let span = Span::new(start, p.pos.max(start + 1));
            p.error_at(
                span,
                format!(
                    "`{}` is not a number",
                    p.src.get(span.start..span.end).unwrap_or("")
                ),
                Some("write a whole number with digits only, like `15`, without quotes or units"),
            )
        };
        if digits.is_empty() || digits.starts_with('_') {
            return Err(not_a_number(self));
        }
        let mut magnitude: i64 = 0;
        let mut overflow = false;
        for c in digits.chars() {
            let Some(digit) = c.to_digit(16) else {
                continue; // `_`
            };
            if digit >= radix {
                return Err(not_a_number(self));
            }
            // Negative numbers are accumulated below zero, as RON does, so the smallest fits.
            let next = magnitude.checked_mul(i64::from(radix)).and_then(|m| {
                if negative {
                    m.checked_sub(i64::from(digit))
                } else {
                    m.checked_add(i64::from(digit))
                }
            });
            match next {
                Some(n) => magnitude = n,
                None => overflow = true,
            }
        }
        let rest = self.rest();
        for suffix in [
            "i8", "i16", "i32", "i64", "i128", "u8", "u16", "u32", "u64", "u128",
        ] {
            if rest.starts_with(suffix)
                && !rest
                    .get(suffix.len()..)
                    .and_then(|s| s.chars().next())
                    .is_some_and(is_ident_continue)
            {
                let end = self.pos + suffix.len();
                return Err(SyntaxError {
                    about_a_whole_value: true,
                    ..self.error_at(
                        Span::new(start, end),
                        format!("numbers in a deck have no type suffix such as `{suffix}`"),
                        Some("write the number alone, like `15`"),
                    )
                });
            }
        }
        if self
            .peek()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        {
            return Err(not_a_number(self));
        }
        if overflow {
            return Err(self.error_at(
                Span::new(start, self.pos),
                "this number is far too large",
                Some("write a small whole number, like `15`"),
            ));
        }
        Ok(Value::Int(magnitude))
    }

    /// `2.5`, `.5`, `1.5e3`: read so that the message can show it; no deck field takes one.
    fn decimal(&mut self, start: usize) -> Result<Value, SyntaxError> {
        while self
            .peek()
            .is_some_and(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '_'))
            && !self.rest().starts_with("..")
        {
            if matches!(self.bump(), Some('e' | 'E')) && matches!(self.peek(), Some('-' | '+')) {
                self.bump();
            }
        }
        let span = Span::new(start, self.pos.max(start + 1));
        let text: String = self
            .src
            .get(span.start..span.end)
            .unwrap_or("")
            .chars()
            .filter(|&c| c != '_')
            .collect();
        text.parse::<f64>().map(Value::Float).map_err(|_| {
            self.error_at(
                span,
                format!(
                    "`{}` is not a number",
                    self.src.get(span.start..span.end).unwrap_or("")
                ),
                Some("write a whole number with digits only, like `15`"),
            )
        })
    }
}

fn hint_for(c: char) -> Option<&'static str> {
    match c {
        '\u{201C}' | '\u{201D}' | '\u{2018}' | '\u{2019}' | '\u{00AB}' | '\u{00BB}' => Some(
            "this is a curly quote, as a word processor writes it; use a straight `\"` instead",
        ),
        '\u{FEFF}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' => Some(
            "delete the invisible character: put the cursor just after it and press Backspace, or retype the line",
        ),
        '\u{00A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}' => {
            Some("replace it with an ordinary space, or delete it")
        }
        ':' => Some("a field name is probably missing before the `:`"),
        ',' => Some("there are two commas in a row, or a value is missing before the comma"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_ok(src: &str) -> Value {
        match parse(src) {
            Ok(node) => node.value,
            Err(e) => panic!("{src:?} failed: {e:?}"),
        }
    }

    fn fields(src: &str) -> Vec<Field> {
        match parse_ok(src) {
            Value::Struct { fields, .. } => fields,
            other => panic!("not a struct: {other:?}"),
        }
    }

    #[test]
    fn reads_structs_tuples_and_lists_with_spans() {
        let src = "Deck(title: \"A\", xs: [1, -2, 3], pair: (\"a\", \"b\"), t: Dark, on: true,)";
        let node = parse(src).unwrap();
        let Value::Struct { name, fields } = node.value else {
            panic!("not a struct")
        };
        assert_eq!(name.unwrap().text, "Deck");
        assert_eq!(fields.len(), 5);
        assert_eq!(fields[0].name, "title");
        assert_eq!(
            &src[fields[0].name_span.start..fields[0].name_span.end],
            "title"
        );
        assert_eq!(fields[0].value.value, Value::Str("A".into()));
        let at = |text: &str| {
            let start = src.find(text).unwrap();
            Span::new(start, start + text.len())
        };
        assert_eq!(
            fields[1].value.value,
            Value::List(vec![
                Node {
                    value: Value::Int(1),
                    span: Span::new(at("[1").start + 1, at("[1").end)
                },
                Node {
                    value: Value::Int(-2),
                    span: at("-2")
                },
                Node {
                    value: Value::Int(3),
                    span: Span::new(at("3]").start, at("3]").start + 1)
                },
            ])
        );
        assert!(matches!(
            fields[2].value.value,
            Value::Tuple { name: None, .. }
        ));
        assert!(matches!(&fields[3].value.value, Value::Ident(n) if n.text == "Dark"));
        assert_eq!(fields[4].value.value, Value::Bool(true));
    }

    #[test]
    fn reads_comments_attributes_escapes_and_raw_strings() {
        let src = "#![enable(implicit_some)]\n// c\n/* a /* nested */ b */ (a: \"x\\\"y\\n\\u{e9}\\xC3\\xA9\", b: r#\"raw \"q\"\"#, d: 0x1F, e: 1_000, f: \"one \\\n     line\")";
        let fields = fields(src);
        assert_eq!(fields[0].value.value, Value::Str("x\"y\néé".into()));
        assert_eq!(fields[1].value.value, Value::Str("raw \"q\"".into()));
        assert_eq!(fields[2].value.value, Value::Int(31));
        assert_eq!(fields[3].value.value, Value::Int(1000));
        assert_eq!(fields[4].value.value, Value::Str("one line".into()));
    }

    #[test]
    fn a_comment_between_a_field_name_and_its_colon_is_still_a_field() {
        let fields = fields("Title(title /* the heading */ : \"A\")");
        assert_eq!(fields[0].name, "title");
    }

    #[test]
    fn raw_identifiers_are_identifiers_and_never_keywords() {
        let fields = fields("r#Deck(r#title: \"A\", t: r#Dark, n: r#None, b: r#true)");
        assert_eq!(fields[0].name, "title");
        assert!(matches!(&fields[1].value.value, Value::Ident(n) if n.text == "Dark" && n.raw));
        assert!(!fields[2].value.value.is_none());
        assert!(matches!(&fields[3].value.value, Value::Ident(n) if n.text == "true"));
    }

    #[test]
    fn unicode_escapes_take_one_to_six_digits() {
        assert_eq!(
            fields("(a: \"\\u{1F600}\")")[0].value.value,
            Value::Str("\u{1F600}".into())
        );
        assert!(parse("(a: \"\\u{0000041}\")").is_err());
        assert!(parse("(a: \"\\u{}\")").is_err());
        assert!(parse("(a: \"\\u{D800}\")").is_err());
    }

    #[test]
    fn a_non_breaking_space_is_not_whitespace_and_is_named() {
        let err = parse("Deck(\u{A0}title: \"A\")").unwrap_err();
        assert!(
            err.message.contains("non-breaking space"),
            "{}",
            err.message
        );
        assert!(err.help.unwrap().contains("ordinary space"));
    }

    #[test]
    fn a_byte_order_mark_at_the_start_is_skipped_and_elsewhere_named() {
        assert!(parse("\u{FEFF}Deck(title: \"A\")").is_ok());
        let err = parse("Deck(\u{FEFF}title: \"A\")").unwrap_err();
        assert!(err.message.contains("byte-order mark"), "{}", err.message);
    }

    #[test]
    fn numbers_follow_ron() {
        assert_eq!(fields("(a: -0x10)")[0].value.value, Value::Int(-16));
        assert_eq!(
            fields("(a: -9223372036854775808)")[0].value.value,
            Value::Int(i64::MIN)
        );
        assert_eq!(fields("(a: 2.5)")[0].value.value, Value::Float(2.5));
        for bad in [
            "(a: -_5)",
            "(a: 0x_1)",
            "(a: 12abc)",
            "(a: 0b12)",
            "(a: 5u32)",
            "(a: 10min)",
            "(a: -9223372036854775809)",
        ] {
            assert!(parse(bad).is_err(), "{bad} must not read as a number");
        }
        assert!(matches!(&fields("(a: inf)")[0].value.value, Value::Ident(n) if n.text == "inf"));
    }

    #[test]
    fn grammar_no_deck_uses_is_refused_with_advice() {
        for (src, needle) in [
            ("(a: {})", "curly braces"),
            ("(a: 'x')", "single quotes"),
            ("(a: b'x')", "byte"),
            ("#![enable(unwrap_newtypes)] (a: 1)", "implicit_some"),
        ] {
            let err = parse(src).unwrap_err();
            assert!(err.message.contains(needle), "{src}: {}", err.message);
            assert!(err.help.is_some());
        }
    }

    #[test]
    fn a_missing_comma_points_at_the_next_line() {
        let src = "Deck(\n  title: \"A\"\n  subtitle: \"B\",\n)";
        let err = parse(src).unwrap_err();
        assert_eq!(&src[err.span.start..err.span.end], "s");
        assert!(
            err.message.contains("expected `,` or `)`"),
            "{}",
            err.message
        );
        assert!(err.help.unwrap().contains("comma"));
    }

    #[test]
    fn an_unclosed_string_is_blamed_where_it_opens() {
        let src = "Title(\n  title: \"The discovery funnel,\n  subtitle: \"Finding the need\",\n)";
        let err = parse(src).unwrap_err();
        assert_eq!(err.message, "this string is not closed");
        assert_eq!(err.span.start, src.find('"').unwrap());
        let (note_span, note) = err.note.unwrap();
        assert_eq!(&src[note_span.start..note_span.start + 1], "F");
        assert!(note.contains("expected `,` or `)`"), "{note}");
    }

    #[test]
    fn an_unclosed_bracket_points_at_where_it_opened() {
        let src = "Deck(title: \"A\", sections: [";
        let err = parse(src).unwrap_err();
        assert_eq!(err.span.start, src.find('[').unwrap());
        assert!(err.message.contains("never closed"));
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        let src = "[".repeat(100_000);
        let err = parse(&src).unwrap_err();
        assert!(err.message.contains("nested"));
    }

    #[test]
    fn curly_quotes_get_a_hint() {
        let err = parse("Deck(title: \u{201C}A\u{201D})").unwrap_err();
        assert!(err.help.unwrap().contains("curly quote"));
    }
}
