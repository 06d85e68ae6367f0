//! Turns the spanned RON tree into the deck model, collecting every error in the file.
//!
//! Each reader returns `None` after recording why, and the caller carries on with the next field
//! or slide, so one run reports all the problems an author has to fix.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

use super::diagnostic::Diagnostic;
use super::model::{
    Criterion, Deck, Poll, Quiz, Rating, Role, RolePlay, Section, Slide, SlideKind, Theme,
};
use super::syntax::{Field, Node, Span, Value};

/// The slide kinds and the fields each takes, required ones first, as the contract lists them.
pub const SLIDE_KINDS: &[(&str, &[&str], &[&str])] = &[
    ("Title", &["title"], &["subtitle", "notes"]),
    ("Points", &["title", "points"], &["reveal", "notes"]),
    ("Picture", &["image"], &["title", "caption", "notes"]),
    ("Quote", &["text"], &["by", "notes"]),
    (
        "Poll",
        &["id", "question", "options"],
        &["multiple", "anonymous", "notes"],
    ),
    (
        "Quiz",
        &["id", "question", "options", "answer"],
        &["explain", "notes"],
    ),
    (
        "Rating",
        &["id", "prompt", "min", "max"],
        &["labels", "notes"],
    ),
    ("FreeText", &["id", "prompt"], &["notes"]),
    (
        "Activity",
        &["title", "minutes"],
        &["instructions", "notes"],
    ),
    (
        "RolePlay",
        &[
            "id",
            "title",
            "scenario",
            "roles",
            "rubric",
            "minutes_per_round",
        ],
        &["rounds", "scale", "debrief", "notes"],
    ),
];

const DECK_FIELDS: (&[&str], &[&str]) =
    (&["title", "sections"], &["subtitle", "audience", "theme"]);
const SECTION_FIELDS: (&[&str], &[&str]) = (&["title", "minutes", "slides"], &[]);
const ROLE_FIELDS: (&[&str], &[&str]) = (&["name", "brief"], &["private"]);
const CRITERION_FIELDS: (&[&str], &[&str]) = (&["name", "describe"], &[]);

/// The largest role-play scale a score sheet offers buttons for.
const MAX_SCALE: u32 = 100;

pub struct Converter<'a> {
    path: &'a Path,
    src: &'a str,
    pub diagnostics: Vec<Diagnostic>,
    /// Where the reader is, in words, for every message it records.
    place: Option<String>,
    /// Each id seen so far, with its place and line, to report duplicates.
    ids: HashMap<String, (String, usize)>,
    /// Every image path read, with where it was written, to check the files afterwards.
    pub images: Vec<ImageRef>,
    /// Byte offsets where lines start, to turn a span into a line number quickly.
    line_starts: Vec<usize>,
}

/// An image a slide names, and where, so a missing file can be reported at its line.
#[derive(Debug, Clone)]
pub struct ImageRef {
    pub path: PathBuf,
    pub span: Span,
    pub place: Option<String>,
}

/// The fields of one struct, checked against what its kind takes.
struct Fields<'n> {
    kind: &'static str,
    name_span: Span,
    by_name: HashMap<&'n str, &'n Field>,
    /// Field names that unknown fields were taken as typos of: their absence is already reported.
    typos_of: Vec<&'static str>,
}

impl<'a> Converter<'a> {
    pub fn new(path: &'a Path, src: &'a str) -> Self {
        Self {
            path,
            src,
            diagnostics: Vec::new(),
            place: None,
            ids: HashMap::new(),
            images: Vec::new(),
            line_starts: std::iter::once(0)
                .chain(src.match_indices('\n').map(|(i, _)| i + 1))
                .collect(),
        }
    }

    fn error(&mut self, span: Span, message: impl Into<String>, help: Option<String>) {
        let mut diagnostic =
            Diagnostic::at(self.path, self.src, span, message).with_place(self.place.clone());
        diagnostic.help = help;
        self.diagnostics.push(diagnostic);
    }

    fn line_of(&self, span: Span) -> usize {
        self.line_starts
            .partition_point(|&start| start <= span.start)
    }

