//! A RON reader that keeps where every value came from.
//!
//! Deck errors must point at the line and column of the offending field, also for errors found
//! after parsing (a duplicate id, an answer out of range), and all of a file's errors are reported
//! in one run. A serde deserializer stops at the first problem and forgets positions, so the deck
//! is first read into this spanned tree, then turned into the model by `convert`.
//!
//! The reader accepts the RON the contract uses: structs (`Name(field: value)`), tuples, lists,
//! maps, strings (with escapes, and raw strings), numbers, chars, booleans, bare identifiers,
//! `Some(..)`/`None`, `//` and nested `/* */` comments, and `#![enable(..)]` attributes.

use std::fmt;

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
        name: Option<(String, Span)>,
        fields: Vec<Field>,
    },
    /// `Name(a, b)` or `(a, b)`.
    Tuple {
        name: Option<(String, Span)>,
        items: Vec<Node>,
    },
    List(Vec<Node>),
    Map(Vec<(Node, Node)>),
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    Char(char),
    /// A bare identifier such as `Dark` or `None`.
    Ident(String),
}

impl Value {
    /// How an author would call this kind of value, for "expected text, found a list".
    pub fn describe(&self) -> &'static str {
        match self {
            Value::Struct { name: Some(_), .. } => "a named item like `Name(...)`",
            Value::Struct { name: None, .. } => "a group in parentheses",
            Value::Tuple { name: Some(_), .. } => "a named item like `Name(...)`",
            Value::Tuple { name: None, .. } => "a group in parentheses",
            Value::List(_) => "a list in square brackets",
            Value::Map(_) => "a map in curly braces",
            Value::Str(_) => "text in quotes",
            Value::Int(_) => "a whole number",
            Value::Float(_) => "a decimal number",
            Value::Bool(_) => "true or false",
            Value::Char(_) => "a single character in single quotes",
            Value::Ident(_) => "a bare word",
        }
    }
}

/// Why the text is not readable RON, and where.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntaxError {
    pub message: String,
    pub help: Option<String>,
    pub span: Span,
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// Nesting deeper than this is not a deck; the limit keeps garbage from exhausting the stack.
const MAX_DEPTH: usize = 64;

/// Reads one RON value (the whole file) into a spanned tree.
pub fn parse(src: &str) -> Result<Node, SyntaxError> {
    let mut parser = Parser { src, pos: 0 };
    parser.skip_trivia()?;
    parser.attributes()?;
    if parser.peek().is_none() {
        return Err(parser.error_here(
            "the file is empty",
            Some("a deck starts with `Deck(` and a title; see docs/deck-format.md"),
        ));
    }
    let node = parser.value(0)?;
    parser.skip_trivia()?;
    if let Some(c) = parser.peek() {
        return Err(parser.error_at(
            Span::new(parser.pos, parser.pos + c.len_utf8()),
            format!("unexpected {} after the end of the deck", show_char(c)),
            Some("everything belongs inside `Deck( ... )`; check that its closing `)` is the last thing in the file"),
        ));
    }
    Ok(node)
}

struct Parser<'a> {
    src: &'a str,
    pos: usize,
}

fn show_char(c: char) -> String {
    match c {
        '\n' => "end of line".to_owned(),
        c if c.is_control() => format!("control character U+{:04X}", c as u32),
        c => format!("`{c}`"),
    }
}

impl<'a> Parser<'a> {
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

    fn error_at(&self, span: Span, message: impl Into<String>, help: Option<&str>) -> SyntaxError {
        SyntaxError {
            message: message.into(),
            help: help.map(str::to_owned),
            span,
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
            Some(c) => self.error_here(format!("expected {wanted}, found {}", show_char(c)), None),
        }
    }

