//! What phones ask the core to record, and the core's answer.
//!
//! Each change goes to the core as a [`PhoneRequest`] on a channel. The core applies it like
//! a click in the presenter window and completes its [`Reply`] once the record is committed
//! durably, or refuses it. The phone hears "saved" only after that.

use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use crate::store::types::{Answer, PersonId};

use super::board::Board;

/// A change a phone asks for, with the handle to answer it by.
#[derive(Debug)]
pub struct PhoneRequest {
    pub change: PhoneChange,
    pub reply: Reply,
}

/// The changes phones can ask for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PhoneChange {
    /// The person joined from a phone: check them in as here, with the time, unless the
    /// facilitator has already marked them.
    CheckIn { person: PersonId },
    /// The person's answer to a question; a later one corrects it, as a click would.
    Answer {
        person: PersonId,
        item_id: String,
        answer: Answer,
    },
    /// One vote in an anonymous poll: a tally mark with no link to anyone. The server notes
    /// in memory that this phone voted, and nothing else.
    Vote {
        item_id: String,
        options: Vec<usize>,
    },
    /// An observer's score sheet for the seller they observe: that round's sheet for the
    /// seller, with the observer recorded.
    Score {
        observer: PersonId,
        item_id: String,
        round: u32,
        seller: PersonId,
        /// Criterion name and score in 1..=scale, in rubric order.
        scores: Vec<(String, u32)>,
        comment: String,
    },
    /// Someone asks to be let in: a name not on the roster (a walk-in), or a person already
    /// joined on another phone (`claims`). The facilitator admits them or turns them away;
    /// the reply waits for that decision.
    Admission {
        name: String,
        claims: Option<PersonId>,
    },
}

/// How the core settled a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The record is committed durably.
    Saved,
    /// An admission: let in as this person, who is now on the roster (published on the
    /// board before replying) and checked in.
    Admitted(PersonId),
    Refused(Refusal),
}

/// Why the core did not record a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The question or round is not the open one (closed, or another is on screen).
    NotOpen,
    /// The value does not fit the question; the message is shown on the phone.
    Invalid(String),
    /// The facilitator turned this person away.
    TurnedAway,
    /// Taken, but kept in memory on the laptop because the data file cannot be written now;
    /// it is saved when it can be. The message says so in plain words.
    NotSavedYet(String),
}

/// The core's handle for answering one request. Dropping it unanswered tells the phone that
/// the laptop did not take the request.
#[derive(Debug)]
pub struct Reply {
    slot: Arc<Slot>,
}

/// What the server holds while it waits for the core.
#[derive(Debug)]
pub(crate) struct Slot {
    state: Mutex<SlotState>,
    settled: Condvar,
    /// Touched when the reply settles, so that a phone waiting on the board hears of it.
    board: Option<Board>,
}

#[derive(Debug)]
struct SlotState {
    settled: Option<Settled>,
    /// Still wanted by the phone; false once it gave up waiting for admission.
    wanted: bool,
}

/// How a request ended from the server's side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Settled {
    Done(Outcome),
    /// The core dropped the reply without answering.
    Dropped,
}

impl Reply {
    /// A reply and the slot the server waits on; `board` is touched when it settles.
    pub(crate) fn new(board: Option<Board>) -> (Reply, Arc<Slot>) {
        let slot = Arc::new(Slot {
            state: Mutex::new(SlotState {
                settled: None,
                wanted: true,
            }),
            settled: Condvar::new(),
            board,
        });
        (
            Reply {
                slot: Arc::clone(&slot),
            },
            slot,
        )
    }

    /// The record is committed durably.
    pub fn saved(self) {
        self.settle(Settled::Done(Outcome::Saved));
    }

    /// The facilitator admitted the person; they are on the roster and checked in.
    pub fn admitted(self, person: PersonId) {
        self.settle(Settled::Done(Outcome::Admitted(person)));
    }

    pub fn refuse(self, why: Refusal) {
        self.settle(Settled::Done(Outcome::Refused(why)));
    }

    /// Whether the phone still waits for this (false once a phone waiting for admission has
    /// left, or the server stopped): the core can drop the request from its list.
    pub fn is_wanted(&self) -> bool {
        self.slot.lock().wanted
    }

    fn settle(&self, settled: Settled) {
        self.slot.settle(settled);
    }
}

impl Drop for Reply {
    fn drop(&mut self) {
        // Settling twice keeps the first: this only matters for a reply never answered.
        self.slot.settle(Settled::Dropped);
    }
}

impl Slot {
    fn lock(&self) -> MutexGuard<'_, SlotState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn settle(&self, settled: Settled) {
        let mut state = self.lock();
        if state.settled.is_some() {
            return;
        }
        state.settled = Some(settled);
        drop(state);
        self.settled.notify_all();
        if let Some(board) = &self.board {
            board.touch();
        }
    }

    /// How the request was settled, waiting up to `timeout`; `None` if it was not in time.
    pub(crate) fn wait(&self, timeout: Duration) -> Option<Settled> {
        let deadline = Instant::now() + timeout;
        let mut state = self.lock();
        loop {
            if let Some(settled) = &state.settled {
                return Some(settled.clone());
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return None;
            }
            state = self
                .settled
                .wait_timeout(state, left)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
    }

    /// How the request was settled, if it has been.
    pub(crate) fn settled(&self) -> Option<Settled> {
        self.lock().settled.clone()
    }

    /// The phone no longer waits for this.
    pub(crate) fn withdraw(&self) {
        self.lock().wanted = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_answer_counts_and_a_dropped_reply_says_so() {
        let (reply, slot) = Reply::new(None);
        reply.saved();
        assert_eq!(
            slot.wait(Duration::ZERO),
            Some(Settled::Done(Outcome::Saved))
        );
        let (reply, slot) = Reply::new(None);
        assert_eq!(slot.wait(Duration::ZERO), None);
        drop(reply);
        assert_eq!(slot.settled(), Some(Settled::Dropped));
    }

    #[test]
    fn a_withdrawn_request_is_no_longer_wanted() {
        let (reply, slot) = Reply::new(None);
        assert!(reply.is_wanted());
        slot.withdraw();
        assert!(!reply.is_wanted());
    }
}
