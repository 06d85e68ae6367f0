#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

//! The store over real SQLite files in temporary folders: every record kind read back,
//! corrections, identity of people across sessions, migrations and the errors a person sees.

use std::path::Path;

use podium::cli::{self, SessionsOutcome};
use podium::store::{
    Answer, AttendanceRow, Mode, NewPerson, NewResponse, NewScoreSheet, NewSession, Person,
    Presence, Record, SessionId, SlideTime, Store, StoreError, database_path,
};
use podium::time::rfc3339;
use tempfile::TempDir;

const T0: &str = "2025-03-04T09:00:00+01:00";
const T1: &str = "2025-03-04T09:05:00+01:00";
const T2: &str = "2025-03-04T09:10:00+01:00";
const T3: &str = "2025-03-04T09:15:00+01:00";

fn new_session(title: &str) -> NewSession {
    NewSession {
        deck_title: title.to_owned(),
        deck_path: format!("/decks/{title}.ron"),
        mode: Mode::Live,
        facilitator: "Sam Facilitator".to_owned(),
        location: Some("Room 2".to_owned()),
        started_at: at(T0),
    }
}

fn open() -> (TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    (dir, store)
}

fn open_with_session() -> (TempDir, Store, SessionId) {
    let (dir, mut store) = open();
    let session = store.start_session(&new_session("Selling on how")).unwrap();
    (dir, store, session)
}

/// A second, plain connection to the same file: counts rows the store's reads hide.
fn raw(dir: &Path) -> rusqlite::Connection {
    rusqlite::Connection::open(database_path(dir)).unwrap()
}

fn count_rows(dir: &Path, table: &str) -> i64 {
    raw(dir)
        .query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |row| {
            row.get(0)
        })
        .unwrap()
}

fn response(session: SessionId, item: &str, person: Option<i64>, answer: Answer) -> NewResponse {
    NewResponse {
        session_id: session,
        item_id: item.to_owned(),
        item_kind: podium::deck::ItemKind::Poll,
        person_id: person,
        answer,
        correct: None,
        supersedes: None,
        recorded_at: at(T1),
    }
}

fn sheet(session: SessionId, item: &str, seller: i64, scores: &[(&str, u32)]) -> NewScoreSheet {
    NewScoreSheet {
        session_id: session,
        item_id: item.to_owned(),
        round: 1,
        seller_id: seller,
        observer_id: None,
        scores: scores.iter().map(|(c, s)| ((*c).to_owned(), *s)).collect(),
        scale: 5,
        comment: "Good open questions.\nRushed the close.".to_owned(),
        supersedes: None,
        recorded_at: at(T2),
    }
}

// ---- sessions ----

#[test]
fn a_session_round_trips_and_ends() {
    let (_dir, mut store, session) = open_with_session();
    let info = store.session(session).unwrap().unwrap();
    assert_eq!(info.deck_title, "Selling on how");
    assert_eq!(info.deck_path, "/decks/Selling on how.ron");
    assert_eq!(info.mode, Mode::Live);
    assert_eq!(info.facilitator, "Sam Facilitator");
    assert_eq!(info.location.as_deref(), Some("Room 2"));
    assert_eq!(rfc3339(&info.started_at), T0);
    assert_eq!(info.ended_at, None);
    assert_eq!(store.unfinished_sessions().unwrap(), vec![info]);

    store.end_session(session, &at(T3)).unwrap();
    let info = store.session(session).unwrap().unwrap();
    assert_eq!(info.ended_at.as_ref().map(rfc3339).as_deref(), Some(T3));
    assert!(store.unfinished_sessions().unwrap().is_empty());
    assert_eq!(store.session(session + 100).unwrap(), None);
}

#[test]
fn sessions_are_listed_newest_first_with_their_counts() {
    let (_dir, mut store) = open();
    let rehearsal = store
        .start_session(&NewSession {
            mode: Mode::Rehearsal,
            location: None,
            ..new_session("First")
        })
        .unwrap();
    let live = store.start_session(&new_session("Second")).unwrap();
    store.end_session(rehearsal, &at(T1)).unwrap();

    let ana = store
        .find_or_add_person("Ana", None, None, &at(T0))
        .unwrap();
    let ben = store
        .find_or_add_person("Ben", None, None, &at(T0))
        .unwrap();
    let cy = store.find_or_add_person("Cy", None, None, &at(T0)).unwrap();
    store
        .record_attendance(live, ana, Presence::Present, &at(T1))
        .unwrap();
    store
        .record_attendance(live, ben, Presence::Late, &at(T1))
        .unwrap();
    store
        .record_attendance(live, ben, Presence::LeftEarly, &at(T2))
        .unwrap();
    store
        .record_attendance(live, cy, Presence::Present, &at(T1))
        .unwrap();
    store
        .record_attendance(live, cy, Presence::Absent, &at(T2))
        .unwrap();

    let first = store
        .record_response(&response(live, "q1", Some(ana), Answer::Options(vec![1])))
        .unwrap();
    store
        .record_response(&NewResponse {
            supersedes: Some(first),
            ..response(live, "q1", Some(ana), Answer::Options(vec![2]))
        })
        .unwrap();
    let withdrawn = store
        .record_response(&response(live, "q1", Some(ben), Answer::Options(vec![0])))
        .unwrap();
    store
        .record_response(&NewResponse {
            supersedes: Some(withdrawn),
            ..response(live, "q1", Some(ben), Answer::Cleared)
        })
        .unwrap();
    store
        .record_score_sheet(&sheet(live, "rp", ana, &[("Rapport", 4)]))
        .unwrap();

    let listed = store.sessions().unwrap();
    let ids: Vec<SessionId> = listed.iter().map(|s| s.session_id).collect();
    assert_eq!(ids, vec![live, rehearsal]);
    // Ana present, Ben left early (came), Cy absent after all.
    assert_eq!(listed[0].people_present, 2);
    // Ana's corrected answer counts once, as the close summary counts it; Ben's answer was
    // withdrawn; the score sheet is counted on its own.
    assert_eq!((listed[0].answers, listed[0].sheets), (1, 1));
    assert_eq!(listed[0].ended_at, None);
    assert_eq!(listed[1].mode, Mode::Rehearsal);
    assert_eq!(listed[1].location, None);
    assert_eq!(
        listed[1].ended_at.as_ref().map(rfc3339).as_deref(),
        Some(T1)
    );
    assert_eq!(listed[1].people_present, 0);
    assert_eq!((listed[1].answers, listed[1].sheets), (0, 0));

    let unfinished: Vec<SessionId> = store
        .unfinished_sessions()
        .unwrap()
        .iter()
        .map(|s| s.session_id)
        .collect();
    assert_eq!(unfinished, vec![live]);
}

