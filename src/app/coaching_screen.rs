//! The shell of the follow-up screens: reads the records, hands what the leader records to the
//! writer thread (its own journal, outside any show), reads the records again on a thread of
//! their own once the writer has saved and rebuilds the views from them, and writes the
//! exports.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use jiff::civil::Date;

use crate::export::{self, ExportError, Format};
use crate::pdf::{self, Paper};
use crate::record::jobs::{Job, Polled};
use crate::record::{
    self, Event, FollowUpPending, FollowUpWrite, Journal, LocalId, NO_SESSION, Notify, Writer,
    signals,
};
use crate::report::coaching::{self, CoachingRecords, MatrixSort};
use crate::store::{
    CommitmentKey, CommitmentStatus, CriterionScore, NewCommitmentUpdate, NewObservation, PersonId,
    Store,
};
use crate::time::Now;
use crate::ui::coaching::{
    CoachingAction, CoachingState, CoachingView, ExportKind, ExportOutcome, ObservationForm,
};

/// What the shell does after a frame of the follow-up screens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Leave {
    /// Back to the start screen.
    Start,
    /// The export folder dialog is wanted.
    ChooseFolder,
}

/// The follow-up screens with their records and their writer.
pub struct CoachingScreen {
    pub state: CoachingState,
    data_dir: PathBuf,
    /// Who records the observations: the facilitator's name.
    observer: String,
    records: CoachingRecords,
    journal: Arc<Mutex<Journal>>,
    writer: Writer,
    /// Keys handed to the writer and not yet saved, with what to say once they are.
    sent: Vec<(String, String)>,
    next_local: LocalId,
    sort: MatrixSort,
    person: Option<PersonId>,
    /// The records being read again after a save, off the window's thread: on a large
    /// history a read takes tens of milliseconds, which the screen would stop for.
    reading: Option<Job<Result<CoachingRecords, String>>>,
    /// Another save landed while reading: read once more when this read is done.
    read_again: bool,
    /// Wakes the window when a read is done.
    notify: Notify,
}

impl CoachingScreen {
    /// Opens the follow-up screens on `view` (a person's page when `person` is given).
    pub fn open(
        data_dir: &Path,
        observer: &str,
        view: CoachingView,
        person: Option<PersonId>,
        now: &Now,
        notify: Notify,
    ) -> CoachingScreen {
        let journal = Arc::new(Mutex::new(Journal::new(
            data_dir,
            NO_SESSION,
            "Follow-up",
            &now.recorded(),
        )));
        // Records not saved when Podium is stopped go to the file of unsaved records.
        signals::register(&journal);
        let writer = Writer::start(data_dir, journal.clone(), None, notify.clone());
        let mut screen = CoachingScreen {
            state: CoachingState {
                view,
                export_dir: super::default_export_dir().display().to_string(),
                ..CoachingState::default()
            },
            data_dir: data_dir.to_path_buf(),
            observer: observer.to_owned(),
            records: CoachingRecords::default(),
            journal,
            writer,
            sent: Vec::new(),
            next_local: -1,
            sort: MatrixSort::LongestUnobserved,
            person,
            reading: None,
            read_again: false,
            notify,
        };
        // The screens open on the records, read here once.
        let read = read_records(&screen.data_dir);
        screen.take_in(read, now.wall.date());
        screen
    }

    /// Reads the records again on a thread of its own; the views are rebuilt, as of the day
    /// the read ends, in the frame that takes them in. A read asked for while one runs
    /// follows it.
    pub fn reload(&mut self) {
        if self.reading.is_some() {
            self.read_again = true;
            return;
        }
        let dir = self.data_dir.clone();
        match Job::spawn("follow-up records", self.notify.clone(), move || {
            read_records(&dir)
        }) {
            Ok(job) => self.reading = Some(job),
            // No thread to spare: read here, as the screens opened.
            Err(e) => {
                eprintln!("podium: the follow-up records are read on the window's thread ({e})");
                self.read_now();
            }
        }
    }

    /// Reads the records on this thread and rebuilds the views as of today.
    fn read_now(&mut self) {
        let read = read_records(&self.data_dir);
        self.take_in(read, Now::read().wall.date());
    }

    /// Takes in the records of a read done, or why it failed, and rebuilds every view.
    fn take_in(&mut self, read: Result<CoachingRecords, String>, today: Date) {
        match read {
            Ok(records) => {
                self.records = records;
                self.state.problem = None;
            }
            Err(why) => self.state.problem = Some(why),
        }
        self.rebuild(today);
    }

    /// Takes in a read that ended since the last frame, and starts the one asked for since.
    fn poll_reading(&mut self, today: Date) {
        let Some(job) = &self.reading else {
            return;
        };
        let read = match job.poll() {
            Polled::Running => return,
            Polled::Done(read) => read,
            Polled::Lost => Err(
                "The records could not be read again (the reading stopped unexpectedly); what was saved is in the database. Go back and open this screen again to see it."
                    .to_owned(),
            ),
        };
        self.reading = None;
        self.take_in(read, today);
        if std::mem::take(&mut self.read_again) {
            self.reload();
        }
    }

