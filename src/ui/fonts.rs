//! The fonts Podium draws text with, and a note for the presenter when a name cannot be drawn.
//!
//! DejaVu Sans and its bold are embedded, so a deck looks the same on every machine; they cover
//! Latin with accents, Greek, Cyrillic, Armenian, Hebrew and Arabic letters. egui's own fonts
//! follow, for emoji and symbols. Every other letter (Chinese, Japanese, Korean, Devanagari,
//! Thai, ...) comes from the computer's own fonts, found through the system's font fallback
//! (fontconfig on Linux) the first time a character needs one; the font file is then mapped
//! into memory, not copied, and serves both windows, which share one egui context.

use std::collections::BTreeSet;
use std::sync::{Arc, OnceLock};

use egui::{
    Color32, FallbackRequest, FontData, FontDefinitions, FontFamily, FontId, FontInsert,
    FontProvider, RichText, Ui,
};
use egui_system_font_provider::SystemFontProvider;
use unicode_script::{Script, UnicodeScript};

use super::BOLD;

const WARN: Color32 = Color32::from_rgb(0xFF, 0xB0, 0x2E);

/// Installs Podium's fonts in `ctx`: the embedded ones, then the computer's fonts as fallbacks.
/// Calling it again on the same context changes nothing.
pub fn install_fonts(ctx: &egui::Context) {
    ctx.set_fonts(definitions());
    // Each letter drawn once per size, not at four sub-pixel offsets: the projector's large
    // text and the presenter's smaller copies of it would otherwise fill a font atlas four
    // times the size, which a computer with no graphics card keeps twice (the atlas and the
    // renderer's texture), and each time it doubles in height it is uploaded whole.
    ctx.all_styles_mut(|style| style.visuals.text_options.subpixel_binning = false);
    // Replaces any provider set before (eframe adds a stand-in that only logs), so a missing
    // letter is looked up once, by the one provider the whole process shares.
    ctx.set_font_providers(vec![system_fonts()]);
}

/// The embedded fonts, first in every family: DejaVu Sans (and its bold for [`BOLD`]), with
/// egui's own fonts behind them for emoji and symbols.
pub fn definitions() -> FontDefinitions {
    let mut fonts = FontDefinitions::default();
    fonts.font_data.insert(
        "dejavu".into(),
        Arc::new(FontData::from_static(include_bytes!(
            "../../assets/fonts/DejaVuSans.ttf"
        ))),
    );
    fonts.font_data.insert(
        "dejavu-bold".into(),
        Arc::new(FontData::from_static(include_bytes!(
            "../../assets/fonts/DejaVuSans-Bold.ttf"
        ))),
    );
    let fallbacks = fonts
        .families
        .get(&FontFamily::Proportional)
        .cloned()
        .unwrap_or_default();
    let mut regular = vec!["dejavu".to_owned()];
    regular.extend(fallbacks.iter().cloned());
    let mut bold = vec!["dejavu-bold".to_owned()];
    bold.extend(fallbacks);
    fonts.families.insert(FontFamily::Proportional, regular);
    fonts.families.insert(FontFamily::Name(BOLD.into()), bold);
    fonts
}

/// The computer's fonts, one provider for the whole process.
fn system_fonts() -> Arc<dyn FontProvider> {
    static SYSTEM: OnceLock<Arc<LazySystemFonts>> = OnceLock::new();
    let provider: Arc<LazySystemFonts> = SYSTEM.get_or_init(Arc::default).clone();
    provider
}

/// The computer's fonts, listed only when a character no embedded font has is first drawn:
/// a workshop in Latin, Greek or Cyrillic letters never lists them, and the window opens
/// without waiting either way. The first such character waits for the list (about 30 ms with
/// fontconfig's cache and 130 fonts; more on a desktop with thousands), once per process.
#[derive(Default)]
struct LazySystemFonts {
    provider: OnceLock<SystemFontProvider>,
}

impl FontProvider for LazySystemFonts {
    fn font_for(&self, request: &FallbackRequest<'_>) -> Option<FontInsert> {
        self.provider
            .get_or_init(SystemFontProvider::new)
            .font_for(request)
    }
}

