//! The eframe app: owns the start screen, the setup of a session, or the running show; reads
//! the clock, gathers the actions the views and keys ask for, and applies them once per frame.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use egui::ViewportCommand;

use crate::deck::{self, ImageCheck, LoadedDeck};
use crate::presentation::{Action, PanelTab, RecordAction};
use crate::record::close::CloseTarget;
use crate::record::jobs::{Job, Polled};
use crate::record::pending_file::{self, UNSAVED_FILE};
use crate::record::room::Recorder;
use crate::record::sessions::{self, ResumeError, Resumed, Unfinished};
use crate::record::{Notify, signals};
use crate::show::Position;
use coaching_screen::{CoachingScreen, Leave};
use show_screen::ShowScreen;

pub mod coaching_screen;
mod deck_watch;
pub mod dialogs;
pub mod images;
mod key_releases;
pub mod memory;
pub mod monitors;
pub mod show_screen;
use crate::store::types::{Mode, NewSession, SessionId};
use crate::store::{self, Store, StoreError};
use crate::ui::history::{ExportMessage, HistoryAction, HistoryState, Selected, history_ui};
use crate::ui::setup::{RosterField, SetupAction, SetupState, roster_path, setup_ui};
use crate::ui::start::{OpenProblem, StartAction, StartState, scan_decks, start_ui};
use crate::ui::unsaved::{UnsavedAction, UnsavedOffer, unsaved_offer_ui};

/// How often the setup screen looks again at sessions running in another window, so Resume
/// is offered once that window closes.
const RESCAN_EVERY: Duration = Duration::from_secs(2);

/// The passes egui may run in one frame: the first, one to show the views' actions applied,
/// and one for a widget that measures itself on its first pass.
const PASSES_PER_FRAME: usize = 3;

pub use crate::time::Now;
use dialogs::{Answer, Dialog, Dialogs, Purpose, deck_dialog, dropped_files, roster_dialog};
pub use show_screen::audience_id;

/// Prints the one line scripts read to reach the phones of a show started with `--phones`:
/// `join: <URL> pin: <PIN>`; or why phones could not be turned on.
fn announce_phones(presentation: &crate::presentation::Presentation) {
    use std::io::Write;
    let phones = presentation.phones();
    match phones.join_line() {
        Some(line) => {
            let mut out = std::io::stdout().lock();
            if writeln!(out, "{line}").and_then(|()| out.flush()).is_err() {
                eprintln!("podium: cannot print the join line; the presenter window shows it");
            }
        }
        None => {
            let why = phones
                .view(false)
                .problem
                .unwrap_or("phones could not be turned on")
                .to_owned();
            eprintln!("podium: {why}");
        }
    }
}

/// Where the app keeps records and what it was started with.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The folder the store lives in.
    pub data_dir: PathBuf,
    /// A roster to offer when the first deck is set up (`--roster`).
    pub roster: Option<PathBuf>,
    /// The facilitator's name as last typed.
    pub facilitator: String,
    /// Start the show at once, without the setup screen (`--rehearse`, `--live`).
    pub start: Option<Mode>,
    /// Turn phones on in the live session started at once (`--phones`), on this port (0:
    /// any free port).
    pub phones: Option<u16>,
}

/// What the main window shows.
enum Screen {
    Start(StartState),
    Setup(Box<Setup>),
    Show(Box<ShowScreen>),
    History(Box<History>),
    /// Follow-up, a person's page, the team matrix.
    Coaching(Box<CoachingScreen>),
}

/// The history screen.
struct History {
    state: HistoryState,
}

/// A deck loaded and waiting for "live or rehearsal?".
struct Setup {
    path: PathBuf,
    loaded: LoadedDeck,
    state: SetupState,
    /// The unfinished sessions being looked up, and when to look again.
    listing: Option<Job<Result<Vec<Unfinished>, StoreError>>>,
    next_listing: Option<Instant>,
    /// A session being loaded to resume.
    resuming: Option<Job<Result<Resumed, ResumeError>>>,
    /// A session being marked as finished.
    finishing: Option<(SessionId, Job<Result<(), ResumeError>>)>,
}

/// Podium's eframe app.
pub struct PodiumApp {
    screen: Screen,
    recent: Vec<PathBuf>,
    decks_folder: PathBuf,
    options: Options,
    /// The file dialog of the start, setup and history screens.
    dialogs: Dialogs,
    /// Records a stopped Podium saved to a file, offered for merging.
    unsaved: Option<UnsavedOffer>,
    merging: Option<Job<Result<pending_file::Merged, String>>>,
    /// The window may close: the show has closed with nothing left unsaved.
    quit_allowed: bool,
    /// The folder of the last export, offered again by the close summary and History.
    export_dir: String,
    /// The monitors the window system has now (empty headless, and until the first event).
    monitors: monitors::MonitorList,
    /// The window has been placed on the monitors there are (a show places its own windows).
    window_placed: bool,
    /// Key releases held back from egui until the next input (see `key_releases`).
    key_releases: key_releases::KeyReleases,
}

const RECENT_KEY: &str = "recent_decks";
const FACILITATOR_KEY: &str = "facilitator";
const EXPORT_DIR_KEY: &str = "export_dir";
const MAX_RECENT: usize = 8;

