#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

//! When the database cannot be written, records stay in memory, the presenter is told, the
//! writes are retried, and nothing is dropped.

use std::path::Path;
use std::time::{Duration, Instant};

use podium::capture::{Recorder, Room, Saved};
use podium::deck::{self, ImageCheck};
use podium::store::Store;
use podium::store::types::{Answer, Mode, NewResponse, NewSession, Presence};

const DECK: &str = r#"Deck(title: "T", sections: [Section(title: "S", minutes: 5, slides: [
    FreeText(id: "habit", prompt: "One habit"),
])])"#;

fn response(session: i64, person: i64, text: &str) -> NewResponse {
    NewResponse {
        session_id: session,
        item_id: "habit".into(),
        item_kind: "FreeText".into(),
        person_id: Some(person),
        answer: Answer::Text(text.into()),
        correct: None,
        supersedes: None,
        recorded_at: "2026-11-27T09:00:00+01:00".into(),
    }
}

#[test]
fn a_full_disk_keeps_records_in_memory_says_so_and_saves_them_later() {
    let dir = tempfile::tempdir().unwrap();
    let deck = deck::load_str(Path::new("t.ron"), DECK, ImageCheck::Header)
        .unwrap()
        .deck;
    let mut store = Store::open(dir.path()).unwrap();
    let session = store
        .start_session(&NewSession {
            deck_title: "T".into(),
            deck_path: "t.ron".into(),
            mode: Mode::Live,
            facilitator: "Dana".into(),
            location: None,
            started_at: "2026-11-27T09:00:00+01:00".into(),
        })
        .unwrap();
    let room = Room::load(&store, session, &deck).unwrap();
    let mut recorder = Recorder::new(store, room);
    let at = "2026-11-27T09:01:00+01:00";
    let ana = recorder.add_person("Ana Ruiz", None, None, at).unwrap();
    let bo = recorder.add_person("Bo Chen", None, None, at).unwrap();
    let t0 = Instant::now();
    assert_eq!(
        recorder.presence(ana, Presence::Present, at, t0),
        Saved::Yes
    );

    // The disk fills up: the next records are refused by the store.
    let pages = recorder.store().page_count().unwrap();
    recorder.store().cap_size(Some(pages)).unwrap();
    let big = "x".repeat(200_000);
    assert_eq!(
        recorder.answer(response(session, ana, &big), t0),
        Saved::NotYet
    );
    assert_eq!(
        recorder.presence(bo, Presence::Late, at, t0),
        Saved::NotYet,
        "later records queue behind"
    );
    assert_eq!(
        recorder.answer(response(session, bo, "ask why twice"), t0),
        Saved::NotYet
    );
    // A correction of a record that never reached the disk replaces it in the queue.
    assert_eq!(
        recorder.answer(response(session, bo, "ask why three times"), t0),
        Saved::NotYet
    );
    assert_eq!(recorder.unsaved(), 3);
    let problem = recorder.problem().unwrap().to_owned();
    assert!(problem.contains("full"), "{problem}");
    assert!(
        recorder.room.answer_of("habit", bo).is_some(),
        "the screen still shows it"
    );

    // Retrying too soon, or while the disk is still full, keeps everything.
    recorder.retry(t0 + Duration::from_secs(1));
    assert_eq!(recorder.unsaved(), 3);
    recorder.retry(t0 + Duration::from_secs(6));
    assert_eq!(recorder.unsaved(), 3);

    // Space is freed: the next retry saves them all, in order.
    recorder.store().cap_size(None).unwrap();
    recorder.retry(t0 + Duration::from_secs(12));
    assert_eq!(recorder.unsaved(), 0);
    assert!(recorder.problem().is_none());
    assert!(
        recorder
            .room
            .responses_to("habit")
            .iter()
            .all(|r| r.response_id > 0)
    );

    drop(recorder);
    let store = Store::open(dir.path()).unwrap();
    let answers = store.responses(session, "habit").unwrap();
    let text = |p| {
        answers
            .iter()
            .find(|r| r.person_id == Some(p))
            .map(|r| r.answer.clone())
    };
    assert_eq!(text(ana), Some(Answer::Text(big)));
    assert_eq!(text(bo), Some(Answer::Text("ask why three times".into())));
    let attendance = store.attendance(session).unwrap();
    assert_eq!(
        attendance
            .iter()
            .find(|a| a.person_id == bo)
            .unwrap()
            .presence,
        Presence::Late
    );
}
