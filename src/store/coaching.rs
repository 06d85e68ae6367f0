//! After the workshop: commitments made on commitment slides and what the leader records about
//! them, and field observations scored on a workshop's rubric.
//!
//! A commitment is a current FreeText answer, by a named person, to an item the session
//! recorded as a commitment slide ([`NewCommitmentItem`]). It is named by its session, item and
//! person ([`CommitmentKey`]), so correcting the answer corrects its text and keeps its history.
//! Status changes, notes and new due days are appended ([`NewCommitmentUpdate`]); the latest
//! status and due day count. An observation stores the rubric as it was when it was made
//! ([`Rubric`]); a correction supersedes it, a withdrawal takes it back.
//!
//! Times are `jiff` values here; the store keeps them as text (see [`super::stamp`]).

use std::collections::HashMap;

use jiff::Zoned;
use jiff::civil::Date;
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Row, Transaction};
use serde::{Deserialize, Serialize};

use super::error::Fault;
use super::stamp::{day_text, parse_day, parse_time, time_text};
use super::{PersonId, SessionId, Store, StoreError, to_sql_int};

/// One stored observation; a correction names the observation it supersedes.
pub type ObservationId = i64;

/// Where a commitment stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CommitmentStatus {
    /// Not done yet: on the Follow-up list.
    Open,
    Done,
    /// Given up, by the person or the leader: off the list, kept in the history.
    Dropped,
}

impl CommitmentStatus {
    pub const ALL: [CommitmentStatus; 3] = [
        CommitmentStatus::Open,
        CommitmentStatus::Done,
        CommitmentStatus::Dropped,
    ];

    /// The stored and exported word: `open`, `done` or `dropped`.
    pub fn as_str(self) -> &'static str {
        match self {
            CommitmentStatus::Open => "open",
            CommitmentStatus::Done => "done",
            CommitmentStatus::Dropped => "dropped",
        }
    }

    pub fn parse(text: &str) -> Option<CommitmentStatus> {
        CommitmentStatus::ALL
            .into_iter()
            .find(|status| status.as_str() == text)
    }
}

/// A commitment slide of one session, as the deck had it that day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewCommitmentItem {
    /// The FreeText's id.
    pub item_id: String,
    pub prompt: String,
    pub follow_up_days: u32,
    /// The day of the session plus `follow_up_days`.
    pub due_on: Date,
}

/// Which commitment: the answer of `person_id` to `item_id` in `session_id`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct CommitmentKey {
    pub session_id: SessionId,
    pub item_id: String,
    pub person_id: PersonId,
}

/// What the leader records about a commitment: a status, a note, a new due day, or several.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewCommitmentUpdate {
    pub commitment: CommitmentKey,
    pub status: Option<CommitmentStatus>,
    pub note: Option<String>,
    pub due_on: Option<Date>,
    pub recorded_at: Zoned,
}

/// One recorded update of a commitment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitmentUpdate {
    pub update_id: i64,
    pub status: Option<CommitmentStatus>,
    pub note: Option<String>,
    pub due_on: Option<Date>,
    pub recorded_at: Zoned,
}

/// A commitment as it stands now, with everything recorded about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commitment {
    pub key: CommitmentKey,
    /// The current answer.
    pub text: String,
    /// When the current answer was recorded.
    pub answered_at: Zoned,
    /// The commitment slide's prompt, as the deck had it on the day.
    pub prompt: String,
    pub deck_title: String,
    /// When the session started.
    pub session_started_at: Zoned,
    /// The latest due day recorded, else the session's day plus the slide's follow-up days.
    pub due_on: Date,
    /// The latest status recorded, else open.
    pub status: CommitmentStatus,
    /// When the status was last changed, if it ever was.
    pub status_at: Option<Zoned>,
    /// Every update, oldest first.
    pub updates: Vec<CommitmentUpdate>,
}

impl Commitment {
    /// The leader's notes, oldest first, with when each was written.
    pub fn notes(&self) -> impl Iterator<Item = (&str, &Zoned)> {
        self.updates
            .iter()
            .filter_map(|u| u.note.as_deref().map(|note| (note, &u.recorded_at)))
    }

