//! A deck being presented, without a window: the show's state machine, the recorder, and the
//! show-level state that the presenter's actions change (the help, the audience window
//! wanted, the side panel's tab and keyboard-entry cursor, the close's progress).
//!
//! The shell gathers every input of a frame as an [`Action`] and hands them to
//! [`Presentation::apply`], which changes this state and returns the [`Effect`]s only the
//! shell can carry out (a file dialog, a window command, the end of the show). It then draws
//! both windows from one [`view::ShowView`] built by [`Presentation::view`], so the two
//! windows can never disagree. No UI here.

pub mod action;
pub mod phones;
mod previous_groups;
mod roster_job;
pub mod view;

#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::deck::{self, Diagnostic, ImageCheck, LoadedDeck, SlideKind};
use crate::phones::{PhoneChange, PhoneRequest, Reach, Refusal};
use crate::record::close::{CloseChoice, CloseStep, CloseTarget, Closing};
use crate::record::room::Recorder;
use crate::record::{LocalRecord, Status};
use crate::show::groups::{form_groups_across_teams, form_mixed_groups, move_person};
use crate::show::{Command, Position, Show, Step};
use crate::store::types::{Mode, NewResponse, NewScoreSheet, PersonId, Presence, SlideTime};
use crate::time::{self, Now};

pub use action::{Action, EntryKey, ExportOutcome, PanelTab, RecordAction};
use phones::Phones;
use previous_groups::PreviousGroups;
use roster_job::RosterJob;

/// How the presenter is told that groups were formed without the last session's pairs.
const WITHOUT_LAST: &str = "Groups formed without keeping apart the pairs of the last session";

/// What the presenter is told when "Form groups" finds no one checked in.
pub const NO_ONE_HERE: &str =
    "No one is checked in yet: check people in on the People tab first, then form groups.";

/// What only the shell can do, asked for by [`Presentation::apply`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// A file dialog to choose a roster; its answer comes back as [`Action::RosterChosen`].
    ChooseRosterFile,
    /// A save dialog for the unsaved records, starting at `start`; its answer comes back as
    /// [`Action::UnsavedFileChosen`].
    ChooseUnsavedFile { start: PathBuf },
    /// The audience window to (or out of) full-screen.
    FullScreen(bool),
    /// The two windows change screens.
    SwapScreens,
    /// The deck was read again: pictures are to be read again too.
    DeckReplaced,
    /// The show is over: back to the start screen (or the rehearsal's report), or quit.
    Closed(CloseTarget),
    /// Export `session` to the folder `dir` (made if missing), replacing files already there
    /// only when `replace`; the outcome comes back as [`Action::Exported`].
    Export {
        session: crate::store::SessionId,
        dir: PathBuf,
        replace: bool,
    },
    /// A folder dialog for the close summary's export.
    ChooseExportFolder,
}

/// The deck file behind the show, and what it said when it was last read.
#[derive(Debug)]
struct DeckFile {
    path: PathBuf,
    /// Errors of the last edit, while the show runs on the last good version.
    reload_errors: Vec<Diagnostic>,
    image_problems: Vec<Diagnostic>,
    /// What `podium check` warns about, shown to the presenter too.
    warnings: Vec<Diagnostic>,
}

/// The windows as the presenter wants them.
#[derive(Debug, Clone, Copy)]
struct Windows {
    help_visible: bool,
    audience_open: bool,
    /// As the audience window last reported.
    audience_fullscreen: bool,
    /// What the presenter needs to know about where the windows were put, if anything.
    placement_advice: Option<&'static str>,
}

/// The side panel as actions drive it.
#[derive(Debug, Clone, Default)]
struct Panel {
    tab: PanelTab,
    /// Keys record answers for the highlighted person instead of moving the show.
    keyboard_entry: bool,
    /// The highlighted person among those here.
    cursor: usize,
    /// The last message from the room, such as a roster import summary.
    message: Option<String>,
    /// The slide the tab was chosen for: a move to another slide chooses again.
    slide: usize,
    /// Role-play groups spread each team over the groups (when the roster has teams).
    mix_teams: bool,
}

/// A deck being presented: see the module's documentation.
pub struct Presentation {
    show: Show,
    recorder: Recorder,
    mode: Mode,
    deck_file: DeckFile,
    windows: Windows,
    panel: Panel,
    roster_job: Option<RosterJob>,
    closing: Closing,
    /// The file the unsaved records were saved to on closing, and how many.
    saved_to: Option<(PathBuf, usize)>,
    /// The close summary's last export: the files written, or why not.
    exported: Option<ExportOutcome>,
    tracking: Tracking,
    phones: Phones,
    /// The groups of the last live session of this deck, whose pairs forming groups avoids.
    previous_groups: PreviousGroups,
}

