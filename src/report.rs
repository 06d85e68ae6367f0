//! What the history screens show about recorded sessions: planned against actual time, the
//! trend over the rehearsals of a deck, one person's record across workshops, and one
//! session's results. Plain data computed from the store and the deck; no UI here.
//!
//! Records name deck items by their id, and the deck file may have been edited, moved or
//! deleted since the session. Texts (questions, options, prompts) and plans come from the deck
//! as it is now, read from the session's `deck_path`, for the items it still has with the same
//! kind; otherwise the recorded ids and raw values stand in, so a report never fails because
//! the deck changed.

pub mod coaching;

use jiff::Zoned;
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use crate::deck::{self, Deck, ImageCheck, Section, Slide, SlideKind};
use crate::store::{
    Answer, AttendanceRow, Mode, Person, PersonId, Presence, ResponseRow, ScoreSheet, SessionId,
    SessionInfo, SheetId, SlideTime, Store, StoreError,
};

/// How many slides [`TimingReport::longest`] lists.
pub const LONGEST_SLIDES: usize = 5;

/// `value` with `decimals` digits after the point, a half rounded up as a person does it
/// (and as Excel shows it): 3.25 is "3.3", where Rust's formatting would give "3.2".
pub fn decimal(value: f64, decimals: usize) -> String {
    let scale = 10_f64.powi(i32::try_from(decimals).unwrap_or(i32::MAX));
    let rounded = (value * scale).round() / scale;
    format!("{rounded:.decimals$}")
}

/// A rating scale with more values than this lists only the values given, not every value.
const RATING_VALUES_LISTED: i64 = 20;

/// Why a report could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// No session has this id.
    #[error("there is no session {0}; `podium sessions` lists them")]
    UnknownSession(SessionId),

    /// No person has this id.
    #[error("there is no person {0} in the records; they may be in another data folder")]
    UnknownPerson(PersonId),

    /// The store could not be read; the message says why and what to do.
    #[error("{source}\n{}", .source.advice())]
    Store {
        #[from]
        source: StoreError,
    },
}

// ---- timing ----

/// Planned against actual time for one session: what a rehearsal or a workshop took.
#[derive(Debug, Clone, PartialEq)]
pub struct TimingReport {
    pub session_id: SessionId,
    /// Every section: the deck's, in deck order (shown or not), then any recorded section the
    /// deck no longer has, in the order they were shown.
    pub sections: Vec<SectionTiming>,
    /// The sum of the sections' planned time, in seconds.
    pub planned_seconds: u64,
    /// All the time recorded on slides, in seconds.
    pub actual_seconds: f64,
    /// The slides that took longest, longest first, at most [`LONGEST_SLIDES`].
    pub longest: Vec<SlideTiming>,
}

/// One section's plan and actual time.
#[derive(Debug, Clone, PartialEq)]
pub struct SectionTiming {
    pub title: String,
    /// The section's planned minutes × 60: as recorded on the day when it was shown, else as
    /// the deck has it now.
    pub planned_seconds: u64,
    /// Time spent on its slides, in seconds (0 when it was never shown).
    pub actual_seconds: f64,
    /// The section's slides that were shown, in deck order.
    pub slides: Vec<SlideTiming>,
}

/// The time spent on one slide, all its visits summed.
#[derive(Debug, Clone, PartialEq)]
pub struct SlideTiming {
    /// 0-based over the whole deck, as the deck was during the session.
    pub slide_index: usize,
    /// The item id, or `slide N: heading` for a slide without one (see [`slide_ref`]).
    pub slide_ref: String,
    /// The slide's title (or question) as the deck has it now; the `slide_ref` when the deck
    /// no longer has the slide.
    pub title: String,
    /// The section it was shown in.
    pub section: String,
    /// In seconds, all visits summed.
    pub actual_seconds: f64,
    /// How many times it was on screen.
    pub visits: usize,
    /// The slide's own plan in seconds, if it has one: an Activity's minutes, a role-play's
    /// rounds × minutes per round. `None` also when the deck no longer has the slide.
    pub planned_seconds: Option<u64>,
}

/// One rehearsal of a deck, for a trend over rehearsals.
#[derive(Debug, Clone, PartialEq)]
pub struct TrendPoint {
    pub session_id: SessionId,
    /// RFC 3339 with offset.
    pub started_at: Zoned,
    /// `None` when the rehearsal was never ended.
    pub ended_at: Option<Zoned>,
    pub planned_seconds: u64,
    pub actual_seconds: f64,
    /// Per section, as in [`TimingReport::sections`].
    pub sections: Vec<SectionTiming>,
}

/// Planned against actual time for one session, per section and for its longest slides.
pub fn timing_report(store: &Store, session: SessionId) -> Result<TimingReport, ReportError> {
    let info = session_info(store, session)?;
    let deck = DeckIndex::load(&info.deck_path);
    let times = store.slide_times(session)?;
    Ok(timing_from(session, &deck, &times))
}

/// Every rehearsal of the deck at `deck_path` (as sessions recorded it), oldest first, with its
/// total and per-section time: whether the timing is converging on the plan.
pub fn rehearsal_trend(store: &Store, deck_path: &str) -> Result<Vec<TrendPoint>, ReportError> {
    let deck = DeckIndex::load(deck_path);
    let mut rehearsals: Vec<SessionInfo> = store
        .sessions()?
        .into_iter()
        .filter(|s| s.mode == Mode::Rehearsal && s.deck_path == deck_path && s.void.is_none())
        .collect();
    rehearsals.sort_by_key(|s| s.session_id);
    rehearsals
        .into_iter()
        .map(|info| {
            let times = store.slide_times(info.session_id)?;
            let timing = timing_from(info.session_id, &deck, &times);
            Ok(TrendPoint {
                session_id: info.session_id,
                started_at: info.started_at,
                ended_at: info.ended_at,
                planned_seconds: timing.planned_seconds,
                actual_seconds: timing.actual_seconds,
                sections: timing.sections,
            })
        })
        .collect()
}

