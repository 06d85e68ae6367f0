//! Starting a deck: live or rehearsal, the facilitator, the location, a roster, or resuming
//! a session that stopped before its end.

use std::path::PathBuf;

use egui::{Color32, RichText, Ui};

use crate::record::sessions::Unfinished;
use crate::store::types::Mode;

/// What the setup screen holds while the person fills it in.
#[derive(Debug, Clone)]
pub struct SetupState {
    /// The deck's title, and its file and counts on one line.
    pub heading: (String, String),
    pub mode: Mode,
    pub facilitator: String,
    pub location: String,
    /// A roster CSV to load into the session (optional).
    pub roster: RosterField,
    /// Sessions of this deck that never ended, newest first, to offer resuming.
    pub unfinished: Vec<Unfinished>,
    /// The first empty field was given the keyboard focus (once, when the screen opened).
    pub focus_asked: bool,
    /// The unfinished sessions are being looked up.
    pub listing: bool,
    /// The session being loaded to resume.
    pub opening: Option<i64>,
    /// Why the data folder cannot be used now, if so.
    pub store_problem: Option<String>,
    /// A problem with the last attempt to start, shown above the button.
    pub problem: Option<String>,
}

/// The roster file's field: a typed path, or one chosen in the file dialog.
#[derive(Debug, Clone, Default)]
pub struct RosterField {
    pub path: String,
    /// The file dialog is open.
    pub browsing: bool,
}

/// What the person chose on the setup screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SetupAction {
    Start,
    Resume(i64),
    /// Records the end of a session that stopped, so it is no longer offered.
    Finish(i64),
    BrowseRoster,
    Back,
}

/// Draws the setup screen; returns what was chosen.
pub fn setup_ui(ui: &mut Ui, state: &mut SetupState) -> Vec<SetupAction> {
    let mut actions = Vec::new();
    egui::CentralPanel::default_margins().show(ui, |ui| {
        egui::ScrollArea::vertical().show(ui, |ui| {
            // One centred column, as readable on a 1920x1080 window as on 1024x768.
            let width = ui.available_width().min(820.0);
            let side = (ui.available_width() - width) / 2.0;
            ui.add_space((ui.available_height() * 0.08).min(80.0));
            ui.horizontal(|ui| {
                ui.add_space(side);
                ui.vertical(|ui| {
                    ui.set_width(width);
                    column_ui(ui, state, &mut actions);
                });
            });
        });
    });
    actions
}

