//! The dialog a close brings up while records are not saved: how many, why, and what to do
//! with them.

use egui::{Color32, RichText, Ui};

use crate::record::RETRY_EVERY;
use crate::record::close::{CloseChoice, CloseTarget, Closing};

/// What the person types or waits for in the dialog.
#[derive(Debug, Clone, Default)]
pub struct CloseDialog {
    /// The file "Save them to a file…" writes.
    pub path: String,
    /// A file dialog is open.
    pub browsing: bool,
    /// Why the last choice did not work.
    pub message: Option<String>,
}

const BAD: Color32 = Color32::from_rgb(0xFF, 0x5A, 0x5F);
const DIM: Color32 = Color32::from_gray(170);

/// Draws the dialog over the presenter window; returns what was chosen.
pub fn close_dialog_ui(
    ui: &mut Ui,
    closing: &Closing,
    pending: usize,
    problem: Option<&str>,
    state: &mut CloseDialog,
) -> Vec<CloseChoice> {
    let mut choices = Vec::new();
    let (target, confirming, message) = match closing {
        Closing::Asking {
            target, message, ..
        } => (*target, false, message.as_deref()),
        Closing::ConfirmDiscard { target, .. } => (*target, true, None),
        _ => return choices,
    };
    let records = if pending == 1 {
        "1 record".to_owned()
    } else {
        format!("{pending} records")
    };
    let closing_what = match target {
        CloseTarget::Deck => "closing the deck",
        CloseTarget::Window => "closing Podium",
    };
    let width = (ui.ctx().content_rect().width() - 80.0).clamp(320.0, 620.0);
    egui::Modal::new(egui::Id::unique("podium-close-dialog")).show(ui.ctx(), |ui| {
        ui.set_width(width);
        if confirming {
            ui.heading(RichText::new(format!("Discard {records} for good?")).strong());
            ui.label(
                RichText::new(format!(
                    "The {records} not saved yet will be lost: they cannot be brought back. Everything saved before stays."
                ))
                .size(16.0),
            );
            ui.add_space(8.0);
            ui.horizontal_wrapped(|ui| {
                if ui
                    .button(RichText::new(format!("Discard {records}")).color(BAD).size(16.0))
                    .clicked()
                {
                    choices.push(CloseChoice::ConfirmDiscard);
                }
                if ui.button(RichText::new("Back").size(16.0)).clicked() {
                    choices.push(CloseChoice::Back);
                }
            });
            return;
        }
        ui.heading(RichText::new(format!("{records} not saved yet")).strong());
        ui.label(
            RichText::new(format!(
                "Before {closing_what}: Podium could not write {} to its data file. They are safe in memory until you choose.",
                if pending == 1 { "it" } else { "them" }
            ))
            .size(16.0),
        );
        if let Some(problem) = problem {
            ui.label(RichText::new(problem).color(BAD).size(15.0));
        }
        ui.add_space(10.0);
        egui::Grid::new("close-choices")
            .num_columns(2)
            .spacing([12.0, 12.0])
            .show(ui, |ui| {
                if ui.button(RichText::new("Keep trying").size(16.0)).clicked() {
                    choices.push(CloseChoice::KeepTrying);
                }
                ui.label(
                    RichText::new(format!(
                        "Go back to the show. Podium tries again every {} seconds and says when they are saved.",
                        RETRY_EVERY.as_secs()
                    ))
                    .color(DIM),
                );
                ui.end_row();

                let path = state.path.trim().to_owned();
                if ui
                    .add_enabled(
                        !path.is_empty(),
                        egui::Button::new(RichText::new("Save them to a file\u{2026}").size(16.0)),
                    )
                    .clicked()
                {
                    choices.push(CloseChoice::SaveToFile(path.into()));
                }
                ui.vertical(|ui| {
                    ui.label(
                        RichText::new(
                            "Write them to this file, then close. Later, open the file in Podium (or run podium import-pending FILE) to add them to the records.",
                        )
                        .color(DIM),
                    );
                    ui.horizontal(|ui| {
                        ui.add(
                            egui::TextEdit::singleline(&mut state.path)
                                .desired_width(ui.available_width() - 90.0),
                        );
                        if ui
                            .add_enabled(!state.browsing, egui::Button::new("Choose\u{2026}"))
                            .clicked()
                        {
                            choices.push(CloseChoice::ChooseFile);
                        }
                    });
                });
                ui.end_row();

                if ui.button(RichText::new("Discard\u{2026}").size(16.0)).clicked() {
                    choices.push(CloseChoice::Discard);
                }
                ui.label(RichText::new("Close without them (asks again first).").color(DIM));
                ui.end_row();
            });
        for text in [message, state.message.as_deref()].into_iter().flatten() {
            ui.add_space(6.0);
            ui.label(RichText::new(text).color(BAD).size(15.0));
        }
    });
    choices
}