    pub fn deck(&mut self, root: &Node, folder: PathBuf) -> Option<Deck> {
        self.place = Some("the deck".to_owned());
        let (kind_name, fields) = match &root.value {
            Value::Struct { name, fields } => (name.as_ref(), fields),
            _ => {
                self.error(
                    Span::new(root.span.start, root.span.start + 1),
                    format!(
                        "expected the deck, `Deck( ... )`, found {}",
                        root.value.describe()
                    ),
                    Some(
                        "a deck file starts with `Deck(title: \"...\", sections: [ ... ])`".into(),
                    ),
                );
                return None;
            }
        };
        if let Some((name, span)) = kind_name
            && name != "Deck"
        {
            self.error(
                *span,
                format!("the file holds `{name}( ... )`, not a deck"),
                Some("a deck file starts with `Deck(`".into()),
            );
            return None;
        }
        let name_span = kind_name.map_or(Span::new(root.span.start, root.span.start + 1), |n| n.1);
        let mut f = self.fields("Deck", name_span, fields, DECK_FIELDS)?;
        let title = self.required_text(&mut f, "title");
        let subtitle = self.optional_text(&mut f, "subtitle");
        let audience = self.optional_text(&mut f, "audience");
        let theme = self.theme(&mut f);
        let sections_node = self.required(&mut f, "sections");
        let mut sections = Vec::new();
        if let Some(node) = sections_node
            && let Some(items) = self.list(node, "sections", "a list of `Section( ... )`")
        {
            if items.is_empty() {
                self.error(
                    node.span,
                    "the deck has no sections",
                    Some(
                        "add at least one `Section(title: \"...\", minutes: 10, slides: [ ... ])`"
                            .into(),
                    ),
                );
            }
            for (index, item) in items.iter().enumerate() {
                if let Some(section) = self.section(index, item) {
                    sections.push(section);
                }
            }
        }
        if sections.iter().all(|s| s.slides.is_empty())
            && !sections.is_empty()
            && self.diagnostics.is_empty()
        {
            self.place = Some("the deck".to_owned());
            self.error(
                name_span,
                "the deck has no slides",
                Some("add slides to a section's `slides: [ ... ]` list".into()),
            );
        }
        Some(Deck {
            title: title?,
            subtitle,
            audience,
            theme,
            sections,
            folder,
        })
    }

    fn theme(&mut self, f: &mut Fields<'_>) -> Theme {
        let Some(node) = self.optional(f, "theme") else {
            return Theme::default();
        };
        let word = match &node.value {
            Value::Ident(word) => Some(word.as_str()),
            Value::Str(word) => Some(word.as_str()),
            _ => None,
        };
        match Theme::ALL.iter().find(|t| Some(t.name()) == word) {
            Some(theme) => *theme,
            None => {
                let names: Vec<_> = Theme::ALL.iter().map(|t| t.name()).collect();
                let found =
                    word.map_or_else(|| node.value.describe().to_owned(), |w| format!("`{w}`"));
                let suggestion = word.and_then(|w| closest(w, &names));
                self.error(
                    node.span,
                    format!(
                        "unknown theme {found}; expected one of {}",
                        names.join(", ")
                    ),
                    Some(match suggestion {
                        Some(s) => {
                            format!("did you mean `{s}`? Write it without quotes: `theme: {s}`")
                        }
                        None => {
                            "write `theme: Light`, `theme: Dark` or `theme: HighContrast`".into()
                        }
                    }),
                );
                Theme::default()
            }
        }
    }

    fn section(&mut self, index: usize, node: &Node) -> Option<Section> {
        let label = match string_field(node, "title") {
            Some(title) => format!("section {} \"{}\"", index + 1, shorten(title)),
            None => format!("section {}", index + 1),
        };
        self.place = Some(label.clone());
        let (name_span, fields) = self.named_struct(node, &["Section"], "a section")?;
        let mut f = self.fields("Section", name_span, fields, SECTION_FIELDS)?;
        let title = self.required_text(&mut f, "title");
        let minutes = self.required_positive(&mut f, "minutes", "planned minutes of the section");
        let slides_node = self.required(&mut f, "slides");
        let mut slides = Vec::new();
        if let Some(node) = slides_node
            && let Some(items) = self.list(node, "slides", "a list of slides")
        {
            for (slide_index, item) in items.iter().enumerate() {
                self.place = Some(format!("{label}, {}", slide_label(slide_index, item)));
                if let Some(slide) = self.slide(item) {
                    slides.push(slide);
                }
                self.place = Some(label.clone());
            }
        }
        Some(Section {
            title: title?,
            minutes: minutes?,
            slides,
        })
    }

