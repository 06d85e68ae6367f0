//! What phones may see: a plain snapshot that the core publishes on a shared board whenever
//! it changes. The server only reads it, and builds each phone's own view from it.

use std::collections::HashMap;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use crate::deck::{RolePlay, SlideKind};
use crate::store::types::{Answer, Person, PersonId, SessionId};

/// Everything the phones of one session may be shown, as the core sees it now.
///
/// The roster is here only so that the server can match a typed name; it is never sent to a
/// phone. A phone is shown its own person's answer, part and score sheet, and nothing else
/// about anyone.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Snapshot {
    /// The session phones join; a token made for another session is refused.
    pub session_id: SessionId,
    /// The deck's title, the heading of the phone page.
    pub title: String,
    /// Who can join by name (or email), kept on the laptop.
    pub roster: Vec<Person>,
    /// The question on screen, if any.
    pub item: Option<OpenItem>,
    /// Each person's own current answer to `item`, so a phone that reloads shows it.
    /// Anonymous polls have none: nothing links a person to a tally mark.
    pub answers: HashMap<PersonId, Answer>,
    /// The results of `item`, only while the projector shows them; never with names.
    pub results: Option<ShownResults>,
    /// The role-play on screen, if any.
    pub role_play: Option<RolePlayBoard>,
}

/// The kinds of question a phone can answer: the deck's question kinds.
pub use crate::deck::ItemKind;

/// The question on screen, as phones show it. A Quiz's right answer is not part of it: it
/// reaches phones in [`ShownResults`] when the projector reveals it.
#[derive(Debug, Clone, PartialEq)]
pub struct OpenItem {
    pub item_id: String,
    pub kind: ItemKind,
    /// The question or prompt.
    pub prompt: String,
    /// Poll and Quiz options, in deck order; empty for the other kinds.
    pub options: Vec<String>,
    /// A Poll where each person may pick several options.
    pub multiple: bool,
    /// A Rating's scale; 0 for the other kinds.
    pub min: i64,
    pub max: i64,
    /// Words for the two ends of a Rating's scale.
    pub labels: Option<(String, String)>,
    /// A Poll recorded as a tally, with no link to the person.
    pub anonymous: bool,
    /// Answers are taken; false once the facilitator closes the question.
    pub open: bool,
}

impl OpenItem {
    /// The phone's view of a deck slide, for the kinds that take answers.
    pub fn from_slide(kind: &SlideKind, open: bool) -> Option<OpenItem> {
        let blank = |item_id: &str, kind: ItemKind, prompt: &str| OpenItem {
            item_id: item_id.to_owned(),
            kind,
            prompt: prompt.to_owned(),
            options: Vec::new(),
            multiple: false,
            min: 0,
            max: 0,
            labels: None,
            anonymous: false,
            open,
        };
        match kind {
            SlideKind::Poll(poll) => Some(OpenItem {
                options: poll.options.clone(),
                multiple: poll.multiple,
                anonymous: poll.anonymous,
                ..blank(&poll.id, ItemKind::Poll, &poll.question)
            }),
            SlideKind::Quiz(quiz) => Some(OpenItem {
                options: quiz.options.clone(),
                ..blank(&quiz.id, ItemKind::Quiz, &quiz.question)
            }),
            SlideKind::Rating(rating) => Some(OpenItem {
                min: rating.min,
                max: rating.max,
                labels: rating.labels.clone(),
                ..blank(&rating.id, ItemKind::Rating, &rating.prompt)
            }),
            SlideKind::FreeText { id, prompt, .. } => Some(blank(id, ItemKind::FreeText, prompt)),
            _ => None,
        }
    }
}

/// The results the projector shows now, without names.
#[derive(Debug, Clone, PartialEq)]
pub enum ShownResults {
    /// People (or tally marks) per option of a Poll or Quiz.
    Options {
        counts: Vec<usize>,
        respondents: usize,
        /// A Quiz's right option, once the projector reveals it.
        correct: Option<usize>,
    },
    /// People per value of a Rating's scale, from `min` up.
    Scale {
        min: i64,
        counts: Vec<usize>,
        respondents: usize,
        mean: f64,
    },
}

/// The role-play on screen and each person's part in the round in effect.
#[derive(Debug, Clone, PartialEq)]
pub struct RolePlayBoard {
    pub item_id: String,
    pub title: String,
    /// The scenario everyone may read.
    pub scenario: String,
    /// The round whose roles are in effect (1 before the first round starts).
    pub round: u32,
    pub rounds: u32,
    /// What observers score, in rubric order.
    pub rubric: Vec<RubricLine>,
    /// Each criterion is scored 1..=scale.
    pub scale: u32,
    /// Score sheets are taken for `round`.
    pub scoring: bool,
    /// Each grouped person's part; someone not in a group has none.
    pub parts: HashMap<PersonId, Part>,
}

/// One criterion of a role-play's rubric.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RubricLine {
    pub name: String,
    pub describe: String,
}

/// One person's part in a role-play round: shown on their phone only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// 1-based, as the projector numbers groups.
    pub group: usize,
    pub role: String,
    /// The role's brief; a private one is the reason phones replace printed cards.
    pub brief: String,
    pub private: bool,
    /// For the observer who scores: the seller they observe, and their sheet so far.
    pub scores: Option<ScoreTask>,
}

/// The score sheet an observer fills in for one seller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScoreTask {
    pub seller: PersonId,
    /// The seller's name, which the projector already shows with the groups.
    pub seller_name: String,
    /// The sheet as last saved for this seller and round, by anyone.
    pub saved: Option<SavedSheet>,
}

