//! What the room did, kept in memory for the screens and handed to the writer as it happens.
//!
//! The screens never wait for the database: each record goes into the room at once, marked
//! not saved, and to the writer thread ([`crate::record`]), which commits it and then tells
//! the screens it is saved. When the store cannot be written (a read-only folder, a full disk,
//! another program holding the lock), the records stay in memory, the presenter is told
//! plainly, and the writer tries again on its own; nothing is dropped. No UI here.

use jiff::Zoned;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::deck::{Deck, ItemKind, SlideKind};
use crate::record::owner::OwnerLock;
use crate::record::pending_file::{self, PendingFileError};
use crate::record::{
    self, FollowUpPending, FollowUpWrite, Journal, LocalId, LocalRecord, Mark, Notify, Pending,
    Status, Writer, follow_up,
};
use crate::roster::RosterImport;
use crate::store::types::{
    Answer, AttendanceRow, Mode, NewResponse, NewScoreSheet, NewSession, Person, PersonId,
    Presence, ResponseId, ResponseRow, ScoreSheet, SessionId, SessionInfo,
};
use crate::store::{NewPerson, Store, StoreError, email_key, name_key};

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

/// Counts of what a session holds: people here of the roster, answers, score sheets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SessionTally {
    pub here: usize,
    pub roster: usize,
    pub answers: usize,
    pub sheets: usize,
}

/// The session's records as the screens show them. Ids are local ids: stored ids for what was
/// loaded, negative stand-ins for what this show made.
#[derive(Debug, Clone, Default)]
pub struct RoomRecords {
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
    /// What waits for its commit, shown as not saved yet.
    pub unsaved: HashMap<Mark, usize>,
}

