//! What the leader coaches from after the workshop: each person's skill over time, per rubric
//! criterion (workshop role-play scores and field observations told apart), paired ratings as
//! before → after, commitments and quiz accuracy; the team at a glance (people × criteria); and
//! the Follow-up list of open commitments. Plain data a view or a PDF draws; no UI here.
//!
//! [`CoachingRecords::load`] reads the store (and the decks the sessions ran, for role-play
//! titles, rating pairs and rubrics) once; the builders ([`person_page`], [`team_matrix`],
//! [`follow_up_list`]) are then pure and quick, so a screen can rebuild its view every time
//! the sort or "today" changes. "Today" is an argument: only the shell reads the clock.
//!
//! Criteria are matched by name across role-plays and decks (ignoring case and runs of
//! spaces), so "Listening" in two workshops is one skill. Scores are compared as a share of
//! their scale, so a 3 of 4 and a 4 of 5 read alike when rubrics differ.

use std::collections::{HashMap, HashSet};

use jiff::Zoned;
use jiff::civil::Date;

use super::{DeckIndex, ReportError};
use crate::deck::{ItemKind, SlideKind};
use crate::store::{
    Answer, Commitment, CommitmentKey, CommitmentStatus, Mode, Observation, ObservationId, Person,
    PersonId, Rubric, RubricCriterion, ScoreSheet, SessionId, Store, StoreError,
};

// ---- what the builders read ----

/// Everything the follow-up reports read, taken from the store in one go.
#[derive(Debug, Clone, Default)]
pub struct CoachingRecords {
    /// Everyone ever recorded, in the order first added.
    pub people: Vec<Person>,
    /// Live sessions that are not void, oldest first.
    pub sessions: Vec<SessionRecords>,
    /// What the decks the sessions ran say now, by the deck path the sessions recorded.
    pub decks: HashMap<String, DeckFacts>,
    /// Every commitment made in those sessions, in the order answered.
    pub commitments: Vec<Commitment>,
    /// Every current field observation, in the order recorded.
    pub observations: Vec<Observation>,
}

/// What one live session recorded that the follow-up reports use.
#[derive(Debug, Clone)]
pub struct SessionRecords {
    pub session_id: SessionId,
    pub deck_title: String,
    pub deck_path: String,
    pub started_at: Zoned,
    /// Everyone on its roster.
    pub roster: Vec<PersonId>,
    /// Those of the roster who came (present, late or left early).
    pub came: HashSet<PersonId>,
    /// Each quiz answer marked right or wrong: who, and whether it was right.
    pub quiz: Vec<(PersonId, bool)>,
    /// Each rating given: who, the item id, the value.
    pub ratings: Vec<(PersonId, String, i64)>,
    /// The current role-play score sheets.
    pub sheets: Vec<ScoreSheet>,
}

/// What a deck says now, as far as the follow-up reports need it.
#[derive(Debug, Clone, Default)]
pub struct DeckFacts {
    /// The title of each role-play, by id.
    pub role_play_titles: HashMap<String, String>,
    /// The ratings paired before → after, in deck order.
    pub pairs: Vec<RatingPair>,
    /// The rubric of each role-play, in deck order: what a field observation can be scored on.
    pub rubrics: Vec<Rubric>,
}

/// Two ratings of a deck that ask the same question before and after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RatingPair {
    pub before_id: String,
    pub after_id: String,
    /// The later rating's prompt.
    pub prompt: String,
    pub min: i64,
    pub max: i64,
}

impl CoachingRecords {
    /// Reads what the follow-up reports need: people, live sessions with their rosters,
    /// attendance, quiz answers, ratings and score sheets, commitments and observations, and
    /// the decks the sessions ran (a deck that is gone or broken gives no titles, pairs or
    /// rubrics; the records still show).
    pub fn load(store: &Store) -> Result<CoachingRecords, StoreError> {
        let people = store.people()?;
        // A void session (a false start, a test run) counts in no one's records.
        let mut infos: Vec<_> = store
            .sessions()?
            .into_iter()
            .filter(|s| s.mode == Mode::Live && s.void.is_none())
            .collect();
        infos.sort_by_key(|s| s.session_id);
        let mut decks: HashMap<String, DeckFacts> = HashMap::new();
        let mut sessions = Vec::with_capacity(infos.len());
        for info in infos {
            let started_at = info.started_at.clone();
            if !decks.contains_key(&info.deck_path) {
                let facts = DeckFacts::read(&info.deck_path, &info.deck_title);
                decks.insert(info.deck_path.clone(), facts);
            }
            let mut quiz = Vec::new();
            let mut ratings = Vec::new();
            for row in store.all_responses(info.session_id)? {
                let Some(person) = row.person_id else {
                    continue;
                };
                match (row.item_kind, row.answer) {
                    (ItemKind::Quiz, _) => {
                        if let Some(right) = row.correct {
                            quiz.push((person, right));
                        }
                    }
                    (ItemKind::Rating, Answer::Number(value)) => {
                        ratings.push((person, row.item_id, value))
                    }
                    _ => {}
                }
            }
            sessions.push(SessionRecords {
                session_id: info.session_id,
                roster: store
                    .roster(info.session_id)?
                    .iter()
                    .map(|p| p.person_id)
                    .collect(),
                came: store
                    .attendance(info.session_id)?
                    .iter()
                    .filter(|row| row.presence.came())
                    .map(|row| row.person_id)
                    .collect(),
                quiz,
                ratings,
                sheets: store.all_score_sheets(info.session_id)?,
                deck_title: info.deck_title,
                deck_path: info.deck_path,
                started_at,
            });
        }
        let kept: HashSet<SessionId> = sessions.iter().map(|s| s.session_id).collect();
        Ok(CoachingRecords {
            people,
            sessions,
            decks,
            commitments: store
                .commitments()?
                .into_iter()
                .filter(|c| kept.contains(&c.key.session_id))
                .collect(),
            observations: store.observations()?,
        })
    }

