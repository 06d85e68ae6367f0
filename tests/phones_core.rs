#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

//! Phones answered by the real core, with no window: a `Presentation` with its recorder
//! writing a real SQLite file in a temporary folder, the phone server on loopback, phones
//! over HTTP, and the frames' ticks run by the test as the window would run them.

mod phones_support;

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use podium::deck::{self, ImageCheck};
use podium::phones::Reach;
use podium::presentation::{Action, Presentation, RecordAction};
use podium::record::room::Recorder;
use podium::show::Command;
use podium::store::types::{Mode, NewSession, Presence};
use podium::time::Now;

use phones_support::{HttpReply, ROSTER, call};
use serde_json::{Value, json};

struct Core {
    presentation: Presentation,
    dir: tempfile::TempDir,
    address: SocketAddr,
    pin: String,
}

fn now() -> Now {
    Now::at(
        Instant::now(),
        podium::time::parse_rfc3339("2026-11-27T09:00:00+01:00").unwrap(),
    )
}

impl Core {
    fn start() -> Core {
        let dir = tempfile::tempdir().unwrap();
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/phones_support/deck.ron");
        let loaded = deck::load(&path, ImageCheck::Header).unwrap();
        let recorder = Recorder::start(
            &dir.path().join("data"),
            NewSession {
                deck_title: loaded.deck.title.clone(),
                deck_path: path.display().to_string(),
                mode: Mode::Live,
                facilitator: "Dana".into(),
                location: None,
                started_at: now().recorded(),
            },
            Arc::new(|| {}),
        );
        let mut presentation = Presentation::new(&path, loaded, Mode::Live, recorder, &now());
        let mut actions = Vec::new();
        for (name, email, team) in ROSTER {
            actions.push(Action::Record(RecordAction::AddPerson {
                name: (*name).into(),
                email: email.map(str::to_owned),
                team: team.map(str::to_owned),
            }));
        }
        presentation.set_phone_address(0, Reach::Loopback);
        actions.push(Action::PhonesOn);
        let _ = presentation.apply(actions, &now());
        let line = presentation.phones().join_line().expect("phones are on");
        let (url, pin) = line
            .strip_prefix("join: ")
            .and_then(|l| l.split_once(" pin: "))
            .unwrap();
        let port: u16 = url
            .trim_end_matches('/')
            .rsplit_once(':')
            .unwrap()
            .1
            .parse()
            .unwrap();
        Core {
            presentation,
            dir,
            address: SocketAddr::from(([127, 0, 0, 1], port)),
            pin: pin.to_owned(),
        }
    }

    fn apply(&mut self, actions: Vec<Action>) {
        let _ = self.presentation.apply(actions, &now());
    }

    /// Runs frames (a tick every few milliseconds) until `call` is answered.
    fn run<T: Send + 'static>(&mut self, call: impl FnOnce() -> T + Send + 'static) -> T {
        let handle: JoinHandle<T> = std::thread::spawn(call);
        let deadline = Instant::now() + Duration::from_secs(30);
        while !handle.is_finished() {
            assert!(Instant::now() < deadline, "no answer within 30 s");
            self.apply(vec![Action::Tick]);
            std::thread::sleep(Duration::from_millis(3));
        }
        handle.join().unwrap()
    }

    fn join(&mut self, name: &str) -> String {
        let (address, body) = (
            self.address,
            json!({ "pin": self.pin, "name": name }).to_string(),
        );
        let reply = self.run(move || call(address, "POST", "/api/join", None, Some(&body)));
        assert_eq!(reply.status, 200, "{}", reply.body);
        reply.json()["token"].as_str().unwrap().to_owned()
    }

    fn answer(&mut self, token: &str, body: Value) -> HttpReply {
        let (address, token, body) = (self.address, token.to_owned(), body.to_string());
        self.run(move || call(address, "POST", "/api/answer", Some(&token), Some(&body)))
    }

    /// Moves the show to `slide` (1-based), step `step` (0-based).
    fn go_to(&mut self, slide: usize, step: usize) {
        self.apply(vec![Action::Show(Command::GoToSlide(slide)), Action::Tick]);
        for _ in 0..step {
            self.apply(vec![Action::Show(Command::Next)]);
        }
    }

    fn db(&self) -> rusqlite::Connection {
        let opened = podium::store::Store::open_read_only(&self.dir.path().join("data")).unwrap();
        rusqlite::Connection::open_with_flags(
            opened.store.path(),
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
        )
        .unwrap()
    }

    fn person(&self, name: &str) -> i64 {
        self.presentation
            .recorder()
            .room
            .roster
            .iter()
            .find(|p| p.name == name)
            .unwrap()
            .person_id
    }
}

