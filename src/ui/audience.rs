//! The projector's window: the slide at its step, filling the window, and nothing else.

use std::time::Instant;

use egui::{Color32, CornerRadius, Ui};

use super::slide::{SlideInput, slide_ui};
use super::{Palette, slide_extras};
use crate::app::images::ImageCache;
use crate::record::room::RoomRecords;
use crate::show::{Blank, Position, Show};

/// Draws what the room sees: the current slide, or a black or white screen. `room` gives the
/// live results and role-play groups, shown without anything private.
pub fn audience_ui(
    ui: &mut Ui,
    session: &Show,
    images: &ImageCache,
    room: Option<&RoomRecords>,
    now: Instant,
) {
    let rect = ui.max_rect();
    let palette = Palette::of(session.deck().theme);
    match session.blank() {
        Some(Blank::Black) => {
            ui.painter()
                .rect_filled(rect, CornerRadius::ZERO, Color32::BLACK);
        }
        Some(Blank::White) => {
            ui.painter()
                .rect_filled(rect, CornerRadius::ZERO, Color32::WHITE);
        }
        None => match session.current() {
            Some(view) => {
                let (results, cast) = slide_extras(room, &view);
                slide_ui(
                    ui,
                    rect,
                    &SlideInput {
                        view,
                        palette,
                        images,
                        countdown: session.countdown(),
                        now,
                        for_presenter: false,
                        results,
                        cast,
                    },
                );
                prepare_next(ui, rect, session, images, room, now);
            }
            None => {
                ui.painter()
                    .rect_filled(rect, CornerRadius::ZERO, palette.background);
            }
        },
    }
}

/// Lays out the next step at full size without showing it, so its glyphs are rasterized and
/// its text laid out before "next" is pressed: the step then appears without a slow frame.
fn prepare_next(
    ui: &mut Ui,
    rect: egui::Rect,
    session: &Show,
    images: &ImageCache,
    room: Option<&RoomRecords>,
    now: Instant,
) {
    let Some(view) = session.next_position().and_then(|p| session.view_at(p)) else {
        return;
    };
    // Not in the frame that shows a new step, which must be quick, but in the one after it.
    let id = ui.scope_id().with("prepared-next");
    let shown = session.position();
    let settled = ui.data_mut(|d| {
        let before = d.get_temp::<Position>(id);
        d.insert_temp(id, shown);
        before == Some(shown)
    });
    if !settled {
        ui.ctx().request_repaint();
        return;
    }
    let mut hidden = ui.new_child(egui::UiBuilder::new().max_rect(rect).invisible());
    let (results, cast) = slide_extras(room, &view);
    slide_ui(
        &mut hidden,
        rect,
        &SlideInput {
            view,
            palette: Palette::of(session.deck().theme),
            images,
            countdown: session.countdown_at(view.position),
            now,
            for_presenter: false,
            results,
            cast,
        },
    );
}