/// What the recorder was last seen doing.
#[derive(Debug, Default)]
struct Tracking {
    /// The place last recorded, to record moves.
    recorded_position: Option<Position>,
    /// The writer's state as of the frame's tick, for the status line. Records queued by this
    /// frame's actions show as saving only if they are still waiting in a later frame (the
    /// writer wakes the window when they are in), so a slide change does not flash
    /// "Saving…" for the few milliseconds its timing record takes.
    status: Status,
}

impl std::fmt::Debug for Presentation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Presentation")
            .field("position", &self.show.position())
            .field("mode", &self.mode)
            .field("recorder", &self.recorder)
            .finish()
    }
}

impl Presentation {
    /// Starts presenting `loaded` (read from `path`) at `now`, recording through `recorder`.
    pub fn new(
        path: &Path,
        loaded: LoadedDeck,
        mode: Mode,
        mut recorder: Recorder,
        now: &Now,
    ) -> Self {
        recorder.record_commitment_items(&loaded.deck, now.recorded());
        let show = Show::new(loaded.deck, now.instant);
        let tab = show
            .current()
            .map_or(PanelTab::Agenda, |v| tab_for(&v.slide.kind));
        Self {
            show,
            recorder,
            mode,
            deck_file: DeckFile {
                path: path.to_path_buf(),
                reload_errors: Vec::new(),
                image_problems: loaded.image_problems,
                warnings: loaded.warnings,
            },
            windows: Windows {
                help_visible: false,
                audience_open: true,
                audience_fullscreen: false,
                placement_advice: None,
            },
            panel: Panel {
                tab,
                ..Panel::default()
            },
            roster_job: None,
            closing: Closing::Open,
            saved_to: None,
            exported: None,
            tracking: Tracking::default(),
            phones: Phones::default(),
            previous_groups: PreviousGroups::default(),
        }
    }

    /// Takes in the time a resumed session had spent, `(slide index, seconds)` as recorded:
    /// Elapsed continues from it.
    pub fn restore_time(&mut self, times: &[(usize, f64)], now: &Now) {
        self.show.restore_time(times, now.instant);
    }

    /// Goes on where a stopped session was: at `position`, saying so to the presenter.
    pub fn resume_at(&mut self, position: Position, now: &Now) {
        self.show.resume_at(position, now.instant);
        self.show.take_visits();
        if let Some(view) = self.show.current() {
            self.panel.tab = tab_for(&view.slide.kind);
            self.panel.slide = view.position.slide;
        }
        let room = &self.recorder.room;
        self.panel.message = Some(format!(
            "Resumed where it stopped, with what it recorded: {} on the roster, {} here.",
            room.roster.len(),
            room.here().len()
        ));
    }

    pub fn show(&self) -> &Show {
        &self.show
    }

    pub fn recorder(&self) -> &Recorder {
        &self.recorder
    }

    /// The recorder, for records made without the views (tests and benchmarks that fill a
    /// room directly).
    pub fn recorder_mut(&mut self) -> &mut Recorder {
        &mut self.recorder
    }

    /// The last message from the room, such as a roster import summary.
    pub fn message(&self) -> Option<&str> {
        self.panel.message.as_deref()
    }

    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// The deck file this show was opened from.
    pub fn path(&self) -> &Path {
        &self.deck_file.path
    }

    pub fn reload_errors(&self) -> &[Diagnostic] {
        &self.deck_file.reload_errors
    }

    /// The deck's warnings, as the presenter sees them.
    pub fn deck_warnings(&self) -> &[Diagnostic] {
        &self.deck_file.warnings
    }

    pub fn help_visible(&self) -> bool {
        self.windows.help_visible
    }

    pub fn audience_open(&self) -> bool {
        self.windows.audience_open
    }

    pub fn tab(&self) -> PanelTab {
        self.panel.tab
    }

    /// Whether keys now type answers (keyboard entry on the Answers tab).
    pub fn typing_answers(&self) -> bool {
        self.panel.keyboard_entry && self.panel.tab == PanelTab::Answers
    }

    /// The close in progress, if any.
    pub fn closing(&self) -> &Closing {
        &self.closing
    }

    /// The file the unsaved records went to on closing, and how many; taken once.
    pub fn take_saved_to(&mut self) -> Option<(PathBuf, usize)> {
        self.saved_to.take()
    }

