//! People, rosters and attendance.

use jiff::Zoned;

use super::{sql_time, time_at};
use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension, Row, Transaction};

use super::error::Fault;
use super::{AttendanceRow, Person, PersonId, Presence, SessionId, Store, StoreError};

/// A person with their current name; callers add WHERE and ORDER BY.
const PERSON_SELECT: &str = "
    SELECT p.person_id, n.name, p.email, p.team
    FROM people p JOIN current_names n ON n.person_id = p.person_id";

impl Store {
    /// The person with this email (if one is given) or else this name, adding them if there is
    /// none, so that the same person is one person across sessions.
    ///
    /// Emails match trimmed and ignoring case; names match trimmed, ignoring case, with runs of
    /// spaces counted as one. A person found this way keeps the name, email and team they were
    /// first recorded with: rename them with [`Store::rename_person`].
    pub fn find_or_add_person(
        &mut self,
        name: &str,
        email: Option<&str>,
        team: Option<&str>,
        at: &Zoned,
    ) -> Result<PersonId, StoreError> {
        let name = name.trim();
        let name_key = name_key(name);
        let email = email.map(str::trim).filter(|email| !email.is_empty());
        let team = team.map(str::trim).filter(|team| !team.is_empty());
        self.write(|tx| find_or_add(tx, name, &name_key, email, team, at))
    }

    /// Gives a person a new name from now on; the old one stays in the history.
    pub fn rename_person(
        &mut self,
        person: PersonId,
        new_name: &str,
        at: &Zoned,
    ) -> Result<(), StoreError> {
        let name = new_name.trim();
        let key = name_key(name);
        self.write(|tx| insert_rename(tx, person, name, &key, at).map(|_| ()))
    }

    /// One person with their current name, or `None` if there is no such person.
    pub fn person(&self, person: PersonId) -> Result<Option<Person>, StoreError> {
        self.read(|conn| {
            let sql = format!("{PERSON_SELECT} WHERE p.person_id = ?1");
            Ok(conn
                .prepare_cached(&sql)?
                .query_row([person], person_row)
                .optional()?)
        })
    }

