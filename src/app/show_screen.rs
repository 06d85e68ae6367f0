//! A deck being presented: the session, the pictures, the deck file watch, the two windows,
//! and what the room does, recorded as it happens.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant, SystemTime};

use egui::{ViewportBuilder, ViewportClass, ViewportCommand, ViewportId};

use super::images::ImageCache;
use super::{Now, audience_id, notify_of, spawn_file_dialog, spawn_save_dialog};
use crate::deck::{self, Diagnostic, ImageCheck, SlideKind};
use crate::presentation::action::{Action, RecordAction, actions_from_keys};
use crate::record::LocalRecord;
use crate::record::close::{CloseChoice, CloseStep, CloseTarget, Closing};
use crate::record::jobs::{Job, Polled};
use crate::record::room::{Recorder, new_people};
use crate::roster::{RosterError, RosterImport, read_roster};
use crate::show::groups::form_groups;
use crate::show::{Position, Show};
use crate::store::types::{Answer, Mode, NewResponse, NewScoreSheet, Presence, SlideTime};
use crate::ui::audience::audience_ui;
use crate::ui::close::{CloseDialog, close_dialog_ui};
use crate::ui::help::help_ui;
use crate::ui::presenter::{PresenterInput, Recording, presenter_ui};
use crate::ui::room::{PanelTab, SidePanelState, tab_for};

/// How often the deck file is looked at for edits.
const RELOAD_CHECK: Duration = Duration::from_secs(1);

/// Watches the deck file from its own thread, so noticing an edit needs no repaint; it wakes
/// the UI when the file's modification time changes.
struct DeckWatch {
    changed: Arc<AtomicBool>,
    stop: Arc<AtomicBool>,
}

impl DeckWatch {
    fn start(ctx: &egui::Context, path: &Path) -> Self {
        let changed = Arc::new(AtomicBool::new(false));
        let stop = Arc::new(AtomicBool::new(false));
        let (thread_changed, thread_stop) = (changed.clone(), stop.clone());
        let (path, ctx) = (path.to_path_buf(), ctx.clone());
        let mut last = modified(&path);
        let watching = std::thread::Builder::new()
            .name("podium-deck-watch".into())
            .spawn(move || {
                while !thread_stop.load(Ordering::Relaxed) {
                    std::thread::sleep(RELOAD_CHECK);
                    let current = modified(&path);
                    if current.is_some() && current != last {
                        last = current;
                        thread_changed.store(true, Ordering::Relaxed);
                        ctx.request_repaint();
                    }
                }
            });
        if let Err(e) = watching {
            // The show goes on; only live reloading is lost, and reopening the deck reloads it.
            eprintln!(
                "podium: edits of the deck file are not picked up while it is shown ({e}); close and reopen the deck to see them"
            );
        }
        Self { changed, stop }
    }

    /// True once after each change.
    fn take_change(&self) -> bool {
        self.changed.swap(false, Ordering::Relaxed)
    }
}