// ---- responses ----

#[test]
fn every_answer_kind_round_trips_through_the_file() {
    let (dir, mut store, session) = open_with_session();
    let ana = store
        .find_or_add_person("Ana", None, None, &at(T0))
        .unwrap();
    let text = "First line, with \"quotes\" and 'apostrophes'\nsecond line\r\n\ttabbed 🎉👩🏽‍💼 done\\";
    let answers = [
        ("poll", "Poll", Answer::Options(vec![0, 2, 11]), None),
        ("quiz", "Quiz", Answer::Options(vec![1]), Some(true)),
        ("quiz2", "Quiz", Answer::Options(vec![0]), Some(false)),
        ("rating", "Rating", Answer::Number(4), None),
        ("negative", "Rating", Answer::Number(-3), None),
        ("free", "FreeText", Answer::Text(text.to_owned()), None),
        ("empty", "FreeText", Answer::Text(String::new()), None),
        ("multi", "Poll", Answer::Options(vec![]), None),
    ];
    let mut ids = Vec::new();
    for (item, kind, answer, correct) in &answers {
        ids.push(
            store
                .record_response(&NewResponse {
                    item_kind: podium::deck::ItemKind::parse(kind).unwrap(),
                    correct: *correct,
                    ..response(session, item, Some(ana), answer.clone())
                })
                .unwrap(),
        );
    }
    let anonymous = store
        .record_response(&response(session, "poll", None, Answer::Options(vec![1])))
        .unwrap();
    drop(store);

    let store = Store::open(dir.path()).unwrap();
    for ((item, kind, answer, correct), id) in answers.iter().zip(&ids) {
        let rows = store.responses(session, item).unwrap();
        let row = rows.iter().find(|r| r.response_id == *id).unwrap();
        assert_eq!(&row.answer, answer);
        assert_eq!(row.item_id, *item);
        assert_eq!(row.item_kind.name(), *kind);
        assert_eq!(row.correct, *correct);
        assert_eq!(row.person_id, Some(ana));
        assert_eq!(rfc3339(&row.recorded_at), T1);
    }
    let poll = store.responses(session, "poll").unwrap();
    assert_eq!(poll.len(), 2);
    assert_eq!(poll[1].response_id, anonymous);
    assert_eq!(poll[1].person_id, None);
    let all = store.all_responses(session).unwrap();
    let mut expected = ids.clone();
    expected.push(anonymous);
    assert_eq!(
        all.iter().map(|r| r.response_id).collect::<Vec<_>>(),
        expected
    );
}

#[test]
fn a_correction_replaces_the_answer_and_keeps_the_history() {
    let (dir, mut store, session) = open_with_session();
    let ana = store
        .find_or_add_person("Ana", None, None, &at(T0))
        .unwrap();
    let ben = store
        .find_or_add_person("Ben", None, None, &at(T0))
        .unwrap();
    let first = store
        .record_response(&response(
            session,
            "q1",
            Some(ana),
            Answer::Options(vec![1]),
        ))
        .unwrap();
    let other = store
        .record_response(&response(
            session,
            "q1",
            Some(ben),
            Answer::Options(vec![0]),
        ))
        .unwrap();
    let second = store
        .record_response(&NewResponse {
            supersedes: Some(first),
            ..response(session, "q1", Some(ana), Answer::Options(vec![2]))
        })
        .unwrap();
    let third = store
        .record_response(&NewResponse {
            supersedes: Some(second),
            ..response(session, "q1", Some(ana), Answer::Options(vec![3]))
        })
        .unwrap();

    let current = store.responses(session, "q1").unwrap();
    let ids: Vec<i64> = current.iter().map(|r| r.response_id).collect();
    assert_eq!(ids, vec![other, third]);
    assert_eq!(current[1].answer, Answer::Options(vec![3]));
    assert_eq!(count_rows(dir.path(), "responses"), 4);
}

#[test]
fn cleared_withdraws_the_answer_and_keeps_the_history() {
    let (dir, mut store, session) = open_with_session();
    let ana = store
        .find_or_add_person("Ana", None, None, &at(T0))
        .unwrap();
    let first = store
        .record_response(&response(session, "q1", Some(ana), Answer::Number(5)))
        .unwrap();
    store
        .record_response(&NewResponse {
            supersedes: Some(first),
            ..response(session, "q1", Some(ana), Answer::Cleared)
        })
        .unwrap();
    assert!(store.responses(session, "q1").unwrap().is_empty());
    assert!(store.all_responses(session).unwrap().is_empty());
    assert_eq!(count_rows(dir.path(), "responses"), 2);
}

