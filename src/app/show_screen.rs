//! The show on screen: the presenter window and the audience window around a
//! [`Presentation`], with what only a window can have (textures, the deck file watch, file
//! dialogs, window commands, the widgets' own state).
//!
//! Each frame takes one road: every input is gathered as an [`Action`] (keys of either
//! window, the frame's tick, a changed deck file, a dialog's answer, dropped files, what the
//! audience window said about itself, the close button) and applied; the view model is built
//! once; the presenter window is drawn from it, and the audience window is given a copy of
//! what it shows and drawn in a frame of its own when that copy changed; then what the views
//! asked for (buttons) is applied, and the pass is drawn again so the change shows in the
//! same frame.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use egui::{ViewportBuilder, ViewportClass, ViewportCommand, ViewportId};

use super::deck_watch::DeckWatch;
use super::dialogs::{Answer, Dialog, Dialogs, Purpose, dropped_files, roster_dialog};
use super::images::{ImageCache, PicturesNow};
use super::monitors::MonitorList;
use crate::deck::LoadedDeck;
use crate::placement::{Arrangement, Frame, Placement};
use crate::presentation::view::{ShowView, StageSnapshot};
use crate::presentation::{Action, Effect, ExportOutcome, Presentation};
use crate::record::close::CloseTarget;
use crate::record::room::Recorder;
use crate::store::types::Mode;
use crate::time::Now;
use crate::ui::audience::audience_ui;
use crate::ui::close::{CloseDialog, SummaryDialog, close_dialog_ui, summary_dialog_ui};
use crate::ui::help::help_ui;
use crate::ui::keys::actions_from_keys;
use crate::ui::presenter::presenter_ui;
use crate::ui::room::SidePanelState;

/// The audience (projector) window.
pub fn audience_id() -> ViewportId {
    ViewportId::from_hash_of("podium-audience")
}

/// The audience window as the shell keeps it.
struct AudienceWindow {
    /// Width over height, so the presenter's previews look like the projector.
    aspect: f32,
    /// After a swap of screens, when to put the audience window back to full-screen.
    refullscreen_at: Option<Instant>,
    fullscreen: bool,
    /// What its own frames draw and report back.
    shared: Arc<Mutex<AudienceShared>>,
}

/// The audience window is drawn in frames of its own (an egui deferred viewport), only when
/// what it shows changes: a frame that changes only the presenter's window (a key's release,
/// a clock's minute) does not draw the projector's again, each frame of either being drawn
/// in software on a computer with no graphics card. The presenter's frame leaves here what the
/// audience window shows; the audience window's frames leave the keys typed in it and what
/// it says about itself, and wake the presenter's window to take them.
#[derive(Default)]
struct AudienceShared {
    /// The stage and its pictures as the last presenter frame left them.
    stage: Option<(StageSnapshot, PicturesNow)>,
    blanked: bool,
    typing: bool,
    /// Keys typed in the audience window, not yet applied.
    keys: Vec<Action>,
    /// What the window last said about itself, and whether the presenter's frame has not
    /// taken it in yet.
    report: Option<AudienceReport>,
    report_new: bool,
}

fn lock(shared: &Mutex<AudienceShared>) -> MutexGuard<'_, AudienceShared> {
    // The state is plain data, whole after any panic: a poisoned lock is used as it is.
    shared.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A deck being presented, in its two windows.
pub struct ShowScreen {
    pub presentation: Presentation,
    images: ImageCache,
    watch: DeckWatch,
    dialogs: Dialogs,
    audience: AudienceWindow,
    /// What is typed in the side panel.
    pub panel: SidePanelState,
    /// What is typed in the close dialog.
    pub close_dialog: CloseDialog,
    /// The close summary's export folder.
    pub summary_dialog: SummaryDialog,
    /// The data folder, which the close summary's export reads.
    pub data_dir: PathBuf,
    /// The monitors the window system has now, to place the windows.
    pub monitors: MonitorList,
    /// Where the windows go, once placed from the monitor list.
    placed: Option<Placement>,
    /// S was pressed (an odd number of times): the windows' screens are swapped.
    swapped: bool,
}