/// Names with letters that no font on this computer has, which would show as boxes.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Unshown {
    /// How many of the names have such a letter.
    pub names: usize,
    /// The writing systems of those letters, as a presenter would name them ("Devanagari",
    /// "Thai", and "Chinese, Japanese or Korean" for the scripts one font package covers).
    pub scripts: BTreeSet<&'static str>,
}

/// Chinese, Japanese and Korean, one writing system for the presenter: one font has them all.
const CJK: &str = "Chinese, Japanese or Korean";

/// Which of `names` have a letter that `drawable` says no font can draw. Only letters a font
/// must draw are asked about: not ASCII (the embedded fonts have it), spaces and control
/// characters, nor marks that join the letter before them (accents, variation selectors).
pub fn unshown<'a>(
    names: impl IntoIterator<Item = &'a str>,
    mut drawable: impl FnMut(char) -> bool,
) -> Unshown {
    let mut found = Unshown::default();
    for name in names {
        if name.is_ascii() {
            continue;
        }
        let mut missing = false;
        for c in name.chars() {
            if c.is_ascii() || c.is_whitespace() || c.is_control() {
                continue;
            }
            let script = c.script();
            if script == Script::Inherited || drawable(c) {
                continue;
            }
            missing = true;
            found.scripts.insert(writing(script));
        }
        if missing {
            found.names += 1;
        }
    }
    found
}

fn writing(script: Script) -> &'static str {
    match script {
        Script::Han | Script::Hiragana | Script::Katakana | Script::Hangul | Script::Bopomofo => {
            CJK
        }
        Script::Common | Script::Unknown => "symbols",
        script => script.full_name(),
    }
}

impl Unshown {
    /// What to tell the presenter, or `None` when every name can be drawn.
    pub fn message(&self) -> Option<String> {
        if self.names == 0 {
            return None;
        }
        let (subject, possessive) = match self.names {
            1 => ("1 name shows".to_owned(), "its"),
            n => (format!("{n} names show"), "their"),
        };
        let mut packages = Vec::new();
        if self.scripts.contains(CJK) {
            packages.push("fonts-noto-cjk");
        }
        if self.scripts.iter().any(|s| *s != CJK && *s != "symbols") {
            packages.push("fonts-noto-core");
        }
        if self.scripts.contains("symbols") {
            packages.push("fonts-symbola");
        }
        let scripts: Vec<&str> = self.scripts.iter().copied().collect();
        Some(format!(
            "{subject} as boxes: this computer has no font for {possessive} letters ({}). \
             Install one (on Debian or Ubuntu: sudo apt install {}) and restart Podium.",
            scripts.join("; "),
            packages.join(" ")
        ))
    }
}