impl Drop for DeckWatch {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// A deck being presented, with everything around the session the windows need.
pub struct ShowScreen {
    pub session: Show,
    images: ImageCache,
    path: PathBuf,
    watch: DeckWatch,
    reload_errors: Vec<Diagnostic>,
    image_problems: Vec<Diagnostic>,
    /// What `podium check` warns about in the deck, shown to the presenter too.
    deck_warnings: Vec<Diagnostic>,
    pub help_visible: bool,
    pub audience_open: bool,
    audience_fullscreen: bool,
    audience_aspect: f32,
    /// After a swap of screens, when to put the audience window back to full-screen.
    refullscreen_at: Option<Instant>,
    /// Live or rehearsal.
    pub mode: Mode,
    /// The room's records and the writer that saves them.
    pub recorder: Recorder,
    pub panel: SidePanelState,
    /// The place last recorded, to record moves.
    recorded_position: Option<Position>,
    roster_dialog: Option<Receiver<Option<PathBuf>>>,
    /// A roster file being read on its own thread.
    roster_job: Option<(PathBuf, Job<Result<ReadRoster, RosterError>>)>,
    /// Closing the deck or the window, and its dialog when records are not saved.
    pub closing: Closing,
    pub close_dialog: CloseDialog,
    close_file_dialog: Option<Receiver<Option<PathBuf>>>,
    /// The file the unsaved records were saved to on closing, and how many.
    pub saved_to: Option<(PathBuf, usize)>,
}

/// When the file was last changed; `None` while it cannot be read (an editor replacing it),
/// which the watch treats as no change and looks again a second later.
fn modified(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

impl ShowScreen {
    /// Starts presenting `deck` (read from `path`), recording through `recorder`.
    pub fn new(
        ctx: &egui::Context,
        path: &Path,
        loaded: deck::LoadedDeck,
        mode: Mode,
        recorder: Recorder,
        now: Instant,
    ) -> Self {
        let images = ImageCache::new(ctx, &loaded.deck.folder);
        let session = Show::new(loaded.deck, now);
        let panel = SidePanelState {
            tab: session
                .current()
                .map_or(PanelTab::Agenda, |v| tab_for(&v.slide.kind)),
            ..SidePanelState::default()
        };
        Self {
            session,
            images,
            path: path.to_path_buf(),
            watch: DeckWatch::start(ctx, path),
            reload_errors: Vec::new(),
            image_problems: loaded.image_problems,
            deck_warnings: loaded.warnings,
            help_visible: false,
            audience_open: true,
            audience_fullscreen: false,
            audience_aspect: 16.0 / 9.0,
            refullscreen_at: None,
            mode,
            recorder,
            panel,
            recorded_position: None,
            roster_dialog: None,
            roster_job: None,
            closing: Closing::Open,
            close_dialog: CloseDialog::default(),
            close_file_dialog: None,
            saved_to: None,
        }
    }

    /// The deck file this show was opened from.
    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn reload_errors(&self) -> &[Diagnostic] {
        &self.reload_errors
    }

    /// The deck's warnings, as the presenter sees them.
    pub fn deck_warnings(&self) -> &[Diagnostic] {
        &self.deck_warnings
    }

    /// Draws the presenter window (in `ui`) and the audience window; returns what was asked.
    pub fn frame(&mut self, ui: &mut egui::Ui, now: &Now) -> Vec<Action> {
        let ctx = ui.ctx().clone();
        self.images.poll(&ctx);
        self.prefetch_images();
        if self.watch.take_change() {
            self.reload(now.instant);
        }
        if let Some(at) = self.refullscreen_at
            && now.instant >= at
        {
            self.refullscreen_at = None;
            ctx.send_viewport_cmd_to(audience_id(), ViewportCommand::Fullscreen(true));
        }

        self.recorder.poll();
        self.poll_roster_job(now);
        let mut actions = Vec::new();
        if let Some(rx) = &self.roster_dialog
            && let Ok(chosen) = rx.try_recv()
        {
            self.roster_dialog = None;
            match chosen {
                Some(path) => actions.push(Action::Record(RecordAction::ImportRoster(path))),
                None => {
                    self.panel.message = Some(
                        "No file was chosen. If no dialog appeared, type the roster's path, or drop the .csv file on this window.".into(),
                    );
                }
            }
        }
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .collect()
        });
        for path in dropped {
            actions.push(Action::Record(RecordAction::ImportRoster(path)));
        }

        let blanked = self.session.blank().is_some();
        let typing_answers = self.panel.keyboard_entry && self.panel.tab == PanelTab::Answers;
        if !ctx.egui_wants_keyboard_input() && !typing_answers {
            actions.extend(actions_from_keys(&ctx, blanked));
        }
        let status = self.recorder.status();
        let recording = Recording {
            mode: self.mode,
            session_id: status.stored_session,
            unsaved: status.pending,
            problem: self.recorder.problem(),
            progress: status.progress,
            importing: self.roster_job.as_ref().map(|(path, _)| path.as_path()),
        };
        let room = match self.mode {
            Mode::Live => Some(&self.recorder.room),
            Mode::Rehearsal => None,
        };
        actions.extend(presenter_ui(
            ui,
            &PresenterInput {
                session: &self.session,
                images: &self.images,
                now: now.instant,
                time_of_day: &now.time_of_day,
                audience_aspect: self.audience_aspect,
                reload_errors: &self.reload_errors,
                image_problems: &self.image_problems,
                deck_warnings: &self.deck_warnings,
                audience_open: self.audience_open,
                audience_fullscreen: self.audience_fullscreen,
                room,
                recording,
            },
            &mut self.panel,
        ));
        if self.help_visible {
            actions.extend(help_ui(ui));
        }
        if let Some(path) = self.poll_close_file_dialog() {
            self.close_dialog.path = path.display().to_string();
            self.choose_close(&ctx, CloseChoice::SaveToFile(path), now);
        }
        if self.closing.asking() {
            let choices = close_dialog_ui(
                ui,
                &self.closing,
                self.recorder.unsaved(),
                self.recorder.problem(),
                &mut self.close_dialog,
            );
            for choice in choices {
                self.choose_close(&ctx, choice, now);
            }
        }
        if self.audience_open {
            actions.extend(self.audience_window(&ctx, now.instant));
        }
        actions
    }