    /// Open and due before `today`.
    pub fn is_overdue(&self, today: Date) -> bool {
        self.status == CommitmentStatus::Open && self.due_on < today
    }
}

/// A RolePlay's rubric as it was when an observation was made: where it comes from, its scale
/// and its criteria in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rubric {
    pub deck_title: String,
    /// The deck file, as the session that ran it recorded it.
    pub deck_path: String,
    /// The RolePlay's id.
    pub item_id: String,
    /// The RolePlay's title.
    pub title: String,
    /// Each criterion is scored 1..=scale.
    pub scale: u32,
    pub criteria: Vec<RubricCriterion>,
}

/// One criterion of a rubric, as the deck described it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RubricCriterion {
    pub name: String,
    pub describe: String,
}

/// The score and comment for one criterion of an observation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CriterionScore {
    /// `None` when the call gave no chance to see it.
    pub score: Option<u32>,
    pub comment: String,
}

/// A field observation to record, or a correction of one (`supersedes`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewObservation {
    pub person_id: PersonId,
    /// The day of the call or meeting.
    pub observed_on: Date,
    /// The customer, the deal or the meeting, in the leader's words.
    pub context: String,
    /// Who observed.
    pub observer: String,
    pub rubric: Rubric,
    /// One per criterion of the rubric, in the same order; at least one with a score.
    pub scores: Vec<CriterionScore>,
    pub supersedes: Option<ObservationId>,
    pub recorded_at: Zoned,
}

/// A current observation: not superseded, not withdrawn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Observation {
    pub observation_id: ObservationId,
    pub person_id: PersonId,
    pub observed_on: Date,
    pub context: String,
    pub observer: String,
    pub rubric: Rubric,
    pub scores: Vec<CriterionScore>,
    /// The observation this one corrects, if it is a correction.
    pub corrects: Option<ObservationId>,
    pub recorded_at: Zoned,
}

impl Store {
    /// Records which items of `session` are commitment slides, as its deck has them now.
    pub fn record_commitment_items(
        &mut self,
        session: SessionId,
        items: &[NewCommitmentItem],
        at: &Zoned,
    ) -> Result<(), StoreError> {
        self.write(|tx| insert_commitment_items(tx, session, items, at).map(|_| ()))
    }

    /// Records a status, a note or a new due day for a commitment, and returns its id.
    pub fn update_commitment(&mut self, update: &NewCommitmentUpdate) -> Result<i64, StoreError> {
        self.write(|tx| insert_commitment_update(tx, update))
    }

    /// Every commitment, in the order the answers were recorded.
    pub fn commitments(&self) -> Result<Vec<Commitment>, StoreError> {
        self.read(read_commitments)
    }

    /// Records an observation, or a correction of one, and returns its id.
    pub fn record_observation(
        &mut self,
        observation: &NewObservation,
    ) -> Result<ObservationId, StoreError> {
        self.write(|tx| insert_observation(tx, observation))
    }

    /// Takes back an observation recorded by mistake: a correction that leaves nothing
    /// current. Returns the id of the withdrawal's row.
    pub fn withdraw_observation(
        &mut self,
        observation: ObservationId,
        at: &Zoned,
    ) -> Result<ObservationId, StoreError> {
        self.write(|tx| insert_withdrawal(tx, observation, at))
    }

    /// Every current observation, in the order recorded (a correction takes the place of its
    /// own recording).
    pub fn observations(&self) -> Result<Vec<Observation>, StoreError> {
        self.read(|conn| read_observations(conn, None))
    }

    /// The current observations of one person, in the order recorded.
    pub fn observations_of(&self, person: PersonId) -> Result<Vec<Observation>, StoreError> {
        self.read(|conn| read_observations(conn, Some(person)))
    }
}