#[test]
fn a_correction_must_name_an_uncorrected_response_of_the_same_session_and_item() {
    let (dir, mut store, session) = open_with_session();
    let other_session = store.start_session(&new_session("Other")).unwrap();
    let ana = store
        .find_or_add_person("Ana", None, None, &at(T0))
        .unwrap();
    let first = store
        .record_response(&response(session, "q1", Some(ana), Answer::Number(3)))
        .unwrap();
    store
        .record_response(&NewResponse {
            supersedes: Some(first),
            ..response(session, "q1", Some(ana), Answer::Number(4))
        })
        .unwrap();
    let corrections = [
        (
            other_session,
            "q1",
            Some(first),
            Answer::Number(1),
            "session",
        ),
        (session, "q2", Some(first), Answer::Number(1), "item"),
        (session, "q1", Some(9999), Answer::Number(1), "no response"),
        (session, "q1", Some(first), Answer::Number(1), "already"),
        (session, "q1", None, Answer::Cleared, "withdraws"),
    ];
    for (session_id, item, supersedes, answer, words) in corrections {
        let error = store
            .record_response(&NewResponse {
                supersedes,
                ..response(session_id, item, Some(ana), answer)
            })
            .unwrap_err();
        assert!(matches!(error, StoreError::Correction { .. }), "{error:?}");
        assert!(error.to_string().contains(words), "{error}");
    }
    assert_eq!(count_rows(dir.path(), "responses"), 2);
}

#[test]
fn records_naming_unknown_sessions_or_people_are_refused() {
    let (dir, mut store, session) = open_with_session();
    let error = store
        .record_response(&response(session, "q1", Some(4242), Answer::Number(3)))
        .unwrap_err();
    assert!(matches!(error, StoreError::Invalid { .. }), "{error:?}");
    let error = store.record_attendance(4242, 1, Presence::Present, &at(T1));
    assert!(matches!(error, Err(StoreError::Invalid { .. })));
    assert!(store.end_session(4242, &at(T1)).is_err());
    assert_eq!(count_rows(dir.path(), "responses"), 0);
    assert_eq!(count_rows(dir.path(), "session_ends"), 0);
}

// ---- people ----

#[test]
fn a_person_with_an_email_is_the_same_across_sessions() {
    let (dir, mut store) = open();
    let monday = store.start_session(&new_session("Monday")).unwrap();
    let tuesday = store.start_session(&new_session("Tuesday")).unwrap();
    let ana = store
        .find_or_add_person(
            "Ana López",
            Some("ana.lopez@example.com"),
            Some("North"),
            &at(T0),
        )
        .unwrap();
    store.add_to_roster(monday, ana, &at(T0)).unwrap();
    let again = store
        .find_or_add_person(
            "Ana Lopez-Garcia",
            Some("  Ana.Lopez@EXAMPLE.com "),
            Some("South"),
            &at(T1),
        )
        .unwrap();
    store.add_to_roster(tuesday, again, &at(T1)).unwrap();
    assert_eq!(ana, again);
    // Found by email: the person keeps what they were first recorded with.
    let person = store.person(ana).unwrap().unwrap();
    assert_eq!(
        person,
        Person {
            person_id: ana,
            name: "Ana López".to_owned(),
            email: Some("ana.lopez@example.com".to_owned()),
            team: Some("North".to_owned()),
        }
    );
    assert_eq!(
        store.roster(monday).unwrap(),
        store.roster(tuesday).unwrap()
    );
    assert_eq!(count_rows(dir.path(), "people"), 1);
}

#[test]
fn a_person_without_an_email_is_matched_by_name() {
    let (_dir, mut store) = open();
    let ben = store
        .find_or_add_person("Ben Okafor", None, None, &at(T0))
        .unwrap();
    let again = store
        .find_or_add_person("  ben   OKAFOR ", None, Some("Sales"), &at(T1))
        .unwrap();
    assert_eq!(ben, again);
    let other = store
        .find_or_add_person("Ben Okafor Jr", None, None, &at(T1))
        .unwrap();
    assert_ne!(ben, other);
    assert_eq!(store.people().unwrap().len(), 2);
}

#[test]
fn the_same_name_with_different_emails_is_two_people() {
    let (_dir, mut store) = open();
    let first = store
        .find_or_add_person("Chris Lee", Some("chris@a.example"), None, &at(T0))
        .unwrap();
    let second = store
        .find_or_add_person("Chris Lee", Some("chris@b.example"), None, &at(T0))
        .unwrap();
    assert_ne!(first, second);
}

#[test]
fn a_person_needs_a_name() {
    let (_dir, mut store) = open();
    let error = store
        .find_or_add_person("   ", None, None, &at(T0))
        .unwrap_err();
    assert!(matches!(error, StoreError::Invalid { .. }), "{error:?}");
}

#[test]
fn a_rename_changes_the_current_name_and_keeps_the_old_one() {
    let (dir, mut store) = open();
    let dana = store
        .find_or_add_person("Dana Smith", None, None, &at(T0))
        .unwrap();
    store.rename_person(dana, "Dana Jones", &at(T1)).unwrap();
    assert_eq!(store.person(dana).unwrap().unwrap().name, "Dana Jones");
    assert_eq!(store.people().unwrap()[0].name, "Dana Jones");
    assert_eq!(count_rows(dir.path(), "person_names"), 2);
    // The current name is the one a later roster matches.
    let found = store
        .find_or_add_person("dana jones", None, None, &at(T2))
        .unwrap();
    assert_eq!(found, dana);
    assert_eq!(store.person(dana + 1).unwrap(), None);
}

#[test]
fn the_roster_keeps_first_added_order_through_removals() {
    let (dir, mut store, session) = open_with_session();
    let names = ["Ana", "Ben", "Cy", "Dee"];
    let ids: Vec<i64> = names
        .iter()
        .map(|name| store.find_or_add_person(name, None, None, &at(T0)).unwrap())
        .collect();
    for id in &ids {
        store.add_to_roster(session, *id, &at(T0)).unwrap();
    }
    store.remove_from_roster(session, ids[1], &at(T1)).unwrap();
    store.remove_from_roster(session, ids[0], &at(T1)).unwrap();
    store.add_to_roster(session, ids[0], &at(T2)).unwrap();
    let roster: Vec<String> = store
        .roster(session)
        .unwrap()
        .into_iter()
        .map(|p| p.name)
        .collect();
    assert_eq!(roster, vec!["Ana", "Cy", "Dee"]);
    assert_eq!(count_rows(dir.path(), "roster_events"), 7);

    let other = store.start_session(&new_session("Other")).unwrap();
    assert!(store.roster(other).unwrap().is_empty());
}

