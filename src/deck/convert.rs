//! Turns the spanned RON tree into the deck model, collecting every error in the file.
//!
//! Each reader returns `None` after recording why, and the caller carries on with the next field
//! or slide, so one run reports all the problems an author has to fix. A reader that returns
//! `None` without a new error would drop part of the deck in silence; `section` and `deck` check
//! for that and record a located error, so a deck that loads has every slide its file holds.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

use super::diagnostic::{Diagnostic, Lines, visible};
use super::model::{
    Criterion, Deck, Poll, Quiz, Rating, Role, RolePlay, Section, Slide, SlideKind, Theme,
};
use super::syntax::{Field, Name, Node, Span, Value};

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
        &["labels", "pairs_with", "notes"],
    ),
    ("FreeText", &["id", "prompt"], &["follow_up_days", "notes"]),
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

/// The kinds of slide, in the order of [`SLIDE_KINDS`], so a slide's kind is matched as an
/// enum, every kind handled, and not as a string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Title,
    Points,
    Picture,
    Quote,
    Poll,
    Quiz,
    Rating,
    FreeText,
    Activity,
    RolePlay,
}

impl Kind {
    const ALL: [Kind; 10] = [
        Kind::Title,
        Kind::Points,
        Kind::Picture,
        Kind::Quote,
        Kind::Poll,
        Kind::Quiz,
        Kind::Rating,
        Kind::FreeText,
        Kind::Activity,
        Kind::RolePlay,
    ];
}

const DECK_FIELDS: (&[&str], &[&str]) =
    (&["title", "sections"], &["subtitle", "audience", "theme"]);
const SECTION_FIELDS: (&[&str], &[&str]) = (&["title", "minutes", "slides"], &[]);
const ROLE_FIELDS: (&[&str], &[&str]) = (&["name", "brief"], &["private", "observer"]);
const CRITERION_FIELDS: (&[&str], &[&str]) = (&["name", "describe"], &[]);

/// The largest role-play scale a score sheet offers buttons for.
pub const MAX_SCALE: u32 = 100;
/// The most points a Rating scale may have (0 to 10 is the widest in common use): every point
/// is a button for each person and a column on the projector.
pub const MAX_RATING_POINTS: i64 = 11;
/// The most options of a Poll or Quiz: lettered A to J on the projector, and each gets a row of
/// results that must stay readable at 1024x768.
pub const MAX_OPTIONS: usize = 10;
/// The most points on a Points slide: more no longer fit on the projector at a readable size.
pub const MAX_POINTS: usize = 12;
/// The most rounds of a role-play: each round is a step with its own countdown.
pub const MAX_ROUNDS: u32 = 12;
/// The most roles in a role-play: a group has one person per role.
pub const MAX_ROLES: usize = 6;
/// The longest section, activity or role-play round, in minutes: ten hours.
pub const MAX_MINUTES: u32 = 600;
/// The furthest follow-up of a commitment, in days after the session: ten years.
pub const MAX_FOLLOW_UP_DAYS: u32 = 3650;

pub struct Converter<'a> {
    path: &'a Path,
    lines: Lines<'a>,
    pub diagnostics: Vec<Diagnostic>,
    /// Things that load but are probably not meant, such as an activity longer than its section.
    pub warnings: Vec<Diagnostic>,
    /// Where the reader is, in words, for every message it records.
    place: Option<String>,
    /// Each id seen so far, with its place, line and slide kind, to report duplicates and to
    /// check what `pairs_with` names.
    ids: HashMap<String, SeenId>,
    /// The Ratings read so far, by id, with their scale, for `pairs_with`.
    ratings: HashMap<String, (i64, i64)>,
    /// `pairs_with` values that name no Rating read before them: checked once the whole deck
    /// is read, to say whether the id comes later or is nowhere.
    unresolved_pairs: Vec<UnresolvedPair>,
    /// Every image path read, with where it was written, to check the files afterwards.
    pub images: Vec<ImageRef>,
    /// The timed slides of the section being read: minutes, where they are set, and the place.
    timed: Vec<Timed>,
}

/// Where an id was first seen.
#[derive(Debug, Clone)]
struct SeenId {
    place: String,
    line: usize,
    kind: &'static str,
}

/// A `pairs_with` that names no Rating read before it.
struct UnresolvedPair {
    named: String,
    span: Span,
    place: Option<String>,
}

