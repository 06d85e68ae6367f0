//! The deck: its model, the RON loader and its compiler-style errors. No UI here.

mod convert;
mod diagnostic;
mod model;
mod syntax;

use std::path::{Path, PathBuf};

pub use convert::SLIDE_KINDS;
pub use diagnostic::Diagnostic;
pub use model::{
    Criterion, Deck, DeckSummary, Poll, Quiz, Rating, Role, RolePlay, Section, Slide, SlideKind,
    Theme,
};
pub use syntax::Span;

/// A deck file larger than this is refused before it is read: decks are text, images are
/// separate files, and a huge file is almost always the wrong file.
pub const MAX_DECK_BYTES: u64 = 16 * 1024 * 1024;

/// Why a deck cannot be used: one or more problems, each located in the file.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{}", render_all(.diagnostics))]
pub struct DeckErrors {
    pub diagnostics: Vec<Diagnostic>,
}

fn render_all(diagnostics: &[Diagnostic]) -> String {
    diagnostics
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

/// How thoroughly to check the images a deck names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageCheck {
    /// The file exists and its header is a known format (fast: for opening a deck).
    Header,
    /// The whole image decodes (for `podium check`).
    Decode,
}

/// A deck that can be presented, and any problems with its images: a deck with a missing image
/// still opens, with a placeholder on that slide, but `podium check` reports it.
#[derive(Debug, Clone)]
pub struct LoadedDeck {
    pub deck: Deck,
    pub image_problems: Vec<Diagnostic>,
}

/// Reads, parses and validates the deck at `path`.
pub fn load(path: &Path, images: ImageCheck) -> Result<LoadedDeck, DeckErrors> {
    let src = read_text(path).map_err(|d| DeckErrors {
        diagnostics: vec![*d],
    })?;
    load_str(path, &src, images)
}

/// Parses and validates deck text as if read from `path` (which locates images and messages).
pub fn load_str(path: &Path, src: &str, images: ImageCheck) -> Result<LoadedDeck, DeckErrors> {
    let root = syntax::parse(src).map_err(|e| {
        let mut diagnostic = Diagnostic::at(path, src, e.span, e.message);
        diagnostic.help = e.help;
        DeckErrors {
            diagnostics: vec![diagnostic],
        }
    })?;
    let folder = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let mut converter = convert::Converter::new(path, src);
    let deck = converter.deck(&root, folder.clone());
    let image_problems: Vec<Diagnostic> = converter
        .images
        .iter()
        .filter_map(|image| {
            check_image(&folder, &image.path, images).map(|(message, help)| {
                Diagnostic::at(path, src, image.span, message)
                    .with_place(image.place.clone())
                    .with_help(help)
            })
        })
        .collect();
    match deck {
        Some(deck) if converter.diagnostics.is_empty() => Ok(LoadedDeck {
            deck,
            image_problems,
        }),
        _ => {
            let mut diagnostics = converter.diagnostics;
            diagnostics.extend(image_problems);
            diagnostics.sort_by_key(|d| (d.line, d.column));
            Err(DeckErrors { diagnostics })
        }
    }
}

/// Reads the deck file as UTF-8 text, or says plainly why it cannot be.
fn read_text(path: &Path) -> Result<String, Box<Diagnostic>> {
    let metadata = std::fs::metadata(path).map_err(|e| Box::new(unreadable(path, &e)))?;
    if metadata.is_dir() {
        return Err(Box::new(Diagnostic::whole_file(
            path,
            "this is a folder, not a deck file",
            Some("give the path of a .ron file inside it".into()),
        )));
    }
    if metadata.len() > MAX_DECK_BYTES {
        return Err(Box::new(Diagnostic::whole_file(
            path,
            format!(
                "the file is {} MB; a deck is a text file well under {} MB",
                metadata.len() / (1024 * 1024),
                MAX_DECK_BYTES / (1024 * 1024)
            ),
            Some("check that this is the deck file; images belong in separate files that the deck names".into()),
        )));
    }
    let bytes = std::fs::read(path).map_err(|e| Box::new(unreadable(path, &e)))?;
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let before = String::from_utf8_lossy(bytes.get(..valid).unwrap_or_default()).into_owned();
        // Show the offending line with the bad byte replaced, so the caret has something to mark.
        let text = String::from_utf8_lossy(bytes).into_owned();
        let at = before.len();
        Box::new(
            Diagnostic::at(
                path,
                &text,
                Span::new(at, at + 1),
                "the file is not UTF-8 text: it has a byte that is not a character here",
            )
            .with_help(
                "save the deck as UTF-8 (in most editors: Save As, Encoding: UTF-8); if this is not a deck, check the path",
            ),
        )
    })
}

fn unreadable(path: &Path, error: &std::io::Error) -> Diagnostic {
    let help = match error.kind() {
        std::io::ErrorKind::NotFound => {
            "check the spelling of the path, and that the file is where you think it is"
        }
        std::io::ErrorKind::PermissionDenied => {
            "you are not allowed to read this file; check its permissions"
        }
        _ => "check that the file can be opened",
    };
    Diagnostic::whole_file(
        path,
        format!("cannot read the deck: {error}"),
        Some(help.into()),
    )
}

/// Why the image at `relative` (inside `folder`) cannot be shown, with what would fix it.
fn check_image(folder: &Path, relative: &Path, images: ImageCheck) -> Option<(String, String)> {
    let full = folder.join(relative);
    let shown = relative.display();
    if !full.is_file() {
        return Some((
            format!("the image \"{shown}\" is not there"),
            format!(
                "put the image at {}, or correct the path (it is relative to the deck file's folder)",
                full.display()
            ),
        ));
    }
    // A link inside the folder may still point outside it; the deck must travel with its images.
    if let (Ok(real_folder), Ok(real_image)) =
        (folder_or_dot(folder).canonicalize(), full.canonicalize())
        && !real_image.starts_with(&real_folder)
    {
        return Some((
            format!("the image \"{shown}\" leads outside the deck's folder through a link"),
            "copy the image itself into the deck's folder".into(),
        ));
    }
    let reader = match image::ImageReader::open(&full).and_then(|r| r.with_guessed_format()) {
        Ok(reader) => reader,
        Err(e) => {
            return Some((
                format!("cannot read the image \"{shown}\": {e}"),
                "check the file's permissions".into(),
            ));
        }
    };
    if reader.format().is_none() {
        return Some((
            format!("\"{shown}\" is not a PNG or JPEG image"),
            "save the picture as PNG or JPEG and point the slide at that file".into(),
        ));
    }
    let result = match images {
        ImageCheck::Header => reader.into_dimensions().map(|_| ()),
        ImageCheck::Decode => reader.decode().map(|_| ()),
    };
    result.err().map(|e| {
        (
            format!("the image \"{shown}\" cannot be decoded: {e}"),
            "open it in an image editor and save it again as PNG or JPEG".into(),
        )
    })
}

fn folder_or_dot(folder: &Path) -> PathBuf {
    if folder.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        folder.to_path_buf()
    }
}
