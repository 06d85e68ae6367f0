#![allow(clippy::expect_used, clippy::unwrap_used, clippy::indexing_slicing)]

//! The store's figures: how long one durable commit takes, whether a big session reads as
//! fast as an empty one for the presenter's screen, how long listing sessions takes; and
//! the presenter's frame while another program holds the database's write lock, against one
//! without, and while a roster of 100,000 people comes in.
//!
//! Everything runs on a real file in a temporary folder on the machine's disk, with
//! `synchronous=FULL`, so a commit's time includes its fsync.

mod common;

use std::time::Instant;

use podium::app::{Now, Options, PodiumApp};
use podium::store::{
    Answer, Mode, NewResponse, NewScoreSheet, NewSession, PersonId, Presence, SessionId, Store,
};

const AT: &str = "2025-03-04T09:00:00+01:00";
const PEOPLE: usize = 200;
const ITEMS: usize = 100;
/// Every tenth item is a role-play, scored with sheets instead of answered.
const ROLE_PLAY_EVERY: usize = 10;

fn session(store: &mut Store, title: &str) -> SessionId {
    store
        .start_session(&NewSession {
            deck_title: title.to_owned(),
            deck_path: format!("/decks/{title}.ron"),
            mode: Mode::Live,
            facilitator: "Bench".to_owned(),
            location: None,
            started_at: at(AT),
        })
        .unwrap()
}

fn response(session: SessionId, item: &str, person: PersonId, answer: Answer) -> NewResponse {
    NewResponse {
        session_id: session,
        item_id: item.to_owned(),
        item_kind: podium::deck::ItemKind::Poll,
        person_id: Some(person),
        answer,
        correct: None,
        supersedes: None,
        recorded_at: at(AT),
    }
}

fn item_id(item: usize) -> String {
    if item % ROLE_PLAY_EVERY == ROLE_PLAY_EVERY - 1 {
        format!("rp-{item}")
    } else {
        format!("q-{item}")
    }
}

/// A session of `people` people, on the roster and checked in, who answer `items` items
/// (one answer in twenty corrected) and are scored on the role-plays.
fn fill(store: &mut Store, title: &str, people: usize, items: usize) -> SessionId {
    let session = session(store, title);
    let ids: Vec<PersonId> = (0..people)
        .map(|p| {
            let email = format!("person{p}@example.com");
            store
                .find_or_add_person(&format!("Person {p}"), Some(&email), Some("Sales"), &at(AT))
                .unwrap()
        })
        .collect();
    for (p, person) in ids.iter().enumerate() {
        store.add_to_roster(session, *person, &at(AT)).unwrap();
        let presence = if p % 10 == 0 {
            Presence::Late
        } else {
            Presence::Present
        };
        store
            .record_attendance(session, *person, presence, &at(AT))
            .unwrap();
    }
    for item in 0..items {
        let item = item_id(item);
        if item.starts_with("rp-") {
            for (p, seller) in ids.iter().enumerate().step_by(5) {
                store
                    .record_score_sheet(&NewScoreSheet {
                        session_id: session,
                        item_id: item.clone(),
                        round: 1,
                        seller_id: *seller,
                        observer_id: ids.get(p + 1).copied(),
                        scores: ["Rapport", "Questions", "Listening", "Close"]
                            .iter()
                            .map(|c| ((*c).to_owned(), (p % 5 + 1) as u32))
                            .collect(),
                        scale: 5,
                        comment: "Asked good questions; rushed the close.".to_owned(),
                        supersedes: None,
                        recorded_at: at(AT),
                    })
                    .unwrap();
            }
            continue;
        }
        for (p, person) in ids.iter().enumerate() {
            let first = store
                .record_response(&response(
                    session,
                    &item,
                    *person,
                    Answer::Options(vec![p % 4]),
                ))
                .unwrap();
            if p % 20 == 0 {
                store
                    .record_response(&NewResponse {
                        supersedes: Some(first),
                        ..response(session, &item, *person, Answer::Options(vec![(p + 1) % 4]))
                    })
                    .unwrap();
            }
        }
    }
    session
}

/// What the presenter's screen reads for one item.
fn presenter_reads(store: &Store, session: SessionId, item: &str) -> usize {
    store.roster(session).unwrap().len()
        + store.attendance(session).unwrap().len()
        + store.responses(session, item).unwrap().len()
        + store.score_sheets(session, item).unwrap().len()
}

fn main() {
    presenter_frames(false);
    presenter_frames(true);
    roster_transaction(100_000);
    big_roster_import(100_000);
    store_figures();
}

