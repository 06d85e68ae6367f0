//! Writes that carry a key: each record a session makes has a key chosen when it is made, and
//! the key is stored with it in the same transaction. Writing the same record again (a retry
//! after a write whose outcome was lost, or a file of unsaved records merged twice) then finds
//! the key and adds nothing, returning the rows the first write made.

use rusqlite::{OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};

use jiff::Zoned;

use super::coaching::{
    NewCommitmentItem, NewCommitmentUpdate, NewObservation, ObservationId, insert_commitment_items,
    insert_commitment_update, insert_observation, insert_withdrawal,
};
use super::error::Fault;
use super::people::{find_or_add, insert_attendance, insert_rename, insert_roster_event, name_key};
use super::records::{
    insert_groups, insert_note, insert_position, insert_response, insert_score_sheet,
    insert_slide_time,
};
use super::{
    NewResponse, NewScoreSheet, NewSession, PersonId, Presence, SessionId, SlideTime, Store,
    StoreError, insert_end, insert_session,
};

/// A person to find or add, as a roster file or the presenter gives them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewPerson {
    pub name: String,
    pub email: Option<String>,
    pub team: Option<String>,
}

/// One record, naming sessions, people and rows by their stored ids.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Record {
    Session(NewSession),
    /// A person found or added (the same email, else the same name, is the same person) and
    /// put on the session's roster unless they are on it.
    Person {
        session: SessionId,
        person: NewPerson,
        #[serde(with = "crate::time::serde_rfc3339")]
        at: Zoned,
    },
    /// Everyone from a roster file, found or added and put on the roster: all of them in one
    /// transaction, or none.
    People {
        session: SessionId,
        people: Vec<NewPerson>,
        #[serde(with = "crate::time::serde_rfc3339")]
        at: Zoned,
    },
    /// Takes a person off the roster (`on_roster: false`) or puts them back.
    Roster {
        session: SessionId,
        person: PersonId,
        on_roster: bool,
        #[serde(with = "crate::time::serde_rfc3339")]
        at: Zoned,
    },
    Rename {
        person: PersonId,
        name: String,
        #[serde(with = "crate::time::serde_rfc3339")]
        at: Zoned,
    },
    Attendance {
        session: SessionId,
        person: PersonId,
        presence: Presence,
        #[serde(with = "crate::time::serde_rfc3339")]
        at: Zoned,
    },
    Response(NewResponse),
    ScoreSheet(NewScoreSheet),
    Groups {
        session: SessionId,
        item_id: String,
        groups: Vec<Vec<PersonId>>,
        #[serde(with = "crate::time::serde_rfc3339")]
        at: Zoned,
    },
    Note {
        session: SessionId,
        slide_ref: String,
        text: String,
        #[serde(with = "crate::time::serde_rfc3339")]
        at: Zoned,
    },
    Position {
        session: SessionId,
        slide: usize,
        step: usize,
        #[serde(with = "crate::time::serde_rfc3339")]
        at: Zoned,
    },
    SlideTime(SlideTime),
    End {
        session: SessionId,
        #[serde(with = "crate::time::serde_rfc3339")]
        at: Zoned,
    },
    /// The commitment slides of a session, as its deck has them.
    CommitmentItems {
        session: SessionId,
        items: Vec<NewCommitmentItem>,
        at: Zoned,
    },
    /// A status, note or new due day for a commitment.
    CommitmentUpdate(NewCommitmentUpdate),
    /// A field observation, or a correction of one.
    Observation(NewObservation),
    /// Takes back an observation recorded by mistake.
    WithdrawObservation {
        observation: ObservationId,
        at: Zoned,
    },
}

