//! The views: each `*_ui` function draws from state and returns what the person asked for.

pub mod audience;
pub mod close;
pub mod coaching;
pub mod fonts;
pub mod help;
pub mod history;
pub mod keys;
pub mod phones;
pub mod presenter;
pub mod room;
pub mod setup;
pub mod slide;
pub mod start;
pub mod unsaved;

use egui::text::{LayoutJob, TextFormat};
use egui::{Color32, FontFamily, FontId};

use crate::deck::Theme;

pub use fonts::install_fonts;

/// The bold face, a family of its own since egui has no font weights.
pub const BOLD: &str = "podium-bold";

/// The colours that say how something stands on the presenter's, setup and history screens:
/// done or saved, needing attention, wrong or lost, and secondary text. One set, so the same
/// state looks the same everywhere; the dark theme's slides use the same three.
pub mod status {
    use egui::Color32;

    pub const GOOD: Color32 = Color32::from_rgb(0x4C, 0xC9, 0x6A);
    pub const WARN: Color32 = Color32::from_rgb(0xFF, 0xB0, 0x2E);
    pub const BAD: Color32 = Color32::from_rgb(0xFF, 0x5A, 0x5F);
    pub const DIM: Color32 = Color32::from_gray(150);
}

/// The colours of slides in one theme.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Palette {
    pub background: Color32,
    pub text: Color32,
    pub muted: Color32,
    pub accent: Color32,
    /// Boxes behind options and briefs.
    pub panel: Color32,
    pub correct: Color32,
    pub warning: Color32,
    pub danger: Color32,
}

impl Palette {
    pub fn of(theme: Theme) -> Self {
        match theme {
            Theme::Light => Self {
                background: Color32::from_rgb(0xFA, 0xFA, 0xF7),
                text: Color32::from_rgb(0x1B, 0x1F, 0x2A),
                muted: Color32::from_rgb(0x55, 0x5C, 0x6B),
                accent: Color32::from_rgb(0x1F, 0x5F, 0xBF),
                panel: Color32::from_rgb(0xE8, 0xEC, 0xF3),
                correct: Color32::from_rgb(0x1E, 0x7B, 0x34),
                warning: Color32::from_rgb(0xB2, 0x6A, 0x00),
                danger: Color32::from_rgb(0xC0, 0x1C, 0x28),
            },
            Theme::Dark => Self {
                background: Color32::from_rgb(0x16, 0x1A, 0x22),
                text: Color32::from_rgb(0xF2, 0xF2, 0xEE),
                muted: Color32::from_rgb(0xA8, 0xB0, 0xBE),
                accent: Color32::from_rgb(0x6C, 0xB4, 0xFF),
                panel: Color32::from_rgb(0x26, 0x2D, 0x3A),
                correct: status::GOOD,
                warning: status::WARN,
                danger: status::BAD,
            },
            Theme::HighContrast => Self {
                background: Color32::BLACK,
                text: Color32::WHITE,
                muted: Color32::from_rgb(0xE0, 0xE0, 0xE0),
                accent: Color32::from_rgb(0xFF, 0xE0, 0x00),
                panel: Color32::from_rgb(0x20, 0x20, 0x20),
                correct: Color32::from_rgb(0x00, 0xFF, 0x66),
                warning: Color32::from_rgb(0xFF, 0xC0, 0x00),
                danger: Color32::from_rgb(0xFF, 0x40, 0x40),
            },
        }
    }
}

/// Lays out deck text with the contract's Markdown subset: `**bold**`, `*italic*`, line breaks.
pub fn markdown_job(
    text: &str,
    size: f32,
    color: Color32,
    bold: bool,
    wrap_width: f32,
) -> LayoutJob {
    let mut job = LayoutJob::default();
    job.wrap.max_width = wrap_width;
    let mut strong = false;
    let mut italic = false;
    let mut run = String::new();
    let flush = |job: &mut LayoutJob, run: &mut String, strong: bool, italic: bool| {
        if run.is_empty() {
            return;
        }
        let family = if strong || bold {
            FontFamily::Name(BOLD.into())
        } else {
            FontFamily::Proportional
        };
        job.append(
            run,
            0.0,
            TextFormat {
                font_id: FontId::new(size, family),
                color,
                italics: italic,
                ..Default::default()
            },
        );
        run.clear();
    };
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '*' if chars.peek() == Some(&'*') => {
                chars.next();
                flush(&mut job, &mut run, strong, italic);
                strong = !strong;
            }
            '*' => {
                flush(&mut job, &mut run, strong, italic);
                italic = !italic;
            }
            '\\' if chars.peek() == Some(&'*') => {
                run.push('*');
                chars.next();
            }
            c => run.push(c),
        }
    }
    flush(&mut job, &mut run, strong, italic);
    job
}

pub use crate::presentation::view::plain_text;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_marks_bold_and_italic_runs() {
        let job = markdown_job("a **b** *c* d", 10.0, Color32::WHITE, false, 100.0);
        assert_eq!(job.text, "a b c d");
        let bold: Vec<bool> = job
            .sections
            .iter()
            .map(|s| s.format.font_id.family == FontFamily::Name(BOLD.into()))
            .collect();
        let italics: Vec<bool> = job.sections.iter().map(|s| s.format.italics).collect();
        assert_eq!(bold, vec![false, true, false, false, false]);
        assert_eq!(italics, vec![false, false, false, true, false]);
    }
}