#[test]
fn attendance_follows_check_in_leaving_and_absence() {
    let (_dir, mut store, session) = open_with_session();
    let [ana, ben, cy, dee] = ["Ana", "Ben", "Cy", "Dee"]
        .map(|name| store.find_or_add_person(name, None, None, &at(T0)).unwrap());
    store
        .record_attendance(session, ana, Presence::Present, &at(T0))
        .unwrap();
    store
        .record_attendance(session, ben, Presence::Late, &at(T1))
        .unwrap();
    store
        .record_attendance(session, cy, Presence::Present, &at(T0))
        .unwrap();
    store
        .record_attendance(session, dee, Presence::Present, &at(T0))
        .unwrap();
    store
        .record_attendance(session, ben, Presence::LeftEarly, &at(T2))
        .unwrap();
    store
        .record_attendance(session, cy, Presence::Absent, &at(T1))
        .unwrap();
    store
        .record_attendance(session, dee, Presence::LeftEarly, &at(T1))
        .unwrap();
    store
        .record_attendance(session, dee, Presence::Present, &at(T3))
        .unwrap();

    // The times as they read back, to the letter: offset and all.
    let row = |person, presence, checked_in: Option<&str>, left: Option<&str>| {
        (
            person,
            presence,
            checked_in.map(str::to_owned),
            left.map(str::to_owned),
        )
    };
    let read: Vec<_> = store
        .attendance(session)
        .unwrap()
        .into_iter()
        .map(|r: AttendanceRow| {
            (
                r.person_id,
                r.presence,
                r.checked_in_at.as_ref().map(rfc3339),
                r.left_at.as_ref().map(rfc3339),
            )
        })
        .collect();
    assert_eq!(
        read,
        vec![
            row(ana, Presence::Present, Some(T0), None),
            row(ben, Presence::LeftEarly, Some(T1), Some(T2)),
            row(cy, Presence::Absent, None, None),
            // Left, then came back: checked in again, no longer gone.
            row(dee, Presence::Present, Some(T3), None),
        ]
    );
}

// ---- role-play ----

#[test]
fn the_latest_groups_win() {
    let (dir, mut store, session) = open_with_session();
    let [a, b, c, d] = ["A", "B", "C", "D"]
        .map(|name| store.find_or_add_person(name, None, None, &at(T0)).unwrap());
    assert!(store.groups(session, "rp").unwrap().is_empty());
    store
        .save_groups(session, "rp", &[vec![a, b], vec![c, d]], &at(T0))
        .unwrap();
    store
        .save_groups(session, "rp", &[vec![d, a, c], vec![], vec![b]], &at(T1))
        .unwrap();
    store
        .save_groups(session, "other", &[vec![a]], &at(T1))
        .unwrap();
    assert_eq!(
        store.groups(session, "rp").unwrap(),
        vec![vec![d, a, c], vec![], vec![b]]
    );
    assert_eq!(store.groups(session, "other").unwrap(), vec![vec![a]]);
    assert_eq!(count_rows(dir.path(), "group_generations"), 3);
    assert_eq!(count_rows(dir.path(), "group_members"), 9);
}

#[test]
fn the_previous_groups_are_the_last_live_sessions_of_the_deck_not_void_with_groups() {
    let (_dir, mut store) = open();
    let [a, b, c, d] = ["A", "B", "C", "D"]
        .map(|name| store.find_or_add_person(name, None, None, &at(T0)).unwrap());
    let first = store.start_session(&new_session("Selling")).unwrap();
    assert!(
        store.previous_groups(first).unwrap().is_empty(),
        "the first time there is none"
    );
    store
        .save_groups(first, "rp", &[vec![a, b], vec![c, d]], &at(T0))
        .unwrap();
    store
        .save_groups(first, "rp", &[vec![a, c], vec![b, d]], &at(T1))
        .unwrap();
    store
        .save_groups(first, "second-rp", &[vec![a, d, b, c]], &at(T1))
        .unwrap();
    // Later sessions that do not count: another deck, a rehearsal, one void, one with no groups.
    let other_deck = store.start_session(&new_session("Other")).unwrap();
    store
        .save_groups(other_deck, "rp", &[vec![a, b, c, d]], &at(T1))
        .unwrap();
    let rehearsal = store
        .start_session(&NewSession {
            mode: Mode::Rehearsal,
            ..new_session("Selling")
        })
        .unwrap();
    store
        .save_groups(rehearsal, "rp", &[vec![a, b, c, d]], &at(T1))
        .unwrap();
    let voided = store.start_session(&new_session("Selling")).unwrap();
    store
        .save_groups(voided, "rp", &[vec![a, b, c, d]], &at(T1))
        .unwrap();
    store
        .set_void(voided, true, "false start", &at(T2))
        .unwrap();
    let no_groups = store.start_session(&new_session("Selling")).unwrap();
    let now = store.start_session(&new_session("Selling")).unwrap();

    let expected = vec![vec![a, c], vec![b, d], vec![a, d, b, c]];
    let mut previous = store.previous_groups(now).unwrap();
    previous.sort();
    let mut sorted = expected.clone();
    sorted.sort();
    assert_eq!(previous, sorted, "the latest groups of each role-play");
    assert_eq!(store.previous_groups(no_groups).unwrap().len(), 3);
    // Made valid again, the voided session is the last one.
    store
        .set_void(voided, false, "it was real", &at(T3))
        .unwrap();
    assert_eq!(store.previous_groups(now).unwrap(), vec![vec![a, b, c, d]]);
    assert!(
        store.previous_groups(first).unwrap().is_empty(),
        "only sessions before"
    );
}