    /// Everyone ever recorded, in the order they were first added.
    pub fn people(&self) -> Result<Vec<Person>, StoreError> {
        self.read(|conn| {
            let sql = format!("{PERSON_SELECT} ORDER BY p.person_id");
            let mut statement = conn.prepare_cached(&sql)?;
            let rows = statement.query_map([], person_row)?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// Puts a person on a session's roster.
    pub fn add_to_roster(
        &mut self,
        session: SessionId,
        person: PersonId,
        at: &Zoned,
    ) -> Result<(), StoreError> {
        self.roster_event(session, person, "add", at)
    }

    /// Takes a person off a session's roster; what they recorded stays.
    pub fn remove_from_roster(
        &mut self,
        session: SessionId,
        person: PersonId,
        at: &Zoned,
    ) -> Result<(), StoreError> {
        self.roster_event(session, person, "remove", at)
    }

    fn roster_event(
        &mut self,
        session: SessionId,
        person: PersonId,
        action: &str,
        at: &Zoned,
    ) -> Result<(), StoreError> {
        self.write(|tx| insert_roster_event(tx, session, person, action, at).map(|_| ()))
    }

    /// The people on a session's roster now, in the order they were first added (someone
    /// taken off and put back keeps their place).
    pub fn roster(&self, session: SessionId) -> Result<Vec<Person>, StoreError> {
        self.read(|conn| {
            let mut statement = conn.prepare_cached(
                "SELECT p.person_id, n.name, p.email, p.team
                     FROM (SELECT person_id,
                                  MIN(CASE WHEN action = 'add' THEN event_id END) AS first_added,
                                  MAX(event_id) AS last_event
                           FROM roster_events WHERE session_id = ?1
                           GROUP BY person_id) r
                     JOIN roster_events last ON last.event_id = r.last_event
                     JOIN people p ON p.person_id = r.person_id
                     JOIN current_names n ON n.person_id = r.person_id
                     WHERE last.action = 'add'
                     ORDER BY r.first_added",
            )?;
            let rows = statement.query_map([session], person_row)?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// Records where a person is: checked in, late, left early, or absent.
    pub fn record_attendance(
        &mut self,
        session: SessionId,
        person: PersonId,
        presence: Presence,
        at: &Zoned,
    ) -> Result<(), StoreError> {
        self.write(|tx| insert_attendance(tx, session, person, presence, at).map(|_| ()))
    }

    /// Each person's attendance as of their latest record, in the order they were first
    /// recorded.
    ///
    /// `checked_in_at` is the latest present or late record; `left_at` the latest left-early
    /// record after it. A check-in clears an earlier leaving (they came back), and absent
    /// clears both.
    pub fn attendance(&self, session: SessionId) -> Result<Vec<AttendanceRow>, StoreError> {
        self.read(|conn| {
            let mut statement = conn.prepare_cached(
                "SELECT person_id, presence, recorded_at FROM attendance
                 WHERE session_id = ?1 ORDER BY attendance_id",
            )?;
            let mut rows = statement.query([session])?;
            let mut attendance: Vec<AttendanceRow> = Vec::new();
            let mut place: HashMap<PersonId, usize> = HashMap::new();
            while let Some(row) = rows.next()? {
                let person: PersonId = row.get(0)?;
                let presence: String = row.get(1)?;
                let at = time_at(row, 2)?;
                let presence = Presence::parse(&presence).ok_or_else(|| {
                    Fault::Unreadable(format!("unknown attendance \"{presence}\""))
                })?;
                let index = *place.entry(person).or_insert_with(|| {
                    attendance.push(AttendanceRow {
                        person_id: person,
                        presence,
                        checked_in_at: None,
                        left_at: None,
                    });
                    attendance.len() - 1
                });
                if let Some(current) = attendance.get_mut(index) {
                    apply_attendance(current, presence, at);
                }
            }
            Ok(attendance)
        })
    }
}

fn apply_attendance(row: &mut AttendanceRow, presence: Presence, at: Zoned) {
    row.presence = presence;
    match presence {
        Presence::Present | Presence::Late => {
            row.checked_in_at = Some(at);
            row.left_at = None;
        }
        Presence::LeftEarly => row.left_at = Some(at),
        Presence::Absent => {
            row.checked_in_at = None;
            row.left_at = None;
        }
    }
}

fn insert_name(
    conn: &Connection,
    person: PersonId,
    name: &str,
    key: &str,
    at: &Zoned,
) -> Result<i64, Fault> {
    conn.prepare_cached(
        "INSERT INTO person_names (person_id, name, name_key, recorded_at)
         VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute((person, name, key, sql_time(at)))?;
    Ok(conn.last_insert_rowid())
}

fn person_row(row: &Row<'_>) -> rusqlite::Result<Person> {
    Ok(Person {
        person_id: row.get(0)?,
        name: row.get(1)?,
        email: row.get(2)?,
        team: row.get(3)?,
    })
}

/// A name as it is matched: lowercase, with any run of whitespace as one space.
pub(crate) fn name_key(name: &str) -> String {
    name.split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// An email as it is matched: trimmed and lowercase.
pub(crate) fn email_key(email: &str) -> String {
    email.trim().to_lowercase()
}

pub(crate) fn find_or_add(
    tx: &Transaction<'_>,
    name: &str,
    name_key: &str,
    email: Option<&str>,
    team: Option<&str>,
    at: &Zoned,
) -> Result<PersonId, Fault> {
    if name_key.is_empty() {
        return Err(Fault::Invalid("a person needs a name".to_owned()));
    }
    let found = match email {
        Some(email) => tx
            .prepare_cached(
                "SELECT person_id FROM people WHERE email_key = ?1
                 ORDER BY person_id LIMIT 1",
            )?
            .query_row([email_key(email)], |row| row.get(0))
            .optional()?,
        None => tx
            .prepare_cached(
                "SELECT person_id FROM current_names WHERE name_key = ?1
                 ORDER BY person_id LIMIT 1",
            )?
            .query_row([&name_key], |row| row.get(0))
            .optional()?,
    };
    if let Some(person) = found {
        return Ok(person);
    }
    tx.prepare_cached(
        "INSERT INTO people (email, email_key, team, created_at) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute((email, email.map(email_key), team, sql_time(at)))?;
    let person = tx.last_insert_rowid();
    insert_name(tx, person, name, name_key, at)?;
    Ok(person)
}

pub(crate) fn insert_rename(
    tx: &Transaction<'_>,
    person: PersonId,
    name: &str,
    key: &str,
    at: &Zoned,
) -> Result<i64, Fault> {
    if key.is_empty() {
        return Err(Fault::Invalid("a person needs a name".to_owned()));
    }
    insert_name(tx, person, name, key, at)
}

pub(crate) fn insert_roster_event(
    tx: &Transaction<'_>,
    session: SessionId,
    person: PersonId,
    action: &str,
    at: &Zoned,
) -> Result<i64, Fault> {
    tx.prepare_cached(
        "INSERT INTO roster_events (session_id, person_id, action, recorded_at)
         VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute((session, person, action, sql_time(at)))?;
    Ok(tx.last_insert_rowid())
}

pub(crate) fn insert_attendance(
    tx: &Transaction<'_>,
    session: SessionId,
    person: PersonId,
    presence: Presence,
    at: &Zoned,
) -> Result<i64, Fault> {
    tx.prepare_cached(
        "INSERT INTO attendance (session_id, person_id, presence, recorded_at)
         VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute((session, person, presence.as_str(), sql_time(at)))?;
    Ok(tx.last_insert_rowid())
}