/// The timing report of one session's slide visits, against the deck when it is there.
pub(crate) fn timing_from(
    session_id: SessionId,
    deck: &DeckIndex,
    times: &[SlideTime],
) -> TimingReport {
    let mut slides: Vec<SlideTiming> = Vec::new();
    let mut slide_at: HashMap<&str, usize> = HashMap::new();
    // The plan each section had on the day: the latest visit's record.
    let mut recorded_plan: HashMap<&str, u32> = HashMap::new();
    for time in times {
        recorded_plan.insert(&time.section, time.section_planned_minutes);
        match slide_at.get(time.slide_ref.as_str()).copied() {
            Some(at) => {
                if let Some(slide) = slides.get_mut(at) {
                    slide.actual_seconds += time.seconds;
                    slide.visits += 1;
                    slide.slide_index = slide.slide_index.min(time.slide_index);
                }
            }
            None => {
                slide_at.insert(&time.slide_ref, slides.len());
                slides.push(SlideTiming {
                    slide_index: time.slide_index,
                    slide_ref: time.slide_ref.clone(),
                    title: time.slide_ref.clone(),
                    section: time.section.clone(),
                    actual_seconds: time.seconds,
                    visits: 1,
                    planned_seconds: None,
                });
            }
        }
    }
    for slide in &mut slides {
        let shown = deck.shown_slide(slide.slide_index, &slide.slide_ref);
        slide.planned_seconds = shown
            .and_then(|shown| slide_planned_minutes(&shown.kind))
            .map(minutes_to_seconds);
        if let Some(shown) = shown {
            shown.kind.heading().clone_into(&mut slide.title);
        }
    }
    slides.sort_by_key(|slide| slide.slide_index);

    let mut sections: Vec<SectionTiming> = deck
        .deck()
        .map(|deck| {
            deck.sections
                .iter()
                .map(|section| SectionTiming {
                    title: section.title.clone(),
                    planned_seconds: minutes_to_seconds(section.minutes),
                    actual_seconds: 0.0,
                    slides: Vec::new(),
                })
                .collect()
        })
        .unwrap_or_default();
    // Sections are matched by title: the first of two deck sections with the same title
    // takes the time of both.
    let mut section_at: HashMap<String, usize> = HashMap::new();
    for (at, section) in sections.iter().enumerate() {
        section_at.entry(section.title.clone()).or_insert(at);
    }
    let mut actual_seconds = 0.0;
    for slide in &slides {
        actual_seconds += slide.actual_seconds;
        let at = *section_at.entry(slide.section.clone()).or_insert_with(|| {
            sections.push(SectionTiming {
                title: slide.section.clone(),
                planned_seconds: 0,
                actual_seconds: 0.0,
                slides: Vec::new(),
            });
            sections.len() - 1
        });
        if let Some(section) = sections.get_mut(at) {
            if let Some(minutes) = recorded_plan.get(slide.section.as_str()) {
                section.planned_seconds = minutes_to_seconds(*minutes);
            }
            section.actual_seconds += slide.actual_seconds;
            section.slides.push(slide.clone());
        }
    }
    let planned_seconds = sections.iter().map(|s| s.planned_seconds).sum();
    let mut longest = slides;
    longest.sort_by(|a, b| {
        b.actual_seconds
            .total_cmp(&a.actual_seconds)
            .then(a.slide_index.cmp(&b.slide_index))
    });
    longest.truncate(LONGEST_SLIDES);
    TimingReport {
        session_id,
        sections,
        planned_seconds,
        actual_seconds,
        longest,
    }
}

fn minutes_to_seconds(minutes: u32) -> u64 {
    u64::from(minutes) * 60
}

/// How records name the slide at `index` (0-based over the whole deck): its item id, or
/// `slide N: heading` (N counted from 1, the heading cut to 60 characters) for a slide without
/// one. The same text as `Session::slide_ref`, so records line up with the deck.
pub fn slide_ref(index: usize, slide: &Slide) -> String {
    slide.record_ref(index)
}

/// A slide's own planned minutes: an Activity's countdown, or a role-play's rounds × minutes
/// per round. Other slides only have their section's plan.
pub fn slide_planned_minutes(kind: &SlideKind) -> Option<u32> {
    match kind {
        SlideKind::Activity { minutes, .. } => Some(*minutes),
        SlideKind::RolePlay(role_play) => {
            Some(role_play.rounds.saturating_mul(role_play.minutes_per_round))
        }
        _ => None,
    }
}

// ---- one person across sessions ----

/// One person's record across the live sessions they were on the roster of.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonHistory {
    /// Their current name, email and team.
    pub person: Person,
    /// Oldest first.
    pub sessions: Vec<PersonSession>,
    pub totals: PersonTotals,
}

