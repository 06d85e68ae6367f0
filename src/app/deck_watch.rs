//! The deck file watched from a thread of its own, so noticing an edit needs no repaint: a
//! change wakes the window, and the next frame turns it into a reload action.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, SystemTime};

/// How often the deck file is looked at for edits.
const RELOAD_CHECK: Duration = Duration::from_secs(1);

/// Watches the deck file from its own thread, so noticing an edit needs no repaint; it wakes
/// the UI when the file's modification time changes.
pub struct DeckWatch {
    changed: Arc<AtomicBool>,
    stop: Arc<AtomicBool>,
}

impl DeckWatch {
    pub fn start(ctx: &egui::Context, path: &Path) -> Self {
        let changed = Arc::new(AtomicBool::new(false));
        let stop = Arc::new(AtomicBool::new(false));
        let (thread_changed, thread_stop) = (changed.clone(), stop.clone());
        let (path, ctx) = (path.to_path_buf(), ctx.clone());
        let mut last = modified(&path);
        let watching = std::thread::Builder::new()
            .name("podium-deck-watch".into())
            .spawn(move || {
                while !thread_stop.load(Ordering::Relaxed) {
                    std::thread::sleep(RELOAD_CHECK);
                    let current = modified(&path);
                    if current.is_some() && current != last {
                        last = current;
                        thread_changed.store(true, Ordering::Relaxed);
                        ctx.request_repaint();
                    }
                }
            });
        if let Err(e) = watching {
            // The show goes on; only live reloading is lost, and reopening the deck reloads it.
            eprintln!(
                "podium: edits of the deck file are not picked up while it is shown ({e}); close and reopen the deck to see them"
            );
        }
        Self { changed, stop }
    }

    /// True once after each change.
    pub fn take_change(&self) -> bool {
        self.changed.swap(false, Ordering::Relaxed)
    }
}

impl Drop for DeckWatch {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// When the file was last changed; `None` while it cannot be read (an editor replacing it),
/// which the watch treats as no change and looks again a second later.
fn modified(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}
