//! The deck as Podium uses it once loaded and validated: what `docs/deck-format.md` describes.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

/// A whole workshop: sections of slides, read from one RON file.
#[derive(Debug, Clone, PartialEq)]
pub struct Deck {
    pub title: String,
    pub subtitle: Option<String>,
    pub audience: Option<String>,
    pub theme: Theme,
    pub sections: Vec<Section>,
    /// The folder the deck file is in; image paths are relative to it.
    pub folder: PathBuf,
}

/// How slides are coloured on the projector.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Theme {
    #[default]
    Light,
    Dark,
    HighContrast,
}

impl Theme {
    pub const ALL: [Theme; 3] = [Theme::Light, Theme::Dark, Theme::HighContrast];

    pub fn name(self) -> &'static str {
        match self {
            Theme::Light => "Light",
            Theme::Dark => "Dark",
            Theme::HighContrast => "HighContrast",
        }
    }
}

/// A part of the workshop with a planned length.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub title: String,
    /// Planned minutes: drives the section timer, pacing and rehearsal reports.
    pub minutes: u32,
    pub slides: Vec<Slide>,
}

/// One slide: what the room sees, plus the presenter's notes.
#[derive(Debug, Clone, PartialEq)]
pub struct Slide {
    pub kind: SlideKind,
    /// The presenter's alone; never drawn on the audience screen.
    pub notes: String,
    /// The 1-based line of the slide in the deck file, for messages.
    pub line: usize,
}

/// What a slide shows, by kind.
#[derive(Debug, Clone, PartialEq)]
pub enum SlideKind {
    Title {
        title: String,
        subtitle: Option<String>,
    },
    Points {
        title: String,
        points: Vec<String>,
        /// Points appear one per step.
        reveal: bool,
    },
    Picture {
        title: Option<String>,
        /// Relative to the deck's folder, already checked to stay inside it.
        image: PathBuf,
        caption: Option<String>,
    },
    Quote {
        text: String,
        by: Option<String>,
    },
    Poll(Poll),
    Quiz(Quiz),
    Rating(Rating),
    FreeText {
        id: String,
        prompt: String,
        /// Set on a commitment slide: each answer is a commitment, due this many days after the
        /// day of the session.
        follow_up_days: Option<u32>,
    },
    Activity {
        title: String,
        instructions: Vec<String>,
        minutes: u32,
    },
    RolePlay(RolePlay),
}

/// A question with options; each person picks one (or several when `multiple`).
#[derive(Debug, Clone, PartialEq)]
pub struct Poll {
    pub id: String,
    pub question: String,
    pub options: Vec<String>,
    pub multiple: bool,
    /// Record a tally, not names.
    pub anonymous: bool,
}

/// A question with one right answer, revealed as its own step.
#[derive(Debug, Clone, PartialEq)]
pub struct Quiz {
    pub id: String,
    pub question: String,
    pub options: Vec<String>,
    /// 0-based index into `options`, checked to be in range.
    pub answer: usize,
    pub explain: Option<String>,
}

/// A number on a scale from `min` to `max`.
#[derive(Debug, Clone, PartialEq)]
pub struct Rating {
    pub id: String,
    pub prompt: String,
    pub min: i64,
    pub max: i64,
    /// Words for the two ends of the scale.
    pub labels: Option<(String, String)>,
    /// The id of an earlier Rating with the same scale that asked the same question: this one
    /// is its "after", shown as before → after.
    pub pairs_with: Option<String>,
}

/// A practice in small groups, one role each, over several rounds, scored on a rubric.
#[derive(Debug, Clone, PartialEq)]
pub struct RolePlay {
    pub id: String,
    pub title: String,
    pub scenario: String,
    pub roles: Vec<Role>,
    pub rounds: u32,
    pub minutes_per_round: u32,
    pub rubric: Vec<Criterion>,
    /// Each criterion is scored 1..=scale.
    pub scale: u32,
    pub debrief: Vec<String>,
}

/// A part in a role-play.
#[derive(Debug, Clone, PartialEq)]
pub struct Role {
    pub name: String,
    pub brief: String,
    /// The brief is for the presenter's screen or a handout, never the room's screen.
    pub private: bool,
    /// This role's player scores the seller (see [`RolePlay::observer_role`]).
    pub observer: bool,
}

/// One thing an observer scores.
#[derive(Debug, Clone, PartialEq)]
pub struct Criterion {
    pub name: String,
    pub describe: String,
}

/// The kinds of slide that take one answer from each person. Records keep the kind by its
/// name (`"Quiz"`), in the store and in files of unsaved records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ItemKind {
    Poll,
    Quiz,
    Rating,
    FreeText,
}

impl ItemKind {
    /// The kind's name as decks and records write it (`Quiz`).
    pub fn name(self) -> &'static str {
        match self {
            ItemKind::Poll => "Poll",
            ItemKind::Quiz => "Quiz",
            ItemKind::Rating => "Rating",
            ItemKind::FreeText => "FreeText",
        }
    }

    /// The kind [`ItemKind::name`] names.
    pub fn parse(name: &str) -> Option<ItemKind> {
        [
            ItemKind::Poll,
            ItemKind::Quiz,
            ItemKind::Rating,
            ItemKind::FreeText,
        ]
        .into_iter()
        .find(|kind| kind.name() == name)
    }
}