/// What one person did in one live session.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonSession {
    pub session_id: SessionId,
    /// The date part of `started_at` (`2025-03-04`), in the session's own time zone.
    pub date: String,
    /// RFC 3339 with offset.
    pub started_at: Zoned,
    pub deck_title: String,
    /// Absent when they were never checked in.
    pub presence: Presence,
    /// Quiz answers they got right.
    pub quiz_right: usize,
    /// Quiz answers they gave.
    pub quiz_total: usize,
    /// Their ratings, in the order given; after [`PersonHistory::with_follow_up`], only those
    /// that are not half of a before → after pair.
    pub ratings: Vec<PersonRating>,
    /// Ratings asked before and after, each pair as one (filled by
    /// [`PersonHistory::with_follow_up`]).
    pub pairs: Vec<coaching::PairedRating>,
    /// The commitments they wrote in this session (filled by [`PersonHistory::with_follow_up`]).
    pub commitments: Vec<coaching::CommitmentLine>,
    /// Their scores as the seller in role-plays, sheet by sheet, criterion by criterion.
    pub scores: Vec<PersonScore>,
}

/// One rating a person gave.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonRating {
    pub item_id: String,
    /// The rating's prompt, if the deck still has it.
    pub prompt: Option<String>,
    pub value: i64,
    /// The scale's ends, if the deck still has the rating.
    pub min: Option<i64>,
    pub max: Option<i64>,
}

/// One criterion score a person received as the seller in a role-play.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonScore {
    pub item_id: String,
    /// The role-play's title, if the deck still has it.
    pub title: Option<String>,
    /// 1-based.
    pub round: u32,
    pub criterion: String,
    pub score: u32,
    /// Scores run from 1 to `scale`.
    pub scale: u32,
    /// Who scored them, if an observer was recorded.
    pub observer: Option<String>,
    pub comment: String,
}

/// A person's figures over all their live sessions.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonTotals {
    /// Live sessions they were on the roster of.
    pub sessions: usize,
    /// Of those, the ones they came to (present, late or left early).
    pub attended: usize,
    pub quiz_right: usize,
    pub quiz_total: usize,
    /// `quiz_right / quiz_total` in percent; `None` without any quiz answer.
    pub quiz_accuracy_percent: Option<f64>,
    /// Their mean score as a seller per criterion name, in the order first scored.
    pub criteria: Vec<CriterionMean>,
}

/// The mean of a person's scores on one criterion.
#[derive(Debug, Clone, PartialEq)]
pub struct CriterionMean {
    pub criterion: String,
    pub mean: f64,
    /// How many scores the mean is over.
    pub count: usize,
    /// The scale, when every score was on the same one.
    pub scale: Option<u32>,
}

/// One person's attendance, quiz results, ratings and role-play scores over every live session
/// they were on the roster of, oldest first, with totals.
pub fn person_history(store: &Store, person: PersonId) -> Result<PersonHistory, ReportError> {
    let found = store
        .person(person)?
        .ok_or(ReportError::UnknownPerson(person))?;
    let names = people_by_id(store)?;
    let mut decks: HashMap<String, DeckIndex> = HashMap::new();
    let mut live: Vec<SessionInfo> = store
        .sessions()?
        .into_iter()
        .filter(|s| s.mode == Mode::Live && s.void.is_none())
        .collect();
    live.sort_by_key(|s| s.session_id);

    let mut sessions = Vec::new();
    for info in live {
        let on_roster = store
            .roster(info.session_id)?
            .iter()
            .any(|p| p.person_id == person);
        if !on_roster {
            continue;
        }
        let deck = decks
            .entry(info.deck_path.clone())
            .or_insert_with(|| DeckIndex::load(&info.deck_path));
        let presence = store
            .attendance(info.session_id)?
            .into_iter()
            .find(|row| row.person_id == person)
            .map_or(Presence::Absent, |row| row.presence);
        let mut entry = PersonSession {
            session_id: info.session_id,
            date: crate::time::date(&info.started_at),
            started_at: info.started_at.clone(),
            deck_title: info.deck_title.clone(),
            presence,
            quiz_right: 0,
            quiz_total: 0,
            ratings: Vec::new(),
            pairs: Vec::new(),
            commitments: Vec::new(),
            scores: Vec::new(),
        };
        for row in store.all_responses(info.session_id)? {
            if row.person_id != Some(person) {
                continue;
            }
            match (row.item_kind.name(), &row.answer) {
                ("Quiz", _) => {
                    if let Some(correct) = row.correct {
                        entry.quiz_total += 1;
                        entry.quiz_right += usize::from(correct);
                    }
                }
                ("Rating", Answer::Number(value)) => {
                    let rating = match deck.item_of_kind(&row.item_id, "Rating") {
                        Some(SlideKind::Rating(rating)) => Some(rating),
                        _ => None,
                    };
                    entry.ratings.push(PersonRating {
                        item_id: row.item_id.clone(),
                        prompt: rating.map(|r| r.prompt.clone()),
                        value: *value,
                        min: rating.map(|r| r.min),
                        max: rating.map(|r| r.max),
                    });
                }
                _ => {}
            }
        }
        for sheet in store.all_score_sheets(info.session_id)? {
            if sheet.seller_id != person {
                continue;
            }
            let title = deck
                .item_of_kind(&sheet.item_id, "RolePlay")
                .map(|kind| kind.heading().to_owned());
            let observer = sheet.observer_id.map(|id| name_of(&names, id).into_owned());
            for (criterion, score) in &sheet.scores {
                entry.scores.push(PersonScore {
                    item_id: sheet.item_id.clone(),
                    title: title.clone(),
                    round: sheet.round,
                    criterion: criterion.clone(),
                    score: *score,
                    scale: sheet.scale,
                    observer: observer.clone(),
                    comment: sheet.comment.clone(),
                });
            }
        }
        sessions.push(entry);
    }
    let totals = person_totals(&sessions);
    Ok(PersonHistory {
        person: found,
        sessions,
        totals,
    })
}

