//! The printable follow-up: a person's page and the team matrix, each as a one-page PDF for the
//! one-to-one meeting, A4 or Letter, drawn from the report structs (see
//! [`crate::report::coaching`]). No UI here.
//!
//! Text is set in DejaVu Sans (embedded in Podium, as on the screens); letters it lacks come
//! from a font of this computer found through the system's fallback (see [`crate::fonts`]).
//! Every font used is embedded in the file, subset to the letters used, so the PDF prints the
//! same anywhere. What does not fit on the page is cut, and the page says how much: it stays
//! one page.

use std::collections::BTreeSet;

use jiff::civil::Date;
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::text::{Font, TextDirection};
use krilla::{Data, Document};

use crate::fonts::{self, FontFile, needs_glyph};
use crate::report::coaching::{
    CommitmentLine, CriterionSkill, MatrixSort, PersonPage, ScoreSource, TeamMatrix, Trend,
};
use crate::store::CommitmentStatus;

/// The paper a page is laid out for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Paper {
    /// 210 × 297 mm.
    #[default]
    A4,
    /// 8.5 × 11 inches.
    Letter,
}

impl Paper {
    /// Width and height in points, portrait.
    fn portrait(self) -> (f32, f32) {
        match self {
            Paper::A4 => (595.28, 841.89),
            Paper::Letter => (612.0, 792.0),
        }
    }

    fn landscape(self) -> (f32, f32) {
        let (w, h) = self.portrait();
        (h, w)
    }
}

/// Why a PDF could not be made.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// A font could not be read (a fault in Podium's embedded fonts, or a damaged system font).
    #[error("the font {0} could not be read")]
    Font(String),
    /// The PDF writer refused the page (a fault in Podium, not in the data).
    #[error(
        "Podium could not put the PDF together: {0}. This is a fault in Podium: please report it"
    )]
    Writer(String),
}

/// A PDF made, with the letters no font of this computer could draw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Printed {
    pub bytes: Vec<u8>,
    /// Letters printed as empty boxes, because no font here has them.
    pub unshown: BTreeSet<char>,
}

impl Printed {
    /// What to tell the person when some letters could not be drawn; `None` when all could.
    pub fn note(&self) -> Option<String> {
        if self.unshown.is_empty() {
            return None;
        }
        let letters: String = self.unshown.iter().take(12).collect();
        Some(format!(
            "some letters ({letters}) show as boxes: no font on this computer has them. Install one (on Debian or Ubuntu: sudo apt install fonts-noto-cjk fonts-noto-core) and make the PDF again"
        ))
    }
}

/// A person's page on one page of `paper`, portrait.
pub fn person_page(page: &PersonPage, paper: Paper) -> Result<Printed, PdfError> {
    let texts = person_page_texts(page);
    print(
        &texts,
        paper.portrait(),
        &format!("{} – coaching record", page.person.name),
        |c| {
            draw_person_page(c, page);
        },
    )
}

/// The team matrix on one page of `paper`, landscape.
pub fn team_matrix(matrix: &TeamMatrix, paper: Paper) -> Result<Printed, PdfError> {
    let mut texts: Vec<String> = matrix.criteria.clone();
    texts.extend(matrix.rows.iter().map(|r| r.name.clone()));
    texts.extend(matrix.rows.iter().filter_map(|r| r.team.clone()));
    print(&texts, paper.landscape(), "Team coaching matrix", |c| {
        draw_team_matrix(c, matrix);
    })
}

/// Every text the person page may print that is not Podium's own words.
fn person_page_texts(page: &PersonPage) -> Vec<String> {
    let mut texts = vec![page.person.name.clone()];
    texts.extend(page.person.team.clone());
    texts.extend(page.person.email.clone());
    for skill in &page.skills {
        texts.push(skill.criterion.clone());
        for point in &skill.points {
            if let ScoreSource::Field { context, .. } = &point.source {
                texts.push(context.clone());
            }
        }
    }
    texts.extend(page.pairs.iter().map(|p| p.prompt.clone()));
    texts.extend(page.commitments.iter().map(|c| c.text.clone()));
    texts
}

