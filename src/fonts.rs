//! The fonts Podium writes with outside a window: DejaVu Sans (embedded, as on the screens) and,
//! for letters it lacks (Chinese, Japanese, Korean, Devanagari, Thai, ...), a font this computer
//! has, found through the system's own font fallback (fontconfig on Linux) the way the screens
//! find theirs. No UI here: the PDF uses it, and a window could.

use std::collections::BTreeSet;
use std::sync::Arc;

use fontique::{
    Collection, CollectionOptions, FallbackKey, GenericFamily, Language, QueryFamily, QueryStatus,
    Script, SourceCache, SourceCacheOptions,
};
use unicode_script::UnicodeScript;

/// DejaVu Sans, embedded: Latin with accents, Greek, Cyrillic, Armenian, Hebrew, Arabic
/// letters, arrows and common symbols.
pub static DEJAVU_SANS: &[u8] = include_bytes!("../assets/fonts/DejaVuSans.ttf");
/// DejaVu Sans Bold, embedded.
pub static DEJAVU_SANS_BOLD: &[u8] = include_bytes!("../assets/fonts/DejaVuSans-Bold.ttf");

/// A font file's bytes, and which face of it (a `.ttc` collection holds several).
#[derive(Clone)]
pub struct FontFile {
    /// The family name, for messages.
    pub name: String,
    pub data: Arc<dyn AsRef<[u8]> + Send + Sync>,
    pub index: u32,
}

impl std::fmt::Debug for FontFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FontFile")
            .field("name", &self.name)
            .field("index", &self.index)
            .finish_non_exhaustive()
    }
}

impl FontFile {
    /// An embedded font.
    pub fn embedded(name: &str, data: &'static [u8]) -> FontFile {
        FontFile {
            name: name.to_owned(),
            data: Arc::new(data),
            index: 0,
        }
    }

    pub fn bytes(&self) -> &[u8] {
        (*self.data).as_ref()
    }

    /// Whether the font has a glyph for `c`.
    pub fn covers(&self, c: char) -> bool {
        rustybuzz::Face::from_slice(self.bytes(), self.index)
            .is_some_and(|face| face.glyph_index(c).is_some_and(|g| g.0 != 0))
    }
}

/// Whether a letter must be drawn by a font: not a space, nor a control character, nor a mark
/// that joins the letter before it.
pub fn needs_glyph(c: char) -> bool {
    !(c.is_whitespace() || c.is_control() || c.script() == unicode_script::Script::Inherited)
}

/// Fonts of this computer that draw the letters of `text` that `have` does not: one per
/// writing system, found through the system's font fallback. The letters no font draws are
/// returned too, so the caller can say so instead of printing boxes.
pub fn system_fallbacks(text: &str, have: &[FontFile]) -> (Vec<FontFile>, BTreeSet<char>) {
    let missing: BTreeSet<char> = text
        .chars()
        .filter(|&c| needs_glyph(c) && !have.iter().any(|font| font.covers(c)))
        .collect();
    if missing.is_empty() {
        return (Vec::new(), missing);
    }
    let mut collection = Collection::new(CollectionOptions {
        shared: false,
        system_fonts: true,
    });
    let mut cache = SourceCache::new(SourceCacheOptions::default());
    let mut found: Vec<FontFile> = Vec::new();
    let mut unshown = BTreeSet::new();
    for c in missing {
        if found.iter().any(|font| font.covers(c)) {
            continue;
        }
        match system_font_for(&mut collection, &mut cache, c) {
            Some(font) => found.push(font),
            None => {
                unshown.insert(c);
            }
        }
    }
    (found, unshown)
}

/// The Han locales, Simplified Chinese first: Han fonts differ by locale in what they cover.
const HAN_LOCALES: [&str; 4] = ["zh-SG", "zh-TW", "ja", "ko"];

fn system_font_for(
    collection: &mut Collection,
    cache: &mut SourceCache,
    c: char,
) -> Option<FontFile> {
    let script = match c.script() {
        unicode_script::Script::Common
        | unicode_script::Script::Inherited
        | unicode_script::Script::Unknown => None,
        script => Script::parse(script.short_name()).ok(),
    };
    let locales: Vec<Option<Language>> = match script {
        Some(s) if s == Script::from_bytes(*b"Hani") => std::iter::once(None)
            .chain(HAN_LOCALES.iter().map(|l| Language::parse(l).ok()))
            .collect(),
        _ => vec![None],
    };
    for locale in &locales {
        let mut query = collection.query(cache);
        match script {
            Some(script) => {
                query.set_families([QueryFamily::Generic(GenericFamily::SansSerif)]);
                query.set_fallbacks(FallbackKey::new(script, locale.as_ref()));
            }
            // Punctuation and symbols belong to no script: any general family may have them.
            None => query.set_families(
                [
                    GenericFamily::SansSerif,
                    GenericFamily::SystemUi,
                    GenericFamily::Serif,
                    GenericFamily::Emoji,
                    GenericFamily::Math,
                ]
                .map(QueryFamily::Generic),
            ),
        }
        let mut found = None;
        query.matches_with(|font| {
            let file = FontFile {
                name: String::new(),
                data: Arc::new(font.blob.clone()),
                index: font.index,
            };
            if file.covers(c) {
                found = Some((file, font.family.0));
                QueryStatus::Stop
            } else {
                QueryStatus::Continue
            }
        });
        drop(query);
        if let Some((mut file, family)) = found {
            file.name = collection
                .family_name(family)
                .unwrap_or("system font")
                .to_owned();
            return Some(file);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dejavu_draws_latin_greek_cyrillic_and_arrows_but_not_han() {
        let dejavu = FontFile::embedded("DejaVu Sans", DEJAVU_SANS);
        for c in "Zoë Ελένη Ирина ↑↓→•".chars().filter(|c| needs_glyph(*c)) {
            assert!(dejavu.covers(c), "{c}");
        }
        assert!(!dejavu.covers('王'));
        assert!(!needs_glyph(' ') && !needs_glyph('\u{301}'));
    }
}