/// [`person_history`] with what the coaching page works out for the person as of `today`:
/// each before → after rating as one pair, and the commitments they wrote.
pub fn person_history_with_follow_up(
    store: &Store,
    person: PersonId,
    today: jiff::civil::Date,
) -> Result<PersonHistory, ReportError> {
    let history = person_history(store, person)?;
    let records = coaching::CoachingRecords::load(store)?;
    let page = coaching::person_page(&records, person, today)?;
    Ok(history.with_follow_up(&page))
}

impl PersonHistory {
    /// Puts the coaching page's paired ratings and commitments with the sessions they were
    /// given in. A rating that is half of a pair then shows only in the pair. Sessions the
    /// history leaves out (void ones) take nothing.
    pub fn with_follow_up(mut self, page: &coaching::PersonPage) -> PersonHistory {
        for session in &mut self.sessions {
            session.pairs = page
                .pairs
                .iter()
                .filter(|pair| pair.session_id == session.session_id)
                .cloned()
                .collect();
            let pairs = &session.pairs;
            session.ratings.retain(|rating| {
                !pairs
                    .iter()
                    .any(|pair| pair.before_id == rating.item_id || pair.after_id == rating.item_id)
            });
            session.commitments = page
                .commitments
                .iter()
                .filter(|line| line.key.session_id == session.session_id)
                .cloned()
                .collect();
        }
        self
    }
}

fn person_totals(sessions: &[PersonSession]) -> PersonTotals {
    let quiz_right: usize = sessions.iter().map(|s| s.quiz_right).sum();
    let quiz_total: usize = sessions.iter().map(|s| s.quiz_total).sum();
    let mut criteria: Vec<CriterionMean> = Vec::new();
    let mut sums: Vec<u64> = Vec::new();
    for score in sessions.iter().flat_map(|s| &s.scores) {
        let at = match criteria.iter().position(|c| c.criterion == score.criterion) {
            Some(at) => at,
            None => {
                criteria.push(CriterionMean {
                    criterion: score.criterion.clone(),
                    mean: 0.0,
                    count: 0,
                    scale: Some(score.scale),
                });
                sums.push(0);
                criteria.len() - 1
            }
        };
        if let (Some(mean), Some(sum)) = (criteria.get_mut(at), sums.get_mut(at)) {
            mean.count += 1;
            *sum += u64::from(score.score);
            if mean.scale != Some(score.scale) {
                mean.scale = None;
            }
        }
    }
    for (mean, sum) in criteria.iter_mut().zip(sums) {
        mean.mean = ratio(sum, mean.count);
    }
    PersonTotals {
        sessions: sessions.len(),
        attended: sessions.iter().filter(|s| s.presence.came()).count(),
        quiz_right,
        quiz_total,
        quiz_accuracy_percent: (quiz_total > 0)
            .then(|| ratio(quiz_right as u64, quiz_total) * 100.0),
        criteria,
    }
}

#[allow(clippy::cast_precision_loss)] // counts far below 2^52
fn ratio(sum: u64, count: usize) -> f64 {
    if count == 0 {
        0.0
    } else {
        sum as f64 / count as f64
    }
}

// ---- one session ----

/// What a history screen shows for one session.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionOverview {
    pub info: SessionInfo,
    /// Why the deck file could not be read (moved, deleted, no longer valid); `None` when it
    /// was. Without it, items show their ids and raw values.
    pub deck_problem: Option<String>,
    /// Everyone on the roster, in roster order.
    pub attendance: Vec<AttendanceLine>,
    /// The deck's items in deck order (answered or not), then recorded items the deck no
    /// longer has, in the order first recorded.
    pub items: Vec<ItemOverview>,
    /// The presenter's notes, per slide, in the order first noted; an emptied note is left out.
    pub notes: Vec<NoteLine>,
    pub timing: TimingReport,
}

/// One person on the roster and their attendance.
#[derive(Debug, Clone, PartialEq)]
pub struct AttendanceLine {
    pub person_id: PersonId,
    pub name: String,
    pub email: Option<String>,
    pub team: Option<String>,
    /// Absent when they were never checked in.
    pub presence: Presence,
    pub checked_in_at: Option<Zoned>,
    pub left_at: Option<Zoned>,
}

/// One item of the session and what the room answered.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemOverview {
    pub item_id: String,
    /// `Poll`, `Quiz`, `Rating`, `FreeText` or `RolePlay`.
    pub kind: String,
    /// The question, prompt or role-play title, if the deck still has the item.
    pub question: Option<String>,
    /// Whether the deck still has the item with this kind.
    pub in_deck: bool,
    pub results: ItemResults,
}

/// An item's results, by kind.
#[derive(Debug, Clone, PartialEq)]
pub enum ItemResults {
    /// A Poll or Quiz.
    Choices {
        /// Every option of the deck, in deck order, then any other option recorded, with how
        /// often each was chosen.
        options: Vec<OptionCount>,
        /// Answers by named people.
        named: usize,
        /// Anonymous tally marks.
        marks: usize,
        /// For a Quiz: how many answers were right.
        right: Option<usize>,
    },
    /// A Rating.
    Ratings {
        /// The scale's ends, if the deck still has the rating.
        min: Option<i64>,
        max: Option<i64>,
        /// How often each value was given, lowest first: every value of the scale (when it
        /// has at most 20), and any other value given.
        counts: Vec<RatingCount>,
        /// The mean; `None` without answers.
        mean: Option<f64>,
        answers: usize,
    },
    /// FreeText answers, in the order given.
    Texts(Vec<TextAnswer>),
    /// A role-play's groups as last saved, and its current score sheets.
    RolePlay {
        groups: Vec<Vec<NamedPerson>>,
        sheets: Vec<SheetLine>,
    },
}