/// A slide that runs a countdown, for comparing its time with its section's.
struct Timed {
    minutes: u32,
    span: Span,
    place: Option<String>,
    /// "this activity runs", "this role-play's 3 rounds of 20 minutes take".
    lasts: String,
    /// What the author could shorten instead: "activity", "rounds".
    shorten: &'static str,
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
            lines: Lines::new(src),
            diagnostics: Vec::new(),
            warnings: Vec::new(),
            place: None,
            ids: HashMap::new(),
            ratings: HashMap::new(),
            unresolved_pairs: Vec::new(),
            images: Vec::new(),
            timed: Vec::new(),
        }
    }

    fn error(&mut self, span: Span, message: impl Into<String>, help: Option<String>) {
        let mut diagnostic = Diagnostic::located(self.path, &self.lines, span, message)
            .with_place(self.place.clone());
        diagnostic.help = help;
        self.diagnostics.push(diagnostic);
    }

    fn warning(&mut self, span: Span, place: Option<String>, message: String, help: String) {
        let diagnostic = Diagnostic::located(self.path, &self.lines, span, message)
            .with_place(place)
            .with_help(help)
            .as_warning();
        self.warnings.push(diagnostic);
    }

    /// A problem at `span` of this deck, as a `Diagnostic`: for messages made outside the
    /// converter, such as a missing picture.
    pub fn diagnostic(&self, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic::located(self.path, &self.lines, span, message)
    }

    fn line_of(&self, span: Span) -> usize {
        self.lines.line_of(span.start)
    }

    /// Records a located error at `span` if a reader gave up without saying why, so that nothing
    /// is dropped in silence.
    fn never_silent(&mut self, errors_before: usize, span: Span, what: &str) {
        if self.diagnostics.len() == errors_before {
            self.error(
                span,
                format!("this {what} could not be read"),
                Some(format!(
                    "check the {what}'s fields against docs/deck-format.md"
                )),
            );
        }
    }

    pub fn deck(&mut self, root: &Node, folder: PathBuf) -> Option<Deck> {
        let errors_before = self.diagnostics.len();
        let deck = self.deck_fields(root, folder);
        if deck.is_none() {
            self.place = Some("the deck".to_owned());
            self.never_silent(
                errors_before,
                Span::new(root.span.start, root.span.start + 1),
                "deck",
            );
        }
        deck
    }

    fn deck_fields(&mut self, root: &Node, folder: PathBuf) -> Option<Deck> {
        self.place = Some("the deck".to_owned());
        let (name_span, fields) = self.named_struct(root, &["Deck"], "the deck", false)?;
        let mut f = self.fields("Deck", name_span, fields, DECK_FIELDS);
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
                let errors_before = self.diagnostics.len();
                match self.section(index, item) {
                    Some(section) => sections.push(section),
                    None => self.never_silent(errors_before, item.span, "section"),
                }
            }
        }
        self.check_unresolved_pairs();
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
            theme: theme?,
            sections,
            folder,
        })
    }

    /// The theme, `Light` when absent; `None` after recording an error.
    fn theme(&mut self, f: &mut Fields<'_>) -> Option<Theme> {
        let Some(node) = self.optional(f, "theme") else {
            return Some(Theme::default());
        };
        let names: Vec<_> = Theme::ALL.iter().map(|t| t.name()).collect();
        let (word, quoted) = match &node.value {
            Value::Ident(name) => (Some(name.text.as_str()), false),
            Value::Str(word) => (Some(word.as_str()), true),
            _ => (None, false),
        };
        if !quoted && let Some(theme) = Theme::ALL.iter().find(|t| Some(t.name()) == word) {
            return Some(*theme);
        }
        let found = match (word, quoted) {
            (Some(w), true) => format!("\"{}\" in quotes", visible(w)),
            (Some(w), false) => format!("`{}`", visible(w)),
            (None, _) => node.value.describe().to_owned(),
        };
        let exact = word.filter(|w| names.contains(w));
        let suggestion = exact.or_else(|| word.and_then(|w| closest(w, &names)));
        let message = if exact.is_some() {
            format!("the theme is a word without quotes, found {found}")
        } else {
            format!(
                "unknown theme {found}; expected one of {}",
                names.join(", ")
            )
        };
        self.error(
            node.span,
            message,
            Some(match suggestion {
                Some(s) if exact.is_some() => format!("write `theme: {s}`, without quotes"),
                Some(s) => format!("did you mean `{s}`? Write it without quotes: `theme: {s}`"),
                None => "write `theme: Light`, `theme: Dark` or `theme: HighContrast`".into(),
            }),
        );
        None
    }

    fn section(&mut self, index: usize, node: &Node) -> Option<Section> {
        let label = match string_field(node, "title") {
            Some(title) => format!("section {} \"{}\"", index + 1, shorten(title)),
            None => format!("section {}", index + 1),
        };
        self.place = Some(label.clone());
        self.timed.clear();
        let (name_span, fields) = self.named_struct(node, &["Section"], "a section", false)?;
        let mut f = self.fields("Section", name_span, fields, SECTION_FIELDS);
        let title = self.required_text(&mut f, "title");
        let minutes_node = self.required(&mut f, "minutes");
        let minutes =
            minutes_node.and_then(|n| self.minutes(n, "minutes", "planned minutes of the section"));
        let slides_node = self.required(&mut f, "slides");
        let mut slides = Vec::new();
        if let Some(node) = slides_node
            && let Some(items) = self.list(node, "slides", "a list of slides")
        {
            for (slide_index, item) in items.iter().enumerate() {
                self.place = Some(format!("{label}, {}", slide_label(slide_index, item)));
                let errors_before = self.diagnostics.len();
                match self.slide(item) {
                    Some(slide) => slides.push(slide),
                    None => self.never_silent(errors_before, item.span, "slide"),
                }
                self.place = Some(label.clone());
            }
        }
        if let (Some(minutes), Some(node)) = (minutes, minutes_node) {
            self.compare_times(minutes, node.span, &label);
        }
        Some(Section {
            title: title?,
            minutes: minutes?,
            slides,
        })
    }

    /// Warns when a timed slide, or all of them together, take longer than their section.
    fn compare_times(&mut self, section_minutes: u32, section_span: Span, label: &str) {
        let timed = std::mem::take(&mut self.timed);
        let mut one_too_long = false;
        for slide in &timed {
            if slide.minutes > section_minutes {
                one_too_long = true;
                self.warning(
                    slide.span,
                    slide.place.clone(),
                    format!(
                        "{} {} minutes, longer than its whole section ({section_minutes} minutes)",
                        slide.lasts, slide.minutes
                    ),
                    format!(
                        "raise the section's `minutes` to at least {}, or shorten the {}",
                        slide.minutes, slide.shorten
                    ),
                );
            }
        }
        let total: u32 = timed.iter().map(|t| t.minutes).sum();
        if !one_too_long && timed.len() > 1 && total > section_minutes {
            let parts: Vec<String> = timed.iter().map(|t| t.minutes.to_string()).collect();
            self.warning(
                section_span,
                Some(label.to_owned()),
                format!(
                    "the section plans {section_minutes} minutes, but its timed slides alone take {total} ({})",
                    parts.join(" + ")
                ),
                format!(
                    "raise the section's `minutes` to at least {total}, or shorten its activities and role-plays"
                ),
            );
        }
    }

    fn slide(&mut self, node: &Node) -> Option<Slide> {
        let kinds: Vec<&str> = SLIDE_KINDS.iter().map(|k| k.0).collect();
        let (name_span, fields) = self.named_struct(node, &kinds, "a slide", true)?;
        let kind_name = match &node.value {
            Value::Struct {
                name: Some(name), ..
            } => name.text.as_str(),
            _ => "",
        };
        let known = SLIDE_KINDS.iter().position(|k| k.0 == kind_name);
        let Some(((name, required, optional), kind)) =
            known.and_then(|i| SLIDE_KINDS.get(i).zip(Kind::ALL.get(i)))
        else {
            self.error(
                name_span,
                format!("unknown kind of slide `{}`", visible(kind_name)),
                Some(format!("write a slide as one of: {}", kinds.join(", "))),
            );
            return None;
        };
        let mut f = self.fields(name, name_span, fields, (required, optional));
        let notes = self.optional_text(&mut f, "notes").unwrap_or_default();
        let line = self.line_of(node.span);
        let kind = match kind {
            Kind::Title => {
                let title = self.required_text(&mut f, "title");
                let subtitle = self.optional_text(&mut f, "subtitle");
                SlideKind::Title {
                    title: title?,
                    subtitle,
                }
            }
            Kind::Points => {
                let title = self.required_text(&mut f, "title");
                let points = self.required_texts(&mut f, "points", 1..=MAX_POINTS, "point");
                let reveal = self.optional_bool(&mut f, "reveal");
                SlideKind::Points {
                    title: title?,
                    points: points?,
                    reveal: reveal.unwrap_or(false),
                }
            }
            Kind::Picture => {
                let image = self.image(&mut f);
                let title = self.optional_text(&mut f, "title");
                let caption = self.optional_text(&mut f, "caption");
                SlideKind::Picture {
                    title,
                    caption,
                    image: image?,
                }
            }
            Kind::Quote => {
                let text = self.required_text(&mut f, "text");
                let by = self.optional_text(&mut f, "by");
                SlideKind::Quote { text: text?, by }
            }
            Kind::Poll => {
                let id = self.id(&mut f);
                let question = self.required_text(&mut f, "question");
                let options = self.required_texts(&mut f, "options", 2..=MAX_OPTIONS, "option");
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
            Kind::Quiz => self.quiz(&mut f)?,
            Kind::Rating => self.rating(&mut f)?,
            Kind::FreeText => {
                let id = self.id(&mut f);
                let prompt = self.required_text(&mut f, "prompt");
                let follow_up_days = match self.optional(&mut f, "follow_up_days") {
                    Some(node) => self
                        .bounded(
                            node,
                            "follow_up_days",
                            "number of days until the follow-up",
                            MAX_FOLLOW_UP_DAYS,
                        )
                        .map(Some),
                    None => Some(None),
                };
                SlideKind::FreeText {
                    id: id?,
                    prompt: prompt?,
                    follow_up_days: follow_up_days?,
                }
            }
            Kind::Activity => {
                let title = self.required_text(&mut f, "title");
                let minutes_node = self.required(&mut f, "minutes");
                let minutes = minutes_node
                    .and_then(|n| self.minutes(n, "minutes", "length of the countdown"));
                let instructions = self.optional_texts(&mut f, "instructions");
                if let (Some(minutes), Some(node)) = (minutes, minutes_node) {
                    self.timed.push(Timed {
                        minutes,
                        span: node.span,
                        place: self.place.clone(),
                        lasts: "this activity runs".to_owned(),
                        shorten: "activity",
                    });
                }
                SlideKind::Activity {
                    title: title?,
                    instructions: instructions?,
                    minutes: minutes?,
                }
            }
            Kind::RolePlay => self.role_play(&mut f)?,
        };
        Some(Slide { kind, notes, line })
    }

    fn quiz(&mut self, f: &mut Fields<'_>) -> Option<SlideKind> {
        let id = self.id(f);
        let question = self.required_text(f, "question");
        let options = self.required_texts(f, "options", 2..=MAX_OPTIONS, "option");
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
        let labels = match self.optional(f, "labels") {
            Some(node) => self.labels(node).map(Some),
            None => Some(None),
        };
        let pairs_with_node = self.optional(f, "pairs_with");
        let pairs_with = match pairs_with_node {
            Some(node) => self.text(node, "pairs_with").map(Some),
            None => Some(None),
        };
        let paired = match (&pairs_with, pairs_with_node) {
            (Some(Some(named)), Some(node)) => {
                let scale = min.zip(max).filter(|(min, max)| min < max);
                self.check_pair(named, node.span, id.as_deref(), scale)
            }
            _ => Some(()),
        };
        if let (Some(min), Some(max), Some(node)) = (min, max, max_node) {
            if min >= max {
                self.error(
                    node.span,
                    format!("`max` ({max}) must be greater than `min` ({min})"),
                    Some(
                        "a rating runs from `min` up to `max`, for example `min: 1, max: 5`".into(),
                    ),
                );
                return None;
            }
            let points = i128::from(max) - i128::from(min) + 1;
            if points > i128::from(MAX_RATING_POINTS) {
                self.error(
                    node.span,
                    format!(
                        "a rating from {min} to {max} has {points} points; the most a room can answer is {MAX_RATING_POINTS}"
                    ),
                    Some(
                        "use a short scale such as `min: 1, max: 5`, or at most `min: 0, max: 10`"
                            .into(),
                    ),
                );
                return None;
            }
        }
        paired?;
        let rating = Rating {
            id: id?,
            prompt: prompt?,
            min: min?,
            max: max?,
            labels: labels?,
            pairs_with: pairs_with?,
        };
        self.ratings
            .insert(rating.id.clone(), (rating.min, rating.max));
        Some(SlideKind::Rating(rating))
    }

    /// Checks what a Rating's `pairs_with` names: an earlier Rating on the same scale, not the
    /// rating itself. `own_scale` is this rating's `(min, max)` when they are valid. A name no
    /// Rating read so far has is checked at the end of the deck. `None` after an error.
    fn check_pair(
        &mut self,
        named: &str,
        span: Span,
        own_id: Option<&str>,
        own_scale: Option<(i64, i64)>,
    ) -> Option<()> {
        if own_id == Some(named) {
            self.error(
                span,
                format!(
                    "this rating pairs with itself (\"{}\")",
                    visible(named)
                ),
                Some(
                    "`pairs_with` names the earlier rating that asked the same question, such as \"confidence-before\""
                        .into(),
                ),
            );
            return None;
        }
        if let Some(&(min, max)) = self.ratings.get(named) {
            let seen = self.ids.get(named).map_or(0, |seen| seen.line);
            if let Some((own_min, own_max)) = own_scale
                && (own_min, own_max) != (min, max)
            {
                self.error(
                    span,
                    format!(
                        "`pairs_with` names \"{}\" (line {seen}), a rating from {min} to {max}, but this one runs from {own_min} to {own_max}",
                        visible(named)
                    ),
                    Some(format!(
                        "a pair compares the same question before and after: give both `min: {min}, max: {max}`"
                    )),
                );
                return None;
            }
            return Some(());
        }
        match self.ids.get(named).cloned() {
            // An earlier Rating with an error of its own: that error is reported already.
            Some(seen) if seen.kind == "Rating" => Some(()),
            Some(seen) => {
                self.error(
                    span,
                    format!(
                        "`pairs_with` names \"{}\", {} on line {}; it must name a Rating",
                        visible(named),
                        kind_phrase(seen.kind),
                        seen.line
                    ),
                    Some(
                        "name the earlier Rating that asked the same question, such as \"confidence-before\""
                            .into(),
                    ),
                );
                None
            }
            None => {
                self.unresolved_pairs.push(UnresolvedPair {
                    named: named.to_owned(),
                    span,
                    place: self.place.clone(),
                });
                Some(())
            }
        }
    }

    /// Reports each `pairs_with` that named no Rating before it: the id comes later in the
    /// deck, or nowhere.
    fn check_unresolved_pairs(&mut self) {
        for pair in std::mem::take(&mut self.unresolved_pairs) {
            self.place = pair.place;
            let named = visible(&pair.named);
            match self.ids.get(&pair.named).cloned() {
                Some(seen) if seen.kind == "Rating" => self.error(
                    pair.span,
                    format!(
                        "`pairs_with` names \"{named}\", a Rating that comes later (line {})",
                        seen.line
                    ),
                    Some(
                        "a pair is read before → after: put `pairs_with` on the later of the two ratings, naming the earlier one"
                            .into(),
                    ),
                ),
                Some(seen) => self.error(
                    pair.span,
                    format!(
                        "`pairs_with` names \"{named}\", {} on line {}; it must name a Rating",
                        kind_phrase(seen.kind),
                        seen.line
                    ),
                    Some(
                        "name the earlier Rating that asked the same question, such as \"confidence-before\""
                            .into(),
                    ),
                ),
                None => {
                    let ratings: Vec<&str> = self.ratings.keys().map(String::as_str).collect();
                    let help = match closest(&pair.named, &ratings) {
                        Some(id) => format!("did you mean \"{id}\"?"),
                        None if ratings.is_empty() => {
                            "add the earlier Rating it pairs with, or remove `pairs_with`".to_owned()
                        }
                        None => {
                            let mut ids = ratings;
                            ids.sort_unstable();
                            format!("the ratings of this deck are: {}", ids.join(", "))
                        }
                    };
                    self.error(
                        pair.span,
                        format!("`pairs_with` names \"{named}\", but no slide has that id"),
                        Some(help),
                    );
                }
            }
        }
    }

    fn labels(&mut self, node: &Node) -> Option<(String, String)> {
        let help =
            "write the words for the two ends in parentheses: `labels: (\"Not yet\", \"Fully\")`";
        match &node.value {
            Value::Tuple { name: None, items } if items.len() == 2 => {
                let low = items.first().and_then(|n| self.text(n, "labels"));
                let high = items.get(1).and_then(|n| self.text(n, "labels"));
                Some((low?, high?))
            }
            Value::Tuple { name: None, items } => {
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
        let minutes_node = self.required(f, "minutes_per_round");
        let minutes_per_round =
            minutes_node.and_then(|n| self.minutes(n, "minutes_per_round", "length of each round"));
        let debrief = self.optional_texts(f, "debrief");

        let roles_node = self.required(f, "roles");
        let mut roles = Vec::new();
        let mut roles_ok = false;
        if let Some(node) = roles_node
            && let Some(items) = self.list(node, "roles", "a list of `Role(name: ..., brief: ...)`")
        {
            roles_ok = self.count_in(
                node.span,
                items.len(),
                2..=MAX_ROLES,
                "role",
                "roles",
                "a role-play",
            );
            let mut observer_marked = false;
            for (index, item) in items.iter().enumerate() {
                match self.role(item) {
                    Some(role) => {
                        if role.observer && index == RolePlay::SCORED_ROLE {
                            self.error(
                                item.span,
                                format!(
                                    "the role \"{}\" is marked `observer: true`, but the first role is the one scored, so it cannot score itself",
                                    visible(&role.name)
                                ),
                                Some("mark a later role as the observer, or put the role that is scored first".into()),
                            );
                            roles_ok = false;
                        } else if role.observer && observer_marked {
                            self.error(
                                item.span,
                                format!(
                                    "the role \"{}\" is the second one marked `observer: true`: one role scores the seller",
                                    visible(&role.name)
                                ),
                                Some("keep `observer: true` on one role only; extra players of that role observe too".into()),
                            );
                            roles_ok = false;
                        }
                        observer_marked |= role.observer;
                        roles.push(role);
                    }
                    None => roles_ok = false,
                }
            }
        }
        let rubric_node = self.required(f, "rubric");
        let mut rubric = Vec::new();
        let mut rubric_ok = false;
        if let Some(node) = rubric_node
            && let Some(items) = self.list(
                node,
                "rubric",
                "a list of `Criterion(name: ..., describe: ...)`",
            )
        {
            rubric_ok = !items.is_empty();
            if items.is_empty() {
                self.error(
                    node.span,
                    "the rubric is empty: observers need at least one criterion to score",
                    Some("add `Criterion(name: \"Open questions\", describe: \"...\")`".into()),
                );
            }
            for item in items {
                match self.criterion(item) {
                    Some(criterion) => rubric.push(criterion),
                    None => rubric_ok = false,
                }
            }
        }
        let rounds_node = self.optional(f, "rounds");
        let rounds = match rounds_node {
            Some(node) => self.bounded(node, "rounds", "number of rounds", MAX_ROUNDS),
            None => u32::try_from(roles.len()).ok(),
        };
        let scale = match self.optional(f, "scale") {
            Some(node) => self.bounded(node, "scale", "top score of each criterion", MAX_SCALE),
            None => Some(5),
        };
        if let (Some(rounds), Some(minutes), Some(node)) = (rounds, minutes_per_round, minutes_node)
        {
            self.timed.push(Timed {
                minutes: rounds.saturating_mul(minutes),
                span: node.span,
                place: self.place.clone(),
                lasts: format!("this role-play's {rounds} rounds of {minutes} minutes take"),
                shorten: "rounds",
            });
        }
        if !roles_ok || !rubric_ok {
            return None;
        }
        Some(SlideKind::RolePlay(RolePlay {
            id: id?,
            title: title?,
            scenario: scenario?,
            roles,
            rounds: rounds?,
            minutes_per_round: minutes_per_round?,
            rubric,
            scale: scale?,
            debrief: debrief?,
        }))
    }

    /// Checks that a list of `count` items is within `range`; records an error otherwise.
    fn count_in(
        &mut self,
        span: Span,
        count: usize,
        range: std::ops::RangeInclusive<usize>,
        one: &str,
        many: &str,
        holder: &str,
    ) -> bool {
        let (least, most) = (*range.start(), *range.end());
        if count < least {
            self.error(
                span,
                format!(
                    "{holder} needs at least {least} {}, found {count}",
                    if least == 1 { one } else { many }
                ),
                Some(format!("add {many} to the list")),
            );
            false
        } else if count > most {
            self.error(
                span,
                format!("{holder} has {count} {many}; the most is {most}"),
                Some(format!(
                    "keep at most {most} {many}, so each stays readable in the room; split the rest into another slide"
                )),
            );
            false
        } else {
            true
        }
    }

    fn role(&mut self, node: &Node) -> Option<Role> {
        let (name_span, fields) = self.named_struct(node, &["Role"], "a role", false)?;
        let mut f = self.fields("Role", name_span, fields, ROLE_FIELDS);
        let name = self.required_text(&mut f, "name");
        let brief = self.required_text(&mut f, "brief");
        let private = self.optional_bool(&mut f, "private").unwrap_or(false);
        let observer = self.optional_bool(&mut f, "observer").unwrap_or(false);
        Some(Role {
            name: name?,
            brief: brief?,
            private,
            observer,
        })
    }

    fn criterion(&mut self, node: &Node) -> Option<Criterion> {
        let (name_span, fields) =
            self.named_struct(node, &["Criterion"], "a rubric criterion", false)?;
        let mut f = self.fields("Criterion", name_span, fields, CRITERION_FIELDS);
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
                format!(
                    "the id \"{}\" may use only lowercase letters, digits and `-`",
                    visible(&id)
                ),
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
        if let Some(SeenId {
            place: first_place,
            line: first_line,
            ..
        }) = self.ids.get(&id).cloned()
        {
            self.error(
                node.span,
                format!("the id \"{id}\" is already used by {first_place} on line {first_line}"),
                Some(format!(
                    "each id must be unique in the deck, since responses are stored under it; rename this one, for example \"{id}-2\""
                )),
            );
            return None;
        }
        self.ids.insert(
            id.clone(),
            SeenId {
                place,
                line,
                kind: f.kind,
            },
        );
        Some(id)
    }

    fn image(&mut self, f: &mut Fields<'_>) -> Option<PathBuf> {
        let node = self.required(f, "image")?;
        let raw = self.text(node, "image")?;
        // Decks written on Windows use backslashes; the deck must open on any machine.
        let written = raw.replace('\\', "/");
        let path = PathBuf::from(&written);
        let drive_letter = written.as_bytes().get(1) == Some(&b':');
        let shown = visible(&raw);
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
                format!("the image path \"{shown}\" is absolute; it must be relative to the deck's folder"),
                Some("copy the image next to the deck (for example into its `assets/` folder) and write \"assets/name.png\"".into()),
            );
            None
        } else if path.components().any(|c| c == Component::ParentDir) {
            self.error(
                node.span,
                format!("the image path \"{shown}\" climbs out of the deck's folder with `..`"),
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

    /// Checks that `node` is a struct of one of `kinds` and returns its name span and fields.
    /// Without `name_required`, the name may be left out, `( ... )`, as RON allows for structs.
    fn named_struct<'n>(
        &mut self,
        node: &'n Node,
        kinds: &[&str],
        what: &str,
        name_required: bool,
    ) -> Option<(Span, &'n [Field])> {
        let expected = kinds.join(", ");
        let start = Span::new(node.span.start, node.span.start + 1);
        match &node.value {
            Value::Struct {
                name: Some(Name { text, span, .. }),
                fields,
            } => {
                if kinds.contains(&text.as_str()) {
                    Some((*span, fields))
                } else {
                    let help = match closest(text, kinds) {
                        Some(s) => format!("did you mean `{s}`?"),
                        None => format!("write {what} as one of: {expected}"),
                    };
                    let message = if kinds.len() == 1 {
                        format!("expected `{expected}( ... )`, found `{}`", visible(text))
                    } else {
                        format!(
                            "unknown kind of {} `{}`; expected one of {expected}",
                            what.trim_start_matches("a "),
                            visible(text)
                        )
                    };
                    self.error(*span, message, Some(help));
                    None
                }
            }
            Value::Struct { name: None, fields } if !name_required => Some((start, fields)),
            Value::Tuple {
                name: Some(name), ..
            } if kinds.contains(&name.text.as_str()) => {
                self.error(
                    name.span,
                    format!(
                        "the fields of `{0}` must be named, like `{0}(title: \"...\")`",
                        name.text
                    ),
                    Some("write each field as `name: value`".into()),
                );
                None
            }
            other => {
                let example = kinds.first().copied().unwrap_or("Name");
                self.error(
                    start,
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
    ) -> Fields<'n> {
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
        Fields {
            kind,
            name_span,
            by_name,
            typos_of,
        }
    }

    /// A required field's value. `None` and `Some(..)` are errors here: RON reads `None` as
    /// "left out", and a required field cannot be left out.
    fn required<'n>(&mut self, f: &mut Fields<'n>, name: &str) -> Option<&'n Node> {
        match f.by_name.get(name) {
            Some(field) if field.value.value.is_none() => {
                self.error(
                    field.value.span,
                    format!(
                        "`{name}` is required in {}, so it cannot be `None`",
                        kind_phrase(f.kind)
                    ),
                    Some(format!(
                        "`None` means \"left out\"; write a value instead: `{name}: {}`",
                        example_value(name)
                    )),
                );
                None
            }
            Some(field) if field.value.value.some_inner().is_some() => {
                self.error(
                    field.value.span,
                    format!(
                        "`{name}` is required in {}, so it is written without `Some(...)`",
                        kind_phrase(f.kind)
                    ),
                    Some(format!(
                        "write the value alone: `{name}: {}`",
                        example_value(name)
                    )),
                );
                None
            }
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
        let node = &f.by_name.get(name)?.value;
        if node.value.is_none() {
            return None;
        }
        Some(node.value.some_inner().unwrap_or(node))
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
        match &node.value {
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

    /// Every item of a list of texts; `None` after recording each item that is not text.
    fn texts(&mut self, node: &Node, name: &str) -> Option<Vec<String>> {
        let items = self.list(node, name, "a list of texts")?;
        let texts: Vec<Option<String>> = items.iter().map(|item| self.text(item, name)).collect();
        texts.into_iter().collect()
    }

    fn required_texts(
        &mut self,
        f: &mut Fields<'_>,
        name: &str,
        range: std::ops::RangeInclusive<usize>,
        one: &str,
    ) -> Option<Vec<String>> {
        let node = self.required(f, name)?;
        let texts = self.texts(node, name)?;
        let holder = kind_phrase(f.kind);
        let many = format!("{one}s");
        if self.count_in(node.span, texts.len(), range, one, &many, &holder) {
            Some(texts)
        } else {
            None
        }
    }

    /// An optional list of texts: empty when left out; `None` after recording an error.
    fn optional_texts(&mut self, f: &mut Fields<'_>, name: &str) -> Option<Vec<String>> {
        match self.optional(f, name) {
            Some(node) => self.texts(node, name),
            None => Some(Vec::new()),
        }
    }

    fn whole_number(&mut self, node: &Node, name: &str) -> Option<i64> {
        match &node.value {
            Value::Int(n) => Some(*n),
            Value::Float(x) => {
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
                let help = match other {
                    Value::Str(s) if s.trim().parse::<i64>().is_ok() => {
                        format!("write it without quotes: `{name}: {}`", s.trim())
                    }
                    _ => format!(
                        "write it without quotes, for example `{name}: {}`",
                        example_value(name)
                    ),
                };
                self.error(
                    node.span,
                    format!(
                        "`{name}` should be a whole number, found {}",
                        other.describe()
                    ),
                    Some(help),
                );
                None
            }
        }
    }

    /// A whole number from 1 to `most` (rounds, scale).
    fn bounded(&mut self, node: &Node, name: &str, what: &str, most: u32) -> Option<u32> {
        let n = self.whole_number(node, name)?;
        if let Ok(n) = u32::try_from(n)
            && (1..=most).contains(&n)
        {
            return Some(n);
        }
        let (message, help) = if n > i64::from(most) {
            (
                format!("`{name}` is {n}, but the {what} can be at most {most}"),
                format!("write a whole number from 1 to {most}"),
            )
        } else {
            (
                format!("`{name}` is {n}, but the {what} must be at least 1"),
                "write a whole number of 1 or more".to_owned(),
            )
        };
        self.error(
            node.span,
            message,
            Some(format!(
                "{help}, for example `{name}: {}`",
                example_value(name)
            )),
        );
        None
    }

    /// Minutes of a section, an activity or a round: 1 to `MAX_MINUTES`.
    fn minutes(&mut self, node: &Node, name: &str, what: &str) -> Option<u32> {
        self.bounded(node, name, what, MAX_MINUTES)
    }
}

/// How a message names a kind: "a Points slide", "a section", "the deck".
fn kind_phrase(kind: &str) -> String {
    match kind {
        "Deck" => "the deck".to_owned(),
        "Section" => "a section".to_owned(),
        "Role" => "a role".to_owned(),
        "Criterion" => "a rubric criterion".to_owned(),
        slide => format!("a {slide} slide"),
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
            name: Some(name), ..
        }
        | Value::Tuple {
            name: Some(name), ..
        } => name.text.as_str(),
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

/// A title or id for a message: on one line, invisible characters named, at most 40
/// characters.
fn shorten(text: &str) -> String {
    super::diagnostic::shorten(&visible(&text.replace('\n', " ")), 40, "...")
}

fn example_value(name: &str) -> &'static str {
    match name {
        "minutes" | "minutes_per_round" => "10",
        "answer" => "0",
        "min" => "1",
        "max" => "5",
        "rounds" => "3",
        "scale" => "5",
        "follow_up_days" => "14",
        "pairs_with" => "\"confidence-before\"",
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

/// The candidate closest to `word` by edit distance, if it is close enough to be a typo. The
/// distance is optimal string alignment: swapping two neighbouring letters counts as one edit
/// (`titel`, `title`).
pub fn closest<'c>(word: &str, candidates: &[&'c str]) -> Option<&'c str> {
    let word_lower = word.to_lowercase();
    candidates
        .iter()
        .map(|c| (strsim::osa_distance(&word_lower, &c.to_lowercase()), *c))
        .filter(|(d, c)| *d <= (c.len() / 3).max(1) + usize::from(word_lower == c.to_lowercase()))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_kinds_are_listed_in_the_order_of_their_fields() {
        let names: Vec<String> = Kind::ALL.iter().map(|k| format!("{k:?}")).collect();
        let listed: Vec<&str> = SLIDE_KINDS.iter().map(|k| k.0).collect();
        assert_eq!(names, listed);
    }

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
