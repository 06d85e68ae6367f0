//! The dialog a close brings up while records are not saved: how many, why, and what to do
//! with them.

use super::status::{BAD, GOOD, WARN};
use egui::{Color32, RichText, Ui};

use crate::presentation::ExportOutcome;
use crate::presentation::view::SummaryView;
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

/// `text` with a capital first letter, as a sentence on its own; a text that starts with a
/// file name or path is left as it is, since `d10/podium.sqlite3` is not `D10/podium.sqlite3`.
fn sentence(text: &str) -> String {
    let first_word = text.split_whitespace().next().unwrap_or_default();
    if first_word.contains(['/', '\\', '.', ':']) {
        return text.to_owned();
    }
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// What the summary says when files of an earlier export are in the folder: which, and that
/// nothing was written.
fn in_the_way(dir: &str, names: &[String]) -> String {
    let (list, verb) = match names {
        [one] => (one.clone(), "is"),
        [rest @ .., last] => (format!("{} and {last}", rest.join(", ")), "are"),
        [] => (String::from("An earlier export"), "is"),
    };
    format!(
        "{list} {verb} already in {dir}, from an earlier export. Nothing was written: replace them with this session's, or choose another folder."
    )
}

const DIM: Color32 = Color32::from_gray(170);

/// Where the middle of a dialog of `size` goes in `screen` (the presenter window, in its
/// points) so that it stays clear of `covered` (the audience window kept above it): the middle
/// of the largest free band beside, below or above `covered` that holds the whole dialog.
/// `None` when `covered` does not reach into `screen` (the middle of the window is then free)
/// or no band is big enough.
pub fn clear_spot(screen: egui::Rect, covered: egui::Rect, size: egui::Vec2) -> Option<egui::Pos2> {
    use egui::{Rect, pos2};
    if !screen.intersects(covered) {
        return None;
    }
    let bands = [
        Rect::from_min_max(pos2(covered.right(), screen.top()), screen.max),
        Rect::from_min_max(screen.min, pos2(covered.left(), screen.bottom())),
        Rect::from_min_max(pos2(screen.left(), covered.bottom()), screen.max),
        Rect::from_min_max(screen.min, pos2(screen.right(), covered.top())),
    ];
    bands
        .into_iter()
        .filter(|band| band.width() >= size.x && band.height() >= size.y)
        .max_by(|a, b| a.area().total_cmp(&b.area()))
        .map(|band| band.center())
}

/// A modal dialog of about `width` points across, in the middle of the presenter window, or
/// clear of `keep_clear` (the audience window over the presenter's, in its points) where there
/// is room for it, so that no part of the dialog is hidden under the audience window.
fn dialog(
    ctx: &egui::Context,
    id: egui::Id,
    width: f32,
    keep_clear: Option<egui::Rect>,
) -> egui::Modal {
    let screen = ctx.content_rect();
    // Its size from the last frame; before it was ever drawn, about what it takes.
    let size = ctx
        .memory(|m| m.area_rect(id))
        .map_or(egui::vec2(width + 16.0, 300.0), |r| r.size());
    let offset = keep_clear
        .and_then(|covered| clear_spot(screen, covered, size))
        .map_or(egui::Vec2::ZERO, |spot| spot - screen.center());
    egui::Modal::new(id)
        .area(egui::Modal::default_area(id).anchor(egui::Align2::CENTER_CENTER, offset))
}

/// Draws the dialog over the presenter window, clear of `keep_clear` where it fits; returns
/// what was chosen.
pub fn close_dialog_ui(
    ui: &mut Ui,
    closing: &Closing,
    pending: usize,
    problem: Option<&str>,
    state: &mut CloseDialog,
    keep_clear: Option<egui::Rect>,
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
    let id = egui::Id::unique("podium-close-dialog");
    dialog(ui.ctx(), id, width, keep_clear).show(ui.ctx(), |ui| {
        ui.set_width(width);
        if confirming {
            ui.label(
                RichText::new(format!("Discard {records} for good?"))
                    .strong()
                    .size(22.0),
            );
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
        ui.label(
            RichText::new(format!("{records} not saved yet"))
                .strong()
                .size(22.0),
        );
        ui.label(
            RichText::new(format!(
                "Before {closing_what}: Podium could not write {} to its data file. They are safe in memory until you choose.",
                if pending == 1 { "it" } else { "them" }
            ))
            .size(16.0),
        );
        if let Some(problem) = problem {
            ui.label(RichText::new(sentence(problem)).color(BAD).size(15.0));
        }
        ui.add_space(10.0);
        let choice = |ui: &mut Ui, label: &str, enabled: bool, explain: &mut dyn FnMut(&mut Ui)| {
            let mut clicked = false;
            ui.horizontal_top(|ui| {
                clicked = ui
                    .add_enabled_ui(enabled, |ui| {
                        ui.add_sized(
                            [190.0, 30.0],
                            egui::Button::new(RichText::new(label).size(16.0)),
                        )
                    })
                    .inner
                    .clicked();
                ui.vertical(|ui| {
                    ui.set_max_width(ui.available_width());
                    explain(ui);
                });
            });
            ui.add_space(8.0);
            clicked
        };
        let keep = choice(ui, "Keep trying", true, &mut |ui| {
            ui.label(
                RichText::new(format!(
                    "Go back to the show. Podium tries again every {} seconds and says when they are saved.",
                    RETRY_EVERY.as_secs()
                ))
                .color(DIM),
            );
        });
        if keep {
            choices.push(CloseChoice::KeepTrying);
        }
        let path = state.path.trim().to_owned();
        let mut browse = false;
        let save = choice(ui, "Save them to a file\u{2026}", !path.is_empty(), &mut |ui| {
            let what = ui.label(
                RichText::new(
                    "Write them to this file, then close. Later, open the file in Podium (or run podium import-pending FILE) to add them to the records.",
                )
                .color(DIM),
            );
            ui.horizontal(|ui| {
                ui.add(
                    egui::TextEdit::singleline(&mut state.path)
                        .desired_width(ui.available_width() - 90.0),
                )
                .labelled_by(what.id);
                browse = ui
                    .add_enabled(!state.browsing, egui::Button::new("Choose\u{2026}"))
                    .clicked();
            });
        });
        if save {
            choices.push(CloseChoice::SaveToFile(path.into()));
        }
        if browse {
            choices.push(CloseChoice::ChooseFile);
        }
        let discard = choice(ui, "Discard\u{2026}", true, &mut |ui| {
            ui.label(RichText::new("Close without them (asks again first).").color(DIM));
        });
        if discard {
            choices.push(CloseChoice::Discard);
        }
        for text in [message, state.message.as_deref()].into_iter().flatten() {
            ui.add_space(6.0);
            ui.label(RichText::new(text).color(BAD).size(15.0));
        }
    });
    choices
}

/// What the close summary's export field holds.
#[derive(Debug, Clone, Default)]
pub struct SummaryDialog {
    /// The folder "Export now" writes to: remembered from the last export.
    pub dir: String,
    /// A folder dialog is open.
    pub browsing: bool,
}

/// The close summary of a live session: who came, what was recorded, what is not saved yet,
/// an export before the end, and the way back to the show; clear of `keep_clear` where it
/// fits. Returns what was chosen.
pub fn summary_dialog_ui(
    ui: &mut Ui,
    summary: &SummaryView<'_>,
    state: &mut SummaryDialog,
    keep_clear: Option<egui::Rect>,
) -> Vec<CloseChoice> {
    let mut choices = Vec::new();
    let counts = summary.counts;
    let plural = |n: usize, one: &str, many: &str| {
        if n == 1 {
            format!("1 {one}")
        } else {
            format!("{n} {many}")
        }
    };
    let closing_what = match summary.target {
        CloseTarget::Deck => "End the session",
        CloseTarget::Window => "End the session and quit Podium",
    };
    let width = (ui.ctx().content_rect().width() - 80.0).clamp(320.0, 620.0);
    let id = egui::Id::unique("podium-close-summary");
    dialog(ui.ctx(), id, width, keep_clear).show(ui.ctx(), |ui| {
        ui.set_width(width);
        ui.label(
            RichText::new(format!("{closing_what}?"))
                .strong()
                .size(22.0),
        );
        ui.add_space(6.0);
        for line in [
            format!(
                "{} of {} here",
                counts.here,
                plural(counts.roster, "person", "people")
            ),
            plural(counts.answers, "answer", "answers"),
            plural(counts.sheets, "score sheet", "score sheets"),
        ] {
            ui.label(RichText::new(line).size(17.0));
        }
        if summary.unsaved > 0 {
            let waiting = plural(summary.unsaved, "record", "records");
            let line = match summary.problem {
                Some(problem) => format!(
                    "{waiting} not saved yet: {problem}. Closing asks what to do with them."
                ),
                None => format!("{waiting} being saved\u{2026}"),
            };
            ui.label(RichText::new(line).color(WARN).size(16.0));
        } else {
            ui.label(RichText::new("Everything is saved.").color(GOOD).size(16.0));
        }
        ui.add_space(10.0);
        let heading =
            ui.label(RichText::new("Export attendance and answers (CSV and JSON) to:").size(16.0));
        ui.horizontal(|ui| {
            ui.add(
                egui::TextEdit::singleline(&mut state.dir)
                    .hint_text("a folder; it is made if missing")
                    .desired_width((ui.available_width() - 200.0).max(120.0)),
            )
            .labelled_by(heading.id);
            if ui
                .add_enabled(!state.browsing, egui::Button::new("Choose\u{2026}"))
                .clicked()
            {
                choices.push(CloseChoice::ChooseExportFolder);
            }
            let ready = !state.dir.trim().is_empty() && summary.unsaved == 0;
            if ui
                .add_enabled(
                    ready,
                    egui::Button::new(RichText::new("Export now").size(16.0)),
                )
                .on_disabled_hover_text(if summary.unsaved > 0 {
                    "Waiting for every record to be saved, so the export is complete"
                } else {
                    "Type or choose a folder first"
                })
                .clicked()
            {
                choices.push(CloseChoice::Export {
                    dir: state.dir.trim().into(),
                    replace: false,
                });
            }
        });
        match summary.exported {
            Some(ExportOutcome::Written(written)) => {
                ui.label(RichText::new(written).color(GOOD));
            }
            Some(ExportOutcome::InTheWay { dir, names }) => {
                ui.label(
                    RichText::new(in_the_way(&dir.display().to_string(), names))
                        .color(WARN)
                        .size(15.0),
                );
                ui.horizontal_wrapped(|ui| {
                    if ui
                        .button(RichText::new("Replace them").color(BAD).size(16.0))
                        .on_hover_text(
                            "The earlier export's files are overwritten with this session's",
                        )
                        .clicked()
                    {
                        choices.push(CloseChoice::Export {
                            dir: dir.clone(),
                            replace: true,
                        });
                    }
                    if ui
                        .add_enabled(
                            !state.browsing,
                            egui::Button::new(
                                RichText::new("Choose another folder\u{2026}").size(16.0),
                            ),
                        )
                        .clicked()
                    {
                        choices.push(CloseChoice::ChooseExportFolder);
                    }
                });
            }
            Some(ExportOutcome::Failed(why)) => {
                ui.label(RichText::new(why).color(BAD));
            }
            None => {}
        }
        ui.add_space(10.0);
        ui.horizontal_wrapped(|ui| {
            if ui
                .button(RichText::new("Close").size(17.0).strong())
                .on_hover_text(
                    "End the session: the time on the last slide and the end are recorded",
                )
                .clicked()
            {
                choices.push(CloseChoice::GoOn);
            }
            if ui
                .button(RichText::new("Back to the show").size(17.0))
                .clicked()
            {
                choices.push(CloseChoice::BackToShow);
            }
        });
    });
    choices
}

#[cfg(test)]
mod tests {
    use super::sentence;

    #[test]
    fn a_sentence_gets_a_capital_but_a_path_keeps_its_letters() {
        assert_eq!(sentence("the disk is full"), "The disk is full");
        assert_eq!(
            sentence("d10/podium.sqlite3 is in use by another program"),
            "d10/podium.sqlite3 is in use by another program"
        );
        assert_eq!(
            sentence("podium.sqlite3 is locked"),
            "podium.sqlite3 is locked"
        );
        assert_eq!(sentence(""), "");
    }
}