    /// The pictures of the slides from `before` slides back to `ahead` slides on, nearest
    /// first, each with how many slides away it is: the ones worth having decoded now.
    pub fn pictures_near(&self, before: usize, ahead: usize) -> Vec<(usize, PathBuf)> {
        let at = self.show.position().slide;
        let mut near: Vec<(usize, PathBuf)> = self
            .show
            .deck()
            .slides()
            .enumerate()
            .skip(at.saturating_sub(before))
            .take(before + ahead + 1)
            .filter_map(|(index, (_, slide))| match &slide.kind {
                SlideKind::Picture { image, .. } => Some((index.abs_diff(at), image.clone())),
                _ => None,
            })
            .collect();
        near.sort_by_key(|(distance, _)| *distance);
        near
    }

    /// Applies a frame's `actions` at `now`, in order, then records what moved; returns what
    /// the shell has to do.
    pub fn apply(&mut self, actions: impl IntoIterator<Item = Action>, now: &Now) -> Vec<Effect> {
        let mut effects = Vec::new();
        for action in actions {
            self.apply_one(action, now, &mut effects);
        }
        self.after_actions(now);
        let failing = self.recorder.status().problem.is_some();
        let step = self
            .closing
            .tick(self.recorder.unsaved(), failing, now.instant);
        self.close_step(step, now, &mut effects);
        if let Closing::Closed(target) = self.closing {
            // The session is over: nothing listens for phones any more.
            self.phones.turn_off();
            effects.push(Effect::Closed(target));
        }
        self.publish_to_phones();
        effects
    }

    fn apply_one(&mut self, action: Action, now: &Now, effects: &mut Vec<Effect>) {
        // A notice such as "There is no slide 1234" answers the presenter's last action:
        // the next one takes it away (a command to the show clears it itself, or sets anew).
        if action.by_the_presenter() && !matches!(action, Action::Show(_)) {
            self.show.clear_notice();
        }
        match action {
            Action::Show(command) => self.show.apply(command, now.instant),
            Action::FullScreen => {
                self.windows.audience_open = true;
                effects.push(Effect::FullScreen(true));
            }
            Action::Escape => {
                self.show.apply(Command::ClearTyped, now.instant);
                self.windows.help_visible = false;
                if self.windows.audience_fullscreen {
                    effects.push(Effect::FullScreen(false));
                }
            }
            Action::SwapScreens => effects.push(Effect::SwapScreens),
            Action::ToggleAudienceWindow => {
                self.windows.audience_open = !self.windows.audience_open;
            }
            Action::ToggleHelp => self.windows.help_visible = !self.windows.help_visible,
            Action::CloseDeck => self.request_close(CloseTarget::Deck, now, effects),
            Action::CloseWindow => self.request_close(CloseTarget::Window, now, effects),
            Action::ShowTab(tab) => self.panel.tab = tab,
            Action::KeyboardEntry(on) => self.panel.keyboard_entry = on,
            Action::MixTeams(on) => self.panel.mix_teams = on,
            Action::Entry(key) => self.entry(key, now),
            Action::Record(record) => self.record(record, now),
            Action::BrowseRoster => effects.push(Effect::ChooseRosterFile),
            Action::RosterChosen(Some(path)) => self.start_roster_job(&path),
            Action::RosterChosen(None) => {
                self.panel.message = Some(
                    "No file was chosen. If no dialog appeared, type the roster's path, or drop the .csv file on this window.".into(),
                );
            }
            Action::Dropped(paths) => {
                for path in paths {
                    self.start_roster_job(&path);
                }
            }
            Action::ReloadDeck => {
                if self.reload(now) {
                    effects.push(Effect::DeckReplaced);
                }
            }
            Action::AudienceClosed => self.windows.audience_open = false,
            Action::AudienceFullScreen(fullscreen) => {
                self.windows.audience_fullscreen = fullscreen;
            }
            Action::Close(CloseChoice::Export { dir, replace }) => {
                if self.closing.summary().is_some() {
                    match self.recorder.stored_session() {
                        Some(session) => effects.push(Effect::Export {
                            session,
                            dir,
                            replace,
                        }),
                        None => {
                            self.exported = Some(ExportOutcome::Failed(
                                "The session is not in the data file yet: export once everything is saved.".into(),
                            ));
                        }
                    }
                }
            }
            Action::Close(CloseChoice::ChooseExportFolder) => {
                effects.push(Effect::ChooseExportFolder);
            }
            Action::Exported(outcome) => self.exported = Some(outcome),
            Action::Placed(advice) => self.windows.placement_advice = advice,
            Action::Close(CloseChoice::ChooseFile) => {
                effects.push(Effect::ChooseUnsavedFile {
                    start: default_unsaved_path(now),
                });
            }
            Action::Close(choice) => {
                let step = self.closing.choose(choice);
                self.close_step(step, now, effects);
            }
            Action::UnsavedFileChosen(Some(path)) => {
                let step = self.closing.choose(CloseChoice::SaveToFile(path));
                self.close_step(step, now, effects);
            }
            Action::UnsavedFileChosen(None) => {}
            Action::Tick => {
                self.recorder.poll();
                self.tracking.status = self.recorder.status().clone();
                self.poll_roster_job(now);
                self.take_in_phones(now);
                self.poll_previous_groups();
            }
            Action::PhonesOn => self.phones_on(),
            Action::PhonesOff => self.phones.turn_off(),
            Action::ToggleJoinScreen => self.phones.toggle_join_screen(),
            Action::CloseAnswers => {
                if let Some(item_id) = self.open_item_id() {
                    self.phones.close_question(&item_id);
                }
            }
            Action::Admit(id) => self.admit(id, now),
            Action::TurnAway(id) => {
                if let Some((_, _, reply)) = self.phones.take_walk_in(id) {
                    reply.refuse(Refusal::TurnedAway);
                }
            }
        }
    }

