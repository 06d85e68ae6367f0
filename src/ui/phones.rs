//! Phones on screen: the presenter's phone box (addresses, PIN, QR code, how many phones,
//! people waiting to be let in, closing the question) and the projector's join screen. Each
//! view reads the phones' view and returns what the presenter asked for.

use egui::{Align2, Color32, CornerRadius, FontId, Pos2, Rect, RichText, Sense, Ui, Vec2};

use super::status::{BAD, DIM, GOOD, WARN};
use crate::phones::QrMatrix;
use crate::presentation::Action;
use crate::presentation::phones::{JoinScreen, PhonesView};

/// The PIN as people read it out: `482 913`.
pub fn spaced_pin(pin: &str) -> String {
    let chars: Vec<char> = pin.chars().collect();
    let (first, second) = chars.split_at(chars.len() / 2);
    format!(
        "{} {}",
        first.iter().collect::<String>(),
        second.iter().collect::<String>()
    )
}

/// The phone box at the top of the presenter's side panel, while phones are on (or could
/// not be turned on); `question` says whether a question is on screen.
pub fn phones_box_ui(ui: &mut Ui, phones: &PhonesView<'_>, question: bool) -> Vec<Action> {
    let mut actions = Vec::new();
    if let Some(problem) = phones.problem
        && !phones.on
    {
        ui.label(
            RichText::new(format!("Phones are off: {problem}"))
                .color(BAD)
                .size(15.0),
        );
        ui.separator();
        return actions;
    }
    if !phones.on {
        return actions;
    }
    ui.horizontal(|ui| {
        if let Some(qr) = phones.qr {
            qr_ui(ui, qr, 112.0);
        }
        ui.vertical(|ui| {
            ui.label(
                RichText::new(format!("Phones: PIN {}", spaced_pin(phones.pin)))
                    .strong()
                    .size(18.0),
            );
            let reachable = phones.urls.iter().any(|u| u.for_phones);
            // Without a LAN address, the loopback one still serves this laptop's browser.
            for url in phones
                .urls
                .iter()
                .filter(|u| u.for_phones || !reachable)
                .take(2)
            {
                ui.label(RichText::new(&url.url).size(15.0));
            }
            if !reachable {
                ui.label(
                    RichText::new("No Wi-Fi address: phones cannot reach this laptop. Join the room's Wi-Fi or turn on the laptop's hotspot.")
                        .color(WARN)
                        .size(14.0),
                );
            }
            let status = phones.status;
            ui.label(
                RichText::new(format!(
                    "{} joined, {} connected now",
                    status.joined, status.connected
                ))
                .color(if status.connected > 0 { GOOD } else { DIM })
                .size(15.0),
            );
            ui.horizontal_wrapped(|ui| {
                let join = if phones.join_screen {
                    "Hide join screen (J)"
                } else {
                    "Join screen on projector (J)"
                };
                if ui.button(RichText::new(join).size(15.0)).clicked() {
                    actions.push(Action::ToggleJoinScreen);
                }
                if question {
                    if phones.question_closed {
                        ui.label(RichText::new("Answers closed").color(DIM).size(15.0));
                    } else if ui
                        .button(RichText::new("Close answers").size(15.0))
                        .on_hover_text("Phones stop taking answers to this question")
                        .clicked()
                    {
                        actions.push(Action::CloseAnswers);
                    }
                }
            });
        });
    });
    for walk_in in phones.waiting {
        ui.horizontal_wrapped(|ui| {
            let who = match walk_in.claims {
                Some(_) => format!("{} asks to join again on another phone", walk_in.name),
                None => format!("{} (not on the roster) waits to join", walk_in.name),
            };
            ui.label(RichText::new(who).color(WARN).size(15.0));
            if ui.button(RichText::new("Admit").size(15.0)).clicked() {
                actions.push(Action::Admit(walk_in.id));
            }
            if ui.button(RichText::new("Turn away").size(15.0)).clicked() {
                actions.push(Action::TurnAway(walk_in.id));
            }
        });
    }
    ui.separator();
    actions
}