    fn slide(&mut self, node: &Node) -> Option<Slide> {
        let kinds: Vec<&str> = SLIDE_KINDS.iter().map(|k| k.0).collect();
        let (name_span, fields) = self.named_struct(node, &kinds, "a slide")?;
        let kind_name = self.src.get(name_span.start..name_span.end).unwrap_or("");
        let (kind, required, optional) = SLIDE_KINDS.iter().find(|k| k.0 == kind_name)?;
        let mut f = self.fields(kind, name_span, fields, (required, optional))?;
        let notes = self.optional_text(&mut f, "notes").unwrap_or_default();
        let line = self.line_of(node.span);
        let kind = match *kind {
            "Title" => SlideKind::Title {
                title: self.required_text(&mut f, "title")?,
                subtitle: self.optional_text(&mut f, "subtitle"),
            },
            "Points" => {
                let title = self.required_text(&mut f, "title");
                let points = self.required_texts(&mut f, "points", 1, "point");
                let reveal = self.optional_bool(&mut f, "reveal");
                SlideKind::Points {
                    title: title?,
                    points: points?,
                    reveal: reveal.unwrap_or(false),
                }
            }
            "Picture" => {
                let image = self.image(&mut f);
                SlideKind::Picture {
                    title: self.optional_text(&mut f, "title"),
                    caption: self.optional_text(&mut f, "caption"),
                    image: image?,
                }
            }
            "Quote" => SlideKind::Quote {
                text: self.required_text(&mut f, "text")?,
                by: self.optional_text(&mut f, "by"),
            },
            "Poll" => {
                let id = self.id(&mut f);
                let question = self.required_text(&mut f, "question");
                let options = self.required_texts(&mut f, "options", 2, "option");
                let multiple = self.optional_bool(&mut f, "multiple").unwrap_or(false);
                let anonymous = self.optional_bool(&mut f, "anonymous").unwrap_or(false);
                SlideKind::Poll(Poll {
                    id: id?,
                    question: question?,
                    options: options?,
                    multiple,
                    anonymous,
                })
            }
            "Quiz" => self.quiz(&mut f)?,
            "Rating" => self.rating(&mut f)?,
            "FreeText" => {
                let id = self.id(&mut f);
                SlideKind::FreeText {
                    id: id?,
                    prompt: self.required_text(&mut f, "prompt")?,
                }
            }
            "Activity" => {
                let title = self.required_text(&mut f, "title");
                let minutes = self.required_positive(&mut f, "minutes", "length of the countdown");
                let instructions = self.optional_texts(&mut f, "instructions");
                SlideKind::Activity {
                    title: title?,
                    instructions,
                    minutes: minutes?,
                }
            }
            _ => self.role_play(&mut f)?,
        };
        Some(Slide { kind, notes, line })
    }

    fn quiz(&mut self, f: &mut Fields<'_>) -> Option<SlideKind> {
        let id = self.id(f);
        let question = self.required_text(f, "question");
        let options = self.required_texts(f, "options", 2, "option");
        let explain = self.optional_text(f, "explain");
        let answer_node = self.required(f, "answer");
        let answer = answer_node.and_then(|n| self.whole_number(n, "answer"));
        let answer = match (answer, &options, answer_node) {
            (Some(a), Some(options), Some(node)) => match usize::try_from(a) {
                Ok(a) if a < options.len() => Some(a),
                _ => {
                    let last = options.len().saturating_sub(1);
                    self.error(
                        node.span,
                        format!(
                            "answer {a} is out of range: this quiz has {} options, numbered 0 to {last}",
                            options.len()
                        ),
                        Some(format!(
                            "answers count from 0: the first option is 0 and the last is {last}"
                        )),
                    );
                    None
                }
            },
            _ => None,
        };
        Some(SlideKind::Quiz(Quiz {
            id: id?,
            question: question?,
            options: options?,
            answer: answer?,
            explain,
        }))
    }

