//! Closing a show without losing a record: closing the deck or the window first lets the
//! writer finish; if records are still not saved, the person chooses what becomes of them.

use std::time::{Duration, Instant};

/// How long a close waits for the last records to be committed before it asks what to do.
pub const FINISH_WAIT: Duration = Duration::from_secs(3);

/// What was asked to close.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CloseTarget {
    /// Back to the start screen (or a rehearsal's report).
    Deck,
    /// Podium itself.
    Window,
}

/// Where a close stands.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Closing {
    /// Nothing asked.
    #[default]
    Open,
    /// A live session's close shows what the session holds first, and offers an export:
    /// nothing is ended until the presenter goes on with the close.
    Summary { target: CloseTarget },
    /// The end of the session is recorded; waiting for the writer to commit the last records.
    Finishing { target: CloseTarget, since: Instant },
    /// Records are not saved: the dialog asks what to do with them.
    Asking {
        target: CloseTarget,
        /// Whether the session's end has been recorded already.
        ended: bool,
        /// The outcome of the last choice that did not close (a file that could not be
        /// written), shown in the dialog.
        message: Option<String>,
    },
    /// "Discard" was pressed: the dialog asks again, naming the number.
    ConfirmDiscard { target: CloseTarget, ended: bool },
    /// Done: the show may close.
    Closed(CloseTarget),
}

/// What the person chose in the close dialog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CloseChoice {
    /// Back to the show; the writer keeps trying.
    KeepTrying,
    /// Save the unsaved records to this file, then close.
    SaveToFile(std::path::PathBuf),
    /// Open a file dialog to choose where to save them.
    ChooseFile,
    /// Asks for the second confirmation.
    Discard,
    /// The second confirmation: the records are dropped and the show closes.
    ConfirmDiscard,
    /// Back from the second confirmation to the three choices.
    Back,
    /// From the summary: back to the show, nothing closed.
    BackToShow,
    /// From the summary: go on with the close.
    GoOn,
    /// From the summary: export the session to the folder `dir` now; files of an earlier
    /// export there are replaced only when `replace`.
    Export {
        dir: std::path::PathBuf,
        replace: bool,
    },
    /// From the summary: a folder dialog for the export.
    ChooseExportFolder,
}

/// What the caller must do after a step of the close.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CloseStep {
    Nothing,
    /// Record the end of the session (the time on the last slide, the end), then keep going.
    RecordEnd,
    /// Save the unsaved records to this file (recording the end first if `record_end`).
    Save {
        path: std::path::PathBuf,
        record_end: bool,
    },
    ChooseFile,
    /// Drop the unsaved records and stop the writer.
    Discard,
    /// Ask the writer to try again now.
    RetryNow,
    /// The summary was passed: the close goes on as a request for `target`.
    GoOn(CloseTarget),
}

impl Closing {
    /// A close request (Close deck, the window's close button, a second request). `pending`:
    /// records not saved yet; `failing`: the writer cannot write now. While the writer works,
    /// the end is recorded and the close waits for it; when it cannot write, the dialog asks
    /// first, and the session is ended only if the person goes on with the close.
    pub fn request(
        &mut self,
        target: CloseTarget,
        pending: usize,
        failing: bool,
        now: Instant,
    ) -> CloseStep {
        let target = |current: CloseTarget| {
            if current == CloseTarget::Window || target == CloseTarget::Window {
                CloseTarget::Window
            } else {
                CloseTarget::Deck
            }
        };
        match self.clone() {
            Closing::Open if pending == 0 || !failing => {
                *self = Closing::Finishing {
                    target: target(CloseTarget::Deck),
                    since: now,
                };
                CloseStep::RecordEnd
            }
            Closing::Open => {
                *self = Closing::Asking {
                    target: target(CloseTarget::Deck),
                    ended: false,
                    message: None,
                };
                CloseStep::Nothing
            }
            Closing::Finishing { target: t, since } if pending == 0 || !failing => {
                *self = Closing::Finishing {
                    target: target(t),
                    since,
                };
                CloseStep::Nothing
            }
            // A second request while the writer cannot write: ask now.
            Closing::Finishing { target: t, .. } => {
                *self = Closing::Asking {
                    target: target(t),
                    ended: true,
                    message: None,
                };
                CloseStep::Nothing
            }
            Closing::Asking {
                target: t,
                ended,
                message,
            } => {
                *self = Closing::Asking {
                    target: target(t),
                    ended,
                    message,
                };
                CloseStep::Nothing
            }
            Closing::ConfirmDiscard { target: t, ended } => {
                *self = Closing::ConfirmDiscard {
                    target: target(t),
                    ended,
                };
                CloseStep::Nothing
            }
            Closing::Closed(t) => {
                *self = Closing::Closed(target(t));
                CloseStep::Nothing
            }
            // The summary answers its own requests (`summary_first`).
            Closing::Summary { target: t } => {
                *self = Closing::Summary { target: target(t) };
                CloseStep::Nothing
            }
        }
    }