impl PodiumApp {
    /// The app as eframe starts it: fonts, remembered preferences, the monitor list the event
    /// loop keeps, and the deck to open.
    pub fn new(
        cc: &eframe::CreationContext<'_>,
        deck: Option<PathBuf>,
        mut options: Options,
        monitors: monitors::MonitorList,
    ) -> Self {
        let recent = cc
            .storage
            .and_then(|s| s.get_string(RECENT_KEY))
            .map(|text| text.lines().map(PathBuf::from).collect())
            .unwrap_or_default();
        if options.facilitator.is_empty() {
            let remembered = cc.storage.and_then(|s| s.get_string(FACILITATOR_KEY));
            options.facilitator = sessions::default_facilitator(
                remembered,
                |name| std::env::var(name).ok(),
                directories::BaseDirs::new().map(|dirs| dirs.home_dir().to_path_buf()),
            );
        }
        let start = options.start;
        let mut app = Self::with_options(&cc.egui_ctx, recent, PathBuf::from("decks"), options);
        // Before a show starts (`--live`, `--rehearse`): it places its windows from this list.
        app.monitors = monitors;
        if let Some(dir) = cc
            .storage
            .and_then(|s| s.get_string(EXPORT_DIR_KEY))
            .filter(|d| !d.trim().is_empty())
        {
            app.export_dir = dir;
        }
        if let Some(path) = deck {
            app.open(&cc.egui_ctx, &path);
            if let Some(mode) = start {
                app.start_at_once(&cc.egui_ctx, mode, &Now::read());
            }
        }
        app
    }

    /// Starts the deck being set up in `mode` with what the setup offers, as if Enter were
    /// pressed on it: the command line's `--rehearse` and `--live`. A live session needs a
    /// name: the facilitator's from last time, else the computer's user name, else
    /// "Facilitator".
    pub fn start_at_once(&mut self, ctx: &egui::Context, mode: Mode, now: &Now) {
        let Some(setup) = self.setup_mut() else {
            // The deck could not be opened: the start screen says why.
            return;
        };
        setup.mode = mode;
        self.start_show(ctx, None, now);
    }

    /// What to do when the window is asked to close with nothing open: nothing holds it.
    pub fn quit_allowed(&self) -> bool {
        self.quit_allowed || !matches!(self.screen, Screen::Show(_))
    }

    /// The app on its start screen, listing the decks in `decks_folder`; installs the fonts.
    pub fn with_options(
        ctx: &egui::Context,
        recent: Vec<PathBuf>,
        decks_folder: PathBuf,
        options: Options,
    ) -> Self {
        crate::ui::install_fonts(ctx);
        let start = StartState {
            folder: decks_folder.clone(),
            listed: scan_decks(&decks_folder),
            recent: recent.clone(),
            ..StartState::default()
        };
        let unsaved = UnsavedOffer::find(&options.data_dir.join(UNSAVED_FILE))
            .or_else(|| signals::fallback().and_then(UnsavedOffer::find));
        Self {
            screen: Screen::Start(start),
            recent,
            decks_folder,
            options,
            dialogs: Dialogs::default(),
            unsaved,
            merging: None,
            quit_allowed: false,
            monitors: monitors::MonitorList::default(),
            window_placed: false,
            key_releases: key_releases::KeyReleases::default(),
            export_dir: default_export_dir().display().to_string(),
        }
    }

    /// The running show, if a deck is being presented.
    pub fn show(&self) -> Option<&ShowScreen> {
        match &self.screen {
            Screen::Show(show) => Some(show),
            _ => None,
        }
    }

    pub fn show_mut(&mut self) -> Option<&mut ShowScreen> {
        match &mut self.screen {
            Screen::Show(show) => Some(show),
            _ => None,
        }
    }

    /// The setup form, while a deck waits for "live or rehearsal?".
    pub fn setup(&self) -> Option<&SetupState> {
        match &self.screen {
            Screen::Setup(setup) => Some(&setup.state),
            _ => None,
        }
    }

    /// The setup form, to change, while a deck waits for "live or rehearsal?".
    pub fn setup_mut(&mut self) -> Option<&mut SetupState> {
        match &mut self.screen {
            Screen::Setup(setup) => Some(&mut setup.state),
            _ => None,
        }
    }

    /// The problem shown on the start screen, if opening a deck failed.
    pub fn open_problem(&self) -> Option<&OpenProblem> {
        match &self.screen {
            Screen::Start(start) => start.problem.as_ref(),
            _ => None,
        }
    }

    /// Loads the deck at `path` and asks how to run it, or shows why it cannot be opened. A
    /// file of unsaved records (`.json`) is merged into the data folder instead.
    pub fn open(&mut self, ctx: &egui::Context, path: &Path) {
        if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json"))
        {
            self.merge_unsaved(ctx, path);
            return;
        }
        match deck::load(path, ImageCheck::Header) {
            Ok(loaded) => {
                self.remember(path);
                let state = SetupState {
                    heading: (
                        loaded.deck.title.clone(),
                        format!("{} \u{00B7} {}", path.display(), loaded.deck.summary()),
                    ),
                    mode: Mode::Live,
                    facilitator: self.options.facilitator.clone(),
                    location: String::new(),
                    roster: RosterField {
                        path: self
                            .options
                            .roster
                            .take()
                            .map(|p| p.display().to_string())
                            .unwrap_or_default(),
                        browsing: false,
                    },
                    unfinished: Vec::new(),
                    focus_asked: false,
                    listing: true,
                    opening: None,
                    store_problem: None,
                    problem: None,
                };
                let mut setup = Setup {
                    path: path.to_path_buf(),
                    loaded,
                    state,
                    listing: None,
                    next_listing: None,
                    resuming: None,
                    finishing: None,
                };
                list_unfinished(ctx, &self.options.data_dir, &mut setup);
                self.screen = Screen::Setup(Box::new(setup));
            }
            Err(errors) => {
                let mut start = self.start_state();
                start.problem = Some(OpenProblem {
                    path: path.to_path_buf(),
                    text: errors.to_string(),
                });
                self.screen = Screen::Start(start);
            }
        }
    }