    fn rating(&mut self, f: &mut Fields<'_>) -> Option<SlideKind> {
        let id = self.id(f);
        let prompt = self.required_text(f, "prompt");
        let min = self
            .required(f, "min")
            .and_then(|n| self.whole_number(n, "min"));
        let max_node = self.required(f, "max");
        let max = max_node.and_then(|n| self.whole_number(n, "max"));
        let labels = self
            .optional(f, "labels")
            .and_then(|node| self.labels(node));
        if let (Some(min), Some(max), Some(node)) = (min, max, max_node)
            && min >= max
        {
            self.error(
                node.span,
                format!("`max` ({max}) must be greater than `min` ({min})"),
                Some("a rating runs from `min` up to `max`, for example `min: 1, max: 5`".into()),
            );
            return None;
        }
        Some(SlideKind::Rating(Rating {
            id: id?,
            prompt: prompt?,
            min: min?,
            max: max?,
            labels,
        }))
    }

    fn labels(&mut self, node: &Node) -> Option<(String, String)> {
        let help =
            "write the words for the two ends in parentheses: `labels: (\"Not yet\", \"Fully\")`";
        match &node.value {
            Value::Tuple { name: None, items } | Value::List(items) if items.len() == 2 => {
                let low = self.text(items.first()?, "labels");
                let high = self.text(items.get(1)?, "labels");
                Some((low?, high?))
            }
            Value::Tuple { name: None, items } | Value::List(items) => {
                self.error(
                    node.span,
                    format!("`labels` needs exactly two texts, found {}", items.len()),
                    Some(help.into()),
                );
                None
            }
            other => {
                self.error(
                    node.span,
                    format!(
                        "`labels` should be two texts in parentheses, found {}",
                        other.describe()
                    ),
                    Some(help.into()),
                );
                None
            }
        }
    }

    fn role_play(&mut self, f: &mut Fields<'_>) -> Option<SlideKind> {
        let id = self.id(f);
        let title = self.required_text(f, "title");
        let scenario = self.required_text(f, "scenario");
        let minutes_per_round =
            self.required_positive(f, "minutes_per_round", "length of each round");
        let debrief = self.optional_texts(f, "debrief");

        let roles_node = self.required(f, "roles");
        let mut roles = Vec::new();
        if let Some(node) = roles_node
            && let Some(items) = self.list(node, "roles", "a list of `Role(name: ..., brief: ...)`")
        {
            if items.len() < 2 {
                self.error(
                    node.span,
                    format!("a role-play needs at least 2 roles, found {}", items.len()),
                    Some("add roles such as `Role(name: \"Buyer\", brief: \"...\")`".into()),
                );
            }
            for item in items {
                roles.extend(self.role(item));
            }
        }
        let rubric_node = self.required(f, "rubric");
        let mut rubric = Vec::new();
        if let Some(node) = rubric_node
            && let Some(items) = self.list(
                node,
                "rubric",
                "a list of `Criterion(name: ..., describe: ...)`",
            )
        {
            if items.is_empty() {
                self.error(
                    node.span,
                    "the rubric is empty: observers need at least one criterion to score",
                    Some("add `Criterion(name: \"Open questions\", describe: \"...\")`".into()),
                );
            }
            for item in items {
                rubric.extend(self.criterion(item));
            }
        }
        let rounds = match self.optional(f, "rounds") {
            Some(node) => self.positive(node, "rounds", "number of rounds")?,
            None => u32::try_from(roles.len()).unwrap_or(u32::MAX),
        };
        let scale = match self.optional(f, "scale") {
            Some(node) => {
                let scale = self.positive(node, "scale", "top score of each criterion")?;
                if scale > MAX_SCALE {
                    self.error(
                        node.span,
                        format!("a scale of {scale} is too fine to score by hand; the most is {MAX_SCALE}"),
                        Some("use a short scale such as `scale: 5`".into()),
                    );
                    return None;
                }
                scale
            }
            None => 5,
        };
        let roles_ok = roles_node.is_some() && roles.len() >= 2;
        let rubric_ok = rubric_node.is_some() && !rubric.is_empty();
        if !roles_ok || !rubric_ok {
            return None;
        }
        Some(SlideKind::RolePlay(RolePlay {
            id: id?,
            title: title?,
            scenario: scenario?,
            roles,
            rounds,
            minutes_per_round: minutes_per_round?,
            rubric,
            scale,
            debrief,
        }))
    }