#[test]
fn score_sheets_round_trip_and_a_correction_replaces_one() {
    let (dir, mut store, session) = open_with_session();
    let [seller, observer, other] = ["Seller", "Observer", "Other"]
        .map(|name| store.find_or_add_person(name, None, None, &at(T0)).unwrap());
    let first = store
        .record_score_sheet(&NewScoreSheet {
            observer_id: Some(observer),
            round: 2,
            ..sheet(
                session,
                "rp",
                seller,
                &[("Rapport", 4), ("Questions", 2), ("Close", 5)],
            )
        })
        .unwrap();
    let kept = store
        .record_score_sheet(&sheet(session, "rp", other, &[]))
        .unwrap();
    store
        .record_score_sheet(&sheet(session, "rp2", other, &[("Rapport", 1)]))
        .unwrap();

    let sheets = store.score_sheets(session, "rp").unwrap();
    assert_eq!(sheets.len(), 2);
    assert_eq!(sheets[0].sheet_id, first);
    assert_eq!(sheets[0].round, 2);
    assert_eq!(sheets[0].seller_id, seller);
    assert_eq!(sheets[0].observer_id, Some(observer));
    assert_eq!(sheets[0].scale, 5);
    assert_eq!(sheets[0].comment, "Good open questions.\nRushed the close.");
    assert_eq!(rfc3339(&sheets[0].recorded_at), T2);
    assert_eq!(
        sheets[0].scores,
        vec![
            ("Rapport".to_owned(), 4),
            ("Questions".to_owned(), 2),
            ("Close".to_owned(), 5)
        ]
    );
    assert_eq!(sheets[1].sheet_id, kept);
    assert!(sheets[1].scores.is_empty());

    let corrected = store
        .record_score_sheet(&NewScoreSheet {
            supersedes: Some(first),
            ..sheet(session, "rp", seller, &[("Rapport", 3), ("Questions", 3)])
        })
        .unwrap();
    let sheets = store.score_sheets(session, "rp").unwrap();
    let ids: Vec<i64> = sheets.iter().map(|s| s.sheet_id).collect();
    assert_eq!(ids, vec![kept, corrected]);
    assert_eq!(store.all_score_sheets(session).unwrap().len(), 3);
    assert_eq!(count_rows(dir.path(), "score_sheets"), 4);
    assert_eq!(count_rows(dir.path(), "sheet_scores"), 6);

    let wrong_item = store.record_score_sheet(&NewScoreSheet {
        supersedes: Some(kept),
        ..sheet(session, "rp2", seller, &[])
    });
    assert!(matches!(wrong_item, Err(StoreError::Correction { .. })));
    let out_of_scale = store.record_score_sheet(&sheet(session, "rp", seller, &[("Rapport", 6)]));
    assert!(matches!(out_of_scale, Err(StoreError::Invalid { .. })));
    let zero = store.record_score_sheet(&sheet(session, "rp", seller, &[("Rapport", 0)]));
    assert!(matches!(zero, Err(StoreError::Invalid { .. })));
    assert_eq!(count_rows(dir.path(), "score_sheets"), 4);
}

#[test]
fn a_refused_score_sheet_leaves_nothing_behind() {
    let (dir, mut store, session) = open_with_session();
    let seller = store
        .find_or_add_person("Seller", None, None, &at(T0))
        .unwrap();
    for refused in [
        sheet(session, "rp", 4242, &[("Rapport", 3)]),
        NewScoreSheet {
            observer_id: Some(4242),
            ..sheet(session, "rp", seller, &[("Rapport", 3)])
        },
    ] {
        let error = store.record_score_sheet(&refused).unwrap_err();
        assert!(matches!(error, StoreError::Invalid { .. }), "{error:?}");
    }
    assert_eq!(count_rows(dir.path(), "score_sheets"), 0);
    assert_eq!(count_rows(dir.path(), "sheet_scores"), 0);
}

// ---- notes, position, timing ----

#[test]
fn the_latest_note_of_each_slide_wins() {
    let (dir, mut store, session) = open_with_session();
    store
        .save_note(session, "intro", "Ask who sold today", &at(T0))
        .unwrap();
    store
        .save_note(session, "slide 4: Pricing", "Draft", &at(T0))
        .unwrap();
    store
        .save_note(
            session,
            "intro",
            "Ask who sold today.\nThen the story.",
            &at(T1),
        )
        .unwrap();
    store
        .save_note(session, "slide 4: Pricing", "", &at(T2))
        .unwrap();
    assert_eq!(
        store.notes(session).unwrap(),
        vec![
            (
                "intro".to_owned(),
                "Ask who sold today.\nThen the story.".to_owned()
            ),
            ("slide 4: Pricing".to_owned(), String::new()),
        ]
    );
    assert_eq!(count_rows(dir.path(), "notes"), 4);
    let other = store.start_session(&new_session("Other")).unwrap();
    assert!(store.notes(other).unwrap().is_empty());
}

#[test]
fn the_last_position_is_the_latest_recorded() {
    let (_dir, mut store, session) = open_with_session();
    assert_eq!(store.last_position(session).unwrap(), None);
    store.record_position(session, 3, 1, &at(T0)).unwrap();
    store.record_position(session, 12, 0, &at(T1)).unwrap();
    store.record_position(session, 7, 2, &at(T2)).unwrap();
    assert_eq!(store.last_position(session).unwrap(), Some((7, 2)));
}

#[test]
fn slide_times_round_trip() {
    let (_dir, mut store, session) = open_with_session();
    let times = [
        SlideTime {
            session_id: session,
            slide_index: 0,
            slide_ref: "welcome".to_owned(),
            section: "Warm-up".to_owned(),
            section_planned_minutes: 10,
            seconds: 93.25,
            recorded_at: at(T1),
        },
        SlideTime {
            session_id: session,
            slide_index: 5,
            slide_ref: "slide 6: Pricing".to_owned(),
            section: "Practice".to_owned(),
            section_planned_minutes: 45,
            seconds: 0.125,
            recorded_at: at(T2),
        },
    ];
    for time in &times {
        store.record_slide_time(time).unwrap();
    }
    assert_eq!(store.slide_times(session).unwrap(), times);
    let endless = store.record_slide_time(&SlideTime {
        seconds: f64::NAN,
        ..times[0].clone()
    });
    assert!(matches!(endless, Err(StoreError::Invalid { .. })));
}