    /// Phones in this show: off until turned on.
    pub fn phones(&self) -> &Phones {
        &self.phones
    }

    /// Where phones are served when turned on: `port` (0: any free port), on `reach`.
    pub fn set_phone_address(&mut self, port: u16, reach: Reach) {
        self.phones.set_address(port, reach);
    }

    fn phones_on(&mut self) {
        if self.mode != Mode::Live {
            self.panel.message =
                Some("Phones are for live sessions: a rehearsal records nothing.".into());
            return;
        }
        let snapshot = phones::snapshot_of(&self.show, &self.recorder, self.phones.closed());
        self.phones.turn_on(snapshot, self.recorder.notify());
    }

    /// Publishes what phones may see now; an unchanged snapshot wakes no phone.
    fn publish_to_phones(&self) {
        if self.phones.is_on() {
            self.phones.publish(phones::snapshot_of(
                &self.show,
                &self.recorder,
                self.phones.closed(),
            ));
        }
    }

    /// The question (or role-play) on screen that takes answers now: at its question step
    /// (a role-play: in a round, or its debrief for the last round) and not closed by hand.
    fn open_item_id(&self) -> Option<String> {
        let view = self.show.current()?;
        let item_id = view.slide.kind.item_id()?;
        let open = match (&view.slide.kind, view.step) {
            (SlideKind::RolePlay(_), step) => matches!(step, Step::Round(_) | Step::Debrief),
            (_, step) => step == Step::Question,
        };
        (open && !self.phones.is_closed(item_id)).then(|| item_id.to_owned())
    }

    /// The requests phones sent since the last frame, applied like clicks; replies are
    /// answered once their records are committed.
    fn take_in_phones(&mut self, now: &Now) {
        for request in self.phones.take_requests() {
            self.phone_request(request, now);
        }
        self.phones.settle(&mut self.recorder);
    }

    fn phone_request(&mut self, request: PhoneRequest, now: &Now) {
        let PhoneRequest { change, reply } = request;
        let record = match change {
            PhoneChange::CheckIn { person } => {
                if self.recorder.room.person(person).is_none() {
                    reply.refuse(Refusal::Invalid(
                        "You are no longer on the list of participants: ask the facilitator."
                            .into(),
                    ));
                    return;
                }
                if self.recorder.room.presence(person).is_some() {
                    // The facilitator already marked them: that mark stands.
                    reply.saved();
                    return;
                }
                RecordAction::Presence {
                    person,
                    presence: Presence::Present,
                }
            }
            PhoneChange::Answer {
                person,
                item_id,
                answer,
            } => {
                if self.open_item_id().as_deref() != Some(item_id.as_str()) {
                    reply.refuse(Refusal::NotOpen);
                    return;
                }
                RecordAction::Answer {
                    item_id,
                    person,
                    answer,
                }
            }
            PhoneChange::Vote { item_id, options } => {
                if self.open_item_id().as_deref() != Some(item_id.as_str()) {
                    reply.refuse(Refusal::NotOpen);
                    return;
                }
                RecordAction::Vote { item_id, options }
            }
            PhoneChange::Score {
                observer,
                item_id,
                round,
                seller,
                scores,
                comment,
            } => {
                let in_round = self
                    .show
                    .current()
                    .is_some_and(|v| match (&v.slide.kind, v.step) {
                        (SlideKind::RolePlay(_), Step::Round(r)) => r == round,
                        (SlideKind::RolePlay(rp), Step::Debrief) => rp.rounds == round,
                        _ => false,
                    });
                if !in_round || self.open_item_id().as_deref() != Some(item_id.as_str()) {
                    reply.refuse(Refusal::NotOpen);
                    return;
                }
                RecordAction::Score {
                    item_id,
                    round,
                    seller,
                    observer: Some(observer),
                    scores,
                    comment,
                }
            }
            PhoneChange::Admission { name, claims } => {
                self.phones.add_walk_in(name, claims, reply);
                return;
            }
        };
        let before = self.recorder.last_key().map(str::to_owned);
        self.record(record, now);
        if self.recorder.last_key() == before.as_deref() {
            // Nothing was recorded; the panel's message says why.
            let why = self
                .panel
                .message
                .clone()
                .unwrap_or_else(|| "The laptop did not take this answer.".into());
            reply.refuse(Refusal::Invalid(why));
            return;
        }
        let key = self.recorder.watch_last();
        self.phones.wait_for(key, reply);
    }

