//! What the room did, kept in memory for the screens and written to the store as it happens.
//!
//! Every record is committed before the screen calls it saved. When the store cannot be
//! written (a read-only folder, a full disk), the record stays in memory, marked unsaved, the
//! presenter is told plainly, and the write is retried; nothing is dropped. No UI here.

use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

use crate::deck::{Deck, SlideKind};
use crate::roster::RosterImport;
use crate::store::types::{
    Answer, AttendanceRow, Mode, NewResponse, NewScoreSheet, Person, PersonId, Presence,
    ResponseId, ResponseRow, ScoreSheet, SessionId, SheetId, SlideTime,
};
use crate::store::{Store, StoreError};

/// How long to wait before trying a failed write again.
const RETRY_EVERY: Duration = Duration::from_secs(5);

/// One record to write.
#[derive(Debug, Clone, PartialEq)]
pub enum Write {
    Response(NewResponse),
    Attendance {
        person: PersonId,
        presence: Presence,
        at: String,
    },
    ScoreSheet(NewScoreSheet),
    Groups {
        item_id: String,
        groups: Vec<Vec<PersonId>>,
        at: String,
    },
    Note {
        slide_ref: String,
        text: String,
        at: String,
    },
    Position {
        slide: usize,
        step: usize,
        at: String,
    },
    SlideTime(SlideTime),
    End {
        at: String,
    },
}

/// Whether a record reached the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Saved {
    Yes,
    /// Kept in memory; it is written when the store works again.
    NotYet,
}

/// The live results of a Poll, Quiz or Rating, without names.
#[derive(Debug, Clone, PartialEq)]
pub enum Results {
    /// People (or tally marks) per option.
    Options {
        counts: Vec<usize>,
        respondents: usize,
    },
    /// People per value of a rating scale, from `min` up.
    Scale {
        min: i64,
        counts: Vec<usize>,
        respondents: usize,
        mean: f64,
    },
}

/// The session's records as the screens show them.
#[derive(Debug, Clone, Default)]
pub struct Room {
    pub session_id: SessionId,
    pub mode: Option<Mode>,
    pub roster: Vec<Person>,
    pub attendance: HashMap<PersonId, AttendanceRow>,
    /// Current responses per item id. Rows not yet saved have a negative id.
    pub responses: HashMap<String, Vec<ResponseRow>>,
    /// Current score sheets per item id. Sheets not yet saved have a negative id.
    pub sheets: HashMap<String, Vec<ScoreSheet>>,
    pub groups: HashMap<String, Vec<Vec<PersonId>>>,
    /// The presenter's own notes per slide ref.
    pub notes: HashMap<String, String>,
}

impl Room {
    /// Reads everything recorded for `session_id` in `store`.
    pub fn load(store: &Store, session_id: SessionId, deck: &Deck) -> Result<Room, StoreError> {
        let info = store.session(session_id)?;
        let mut room = Room {
            session_id,
            mode: info.map(|i| i.mode),
            roster: store.roster(session_id)?,
            ..Room::default()
        };
        for row in store.attendance(session_id)? {
            room.attendance.insert(row.person_id, row);
        }
        for row in store.all_responses(session_id)? {
            room.responses
                .entry(row.item_id.clone())
                .or_default()
                .push(row);
        }
        for sheet in store.all_score_sheets(session_id)? {
            room.sheets
                .entry(sheet.item_id.clone())
                .or_default()
                .push(sheet);
        }
        for (_, slide) in deck.slides() {
            if let SlideKind::RolePlay(rp) = &slide.kind {
                let groups = store.groups(session_id, &rp.id)?;
                if !groups.is_empty() {
                    room.groups.insert(rp.id.clone(), groups);
                }
            }
        }
        room.notes = store.notes(session_id)?.into_iter().collect();
        Ok(room)
    }

    pub fn person(&self, id: PersonId) -> Option<&Person> {
        self.roster.iter().find(|p| p.person_id == id)
    }

    pub fn presence(&self, id: PersonId) -> Option<Presence> {
        self.attendance.get(&id).map(|a| a.presence)
    }

    /// People in the room now: present or late, not gone.
    pub fn here(&self) -> Vec<&Person> {
        self.roster
            .iter()
            .filter(|p| {
                matches!(
                    self.presence(p.person_id),
                    Some(Presence::Present | Presence::Late)
                )
            })
            .collect()
    }

    /// The current answer of `person` to `item_id`.
    pub fn answer_of(&self, item_id: &str, person: PersonId) -> Option<&ResponseRow> {
        self.responses
            .get(item_id)?
            .iter()
            .rev()
            .find(|r| r.person_id == Some(person))
    }

    pub fn responses_to(&self, item_id: &str) -> &[ResponseRow] {
        self.responses.get(item_id).map_or(&[], Vec::as_slice)
    }

