//! Pictures decoded off the UI thread, scaled to the screen and uploaded as textures before
//! their slide shows, so advancing onto a full-HD picture shows it at once. Only the pictures
//! near the current slide are kept, within a budget of bytes: the memory a long deck needs
//! stays that of a few pictures, however far the show goes.

use std::collections::{HashMap, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::{Duration, Instant};

use egui::{ColorImage, TextureHandle, TextureOptions};

pub use crate::ui::slide::ImageState;
use crate::ui::slide::Pictures;

/// How many bytes of decoded pictures are kept at most (a full-HD picture is 8 MB): enough
/// for the current slide's picture and the next few at 1920x1080.
pub const BUDGET_BYTES: usize = 64 * 1024 * 1024;

/// A picture on a slide this many slides from the current one, or nearer, is on screen (the
/// presenter shows the next slide) or a key press away: once decoded, it is shown at once.
const ON_SCREEN_DISTANCE: usize = 1;

/// When a picture wanted ahead of time starts to be decoded: after the frames of the advance
/// that asked for it, so that on a computer with two cores and no graphics card (both windows
/// drawn in software) the decoding does not compete with the step the room is watching. A
/// picture on screen, or a key press away, asked for meanwhile goes first.
const AHEAD_START: Duration = Duration::from_millis(250);

/// A request to the decoding thread.
struct Request {
    relative: PathBuf,
    folder: PathBuf,
    max_size: [u32; 2],
    /// Wanted ahead of time (see [`AHEAD_START`]), not for the screen now.
    ahead: bool,
}

enum Entry {
    /// Asked for, at once or `ahead` of time.
    Loading {
        ahead: bool,
    },
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
    requests: Option<Sender<Request>>,
    decoded: Receiver<Decoded>,
}

impl ImageCache {
    /// Starts the decoding thread; it wakes the UI (`ctx`) each time a picture is ready.
    pub fn new(ctx: &egui::Context, folder: &Path) -> Self {
        let (request_tx, request_rx) = channel::<Request>();
        let (done_tx, done_rx) = channel();
        let repaint = ctx.clone();
        let spawned = std::thread::Builder::new()
            .name("podium-images".into())
            .spawn(move || decode_in_turn(&request_rx, &done_tx, &repaint));
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

    /// Asks for `relative` to be decoded, if it is not already: at once, or `ahead` of time.
    /// A picture waiting its turn ahead of time that is wanted now (two quick presses of
    /// "next") is asked for again at once; the thread then drops the earlier request.
    fn request(&mut self, relative: &Path, ahead: bool) {
        match self.entries.get(relative) {
            Some(Entry::Loading { ahead: true }) if !ahead => {}
            Some(_) => return,
            None => {}
        }
        let sent = self.requests.as_ref().is_some_and(|tx| {
            tx.send(Request {
                relative: relative.to_path_buf(),
                folder: self.folder.clone(),
                max_size: self.max_size,
                ahead,
            })
            .is_ok()
        });
        let entry = if sent {
            Entry::Loading { ahead }
        } else {
            Entry::Failed("the picture loader could not start".into())
        };
        self.entries.insert(relative.to_path_buf(), entry);
    }

    /// Keeps the pictures of `near` (each with how many slides it is from the current one,
    /// nearest first) as far as the budget allows, the first always, and asks for those not
    /// decoded yet; every other picture's texture is freed.
    pub fn keep_near(&mut self, near: &[(usize, PathBuf)]) {
        let estimate = self.max_size[0] as usize * self.max_size[1] as usize * 4;
        let mut used = 0;
        let mut kept = Vec::new();
        for (i, (distance, picture)) in near.iter().enumerate() {
            let bytes = match self.entries.get(picture) {
                Some(Entry::Ready(_, bytes)) => *bytes,
                Some(Entry::Failed(_)) => 0,
                Some(Entry::Loading { .. }) | None => estimate,
            };
            if i > 0 && used + bytes > BUDGET_BYTES {
                break;
            }
            used += bytes;
            kept.push((*distance, picture));
        }
        self.entries.retain(|path, entry| {
            kept.iter().any(|(_, p)| *p == path) || matches!(entry, Entry::Failed(_))
        });
        for (distance, picture) in kept {
            self.request(picture, distance > ON_SCREEN_DISTANCE);
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
            None | Some(Entry::Loading { .. }) => ImageState::Loading,
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
        self.entries
            .values()
            .any(|e| matches!(e, Entry::Loading { .. }))
    }

    /// The bytes of the decoded pictures kept now.
    pub fn bytes_kept(&self) -> usize {
        self.entries
            .values()
            .map(|e| match e {
                Entry::Ready(_, bytes) => *bytes,
                Entry::Loading { .. } | Entry::Failed(_) => 0,
            })
            .sum()
    }
}

/// The pictures as they can be shown now, owned: what the audience window's own frames draw.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PicturesNow(HashMap<PathBuf, ImageState>);

impl Pictures for PicturesNow {
    fn picture(&self, relative: &Path) -> ImageState {
        self.0.get(relative).cloned().unwrap_or(ImageState::Loading)
    }
}

impl ImageCache {
    /// Every picture kept, as it can be shown now.
    pub fn now(&self) -> PicturesNow {
        PicturesNow(
            self.entries
                .keys()
                .map(|path| (path.clone(), self.state(path)))
                .collect(),
        )
    }
}

impl Pictures for ImageCache {
    fn picture(&self, relative: &Path) -> ImageState {
        self.state(relative)
    }
}

/// The decoding thread: decodes each request, the ones wanted ahead of time only from
/// [`AHEAD_START`] after they were asked for and after any asked for the screen meanwhile, and
/// wakes the window for each picture ready. Ends when the cache is dropped.
fn decode_in_turn(requests: &Receiver<Request>, done: &Sender<Decoded>, repaint: &egui::Context) {
    let mut ahead: VecDeque<(Instant, Request)> = VecDeque::new();
    loop {
        let arrived = match ahead.front() {
            None => requests.recv().map_err(|_| RecvTimeoutError::Disconnected),
            Some((due, _)) => requests.recv_timeout(due.saturating_duration_since(Instant::now())),
        };
        let request = match arrived {
            Ok(request) if request.ahead => {
                ahead.push_back((Instant::now() + AHEAD_START, request));
                continue;
            }
            Ok(request) => {
                // Wanted now after all: not decoded a second time when its turn comes.
                ahead.retain(|(_, waiting)| waiting.relative != request.relative);
                request
            }
            Err(RecvTimeoutError::Timeout) => match ahead.pop_front() {
                Some((_, request)) => request,
                None => continue,
            },
            Err(RecvTimeoutError::Disconnected) => return,
        };
        let result = decode_picture(&request.folder, &request.relative, request.max_size);
        let relative = request.relative;
        if done.send(Decoded { relative, result }).is_err() {
            return;
        }
        // A delay, however short, asks for one frame; none would ask for two.
        repaint.request_repaint_after(super::ONE_FRAME_NOW);
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
    let size = [image.width() as usize, image.height() as usize];
    // A picture with no transparency (every JPEG) goes straight from its RGB pixels to the
    // texture's: no RGBA copy in between, 8 MB less at a time for a full-HD picture.
    if image.color().has_alpha() {
        Ok(ColorImage::from_rgba_unmultiplied(
            size,
            image.into_rgba8().as_raw(),
        ))
    } else {
        Ok(ColorImage::from_rgb(size, image.into_rgb8().as_raw()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Polls `cache` until `relative` is no longer loading, for at most five seconds.
    fn wait_for(cache: &mut ImageCache, ctx: &egui::Context, relative: &str) -> ImageState {
        for _ in 0..500 {
            cache.poll(ctx);
            let state = cache.state(Path::new(relative));
            if !matches!(state, ImageState::Loading) {
                return state;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        panic!("{relative} was never decoded");
    }

    /// A cache over a folder holding a small picture under each of `names`.
    fn cache_over(names: &[&str]) -> (tempfile::TempDir, egui::Context, ImageCache) {
        let dir = tempfile::tempdir().unwrap();
        for name in names {
            image::RgbImage::from_pixel(8, 8, image::Rgb([10, 20, 30]))
                .save(dir.path().join(name))
                .unwrap();
        }
        let ctx = egui::Context::default();
        let cache = ImageCache::new(&ctx, dir.path());
        (dir, ctx, cache)
    }

    #[test]
    fn a_picture_for_the_screen_is_decoded_before_one_wanted_ahead_asked_for_first() {
        let (_dir, ctx, mut cache) = cache_over(&["later.png", "now.png"]);
        cache.keep_near(&[(3, PathBuf::from("later.png"))]);
        cache.keep_near(&[
            (0, PathBuf::from("now.png")),
            (3, PathBuf::from("later.png")),
        ]);

        assert!(matches!(
            wait_for(&mut cache, &ctx, "now.png"),
            ImageState::Ready { .. }
        ));
        assert!(
            matches!(cache.state(Path::new("later.png")), ImageState::Loading),
            "the picture wanted ahead waits its turn, after the one on screen"
        );
        assert!(
            matches!(
                wait_for(&mut cache, &ctx, "later.png"),
                ImageState::Ready { .. }
            ),
            "and is decoded all the same"
        );
    }

    #[test]
    fn a_picture_waiting_ahead_that_is_wanted_now_is_decoded_at_once() {
        let (_dir, ctx, mut cache) = cache_over(&["third.png", "second.png"]);
        cache.keep_near(&[
            (2, PathBuf::from("second.png")),
            (3, PathBuf::from("third.png")),
        ]);
        // "Next" pressed again at once: the second slide's picture is a key press away.
        cache.keep_near(&[
            (1, PathBuf::from("second.png")),
            (2, PathBuf::from("third.png")),
        ]);

        assert!(matches!(
            wait_for(&mut cache, &ctx, "second.png"),
            ImageState::Ready { .. }
        ));
        assert!(
            matches!(cache.state(Path::new("third.png")), ImageState::Loading),
            "the picture still ahead waits its turn; the one wanted now did not"
        );
    }

    #[test]
    fn pictures_with_and_without_transparency_keep_their_colours() {
        let dir = tempfile::tempdir().unwrap();
        image::RgbImage::from_pixel(4, 3, image::Rgb([200, 40, 10]))
            .save(dir.path().join("plain.png"))
            .unwrap();
        image::RgbaImage::from_pixel(4, 3, image::Rgba([0, 0, 255, 0]))
            .save(dir.path().join("clear.png"))
            .unwrap();

        let plain = decode(&dir.path().join("plain.png"), [1920, 1080]).unwrap();
        assert_eq!(plain.size, [4, 3]);
        assert!(
            plain
                .pixels
                .iter()
                .all(|p| *p == egui::Color32::from_rgb(200, 40, 10))
        );

        let clear = decode(&dir.path().join("clear.png"), [1920, 1080]).unwrap();
        assert!(
            clear.pixels.iter().all(|p| p.a() == 0),
            "a transparent picture stays transparent"
        );
    }
}
