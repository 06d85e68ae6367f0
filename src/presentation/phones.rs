//! Phones in a live show, as the core sees them: the phone server it turns on and off, the
//! snapshot it publishes whenever what phones may see changes, and the requests phones send,
//! applied like the presenter's clicks. A phone hears "saved" only once its record is
//! committed. No UI here.

use std::collections::{HashMap, HashSet};
use std::sync::mpsc::{self, Receiver, Sender};

use crate::deck::SlideKind;
use crate::phones::{
    Board, Carryover, JoinUrl, OpenItem, PhoneConfig, PhoneRequest, PhoneServer, PhoneStatus,
    QrMatrix, Reach, Refusal, Reply, RolePlayBoard, SavedSheet, ShownResults, Snapshot,
};
use crate::record::Event;
use crate::record::room::{Recorder, Results};
use crate::show::{Show, Step};
use crate::store::types::{Answer, PersonId};

/// Phones in the room: off until the facilitator turns them on.
pub struct Phones {
    board: Board,
    /// Where the server sends requests; the core keeps one end for each server it starts.
    sender: Sender<PhoneRequest>,
    requests: Receiver<PhoneRequest>,
    server: Option<Running>,
    /// The phones joined before phones were last turned off, to keep them joined.
    carry_over: Option<Carryover>,
    /// The port asked for (0: any free one); a restart keeps the port it had.
    port: u16,
    reach: Reach,
    /// Replies waiting for their record's commit, by the record's key.
    saving: Vec<(String, Reply)>,
    /// People waiting to be let in, oldest first.
    waiting: Vec<WalkIn>,
    next_walk_in: u64,
    /// Questions the presenter closed by hand.
    closed: HashSet<String>,
    /// Why phones could not be turned on, with what to do.
    problem: Option<String>,
    /// The projector shows the join screen.
    join_screen: bool,
}

/// The server while it runs, with what the screens show of it.
struct Running {
    server: PhoneServer,
    qr: Option<QrMatrix>,
    status: PhoneStatus,
}

/// Someone waiting for the facilitator to let them in.
pub struct WalkIn {
    pub id: u64,
    /// The name they typed.
    pub name: String,
    /// The person they say they are, when that person already joined on another phone.
    pub claims: Option<PersonId>,
    reply: Reply,
}

impl Default for Phones {
    fn default() -> Self {
        let (sender, requests) = mpsc::channel();
        Phones {
            board: Board::new(Snapshot::default()),
            sender,
            requests,
            server: None,
            carry_over: None,
            port: 0,
            reach: Reach::Lan,
            saving: Vec::new(),
            waiting: Vec::new(),
            next_walk_in: 1,
            closed: HashSet::new(),
            problem: None,
            join_screen: false,
        }
    }
}

/// What the presenter and the projector show of the phones.
pub struct PhonesView<'a> {
    pub on: bool,
    /// The join address of each listening address, those phones can reach first.
    pub urls: &'a [JoinUrl],
    pub pin: &'a str,
    pub qr: Option<&'a QrMatrix>,
    pub status: PhoneStatus,
    pub waiting: &'a [WalkIn],
    /// Why phones could not be turned on, with what to do.
    pub problem: Option<&'a str>,
    /// The projector shows the join screen.
    pub join_screen: bool,
    /// The question on screen is closed to phones.
    pub question_closed: bool,
}

/// The projector's join screen: what a phone needs to join, large.
pub struct JoinScreen<'a> {
    /// The short address of each usable LAN address (loopback only when there is none).
    pub urls: Vec<&'a str>,
    pub pin: &'a str,
    pub qr: Option<&'a QrMatrix>,
}

