//! One record as the screens make it: what it is, with local ids, and the key it is stored
//! under.

use jiff::Zoned;
use serde::{Deserialize, Serialize};

use super::{ApplyError, LocalId, Resolved};
use crate::store::{
    CommitmentKey, NewPerson, NewResponse, NewScoreSheet, NewSession, Presence, Record, SlideTime,
};

/// A record of the session, naming sessions, people and rows by local ids.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum LocalRecord {
    /// The session itself, when it starts; its local id is the recorder's session.
    StartSession(NewSession),
    /// Someone added to the roster by hand.
    AddPerson {
        person: LocalId,
        new: NewPerson,
        #[serde(with = "crate::time::serde_rfc3339")]
        at: Zoned,
    },
    /// Everyone from a roster file, in one transaction.
    AddPeople {
        people: Vec<(LocalId, NewPerson)>,
        #[serde(with = "crate::time::serde_rfc3339")]
        at: Zoned,
    },
    /// Takes someone off the roster, or puts them back.
    Roster {
        person: LocalId,
        on_roster: bool,
        #[serde(with = "crate::time::serde_rfc3339")]
        at: Zoned,
    },
    Rename {
        person: LocalId,
        name: String,
        #[serde(with = "crate::time::serde_rfc3339")]
        at: Zoned,
    },
    Attendance {
        person: LocalId,
        presence: Presence,
        #[serde(with = "crate::time::serde_rfc3339")]
        at: Zoned,
    },
    /// An answer; `new.person_id` and `new.supersedes` are local ids.
    Response {
        response: LocalId,
        new: NewResponse,
    },
    /// A score sheet; its seller, observer and `supersedes` are local ids.
    ScoreSheet {
        sheet: LocalId,
        new: NewScoreSheet,
    },
    Groups {
        item_id: String,
        groups: Vec<Vec<LocalId>>,
        #[serde(with = "crate::time::serde_rfc3339")]
        at: Zoned,
    },
    Note {
        slide_ref: String,
        text: String,
        #[serde(with = "crate::time::serde_rfc3339")]
        at: Zoned,
    },
    Position {
        slide: usize,
        step: usize,
        #[serde(with = "crate::time::serde_rfc3339")]
        at: Zoned,
    },
    SlideTime(SlideTime),
    End {
        #[serde(with = "crate::time::serde_rfc3339")]
        at: Zoned,
    },
}

/// What a pending record shows as "not saved yet" on the screens.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Mark {
    Person(LocalId),
    Attendance(LocalId),
    Response(LocalId),
    Sheet(LocalId),
    Note(String),
    /// A status, note or due day recorded for this commitment.
    Commitment(CommitmentKey),
    /// An observation, or its correction or withdrawal (by the observation's local id).
    Observation(LocalId),
    /// Shown only in the count.
    Other,
}

/// A record waiting for its commit, with the key the store keeps it under and the local id
/// of its session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pending {
    pub key: String,
    pub session: LocalId,
    pub write: LocalRecord,
}

impl Pending {
    /// The local ids this record gives stored ids to, in the order the store returns them.
    pub fn creates(&self) -> Vec<LocalId> {
        match &self.write {
            LocalRecord::StartSession(_) => vec![self.session],
            LocalRecord::AddPerson { person, .. } => vec![*person],
            LocalRecord::AddPeople { people, .. } => {
                people.iter().map(|(local, _)| *local).collect()
            }
            LocalRecord::Response { response, .. } => vec![*response],
            LocalRecord::ScoreSheet { sheet, .. } => vec![*sheet],
            _ => Vec::new(),
        }
    }

    /// What the screens mark as not saved while this record waits.
    pub fn marks(&self) -> Vec<Mark> {
        match &self.write {
            LocalRecord::AddPerson { person, .. } => vec![Mark::Person(*person)],
            LocalRecord::AddPeople { people, .. } => people
                .iter()
                .map(|(local, _)| Mark::Person(*local))
                .collect(),
            LocalRecord::Attendance { person, .. } => vec![Mark::Attendance(*person)],
            LocalRecord::Response { response, .. } => vec![Mark::Response(*response)],
            LocalRecord::ScoreSheet { sheet, .. } => vec![Mark::Sheet(*sheet)],
            LocalRecord::Note { slide_ref, .. } => vec![Mark::Note(slide_ref.clone())],
            _ => vec![Mark::Other],
        }
    }

    /// The record with stored ids, or [`ApplyError::Unresolved`] if it names a stand-in that
    /// has no stored id yet.
    pub fn to_record(&self, resolved: &Resolved) -> Result<Record, ApplyError> {
        let id = |local: LocalId| resolved.get(local).ok_or(ApplyError::Unresolved);
        let optional = |local: Option<LocalId>| local.map(id).transpose();
        if let LocalRecord::StartSession(new) = &self.write {
            return Ok(Record::Session(new.clone()));
        }
        let session = id(self.session)?;
        Ok(match &self.write {
            LocalRecord::StartSession(new) => Record::Session(new.clone()),
            LocalRecord::AddPerson { new, at, .. } => Record::Person {
                session,
                person: new.clone(),
                at: at.clone(),
            },
            LocalRecord::AddPeople { people, at } => Record::People {
                session,
                people: people.iter().map(|(_, p)| p.clone()).collect(),
                at: at.clone(),
            },
            LocalRecord::Roster {
                person,
                on_roster,
                at,
            } => Record::Roster {
                session,
                person: id(*person)?,
                on_roster: *on_roster,
                at: at.clone(),
            },
            LocalRecord::Rename { person, name, at } => Record::Rename {
                person: id(*person)?,
                name: name.clone(),
                at: at.clone(),
            },
            LocalRecord::Attendance {
                person,
                presence,
                at,
            } => Record::Attendance {
                session,
                person: id(*person)?,
                presence: *presence,
                at: at.clone(),
            },
            LocalRecord::Response { new, .. } => Record::Response(NewResponse {
                session_id: session,
                person_id: optional(new.person_id)?,
                supersedes: optional(new.supersedes)?,
                ..new.clone()
            }),
            LocalRecord::ScoreSheet { new, .. } => Record::ScoreSheet(NewScoreSheet {
                session_id: session,
                seller_id: id(new.seller_id)?,
                observer_id: optional(new.observer_id)?,
                supersedes: optional(new.supersedes)?,
                ..new.clone()
            }),
            LocalRecord::Groups {
                item_id,
                groups,
                at,
            } => Record::Groups {
                session,
                item_id: item_id.clone(),
                groups: groups
                    .iter()
                    .map(|group| group.iter().map(|p| id(*p)).collect())
                    .collect::<Result<_, _>>()?,
                at: at.clone(),
            },
            LocalRecord::Note {
                slide_ref,
                text,
                at,
            } => Record::Note {
                session,
                slide_ref: slide_ref.clone(),
                text: text.clone(),
                at: at.clone(),
            },
            LocalRecord::Position { slide, step, at } => Record::Position {
                session,
                slide: *slide,
                step: *step,
                at: at.clone(),
            },
            LocalRecord::SlideTime(time) => Record::SlideTime(SlideTime {
                session_id: session,
                ..time.clone()
            }),
            LocalRecord::End { at } => Record::End {
                session,
                at: at.clone(),
            },
        })
    }
}