    fn rebuild(&mut self, today: Date) {
        self.state.follow_up = Some(coaching::follow_up_list(&self.records, today));
        self.state.team = Some(coaching::team_matrix(
            &self.records,
            today,
            self.sort.clone(),
        ));
        self.state.person = self
            .person
            .and_then(|p| coaching::person_page(&self.records, p, today).ok());
    }

    /// Draws a frame and carries out what was asked.
    pub fn frame(&mut self, ui: &mut egui::Ui, now: &Now) -> Option<Leave> {
        let today = now.wall.date();
        let mut saved_any = false;
        for event in self.writer.events() {
            match event {
                Event::Committed(key) => {
                    if let Some(at) = self.sent.iter().position(|(k, _)| *k == key) {
                        let (_, said) = self.sent.remove(at);
                        self.state.saved = Some(said);
                        saved_any = true;
                    }
                }
                Event::Held(_) => saved_any = true,
            }
        }
        let status = record::lock(&self.journal).status();
        self.state.saving = status.pending;
        if saved_any {
            self.reload();
        }
        self.poll_reading(today);
        if let Some(problem) = status.problem.or(status.held_problem) {
            self.state.problem = Some(problem);
        }
        let actions = crate::ui::coaching::coaching_ui(ui, &mut self.state);
        let mut leave = None;
        for action in actions {
            if let Some(l) = self.apply(action, now) {
                leave = Some(l);
            }
        }
        leave
    }

    /// Whether records handed to the writer are not saved yet.
    pub fn waiting(&self) -> usize {
        record::lock(&self.journal).waiting()
    }

    /// Whether anything is still on its way: records not saved yet, or the records being
    /// read again after a save.
    pub fn busy(&self) -> bool {
        self.waiting() > 0 || self.reading.is_some() || self.read_again
    }

    /// Carries out one action.
    pub fn apply(&mut self, action: CoachingAction, now: &Now) -> Option<Leave> {
        let today = now.wall.date();
        match action {
            CoachingAction::Back => return Some(Leave::Start),
            CoachingAction::ChooseFolder => return Some(Leave::ChooseFolder),
            CoachingAction::Show(view) => {
                self.state.view = view;
                self.state.export = None;
            }
            CoachingAction::OpenPerson(person) => {
                self.person = Some(person);
                self.rebuild(today);
                self.state.view = CoachingView::Person;
                self.state.export = None;
            }
            CoachingAction::Sort(sort) => {
                self.sort = sort.clone();
                self.state.team = self.state.team.take().map(|t| t.sorted(sort));
            }
            CoachingAction::SetStatus(key, status) => {
                let said = format!("Marked {}.", status.as_str());
                self.update(key, Some(status), None, now, said);
            }
            CoachingAction::AddNote(key) => {
                let note = self
                    .state
                    .notes
                    .remove(&key)
                    .unwrap_or_default()
                    .trim()
                    .to_owned();
                if !note.is_empty() {
                    self.update(key, None, Some(note), now, "Note saved.".to_owned());
                }
            }
            CoachingAction::Observe => {
                if let Some(page) = &self.state.person {
                    self.state.form = Some(ObservationForm::new(page, today));
                    self.state.view = CoachingView::Observe;
                }
            }
            CoachingAction::SaveObservation => self.save_observation(now),
            CoachingAction::AskWithdraw(which) => self.state.withdrawing = which,
            CoachingAction::Withdraw(observation) => {
                self.state.withdrawing = None;
                let write = FollowUpWrite::WithdrawObservation {
                    observation,
                    at: now.recorded(),
                };
                self.send(write, "Observation withdrawn.".to_owned());
            }
            CoachingAction::Export(kind) => {
                self.state.export = Some(self.export(kind, today));
            }
        }
        None
    }

    fn send(&mut self, write: FollowUpWrite, said: String) {
        let pending = Arc::new(FollowUpPending::new(NO_SESSION, write));
        record::lock(&self.journal)
            .follow_ups
            .push_back(pending.clone());
        self.sent.push((pending.key.clone(), said));
        self.writer.send_follow_up(pending);
        self.state.saved = None;
    }

    fn update(
        &mut self,
        key: CommitmentKey,
        status: Option<CommitmentStatus>,
        note: Option<String>,
        now: &Now,
        said: String,
    ) {
        let update = NewCommitmentUpdate {
            commitment: key,
            status,
            note,
            due_on: None,
            recorded_at: now.recorded(),
        };
        self.send(FollowUpWrite::CommitmentUpdate(update), said);
    }