/// Lays out one page of `size` with the fonts `texts` need, drawn by `draw`.
fn print(
    texts: &[String],
    size: (f32, f32),
    title: &str,
    draw: impl FnOnce(&mut Canvas<'_, '_>),
) -> Result<Printed, PdfError> {
    let regular = FontFile::embedded("DejaVu Sans", fonts::DEJAVU_SANS);
    let bold = FontFile::embedded("DejaVu Sans Bold", fonts::DEJAVU_SANS_BOLD);
    let all: String = texts.join("\n");
    let (fallbacks, unshown) = fonts::system_fallbacks(&all, std::slice::from_ref(&regular));
    let faces = Faces::new(&regular, &bold, &fallbacks)?;

    let mut document = Document::new();
    document.set_metadata(
        Metadata::new()
            .title(title.to_owned())
            .creator("Podium".to_owned()),
    );
    let settings = PageSettings::from_wh(size.0, size.1)
        .ok_or_else(|| PdfError::Writer(format!("a page of {} × {} points", size.0, size.1)))?;
    let mut page = document.start_page_with(settings);
    let mut surface = page.surface();
    {
        let mut canvas = Canvas {
            surface: &mut surface,
            faces: &faces,
            width: size.0,
            height: size.1,
        };
        draw(&mut canvas);
    }
    surface.finish();
    page.finish();
    let bytes = document
        .finish()
        .map_err(|e| PdfError::Writer(format!("{e:?}")))?;
    Ok(Printed { bytes, unshown })
}

// ---- fonts and text ----

/// One font as drawn (krilla) and as measured (rustybuzz).
struct Face<'f> {
    font: Font,
    shaper: rustybuzz::Face<'f>,
}

impl<'f> Face<'f> {
    fn new(file: &'f FontFile) -> Result<Face<'f>, PdfError> {
        let font = Font::new(Data::from(file.data.clone()), file.index)
            .ok_or_else(|| PdfError::Font(file.name.clone()))?;
        let shaper = rustybuzz::Face::from_slice(file.bytes(), file.index)
            .ok_or_else(|| PdfError::Font(file.name.clone()))?;
        Ok(Face { font, shaper })
    }

    fn covers(&self, c: char) -> bool {
        self.shaper.glyph_index(c).is_some_and(|g| g.0 != 0)
    }

    /// The advance of `text` at `size` points.
    #[allow(clippy::cast_precision_loss)] // advances and units per em are small
    fn width(&self, text: &str, size: f32) -> f32 {
        let mut buffer = rustybuzz::UnicodeBuffer::new();
        buffer.push_str(text);
        buffer.guess_segment_properties();
        let shaped = rustybuzz::shape(&self.shaper, &[], buffer);
        let units: i64 = shaped
            .glyph_positions()
            .iter()
            .map(|p| i64::from(p.x_advance))
            .sum();
        units as f32 * size / self.shaper.units_per_em() as f32
    }
}

/// The fonts of a page: regular and bold, then the system's fallbacks.
struct Faces<'f> {
    regular: Face<'f>,
    bold: Face<'f>,
    fallbacks: Vec<Face<'f>>,
}

impl<'f> Faces<'f> {
    fn new(
        regular: &'f FontFile,
        bold: &'f FontFile,
        fallbacks: &'f [FontFile],
    ) -> Result<Faces<'f>, PdfError> {
        Ok(Faces {
            regular: Face::new(regular)?,
            bold: Face::new(bold)?,
            fallbacks: fallbacks.iter().map(Face::new).collect::<Result<_, _>>()?,
        })
    }

    /// `text` split into runs, each with the face that draws it.
    fn runs<'t>(&self, text: &'t str, bold: bool) -> Vec<(&Face<'f>, &'t str)> {
        let main = if bold { &self.bold } else { &self.regular };
        let mut runs: Vec<(&Face<'f>, &'t str)> = Vec::new();
        let mut start = 0;
        let mut current: Option<&Face<'f>> = None;
        for (at, c) in text.char_indices() {
            let face = if !needs_glyph(c) {
                current.unwrap_or(main)
            } else if main.covers(c) {
                main
            } else {
                self.fallbacks.iter().find(|f| f.covers(c)).unwrap_or(main)
            };
            match current {
                Some(open) if std::ptr::eq(open, face) => {}
                Some(open) => {
                    runs.push((open, text.get(start..at).unwrap_or_default()));
                    start = at;
                    current = Some(face);
                }
                None => current = Some(face),
            }
        }
        if let Some(open) = current {
            runs.push((open, text.get(start..).unwrap_or_default()));
        }
        runs
    }
}

