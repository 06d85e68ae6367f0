//! File dialogs on a thread of their own, so no window ever waits for one. One runner serves
//! every screen: a screen asks for a dialog with what it is for, and picks up the answer in a
//! later frame as that purpose and a path (or none, when cancelled or when this desktop has
//! no dialog).

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, TryRecvError};

/// What a dialog is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// A deck to open, from the start screen.
    OpenDeck,
    /// A roster for the session being set up.
    SetupRoster,
    /// A roster to import during the show.
    ShowRoster,
    /// A folder for an export, on the history screen.
    ExportFolder,
    /// Where to save the records not saved yet, on closing.
    UnsavedFile,
}

/// A dialog to show.
#[derive(Debug, Clone)]
pub enum Dialog {
    /// Choose an existing file of one of `extensions`.
    OpenFile {
        title: &'static str,
        filter: &'static str,
        extensions: &'static [&'static str],
        folder: Option<PathBuf>,
    },
    /// Choose a folder, starting at `start` if it exists.
    Folder { title: &'static str, start: PathBuf },
    /// Choose where to save a file, proposing `start`.
    SaveFile {
        title: &'static str,
        filter: &'static str,
        extensions: &'static [&'static str],
        start: PathBuf,
    },
}

/// How a dialog ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    Chosen(PathBuf),
    /// Cancelled, or no dialog could be shown on this desktop.
    NoneChosen,
    /// The dialog's thread ended without an answer.
    Lost,
}

/// The one dialog open at a time, and what it is for.
#[derive(Default)]
pub struct Dialogs {
    open: Option<(Purpose, Receiver<Option<PathBuf>>)>,
}

impl Dialogs {
    /// Shows `dialog` for `purpose` on its own thread; false if no thread could be started
    /// (the screen then offers a typed path). `wake` is called when the dialog returns.
    pub fn open(
        &mut self,
        purpose: Purpose,
        dialog: Dialog,
        wake: impl Fn() + Send + 'static,
    ) -> bool {
        let (tx, rx) = std::sync::mpsc::channel();
        let started = std::thread::Builder::new()
            .name("podium-dialog".into())
            .spawn(move || {
                // The screen that asked may be gone by the time the dialog returns.
                drop(tx.send(show(dialog)));
                wake();
            })
            .is_ok();
        if started {
            self.open = Some((purpose, rx));
        }
        started
    }

    /// Whether a dialog for `purpose` is open.
    pub fn is_open(&self, purpose: Purpose) -> bool {
        self.open.as_ref().is_some_and(|(p, _)| *p == purpose)
    }

    /// The answer of the dialog, once it has one.
    pub fn poll(&mut self) -> Option<(Purpose, Answer)> {
        let (purpose, rx) = self.open.as_ref()?;
        let answer = match rx.try_recv() {
            Ok(Some(path)) => Answer::Chosen(path),
            Ok(None) => Answer::NoneChosen,
            Err(TryRecvError::Empty) => return None,
            Err(TryRecvError::Disconnected) => Answer::Lost,
        };
        let purpose = *purpose;
        self.open = None;
        Some((purpose, answer))
    }
}

fn show(dialog: Dialog) -> Option<PathBuf> {
    match dialog {
        Dialog::OpenFile {
            title,
            filter,
            extensions,
            folder,
        } => {
            let mut picker = rfd::FileDialog::new()
                .set_title(title)
                .add_filter(filter, extensions);
            if let Some(folder) = folder {
                picker = picker.set_directory(folder);
            }
            picker.pick_file()
        }
        Dialog::Folder { title, start } => {
            let mut picker = rfd::FileDialog::new().set_title(title);
            if start.is_dir() {
                picker = picker.set_directory(start);
            }
            picker.pick_folder()
        }
        Dialog::SaveFile {
            title,
            filter,
            extensions,
            start,
        } => {
            let mut picker = rfd::FileDialog::new()
                .set_title(title)
                .add_filter(filter, extensions);
            if let Some(folder) = start.parent().filter(|f| f.is_dir()) {
                picker = picker.set_directory(folder);
            }
            if let Some(name) = start.file_name() {
                picker = picker.set_file_name(name.to_string_lossy());
            }
            picker.save_file()
        }
    }
}

/// The dialog for a roster CSV.
pub fn roster_dialog() -> Dialog {
    Dialog::OpenFile {
        title: "Choose a roster CSV",
        filter: "Roster",
        extensions: &["csv", "txt"],
        folder: None,
    }
}

/// The dialog for a deck file, starting in `folder`.
pub fn deck_dialog(folder: &Path) -> Dialog {
    Dialog::OpenFile {
        title: "Open a Podium deck",
        filter: "Podium deck",
        extensions: &["ron"],
        folder: Some(folder.to_path_buf()),
    }
}

/// The files dropped on `ctx`'s window in this frame.
pub fn dropped_files(ctx: &egui::Context) -> Vec<PathBuf> {
    ctx.input(|i| {
        i.raw
            .dropped_files
            .iter()
            .map(|f| f.path().to_path_buf())
            .collect()
    })
}
