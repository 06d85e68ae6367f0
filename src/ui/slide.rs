//! Draws one slide at one step into a rectangle: the projector's whole window, or a preview in
//! the presenter's. Sizes follow the rectangle, and text that would run off shrinks to fit.
//!
//! Only what the room may see is drawn here: never notes, never a private brief.

use std::path::Path;
use std::sync::Arc;

use egui::{
    Align2, Color32, CornerRadius, FontFamily, FontId, Galley, Label, Pos2, Rect, Stroke, Ui, Vec2,
};

use super::{BOLD, Palette, markdown_job};

use crate::deck::SlideKind;
use crate::presentation::view::{CountdownView, StepView};
use crate::record::room::Results;
use crate::show::{CountdownState, Step, format_clock};

/// The reference canvas sizes are given on; a slide is drawn at `scale` times these.
const CANVAS: Vec2 = Vec2::new(1280.0, 720.0);

/// What a slide can show for a picture right now.
#[derive(Debug, Clone, PartialEq)]
pub enum ImageState {
    Loading,
    Ready {
        texture: egui::TextureId,
        size: [usize; 2],
    },
    /// Missing or unreadable: the slide shows a placeholder with this reason.
    Failed(String),
}

/// Where the pictures of a deck come from: the shell's texture cache.
pub trait Pictures {
    /// The picture at `relative` (to the deck's folder) as it can be shown now.
    fn picture(&self, relative: &Path) -> ImageState;
}

/// What a slide needs to be drawn, besides the step itself.
pub struct SlideInput<'a> {
    pub step: &'a StepView<'a>,
    pub palette: Palette,
    pub pictures: &'a dyn Pictures,
    /// Hints meant for the presenter ("press T to start") are left off the projector.
    pub for_presenter: bool,
}