/// Colours of the page.
mod ink {
    use krilla::color::rgb::Color;

    pub fn text() -> Color {
        Color::new(0x1F, 0x23, 0x28)
    }
    pub fn quiet() -> Color {
        Color::new(0x5F, 0x66, 0x70)
    }
    pub fn rule() -> Color {
        Color::new(0xC8, 0xCD, 0xD3)
    }
    pub fn workshop() -> Color {
        Color::new(0x1F, 0x5F, 0xAF)
    }
    pub fn field() -> Color {
        Color::new(0xD9, 0x6C, 0x06)
    }
    pub fn overdue() -> Color {
        Color::new(0xB4, 0x23, 0x18)
    }
    pub fn done() -> Color {
        Color::new(0x1E, 0x7B, 0x34)
    }
}

/// A text style: size in points, bold or not, colour.
#[derive(Clone, Copy)]
struct Style {
    size: f32,
    bold: bool,
    color: rgb::Color,
}

fn style(size: f32, bold: bool, color: rgb::Color) -> Style {
    Style { size, bold, color }
}

/// The page being drawn: coordinates in points from the top left.
struct Canvas<'s, 'f> {
    surface: &'s mut krilla::surface::Surface<'f>,
    faces: &'s Faces<'s>,
    width: f32,
    height: f32,
}

impl Canvas<'_, '_> {
    fn width_of(&self, text: &str, style: Style) -> f32 {
        self.faces
            .runs(text, style.bold)
            .iter()
            .map(|(face, run)| face.width(run, style.size))
            .sum()
    }

    /// Draws `text` with its baseline at `y`, from `x`; returns where it ends.
    fn text(&mut self, x: f32, y: f32, text: &str, style: Style) -> f32 {
        self.surface.set_fill(Some(Fill {
            paint: style.color.into(),
            ..Fill::default()
        }));
        self.surface.set_stroke(None);
        let mut at = x;
        for (face, run) in self.faces.runs(text, style.bold) {
            self.surface.draw_text(
                Point::from_xy(at, y),
                face.font.clone(),
                style.size,
                run,
                false,
                TextDirection::Auto,
            );
            at += face.width(run, style.size);
        }
        at
    }

