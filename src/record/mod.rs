//! Getting what the room does onto the disk without the show ever waiting for it.
//!
//! The screens record into a [`crate::record::room::Recorder`], which keeps each record in memory
//! (in the [`Journal`]) and hands it to one writer thread through a bounded queue. The writer
//! owns the database connection, writes the records in order, each in its own transaction, and
//! takes a record out of the journal only once its commit has returned. When the store cannot
//! be written (a full or read-only disk, another program holding the lock, a missing folder),
//! the writer keeps the records and tries again every [`RETRY_EVERY`] on its own timer, then
//! wakes the windows. What is still in the journal can be saved to a file
//! ([`pending_file`]) and merged into the store later without duplicates, because every record
//! carries a key the store keeps.
//!
//! Records made in memory name what they refer to (the session, a person added in this show,
//! the answer a correction replaces) by a local id: the stored id when it is known, else a
//! negative stand-in that the writer maps to the stored id once that record is written.
//!
//! No UI here: the shell passes a wake-up callback, and everything can be tested without a
//! window.

pub mod close;
pub mod follow_up;
pub mod jobs;
pub mod owner;
pub mod pending_file;
pub mod room;
pub mod sessions;
pub mod signals;
mod write;
mod writer;

pub use follow_up::{FollowUpPending, FollowUpWrite, NO_SESSION, apply_follow_up};
pub use write::{LocalRecord, Mark, Pending};
pub use writer::{Event, Journal, RETRY_EVERY, Status, Writer, lock};

use std::collections::HashMap;
use std::sync::Arc;

use crate::store::{StoreError, Written};

/// Wakes the windows when something they show has changed (the shell passes its
/// request for a redraw).
pub type Notify = Arc<dyn Fn() + Send + Sync>;

/// An id as the screens use it: positive is a stored id, negative a stand-in for a record
/// made in this show and not yet written, that the writer maps to its stored id.
pub type LocalId = i64;

/// Stand-ins mapped to the stored ids their records were given.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Resolved(pub HashMap<LocalId, i64>);

impl Resolved {
    /// The stored id for `local`, if known: positive ids are stored ids already.
    pub fn get(&self, local: LocalId) -> Option<i64> {
        if local > 0 {
            Some(local)
        } else {
            self.0.get(&local).copied()
        }
    }
}

/// Why a record could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ApplyError {
    #[error(transparent)]
    Store(#[from] StoreError),
    /// It names a record that was never written (one that was refused, or is missing from a
    /// file of unsaved records).
    #[error(
        "it refers to a record that is not in the database (a person, answer or session that could not be saved)"
    )]
    Unresolved,
}

impl ApplyError {
    /// Whether trying again later may work: a full disk, a lock, a missing folder. A record the
    /// store refuses as such, or one naming a record that was never written, will not.
    pub fn is_lasting(&self) -> bool {
        matches!(
            self,
            ApplyError::Unresolved
                | ApplyError::Store(StoreError::Correction { .. } | StoreError::Invalid { .. })
        )
    }

    /// The message and what to do, for the screen.
    pub fn explained(&self) -> String {
        match self {
            ApplyError::Store(e) => e.explained(),
            ApplyError::Unresolved => format!(
                "{self}. It is kept in memory: when you close, save the unsaved records to a file."
            ),
        }
    }
}

/// Writes one pending record into `store` with its key, mapping its stand-ins through
/// `resolved` and adding the ids it was given. The writer thread and `podium import-pending`
/// both write through here.
pub fn apply(
    store: &mut crate::store::Store,
    resolved: &mut Resolved,
    pending: &Pending,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Written, ApplyError> {
    let record = pending.to_record(resolved)?;
    let written = store.write_record(&pending.key, &record, progress)?;
    for (local, id) in pending.creates().into_iter().zip(&written.ids) {
        if local < 0 {
            resolved.0.insert(local, *id);
        }
    }
    Ok(written)
}

/// A new key for a record: unique across processes and machines in practice (the time in
/// nanoseconds, the process, a counter, and a random number from the standard library's
/// hasher seed).
pub fn new_key() -> String {
    use std::hash::{BuildHasher, Hasher};
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let count = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u128(nanos);
    hasher.write_u64(count);
    hasher.write_u32(std::process::id());
    format!(
        "{nanos:x}-{:x}-{count:x}-{:016x}",
        std::process::id(),
        hasher.finish()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique() {
        let keys: std::collections::HashSet<String> = (0..10_000).map(|_| new_key()).collect();
        assert_eq!(keys.len(), 10_000);
    }

    #[test]
    fn positive_ids_are_stored_ids_and_stand_ins_need_a_mapping() {
        let mut resolved = Resolved::default();
        assert_eq!(resolved.get(7), Some(7));
        assert_eq!(resolved.get(-3), None);
        resolved.0.insert(-3, 12);
        assert_eq!(resolved.get(-3), Some(12));
    }
}