    /// Lets in the person waiting with `id`: a walk-in is added to the roster, and either is
    /// checked in; the roster phones match against is published before the phone hears.
    fn admit(&mut self, id: u64, now: &Now) {
        let Some((name, claims, reply)) = self.phones.take_walk_in(id) else {
            return;
        };
        let person = match claims {
            Some(person) => person,
            None => match self.recorder.add_person(&name, None, None, &now.wall) {
                Ok(person) => person,
                Err(why) => {
                    self.panel.message = Some(format!("{name} was not let in: {why}"));
                    reply.refuse(Refusal::Invalid(format!("Not let in: {why}.")));
                    return;
                }
            },
        };
        if self.recorder.room.presence(person).is_none() {
            self.recorder.presence(person, Presence::Present, &now.wall);
        }
        self.publish_to_phones();
        reply.admitted(person);
    }

    /// Loads the deck file again: in place at the same slide, or keeps the last good version
    /// and shows the new errors. True when the deck was replaced.
    fn reload(&mut self, now: &Now) -> bool {
        match deck::load(&self.deck_file.path, ImageCheck::Header) {
            Ok(loaded) => {
                self.recorder
                    .record_commitment_items(&loaded.deck, now.recorded());
                self.show.replace_deck(loaded.deck, now.instant);
                self.deck_file.image_problems = loaded.image_problems;
                self.deck_file.warnings = loaded.warnings;
                self.deck_file.reload_errors.clear();
                true
            }
            Err(errors) => {
                self.deck_file.reload_errors = errors.diagnostics;
                false
            }
        }
    }

    /// A key of keyboard answer entry: an answer for the highlighted person, who then moves
    /// down the list, or a move, or the end of entry.
    fn entry(&mut self, key: EntryKey, now: &Now) {
        let here: Vec<_> = self
            .recorder
            .room
            .here()
            .iter()
            .map(|p| p.person_id)
            .collect();
        let last = here.len().saturating_sub(1);
        self.panel.cursor = self.panel.cursor.min(last);
        match key {
            EntryKey::Up => self.panel.cursor = self.panel.cursor.saturating_sub(1),
            EntryKey::Down => self.panel.cursor = (self.panel.cursor + 1).min(last),
            EntryKey::Stop => self.panel.keyboard_entry = false,
            EntryKey::Answer(typed) => {
                let Some(kind) = self.show.current().map(|v| v.slide.kind.clone()) else {
                    return;
                };
                let (Some(item_id), Some(answer), Some(&person)) = (
                    kind.item_id(),
                    kind.typed_answer(typed),
                    here.get(self.panel.cursor),
                ) else {
                    return;
                };
                self.record(
                    RecordAction::Answer {
                        item_id: item_id.to_owned(),
                        person,
                        answer,
                    },
                    now,
                );
                self.panel.cursor = (self.panel.cursor + 1).min(last);
            }
        }
    }