    /// The current score sheet for `seller` in `round` of a role-play.
    pub fn sheet_of(&self, item_id: &str, round: u32, seller: PersonId) -> Option<&ScoreSheet> {
        self.sheets
            .get(item_id)?
            .iter()
            .rev()
            .find(|s| s.round == round && s.seller_id == seller)
    }

    /// The live results of a Poll, Quiz or Rating slide, if it has any answers.
    pub fn results(&self, kind: &SlideKind) -> Option<Results> {
        let item_id = kind.item_id()?;
        let rows = self.responses_to(item_id);
        match kind {
            SlideKind::Poll(poll) => Some(option_results(rows, poll.options.len())),
            SlideKind::Quiz(quiz) => Some(option_results(rows, quiz.options.len())),
            SlideKind::Rating(rating) => {
                let width = usize::try_from(rating.max - rating.min + 1).unwrap_or(0);
                let mut counts = vec![0; width];
                let mut sum = 0i64;
                let mut respondents = 0;
                for row in rows {
                    if let Answer::Number(n) = row.answer
                        && let Some(slot) = usize::try_from(n - rating.min)
                            .ok()
                            .and_then(|i| counts.get_mut(i))
                    {
                        *slot += 1;
                        sum += n;
                        respondents += 1;
                    }
                }
                let mean = if respondents == 0 {
                    0.0
                } else {
                    sum as f64 / respondents as f64
                };
                Some(Results::Scale {
                    min: rating.min,
                    counts,
                    respondents,
                    mean,
                })
            }
            _ => None,
        }
    }

    /// Applies a write to the in-memory records; `id` is the stored row's, or a negative
    /// stand-in while it is not saved.
    fn apply(&mut self, write: &Write, id: i64) {
        match write {
            Write::Response(r) => {
                let rows = self.responses.entry(r.item_id.clone()).or_default();
                if let Some(old) = r.supersedes {
                    rows.retain(|row| row.response_id != old);
                }
                if r.answer != Answer::Cleared {
                    rows.push(ResponseRow {
                        response_id: id,
                        item_id: r.item_id.clone(),
                        item_kind: r.item_kind.clone(),
                        person_id: r.person_id,
                        answer: r.answer.clone(),
                        correct: r.correct,
                        recorded_at: r.recorded_at.clone(),
                    });
                }
            }
            Write::Attendance {
                person,
                presence,
                at,
            } => {
                let before = self.attendance.get(person).cloned();
                let checked_in = before.as_ref().and_then(|b| b.checked_in_at.clone());
                let row = match presence {
                    Presence::Present | Presence::Late => AttendanceRow {
                        person_id: *person,
                        presence: *presence,
                        checked_in_at: Some(at.clone()),
                        left_at: None,
                    },
                    Presence::LeftEarly => AttendanceRow {
                        person_id: *person,
                        presence: *presence,
                        checked_in_at: checked_in,
                        left_at: Some(at.clone()),
                    },
                    Presence::Absent => AttendanceRow {
                        person_id: *person,
                        presence: *presence,
                        checked_in_at: None,
                        left_at: None,
                    },
                };
                self.attendance.insert(*person, row);
            }
            Write::ScoreSheet(s) => {
                let sheets = self.sheets.entry(s.item_id.clone()).or_default();
                if let Some(old) = s.supersedes {
                    sheets.retain(|sheet| sheet.sheet_id != old);
                }
                sheets.push(ScoreSheet {
                    sheet_id: id,
                    item_id: s.item_id.clone(),
                    round: s.round,
                    seller_id: s.seller_id,
                    observer_id: s.observer_id,
                    scores: s.scores.clone(),
                    scale: s.scale,
                    comment: s.comment.clone(),
                    recorded_at: s.recorded_at.clone(),
                });
            }
            Write::Groups {
                item_id, groups, ..
            } => {
                self.groups.insert(item_id.clone(), groups.clone());
            }
            Write::Note {
                slide_ref, text, ..
            } => {
                self.notes.insert(slide_ref.clone(), text.clone());
            }
            Write::Position { .. } | Write::SlideTime(_) | Write::End { .. } => {}
        }
    }
}

fn option_results(rows: &[ResponseRow], options: usize) -> Results {
    let mut counts = vec![0; options];
    let mut respondents = 0;
    for row in rows {
        if let Answer::Options(chosen) = &row.answer {
            respondents += 1;
            for &i in chosen {
                if let Some(slot) = counts.get_mut(i) {
                    *slot += 1;
                }
            }
        }
    }
    Results::Options {
        counts,
        respondents,
    }
}

/// The store and the room together: writes go to the store first, then to the room.
pub struct Recorder {
    store: Store,
    pub room: Room,
    /// Writes the store refused, oldest first, each with its stand-in id.
    pending: VecDeque<(Write, i64)>,
    next_stand_in: i64,
    /// What went wrong with the last write, in plain words, while writes are pending.
    problem: Option<String>,
    retry_at: Option<Instant>,
}

