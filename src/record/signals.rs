//! Logout, shutdown and a closed terminal (SIGTERM, SIGHUP, SIGINT): the records not yet in the
//! database are saved to [`UNSAVED_FILE`] in each data folder before Podium stops, and the
//! next start offers to merge them.
//!
//! Every recorder registers its journal here. The signal is handled on a thread of its own
//! (signal-hook's iterator), never inside the signal handler, so the file is written with the
//! ordinary file functions while the windows may be stuck or gone.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock, PoisonError, Weak};

use super::pending_file::{self, PendingFileError, UNSAVED_FILE};
use super::writer::{Journal, lock};

/// The journals of the shows running in this process.
static JOURNALS: Mutex<Vec<Weak<Mutex<Journal>>>> = Mutex::new(Vec::new());

/// Where records go when the data folder cannot take the file (a full or read-only disk is
/// often why they were not saved): set once by the program, from the home folder.
static FALLBACK: OnceLock<PathBuf> = OnceLock::new();

/// Sets the file used when [`UNSAVED_FILE`] cannot be written in the data folder.
pub fn set_fallback(path: &Path) {
    if FALLBACK.set(path.to_path_buf()).is_err() {
        eprintln!("podium: the file for unsaved records was set already; the first one is kept");
    }
}

/// The file used when the data folder cannot take [`UNSAVED_FILE`], if one was set.
pub fn fallback() -> Option<&'static Path> {
    FALLBACK.get().map(PathBuf::as_path)
}

/// Makes `journal` one that [`save_all`] saves.
pub fn register(journal: &Arc<Mutex<Journal>>) {
    let mut journals = JOURNALS.lock().unwrap_or_else(PoisonError::into_inner);
    journals.retain(|j| j.strong_count() > 0);
    journals.push(Arc::downgrade(journal));
}

/// Saves the waiting records of every running show to [`UNSAVED_FILE`] in its data folder
/// (added to what is there), or to the fallback file when that folder cannot take it;
/// returns each file written, or why it could not be.
pub fn save_all() -> Vec<Result<(PathBuf, usize), PendingFileError>> {
    let journals: Vec<Arc<Mutex<Journal>>> = JOURNALS
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .iter()
        .filter_map(Weak::upgrade)
        .collect();
    let mut saved = Vec::new();
    for journal in journals {
        let (batch, dir) = {
            let journal = lock(&journal);
            (pending_file::batch_of(&journal), journal.data_dir.clone())
        };
        if let Some(batch) = batch {
            let count = batch.records.len() + batch.follow_ups.len();
            let outcome = match pending_file::append(&dir.join(UNSAVED_FILE), batch.clone()) {
                Err(first) => match fallback() {
                    Some(other) => pending_file::append(other, batch).map_err(|_| first),
                    None => Err(first),
                },
                written => written,
            };
            saved.push(outcome.map(|p| (p, count)));
        }
    }
    saved
}

/// Starts the thread that saves the waiting records when Podium is asked to stop, then stops
/// it as the signal would have.
#[cfg(unix)]
pub fn install() -> std::io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    use signal_hook::iterator::Signals;

    let mut signals = Signals::new([SIGTERM, SIGHUP, SIGINT])?;
    std::thread::Builder::new()
        .name("podium-signals".into())
        .spawn(move || {
            if let Some(signal) = signals.forever().next() {
                for outcome in save_all() {
                    match outcome {
                        Ok((path, count)) => eprintln!(
                            "podium: {count} records not yet in the database were saved to {}; Podium offers to merge them at the next start",
                            path.display()
                        ),
                        Err(e) => eprintln!("podium: records not yet in the database could not be saved: {e}"),
                    }
                }
                if let Err(e) = signal_hook::low_level::emulate_default_handler(signal) {
                    eprintln!("podium: stopping after signal {signal}: {e}");
                    std::process::exit(1);
                }
            }
        })?;
    Ok(())
}