    /// Called every frame: finishes a close once the records are saved, or asks when they
    /// cannot be.
    /// A close request in a live session: the summary first. A second request while the
    /// summary shows keeps it (a window close makes it a close of Podium). Returns whether
    /// the summary takes the request; otherwise it goes on as [`Closing::request`].
    pub fn summary_first(&mut self, target: CloseTarget) -> bool {
        match self {
            Closing::Open => {
                *self = Closing::Summary { target };
                true
            }
            Closing::Summary { target: t } => {
                if target == CloseTarget::Window {
                    *t = CloseTarget::Window;
                }
                true
            }
            _ => false,
        }
    }

    /// The summary's target, while it shows.
    pub fn summary(&self) -> Option<CloseTarget> {
        match self {
            Closing::Summary { target } => Some(*target),
            _ => None,
        }
    }

    pub fn tick(&mut self, pending: usize, failing: bool, now: Instant) -> CloseStep {
        match self.clone() {
            Closing::Finishing { target, .. } if pending == 0 => {
                *self = Closing::Closed(target);
                CloseStep::Nothing
            }
            Closing::Finishing { target, since }
                if failing || now.saturating_duration_since(since) >= FINISH_WAIT =>
            {
                *self = Closing::Asking {
                    target,
                    ended: true,
                    message: None,
                };
                CloseStep::Nothing
            }
            // Everything got saved while the dialog was up: carry on with the close.
            Closing::Asking { target, ended, .. } | Closing::ConfirmDiscard { target, ended }
                if pending == 0 =>
            {
                *self = Closing::Finishing { target, since: now };
                if ended {
                    CloseStep::Nothing
                } else {
                    CloseStep::RecordEnd
                }
            }
            _ => CloseStep::Nothing,
        }
    }

    /// A choice in the dialog.
    pub fn choose(&mut self, choice: CloseChoice) -> CloseStep {
        if let Closing::Summary { target } = *self {
            return match choice {
                CloseChoice::BackToShow => {
                    *self = Closing::Open;
                    CloseStep::Nothing
                }
                CloseChoice::GoOn => CloseStep::GoOn(target),
                _ => CloseStep::Nothing,
            };
        }
        let (target, ended) = match self {
            Closing::Asking { target, ended, .. } | Closing::ConfirmDiscard { target, ended } => {
                (*target, *ended)
            }
            _ => return CloseStep::Nothing,
        };
        match choice {
            CloseChoice::KeepTrying => {
                *self = Closing::Open;
                CloseStep::RetryNow
            }
            CloseChoice::ChooseFile => CloseStep::ChooseFile,
            CloseChoice::SaveToFile(path) => CloseStep::Save {
                path,
                record_end: !ended,
            },
            CloseChoice::Discard => {
                *self = Closing::ConfirmDiscard { target, ended };
                CloseStep::Nothing
            }
            CloseChoice::Back => {
                *self = Closing::Asking {
                    target,
                    ended,
                    message: None,
                };
                CloseStep::Nothing
            }
            CloseChoice::ConfirmDiscard => {
                *self = Closing::Closed(target);
                CloseStep::Discard
            }
            // The summary's choices mean nothing once it is passed.
            CloseChoice::BackToShow
            | CloseChoice::GoOn
            | CloseChoice::Export { .. }
            | CloseChoice::ChooseExportFolder => CloseStep::Nothing,
        }
    }

    /// The outcome of saving the file: closes, or shows why not in the dialog.
    pub fn saved(&mut self, outcome: Result<(), String>) {
        let Closing::Asking { target, ended, .. } = self.clone() else {
            return;
        };
        *self = match outcome {
            Ok(()) => Closing::Closed(target),
            Err(why) => Closing::Asking {
                target,
                ended,
                message: Some(why),
            },
        };
    }