    /// Records moves and finished slide visits, and picks the side panel's tab for a new slide.
    fn after_actions(&mut self, now: &Now) {
        let position = self.show.position();
        let visits = self.show.take_visits();
        let moved = self.tracking.recorded_position != Some(position);
        if position.slide != self.panel.slide
            && let Some(view) = self.show.current()
        {
            self.panel.tab = tab_for(&view.slide.kind);
            self.panel.keyboard_entry = false;
            self.panel.cursor = 0;
            self.panel.slide = position.slide;
        }
        let at = now.recorded();
        for visit in visits {
            let deck = self.show.deck();
            let (section, planned) = deck
                .slides()
                .nth(visit.slide)
                .and_then(|(s, _)| deck.sections.get(s))
                .map_or((String::new(), 0), |s| (s.title.clone(), s.minutes));
            let session_id = self.recorder.room.session_id;
            let slide_ref = self.show.slide_ref(visit.slide);
            self.recorder.record(LocalRecord::SlideTime(SlideTime {
                session_id,
                slide_index: visit.slide,
                slide_ref,
                section,
                section_planned_minutes: planned,
                seconds: visit.duration.as_secs_f64(),
                recorded_at: at.clone(),
            }));
        }
        if moved {
            self.tracking.recorded_position = Some(position);
            self.recorder.record(LocalRecord::Position {
                slide: position.slide,
                step: position.step,
                at,
            });
        }
    }

    /// Ends the session: the time on the current slide is recorded, and the session is no
    /// longer offered for resuming.
    fn end(&mut self, now: &Now) {
        self.show.end_visit(now.instant);
        self.after_actions(now);
        self.recorder
            .record(LocalRecord::End { at: now.recorded() });
    }

    fn record(&mut self, record: RecordAction, now: &Now) {
        let at = &now.wall;
        let recorder = &mut self.recorder;
        let deck = self.show.deck();
        match record {
            RecordAction::Answer {
                item_id,
                person,
                answer,
            } => {
                let Some((kind, item_kind)) = deck
                    .item(&item_id)
                    .and_then(|kind| Some((kind, kind.item_kind()?)))
                else {
                    self.panel.message = Some(format!(
                        "Not recorded: the deck has no question \"{item_id}\" any more."
                    ));
                    return;
                };
                recorder.answer(NewResponse {
                    session_id: recorder.room.session_id,
                    correct: kind.correctness(&answer),
                    item_kind,
                    item_id,
                    person_id: Some(person),
                    answer,
                    supersedes: None,
                    recorded_at: at.clone(),
                });
            }
            RecordAction::Vote { item_id, options } => recorder.add_vote(&item_id, options, at),
            RecordAction::Mark {
                item_id,
                option,
                add,
            } => {
                if add {
                    recorder.add_mark(&item_id, option, at);
                } else if !recorder.remove_mark(&item_id, option, at) {
                    self.panel.message = Some("No mark to take away for that option.".into());
                }
            }
            RecordAction::Presence { person, presence } => {
                recorder.presence(person, presence, at);
            }
            RecordAction::EveryonePresent => {
                let waiting: Vec<_> = recorder
                    .room
                    .roster
                    .iter()
                    .filter(|p| recorder.room.presence(p.person_id).is_none())
                    .map(|p| p.person_id)
                    .collect();
                for person in waiting {
                    recorder.presence(person, Presence::Present, at);
                }
            }
            RecordAction::AddPerson { name, email, team } => {
                match recorder.add_person(&name, email.as_deref(), team.as_deref(), at) {
                    Ok(person) => {
                        self.panel.message = None;
                        recorder.presence(person, Presence::Present, at);
                    }
                    Err(why) => self.panel.message = Some(format!("{name} was not added: {why}")),
                }
            }
            RecordAction::ImportRoster(path) => self.start_roster_job(&path),
            RecordAction::Rename { person, name } => {
                if let Err(why) = recorder.rename(person, &name, at) {
                    self.panel.message = Some(format!("Not renamed: {why}"));
                }
            }
            RecordAction::Remove(person) => recorder.remove_person(person, at),
            RecordAction::FormGroups { item_id } => {
                let roles = match deck.item(&item_id) {
                    Some(SlideKind::RolePlay(rp)) => rp.roles.len(),
                    _ => 2,
                };
                let here: Vec<_> = recorder.room.here().iter().map(|p| p.person_id).collect();
                // What the panel said before (a roster read, an earlier forming) is done with:
                // the role-play tab shows what this forming says.
                self.panel.message = None;
                // Groups of no one would show empty rounds: nothing is formed, and the
                // presenter is told what to do first.
                if here.is_empty() {
                    self.panel.message = Some(NO_ONE_HERE.to_owned());
                    return;
                }
                // Mixed, and again mixed differently: the groups formed before are avoided,
                // and those of the last live session of this deck.
                let mut before = recorder
                    .room
                    .groups
                    .get(&item_id)
                    .cloned()
                    .unwrap_or_default();
                match &self.previous_groups {
                    PreviousGroups::Read(last) => {
                        before.extend(recorder.in_local_ids(last));
                        // A warning of an earlier forming no longer holds.
                        if self
                            .panel
                            .message
                            .as_deref()
                            .is_some_and(|m| m.starts_with(WITHOUT_LAST))
                        {
                            self.panel.message = None;
                        }
                    }
                    PreviousGroups::Unread(why) => {
                        self.panel.message = Some(format!(
                            "{WITHOUT_LAST}: its groups could not be read ({why})."
                        ));
                    }
                    PreviousGroups::Unasked | PreviousGroups::Reading(_) => {
                        if self.mode == Mode::Live {
                            self.panel.message = Some(format!(
                                "{WITHOUT_LAST}: its groups are not read yet; form them again in a moment to keep them apart."
                            ));
                        }
                    }
                }
                let seed = getrandom::u64()
                    .unwrap_or_else(|_| u64::try_from(at.timestamp().as_nanosecond()).unwrap_or(0));
                let room = &recorder.room;
                let groups = if self.panel.mix_teams && room.has_teams() {
                    // "North" and "north " are one team.
                    let team_of = |id: &PersonId| {
                        room.person(*id)
                            .and_then(|p| p.team.as_deref())
                            .map(|t| t.trim().to_lowercase())
                            .filter(|t| !t.is_empty())
                    };
                    form_groups_across_teams(&here, roles, &before, team_of, seed)
                } else {
                    form_mixed_groups(&here, roles, &before, seed)
                };
                recorder.record(LocalRecord::Groups {
                    item_id,
                    groups,
                    at: at.clone(),
                });
            }
            RecordAction::MoveToGroup {
                item_id,
                person,
                to,
            } => {
                let current = recorder.room.groups.get(&item_id);
                match current.and_then(|groups| move_person(groups, &person, to)) {
                    Some(groups) => recorder.record(LocalRecord::Groups {
                        item_id,
                        groups,
                        at: at.clone(),
                    }),
                    None => {
                        self.panel.message =
                            Some("Not moved: the groups changed; try again.".to_owned());
                    }
                }
            }
            RecordAction::Score {
                item_id,
                round,
                seller,
                observer,
                scores,
                comment,
            } => {
                let scale = match deck.item(&item_id) {
                    Some(SlideKind::RolePlay(rp)) => rp.scale,
                    _ => 5,
                };
                recorder.score(NewScoreSheet {
                    session_id: recorder.room.session_id,
                    item_id,
                    round,
                    seller_id: seller,
                    observer_id: observer,
                    scores,
                    scale,
                    comment,
                    supersedes: None,
                    recorded_at: at.clone(),
                });
            }
            RecordAction::Note { slide_ref, text } => recorder.record(LocalRecord::Note {
                slide_ref,
                text,
                at: at.clone(),
            }),
        }
    }