    /// Starts presenting the deck being set up: a new session, or `resume` one that stopped.
    /// Nothing waits for the database here: a new session's row is written by the writer, and
    /// a session to resume is loaded on a job thread, the show starting once it is in.
    pub fn start_show(&mut self, ctx: &egui::Context, resume: Option<SessionId>, now: &Now) {
        let Screen::Setup(setup) = &mut self.screen else {
            return;
        };
        // A name is never in the way of starting: an emptied field records a neutral one.
        if setup.state.facilitator.trim().is_empty() {
            setup.state.facilitator = sessions::NEUTRAL_FACILITATOR.to_owned();
        }
        self.options.facilitator = setup.state.facilitator.trim().to_owned();
        if let Some(session) = resume {
            let dir = self.options.data_dir.clone();
            let deck = setup.loaded.deck.clone();
            match Job::spawn("resume", notify_of(ctx), move || {
                sessions::resume(&dir, session, &deck)
            }) {
                Ok(job) => {
                    setup.resuming = Some(job);
                    setup.state.opening = Some(session);
                    setup.state.problem = None;
                }
                Err(e) => {
                    setup.state.problem = Some(format!(
                        "The session could not be opened: Podium could not start a task ({e}). Try again."
                    ));
                }
            }
            return;
        }
        let state = &setup.state;
        let new = NewSession {
            deck_title: setup.loaded.deck.title.clone(),
            deck_path: absolute(&setup.path).display().to_string(),
            mode: state.mode,
            facilitator: state.facilitator.trim().to_owned(),
            location: Some(state.location.trim().to_owned()).filter(|l| !l.is_empty()),
            started_at: now.recorded(),
        };
        let mode = state.mode;
        let recorder = Recorder::start(&self.options.data_dir, new, notify_of(ctx));
        self.present(ctx, recorder, mode, None, &[], now);
    }

    /// Opens the show for `recorder`, at `position` if resuming.
    fn present(
        &mut self,
        ctx: &egui::Context,
        recorder: Recorder,
        mode: Mode,
        position: Option<(usize, usize)>,
        slide_seconds: &[(usize, f64)],
        now: &Now,
    ) {
        let Screen::Setup(setup) =
            std::mem::replace(&mut self.screen, Screen::Start(StartState::default()))
        else {
            return;
        };
        let roster = roster_path(&setup.state).filter(|_| mode == Mode::Live);
        let mut show = ShowScreen::new(ctx, &setup.path, setup.loaded, mode, recorder, now);
        show.data_dir.clone_from(&self.options.data_dir);
        show.monitors = self.monitors.clone();
        show.summary_dialog.dir.clone_from(&self.export_dir);
        show.presentation.restore_time(slide_seconds, now);
        if let Some((slide, step)) = position {
            show.presentation.resume_at(Position { slide, step }, now);
        }
        let mut first = Vec::new();
        if let Some(path) = roster {
            first.push(Action::Record(RecordAction::ImportRoster(path)));
            first.push(Action::ShowTab(PanelTab::People));
        }
        let phones = self.options.phones.take().filter(|_| mode == Mode::Live);
        if let Some(port) = phones {
            show.presentation
                .set_phone_address(port, crate::phones::Reach::Lan);
            first.push(Action::PhonesOn);
        }
        let _ = show.presentation.apply(first, now);
        if phones.is_some() {
            announce_phones(&show.presentation);
        }
        self.screen = Screen::Show(Box::new(show));
    }

    /// Merges a file of unsaved records into the data folder, on a job thread.
    fn merge_unsaved(&mut self, ctx: &egui::Context, path: &Path) {
        if self.merging.is_some() {
            return;
        }
        let dir = self.options.data_dir.clone();
        let file = path.to_path_buf();
        let offer = self.unsaved.get_or_insert_with(|| UnsavedOffer {
            path: path.to_path_buf(),
            count: 0,
            message: None,
            merged: false,
        });
        offer.path = path.to_path_buf();
        offer.message = Some("Merging\u{2026}".to_owned());
        match Job::spawn("merge", notify_of(ctx), move || merge_file(&dir, &file)) {
            Ok(job) => self.merging = Some(job),
            Err(e) => {
                offer.message = Some(format!("Podium could not start merging ({e}); try again."));
            }
        }
    }

    /// Picks up a finished merge.
    fn poll_merge(&mut self) {
        let Some(job) = &self.merging else {
            return;
        };
        let outcome = match job.poll() {
            Polled::Running => return,
            Polled::Done(outcome) => outcome,
            Polled::Lost => Err(
                "merging stopped unexpectedly; nothing may have been merged. Try again.".to_owned(),
            ),
        };
        self.merging = None;
        if let Some(offer) = &mut self.unsaved {
            match outcome {
                Ok(merged) => {
                    offer.merged = merged.refused.is_empty();
                    offer.message = Some(format!("{}.", merged.summary()));
                    if offer.merged {
                        offer.message = Some(format!(
                            "{}. {}",
                            merged.summary(),
                            set_aside(&offer.path, &self.options.data_dir)
                        ));
                    }
                }
                Err(why) => offer.message = Some(why),
            }
        }
    }

    fn start_state(&self) -> StartState {
        StartState {
            folder: self.decks_folder.clone(),
            listed: scan_decks(&self.decks_folder),
            recent: self.recent.clone(),
            ..StartState::default()
        }
    }