/// How often one option was chosen.
#[derive(Debug, Clone, PartialEq)]
pub struct OptionCount {
    /// 0-based.
    pub index: usize,
    /// The option's text, or `option N` (N from 1) when the deck does not have it.
    pub text: String,
    pub count: usize,
    /// For a Quiz whose deck is there: whether this is the right option.
    pub correct: Option<bool>,
}

/// How often one rating value was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RatingCount {
    pub value: i64,
    pub count: usize,
}

/// One free-text answer.
#[derive(Debug, Clone, PartialEq)]
pub struct TextAnswer {
    pub person_id: Option<PersonId>,
    /// `None` for an answer recorded without a name.
    pub name: Option<String>,
    pub text: String,
    pub recorded_at: Zoned,
}

/// A person named in a result.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct NamedPerson {
    pub person_id: PersonId,
    pub name: String,
}

/// One current score sheet with names.
#[derive(Debug, Clone, PartialEq)]
pub struct SheetLine {
    pub sheet_id: SheetId,
    pub round: u32,
    pub seller_id: PersonId,
    pub seller: String,
    pub observer_id: Option<PersonId>,
    pub observer: Option<String>,
    /// Criterion name and score, in rubric order.
    pub scores: Vec<(String, u32)>,
    pub scale: u32,
    pub comment: String,
    pub recorded_at: Zoned,
}

/// The presenter's note on one slide.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteLine {
    pub slide_ref: String,
    /// The slide's title (or question) as the deck has it now; the `slide_ref` when the deck
    /// no longer has the slide.
    pub title: String,
    /// The title of the slide's section, when the deck has the slide.
    pub section: Option<String>,
    pub text: String,
}

/// One session's attendance, results per item, notes and timing, with names and deck texts.
pub fn session_overview(store: &Store, session: SessionId) -> Result<SessionOverview, ReportError> {
    let recorded = Recorded::load(store, session)?.ok_or(ReportError::UnknownSession(session))?;
    let attendance = recorded
        .roster
        .iter()
        .map(|person| {
            let row = recorded.attendance.get(&person.person_id);
            AttendanceLine {
                person_id: person.person_id,
                name: person.name.clone(),
                email: person.email.clone(),
                team: person.team.clone(),
                presence: row.map_or(Presence::Absent, |r| r.presence),
                checked_in_at: row.and_then(|r| r.checked_in_at.clone()),
                left_at: row.and_then(|r| r.left_at.clone()),
            }
        })
        .collect();
    let mut items = Vec::new();
    for item in recorded.items() {
        let results = item_results(store, &recorded, &item)?;
        items.push(ItemOverview {
            item_id: item.item_id.to_owned(),
            kind: item.kind.to_owned(),
            question: item.deck_kind.map(|kind| kind.heading().to_owned()),
            in_deck: item.deck_kind.is_some(),
            results,
        });
    }
    let notes = recorded
        .notes
        .iter()
        .filter(|(_, text)| !text.is_empty())
        .map(|(slide_ref, text)| {
            let found = recorded.deck.slide_by_ref(slide_ref);
            NoteLine {
                slide_ref: slide_ref.clone(),
                title: found.map_or_else(
                    || slide_ref.clone(),
                    |(_, slide)| slide.kind.heading().to_owned(),
                ),
                section: found.map(|(section, _)| section.title.clone()),
                text: text.clone(),
            }
        })
        .collect();
    let timing = timing_from(session, &recorded.deck, &recorded.slide_times);
    Ok(SessionOverview {
        deck_problem: recorded.deck.problem().map(str::to_owned),
        info: recorded.info,
        attendance,
        items,
        notes,
        timing,
    })
}

