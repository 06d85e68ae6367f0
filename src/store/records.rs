//! What a session records about its items: responses, role-play groups and score sheets,
//! presenter's notes, the position to resume at, and slide timings.

use jiff::Zoned;

use super::{sql_time, time_at};
use crate::deck::ItemKind;
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Row, Transaction};

use super::error::Fault;
use super::{
    Answer, NewResponse, NewScoreSheet, PersonId, ResponseId, ResponseRow, ScoreSheet, SessionId,
    SheetId, SlideTime, Store, StoreError, collect, count, to_sql_int,
};

/// Current responses (no later row supersedes them, not cleared); callers add conditions on
/// `r` and the ORDER BY.
const RESPONSE_SELECT: &str = "
    SELECT r.response_id, r.item_id, r.item_kind, r.person_id, r.answer_kind, r.answer_value,
           r.correct, r.recorded_at
    FROM responses r
    WHERE r.answer_kind <> 'cleared'
      AND NOT EXISTS (SELECT 1 FROM responses c WHERE c.supersedes = r.response_id)";

/// Current score sheets with their scores, one row per criterion (or one row with NULL
/// scores for a sheet without criteria); callers add conditions on `h`.
const SHEET_SELECT: &str = "
    SELECT h.sheet_id, h.item_id, h.round, h.seller_id, h.observer_id, h.scale, h.comment,
           h.recorded_at, s.criterion, s.score
    FROM score_sheets h LEFT JOIN sheet_scores s ON s.sheet_id = h.sheet_id
    WHERE NOT EXISTS (SELECT 1 FROM score_sheets c WHERE c.supersedes = h.sheet_id)";

impl Store {
    /// Records a response, or a correction of one (`supersedes`), and returns its id.
    ///
    /// A correction must name a response of the same session and item that has not been
    /// corrected already; `Answer::Cleared` withdraws the response it names, and is only valid
    /// as a correction.
    pub fn record_response(&mut self, response: &NewResponse) -> Result<ResponseId, StoreError> {
        self.write(|tx| insert_response(tx, response))
    }

    /// The current responses to one item, in the order they were recorded (a correction takes
    /// the place of its own recording).
    pub fn responses(
        &self,
        session: SessionId,
        item_id: &str,
    ) -> Result<Vec<ResponseRow>, StoreError> {
        self.read(|conn| {
            let sql = format!(
                "{RESPONSE_SELECT} AND r.session_id = ?1 AND r.item_id = ?2
                 ORDER BY r.response_id"
            );
            collect(
                conn.prepare_cached(&sql)?
                    .query_map((session, item_id), response_row)?,
            )
        })
    }

    /// The current responses to every item of a session, in the order they were recorded.
    pub fn all_responses(&self, session: SessionId) -> Result<Vec<ResponseRow>, StoreError> {
        self.read(|conn| {
            let sql = format!("{RESPONSE_SELECT} AND r.session_id = ?1 ORDER BY r.response_id");
            collect(
                conn.prepare_cached(&sql)?
                    .query_map([session], response_row)?,
            )
        })
    }

    /// Saves how a role-play's people are split into groups; the latest save is current.
    pub fn save_groups(
        &mut self,
        session: SessionId,
        item_id: &str,
        groups: &[Vec<PersonId>],
        at: &Zoned,
    ) -> Result<(), StoreError> {
        self.write(|tx| insert_groups(tx, session, item_id, groups, at).map(|_| ()))
    }

    /// A role-play's groups as last saved; empty if they were never saved.
    pub fn groups(
        &self,
        session: SessionId,
        item_id: &str,
    ) -> Result<Vec<Vec<PersonId>>, StoreError> {
        self.read(|conn| {
            let latest: Option<(i64, i64)> = conn
                .prepare_cached(
                    "SELECT generation_id, group_count FROM group_generations
                     WHERE session_id = ?1 AND item_id = ?2
                     ORDER BY generation_id DESC LIMIT 1",
                )?
                .query_row((session, item_id), |row| Ok((row.get(0)?, row.get(1)?)))
                .optional()?;
            let Some((generation, group_count)) = latest else {
                return Ok(Vec::new());
            };
            let mut groups = vec![Vec::new(); count(group_count)?];
            let mut statement = conn.prepare_cached(
                "SELECT group_index, person_id FROM group_members
                 WHERE generation_id = ?1 ORDER BY group_index, position",
            )?;
            let mut rows = statement.query([generation])?;
            while let Some(row) = rows.next()? {
                let group_index = count(row.get(0)?)?;
                let group = groups.get_mut(group_index).ok_or_else(|| {
                    Fault::Unreadable(format!(
                        "group {group_index} of a role-play saved with {group_count} groups"
                    ))
                })?;
                group.push(row.get(1)?);
            }
            Ok(groups)
        })
    }

