#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

//! What the phone tests and benchmark share: a small stand-in for the core that records what
//! phones ask in a real SQLite file (through the store, with full sync) and publishes what
//! phones may see; an HTTP client; and a reader of the server's event stream.

use std::collections::{HashMap, HashSet};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use podium::deck::{Deck, ImageCheck, SlideKind};
use podium::phones::{
    Board, OpenItem, PhoneChange, PhoneRequest, Refusal, Reply, RolePlayBoard, SavedSheet,
    ShownResults, Snapshot,
};
use podium::store::{
    Answer, Mode, NewResponse, NewScoreSheet, NewSession, PersonId, Presence, SessionId, Store,
};
use serde_json::Value;

pub const AT: &str = "2026-11-27T09:00:00+01:00";

/// The roster every test starts with: accents, Chinese and Cyrillic names, a 60-character
/// name, a comma in a name, and two people whose names differ only by an accent.
pub const ROSTER: &[(&str, Option<&str>, Option<&str>)] = &[
    ("Léa Dubois", Some("lea@example.com"), Some("North")),
    ("Ben Okafor", Some("ben@example.com"), Some("North")),
    ("王小明", None, Some("East")),
    ("Иван Петров", None, Some("East")),
    (
        "Maximiliana Alexandrovna Konstantinopoulou-Wolfeschlegelstein",
        None,
        None,
    ),
    ("O'Brien, Siobhán", None, Some("West")),
    ("Lena Müller", None, Some("North")),
    ("Lena Muller", None, Some("South")),
];

pub fn deck() -> Deck {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/phones_support/deck.ron");
    let text = std::fs::read_to_string(&path).unwrap();
    podium::deck::load_str(&path, &text, ImageCheck::Header)
        .unwrap()
        .deck
}

/// A phone's request as the core received it, and when.
#[derive(Debug, Clone)]
pub struct Received {
    pub change: PhoneChange,
    pub at: Instant,
}

/// Someone waiting for the facilitator to let them in.
pub struct Waiting {
    pub name: String,
    pub claims: Option<PersonId>,
    pub reply: Reply,
}

#[derive(Default)]
struct Records {
    /// The latest response id per (item, person), for corrections.
    responses: HashMap<(String, PersonId), i64>,
    /// The latest score sheet id per (item, round, seller).
    sheets: HashMap<(String, u32, PersonId), i64>,
    checked_in: HashSet<PersonId>,
}

/// The core's part, played by a thread: it applies what phones ask through the store and
/// publishes snapshots on the board, as the app will.
pub struct TestCore {
    pub board: Board,
    pub deck: Deck,
    pub session: SessionId,
    pub store: Arc<Mutex<Store>>,
    pub dir: tempfile::TempDir,
    sender: Sender<PhoneRequest>,
    records: Arc<Mutex<Records>>,
    waiting: Arc<Mutex<Vec<Waiting>>>,
    pub received: Arc<Mutex<Vec<Received>>>,
    /// When each answer was committed, by person: when the presenter's tally would change.
    pub committed: Arc<Mutex<Vec<(PersonId, Instant)>>>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl TestCore {
    pub fn new() -> TestCore {
        TestCore::with_roster(ROSTER)
    }

    pub fn with_roster(roster: &[(&str, Option<&str>, Option<&str>)]) -> TestCore {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path()).unwrap();
        let deck = deck();
        let session = store
            .start_session(&NewSession {
                deck_title: deck.title.clone(),
                deck_path: "tests/phones_support/deck.ron".into(),
                mode: Mode::Live,
                facilitator: "Test".into(),
                location: None,
                started_at: at(AT),
            })
            .unwrap();
        for (name, email, team) in roster {
            let person = store
                .find_or_add_person(name, *email, *team, &at(AT))
                .unwrap();
            store.add_to_roster(session, person, &at(AT)).unwrap();
        }
        let board = Board::new(Snapshot {
            session_id: session,
            title: deck.title.clone(),
            roster: store.roster(session).unwrap(),
            ..Snapshot::default()
        });
        let (sender, requests) = mpsc::channel();
        let mut core = TestCore {
            board,
            deck,
            session,
            store: Arc::new(Mutex::new(store)),
            dir,
            sender,
            records: Arc::default(),
            waiting: Arc::default(),
            received: Arc::default(),
            committed: Arc::default(),
            stop: Arc::default(),
            thread: None,
        };
        core.thread = Some(core.spawn(requests));
        core
    }