impl ShowScreen {
    /// Starts presenting `loaded` (read from `path`), recording through `recorder`.
    pub fn new(
        ctx: &egui::Context,
        path: &Path,
        loaded: LoadedDeck,
        mode: Mode,
        recorder: Recorder,
        now: &Now,
    ) -> Self {
        Self {
            images: ImageCache::new(ctx, &loaded.deck.folder),
            presentation: Presentation::new(path, loaded, mode, recorder, now),
            watch: DeckWatch::start(ctx, path),
            dialogs: Dialogs::default(),
            audience: AudienceWindow {
                aspect: 16.0 / 9.0,
                refullscreen_at: None,
                fullscreen: false,
                shared: Arc::default(),
            },
            panel: SidePanelState::default(),
            close_dialog: CloseDialog::default(),
            summary_dialog: SummaryDialog::default(),
            data_dir: PathBuf::new(),
            monitors: MonitorList::default(),
            placed: None,
            swapped: false,
        }
    }

    /// Draws one frame of both windows at `now`, after applying `outside` (what the app
    /// gathered for the show, such as the window's close button); returns what to close once
    /// the show is over.
    pub fn frame(
        &mut self,
        ui: &mut egui::Ui,
        now: &Now,
        outside: Vec<Action>,
    ) -> Option<CloseTarget> {
        let ctx = ui.ctx().clone();
        if self.placed.is_none() {
            self.place_windows(&ctx, now);
        }
        // Input first: everything this frame brings, applied before anything is drawn.
        let mut input = self.gather_input(&ctx, now);
        input.extend(outside);
        let mut closed = self.apply(&ctx, input, now);

        self.images.poll(&ctx);
        self.images
            .keep_near(&self.presentation.pictures_near(1, 3));

        // One view model for both windows.
        let view = self.presentation.view(now);
        let mut asked = presenter_ui(
            ui,
            &view,
            &self.images,
            self.audience.aspect,
            &mut self.panel,
        );
        if view.windows.help_visible {
            asked.extend(help_ui(ui));
        }
        // A dialog stays clear of an audience window kept above this one.
        let keep_clear = view
            .windows
            .audience_open
            .then(|| audience_over_presenter(&ctx))
            .flatten();
        if let Some(summary) = &view.summary {
            asked.extend(
                summary_dialog_ui(ui, summary, &mut self.summary_dialog, keep_clear)
                    .into_iter()
                    .map(Action::Close),
            );
        }
        if let Some(closing) = &view.closing {
            asked.extend(
                close_dialog_ui(
                    ui,
                    closing.closing,
                    closing.unsaved,
                    closing.problem,
                    &mut self.close_dialog,
                    keep_clear,
                )
                .into_iter()
                .map(Action::Close),
            );
        }
        if view.windows.audience_open {
            let typing = self.presentation.typing_answers();
            let at = self.placed.map(|p| audience_builder_place(&ctx, &p));
            show_audience(&ctx, &self.audience.shared, &view, &self.images, typing, at);
        }
        drop(view);

        // What the views asked for (a click, a key typed in the audience window) is applied
        // now, and this pass is drawn again with it, so the change shows in this very frame.
        if !asked.is_empty() {
            closed = closed.or(self.apply(&ctx, asked, now));
            ctx.request_discard("the views' actions were applied");
            if !ctx.will_discard() {
                // No pass left in this frame: the next frame shows it, at once.
                ctx.request_repaint();
            }
        }
        closed
    }

    /// Every input of this frame that is known before drawing, as actions.
    fn gather_input(&mut self, ctx: &egui::Context, now: &Now) -> Vec<Action> {
        let mut input = vec![Action::Tick];
        // What the audience window's frames left: keys typed there, and what it said.
        let (keys, report) = {
            let mut shared = lock(&self.audience.shared);
            let report = if std::mem::take(&mut shared.report_new) {
                shared.report.clone()
            } else {
                None
            };
            (std::mem::take(&mut shared.keys), report)
        };
        input.extend(keys);
        if let Some(report) = report {
            input.extend(self.audience_report(report));
        }
        if self.watch.take_change() {
            input.push(Action::ReloadDeck);
        }
        if let Some(at) = self.audience.refullscreen_at
            && now.instant >= at
        {
            self.audience.refullscreen_at = None;
            ctx.send_viewport_cmd_to(audience_id(), ViewportCommand::Fullscreen(true));
        }
        if let Some((purpose, answer)) = self.dialogs.poll() {
            input.extend(self.dialog_answer(purpose, answer));
        }
        let dropped = dropped_files(ctx);
        if !dropped.is_empty() {
            input.push(Action::Dropped(dropped));
        }
        if !ctx.egui_wants_keyboard_input() {
            let blanked = self.presentation.show().blank().is_some();
            input.extend(actions_from_keys(
                ctx,
                blanked,
                self.presentation.typing_answers(),
            ));
        }
        input
    }