/// Draws `qr` as a square of `size` points, dark modules as filled rects on white with its
/// quiet zone.
pub fn qr_ui(ui: &mut Ui, qr: &QrMatrix, size: f32) {
    let (rect, _) = ui.allocate_exact_size(Vec2::splat(size), Sense::hover());
    paint_qr(ui, rect, qr);
}

fn paint_qr(ui: &Ui, rect: Rect, qr: &QrMatrix) {
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, CornerRadius::ZERO, Color32::WHITE);
    let width = qr.width();
    // Four modules of quiet zone on each side, as readers expect.
    let modules = (width + 8) as f32;
    let module = rect.width().min(rect.height()) / modules;
    let origin = rect.min + Vec2::splat(4.0 * module);
    for y in 0..width {
        for x in 0..width {
            if qr.dark(x, y) {
                let min = origin + Vec2::new(x as f32 * module, y as f32 * module);
                // A hair wider, so neighbouring modules leave no seams.
                let cell = Rect::from_min_size(min, Vec2::splat(module + 0.5));
                painter.rect_filled(cell, CornerRadius::ZERO, Color32::BLACK);
            }
        }
    }
}

/// The projector's join screen over the whole of `rect`: a large QR code, the address of
/// each usable network, and the PIN, in type readable from the back of the room.
pub fn join_screen_ui(ui: &mut Ui, rect: Rect, join: &JoinScreen<'_>) {
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, CornerRadius::ZERO, Color32::WHITE);
    let ink = Color32::from_gray(20);
    let margin = rect.height() * 0.06;
    let side = (rect.height() - 2.0 * margin).min(rect.width() * 0.48);
    let qr_rect = Rect::from_min_size(
        Pos2::new(rect.left() + margin, rect.center().y - side / 2.0),
        Vec2::splat(side),
    );
    if let Some(qr) = join.qr {
        paint_qr(ui, qr_rect, qr);
    }
    let text_left = if join.qr.is_some() {
        qr_rect.right() + margin
    } else {
        rect.left() + margin
    };
    let text_width = rect.right() - margin - text_left;
    let big = (rect.height() * 0.075).clamp(24.0, 96.0);
    let mut y = rect.top() + margin * 1.5;
    let line = |text: &str, size: f32, color: Color32, y: &mut f32| {
        let galley = painter.layout(
            text.to_owned(),
            FontId::proportional(size),
            color,
            text_width,
        );
        let height = galley.size().y;
        painter.galley(Pos2::new(text_left, *y), galley, color);
        *y += height + size * 0.35;
    };
    line("Answer from your phone", big * 0.8, ink, &mut y);
    line(
        "Scan the code, or open on the room's Wi-Fi:",
        big * 0.5,
        Color32::from_gray(80),
        &mut y,
    );
    // The addresses shrink to fit the column, so a long one never runs off the screen.
    for url in &join.urls {
        let short = url.trim_start_matches("http://").trim_end_matches('/');
        let fitted = fit(&painter, short, big, text_width);
        line(short, fitted, ink, &mut y);
    }
    y += big * 0.3;
    line("PIN", big * 0.5, Color32::from_gray(80), &mut y);
    let pin = spaced_pin(join.pin);
    painter.text(
        Pos2::new(text_left, y),
        Align2::LEFT_TOP,
        pin,
        FontId::proportional(big * 1.6),
        ink,
    );
}

/// The font size at most `size` at which `text` fits in `width`.
fn fit(painter: &egui::Painter, text: &str, size: f32, width: f32) -> f32 {
    let measured = painter
        .layout_no_wrap(text.to_owned(), FontId::proportional(size), Color32::BLACK)
        .size()
        .x;
    if measured <= width || measured <= 0.0 {
        size
    } else {
        (size * width / measured).max(12.0)
    }
}
