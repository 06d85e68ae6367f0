//! Pictures decoded off the UI thread and scaled to the screen, so advancing onto a full-HD
//! image shows it at once: the show asks for the current and next slides' images ahead.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender, channel};

use egui::{ColorImage, TextureHandle, TextureId, TextureOptions};

/// What a slide can show for an image right now.
#[derive(Debug, Clone)]
pub enum ImageState {
    Loading,
    Ready {
        texture: TextureId,
        size: [usize; 2],
    },
    /// Missing or unreadable: the slide shows a placeholder with this reason.
    Failed(String),
}

enum Entry {
    Loading,
    Ready(TextureHandle),
    Failed(String),
}

struct Decoded {
    relative: PathBuf,
    result: Result<ColorImage, String>,
}

/// The images of one deck, keyed by their path relative to the deck's folder.
pub struct ImageCache {
    folder: PathBuf,
    /// The largest size worth decoding to: the screen, in pixels.
    max_size: [u32; 2],
    entries: HashMap<PathBuf, Entry>,
    requests: Option<Sender<(PathBuf, PathBuf, [u32; 2])>>,
    decoded: Receiver<Decoded>,
}

impl ImageCache {
    /// Starts the decoding thread; it wakes the UI (`ctx`) each time an image is ready.
    pub fn new(ctx: &egui::Context, folder: &Path) -> Self {
        let (request_tx, request_rx) = channel::<(PathBuf, PathBuf, [u32; 2])>();
        let (done_tx, done_rx) = channel();
        let repaint = ctx.clone();
        let spawned = std::thread::Builder::new()
            .name("podium-images".into())
            .spawn(move || {
                for (relative, folder, max_size) in request_rx {
                    let result = decode_picture(&folder, &relative, max_size);
                    if done_tx.send(Decoded { relative, result }).is_err() {
                        break;
                    }
                    repaint.request_repaint();
                }
            });
        Self {
            folder: folder.to_path_buf(),
            max_size: [1920, 1080],
            entries: HashMap::new(),
            // Without the thread each picture shows a placeholder saying the loader could not
            // start (see `request`).
            requests: spawned.ok().map(|_| request_tx),
            decoded: done_rx,
        }
    }

    /// Images are decoded to at most this size (the screen's, in pixels).
    pub fn set_max_size(&mut self, max_size: [u32; 2]) {
        self.max_size = [max_size[0].max(320), max_size[1].max(240)];
    }

    /// Asks for `relative` to be decoded, if it is not already.
    pub fn request(&mut self, relative: &Path) {
        if self.entries.contains_key(relative) {
            return;
        }
        let sent = self.requests.as_ref().is_some_and(|tx| {
            tx.send((relative.to_path_buf(), self.folder.clone(), self.max_size))
                .is_ok()
        });
        let entry = if sent {
            Entry::Loading
        } else {
            Entry::Failed("the picture loader could not start".into())
        };
        self.entries.insert(relative.to_path_buf(), entry);
    }

    /// Uploads what the worker finished; call once per frame.
    pub fn poll(&mut self, ctx: &egui::Context) {
        while let Ok(done) = self.decoded.try_recv() {
            let entry = match done.result {
                Ok(image) => Entry::Ready(ctx.load_texture(
                    done.relative.display().to_string(),
                    image,
                    TextureOptions::LINEAR,
                )),
                Err(why) => Entry::Failed(why),
            };
            self.entries.insert(done.relative, entry);
        }
    }

    pub fn state(&self, relative: &Path) -> ImageState {
        match self.entries.get(relative) {
            None | Some(Entry::Loading) => ImageState::Loading,
            Some(Entry::Ready(texture)) => ImageState::Ready {
                texture: texture.id(),
                size: texture.size(),
            },
            Some(Entry::Failed(why)) => ImageState::Failed(why.clone()),
        }
    }

    /// Forgets every image, so edited files are read again.
    pub fn clear(&mut self) {
        self.entries.clear();
    }

    /// True while any requested image is still being decoded.
    pub fn is_loading(&self) -> bool {
        self.entries.values().any(|e| matches!(e, Entry::Loading))
    }
}

/// Reads and decodes the picture a deck in `folder` names as `relative`, scaled down to fit
/// `max_size`. The picture must lie inside the deck's folder, by the rule `podium check` uses:
/// a link that leads out of it gets the placeholder, with why.
pub fn decode_picture(
    folder: &Path,
    relative: &Path,
    max_size: [u32; 2],
) -> Result<ColorImage, String> {
    let path = crate::deck::picture_path(folder, relative).map_err(|problem| match problem {
        crate::deck::PictureProblem::Missing { .. } => "the file is not there".to_owned(),
        crate::deck::PictureProblem::NotAFile => "it is not an image file".to_owned(),
        crate::deck::PictureProblem::Outside => {
            "it leads outside the deck's folder through a link".to_owned()
        }
    })?;
    decode(&path, max_size)
}

/// Reads and decodes the image at `path`, scaled down to fit `max_size`.
pub fn decode(path: &Path, max_size: [u32; 2]) -> Result<ColorImage, String> {
    let image = image::ImageReader::open(path)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => "the file is not there".to_owned(),
            _ => e.to_string(),
        })?
        .with_guessed_format()
        .map_err(|e| e.to_string())?
        .decode()
        .map_err(|e| format!("cannot be decoded: {e}"))?;
    let image = if image.width() > max_size[0] || image.height() > max_size[1] {
        image.resize(
            max_size[0],
            max_size[1],
            image::imageops::FilterType::Triangle,
        )
    } else {
        image
    };
    let rgba = image.to_rgba8();
    let size = [rgba.width() as usize, rgba.height() as usize];
    Ok(ColorImage::from_rgba_unmultiplied(size, rgba.as_raw()))
}
