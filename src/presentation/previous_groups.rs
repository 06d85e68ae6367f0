//! The role-play groups of the last live session of the deck, read on a thread of its own once
//! this session's row is in the store, so that forming groups can keep apart the people who
//! were together last time.

use std::path::PathBuf;

use crate::record::Notify;
use crate::record::jobs::{Job, Polled};
use crate::store::Store;
use crate::store::types::{PersonId, SessionId};

/// Where the last session's groups are.
#[derive(Default)]
pub enum PreviousGroups {
    /// Not asked for yet: the session's row is not in the store yet, or this is a rehearsal.
    #[default]
    Unasked,
    Reading(Job<Result<Vec<Vec<PersonId>>, String>>),
    /// The groups (empty when the deck was never run live before).
    Read(Vec<Vec<PersonId>>),
    /// Why they could not be read.
    Unread(String),
}

impl PreviousGroups {
    /// Starts reading the groups of the live session of the same deck before `session`.
    pub fn start(&mut self, dir: PathBuf, session: SessionId, notify: Notify) {
        let job = Job::spawn("previous groups", notify, move || {
            Store::open_read_only(&dir)
                .and_then(|opened| opened.store.previous_groups(session))
                .map_err(|e| e.to_string())
        });
        *self = match job {
            Ok(job) => PreviousGroups::Reading(job),
            Err(e) => PreviousGroups::Unread(format!("Podium could not start a task ({e})")),
        };
    }

    /// Takes in the groups once they are read.
    pub fn poll(&mut self) {
        let PreviousGroups::Reading(job) = self else {
            return;
        };
        *self = match job.poll() {
            Polled::Running => return,
            Polled::Done(Ok(groups)) => PreviousGroups::Read(groups),
            Polled::Done(Err(why)) => PreviousGroups::Unread(why),
            Polled::Lost => PreviousGroups::Unread("reading them stopped unexpectedly".into()),
        };
    }
}