// ---- the file: migrations, settings, errors ----

#[test]
fn opening_twice_is_fine_and_keeps_the_data() {
    let dir = tempfile::tempdir().unwrap();
    let session = {
        let mut store = Store::open(dir.path()).unwrap();
        store.start_session(&new_session("Kept")).unwrap()
    };
    let first = Store::open(dir.path()).unwrap();
    // Two open at once (a second Podium window) is fine for reading too.
    let second = Store::open(dir.path()).unwrap();
    assert_eq!(first.session(session).unwrap().unwrap().deck_title, "Kept");
    assert_eq!(second.sessions().unwrap().len(), 1);
    assert_eq!(first.path(), database_path(dir.path()));
}

#[test]
fn the_file_is_version_4_in_wal_mode_with_the_reads_indexed() {
    let (dir, _store) = open();
    let conn = raw(dir.path());
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |row| row.get(0))
        .unwrap();
    assert_eq!(version, 4);
    let mode: String = conn
        .pragma_query_value(None, "journal_mode", |row| row.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let mut statement = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'index'")
        .unwrap();
    let indexes: Vec<String> = statement
        .query_map([], |row| row.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for index in [
        "responses_by_item",
        "score_sheets_by_item",
        "attendance_by_session",
        "roster_events_by_session",
        "group_generations_by_item",
        "notes_by_session",
        "commitment_items_by_item",
        "commitment_updates_by_commitment",
        "observations_by_person",
        "session_voids_by_session",
    ] {
        assert!(indexes.iter().any(|i| i == index), "{index} in {indexes:?}");
    }
}

#[test]
fn a_version_1_file_is_migrated_and_keeps_its_records() {
    let dir = tempfile::tempdir().unwrap();
    {
        // What Podium 1 left: the first schema only.
        let conn = raw(dir.path());
        conn.execute_batch(include_str!("../src/store/schema.sql"))
            .unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
        conn.execute(
            "INSERT INTO sessions (deck_title, deck_path, mode, facilitator, started_at)
             VALUES ('Old', '/decks/old.ron', 'live', 'Sam', ?1)",
            [T0],
        )
        .unwrap();
    }
    let mut store = Store::open(dir.path()).unwrap();
    assert_eq!(store.sessions().unwrap()[0].deck_title, "Old");
    let written = store
        .write_record(
            "k-1",
            &Record::End {
                session: 1,
                at: at(T1),
            },
            &mut |_, _| {},
        )
        .unwrap();
    assert!(!written.already);
    assert_eq!(count_rows(dir.path(), "record_keys"), 1);
}

#[test]
fn a_record_written_twice_under_one_key_is_stored_once() {
    let (dir, mut store, session) = open_with_session();
    let ana = store
        .find_or_add_person("Ana", None, None, &at(T0))
        .unwrap();
    let answer = Record::Response(response(session, "q1", Some(ana), Answer::Number(4)));
    let first = store
        .write_record("answer-1", &answer, &mut |_, _| {})
        .unwrap();
    let again = store
        .write_record("answer-1", &answer, &mut |_, _| {})
        .unwrap();
    assert!(!first.already);
    assert!(again.already);
    assert_eq!(first.ids, again.ids);
    assert_eq!(count_rows(dir.path(), "responses"), 1);

    // A roster of many people: one key for all, each person found again on a second write.
    let roster = Record::People {
        session,
        people: ["Bo", "Chloé", "Ana"]
            .iter()
            .map(|name| NewPerson {
                name: (*name).to_owned(),
                email: None,
                team: None,
            })
            .collect(),
        at: at(T1),
    };
    let mut seen = Vec::new();
    let first = store
        .write_record("roster-1", &roster, &mut |done, total| {
            seen.push((done, total))
        })
        .unwrap();
    assert_eq!(seen.last(), Some(&(3, 3)));
    assert_eq!(first.ids[2], ana, "Ana is the same person");
    let again = store
        .write_record("roster-1", &roster, &mut |_, _| {})
        .unwrap();
    assert!(again.already);
    assert_eq!(again.ids, first.ids);
    let names: Vec<String> = store
        .roster(session)
        .unwrap()
        .into_iter()
        .map(|p| p.name)
        .collect();
    assert_eq!(names, vec!["Bo", "Chloé", "Ana"]);
}

#[test]
fn a_keyed_correction_of_a_corrected_answer_corrects_the_latest_one() {
    let (_dir, mut store, session) = open_with_session();
    let ana = store
        .find_or_add_person("Ana", None, None, &at(T0))
        .unwrap();
    let first = store
        .record_response(&response(session, "q1", Some(ana), Answer::Number(1)))
        .unwrap();
    store
        .record_response(&NewResponse {
            supersedes: Some(first),
            ..response(session, "q1", Some(ana), Answer::Number(2))
        })
        .unwrap();
    // A correction that was made before the one above, merged later from a file.
    let late = Record::Response(NewResponse {
        supersedes: Some(first),
        ..response(session, "q1", Some(ana), Answer::Number(3))
    });
    store.write_record("late", &late, &mut |_, _| {}).unwrap();
    let current = store.responses(session, "q1").unwrap();
    assert_eq!(current.len(), 1, "one answer stays current: {current:?}");
    assert_eq!(current[0].answer, Answer::Number(3));
}

#[test]
fn data_from_a_newer_podium_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    drop(Store::open(dir.path()).unwrap());
    raw(dir.path())
        .pragma_update(None, "user_version", 99)
        .unwrap();

    let error = Store::open(dir.path()).unwrap_err();
    assert!(
        matches!(error, StoreError::Newer { found: 99, .. }),
        "{error:?}"
    );
    let message = error.to_string();
    assert!(
        message.contains("this data was written by a newer Podium; update Podium"),
        "{message}"
    );
    assert!(message.contains("podium.sqlite3"), "{message}");
    assert!(error.advice().contains("Update Podium"));
    let version: i64 = raw(dir.path())
        .pragma_query_value(None, "user_version", |row| row.get(0))
        .unwrap();
    assert_eq!(version, 99);
}