    fn role(&mut self, node: &Node) -> Option<Role> {
        let (name_span, fields) = self.named_struct(node, &["Role"], "a role")?;
        let mut f = self.fields("Role", name_span, fields, ROLE_FIELDS)?;
        let name = self.required_text(&mut f, "name");
        let brief = self.required_text(&mut f, "brief");
        let private = self.optional_bool(&mut f, "private").unwrap_or(false);
        Some(Role {
            name: name?,
            brief: brief?,
            private,
        })
    }

    fn criterion(&mut self, node: &Node) -> Option<Criterion> {
        let (name_span, fields) = self.named_struct(node, &["Criterion"], "a rubric criterion")?;
        let mut f = self.fields("Criterion", name_span, fields, CRITERION_FIELDS)?;
        let name = self.required_text(&mut f, "name");
        let describe = self.required_text(&mut f, "describe");
        Some(Criterion {
            name: name?,
            describe: describe?,
        })
    }

    /// Reads and checks `id`: well-formed and unique in the deck.
    fn id(&mut self, f: &mut Fields<'_>) -> Option<String> {
        let node = self.required(f, "id")?;
        let id = self.text(node, "id")?;
        let well_formed = !id.is_empty()
            && id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !well_formed {
            let suggestion = suggest_id(&id);
            self.error(
                node.span,
                format!("the id \"{id}\" may use only lowercase letters, digits and `-`"),
                Some(if suggestion.is_empty() {
                    "write an id such as \"warm-up-poll\"".to_owned()
                } else {
                    format!("write it as \"{suggestion}\"")
                }),
            );
            return None;
        }
        let line = self.line_of(node.span);
        let place = self.place.clone().unwrap_or_default();
        if let Some((first_place, first_line)) = self.ids.get(&id).cloned() {
            self.error(
                node.span,
                format!("the id \"{id}\" is already used by {first_place} on line {first_line}"),
                Some(format!(
                    "each id must be unique in the deck, since responses are stored under it; rename this one, for example \"{id}-2\""
                )),
            );
            return None;
        }
        self.ids.insert(id.clone(), (place, line));
        Some(id)
    }

    fn image(&mut self, f: &mut Fields<'_>) -> Option<PathBuf> {
        let node = self.required(f, "image")?;
        let raw = self.text(node, "image")?;
        // Decks written on Windows use backslashes; the deck must open on any machine.
        let written = raw.replace('\\', "/");
        let path = PathBuf::from(&written);
        let drive_letter = written.as_bytes().get(1) == Some(&b':');
        if written.is_empty() {
            self.error(
                node.span,
                "the image path is empty",
                Some("write the image file's path relative to the deck file, for example \"assets/chart.png\"".into()),
            );
            None
        } else if path.is_absolute() || drive_letter {
            self.error(
                node.span,
                format!("the image path \"{raw}\" is absolute; it must be relative to the deck's folder"),
                Some("copy the image next to the deck (for example into its `assets/` folder) and write \"assets/name.png\"".into()),
            );
            None
        } else if path.components().any(|c| c == Component::ParentDir) {
            self.error(
                node.span,
                format!("the image path \"{raw}\" climbs out of the deck's folder with `..`"),
                Some("keep images inside the deck's folder, for example in `assets/`, so the deck can be copied with them".into()),
            );
            None
        } else {
            self.images.push(ImageRef {
                path: path.clone(),
                span: node.span,
                place: self.place.clone(),
            });
            Some(path)
        }
    }

    // --- Generic readers -----------------------------------------------------------------