    /// Skips whitespace and comments.
    fn skip_trivia(&mut self) -> Result<(), SyntaxError> {
        loop {
            match (self.peek(), self.peek_second()) {
                (Some(c), _) if c.is_whitespace() => {
                    self.bump();
                }
                (Some('/'), Some('/')) => {
                    while let Some(c) = self.bump() {
                        if c == '\n' {
                            break;
                        }
                    }
                }
                (Some('/'), Some('*')) => self.block_comment()?,
                _ => return Ok(()),
            }
        }
    }

    fn block_comment(&mut self) -> Result<(), SyntaxError> {
        let start = self.pos;
        self.pos += 2;
        let mut depth = 1usize;
        while depth > 0 {
            match (self.peek(), self.peek_second()) {
                (Some('*'), Some('/')) => {
                    self.pos += 2;
                    depth -= 1;
                }
                (Some('/'), Some('*')) => {
                    self.pos += 2;
                    depth += 1;
                }
                (Some(_), _) => {
                    self.bump();
                }
                (None, _) => {
                    return Err(self.error_at(
                        Span::new(start, start + 2),
                        "this `/*` comment is never closed",
                        Some("add `*/` where the comment should end"),
                    ));
                }
            }
        }
        Ok(())
    }

    /// Skips `#![enable(...)]` lines; `implicit_some` is always on for decks anyway.
    fn attributes(&mut self) -> Result<(), SyntaxError> {
        while self.peek() == Some('#') {
            let start = self.pos;
            self.bump();
            if self.bump() != Some('!') || self.bump() != Some('[') {
                return Err(self.error_at(
                    Span::new(start, self.pos),
                    "a line starting with `#` must be an attribute like `#![enable(implicit_some)]`",
                    Some("remove the line, or write it as `#![enable(implicit_some)]`"),
                ));
            }
            loop {
                match self.bump() {
                    Some(']') => break,
                    Some(_) => {}
                    None => {
                        return Err(self.error_at(
                            Span::new(start, start + 1),
                            "this `#![` attribute is never closed with `]`",
                            None,
                        ));
                    }
                }
            }
            self.skip_trivia()?;
        }
        Ok(())
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
            '"' => Value::Str(self.string()?),
            'r' if matches!(self.peek_second(), Some('"' | '#')) => Value::Str(self.raw_string()?),
            'b' if matches!(self.peek_second(), Some('"' | '\'')) => {
                return Err(self.error_here(
                    "byte strings are not used in decks",
                    Some("write plain text in double quotes: \"like this\""),
                ));
            }
            '\'' => Value::Char(self.char_literal()?),
            '[' => self.list(depth)?,
            '{' => self.map(depth)?,
            '(' => self.parenthesized(None, depth)?,
            c if c.is_ascii_digit() || c == '-' || c == '+' || c == '.' => self.number()?,
            c if is_ident_start(c) => {
                let name = self.ident();
                let name_span = Span::new(start, self.pos);
                let before_ws = self.pos;
                self.skip_trivia()?;
                if self.peek() == Some('(') {
                    self.parenthesized(Some((name, name_span)), depth)?
                } else {
                    self.pos = before_ws;
                    match name.as_str() {
                        "true" => Value::Bool(true),
                        "false" => Value::Bool(false),
                        "inf" => Value::Float(f64::INFINITY),
                        "NaN" => Value::Float(f64::NAN),
                        _ => Value::Ident(name),
                    }
                }
            }
            c => {
                return Err(self.error_here(
                    format!("expected a value, found {}", show_char(c)),
                    hint_for(c),
                ));
            }
        };
        Ok(Node {
            value,
            span: Span::new(start, self.pos),
        })
    }

    fn ident(&mut self) -> String {
        let start = self.pos;
        while self.peek().is_some_and(is_ident_continue) {
            self.bump();
        }
        self.src.get(start..self.pos).unwrap_or("").to_owned()
    }

    /// After `(`: a struct if the first thing inside is `name:`, a tuple otherwise.
    fn parenthesized(
        &mut self,
        name: Option<(String, Span)>,
        depth: usize,
    ) -> Result<Value, SyntaxError> {
        let open = self.pos;
        self.bump();
        self.skip_trivia()?;
        if self.peek() == Some(')') {
            self.bump();
            return Ok(Value::Struct {
                name,
                fields: Vec::new(),
            });
        }
        if self.at_field_name() {
            let mut fields = Vec::new();
            loop {
                self.skip_trivia()?;
                if self.peek() == Some(')') {
                    self.bump();
                    break;
                }
                let name_start = self.pos;
                if !self.peek().is_some_and(is_ident_start) {
                    return Err(self.unexpected_in_struct(open, &name));
                }
                let field_name = self.ident();
                let name_span = Span::new(name_start, self.pos);
                self.skip_trivia()?;
                if self.peek() != Some(':') {
                    return Err(self.error_here(
                        format!("expected `:` after the field name `{field_name}`"),
                        Some("write a field as `name: value`"),
                    ));
                }
                self.bump();
                self.skip_trivia()?;
                let value = self.value(depth + 1)?;
                fields.push(Field {
                    name: field_name,
                    name_span,
                    value,
                });
                if !self.separator(')', open, &name)? {
                    break;
                }
            }
            Ok(Value::Struct { name, fields })
        } else {
            let mut items = Vec::new();
            loop {
                self.skip_trivia()?;
                if self.peek() == Some(')') {
                    self.bump();
                    break;
                }
                items.push(self.value(depth + 1)?);
                if !self.separator(')', open, &name)? {
                    break;
                }
            }
            Ok(Value::Tuple { name, items })
        }
    }

    fn unexpected_in_struct(&self, open: usize, name: &Option<(String, Span)>) -> SyntaxError {
        match self.peek() {
            None => self.unclosed(open, ')', name),
            Some(c) => self.error_here(
                format!("expected a field name or `)`, found {}", show_char(c)),
                Some("write each field as `name: value`, separated by commas"),
            ),
        }
    }

    fn unclosed(&self, open: usize, close: char, name: &Option<(String, Span)>) -> SyntaxError {
        let what = match name {
            Some((n, _)) => format!("`{n}(`"),
            None => format!("`{}`", if close == ')' { '(' } else { '[' }),
        };
        self.error_at(
            Span::new(open, open + 1),
            format!("{what} opened here is never closed: the file ends first"),
            Some(match close {
                ')' => "add the missing `)`; each `(` needs a `)`",
                ']' => "add the missing `]`; each `[` needs a `]`",
                _ => "add the missing `}`",
            }),
        )
    }

    /// After an element: eats `,` (true: more may follow) or the closing bracket (false).
    fn separator(
        &mut self,
        close: char,
        open: usize,
        name: &Option<(String, Span)>,
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
                    "a comma is probably missing at the end of the previous line"
                };
                Err(self.error_here(
                    format!("expected `,` or `{close}`, found {}", show_char(c)),
                    Some(help),
                ))
            }
        }
    }

    fn at_field_name(&self) -> bool {
        let rest = self.rest();
        let ident_len = rest
            .char_indices()
            .find(|&(_, c)| !is_ident_continue(c))
            .map_or(rest.len(), |(i, _)| i);
        if ident_len == 0 || !rest.chars().next().is_some_and(is_ident_start) {
            return false;
        }
        let after = rest.get(ident_len..).unwrap_or("").trim_start();
        after.starts_with(':') && !after.starts_with("::")
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
                None => return Err(self.unclosed(open, ']', &None)),
                _ => {}
            }
            items.push(self.value(depth + 1)?);
            if !self.separator(']', open, &None)? {
                break;
            }
        }
        Ok(Value::List(items))
    }

    fn map(&mut self, depth: usize) -> Result<Value, SyntaxError> {
        let open = self.pos;
        self.bump();
        let mut entries = Vec::new();
        loop {
            self.skip_trivia()?;
            match self.peek() {
                Some('}') => {
                    self.bump();
                    break;
                }
                None => return Err(self.unclosed(open, '}', &None)),
                _ => {}
            }
            let key = self.value(depth + 1)?;
            self.skip_trivia()?;
            if self.peek() != Some(':') {
                return Err(self.unexpected("`:` between a key and its value"));
            }
            self.bump();
            self.skip_trivia()?;
            let value = self.value(depth + 1)?;
            entries.push((key, value));
            if !self.separator('}', open, &None)? {
                break;
            }
        }
        Ok(Value::Map(entries))
    }

    fn string(&mut self) -> Result<String, SyntaxError> {
        let open = self.pos;
        self.bump();
        let mut out = String::new();
        loop {
            let Some(c) = self.bump() else {
                return Err(self.error_at(
                    Span::new(open, open + 1),
                    "this text is never closed: its opening `\"` has no closing `\"`",
                    Some("add the closing `\"`; a `\"` inside text is written `\\\"`"),
                ));
            };
            match c {
                '"' => return Ok(out),
                '\\' => out.push(self.escape()?),
                c => out.push(c),
            }
        }
    }

    fn escape(&mut self) -> Result<char, SyntaxError> {
        let at = self.pos.saturating_sub(1);
        let bad = |p: &Self| {
            p.error_at(
                Span::new(at, p.pos.max(at + 1)),
                "unknown escape after `\\`",
                Some("inside text, write `\\\"` for a quote, `\\n` for a line break and `\\\\` for a backslash"),
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
                if self.bump() != Some('{') {
                    return Err(bad(self));
                }
                let start = self.pos;
                while self.peek().is_some_and(|c| c.is_ascii_hexdigit()) {
                    self.bump();
                }
                let hex = self.src.get(start..self.pos).unwrap_or("");
                if self.bump() != Some('}') {
                    return Err(bad(self));
                }
                u32::from_str_radix(hex, 16)
                    .ok()
                    .and_then(char::from_u32)
                    .ok_or_else(|| bad(self))
            }
            Some('x') => {
                let start = self.pos;
                self.bump();
                self.bump();
                let hex = self.src.get(start..self.pos).unwrap_or("");
                u8::from_str_radix(hex, 16)
                    .ok()
                    .filter(u8::is_ascii)
                    .map(char::from)
                    .ok_or_else(|| bad(self))
            }
            _ => Err(bad(self)),
        }
    }

    fn raw_string(&mut self) -> Result<String, SyntaxError> {
        let open = self.pos;
        self.bump();
        let mut hashes = 0usize;
        while self.peek() == Some('#') {
            self.bump();
            hashes += 1;
        }
        if self.bump() != Some('"') {
            return Err(self.error_at(
                Span::new(open, self.pos),
                "a raw string starts with `r\"` or `r#\"`",
                None,
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
                format!("this raw string is never closed with `{closing}`"),
                None,
            )),
        }
    }

    fn char_literal(&mut self) -> Result<char, SyntaxError> {
        let open = self.pos;
        self.bump();
        let c = match self.bump() {
            Some('\\') => self.escape()?,
            Some(c) if c != '\'' => c,
            _ => {
                return Err(self.error_at(
                    Span::new(open, self.pos),
                    "expected one character between single quotes",
                    Some("text goes in double quotes: \"like this\""),
                ));
            }
        };
        if self.bump() != Some('\'') {
            return Err(self.error_at(
                Span::new(open, open + 1),
                "single quotes hold one character only",
                Some("text goes in double quotes: \"like this\""),
            ));
        }
        Ok(c)
    }

    fn number(&mut self) -> Result<Value, SyntaxError> {
        let start = self.pos;
        if matches!(self.peek(), Some('-' | '+')) {
            self.bump();
        }
        if self.rest().starts_with("inf") {
            self.pos += 3;
            let negative = self.src.get(start..start + 1) == Some("-");
            return Ok(Value::Float(if negative {
                f64::NEG_INFINITY
            } else {
                f64::INFINITY
            }));
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
        let mut float = false;
        while let Some(c) = self.peek() {
            let part_of_number = match c {
                '_' => true,
                c if c.is_digit(radix) => true,
                '.' if radix == 10 && !float => {
                    float = true;
                    true
                }
                'e' | 'E' if radix == 10 => {
                    float = true;
                    self.bump();
                    if matches!(self.peek(), Some('-' | '+')) {
                        self.bump();
                    }
                    continue;
                }
                _ => false,
            };
            if !part_of_number {
                break;
            }
            self.bump();
        }
        let text: String = self
            .src
            .get(digits_start..self.pos)
            .unwrap_or("")
            .chars()
            .filter(|&c| c != '_')
            .collect();
        let negative = self.src.get(start..start + 1) == Some("-");
        let span = Span::new(start, self.pos.max(start + 1));
        let bad_number = |p: &Self| {
            p.error_at(
                span,
                format!(
                    "`{}` is not a number",
                    p.src.get(span.start..span.end).unwrap_or("")
                ),
                Some("write numbers with digits only, like `15` or `2.5`"),
            )
        };
        if float {
            let parsed: f64 = text.parse().map_err(|_| bad_number(self))?;
            Ok(Value::Float(if negative { -parsed } else { parsed }))
        } else {
            let magnitude = i64::from_str_radix(&text, radix).map_err(|e| {
                if matches!(
                    e.kind(),
                    std::num::IntErrorKind::PosOverflow | std::num::IntErrorKind::NegOverflow
                ) {
                    self.error_at(span, "this number is far too large", None)
                } else {
                    bad_number(self)
                }
            })?;
            Ok(Value::Int(if negative { -magnitude } else { magnitude }))
        }
    }
}