    /// A person's current name, or `person N` when they are not recorded.
    pub fn name_of(&self, person: PersonId) -> String {
        self.people
            .iter()
            .find(|p| p.person_id == person)
            .map_or_else(|| format!("person {person}"), |p| p.name.clone())
    }

    fn names(&self) -> HashMap<PersonId, &str> {
        self.people
            .iter()
            .map(|p| (p.person_id, p.name.as_str()))
            .collect()
    }

    /// The rubrics a field observation of `person` can be scored on: the role-plays of the
    /// decks of the sessions they came to, newest session first, each rubric once. A deck that
    /// can no longer be read offers the rubric its score sheets recorded (criteria and scale,
    /// without descriptions).
    pub fn rubrics_for(&self, person: PersonId) -> Vec<Rubric> {
        let mut rubrics: Vec<Rubric> = Vec::new();
        let mut seen: HashSet<(String, String)> = HashSet::new();
        for session in self.sessions.iter().rev() {
            if !session.came.contains(&person) {
                continue;
            }
            let from_deck = self
                .decks
                .get(&session.deck_path)
                .map(|facts| facts.rubrics.clone())
                .unwrap_or_default();
            let offered = if from_deck.is_empty() {
                rubrics_from_sheets(session)
            } else {
                from_deck
            };
            for rubric in offered {
                if seen.insert((rubric.deck_path.clone(), rubric.item_id.clone())) {
                    rubrics.push(rubric);
                }
            }
        }
        rubrics
    }
}

impl DeckFacts {
    /// What the deck at `path` says now; empty when it is gone or no longer loads.
    fn read(path: &str, recorded_title: &str) -> DeckFacts {
        let index = DeckIndex::load(path);
        let Some(deck) = index.deck() else {
            return DeckFacts::default();
        };
        let pairs = deck
            .rating_pairs()
            .map(|(before, after)| RatingPair {
                before_id: before.id.clone(),
                after_id: after.id.clone(),
                prompt: after.prompt.clone(),
                min: after.min,
                max: after.max,
            })
            .collect();
        let mut role_play_titles = HashMap::new();
        let mut rubrics = Vec::new();
        for (_, slide) in deck.slides() {
            if let SlideKind::RolePlay(role_play) = &slide.kind {
                role_play_titles.insert(role_play.id.clone(), role_play.title.clone());
                rubrics.push(Rubric {
                    deck_title: if deck.title.is_empty() {
                        recorded_title.to_owned()
                    } else {
                        deck.title.clone()
                    },
                    deck_path: path.to_owned(),
                    item_id: role_play.id.clone(),
                    title: role_play.title.clone(),
                    scale: role_play.scale,
                    criteria: role_play
                        .rubric
                        .iter()
                        .map(|c| RubricCriterion {
                            name: c.name.clone(),
                            describe: c.describe.clone(),
                        })
                        .collect(),
                });
            }
        }
        DeckFacts {
            role_play_titles,
            pairs,
            rubrics,
        }
    }
}

/// The rubrics a session's score sheets recorded, for a deck that can no longer be read.
fn rubrics_from_sheets(session: &SessionRecords) -> Vec<Rubric> {
    let mut rubrics: Vec<Rubric> = Vec::new();
    for sheet in &session.sheets {
        if sheet.scores.is_empty() || rubrics.iter().any(|r| r.item_id == sheet.item_id) {
            continue;
        }
        rubrics.push(Rubric {
            deck_title: session.deck_title.clone(),
            deck_path: session.deck_path.clone(),
            item_id: sheet.item_id.clone(),
            title: sheet.item_id.clone(),
            scale: sheet.scale,
            criteria: sheet
                .scores
                .iter()
                .map(|(name, _)| RubricCriterion {
                    name: name.clone(),
                    describe: String::new(),
                })
                .collect(),
        });
    }
    rubrics
}