    fn audience_window(&mut self, ctx: &egui::Context, now: Instant) -> Vec<Action> {
        let builder = ViewportBuilder::default()
            .with_title(format!(
                "{} \u{2014} Podium audience",
                self.session.deck().title
            ))
            .with_inner_size([1024.0, 576.0]);
        let session = &self.session;
        let images = &self.images;
        let room = match self.mode {
            Mode::Live => Some(&self.recorder.room),
            Mode::Rehearsal => None,
        };
        let blanked = session.blank().is_some();
        let (actions, info) = ctx.show_viewport_immediate(audience_id(), builder, |ui, class| {
            egui::CentralPanel::no_frame()
                .show(ui, |ui| audience_ui(ui, session, images, room, now));
            if class == ViewportClass::EmbeddedWindow {
                return (Vec::new(), None);
            }
            let actx = ui.ctx().clone();
            let actions = actions_from_keys(&actx, blanked);
            let info = actx.input(|i| {
                let v = i.viewport();
                (
                    v.close_requested(),
                    v.fullscreen.unwrap_or(false),
                    v.inner_rect.map(|r| r.size()),
                    v.monitor_size.map(|m| m * i.pixels_per_point),
                )
            });
            (actions, Some(info))
        });
        if let Some((close_requested, fullscreen, size, monitor)) = info {
            if close_requested {
                self.audience_open = false;
            }
            self.audience_fullscreen = fullscreen;
            if let Some(size) = size
                && size.x > 1.0
                && size.y > 1.0
            {
                self.audience_aspect = size.x / size.y;
            }
            if let Some(monitor) = monitor {
                self.images
                    .set_max_size([monitor.x as u32, monitor.y as u32]);
            }
        }
        actions
    }

    fn prefetch_images(&mut self) {
        let from = self.session.position().slide;
        let deck = self.session.deck();
        let wanted: Vec<PathBuf> = deck
            .slides()
            .skip(from)
            .take(3)
            .filter_map(|(_, slide)| match &slide.kind {
                deck::SlideKind::Picture { image, .. } => Some(image.clone()),
                _ => None,
            })
            .collect();
        for image in wanted {
            self.images.request(&image);
        }
    }

    /// How long until something on either screen changes: a running countdown's next second,
    /// the section clock's last minute, or else the next minute of the clocks. Nothing else
    /// changes on its own, so the windows are not redrawn in between.
    pub fn next_change(&self, now: &Now) -> Duration {
        const SECOND: u128 = 1000;
        const MINUTE: u128 = 60 * SECOND;
        let until = |ms: u128, period: u128| period - ms % period;
        let session = &self.session;
        let mut wait = MINUTE - u128::from(now.second_of_minute.min(59)) * SECOND;
        wait = wait.min(until(session.elapsed(now.instant).as_millis(), MINUTE));
        let section = session.current_section();
        let spent = session
            .section_times(now.instant)
            .get(section)
            .map_or(0, Duration::as_millis);
        let left = session.section_time_left_secs(now.instant);
        let period = if (-60..60).contains(&left) {
            SECOND
        } else {
            MINUTE
        };
        wait = wait.min(until(spent, period));
        if let Some(countdown) = session.countdown()
            && countdown.is_running()
        {
            wait = wait.min(until(countdown.elapsed(now.instant).as_millis(), SECOND));
        }
        // A little after the change, so the new value is certain to show. `wait` is at most a
        // minute in milliseconds, so it always fits.
        Duration::from_millis(u64::try_from(wait).unwrap_or(1000) + 5)
    }

    /// Loads the deck file again: in place at the same slide, or keeps the last good version
    /// and shows the new errors.
    pub fn reload(&mut self, now: Instant) {
        match deck::load(&self.path, ImageCheck::Header) {
            Ok(loaded) => {
                self.session.replace_deck(loaded.deck, now);
                self.image_problems = loaded.image_problems;
                self.deck_warnings = loaded.warnings;
                self.reload_errors.clear();
                self.images.clear();
            }
            Err(errors) => self.reload_errors = errors.diagnostics,
        }
    }