    fn remember(&mut self, path: &Path) {
        let path = absolute(path);
        self.recent.retain(|p| p != &path);
        self.recent.insert(0, path);
        self.recent.truncate(MAX_RECENT);
    }

    /// Draws one frame at `now`: the start screen, the setup, or the presenter and audience.
    pub fn frame(&mut self, ui: &mut egui::Ui, now: &Now) {
        let ctx = ui.ctx().clone();
        // A click's actions are applied and the pass drawn again (one discard); a widget first
        // drawn in that pass, such as a new grid of score buttons, needs one more to measure
        // itself, or it shows as a gap until the mouse moves.
        if ctx.options(|o| o.max_passes.get()) < PASSES_PER_FRAME {
            ctx.options_mut(|o| {
                o.max_passes = std::num::NonZeroUsize::MIN.saturating_add(PASSES_PER_FRAME - 1);
            });
        }
        self.poll_merge();
        // The window as it opens (its remembered or default size) may not fit the screen with
        // its frame: placed once, as a show places it, as soon as the monitors are known.
        if matches!(self.screen, Screen::Show(_)) {
            self.window_placed = true;
        } else if !self.window_placed {
            let monitors = self.monitors.lock().map(|m| m.clone()).unwrap_or_default();
            self.window_placed = monitors::place_presenter(&ctx, &monitors, false, true).is_some();
        }
        if !matches!(
            self.screen,
            Screen::Show(_) | Screen::History(_) | Screen::Coaching(_)
        ) && let Some(offer) = &self.unsaved
        {
            let mut dismissed = false;
            let mut merge = false;
            egui::Panel::top("unsaved-offer").show(ui, |ui| {
                for action in unsaved_offer_ui(ui, offer, self.merging.is_some()) {
                    match action {
                        UnsavedAction::Merge => merge = true,
                        UnsavedAction::Dismiss => dismissed = true,
                    }
                }
            });
            if merge {
                let path = offer.path.clone();
                self.merge_unsaved(&ctx, &path);
            }
            if dismissed {
                self.unsaved = None;
            }
        }
        if matches!(self.screen, Screen::Setup(_)) {
            let resumed = self.poll_setup(&ctx, now);
            if let Some(resumed) = resumed {
                let mode = resumed.info.mode;
                let position = resumed.position;
                let slide_seconds = resumed.slide_seconds;
                let recorder = Recorder::resume(
                    &self.options.data_dir,
                    resumed.room,
                    &resumed.info,
                    resumed.owner,
                    notify_of(&ctx),
                );
                self.present(&ctx, recorder, mode, position, &slide_seconds, now);
            }
        }
        let answer = self.dialogs.poll();
        match &mut self.screen {
            Screen::Start(start) => {
                let mut actions = start_ui(ui, start);
                if let Some((Purpose::OpenDeck, answer)) = answer {
                    start.browsing = false;
                    match answer {
                        Answer::Chosen(path) => actions.push(StartAction::Open(path)),
                        Answer::NoneChosen | Answer::Lost => start.dialog_unavailable = true,
                    }
                }
                actions.extend(dropped_files(&ctx).into_iter().map(StartAction::Open));
                for action in actions {
                    self.apply_start(&ctx, action, now);
                }
            }
            Screen::Setup(setup) => {
                let mut actions = setup_ui(ui, &mut setup.state);
                if let Some((Purpose::SetupRoster, answer)) = answer {
                    setup.state.roster.browsing = false;
                    if let Answer::Chosen(path) = answer {
                        setup.state.roster.path = path.display().to_string();
                    }
                }
                if let Some(path) = dropped_files(&ctx).into_iter().next() {
                    setup.state.roster.path = path.display().to_string();
                }
                for action in actions.drain(..) {
                    match action {
                        SetupAction::Start => {
                            self.start_show(&ctx, None, now);
                            return;
                        }
                        SetupAction::Resume(id) => {
                            self.start_show(&ctx, Some(id), now);
                            return;
                        }
                        SetupAction::Finish(id) => {
                            let dir = self.options.data_dir.clone();
                            let at = now.recorded();
                            if let Screen::Setup(setup) = &mut self.screen {
                                match Job::spawn("finish", notify_of(&ctx), move || {
                                    sessions::finish(&dir, id, &at)
                                }) {
                                    Ok(job) => setup.finishing = Some((id, job)),
                                    Err(e) => {
                                        setup.state.problem = Some(format!(
                                            "The session could not be marked as finished: Podium could not start a task ({e}). Try again."
                                        ));
                                    }
                                }
                            }
                        }
                        SetupAction::Back => {
                            self.screen = Screen::Start(self.start_state());
                            return;
                        }
                        SetupAction::BrowseRoster => {
                            let wake = ctx.clone();
                            let opened = self.dialogs.open(
                                Purpose::SetupRoster,
                                roster_dialog(),
                                move || wake.request_repaint(),
                            );
                            if let Screen::Setup(setup) = &mut self.screen {
                                setup.state.roster.browsing = opened;
                            }
                        }
                    }
                }
            }
            Screen::History(history) => {
                let mut actions = history_ui(ui, &mut history.state);
                if let Some((Purpose::ExportFolder, answer)) = answer {
                    history.state.browsing = false;
                    match answer {
                        Answer::Chosen(dir) => history.state.export_dir = dir.display().to_string(),
                        Answer::NoneChosen | Answer::Lost => {
                            history.state.export_message = Some(ExportMessage::Problem(
                                "No folder was chosen. If no dialog appeared, type the folder's path.".into(),
                            ));
                        }
                    }
                }
                for action in actions.drain(..) {
                    if let HistoryAction::Coach(person) = action {
                        let view = crate::ui::coaching::CoachingView::Person;
                        self.open_coaching(&ctx, view, Some(person), now);
                        return;
                    }
                    self.apply_history(&ctx, action);
                }
            }
            Screen::Coaching(coaching) => {
                if let Some((Purpose::ExportFolder, answer)) = answer {
                    coaching.folder_chosen(match answer {
                        Answer::Chosen(dir) => Some(dir),
                        Answer::NoneChosen | Answer::Lost => None,
                    });
                }
                match coaching.frame(ui, now) {
                    Some(Leave::Start) => self.screen = Screen::Start(self.start_state()),
                    Some(Leave::ChooseFolder) => {
                        let wake = ctx.clone();
                        let dialog = Dialog::Folder {
                            title: "Choose a folder for the export",
                            start: PathBuf::from(&coaching.state.export_dir),
                        };
                        coaching.state.browsing =
                            self.dialogs.open(Purpose::ExportFolder, dialog, move || {
                                wake.request_repaint()
                            });
                    }
                    None => {}
                }
            }
            Screen::Show(show) => {
                // The window's close button asks the same as Close deck, with the window as
                // what closes in the end; a second request only brings the dialog up again.
                let mut outside = Vec::new();
                if ctx.input(|i| i.viewport().close_requested()) && !self.quit_allowed {
                    ctx.send_viewport_cmd(ViewportCommand::CancelClose);
                    outside.push(Action::CloseWindow);
                }
                let closed = show.frame(ui, now, outside);
                if show.summary_dialog.dir != self.export_dir {
                    self.export_dir.clone_from(&show.summary_dialog.dir);
                }
                match closed {
                    Some(CloseTarget::Deck) => self.close_deck(&ctx),
                    Some(CloseTarget::Window) => {
                        self.quit_allowed = true;
                        ctx.send_viewport_cmd(ViewportCommand::Close);
                    }
                    None if matches!(
                        show.presentation.closing(),
                        crate::record::close::Closing::Finishing { .. }
                    ) =>
                    {
                        // The writer wakes the window when the last records are in; this
                        // brings the dialog up if it never does.
                        ctx.request_repaint_after(Duration::from_millis(250));
                    }
                    None => ctx.request_repaint_after(show.next_change(now)),
                }
            }
        }
    }