// ---- skill over time ----

/// Where a score comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScoreSource {
    /// A role-play score sheet in a workshop.
    Workshop {
        session_id: SessionId,
        deck_title: String,
        /// The role-play's id, and its title if the deck still has it.
        item_id: String,
        title: Option<String>,
        /// 1-based.
        round: u32,
        /// Who scored, if an observer was recorded.
        observer: Option<String>,
    },
    /// The leader's observation of a real call or meeting.
    Field {
        observation_id: ObservationId,
        /// The customer, deal or meeting.
        context: String,
        observer: String,
        /// The rubric's role-play title.
        rubric_title: String,
    },
}

impl ScoreSource {
    pub fn is_field(&self) -> bool {
        matches!(self, ScoreSource::Field { .. })
    }

    /// "workshop" or "field", as exports write it.
    pub fn kind(&self) -> &'static str {
        match self {
            ScoreSource::Workshop { .. } => "workshop",
            ScoreSource::Field { .. } => "field",
        }
    }
}

/// One score a person received on one criterion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkillPoint {
    /// The day: of the workshop, or of the observed call.
    pub on: Date,
    /// When it was recorded.
    pub recorded_at: Zoned,
    pub score: u32,
    /// Scores run from 1 to `scale`.
    pub scale: u32,
    pub source: ScoreSource,
    /// The observer's comment: the sheet's, or the observation's for this criterion.
    pub comment: String,
}

impl SkillPoint {
    /// The score as a share of its scale: 0 for the lowest score, 1 for the highest.
    pub fn share(&self) -> f64 {
        share(self.score, self.scale)
    }
}

/// The score as a share of the scale 1..=scale.
#[allow(clippy::cast_precision_loss)] // scales are at most 100
pub fn share(score: u32, scale: u32) -> f64 {
    if scale <= 1 {
        return 1.0;
    }
    f64::from(score.saturating_sub(1)) / f64::from(scale - 1)
}

/// Which way a criterion went at its latest score, against the score before.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trend {
    /// Only one score so far.
    First,
    Up,
    Level,
    Down,
}

impl Trend {
    /// How views and the PDF show it.
    pub fn arrow(self) -> &'static str {
        match self {
            Trend::First => "•",
            Trend::Up => "↑",
            Trend::Level => "→",
            Trend::Down => "↓",
        }
    }

    /// In words, for exports and screen readers.
    pub fn word(self) -> &'static str {
        match self {
            Trend::First => "first",
            Trend::Up => "up",
            Trend::Level => "level",
            Trend::Down => "down",
        }
    }

    fn between(before: f64, after: f64) -> Trend {
        // Shares of different scales may differ by rounding alone.
        const SAME: f64 = 1e-9;
        if after > before + SAME {
            Trend::Up
        } else if after < before - SAME {
            Trend::Down
        } else {
            Trend::Level
        }
    }
}

/// A person's scores on one criterion, in date order.
#[derive(Debug, Clone, PartialEq)]
pub struct CriterionSkill {
    /// As the latest score names it.
    pub criterion: String,
    /// Oldest first: by day, then by when recorded.
    pub points: Vec<SkillPoint>,
    pub trend: Trend,
}

impl CriterionSkill {
    /// The latest score.
    pub fn latest(&self) -> Option<&SkillPoint> {
        self.points.last()
    }

    /// The workshop scores.
    pub fn workshop(&self) -> impl Iterator<Item = &SkillPoint> {
        self.points.iter().filter(|p| !p.source.is_field())
    }

    /// The field observations.
    pub fn field(&self) -> impl Iterator<Item = &SkillPoint> {
        self.points.iter().filter(|p| p.source.is_field())
    }

    /// The highest scale among the scores: the top of a chart's axis.
    pub fn scale(&self) -> u32 {
        self.points.iter().map(|p| p.scale).max().unwrap_or(1)
    }
}

