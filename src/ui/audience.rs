//! The projector's window: the slide at its step, filling the window, and nothing else.

use std::time::Instant;

use egui::{Color32, CornerRadius, Ui};

use super::Palette;
use super::images::ImageCache;
use super::slide::{SlideInput, slide_ui};
use crate::session::{Blank, Session};

/// Draws what the room sees: the current slide, or a black or white screen.
pub fn audience_ui(ui: &mut Ui, session: &Session, images: &ImageCache, now: Instant) {
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
            Some(view) => slide_ui(
                ui,
                rect,
                &SlideInput {
                    view,
                    palette,
                    images,
                    countdown: session.countdown(),
                    now,
                    for_presenter: false,
                },
            ),
            None => {
                ui.painter()
                    .rect_filled(rect, CornerRadius::ZERO, palette.background);
            }
        },
    }
}