pub(crate) fn insert_commitment_items(
    tx: &Transaction<'_>,
    session: SessionId,
    items: &[NewCommitmentItem],
    at: &Zoned,
) -> Result<i64, Fault> {
    let mut insert = tx.prepare_cached(
        "INSERT INTO commitment_items (session_id, item_id, prompt, follow_up_days, due_on,
                                       recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    let at = time_text(at);
    let mut first = None;
    for item in items {
        if item.follow_up_days == 0 {
            return Err(Fault::Invalid(format!(
                "the commitment slide \"{}\" has a follow-up of 0 days",
                item.item_id
            )));
        }
        insert.execute((
            session,
            &item.item_id,
            &item.prompt,
            item.follow_up_days,
            day_text(item.due_on),
            &at,
        ))?;
        first.get_or_insert(tx.last_insert_rowid());
    }
    Ok(first.unwrap_or_default())
}

pub(crate) fn insert_commitment_update(
    tx: &Transaction<'_>,
    update: &NewCommitmentUpdate,
) -> Result<i64, Fault> {
    let key = &update.commitment;
    let note = update
        .note
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty());
    if update.status.is_none() && note.is_none() && update.due_on.is_none() {
        return Err(Fault::Invalid(
            "a commitment update needs a status, a note or a due day".to_owned(),
        ));
    }
    let is_commitment: bool = tx
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM commitment_items WHERE session_id = ?1 AND item_id = ?2)",
        )?
        .query_row((key.session_id, &key.item_id), |row| row.get(0))?;
    if !is_commitment {
        return Err(Fault::Invalid(format!(
            "\"{}\" is not a commitment slide of session {}",
            key.item_id, key.session_id
        )));
    }
    tx.prepare_cached(
        "INSERT INTO commitment_updates (session_id, item_id, person_id, status, note, due_on,
                                         recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute((
        key.session_id,
        &key.item_id,
        key.person_id,
        update.status.map(CommitmentStatus::as_str),
        note,
        update.due_on.map(day_text),
        time_text(&update.recorded_at),
    ))?;
    Ok(tx.last_insert_rowid())
}

fn read_commitments(conn: &Connection) -> Result<Vec<Commitment>, Fault> {
    let mut updates: HashMap<CommitmentKey, Vec<CommitmentUpdate>> = HashMap::new();
    {
        let mut statement = conn.prepare_cached(
            "SELECT session_id, item_id, person_id, update_id, status, note, due_on, recorded_at
             FROM commitment_updates ORDER BY update_id",
        )?;
        let mut rows = statement.query([])?;
        while let Some(row) = rows.next()? {
            let key = CommitmentKey {
                session_id: row.get(0)?,
                item_id: row.get(1)?,
                person_id: row.get(2)?,
            };
            let status: Option<String> = row.get(4)?;
            let status = status
                .map(|s| {
                    CommitmentStatus::parse(&s)
                        .ok_or_else(|| Fault::Unreadable(format!("commitment status \"{s}\"")))
                })
                .transpose()?;
            let due_on: Option<String> = row.get(6)?;
            updates.entry(key).or_default().push(CommitmentUpdate {
                update_id: row.get(3)?,
                status,
                note: row.get(5)?,
                due_on: due_on.map(|d| day(&d)).transpose()?,
                recorded_at: time(&row.get::<_, String>(7)?)?,
            });
        }
    }
    let mut statement = conn.prepare_cached(
        "SELECT r.session_id, r.item_id, r.person_id, r.answer_value, r.recorded_at,
                ci.prompt, ci.due_on, s.deck_title, s.started_at
         FROM responses r
         JOIN commitment_items ci ON ci.session_id = r.session_id AND ci.item_id = r.item_id
         JOIN sessions s ON s.session_id = r.session_id
         WHERE r.answer_kind = 'text' AND r.person_id IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM responses c WHERE c.supersedes = r.response_id)
           AND ci.commitment_item_id = (SELECT MAX(m.commitment_item_id) FROM commitment_items m
                                        WHERE m.session_id = ci.session_id
                                          AND m.item_id = ci.item_id)
         ORDER BY r.response_id",
    )?;
    let mut rows = statement.query([])?;
    let mut commitments = Vec::new();
    while let Some(row) = rows.next()? {
        let text = match row.get::<_, Value>(3)? {
            Value::Text(text) => text,
            other => {
                return Err(Fault::Unreadable(format!(
                    "a commitment's answer holding {other:?}"
                )));
            }
        };
        // A blank answer commits to nothing.
        if text.trim().is_empty() {
            continue;
        }
        let key = CommitmentKey {
            session_id: row.get(0)?,
            item_id: row.get(1)?,
            person_id: row.get(2)?,
        };
        let updates = updates.get(&key).cloned().unwrap_or_default();
        let mut due_on = day(&row.get::<_, String>(6)?)?;
        let mut status = CommitmentStatus::Open;
        let mut status_at = None;
        for update in &updates {
            if let Some(new) = update.status {
                status = new;
                status_at = Some(update.recorded_at.clone());
            }
            if let Some(new) = update.due_on {
                due_on = new;
            }
        }
        commitments.push(Commitment {
            key,
            text,
            answered_at: time(&row.get::<_, String>(4)?)?,
            prompt: row.get(5)?,
            deck_title: row.get(7)?,
            session_started_at: time(&row.get::<_, String>(8)?)?,
            due_on,
            status,
            status_at,
            updates,
        });
    }
    Ok(commitments)
}