/// A criterion name as it is matched: lowercase, runs of whitespace as one space.
pub fn criterion_key(name: &str) -> String {
    name.split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// A score with the key and the spelling of its criterion.
struct Scored {
    key: String,
    name: String,
    point: SkillPoint,
}

/// Every score each person received, by person, unsorted; criteria in the order first seen.
struct Points {
    by_person: HashMap<PersonId, Vec<Scored>>,
    /// Criterion keys with their first spelling, in the order first seen over time.
    criteria: Vec<(String, String)>,
}

fn collect_points(records: &CoachingRecords, only: Option<PersonId>) -> Points {
    let names = records.names();
    let mut by_person: HashMap<PersonId, Vec<Scored>> = HashMap::new();
    let mut criteria: Vec<(String, String)> = Vec::new();
    let mut known: HashSet<String> = HashSet::new();
    let mut see = |name: &str, criteria: &mut Vec<(String, String)>| {
        let key = criterion_key(name);
        if known.insert(key.clone()) {
            criteria.push((key.clone(), name.trim().to_owned()));
        }
        key
    };
    for session in &records.sessions {
        let facts = records.decks.get(&session.deck_path);
        for sheet in &session.sheets {
            if only.is_some_and(|p| p != sheet.seller_id) {
                continue;
            }
            let recorded_at = &sheet.recorded_at;
            let source = ScoreSource::Workshop {
                session_id: session.session_id,
                deck_title: session.deck_title.clone(),
                item_id: sheet.item_id.clone(),
                title: facts.and_then(|f| f.role_play_titles.get(&sheet.item_id).cloned()),
                round: sheet.round,
                observer: sheet.observer_id.map(|id| {
                    names
                        .get(&id)
                        .map_or_else(|| format!("person {id}"), |n| (*n).to_owned())
                }),
            };
            let points = by_person.entry(sheet.seller_id).or_default();
            for (criterion, score) in &sheet.scores {
                points.push(Scored {
                    key: see(criterion, &mut criteria),
                    name: criterion.trim().to_owned(),
                    point: SkillPoint {
                        on: recorded_at.date(),
                        recorded_at: recorded_at.clone(),
                        score: *score,
                        scale: sheet.scale,
                        source: source.clone(),
                        comment: sheet.comment.clone(),
                    },
                });
            }
        }
    }
    for observation in &records.observations {
        if only.is_some_and(|p| p != observation.person_id) {
            continue;
        }
        let source = ScoreSource::Field {
            observation_id: observation.observation_id,
            context: observation.context.clone(),
            observer: observation.observer.clone(),
            rubric_title: observation.rubric.title.clone(),
        };
        let points = by_person.entry(observation.person_id).or_default();
        for (criterion, scored) in observation.rubric.criteria.iter().zip(&observation.scores) {
            let key = see(&criterion.name, &mut criteria);
            let Some(score) = scored.score else {
                continue;
            };
            points.push(Scored {
                key,
                name: criterion.name.trim().to_owned(),
                point: SkillPoint {
                    on: observation.observed_on,
                    recorded_at: observation.recorded_at.clone(),
                    score,
                    scale: observation.rubric.scale,
                    source: source.clone(),
                    comment: scored.comment.clone(),
                },
            });
        }
    }
    Points {
        by_person,
        criteria,
    }
}

/// One person's scores grouped by criterion, in `order` (criterion keys), each in date order
/// and named as its latest score names it.
fn skills(scored: Vec<Scored>, order: &[(String, String)]) -> Vec<CriterionSkill> {
    let mut grouped: HashMap<String, Vec<(String, SkillPoint)>> = HashMap::new();
    for one in scored {
        grouped
            .entry(one.key)
            .or_default()
            .push((one.name, one.point));
    }
    let mut skills = Vec::new();
    for (key, first_name) in order {
        let Some(mut named) = grouped.remove(key) else {
            continue;
        };
        named.sort_by(|(_, a), (_, b)| {
            (a.on, a.recorded_at.timestamp()).cmp(&(b.on, b.recorded_at.timestamp()))
        });
        let criterion = named
            .last()
            .map_or_else(|| first_name.clone(), |(name, _)| name.clone());
        let points: Vec<SkillPoint> = named.into_iter().map(|(_, point)| point).collect();
        let trend = match points.as_slice() {
            [.., before, after] => Trend::between(before.share(), after.share()),
            _ => Trend::First,
        };
        skills.push(CriterionSkill {
            criterion,
            points,
            trend,
        });
    }
    skills
}

// ---- a person's page ----

/// Everything a person's page shows.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonPage {
    pub person: Person,
    /// The day the page was made for: what "overdue" and "days ago" count from.
    pub today: Date,
    /// Live sessions they were on the roster of, and of those, the ones they came to.
    pub sessions: usize,
    pub attended: usize,
    /// The day of their latest field observation.
    pub last_observed_on: Option<Date>,
    /// Per criterion, in the order criteria first appear in the records.
    pub skills: Vec<CriterionSkill>,
    /// Paired ratings, oldest session first.
    pub pairs: Vec<PairedRating>,
    /// Open ones first (soonest due first), then done and dropped, latest first.
    pub commitments: Vec<CommitmentLine>,
    pub quiz: QuizAccuracy,
    /// Their current field observations, newest day first, for the page's list (to correct
    /// or withdraw one).
    pub observations: Vec<Observation>,
    /// The rubrics a new observation can be scored on (see [`CoachingRecords::rubrics_for`]).
    pub rubrics: Vec<Rubric>,
}

/// A rating asked before and after in one session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PairedRating {
    pub session_id: SessionId,
    /// The two ratings' ids in the deck.
    pub before_id: String,
    pub after_id: String,
    pub on: Date,
    pub deck_title: String,
    pub prompt: String,
    pub before: Option<i64>,
    pub after: Option<i64>,
    pub min: i64,
    pub max: i64,
}

