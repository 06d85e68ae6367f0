//! The records Podium keeps about a workshop, as the store writes and reads them.
//!
//! Records name deck items by their string `id` (`item_id`), never by position, so a deck
//! edited after a workshop still lines up with what was recorded. Times are [`Zoned`] in the
//! offset the laptop's clock had when they were recorded, and stored as RFC 3339 text with
//! that offset (see [`crate::time`]).

use jiff::Zoned;
use serde::{Deserialize, Serialize};

/// A recorded session (one run of a deck, live or rehearsal).
pub type SessionId = i64;
/// A person, the same across sessions (same email, else same name).
pub type PersonId = i64;
/// One stored response row; a correction names the row it supersedes.
pub type ResponseId = i64;
/// One stored role-play score sheet; a correction names the sheet it supersedes.
pub type SheetId = i64;

/// Live sessions make the attendance and response records; rehearsals only time the deck.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Mode {
    Live,
    Rehearsal,
}

impl Mode {
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Live => "live",
            Mode::Rehearsal => "rehearsal",
        }
    }

    pub fn parse(text: &str) -> Option<Mode> {
        match text {
            "live" => Some(Mode::Live),
            "rehearsal" => Some(Mode::Rehearsal),
            _ => None,
        }
    }
}

/// What starting a session records.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewSession {
    pub deck_title: String,
    /// The deck file, as opened (absolute when known).
    pub deck_path: String,
    pub mode: Mode,
    pub facilitator: String,
    pub location: Option<String>,
    #[serde(with = "crate::time::serde_rfc3339")]
    pub started_at: Zoned,
}

/// A session as listed: in history, `podium sessions`, and the "resume?" offer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionInfo {
    pub session_id: SessionId,
    pub deck_title: String,
    pub deck_path: String,
    pub mode: Mode,
    pub facilitator: String,
    pub location: Option<String>,
    pub started_at: Zoned,
    /// `None` while the session is unfinished (never ended, for example killed).
    pub ended_at: Option<Zoned>,
    /// People whose attendance is present, late or left early.
    pub people_present: usize,
    /// Current answers (not superseded, not cleared), anonymous tally marks included: a
    /// corrected answer counts once, as the close summary counts it.
    pub answers: usize,
    /// Current score sheets (a corrected sheet counts once).
    pub sheets: usize,
    /// Why the session was marked void, while it is (a false start, a test run): it then
    /// counts in no one's attendance or scores, no trend and no `--latest`.
    pub void: Option<String>,
}

/// A person as the roster shows them (their current name).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub person_id: PersonId,
    pub name: String,
    pub email: Option<String>,
    pub team: Option<String>,
}

/// Where a person is in the room.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Presence {
    Present,
    Late,
    LeftEarly,
    Absent,
}

impl Presence {
    pub fn as_str(self) -> &'static str {
        match self {
            Presence::Present => "present",
            Presence::Late => "late",
            Presence::LeftEarly => "left_early",
            Presence::Absent => "absent",
        }
    }

    pub fn parse(text: &str) -> Option<Presence> {
        match text {
            "present" => Some(Presence::Present),
            "late" => Some(Presence::Late),
            "left_early" => Some(Presence::LeftEarly),
            "absent" => Some(Presence::Absent),
            _ => None,
        }
    }

    /// Present, late and left early all count as having come.
    pub fn came(self) -> bool {
        !matches!(self, Presence::Absent)
    }
}

/// A person's attendance in one session, as of the latest record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttendanceRow {
    pub person_id: PersonId,
    pub presence: Presence,
    /// When they checked in (present or late).
    pub checked_in_at: Option<Zoned>,
    /// When they left, if they left early.
    pub left_at: Option<Zoned>,
}

pub use crate::deck::{Answer, ItemKind};

/// A response to record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewResponse {
    pub session_id: SessionId,
    pub item_id: String,
    pub item_kind: ItemKind,
    /// `None` for an anonymous poll's tally mark.
    pub person_id: Option<PersonId>,
    pub answer: Answer,
    /// For a Quiz: whether the chosen option is the right one.
    pub correct: Option<bool>,
    /// The response this one corrects; that one is then no longer current.
    pub supersedes: Option<ResponseId>,
    #[serde(with = "crate::time::serde_rfc3339")]
    pub recorded_at: Zoned,
}

/// A current response (not superseded by a later one; `Cleared` ones are not returned).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseRow {
    pub response_id: ResponseId,
    pub item_id: String,
    pub item_kind: ItemKind,
    pub person_id: Option<PersonId>,
    pub answer: Answer,
    pub correct: Option<bool>,
    pub recorded_at: Zoned,
}

/// An observer's score sheet for one seller in one role-play round.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewScoreSheet {
    pub session_id: SessionId,
    pub item_id: String,
    /// 1-based.
    pub round: u32,
    pub seller_id: PersonId,
    pub observer_id: Option<PersonId>,
    /// Criterion name and score in 1..=scale, in rubric order.
    pub scores: Vec<(String, u32)>,
    pub scale: u32,
    pub comment: String,
    pub supersedes: Option<SheetId>,
    #[serde(with = "crate::time::serde_rfc3339")]
    pub recorded_at: Zoned,
}

/// A current score sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScoreSheet {
    pub sheet_id: SheetId,
    pub item_id: String,
    pub round: u32,
    pub seller_id: PersonId,
    pub observer_id: Option<PersonId>,
    pub scores: Vec<(String, u32)>,
    pub scale: u32,
    pub comment: String,
    pub recorded_at: Zoned,
}

/// Time spent on one slide during one visit, for timing reports.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SlideTime {
    pub session_id: SessionId,
    /// 0-based over the whole deck, at the time of the session.
    pub slide_index: usize,
    /// The item id, or `slide N: heading` for slides without one.
    pub slide_ref: String,
    pub section: String,
    pub section_planned_minutes: u32,
    pub seconds: f64,
    #[serde(with = "crate::time::serde_rfc3339")]
    pub recorded_at: Zoned,
}
