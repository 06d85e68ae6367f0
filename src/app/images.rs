//! Pictures decoded off the UI thread, scaled to the screen and uploaded as textures before
//! their slide shows, so advancing onto a full-HD picture shows it at once. Only the pictures
//! near the current slide are kept, within a budget of bytes: the memory a long deck needs
//! stays that of a few pictures, however far the show goes.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender, channel};

use egui::{ColorImage, TextureHandle, TextureOptions};

pub use crate::ui::slide::ImageState;
use crate::ui::slide::Pictures;

/// How many bytes of decoded pictures are kept at most (a full-HD picture is 8 MB): enough
/// for the current slide's picture and the next few at 1920x1080.
pub const BUDGET_BYTES: usize = 64 * 1024 * 1024;

enum Entry {
    Loading,
    /// The texture and its size in bytes.
    Ready(TextureHandle, usize),
    Failed(String),
}

struct Decoded {
    relative: PathBuf,
    result: Result<ColorImage, String>,
}

/// The pictures of one deck, keyed by their path relative to the deck's folder.
pub struct ImageCache {
    folder: PathBuf,
    /// The largest size worth decoding to: the screen, in pixels.
    max_size: [u32; 2],
    entries: HashMap<PathBuf, Entry>,
    requests: Option<Sender<(PathBuf, PathBuf, [u32; 2])>>,
    decoded: Receiver<Decoded>,
}

impl ImageCache {
    /// Starts the decoding thread; it wakes the UI (`ctx`) each time a picture is ready.
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

    /// Pictures are decoded to at most this size (the screen's, in pixels).
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

    /// Keeps the pictures of `near` (nearest to the current slide first) as far as the
    /// budget allows, the first always, and asks for those not decoded yet; every other
    /// picture's texture is freed.
    pub fn keep_near(&mut self, near: &[PathBuf]) {
        let estimate = self.max_size[0] as usize * self.max_size[1] as usize * 4;
        let mut used = 0;
        let mut kept = Vec::new();
        for (i, picture) in near.iter().enumerate() {
            let bytes = match self.entries.get(picture) {
                Some(Entry::Ready(_, bytes)) => *bytes,
                Some(Entry::Failed(_)) => 0,
                Some(Entry::Loading) | None => estimate,
            };
            if i > 0 && used + bytes > BUDGET_BYTES {
                break;
            }
            used += bytes;
            kept.push(picture);
        }
        self.entries
            .retain(|path, entry| kept.contains(&path) || matches!(entry, Entry::Failed(_)));
        for picture in kept {
            self.request(picture);
        }
    }

    /// Uploads what the worker finished; call once per frame. A picture no longer wanted by
    /// the time it is decoded is dropped.
    pub fn poll(&mut self, ctx: &egui::Context) {
        while let Ok(done) = self.decoded.try_recv() {
            let Some(slot) = self.entries.get_mut(&done.relative) else {
                continue;
            };
            *slot = match done.result {
                Ok(image) => {
                    let bytes = image.pixels.len() * 4;
                    Entry::Ready(
                        ctx.load_texture(
                            done.relative.display().to_string(),
                            image,
                            TextureOptions::LINEAR,
                        ),
                        bytes,
                    )
                }
                Err(why) => Entry::Failed(why),
            };
        }
    }

    pub fn state(&self, relative: &Path) -> ImageState {
        match self.entries.get(relative) {
            None | Some(Entry::Loading) => ImageState::Loading,
            Some(Entry::Ready(texture, _)) => ImageState::Ready {
                texture: texture.id(),
                size: texture.size(),
            },
            Some(Entry::Failed(why)) => ImageState::Failed(why.clone()),
        }
    }

    /// Forgets every picture, so edited files are read again.
    pub fn clear(&mut self) {
        self.entries.clear();
    }

    /// True while any requested picture is still being decoded.
    pub fn is_loading(&self) -> bool {
        self.entries.values().any(|e| matches!(e, Entry::Loading))
    }

    /// The bytes of the decoded pictures kept now.
    pub fn bytes_kept(&self) -> usize {
        self.entries
            .values()
            .map(|e| match e {
                Entry::Ready(_, bytes) => *bytes,
                Entry::Loading | Entry::Failed(_) => 0,
            })
            .sum()
    }
}

impl Pictures for ImageCache {
    fn picture(&self, relative: &Path) -> ImageState {
        self.state(relative)
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
    let rgba = image.into_rgba8();
    let size = [rgba.width() as usize, rgba.height() as usize];
    Ok(ColorImage::from_rgba_unmultiplied(size, rgba.as_raw()))
}
