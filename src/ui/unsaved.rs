//! The offer of records saved to a file instead of the database (by the close dialog, or
//! when Podium was stopped at logout or shutdown), to merge them into the records.

use std::path::{Path, PathBuf};

use egui::{RichText, Ui};

use crate::record::pending_file;

/// A file of unsaved records found at the start, or opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnsavedOffer {
    pub path: PathBuf,
    /// How many records it holds (0 when not known yet).
    pub count: usize,
    /// What merging did, or why it could not.
    pub message: Option<String>,
    /// Merged: only the message is left to show.
    pub merged: bool,
}

impl UnsavedOffer {
    /// The offer for the file at `path`, if there is one; a file that cannot be read is
    /// offered too, with why, so it is not silently ignored.
    pub fn find(path: &Path) -> Option<UnsavedOffer> {
        if !path.exists() {
            return None;
        }
        let (count, message) = match pending_file::load(path) {
            Ok(file) => (pending_file::count(&file), None),
            Err(e) => (0, Some(format!("{e}."))),
        };
        Some(UnsavedOffer {
            path: path.to_path_buf(),
            count,
            message,
            merged: false,
        })
    }
}

/// What the person chose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnsavedAction {
    Merge,
    Dismiss,
}

/// Draws the offer as a band; returns what was chosen.
pub fn unsaved_offer_ui(ui: &mut Ui, offer: &UnsavedOffer, merging: bool) -> Vec<UnsavedAction> {
    let mut actions = Vec::new();
    ui.add_space(4.0);
    if !offer.merged {
        let records = match offer.count {
            0 => "Records".to_owned(),
            1 => "1 record".to_owned(),
            n => format!("{n} records"),
        };
        ui.label(
            RichText::new(format!(
                "{records} that could not be saved in the data folder are in {}.",
                offer.path.display()
            ))
            .size(16.0)
            .color(super::status::WARN),
        );
    }
    ui.horizontal_wrapped(|ui| {
        if !offer.merged
            && ui
                .add_enabled(
                    !merging,
                    egui::Button::new(RichText::new("Add them to the records").size(16.0)),
                )
                .clicked()
        {
            actions.push(UnsavedAction::Merge);
        }
        let close = if offer.merged { "OK" } else { "Later" };
        if ui.button(RichText::new(close).size(16.0)).clicked() {
            actions.push(UnsavedAction::Dismiss);
        }
        if let Some(message) = &offer.message {
            ui.label(RichText::new(message).size(15.0));
        }
    });
    ui.add_space(4.0);
    actions
}