impl PairedRating {
    /// After minus before, when both were given.
    pub fn change(&self) -> Option<i64> {
        Some(self.after?.saturating_sub(self.before?))
    }
}

/// Quiz answers right out of given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct QuizAccuracy {
    pub right: usize,
    pub total: usize,
}

impl QuizAccuracy {
    /// Right answers in percent; `None` without any answer.
    #[allow(clippy::cast_precision_loss)] // counts far below 2^52
    pub fn percent(&self) -> Option<f64> {
        (self.total > 0).then(|| self.right as f64 * 100.0 / self.total as f64)
    }
}

/// One commitment as the Follow-up list and a person's page show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitmentLine {
    /// Names it in an update.
    pub key: CommitmentKey,
    pub person: String,
    pub text: String,
    pub prompt: String,
    pub deck_title: String,
    /// The day of the session it was made in.
    pub made_on: Date,
    pub due_on: Date,
    pub status: CommitmentStatus,
    /// The day the status last changed, if it ever did.
    pub status_on: Option<Date>,
    /// Days past the due day while open (0 on the day itself and before).
    pub days_overdue: i64,
    /// The leader's notes, oldest first, with the day of each.
    pub notes: Vec<(String, Date)>,
}

impl CommitmentLine {
    fn new(commitment: &Commitment, person: String, today: Date) -> CommitmentLine {
        let days_overdue = if commitment.is_overdue(today) {
            days_between(commitment.due_on, today)
        } else {
            0
        };
        CommitmentLine {
            key: commitment.key.clone(),
            person,
            text: commitment.text.clone(),
            prompt: commitment.prompt.clone(),
            deck_title: commitment.deck_title.clone(),
            made_on: commitment.session_started_at.date(),
            due_on: commitment.due_on,
            status: commitment.status,
            status_on: commitment.status_at.as_ref().map(Zoned::date),
            days_overdue,
            notes: commitment
                .notes()
                .map(|(note, at)| (note.to_owned(), at.date()))
                .collect(),
        }
    }

    pub fn is_overdue(&self) -> bool {
        self.days_overdue > 0
    }
}

/// Whole days from `from` to `to` (negative when `to` is earlier).
pub fn days_between(from: Date, to: Date) -> i64 {
    from.duration_until(to).as_secs() / 86_400
}

/// One person's page as of `today`.
pub fn person_page(
    records: &CoachingRecords,
    person: PersonId,
    today: Date,
) -> Result<PersonPage, ReportError> {
    let found = records
        .people
        .iter()
        .find(|p| p.person_id == person)
        .cloned()
        .ok_or(ReportError::UnknownPerson(person))?;
    let mut points = collect_points(records, Some(person));
    let skills = skills(
        points.by_person.remove(&person).unwrap_or_default(),
        &points.criteria,
    );

    let mut sessions = 0;
    let mut attended = 0;
    let mut quiz = QuizAccuracy::default();
    let mut pairs = Vec::new();
    for session in &records.sessions {
        if session.roster.contains(&person) {
            sessions += 1;
            attended += usize::from(session.came.contains(&person));
        }
        for (who, right) in &session.quiz {
            if *who == person {
                quiz.total += 1;
                quiz.right += usize::from(*right);
            }
        }
        let Some(facts) = records.decks.get(&session.deck_path) else {
            continue;
        };
        for pair in &facts.pairs {
            let value = |item: &str| {
                session
                    .ratings
                    .iter()
                    .rev()
                    .find(|(who, id, _)| *who == person && id == item)
                    .map(|(_, _, value)| *value)
            };
            let (before, after) = (value(&pair.before_id), value(&pair.after_id));
            if before.is_some() || after.is_some() {
                pairs.push(PairedRating {
                    session_id: session.session_id,
                    before_id: pair.before_id.clone(),
                    after_id: pair.after_id.clone(),
                    on: session.started_at.date(),
                    deck_title: session.deck_title.clone(),
                    prompt: pair.prompt.clone(),
                    before,
                    after,
                    min: pair.min,
                    max: pair.max,
                });
            }
        }
    }

    let mut commitments: Vec<CommitmentLine> = records
        .commitments
        .iter()
        .filter(|c| c.key.person_id == person)
        .map(|c| CommitmentLine::new(c, found.name.clone(), today))
        .collect();
    commitments.sort_by(|a, b| {
        let open = |c: &CommitmentLine| c.status != CommitmentStatus::Open;
        open(a).cmp(&open(b)).then_with(|| {
            if a.status == CommitmentStatus::Open {
                a.due_on.cmp(&b.due_on)
            } else {
                b.status_on.cmp(&a.status_on)
            }
        })
    });

    let mut observations: Vec<Observation> = records
        .observations
        .iter()
        .filter(|o| o.person_id == person)
        .cloned()
        .collect();
    observations.sort_by(|a, b| {
        (b.observed_on, b.recorded_at.timestamp()).cmp(&(a.observed_on, a.recorded_at.timestamp()))
    });

    Ok(PersonPage {
        last_observed_on: observations.first().map(|o| o.observed_on),
        rubrics: records.rubrics_for(person),
        person: found,
        today,
        sessions,
        attended,
        skills,
        pairs,
        commitments,
        quiz,
        observations,
    })
}