/// One person's answer to a Poll, Quiz, Rating or FreeText.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Answer {
    /// 0-based option indices (one for a Quiz or single-choice Poll).
    Options(Vec<usize>),
    /// A Rating.
    Number(i64),
    /// FreeText.
    Text(String),
    /// A correction that withdraws the answer it supersedes.
    Cleared,
}

/// An answer typed on the keyboard: a letter names an option as the room sees it (A is the
/// first), a digit an option counted from 1, or a rating's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Typed {
    /// 0 for A.
    Letter(u8),
    Digit(u8),
}

impl Slide {
    /// How records name this slide, at `index` (0-based over the whole deck): its item id, or
    /// `slide N: heading` (N from 1, the heading cut to 60 characters) for a slide without one.
    pub fn record_ref(&self, index: usize) -> String {
        match self.kind.item_id() {
            Some(id) => id.to_owned(),
            None => format!(
                "slide {}: {}",
                index + 1,
                self.kind.heading().chars().take(60).collect::<String>()
            ),
        }
    }
}

impl SlideKind {
    /// The kind's name as written in the deck (`Quiz`).
    pub fn name(&self) -> &'static str {
        match self {
            SlideKind::Title { .. } => "Title",
            SlideKind::Points { .. } => "Points",
            SlideKind::Picture { .. } => "Picture",
            SlideKind::Quote { .. } => "Quote",
            SlideKind::Poll(_) => "Poll",
            SlideKind::Quiz(_) => "Quiz",
            SlideKind::Rating(_) => "Rating",
            SlideKind::FreeText { .. } => "FreeText",
            SlideKind::Activity { .. } => "Activity",
            SlideKind::RolePlay(_) => "RolePlay",
        }
    }

    /// The id responses are stored under, for the kinds that record them.
    pub fn item_id(&self) -> Option<&str> {
        match self {
            SlideKind::Poll(p) => Some(&p.id),
            SlideKind::Quiz(q) => Some(&q.id),
            SlideKind::Rating(r) => Some(&r.id),
            SlideKind::FreeText { id, .. } => Some(id),
            SlideKind::RolePlay(r) => Some(&r.id),
            _ => None,
        }
    }

    /// A short heading for lists and agendas: the title, question or prompt.
    pub fn heading(&self) -> &str {
        match self {
            SlideKind::Title { title, .. }
            | SlideKind::Points { title, .. }
            | SlideKind::Activity { title, .. } => title,
            SlideKind::Picture { title, image, .. } => title
                .as_deref()
                .unwrap_or_else(|| image.to_str().unwrap_or("Picture")),
            SlideKind::Quote { text, .. } => text,
            SlideKind::Poll(p) => &p.question,
            SlideKind::Quiz(q) => &q.question,
            SlideKind::Rating(r) => &r.prompt,
            SlideKind::FreeText { prompt, .. } => prompt,
            SlideKind::RolePlay(r) => &r.title,
        }
    }

    /// The days until the follow-up of a commitment slide (a FreeText with `follow_up_days`).
    pub fn follow_up_days(&self) -> Option<u32> {
        match self {
            SlideKind::FreeText { follow_up_days, .. } => *follow_up_days,
            _ => None,
        }
    }

    /// Poll, Quiz, Rating and FreeText: items that record one answer per person.
    pub fn is_question(&self) -> bool {
        self.item_kind().is_some()
    }

    /// The kind of question this slide asks, if it asks one.
    pub fn item_kind(&self) -> Option<ItemKind> {
        match self {
            SlideKind::Poll(_) => Some(ItemKind::Poll),
            SlideKind::Quiz(_) => Some(ItemKind::Quiz),
            SlideKind::Rating(_) => Some(ItemKind::Rating),
            SlideKind::FreeText { .. } => Some(ItemKind::FreeText),
            SlideKind::Title { .. }
            | SlideKind::Points { .. }
            | SlideKind::Picture { .. }
            | SlideKind::Quote { .. }
            | SlideKind::Activity { .. }
            | SlideKind::RolePlay(_) => None,
        }
    }

    /// Whether `answer` is right: a Quiz's answer is right when it is its one right option;
    /// the other kinds have no right answer.
    pub fn correctness(&self, answer: &Answer) -> Option<bool> {
        match (self, answer) {
            (SlideKind::Quiz(quiz), Answer::Options(chosen)) => Some(chosen == &[quiz.answer]),
            _ => None,
        }
    }

    /// The answer `typed` stands for here: a Poll's or Quiz's option by its letter or its
    /// number from 1, a Rating's value by its digit; `None` when it names nothing on this
    /// slide (a letter past the last option, a value off the scale, a FreeText).
    pub fn typed_answer(&self, typed: Typed) -> Option<Answer> {
        let option = |count: usize| {
            let index = match typed {
                Typed::Letter(letter) => usize::from(letter),
                Typed::Digit(digit) => usize::from(digit).checked_sub(1)?,
            };
            (index < count).then(|| Answer::Options(vec![index]))
        };
        match self {
            SlideKind::Poll(poll) => option(poll.options.len()),
            SlideKind::Quiz(quiz) => option(quiz.options.len()),
            SlideKind::Rating(rating) => match typed {
                Typed::Digit(digit) => Some(i64::from(digit))
                    .filter(|value| (rating.min..=rating.max).contains(value))
                    .map(Answer::Number),
                Typed::Letter(_) => None,
            },
            _ => None,
        }
    }
}