    /// `text` cut with "…" to fit `max` points.
    fn fit(&self, text: &str, style: Style, max: f32) -> String {
        let one_line = text.replace(['\n', '\r', '\t'], " ");
        if self.width_of(&one_line, style) <= max {
            return one_line;
        }
        let chars: Vec<char> = one_line.chars().collect();
        let (mut low, mut high) = (0, chars.len());
        while low < high {
            let mid = (low + high).div_ceil(2);
            let candidate: String = chars.iter().take(mid).collect::<String>() + "…";
            if self.width_of(&candidate, style) <= max {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        chars
            .iter()
            .take(low)
            .collect::<String>()
            .trim_end()
            .to_owned()
            + "…"
    }

    /// Draws `text` cut to fit `max`; returns where it ends.
    fn fitted(&mut self, x: f32, y: f32, text: &str, style: Style, max: f32) -> f32 {
        let fitted = self.fit(text, style, max);
        self.text(x, y, &fitted, style)
    }

    /// Draws `text` so it ends at `right`.
    fn right(&mut self, right: f32, y: f32, text: &str, style: Style) {
        let width = self.width_of(text, style);
        self.text(right - width, y, text, style);
    }

    fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, color: rgb::Color) {
        let Some(rect) = Rect::from_xywh(x, y, w.max(0.1), h.max(0.1)) else {
            return;
        };
        let mut builder = PathBuilder::new();
        builder.push_rect(rect);
        if let Some(path) = builder.finish() {
            self.surface.set_stroke(None);
            self.surface.set_fill(Some(Fill {
                paint: color.into(),
                ..Fill::default()
            }));
            self.surface.draw_path(&path);
        }
    }

    fn line(&mut self, points: &[(f32, f32)], width: f32, color: rgb::Color) {
        let mut builder = PathBuilder::new();
        for (i, (x, y)) in points.iter().enumerate() {
            if i == 0 {
                builder.move_to(*x, *y);
            } else {
                builder.line_to(*x, *y);
            }
        }
        if let Some(path) = builder.finish() {
            self.surface.set_fill(None);
            self.surface.set_stroke(Some(Stroke {
                paint: color.into(),
                width,
                ..Stroke::default()
            }));
            self.surface.draw_path(&path);
            self.surface.set_stroke(None);
        }
    }

    /// A marker at a chart point: a dot for a workshop score, a diamond for a field one.
    fn marker(&mut self, x: f32, y: f32, field: bool) {
        let r = 2.6;
        let mut builder = PathBuilder::new();
        if field {
            builder.move_to(x, y - r - 0.6);
            builder.line_to(x + r + 0.6, y);
            builder.line_to(x, y + r + 0.6);
            builder.line_to(x - r - 0.6, y);
            builder.close();
        } else {
            // A circle from four cubic arcs.
            let k = 0.552_284_8 * r;
            builder.move_to(x + r, y);
            builder.cubic_to(x + r, y + k, x + k, y + r, x, y + r);
            builder.cubic_to(x - k, y + r, x - r, y + k, x - r, y);
            builder.cubic_to(x - r, y - k, x - k, y - r, x, y - r);
            builder.cubic_to(x + k, y - r, x + r, y - k, x + r, y);
            builder.close();
        }
        if let Some(path) = builder.finish() {
            self.surface.set_stroke(None);
            self.surface.set_fill(Some(Fill {
                paint: if field { ink::field() } else { ink::workshop() }.into(),
                ..Fill::default()
            }));
            self.surface.draw_path(&path);
        }
    }
}

/// `4 Mar 2025`.
pub fn day(date: Date) -> String {
    date.strftime("%-d %b %Y").to_string()
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

// ---- a person's page ----

const MARGIN: f32 = 42.0;

fn draw_person_page(c: &mut Canvas<'_, '_>, page: &PersonPage) {
    let left = MARGIN;
    let right = c.width - MARGIN;
    let width = right - left;
    let bottom = c.height - MARGIN - 14.0;
    let mut y = MARGIN + 18.0;

    let stamp = format!("Coaching record · {}", day(page.today));
    let stamp_style = style(8.5, false, ink::quiet());
    let stamp_width = c.width_of(&stamp, stamp_style);
    c.fitted(
        left,
        y,
        &page.person.name,
        style(20.0, true, ink::text()),
        width - stamp_width - 12.0,
    );
    c.right(right, y - 4.0, &stamp, stamp_style);
    y += 16.0;
    let who: Vec<&str> = [page.person.team.as_deref(), page.person.email.as_deref()]
        .into_iter()
        .flatten()
        .filter(|s| !s.is_empty())
        .collect();
    if !who.is_empty() {
        c.fitted(
            left,
            y,
            &who.join(" · "),
            style(10.0, false, ink::quiet()),
            width,
        );
        y += 14.0;
    }
    let quiz = match page.quiz.percent() {
        Some(percent) => format!(
            "quiz {percent:.0}% right ({} of {})",
            page.quiz.right, page.quiz.total
        ),
        None => "no quiz answers".to_owned(),
    };
    let observed = match page.last_observed_on {
        Some(on) => format!(
            "last field observation {} ({} days ago)",
            day(on),
            crate::report::coaching::days_between(on, page.today)
        ),
        None => "not yet observed in the field".to_owned(),
    };
    let summary = format!(
        "Came to {} of {} · {quiz} · {observed}",
        page.attended,
        plural(page.sessions, "workshop", "workshops")
    );
    c.fitted(left, y, &summary, style(10.0, false, ink::text()), width);
    y += 10.0;
    c.line(&[(left, y), (right, y)], 0.6, ink::rule());
    y += 20.0;

    // The sections after the skills need at least their heading and a line or two.
    let pairs_need = if page.pairs.is_empty() {
        0.0
    } else {
        34.0 + 14.0 * page.pairs.len().min(3) as f32
    };
    let commitments_need = 34.0 + 14.0 * page.commitments.len().clamp(1, 4) as f32;

    c.text(
        left,
        y,
        "Skills by criterion",
        style(12.0, true, ink::text()),
    );
    let legend = style(8.5, false, ink::quiet());
    let legend_x = right - c.width_of("workshop     field", legend) - 14.0;
    c.marker(legend_x, y - 3.0, false);
    let after = c.text(legend_x + 6.0, y, "workshop", legend);
    c.marker(after + 10.0, y - 3.0, true);
    c.text(after + 16.0, y, "field", legend);
    y += 8.0;
    const BLOCK: f32 = 54.0;
    let room = (bottom - y - pairs_need - commitments_need).max(BLOCK);
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // a few blocks
    let fit = ((room / BLOCK).floor() as usize).max(1);
    if page.skills.is_empty() {
        y += 14.0;
        c.text(
            left,
            y,
            "No role-play scores or field observations yet.",
            style(10.0, false, ink::quiet()),
        );
        y += 10.0;
    }
    let shown = if page.skills.len() > fit {
        fit.saturating_sub(1).max(1)
    } else {
        page.skills.len()
    };
    for skill in page.skills.iter().take(shown) {
        draw_skill(c, skill, left, y, width);
        y += BLOCK;
    }
    if page.skills.len() > shown {
        y += 12.0;
        c.text(
            left,
            y,
            &format!(
                "and {} more {}: see Podium, or export the workbook",
                page.skills.len() - shown,
                if page.skills.len() - shown == 1 {
                    "criterion"
                } else {
                    "criteria"
                }
            ),
            style(9.0, false, ink::quiet()),
        );
    }
    y += 18.0;

    if !page.pairs.is_empty() {
        c.line(&[(left, y - 8.0), (right, y - 8.0)], 0.6, ink::rule());
        y += 8.0;
        c.text(left, y, "Before → after", style(12.0, true, ink::text()));
        y += 16.0;
        let lines = page.pairs.len().min(3);
        for pair in page.pairs.iter().take(lines) {
            let values = match (pair.before, pair.after) {
                (Some(b), Some(a)) => {
                    let change = a - b;
                    format!("{b} → {a} ({}{change})", if change > 0 { "+" } else { "" })
                }
                (Some(b), None) => format!("{b} → not answered"),
                (None, Some(a)) => format!("not answered → {a}"),
                (None, None) => String::new(),
            };
            let values = format!("{values}  on {} to {}", pair.min, pair.max);
            let bold = style(10.0, true, ink::text());
            let values_width = c.width_of(&values, bold);
            let lead = format!("{} · ", day(pair.on));
            let end = c.text(left, y, &lead, style(10.0, false, ink::quiet()));
            c.fitted(
                end,
                y,
                &pair.prompt,
                style(10.0, false, ink::text()),
                right - end - values_width - 12.0,
            );
            c.right(right, y, &values, bold);
            y += 14.0;
        }
        if page.pairs.len() > lines {
            c.text(
                left,
                y,
                &format!("and {} more", page.pairs.len() - lines),
                style(9.0, false, ink::quiet()),
            );
            y += 14.0;
        }
        y += 8.0;
    }

    c.line(&[(left, y - 8.0), (right, y - 8.0)], 0.6, ink::rule());
    y += 8.0;
    let open = page
        .commitments
        .iter()
        .filter(|line| line.status == CommitmentStatus::Open)
        .count();
    c.text(left, y, "Commitments", style(12.0, true, ink::text()));
    c.right(
        right,
        y,
        &format!("{open} open of {}", page.commitments.len()),
        style(9.0, false, ink::quiet()),
    );
    y += 16.0;
    if page.commitments.is_empty() {
        c.text(left, y, "None recorded.", style(10.0, false, ink::quiet()));
    }
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let fit = (((bottom - y) / 14.0).floor().max(1.0)) as usize;
    let shown = if page.commitments.len() > fit {
        fit - 1
    } else {
        page.commitments.len()
    };
    for line in page.commitments.iter().take(shown) {
        draw_commitment(c, line, left, y, right);
        y += 14.0;
    }
    if page.commitments.len() > shown {
        c.text(
            left,
            y,
            &format!(
                "and {} more: see the Follow-up list",
                page.commitments.len() - shown
            ),
            style(9.0, false, ink::quiet()),
        );
    }

    c.right(
        right,
        c.height - MARGIN + 6.0,
        &format!("Podium · {} · 1 of 1", day(page.today)),
        style(8.0, false, ink::quiet()),
    );
}

/// One criterion's block: name, latest and trend, counts; its chart; its latest scores.
fn draw_skill(c: &mut Canvas<'_, '_>, skill: &CriterionSkill, left: f32, top: f32, width: f32) {
    let label_width = width * 0.31;
    let chart_left = left + label_width + 8.0;
    let chart_width = width * 0.3;
    let list_left = chart_left + chart_width + 16.0;
    let list_width = left + width - list_left;
    let y = top + 14.0;
    c.fitted(
        left,
        y,
        &skill.criterion,
        style(10.5, true, ink::text()),
        label_width - 6.0,
    );
    if let Some(latest) = skill.latest() {
        let kind = if latest.source.is_field() {
            "field"
        } else {
            "workshop"
        };
        let text = format!(
            "latest {}/{} {}  {} · {kind}",
            latest.score,
            latest.scale,
            skill.trend.arrow(),
            day(latest.on)
        );
        c.fitted(
            left,
            y + 14.0,
            &text,
            style(9.5, false, ink::text()),
            label_width - 6.0,
        );
    }
    let counts = format!(
        "{} · {}",
        plural(
            skill.workshop().count(),
            "workshop score",
            "workshop scores"
        ),
        plural(
            skill.field().count(),
            "field observation",
            "field observations"
        )
    );
    c.fitted(
        left,
        y + 27.0,
        &counts,
        style(8.0, false, ink::quiet()),
        label_width - 6.0,
    );

    // The chart: scores against days, workshop dots and field diamonds on one line.
    let chart_top = top + 4.0;
    let chart_height = 40.0;
    let scale = skill.scale().max(2);
    c.line(
        &[
            (chart_left, chart_top),
            (chart_left, chart_top + chart_height),
            (chart_left + chart_width, chart_top + chart_height),
        ],
        0.5,
        ink::rule(),
    );
    let small = style(6.5, false, ink::quiet());
    c.right(chart_left - 2.0, chart_top + 4.0, &scale.to_string(), small);
    c.right(chart_left - 2.0, chart_top + chart_height, "1", small);
    let first = skill.points.first().map(|p| p.on);
    let last = skill.points.last().map(|p| p.on);
    #[allow(clippy::cast_precision_loss)] // days and scores are small
    let place = |on: Date, score: u32, of: u32| {
        let span = match (first, last) {
            (Some(a), Some(b)) => crate::report::coaching::days_between(a, b).max(1),
            _ => 1,
        };
        let since = first.map_or(0, |a| crate::report::coaching::days_between(a, on));
        let x = if first == last {
            chart_left + chart_width / 2.0
        } else {
            chart_left + 6.0 + (chart_width - 12.0) * since as f32 / span as f32
        };
        // Scores on another scale are placed by their share of it.
        let share = crate::report::coaching::share(score, of);
        let y = chart_top + chart_height - 3.0 - (chart_height - 6.0) * share as f32;
        (x, y)
    };
    let points: Vec<(f32, f32, bool)> = skill
        .points
        .iter()
        .map(|p| {
            let (x, y) = place(p.on, p.score, p.scale);
            (x, y, p.source.is_field())
        })
        .collect();
    if points.len() > 1 {
        let line: Vec<(f32, f32)> = points.iter().map(|(x, y, _)| (*x, *y)).collect();
        c.line(&line, 0.9, ink::quiet());
    }
    for (x, y, field) in &points {
        c.marker(*x, *y, *field);
    }
    if let (Some(a), Some(b)) = (first, last) {
        c.text(
            chart_left + 2.0,
            chart_top + chart_height + 8.0,
            &day(a),
            small,
        );
        if a != b {
            c.right(
                chart_left + chart_width,
                chart_top + chart_height + 8.0,
                &day(b),
                small,
            );
        }
    }

    // The latest scores, newest first, as text: what the chart shows, readable.
    let mut line_y = y;
    for point in skill.points.iter().rev().take(4) {
        let (what, color) = match &point.source {
            ScoreSource::Field { context, .. } => (format!("field: {context}"), ink::field()),
            ScoreSource::Workshop {
                title,
                item_id,
                round,
                ..
            } => (
                format!(
                    "workshop: {} round {round}",
                    title.as_deref().unwrap_or(item_id)
                ),
                ink::workshop(),
            ),
        };
        let score = format!("{}/{}", point.score, point.scale);
        let end = c.text(list_left, line_y, &score, style(8.5, true, color));
        let lead = format!(" {} ", point.on.strftime("%-d %b"));
        let end = c.text(end, line_y, &lead, style(8.0, false, ink::quiet()));
        c.fitted(
            end,
            line_y,
            &what,
            style(8.0, false, ink::text()),
            list_left + list_width - end,
        );
        line_y += 10.5;
    }
}

/// One commitment line: its state, due day, and text.
fn draw_commitment(c: &mut Canvas<'_, '_>, line: &CommitmentLine, left: f32, y: f32, right: f32) {
    let (tag, color) = match line.status {
        CommitmentStatus::Open if line.is_overdue() => {
            (format!("overdue {} d", line.days_overdue), ink::overdue())
        }
        CommitmentStatus::Open => ("open".to_owned(), ink::text()),
        CommitmentStatus::Done => ("done".to_owned(), ink::done()),
        CommitmentStatus::Dropped => ("dropped".to_owned(), ink::quiet()),
    };
    c.text(left, y, &tag, style(9.0, true, color));
    let due = format!("due {}", day(line.due_on));
    c.text(left + 78.0, y, &due, style(9.0, false, ink::quiet()));
    let notes = if line.notes.is_empty() {
        String::new()
    } else {
        format!("  ({})", plural(line.notes.len(), "note", "notes"))
    };
    let text = format!("{}{notes}", line.text);
    c.fitted(
        left + 160.0,
        y,
        &text,
        style(9.5, false, ink::text()),
        right - left - 160.0,
    );
}

// ---- the team matrix ----

fn draw_team_matrix(c: &mut Canvas<'_, '_>, matrix: &TeamMatrix) {
    let left = MARGIN;
    let right = c.width - MARGIN;
    let width = right - left;
    let mut y = MARGIN + 16.0;
    c.text(
        left,
        y,
        "Team coaching matrix",
        style(18.0, true, ink::text()),
    );
    c.right(
        right,
        y - 2.0,
        &format!("Podium · {}", day(matrix.today)),
        style(8.5, false, ink::quiet()),
    );
    y += 16.0;
    let order = match &matrix.sort {
        MatrixSort::Name => "by name".to_owned(),
        MatrixSort::LongestUnobserved => "longest without a field observation first".to_owned(),
        MatrixSort::LowestScore => "lowest score first".to_owned(),
        MatrixSort::Criterion(key) => format!("lowest \"{key}\" first"),
    };
    c.text(
        left,
        y,
        &format!(
            "{} · latest score on each criterion · {order}",
            plural(matrix.rows.len(), "person", "people")
        ),
        style(9.5, false, ink::quiet()),
    );
    y += 18.0;

    let columns = matrix.criteria.len();
    let name_width = (width * 0.2).min(170.0);
    let observed_width = 92.0;
    #[allow(clippy::cast_precision_loss)]
    let cell_width = if columns == 0 {
        0.0
    } else {
        ((width - name_width - observed_width) / columns as f32).clamp(34.0, 120.0)
    };
    #[allow(
        clippy::cast_precision_loss,
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss
    )]
    let shown_columns = if columns == 0 {
        0
    } else {
        (((width - name_width - observed_width) / cell_width).floor() as usize).min(columns)
    };

