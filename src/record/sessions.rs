//! What the setup screen asks of the store before a show starts: the unfinished sessions of a
//! deck and whether another window records them, loading one to resume, and marking one as
//! finished. Each runs on a job thread (see [`super::jobs`]), so a lock held by another
//! program never freezes a window.

use jiff::Zoned;
use std::path::Path;

use super::owner::{self, OwnerLock};
use crate::deck::Deck;
use crate::record::room::RoomRecords;
use crate::store::types::{SessionId, SessionInfo};
use crate::store::{Store, StoreError};

/// A session of this deck that never ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unfinished {
    pub info: SessionInfo,
    /// Another Podium window records it now: it cannot be resumed until that one closes.
    pub running_elsewhere: bool,
}

/// The unfinished sessions of the deck at `deck_path` in the data folder `dir`, newest first.
pub fn unfinished(dir: &Path, deck_path: &str) -> Result<Vec<Unfinished>, StoreError> {
    let store = Store::open(dir)?;
    Ok(store
        .unfinished_sessions()?
        .into_iter()
        .filter(|s| s.deck_path == deck_path)
        .map(|info| Unfinished {
            running_elsewhere: owner::held_elsewhere(dir, info.session_id),
            info,
        })
        .collect())
}

/// A session loaded to go on recording it.
#[derive(Debug)]
pub struct Resumed {
    pub room: RoomRecords,
    pub info: SessionInfo,
    pub owner: OwnerLock,
    /// Where it stopped, as (slide, step), if a position was recorded.
    pub position: Option<(usize, usize)>,
    /// The time it spent on slides, as recorded: (slide index, seconds).
    pub slide_seconds: Vec<(usize, f64)>,
}

/// Why a session cannot be resumed.
#[derive(Debug, thiserror::Error)]
pub enum ResumeError {
    #[error(
        "session {0} is running in another Podium window. Close that window first (its records are saved as it closes), then resume it here"
    )]
    RunningElsewhere(SessionId),
    #[error(
        "session {0} is no longer in the data folder; it may have been moved or restored from a backup"
    )]
    Gone(SessionId),
    #[error(
        "Podium cannot lock session {session} against other windows ({source}); check that the data folder can be written"
    )]
    Lock {
        session: SessionId,
        source: std::io::Error,
    },
    #[error("{}", .0.explained())]
    Store(#[from] StoreError),
}

/// Takes the lock on `session` and loads everything it recorded.
pub fn resume(dir: &Path, session: SessionId, deck: &Deck) -> Result<Resumed, ResumeError> {
    let owner = OwnerLock::acquire(dir, session)
        .map_err(|source| ResumeError::Lock { session, source })?
        .ok_or(ResumeError::RunningElsewhere(session))?;
    let store = Store::open(dir)?;
    let info = store.session(session)?.ok_or(ResumeError::Gone(session))?;
    let room = RoomRecords::load(&store, session, deck)?;
    let position = store.last_position(session)?;
    let slide_seconds = store
        .slide_times(session)?
        .into_iter()
        .map(|t| (t.slide_index, t.seconds))
        .collect();
    Ok(Resumed {
        room,
        info,
        owner,
        position,
        slide_seconds,
    })
}

/// Records the end of a session that stopped, unless another window records it.
pub fn finish(dir: &Path, session: SessionId, at: &Zoned) -> Result<(), ResumeError> {
    let _owner = OwnerLock::acquire(dir, session)
        .map_err(|source| ResumeError::Lock { session, source })?
        .ok_or(ResumeError::RunningElsewhere(session))?;
    Store::open(dir)?.end_session(session, at)?;
    Ok(())
}

/// The name a session is recorded under when no name is known or typed.
pub const NEUTRAL_FACILITATOR: &str = "Facilitator";

/// The facilitator's name the setup screen offers, so Enter starts at once even where Podium
/// never ran: the name used last time (`remembered`), else the computer's user name from
/// the environment (`var`: USER, LOGNAME, USERNAME), else the name of the home folder,
/// else "Facilitator".
pub fn default_facilitator(
    remembered: Option<String>,
    var: impl Fn(&str) -> Option<String>,
    home: Option<std::path::PathBuf>,
) -> String {
    let from_home = || {
        home.as_deref()
            .and_then(std::path::Path::file_name)
            .and_then(|n| n.to_str())
            .filter(|n| *n != "root")
            .map(str::to_owned)
    };
    remembered
        .into_iter()
        .chain(["USER", "LOGNAME", "USERNAME"].into_iter().filter_map(&var))
        .chain(from_home())
        .map(|name| name.trim().to_owned())
        .find(|name| !name.is_empty())
        .unwrap_or_else(|| NEUTRAL_FACILITATOR.to_owned())
}

#[cfg(test)]
mod facilitator_tests {
    use super::{NEUTRAL_FACILITATOR, default_facilitator};
    use std::path::PathBuf;

    fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            vars.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (*v).to_owned())
        }
    }

    #[test]
    fn the_name_used_last_time_comes_first() {
        let name = default_facilitator(Some("Dana".into()), env(&[("USER", "kim")]), None);
        assert_eq!(name, "Dana");
    }

    #[test]
    fn a_fresh_machine_offers_the_user_name() {
        assert_eq!(
            default_facilitator(None, env(&[("USER", "kim")]), None),
            "kim"
        );
        assert_eq!(
            default_facilitator(Some("  ".into()), env(&[("USER", "kim")]), None),
            "kim"
        );
        // USER unset (a service, some shells): LOGNAME, then USERNAME (Windows).
        assert_eq!(
            default_facilitator(None, env(&[("LOGNAME", "lee")]), None),
            "lee"
        );
        assert_eq!(
            default_facilitator(None, env(&[("USERNAME", "Sam")]), None),
            "Sam"
        );
    }

    #[test]
    fn without_variables_the_home_folder_then_a_neutral_name() {
        let home = Some(PathBuf::from("/home/ana"));
        assert_eq!(default_facilitator(None, env(&[]), home), "ana");
        assert_eq!(
            default_facilitator(None, env(&[("USER", " ")]), None),
            NEUTRAL_FACILITATOR
        );
        assert_eq!(
            default_facilitator(None, env(&[]), Some(PathBuf::from("/root"))),
            NEUTRAL_FACILITATOR
        );
    }
}
