//! The eframe app: owns the start screen or the running show, reads the clock, gathers the
//! actions the views and keys ask for, and applies them once per frame.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant, SystemTime};

use egui::{ViewportBuilder, ViewportClass, ViewportCommand, ViewportId};

use crate::action::{Action, actions_from_keys};
use crate::deck::{self, Diagnostic, ImageCheck};
use crate::session::Session;
use crate::ui::audience::audience_ui;
use crate::ui::help::help_ui;
use crate::ui::images::ImageCache;
use crate::ui::presenter::{PresenterInput, presenter_ui};
use crate::ui::start::{OpenProblem, StartAction, StartState, scan_decks, start_ui};

/// The audience (projector) window.
pub fn audience_id() -> ViewportId {
    ViewportId::from_hash_of("podium-audience")
}

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

/// The moment a frame is drawn for: read once per frame by the app, made up by tests.
#[derive(Debug, Clone)]
pub struct Now {
    pub instant: Instant,
    /// The time of day for the presenter's clock, `14:05`.
    pub time_of_day: String,
    /// Seconds since the clock's minute began, to redraw when `time_of_day` changes.
    pub second_of_minute: u8,
}

impl Now {
    /// Reads the clock; the only place Podium does.
    pub fn read() -> Self {
        let wall = jiff::Zoned::now();
        Self {
            instant: Instant::now(),
            time_of_day: wall.strftime("%H:%M").to_string(),
            second_of_minute: u8::try_from(wall.second()).unwrap_or(0),
        }
    }
}

/// What the main window shows.
enum Screen {
    Start(StartState),
    Show(Box<Show>),
}

/// A deck being presented, with everything around the session the windows need.
pub struct Show {
    pub session: Session,
    images: ImageCache,
    path: PathBuf,
    watch: DeckWatch,
    reload_errors: Vec<Diagnostic>,
    image_problems: Vec<Diagnostic>,
    pub help_visible: bool,
    pub audience_open: bool,
    audience_fullscreen: bool,
    audience_aspect: f32,
    /// After a swap of screens, when to put the audience window back to full-screen.
    refullscreen_at: Option<Instant>,
}

/// Podium's eframe app.
pub struct PodiumApp {
    screen: Screen,
    recent: Vec<PathBuf>,
    decks_folder: PathBuf,
    dialog: Option<Receiver<Option<PathBuf>>>,
}

const RECENT_KEY: &str = "recent_decks";
const MAX_RECENT: usize = 8;

impl PodiumApp {
    /// The app as eframe starts it: fonts, remembered recent decks, and the deck to open.
    pub fn new(cc: &eframe::CreationContext<'_>, deck: Option<PathBuf>) -> Self {
        let recent = cc
            .storage
            .and_then(|s| s.get_string(RECENT_KEY))
            .map(|text| text.lines().map(PathBuf::from).collect())
            .unwrap_or_default();
        let mut app = Self::with_recent(&cc.egui_ctx, recent, PathBuf::from("decks"));
        if let Some(path) = deck {
            app.open(&cc.egui_ctx, &path, Instant::now());
        }
        app
    }

