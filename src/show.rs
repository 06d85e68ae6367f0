//! A deck being presented: the session, the pictures, the deck file watch, the two windows,
//! and what the room does, recorded as it happens.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant, SystemTime};

use egui::{ViewportBuilder, ViewportClass, ViewportCommand, ViewportId};

use crate::action::{Action, RecordAction, actions_from_keys};
use crate::app::{Now, audience_id, spawn_file_dialog};
use crate::capture::{Recorder, Saved, Write};
use crate::deck::{self, Diagnostic, ImageCheck, SlideKind};
use crate::roster::read_roster;
use crate::session::groups::form_groups;
use crate::session::{Position, Session};
use crate::store::types::{Answer, Mode, NewResponse, NewScoreSheet, Presence, SlideTime};
use crate::ui::audience::audience_ui;
use crate::ui::help::help_ui;
use crate::ui::images::ImageCache;
use crate::ui::presenter::{PresenterInput, Recording, presenter_ui};
use crate::ui::room::{RoomTab, RoomUi, tab_for};

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
        // If the thread cannot start, edits are not picked up live; the show itself goes on.
        let _ = std::thread::Builder::new()
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
pub struct Show {
    pub session: Session,
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
    /// The store and the room's records; `None` when nothing can be recorded.
    pub recorder: Option<Recorder>,
    /// Why nothing is being recorded, when `recorder` is `None`.
    pub recording_off: Option<String>,
    pub room_ui: RoomUi,
    /// The place last recorded, to record moves.
    recorded_position: Option<Position>,
    roster_dialog: Option<Receiver<Option<PathBuf>>>,
}