    /// Whether the dialog is up.
    pub fn asking(&self) -> bool {
        matches!(
            self,
            Closing::Asking { .. } | Closing::ConfirmDiscard { .. }
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn with_nothing_pending_a_close_records_the_end_and_closes_once_it_is_saved() {
        let t0 = Instant::now();
        let mut closing = Closing::Open;
        assert_eq!(
            closing.request(CloseTarget::Deck, 0, false, t0),
            CloseStep::RecordEnd
        );
        // The end itself is pending for a moment.
        assert_eq!(closing.tick(2, false, t0), CloseStep::Nothing);
        assert!(matches!(closing, Closing::Finishing { .. }));
        closing.tick(0, false, t0);
        assert_eq!(closing, Closing::Closed(CloseTarget::Deck));
    }

    #[test]
    fn records_that_cannot_be_saved_bring_up_the_dialog() {
        let t0 = Instant::now();
        let mut closing = Closing::Open;
        closing.request(CloseTarget::Deck, 0, false, t0);
        closing.tick(2, true, t0);
        assert!(closing.asking());
        // A slow disk that never answers also brings it up, after the wait.
        let mut slow = Closing::Open;
        slow.request(CloseTarget::Deck, 2, false, t0);
        assert!(
            matches!(slow, Closing::Finishing { .. }),
            "records on their way are waited for"
        );
        slow.tick(2, false, t0 + FINISH_WAIT);
        assert!(slow.asking());
    }

    #[test]
    fn a_second_close_request_keeps_asking_and_closes_the_window_in_the_end() {
        let t0 = Instant::now();
        let mut closing = Closing::Open;
        closing.request(CloseTarget::Deck, 3, true, t0);
        assert!(closing.asking());
        closing.request(CloseTarget::Window, 3, true, t0);
        assert!(closing.asking(), "a second request does not close");
        assert_eq!(closing.choose(CloseChoice::Discard), CloseStep::Nothing);
        closing.request(CloseTarget::Window, 3, true, t0);
        assert!(matches!(closing, Closing::ConfirmDiscard { .. }));
        assert_eq!(
            closing.choose(CloseChoice::ConfirmDiscard),
            CloseStep::Discard
        );
        assert_eq!(closing, Closing::Closed(CloseTarget::Window));
    }

    #[test]
    fn keep_trying_goes_back_to_the_show_and_saving_a_file_closes() {
        let t0 = Instant::now();
        let mut closing = Closing::Open;
        closing.request(CloseTarget::Deck, 3, true, t0);
        assert_eq!(closing.choose(CloseChoice::KeepTrying), CloseStep::RetryNow);
        assert_eq!(closing, Closing::Open);
        closing.request(CloseTarget::Deck, 3, true, t0);
        let path = std::path::PathBuf::from("/tmp/x.json");
        assert_eq!(
            closing.choose(CloseChoice::SaveToFile(path.clone())),
            CloseStep::Save {
                path,
                record_end: true
            }
        );
        closing.saved(Err("disk full".into()));
        assert!(matches!(
            closing,
            Closing::Asking {
                message: Some(_),
                ..
            }
        ));
        closing.saved(Ok(()));
        assert_eq!(closing, Closing::Closed(CloseTarget::Deck));
    }

    #[test]
    fn once_the_records_are_saved_the_dialog_closes_by_itself() {
        let t0 = Instant::now();
        let mut closing = Closing::Open;
        closing.request(CloseTarget::Window, 3, true, t0);
        assert_eq!(closing.tick(0, false, t0), CloseStep::RecordEnd);
        closing.tick(0, false, t0);
        assert_eq!(closing, Closing::Closed(CloseTarget::Window));
    }
}

#[cfg(test)]
mod summary_tests {
    use super::*;

    #[test]
    fn the_summary_comes_first_and_back_to_the_show_closes_nothing() {
        let mut closing = Closing::Open;
        assert!(closing.summary_first(CloseTarget::Deck));
        assert_eq!(closing.summary(), Some(CloseTarget::Deck));
        // The window's close button while it shows: still the summary, now for Podium.
        assert!(closing.summary_first(CloseTarget::Window));
        assert_eq!(closing.summary(), Some(CloseTarget::Window));
        assert_eq!(closing.choose(CloseChoice::BackToShow), CloseStep::Nothing);
        assert_eq!(closing, Closing::Open);
    }

    #[test]
    fn close_goes_on_with_the_one_close_flow() {
        let mut closing = Closing::Open;
        closing.summary_first(CloseTarget::Deck);
        assert_eq!(
            closing.choose(CloseChoice::GoOn),
            CloseStep::GoOn(CloseTarget::Deck)
        );
        // Once the pending-records dialog asks, the summary does not come back over it.
        let mut asking = Closing::Asking {
            target: CloseTarget::Deck,
            ended: false,
            message: None,
        };
        assert!(!asking.summary_first(CloseTarget::Window));
        assert_eq!(asking.summary(), None);
    }
}
