//! Every input to a running show, as one enum: keys, buttons, keyboard answer entry, dropped
//! files, the deck file changing, dialog answers, the audience window's state and the frame's
//! tick all become an [`Action`] that [`super::Presentation::apply`] applies. No UI here: the
//! keys that ask for each action are listed in `ui::keys`.

use std::path::PathBuf;

use crate::deck::Typed;
use crate::record::close::CloseChoice;
use crate::show::Command;
use crate::store::types::{Answer, PersonId, Presence};

/// One thing asked of a running show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Something the show itself does: move, blank, the countdown, a typed slide number.
    Show(Command),
    /// Audience window to full-screen (F5, F).
    FullScreen,
    /// Leaves full-screen, forgets a typed number, closes the help.
    Escape,
    /// Swaps which screen the audience and presenter windows are on.
    SwapScreens,
    /// Opens or closes the audience window, so one screen can show the presenter view.
    ToggleAudienceWindow,
    ToggleHelp,
    /// Back to the start screen (asks first while records are not saved).
    CloseDeck,
    /// The presenter window's close button (asks first while records are not saved).
    CloseWindow,
    /// The side panel shows this tab.
    ShowTab(PanelTab),
    /// Keyboard answer entry on or off.
    KeyboardEntry(bool),
    /// Role-play groups formed from now on spread each team over the groups (one person per
    /// team in a group where the numbers allow), or not.
    MixTeams(bool),
    /// A key typed during keyboard answer entry.
    Entry(EntryKey),
    /// Something the room did, to record.
    Record(RecordAction),
    /// Asks for a file dialog to choose a roster.
    BrowseRoster,
    /// The roster file dialog's answer: a file, or none chosen.
    RosterChosen(Option<PathBuf>),
    /// Files dropped on a window: rosters to import.
    Dropped(Vec<PathBuf>),
    /// The deck file changed on the disk.
    ReloadDeck,
    /// The audience window was closed with its own close button.
    AudienceClosed,
    /// Whether the audience window is full-screen now, as its window reports it.
    AudienceFullScreen(bool),
    /// A choice in the dialog a close brings up while records are not saved.
    Close(CloseChoice),
    /// The save dialog's answer for the unsaved records: a file, or none chosen.
    UnsavedFileChosen(Option<PathBuf>),
    /// The windows were placed on the monitors there are; what to tell the presenter about it
    /// (one small screen: V hides the audience window to see the notes).
    Placed(Option<&'static str>),
    /// How the close summary's export went: the files written, the files of an earlier export
    /// in the way, or why not.
    Exported(ExportOutcome),
    /// A new frame: takes in what the writer, the roster reader and the phones did, and
    /// moves a close on.
    Tick,
    /// Turns on the phone server of a live session, so the room can answer from their phones.
    PhonesOn,
    /// Turns the phone server off; nothing listens any more.
    PhonesOff,
    /// Shows or hides the join screen (QR code, addresses, PIN) on the projector.
    ToggleJoinScreen,
    /// Closes the question on screen to phones before its results step.
    CloseAnswers,
    /// Lets in someone waiting on their phone (by the waiting list's id): added as a
    /// walk-in and checked in.
    Admit(u64),
    /// Turns away someone waiting on their phone.
    TurnAway(u64),
}

impl Action {
    /// Whether the presenter asked for this (a key, a click, a dialog's answer, a file
    /// dropped), rather than the frame, the windows or the disk telling the show something.
    pub fn by_the_presenter(&self) -> bool {
        !matches!(
            self,
            Action::Tick
                | Action::Placed(_)
                | Action::AudienceFullScreen(_)
                | Action::Exported(_)
                | Action::ReloadDeck
        )
    }
}

/// Which part of the presenter's side panel shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PanelTab {
    #[default]
    Agenda,
    People,
    Answers,
    RolePlay,
    Notes,
}

/// A key typed while keyboard answer entry is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKey {
    /// An answer for the highlighted person: a letter or a digit.
    Answer(Typed),
    Up,
    Down,
    /// Ends keyboard entry.
    Stop,
}

/// A record of what the room did, as the presenter enters it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordAction {
    /// A person's answer to the question on screen (`Cleared` withdraws it).
    Answer {
        item_id: String,
        person: PersonId,
        answer: Answer,
    },
    /// One anonymous vote from a phone: a tally mark for the options chosen, with no link to
    /// anyone.
    Vote {
        item_id: String,
        options: Vec<usize>,
    },
    /// One anonymous tally mark more (or less) for an option.
    Mark {
        item_id: String,
        option: usize,
        add: bool,
    },
    Presence {
        person: PersonId,
        presence: Presence,
    },
    /// Marks everyone on the roster not yet checked in as present.
    EveryonePresent,
    AddPerson {
        name: String,
        email: Option<String>,
        team: Option<String>,
    },
    ImportRoster(PathBuf),
    Rename {
        person: PersonId,
        name: String,
    },
    Remove(PersonId),
    /// Groups for a role-play from who is here.
    FormGroups {
        item_id: String,
    },
    /// One person into another group of a role-play (`to` = the number of groups: a new one).
    MoveToGroup {
        item_id: String,
        person: PersonId,
        to: usize,
    },
    Score {
        item_id: String,
        round: u32,
        seller: PersonId,
        observer: Option<PersonId>,
        scores: Vec<(String, u32)>,
        comment: String,
    },
    /// The presenter's own note for a slide.
    Note {
        slide_ref: String,
        text: String,
    },
}

/// How the close summary's export went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExportOutcome {
    /// The files were written: which, and where.
    Written(String),
    /// Files of an earlier export are in the folder `dir` (their `names`), and replacing them
    /// was not asked for: nothing was written.
    InTheWay {
        dir: std::path::PathBuf,
        names: Vec<String>,
    },
    /// Nothing was written: why, and what to do.
    Failed(String),
}