impl Recorder {
    pub fn new(store: Store, room: Room) -> Self {
        Self {
            store,
            room,
            pending: VecDeque::new(),
            next_stand_in: -1,
            problem: None,
            retry_at: None,
        }
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn store_mut(&mut self) -> &mut Store {
        &mut self.store
    }

    /// How many records are kept in memory, not yet written.
    pub fn unsaved(&self) -> usize {
        self.pending.len()
    }

    /// Why records are not being saved, with what to do, while any are pending.
    pub fn problem(&self) -> Option<&str> {
        self.problem.as_deref()
    }

    /// Writes `write`, or keeps it for later if the store cannot take it now. Records wait in
    /// order: once one is pending, later ones queue behind it.
    pub fn record(&mut self, write: Write, now: Instant) -> Saved {
        let write = self.absorb_pending_correction(write);
        if self.pending.is_empty() {
            match write_to(&mut self.store, self.room.session_id, &write) {
                Ok(id) => {
                    self.room.apply(&write, id);
                    return Saved::Yes;
                }
                Err(e) => self.fail(&e, now),
            }
        }
        let stand_in = self.next_stand_in;
        self.next_stand_in -= 1;
        self.room.apply(&write, stand_in);
        self.pending.push_back((write, stand_in));
        Saved::NotYet
    }

    /// A correction of a record that never reached the store replaces it in the queue, since
    /// there is no stored row to supersede.
    fn absorb_pending_correction(&mut self, write: Write) -> Write {
        let target = match &write {
            Write::Response(r) => r.supersedes,
            Write::ScoreSheet(s) => s.supersedes,
            _ => None,
        };
        let Some(old) = target.filter(|id| *id < 0) else {
            return write;
        };
        self.pending.retain(|(_, stand_in)| *stand_in != old);
        match write {
            Write::Response(mut r) => {
                // Withdraw the stand-in from the room; the new write carries no stored id.
                if let Some(rows) = self.room.responses.get_mut(&r.item_id) {
                    rows.retain(|row| row.response_id != old);
                }
                r.supersedes = None;
                Write::Response(r)
            }
            Write::ScoreSheet(mut s) => {
                if let Some(sheets) = self.room.sheets.get_mut(&s.item_id) {
                    sheets.retain(|sheet| sheet.sheet_id != old);
                }
                s.supersedes = None;
                Write::ScoreSheet(s)
            }
            other => other,
        }
    }

    fn fail(&mut self, error: &StoreError, now: Instant) {
        self.problem = Some(error.explained());
        self.retry_at = Some(now + RETRY_EVERY);
    }

    /// Tries the pending writes again, when it is time to; call once per frame.
    pub fn retry(&mut self, now: Instant) {
        if self.pending.is_empty() || self.retry_at.is_some_and(|at| now < at) {
            return;
        }
        while let Some((write, stand_in)) = self.pending.front().cloned() {
            match write_to(&mut self.store, self.room.session_id, &write) {
                Ok(id) => {
                    self.pending.pop_front();
                    self.replace_stand_in(stand_in, id);
                }
                Err(e) => {
                    self.fail(&e, now);
                    return;
                }
            }
        }
        self.problem = None;
        self.retry_at = None;
    }

    /// When the next retry is due, for scheduling a redraw.
    pub fn retry_at(&self) -> Option<Instant> {
        self.retry_at.filter(|_| !self.pending.is_empty())
    }

    fn replace_stand_in(&mut self, stand_in: i64, id: i64) {
        for rows in self.room.responses.values_mut() {
            for row in rows.iter_mut().filter(|r| r.response_id == stand_in) {
                row.response_id = id;
            }
        }
        for sheets in self.room.sheets.values_mut() {
            for sheet in sheets.iter_mut().filter(|s| s.sheet_id == stand_in) {
                sheet.sheet_id = id;
            }
        }
        // Later pending corrections that named the stand-in now name the stored row.
        for (write, _) in &mut self.pending {
            match write {
                Write::Response(r) if r.supersedes == Some(stand_in) => r.supersedes = Some(id),
                Write::ScoreSheet(s) if s.supersedes == Some(stand_in) => s.supersedes = Some(id),
                _ => {}
            }
        }
    }

    /// Records a person's answer to a question, correcting their earlier one if any.
    pub fn answer(&mut self, mut response: NewResponse, now: Instant) -> Saved {
        response.supersedes = response
            .person_id
            .and_then(|person| self.room.answer_of(&response.item_id, person))
            .map(|r| r.response_id);
        self.record(Write::Response(response), now)
    }

    /// Adds one anonymous tally mark for `option`.
    pub fn add_mark(&mut self, item_id: &str, option: usize, at: &str, now: Instant) -> Saved {
        self.record(
            Write::Response(NewResponse {
                session_id: self.room.session_id,
                item_id: item_id.to_owned(),
                item_kind: "Poll".to_owned(),
                person_id: None,
                answer: Answer::Options(vec![option]),
                correct: None,
                supersedes: None,
                recorded_at: at.to_owned(),
            }),
            now,
        )
    }

    /// Withdraws the latest anonymous tally mark for `option`, if there is one.
    pub fn remove_mark(
        &mut self,
        item_id: &str,
        option: usize,
        at: &str,
        now: Instant,
    ) -> Option<Saved> {
        let mark: ResponseId = self
            .room
            .responses_to(item_id)
            .iter()
            .rev()
            .find(|r| r.person_id.is_none() && r.answer == Answer::Options(vec![option]))?
            .response_id;
        Some(self.record(
            Write::Response(NewResponse {
                session_id: self.room.session_id,
                item_id: item_id.to_owned(),
                item_kind: "Poll".to_owned(),
                person_id: None,
                answer: Answer::Cleared,
                correct: None,
                supersedes: Some(mark),
                recorded_at: at.to_owned(),
            }),
            now,
        ))
    }

    /// Records a score sheet, correcting any earlier one for the same seller and round.
    pub fn score(&mut self, mut sheet: NewScoreSheet, now: Instant) -> Saved {
        sheet.supersedes = self
            .room
            .sheet_of(&sheet.item_id, sheet.round, sheet.seller_id)
            .map(|s| s.sheet_id);
        self.record(Write::ScoreSheet(sheet), now)
    }

    pub fn presence(
        &mut self,
        person: PersonId,
        presence: Presence,
        at: &str,
        now: Instant,
    ) -> Saved {
        self.record(
            Write::Attendance {
                person,
                presence,
                at: at.to_owned(),
            },
            now,
        )
    }

    /// Adds someone to this session's roster; the person is the same as in earlier sessions
    /// when the email (else the name) matches. Needs a working store: the error says why not.
    pub fn add_person(
        &mut self,
        name: &str,
        email: Option<&str>,
        team: Option<&str>,
        at: &str,
    ) -> Result<PersonId, String> {
        let person = self
            .store
            .find_or_add_person(name, email, team, at)
            .map_err(|e| e.explained())?;
        if self.room.roster.iter().any(|p| p.person_id == person) {
            return Ok(person);
        }
        self.store
            .add_to_roster(self.room.session_id, person, at)
            .map_err(|e| e.explained())?;
        if let Ok(Some(p)) = self.store.person(person) {
            self.room.roster.push(p);
        }
        Ok(person)
    }

    /// Adds everyone from a roster file; returns how many were new to this session.
    pub fn import(&mut self, import: &RosterImport, at: &str) -> Result<usize, String> {
        let before = self.room.roster.len();
        for entry in &import.people {
            self.add_person(
                &entry.name,
                entry.email.as_deref(),
                entry.team.as_deref(),
                at,
            )?;
        }
        Ok(self.room.roster.len() - before)
    }

    pub fn rename(&mut self, person: PersonId, name: &str, at: &str) -> Result<(), String> {
        self.store
            .rename_person(person, name, at)
            .map_err(|e| e.explained())?;
        if let Some(p) = self.room.roster.iter_mut().find(|p| p.person_id == person) {
            p.name = name.to_owned();
        }
        Ok(())
    }

    pub fn remove_person(&mut self, person: PersonId, at: &str) -> Result<(), String> {
        self.store
            .remove_from_roster(self.room.session_id, person, at)
            .map_err(|e| e.explained())?;
        self.room.roster.retain(|p| p.person_id != person);
        Ok(())
    }
}

/// Writes one record to the store, returning the new row's id where it has one.
fn write_to(store: &mut Store, session: SessionId, write: &Write) -> Result<i64, StoreError> {
    match write {
        Write::Response(r) => store.record_response(r),
        Write::Attendance {
            person,
            presence,
            at,
        } => store
            .record_attendance(session, *person, *presence, at)
            .map(|()| 0),
        Write::ScoreSheet(s) => store.record_score_sheet(s).map(|id: SheetId| id),
        Write::Groups {
            item_id,
            groups,
            at,
        } => store.save_groups(session, item_id, groups, at).map(|()| 0),
        Write::Note {
            slide_ref,
            text,
            at,
        } => store.save_note(session, slide_ref, text, at).map(|()| 0),
        Write::Position { slide, step, at } => store
            .record_position(session, *slide, *step, at)
            .map(|()| 0),
        Write::SlideTime(t) => store.record_slide_time(t).map(|()| 0),
        Write::End { at } => store.end_session(session, at).map(|()| 0),
    }
}