// ---- the team at a glance ----

/// How the team matrix is ordered.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum MatrixSort {
    /// By name.
    #[default]
    Name,
    /// Who has gone longest without a field observation first; never observed before all.
    LongestUnobserved,
    /// The lowest latest score (as a share of its scale) first, on any criterion.
    LowestScore,
    /// The lowest latest score on one criterion first (by [`criterion_key`]); no score last.
    Criterion(String),
}

/// People × criteria: the leader's coaching list.
#[derive(Debug, Clone, PartialEq)]
pub struct TeamMatrix {
    pub today: Date,
    /// The criteria, in the order they first appear in the records.
    pub criteria: Vec<String>,
    pub rows: Vec<MatrixRow>,
    pub sort: MatrixSort,
}

/// One person's line of the matrix.
#[derive(Debug, Clone, PartialEq)]
pub struct MatrixRow {
    pub person_id: PersonId,
    pub name: String,
    pub team: Option<String>,
    /// One per criterion of the matrix, `None` where they have no score.
    pub cells: Vec<Option<MatrixCell>>,
    /// The day of their latest field observation.
    pub last_observed_on: Option<Date>,
    /// Days since then, counted to the matrix's `today`.
    pub days_unobserved: Option<i64>,
    /// Their lowest latest score, as a share of its scale.
    pub lowest: Option<f64>,
}

/// A person's latest score on one criterion.
#[derive(Debug, Clone, PartialEq)]
pub struct MatrixCell {
    pub score: u32,
    pub scale: u32,
    pub trend: Trend,
    /// The day of the latest score, and whether it was a field observation.
    pub on: Date,
    pub field: bool,
    /// How many scores there are.
    pub count: usize,
}

impl MatrixCell {
    pub fn share(&self) -> f64 {
        share(self.score, self.scale)
    }
}

/// The team matrix as of `today`, in `sort` order: everyone on the roster of a live session
/// or observed in the field.
pub fn team_matrix(records: &CoachingRecords, today: Date, sort: MatrixSort) -> TeamMatrix {
    let tallies = tally(records);
    let mut team: HashSet<PersonId> = records
        .sessions
        .iter()
        .flat_map(|s| s.roster.iter().copied())
        .collect();
    team.extend(records.observations.iter().map(|o| o.person_id));
    let mut last_observed: HashMap<PersonId, Date> = HashMap::new();
    for observation in &records.observations {
        let day = last_observed
            .entry(observation.person_id)
            .or_insert(observation.observed_on);
        *day = (*day).max(observation.observed_on);
    }
    let order = &tallies.criteria;
    let mut rows = Vec::new();
    for person in records
        .people
        .iter()
        .filter(|p| team.contains(&p.person_id))
    {
        let mine = tallies.by_person.get(&person.person_id);
        let cells: Vec<Option<MatrixCell>> = (0..order.len())
            .map(|column| {
                let tally = mine?.get(column)?;
                let latest = tally.latest?;
                Some(MatrixCell {
                    score: latest.score,
                    scale: latest.scale,
                    trend: match tally.before {
                        Some(before) => Trend::between(
                            share(before.score, before.scale),
                            share(latest.score, latest.scale),
                        ),
                        None => Trend::First,
                    },
                    on: latest.on,
                    field: latest.field,
                    count: tally.count,
                })
            })
            .collect();
        let lowest = cells
            .iter()
            .flatten()
            .map(MatrixCell::share)
            .min_by(f64::total_cmp);
        let last_observed_on = last_observed.get(&person.person_id).copied();
        rows.push(MatrixRow {
            person_id: person.person_id,
            name: person.name.clone(),
            team: person.team.clone(),
            cells,
            days_unobserved: last_observed_on.map(|day| days_between(day, today)),
            last_observed_on,
            lowest,
        });
    }
    let criteria: Vec<String> = order.iter().map(|(_, name)| name.clone()).collect();
    sort_rows(&mut rows, &sort, order);
    TeamMatrix {
        today,
        criteria,
        rows,
        sort,
    }
}

/// One score as the matrix needs it, with the order it sorts in: by day, then by when it
/// was recorded (as a person's page orders them).
#[derive(Debug, Clone, Copy)]
struct MatrixScore {
    order: (Date, jiff::Timestamp),
    score: u32,
    scale: u32,
    on: Date,
    field: bool,
}