    /// Checks that `node` is a struct named one of `kinds`, and returns its name span and fields.
    fn named_struct<'n>(
        &mut self,
        node: &'n Node,
        kinds: &[&str],
        what: &str,
    ) -> Option<(Span, &'n [Field])> {
        let expected = kinds.join(", ");
        match &node.value {
            Value::Struct {
                name: Some((name, span)),
                fields,
            } => {
                if kinds.contains(&name.as_str()) {
                    Some((*span, fields))
                } else {
                    let help = match closest(name, kinds) {
                        Some(s) => format!("did you mean `{s}`?"),
                        None => format!("write {what} as one of: {expected}"),
                    };
                    let message = if kinds.len() == 1 {
                        format!("expected `{expected}( ... )`, found `{name}`")
                    } else {
                        format!(
                            "unknown kind of {} `{name}`; expected one of {expected}",
                            what.trim_start_matches("a ")
                        )
                    };
                    self.error(*span, message, Some(help));
                    None
                }
            }
            Value::Tuple {
                name: Some((name, span)),
                ..
            } if kinds.contains(&name.as_str()) => {
                self.error(
                    *span,
                    format!("the fields of `{name}` must be named, like `{name}(title: \"...\")`"),
                    Some("write each field as `name: value`".into()),
                );
                None
            }
            other => {
                let example = kinds.first().copied().unwrap_or("Name");
                self.error(
                    node.span,
                    format!(
                        "expected {what}, `{example}( ... )`, found {}",
                        other.describe()
                    ),
                    Some(format!("write {what} as one of: {expected}")),
                );
                None
            }
        }
    }

    /// Checks names against what `kind` takes: no unknown fields, none twice.
    fn fields<'n>(
        &mut self,
        kind: &'static str,
        name_span: Span,
        fields: &'n [Field],
        (required, optional): (&[&'static str], &[&'static str]),
    ) -> Option<Fields<'n>> {
        let mut by_name: HashMap<&'n str, &'n Field> = HashMap::new();
        let mut typos_of = Vec::new();
        let allowed: Vec<&'static str> = required.iter().chain(optional).copied().collect();
        for field in fields {
            if !allowed.contains(&field.name.as_str()) {
                let help = match closest(&field.name, &allowed) {
                    Some(s) => {
                        typos_of.push(s);
                        format!("did you mean `{s}`?")
                    }
                    None => format!("remove it, or use one of: {}", allowed.join(", ")),
                };
                self.error(
                    field.name_span,
                    format!(
                        "unknown field `{}` in {}; expected one of {}",
                        field.name,
                        kind,
                        allowed.join(", ")
                    ),
                    Some(help),
                );
            } else if let Some(first) = by_name.get(field.name.as_str()) {
                let first_line = self.line_of(first.name_span);
                self.error(
                    field.name_span,
                    format!(
                        "the field `{}` is given twice (first on line {first_line})",
                        field.name
                    ),
                    Some("keep one of them".into()),
                );
            } else {
                by_name.insert(&field.name, field);
            }
        }
        Some(Fields {
            kind,
            name_span,
            by_name,
            typos_of,
        })
    }

    fn required<'n>(&mut self, f: &mut Fields<'n>, name: &str) -> Option<&'n Node> {
        match f.by_name.get(name) {
            Some(field) => Some(&field.value),
            None if f.typos_of.contains(&name) => None,
            None => {
                self.error(
                    f.name_span,
                    format!("{} is missing its `{name}` field", f.kind),
                    Some(format!("add `{name}: {}`", example_value(name))),
                );
                None
            }
        }
    }

    /// An optional field's value; absent, or `None`, is `None`; `Some(x)` is `x`.
    fn optional<'n>(&mut self, f: &mut Fields<'n>, name: &str) -> Option<&'n Node> {
        f.by_name
            .get(name)
            .and_then(|field| unwrap_some(&field.value))
    }

    fn required_text(&mut self, f: &mut Fields<'_>, name: &str) -> Option<String> {
        let node = self.required(f, name)?;
        self.text(node, name)
    }

    fn optional_text(&mut self, f: &mut Fields<'_>, name: &str) -> Option<String> {
        let node = self.optional(f, name)?;
        self.text(node, name)
    }

    fn optional_bool(&mut self, f: &mut Fields<'_>, name: &str) -> Option<bool> {
        let node = self.optional(f, name)?;
        match node.value {
            Value::Bool(b) => Some(b),
            ref other => {
                self.error(
                    node.span,
                    format!(
                        "`{name}` should be true or false, found {}",
                        other.describe()
                    ),
                    Some(format!(
                        "write `{name}: true` or `{name}: false`, without quotes"
                    )),
                );
                None
            }
        }
    }

    fn text(&mut self, node: &Node, name: &str) -> Option<String> {
        match &unwrap_some(node)?.value {
            Value::Str(s) => Some(s.clone()),
            other => {
                self.error(
                    node.span,
                    format!(
                        "`{name}` should be text in double quotes, found {}",
                        other.describe()
                    ),
                    Some(format!("write it as `{name}: \"...\"`")),
                );
                None
            }
        }
    }

    fn list<'n>(&mut self, node: &'n Node, name: &str, what: &str) -> Option<&'n [Node]> {
        match &node.value {
            Value::List(items) => Some(items),
            other => {
                self.error(
                    node.span,
                    format!(
                        "`{name}` should be {what} in square brackets, found {}",
                        other.describe()
                    ),
                    Some(format!("write it as `{name}: [ ... ]`")),
                );
                None
            }
        }
    }

    fn texts(&mut self, node: &Node, name: &str) -> Option<Vec<String>> {
        let items = self.list(node, name, "a list of texts")?;
        let texts: Vec<Option<String>> = items.iter().map(|item| self.text(item, name)).collect();
        texts.into_iter().collect()
    }

    fn required_texts(
        &mut self,
        f: &mut Fields<'_>,
        name: &str,
        at_least: usize,
        one: &str,
    ) -> Option<Vec<String>> {
        let node = self.required(f, name)?;
        let texts = self.texts(node, name)?;
        if texts.len() < at_least {
            let kind = f.kind;
            self.error(
                node.span,
                format!(
                    "a {kind} needs at least {at_least} {one}{}, found {}",
                    if at_least == 1 { "" } else { "s" },
                    texts.len()
                ),
                Some(format!(
                    "add {one}s as texts in the list: `{name}: [\"...\", \"...\"]`"
                )),
            );
            return None;
        }
        Some(texts)
    }

    fn optional_texts(&mut self, f: &mut Fields<'_>, name: &str) -> Vec<String> {
        self.optional(f, name)
            .and_then(|node| self.texts(node, name))
            .unwrap_or_default()
    }

    fn whole_number(&mut self, node: &Node, name: &str) -> Option<i64> {
        match unwrap_some(node).map(|n| &n.value) {
            Some(Value::Int(n)) => Some(*n),
            Some(Value::Float(x)) => {
                self.error(
                    node.span,
                    format!("`{name}` must be a whole number, found {x}"),
                    Some(format!(
                        "write a whole number, for example `{name}: {}`",
                        x.round()
                    )),
                );
                None
            }
            other => {
                let found = other.map_or("nothing", Value::describe);
                self.error(
                    node.span,
                    format!("`{name}` should be a whole number, found {found}"),
                    Some(format!(
                        "write it without quotes, for example `{name}: {}`",
                        example_value(name)
                    )),
                );
                None
            }
        }
    }

    /// A whole number above zero (minutes, rounds, scale).
    fn positive(&mut self, node: &Node, name: &str, what: &str) -> Option<u32> {
        let n = self.whole_number(node, name)?;
        match u32::try_from(n) {
            Ok(n) if n > 0 => Some(n),
            _ => {
                self.error(
                    node.span,
                    format!("`{name}` is {n}, but the {what} must be at least 1"),
                    Some(format!(
                        "write a whole number of 1 or more, for example `{name}: {}`",
                        example_value(name)
                    )),
                );
                None
            }
        }
    }

    fn required_positive(&mut self, f: &mut Fields<'_>, name: &str, what: &str) -> Option<u32> {
        let node = self.required(f, name)?;
        self.positive(node, name, what)
    }
}