impl Phones {
    /// The projector's join screen, while it is asked for and phones are on.
    pub fn join_screen(&self) -> Option<JoinScreen<'_>> {
        let running = self.server.as_ref().filter(|_| self.join_screen)?;
        let all = running.server.join_urls();
        let mut urls: Vec<&str> = all
            .iter()
            .filter(|u| u.for_phones)
            .map(|u| u.url.as_str())
            .collect();
        if urls.is_empty() {
            urls = all.iter().map(|u| u.url.as_str()).collect();
        }
        Some(JoinScreen {
            urls,
            pin: running.server.pin(),
            qr: running.qr.as_ref(),
        })
    }

    /// Where phones are served: `port` (0: any free port), on `reach`.
    pub fn set_address(&mut self, port: u16, reach: Reach) {
        self.port = port;
        self.reach = reach;
    }

    pub fn is_on(&self) -> bool {
        self.server.is_some()
    }

    /// The join line `podium --phones` prints: `join: <URL> pin: <PIN>`.
    pub fn join_line(&self) -> Option<String> {
        let running = self.server.as_ref()?;
        Some(format!(
            "join: {} pin: {}",
            running.server.main_url(),
            running.server.pin()
        ))
    }

    /// Starts the server, publishing `snapshot` first; `waker` wakes the windows.
    pub(super) fn turn_on(&mut self, snapshot: Snapshot, waker: crate::record::Notify) {
        if self.server.is_some() {
            return;
        }
        self.board.publish(snapshot);
        let config = PhoneConfig {
            port: self.port,
            reach: self.reach,
            carry_over: self.carry_over.take(),
        };
        match PhoneServer::start(config, self.board.clone(), self.sender.clone(), move || {
            waker();
        }) {
            Ok(server) => {
                // A restart in the same show keeps its port, so a QR code already shown
                // still works.
                self.port = server.port();
                self.problem = None;
                self.server = Some(Running {
                    qr: server.qr(),
                    status: server.status(),
                    server,
                });
            }
            Err(e) => self.problem = Some(e.explained()),
        }
    }

    /// Stops the server. Phones waiting to be let in are told the laptop is not taking
    /// them; records already taken are still saved.
    pub(super) fn turn_off(&mut self) {
        if let Some(running) = self.server.take() {
            self.carry_over = Some(running.server.stop());
        }
        self.waiting.clear();
        self.join_screen = false;
    }

    pub(super) fn toggle_join_screen(&mut self) {
        self.join_screen = self.server.is_some() && !self.join_screen;
    }

    pub(super) fn close_question(&mut self, item_id: &str) {
        self.closed.insert(item_id.to_owned());
    }

    pub fn closed(&self) -> &HashSet<String> {
        &self.closed
    }

    pub fn is_closed(&self, item_id: &str) -> bool {
        self.closed.contains(item_id)
    }

    /// The requests phones sent since the last call.
    pub(super) fn take_requests(&mut self) -> Vec<PhoneRequest> {
        self.requests.try_iter().collect()
    }

    /// `reply` is answered once the record with `key` is committed.
    pub(super) fn wait_for(&mut self, key: Option<String>, reply: Reply) {
        match key {
            Some(key) => self.saving.push((key, reply)),
            None => reply.saved(),
        }
    }

    pub(super) fn add_walk_in(&mut self, name: String, claims: Option<PersonId>, reply: Reply) {
        let id = self.next_walk_in;
        self.next_walk_in += 1;
        self.waiting.push(WalkIn {
            id,
            name,
            claims,
            reply,
        });
    }

    /// Takes the walk-in with `id` out of the waiting list, with its reply.
    pub(super) fn take_walk_in(&mut self, id: u64) -> Option<(String, Option<PersonId>, Reply)> {
        let at = self.waiting.iter().position(|w| w.id == id)?;
        let walk_in = self.waiting.remove(at);
        Some((walk_in.name, walk_in.claims, walk_in.reply))
    }

    /// Answers the replies whose records the writer settled; a record that cannot be written
    /// now is kept in memory, and the phone is told so. Forgets what no phone waits for.
    pub(super) fn settle(&mut self, recorder: &mut Recorder) {
        for event in recorder.take_settled() {
            let (key, committed) = match &event {
                Event::Committed(key) => (key, true),
                Event::Held(key) => (key, false),
            };
            let Some(at) = self.saving.iter().position(|(k, _)| k == key) else {
                continue;
            };
            let (_, reply) = self.saving.remove(at);
            if committed {
                reply.saved();
            } else {
                reply.refuse(Refusal::NotSavedYet(not_saved_message(recorder.problem())));
            }
        }
        if let Some(problem) = recorder.status().problem.clone() {
            for (_, reply) in self.saving.drain(..) {
                reply.refuse(Refusal::NotSavedYet(not_saved_message(Some(&problem))));
            }
        }
        self.saving.retain(|(_, reply)| reply.is_wanted());
        self.waiting.retain(|w| w.reply.is_wanted());
        if let Some(running) = &mut self.server {
            running.status = running.server.status();
        }
    }

    pub(super) fn publish(&self, snapshot: Snapshot) {
        self.board.publish(snapshot);
    }

    pub fn view(&self, question_closed: bool) -> PhonesView<'_> {
        let running = self.server.as_ref();
        PhonesView {
            on: running.is_some(),
            urls: running.map_or(&[], |r| r.server.join_urls()),
            pin: running.map_or("", |r| r.server.pin()),
            qr: running.and_then(|r| r.qr.as_ref()),
            status: running.map_or_else(PhoneStatus::default, |r| r.status),
            waiting: &self.waiting,
            problem: self.problem.as_deref(),
            join_screen: self.join_screen && running.is_some(),
            question_closed,
        }
    }
}