    /// Applies one action at `now`.
    pub fn apply(&mut self, ctx: &egui::Context, action: &Action, now: &Now) {
        if let Some(command) = action.command() {
            self.session.apply(command, now.instant);
        }
        if let Action::Record(record) = action {
            self.record(ctx, record, now);
        }
        let now = now.instant;
        let audience = audience_id();
        match action {
            Action::FullScreen => {
                self.audience_open = true;
                ctx.send_viewport_cmd_to(audience, ViewportCommand::Fullscreen(true));
            }
            Action::Escape => {
                self.help_visible = false;
                if self.audience_fullscreen {
                    ctx.send_viewport_cmd_to(audience, ViewportCommand::Fullscreen(false));
                }
            }
            Action::SwapScreens => self.swap_screens(ctx, now),
            Action::ToggleAudienceWindow => self.audience_open = !self.audience_open,
            Action::ToggleHelp => self.help_visible = !self.help_visible,
            _ => {}
        }
    }

    /// Records moves and finished slide visits, and picks the side panel's tab for a new slide.
    /// Called once per frame, after the actions.
    pub fn after_actions(&mut self, now: &Now) {
        let position = self.session.position();
        let visits = self.session.take_visits();
        let moved = self.recorded_position != Some(position);
        if moved
            && self
                .recorded_position
                .is_some_and(|p| p.slide != position.slide)
            && let Some(view) = self.session.current()
        {
            self.panel.tab = tab_for(&view.slide.kind);
            self.panel.keyboard_entry = false;
            self.panel.cursor = 0;
        }
        let recorder = &mut self.recorder;
        for visit in visits {
            let (section, planned) = self
                .session
                .deck()
                .slides()
                .nth(visit.slide)
                .and_then(|(s, _)| self.session.deck().sections.get(s))
                .map_or((String::new(), 0), |s| (s.title.clone(), s.minutes));
            let session_id = recorder.room.session_id;
            recorder.record(LocalRecord::SlideTime(SlideTime {
                session_id,
                slide_index: visit.slide,
                slide_ref: self.session.slide_ref(visit.slide),
                section,
                section_planned_minutes: planned,
                seconds: visit.duration.as_secs_f64(),
                recorded_at: now.rfc3339.clone(),
            }));
        }
        if moved {
            self.recorded_position = Some(position);
            recorder.record(LocalRecord::Position {
                slide: position.slide,
                step: position.step,
                at: now.rfc3339.clone(),
            });
        }
    }

    /// Ends the session: the time on the current slide is recorded, and the session is no
    /// longer offered for resuming.
    pub fn end(&mut self, now: &Now) {
        self.session.end_visit(now.instant);
        self.after_actions(now);
        self.recorder.record(LocalRecord::End {
            at: now.rfc3339.clone(),
        });
    }

