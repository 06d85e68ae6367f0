//! The deck: its model, the RON loader and its compiler-style errors. No UI here.

mod convert;
mod diagnostic;
mod model;
mod syntax;

use std::io::Read;
use std::path::{Path, PathBuf};

pub use convert::{
    MAX_FOLLOW_UP_DAYS, MAX_MINUTES, MAX_OPTIONS, MAX_POINTS, MAX_RATING_POINTS, MAX_ROLES,
    MAX_ROUNDS, MAX_SCALE, SLIDE_KINDS,
};
pub use diagnostic::{Diagnostic, Severity, shorten};
pub use model::{
    Answer, Criterion, Deck, DeckSummary, ItemKind, Poll, Quiz, Rating, Role, RolePlay, Section,
    Slide, SlideKind, Theme, Typed,
};
pub use syntax::Span;

use diagnostic::Lines;

/// A deck file larger than this is refused before it is read: decks are text, images are
/// separate files, and a huge file is almost always the wrong file.
pub const MAX_DECK_BYTES: u64 = 16 * 1024 * 1024;

/// How many problems are printed for one deck; the rest are counted ("and 12 more"). Past a
/// hundred, the first ones are what an author fixes first anyway.
pub const MAX_SHOWN_PROBLEMS: usize = 100;

/// Why a deck cannot be used: one or more errors, each located in the file, and any warnings.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{}", render_capped(.diagnostics))]
pub struct DeckErrors {
    pub diagnostics: Vec<Diagnostic>,
    pub warnings: Vec<Diagnostic>,
}

/// The first `MAX_SHOWN_PROBLEMS` problems, then how many more there are.
pub fn render_capped(diagnostics: &[Diagnostic]) -> String {
    let mut text: Vec<String> = diagnostics
        .iter()
        .take(MAX_SHOWN_PROBLEMS)
        .map(ToString::to_string)
        .collect();
    if let Some(more) = more_than_shown(diagnostics.len()) {
        text.push(more);
    }
    text.join("\n")
}

/// "and 12 more errors", when `count` problems are more than are shown.
pub fn more_than_shown(count: usize) -> Option<String> {
    let more = count.checked_sub(MAX_SHOWN_PROBLEMS).filter(|&n| n > 0)?;
    Some(format!(
        "... and {more} more problem{} (the first {MAX_SHOWN_PROBLEMS} are shown above; fix those and check again)",
        if more == 1 { "" } else { "s" }
    ))
}

/// How thoroughly to check the images a deck names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageCheck {
    /// The file exists and its header is a known format (fast: for opening a deck).
    Header,
    /// The whole image decodes, strictly, so a cut-off file is found (for `podium check`).
    Decode,
}

/// A deck that can be presented, and what is worth knowing about it: a deck with a missing
/// image still opens, with a placeholder on that slide, but `podium check` reports it; warnings
/// (an activity longer than its section) are shown to the presenter and by `podium check`.
#[derive(Debug, Clone)]
pub struct LoadedDeck {
    pub deck: Deck,
    pub image_problems: Vec<Diagnostic>,
    pub warnings: Vec<Diagnostic>,
}

/// Reads, parses and validates the deck at `path`.
pub fn load(path: &Path, images: ImageCheck) -> Result<LoadedDeck, DeckErrors> {
    let src = read_text(path).map_err(|d| DeckErrors {
        diagnostics: vec![*d],
        warnings: Vec::new(),
    })?;
    load_str(path, &src, images)
}

/// Parses and validates deck text as if read from `path` (which locates images and messages).
/// A byte-order mark at the start is skipped: editors on Windows write one.
pub fn load_str(path: &Path, src: &str, images: ImageCheck) -> Result<LoadedDeck, DeckErrors> {
    let src = src.strip_prefix('\u{FEFF}').unwrap_or(src);
    let root = syntax::parse(src).map_err(|e| {
        let lines = Lines::new(src);
        let mut diagnostic = Diagnostic::located(path, &lines, e.span, e.message);
        diagnostic.help = e.help;
        if let Some((span, note)) = e.note {
            let (line, column) = lines.line_col(span.start);
            diagnostic.note = Some(format!(
                "line {line}, column {column} is where reading stops: {note}"
            ));
        }
        DeckErrors {
            diagnostics: vec![diagnostic],
            warnings: Vec::new(),
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
                converter
                    .diagnostic(image.span, message)
                    .with_place(image.place.clone())
                    .with_help(help)
            })
        })
        .collect();
    let warnings = std::mem::take(&mut converter.warnings);
    match deck {
        Some(deck) if converter.diagnostics.is_empty() => Ok(LoadedDeck {
            deck,
            image_problems,
            warnings,
        }),
        _ => {
            let mut diagnostics = converter.diagnostics;
            diagnostics.extend(image_problems);
            diagnostics.sort_by_key(|d| (d.line, d.column));
            Err(DeckErrors {
                diagnostics,
                warnings,
            })
        }
    }
}