    /// Picks up the setup screen's jobs: the unfinished sessions, a session loaded to resume
    /// (returned, to start the show), a session marked as finished.
    fn poll_setup(&mut self, ctx: &egui::Context, now: &Now) -> Option<Resumed> {
        let Screen::Setup(setup) = &mut self.screen else {
            return None;
        };
        if let Some(job) = &setup.listing {
            match job.poll() {
                Polled::Running => {}
                Polled::Done(listed) => {
                    setup.listing = None;
                    setup.state.listing = false;
                    match listed {
                        Ok(unfinished) => {
                            let again = unfinished.iter().any(|u| u.running_elsewhere);
                            setup.state.unfinished = unfinished;
                            setup.state.store_problem = None;
                            setup.next_listing = again.then(|| now.instant + RESCAN_EVERY);
                        }
                        Err(e) => {
                            setup.state.store_problem = Some(e.explained());
                            setup.next_listing = Some(now.instant + RESCAN_EVERY);
                        }
                    }
                }
                Polled::Lost => {
                    setup.listing = None;
                    setup.state.listing = false;
                    setup.state.store_problem = Some(
                        "looking for unfinished sessions stopped unexpectedly; open the deck again to retry".to_owned(),
                    );
                }
            }
        }
        if let Some(at) = setup.next_listing {
            if now.instant >= at && setup.listing.is_none() {
                setup.next_listing = None;
                list_unfinished(ctx, &self.options.data_dir, setup);
            } else {
                ctx.request_repaint_after(at.saturating_duration_since(now.instant));
            }
        }
        if let Some((id, job)) = &setup.finishing {
            let id = *id;
            match job.poll() {
                Polled::Running => {}
                Polled::Done(Ok(())) => {
                    setup.finishing = None;
                    setup.state.unfinished.retain(|s| s.info.session_id != id);
                }
                Polled::Done(Err(e)) => {
                    setup.finishing = None;
                    setup.state.problem = Some(e.to_string());
                }
                Polled::Lost => {
                    setup.finishing = None;
                    setup.state.problem = Some(
                        "Marking the session as finished stopped unexpectedly; try again."
                            .to_owned(),
                    );
                }
            }
        }
        let job = setup.resuming.as_ref()?;
        let outcome = match job.poll() {
            Polled::Running => return None,
            Polled::Done(outcome) => outcome,
            Polled::Lost => {
                setup.resuming = None;
                setup.state.opening = None;
                setup.state.problem = Some(
                    "Opening the session stopped unexpectedly; nothing was changed. Try Resume again."
                        .to_owned(),
                );
                return None;
            }
        };
        setup.resuming = None;
        setup.state.opening = None;
        match outcome {
            Ok(resumed) => Some(resumed),
            Err(e) => {
                setup.state.problem = Some(format!("The session could not be resumed: {e}."));
                if matches!(e, ResumeError::RunningElsewhere(_)) {
                    setup.next_listing = Some(now.instant);
                }
                None
            }
        }
    }