fn modified(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

impl Show {
    /// Starts presenting `deck` (read from `path`), recording through `recorder` if there is one.
    pub fn new(
        ctx: &egui::Context,
        path: &Path,
        loaded: deck::LoadedDeck,
        mode: Mode,
        recorder: Option<Recorder>,
        recording_off: Option<String>,
        now: Instant,
    ) -> Self {
        let images = ImageCache::new(ctx, &loaded.deck.folder);
        let session = Session::new(loaded.deck, now);
        let room_ui = RoomUi {
            tab: session
                .current()
                .map_or(RoomTab::Agenda, |v| tab_for(&v.slide.kind)),
            ..RoomUi::default()
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
            recording_off,
            room_ui,
            recorded_position: None,
            roster_dialog: None,
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

        if let Some(recorder) = &mut self.recorder {
            recorder.retry(now.instant);
        }
        let mut actions = Vec::new();
        if let Some(rx) = &self.roster_dialog
            && let Ok(chosen) = rx.try_recv()
        {
            self.roster_dialog = None;
            match chosen {
                Some(path) => actions.push(Action::Record(RecordAction::ImportRoster(path))),
                None => {
                    self.room_ui.message = Some(
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
        let typing_answers = self.room_ui.keyboard_entry && self.room_ui.tab == RoomTab::Answers;
        if !ctx.egui_wants_keyboard_input() && !typing_answers {
            actions.extend(actions_from_keys(&ctx, blanked));
        }
        let recording = match (&self.recorder, self.mode) {
            (None, _) => Recording::Off(self.recording_off.as_deref()),
            (Some(r), Mode::Rehearsal) => Recording::Rehearsal {
                unsaved: r.unsaved(),
                problem: r.problem(),
            },
            (Some(r), Mode::Live) => Recording::Live {
                session_id: r.room.session_id,
                unsaved: r.unsaved(),
                problem: r.problem(),
            },
        };
        let room = match self.mode {
            Mode::Live => self.recorder.as_ref().map(|r| &r.room),
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
            &mut self.room_ui,
        ));
        if self.help_visible {
            actions.extend(help_ui(ui));
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
            Mode::Live => self.recorder.as_ref().map(|r| &r.room),
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
        // A little after the change, so the new value is certain to show.
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
            self.room_ui.tab = tab_for(&view.slide.kind);
            self.room_ui.keyboard_entry = false;
            self.room_ui.cursor = 0;
        }
        let Some(recorder) = &mut self.recorder else {
            return;
        };
        for visit in visits {
            let (section, planned) = self
                .session
                .deck()
                .slides()
                .nth(visit.slide)
                .and_then(|(s, _)| self.session.deck().sections.get(s))
                .map_or((String::new(), 0), |s| (s.title.clone(), s.minutes));
            recorder.record(
                Write::SlideTime(SlideTime {
                    session_id: recorder.room.session_id,
                    slide_index: visit.slide,
                    slide_ref: self.session.slide_ref(visit.slide),
                    section,
                    section_planned_minutes: planned,
                    seconds: visit.duration.as_secs_f64(),
                    recorded_at: now.rfc3339.clone(),
                }),
                now.instant,
            );
        }
        if moved {
            self.recorded_position = Some(position);
            recorder.record(
                Write::Position {
                    slide: position.slide,
                    step: position.step,
                    at: now.rfc3339.clone(),
                },
                now.instant,
            );
        }
    }

    /// Ends the session: the time on the current slide is recorded, and the session is no
    /// longer offered for resuming.
    pub fn end(&mut self, now: &Now) {
        self.session.end_visit(now.instant);
        self.after_actions(now);
        if let Some(recorder) = &mut self.recorder {
            recorder.record(
                Write::End {
                    at: now.rfc3339.clone(),
                },
                now.instant,
            );
        }
    }

    fn record(&mut self, ctx: &egui::Context, record: &RecordAction, now: &Now) {
        if let RecordAction::BrowseRoster = record {
            self.roster_dialog =
                spawn_file_dialog(ctx, "Choose a roster CSV", "Roster", &["csv", "txt"], None);
            return;
        }
        let Some(recorder) = &mut self.recorder else {
            self.room_ui.message = Some(match &self.recording_off {
                Some(why) => format!("Nothing can be recorded: {why}"),
                None => "Nothing can be recorded in this session.".to_owned(),
            });
            return;
        };
        let at = now.rfc3339.as_str();
        let instant = now.instant;
        let deck = self.session.deck();
        let saved = match record {
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
                let response = NewResponse {
                    session_id: recorder.room.session_id,
                    item_id: item_id.clone(),
                    item_kind: kind.map_or("", |k| k.name()).to_owned(),
                    person_id: Some(*person),
                    answer: answer.clone(),
                    correct,
                    supersedes: None,
                    recorded_at: at.to_owned(),
                };
                Some(recorder.answer(response, instant))
            }
            RecordAction::Mark {
                item_id,
                option,
                add,
            } => {
                if *add {
                    Some(recorder.add_mark(item_id, *option, at, instant))
                } else {
                    recorder.remove_mark(item_id, *option, at, instant)
                }
            }
            RecordAction::Presence { person, presence } => {
                Some(recorder.presence(*person, *presence, at, instant))
            }
            RecordAction::EveryonePresent => {
                let waiting: Vec<_> = recorder
                    .room
                    .roster
                    .iter()
                    .filter(|p| recorder.room.presence(p.person_id).is_none())
                    .map(|p| p.person_id)
                    .collect();
                let mut result = Saved::Yes;
                for person in waiting {
                    if recorder.presence(person, Presence::Present, at, instant) == Saved::NotYet {
                        result = Saved::NotYet;
                    }
                }
                Some(result)
            }
            RecordAction::AddPerson { name, email, team } => {
                match recorder.add_person(name, email.as_deref(), team.as_deref(), at) {
                    Ok(person) => {
                        self.room_ui.message = None;
                        Some(recorder.presence(person, Presence::Present, at, instant))
                    }
                    Err(why) => {
                        self.room_ui.message = Some(format!("{name} was not added: {why}"));
                        None
                    }
                }
            }
            RecordAction::ImportRoster(path) => {
                self.room_ui.message = Some(import_roster(recorder, path, at));
                None
            }
            RecordAction::Rename { person, name } => {
                if let Err(why) = recorder.rename(*person, name, at) {
                    self.room_ui.message = Some(format!("Not renamed: {why}"));
                }
                None
            }
            RecordAction::Remove(person) => {
                if let Err(why) = recorder.remove_person(*person, at) {
                    self.room_ui.message = Some(format!("Not removed: {why}"));
                }
                None
            }
            RecordAction::FormGroups { item_id } => {
                let roles = match deck.item(item_id) {
                    Some(SlideKind::RolePlay(rp)) => rp.roles.len(),
                    _ => 2,
                };
                let here: Vec<_> = recorder.room.here().iter().map(|p| p.person_id).collect();
                let groups = form_groups(&here, roles);
                Some(recorder.record(
                    Write::Groups {
                        item_id: item_id.clone(),
                        groups,
                        at: at.to_owned(),
                    },
                    instant,
                ))
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
                Some(recorder.score(
                    NewScoreSheet {
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
                    },
                    instant,
                ))
            }
            RecordAction::Note { slide_ref, text } => Some(recorder.record(
                Write::Note {
                    slide_ref: slide_ref.clone(),
                    text: text.clone(),
                    at: at.to_owned(),
                },
                instant,
            )),
            RecordAction::BrowseRoster => None,
        };
        if saved == Some(Saved::NotYet) {
            self.room_ui.message =
                Some("Kept in memory, not saved yet: see the message below.".into());
        }
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

/// Reads a roster file into the session, and says what came in and what did not.
fn import_roster(recorder: &mut Recorder, path: &Path, at: &str) -> String {
    let import = match read_roster(path) {
        Ok(import) => import,
        Err(e) => return e.to_string(),
    };
    let added = match recorder.import(&import, at) {
        Ok(added) => added,
        Err(why) => return format!("The roster was not fully imported: {why}"),
    };
    let mut message = format!(
        "{added} people added from {} ({} rows read).",
        path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned()
        ),
        import.people.len()
    );
    if import.read_as_windows_1252 {
        message.push_str(" The file was not UTF-8; it was read as Windows text.");
    }
    for problem in &import.problems {
        message.push_str(&format!("\nLine {}: {}", problem.line, problem.message));
    }
    message
}
