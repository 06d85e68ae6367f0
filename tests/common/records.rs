#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

//! A data folder with records to look at: two live sessions of the sample deck with the
//! twelve-person roster of `tests/fixtures/roster12.csv`, and a rehearsal of it.

use std::path::{Path, PathBuf};

use jiff::Zoned;

use podium::deck::{self, ImageCheck};
use podium::record::follow_up::commitment_items;
use podium::store::{
    Answer, ItemKind, Mode, NewResponse, NewScoreSheet, NewSession, PersonId, Presence, SlideTime,
    Store,
};

fn at(text: &str) -> Zoned {
    podium::time::parse_rfc3339(text).unwrap()
}

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

pub const CRITERIA: [&str; 5] = [
    "Open questions",
    "Implication questions",
    "Listening",
    "Need confirmed first",
    "Asked for an advance",
];

/// Records two live sessions of the sample deck in `dir` (3 and 10 November 2026): the roster
/// of `tests/fixtures/roster12.csv` present at both, a score sheet each on the Northfield
/// role-play, confidence before and after, a quiz answer, and each person's commitment.
/// Returns the people in roster order.
pub fn prepare(dir: &Path) -> Vec<PersonId> {
    let deck_path = repo("decks/selling-on-how.ron");
    let deck = deck::load(&deck_path, ImageCheck::Header).unwrap().deck;
    let roster = podium::roster::read_roster(&repo("tests/fixtures/roster12.csv")).unwrap();
    assert_eq!(roster.people.len(), 12);
    let mut store = Store::open(dir).unwrap();
    let mut people = Vec::new();
    for (week, started) in ["2026-11-03T09:00:00+01:00", "2026-11-10T09:00:00+01:00"]
        .into_iter()
        .enumerate()
    {
        let started = at(started);
        let session = store
            .start_session(&NewSession {
                deck_title: deck.title.clone(),
                deck_path: deck_path.display().to_string(),
                mode: Mode::Live,
                facilitator: "Dana".into(),
                location: None,
                started_at: started.clone(),
            })
            .unwrap();
        store
            .record_commitment_items(session, &commitment_items(&deck, &started), &started)
            .unwrap();
        people.clear();
        for (i, entry) in roster.people.iter().enumerate() {
            let person = store
                .find_or_add_person(
                    &entry.name,
                    entry.email.as_deref(),
                    entry.team.as_deref(),
                    &started,
                )
                .unwrap();
            people.push(person);
            store.add_to_roster(session, person, &started).unwrap();
            store
                .record_attendance(session, person, Presence::Present, &started)
                .unwrap();
            // Each person's lowest latest score is 1 + i % 5; criteria go up and down by one
            // from week to week.
            let score = |c: usize| u32::try_from((1 + i % 5 + (c + week) % 2).min(5)).unwrap();
            store
                .record_score_sheet(&NewScoreSheet {
                    session_id: session,
                    item_id: "triad-northfield".into(),
                    round: 1,
                    seller_id: person,
                    observer_id: None,
                    scores: CRITERIA
                        .iter()
                        .enumerate()
                        .map(|(c, name)| ((*name).to_owned(), score(c)))
                        .collect(),
                    scale: 5,
                    comment: String::new(),
                    supersedes: None,
                    recorded_at: started.clone(),
                })
                .unwrap();
            let i64_of = |n: usize| i64::try_from(n).unwrap();
            store
                .record_response(&NewResponse {
                    session_id: session,
                    item_id: "trap-check".into(),
                    item_kind: ItemKind::Quiz,
                    person_id: Some(person),
                    answer: Answer::Options(vec![i % 2]),
                    correct: Some(i % 2 == 1),
                    supersedes: None,
                    recorded_at: started.clone(),
                })
                .unwrap();
            for (item, kind, answer) in [
                (
                    "confidence-before",
                    ItemKind::Rating,
                    Answer::Number(1 + i64_of(i % 3)),
                ),
                (
                    "confidence-after",
                    ItemKind::Rating,
                    Answer::Number(3 + i64_of(i % 3)),
                ),
                (
                    "practice-call",
                    ItemKind::FreeText,
                    Answer::Text(format!("Call {} in week {}", i + 1, week + 1)),
                ),
            ] {
                store
                    .record_response(&NewResponse {
                        session_id: session,
                        item_id: item.into(),
                        item_kind: kind,
                        person_id: Some(person),
                        answer,
                        correct: None,
                        supersedes: None,
                        recorded_at: started.clone(),
                    })
                    .unwrap();
            }
        }
        store
            .end_session(session, &at("2026-11-03T17:00:00+01:00"))
            .unwrap();
    }
    people
}

/// Records a finished rehearsal of the sample deck in `dir` (26 November 2026), each slide
/// timed, some over their section's plan.
pub fn rehearse(dir: &Path) {
    let deck_path = repo("decks/selling-on-how.ron");
    let deck = deck::load(&deck_path, ImageCheck::Header).unwrap().deck;
    let started = at("2026-11-26T18:00:00+01:00");
    let mut store = Store::open(dir).unwrap();
    let session = store
        .start_session(&NewSession {
            deck_title: deck.title.clone(),
            deck_path: deck_path.display().to_string(),
            mode: Mode::Rehearsal,
            facilitator: "Dana".into(),
            location: None,
            started_at: started.clone(),
        })
        .unwrap();
    for (slide_index, (section, slide)) in deck.slides().enumerate() {
        let section = &deck.sections[section];
        store
            .record_slide_time(&SlideTime {
                session_id: session,
                slide_index,
                slide_ref: format!("slide {}: {}", slide_index + 1, slide.kind.heading()),
                section: section.title.clone(),
                section_planned_minutes: section.minutes,
                seconds: 30.0 + 45.0 * (slide_index % 4) as f64,
                recorded_at: started.clone(),
            })
            .unwrap();
    }
    store
        .end_session(session, &at("2026-11-26T20:10:00+01:00"))
        .unwrap();
}

/// Records a live session of the sample deck in `dir` that never ended (27 November 2026),
/// with the roster of `tests/fixtures/roster12.csv` and three people checked in.
pub fn unfinished(dir: &Path) {
    let deck_path = repo("decks/selling-on-how.ron");
    let deck = deck::load(&deck_path, ImageCheck::Header).unwrap().deck;
    let roster = podium::roster::read_roster(&repo("tests/fixtures/roster12.csv")).unwrap();
    let started = at("2026-11-27T08:30:00+01:00");
    let mut store = Store::open(dir).unwrap();
    let session = store
        .start_session(&NewSession {
            deck_title: deck.title.clone(),
            deck_path: deck_path.display().to_string(),
            mode: Mode::Live,
            facilitator: "Maximilian Alexander Fitzgerald-Worthington von Hohenzollern".into(),
            location: None,
            started_at: started.clone(),
        })
        .unwrap();
    for (i, entry) in roster.people.iter().enumerate() {
        let person = store
            .find_or_add_person(
                &entry.name,
                entry.email.as_deref(),
                entry.team.as_deref(),
                &started,
            )
            .unwrap();
        store.add_to_roster(session, person, &started).unwrap();
        if i < 3 {
            store
                .record_attendance(session, person, Presence::Present, &started)
                .unwrap();
        }
    }
}