fn item_results(
    store: &Store,
    recorded: &Recorded,
    item: &RecordedItem<'_>,
) -> Result<ItemResults, ReportError> {
    let rows = &item.responses;
    Ok(match item.kind {
        "Poll" | "Quiz" => {
            let (deck_options, answer) = match item.deck_kind {
                Some(SlideKind::Poll(poll)) => (poll.options.as_slice(), None),
                Some(SlideKind::Quiz(quiz)) => (quiz.options.as_slice(), Some(quiz.answer)),
                _ => (&[][..], None),
            };
            // Every option of the deck, and any other index recorded (a deck edited to have
            // fewer options, or no deck), without making room for indices never chosen.
            let mut counts: BTreeMap<usize, usize> =
                (0..deck_options.len()).map(|i| (i, 0)).collect();
            for row in rows {
                if let Answer::Options(chosen) = &row.answer {
                    for &option in chosen {
                        *counts.entry(option).or_insert(0) += 1;
                    }
                }
            }
            let options = counts
                .into_iter()
                .map(|(index, count)| OptionCount {
                    index,
                    text: option_text(deck_options, index),
                    count,
                    correct: answer.map(|right| right == index),
                })
                .collect();
            ItemResults::Choices {
                options,
                named: rows.iter().filter(|r| r.person_id.is_some()).count(),
                marks: rows.iter().filter(|r| r.person_id.is_none()).count(),
                right: (item.kind == "Quiz")
                    .then(|| rows.iter().filter(|r| r.correct == Some(true)).count()),
            }
        }
        "Rating" => {
            let (min, max) = match item.deck_kind {
                Some(SlideKind::Rating(rating)) => (Some(rating.min), Some(rating.max)),
                _ => (None, None),
            };
            let values: Vec<i64> = rows
                .iter()
                .filter_map(|r| match r.answer {
                    Answer::Number(value) => Some(value),
                    _ => None,
                })
                .collect();
            let mut counts: Vec<RatingCount> = Vec::new();
            if let (Some(min), Some(max)) = (min, max)
                && max.saturating_sub(min) < RATING_VALUES_LISTED
            {
                counts.extend((min..=max).map(|value| RatingCount { value, count: 0 }));
            }
            for &value in &values {
                match counts.iter_mut().find(|c| c.value == value) {
                    Some(count) => count.count += 1,
                    None => counts.push(RatingCount { value, count: 1 }),
                }
            }
            counts.sort_by_key(|c| c.value);
            #[allow(clippy::cast_precision_loss)] // ratings are small numbers
            let mean = (!values.is_empty())
                .then(|| values.iter().map(|&v| v as f64).sum::<f64>() / values.len() as f64);
            ItemResults::Ratings {
                min,
                max,
                counts,
                mean,
                answers: values.len(),
            }
        }
        "RolePlay" => {
            let groups = recorded.named_groups(store, item.item_id)?;
            let sheets = item
                .sheets
                .iter()
                .map(|sheet| SheetLine {
                    sheet_id: sheet.sheet_id,
                    round: sheet.round,
                    seller_id: sheet.seller_id,
                    seller: recorded.name_owned(sheet.seller_id),
                    observer_id: sheet.observer_id,
                    observer: sheet.observer_id.map(|id| recorded.name_owned(id)),
                    scores: sheet.scores.clone(),
                    scale: sheet.scale,
                    comment: sheet.comment.clone(),
                    recorded_at: sheet.recorded_at.clone(),
                })
                .collect();
            ItemResults::RolePlay { groups, sheets }
        }
        // FreeText, and any kind this Podium does not know: the answers as text.
        _ => ItemResults::Texts(
            rows.iter()
                .map(|row| TextAnswer {
                    person_id: row.person_id,
                    name: row.person_id.map(|id| recorded.name_owned(id)),
                    text: answer_text(&row.answer, None),
                    recorded_at: row.recorded_at.clone(),
                })
                .collect(),
        ),
    })
}

/// An option's text from the deck, or `option N` (N counted from 1) when the deck does not
/// have it.
pub(crate) fn option_text(options: &[String], index: usize) -> String {
    match options.get(index) {
        Some(text) => text.clone(),
        None => format!("option {}", index.saturating_add(1)),
    }
}

/// An answer as a person reads it: the chosen options' texts joined with "; ", the number, or
/// the text. `options` are the deck's options for the item, if it still has them.
pub(crate) fn answer_text(answer: &Answer, options: Option<&[String]>) -> String {
    match answer {
        Answer::Options(chosen) => chosen
            .iter()
            .map(|&index| option_text(options.unwrap_or_default(), index))
            .collect::<Vec<_>>()
            .join("; "),
        Answer::Number(value) => value.to_string(),
        Answer::Text(text) => text.clone(),
        Answer::Cleared => String::new(),
    }
}

// ---- what both reports and exports read ----

/// One session as recorded, with the deck it was run from as it is now.
pub(crate) struct Recorded {
    pub(crate) info: SessionInfo,
    pub(crate) deck: DeckIndex,
    /// Everyone ever recorded, by id, with their current name.
    pub(crate) people: HashMap<PersonId, Person>,
    pub(crate) roster: Vec<Person>,
    pub(crate) attendance: HashMap<PersonId, AttendanceRow>,
    /// Current responses, in the order recorded.
    pub(crate) responses: Vec<ResponseRow>,
    /// Current score sheets, in the order recorded.
    pub(crate) sheets: Vec<ScoreSheet>,
    pub(crate) notes: Vec<(String, String)>,
    pub(crate) slide_times: Vec<SlideTime>,
}

/// One item of a session: the deck's, the records', or both.
pub(crate) struct RecordedItem<'a> {
    pub(crate) item_id: &'a str,
    /// The deck's kind name when the deck has the item with the recorded kind, else the
    /// recorded kind.
    pub(crate) kind: &'a str,
    /// The deck's item, when the deck has it with the same kind as recorded.
    pub(crate) deck_kind: Option<&'a SlideKind>,
    pub(crate) responses: Vec<&'a ResponseRow>,
    pub(crate) sheets: Vec<&'a ScoreSheet>,
}

impl Recorded {
    /// Reads everything recorded about `session`, and its deck; `None` when there is no such
    /// session.
    pub(crate) fn load(store: &Store, session: SessionId) -> Result<Option<Recorded>, StoreError> {
        let Some(info) = store.session(session)? else {
            return Ok(None);
        };
        let deck = DeckIndex::load(&info.deck_path);
        Ok(Some(Recorded {
            deck,
            people: people_by_id(store)?,
            roster: store.roster(session)?,
            attendance: store
                .attendance(session)?
                .into_iter()
                .map(|row| (row.person_id, row))
                .collect(),
            responses: store.all_responses(session)?,
            sheets: store.all_score_sheets(session)?,
            notes: store.notes(session)?,
            slide_times: store.slide_times(session)?,
            info,
        }))
    }