/// A person's latest two scores on one criterion, and how many there are.
#[derive(Debug, Clone, Copy, Default)]
struct Tally {
    latest: Option<MatrixScore>,
    before: Option<MatrixScore>,
    count: usize,
}

impl Tally {
    /// Takes in one more score; of equal order, the one taken in later counts as later, as
    /// the page's stable sort has it.
    fn add(&mut self, score: MatrixScore) {
        self.count += 1;
        match self.latest {
            Some(latest) if score.order < latest.order => {
                if self.before.is_none_or(|before| score.order >= before.order) {
                    self.before = Some(score);
                }
            }
            _ => {
                self.before = self.latest;
                self.latest = Some(score);
            }
        }
    }
}

/// Everyone's latest scores per criterion, without keeping every score: what the matrix
/// needs, quick for a whole team.
struct Tallies {
    /// Per person, one tally per criterion of `criteria` (by position).
    by_person: HashMap<PersonId, Vec<Tally>>,
    /// Criterion keys with their first spelling, in the order first seen over time.
    criteria: Vec<(String, String)>,
}

/// The matrix's columns: criteria by key, found by their name as written without working the
/// key out again for every score.
#[derive(Default)]
struct Columns<'r> {
    criteria: Vec<(String, String)>,
    by_key: HashMap<String, usize>,
    by_name: HashMap<&'r str, usize>,
}

impl<'r> Columns<'r> {
    fn at(&mut self, name: &'r str) -> usize {
        if let Some(&at) = self.by_name.get(name) {
            return at;
        }
        let key = criterion_key(name);
        let criteria = &mut self.criteria;
        let at = *self.by_key.entry(key.clone()).or_insert_with(|| {
            criteria.push((key, name.trim().to_owned()));
            criteria.len() - 1
        });
        self.by_name.insert(name, at);
        at
    }
}

fn tally(records: &CoachingRecords) -> Tallies {
    let mut columns = Columns::default();
    let mut by_person: HashMap<PersonId, Vec<Tally>> = HashMap::new();
    let mut add = |person: PersonId, at: usize, score: MatrixScore| {
        let tallies = by_person.entry(person).or_default();
        if tallies.len() <= at {
            tallies.resize(at + 1, Tally::default());
        }
        if let Some(tally) = tallies.get_mut(at) {
            tally.add(score);
        }
    };
    for session in &records.sessions {
        for sheet in &session.sheets {
            let recorded_at = &sheet.recorded_at;
            let on = recorded_at.date();
            for (criterion, score) in &sheet.scores {
                let at = columns.at(criterion);
                add(
                    sheet.seller_id,
                    at,
                    MatrixScore {
                        order: (on, recorded_at.timestamp()),
                        score: *score,
                        scale: sheet.scale,
                        on,
                        field: false,
                    },
                );
            }
        }
    }
    for observation in &records.observations {
        for (criterion, scored) in observation.rubric.criteria.iter().zip(&observation.scores) {
            let at = columns.at(&criterion.name);
            let Some(score) = scored.score else {
                continue;
            };
            add(
                observation.person_id,
                at,
                MatrixScore {
                    order: (observation.observed_on, observation.recorded_at.timestamp()),
                    score,
                    scale: observation.rubric.scale,
                    on: observation.observed_on,
                    field: true,
                },
            );
        }
    }
    Tallies {
        by_person,
        criteria: columns.criteria,
    }
}

impl TeamMatrix {
    /// The same matrix in another order.
    pub fn sorted(mut self, sort: MatrixSort) -> TeamMatrix {
        let keys: Vec<(String, String)> = self
            .criteria
            .iter()
            .map(|name| (criterion_key(name), name.clone()))
            .collect();
        sort_rows(&mut self.rows, &sort, &keys);
        self.sort = sort;
        self
    }
}

fn sort_rows(rows: &mut [MatrixRow], sort: &MatrixSort, criteria: &[(String, String)]) {
    let by_name = |a: &MatrixRow, b: &MatrixRow| {
        a.name
            .to_lowercase()
            .cmp(&b.name.to_lowercase())
            .then(a.person_id.cmp(&b.person_id))
    };
    match sort {
        MatrixSort::Name => rows.sort_by(by_name),
        MatrixSort::LongestUnobserved => rows.sort_by(|a, b| {
            // Never observed first, then the oldest observation first.
            a.last_observed_on
                .is_some()
                .cmp(&b.last_observed_on.is_some())
                .then(a.last_observed_on.cmp(&b.last_observed_on))
                .then_with(|| by_name(a, b))
        }),
        MatrixSort::LowestScore => rows.sort_by(|a, b| {
            lowest_first(a.lowest, b.lowest)
                .then_with(|| lowest_first(mean_share(a), mean_share(b)))
                .then_with(|| by_name(a, b))
        }),
        MatrixSort::Criterion(key) => {
            let column = criteria.iter().position(|(k, _)| k == key);
            let share = |row: &MatrixRow| {
                column
                    .and_then(|c| row.cells.get(c))
                    .and_then(|cell| cell.as_ref().map(MatrixCell::share))
            };
            rows.sort_by(|a, b| lowest_first(share(a), share(b)).then_with(|| by_name(a, b)));
        }
    }
}