    /// Where phones send requests.
    pub fn sender(&self) -> Sender<PhoneRequest> {
        self.sender.clone()
    }

    pub fn person(&self, name: &str) -> PersonId {
        self.board
            .snapshot()
            .roster
            .iter()
            .find(|p| p.name == name)
            .unwrap_or_else(|| panic!("{name} is not on the roster"))
            .person_id
    }

    fn spawn(&self, requests: Receiver<PhoneRequest>) -> JoinHandle<()> {
        let board = self.board.clone();
        let store = Arc::clone(&self.store);
        let records = Arc::clone(&self.records);
        let waiting = Arc::clone(&self.waiting);
        let received = Arc::clone(&self.received);
        let committed = Arc::clone(&self.committed);
        let stop = Arc::clone(&self.stop);
        let session = self.session;
        let deck = self.deck.clone();
        thread::spawn(move || {
            while !stop.load(Ordering::SeqCst) {
                let request = match requests.recv_timeout(Duration::from_millis(250)) {
                    Ok(request) => request,
                    Err(RecvTimeoutError::Timeout) => continue,
                    Err(RecvTimeoutError::Disconnected) => break,
                };
                received.lock().unwrap().push(Received {
                    change: request.change.clone(),
                    at: Instant::now(),
                });
                let PhoneRequest { change, reply } = request;
                let mut store = store.lock().unwrap();
                let mut records = records.lock().unwrap();
                match change {
                    PhoneChange::CheckIn { person } => {
                        if records.checked_in.insert(person) {
                            store
                                .record_attendance(session, person, Presence::Present, &at(AT))
                                .unwrap();
                        }
                        reply.saved();
                    }
                    PhoneChange::Answer {
                        person,
                        item_id,
                        answer,
                    } => {
                        let snapshot = board.snapshot();
                        let open = snapshot
                            .item
                            .as_ref()
                            .is_some_and(|i| i.item_id == item_id && i.open);
                        if !open {
                            reply.refuse(Refusal::NotOpen);
                            continue;
                        }
                        let Some(kind) = deck.item(&item_id).and_then(SlideKind::item_kind) else {
                            reply.refuse(Refusal::NotOpen);
                            continue;
                        };
                        let correct = match (deck.item(&item_id), &answer) {
                            (Some(SlideKind::Quiz(quiz)), Answer::Options(chosen)) => {
                                Some(chosen.first() == Some(&quiz.answer))
                            }
                            _ => None,
                        };
                        let key = (item_id.clone(), person);
                        let id = store
                            .record_response(&NewResponse {
                                session_id: session,
                                item_id: item_id.clone(),
                                item_kind: kind,
                                person_id: Some(person),
                                answer: answer.clone(),
                                correct,
                                supersedes: records.responses.get(&key).copied(),
                                recorded_at: at(AT),
                            })
                            .unwrap();
                        records.responses.insert(key, id);
                        committed.lock().unwrap().push((person, Instant::now()));
                        board.update(|s| {
                            s.answers.insert(person, answer);
                        });
                        reply.saved();
                    }
                    PhoneChange::Vote { item_id, options } => {
                        store
                            .record_response(&NewResponse {
                                session_id: session,
                                item_id,
                                item_kind: podium::deck::ItemKind::Poll,
                                person_id: None,
                                answer: Answer::Options(options),
                                correct: None,
                                supersedes: None,
                                recorded_at: at(AT),
                            })
                            .unwrap();
                        reply.saved();
                    }
                    PhoneChange::Score {
                        observer,
                        item_id,
                        round,
                        seller,
                        scores,
                        comment,
                    } => {
                        let key = (item_id.clone(), round, seller);
                        let scale = match deck.item(&item_id) {
                            Some(SlideKind::RolePlay(rp)) => rp.scale,
                            _ => 5,
                        };
                        let id = store
                            .record_score_sheet(&NewScoreSheet {
                                session_id: session,
                                item_id,
                                round,
                                seller_id: seller,
                                observer_id: Some(observer),
                                scores: scores.clone(),
                                scale,
                                comment: comment.clone(),
                                supersedes: records.sheets.get(&key).copied(),
                                recorded_at: at(AT),
                            })
                            .unwrap();
                        records.sheets.insert(key, id);
                        board.update(|s| {
                            if let Some(rp) = s.role_play.as_mut() {
                                for part in rp.parts.values_mut() {
                                    if let Some(task) = part.scores.as_mut()
                                        && task.seller == seller
                                    {
                                        task.saved = Some(SavedSheet {
                                            scores: scores.iter().map(|(_, s)| *s).collect(),
                                            comment: comment.clone(),
                                        });
                                    }
                                }
                            }
                        });
                        reply.saved();
                    }
                    PhoneChange::Admission { name, claims } => {
                        waiting.lock().unwrap().push(Waiting {
                            name,
                            claims,
                            reply,
                        });
                    }
                }
            }
        })
    }

