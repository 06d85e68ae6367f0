//! The keys overlay, made from the one list of key bindings so it cannot drift from what keys do.

use egui::{Align2, RichText, Ui};

use super::keys::BINDINGS;
use crate::presentation::Action;

/// Draws the help as a window over the presenter view; returns `ToggleHelp` when closed.
pub fn help_ui(ui: &mut Ui) -> Option<Action> {
    let mut open = true;
    egui::Window::new("Keys")
        .open(&mut open)
        .collapsible(false)
        .resizable(false)
        .anchor(Align2::CENTER_CENTER, egui::Vec2::ZERO)
        .show(ui.ctx(), |ui| {
            egui::Grid::new("help-keys")
                .num_columns(2)
                .spacing([24.0, 8.0])
                .striped(true)
                .show(ui, |ui| {
                    for binding in BINDINGS {
                        let keys = binding.keys_text();
                        ui.label(RichText::new(keys).strong().size(17.0));
                        ui.label(RichText::new(binding.label).size(17.0));
                        ui.end_row();
                    }
                });
            ui.add_space(8.0);
            ui.label("While the screen is black or white, any key brings the slide back.");
            ui.label("Keys work from either window. Clickers that send PageUp/PageDown work as they are.");
        });
    (!open).then_some(Action::ToggleHelp)
}
