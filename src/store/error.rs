//! What can go wrong with the store, in words the person at the laptop can act on.

use std::io;
use std::path::{Path, PathBuf};

use rusqlite::ErrorCode;

/// Why the store could not open, save or read: each says what happened to which file or
/// folder, and [`StoreError::advice`] says what to do about it.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The folder or the file cannot be written: permissions, or a read-only disk.
    #[error(
        "Podium cannot write to {}: it is read-only, or you do not have permission to change it",
        .path.display()
    )]
    ReadOnly { path: PathBuf },

    /// The disk is full (SQLITE_FULL or ENOSPC).
    #[error("the disk holding {} is full, so Podium could not save", .path.display())]
    DiskFull { path: PathBuf },

    /// The data folder's path runs into a file.
    #[error(
        "Podium cannot use {} as its data folder: a file with that name, or with the name of a folder in its path, is in the way",
        .path.display()
    )]
    NotAFolder { path: PathBuf },

    /// The data folder could not be created for another reason.
    #[error("Podium cannot create its data folder {}: {source}", .path.display())]
    Folder { path: PathBuf, source: io::Error },

    /// The file is not SQLite, is another program's database, or is damaged.
    #[error("{} is not a Podium database, or it is damaged", .path.display())]
    NotPodium { path: PathBuf },

    /// The file's `user_version` is higher than this Podium knows.
    #[error(
        "{}: this data was written by a newer Podium; update Podium (the data is version {found}, this Podium reads up to version {supported})",
        .path.display()
    )]
    Newer {
        path: PathBuf,
        found: i64,
        supported: i64,
    },

    /// Another program holds the file locked for longer than the busy timeout.
    #[error("{} is in use by another program (another Podium?)", .path.display())]
    Busy { path: PathBuf },

    /// SQLite could not open the file, and the folder itself looked writable.
    #[error("Podium cannot open {}", .path.display())]
    CannotOpen { path: PathBuf },

    /// A correction names a record it cannot correct; nothing was recorded.
    #[error("cannot record the correction: {detail}")]
    Correction { detail: String },

    /// A write that breaks the store's rules (for example it names a person who is not
    /// recorded); nothing was recorded.
    #[error("cannot record this: {detail}")]
    Invalid { detail: String },

    /// A stored value this Podium cannot make sense of.
    #[error("{} holds a record this Podium cannot read: {detail}", .path.display())]
    Unreadable { path: PathBuf, detail: String },

    /// Anything else SQLite reports.
    #[error("Podium could not use its data file {}: {source}", .path.display())]
    Database {
        path: PathBuf,
        source: rusqlite::Error,
    },
}

impl StoreError {
    /// Whether the store refused this record as such (it breaks a rule, or corrects what it
    /// cannot), so that trying it again will not help.
    pub fn is_refusal(&self) -> bool {
        matches!(
            self,
            StoreError::Correction { .. } | StoreError::Invalid { .. }
        )
    }

    /// The message and what to do about it, in one line, for the screen.
    pub fn explained(&self) -> String {
        format!("{self}. {}", self.advice())
    }

    /// What the person can do about it, in one or two sentences, to show under the message.
    pub fn advice(&self) -> &'static str {
        match self {
            StoreError::ReadOnly { .. } => {
                "Choose a folder you can write to (podium --data-dir FOLDER, or set PODIUM_DATA_DIR), or ask whoever manages this computer for write access."
            }
            StoreError::DiskFull { .. } => {
                "Free some space on this disk (empty the trash, move large files away), then try again. What was saved before is safe."
            }
            StoreError::NotAFolder { .. } => {
                "Move or rename the file that is in the way, or choose another folder with --data-dir."
            }
            StoreError::Folder { .. } => {
                "Check that the folder can be created there, or choose another folder with --data-dir."
            }
            StoreError::NotPodium { .. } => {
                "Point Podium at its own data folder with --data-dir. If this is Podium's file and it is damaged, move it aside (keep a copy for support) and Podium will start a new one."
            }
            StoreError::Newer { .. } => {
                "Update Podium to the latest version: this one cannot read data saved by a newer one. Nothing was changed."
            }
            StoreError::Busy { .. } => {
                "Close the other Podium window, or the program using this file, then try again."
            }
            StoreError::CannotOpen { .. } => {
                "Check that the data folder exists and that you can write to it, or choose another folder with --data-dir."
            }
            StoreError::Correction { .. } | StoreError::Invalid { .. } => {
                "The record is kept in memory, not in the database: another Podium window or program may have changed this session. Close other Podium windows; when you close this one, save the unsaved records to a file and merge it with podium import-pending."
            }
            StoreError::Unreadable { .. } => {
                "The file may have been changed by another program. Restore it from a backup, or report it with the file attached."
            }
            StoreError::Database { .. } => {
                "Try again. If it keeps happening, restart Podium and report the message above."
            }
        }
    }
}

