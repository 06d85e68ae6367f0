//! Records not yet in the database, saved to a JSON file and merged back later.
//!
//! The close dialog's "Save them to a file…" writes one; a SIGTERM (logout, shutdown) writes
//! [`UNSAVED_FILE`] in the data folder, which the next start offers to merge. `podium
//! import-pending FILE` (or opening the file in Podium) merges it. Every record carries the key
//! it is stored under, so merging a file twice, or a file whose records the writer saved after
//! all, adds nothing twice.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::follow_up::{FollowUpPending, apply_follow_up};
use super::writer::Journal;
use super::{ApplyError, LocalId, Pending, Resolved, apply};
use crate::store::{Store, StoreError};

/// The file a SIGTERM writes in the data folder, offered on the next start.
pub const UNSAVED_FILE: &str = "unsaved-records.json";

/// What the file says it is, so another JSON file is refused with a clear message.
const FORMAT: &str = "podium-unsaved-records";
/// Version 2 files hold follow-up records, which a version 1 reader would skip; a file without
/// any is written as version 1, which every Podium reads.
const VERSION: u32 = 2;
const VERSION_WITHOUT_FOLLOW_UPS: u32 = 1;

/// A file of unsaved records: one batch per session (and per save into the same file).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PendingFile {
    pub format: String,
    pub version: u32,
    pub batches: Vec<Batch>,
}

/// The records one session had not saved, and what they refer to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Batch {
    /// The data folder they were for, to tell the person where they belong.
    pub data_folder: String,
    pub deck_title: String,
    /// When the session started (RFC 3339): with the title, checks that a session named by
    /// its stored id is the same one in the database they are merged into.
    #[serde(with = "crate::time::serde_rfc3339")]
    pub started_at: jiff::Zoned,
    /// The session's local id.
    pub session: LocalId,
    /// Stand-ins the writer had given stored ids to.
    pub resolved: Vec<(LocalId, i64)>,
    /// The records, oldest first.
    pub records: Vec<Pending>,
    /// The follow-up records (commitments, observations), oldest first: merged after
    /// `records`, which they may refer to.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub follow_ups: Vec<FollowUpPending>,
}

/// Why a file of unsaved records could not be written, read or merged.
#[derive(Debug, thiserror::Error)]
pub enum PendingFileError {
    #[error("cannot write {}: {source}", .path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot read {}: {source}", .path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{} is not a file of unsaved Podium records: {detail}", .path.display())]
    NotPending { path: PathBuf, detail: String },
    #[error(
        "{} was saved by a newer Podium (version {found}); update Podium to merge it",
        .path.display()
    )]
    Newer { path: PathBuf, found: u32 },
    #[error(
        "the records of \"{deck_title}\" (started {started_at}) belong to another data folder ({data_folder}): session {session} here is a different one. Merge the file with --data-dir pointing at that folder"
    )]
    OtherDataFolder {
        deck_title: String,
        started_at: String,
        data_folder: String,
        session: i64,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What merging a file did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Merged {
    /// Records written now.
    pub added: usize,
    /// Records the database had already (saved by the writer after all, or merged before).
    pub already: usize,
    /// Records that could not be merged, each with why; the file should be kept.
    pub refused: Vec<String>,
}

impl Merged {
    /// One line for the person: what came in, and what did not.
    pub fn summary(&self) -> String {
        let mut text = format!(
            "{} record{} merged into the database",
            self.added,
            if self.added == 1 { "" } else { "s" }
        );
        if self.already > 0 {
            text.push_str(&format!(
                "; {} {} there already",
                self.already,
                if self.already == 1 { "was" } else { "were" }
            ));
        }
        if !self.refused.is_empty() {
            text.push_str(&format!(
                "; {} could not be merged: {}",
                self.refused.len(),
                self.refused.join("; ")
            ));
        }
        text
    }
}

/// The journal's waiting records as a batch, or `None` when nothing waits.
pub fn batch_of(journal: &Journal) -> Option<Batch> {
    if journal.waiting() == 0 {
        return None;
    }
    let mut resolved: Vec<(LocalId, i64)> =
        journal.resolved.0.iter().map(|(l, i)| (*l, *i)).collect();
    resolved.sort_unstable();
    Some(Batch {
        data_folder: journal.data_dir.display().to_string(),
        deck_title: journal.deck_title.clone(),
        started_at: journal.started_at.clone(),
        session: journal.session,
        resolved,
        records: journal.pending.iter().map(|p| Pending::clone(p)).collect(),
        follow_ups: journal
            .follow_ups
            .iter()
            .map(|p| FollowUpPending::clone(p))
            .collect(),
    })
}

/// Writes `batches` to `path` as a new file (replacing one there), through a temporary file
/// that is synced and renamed, so a crash never leaves half a file.
pub fn save(path: &Path, batches: Vec<Batch>) -> Result<(), PendingFileError> {
    let version = if batches.iter().any(|b| !b.follow_ups.is_empty()) {
        VERSION
    } else {
        VERSION_WITHOUT_FOLLOW_UPS
    };
    let file = PendingFile {
        format: FORMAT.to_owned(),
        version,
        batches,
    };
    let text = serde_json::to_string_pretty(&file).map_err(|e| PendingFileError::Write {
        path: path.to_path_buf(),
        source: std::io::Error::other(e),
    })?;
    let error = |source| PendingFileError::Write {
        path: path.to_path_buf(),
        source,
    };
    // Beside the file, so the rename stays on one disk; removed if anything fails.
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let written = (|| {
        let mut out = tempfile::NamedTempFile::new_in(folder)?;
        out.write_all(text.as_bytes())?;
        out.as_file().sync_all()?;
        out.persist(path).map(drop).map_err(|e| e.error)
    })();
    written.map_err(error)
}

/// Adds `batch` to the file at `path`, keeping the batches already in it. A file there that
/// cannot be read is kept as it is, and the batch goes to a file of its own beside it, whose
/// path is returned.
pub fn append(path: &Path, batch: Batch) -> Result<PathBuf, PendingFileError> {
    if !path.exists() {
        save(path, vec![batch])?;
        return Ok(path.to_path_buf());
    }
    match load(path) {
        Ok(mut file) => {
            file.batches.push(batch);
            save(path, file.batches)?;
            Ok(path.to_path_buf())
        }
        Err(_) => {
            let stamp = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs());
            let beside = path.with_file_name(format!("unsaved-records-{stamp}.json"));
            save(&beside, vec![batch])?;
            Ok(beside)
        }
    }
}