    /// Reads the last live session's groups once this session's row is in the store (its id
    /// says which sessions came before), and takes them in when they are read.
    fn poll_previous_groups(&mut self) {
        if self.mode == Mode::Live
            && matches!(self.previous_groups, PreviousGroups::Unasked)
            && let Some(session) = self.recorder.stored_session()
        {
            let dir = self.recorder.data_dir();
            self.previous_groups
                .start(dir, session, self.recorder.notify());
        }
        self.previous_groups.poll();
    }

    /// Reads a roster file on its own thread; the people come in when it is read.
    fn start_roster_job(&mut self, path: &Path) {
        if let Some(busy) = &self.roster_job {
            self.panel.message = Some(format!(
                "{} is still being read; import the next roster when it is in.",
                busy.path().display()
            ));
            return;
        }
        match RosterJob::start(path, &self.recorder.room.roster, self.recorder.notify()) {
            Ok(job) => {
                self.roster_job = Some(job);
                self.panel.message = Some(format!("Reading {}\u{2026}", file_name(path)));
            }
            Err(e) => {
                self.panel.message = Some(format!(
                    "The roster could not be read: Podium could not start a task ({e}). Try again."
                ));
            }
        }
    }

    fn poll_roster_job(&mut self, now: &Now) {
        let Some(job) = &self.roster_job else {
            return;
        };
        let Some(outcome) = job.poll() else {
            return;
        };
        let path = job.path().to_path_buf();
        self.roster_job = None;
        self.panel.message = Some(match outcome {
            Ok(read) => {
                let added = self.recorder.add_people(read.new, read.known, &now.wall);
                roster_job::import_message(&path, &read.import, read.read, added)
            }
            Err(message) => message,
        });
    }