/// Draws the slide into `rect`.
pub fn slide_ui(ui: &mut Ui, rect: Rect, input: &SlideInput<'_>) {
    let scale = (rect.width() / CANVAS.x)
        .min(rect.height() / CANVAS.y)
        .max(0.05);
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, CornerRadius::ZERO, input.palette.background);
    let margin = Vec2::new(64.0, 44.0) * scale;
    let inner = rect.shrink2(margin);
    let mut draw = Draw {
        ui,
        scale,
        palette: input.palette,
    };
    let slide = input.step.slide.slide;
    match &slide.kind {
        SlideKind::Title { title, subtitle } => {
            let mut pieces = vec![
                Piece::text(title, 76.0, input.palette.text)
                    .bold()
                    .centered(),
            ];
            if let Some(subtitle) = subtitle {
                pieces.push(
                    Piece::text(subtitle, 38.0, input.palette.muted)
                        .centered()
                        .gap(24.0),
                );
            }
            draw.flow(inner, &pieces, VAlign::Center);
        }
        SlideKind::Points { title, points, .. } => {
            let body = draw.heading(inner, title);
            let shown = match input.step.slide.step {
                Step::Points(n) => n,
                _ => points.len(),
            };
            let pieces: Vec<Piece> = points
                .iter()
                .take(shown)
                .map(|p| Piece::text(p, 46.0, input.palette.text).bullet().gap(20.0))
                .collect();
            draw.flow(body, &pieces, VAlign::Top);
        }
        SlideKind::Picture {
            title,
            image,
            caption,
        } => {
            let mut body = match title {
                Some(title) => draw.heading(inner, title),
                None => inner,
            };
            if let Some(caption) = caption {
                let caption_height = 56.0 * scale;
                let caption_rect = Rect::from_min_max(
                    Pos2::new(body.left(), body.bottom() - caption_height),
                    body.max,
                );
                body.max.y -= caption_height + 8.0 * scale;
                draw.flow(
                    caption_rect,
                    &[Piece::text(caption, 28.0, input.palette.muted).centered()],
                    VAlign::Center,
                );
            }
            draw.image(
                body,
                input.pictures.picture(image),
                &image.display().to_string(),
            );
        }
        SlideKind::Quote { text, by } => {
            let mut pieces = vec![
                Piece::text(&format!("\u{201C}{text}\u{201D}"), 54.0, input.palette.text)
                    .centered(),
            ];
            if let Some(by) = by {
                pieces.push(
                    Piece::text(&format!("\u{2014} {by}"), 32.0, input.palette.muted)
                        .centered()
                        .gap(28.0),
                );
            }
            draw.flow(inner, &pieces, VAlign::Center);
        }
        SlideKind::Poll(poll) => {
            let body = draw.heading(inner, &poll.question);
            let mut pieces = options(&poll.options, None, &input.palette);
            let hint = match (poll.multiple, poll.anonymous) {
                (true, true) => "Choose all that apply \u{2014} answers are anonymous",
                (true, false) => "Choose all that apply",
                (false, true) => "Answers are anonymous",
                (false, false) => "",
            };
            if input.step.slide.step == Step::Results {
                draw.option_bars(body, &poll.options, input.step.results.as_ref(), None);
            } else {
                if !hint.is_empty() {
                    pieces.push(Piece::text(hint, 26.0, input.palette.muted).gap(20.0));
                }
                draw.flow(body, &pieces, VAlign::Top);
            }
        }
        SlideKind::Quiz(quiz) => {
            let body = draw.heading(inner, &quiz.question);
            let step = input.step.slide.step;
            let answer = (step == Step::RightAnswer).then_some(quiz.answer);
            let answered = matches!(
                input.step.results,
                Some(Results::Options { respondents, .. }) if respondents > 0
            );
            if step == Step::Results {
                draw.option_bars(body, &quiz.options, input.step.results.as_ref(), None);
            } else if step == Step::RightAnswer && answered {
                // The room's answers stay up, the right one marked, the explanation below.
                let mut bars = body;
                if let Some(explain) = &quiz.explain {
                    let split = body.top() + body.height() * 0.7;
                    bars.max.y = split;
                    let below = Rect::from_min_max(Pos2::new(body.left(), split), body.max);
                    draw.flow(
                        below,
                        &[Piece::text(explain, 32.0, input.palette.text).gap(12.0)],
                        VAlign::Top,
                    );
                }
                draw.option_bars(bars, &quiz.options, input.step.results.as_ref(), answer);
            } else {
                let mut pieces = options(&quiz.options, answer, &input.palette);
                if answer.is_some()
                    && let Some(explain) = &quiz.explain
                {
                    pieces.push(Piece::text(explain, 32.0, input.palette.text).gap(24.0));
                }
                draw.flow(body, &pieces, VAlign::Top);
            }
        }
        SlideKind::Rating(rating) => {
            let body = draw.heading(inner, &rating.prompt);
            if input.step.slide.step == Step::Results {
                draw.rating_columns(body, rating, input.step.results.as_ref());
            } else {
                let scale_rect =
                    Rect::from_min_size(body.min, Vec2::new(body.width(), body.height() * 0.45));
                draw.rating_scale(scale_rect, rating.min, rating.max, rating.labels.as_ref());
            }
        }
        SlideKind::FreeText { prompt, .. } => {
            let pieces = vec![
                Piece::text(prompt, 60.0, input.palette.text)
                    .bold()
                    .centered(),
                Piece::text(
                    "Write your answer in a few words",
                    30.0,
                    input.palette.muted,
                )
                .centered()
                .gap(28.0),
            ];
            draw.flow(inner, &pieces, VAlign::Center);
        }
        SlideKind::Activity {
            title,
            instructions,
            ..
        } => {
            let body = draw.heading(inner, title);
            let pieces: Vec<Piece> = instructions
                .iter()
                .map(|p| Piece::text(p, 38.0, input.palette.text).bullet().gap(16.0))
                .collect();
            draw.with_countdown(body, &pieces, input);
        }
        SlideKind::RolePlay(rp) => match input.step.slide.step {
            Step::Round(round) => {
                let heading = format!("{} \u{2014} round {round} of {}", rp.title, rp.rounds);
                let body = draw.heading(inner, &heading);
                if !input.step.cast.is_empty() {
                    let pieces: Vec<Piece> = input
                        .step
                        .cast
                        .iter()
                        .enumerate()
                        .map(|(g, members)| {
                            let line = members
                                .iter()
                                .map(|(name, role)| format!("{name} *({role})*"))
                                .collect::<Vec<_>>()
                                .join(", ");
                            Piece::text(
                                &format!("**Group {}:** {line}", g + 1),
                                30.0,
                                input.palette.text,
                            )
                            .panel()
                            .gap(10.0)
                        })
                        .collect();
                    draw.with_countdown(body, &pieces, input);
                    return;
                }
                let pieces: Vec<Piece> = rp
                    .roles
                    .iter()
                    .map(|role| {
                        Piece::text(&role.name, 36.0, input.palette.text)
                            .bullet()
                            .gap(14.0)
                    })
                    .chain(std::iter::once(
                        Piece::text(
                            "Change roles between rounds, so each of you plays each part.",
                            28.0,
                            input.palette.muted,
                        )
                        .gap(24.0),
                    ))
                    .collect();
                draw.with_countdown(body, &pieces, input);
            }
            Step::Debrief => {
                let body = draw.heading(inner, &format!("Debrief \u{2014} {}", rp.title));
                let pieces: Vec<Piece> = rp
                    .debrief
                    .iter()
                    .map(|q| Piece::text(q, 42.0, input.palette.text).bullet().gap(18.0))
                    .collect();
                draw.flow(body, &pieces, VAlign::Top);
            }
            _ => {
                let body = draw.heading(inner, &rp.title);
                let mut pieces = vec![Piece::text(&rp.scenario, 34.0, input.palette.text)];
                for role in &rp.roles {
                    let text = if role.private {
                        format!("**{}:** your brief is handed to you privately.", role.name)
                    } else {
                        format!("**{}:** {}", role.name, role.brief)
                    };
                    pieces.push(
                        Piece::text(&text, 30.0, input.palette.text)
                            .panel()
                            .gap(14.0),
                    );
                }
                pieces.push(
                    Piece::text(
                        &format!(
                            "{} of {}",
                            plural(rp.rounds, "round", "rounds"),
                            plural(rp.minutes_per_round, "minute", "minutes")
                        ),
                        26.0,
                        input.palette.muted,
                    )
                    .gap(18.0),
                );
                draw.flow(body, &pieces, VAlign::Top);
            }
        },
    }
}