impl RoomRecords {
    /// Reads everything recorded for `session_id` in `store`.
    pub fn load(
        store: &Store,
        session_id: SessionId,
        deck: &Deck,
    ) -> Result<RoomRecords, StoreError> {
        let info = store.session(session_id)?;
        let mut room = RoomRecords {
            session_id,
            mode: info.map(|i| i.mode),
            roster: store.roster(session_id)?,
            ..RoomRecords::default()
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

    /// Whether the record `mark` stands for is still waiting for its commit.
    pub fn is_unsaved(&self, mark: &Mark) -> bool {
        self.unsaved.get(mark).is_some_and(|n| *n > 0)
    }

    pub fn person(&self, id: PersonId) -> Option<&Person> {
        self.roster.iter().find(|p| p.person_id == id)
    }

    pub fn presence(&self, id: PersonId) -> Option<Presence> {
        self.attendance.get(&id).map(|a| a.presence)
    }

    /// Whether the roster names two teams or more, so groups can be spread over them (one
    /// team, or people with none besides it, leaves nothing to mix).
    pub fn has_teams(&self) -> bool {
        let mut teams = self
            .roster
            .iter()
            .filter_map(|p| p.team.as_deref().map(str::trim))
            .filter(|t| !t.is_empty());
        teams
            .next()
            .is_some_and(|first| teams.any(|other| other != first))
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

    /// What the session holds, as the close summary says it.
    pub fn counts(&self) -> SessionTally {
        SessionTally {
            here: self.here().len(),
            roster: self.roster.len(),
            answers: self
                .responses
                .values()
                .flatten()
                .filter(|r| r.answer != Answer::Cleared)
                .count(),
            sheets: self.sheets.values().map(Vec::len).sum(),
        }
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
                // A loaded deck has max >= min; an impossible scale shows no bars.
                let width = usize::try_from(rating.max - rating.min + 1).unwrap_or(0);
                let mut counts = vec![0; width];
                let mut sum = 0i64;
                let mut respondents = 0;
                for row in rows {
                    // An answer off the scale (the deck was edited since) is not counted.
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

    /// Applies a record to the room, as the screens show it from now on.
    fn apply(&mut self, write: &LocalRecord) {
        match write {
            LocalRecord::StartSession(_)
            | LocalRecord::Position { .. }
            | LocalRecord::SlideTime(_)
            | LocalRecord::End { .. } => {}
            LocalRecord::AddPerson { person, new, .. } => {
                if !self.roster.iter().any(|p| p.person_id == *person) {
                    self.put_on_roster(*person, new);
                }
            }
            LocalRecord::AddPeople { people, .. } => {
                // A roster can hold 100,000 people: one pass, not one search per person.
                let mut listed: std::collections::HashSet<PersonId> =
                    self.roster.iter().map(|p| p.person_id).collect();
                self.roster.reserve(people.len());
                for (person, new) in people {
                    if listed.insert(*person) {
                        self.put_on_roster(*person, new);
                    }
                }
            }
            LocalRecord::Roster {
                person, on_roster, ..
            } => {
                if !on_roster {
                    self.roster.retain(|p| p.person_id != *person);
                }
            }
            LocalRecord::Rename { person, name, .. } => {
                if let Some(p) = self.roster.iter_mut().find(|p| p.person_id == *person) {
                    p.name = name.clone();
                }
            }
            LocalRecord::Response { response, new } => {
                let rows = self.responses.entry(new.item_id.clone()).or_default();
                if let Some(old) = new.supersedes {
                    rows.retain(|row| row.response_id != old);
                }
                if new.answer != Answer::Cleared {
                    rows.push(ResponseRow {
                        response_id: *response,
                        item_id: new.item_id.clone(),
                        item_kind: new.item_kind,
                        person_id: new.person_id,
                        answer: new.answer.clone(),
                        correct: new.correct,
                        recorded_at: new.recorded_at.clone(),
                    });
                }
            }
            LocalRecord::Attendance {
                person,
                presence,
                at,
            } => {
                let checked_in = self
                    .attendance
                    .get(person)
                    .and_then(|b| b.checked_in_at.clone());
                let (checked_in_at, left_at) = match presence {
                    Presence::Present | Presence::Late => (Some(at.clone()), None),
                    Presence::LeftEarly => (checked_in, Some(at.clone())),
                    Presence::Absent => (None, None),
                };
                self.attendance.insert(
                    *person,
                    AttendanceRow {
                        person_id: *person,
                        presence: *presence,
                        checked_in_at,
                        left_at,
                    },
                );
            }
            LocalRecord::ScoreSheet { sheet, new } => {
                let sheets = self.sheets.entry(new.item_id.clone()).or_default();
                if let Some(old) = new.supersedes {
                    sheets.retain(|s| s.sheet_id != old);
                }
                sheets.push(ScoreSheet {
                    sheet_id: *sheet,
                    item_id: new.item_id.clone(),
                    round: new.round,
                    seller_id: new.seller_id,
                    observer_id: new.observer_id,
                    scores: new.scores.clone(),
                    scale: new.scale,
                    comment: new.comment.clone(),
                    recorded_at: new.recorded_at.clone(),
                });
            }
            LocalRecord::Groups {
                item_id, groups, ..
            } => {
                self.groups.insert(item_id.clone(), groups.clone());
            }
            LocalRecord::Note {
                slide_ref, text, ..
            } => {
                self.notes.insert(slide_ref.clone(), text.clone());
            }
        }
    }

    fn put_on_roster(&mut self, person: LocalId, new: &NewPerson) {
        self.roster.push(Person {
            person_id: person,
            name: new.name.clone(),
            email: new.email.clone(),
            team: new.team.clone(),
        });
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

/// The room and the writer together: each record goes into the room at once and to the
/// writer, and is marked not saved until the writer has committed it.
pub struct Recorder {
    pub room: RoomRecords,
    journal: Arc<Mutex<Journal>>,
    writer: Writer,
    /// The next stand-in id; stand-ins count down from -1.
    next_local: LocalId,
    /// What each waiting record marks as not saved, by key.
    marks_of: HashMap<String, Vec<Mark>>,
    /// The journal as of the last [`Recorder::poll`].
    status: Status,
    /// Wakes the windows; shared with the work that records into the room.
    notify: Notify,
    /// The key of the record made last, for [`Recorder::watch_last`].
    last_key: Option<String>,
    /// Keys whose commit (or refusal) someone waits to hear of.
    watched: HashSet<String>,
    /// What the writer said of watched keys since the last [`Recorder::take_settled`].
    settled: Vec<record::Event>,
}

impl std::fmt::Debug for Recorder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Recorder")
            .field("session", &self.room.session_id)
            .field("status", &self.status)
            .finish()
    }
}

impl Recorder {
    /// Records a new session in `data_dir`. Nothing touches the database on this thread: the
    /// session's row is the writer's first record, and it waits in memory (with everything
    /// after it) for as long as the store cannot be written.
    pub fn start(data_dir: &Path, new: NewSession, notify: Notify) -> Recorder {
        let session = -1;
        let room = RoomRecords {
            session_id: session,
            mode: Some(new.mode),
            ..RoomRecords::default()
        };
        let journal = Arc::new(Mutex::new(Journal::new(
            data_dir,
            session,
            &new.deck_title,
            &new.started_at,
        )));
        let writer = Writer::start(data_dir, journal.clone(), None, notify.clone());
        let mut recorder = Recorder::with(room, journal, writer, notify);
        recorder.record(LocalRecord::StartSession(new));
        recorder
    }

    /// Goes on recording a session that stopped: `room` as loaded from the store (see
    /// [`RoomRecords::load`]), `owner` its lock.
    pub fn resume(
        data_dir: &Path,
        room: RoomRecords,
        info: &SessionInfo,
        owner: OwnerLock,
        notify: Notify,
    ) -> Recorder {
        let journal = Arc::new(Mutex::new(Journal::new(
            data_dir,
            room.session_id,
            &info.deck_title,
            &info.started_at,
        )));
        let writer = Writer::start(data_dir, journal.clone(), Some(owner), notify.clone());
        Recorder::with(room, journal, writer, notify)
    }

    fn with(
        room: RoomRecords,
        journal: Arc<Mutex<Journal>>,
        writer: Writer,
        notify: Notify,
    ) -> Recorder {
        record::signals::register(&journal);
        Recorder {
            room,
            journal,
            writer,
            next_local: -2,
            marks_of: HashMap::new(),
            status: Status::default(),
            notify,
            last_key: None,
            watched: HashSet::new(),
            settled: Vec::new(),
        }
    }

    /// The data folder the session is recorded in, for work that reads it on its own thread.
    pub fn data_dir(&self) -> PathBuf {
        record::lock(&self.journal).data_dir.clone()
    }

    /// `groups` of stored person ids (read from the store) in this room's ids; people not on
    /// this session's roster, or not stored yet, are left out.
    pub fn in_local_ids(&self, groups: &[Vec<PersonId>]) -> Vec<Vec<PersonId>> {
        let journal = record::lock(&self.journal);
        let local_of: HashMap<i64, PersonId> = self
            .room
            .roster
            .iter()
            .filter_map(|p| Some((journal.resolved.get(p.person_id)?, p.person_id)))
            .collect();
        groups
            .iter()
            .map(|g| {
                g.iter()
                    .filter_map(|id| local_of.get(id).copied())
                    .collect()
            })
            .collect()
    }

    /// The callback that wakes the windows, for work that records into this room.
    pub fn notify(&self) -> Notify {
        self.notify.clone()
    }

    /// Takes in what the writer did since the last call: records saved are no longer marked.
    /// Call once per frame, before drawing.
    pub fn poll(&mut self) {
        for event in self.writer.events() {
            let (record::Event::Committed(key) | record::Event::Held(key)) = &event;
            if self.watched.remove(key) {
                self.settled.push(event.clone());
            }
            // A held record is not saved: it stays marked, and counted, until the presenter
            // saves it to a file or discards it.
            let record::Event::Committed(key) = &event else {
                continue;
            };
            if let Some(marks) = self.marks_of.remove(key) {
                for mark in marks {
                    if let Some(n) = self.room.unsaved.get_mut(&mark) {
                        *n = n.saturating_sub(1);
                        if *n == 0 {
                            self.room.unsaved.remove(&mark);
                        }
                    }
                }
            }
        }
        self.status = record::lock(&self.journal).status();
    }

    /// The journal as of the last [`Recorder::poll`]: how many records wait, and why.
    pub fn status(&self) -> &Status {
        &self.status
    }

    /// How many records are not saved yet (as of the last poll).
    pub fn unsaved(&self) -> usize {
        self.status.pending
    }

    /// Why records are not being saved, with what to do, while any wait.
    pub fn problem(&self) -> Option<&str> {
        self.status
            .problem
            .as_deref()
            .or(self.status.held_problem.as_deref())
    }

    /// The session's id in the database, once its row is written.
    pub fn stored_session(&self) -> Option<SessionId> {
        self.status.stored_session
    }

    /// The records not yet saved, shared with the writer and the signal handler.
    pub fn journal(&self) -> &Arc<Mutex<Journal>> {
        &self.journal
    }

    /// Puts `write` in the room and hands it to the writer; never waits.
    pub fn record(&mut self, write: LocalRecord) {
        self.room.apply(&write);
        let pending = Arc::new(Pending {
            key: record::new_key(),
            session: self.room.session_id,
            write,
        });
        let marks = pending.marks();
        for mark in &marks {
            *self.room.unsaved.entry(mark.clone()).or_default() += 1;
        }
        self.marks_of.insert(pending.key.clone(), marks);
        self.last_key = Some(pending.key.clone());
        {
            let mut journal = record::lock(&self.journal);
            journal.pending.push_back(Arc::clone(&pending));
            self.status = journal.status();
        }
        self.writer.send(pending);
    }

    /// Records the commitment slides of `deck` for a live session (each due its
    /// `follow_up_days` after the session's day), so their answers become commitments: when
    /// the show starts or resumes, and when the deck is reloaded (the latest counts). A deck
    /// without any records nothing.
    pub fn record_commitment_items(&mut self, deck: &Deck, at: Zoned) {
        if self.room.mode != Some(Mode::Live) {
            return;
        }
        let started_at = record::lock(&self.journal).started_at.clone();
        let items = follow_up::commitment_items(deck, &started_at);
        if items.is_empty() {
            return;
        }
        let pending = Arc::new(FollowUpPending::new(
            self.room.session_id,
            FollowUpWrite::CommitmentItems { items, at },
        ));
        {
            let mut journal = record::lock(&self.journal);
            journal.follow_ups.push_back(Arc::clone(&pending));
            self.status = journal.status();
        }
        self.writer.send_follow_up(pending);
    }

    /// The key of the record made last.
    pub fn last_key(&self) -> Option<&str> {
        self.last_key.as_deref()
    }

    /// Asks to hear, through [`Recorder::take_settled`], when the record made last is
    /// committed or refused for good; returns its key. The writer commits in order, so the
    /// last of several records settling means the others did too.
    pub fn watch_last(&mut self) -> Option<String> {
        let key = self.last_key.clone()?;
        self.watched.insert(key.clone());
        Some(key)
    }

    /// What the writer said of the watched records since the last call (as of the last
    /// [`Recorder::poll`]).
    pub fn take_settled(&mut self) -> Vec<record::Event> {
        std::mem::take(&mut self.settled)
    }

    fn new_local(&mut self) -> LocalId {
        let id = self.next_local;
        self.next_local -= 1;
        id
    }

    /// Records a person's answer to a question, correcting their earlier one if any.
    pub fn answer(&mut self, mut response: NewResponse) {
        response.session_id = self.room.session_id;
        response.supersedes = response
            .person_id
            .and_then(|person| self.room.answer_of(&response.item_id, person))
            .map(|r| r.response_id);
        let local = self.new_local();
        self.record(LocalRecord::Response {
            response: local,
            new: response,
        });
    }

    /// Adds one anonymous tally mark for `option`.
    pub fn add_mark(&mut self, item_id: &str, option: usize, at: &Zoned) {
        self.tally(item_id, Answer::Options(vec![option]), None, at);
    }

    /// Adds one anonymous vote for the `options` chosen (several in a multiple-choice poll).
    pub fn add_vote(&mut self, item_id: &str, options: Vec<usize>, at: &Zoned) {
        self.tally(item_id, Answer::Options(options), None, at);
    }

    /// Withdraws the latest anonymous tally mark for `option`; false if there is none.
    pub fn remove_mark(&mut self, item_id: &str, option: usize, at: &Zoned) -> bool {
        let Some(mark): Option<ResponseId> = self
            .room
            .responses_to(item_id)
            .iter()
            .rev()
            .find(|r| r.person_id.is_none() && r.answer == Answer::Options(vec![option]))
            .map(|r| r.response_id)
        else {
            return false;
        };
        self.tally(item_id, Answer::Cleared, Some(mark), at);
        true
    }

    /// Records a change of an anonymous poll's tally: a mark, or one withdrawn.
    fn tally(&mut self, item_id: &str, answer: Answer, supersedes: Option<ResponseId>, at: &Zoned) {
        let local = self.new_local();
        self.record(LocalRecord::Response {
            response: local,
            new: NewResponse {
                session_id: self.room.session_id,
                item_id: item_id.to_owned(),
                item_kind: ItemKind::Poll,
                person_id: None,
                answer,
                correct: None,
                supersedes,
                recorded_at: at.to_owned(),
            },
        });
    }

    /// Records a score sheet, correcting any earlier one for the same seller and round.
    pub fn score(&mut self, mut sheet: NewScoreSheet) {
        sheet.session_id = self.room.session_id;
        sheet.supersedes = self
            .room
            .sheet_of(&sheet.item_id, sheet.round, sheet.seller_id)
            .map(|s| s.sheet_id);
        let local = self.new_local();
        self.record(LocalRecord::ScoreSheet {
            sheet: local,
            new: sheet,
        });
    }

    pub fn presence(&mut self, person: PersonId, presence: Presence, at: &Zoned) {
        self.record(LocalRecord::Attendance {
            person,
            presence,
            at: at.to_owned(),
        });
    }

    /// Adds someone to this session's roster, or finds them on it: the same email, else the
    /// same name, is the same person (as the store matches people across sessions).
    pub fn add_person(
        &mut self,
        name: &str,
        email: Option<&str>,
        team: Option<&str>,
        at: &Zoned,
    ) -> Result<PersonId, String> {
        let new = new_person(name, email, team);
        if new.name.is_empty() {
            return Err("a person needs a name".to_owned());
        }
        if let Some(found) = RosterIndex::of(&self.room.roster).find(&new) {
            return Ok(found);
        }
        let person = self.new_local();
        self.record(LocalRecord::AddPerson {
            person,
            new,
            at: at.to_owned(),
        });
        Ok(person)
    }

    /// Adds everyone from a roster file who is not on the roster yet, written in one
    /// transaction; returns how many were new. The reader has tidied the names already.
    pub fn import(&mut self, import: RosterImport, at: &Zoned) -> usize {
        let known = self.room.roster.len();
        let people = new_people(&self.room.roster, import);
        self.add_people(people, known, at)
    }

    /// Adds people found new by [`new_people`] against the first `known` people of the
    /// roster (worked out on another thread for a large file); those added since are checked
    /// here. Written in one transaction; returns how many were added.
    pub fn add_people(&mut self, people: Vec<NewPerson>, known: usize, at: &Zoned) -> usize {
        let since = self.room.roster.get(known..).unwrap_or_default();
        let mut since = (!since.is_empty()).then(|| RosterIndex::of(since));
        let mut added = Vec::with_capacity(people.len());
        for new in people {
            if let Some(since) = &mut since {
                if since.find(&new).is_some() {
                    continue;
                }
                since.add(0, &new);
            }
            let local = self.new_local();
            added.push((local, new));
        }
        let count = added.len();
        if count > 0 {
            self.record(LocalRecord::AddPeople {
                people: added,
                at: at.to_owned(),
            });
        }
        count
    }

    pub fn rename(&mut self, person: PersonId, name: &str, at: &Zoned) -> Result<(), String> {
        let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
        if name.is_empty() {
            return Err("a person needs a name".to_owned());
        }
        self.record(LocalRecord::Rename {
            person,
            name,
            at: at.to_owned(),
        });
        Ok(())
    }

    pub fn remove_person(&mut self, person: PersonId, at: &Zoned) {
        self.record(LocalRecord::Roster {
            person,
            on_roster: false,
            at: at.to_owned(),
        });
    }

    /// Asks the writer to try the waiting records now.
    pub fn retry_now(&mut self) {
        self.writer.retry_now();
    }

    /// Saves the records not yet in the database to `path` (see
    /// [`crate::record::pending_file`]); returns how many.
    pub fn save_pending(&self, path: &Path) -> Result<usize, PendingFileError> {
        let batch = pending_file::batch_of(&record::lock(&self.journal));
        let count = batch.as_ref().map_or(0, |b| b.records.len());
        pending_file::save(path, batch.into_iter().collect())?;
        Ok(count)
    }

    /// Drops the records not yet saved and stops the writer: the presenter chose to.
    pub fn discard(&mut self) {
        record::lock(&self.journal).discard();
        self.writer.discard();
        self.watched.clear();
        self.marks_of.clear();
        self.room.unsaved.clear();
        self.status = record::lock(&self.journal).status();
    }
}

/// The people of a roster file who are not on `roster` yet (nor listed twice in the file),
/// matched as the store matches people. Slow for a large file, so it runs where the file is
/// read, off the windows' thread.
pub fn new_people(roster: &[Person], import: RosterImport) -> Vec<NewPerson> {
    let mut index = RosterIndex::of(roster);
    let mut people = Vec::with_capacity(import.people.len());
    for entry in import.people {
        let new = NewPerson {
            name: entry.name,
            email: entry.email,
            team: entry.team,
        };
        if new.name.is_empty() || index.find(&new).is_some() {
            continue;
        }
        index.add(0, &new);
        people.push(new);
    }
    people
}

/// A person as the roster reader or the presenter gives them, with spaces tidied.
fn new_person(name: &str, email: Option<&str>, team: Option<&str>) -> NewPerson {
    let tidy = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
    NewPerson {
        name: tidy(name),
        email: email.map(tidy).filter(|e| !e.is_empty()),
        team: team.map(tidy).filter(|t| !t.is_empty()),
    }
}

/// The roster by email and by name, matched the way the store matches people.
struct RosterIndex {
    by_email: HashMap<String, PersonId>,
    by_name: HashMap<String, PersonId>,
}

impl RosterIndex {
    fn of(roster: &[Person]) -> RosterIndex {
        let mut index = RosterIndex {
            by_email: HashMap::new(),
            by_name: HashMap::new(),
        };
        for person in roster {
            index.add(
                person.person_id,
                &NewPerson {
                    name: person.name.clone(),
                    email: person.email.clone(),
                    team: None,
                },
            );
        }
        index
    }

    fn add(&mut self, id: PersonId, person: &NewPerson) {
        if let Some(email) = &person.email {
            self.by_email.entry(email_key(email)).or_insert(id);
        }
        self.by_name.entry(name_key(&person.name)).or_insert(id);
    }

    fn find(&self, person: &NewPerson) -> Option<PersonId> {
        match &person.email {
            Some(email) => self.by_email.get(&email_key(email)).copied(),
            None => self.by_name.get(&name_key(&person.name)).copied(),
        }
    }
}
