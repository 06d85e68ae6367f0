//! The follow-up records as the screens make them: a session's commitment slides, what the
//! leader records about a commitment, and field observations. They go through the same writer
//! and journal as a show's records ([`super::Writer::send_follow_up`]), so they are on the disk
//! before a screen calls them saved, wait in memory while the disk cannot be written, and go to
//! a file of unsaved records like the rest.
//!
//! Outside a show (the Follow-up list, a person's page) the journal belongs to no session: its
//! session is [`NO_SESSION`].

use jiff::civil::Date;
use jiff::{Span, Zoned};
use serde::{Deserialize, Serialize};

use super::{ApplyError, LocalId, Mark, Resolved};
use crate::deck::Deck;
use crate::store::{
    NewCommitmentItem, NewCommitmentUpdate, NewObservation, Record, Store, Written,
};

/// The session of a journal that records follow-up outside a show.
pub const NO_SESSION: LocalId = 0;

/// A follow-up record, naming an observation not saved yet by a local id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum FollowUpWrite {
    /// The commitment slides of the record's session, from its deck (see
    /// [`commitment_items`]): written when the session starts, and again when the deck is
    /// reloaded.
    CommitmentItems {
        items: Vec<NewCommitmentItem>,
        at: Zoned,
    },
    /// A status, note or new due day for a commitment (stored ids).
    CommitmentUpdate(NewCommitmentUpdate),
    /// An observation; `new.supersedes` is a local id.
    Observation {
        observation: LocalId,
        new: NewObservation,
    },
    /// Takes back an observation (a local id).
    WithdrawObservation { observation: LocalId, at: Zoned },
}

/// A follow-up record waiting for its commit, with its key and the local id of its session
/// ([`NO_SESSION`] outside a show).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FollowUpPending {
    pub key: String,
    pub session: LocalId,
    pub write: FollowUpWrite,
}

impl FollowUpPending {
    /// A new record with a fresh key.
    pub fn new(session: LocalId, write: FollowUpWrite) -> FollowUpPending {
        FollowUpPending {
            key: super::new_key(),
            session,
            write,
        }
    }

    /// The local ids this record gives stored ids to.
    pub fn creates(&self) -> Vec<LocalId> {
        match &self.write {
            FollowUpWrite::Observation { observation, .. } => vec![*observation],
            _ => Vec::new(),
        }
    }

    /// What the screens mark as not saved while this record waits.
    pub fn marks(&self) -> Vec<Mark> {
        match &self.write {
            FollowUpWrite::CommitmentUpdate(update) => {
                vec![Mark::Commitment(update.commitment.clone())]
            }
            FollowUpWrite::Observation { observation, .. }
            | FollowUpWrite::WithdrawObservation { observation, .. } => {
                vec![Mark::Observation(*observation)]
            }
            FollowUpWrite::CommitmentItems { .. } => vec![Mark::Other],
        }
    }

    /// The record with stored ids, or [`ApplyError::Unresolved`] if it names a stand-in that
    /// has no stored id yet.
    pub fn to_record(&self, resolved: &Resolved) -> Result<Record, ApplyError> {
        let id = |local: LocalId| resolved.get(local).ok_or(ApplyError::Unresolved);
        Ok(match &self.write {
            FollowUpWrite::CommitmentItems { items, at } => Record::CommitmentItems {
                session: id(self.session)?,
                items: items.clone(),
                at: at.clone(),
            },
            FollowUpWrite::CommitmentUpdate(update) => Record::CommitmentUpdate(update.clone()),
            FollowUpWrite::Observation { new, .. } => Record::Observation(NewObservation {
                supersedes: new.supersedes.map(id).transpose()?,
                ..new.clone()
            }),
            FollowUpWrite::WithdrawObservation { observation, at } => Record::WithdrawObservation {
                observation: id(*observation)?,
                at: at.clone(),
            },
        })
    }
}

/// Writes one follow-up record into `store` with its key, mapping its stand-ins through
/// `resolved` and adding the ids it was given. The writer thread and `podium import-pending`
/// both write through here.
pub fn apply_follow_up(
    store: &mut Store,
    resolved: &mut Resolved,
    pending: &FollowUpPending,
) -> Result<Written, ApplyError> {
    let record = pending.to_record(resolved)?;
    let written = store.write_record(&pending.key, &record, &mut |_, _| {})?;
    for (local, id) in pending.creates().into_iter().zip(&written.ids) {
        if local < 0 {
            resolved.0.insert(local, *id);
        }
    }
    Ok(written)
}

/// The commitment slides of `deck` for a session started at `started_at`: each due its
/// `follow_up_days` after the session's own day.
pub fn commitment_items(deck: &Deck, started_at: &Zoned) -> Vec<NewCommitmentItem> {
    deck.commitment_slides()
        .map(|(item_id, prompt, days)| NewCommitmentItem {
            item_id: item_id.to_owned(),
            prompt: prompt.to_owned(),
            follow_up_days: days,
            due_on: due_day(started_at.date(), days),
        })
        .collect()
}

/// `days` after `day`; the last day there is when that is past it.
pub fn due_day(day: Date, days: u32) -> Date {
    day.checked_add(Span::new().days(i64::from(days)))
        .unwrap_or(Date::MAX)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]

    use super::*;
    use crate::store::stamp::parse_time;
    use jiff::civil::date;

    #[test]
    fn a_commitment_is_due_its_days_after_the_day_the_session_started_where_it_ran() {
        let deck = crate::deck::load_str(
            std::path::Path::new("d.ron"),
            "Deck(title: \"T\", sections: [Section(title: \"S\", minutes: 5, slides: [
                FreeText(id: \"habit\", prompt: \"A habit\"),
                FreeText(id: \"plan\", prompt: \"Your call\", follow_up_days: 14),
            ])])",
            crate::deck::ImageCheck::Header,
        )
        .unwrap()
        .deck;
        // Late in the evening in Tokyo: already the next day in UTC terms does not matter.
        let started = parse_time("2025-03-31T23:30:00+09:00").unwrap();
        let items = commitment_items(&deck, &started);
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].item_id, "plan");
        assert_eq!(items[0].prompt, "Your call");
        assert_eq!(items[0].due_on, date(2025, 4, 14));
        assert_eq!(due_day(date(9999, 12, 1), 3650), Date::MAX);
    }
}