fn options(options: &[String], answer: Option<usize>, palette: &Palette) -> Vec<Piece> {
    options
        .iter()
        .enumerate()
        .map(|(i, option)| {
            let letter = char::from(b'A' + u8::try_from(i % 26).unwrap_or(0));
            let (color, mark) = match answer {
                Some(a) if a == i => (palette.correct, " \u{2714}"),
                Some(_) => (palette.muted, ""),
                None => (palette.text, ""),
            };
            let mut piece = Piece::text(&format!("{option}{mark}"), 36.0, color)
                .panel()
                .badge(letter)
                .gap(12.0);
            if answer == Some(i) {
                piece.bold = true;
                piece.outline = Some(palette.correct);
            }
            piece
        })
        .collect()
}

fn plural(n: u32, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[derive(Clone, Copy, PartialEq)]
enum VAlign {
    Top,
    Center,
}

/// A block of text in a slide's flow, sized on the reference canvas.
#[derive(Clone)]
struct Piece {
    text: String,
    size: f32,
    color: Color32,
    bold: bool,
    centered: bool,
    bullet: bool,
    /// Drawn on a tinted box, as options and briefs are.
    panel: bool,
    outline: Option<Color32>,
    /// A letter in a circle before the text (A, B, C for options).
    badge: Option<char>,
    gap_before: f32,
}

impl Piece {
    fn text(text: &str, size: f32, color: Color32) -> Self {
        Self {
            text: text.to_owned(),
            size,
            color,
            bold: false,
            centered: false,
            bullet: false,
            panel: false,
            outline: None,
            badge: None,
            gap_before: 0.0,
        }
    }
    fn bold(mut self) -> Self {
        self.bold = true;
        self
    }
    fn centered(mut self) -> Self {
        self.centered = true;
        self
    }
    fn bullet(mut self) -> Self {
        self.bullet = true;
        self
    }
    fn panel(mut self) -> Self {
        self.panel = true;
        self
    }
    fn badge(mut self, letter: char) -> Self {
        self.badge = Some(letter);
        self
    }
    fn gap(mut self, gap: f32) -> Self {
        self.gap_before = gap;
        self
    }
}

struct Draw<'u> {
    ui: &'u mut Ui,
    scale: f32,
    palette: Palette,
}