pub(crate) fn insert_observation(
    tx: &Transaction<'_>,
    observation: &NewObservation,
) -> Result<ObservationId, Fault> {
    check_observation(observation)?;
    if let Some(old) = observation.supersedes {
        check_observation_correction(tx, old, observation.person_id)?;
    }
    let rubric = &observation.rubric;
    tx.prepare_cached(
        "INSERT INTO observations (person_id, observed_on, context, observer, deck_title,
                                   deck_path, item_id, rubric_title, scale, withdrawn,
                                   supersedes, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 0, ?10, ?11)",
    )?
    .execute((
        observation.person_id,
        day_text(observation.observed_on),
        observation.context.trim(),
        observation.observer.trim(),
        &rubric.deck_title,
        &rubric.deck_path,
        &rubric.item_id,
        &rubric.title,
        rubric.scale,
        observation.supersedes,
        time_text(&observation.recorded_at),
    ))?;
    let id = tx.last_insert_rowid();
    let mut insert = tx.prepare_cached(
        "INSERT INTO observation_scores (observation_id, position, criterion, describe, score,
                                         comment)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for (position, (criterion, score)) in
        rubric.criteria.iter().zip(&observation.scores).enumerate()
    {
        insert.execute((
            id,
            to_sql_int(position, "criterion position")?,
            &criterion.name,
            &criterion.describe,
            score.score,
            score.comment.trim(),
        ))?;
    }
    Ok(id)
}

/// The rules an observation keeps before anything is written.
fn check_observation(observation: &NewObservation) -> Result<(), Fault> {
    let rubric = &observation.rubric;
    if rubric.criteria.is_empty() {
        return Err(Fault::Invalid(format!(
            "the rubric of \"{}\" has no criteria to score",
            rubric.title
        )));
    }
    if rubric.scale == 0 {
        return Err(Fault::Invalid(format!(
            "the rubric of \"{}\" has a scale of 0",
            rubric.title
        )));
    }
    if observation.scores.len() != rubric.criteria.len() {
        return Err(Fault::Invalid(format!(
            "the observation has {} scores for the {} criteria of \"{}\"",
            observation.scores.len(),
            rubric.criteria.len(),
            rubric.title
        )));
    }
    for (criterion, score) in rubric.criteria.iter().zip(&observation.scores) {
        if let Some(score) = score.score
            && !(1..=rubric.scale).contains(&score)
        {
            return Err(Fault::Invalid(format!(
                "the score {score} for \"{}\" is outside 1 to {}",
                criterion.name, rubric.scale
            )));
        }
    }
    if observation.scores.iter().all(|s| s.score.is_none()) {
        return Err(Fault::Invalid(
            "an observation needs a score for at least one criterion".to_owned(),
        ));
    }
    Ok(())
}

/// Checks that observation `old` exists, is `person`'s, and has no correction yet.
fn check_observation_correction(
    tx: &Transaction<'_>,
    old: ObservationId,
    person: PersonId,
) -> Result<(), Fault> {
    let found: Option<(PersonId, bool)> = tx
        .prepare_cached(
            "SELECT person_id, EXISTS (SELECT 1 FROM observations c WHERE c.supersedes = ?1)
             FROM observations WHERE observation_id = ?1",
        )?
        .query_row([old], |row| Ok((row.get(0)?, row.get(1)?)))
        .optional()?;
    match found {
        None => Err(Fault::Correction(format!("there is no observation {old}"))),
        Some((other, _)) if other != person => Err(Fault::Correction(format!(
            "observation {old} is of person {other}, not person {person}"
        ))),
        Some((_, true)) => Err(Fault::Correction(format!(
            "observation {old} has already been corrected; correct the latest one"
        ))),
        Some(_) => Ok(()),
    }
}