    fn record(&mut self, ctx: &egui::Context, record: &RecordAction, now: &Now) {
        if let RecordAction::BrowseRoster = record {
            self.roster_dialog =
                spawn_file_dialog(ctx, "Choose a roster CSV", "Roster", &["csv", "txt"], None);
            if self.roster_dialog.is_none() {
                self.panel.message = Some(
                    "No file dialog could be opened here: type the roster's path, or drop the .csv file on this window.".into(),
                );
            }
            return;
        }
        let recorder = &mut self.recorder;
        let at = now.rfc3339.as_str();
        let deck = self.session.deck();
        match record {
            RecordAction::Answer {
                item_id,
                person,
                answer,
            } => {
                let kind = deck.item(item_id);
                let correct = match (kind, answer) {
                    (Some(SlideKind::Quiz(q)), Answer::Options(chosen)) => {
                        Some(chosen == &vec![q.answer])
                    }
                    _ => None,
                };
                recorder.answer(NewResponse {
                    session_id: recorder.room.session_id,
                    item_id: item_id.clone(),
                    item_kind: kind.map_or("", |k| k.name()).to_owned(),
                    person_id: Some(*person),
                    answer: answer.clone(),
                    correct,
                    supersedes: None,
                    recorded_at: at.to_owned(),
                });
            }
            RecordAction::Mark {
                item_id,
                option,
                add,
            } => {
                if *add {
                    recorder.add_mark(item_id, *option, at);
                } else if !recorder.remove_mark(item_id, *option, at) {
                    self.panel.message = Some("No mark to take away for that option.".into());
                }
            }
            RecordAction::Presence { person, presence } => {
                recorder.presence(*person, *presence, at);
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
                match recorder.add_person(name, email.as_deref(), team.as_deref(), at) {
                    Ok(person) => {
                        self.panel.message = None;
                        recorder.presence(person, Presence::Present, at);
                    }
                    Err(why) => self.panel.message = Some(format!("{name} was not added: {why}")),
                }
            }
            RecordAction::ImportRoster(path) => self.start_roster_job(ctx, path),
            RecordAction::Rename { person, name } => {
                if let Err(why) = recorder.rename(*person, name, at) {
                    self.panel.message = Some(format!("Not renamed: {why}"));
                }
            }
            RecordAction::Remove(person) => recorder.remove_person(*person, at),
            RecordAction::FormGroups { item_id } => {
                let roles = match deck.item(item_id) {
                    Some(SlideKind::RolePlay(rp)) => rp.roles.len(),
                    _ => 2,
                };
                let here: Vec<_> = recorder.room.here().iter().map(|p| p.person_id).collect();
                let groups = form_groups(&here, roles);
                recorder.record(LocalRecord::Groups {
                    item_id: item_id.clone(),
                    groups,
                    at: at.to_owned(),
                });
            }
            RecordAction::Score {
                item_id,
                round,
                seller,
                observer,
                scores,
                comment,
            } => {
                let scale = match deck.item(item_id) {
                    Some(SlideKind::RolePlay(rp)) => rp.scale,
                    _ => 5,
                };
                recorder.score(NewScoreSheet {
                    session_id: recorder.room.session_id,
                    item_id: item_id.clone(),
                    round: *round,
                    seller_id: *seller,
                    observer_id: *observer,
                    scores: scores.clone(),
                    scale,
                    comment: comment.clone(),
                    supersedes: None,
                    recorded_at: at.to_owned(),
                });
            }
            RecordAction::Note { slide_ref, text } => recorder.record(LocalRecord::Note {
                slide_ref: slide_ref.clone(),
                text: text.clone(),
                at: at.to_owned(),
            }),
            RecordAction::BrowseRoster => {}
        }
    }