    fn close_deck(&mut self, ctx: &egui::Context) {
        let mut rehearsal = None;
        if let Screen::Show(show) = &mut self.screen {
            if show.presentation.mode() == Mode::Rehearsal {
                rehearsal = show.presentation.recorder().stored_session();
            }
            if let Some((path, count)) = show.presentation.take_saved_to() {
                self.unsaved = Some(UnsavedOffer {
                    path,
                    count,
                    message: Some(
                        "Saved. Add them once the data folder can be written again.".to_owned(),
                    ),
                    merged: false,
                });
            }
        }
        ctx.send_viewport_cmd_to(audience_id(), ViewportCommand::Close);
        // A rehearsal ends on its report.
        match rehearsal {
            Some(session) => {
                self.open_history();
                self.apply_history(ctx, HistoryAction::OpenSession(session));
            }
            None => self.screen = Screen::Start(self.start_state()),
        }
    }

    /// Shows the history: every recorded session and person.
    pub fn open_history(&mut self) {
        let mut state = HistoryState {
            // Without a readable working folder, a relative path still says where it goes.
            export_dir: self.export_dir.clone(),
            ..HistoryState::default()
        };
        match open_store(&self.options.data_dir) {
            Ok(store) => match (store.sessions(), store.people()) {
                (Ok(sessions), Ok(people)) => {
                    state.sessions = sessions;
                    state.people = people;
                }
                (Err(e), _) | (_, Err(e)) => state.problem = Some(e.explained()),
            },
            Err(e) => state.problem = Some(e.explained()),
        }
        self.screen = Screen::History(Box::new(History { state }));
    }

    /// Shows the follow-up screens on `view`, on `person`'s page if given.
    pub fn open_coaching(
        &mut self,
        ctx: &egui::Context,
        view: crate::ui::coaching::CoachingView,
        person: Option<crate::store::PersonId>,
        now: &Now,
    ) {
        let screen = CoachingScreen::open(
            &self.options.data_dir,
            &self.options.facilitator,
            view,
            person,
            now,
            notify_of(ctx),
        );
        self.screen = Screen::Coaching(Box::new(screen));
    }

    /// The follow-up screens, while they show.
    pub fn coaching_mut(&mut self) -> Option<&mut CoachingScreen> {
        match &mut self.screen {
            Screen::Coaching(coaching) => Some(coaching),
            _ => None,
        }
    }

    /// The history screen's state, while it shows.
    pub fn history_mut(&mut self) -> Option<&mut HistoryState> {
        match &mut self.screen {
            Screen::History(history) => Some(&mut history.state),
            _ => None,
        }
    }

    /// Carries out what was asked on the history screen.
    pub fn apply_history(&mut self, ctx: &egui::Context, action: HistoryAction) {
        if action == HistoryAction::Back {
            self.screen = Screen::Start(self.start_state());
            return;
        }
        if let HistoryAction::Coach(person) = action {
            self.open_coaching(
                ctx,
                crate::ui::coaching::CoachingView::Person,
                Some(person),
                &Now::read(),
            );
            return;
        }
        let Screen::History(history) = &mut self.screen else {
            return;
        };
        let state = &mut history.state;
        if action == HistoryAction::ChooseFolder {
            let wake = ctx.clone();
            let dialog = Dialog::Folder {
                title: "Choose a folder for the export",
                start: PathBuf::from(&state.export_dir),
            };
            state.browsing = self.dialogs.open(Purpose::ExportFolder, dialog, move || {
                wake.request_repaint()
            });
            return;
        }
        let mut store = match open_store(&self.options.data_dir) {
            Ok(store) => store,
            Err(e) => {
                state.problem = Some(e.explained());
                return;
            }
        };
        match action {
            HistoryAction::OpenSession(session) => {
                // "Replace existing files" is asked for one export: another session's export
                // never replaces files unasked because it was ticked for an earlier one.
                state.overwrite = false;
                match crate::report::session_overview(&store, session) {
                    Ok(overview) => {
                        let trend = if overview.info.mode == Mode::Rehearsal {
                            match crate::report::rehearsal_trend(&store, &overview.info.deck_path) {
                                Ok(trend) => trend,
                                Err(e) => {
                                    state.problem = Some(format!(
                                        "The earlier rehearsals of this deck could not be read, so the trend is missing: {e}"
                                    ));
                                    Vec::new()
                                }
                            }
                        } else {
                            Vec::new()
                        };
                        state.show_rehearsals |= overview.info.mode == Mode::Rehearsal;
                        state.export_message = None;
                        state.selected = Some(Selected::Session {
                            overview: Box::new(overview),
                            trend,
                        });
                    }
                    Err(e) => state.problem = Some(e.to_string()),
                }
            }
            HistoryAction::OpenPerson(person) => {
                let today = Now::read().wall.date();
                match crate::report::person_history_with_follow_up(&store, person, today) {
                    Ok(found) => state.selected = Some(Selected::Person(Box::new(found))),
                    Err(e) => state.problem = Some(e.to_string()),
                }
            }
            HistoryAction::Export(session) => {
                let dir = PathBuf::from(state.export_dir.trim());
                // The folder was typed or chosen here, so a missing one is made.
                if let Err(e) = std::fs::create_dir_all(&dir) {
                    state.export_message = Some(ExportMessage::Problem(format!(
                        "Cannot create the folder {}: {e}",
                        dir.display()
                    )));
                    return;
                }
                let written = crate::export::export_session(
                    &store,
                    session,
                    &dir,
                    crate::export::Format::Both,
                    state.overwrite,
                );
                if written.is_ok() {
                    // Ticked for this export only; the next one asks again.
                    state.overwrite = false;
                }
                state.export_message = Some(match crate::export::said(written) {
                    Ok(written) => ExportMessage::Written(written),
                    Err(problem) => ExportMessage::Problem(problem),
                });
            }
            HistoryAction::Void { session, reason } => {
                self.set_void(&mut store, session, true, &reason);
            }
            HistoryAction::Unvoid(session) => {
                self.set_void(&mut store, session, false, "counted again");
            }
            HistoryAction::Back | HistoryAction::ChooseFolder | HistoryAction::Coach(_) => {}
        }
    }