impl Record {
    /// The kind stored beside the key, for reading the table by hand.
    fn kind(&self) -> &'static str {
        match self {
            Record::Session(_) => "session",
            Record::Person { .. } => "person",
            Record::People { .. } => "people",
            Record::Roster { .. } => "roster",
            Record::Rename { .. } => "rename",
            Record::Attendance { .. } => "attendance",
            Record::Response(_) => "response",
            Record::ScoreSheet(_) => "score_sheet",
            Record::Groups { .. } => "groups",
            Record::Note { .. } => "note",
            Record::Position { .. } => "position",
            Record::SlideTime(_) => "slide_time",
            Record::End { .. } => "end",
            Record::CommitmentItems { .. } => "commitment_items",
            Record::CommitmentUpdate(_) => "commitment_update",
            Record::Observation(_) => "observation",
            Record::WithdrawObservation { .. } => "observation_withdrawal",
        }
    }
}

/// What a keyed write did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// The row the record made (the session, person, response or sheet id); for a roster of
    /// many people, each person's id in the order given.
    pub ids: Vec<i64>,
    /// The key was stored already: this write added nothing.
    pub already: bool,
}

/// How often a roster import reports its progress, in people.
const PROGRESS_EVERY: usize = 500;

impl Store {
    /// Writes `record` under `key` in one transaction, committed before it returns `Ok`; if
    /// the key is stored already, adds nothing and returns the ids the first write made.
    ///
    /// A correction names the row it corrects; if that row was corrected since (by a record
    /// merged from a file, for instance), it corrects the latest correction instead, so one
    /// answer stays current. `progress` hears `(done, total)` as a roster of many people is
    /// written.
    pub fn write_record(
        &mut self,
        key: &str,
        record: &Record,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<Written, StoreError> {
        self.write(|tx| {
            if let Some(ids) = stored_ids(tx, key, record)? {
                return Ok(Written { ids, already: true });
            }
            let ids = insert_record(tx, key, record, progress)?;
            let row = match record {
                Record::People { people, .. } => crate::store::to_sql_int(people.len(), "people")?,
                _ => ids.first().copied().unwrap_or_default(),
            };
            tx.prepare_cached(
                "INSERT INTO record_keys (record_key, kind, row_id) VALUES (?1, ?2, ?3)",
            )?
            .execute((key, record.kind(), row))?;
            Ok(Written {
                ids,
                already: false,
            })
        })
    }
}

/// The key of the `index`th person of a roster written under `key`.
fn person_key(key: &str, index: usize) -> String {
    format!("{key}/{index}")
}

/// The ids a record stored under `key` made, or `None` if it was never written.
fn stored_ids(tx: &Transaction<'_>, key: &str, record: &Record) -> Result<Option<Vec<i64>>, Fault> {
    let mut lookup = tx.prepare_cached("SELECT row_id FROM record_keys WHERE record_key = ?1")?;
    let Some(row) = lookup
        .query_row([key], |row| row.get::<_, i64>(0))
        .optional()?
    else {
        return Ok(None);
    };
    let Record::People { people, .. } = record else {
        return Ok(Some(vec![row]));
    };
    let mut ids = Vec::with_capacity(people.len());
    for index in 0..people.len() {
        let id = lookup
            .query_row([person_key(key, index)], |row| row.get::<_, i64>(0))
            .optional()?
            .ok_or_else(|| Fault::Unreadable(format!("roster {key} without person {index}")))?;
        ids.push(id);
    }
    Ok(Some(ids))
}

fn insert_record(
    tx: &Transaction<'_>,
    key: &str,
    record: &Record,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Vec<i64>, Fault> {
    let id = match record {
        Record::Session(new) => insert_session(tx, new)?,
        Record::Person {
            session,
            person,
            at,
        } => add_to_roster(tx, *session, person, at)?,
        Record::People {
            session,
            people,
            at,
        } => {
            let mut ids = Vec::with_capacity(people.len());
            let mut remember = tx.prepare_cached(
                "INSERT INTO record_keys (record_key, kind, row_id) VALUES (?1, 'person', ?2)",
            )?;
            for (index, person) in people.iter().enumerate() {
                let id = add_to_roster(tx, *session, person, at)?;
                remember.execute((person_key(key, index), id))?;
                ids.push(id);
                if (index + 1) % PROGRESS_EVERY == 0 {
                    progress(index + 1, people.len());
                }
            }
            progress(people.len(), people.len());
            return Ok(ids);
        }
        Record::Roster {
            session,
            person,
            on_roster,
            at,
        } => {
            let action = if *on_roster { "add" } else { "remove" };
            insert_roster_event(tx, *session, *person, action, at)?
        }
        Record::Rename { person, name, at } => {
            let name = name.trim();
            insert_rename(tx, *person, name, &name_key(name), at)?
        }
        Record::Attendance {
            session,
            person,
            presence,
            at,
        } => insert_attendance(tx, *session, *person, *presence, at)?,
        Record::Response(response) => {
            let mut response = response.clone();
            if let Some(old) = response.supersedes {
                response.supersedes = Some(latest_correction(tx, "responses", "response_id", old)?);
            }
            insert_response(tx, &response)?
        }
        Record::ScoreSheet(sheet) => {
            let mut sheet = sheet.clone();
            if let Some(old) = sheet.supersedes {
                sheet.supersedes = Some(latest_correction(tx, "score_sheets", "sheet_id", old)?);
            }
            insert_score_sheet(tx, &sheet)?
        }
        Record::Groups {
            session,
            item_id,
            groups,
            at,
        } => insert_groups(tx, *session, item_id, groups, at)?,
        Record::Note {
            session,
            slide_ref,
            text,
            at,
        } => insert_note(tx, *session, slide_ref, text, at)?,
        Record::Position {
            session,
            slide,
            step,
            at,
        } => insert_position(tx, *session, *slide, *step, at)?,
        Record::SlideTime(time) => insert_slide_time(tx, time)?,
        Record::End { session, at } => insert_end(tx, *session, at)?,
        Record::CommitmentItems { session, items, at } => {
            insert_commitment_items(tx, *session, items, at)?
        }
        Record::CommitmentUpdate(update) => insert_commitment_update(tx, update)?,
        Record::Observation(observation) => {
            let mut observation = observation.clone();
            if let Some(old) = observation.supersedes {
                observation.supersedes = Some(latest_correction(
                    tx,
                    "observations",
                    "observation_id",
                    old,
                )?);
            }
            insert_observation(tx, &observation)?
        }
        Record::WithdrawObservation { observation, at } => {
            let latest = latest_correction(tx, "observations", "observation_id", *observation)?;
            insert_withdrawal(tx, latest, at)?
        }
    };
    Ok(vec![id])
}

/// Finds or adds a person and puts them on the session's roster if they are not on it.
fn add_to_roster(
    tx: &Transaction<'_>,
    session: SessionId,
    person: &NewPerson,
    at: &Zoned,
) -> Result<PersonId, Fault> {
    let name = person.name.trim();
    let email = person
        .email
        .as_deref()
        .map(str::trim)
        .filter(|e| !e.is_empty());
    let team = person
        .team
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty());
    let id = find_or_add(tx, name, &name_key(name), email, team, at)?;
    let last: Option<String> = tx
        .prepare_cached(
            "SELECT action FROM roster_events WHERE session_id = ?1 AND person_id = ?2
             ORDER BY event_id DESC LIMIT 1",
        )?
        .query_row((session, id), |row| row.get(0))
        .optional()?;
    if last.as_deref() != Some("add") {
        insert_roster_event(tx, session, id, "add", at)?;
    }
    Ok(id)
}

/// The row that is current in the chain of corrections starting at `old`: `old` itself when
/// nothing corrects it.
fn latest_correction(tx: &Transaction<'_>, table: &str, id: &str, old: i64) -> Result<i64, Fault> {
    let sql = format!("SELECT {id} FROM {table} WHERE supersedes = ?1");
    let mut next = tx.prepare_cached(&sql)?;
    let mut current = old;
    while let Some(later) = next
        .query_row([current], |row| row.get::<_, i64>(0))
        .optional()?
    {
        current = later;
    }
    Ok(current)
}
