//! The projector's window: the slide at its step, filling the window, and nothing else.

use egui::{Color32, CornerRadius, Ui};

use super::Palette;
use super::slide::{Pictures, SlideInput, slide_ui};
use crate::presentation::view::StageView;
use crate::show::{Blank, Position};

/// Draws what the room sees: the current step, or a black or white screen. The stage holds
/// the live results and role-play groups, never anything private.
pub fn audience_ui(ui: &mut Ui, stage: &StageView<'_>, pictures: &dyn Pictures) {
    let rect = ui.max_rect();
    let palette = Palette::of(stage.theme);
    match (stage.blank, &stage.current) {
        (Some(Blank::Black), _) => {
            ui.painter()
                .rect_filled(rect, CornerRadius::ZERO, Color32::BLACK);
        }
        (Some(Blank::White), _) => {
            ui.painter()
                .rect_filled(rect, CornerRadius::ZERO, Color32::WHITE);
        }
        (None, Some(step)) => {
            slide_ui(
                ui,
                rect,
                &SlideInput {
                    step,
                    palette,
                    pictures,
                    for_presenter: false,
                },
            );
            prepare_next(ui, rect, stage, pictures);
        }
        (None, None) => {
            ui.painter()
                .rect_filled(rect, CornerRadius::ZERO, palette.background);
        }
    }
    if let Some(join) = &stage.join {
        super::phones::join_screen_ui(ui, rect, join);
    }
}

/// How long after a new step shows the next one is prepared, unless a frame comes sooner.
const PREPARE_AFTER: std::time::Duration = std::time::Duration::from_millis(150);

/// Lays out the next step at full size without showing it, so its glyphs are rasterized and
/// its text laid out before "next" is pressed: the step then appears without a slow frame.
fn prepare_next(ui: &mut Ui, rect: egui::Rect, stage: &StageView<'_>, pictures: &dyn Pictures) {
    let (Some((next, _)), Some(current)) = (&stage.next, &stage.current) else {
        return;
    };
    // Not in the frame that shows a new step, which must be quick, but in the one after it:
    // the frame a key's release brings anyway, or else one asked for a little later. A delayed
    // request is one frame; an immediate one would be two more frames of both windows, each a
    // full software-drawn frame on a machine with no graphics card.
    let id = ui.scope_id().with("prepared-next");
    let shown: Position = current.slide.position;
    let settled = ui.data_mut(|d| {
        let before = d.get_temp::<Position>(id);
        d.insert_temp(id, shown);
        before == Some(shown)
    });
    if !settled {
        ui.ctx().request_repaint_after(PREPARE_AFTER);
        return;
    }
    let mut hidden = ui.new_child(egui::UiBuilder::new().max_rect(rect).invisible());
    slide_ui(
        &mut hidden,
        rect,
        &SlideInput {
            step: next,
            palette: Palette::of(stage.theme),
            pictures,
            for_presenter: false,
        },
    );
}