/// Orders known values lowest first and unknown ones last.
fn lowest_first(a: Option<f64>, b: Option<f64>) -> std::cmp::Ordering {
    match (a, b) {
        (Some(a), Some(b)) => a.total_cmp(&b),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    }
}

#[allow(clippy::cast_precision_loss)] // a handful of criteria
fn mean_share(row: &MatrixRow) -> Option<f64> {
    let shares: Vec<f64> = row.cells.iter().flatten().map(MatrixCell::share).collect();
    (!shares.is_empty()).then(|| shares.iter().sum::<f64>() / shares.len() as f64)
}

// ---- the Follow-up list ----

/// The open commitments across all sessions, overdue first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUpList {
    pub today: Date,
    /// Soonest due first, so the overdue ones (most overdue first) lead.
    pub open: Vec<CommitmentLine>,
    /// Of the open ones, how many are overdue.
    pub overdue: usize,
    /// Commitments done and dropped, over all time.
    pub done: usize,
    pub dropped: usize,
}

/// The Follow-up list as of `today`.
pub fn follow_up_list(records: &CoachingRecords, today: Date) -> FollowUpList {
    let names = records.names();
    let mut open: Vec<CommitmentLine> = Vec::new();
    let (mut done, mut dropped) = (0, 0);
    for commitment in &records.commitments {
        match commitment.status {
            CommitmentStatus::Open => {
                let name = names.get(&commitment.key.person_id).map_or_else(
                    || format!("person {}", commitment.key.person_id),
                    |n| (*n).to_owned(),
                );
                open.push(CommitmentLine::new(commitment, name, today));
            }
            CommitmentStatus::Done => done += 1,
            CommitmentStatus::Dropped => dropped += 1,
        }
    }
    open.sort_by(|a, b| {
        a.due_on
            .cmp(&b.due_on)
            .then_with(|| a.person.to_lowercase().cmp(&b.person.to_lowercase()))
            .then_with(|| a.key.cmp(&b.key))
    });
    FollowUpList {
        today,
        overdue: open.iter().filter(|c| c.is_overdue()).count(),
        open,
        done,
        dropped,
    }
}

// ---- for exports ----

/// One score of one person on one criterion, for the people export: every person's skills in
/// date order, people in the order first added.
pub fn every_skill(records: &CoachingRecords) -> Vec<(Person, Vec<CriterionSkill>)> {
    let mut points = collect_points(records, None);
    records
        .people
        .iter()
        .filter_map(|person| {
            let mine = points.by_person.remove(&person.person_id)?;
            Some((person.clone(), skills(mine, &points.criteria)))
        })
        .collect()
}

/// Every commitment as a line, in the order answered, as of `today`.
pub fn every_commitment(records: &CoachingRecords, today: Date) -> Vec<CommitmentLine> {
    let names = records.names();
    records
        .commitments
        .iter()
        .map(|c| {
            let name = names.get(&c.key.person_id).map_or_else(
                || format!("person {}", c.key.person_id),
                |n| (*n).to_owned(),
            );
            CommitmentLine::new(c, name, today)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_share_puts_the_lowest_score_at_zero_and_the_highest_at_one() {
        assert_eq!(share(1, 5), 0.0);
        assert_eq!(share(5, 5), 1.0);
        assert_eq!(share(3, 5), 0.5);
        assert_eq!(share(1, 1), 1.0);
        assert!((share(3, 4) - share(4, 5)).abs() > 0.0);
    }

    #[test]
    fn criteria_match_ignoring_case_and_spaces() {
        assert_eq!(criterion_key("  Open   Questions "), "open questions");
        assert_eq!(criterion_key("ÉCOUTE"), "écoute");
    }

    #[test]
    fn trends_compare_shares() {
        assert_eq!(Trend::between(share(3, 5), share(4, 5)), Trend::Up);
        assert_eq!(Trend::between(share(3, 5), share(2, 3)), Trend::Level);
        assert_eq!(Trend::between(share(4, 5), share(3, 4)), Trend::Down);
        assert_eq!(Trend::between(share(4, 5), share(2, 5)), Trend::Down);
    }

    #[test]
    fn days_between_counts_whole_days_either_way() {
        let a = jiff::civil::date(2025, 3, 1);
        let b = jiff::civil::date(2025, 4, 1);
        assert_eq!(days_between(a, b), 31);
        assert_eq!(days_between(b, a), -31);
    }
}