    /// Puts the question with `item_id` on screen, open, with each person's answer so far.
    pub fn show(&self, item_id: &str) {
        let kind = self.deck.item(item_id).expect("no such item");
        let item = OpenItem::from_slide(kind, true).expect("not a question");
        let answers = self.current_answers(item_id, item.anonymous);
        self.board.update(|s| {
            s.item = Some(item);
            s.answers = answers;
            s.results = None;
            s.role_play = None;
        });
    }

    fn current_answers(&self, item_id: &str, anonymous: bool) -> HashMap<PersonId, Answer> {
        if anonymous {
            return HashMap::new();
        }
        let store = self.store.lock().unwrap();
        store
            .responses(self.session, item_id)
            .unwrap()
            .into_iter()
            .filter_map(|row| Some((row.person_id?, row.answer)))
            .collect()
    }

    /// Closes the question on screen.
    pub fn close(&self) {
        self.board.update(|s| {
            if let Some(item) = s.item.as_mut() {
                item.open = false;
            }
        });
    }

    /// The results step: closes the question and shows its results; `reveal` also shows a
    /// quiz's right answer.
    pub fn show_results(&self, reveal: bool) {
        let snapshot = self.board.snapshot();
        let item = snapshot.item.clone().expect("no question on screen");
        let rows = self
            .store
            .lock()
            .unwrap()
            .responses(self.session, &item.item_id)
            .unwrap();
        let results = match self.deck.item(&item.item_id) {
            Some(SlideKind::Rating(r)) => {
                let mut counts = vec![0; usize::try_from(r.max - r.min + 1).unwrap()];
                let mut sum = 0;
                for row in &rows {
                    if let Answer::Number(n) = row.answer {
                        counts[usize::try_from(n - r.min).unwrap()] += 1;
                        sum += n;
                    }
                }
                ShownResults::Scale {
                    min: r.min,
                    counts,
                    respondents: rows.len(),
                    mean: if rows.is_empty() {
                        0.0
                    } else {
                        sum as f64 / rows.len() as f64
                    },
                }
            }
            Some(kind) => {
                let mut counts = vec![0; item.options.len()];
                for row in &rows {
                    if let Answer::Options(chosen) = &row.answer {
                        for i in chosen {
                            counts[*i] += 1;
                        }
                    }
                }
                let correct = match kind {
                    SlideKind::Quiz(q) if reveal => Some(q.answer),
                    _ => None,
                };
                ShownResults::Options {
                    counts,
                    respondents: rows.len(),
                    correct,
                }
            }
            None => panic!("no such item"),
        };
        self.board.update(|s| {
            if let Some(item) = s.item.as_mut() {
                item.open = false;
            }
            s.results = Some(results);
        });
    }

    /// Nothing to answer on screen (a Points slide).
    pub fn blank(&self) {
        self.board.update(|s| {
            s.item = None;
            s.results = None;
            s.role_play = None;
            s.answers.clear();
        });
    }

    /// Puts round `round` of the role-play on screen, with `groups` (saved to the store).
    pub fn show_role_play(&self, item_id: &str, groups: &[Vec<PersonId>], round: u32) {
        let Some(SlideKind::RolePlay(rp)) = self.deck.item(item_id) else {
            panic!("{item_id} is not a role-play");
        };
        let mut store = self.store.lock().unwrap();
        store
            .save_groups(self.session, item_id, groups, &at(AT))
            .unwrap();
        let snapshot = self.board.snapshot();
        let sheets = store.score_sheets(self.session, item_id).unwrap();
        let board = RolePlayBoard::new(
            rp,
            groups,
            round,
            true,
            |person| {
                snapshot
                    .roster
                    .iter()
                    .find(|p| p.person_id == person)
                    .map(|p| p.name.clone())
            },
            |seller| {
                sheets
                    .iter()
                    .rev()
                    .find(|s| s.round == round && s.seller_id == seller)
                    .map(|s| SavedSheet {
                        scores: s.scores.iter().map(|(_, v)| *v).collect(),
                        comment: s.comment.clone(),
                    })
            },
        );
        drop(store);
        self.board.update(|s| {
            s.item = None;
            s.results = None;
            s.answers.clear();
            s.role_play = Some(board);
        });
    }