    /// A person's current name, or `person N` if they are not recorded.
    pub(crate) fn name(&self, person: PersonId) -> Cow<'_, str> {
        name_of(&self.people, person)
    }

    /// [`Recorded::name`], as an owned string.
    pub(crate) fn name_owned(&self, person: PersonId) -> String {
        self.name(person).into_owned()
    }

    /// The role-play groups formed for `item_id`, each member with their name: what the
    /// overview shows and the JSON export writes.
    pub(crate) fn named_groups(
        &self,
        store: &Store,
        item_id: &str,
    ) -> Result<Vec<Vec<NamedPerson>>, StoreError> {
        Ok(store
            .groups(self.info.session_id, item_id)?
            .into_iter()
            .map(|group| {
                group
                    .into_iter()
                    .map(|person_id| NamedPerson {
                        person_id,
                        name: self.name_owned(person_id),
                    })
                    .collect()
            })
            .collect())
    }

    /// The session's items: the deck's question and role-play items in deck order, then the
    /// recorded items the deck does not have (or has with another kind), in recorded order.
    pub(crate) fn items(&self) -> Vec<RecordedItem<'_>> {
        let mut items: Vec<RecordedItem<'_>> = Vec::new();
        let mut by_id: HashMap<(&str, &str), usize> = HashMap::new();
        if let Some(deck) = self.deck.deck() {
            for (_, slide) in deck.slides() {
                let Some(item_id) = slide.kind.item_id() else {
                    continue;
                };
                by_id.insert((item_id, slide.kind.name()), items.len());
                items.push(RecordedItem {
                    item_id,
                    kind: slide.kind.name(),
                    deck_kind: Some(&slide.kind),
                    responses: Vec::new(),
                    sheets: Vec::new(),
                });
            }
        }
        for row in &self.responses {
            let at = place_item(&mut items, &mut by_id, &row.item_id, row.item_kind.name());
            if let Some(item) = items.get_mut(at) {
                item.responses.push(row);
            }
        }
        for sheet in &self.sheets {
            let at = place_item(&mut items, &mut by_id, &sheet.item_id, "RolePlay");
            if let Some(item) = items.get_mut(at) {
                item.sheets.push(sheet);
            }
        }
        items
    }
}

/// Where the item `item_id` of kind `kind` is in `items`, adding it (as not in the deck) if it
/// is not there yet.
fn place_item<'a>(
    items: &mut Vec<RecordedItem<'a>>,
    by_id: &mut HashMap<(&'a str, &'a str), usize>,
    item_id: &'a str,
    kind: &'a str,
) -> usize {
    *by_id.entry((item_id, kind)).or_insert_with(|| {
        items.push(RecordedItem {
            item_id,
            kind,
            deck_kind: None,
            responses: Vec::new(),
            sheets: Vec::new(),
        });
        items.len() - 1
    })
}

/// The deck a session was run from, as it is on disk now, indexed by item id; or why it
/// could not be read.
pub(crate) struct DeckIndex {
    deck: Option<Deck>,
    problem: Option<String>,
    /// Section and slide (within the section) of each slide, by its index over the deck.
    places: Vec<(usize, usize)>,
    /// The index over the deck of each item's slide.
    by_item: HashMap<String, usize>,
}

impl DeckIndex {
    /// Reads the deck at `path`; a deck that is gone or no longer valid gives an index without
    /// a deck, so reports fall back to ids.
    pub(crate) fn load(path: &str) -> DeckIndex {
        match deck::load(Path::new(path), ImageCheck::Header) {
            Ok(loaded) => DeckIndex::new(loaded.deck),
            Err(errors) => {
                let problem = if Path::new(path).exists() {
                    let first = errors
                        .diagnostics
                        .first()
                        .map_or_else(String::new, |d| d.message.clone());
                    format!("the deck {path} no longer loads ({first})")
                } else {
                    format!("the deck {path} is no longer there")
                };
                DeckIndex {
                    deck: None,
                    problem: Some(problem),
                    places: Vec::new(),
                    by_item: HashMap::new(),
                }
            }
        }
    }

    fn new(deck: Deck) -> DeckIndex {
        let mut places = Vec::new();
        let mut by_item = HashMap::new();
        for (section_index, section) in deck.sections.iter().enumerate() {
            for (slide_index, slide) in section.slides.iter().enumerate() {
                if let Some(item_id) = slide.kind.item_id() {
                    by_item.entry(item_id.to_owned()).or_insert(places.len());
                }
                places.push((section_index, slide_index));
            }
        }
        DeckIndex {
            deck: Some(deck),
            problem: None,
            places,
            by_item,
        }
    }

    pub(crate) fn deck(&self) -> Option<&Deck> {
        self.deck.as_ref()
    }

    /// Why the deck could not be read, if it could not.
    pub(crate) fn problem(&self) -> Option<&str> {
        self.problem.as_deref()
    }

    /// The slide at `index` over the whole deck, with its section.
    pub(crate) fn slide(&self, index: usize) -> Option<(&Section, &Slide)> {
        let (section, slide) = *self.places.get(index)?;
        let section = self.deck.as_ref()?.sections.get(section)?;
        Some((section, section.slides.get(slide)?))
    }

    /// The position over the whole deck of the item's slide.
    pub(crate) fn item_position(&self, item_id: &str) -> Option<usize> {
        self.by_item.get(item_id).copied()
    }