    /// Asks to close the deck or the window: see [`Closing`].
    fn request_close(&mut self, target: CloseTarget, now: &Now, effects: &mut Vec<Effect>) {
        // A live session shows what it holds first, and offers the export.
        if self.mode == Mode::Live && self.closing.summary_first(target) {
            self.exported = None;
            return;
        }
        self.recorder.poll();
        let failing = self.recorder.status().problem.is_some();
        let step = self
            .closing
            .request(target, self.recorder.unsaved(), failing, now.instant);
        self.close_step(step, now, effects);
    }

    fn close_step(&mut self, step: CloseStep, now: &Now, effects: &mut Vec<Effect>) {
        match step {
            CloseStep::Nothing => {}
            CloseStep::ChooseFile => effects.push(Effect::ChooseUnsavedFile {
                start: default_unsaved_path(now),
            }),
            CloseStep::RecordEnd => self.end(now),
            CloseStep::RetryNow => self.recorder.retry_now(),
            CloseStep::GoOn(target) => {
                self.closing = Closing::Open;
                self.recorder.poll();
                let failing = self.recorder.status().problem.is_some();
                let step =
                    self.closing
                        .request(target, self.recorder.unsaved(), failing, now.instant);
                self.close_step(step, now, effects);
            }
            CloseStep::Discard => self.recorder.discard(),
            CloseStep::Save { path, record_end } => {
                if record_end {
                    self.end(now);
                }
                let outcome = self
                    .recorder
                    .save_pending(&path)
                    .map(|count| {
                        // The file is what holds them now: the writer stops, and nothing is
                        // saved twice at exit.
                        self.recorder.discard();
                        self.saved_to = Some((path.clone(), count));
                    })
                    .map_err(|e| {
                        format!("{e}. Choose another place (a USB stick, your home folder), or keep trying.")
                    });
                self.closing.saved(outcome);
            }
        }
    }

    /// How long until something on either screen changes: a running countdown's next second,
    /// the section clock's last minute, or else the next minute of the clocks. Nothing else
    /// changes on its own, so the windows are not redrawn in between.
    pub fn next_change(&self, now: &Now) -> Duration {
        const SECOND: u128 = 1000;
        const MINUTE: u128 = 60 * SECOND;
        let until = |ms: u128, period: u128| period - ms % period;
        let show = &self.show;
        let mut wait = MINUTE - u128::from(now.second_of_minute().min(59)) * SECOND;
        wait = wait.min(until(show.elapsed(now.instant).as_millis(), MINUTE));
        let section = show.current_section();
        let spent = show
            .section_times(now.instant)
            .get(section)
            .map_or(0, Duration::as_millis);
        let left = show.section_time_left_secs(now.instant);
        let period = if (-60..60).contains(&left) {
            SECOND
        } else {
            MINUTE
        };
        wait = wait.min(until(spent, period));
        if let Some(countdown) = show.countdown()
            && countdown.is_running()
        {
            wait = wait.min(until(countdown.elapsed(now.instant).as_millis(), SECOND));
        }
        // A little after the change, so the new value is certain to show. `wait` is at most a
        // minute in milliseconds, so it always fits.
        Duration::from_millis(u64::try_from(wait).unwrap_or(1000) + 5)
    }
}

/// The tab that fits a slide: its answers, its role-play, or the agenda.
pub fn tab_for(kind: &SlideKind) -> PanelTab {
    match kind {
        SlideKind::Poll(_)
        | SlideKind::Quiz(_)
        | SlideKind::Rating(_)
        | SlideKind::FreeText { .. } => PanelTab::Answers,
        SlideKind::RolePlay(_) => PanelTab::RolePlay,
        SlideKind::Title { .. }
        | SlideKind::Points { .. }
        | SlideKind::Picture { .. }
        | SlideKind::Quote { .. }
        | SlideKind::Activity { .. } => PanelTab::Agenda,
    }
}

/// Where "Save them to a file…" proposes to save: the home folder, which is on another disk
/// than a full or read-only data folder more often than not.
pub fn default_unsaved_path(now: &Now) -> PathBuf {
    let name = format!(
        "podium-unsaved-records-{}.json",
        time::for_file_name(&now.wall)
    );
    std::env::var_os("HOME")
        .or_else(|| std::env::var_os("USERPROFILE"))
        .map_or_else(
            || PathBuf::from(&name),
            |home| PathBuf::from(home).join(&name),
        )
}

/// The file name of `path`, for messages.
pub fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}