/// A failure inside the store before it knows which file to name: the public methods turn it
/// into a [`StoreError`] with the database's path.
#[derive(Debug)]
pub(crate) enum Fault {
    Sql(rusqlite::Error),
    /// The file could only be opened for reading.
    ReadOnly,
    /// Not SQLite, or another program's database.
    NotPodium,
    /// Written by a newer Podium: the file's `user_version`.
    Newer(i64),
    Correction(String),
    Invalid(String),
    Unreadable(String),
}

impl From<rusqlite::Error> for Fault {
    fn from(error: rusqlite::Error) -> Self {
        // A stored time that does not read as one (see `store::time_at`).
        if let rusqlite::Error::FromSqlConversionFailure(_, _, cause) = &error
            && let Some(time) = cause.downcast_ref::<crate::time::TimeError>()
        {
            return Fault::Unreadable(format!("a time that is not one: {time}"));
        }
        Fault::Sql(error)
    }
}

impl Fault {
    pub(crate) fn into_error(self, path: &Path) -> StoreError {
        match self {
            Fault::Sql(error) => sql_error(path, error),
            Fault::ReadOnly => StoreError::ReadOnly {
                path: path.to_path_buf(),
            },
            Fault::NotPodium => StoreError::NotPodium {
                path: path.to_path_buf(),
            },
            Fault::Newer(found) => StoreError::Newer {
                path: path.to_path_buf(),
                found,
                supported: super::SCHEMA_VERSION,
            },
            Fault::Correction(detail) => StoreError::Correction { detail },
            Fault::Invalid(detail) => StoreError::Invalid { detail },
            Fault::Unreadable(detail) => StoreError::Unreadable {
                path: path.to_path_buf(),
                detail,
            },
        }
    }
}

fn sql_error(path: &Path, error: rusqlite::Error) -> StoreError {
    let path = path.to_path_buf();
    let Some(failure) = error.sqlite_error() else {
        return StoreError::Database {
            path,
            source: error,
        };
    };
    match failure.code {
        ErrorCode::PermissionDenied | ErrorCode::ReadOnly => StoreError::ReadOnly { path },
        ErrorCode::DiskFull => StoreError::DiskFull { path },
        ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt => StoreError::NotPodium { path },
        ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked => StoreError::Busy { path },
        ErrorCode::CannotOpen => StoreError::CannotOpen { path },
        ErrorCode::ConstraintViolation
            if failure.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_FOREIGNKEY =>
        {
            StoreError::Invalid {
                detail: "it names a session, person or record that is not recorded".to_owned(),
            }
        }
        ErrorCode::ConstraintViolation
            if failure.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE =>
        {
            // Only the one-correction-per-record indexes are unique besides primary keys.
            StoreError::Correction {
                detail: "that record has already been corrected".to_owned(),
            }
        }
        ErrorCode::ConstraintViolation => StoreError::Invalid {
            detail: error.to_string(),
        },
        _ => StoreError::Database {
            path,
            source: error,
        },
    }
}

/// The error for a folder that could not be created or written, by what the system said.
pub(crate) fn folder_error(dir: &Path, error: io::Error) -> StoreError {
    let path = dir.to_path_buf();
    match error.kind() {
        io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem => {
            StoreError::ReadOnly { path }
        }
        io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded => StoreError::DiskFull { path },
        io::ErrorKind::NotADirectory | io::ErrorKind::AlreadyExists => {
            StoreError::NotAFolder { path }
        }
        _ => StoreError::Folder {
            path,
            source: error,
        },
    }
}