/// Text never shrinks below this share of its designed size; past it, it is clipped.
const MIN_FIT: f32 = 0.35;

impl Draw<'_> {
    /// Draws a slide's title at the top and returns the rectangle left for the body.
    fn heading(&mut self, inner: Rect, title: &str) -> Rect {
        let max_height = inner.height() * 0.3;
        let piece = Piece::text(title, 60.0, self.palette.text).bold();
        let used = self.flow(
            Rect::from_min_size(inner.min, Vec2::new(inner.width(), max_height)),
            std::slice::from_ref(&piece),
            VAlign::Top,
        );
        let rule_y = inner.top() + used + 10.0 * self.scale;
        self.ui.painter().line_segment(
            [
                Pos2::new(inner.left(), rule_y),
                Pos2::new(inner.left() + 120.0 * self.scale, rule_y),
            ],
            Stroke::new(5.0 * self.scale, self.palette.accent),
        );
        Rect::from_min_max(
            Pos2::new(inner.left(), rule_y + 26.0 * self.scale),
            inner.max,
        )
    }

    /// Lays out `pieces` top-down in `rect`, shrinking them together until they fit, and
    /// returns the height used.
    fn flow(&mut self, rect: Rect, pieces: &[Piece], valign: VAlign) -> f32 {
        if pieces.is_empty() || rect.width() <= 1.0 || rect.height() <= 1.0 {
            return 0.0;
        }
        let mut fit = 1.0f32;
        let (galleys, height) = loop {
            let laid = self.lay_out(rect.width(), pieces, fit);
            if laid.1 <= rect.height() || fit <= MIN_FIT {
                break laid;
            }
            fit = (fit * 0.9).max(MIN_FIT);
        };
        let mut y = match valign {
            VAlign::Top => rect.top(),
            VAlign::Center => rect.top() + ((rect.height() - height) / 2.0).max(0.0),
        };
        let painter = self.ui.painter_at(rect);
        for (piece, laid) in pieces.iter().zip(galleys) {
            y += piece.gap_before * self.scale * fit;
            let size = laid.galley.size();
            let box_height = size.y + laid.pad.y * 2.0;
            let x = if piece.centered {
                rect.center().x - size.x / 2.0
            } else {
                rect.left() + laid.indent
            };
            if piece.panel {
                let box_rect = Rect::from_min_size(
                    Pos2::new(rect.left(), y),
                    Vec2::new(rect.width(), box_height),
                );
                painter.rect_filled(box_rect, CornerRadius::same(8), self.palette.panel);
                if let Some(outline) = piece.outline {
                    painter.rect_stroke(
                        box_rect,
                        CornerRadius::same(8),
                        Stroke::new(3.0 * self.scale, outline),
                        egui::StrokeKind::Inside,
                    );
                }
            }
            let text_pos = Pos2::new(x, y + laid.pad.y);
            let line_height = laid.galley.rows.first().map_or(size.y, |row| row.height());
            if piece.bullet {
                let radius = (piece.size * self.scale * fit * 0.13).max(1.5);
                painter.circle_filled(
                    Pos2::new(rect.left() + radius * 2.0, text_pos.y + line_height * 0.55),
                    radius,
                    self.palette.accent,
                );
            }
            if let Some(letter) = piece.badge {
                let radius = line_height * 0.5;
                let center = Pos2::new(
                    rect.left() + laid.pad.x + radius,
                    text_pos.y + line_height * 0.5,
                );
                painter.circle_filled(center, radius, self.palette.accent);
                painter.text(
                    center,
                    Align2::CENTER_CENTER,
                    letter,
                    FontId::new(radius * 1.2, FontFamily::Name(BOLD.into())),
                    self.palette.background,
                );
            }
            let galley_rect = Rect::from_min_size(text_pos, size);
            self.ui
                .put(galley_rect, Label::new(laid.galley).selectable(false));
            y += box_height;
        }
        y - rect.top()
    }

    fn lay_out(&self, width: f32, pieces: &[Piece], fit: f32) -> (Vec<Laid>, f32) {
        let mut total = 0.0;
        let laid: Vec<Laid> = pieces
            .iter()
            .map(|piece| {
                let size = piece.size * self.scale * fit;
                let pad = if piece.panel {
                    Vec2::new(size * 0.5, size * 0.3)
                } else {
                    Vec2::ZERO
                };
                let mut indent = pad.x;
                if piece.bullet {
                    indent += size * 0.9;
                }
                if piece.badge.is_some() {
                    indent += size * 1.5;
                }
                let wrap = (width - indent - pad.x).max(size);
                let mut job = markdown_job(&piece.text, size, piece.color, piece.bold, wrap);
                if piece.centered {
                    job.halign = egui::Align::Center;
                }
                let galley = self.ui.painter().layout_job(job);
                total += galley.size().y + pad.y * 2.0 + piece.gap_before * self.scale * fit;
                Laid {
                    galley,
                    indent,
                    pad,
                }
            })
            .collect();
        (laid, total)
    }

    fn image(&mut self, rect: Rect, state: ImageState, name: &str) {
        match state {
            ImageState::Ready { texture, size } => {
                let image_size = Vec2::new(size[0] as f32, size[1] as f32);
                let fit = (rect.width() / image_size.x).min(rect.height() / image_size.y);
                let shown = Rect::from_center_size(rect.center(), image_size * fit);
                self.ui.painter().image(
                    texture,
                    shown,
                    Rect::from_min_max(Pos2::ZERO, Pos2::new(1.0, 1.0)),
                    Color32::WHITE,
                );
            }
            ImageState::Loading => {
                self.placeholder(rect, "Loading picture\u{2026}", name);
            }
            ImageState::Failed(why) => {
                self.placeholder(rect, "Picture missing", &format!("{name}\n{why}"));
            }
        }
    }

    /// Horizontal bars, one per option, with counts and shares: results without names.
    fn option_bars(
        &mut self,
        rect: Rect,
        options: &[String],
        results: Option<&Results>,
        correct: Option<usize>,
    ) {
        let (counts, respondents) = match results {
            Some(Results::Options {
                counts,
                respondents,
            }) if *respondents > 0 => (counts.clone(), *respondents),
            _ => {
                self.no_answers(rect);
                return;
            }
        };
        let max = counts.iter().copied().max().unwrap_or(1).max(1);
        let shares = crate::report::shares(&counts, respondents);
        let footer = 44.0 * self.scale;
        let rows = options.len().max(1) as f32;
        let row_height = ((rect.height() - footer) / rows).min(84.0 * self.scale);
        let label_width = rect.width() * 0.42;
        let font = FontId::proportional((row_height * 0.42).min(34.0 * self.scale));
        let labels: Vec<String> = options
            .iter()
            .enumerate()
            .map(|(i, option)| {
                format!(
                    "{}  {}{}",
                    char::from(b'A' + u8::try_from(i % 26).unwrap_or(0)),
                    super::plain_text(option),
                    if correct == Some(i) { " \u{2714}" } else { "" }
                )
            })
            .collect();
        // One text size for every label of the chart: long options wrap first, and only when
        // one of them still does not fit its row does the text shrink, all labels together.
        let wrap_width = label_width - 12.0 * self.scale;
        let lay_out = |ui: &Ui, label: &str, size: f32| {
            ui.painter().layout(
                label.to_owned(),
                FontId::proportional(size),
                self.palette.text,
                wrap_width,
            )
        };
        let mut size = font.size;
        while size > 10.0 * self.scale
            && labels
                .iter()
                .any(|label| lay_out(self.ui, label, size).size().y > row_height * 0.95)
        {
            size *= 0.85;
        }
        for (i, label) in labels.iter().enumerate() {
            let top = rect.top() + row_height * i as f32;
            let count = counts.get(i).copied().unwrap_or(0);
            let galley = lay_out(self.ui, label, size);
            let y = top + (row_height - galley.size().y) / 2.0;
            self.ui.put(
                Rect::from_min_size(Pos2::new(rect.left(), y), galley.size()),
                Label::new(galley).selectable(false),
            );
            let bar_left = rect.left() + label_width;
            let bar_space = rect.right() - bar_left - 150.0 * self.scale;
            let bar = Rect::from_min_size(
                Pos2::new(bar_left, top + row_height * 0.18),
                Vec2::new(
                    (bar_space * count as f32 / max as f32).max(3.0),
                    row_height * 0.64,
                ),
            );
            let fill = if correct == Some(i) {
                self.palette.correct
            } else {
                self.palette.accent
            };
            self.ui
                .painter()
                .rect_filled(bar, CornerRadius::same(6), fill);
            let share = shares.get(i).copied().unwrap_or(0);
            let text = self.ui.painter().layout_no_wrap(
                format!("{count}  ({share}%)"),
                font.clone(),
                self.palette.text,
            );
            let pos = Pos2::new(
                bar.right() + 12.0 * self.scale,
                top + (row_height - text.size().y) / 2.0,
            );
            self.ui.put(
                Rect::from_min_size(pos, text.size()),
                Label::new(text).selectable(false),
            );
        }
        let total = self.ui.painter().layout_no_wrap(
            format!(
                "{respondents} answer{}",
                if respondents == 1 { "" } else { "s" }
            ),
            FontId::proportional(26.0 * self.scale),
            self.palette.muted,
        );
        let pos = Pos2::new(
            rect.left(),
            rect.top() + row_height * rows + 8.0 * self.scale,
        );
        self.ui.put(
            Rect::from_min_size(pos, total.size()),
            Label::new(total).selectable(false),
        );
    }

    /// A rating's distribution: one column per value, and the average.
    fn rating_columns(
        &mut self,
        rect: Rect,
        rating: &crate::deck::Rating,
        results: Option<&Results>,
    ) {
        let (counts, respondents, mean) = match results {
            Some(Results::Scale {
                counts,
                respondents,
                mean,
                ..
            }) if *respondents > 0 => (counts.clone(), *respondents, *mean),
            _ => {
                self.no_answers(rect);
                return;
            }
        };
        let max = counts.iter().copied().max().unwrap_or(1).max(1);
        let footer = 60.0 * self.scale;
        let label_row = 44.0 * self.scale;
        let area = Rect::from_min_max(
            rect.min,
            Pos2::new(rect.right(), rect.bottom() - footer - label_row),
        );
        let n = counts.len().max(1) as f32;
        let slot = (area.width() / n).min(140.0 * self.scale);
        let start = area.center().x - slot * n / 2.0;
        let font = FontId::proportional(28.0 * self.scale);
        for (i, count) in counts.iter().enumerate() {
            let x = start + slot * i as f32;
            let height = (area.height() - 40.0 * self.scale) * *count as f32 / max as f32;
            let column = Rect::from_min_max(
                Pos2::new(x + slot * 0.15, area.bottom() - height.max(2.0)),
                Pos2::new(x + slot * 0.85, area.bottom()),
            );
            self.ui
                .painter()
                .rect_filled(column, CornerRadius::same(6), self.palette.accent);
            let value = rating.min.saturating_add(i64::try_from(i).unwrap_or(0));
            for (text, y) in [
                (count.to_string(), column.top() - 36.0 * self.scale),
                (value.to_string(), area.bottom() + 6.0 * self.scale),
            ] {
                let galley =
                    self.ui
                        .painter()
                        .layout_no_wrap(text, font.clone(), self.palette.text);
                let pos = Pos2::new(x + (slot - galley.size().x) / 2.0, y);
                self.ui.put(
                    Rect::from_min_size(pos, galley.size()),
                    Label::new(galley).selectable(false),
                );
            }
        }
        let labels = rating
            .labels
            .as_ref()
            .map(|(low, high)| format!("   {} = {low}, {} = {high}", rating.min, rating.max))
            .unwrap_or_default();
        let summary = self.ui.painter().layout_no_wrap(
            format!(
                "Average {} from {respondents} answer{}{labels}",
                crate::report::decimal(mean, 1),
                if respondents == 1 { "" } else { "s" }
            ),
            FontId::proportional(30.0 * self.scale),
            self.palette.text,
        );
        let pos = Pos2::new(
            rect.center().x - summary.size().x / 2.0,
            rect.bottom() - footer + 10.0 * self.scale,
        );
        self.ui.put(
            Rect::from_min_size(pos, summary.size()),
            Label::new(summary).selectable(false),
        );
    }

    fn no_answers(&mut self, rect: Rect) {
        let piece = Piece::text("No answers recorded yet", 34.0, self.palette.muted).centered();
        self.flow(rect, std::slice::from_ref(&piece), VAlign::Center);
    }

    fn placeholder(&mut self, rect: Rect, headline: &str, detail: &str) {
        let painter = self.ui.painter_at(rect);
        painter.rect(
            rect.shrink(4.0 * self.scale),
            CornerRadius::same(12),
            self.palette.panel,
            Stroke::new(3.0 * self.scale, self.palette.muted),
            egui::StrokeKind::Inside,
        );
        let pieces = [
            Piece::text(headline, 40.0, self.palette.text)
                .bold()
                .centered(),
            Piece::text(detail, 26.0, self.palette.muted)
                .centered()
                .gap(12.0),
        ];
        self.flow(rect.shrink(24.0 * self.scale), &pieces, VAlign::Center);
    }

    fn rating_scale(&mut self, rect: Rect, min: i64, max: i64, labels: Option<&(String, String)>) {
        let count = usize::try_from(max - min + 1).unwrap_or(1).clamp(1, 101);
        let label_height = if labels.is_some() {
            48.0 * self.scale
        } else {
            0.0
        };
        let row = Rect::from_min_max(
            rect.min,
            Pos2::new(rect.right(), rect.bottom() - label_height),
        );
        let cell = (row.width() / count as f32)
            .min(row.height())
            .min(120.0 * self.scale);
        let total = cell * count as f32;
        let start_x = row.center().x - total / 2.0;
        let painter = self.ui.painter_at(rect);
        let font = FontId::new(cell * 0.42, FontFamily::Name(BOLD.into()));
        for i in 0..count {
            let center = Pos2::new(start_x + cell * (i as f32 + 0.5), row.top() + cell * 0.5);
            painter.circle(
                center,
                cell * 0.42,
                self.palette.panel,
                Stroke::new(3.0 * self.scale, self.palette.accent),
            );
            let value = min.saturating_add(i64::try_from(i).unwrap_or(0));
            painter.text(
                center,
                Align2::CENTER_CENTER,
                value,
                font.clone(),
                self.palette.text,
            );
        }
        if let Some((low, high)) = labels {
            let y = row.top() + cell + 8.0 * self.scale;
            let font = FontId::proportional(30.0 * self.scale);
            let low = painter.layout_no_wrap(low.clone(), font.clone(), self.palette.muted);
            let high = painter.layout_no_wrap(high.clone(), font, self.palette.muted);
            let high_x = start_x + total - high.size().x;
            self.ui.put(
                Rect::from_min_size(Pos2::new(start_x, y), low.size()),
                Label::new(low).selectable(false),
            );
            self.ui.put(
                Rect::from_min_size(Pos2::new(high_x, y), high.size()),
                Label::new(high).selectable(false),
            );
        }
    }

    /// Instructions on the left and a large countdown on the right (or alone in the middle).
    fn with_countdown(&mut self, body: Rect, pieces: &[Piece], input: &SlideInput<'_>) {
        let Some(countdown) = input.step.countdown else {
            self.flow(body, pieces, VAlign::Top);
            return;
        };
        let clock_rect = if pieces.is_empty() {
            body
        } else {
            let split = body.left() + body.width() * 0.55;
            self.flow(
                Rect::from_min_max(
                    body.min,
                    Pos2::new(split - 24.0 * self.scale, body.bottom()),
                ),
                pieces,
                VAlign::Top,
            );
            Rect::from_min_max(Pos2::new(split, body.top()), body.max)
        };
        self.countdown(clock_rect, countdown, input.for_presenter);
    }

    fn countdown(&mut self, rect: Rect, countdown: CountdownView, for_presenter: bool) {
        let state = countdown.state;
        let left = countdown.remaining_secs;
        let (fill, text_color) = match state {
            CountdownState::Overtime => (self.palette.danger, Color32::WHITE),
            CountdownState::LastMinute => (self.palette.warning, Color32::BLACK),
            _ => (self.palette.panel, self.palette.text),
        };
        let digits = format_clock(left.abs());
        // Digits of DejaVu Sans Bold are about 0.7 em wide; leave a margin inside the box.
        let chars = digits.chars().count().max(4) as f32 + 1.0;
        let size = (rect.width() * 0.9 / (chars * 0.7)).min(rect.height() * 0.45);
        let box_rect = Rect::from_center_size(
            rect.center(),
            Vec2::new(
                rect.width(),
                (size * 1.25 + 70.0 * self.scale).min(rect.height()),
            ),
        );
        self.ui
            .painter()
            .rect_filled(box_rect, CornerRadius::same(16), fill);
        let shown = if state == CountdownState::Overtime {
            format!("+{digits}")
        } else {
            digits
        };
        let caption = match state {
            CountdownState::Overtime => "Time is up".to_owned(),
            CountdownState::LastMinute => "Last minute".to_owned(),
            CountdownState::Paused => "Paused".to_owned(),
            CountdownState::Ready if for_presenter => "Press T to start".to_owned(),
            CountdownState::Ready | CountdownState::Running => String::new(),
        };
        let galley = self.ui.painter().layout_no_wrap(
            shown,
            FontId::new(size, FontFamily::Name(BOLD.into())),
            text_color,
        );
        let pos = Pos2::new(
            box_rect.center().x - galley.size().x / 2.0,
            box_rect.center().y - galley.size().y / 2.0 - 16.0 * self.scale,
        );
        self.ui.put(
            Rect::from_min_size(pos, galley.size()),
            Label::new(galley).selectable(false),
        );
        if !caption.is_empty() {
            let galley = self.ui.painter().layout_no_wrap(
                caption,
                FontId::proportional(30.0 * self.scale),
                text_color,
            );
            let pos = Pos2::new(
                box_rect.center().x - galley.size().x / 2.0,
                box_rect.bottom() - galley.size().y - 14.0 * self.scale,
            );
            self.ui.put(
                Rect::from_min_size(pos, galley.size()),
                Label::new(galley).selectable(false),
            );
        }
    }
}

struct Laid {
    galley: Arc<Galley>,
    indent: f32,
    pad: Vec2,
}
