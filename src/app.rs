//! The eframe app: owns the start screen, the setup of a session, or the running show; reads
//! the clock, gathers the actions the views and keys ask for, and applies them once per frame.

use std::path::{Path, PathBuf};
use std::sync::mpsc::Receiver;
use std::time::Instant;

use egui::{ViewportCommand, ViewportId};

use crate::action::Action;
use crate::capture::{Recorder, Room};
use crate::deck::{self, ImageCheck, LoadedDeck};
use crate::roster::read_roster;
use crate::session::Position;
use crate::show::Show;
use crate::store::types::{Mode, NewSession, SessionId};
use crate::store::{self, Store};
use crate::ui::history::{HistoryAction, HistoryState, Selected, history_ui};
use crate::ui::setup::{SetupAction, SetupState, roster_path, setup_ui};
use crate::ui::start::{OpenProblem, StartAction, StartState, scan_decks, start_ui};

/// The audience (projector) window.
pub fn audience_id() -> ViewportId {
    ViewportId::from_hash_of("podium-audience")
}

/// The moment a frame is drawn for: read once per frame by the app, made up by tests.
#[derive(Debug, Clone)]
pub struct Now {
    pub instant: Instant,
    /// The time of day for the presenter's clock, `14:05`.
    pub time_of_day: String,
    /// Seconds since the clock's minute began, to redraw when `time_of_day` changes.
    pub second_of_minute: u8,
    /// The same moment as RFC 3339 with the local offset, for records.
    pub rfc3339: String,
}