    /// The item's slide kind, if the deck has it with the kind `kind` (`Poll`, ...): a deck
    /// edited to reuse an id for another kind does not lend its texts to the old records.
    pub(crate) fn item_of_kind(&self, item_id: &str, kind: &str) -> Option<&SlideKind> {
        let (_, slide) = self.slide(self.item_position(item_id)?)?;
        (slide.kind.name() == kind).then_some(&slide.kind)
    }

    /// The slide (with its section) that records name `recorded_ref` (see [`slide_ref`]): by
    /// item id, else the slide whose `slide N: heading` it is.
    pub(crate) fn slide_by_ref(&self, recorded_ref: &str) -> Option<(&Section, &Slide)> {
        if let Some(at) = self.item_position(recorded_ref) {
            return self.slide(at);
        }
        (0..self.places.len())
            .filter_map(|at| self.slide(at).map(|found| (at, found)))
            .find(|(at, (_, slide))| slide_ref(*at, slide) == recorded_ref)
            .map(|(_, found)| found)
    }

    /// The deck's slide a slide visit was recorded for: by item id, or else the slide at the
    /// recorded index if it still has the recorded reference.
    pub(crate) fn shown_slide(&self, index: usize, recorded_ref: &str) -> Option<&Slide> {
        if let Some(at) = self.item_position(recorded_ref) {
            return self.slide(at).map(|(_, slide)| slide);
        }
        let (_, slide) = self.slide(index)?;
        (slide_ref(index, slide) == recorded_ref).then_some(slide)
    }
}

fn session_info(store: &Store, session: SessionId) -> Result<SessionInfo, ReportError> {
    store
        .session(session)?
        .ok_or(ReportError::UnknownSession(session))
}

fn people_by_id(store: &Store) -> Result<HashMap<PersonId, Person>, StoreError> {
    Ok(store
        .people()?
        .into_iter()
        .map(|person| (person.person_id, person))
        .collect())
}

/// A person's current name, or `person N` if they are not recorded.
fn name_of(people: &HashMap<PersonId, Person>, person: PersonId) -> Cow<'_, str> {
    match people.get(&person) {
        Some(found) => Cow::Borrowed(&found.name),
        None => Cow::Owned(format!("person {person}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_half_is_rounded_up_for_display() {
        assert_eq!(decimal(3.25, 1), "3.3");
        assert_eq!(decimal(3.24, 1), "3.2");
        assert_eq!(decimal(4.0, 1), "4.0");
        assert_eq!(decimal(2.5, 0), "3");
        assert_eq!(decimal(0.125, 2), "0.13");
    }

    #[test]
    fn answers_read_as_texts_with_numbers_standing_in_for_missing_options() {
        let options = ["Price".to_owned(), "Timing".to_owned()];
        let answer = Answer::Options(vec![1, 0]);
        assert_eq!(answer_text(&answer, Some(&options)), "Timing; Price");
        assert_eq!(answer_text(&answer, None), "option 2; option 1");
        assert_eq!(
            answer_text(&Answer::Options(vec![5]), Some(&options)),
            "option 6"
        );
        assert_eq!(answer_text(&Answer::Number(-2), None), "-2");
        assert_eq!(answer_text(&Answer::Text("a,\nb".into()), None), "a,\nb");
    }

    #[test]
    fn only_activities_and_role_plays_have_their_own_plan() {
        let activity = SlideKind::Activity {
            title: "Pairs".into(),
            instructions: Vec::new(),
            minutes: 8,
        };
        assert_eq!(slide_planned_minutes(&activity), Some(8));
        let points = SlideKind::Points {
            title: "Today".into(),
            points: vec!["One".into()],
            reveal: false,
        };
        assert_eq!(slide_planned_minutes(&points), None);
    }
}

/// Each option's share of `respondents` in whole percent, the same on the projector, in
/// History and in exports. When every respondent chose one option (the counts add up to the
/// respondents), the shares add up to exactly 100: rounded by largest remainder, so 7/11 and
/// 2/11 and 2/11 show as 64%, 18%, 18%. When people could choose several options, each share
/// is rounded on its own (they may add up to more than 100).
pub fn shares(counts: &[usize], respondents: usize) -> Vec<usize> {
    if respondents == 0 {
        return vec![0; counts.len()];
    }
    let rounded = |count: usize| (count * 100 + respondents / 2) / respondents;
    if counts.iter().sum::<usize>() != respondents {
        return counts.iter().map(|c| rounded(*c)).collect();
    }
    let mut shares: Vec<usize> = counts.iter().map(|c| c * 100 / respondents).collect();
    let mut left = 100usize.saturating_sub(shares.iter().sum());
    let mut by_remainder: Vec<usize> = (0..counts.len()).collect();
    by_remainder
        .sort_by_key(|i| std::cmp::Reverse(counts.get(*i).map_or(0, |c| c * 100 % respondents)));
    for i in by_remainder {
        if left == 0 {
            break;
        }
        if let Some(share) = shares.get_mut(i) {
            *share += 1;
            left -= 1;
        }
    }
    shares
}

#[cfg(test)]
mod share_tests {
    use super::shares;

    #[test]
    fn single_choice_shares_add_up_to_100_and_multiple_choice_rounds_each() {
        assert_eq!(shares(&[7, 2, 2], 11), vec![64, 18, 18]);
        assert_eq!(shares(&[1, 1, 1], 3), vec![34, 33, 33]);
        assert_eq!(shares(&[6, 1, 0, 0, 5], 12).iter().sum::<usize>(), 100);
        assert_eq!(shares(&[5, 5], 6), vec![83, 83]);
        assert_eq!(shares(&[0, 0], 0), vec![0, 0]);
    }
}