    /// Marks `session` void (or valid again), then shows the list and the session as they are
    /// now.
    fn set_void(&mut self, store: &mut Store, session: SessionId, void: bool, reason: &str) {
        let Screen::History(history) = &mut self.screen else {
            return;
        };
        let state = &mut history.state;
        if let Err(e) = store.set_void(session, void, reason, &Now::read().recorded()) {
            state.problem = Some(format!(
                "The session could not be marked: {}",
                e.explained()
            ));
            return;
        }
        match store.sessions() {
            Ok(sessions) => state.sessions = sessions,
            Err(e) => state.problem = Some(e.explained()),
        }
        if let Some(Selected::Session {
            overview: shown, ..
        }) = &mut state.selected
        {
            match crate::report::session_overview(store, session) {
                Ok(overview) => **shown = overview,
                Err(e) => {
                    state.problem = Some(format!("The session could not be read again: {e}"));
                }
            }
        }
    }

    fn apply_start(&mut self, ctx: &egui::Context, action: StartAction, now: &Now) {
        match action {
            StartAction::Open(path) => self.open(ctx, &path),
            StartAction::History => self.open_history(),
            StartAction::FollowUp => {
                self.open_coaching(ctx, crate::ui::coaching::CoachingView::FollowUp, None, now)
            }
            StartAction::Rescan => {
                if let Screen::Start(start) = &mut self.screen {
                    start.listed = scan_decks(&self.decks_folder);
                }
            }
            StartAction::Browse => {
                let wake = ctx.clone();
                let opened = self.dialogs.open(
                    Purpose::OpenDeck,
                    deck_dialog(&self.decks_folder),
                    move || wake.request_repaint(),
                );
                if let Screen::Start(start) = &mut self.screen {
                    start.browsing = opened;
                    start.dialog_unavailable = !opened;
                }
            }
        }
    }
}

impl eframe::App for PodiumApp {
    fn raw_input_hook(&mut self, _ctx: &egui::Context, raw_input: &mut egui::RawInput) {
        self.key_releases.hold_or_deliver(raw_input);
    }

    /// The panels' own colour, opaque: the presenter's panels are drawn on it without a fill
    /// of their own (see `ui::presenter`), and every other screen's panels fill with it.
    fn clear_color(&self, visuals: &egui::Visuals) -> [f32; 4] {
        visuals.panel_fill.to_normalized_gamma_f32()
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let now = Now::read();
        self.frame(ui, &now);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        let text = self
            .recent
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join("\n");
        storage.set_string(RECENT_KEY, text);
        storage.set_string(FACILITATOR_KEY, self.options.facilitator.clone());
        storage.set_string(EXPORT_DIR_KEY, self.export_dir.clone());
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        // The window went without the close dialog (the display server ended, for one):
        // whatever is not saved goes to the file the next start offers to merge. The session
        // stays unfinished, so it is offered for resuming too.
        for outcome in signals::save_all() {
            match outcome {
                Ok((path, count)) => eprintln!(
                    "podium: {count} records not yet in the database were saved to {}",
                    path.display()
                ),
                Err(e) => {
                    eprintln!("podium: records not yet in the database could not be saved: {e}")
                }
            }
        }
    }
}

/// The full path of a file, to recognise it again; a path that cannot be resolved (the file
/// was just moved) is kept as given, which only means an unfinished session is not matched.
fn absolute(path: &Path) -> PathBuf {
    path.canonicalize().unwrap_or_else(|_| path.to_path_buf())
}

/// Looks up the deck's unfinished sessions on a job thread.
fn list_unfinished(ctx: &egui::Context, data_dir: &Path, setup: &mut Setup) {
    let dir = data_dir.to_path_buf();
    let deck_path = absolute(&setup.path).display().to_string();
    match Job::spawn("sessions", notify_of(ctx), move || {
        sessions::unfinished(&dir, &deck_path)
    }) {
        Ok(job) => {
            setup.listing = Some(job);
            setup.state.listing = true;
        }
        Err(e) => {
            setup.state.listing = false;
            setup.state.store_problem = Some(format!(
                "Podium could not look for unfinished sessions ({e}); open the deck again to retry"
            ));
        }
    }
}

/// Wakes `ctx`'s windows: what the writer and the jobs call when something changed. One
/// frame, right away: egui answers a request with no delay with two frames, and the writer
/// confirms a record after every step of a show, each frame of both windows drawn in software
/// on a computer with no graphics card.
pub fn notify_of(ctx: &egui::Context) -> Notify {
    let ctx = ctx.clone();
    Arc::new(move || ctx.request_repaint_after(ONE_FRAME_NOW))
}

/// A delay egui treats as a request for one frame, short enough to be at once.
pub const ONE_FRAME_NOW: Duration = Duration::from_millis(1);

/// Opens the store of the data folder `dir`: the one place the shell does, for the history
/// screen and for merging a file of unsaved records (the show records through its writer
/// thread, and the setup's look-ups run in `record::sessions`).
fn open_store(dir: &Path) -> Result<Store, StoreError> {
    Store::open(dir)
}

/// Merges the file of unsaved records at `file` into the data folder `dir`.
fn merge_file(dir: &Path, file: &Path) -> Result<pending_file::Merged, String> {
    let loaded = pending_file::load(file).map_err(|e| format!("{e}."))?;
    let mut store = open_store(dir).map_err(|e| e.explained())?;
    pending_file::merge(&mut store, &loaded).map_err(|e| match e {
        pending_file::PendingFileError::Store(e) => e.explained(),
        other => format!("{other}."),
    })
}