/// The setup's content, in its column.
fn column_ui(ui: &mut Ui, state: &mut SetupState, actions: &mut Vec<SetupAction>) {
    ui.heading(RichText::new(&state.heading.0).size(30.0).strong());
    ui.label(RichText::new(&state.heading.1).color(Color32::from_gray(170)));
    ui.add_space(12.0);

    if let Some(problem) = &state.store_problem {
        ui.label(
            RichText::new(format!(
                "The data folder cannot be used now: {problem}\nYou can still present: what you record is kept in memory and saved as soon as the folder can be written."
            ))
            .color(Color32::from_rgb(0xFF, 0x8A, 0x8F))
            .size(16.0),
        );
        ui.add_space(8.0);
    }
    if state.listing && state.unfinished.is_empty() {
        ui.label(
            RichText::new("Looking for sessions of this deck that did not finish\u{2026}")
                .color(Color32::from_gray(170)),
        );
    }

    // After a crash the session is offered as it was left: Enter resumes it (the newest one
    // that can be), as a person restarting in front of the room would expect; starting a new
    // session is the button below.
    let resume_on_enter = state
        .unfinished
        .iter()
        .find(|u| !u.running_elsewhere)
        .map(|u| u.info.session_id);
    for session in &state.unfinished {
        let info = &session.info;
        // The text above its buttons, so it wraps within the column at any window width.
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            let what = format!(
                "The {} session started {} by {} did not finish ({} present, {} answers recorded).",
                info.mode.as_str(),
                crate::time::date_and_clock(&info.started_at),
                info.facilitator,
                info.people_present,
                info.answers
            );
            if session.running_elsewhere {
                ui.label(
                    RichText::new(format!(
                        "{what} It is running in another Podium window: continue it there, or close that window and it is offered here."
                    ))
                    .size(16.0)
                    .color(super::status::WARN),
                );
                return;
            }
            ui.label(RichText::new(format!("{what} Resume it where it stopped.")).size(16.0));
            ui.horizontal(|ui| {
                if state.opening == Some(info.session_id) {
                    ui.spinner();
                    ui.label(RichText::new("Opening the session\u{2026}").size(16.0));
                    return;
                }
                let label = if resume_on_enter == Some(info.session_id) {
                    "Resume (Enter)"
                } else {
                    "Resume"
                };
                if ui
                    .add_enabled(
                        state.opening.is_none(),
                        egui::Button::new(RichText::new(label).size(17.0)),
                    )
                    .clicked()
                {
                    actions.push(SetupAction::Resume(info.session_id));
                }
                if ui
                    .add_enabled(state.opening.is_none(), egui::Button::new("Mark as finished"))
                    .on_hover_text("Keep what it recorded, and stop offering to resume it")
                    .clicked()
                {
                    actions.push(SetupAction::Finish(info.session_id));
                }
            });
        });
    }
    if !state.unfinished.is_empty() {
        ui.add_space(8.0);
        ui.label(RichText::new("Or start a new session:").size(17.0));
    }

    egui::Grid::new("setup")
        .num_columns(2)
        .spacing([16.0, 10.0])
        .show(ui, |ui| {
            ui.label(RichText::new("Session").size(17.0));
            ui.horizontal(|ui| {
                ui.selectable_value(
                    &mut state.mode,
                    Mode::Live,
                    RichText::new("Live, with the team").size(17.0),
                );
                ui.selectable_value(
                    &mut state.mode,
                    Mode::Rehearsal,
                    RichText::new("Rehearsal, on my own").size(17.0),
                );
            });
            ui.end_row();
            ui.label(RichText::new("Facilitator").size(17.0));
            let name = ui.add(
                egui::TextEdit::singleline(&mut state.facilitator)
                    .hint_text("your name")
                    .desired_width(320.0),
            );
            ui.end_row();
            // The keyboard goes to the first empty field, once: typing goes where it
            // should, and Enter still starts.
            let mut first_empty = state.facilitator.trim().is_empty().then_some(name);
            if state.mode == Mode::Live {
                ui.label(RichText::new("Location (optional)").size(17.0));
                let location = ui.add(
                    egui::TextEdit::singleline(&mut state.location)
                        .hint_text("e.g. Lyon office, room 2")
                        .desired_width(320.0),
                );
                if first_empty.is_none() && state.location.trim().is_empty() {
                    first_empty = Some(location);
                }
                ui.end_row();
                ui.label(RichText::new("Roster CSV (optional)").size(17.0));
                ui.horizontal(|ui| {
                    ui.add(
                        egui::TextEdit::singleline(&mut state.roster.path)
                            .hint_text("team.csv: columns name, email, team")
                            .desired_width(320.0),
                    );
                    if ui
                        .add_enabled(!state.roster.browsing, egui::Button::new("Choose\u{2026}"))
                        .clicked()
                    {
                        actions.push(SetupAction::BrowseRoster);
                    }
                });
                ui.end_row();
            }
            // Not in a grid's first, invisible pass, whose widgets cannot take focus.
            if !state.focus_asked && !ui.is_sizing_pass() {
                state.focus_asked = true;
                if let Some(field) = first_empty {
                    field.request_focus();
                }
            }
        });
    if state.mode == Mode::Rehearsal {
        ui.label(
            RichText::new(
                "A rehearsal times every slide and section against the plan. It records no attendance or answers, and stays out of the exports.",
            )
            .color(Color32::from_gray(170)),
        );
    } else {
        ui.label(
            RichText::new(
                "You can also add people, or drop a roster file on this window, once the session has started.",
            )
            .color(Color32::from_gray(170)),
        );
    }
    ui.add_space(12.0);
    if let Some(problem) = &state.problem {
        ui.label(
            RichText::new(problem)
                .color(Color32::from_rgb(0xFF, 0x8A, 0x8F))
                .size(16.0),
        );
    }
    ui.horizontal_wrapped(|ui| {
        let label = if resume_on_enter.is_some() {
            "Start a new session"
        } else {
            "Start presenting (Enter)"
        };
        let start = ui.add(egui::Button::new(RichText::new(label).size(19.0).strong()));
        let enter = ui.input(|i| i.key_pressed(egui::Key::Enter));
        if start.clicked() {
            actions.push(SetupAction::Start);
        } else if enter && state.opening.is_none() {
            actions.push(match resume_on_enter {
                Some(session) => SetupAction::Resume(session),
                None => SetupAction::Start,
            });
        }
        if state.facilitator.trim().is_empty() {
            ui.label(format!(
                "No name typed: the session is recorded under \"{}\".",
                crate::record::sessions::NEUTRAL_FACILITATOR
            ));
        }
        if ui.button(RichText::new("Back").size(17.0)).clicked() {
            actions.push(SetupAction::Back);
        }
    });
}

/// The roster path typed, if any.
pub fn roster_path(state: &SetupState) -> Option<PathBuf> {
    let typed = state.roster.path.trim();
    (!typed.is_empty()).then(|| PathBuf::from(typed))
}