    /// The next person waiting to be let in, waiting up to `timeout` for one.
    pub fn next_waiting(&self, timeout: Duration) -> Option<Waiting> {
        let deadline = Instant::now() + timeout;
        loop {
            {
                let mut waiting = self.waiting.lock().unwrap();
                if !waiting.is_empty() {
                    return Some(waiting.remove(0));
                }
            }
            if Instant::now() >= deadline {
                return None;
            }
            thread::sleep(Duration::from_millis(10));
        }
    }

    /// Lets `waiting` in: a walk-in is added to the roster as a new person and checked in.
    pub fn admit(&self, waiting: Waiting) -> PersonId {
        let person = {
            let mut store = self.store.lock().unwrap();
            let person = match waiting.claims {
                Some(person) => person,
                None => {
                    let person = store
                        .find_or_add_person(&waiting.name, None, None, &at(AT))
                        .unwrap();
                    store.add_to_roster(self.session, person, &at(AT)).unwrap();
                    person
                }
            };
            store
                .record_attendance(self.session, person, Presence::Present, &at(AT))
                .unwrap();
            let roster = store.roster(self.session).unwrap();
            self.board.update(|s| s.roster = roster);
            person
        };
        waiting.reply.admitted(person);
        person
    }

    /// A read-only connection to the session's database, for checking what was recorded.
    pub fn db(&self) -> rusqlite::Connection {
        let path = self.store.lock().unwrap().path().to_path_buf();
        rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap()
    }
}

impl Drop for TestCore {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

// ---- HTTP ---------------------------------------------------------------------------------

/// A response as read off the wire.
#[derive(Debug, Clone)]
pub struct HttpReply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl HttpReply {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {} {}", self.status, self.body))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// A keep-alive connection, as a phone's browser holds one.
pub struct Client {
    stream: TcpStream,
    buffer: Vec<u8>,
}

impl Client {
    pub fn connect(address: SocketAddr) -> Client {
        Client::connect_waiting(address, Duration::from_secs(30))
    }

    /// A connection that waits up to `timeout` for each response.
    pub fn connect_waiting(address: SocketAddr, timeout: Duration) -> Client {
        let stream = TcpStream::connect(address).unwrap();
        stream.set_read_timeout(Some(timeout)).unwrap();
        stream.set_nodelay(true).unwrap();
        Client {
            stream,
            buffer: Vec::new(),
        }
    }