impl RolePlay {
    /// The role whose player is scored in each round: the first (the seller).
    pub const SCORED_ROLE: usize = 0;

    /// The role whose player scores the seller: the role marked `observer: true`; else a
    /// role whose name contains "observ" in any case ("Observer", "Observateur"); else the
    /// last role when there are three or more. Two roles without a mark have no observer.
    pub fn observer_role(&self) -> Option<usize> {
        self.roles
            .iter()
            .position(|r| r.observer)
            .or_else(|| {
                self.roles
                    .iter()
                    .position(|r| r.name.to_lowercase().contains("observ"))
            })
            .or_else(|| (self.roles.len() >= 3).then(|| self.roles.len() - 1))
            .filter(|&role| role != Self::SCORED_ROLE)
    }
}

/// Counts for `podium check`'s one-line summary and the start screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DeckSummary {
    pub slides: usize,
    pub sections: usize,
    pub planned_minutes: u32,
    pub questions: usize,
    pub exercises: usize,
    pub role_plays: usize,
}

impl Deck {
    /// All slides in order, with their section's index.
    pub fn slides(&self) -> impl Iterator<Item = (usize, &Slide)> {
        self.sections
            .iter()
            .enumerate()
            .flat_map(|(i, s)| s.slides.iter().map(move |slide| (i, slide)))
    }

    /// The slide kind that records responses under `item_id`.
    pub fn item(&self, item_id: &str) -> Option<&SlideKind> {
        self.slides()
            .map(|(_, slide)| &slide.kind)
            .find(|kind| kind.item_id() == Some(item_id))
    }

    /// The commitment slides (FreeText slides with `follow_up_days`), in deck order, as
    /// `(item id, prompt, days)`.
    pub fn commitment_slides(&self) -> impl Iterator<Item = (&str, &str, u32)> {
        self.slides().filter_map(|(_, slide)| match &slide.kind {
            SlideKind::FreeText {
                id,
                prompt,
                follow_up_days: Some(days),
            } => Some((id.as_str(), prompt.as_str(), *days)),
            _ => None,
        })
    }

    /// The Ratings paired before → after, in deck order, as `(before, after)`.
    pub fn rating_pairs(&self) -> impl Iterator<Item = (&Rating, &Rating)> {
        self.slides().filter_map(|(_, slide)| {
            let SlideKind::Rating(after) = &slide.kind else {
                return None;
            };
            let before_id = after.pairs_with.as_deref()?;
            match self.item(before_id)? {
                SlideKind::Rating(before) => Some((before, after)),
                _ => None,
            }
        })
    }

    /// Every RolePlay, in deck order: the rubrics a field observation can be scored on.
    pub fn role_plays(&self) -> impl Iterator<Item = &RolePlay> {
        self.slides().filter_map(|(_, slide)| match &slide.kind {
            SlideKind::RolePlay(role_play) => Some(role_play),
            _ => None,
        })
    }

    pub fn slide_count(&self) -> usize {
        self.sections.iter().map(|s| s.slides.len()).sum()
    }

    pub fn planned_minutes(&self) -> u32 {
        self.sections.iter().map(|s| s.minutes).sum()
    }

    pub fn summary(&self) -> DeckSummary {
        let mut summary = DeckSummary {
            slides: self.slide_count(),
            sections: self.sections.len(),
            planned_minutes: self.planned_minutes(),
            ..DeckSummary::default()
        };
        for (_, slide) in self.slides() {
            match slide.kind {
                SlideKind::Activity { .. } => summary.exercises += 1,
                SlideKind::RolePlay(_) => summary.role_plays += 1,
                ref k if k.is_question() => summary.questions += 1,
                _ => {}
            }
        }
        summary
    }
}

impl std::fmt::Display for DeckSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        fn plural(n: usize, one: &str, many: &str) -> String {
            format!("{n} {}", if n == 1 { one } else { many })
        }
        write!(
            f,
            "{}, {}, {} planned min, {}, {}, {}",
            plural(self.slides, "slide", "slides"),
            plural(self.sections, "section", "sections"),
            self.planned_minutes,
            plural(self.questions, "question", "questions"),
            plural(self.exercises, "exercise", "exercises"),
            plural(self.role_plays, "role-play", "role-plays"),
        )
    }
}
