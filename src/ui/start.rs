//! The start screen: the decks in `./decks`, recent decks, "Open deck...", a typed path, and
//! drag-and-drop, since a file dialog is not available on every machine.

use std::path::{Path, PathBuf};

use egui::{Color32, RichText, ScrollArea, Ui};

use crate::deck::{self, DeckSummary, ImageCheck};

/// A deck file found in the decks folder, with what loading it gave.
#[derive(Debug, Clone)]
pub struct DeckEntry {
    pub path: PathBuf,
    pub status: DeckStatus,
}

#[derive(Debug, Clone)]
pub enum DeckStatus {
    Ready {
        title: String,
        summary: DeckSummary,
        missing_images: usize,
    },
    Invalid {
        errors: usize,
        first: String,
    },
}

/// A deck that could not be opened, and why, in the compiler-style text.
#[derive(Debug, Clone)]
pub struct OpenProblem {
    pub path: PathBuf,
    pub text: String,
}

/// What the start screen shows and the path being typed.
#[derive(Debug, Default)]
pub struct StartState {
    pub folder: PathBuf,
    pub listed: Vec<DeckEntry>,
    pub recent: Vec<PathBuf>,
    pub typed_path: String,
    pub problem: Option<OpenProblem>,
    /// A file dialog is open (in its own thread, so it never blocks a window).
    pub browsing: bool,
    /// Set when the dialog came back empty, which is also what happens where no dialog exists.
    pub dialog_unavailable: bool,
}

/// What the person asked for on the start screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StartAction {
    Open(PathBuf),
    Browse,
    Rescan,
    /// The recorded sessions, reports, people and exports.
    History,
    /// Open commitments, people's pages, the team matrix.
    FollowUp,
}

/// Loads every `.ron` file in `folder` for the list, sorted by file name.
pub fn scan_decks(folder: &Path) -> Vec<DeckEntry> {
    let Ok(dir) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = dir
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("ron")))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let status = match deck::load(&path, ImageCheck::Header) {
                Ok(loaded) => DeckStatus::Ready {
                    title: loaded.deck.title.clone(),
                    summary: loaded.deck.summary(),
                    missing_images: loaded.image_problems.len(),
                },
                Err(errors) => DeckStatus::Invalid {
                    errors: errors.diagnostics.len(),
                    first: errors
                        .diagnostics
                        .first()
                        .map(|d| format!("{}: {}", d.location(), d.message))
                        .unwrap_or_default(),
                },
            };
            DeckEntry { path, status }
        })
        .collect()
}