    // Header: criteria names on up to two lines.
    let head = style(8.0, true, ink::text());
    c.text(left, y + 9.0, "Person", head);
    c.text(left + name_width, y + 9.0, "Last field obs.", head);
    for (i, name) in matrix.criteria.iter().take(shown_columns).enumerate() {
        #[allow(clippy::cast_precision_loss)]
        let x = left + name_width + observed_width + cell_width * i as f32;
        let (first, second) = split_two_lines(c, name, head, cell_width - 4.0);
        c.text(x + 2.0, y, &first, head);
        if !second.is_empty() {
            c.fitted(x + 2.0, y + 9.0, &second, head, cell_width - 4.0);
        }
    }
    y += 14.0;
    #[allow(clippy::cast_precision_loss)]
    let table_width = name_width + observed_width + cell_width * shown_columns as f32;
    c.line(&[(left, y), (left + table_width, y)], 0.6, ink::rule());

    let footer = 30.0;
    let available = c.height - MARGIN - footer - y;
    #[allow(clippy::cast_precision_loss)]
    let row_height = (available / matrix.rows.len().max(1) as f32).clamp(8.0, 18.0);
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let fit = ((available / row_height).floor() as usize).max(1);
    let shown_rows = if matrix.rows.len() > fit {
        fit - 1
    } else {
        matrix.rows.len()
    };
    let text_size = (row_height * 0.62).clamp(6.0, 9.5);
    for (index, row) in matrix.rows.iter().take(shown_rows).enumerate() {
        let top = y;
        if index % 2 == 1 {
            c.rect(
                left,
                top,
                table_width,
                row_height,
                rgb::Color::new(0xF3, 0xF5, 0xF7),
            );
        }
        let baseline = top + row_height * 0.5 + text_size * 0.36;
        c.fitted(
            left + 2.0,
            baseline,
            &row.name,
            style(text_size, true, ink::text()),
            name_width - 6.0,
        );
        let observed = match (row.last_observed_on, row.days_unobserved) {
            (Some(on), Some(days)) => format!("{} ({days} d)", on.strftime("%-d %b %Y")),
            _ => "never".to_owned(),
        };
        let observed_color = if row.last_observed_on.is_none() {
            ink::overdue()
        } else {
            ink::text()
        };
        c.text(
            left + name_width,
            baseline,
            &observed,
            style(text_size, false, observed_color),
        );
        for (i, cell) in row.cells.iter().take(shown_columns).enumerate() {
            #[allow(clippy::cast_precision_loss)]
            let x = left + name_width + observed_width + cell_width * i as f32;
            match cell {
                Some(cell) => {
                    c.rect(
                        x + 1.0,
                        top + 1.0,
                        cell_width - 2.0,
                        row_height - 2.0,
                        shade(cell.share()),
                    );
                    let mark = if cell.field { " F" } else { "" };
                    let text =
                        format!("{}/{} {}{mark}", cell.score, cell.scale, cell.trend.arrow());
                    c.text(
                        x + 4.0,
                        baseline,
                        &text,
                        style(text_size, false, ink::text()),
                    );
                }
                None => {
                    c.text(
                        x + 4.0,
                        baseline,
                        "–",
                        style(text_size, false, ink::quiet()),
                    );
                }
            }
        }
        y += row_height;
    }
    if matrix.rows.len() > shown_rows {
        c.text(
            left,
            y + 10.0,
            &format!(
                "and {} more {}: export the workbook (podium export --people --format xlsx) for everyone",
                matrix.rows.len() - shown_rows,
                if matrix.rows.len() - shown_rows == 1 { "person" } else { "people" }
            ),
            style(8.5, false, ink::quiet()),
        );
    }
    if shown_columns < columns {
        c.right(
            right,
            y + 10.0,
            &format!("{} more criteria not shown", columns - shown_columns),
            style(8.5, false, ink::quiet()),
        );
    }
    let legend = format!(
        "{} up since the score before · {} down · {} level · {} first score · F the latest is a field observation · shaded from low (red) to high (green)",
        Trend::Up.arrow(),
        Trend::Down.arrow(),
        Trend::Level.arrow(),
        Trend::First.arrow()
    );
    c.fitted(
        left,
        c.height - MARGIN + 4.0,
        &legend,
        style(7.5, false, ink::quiet()),
        width,
    );
}

/// A light background from red (lowest share) through amber to green (highest).
#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // 0..=255 by construction
fn shade(share: f64) -> rgb::Color {
    let share = share.clamp(0.0, 1.0);
    let (low, mid, high) = ((0xF8, 0xD7, 0xD3), (0xFB, 0xEB, 0xC4), (0xD5, 0xEF, 0xD9));
    let (from, to, t) = if share < 0.5 {
        (low, mid, share * 2.0)
    } else {
        (mid, high, (share - 0.5) * 2.0)
    };
    let mix = |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * t).round() as u8;
    rgb::Color::new(mix(from.0, to.0), mix(from.1, to.1), mix(from.2, to.2))
}

/// A header cut into two lines at a space, each to fit `max`.
fn split_two_lines(c: &Canvas<'_, '_>, text: &str, style: Style, max: f32) -> (String, String) {
    if c.width_of(text, style) <= max {
        return (text.to_owned(), String::new());
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    for cut in (1..words.len()).rev() {
        let first = words.get(..cut).unwrap_or_default().join(" ");
        if c.width_of(&first, style) <= max {
            return (first, words.get(cut..).unwrap_or_default().join(" "));
        }
    }
    (c.fit(text, style, max), String::new())
}