/// Reads a file of unsaved records.
pub fn load(path: &Path) -> Result<PendingFile, PendingFileError> {
    let text = std::fs::read_to_string(path).map_err(|source| PendingFileError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let not_pending = |detail: String| PendingFileError::NotPending {
        path: path.to_path_buf(),
        detail,
    };
    let value: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| not_pending(e.to_string()))?;
    if value.get("format").and_then(serde_json::Value::as_str) != Some(FORMAT) {
        return Err(not_pending(format!("it has no \"format\": \"{FORMAT}\"")));
    }
    let version = value
        .get("version")
        .and_then(serde_json::Value::as_u64)
        .and_then(|v| u32::try_from(v).ok())
        .unwrap_or(0);
    if version > VERSION {
        return Err(PendingFileError::Newer {
            path: path.to_path_buf(),
            found: version,
        });
    }
    serde_json::from_value(value).map_err(|e| not_pending(e.to_string()))
}

/// Counts one record's merge; a store that cannot be written stops the merge.
fn count_merged(
    merged: &mut Merged,
    outcome: Result<crate::store::Written, ApplyError>,
) -> Result<(), PendingFileError> {
    match outcome {
        Ok(written) if written.already => merged.already += 1,
        Ok(_) => merged.added += 1,
        Err(ApplyError::Store(e)) if !e.is_refusal() => return Err(e.into()),
        Err(e) => merged.refused.push(e.explained()),
    }
    Ok(())
}

/// Counts the records in a file without merging them.
pub fn count(file: &PendingFile) -> usize {
    file.batches
        .iter()
        .map(|b| b.records.len() + b.follow_ups.len())
        .sum()
}

/// Merges every batch of `file` into `store`, in order. Records the store has already are
/// skipped; a record that cannot be merged is reported and the rest still come in.
pub fn merge(store: &mut Store, file: &PendingFile) -> Result<Merged, PendingFileError> {
    let mut merged = Merged::default();
    for batch in &file.batches {
        let mut resolved = Resolved(batch.resolved.iter().copied().collect());
        if let Some(session) = resolved.get(batch.session) {
            let same = store.session(session)?.is_some_and(|info| {
                info.deck_title == batch.deck_title && info.started_at == batch.started_at
            });
            if !same {
                return Err(PendingFileError::OtherDataFolder {
                    deck_title: batch.deck_title.clone(),
                    started_at: crate::time::rfc3339(&batch.started_at),
                    data_folder: batch.data_folder.clone(),
                    session,
                });
            }
        }
        let records = batch
            .records
            .iter()
            .map(|pending| apply(store, &mut resolved, pending, &mut |_, _| {}));
        for outcome in records {
            count_merged(&mut merged, outcome)?;
        }
        for pending in &batch.follow_ups {
            let outcome = apply_follow_up(store, &mut resolved, pending);
            count_merged(&mut merged, outcome)?;
        }
    }
    Ok(merged)
}