fn hint_for(c: char) -> Option<&'static str> {
    match c {
        '\u{201C}' | '\u{201D}' | '\u{2018}' | '\u{2019}' => Some(
            "this is a curly quote, as a word processor writes it; use a straight `\"` instead",
        ),
        ':' => Some("a field name is probably missing before the `:`"),
        ',' => Some("there are two commas in a row, or a value is missing before the comma"),
        _ => None,
    }
}

fn is_ident_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_'
}

fn is_ident_continue(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
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

    #[test]
    fn reads_structs_tuples_and_lists_with_spans() {
        let src = "Deck(title: \"A\", xs: [1, -2, 3.5], pair: (\"a\", \"b\"), t: Dark, on: true,)";
        let node = parse(src).unwrap();
        let Value::Struct { name, fields } = node.value else {
            panic!("not a struct")
        };
        assert_eq!(name.unwrap().0, "Deck");
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
                    value: Value::Float(3.5),
                    span: at("3.5")
                },
            ])
        );
        assert!(matches!(
            fields[2].value.value,
            Value::Tuple { name: None, .. }
        ));
        assert_eq!(fields[3].value.value, Value::Ident("Dark".into()));
        assert_eq!(fields[4].value.value, Value::Bool(true));
    }

    #[test]
    fn reads_comments_attributes_escapes_and_raw_strings() {
        let src = "#![enable(implicit_some)]\n// c\n/* a /* nested */ b */ (a: \"x\\\"y\\n\\u{e9}\", b: r#\"raw \"q\"\"#, c: 'z', d: 0x1F, e: 1_000)";
        let Value::Struct { fields, .. } = parse_ok(src) else {
            panic!()
        };
        assert_eq!(fields[0].value.value, Value::Str("x\"y\né".into()));
        assert_eq!(fields[1].value.value, Value::Str("raw \"q\"".into()));
        assert_eq!(fields[2].value.value, Value::Char('z'));
        assert_eq!(fields[3].value.value, Value::Int(31));
        assert_eq!(fields[4].value.value, Value::Int(1000));
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
