#![allow(clippy::expect_used, clippy::unwrap_used, clippy::indexing_slicing)]

//! The store's figures: how long one durable commit takes, whether a big session reads as
//! fast as an empty one for the presenter's screen, and how long listing sessions takes.
//!
//! Everything runs on a real file in a temporary folder on the machine's disk, with
//! `synchronous=FULL`, so a commit's time includes its fsync.

mod common;

use std::time::Instant;

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
            started_at: AT.to_owned(),
        })
        .unwrap()
}

fn response(session: SessionId, item: &str, person: PersonId, answer: Answer) -> NewResponse {
    NewResponse {
        session_id: session,
        item_id: item.to_owned(),
        item_kind: "Poll".to_owned(),
        person_id: Some(person),
        answer,
        correct: None,
        supersedes: None,
        recorded_at: AT.to_owned(),
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
                .find_or_add_person(&format!("Person {p}"), Some(&email), Some("Sales"), AT)
                .unwrap()
        })
        .collect();
    for (p, person) in ids.iter().enumerate() {
        store.add_to_roster(session, *person, AT).unwrap();
        let presence = if p % 10 == 0 {
            Presence::Late
        } else {
            Presence::Present
        };
        store
            .record_attendance(session, *person, presence, AT)
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
                        recorded_at: AT.to_owned(),
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
    let dir = tempfile::tempdir().expect("temp folder");
    let mut store = Store::open(dir.path()).unwrap();

    // (a) One durable commit.
    let commits = session(&mut store, "Commits");
    let person = store
        .find_or_add_person("Committer", None, None, AT)
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
