//! A roster file read on a thread of its own, so a large one never stalls the show; the
//! people not on the roster yet are worked out there too.

use std::path::{Path, PathBuf};

use crate::record::Notify;
use crate::record::jobs::{Job, Polled};
use crate::record::room::new_people;
use crate::roster::{RosterImport, read_roster};
use crate::store::NewPerson;
use crate::store::types::Person;

/// A roster file as read on its job thread: its problems, how many rows it had, and the
/// people not on the roster when the reading started (`known` people long).
pub struct ReadRoster {
    pub import: RosterImport,
    pub read: usize,
    pub new: Vec<NewPerson>,
    pub known: usize,
}

/// A roster file being read.
pub struct RosterJob {
    path: PathBuf,
    job: Job<Result<ReadRoster, String>>,
}

impl RosterJob {
    /// Starts reading `path` against `roster` (who is on it now; anyone added while the file
    /// is read is checked when it comes in).
    pub fn start(path: &Path, roster: &[Person], notify: Notify) -> std::io::Result<RosterJob> {
        let file = path.to_path_buf();
        let roster = roster.to_vec();
        let job = Job::spawn("roster", notify, move || {
            read_roster(&file)
                .map(|mut import| {
                    let people = std::mem::take(&mut import.people);
                    let read = people.len();
                    let known = roster.len();
                    let new = new_people(
                        &roster,
                        RosterImport {
                            people,
                            ..RosterImport::default()
                        },
                    );
                    ReadRoster {
                        import,
                        read,
                        new,
                        known,
                    }
                })
                .map_err(|e| e.to_string())
        })?;
        Ok(RosterJob {
            path: path.to_path_buf(),
            job,
        })
    }

    /// The file being read.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The outcome once the file is read: the people, or why nothing was imported.
    pub fn poll(&self) -> Option<Result<ReadRoster, String>> {
        match self.job.poll() {
            Polled::Running => None,
            Polled::Done(outcome) => Some(outcome),
            Polled::Lost => Some(Err(format!(
                "Reading {} stopped unexpectedly; nothing was imported. Try again.",
                super::file_name(&self.path)
            ))),
        }
    }
}

/// What came in from a roster file and what did not.
pub fn import_message(path: &Path, import: &RosterImport, read: usize, added: usize) -> String {
    let mut message = format!(
        "{added} people added from {} ({read} rows read).",
        super::file_name(path),
    );
    if import.read_as_windows_1252 {
        message.push_str(" The file was not UTF-8; it was read as Windows text.");
    }
    for problem in &import.problems {
        message.push_str(&format!("\nLine {}: {}", problem.line, problem.message));
    }
    message
}