    fn save_observation(&mut self, now: &Now) {
        let today = now.wall.date();
        let Some(form) = &mut self.state.form else {
            return;
        };
        let day: Date = match form.day.trim().parse() {
            Ok(day) => day,
            Err(_) => {
                form.problem = Some(format!(
                    "\"{}\" is not a day: write it as YYYY-MM-DD, for example {today}.",
                    form.day.trim()
                ));
                return;
            }
        };
        if day > today {
            form.problem = Some(format!(
                "{day} is still to come: an observation is of a call that took place (today is {today})."
            ));
            return;
        }
        let Some(rubric) = form.chosen().cloned() else {
            form.problem = Some("Choose a rubric to score on.".to_owned());
            return;
        };
        if form.scores.iter().all(Option::is_none) {
            form.problem = Some(
                "Give at least one criterion a score; leave \"not seen\" on the others.".to_owned(),
            );
            return;
        }
        let scores = form
            .scores
            .iter()
            .zip(&form.comments)
            .map(|(score, comment)| CriterionScore {
                score: *score,
                comment: comment.trim().to_owned(),
            })
            .collect();
        let new = NewObservation {
            person_id: form.person_id,
            observed_on: day,
            context: form.context.trim().to_owned(),
            observer: self.observer.clone(),
            rubric,
            scores,
            supersedes: None,
            recorded_at: now.recorded(),
        };
        let observation = self.next_local;
        self.next_local -= 1;
        let said = format!("Observation of {} saved.", form.person);
        self.state.form = None;
        self.state.view = CoachingView::Person;
        self.send(FollowUpWrite::Observation { observation, new }, said);
    }

    fn export(&self, kind: ExportKind, today: Date) -> ExportOutcome {
        let dir = PathBuf::from(self.state.export_dir.trim());
        if self.state.export_dir.trim().is_empty() {
            return ExportOutcome::Problem(
                "Type a folder for the files, or choose one.".to_owned(),
            );
        }
        // The folder was typed or chosen here, so a missing one is made.
        if let Err(e) = std::fs::create_dir_all(&dir) {
            return ExportOutcome::Problem(format!(
                "Cannot create the folder {}: {e}",
                dir.display()
            ));
        }
        let written = match kind {
            ExportKind::Csv | ExportKind::Workbook => {
                let format = if kind == ExportKind::Csv {
                    Format::Csv
                } else {
                    Format::Xlsx
                };
                match Store::open(&self.data_dir) {
                    Ok(store) => export::people::export_people(
                        &store,
                        &dir,
                        format,
                        self.state.overwrite,
                        today,
                    ),
                    Err(e) => return ExportOutcome::Problem(e.explained()),
                }
            }
            ExportKind::Pdf => return self.export_pdf(&dir),
        };
        outcome(written)
    }

    fn export_pdf(&self, dir: &Path) -> ExportOutcome {
        let paper = if self.state.letter {
            Paper::Letter
        } else {
            Paper::A4
        };
        let (printed, name) = match self.state.view {
            CoachingView::Person | CoachingView::Observe => {
                let Some(page) = &self.state.person else {
                    return ExportOutcome::Problem("Open a person's page first.".to_owned());
                };
                (
                    pdf::person_page(page, paper),
                    format!("person-{}-{}.pdf", page.person.person_id, page.today),
                )
            }
            _ => {
                let Some(team) = &self.state.team else {
                    return ExportOutcome::Problem("The team matrix could not be read.".to_owned());
                };
                (
                    pdf::team_matrix(team, paper),
                    format!("team-matrix-{}.pdf", team.today),
                )
            }
        };
        let printed = match printed {
            Ok(printed) => printed,
            Err(e) => return ExportOutcome::Problem(e.to_string()),
        };
        let file = dir.join(name);
        match export::write_one_file(&file, &printed.bytes, self.state.overwrite) {
            Ok(path) => ExportOutcome::Written(match printed.note() {
                Some(note) => format!("Written: {} (but {note})", path.display()),
                None => format!("Written: {}", path.display()),
            }),
            Err(e) => outcome(Err(e)),
        }
    }

    /// Sets the export folder from a dialog's answer.
    pub fn folder_chosen(&mut self, chosen: Option<PathBuf>) {
        self.state.browsing = false;
        match chosen {
            Some(dir) => self.state.export_dir = dir.display().to_string(),
            None => {
                self.state.export = Some(ExportOutcome::Problem(
                    "No folder was chosen. If no dialog appeared, type the folder's path."
                        .to_owned(),
                ));
            }
        }
    }
}

/// Every record the follow-up screens show, or why they cannot be read.
fn read_records(data_dir: &Path) -> Result<CoachingRecords, String> {
    Store::open(data_dir)
        .and_then(|store| CoachingRecords::load(&store))
        .map_err(|e| e.explained())
}

fn outcome(written: Result<Vec<PathBuf>, ExportError>) -> ExportOutcome {
    match export::said(written) {
        Ok(written) => ExportOutcome::Written(written),
        Err(problem) => ExportOutcome::Problem(problem),
    }
}