/// The store alone: a roster of `people` written in its one transaction.
fn roster_transaction(people: usize) {
    let dir = tempfile::tempdir().expect("temp folder");
    let mut store = Store::open(dir.path()).unwrap();
    let session = session(&mut store, "Roster");
    let record = podium::store::Record::People {
        session,
        people: (0..people)
            .map(|i| podium::store::NewPerson {
                name: format!("Person {i}"),
                email: Some(format!("person{i}@example.com")),
                team: Some(format!("Team {}", i % 9)),
            })
            .collect(),
        at: at(AT),
    };
    let start = Instant::now();
    store
        .write_record("roster", &record, &mut |_, _| {})
        .unwrap();
    println!(
        "store: a roster of {people} people in one transaction: {:.1} s",
        start.elapsed().as_secs_f64()
    );
}

const DECK: &str = r#"Deck(title: "Bench", sections: [Section(title: "S", minutes: 60, slides: [
    Poll(id: "q1", question: "Where do deals stall?", options: ["Price", "Timing", "Champion"]),
    Title(title: "Two"), Title(title: "Three"), Title(title: "Four"), Title(title: "Five"),
    Title(title: "Six"), Title(title: "Seven"), Title(title: "Eight"), Title(title: "Nine"),
])])"#;

fn now() -> Now {
    Now::at(Instant::now(), at(AT))
}

fn input(keys: &[egui::Key]) -> egui::RawInput {
    egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(1280.0, 800.0),
        )),
        max_texture_side: Some(8192),
        events: keys
            .iter()
            .map(|key| egui::Event::Key {
                key: *key,
                physical_key: None,
                pressed: true,
                repeat: false,
                modifiers: egui::Modifiers::NONE,
            })
            .collect(),
        ..Default::default()
    }
}

/// A live session with 12 people checked in, every record saved; its data folder.
fn live_app(ctx: &egui::Context) -> (PodiumApp, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("temp folder");
    let deck = dir.path().join("bench.ron");
    std::fs::write(&deck, DECK).unwrap();
    let options = Options {
        data_dir: dir.path().join("data"),
        roster: None,
        facilitator: "Bench".into(),
        start: None,
        phones: None,
    };
    let mut app = PodiumApp::with_options(ctx, Vec::new(), "decks".into(), options);
    app.open(ctx, &deck);
    app.start_show(ctx, None, &now());
    let show = app.show_mut().unwrap();
    let _ = show
        .presentation
        .apply([podium::presentation::Action::ToggleAudienceWindow], &now());
    for p in 0..12 {
        let person = show
            .presentation
            .recorder_mut()
            .add_person(&format!("Person {p}"), None, None, &at(AT))
            .unwrap();
        show.presentation
            .recorder_mut()
            .presence(person, Presence::Present, &at(AT));
    }
    settle(ctx, &mut app);
    (app, dir)
}

fn frame(ctx: &egui::Context, app: &mut PodiumApp, keys: &[egui::Key]) -> std::time::Duration {
    let now = now();
    let start = Instant::now();
    let out = ctx.run_ui(input(keys), |ui| app.frame(ui, &now));
    std::hint::black_box(ctx.tessellate(out.shapes, out.pixels_per_point));
    start.elapsed()
}