/// `None` and a missing value are the same; `Some(x)` is read as `x` (implicit_some is always on).
fn unwrap_some(node: &Node) -> Option<&Node> {
    match &node.value {
        Value::Ident(word) if word == "None" => None,
        Value::Tuple {
            name: Some((name, _)),
            items,
        } if name == "Some" && items.len() == 1 => items.first(),
        _ => Some(node),
    }
}

fn string_field<'n>(node: &'n Node, name: &str) -> Option<&'n str> {
    match &node.value {
        Value::Struct { fields, .. } => {
            fields
                .iter()
                .find(|f| f.name == name)
                .and_then(|f| match &f.value.value {
                    Value::Str(s) => Some(s.as_str()),
                    _ => None,
                })
        }
        _ => None,
    }
}

/// `slide 3 (Quiz "trap-check")`: the kind and the id, else the title, else the kind alone.
fn slide_label(index: usize, node: &Node) -> String {
    let kind = match &node.value {
        Value::Struct {
            name: Some((name, _)),
            ..
        }
        | Value::Tuple {
            name: Some((name, _)),
            ..
        } => name.as_str(),
        _ => return format!("slide {}", index + 1),
    };
    let tag = ["id", "title", "question", "prompt", "text", "image"]
        .iter()
        .find_map(|field| string_field(node, field));
    match tag {
        Some(tag) => format!("slide {} ({kind} \"{}\")", index + 1, shorten(tag)),
        None => format!("slide {} ({kind})", index + 1),
    }
}