pub(crate) fn insert_withdrawal(
    tx: &Transaction<'_>,
    old: ObservationId,
    at: &Zoned,
) -> Result<ObservationId, Fault> {
    let person: Option<PersonId> = tx
        .prepare_cached("SELECT person_id FROM observations WHERE observation_id = ?1")?
        .query_row([old], |row| row.get(0))
        .optional()?;
    let Some(person) = person else {
        return Err(Fault::Correction(format!("there is no observation {old}")));
    };
    check_observation_correction(tx, old, person)?;
    // The withdrawal keeps what it takes back, so the history reads whole.
    tx.prepare_cached(
        "INSERT INTO observations (person_id, observed_on, context, observer, deck_title,
                                   deck_path, item_id, rubric_title, scale, withdrawn,
                                   supersedes, recorded_at)
         SELECT person_id, observed_on, context, observer, deck_title, deck_path, item_id,
                rubric_title, scale, 1, observation_id, ?2
         FROM observations WHERE observation_id = ?1",
    )?
    .execute((old, time_text(at)))?;
    Ok(tx.last_insert_rowid())
}

fn read_observations(
    conn: &Connection,
    person: Option<PersonId>,
) -> Result<Vec<Observation>, Fault> {
    let mut statement = conn.prepare_cached(
        "SELECT o.observation_id, o.person_id, o.observed_on, o.context, o.observer,
                o.deck_title, o.deck_path, o.item_id, o.rubric_title, o.scale, o.supersedes,
                o.recorded_at, s.criterion, s.describe, s.score, s.comment
         FROM observations o LEFT JOIN observation_scores s ON s.observation_id = o.observation_id
         WHERE o.withdrawn = 0
           AND NOT EXISTS (SELECT 1 FROM observations c WHERE c.supersedes = o.observation_id)
           AND (?1 IS NULL OR o.person_id = ?1)
         ORDER BY o.observation_id, s.position",
    )?;
    let mut rows = statement.query([person])?;
    let mut observations: Vec<Observation> = Vec::new();
    while let Some(row) = rows.next()? {
        let id: ObservationId = row.get(0)?;
        if observations
            .last()
            .is_none_or(|last| last.observation_id != id)
        {
            observations.push(observation_row(row)?);
        }
        let criterion: Option<String> = row.get(12)?;
        if let (Some(name), Some(observation)) = (criterion, observations.last_mut()) {
            observation.rubric.criteria.push(RubricCriterion {
                name,
                describe: row.get(13)?,
            });
            observation.scores.push(CriterionScore {
                score: row.get(14)?,
                comment: row.get(15)?,
            });
        }
    }
    Ok(observations)
}

fn observation_row(row: &Row<'_>) -> Result<Observation, Fault> {
    Ok(Observation {
        observation_id: row.get(0)?,
        person_id: row.get(1)?,
        observed_on: day(&row.get::<_, String>(2)?)?,
        context: row.get(3)?,
        observer: row.get(4)?,
        rubric: Rubric {
            deck_title: row.get(5)?,
            deck_path: row.get(6)?,
            item_id: row.get(7)?,
            title: row.get(8)?,
            scale: row.get(9)?,
            criteria: Vec::new(),
        },
        scores: Vec::new(),
        corrects: row.get(10)?,
        recorded_at: time(&row.get::<_, String>(11)?)?,
    })
}

fn time(text: &str) -> Result<Zoned, Fault> {
    parse_time(text).ok_or_else(|| Fault::Unreadable(format!("the time \"{text}\"")))
}

fn day(text: &str) -> Result<Date, Fault> {
    parse_day(text).ok_or_else(|| Fault::Unreadable(format!("the day \"{text}\"")))
}