    /// The app on its start screen, listing the decks in `decks_folder`; installs the fonts.
    pub fn with_recent(ctx: &egui::Context, recent: Vec<PathBuf>, decks_folder: PathBuf) -> Self {
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
            dialog: None,
        }
    }

    /// The running show, if a deck is open.
    pub fn show(&self) -> Option<&Show> {
        match &self.screen {
            Screen::Show(show) => Some(show),
            Screen::Start(_) => None,
        }
    }

    pub fn show_mut(&mut self) -> Option<&mut Show> {
        match &mut self.screen {
            Screen::Show(show) => Some(show),
            Screen::Start(_) => None,
        }
    }

    /// The problem shown on the start screen, if opening a deck failed.
    pub fn open_problem(&self) -> Option<&OpenProblem> {
        match &self.screen {
            Screen::Start(start) => start.problem.as_ref(),
            Screen::Show(_) => None,
        }
    }

    /// Opens the deck at `path` for presenting, or shows why it cannot be opened.
    pub fn open(&mut self, ctx: &egui::Context, path: &Path, now: Instant) {
        match deck::load(path, ImageCheck::Header) {
            Ok(loaded) => {
                self.remember(path);
                let watch = DeckWatch::start(ctx, path);
                let images = ImageCache::new(ctx, &loaded.deck.folder);
                self.screen = Screen::Show(Box::new(Show {
                    session: Session::new(loaded.deck, now),
                    images,
                    path: path.to_path_buf(),
                    watch,
                    reload_errors: Vec::new(),
                    image_problems: loaded.image_problems,
                    help_visible: false,
                    audience_open: true,
                    audience_fullscreen: false,
                    audience_aspect: 16.0 / 9.0,
                    refullscreen_at: None,
                }));
            }
            Err(errors) => {
                let problem = OpenProblem {
                    path: path.to_path_buf(),
                    text: errors.to_string(),
                };
                let mut start = self.start_state();
                start.problem = Some(problem);
                self.screen = Screen::Start(start);
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
        let path = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
        self.recent.retain(|p| p != &path);
        self.recent.insert(0, path);
        self.recent.truncate(MAX_RECENT);
    }

    /// Draws one frame at `now`: the start screen, or the presenter and audience windows.
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
                let dropped: Vec<PathBuf> = ctx.input(|i| {
                    i.raw
                        .dropped_files
                        .iter()
                        .map(|f| f.path().to_path_buf())
                        .collect()
                });
                actions.extend(dropped.into_iter().map(StartAction::Open));
                for action in actions {
                    self.apply_start(&ctx, action, now.instant);
                }
            }
            Screen::Show(show) => {
                let actions = show.frame(ui, now);
                for action in actions {
                    if action == Action::CloseDeck {
                        self.close_deck(&ctx);
                        return;
                    }
                    if let Screen::Show(show) = &mut self.screen {
                        show.apply(&ctx, &action, now.instant);
                    }
                }
                if let Screen::Show(show) = &self.screen {
                    ctx.request_repaint_after(show.next_change(now));
                }
            }
        }
    }

    fn close_deck(&mut self, ctx: &egui::Context) {
        ctx.send_viewport_cmd_to(audience_id(), ViewportCommand::Close);
        self.screen = Screen::Start(self.start_state());
    }

    fn apply_start(&mut self, ctx: &egui::Context, action: StartAction, now: Instant) {
        match action {
            StartAction::Open(path) => self.open(ctx, &path, now),
            StartAction::Rescan => {
                if let Screen::Start(start) = &mut self.screen {
                    start.listed = scan_decks(&self.decks_folder);
                }
            }
            StartAction::Browse => {
                let (tx, rx) = std::sync::mpsc::channel();
                let repaint = ctx.clone();
                let folder = self.decks_folder.clone();
                // The dialog runs on its own thread so no window ever waits for it.
                let spawned = std::thread::Builder::new()
                    .name("podium-open-dialog".into())
                    .spawn(move || {
                        let chosen = rfd::FileDialog::new()
                            .set_title("Open a Podium deck")
                            .add_filter("Podium deck", &["ron"])
                            .set_directory(folder)
                            .pick_file();
                        let _ = tx.send(chosen);
                        repaint.request_repaint();
                    });
                if let Screen::Start(start) = &mut self.screen {
                    if spawned.is_ok() {
                        start.browsing = true;
                        start.dialog_unavailable = false;
                        self.dialog = Some(rx);
                    } else {
                        start.dialog_unavailable = true;
                    }
                }
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
    }
}

fn modified(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

impl Show {
    /// The deck file this show was opened from.
    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn reload_errors(&self) -> &[Diagnostic] {
        &self.reload_errors
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

        let blanked = self.session.blank().is_some();
        let mut actions = if ctx.egui_wants_keyboard_input() {
            Vec::new()
        } else {
            actions_from_keys(&ctx, blanked)
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
                audience_open: self.audience_open,
                audience_fullscreen: self.audience_fullscreen,
            },
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
        let blanked = session.blank().is_some();
        let (actions, info) = ctx.show_viewport_immediate(audience_id(), builder, |ui, class| {
            egui::CentralPanel::no_frame().show(ui, |ui| audience_ui(ui, session, images, now));
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
                self.reload_errors.clear();
                self.images.clear();
            }
            Err(errors) => self.reload_errors = errors.diagnostics,
        }
    }

    /// Applies one action at `now`.
    pub fn apply(&mut self, ctx: &egui::Context, action: &Action, now: Instant) {
        if let Some(command) = action.command() {
            self.session.apply(command, now);
        }
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