fn settle(ctx: &egui::Context, app: &mut PodiumApp) {
    while app
        .show()
        .is_some_and(|s| s.presentation.recorder().unsaved() > 0)
    {
        frame(ctx, app, &[]);
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
}

/// Presenter frames that each take a key press (next, or back at the end) and record an
/// answer, with or without another program holding the database's write lock.
fn presenter_frames(lock_held: bool) {
    let ctx = egui::Context::default();
    let (mut app, dir) = live_app(&ctx);
    let lock = lock_held.then(|| {
        let conn = rusqlite::Connection::open(dir.path().join("data/podium.sqlite3")).unwrap();
        conn.execute_batch("BEGIN EXCLUSIVE").unwrap();
        conn
    });
    for _ in 0..20 {
        frame(&ctx, &mut app, &[]);
    }
    let people: Vec<PersonId> = app
        .show()
        .unwrap()
        .presentation
        .recorder()
        .room
        .roster
        .iter()
        .map(|p| p.person_id)
        .collect();
    let mut samples = Vec::new();
    for i in 0..400usize {
        let show = app.show_mut().unwrap();
        show.presentation.recorder_mut().answer(NewResponse {
            session_id: 0,
            item_id: "q1".into(),
            item_kind: podium::deck::ItemKind::Poll,
            person_id: people.get(i % people.len()).copied(),
            answer: Answer::Options(vec![i % 3]),
            correct: None,
            supersedes: None,
            recorded_at: at(AT),
        });
        let key = if (i / 8) % 2 == 0 {
            egui::Key::ArrowRight
        } else {
            egui::Key::ArrowLeft
        };
        samples.push(frame(&ctx, &mut app, &[key]));
    }
    let unsaved = app.show().unwrap().presentation.recorder().unsaved();
    common::report(
        if lock_held {
            "presenter frame + key + answer, write lock held by another"
        } else {
            "presenter frame + key + answer, no other program"
        },
        &common::summarize(samples),
    );
    if lock_held {
        println!("  records waiting in memory with the lock held: {unsaved}");
        drop(lock);
        let released = Instant::now();
        settle(&ctx, &mut app);
        println!(
            "  all saved {:.1} s after the lock was released",
            released.elapsed().as_secs_f64()
        );
    }
}

/// A roster of `people` rows imported while the presenter's window keeps drawing: how long
/// it takes, and how long the frames meanwhile take.
fn big_roster_import(people: usize) {
    let ctx = egui::Context::default();
    let (mut app, dir) = live_app(&ctx);
    let mut csv = String::from("name,email,team\n");
    for i in 0..people {
        csv.push_str(&format!(
            "Person {i},person{i}@example.com,Team {}\n",
            i % 9
        ));
    }
    let roster = dir.path().join("roster.csv");
    std::fs::write(&roster, csv).unwrap();
    let start = Instant::now();
    let show = app.show_mut().unwrap();
    let _ = show.presentation.apply(
        [podium::presentation::Action::Record(
            podium::presentation::RecordAction::ImportRoster(roster),
        )],
        &now(),
    );
    let mut samples = Vec::new();
    loop {
        samples.push(frame(&ctx, &mut app, &[]));
        let show = app.show().unwrap();
        if show.presentation.recorder().unsaved() == 0
            && show
                .presentation
                .message()
                .is_some_and(|m| m.contains("people added"))
        {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(16));
    }
    let timing = common::summarize(samples.clone());
    let slowest = samples.iter().max().copied().unwrap_or_default();
    println!(
        "roster of {people} people read and saved in {:.1} s; {} frames meanwhile",
        start.elapsed().as_secs_f64(),
        samples.len()
    );
    common::report("  presenter frame during the import", &timing);
    println!(
        "  slowest frame during the import: {:.1} ms",
        slowest.as_secs_f64() * 1e3
    );
    let after: Vec<_> = (0..100).map(|_| frame(&ctx, &mut app, &[])).collect();
    common::report(
        &format!("  presenter frame with {people} people on the roster"),
        &common::summarize(after),
    );
}

fn store_figures() {
    let dir = tempfile::tempdir().expect("temp folder");
    let mut store = Store::open(dir.path()).unwrap();

    // (a) One durable commit.
    let commits = session(&mut store, "Commits");
    let person = store
        .find_or_add_person("Committer", None, None, &at(AT))
        .unwrap();
    let samples = (0..2000)
        .map(|i| {
            let answer = response(commits, "q-commit", person, Answer::Number(i));
            let start = Instant::now();
            store.record_response(&answer).unwrap();
            start.elapsed()
        })
        .collect();
    common::report(
        "commit one response (durable, synchronous=FULL)",
        &common::summarize(samples),
    );

    // (b) The presenter's reads in a big session and in an empty one.
    let fill_start = Instant::now();
    let big = fill(&mut store, "Big", PEOPLE, ITEMS);
    println!(
        "filled a session of {PEOPLE} people and {ITEMS} items in {:.1} s",
        fill_start.elapsed().as_secs_f64()
    );
    let empty = session(&mut store, "Empty");
    assert_eq!(presenter_reads(&store, big, "q-50"), PEOPLE * 3);
    assert_eq!(
        presenter_reads(&store, big, "rp-49"),
        PEOPLE * 2 + PEOPLE / 5
    );
    common::report(
        "presenter reads, poll item, 200 people x 100 items",
        &common::time(1000, || presenter_reads(&store, big, "q-50")),
    );
    common::report(
        "presenter reads, role-play item, 200 x 100",
        &common::time(1000, || presenter_reads(&store, big, "rp-49")),
    );
    common::report(
        "presenter reads, empty session",
        &common::time(1000, || presenter_reads(&store, empty, "q-50")),
    );

    // (c) Listing 100 sessions: the big one, the two above, and 97 of 20 people x 10 items.
    for s in 0..97 {
        fill(&mut store, &format!("Workshop {s}"), 20, 10);
    }
    assert_eq!(store.sessions().unwrap().len(), 100);
    common::report(
        "sessions() with 100 sessions",
        &common::time(200, || store.sessions().unwrap().len()),
    );
}

/// A recorded time, from its RFC 3339 text.
fn at(text: &str) -> jiff::Zoned {
    podium::time::parse_rfc3339(text).unwrap()
}