fn shorten(text: &str) -> String {
    const MAX: usize = 40;
    let one_line = text.replace('\n', " ");
    if one_line.chars().count() > MAX {
        one_line.chars().take(MAX - 3).collect::<String>() + "..."
    } else {
        one_line
    }
}

fn example_value(name: &str) -> &'static str {
    match name {
        "minutes" | "minutes_per_round" => "10",
        "answer" => "0",
        "min" => "1",
        "max" => "5",
        "rounds" => "3",
        "scale" => "5",
        "id" => "\"my-question\"",
        "options" | "points" | "instructions" | "debrief" => "[\"...\", \"...\"]",
        "sections" | "slides" | "roles" | "rubric" => "[ ... ]",
        "image" => "\"assets/picture.png\"",
        _ => "\"...\"",
    }
}

/// An id made well-formed: lowercase, spaces and underscores to `-`, other characters dropped.
fn suggest_id(id: &str) -> String {
    let mapped: String = id
        .chars()
        .filter_map(|c| match c {
            'a'..='z' | '0'..='9' | '-' => Some(c),
            'A'..='Z' => Some(c.to_ascii_lowercase()),
            ' ' | '_' | '.' | '/' => Some('-'),
            _ => None,
        })
        .collect();
    mapped
        .split('-')
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

/// The candidate closest to `word` by edit distance, if it is close enough to be a typo.
pub fn closest<'c>(word: &str, candidates: &[&'c str]) -> Option<&'c str> {
    let word_lower = word.to_lowercase();
    candidates
        .iter()
        .map(|c| (edit_distance(&word_lower, &c.to_lowercase()), *c))
        .filter(|(d, c)| *d <= (c.len() / 3).max(1) + usize::from(word_lower == c.to_lowercase()))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Edit distance where swapping two neighbouring letters counts as one edit (`titel`, `title`).
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let width = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * width];
    let at = |i: usize, j: usize| i * width + j;
    for i in 0..=a.len() {
        if let Some(cell) = d.get_mut(at(i, 0)) {
            *cell = i;
        }
    }
    for j in 0..=b.len() {
        if let Some(cell) = d.get_mut(at(0, j)) {
            *cell = j;
        }
    }
    for (i, ca) in a.iter().enumerate() {
        for (j, cb) in b.iter().enumerate() {
            let get = |i: usize, j: usize| d.get(at(i, j)).copied().unwrap_or(usize::MAX / 2);
            let cost = usize::from(ca != cb);
            let mut best = (get(i, j + 1) + 1)
                .min(get(i + 1, j) + 1)
                .min(get(i, j) + cost);
            let swapped = i > 0 && j > 0 && a.get(i - 1) == Some(cb) && b.get(j - 1) == Some(ca);
            if swapped {
                best = best.min(get(i - 1, j - 1) + 1);
            }
            if let Some(cell) = d.get_mut(at(i + 1, j + 1)) {
                *cell = best;
            }
        }
    }
    d.last().copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closest_finds_typos_only() {
        assert_eq!(
            closest("titel", &["title", "subtitle", "notes"]),
            Some("title")
        );
        assert_eq!(closest("Quizz", &["Poll", "Quiz"]), Some("Quiz"));
        assert_eq!(closest("freetext", &["FreeText", "Quiz"]), Some("FreeText"));
        assert_eq!(closest("banana", &["title", "notes"]), None);
    }

    #[test]
    fn suggested_ids_are_well_formed() {
        assert_eq!(suggest_id("Trap Check!"), "trap-check");
        assert_eq!(suggest_id("warm_up__poll"), "warm-up-poll");
    }
}