#[test]
fn a_file_that_is_not_sqlite_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let junk = "name,email\nAna,ana@example.com\n".repeat(200);
    std::fs::write(database_path(dir.path()), &junk).unwrap();

    let error = Store::open(dir.path()).unwrap_err();
    assert!(matches!(error, StoreError::NotPodium { .. }), "{error:?}");
    assert!(
        error.to_string().contains("is not a Podium database"),
        "{error}"
    );
    assert!(error.to_string().contains("podium.sqlite3"), "{error}");
    assert_eq!(
        std::fs::read_to_string(database_path(dir.path())).unwrap(),
        junk
    );
}

#[test]
fn another_programs_database_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    raw(dir.path())
        .execute_batch("CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('x');")
        .unwrap();
    let error = Store::open(dir.path()).unwrap_err();
    assert!(matches!(error, StoreError::NotPodium { .. }), "{error:?}");
}

#[test]
fn a_data_folder_under_a_file_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("not-a-folder");
    std::fs::write(&file, "x").unwrap();
    let error = Store::open(&file.join("podium")).unwrap_err();
    assert!(matches!(error, StoreError::NotAFolder { .. }), "{error:?}");
    assert!(error.to_string().contains("not-a-folder"), "{error}");
    assert!(!error.advice().is_empty());
}

/// Runs the ignored test `child` with the folder `dir` read-only, and checks that it passed.
///
/// Permission bits do not stop root (CI runs as root), so then the folder is bind-mounted
/// read-only in a mount namespace of the child's own, which nothing else sees and which ends
/// with it. Otherwise the folder and its files lose their write permission for the test.
#[cfg(unix)]
fn in_read_only_folder(dir: &Path, child: &str) {
    use std::os::unix::fs::PermissionsExt;

    let set_mode = |dir: &Path, folder: u32, file: u32| {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(file)).unwrap();
        }
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(folder)).unwrap();
    };
    set_mode(dir, 0o555, 0o444);
    let probe = dir.join("probe");
    let root = std::fs::write(&probe, "x").is_ok();
    if root {
        std::fs::remove_file(&probe).unwrap();
    }
    let output = if root {
        let script = r#"mount --bind "$PODIUM_RO_DIR" "$PODIUM_RO_DIR" && mount -o remount,bind,ro "$PODIUM_RO_DIR" && exec "$0" "$1" --exact --ignored --nocapture"#;
        std::process::Command::new("unshare")
            .args([
                "--mount",
                "--propagation",
                "private",
                "--",
                "sh",
                "-c",
                script,
            ])
            .arg(std::env::current_exe().unwrap())
            .arg(child)
            .env("PODIUM_RO_DIR", dir)
            .output()
            .expect(
                "running as root, the test needs unshare (util-linux) to make a read-only folder",
            )
    } else {
        std::process::Command::new(std::env::current_exe().unwrap())
            .args([child, "--exact", "--ignored", "--nocapture"])
            .env("PODIUM_RO_DIR", dir)
            .output()
            .unwrap()
    };
    set_mode(dir, 0o755, 0o644);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        output.status.success() && text.contains("1 passed"),
        "{child} in a read-only folder ({}):\n{text}",
        if root {
            "read-only bind mount"
        } else {
            "permission bits"
        }
    );
}

/// The folder a read-only child test works in; `None` when run on its own.
fn read_only_dir() -> Option<std::path::PathBuf> {
    std::env::var_os("PODIUM_RO_DIR").map(Into::into)
}

#[cfg(unix)]
#[test]
fn a_read_only_folder_is_reported() {
    let (dir, mut store) = open();
    store.start_session(&new_session("Archived")).unwrap();
    drop(store);
    in_read_only_folder(dir.path(), "child_read_only_folder_is_reported");
}

#[test]
#[ignore = "run by a_read_only_folder_is_reported in a read-only folder"]
fn child_read_only_folder_is_reported() {
    let Some(dir) = read_only_dir() else {
        return;
    };
    assert!(
        std::fs::write(dir.join("probe"), "x").is_err(),
        "the folder is read-only"
    );
    // The database there cannot be written.
    let error = Store::open(&dir).unwrap_err();
    assert!(matches!(error, StoreError::ReadOnly { .. }), "{error:?}");
    assert!(error.to_string().contains("read-only"), "{error}");
    assert!(error.advice().contains("--data-dir"), "{}", error.advice());
    // A new folder inside it cannot be created either.
    let error = Store::open(&dir.join("podium")).unwrap_err();
    assert!(matches!(error, StoreError::ReadOnly { .. }), "{error:?}");
}

#[cfg(unix)]
#[test]
fn podium_sessions_and_export_read_a_folder_on_a_read_only_disk() {
    let (dir, mut store) = open();
    let session = store.start_session(&new_session("On a USB stick")).unwrap();
    let ana = store
        .find_or_add_person("Ana", None, None, &at(T0))
        .unwrap();
    store
        .record_attendance(session, ana, Presence::Present, &at(T0))
        .unwrap();
    drop(store);
    in_read_only_folder(dir.path(), "child_sessions_on_a_read_only_disk");
}