impl Now {
    /// Reads the clock; the only place Podium does.
    pub fn read() -> Self {
        let wall = jiff::Zoned::now();
        Self {
            instant: Instant::now(),
            time_of_day: wall.strftime("%H:%M").to_string(),
            second_of_minute: u8::try_from(wall.second()).unwrap_or(0),
            rfc3339: wall.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string(),
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
}

/// What the main window shows.
enum Screen {
    Start(StartState),
    Setup(Box<Setup>),
    Show(Box<Show>),
    History(Box<History>),
}

/// The history screen and its folder dialog.
struct History {
    state: HistoryState,
    dialog: Option<Receiver<Option<PathBuf>>>,
}

/// A deck loaded and waiting for "live or rehearsal?".
struct Setup {
    path: PathBuf,
    loaded: LoadedDeck,
    state: SetupState,
    dialog: Option<Receiver<Option<PathBuf>>>,
}

/// Podium's eframe app.
pub struct PodiumApp {
    screen: Screen,
    recent: Vec<PathBuf>,
    decks_folder: PathBuf,
    options: Options,
    dialog: Option<Receiver<Option<PathBuf>>>,
}

const RECENT_KEY: &str = "recent_decks";
const FACILITATOR_KEY: &str = "facilitator";
const MAX_RECENT: usize = 8;

impl PodiumApp {
    /// The app as eframe starts it: fonts, remembered preferences, and the deck to open.
    pub fn new(
        cc: &eframe::CreationContext<'_>,
        deck: Option<PathBuf>,
        mut options: Options,
    ) -> Self {
        let recent = cc
            .storage
            .and_then(|s| s.get_string(RECENT_KEY))
            .map(|text| text.lines().map(PathBuf::from).collect())
            .unwrap_or_default();
        if options.facilitator.is_empty() {
            // The name typed last time, else the computer's user name as a start.
            options.facilitator = cc
                .storage
                .and_then(|s| s.get_string(FACILITATOR_KEY))
                .filter(|name| !name.trim().is_empty())
                .or_else(|| std::env::var("USER").ok())
                .or_else(|| std::env::var("USERNAME").ok())
                .unwrap_or_default();
        }
        let mut app = Self::with_options(&cc.egui_ctx, recent, PathBuf::from("decks"), options);
        if let Some(path) = deck {
            app.open(&cc.egui_ctx, &path);
        }
        app
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
        Self {
            screen: Screen::Start(start),
            recent,
            decks_folder,
            options,
            dialog: None,
        }
    }

    /// The running show, if a deck is being presented.
    pub fn show(&self) -> Option<&Show> {
        match &self.screen {
            Screen::Show(show) => Some(show),
            _ => None,
        }
    }

    pub fn show_mut(&mut self) -> Option<&mut Show> {
        match &mut self.screen {
            Screen::Show(show) => Some(show),
            _ => None,
        }
    }

    /// The setup form, while a deck waits for "live or rehearsal?".
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

    /// Loads the deck at `path` and asks how to run it, or shows why it cannot be opened.
    pub fn open(&mut self, ctx: &egui::Context, path: &Path) {
        let _ = ctx;
        match deck::load(path, ImageCheck::Header) {
            Ok(loaded) => {
                self.remember(path);
                let deck_path = absolute(path);
                let (unfinished, store_problem) = match Store::open(&self.options.data_dir) {
                    Ok(store) => (
                        store
                            .unfinished_sessions()
                            .map(|all| {
                                all.into_iter()
                                    .filter(|s| s.deck_path == deck_path.display().to_string())
                                    .collect()
                            })
                            .unwrap_or_default(),
                        None,
                    ),
                    Err(e) => (Vec::new(), Some(e.explained())),
                };
                let state = SetupState {
                    deck_title: loaded.deck.title.clone(),
                    deck_summary: format!("{} \u{00B7} {}", path.display(), loaded.deck.summary()),
                    mode: Mode::Live,
                    facilitator: self.options.facilitator.clone(),
                    location: String::new(),
                    roster_path: self
                        .options
                        .roster
                        .take()
                        .map(|p| p.display().to_string())
                        .unwrap_or_default(),
                    unfinished,
                    store_problem,
                    problem: None,
                    browsing: false,
                };
                self.screen = Screen::Setup(Box::new(Setup {
                    path: path.to_path_buf(),
                    loaded,
                    state,
                    dialog: None,
                }));
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
    pub fn start_show(&mut self, ctx: &egui::Context, resume: Option<SessionId>, now: &Now) {
        let Screen::Setup(setup) = &mut self.screen else {
            return;
        };
        let state = &setup.state;
        self.options.facilitator = state.facilitator.trim().to_owned();
        let deck_path = absolute(&setup.path);
        let opened = Store::open(&self.options.data_dir);
        let (recorder, recording_off, mode, position) = match opened {
            Err(e) => (None, Some(e.explained()), state.mode, None),
            Ok(mut store) => {
                let started = match resume {
                    Some(id) => store
                        .session(id)
                        .ok()
                        .flatten()
                        .map(|info| (id, info.mode))
                        .ok_or_else(|| "that session is no longer in the store".to_owned()),
                    None => store
                        .start_session(&NewSession {
                            deck_title: setup.loaded.deck.title.clone(),
                            deck_path: deck_path.display().to_string(),
                            mode: state.mode,
                            facilitator: state.facilitator.trim().to_owned(),
                            location: Some(state.location.trim().to_owned())
                                .filter(|l| !l.is_empty()),
                            started_at: now.rfc3339.clone(),
                        })
                        .map(|id| (id, state.mode))
                        .map_err(|e| e.explained()),
                };
                match started {
                    Err(why) => {
                        setup.state.problem = Some(format!("The session could not start: {why}"));
                        return;
                    }
                    Ok((session_id, mode)) => {
                        let position = if resume.is_some() {
                            store.last_position(session_id).ok().flatten()
                        } else {
                            None
                        };
                        match Room::load(&store, session_id, &setup.loaded.deck) {
                            Ok(room) => (Some(Recorder::new(store, room)), None, mode, position),
                            Err(e) => (None, Some(e.explained()), mode, None),
                        }
                    }
                }
            }
        };
        let roster = roster_path(state).filter(|_| mode == Mode::Live);
        let Screen::Setup(setup) =
            std::mem::replace(&mut self.screen, Screen::Start(StartState::default()))
        else {
            return;
        };
        let mut show = Show::new(
            ctx,
            &setup.path,
            setup.loaded,
            mode,
            recorder,
            recording_off,
            now.instant,
        );
        if let Some((slide, step)) = position {
            show.session
                .resume_at(Position { slide, step }, now.instant);
            show.session.take_visits();
        }
        if let Some(path) = roster {
            match read_roster(&path) {
                Ok(_) => show.apply(
                    ctx,
                    &Action::Record(crate::action::RecordAction::ImportRoster(path)),
                    now,
                ),
                Err(e) => show.room_ui.message = Some(e.to_string()),
            }
            show.room_ui.tab = crate::ui::room::RoomTab::People;
        }
        show.after_actions(now);
        self.screen = Screen::Show(Box::new(show));
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
        match &mut self.screen {
            Screen::Start(start) => {
                let mut actions = start_ui(ui, start);
                if let Some(rx) = &self.dialog
                    && let Ok(chosen) = rx.try_recv()
                {
                    self.dialog = None;
                    start.browsing = false;
                    match chosen {
                        Some(path) => actions.push(StartAction::Open(path)),
                        None => start.dialog_unavailable = true,
                    }
                }
                actions.extend(dropped_files(&ctx).into_iter().map(StartAction::Open));
                for action in actions {
                    self.apply_start(&ctx, action);
                }
            }
            Screen::Setup(setup) => {
                let mut actions = setup_ui(ui, &mut setup.state);
                if let Some(rx) = &setup.dialog
                    && let Ok(chosen) = rx.try_recv()
                {
                    setup.dialog = None;
                    setup.state.browsing = false;
                    if let Some(path) = chosen {
                        setup.state.roster_path = path.display().to_string();
                    }
                }
                if let Some(path) = dropped_files(&ctx).into_iter().next() {
                    setup.state.roster_path = path.display().to_string();
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
                            let ended = Store::open(&self.options.data_dir)
                                .and_then(|mut store| store.end_session(id, &now.rfc3339));
                            if let Screen::Setup(setup) = &mut self.screen {
                                match ended {
                                    Ok(()) => setup.state.unfinished.retain(|s| s.session_id != id),
                                    Err(e) => {
                                        setup.state.problem = Some(e.explained());
                                    }
                                }
                            }
                        }
                        SetupAction::Back => {
                            self.screen = Screen::Start(self.start_state());
                            return;
                        }
                        SetupAction::BrowseRoster => {
                            if let Screen::Setup(setup) = &mut self.screen {
                                setup.dialog = spawn_file_dialog(
                                    &ctx,
                                    "Choose a roster CSV",
                                    "Roster",
                                    &["csv", "txt"],
                                    None,
                                );
                                setup.state.browsing = setup.dialog.is_some();
                            }
                        }
                    }
                }
            }
            Screen::History(history) => {
                let mut actions = history_ui(ui, &mut history.state);
                if let Some(rx) = &history.dialog
                    && let Ok(chosen) = rx.try_recv()
                {
                    history.dialog = None;
                    history.state.browsing = false;
                    match chosen {
                        Some(dir) => history.state.export_dir = dir.display().to_string(),
                        None => {
                            history.state.export_message = Some((
                                false,
                                "No folder was chosen. If no dialog appeared, type the folder's path.".into(),
                            ));
                        }
                    }
                }
                for action in actions.drain(..) {
                    self.apply_history(&ctx, action);
                }
            }
            Screen::Show(show) => {
                let actions = show.frame(ui, now);
                for action in actions {
                    if action == Action::CloseDeck {
                        self.close_deck(&ctx, now);
                        return;
                    }
                    if let Screen::Show(show) = &mut self.screen {
                        show.apply(&ctx, &action, now);
                    }
                }
                if let Screen::Show(show) = &mut self.screen {
                    show.after_actions(now);
                    ctx.request_repaint_after(show.next_change(now));
                }
            }
        }
    }

    fn close_deck(&mut self, ctx: &egui::Context, now: &Now) {
        let mut rehearsal = None;
        if let Screen::Show(show) = &mut self.screen {
            show.end(now);
            if show.mode == Mode::Rehearsal {
                rehearsal = show.recorder.as_ref().map(|r| r.room.session_id);
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
            export_dir: std::env::current_dir()
                .map(|d| d.join("exports").display().to_string())
                .unwrap_or_else(|_| "exports".to_owned()),
            ..HistoryState::default()
        };
        match Store::open(&self.options.data_dir) {
            Ok(store) => match (store.sessions(), store.people()) {
                (Ok(sessions), Ok(people)) => {
                    state.sessions = sessions;
                    state.people = people;
                }
                (Err(e), _) | (_, Err(e)) => state.problem = Some(e.explained()),
            },
            Err(e) => state.problem = Some(e.explained()),
        }
        self.screen = Screen::History(Box::new(History {
            state,
            dialog: None,
        }));
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
        let Screen::History(history) = &mut self.screen else {
            return;
        };
        let state = &mut history.state;
        if action == HistoryAction::ChooseFolder {
            history.dialog = spawn_folder_dialog(ctx, Path::new(&state.export_dir));
            state.browsing = history.dialog.is_some();
            return;
        }
        let store = match Store::open(&self.options.data_dir) {
            Ok(store) => store,
            Err(e) => {
                state.problem = Some(e.explained());
                return;
            }
        };
        match action {
            HistoryAction::OpenSession(session) => {
                match crate::report::session_overview(&store, session) {
                    Ok(overview) => {
                        let trend = if overview.info.mode == Mode::Rehearsal {
                            crate::report::rehearsal_trend(&store, &overview.info.deck_path)
                                .unwrap_or_default()
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
                match crate::report::person_history(&store, person) {
                    Ok(found) => state.selected = Some(Selected::Person(Box::new(found))),
                    Err(e) => state.problem = Some(e.to_string()),
                }
            }
            HistoryAction::Export(session) => {
                let dir = PathBuf::from(state.export_dir.trim());
                // The folder was typed or chosen here, so a missing one is made.
                if let Err(e) = std::fs::create_dir_all(&dir) {
                    state.export_message = Some((
                        false,
                        format!("Cannot create the folder {}: {e}", dir.display()),
                    ));
                    return;
                }
                state.export_message = Some(
                    match crate::export::export_session(
                        &store,
                        session,
                        &dir,
                        crate::export::Format::Both,
                        state.overwrite,
                    ) {
                        Ok(files) => (
                            true,
                            format!(
                                "Written: {}",
                                files
                                    .iter()
                                    .map(|f| f.display().to_string())
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            ),
                        ),
                        Err(crate::export::ExportError::Exists { names, .. }) => (
                            false,
                            format!(
                                "{} already in this folder. Tick \"Replace existing files\" to replace them, or choose another folder.",
                                names.join(", ")
                            ),
                        ),
                        Err(e) => (false, e.to_string()),
                    },
                );
            }
            HistoryAction::Back | HistoryAction::ChooseFolder => {}
        }
    }

    fn apply_start(&mut self, ctx: &egui::Context, action: StartAction) {
        match action {
            StartAction::Open(path) => self.open(ctx, &path),
            StartAction::History => self.open_history(),
            StartAction::Rescan => {
                if let Screen::Start(start) = &mut self.screen {
                    start.listed = scan_decks(&self.decks_folder);
                }
            }
            StartAction::Browse => {
                let dialog = spawn_file_dialog(
                    ctx,
                    "Open a Podium deck",
                    "Podium deck",
                    &["ron"],
                    Some(&self.decks_folder),
                );
                if let Screen::Start(start) = &mut self.screen {
                    start.browsing = dialog.is_some();
                    start.dialog_unavailable = dialog.is_none();
                }
                self.dialog = dialog;
            }
        }
    }
}

impl eframe::App for PodiumApp {
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
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        if let Screen::Show(show) = &mut self.screen {
            show.end(&Now::read());
        }
    }
}

/// Opens a file dialog on its own thread, so no window ever waits for it; the receiver gets
/// the chosen path, or `None` when the dialog was cancelled or there is no dialog here.
pub fn spawn_file_dialog(
    ctx: &egui::Context,
    title: &str,
    filter_name: &str,
    extensions: &[&str],
    folder: Option<&Path>,
) -> Option<Receiver<Option<PathBuf>>> {
    let (title, filter_name) = (title.to_owned(), filter_name.to_owned());
    let extensions: Vec<String> = extensions.iter().map(|e| (*e).to_owned()).collect();
    let folder = folder.map(Path::to_path_buf);
    dialog_on_thread(ctx, move || {
        let mut dialog = rfd::FileDialog::new()
            .set_title(title)
            .add_filter(filter_name, &extensions);
        if let Some(folder) = folder {
            dialog = dialog.set_directory(folder);
        }
        dialog.pick_file()
    })
}

/// Like [`spawn_file_dialog`], for choosing a folder.
fn spawn_folder_dialog(ctx: &egui::Context, start: &Path) -> Option<Receiver<Option<PathBuf>>> {
    let start = start.to_path_buf();
    dialog_on_thread(ctx, move || {
        let mut dialog = rfd::FileDialog::new().set_title("Choose a folder for the export");
        if start.is_dir() {
            dialog = dialog.set_directory(start);
        }
        dialog.pick_folder()
    })
}

/// Runs a dialog on its own thread and wakes the UI when it returns.
fn dialog_on_thread(
    ctx: &egui::Context,
    pick: impl FnOnce() -> Option<PathBuf> + Send + 'static,
) -> Option<Receiver<Option<PathBuf>>> {
    let (tx, rx) = std::sync::mpsc::channel();
    let repaint = ctx.clone();
    std::thread::Builder::new()
        .name("podium-dialog".into())
        .spawn(move || {
            let _ = tx.send(pick());
            repaint.request_repaint();
        })
        .ok()
        .map(|_| rx)
}

fn dropped_files(ctx: &egui::Context) -> Vec<PathBuf> {
    ctx.input(|i| {
        i.raw
            .dropped_files
            .iter()
            .map(|f| f.path().to_path_buf())
            .collect()
    })
}

fn absolute(path: &Path) -> PathBuf {
    path.canonicalize().unwrap_or_else(|_| path.to_path_buf())
}

/// The store's folder for these command-line settings.
pub fn data_dir(flag: Option<&Path>) -> PathBuf {
    store::data_dir(flag)
}