/// A warning line for the presenter when some of `names` cannot be drawn; nothing otherwise.
pub fn unshown_names_ui<'a>(ui: &mut Ui, names: impl IntoIterator<Item = &'a str>) {
    let font = FontId::proportional(14.0);
    let found = ui.fonts_mut(|fonts| unshown(names, |c| fonts.has_glyph(&font, c)));
    if let Some(message) = found.message() {
        ui.label(RichText::new(message).color(WARN));
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

    use super::*;

    /// The names of a team, in the scripts a sales team anywhere has.
    const NAMES: [&str; 4] = ["王芳", "Ирина", "Ελένη", "Zoë"];

    /// Runs one pass of a context with Podium's fonts and hands `check` its fonts.
    fn with_podium_fonts(check: impl FnOnce(&mut egui::epaint::text::FontsView<'_>)) {
        let ctx = egui::Context::default();
        install_fonts(&ctx);
        let mut check = Some(check);
        let mut output = ctx.run_ui(egui::RawInput::default(), |ui| {
            if let Some(check) = check.take() {
                ui.fonts_mut(check);
            }
        });
        // Nothing paints here: the font atlas's upload is dropped on purpose.
        output.textures_delta.clear();
    }

    #[test]
    fn podium_fonts_have_a_glyph_for_every_letter_of_the_team_names() {
        with_podium_fonts(|fonts| {
            for family in [FontFamily::Proportional, FontFamily::Name(BOLD.into())] {
                let font = FontId::new(14.0, family.clone());
                for name in NAMES {
                    for c in name.chars() {
                        assert!(
                            fonts.has_glyph(&font, c),
                            "no font has {c:?} of {name} in {family:?}: install a CJK font, \
                             e.g. apt-get install fonts-wqy-microhei"
                        );
                    }
                }
                // The glyphs come from real fonts: the embedded DejaVu for Greek, Cyrillic and
                // accents, one of the computer's fonts for Chinese.
                let by = fonts.characters(&family).clone();
                let dejavu = if family == FontFamily::Proportional {
                    "dejavu"
                } else {
                    "dejavu-bold"
                };
                for c in ['И', 'λ', 'ë'] {
                    assert_eq!(by[&c].first().map(String::as_str), Some(dejavu), "{c:?}");
                }
                for c in ['王', '芳'] {
                    let fonts = &by[&c];
                    assert!(
                        fonts.iter().any(|f| f.starts_with("system:")),
                        "{c:?} drawn by {fonts:?}"
                    );
                }
            }
        });
    }

    #[test]
    fn emoji_arabic_and_hebrew_have_glyphs_without_any_system_font() {
        let ctx = egui::Context::default();
        install_fonts(&ctx);
        ctx.set_font_providers(Vec::new());
        let mut output = ctx.run_ui(egui::RawInput::default(), |ui| {
            ui.fonts_mut(|fonts| {
                let font = FontId::proportional(14.0);
                for text in ["😀👍🎉", "مريم", "נועה"] {
                    assert!(fonts.has_glyphs(&font, text), "{text}");
                }
                assert!(!fonts.has_glyph(&font, '王'));
            });
        });
        output.textures_delta.clear();
    }

    #[test]
    fn the_computer_s_fonts_are_listed_only_when_a_letter_needs_them() {
        let lazy = Arc::new(LazySystemFonts::default());
        let ctx = egui::Context::default();
        ctx.set_fonts(definitions());
        let provider: Arc<dyn FontProvider> = lazy.clone();
        ctx.set_font_providers(vec![provider]);
        let draw = |text: &str| {
            let mut output = ctx.run_ui(egui::RawInput::default(), |ui| {
                ui.label(text);
            });
            output.textures_delta.clear();
        };
        draw("Zoë Ångström, Ирина, Ελένη, مريم, נועה 😀 ✔");
        assert!(lazy.provider.get().is_none(), "listed for embedded letters");
        draw("王芳");
        assert!(lazy.provider.get().is_some());
    }

    #[test]
    fn names_a_font_cannot_draw_are_counted_by_script() {
        let mut asked = Vec::new();
        let found = unshown(
            [
                "Zoe\u{0308} Ångström",
                "王芳",
                "李伟 Li",
                "Sam",
                "प्रिया",
                "Ирина",
            ],
            |c| {
                asked.push(c);
                !matches!(
                    c,
                    '\u{0308}' | '王' | '芳' | '李' | '伟' | '\u{0900}'..='\u{097F}'
                )
            },
        );
        assert_eq!(found.names, 3);
        assert_eq!(found.scripts, BTreeSet::from([CJK, "Devanagari"]));
        assert!(asked.iter().all(|c| !c.is_ascii()), "{asked:?}");
        assert!(
            !asked.contains(&'\u{0308}'),
            "a combining accent is drawn with its letter"
        );
    }

    #[test]
    fn every_name_drawable_means_no_message() {
        let found = unshown(["王芳", "Zoë"], |_| true);
        assert_eq!(found, Unshown::default());
        assert_eq!(found.message(), None);
    }

    #[test]
    fn the_message_names_the_letters_and_the_package_to_install() {
        let one = unshown(["王芳"], |_| false);
        assert_eq!(
            one.message().unwrap(),
            "1 name shows as boxes: this computer has no font for its letters (Chinese, Japanese \
             or Korean). Install one (on Debian or Ubuntu: sudo apt install fonts-noto-cjk) and \
             restart Podium."
        );
        let many = unshown(["王芳", "김민수", "さくら", "ไพลิน", "☃"], |_| false);
        let message = many.message().unwrap();
        assert!(message.starts_with("5 names show as boxes"), "{message}");
        assert!(
            message.contains("their letters (Chinese, Japanese or Korean; Thai; symbols)"),
            "{message}"
        );
        assert!(
            message.contains("sudo apt install fonts-noto-cjk fonts-noto-core fonts-symbola"),
            "{message}"
        );
    }
}