/// Reads the deck file as UTF-8 text, or says plainly why it cannot be. The file's type is
/// checked before it is opened: a pipe would block, and a device such as `/dev/zero` never ends.
fn read_text(path: &Path) -> Result<String, Box<Diagnostic>> {
    let metadata = std::fs::metadata(path).map_err(|e| Box::new(unreadable(path, &e)))?;
    if let Some(refusal) = not_a_file(path, &metadata.file_type()) {
        return Err(Box::new(refusal));
    }
    let too_large = |len: u64| {
        Box::new(Diagnostic::whole_file(
            path,
            format!(
                "the file is {} MB; a deck is a text file well under {} MB",
                len / (1024 * 1024),
                MAX_DECK_BYTES / (1024 * 1024)
            ),
            Some("check that this is the deck file; images belong in separate files that the deck names".into()),
        ))
    };
    if metadata.len() > MAX_DECK_BYTES {
        return Err(too_large(metadata.len()));
    }
    let file = std::fs::File::open(path).map_err(|e| Box::new(unreadable(path, &e)))?;
    // The path may have been swapped for something else since it was looked at.
    if let Ok(opened) = file.metadata()
        && let Some(refusal) = not_a_file(path, &opened.file_type())
    {
        return Err(Box::new(refusal));
    }
    let mut bytes = Vec::new();
    file.take(MAX_DECK_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Box::new(unreadable(path, &e)))?;
    if bytes.len() as u64 > MAX_DECK_BYTES {
        return Err(too_large(bytes.len() as u64));
    }
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

/// Why a path that is not a regular file cannot be a deck, in plain words.
fn not_a_file(path: &Path, file_type: &std::fs::FileType) -> Option<Diagnostic> {
    if file_type.is_file() {
        return None;
    }
    let (what, help) = if file_type.is_dir() {
        (
            "this is a folder, not a deck file",
            "give the path of a .ron file inside it",
        )
    } else if is_pipe(file_type) {
        (
            "this is a pipe (FIFO), not a deck file",
            "give the path of a .ron file saved on disk",
        )
    } else if is_device(file_type) {
        (
            "this is a device, not a deck file",
            "give the path of a .ron file saved on disk",
        )
    } else {
        (
            "this is not an ordinary file, so it cannot be a deck",
            "give the path of a .ron file saved on disk",
        )
    };
    Some(Diagnostic::whole_file(path, what, Some(help.into())))
}

#[cfg(unix)]
fn is_pipe(file_type: &std::fs::FileType) -> bool {
    use std::os::unix::fs::FileTypeExt;
    file_type.is_fifo()
}

#[cfg(not(unix))]
fn is_pipe(_: &std::fs::FileType) -> bool {
    false
}

#[cfg(unix)]
fn is_device(file_type: &std::fs::FileType) -> bool {
    use std::os::unix::fs::FileTypeExt;
    file_type.is_char_device() || file_type.is_block_device()
}

#[cfg(not(unix))]
fn is_device(_: &std::fs::FileType) -> bool {
    false
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

/// Why a picture a deck names cannot be shown.
#[derive(Debug)]
pub enum PictureProblem {
    /// Nothing is at the path (or it cannot be reached).
    Missing { full: PathBuf },
    /// Something is there, but not a file: a folder, a pipe.
    NotAFile,
    /// A link leads out of the deck's folder.
    Outside,
}

impl PictureProblem {
    /// What is wrong, for a message naming the picture `shown`.
    pub fn message(&self, shown: &str) -> String {
        match self {
            PictureProblem::Missing { .. } => format!("the image \"{shown}\" is not there"),
            PictureProblem::NotAFile => format!("\"{shown}\" is not an image file"),
            PictureProblem::Outside => {
                format!("the image \"{shown}\" leads outside the deck's folder through a link")
            }
        }
    }

    /// What would fix it.
    pub fn help(&self) -> String {
        match self {
            PictureProblem::Missing { full } => format!(
                "put the image at {}, or correct the path (it is relative to the deck file's folder)",
                full.display()
            ),
            PictureProblem::NotAFile => "point the slide at a PNG or JPEG file".into(),
            PictureProblem::Outside => "copy the image itself into the deck's folder".into(),
        }
    }
}

/// The file a picture at `relative` (inside the deck's `folder`) is read from: its canonical
/// path, which must lie inside the deck's folder, so that a deck shows only pictures that travel
/// with it. `podium check` and the show both use this one rule.
pub fn picture_path(folder: &Path, relative: &Path) -> Result<PathBuf, PictureProblem> {
    let folder = if folder.as_os_str().is_empty() {
        Path::new(".")
    } else {
        folder
    };
    let full = folder.join(relative);
    let (Ok(real_folder), Ok(real_picture)) = (folder.canonicalize(), full.canonicalize()) else {
        return Err(PictureProblem::Missing { full });
    };
    if !real_picture.starts_with(&real_folder) {
        return Err(PictureProblem::Outside);
    }
    if !real_picture.is_file() {
        return Err(PictureProblem::NotAFile);
    }
    Ok(real_picture)
}

/// Why the image at `relative` (inside `folder`) cannot be shown, with what would fix it.
fn check_image(folder: &Path, relative: &Path, images: ImageCheck) -> Option<(String, String)> {
    let shown = diagnostic::visible(&relative.display().to_string());
    let real = match picture_path(folder, relative) {
        Ok(real) => real,
        Err(problem) => return Some((problem.message(&shown), problem.help())),
    };
    let unreadable = |e: &dyn std::fmt::Display| {
        Some((
            format!("cannot read the image \"{shown}\": {e}"),
            "check the file's permissions".into(),
        ))
    };
    let damaged = |e: &dyn std::fmt::Display| {
        Some((
            format!("the image \"{shown}\" is damaged and cannot be shown whole: {e}"),
            "open it in an image editor and save it again as PNG or JPEG".into(),
        ))
    };
    let not_an_image = || {
        Some((
            format!("\"{shown}\" is not a PNG or JPEG image"),
            "save the picture as PNG or JPEG and point the slide at that file".into(),
        ))
    };
    match images {
        ImageCheck::Header => {
            let reader = match image::ImageReader::open(&real).and_then(|r| r.with_guessed_format())
            {
                Ok(reader) => reader,
                Err(e) => return unreadable(&e),
            };
            if reader.format().is_none() {
                return not_an_image();
            }
            reader.into_dimensions().err().and_then(|e| damaged(&e))
        }
        ImageCheck::Decode => {
            let bytes = match std::fs::read(&real) {
                Ok(bytes) => bytes,
                Err(e) => return unreadable(&e),
            };
            match image::guess_format(&bytes) {
                Ok(image::ImageFormat::Jpeg) => {
                    decode_jpeg_strictly(&bytes).err().and_then(|e| damaged(&e))
                }
                Ok(format @ image::ImageFormat::Png) => {
                    image::load_from_memory_with_format(&bytes, format)
                        .err()
                        .and_then(|e| damaged(&e))
                }
                _ => not_an_image(),
            }
        }
    }
}

/// Decodes a whole JPEG, failing where the show's lenient decoder would paint grey: a file cut
/// off part way, or damaged data.
fn decode_jpeg_strictly(bytes: &[u8]) -> Result<(), String> {
    use zune_jpeg::zune_core::bytestream::ZCursor;
    use zune_jpeg::zune_core::options::DecoderOptions;
    let options = DecoderOptions::default()
        .set_strict_mode(true)
        .set_max_width(1 << 16)
        .set_max_height(1 << 16);
    let mut decoder = zune_jpeg::JpegDecoder::new_with_options(ZCursor::new(bytes), options);
    decoder.decode().map(|_| ()).map_err(|e| e.to_string())
}