    /// Reads a roster file on its own thread; the people come in when it is read.
    fn start_roster_job(&mut self, ctx: &egui::Context, path: &Path) {
        if let Some((busy, _)) = &self.roster_job {
            self.panel.message = Some(format!(
                "{} is still being read; import the next roster when it is in.",
                busy.display()
            ));
            return;
        }
        let file = path.to_path_buf();
        // Who is on the roster now, to find the new people off this thread; anyone added
        // while the file is read is checked when it comes in.
        let roster = self.recorder.room.roster.clone();
        match Job::spawn("roster", notify_of(ctx), move || {
            read_roster(&file).map(|mut import| {
                let people = std::mem::take(&mut import.people);
                let read = people.len();
                let known = roster.len();
                let new = new_people(
                    &roster,
                    RosterImport {
                        people,
                        ..RosterImport::default()
                    },
                );
                ReadRoster {
                    import,
                    read,
                    new,
                    known,
                }
            })
        }) {
            Ok(job) => {
                self.roster_job = Some((path.to_path_buf(), job));
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
        let Some((path, job)) = &self.roster_job else {
            return;
        };
        let outcome = match job.poll() {
            Polled::Running => return,
            Polled::Done(outcome) => outcome,
            Polled::Lost => {
                self.panel.message = Some(format!(
                    "Reading {} stopped unexpectedly; nothing was imported. Try again.",
                    file_name(path)
                ));
                self.roster_job = None;
                return;
            }
        };
        let path = path.clone();
        self.roster_job = None;
        self.panel.message = Some(match outcome {
            Ok(read) => {
                let added = self.recorder.add_people(read.new, read.known, &now.rfc3339);
                import_message(&path, &read.import, read.read, added)
            }
            Err(e) => e.to_string(),
        });
    }

    /// Asks to close the deck or the window: see [`Closing`].
    pub fn request_close(&mut self, target: CloseTarget, now: &Now) {
        self.recorder.poll();
        if self.close_dialog.path.is_empty() {
            self.close_dialog.path = default_unsaved_path(now).display().to_string();
        }
        let failing = self.recorder.status().problem.is_some();
        let step = self
            .closing
            .request(target, self.recorder.unsaved(), failing, now.instant);
        self.close_step(step, now);
    }

    /// Moves a close on, once per frame; returns what to close once it may.
    pub fn tick_close(&mut self, now: &Now) -> Option<CloseTarget> {
        let failing = self.recorder.status().problem.is_some();
        let step = self
            .closing
            .tick(self.recorder.unsaved(), failing, now.instant);
        self.close_step(step, now);
        match self.closing {
            Closing::Closed(target) => Some(target),
            _ => None,
        }
    }

    fn choose_close(&mut self, ctx: &egui::Context, choice: CloseChoice, now: &Now) {
        if choice == CloseChoice::ChooseFile {
            let start = PathBuf::from(self.close_dialog.path.trim());
            self.close_file_dialog = spawn_save_dialog(ctx, &start);
            self.close_dialog.browsing = self.close_file_dialog.is_some();
            if self.close_file_dialog.is_none() {
                self.close_dialog.message = Some(
                    "No file dialog could be opened here: type the file's path above.".to_owned(),
                );
            }
            return;
        }
        let step = self.closing.choose(choice);
        self.close_step(step, now);
    }

    fn close_step(&mut self, step: CloseStep, now: &Now) {
        match step {
            CloseStep::Nothing | CloseStep::ChooseFile => {}
            CloseStep::RecordEnd => self.end(now),
            CloseStep::RetryNow => self.recorder.retry_now(),
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

    /// Picks up the file chosen in the save dialog.
    fn poll_close_file_dialog(&mut self) -> Option<PathBuf> {
        let rx = self.close_file_dialog.as_ref()?;
        let chosen = match rx.try_recv() {
            Ok(chosen) => chosen,
            Err(std::sync::mpsc::TryRecvError::Empty) => return None,
            Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                self.close_dialog.message = Some(
                    "The file dialog closed without an answer: type the file's path above.".into(),
                );
                None
            }
        };
        self.close_file_dialog = None;
        self.close_dialog.browsing = false;
        chosen
    }

    /// Puts each window where the other one is; a full-screen audience window goes back to
    /// full-screen on its new screen once it has moved.
    fn swap_screens(&mut self, ctx: &egui::Context, now: Instant) {
        let audience = audience_id();
        let audience_at = ctx.input_for(audience, |i| i.viewport().outer_rect);
        let presenter_at = ctx.input_for(ViewportId::ROOT, |i| i.viewport().outer_rect);
        let (Some(audience_at), Some(presenter_at)) = (audience_at, presenter_at) else {
            return;
        };
        if self.audience_fullscreen {
            ctx.send_viewport_cmd_to(audience, ViewportCommand::Fullscreen(false));
            self.refullscreen_at = Some(now + Duration::from_millis(400));
        }
        ctx.send_viewport_cmd_to(audience, ViewportCommand::OuterPosition(presenter_at.min));
        ctx.send_viewport_cmd_to(
            ViewportId::ROOT,
            ViewportCommand::OuterPosition(audience_at.min),
        );
    }
}

/// Where "Save them to a file…" proposes to save: the home folder, which is on another disk
/// than a full or read-only data folder more often than not.
fn default_unsaved_path(now: &Now) -> PathBuf {
    let stamp: String = now
        .rfc3339
        .chars()
        .take(16)
        .map(|c| if c.is_ascii_digit() { c } else { '-' })
        .collect();
    let name = format!("podium-unsaved-records-{stamp}.json");
    std::env::var_os("HOME")
        .or_else(|| std::env::var_os("USERPROFILE"))
        .map_or_else(
            || PathBuf::from(&name),
            |home| PathBuf::from(home).join(&name),
        )
}

/// A roster file as read on its job thread: its problems, how many rows it had, and the
/// people not on the roster when the reading started (`known` people long).
struct ReadRoster {
    import: RosterImport,
    read: usize,
    new: Vec<crate::store::NewPerson>,
    known: usize,
}

/// The file name of `path`, for messages.
fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// What came in from a roster file and what did not.
fn import_message(path: &Path, import: &RosterImport, read: usize, added: usize) -> String {
    let mut message = format!(
        "{added} people added from {} ({read} rows read).",
        file_name(path),
    );
    if import.read_as_windows_1252 {
        message.push_str(" The file was not UTF-8; it was read as Windows text.");
    }
    for problem in &import.problems {
        message.push_str(&format!("\nLine {}: {}", problem.line, problem.message));
    }
    message
}