fn not_saved_message(problem: Option<&str>) -> String {
    let why = problem.map_or_else(String::new, |p| format!(" ({p})"));
    format!(
        "Taken, but not saved yet: the laptop cannot write its data file now{why}. It keeps your answer and saves it as soon as it can."
    )
}

/// What phones may see of `show` now: the question on screen (open unless it is at its
/// results or was closed by hand), each person's own answer, the results only while the
/// projector shows them, and each person's part in a role-play.
pub fn snapshot_of(show: &Show, recorder: &Recorder, closed: &HashSet<String>) -> Snapshot {
    let room = &recorder.room;
    let mut snapshot = Snapshot {
        session_id: room.session_id,
        title: show.deck().title.clone(),
        roster: room.roster.clone(),
        ..Snapshot::default()
    };
    let Some(view) = show.current() else {
        return snapshot;
    };
    let kind = &view.slide.kind;
    if let SlideKind::RolePlay(rp) = kind {
        let (round, scoring) = match view.step {
            Step::Round(round) => (round, true),
            Step::Debrief => (rp.rounds, true),
            _ => (1, false),
        };
        if let Some(groups) = room.groups.get(&rp.id) {
            let scoring = scoring && !closed.contains(&rp.id);
            snapshot.role_play = Some(RolePlayBoard::new(
                rp,
                groups,
                round,
                scoring,
                |person| room.person(person).map(|p| p.name.clone()),
                |seller| {
                    room.sheet_of(&rp.id, round, seller).map(|s| SavedSheet {
                        scores: s.scores.iter().map(|(_, v)| *v).collect(),
                        comment: s.comment.clone(),
                    })
                },
            ));
        }
        return snapshot;
    }
    let Some(item_id) = kind.item_id() else {
        return snapshot;
    };
    let open = view.step == Step::Question && !closed.contains(item_id);
    let Some(item) = OpenItem::from_slide(kind, open) else {
        return snapshot;
    };
    if !item.anonymous {
        snapshot.answers = current_answers(recorder, item_id);
    }
    let shown = matches!(view.step, Step::Results | Step::RightAnswer) && show.blank().is_none();
    if shown {
        let correct = match (kind, view.step) {
            (SlideKind::Quiz(quiz), Step::RightAnswer) => Some(quiz.answer),
            _ => None,
        };
        snapshot.results = room.results(kind).map(|results| match results {
            Results::Options {
                counts,
                respondents,
            } => ShownResults::Options {
                counts,
                respondents,
                correct,
            },
            Results::Scale {
                min,
                counts,
                respondents,
                mean,
            } => ShownResults::Scale {
                min,
                counts,
                respondents,
                mean,
            },
        });
    }
    snapshot.item = Some(item);
    snapshot
}

/// Each person's current answer to `item_id`; a withdrawn answer is none.
fn current_answers(recorder: &Recorder, item_id: &str) -> HashMap<PersonId, Answer> {
    let mut answers = HashMap::new();
    for row in recorder.room.responses_to(item_id) {
        let Some(person) = row.person_id else {
            continue;
        };
        if row.answer == Answer::Cleared {
            answers.remove(&person);
        } else {
            answers.insert(person, row.answer.clone());
        }
    }
    answers
}