/// Moves a merged file of unsaved records aside, so it is not offered again; says where.
fn set_aside(path: &Path, data_dir: &Path) -> String {
    let offered = path == data_dir.join(UNSAVED_FILE) || Some(path) == signals::fallback();
    if !offered {
        return format!("The file {} can be deleted now.", path.display());
    }
    let aside = path.with_extension("merged.json");
    match std::fs::rename(path, &aside) {
        Ok(()) => format!("The file was kept as {}.", aside.display()),
        Err(e) => format!(
            "The file {} could not be renamed ({e}); delete it, or it is offered again (merging it again adds nothing twice).",
            path.display()
        ),
    }
}

/// The window Podium opens, with its preferences (window geometry, recent decks, the
/// facilitator's name) kept in `app.ron` in the data folder `data_dir`, so `--data-dir` and
/// `PODIUM_DATA_DIR` hold everything Podium writes.
pub fn native_options(data_dir: &Path) -> eframe::NativeOptions {
    eframe::NativeOptions {
        persistence_path: Some(data_dir.join("app.ron")),
        viewport: egui::ViewportBuilder::default()
            .with_title("Podium \u{2014} presenter")
            .with_app_id("podium")
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([720.0, 480.0])
            .with_drag_and_drop(true),
        // Slides are flat colours, text and photographs, which show no banding; dithering would
        // cost every pixel of both windows a noise calculation, about a tenth of a frame's
        // drawing where the CPU draws (Mesa's llvmpipe, measured on the workshop deck).
        dithering: false,
        ..Default::default()
    }
}

/// Where exports go until the presenter types or chooses a folder (see [`export_dir_in`]),
/// from this computer's folders.
pub fn default_export_dir() -> PathBuf {
    let user = directories::UserDirs::new();
    export_dir_in(
        user.as_ref().and_then(directories::UserDirs::document_dir),
        user.as_ref().map(directories::UserDirs::home_dir),
        std::env::current_dir().ok().as_deref(),
    )
}

/// The folder exports go to until one is chosen: "Podium exports" in the Documents folder,
/// where a spreadsheet is looked for, else in the home folder; the folder Podium was started
/// from (which, started from a desktop menu, can be any) only when the system names neither.
pub fn export_dir_in(
    documents: Option<&Path>,
    home: Option<&Path>,
    started_in: Option<&Path>,
) -> PathBuf {
    const NAME: &str = "Podium exports";
    match (documents, home, started_in) {
        (Some(documents), _, _) => documents.join(NAME),
        (None, Some(home), _) => home.join(NAME),
        (None, None, Some(started_in)) => started_in.join(NAME),
        // Without any folder, a relative path still says where the files go.
        (None, None, None) => PathBuf::from(NAME),
    }
}

/// The store's folder for these command-line settings.
pub fn data_dir(flag: Option<&Path>) -> PathBuf {
    store::data_dir(flag)
}

/// Runs the windows until they close: the deck, if any, opened (and started at once with
/// `--rehearse` or `--live`). Prints why when no window can be opened.
pub fn run(deck: Option<PathBuf>, app_options: Options) -> std::process::ExitCode {
    use std::process::ExitCode;
    // Logout and shutdown stop Podium with a signal: what is not saved yet goes to a file.
    if let Some(home) = std::env::var_os("HOME").or_else(|| std::env::var_os("USERPROFILE")) {
        crate::record::signals::set_fallback(
            &PathBuf::from(home).join("podium-unsaved-records.json"),
        );
    }
    #[cfg(unix)]
    if let Err(e) = crate::record::signals::install() {
        eprintln!(
            "podium: records not yet saved cannot be kept if Podium is stopped by the system ({e}); close it with its Close button"
        );
    }
    let options = native_options(&app_options.data_dir);
    // eframe on an event loop of Podium's own, so the monitors can be listed for placing the
    // windows (see `monitors`).
    let result = (|| -> Result<(), String> {
        let event_loop = winit::event_loop::EventLoop::<eframe::UserEvent>::with_user_event()
            .build()
            .map_err(|e| e.to_string())?;
        let list = monitors::MonitorList::default();
        let shared = list.clone();
        let app = eframe::create_native(
            "Podium",
            options,
            Box::new(move |cc| Ok(Box::new(PodiumApp::new(cc, deck, app_options, shared)))),
            &event_loop,
        );
        let mut app = monitors::WithMonitors::new(app, list);
        event_loop.run_app(&mut app).map_err(|e| e.to_string())
    })();
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!(
                "podium: cannot open a window: {e}\nPodium needs a graphical desktop (X11, or Wayland with XWayland). To check decks without one, run `podium check DECK.ron`."
            );
            ExitCode::from(1)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exports_go_to_documents_then_home_then_the_starting_folder() {
        let documents = Path::new("/home/ana/Documents");
        let home = Path::new("/home/ana");
        let started_in = Path::new("/");
        assert_eq!(
            export_dir_in(Some(documents), Some(home), Some(started_in)),
            PathBuf::from("/home/ana/Documents/Podium exports")
        );
        assert_eq!(
            export_dir_in(None, Some(home), Some(started_in)),
            PathBuf::from("/home/ana/Podium exports"),
            "a desktop start from / must not put exports at the root"
        );
        assert_eq!(
            export_dir_in(None, None, Some(started_in)),
            PathBuf::from("/Podium exports")
        );
        assert_eq!(
            export_dir_in(None, None, None),
            PathBuf::from("Podium exports")
        );
    }
}