#[test]
fn joining_checks_in_unless_the_facilitator_marked_them() {
    let mut core = Core::start();
    let ben = core.person("Ben Okafor");
    core.apply(vec![Action::Record(RecordAction::Presence {
        person: ben,
        presence: Presence::Late,
    })]);
    core.join("ben@example.com");
    core.join("ИВАН ПЕТРОВ");
    let room = &core.presentation.recorder().room;
    assert_eq!(
        room.presence(ben),
        Some(Presence::Late),
        "the facilitator's mark stands"
    );
    assert_eq!(
        room.presence(core.person("Иван Петров")),
        Some(Presence::Present)
    );
}

#[test]
fn answers_are_saved_corrected_and_refused_once_closed() {
    let mut core = Core::start();
    let token = core.join("Léa Dubois");
    // The poll "channel" is slide 2.
    core.go_to(2, 0);
    assert_eq!(
        core.answer(&token, json!({"item": "channel", "option": 0}))
            .status,
        200
    );
    assert_eq!(
        core.answer(&token, json!({"item": "channel", "option": 3}))
            .status,
        200
    );
    // A question not on screen.
    assert_eq!(
        core.answer(&token, json!({"item": "discount", "option": 1}))
            .status,
        409
    );
    // Closed by hand: the phone is told, and nothing more is recorded.
    core.apply(vec![Action::CloseAnswers]);
    assert_eq!(
        core.answer(&token, json!({"item": "channel", "option": 1}))
            .status,
        409
    );
    let rows: Vec<(i64, Option<i64>)> = core
        .db()
        .prepare("SELECT response_id, supersedes FROM responses WHERE item_id = 'channel' ORDER BY response_id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(rows.len(), 2, "an answer and its correction: {rows:?}");
    assert_eq!(
        rows[1].1,
        Some(rows[0].0),
        "the correction supersedes the answer"
    );

    // At the results step the next poll is closed too.
    core.go_to(5, 0);
    assert_eq!(
        core.answer(&token, json!({"item": "discount", "option": 1}))
            .status,
        200
    );
    core.apply(vec![Action::Show(Command::Next)]);
    assert_eq!(
        core.answer(&token, json!({"item": "discount", "option": 0}))
            .status,
        409
    );
}

#[test]
fn an_anonymous_vote_is_a_tally_mark_with_no_person() {
    let mut core = Core::start();
    let token = core.join("Léa Dubois");
    core.go_to(3, 0);
    assert_eq!(
        core.answer(&token, json!({"item": "honest", "option": 2}))
            .status,
        200
    );
    let people: Vec<Option<i64>> = core
        .db()
        .prepare("SELECT person_id FROM responses WHERE item_id = 'honest'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(people, vec![None]);
}

#[test]
fn a_walk_in_waits_until_admitted_and_phones_off_stops_the_server() {
    let mut core = Core::start();
    let (address, body) = (
        core.address,
        json!({ "pin": core.pin, "name": "Zoë Walker", "walk_in": true }).to_string(),
    );
    let asking = std::thread::spawn(move || call(address, "POST", "/api/join", None, Some(&body)));
    let deadline = Instant::now() + Duration::from_secs(30);
    let id = loop {
        core.apply(vec![Action::Tick]);
        let view = core.presentation.phones().view(false);
        if let Some(walk_in) = view.waiting.first() {
            assert_eq!(walk_in.name, "Zoë Walker");
            break walk_in.id;
        }
        assert!(Instant::now() < deadline, "the walk-in never waited");
        std::thread::sleep(Duration::from_millis(5));
    };
    assert!(
        core.presentation
            .recorder()
            .room
            .roster
            .iter()
            .all(|p| p.name != "Zoë Walker")
    );
    core.apply(vec![Action::Admit(id), Action::Tick]);
    let reply = asking.join().unwrap();
    assert!(
        [200, 202].contains(&reply.status),
        "{} {}",
        reply.status,
        reply.body
    );
    let zoe = core.person("Zoë Walker");
    assert_eq!(
        core.presentation.recorder().room.presence(zoe),
        Some(Presence::Present),
        "admitted means added and checked in"
    );
    core.apply(vec![Action::PhonesOff]);
    assert!(std::net::TcpStream::connect(core.address).is_err());
}
