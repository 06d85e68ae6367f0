//! One owner per live session: the Podium window recording a session holds an OS file lock on
//! `locks/session-ID.lock` in the data folder. The system releases the lock when the process
//! ends, however it ends (closed, crashed, killed), so a lock is never left stale. Another
//! window sees the lock and offers no Resume for that session while its owner runs.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::store::SessionId;

/// The lock on one session, held while this value lives.
#[derive(Debug)]
pub struct OwnerLock {
    _file: File,
    session: SessionId,
}

/// The lock file of `session` in the data folder `dir`.
pub fn lock_path(dir: &Path, session: SessionId) -> PathBuf {
    dir.join("locks").join(format!("session-{session}.lock"))
}

impl OwnerLock {
    /// Takes the lock on `session`: `None` if another Podium window holds it.
    pub fn acquire(dir: &Path, session: SessionId) -> std::io::Result<Option<OwnerLock>> {
        let path = lock_path(dir, session);
        if let Some(folder) = path.parent() {
            std::fs::create_dir_all(folder)?;
        }
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => return Ok(None),
            Err(TryLockError::Error(e)) => return Err(e),
        }
        // For a person looking at the folder: which process holds it.
        file.set_len(0)?;
        writeln!(
            file,
            "Podium process {} records session {session}",
            std::process::id()
        )?;
        Ok(Some(OwnerLock {
            _file: file,
            session,
        }))
    }

    pub fn session(&self) -> SessionId {
        self.session
    }
}

/// Whether another Podium window (in this process or another) records `session` now. Creates
/// nothing; a folder that cannot be read counts as not held, since then nothing can be
/// recorded there anyway.
pub fn held_elsewhere(dir: &Path, session: SessionId) -> bool {
    let Ok(file) = File::open(lock_path(dir, session)) else {
        return false;
    };
    match file.try_lock_shared() {
        // Released when `file` is dropped at the end of this function.
        Ok(()) => false,
        Err(TryLockError::WouldBlock) => true,
        Err(TryLockError::Error(_)) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_owner_is_refused_until_the_first_is_gone() {
        let dir = tempfile::tempdir().unwrap();
        assert!(!held_elsewhere(dir.path(), 4));
        let first = OwnerLock::acquire(dir.path(), 4).unwrap().unwrap();
        assert!(held_elsewhere(dir.path(), 4));
        assert!(OwnerLock::acquire(dir.path(), 4).unwrap().is_none());
        assert!(!held_elsewhere(dir.path(), 5), "other sessions are free");
        drop(first);
        assert!(!held_elsewhere(dir.path(), 4));
        assert!(OwnerLock::acquire(dir.path(), 4).unwrap().is_some());
    }
}