    /// Applies `actions` and carries out their effects; returns what to close, if the show is
    /// over.
    fn apply(
        &mut self,
        ctx: &egui::Context,
        actions: Vec<Action>,
        now: &Now,
    ) -> Option<CloseTarget> {
        let mut closed = None;
        for effect in self.presentation.apply(actions, now) {
            match effect {
                Effect::ChooseRosterFile => {
                    let wake = ctx.clone();
                    if !self
                        .dialogs
                        .open(Purpose::ShowRoster, roster_dialog(), move || {
                            wake.request_repaint();
                        })
                    {
                        let _ = self.presentation.apply([Action::RosterChosen(None)], now);
                    }
                }
                Effect::ChooseUnsavedFile { start } => self.choose_unsaved_file(ctx, start),
                Effect::FullScreen(on) => {
                    ctx.send_viewport_cmd_to(audience_id(), ViewportCommand::Fullscreen(on));
                }
                Effect::SwapScreens => {
                    if self.monitors_now().is_empty() {
                        self.swap_screens(ctx, now.instant);
                    } else {
                        self.swapped = !self.swapped;
                        self.place_windows(ctx, now);
                    }
                }
                Effect::DeckReplaced => self.images.clear(),
                Effect::Closed(target) => closed = Some(target),
                Effect::Export {
                    session,
                    dir,
                    replace,
                } => {
                    let outcome = export_now(&self.data_dir, session, &dir, replace);
                    let _ = self.presentation.apply([Action::Exported(outcome)], now);
                }
                Effect::ChooseExportFolder => {
                    let wake = ctx.clone();
                    let dialog = Dialog::Folder {
                        title: "Choose a folder for the export",
                        start: PathBuf::from(self.summary_dialog.dir.trim()),
                    };
                    self.summary_dialog.browsing =
                        self.dialogs.open(Purpose::ExportFolder, dialog, move || {
                            wake.request_repaint()
                        });
                    if !self.summary_dialog.browsing {
                        let _ = self.presentation.apply(
                            [Action::Exported(ExportOutcome::Failed(
                                "No folder dialog could be opened here: type the folder's path."
                                    .to_owned(),
                            ))],
                            now,
                        );
                    }
                }
            }
        }
        closed
    }

    /// The close dialog's "Choose…": a save dialog, starting from the path typed in it.
    fn choose_unsaved_file(&mut self, ctx: &egui::Context, proposed: PathBuf) {
        if self.close_dialog.path.trim().is_empty() {
            self.close_dialog.path = proposed.display().to_string();
        }
        let start = PathBuf::from(self.close_dialog.path.trim());
        let wake = ctx.clone();
        let dialog = Dialog::SaveFile {
            title: "Save the unsaved records",
            filter: "Podium unsaved records",
            extensions: &["json"],
            start,
        };
        self.close_dialog.browsing = self
            .dialogs
            .open(Purpose::UnsavedFile, dialog, move || wake.request_repaint());
        if !self.close_dialog.browsing {
            self.close_dialog.message =
                Some("No file dialog could be opened here: type the file's path above.".to_owned());
        }
    }

    /// A dialog's answer as an action.
    fn dialog_answer(&mut self, purpose: Purpose, answer: Answer) -> Option<Action> {
        match purpose {
            Purpose::ShowRoster => Some(Action::RosterChosen(match answer {
                Answer::Chosen(path) => Some(path),
                Answer::NoneChosen | Answer::Lost => None,
            })),
            Purpose::UnsavedFile => {
                self.close_dialog.browsing = false;
                match answer {
                    Answer::Chosen(path) => {
                        self.close_dialog.path = path.display().to_string();
                        Some(Action::UnsavedFileChosen(Some(path)))
                    }
                    Answer::NoneChosen => None,
                    Answer::Lost => {
                        self.close_dialog.message = Some(
                            "The file dialog closed without an answer: type the file's path above."
                                .into(),
                        );
                        None
                    }
                }
            }
            Purpose::ExportFolder => {
                self.summary_dialog.browsing = false;
                if let Answer::Chosen(dir) = answer {
                    self.summary_dialog.dir = dir.display().to_string();
                }
                None
            }
            Purpose::OpenDeck | Purpose::SetupRoster => None,
        }
    }