    /// The role-play groups of the live session of the same deck before `session`: the newest
    /// earlier one, not void, that formed groups, with each of its role-plays' groups as last
    /// saved. Empty when there is none (the first time this deck is run live).
    pub fn previous_groups(&self, session: SessionId) -> Result<Vec<Vec<PersonId>>, StoreError> {
        let previous: Option<SessionId> = self.read(|conn| {
            Ok(conn
                .prepare_cached(
                    "SELECT s.session_id FROM sessions s
                     WHERE s.deck_path = (SELECT deck_path FROM sessions WHERE session_id = ?1)
                       AND s.mode = 'live' AND s.session_id < ?1
                       AND COALESCE((SELECT v.void FROM session_voids v
                                     WHERE v.session_id = s.session_id
                                     ORDER BY v.void_id DESC LIMIT 1), 0) = 0
                       AND EXISTS (SELECT 1 FROM group_generations g
                                   WHERE g.session_id = s.session_id)
                     ORDER BY s.session_id DESC LIMIT 1",
                )?
                .query_row([session], |row| row.get(0))
                .optional()?)
        })?;
        let Some(previous) = previous else {
            return Ok(Vec::new());
        };
        let items: Vec<String> = self.read(|conn| {
            Ok(conn
                .prepare_cached(
                    "SELECT DISTINCT item_id FROM group_generations WHERE session_id = ?1
                     ORDER BY item_id",
                )?
                .query_map([previous], |row| row.get(0))?
                .collect::<rusqlite::Result<_>>()?)
        })?;
        let mut groups = Vec::new();
        for item_id in items {
            groups.extend(self.groups(previous, &item_id)?);
        }
        Ok(groups)
    }

    /// Records a score sheet with all its scores in one transaction, or a correction of one
    /// (`supersedes`, same session and item), and returns its id.
    pub fn record_score_sheet(&mut self, sheet: &NewScoreSheet) -> Result<SheetId, StoreError> {
        self.write(|tx| insert_score_sheet(tx, sheet))
    }

    /// The current score sheets of one role-play, in the order they were recorded.
    pub fn score_sheets(
        &self,
        session: SessionId,
        item_id: &str,
    ) -> Result<Vec<ScoreSheet>, StoreError> {
        self.read(|conn| {
            let sql = format!(
                "{SHEET_SELECT} AND h.session_id = ?1 AND h.item_id = ?2
                 ORDER BY h.sheet_id, s.position"
            );
            sheets(conn, &sql, (session, item_id))
        })
    }

    /// The current score sheets of every role-play of a session, in the order recorded.
    pub fn all_score_sheets(&self, session: SessionId) -> Result<Vec<ScoreSheet>, StoreError> {
        self.read(|conn| {
            let sql =
                format!("{SHEET_SELECT} AND h.session_id = ?1 ORDER BY h.sheet_id, s.position");
            sheets(conn, &sql, [session])
        })
    }

    /// Saves the presenter's note for a slide (`slide_ref` as in [`SlideTime`]); the latest
    /// save is the note.
    pub fn save_note(
        &mut self,
        session: SessionId,
        slide_ref: &str,
        text: &str,
        at: &Zoned,
    ) -> Result<(), StoreError> {
        self.write(|tx| insert_note(tx, session, slide_ref, text, at).map(|_| ()))
    }

