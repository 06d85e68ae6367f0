//! One record as the screens make it: what it is, with local ids, and the key it is stored
//! under.

use serde::{Deserialize, Serialize};

use super::{ApplyError, LocalId, Resolved};
use crate::store::{
    CommitmentKey, NewPerson, NewResponse, NewScoreSheet, NewSession, Presence, Record, SlideTime,
};

/// A record of the session, naming sessions, people and rows by local ids.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Write {
    /// The session itself, when it starts; its local id is the recorder's session.
    StartSession(NewSession),
    /// Someone added to the roster by hand.
    AddPerson {
        person: LocalId,
        new: NewPerson,
        at: String,
    },
    /// Everyone from a roster file, in one transaction.
    AddPeople {
        people: Vec<(LocalId, NewPerson)>,
        at: String,
    },
    /// Takes someone off the roster, or puts them back.
    Roster {
        person: LocalId,
        on_roster: bool,
        at: String,
    },
    Rename {
        person: LocalId,
        name: String,
        at: String,
    },
    Attendance {
        person: LocalId,
        presence: Presence,
        at: String,
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
        at: String,
    },
    Note {
        slide_ref: String,
        text: String,
        at: String,
    },
    Position {
        slide: usize,
        step: usize,
        at: String,
    },
    SlideTime(SlideTime),
    End {
        at: String,
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
    pub write: Write,
}

impl Pending {
    /// The local ids this record gives stored ids to, in the order the store returns them.
    pub fn creates(&self) -> Vec<LocalId> {
        match &self.write {
            Write::StartSession(_) => vec![self.session],
            Write::AddPerson { person, .. } => vec![*person],
            Write::AddPeople { people, .. } => people.iter().map(|(local, _)| *local).collect(),
            Write::Response { response, .. } => vec![*response],
            Write::ScoreSheet { sheet, .. } => vec![*sheet],
            _ => Vec::new(),
        }
    }

    /// What the screens mark as not saved while this record waits.
    pub fn marks(&self) -> Vec<Mark> {
        match &self.write {
            Write::AddPerson { person, .. } => vec![Mark::Person(*person)],
            Write::AddPeople { people, .. } => people
                .iter()
                .map(|(local, _)| Mark::Person(*local))
                .collect(),
            Write::Attendance { person, .. } => vec![Mark::Attendance(*person)],
            Write::Response { response, .. } => vec![Mark::Response(*response)],
            Write::ScoreSheet { sheet, .. } => vec![Mark::Sheet(*sheet)],
            Write::Note { slide_ref, .. } => vec![Mark::Note(slide_ref.clone())],
            _ => vec![Mark::Other],
        }
    }

    /// The record with stored ids, or [`ApplyError::Unresolved`] if it names a stand-in that
    /// has no stored id yet.
    pub fn to_record(&self, resolved: &Resolved) -> Result<Record, ApplyError> {
        let id = |local: LocalId| resolved.get(local).ok_or(ApplyError::Unresolved);
        let optional = |local: Option<LocalId>| local.map(id).transpose();
        if let Write::StartSession(new) = &self.write {
            return Ok(Record::Session(new.clone()));
        }
        let session = id(self.session)?;
        Ok(match &self.write {
            Write::StartSession(new) => Record::Session(new.clone()),
            Write::AddPerson { new, at, .. } => Record::Person {
                session,
                person: new.clone(),
                at: at.clone(),
            },
            Write::AddPeople { people, at } => Record::People {
                session,
                people: people.iter().map(|(_, p)| p.clone()).collect(),
                at: at.clone(),
            },
            Write::Roster {
                person,
                on_roster,
                at,
            } => Record::Roster {
                session,
                person: id(*person)?,
                on_roster: *on_roster,
                at: at.clone(),
            },
            Write::Rename { person, name, at } => Record::Rename {
                person: id(*person)?,
                name: name.clone(),
                at: at.clone(),
            },
            Write::Attendance {
                person,
                presence,
                at,
            } => Record::Attendance {
                session,
                person: id(*person)?,
                presence: *presence,
                at: at.clone(),
            },
            Write::Response { new, .. } => Record::Response(NewResponse {
                session_id: session,
                person_id: optional(new.person_id)?,
                supersedes: optional(new.supersedes)?,
                ..new.clone()
            }),
            Write::ScoreSheet { new, .. } => Record::ScoreSheet(NewScoreSheet {
                session_id: session,
                seller_id: id(new.seller_id)?,
                observer_id: optional(new.observer_id)?,
                supersedes: optional(new.supersedes)?,
                ..new.clone()
            }),
            Write::Groups {
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
            Write::Note {
                slide_ref,
                text,
                at,
            } => Record::Note {
                session,
                slide_ref: slide_ref.clone(),
                text: text.clone(),
                at: at.clone(),
            },
            Write::Position { slide, step, at } => Record::Position {
                session,
                slide: *slide,
                step: *step,
                at: at.clone(),
            },
            Write::SlideTime(time) => Record::SlideTime(SlideTime {
                session_id: session,
                ..time.clone()
            }),
            Write::End { at } => Record::End {
                session,
                at: at.clone(),
            },
        })
    }
}