    /// What the audience window reported in this frame, as actions; keeps its size.
    fn audience_report(&mut self, report: AudienceReport) -> Vec<Action> {
        let mut actions = Vec::new();
        if report.close_requested {
            actions.push(Action::AudienceClosed);
        }
        if report.fullscreen != self.audience.fullscreen {
            self.audience.fullscreen = report.fullscreen;
            actions.push(Action::AudienceFullScreen(report.fullscreen));
        }
        if let Some(size) = report.size
            && size.x > 1.0
            && size.y > 1.0
        {
            self.audience.aspect = size.x / size.y;
        }
        if let Some(monitor) = report.monitor {
            self.images
                .set_max_size([monitor.x as u32, monitor.y as u32]);
        }
        actions
    }

    /// How long until something on either screen changes by itself.
    pub fn next_change(&self, now: &Now) -> Duration {
        self.presentation.next_change(now)
    }

    fn monitors_now(&self) -> Vec<crate::placement::Monitor> {
        self.monitors.lock().map(|m| m.clone()).unwrap_or_default()
    }

    /// Places both windows from the monitors there are now (see [`crate::placement`]): the
    /// audience window full-screen on a monitor of its own, the presenter's on the laptop,
    /// both inside the monitors that exist (a remembered geometry is clamped), S swapping
    /// them. Does nothing while the monitors or the presenter window's place are unknown.
    fn place_windows(&mut self, ctx: &egui::Context, now: &Now) {
        let monitors = self.monitors_now();
        let Some(placed) = super::monitors::place_presenter(ctx, &monitors, self.swapped, false)
        else {
            return;
        };
        let (placement, ppp) = (placed.placement, placed.ppp);
        let points = |v: i32| v as f32 / ppp;
        let frame = placement.frame;
        let first = self.placed.is_none();
        self.placed = Some(placement);
        let _ = self
            .presentation
            .apply([Action::Placed(placement.advice())], now);
        if first {
            // The audience window opens where the placement says (its builder).
            return;
        }
        let audience = audience_id();
        let a = placement.audience;
        if self.audience.fullscreen {
            ctx.send_viewport_cmd_to(audience, ViewportCommand::Fullscreen(false));
        }
        ctx.send_viewport_cmd_to(
            audience,
            ViewportCommand::OuterPosition(egui::pos2(points(a.x), points(a.y))),
        );
        if placement.audience_fullscreen {
            self.audience.refullscreen_at = Some(now.instant + Duration::from_millis(400));
        } else {
            ctx.send_viewport_cmd_to(
                audience,
                ViewportCommand::InnerSize(egui::vec2(
                    points(a.width - frame.width),
                    points(a.height - frame.height),
                )),
            );
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
        if self.audience.fullscreen {
            ctx.send_viewport_cmd_to(audience, ViewportCommand::Fullscreen(false));
            self.audience.refullscreen_at = Some(now + Duration::from_millis(400));
        }
        ctx.send_viewport_cmd_to(audience, ViewportCommand::OuterPosition(presenter_at.min));
        ctx.send_viewport_cmd_to(
            ViewportId::ROOT,
            ViewportCommand::OuterPosition(audience_at.min),
        );
    }
}

/// The audience window's outer rectangle in the presenter window's points, where it lies over
/// the presenter window (on one screen); `None` when the window system has not said where
/// either window is.
fn audience_over_presenter(ctx: &egui::Context) -> Option<egui::Rect> {
    let audience = ctx.input_for(audience_id(), |i| i.viewport().outer_rect)?;
    let presenter = ctx.input_for(ViewportId::ROOT, |i| i.viewport().inner_rect)?;
    Some(audience.translate(-presenter.min.to_vec2()))
}

/// Exports `session` from the store in `data_dir` to the folder `dir`, made if missing.
/// Files already there (an earlier export, of this session or another) are replaced only
/// when `replace`; otherwise nothing is written and the outcome names them.
fn export_now(
    data_dir: &Path,
    session: crate::store::types::SessionId,
    dir: &Path,
    replace: bool,
) -> ExportOutcome {
    if let Err(e) = std::fs::create_dir_all(dir) {
        return ExportOutcome::Failed(format!("Cannot create the folder {}: {e}", dir.display()));
    }
    let store = match crate::store::Store::open(data_dir) {
        Ok(store) => store,
        Err(e) => return ExportOutcome::Failed(e.explained()),
    };
    match crate::export::export_session(&store, session, dir, crate::export::Format::Both, replace)
    {
        Ok(files) => ExportOutcome::Written(format!(
            "Written to {}: {}",
            dir.display(),
            files
                .iter()
                .filter_map(|f| f.file_name())
                .map(|n| n.to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join(", ")
        )),
        Err(crate::export::ExportError::Exists { dir, names }) => {
            ExportOutcome::InTheWay { dir, names }
        }
        Err(e) => ExportOutcome::Failed(e.to_string()),
    }
}

/// What the audience window says about itself after a frame.
#[derive(Debug, Clone, PartialEq)]
struct AudienceReport {
    close_requested: bool,
    fullscreen: bool,
    size: Option<egui::Vec2>,
    /// The monitor's size in pixels.
    monitor: Option<egui::Vec2>,
}

/// Where the audience window opens, in points: its position, its inner size, full-screen, and
/// whether it stays above the presenter window (in a corner of it on one screen, where the
/// presenter window, maximized, would otherwise be raised over it).
type AudienceAt = (egui::Pos2, egui::Vec2, bool, bool);

/// The placement's audience window in the presenter window's points.
fn audience_builder_place(ctx: &egui::Context, placement: &Placement) -> AudienceAt {
    let ppp = ctx.input(|i| {
        i.viewport()
            .native_pixels_per_point
            .unwrap_or(i.pixels_per_point)
    });
    let a = placement.audience;
    let points = |v: i32| v as f32 / ppp;
    // The rectangle is the outer one; a full-screen window has no frame.
    let frame = if placement.audience_fullscreen {
        Frame::default()
    } else {
        placement.frame
    };
    (
        egui::pos2(points(a.x), points(a.y)),
        egui::vec2(
            points(a.width - frame.width),
            points(a.height - frame.height),
        ),
        placement.audience_fullscreen,
        placement.arrangement == Arrangement::Overlapping,
    )
}

/// Keeps the audience window open on what `view` shows, asking for one of its frames when
/// that changed since the last (see [`AudienceShared`]).
fn show_audience(
    ctx: &egui::Context,
    shared: &Arc<Mutex<AudienceShared>>,
    view: &ShowView<'_>,
    images: &ImageCache,
    typing: bool,
    at: Option<AudienceAt>,
) {
    {
        let now = (StageSnapshot::of(&view.stage), images.now());
        let mut state = lock(shared);
        state.blanked = view.stage.blank.is_some();
        state.typing = typing;
        if state.stage.as_ref() != Some(&now) {
            state.stage = Some(now);
            ctx.request_repaint_of(audience_id());
        }
    }
    let builder = ViewportBuilder::default().with_title(format!(
        "{} \u{2014} Podium audience",
        view.header.deck_title
    ));
    let builder = match at {
        Some((position, size, fullscreen, on_top)) => builder
            .with_position(position)
            .with_inner_size(size)
            .with_fullscreen(fullscreen)
            .with_window_level(if on_top {
                egui::WindowLevel::AlwaysOnTop
            } else {
                egui::WindowLevel::Normal
            }),
        None => builder.with_inner_size([1024.0, 576.0]),
    };
    let shared = Arc::clone(shared);
    ctx.show_viewport_deferred(audience_id(), builder, move |ui, class| {
        draw_audience(ui, class, &shared);
    });
}

/// One frame of the audience window, from what the presenter's last frame left; keeps the
/// keys typed in it and what it says about itself, and wakes the presenter's window when there
/// is something new (nothing when it is drawn inside the presenter's window, as in tests
/// without a second window).
fn draw_audience(ui: &mut egui::Ui, class: ViewportClass, shared: &Mutex<AudienceShared>) {
    let mut state = lock(shared);
    if let Some((stage, pictures)) = &state.stage {
        egui::CentralPanel::no_frame().show(ui, |ui| audience_ui(ui, &stage.view(), pictures));
    }
    if class == ViewportClass::EmbeddedWindow {
        return;
    }
    let ctx = ui.ctx().clone();
    let keys = actions_from_keys(&ctx, state.blanked, state.typing);
    let report = ctx.input(|i| {
        let v = i.viewport();
        AudienceReport {
            close_requested: v.close_requested(),
            fullscreen: v.fullscreen.unwrap_or(false),
            size: v.inner_rect.map(|r| r.size()),
            monitor: v.monitor_size.map(|m| m * i.pixels_per_point),
        }
    });
    let new_report = state.report.as_ref() != Some(&report) || report.close_requested;
    if new_report {
        state.report = Some(report);
        state.report_new = true;
    }
    if new_report || !keys.is_empty() {
        state.keys.extend(keys);
        ctx.request_repaint_of(ViewportId::ROOT);
    }
}