    /// The latest note of each slide as `(slide_ref, text)`, in the order the slides were
    /// first noted. A note saved empty is returned empty: the presenter cleared it.
    pub fn notes(&self, session: SessionId) -> Result<Vec<(String, String)>, StoreError> {
        self.read(|conn| {
            let mut statement = conn.prepare_cached(
                "SELECT n.slide_ref, n.text FROM notes n
                     WHERE n.session_id = ?1
                       AND n.note_id = (SELECT MAX(m.note_id) FROM notes m
                                        WHERE m.session_id = n.session_id
                                          AND m.slide_ref = n.slide_ref)
                     ORDER BY (SELECT MIN(m.note_id) FROM notes m
                               WHERE m.session_id = n.session_id AND m.slide_ref = n.slide_ref)",
            )?;
            let rows = statement.query_map([session], |row| Ok((row.get(0)?, row.get(1)?)))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// Records where the show is (0-based slide over the whole deck, and step), so an
    /// interrupted session can resume there.
    pub fn record_position(
        &mut self,
        session: SessionId,
        slide_index: usize,
        step: usize,
        at: &Zoned,
    ) -> Result<(), StoreError> {
        self.write(|tx| insert_position(tx, session, slide_index, step, at).map(|_| ()))
    }

    /// The last recorded position as `(slide_index, step)`, if any.
    pub fn last_position(&self, session: SessionId) -> Result<Option<(usize, usize)>, StoreError> {
        self.read(|conn| {
            let position: Option<(i64, i64)> = conn
                .prepare_cached(
                    "SELECT slide_index, step FROM positions WHERE session_id = ?1
                     ORDER BY position_id DESC LIMIT 1",
                )?
                .query_row([session], |row| Ok((row.get(0)?, row.get(1)?)))
                .optional()?;
            Ok(match position {
                Some((slide, step)) => Some((count(slide)?, count(step)?)),
                None => None,
            })
        })
    }

    /// Records the time spent on one slide during one visit.
    pub fn record_slide_time(&mut self, time: &SlideTime) -> Result<(), StoreError> {
        self.write(|tx| insert_slide_time(tx, time).map(|_| ()))
    }

    /// Every slide visit's time in a session, in the order recorded.
    pub fn slide_times(&self, session: SessionId) -> Result<Vec<SlideTime>, StoreError> {
        self.read(|conn| {
            let mut statement = conn.prepare_cached(
                "SELECT session_id, slide_index, slide_ref, section, section_planned_minutes,
                            seconds, recorded_at
                     FROM slide_times WHERE session_id = ?1 ORDER BY slide_time_id",
            )?;
            let rows = statement.query_map([session], |row| {
                Ok(SlideTime {
                    session_id: row.get(0)?,
                    slide_index: count(row.get(1)?)?,
                    slide_ref: row.get(2)?,
                    section: row.get(3)?,
                    section_planned_minutes: row.get(4)?,
                    seconds: row.get(5)?,
                    recorded_at: time_at(row, 6)?,
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }
}

/// Checks that record `old` can be corrected by a new record of `session` and `item_id`:
/// it exists, belongs to the same session and item, and has no correction yet.
fn check_correction(
    tx: &Transaction<'_>,
    what: &str,
    sql: &str,
    old: i64,
    session: SessionId,
    item_id: &str,
) -> Result<(), Fault> {
    let found: Option<(SessionId, String, bool)> = tx
        .prepare_cached(sql)?
        .query_row([old], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
        .optional()?;
    let Some((old_session, old_item, corrected)) = found else {
        return Err(Fault::Correction(format!("there is no {what} {old}")));
    };
    if old_session != session {
        return Err(Fault::Correction(format!(
            "{what} {old} belongs to session {old_session}, not session {session}"
        )));
    }
    if old_item != item_id {
        return Err(Fault::Correction(format!(
            "{what} {old} is for item \"{old_item}\", not \"{item_id}\""
        )));
    }
    if corrected {
        return Err(Fault::Correction(format!(
            "{what} {old} has already been corrected; correct the latest one"
        )));
    }
    Ok(())
}

/// The kind and value columns of an answer: both are needed to read it back exactly.
pub(crate) fn encode_answer(answer: &Answer) -> (&'static str, Value) {
    match answer {
        Answer::Options(options) => (
            "options",
            Value::Text(
                options
                    .iter()
                    .map(usize::to_string)
                    .collect::<Vec<_>>()
                    .join(","),
            ),
        ),
        Answer::Number(number) => ("number", Value::Integer(*number)),
        Answer::Text(text) => ("text", Value::Text(text.clone())),
        Answer::Cleared => ("cleared", Value::Null),
    }
}

pub(crate) fn decode_answer(kind: &str, value: Value) -> Result<Answer, Fault> {
    let unreadable = |value: &Value| {
        Fault::Unreadable(format!("an answer of kind \"{kind}\" holding {value:?}"))
    };
    match (kind, value) {
        ("options", Value::Text(text)) if text.is_empty() => Ok(Answer::Options(Vec::new())),
        ("options", Value::Text(text)) => text
            .split(',')
            .map(str::parse)
            .collect::<Result<Vec<usize>, _>>()
            .map(Answer::Options)
            .map_err(|_| unreadable(&Value::Text(text.clone()))),
        ("number", Value::Integer(number)) => Ok(Answer::Number(number)),
        ("text", Value::Text(text)) => Ok(Answer::Text(text)),
        ("cleared", Value::Null) => Ok(Answer::Cleared),
        (_, value) => Err(unreadable(&value)),
    }
}

fn response_row(row: &Row<'_>) -> rusqlite::Result<Result<ResponseRow, Fault>> {
    let kind: String = row.get(4)?;
    let answer = match decode_answer(&kind, row.get(5)?) {
        Ok(answer) => answer,
        Err(fault) => return Ok(Err(fault)),
    };
    let item_kind: String = row.get(2)?;
    let Some(item_kind) = ItemKind::parse(&item_kind) else {
        return Ok(Err(Fault::Unreadable(format!(
            "an answer to an item of unknown kind \"{item_kind}\""
        ))));
    };
    Ok(Ok(ResponseRow {
        response_id: row.get(0)?,
        item_id: row.get(1)?,
        item_kind,
        person_id: row.get(3)?,
        answer,
        correct: row.get(6)?,
        recorded_at: time_at(row, 7)?,
    }))
}

/// Runs a [`SHEET_SELECT`] query and folds its one-row-per-criterion result into sheets.
fn sheets(
    conn: &Connection,
    sql: &str,
    params: impl rusqlite::Params,
) -> Result<Vec<ScoreSheet>, Fault> {
    let mut statement = conn.prepare_cached(sql)?;
    let mut rows = statement.query(params)?;
    let mut sheets: Vec<ScoreSheet> = Vec::new();
    while let Some(row) = rows.next()? {
        let sheet_id: SheetId = row.get(0)?;
        let criterion: Option<String> = row.get(8)?;
        let score: Option<u32> = row.get(9)?;
        let same_sheet = sheets.last().is_some_and(|last| last.sheet_id == sheet_id);
        if !same_sheet {
            sheets.push(ScoreSheet {
                sheet_id,
                item_id: row.get(1)?,
                round: row.get(2)?,
                seller_id: row.get(3)?,
                observer_id: row.get(4)?,
                scale: row.get(5)?,
                comment: row.get(6)?,
                scores: Vec::new(),
                recorded_at: time_at(row, 7)?,
            });
        }
        if let (Some(criterion), Some(score), Some(sheet)) = (criterion, score, sheets.last_mut()) {
            sheet.scores.push((criterion, score));
        }
    }
    Ok(sheets)
}

pub(crate) fn insert_response(
    tx: &Transaction<'_>,
    response: &NewResponse,
) -> Result<ResponseId, Fault> {
    match response.supersedes {
        Some(old) => check_correction(
            tx,
            "response",
            "SELECT session_id, item_id,
                    EXISTS (SELECT 1 FROM responses c WHERE c.supersedes = ?1)
             FROM responses WHERE response_id = ?1",
            old,
            response.session_id,
            &response.item_id,
        )?,
        None if response.answer == Answer::Cleared => {
            return Err(Fault::Correction(
                "a cleared answer must name the response it withdraws".to_owned(),
            ));
        }
        None => {}
    }
    let (kind, value) = encode_answer(&response.answer);
    tx.prepare_cached(
        "INSERT INTO responses (session_id, item_id, item_kind, person_id, answer_kind,
                                answer_value, correct, supersedes, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute((
        response.session_id,
        &response.item_id,
        response.item_kind.name(),
        response.person_id,
        kind,
        value,
        response.correct,
        response.supersedes,
        sql_time(&response.recorded_at),
    ))?;
    Ok(tx.last_insert_rowid())
}

pub(crate) fn insert_groups(
    tx: &Transaction<'_>,
    session: SessionId,
    item_id: &str,
    groups: &[Vec<PersonId>],
    at: &Zoned,
) -> Result<i64, Fault> {
    tx.prepare_cached(
        "INSERT INTO group_generations (session_id, item_id, group_count, recorded_at)
         VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute((
        session,
        item_id,
        to_sql_int(groups.len(), "group count")?,
        sql_time(at),
    ))?;
    let generation = tx.last_insert_rowid();
    let mut insert = tx.prepare_cached(
        "INSERT INTO group_members (generation_id, group_index, position, person_id)
         VALUES (?1, ?2, ?3, ?4)",
    )?;
    for (group_index, group) in groups.iter().enumerate() {
        let group_index = to_sql_int(group_index, "group number")?;
        for (position, person) in group.iter().enumerate() {
            let position = to_sql_int(position, "group position")?;
            insert.execute((generation, group_index, position, person))?;
        }
    }
    Ok(generation)
}

pub(crate) fn insert_score_sheet(
    tx: &Transaction<'_>,
    sheet: &NewScoreSheet,
) -> Result<SheetId, Fault> {
    if let Some(old) = sheet.supersedes {
        check_correction(
            tx,
            "score sheet",
            "SELECT session_id, item_id,
                    EXISTS (SELECT 1 FROM score_sheets c WHERE c.supersedes = ?1)
             FROM score_sheets WHERE sheet_id = ?1",
            old,
            sheet.session_id,
            &sheet.item_id,
        )?;
    }
    if let Some((criterion, score)) = sheet
        .scores
        .iter()
        .find(|(_, score)| !(1..=sheet.scale).contains(score))
    {
        return Err(Fault::Invalid(format!(
            "the score {score} for \"{criterion}\" is outside 1 to {}",
            sheet.scale
        )));
    }
    tx.prepare_cached(
        "INSERT INTO score_sheets (session_id, item_id, round, seller_id, observer_id,
                                   scale, comment, supersedes, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute((
        sheet.session_id,
        &sheet.item_id,
        sheet.round,
        sheet.seller_id,
        sheet.observer_id,
        sheet.scale,
        &sheet.comment,
        sheet.supersedes,
        sql_time(&sheet.recorded_at),
    ))?;
    let sheet_id = tx.last_insert_rowid();
    let mut insert = tx.prepare_cached(
        "INSERT INTO sheet_scores (sheet_id, position, criterion, score)
         VALUES (?1, ?2, ?3, ?4)",
    )?;
    for (position, (criterion, score)) in sheet.scores.iter().enumerate() {
        let position = to_sql_int(position, "criterion position")?;
        insert.execute((sheet_id, position, criterion, score))?;
    }
    Ok(sheet_id)
}

pub(crate) fn insert_note(
    tx: &Transaction<'_>,
    session: SessionId,
    slide_ref: &str,
    text: &str,
    at: &Zoned,
) -> Result<i64, Fault> {
    tx.prepare_cached(
        "INSERT INTO notes (session_id, slide_ref, text, recorded_at)
         VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute((session, slide_ref, text, sql_time(at)))?;
    Ok(tx.last_insert_rowid())
}

pub(crate) fn insert_position(
    tx: &Transaction<'_>,
    session: SessionId,
    slide_index: usize,
    step: usize,
    at: &Zoned,
) -> Result<i64, Fault> {
    tx.prepare_cached(
        "INSERT INTO positions (session_id, slide_index, step, recorded_at)
         VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute((
        session,
        to_sql_int(slide_index, "slide index")?,
        to_sql_int(step, "step")?,
        sql_time(at),
    ))?;
    Ok(tx.last_insert_rowid())
}

pub(crate) fn insert_slide_time(tx: &Transaction<'_>, time: &SlideTime) -> Result<i64, Fault> {
    if !time.seconds.is_finite() {
        return Err(Fault::Invalid(format!(
            "{} seconds on {}",
            time.seconds, time.slide_ref
        )));
    }
    tx.prepare_cached(
        "INSERT INTO slide_times (session_id, slide_index, slide_ref, section,
                                  section_planned_minutes, seconds, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute((
        time.session_id,
        to_sql_int(time.slide_index, "slide index")?,
        &time.slide_ref,
        &time.section,
        time.section_planned_minutes,
        time.seconds,
        sql_time(&time.recorded_at),
    ))?;
    Ok(tx.last_insert_rowid())
}