    pub fn send(
        &mut self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<&str>,
    ) -> HttpReply {
        let mut request = format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        if let Some(token) = token {
            request.push_str(&format!("Authorization: Bearer {token}\r\n"));
        }
        if let Some(body) = body {
            request.push_str(&format!(
                "Content-Type: application/json\r\nContent-Length: {}\r\n",
                body.len()
            ));
        }
        request.push_str("\r\n");
        request.push_str(body.unwrap_or(""));
        self.stream.write_all(request.as_bytes()).unwrap();
        read_reply(&mut self.stream, &mut self.buffer)
    }
}

/// One request on a connection of its own.
pub fn call(
    address: SocketAddr,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<&str>,
) -> HttpReply {
    Client::connect(address).send(method, path, token, body)
}

/// Sends `bytes` as they are and reads the one response.
pub fn raw(address: SocketAddr, bytes: &[u8]) -> HttpReply {
    let mut stream = TcpStream::connect(address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    // The server may answer and close before reading everything (a body too large).
    let _ = stream.write_all(bytes);
    read_reply(&mut stream, &mut Vec::new())
}

fn read_reply(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> HttpReply {
    let head_end = loop {
        if let Some(at) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break at;
        }
        let mut chunk = [0u8; 4096];
        let n = stream.read(&mut chunk).unwrap();
        assert!(n > 0, "the server closed the connection without answering");
        buffer.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
    buffer.drain(..head_end + 4);
    let mut lines = head.split("\r\n");
    let status: u16 = lines
        .next()
        .and_then(|line| line.split(' ').nth(1))
        .and_then(|code| code.parse().ok())
        .unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    while buffer.len() < length {
        let mut chunk = [0u8; 4096];
        let n = stream.read(&mut chunk).unwrap();
        assert!(n > 0, "the body ended early");
        buffer.extend_from_slice(&chunk[..n]);
    }
    let body = String::from_utf8_lossy(&buffer[..length]).into_owned();
    buffer.drain(..length);
    HttpReply {
        status,
        headers,
        body,
    }
}

/// A phone's event stream.
pub struct EventStream {
    reader: BufReader<TcpStream>,
}

impl EventStream {
    /// Opens the stream with `token`, or returns the refusal.
    pub fn open(address: SocketAddr, token: &str) -> Result<EventStream, HttpReply> {
        let mut stream = TcpStream::connect(address).unwrap();
        let request = format!(
            "GET /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\nAccept: text/event-stream\r\n\r\n"
        );
        stream.write_all(request.as_bytes()).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        let mut reader = BufReader::new(stream);
        let mut status_line = String::new();
        reader.read_line(&mut status_line).unwrap();
        let status: u16 = status_line
            .split(' ')
            .nth(1)
            .and_then(|c| c.parse().ok())
            .unwrap_or(0);
        let mut headers = Vec::new();
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            let line = line.trim_end().to_owned();
            if line.is_empty() {
                break;
            }
            if let Some((n, v)) = line.split_once(':') {
                headers.push((n.trim().to_ascii_lowercase(), v.trim().to_owned()));
            }
        }
        if status != 200 {
            let length: usize = headers
                .iter()
                .find(|(n, _)| n == "content-length")
                .and_then(|(_, v)| v.parse().ok())
                .unwrap_or(0);
            let mut body = vec![0; length];
            reader.read_exact(&mut body).unwrap();
            return Err(HttpReply {
                status,
                headers,
                body: String::from_utf8_lossy(&body).into_owned(),
            });
        }
        Ok(EventStream { reader })
    }

    /// The next state sent, skipping comments; `None` if none comes within `timeout`. A
    /// `gone` event reads as `{"gone": true}`.
    pub fn next_state(&mut self, timeout: Duration) -> Option<Value> {
        let deadline = Instant::now() + timeout;
        let mut event = String::new();
        let mut data = String::new();
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return None;
            }
            self.reader.get_ref().set_read_timeout(Some(left)).unwrap();
            let mut line = String::new();
            match self.reader.read_line(&mut line) {
                Ok(0) => return None,
                Ok(_) => {}
                Err(_) => return None,
            }
            let line = line.trim_end_matches(['\r', '\n']);
            if line.is_empty() {
                if event == "gone" {
                    return Some(serde_json::json!({ "gone": true }));
                }
                if event == "state" && !data.is_empty() {
                    return Some(serde_json::from_str(&data).unwrap());
                }
                event.clear();
                data.clear();
            } else if let Some(name) = line.strip_prefix("event: ") {
                event = name.to_owned();
            } else if let Some(text) = line.strip_prefix("data: ") {
                data.push_str(text);
            }
        }
    }

    /// Waits up to `timeout` for a state that `wanted` accepts, and returns it.
    pub fn wait_for(&mut self, timeout: Duration, wanted: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + timeout;
        let mut last = Value::Null;
        while let Some(state) = self.next_state(deadline.saturating_duration_since(Instant::now()))
        {
            if wanted(&state) {
                return state;
            }
            last = state;
        }
        panic!("no such state came; the last one was {last}");
    }
}

/// Joins as `name` and returns the token.
pub fn join(address: SocketAddr, pin: &str, name: &str) -> String {
    let body = serde_json::json!({ "pin": pin, "name": name }).to_string();
    let reply = call(address, "POST", "/api/join", None, Some(&body));
    assert_eq!(reply.status, 200, "joining as {name}: {}", reply.body);
    reply.json()["token"].as_str().unwrap().to_owned()
}

/// A recorded time, from its RFC 3339 text.
fn at(text: &str) -> jiff::Zoned {
    podium::time::parse_rfc3339(text).unwrap()
}