/// Draws the start screen; returns what the person asked for.
pub fn start_ui(ui: &mut Ui, state: &mut StartState) -> Vec<StartAction> {
    let mut actions = Vec::new();
    egui::CentralPanel::default_margins().show(ui, |ui| {
        ScrollArea::vertical().show(ui, |ui| {
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                ui.heading(RichText::new("Podium").size(34.0).strong());
                ui.add_space(24.0);
                if ui
                    .button(RichText::new("History, reports and exports").size(17.0))
                    .clicked()
                {
                    actions.push(StartAction::History);
                }
                if ui
                    .button(RichText::new("Follow-up and coaching").size(17.0))
                    .clicked()
                {
                    actions.push(StartAction::FollowUp);
                }
            });
            ui.label(
                RichText::new("Open a workshop deck to present, rehearse or check it.")
                    .size(17.0),
            );
            ui.add_space(12.0);

            if let Some(problem) = &state.problem {
                problem_ui(ui, problem, &mut actions);
                ui.add_space(12.0);
            }

            ui.horizontal(|ui| {
                let browse = ui.add_enabled(
                    !state.browsing,
                    egui::Button::new(RichText::new("Open deck\u{2026}").size(18.0)),
                );
                if browse.clicked() {
                    actions.push(StartAction::Browse);
                }
                ui.label(RichText::new("or type its path:").size(16.0));
                let field = ui.add(
                    egui::TextEdit::singleline(&mut state.typed_path)
                        .hint_text("decks/my-workshop.ron")
                        .desired_width(380.0),
                );
                let entered = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                if (ui.button(RichText::new("Open").size(18.0)).clicked() || entered)
                    && !state.typed_path.trim().is_empty()
                {
                    actions.push(StartAction::Open(PathBuf::from(state.typed_path.trim())));
                }
            });
            if state.browsing {
                ui.label("Choose a deck in the file dialog\u{2026}");
            }
            if state.dialog_unavailable {
                ui.label(
                    RichText::new(
                        "No file was chosen. If no dialog appeared, this computer has none: type the deck's path above, or drag the .ron file onto this window.",
                    )
                    .color(super::status::WARN),
                );
            }
            ui.label(
                RichText::new("You can also drag a .ron deck file onto this window.")
                    .color(Color32::from_gray(160)),
            );
            ui.add_space(16.0);

            ui.horizontal(|ui| {
                ui.label(
                    RichText::new(format!("Decks in the folder {}", state.folder.display()))
                        .size(20.0)
                        .strong(),
                );
                if ui.button("Refresh").clicked() {
                    actions.push(StartAction::Rescan);
                }
            });
            if state.listed.is_empty() {
                ui.label("No .ron decks in this folder.");
            }
            for entry in &state.listed {
                deck_row_ui(ui, entry, &mut actions);
            }

            if !state.recent.is_empty() {
                ui.add_space(16.0);
                ui.label(RichText::new("Recent decks").size(20.0).strong());
                for path in &state.recent {
                    let text = path.display().to_string();
                    if ui.link(RichText::new(text).size(16.0)).clicked() {
                        actions.push(StartAction::Open(path.clone()));
                    }
                }
            }
        });
    });
    actions
}

fn deck_row_ui(ui: &mut Ui, entry: &DeckEntry, actions: &mut Vec<StartAction>) {
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.horizontal(|ui| {
            let file = entry
                .path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            match &entry.status {
                DeckStatus::Ready {
                    title,
                    summary,
                    missing_images,
                } => {
                    if ui.button(RichText::new("Present").size(17.0)).clicked() {
                        actions.push(StartAction::Open(entry.path.clone()));
                    }
                    ui.vertical(|ui| {
                        ui.label(RichText::new(title).size(18.0).strong());
                        ui.label(format!("{file} \u{00B7} {summary}"));
                        if *missing_images > 0 {
                            ui.label(
                                RichText::new(format!(
                                    "{missing_images} picture(s) missing: those slides show a placeholder"
                                ))
                                .color(super::status::WARN),
                            );
                        }
                    });
                }
                DeckStatus::Invalid { errors, first } => {
                    if ui.button(RichText::new("Show errors").size(17.0)).clicked() {
                        actions.push(StartAction::Open(entry.path.clone()));
                    }
                    ui.vertical(|ui| {
                        ui.label(RichText::new(file).size(18.0).strong());
                        ui.label(
                            RichText::new(format!(
                                "{errors} error{} \u{2014} {first}",
                                if *errors == 1 { "" } else { "s" }
                            ))
                            .color(super::status::BAD),
                        );
                    });
                }
            }
        });
    });
}

fn problem_ui(ui: &mut Ui, problem: &OpenProblem, actions: &mut Vec<StartAction>) {
    egui::Frame::new()
        .fill(Color32::from_rgb(0x3A, 0x12, 0x14))
        .inner_margin(10.0)
        .corner_radius(4)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal(|ui| {
                ui.label(
                    RichText::new(format!(
                        "{} cannot be opened. Fix what is listed below in the deck file, then try again.",
                        problem.path.display()
                    ))
                    .size(17.0)
                    .color(Color32::from_rgb(0xFF, 0x8A, 0x8F)),
                );
                if ui.button("Try again").clicked() {
                    actions.push(StartAction::Open(problem.path.clone()));
                }
            });
            ScrollArea::vertical()
                .id_salt("open-problem")
                .max_height(320.0)
                .show(ui, |ui| {
                    ui.label(RichText::new(&problem.text).monospace().size(14.0));
                });
        });
}