#[test]
#[ignore = "run by podium_sessions_and_export_read_a_folder_on_a_read_only_disk"]
fn child_sessions_on_a_read_only_disk() {
    let Some(dir) = read_only_dir() else {
        return;
    };
    let before = std::fs::read(database_path(&dir)).unwrap();
    let (outcome, out, err) = run_sessions(&dir);
    assert_eq!(outcome, SessionsOutcome::Listed, "{err}");
    assert!(out.contains("On a USB stick"), "{out}");
    let exported = tempfile::tempdir().unwrap();
    let mut out = Vec::new();
    let mut err = Vec::new();
    let args = podium::cli::ExportArgs {
        session: None,
        latest: true,
        people: false,
        person: None,
        team: false,
        out: Some(exported.path().to_path_buf()),
        pdf: None,
        paper: podium::cli::PaperSize::A4,
        sort: podium::cli::MatrixOrder::Unobserved,
        format: Some(podium::cli::ExportFormat::Csv),
        overwrite: false,
        include_rehearsals: false,
    };
    let today = jiff::civil::date(2026, 1, 1);
    let outcome = cli::export(&dir, &args, today, &mut out, &mut err).unwrap();
    assert_eq!(
        outcome,
        cli::ExportOutcome::Exported,
        "{}",
        String::from_utf8_lossy(&err)
    );
    assert!(exported.path().join("attendance.csv").exists());
    assert_eq!(std::fs::read(database_path(&dir)).unwrap(), before);
}

#[test]
fn podium_sessions_never_writes_to_the_file_it_reads() {
    // A zero-byte file stays zero bytes.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(database_path(dir.path()), "").unwrap();
    let (outcome, out, err) = run_sessions(dir.path());
    assert_eq!(outcome, SessionsOutcome::Listed, "{err}");
    assert!(out.contains("No sessions recorded yet"), "{out}");
    assert_eq!(
        std::fs::metadata(database_path(dir.path())).unwrap().len(),
        0
    );

    // A database in use is read as it is, byte for byte.
    let (dir, mut store) = open();
    store.start_session(&new_session("Kept")).unwrap();
    drop(store);
    let path = database_path(dir.path());
    let before = (
        std::fs::read(&path).unwrap(),
        std::fs::metadata(&path).unwrap().modified().unwrap(),
    );
    let (outcome, out, _) = run_sessions(dir.path());
    assert_eq!(outcome, SessionsOutcome::Listed);
    assert!(out.contains("Kept"), "{out}");
    let after = (
        std::fs::read(&path).unwrap(),
        std::fs::metadata(&path).unwrap().modified().unwrap(),
    );
    assert!(before == after, "podium sessions changed the file");
}

#[test]
fn the_store_and_the_writer_never_import_egui() {
    for folder in ["src/store", "src/record"] {
        let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join(folder);
        for entry in std::fs::read_dir(folder).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            assert!(!text.contains("egui"), "{} mentions egui", path.display());
        }
    }
}

#[test]
fn preferences_are_kept_in_the_data_folder() {
    let data = Path::new("/some/data/folder");
    let options = podium::app::native_options(data);
    assert_eq!(
        options.persistence_path.as_deref(),
        Some(data.join("app.ron").as_path()),
        "window geometry, recent decks and the facilitator's name go with --data-dir"
    );
}

// ---- podium sessions ----

fn run_sessions(dir: &Path) -> (SessionsOutcome, String, String) {
    let mut out = Vec::new();
    let mut err = Vec::new();
    let outcome = cli::sessions(dir, &mut out, &mut err).unwrap();
    (
        outcome,
        String::from_utf8(out).unwrap(),
        String::from_utf8(err).unwrap(),
    )
}

#[test]
fn podium_sessions_without_a_database_says_so_and_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("podium");
    let (outcome, out, err) = run_sessions(&data);
    assert_eq!(outcome, SessionsOutcome::Listed);
    assert!(out.contains("No sessions recorded yet in"), "{out}");
    assert!(out.contains(&data.display().to_string()), "{out}");
    assert!(err.is_empty());
    assert!(!data.exists());
}

#[test]
fn podium_sessions_lists_each_session_with_its_counts() {
    let (dir, mut store) = open();
    let ended = store
        .start_session(&new_session("Discovery calls"))
        .unwrap();
    store.end_session(ended, &at(T3)).unwrap();
    let live = store.start_session(&new_session("Selling on how")).unwrap();
    let ana = store
        .find_or_add_person("Ana", None, None, &at(T0))
        .unwrap();
    store
        .record_attendance(live, ana, Presence::Present, &at(T0))
        .unwrap();
    let first = store
        .record_response(&response(live, "q1", Some(ana), Answer::Number(4)))
        .unwrap();
    // A corrected answer counts once, as the close summary counts it.
    store
        .record_response(&NewResponse {
            supersedes: Some(first),
            ..response(live, "q1", Some(ana), Answer::Number(5))
        })
        .unwrap();
    store
        .record_score_sheet(&sheet(live, "rp", ana, &[("Rapport", 4)]))
        .unwrap();
    drop(store);

    let (outcome, out, err) = run_sessions(dir.path());
    assert_eq!(outcome, SessionsOutcome::Listed);
    assert!(err.is_empty(), "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3, "{out}");
    for heading in ["ID", "DECK", "DATE", "MODE", "PRESENT", "ANSWERS", "SHEETS"] {
        assert!(lines[0].contains(heading), "{out}");
    }
    assert!(lines[1].contains("Selling on how"), "{out}");
    assert!(lines[1].contains(T0), "{out}");
    assert!(lines[1].contains("live"), "{out}");
    assert!(lines[1].trim_end().ends_with("unfinished"), "{out}");
    assert!(lines[2].contains("Discovery calls"), "{out}");
    assert!(!lines[2].contains("unfinished"), "{out}");
    let numbers: Vec<&str> = lines[1].split_whitespace().collect();
    // Present, answers, score sheets.
    assert!(numbers.windows(3).any(|w| w == ["1", "1", "1"]), "{out}");
}

#[test]
fn podium_sessions_explains_an_unreadable_database() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(database_path(dir.path()), "not a database at all, sorry").unwrap();
    let (outcome, out, err) = run_sessions(dir.path());
    assert_eq!(outcome, SessionsOutcome::Failed);
    assert!(out.is_empty(), "{out}");
    assert!(err.contains("is not a Podium database"), "{err}");
    assert!(err.contains("--data-dir"), "{err}");
}

/// A recorded time, from its RFC 3339 text.
fn at(text: &str) -> jiff::Zoned {
    podium::time::parse_rfc3339(text).unwrap()
}