/// A score sheet as saved: a score per rubric criterion, in rubric order, and a comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedSheet {
    pub scores: Vec<u32>,
    pub comment: String,
}

impl RolePlayBoard {
    /// Each person's part in `round` of `rp`, from the groups as formed, with the same cast
    /// and scoring observer as the presenter's screen. `name_of` names a seller for their
    /// observer; `saved_sheet` gives the sheet saved so far for a seller in this round.
    pub fn new(
        rp: &RolePlay,
        groups: &[Vec<PersonId>],
        round: u32,
        scoring: bool,
        name_of: impl Fn(PersonId) -> Option<String>,
        saved_sheet: impl Fn(PersonId) -> Option<SavedSheet>,
    ) -> RolePlayBoard {
        let mut parts = HashMap::new();
        for (index, group) in groups.iter().enumerate() {
            let cast = crate::show::groups::cast(group, round, rp.roles.len());
            let seller = cast
                .iter()
                .find(|(_, role)| *role == 0)
                .map(|(person, _)| *person);
            let observer = crate::show::groups::scoring_observer(rp, &cast);
            for (person, role_index) in &cast {
                let Some(role) = rp.roles.get(*role_index) else {
                    continue;
                };
                let scores = match seller {
                    Some(seller) if observer == Some(*person) => Some(ScoreTask {
                        seller,
                        seller_name: name_of(seller).unwrap_or_default(),
                        saved: saved_sheet(seller),
                    }),
                    _ => None,
                };
                parts.insert(
                    *person,
                    Part {
                        group: index + 1,
                        role: role.name.clone(),
                        brief: role.brief.clone(),
                        private: role.private,
                        scores,
                    },
                );
            }
        }
        RolePlayBoard {
            item_id: rp.id.clone(),
            title: rp.title.clone(),
            scenario: rp.scenario.clone(),
            round,
            rounds: rp.rounds,
            rubric: rp
                .rubric
                .iter()
                .map(|c| RubricLine {
                    name: c.name.clone(),
                    describe: c.describe.clone(),
                })
                .collect(),
            scale: rp.scale,
            scoring,
            parts,
        }
    }
}

/// The shared board the core publishes snapshots on and the phone server reads. Cloning it
/// gives another handle to the same board.
#[derive(Debug, Clone)]
pub struct Board {
    shared: Arc<Shared>,
}

#[derive(Debug)]
struct Shared {
    state: Mutex<State>,
    changed: Condvar,
}

#[derive(Debug)]
struct State {
    snapshot: Arc<Snapshot>,
    /// Grows with every change the server's waiting phones should look at.
    version: u64,
}

impl Board {
    pub fn new(snapshot: Snapshot) -> Board {
        Board {
            shared: Arc::new(Shared {
                state: Mutex::new(State {
                    snapshot: Arc::new(snapshot),
                    version: 1,
                }),
                changed: Condvar::new(),
            }),
        }
    }

    /// Publishes what phones may see now. Publishing the same snapshot again changes nothing,
    /// so the core may publish after every change it applies without waking any phone.
    pub fn publish(&self, snapshot: Snapshot) {
        let mut state = self.lock();
        if *state.snapshot == snapshot {
            return;
        }
        state.snapshot = Arc::new(snapshot);
        state.version += 1;
        drop(state);
        self.shared.changed.notify_all();
    }

    /// Changes the snapshot in place (for example one answer more), publishing the result.
    pub fn update(&self, change: impl FnOnce(&mut Snapshot)) {
        let mut next = (*self.snapshot()).clone();
        change(&mut next);
        self.publish(next);
    }

    /// The snapshot published last.
    pub fn snapshot(&self) -> Arc<Snapshot> {
        Arc::clone(&self.lock().snapshot)
    }

    /// Wakes everyone waiting for a change, for a change that is the server's own (a phone
    /// admitted, the server stopping).
    pub(crate) fn touch(&self) {
        self.lock().version += 1;
        self.shared.changed.notify_all();
    }

    /// The current version and snapshot, once the version is past `seen` or `timeout` has
    /// passed, whichever comes first.
    pub(crate) fn wait_past(&self, seen: u64, timeout: Duration) -> (u64, Arc<Snapshot>) {
        let deadline = Instant::now() + timeout;
        let mut state = self.lock();
        while state.version <= seen {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                break;
            }
            state = self
                .shared
                .changed
                .wait_timeout(state, left)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
        (state.version, Arc::clone(&state.snapshot))
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic elsewhere while holding the lock leaves a whole snapshot behind (it is
        // replaced in one assignment), so the board stays usable.
        self.shared
            .state
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::thread;

    #[test]
    fn publishing_the_same_snapshot_wakes_nobody() {
        let board = Board::new(Snapshot::default());
        let (version, _) = board.wait_past(0, Duration::ZERO);
        board.publish(Snapshot::default());
        assert_eq!(board.wait_past(0, Duration::ZERO).0, version);
        board.update(|s| s.title = "Changed".into());
        let (after, snapshot) = board.wait_past(version, Duration::from_secs(1));
        assert_eq!(after, version + 1);
        assert_eq!(snapshot.title, "Changed");
    }

    #[test]
    fn a_waiter_wakes_on_publish() {
        let board = Board::new(Snapshot::default());
        let waiter = {
            let board = board.clone();
            thread::spawn(move || board.wait_past(1, Duration::from_secs(30)))
        };
        thread::sleep(Duration::from_millis(50));
        board.update(|s| s.session_id = 7);
        let (version, snapshot) = waiter.join().unwrap_or_else(|_| (0, Arc::default()));
        assert_eq!(version, 2);
        assert_eq!(snapshot.session_id, 7);
    }
}
