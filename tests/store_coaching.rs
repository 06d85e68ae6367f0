#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

//! The follow-up records in a real SQLite file: commitments from commitment slides and what
//! the leader records about them, field observations with their rubric as it was, corrections
//! and withdrawals, keyed writes, and a deck edited after the fact.

use std::path::Path;

use jiff::Zoned;
use jiff::civil::{Date, date};
use podium::deck::{self, ImageCheck, SlideKind};
use podium::store::stamp::parse_time;
use podium::store::{
    Answer, CommitmentKey, CommitmentStatus, CriterionScore, ItemKind, Mode, NewCommitmentItem,
    NewCommitmentUpdate, NewObservation, NewResponse, NewSession, PersonId, Record, Rubric,
    RubricCriterion, SessionId, Store, StoreError,
};
use tempfile::TempDir;

const STARTED: &str = "2025-03-04T09:00:00+01:00";

fn at(text: &str) -> Zoned {
    parse_time(text).unwrap()
}

fn open() -> (TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    (dir, store)
}

fn session(store: &mut Store, started_at: &str) -> SessionId {
    store
        .start_session(&NewSession {
            deck_title: "Selling on How".into(),
            deck_path: "/decks/selling.ron".into(),
            mode: Mode::Live,
            facilitator: "Sam".into(),
            location: None,
            started_at: at(started_at),
        })
        .unwrap()
}

fn person(store: &mut Store, name: &str) -> PersonId {
    store
        .find_or_add_person(name, None, None, &at(STARTED))
        .unwrap()
}

fn plan_item(due_on: Date) -> NewCommitmentItem {
    NewCommitmentItem {
        item_id: "practice-call".into(),
        prompt: "Which real call will you use this on?".into(),
        follow_up_days: 14,
        due_on,
    }
}

fn answer(
    store: &mut Store,
    session: SessionId,
    item: &str,
    person: PersonId,
    text: &str,
    supersedes: Option<i64>,
) -> i64 {
    store
        .record_response(&NewResponse {
            session_id: session,
            item_id: item.into(),
            item_kind: ItemKind::FreeText,
            person_id: Some(person),
            answer: if text == "<cleared>" {
                Answer::Cleared
            } else {
                Answer::Text(text.into())
            },
            correct: None,
            supersedes,
            recorded_at: at("2025-03-04T15:00:00+01:00"),
        })
        .unwrap()
}

fn key(session: SessionId, person: PersonId) -> CommitmentKey {
    CommitmentKey {
        session_id: session,
        item_id: "practice-call".into(),
        person_id: person,
    }
}

fn update(
    key: &CommitmentKey,
    status: Option<CommitmentStatus>,
    note: Option<&str>,
    due_on: Option<Date>,
    when: &str,
) -> NewCommitmentUpdate {
    NewCommitmentUpdate {
        commitment: key.clone(),
        status,
        note: note.map(str::to_owned),
        due_on,
        recorded_at: at(when),
    }
}

#[test]
fn answers_to_a_commitment_slide_are_commitments_due_on_the_recorded_day() {
    let (_dir, mut store) = open();
    let s = session(&mut store, STARTED);
    let ana = person(&mut store, "Ana Ruiz");
    let wang = person(&mut store, "王芳");
    let blank = person(&mut store, "Blank");
    store
        .record_commitment_items(s, &[plan_item(date(2025, 3, 18))], &at(STARTED))
        .unwrap();
    answer(
        &mut store,
        s,
        "practice-call",
        ana,
        "Northfield, 12 March: ask for a site visit",
        None,
    );
    answer(
        &mut store,
        s,
        "practice-call",
        wang,
        "华东物流，3月14日",
        None,
    );
    answer(&mut store, s, "practice-call", blank, "   ", None);
    // A FreeText that is not a commitment slide.
    answer(
        &mut store,
        s,
        "best-seller-habit",
        ana,
        "Listens first",
        None,
    );

    let commitments = store.commitments().unwrap();
    let texts: Vec<(&str, PersonId)> = commitments
        .iter()
        .map(|c| (c.text.as_str(), c.key.person_id))
        .collect();
    assert_eq!(
        texts,
        [
            ("Northfield, 12 March: ask for a site visit", ana),
            ("华东物流，3月14日", wang)
        ],
        "a blank answer commits to nothing, and other FreeText answers are not commitments"
    );
    let first = &commitments[0];
    assert_eq!(first.key, key(s, ana));
    assert_eq!(first.due_on, date(2025, 3, 18));
    assert_eq!(first.status, CommitmentStatus::Open);
    assert_eq!(first.status_at, None);
    assert_eq!(first.prompt, "Which real call will you use this on?");
    assert_eq!(first.deck_title, "Selling on How");
    assert_eq!(first.session_started_at, at(STARTED));
    assert!(first.is_overdue(date(2025, 3, 19)));
    assert!(
        !first.is_overdue(date(2025, 3, 18)),
        "due today is not overdue"
    );
}

#[test]
fn status_changes_notes_and_new_due_days_are_appended_and_the_latest_counts() {
    let (dir, mut store) = open();
    let s = session(&mut store, STARTED);
    let ana = person(&mut store, "Ana Ruiz");
    store
        .record_commitment_items(s, &[plan_item(date(2025, 3, 18))], &at(STARTED))
        .unwrap();
    answer(&mut store, s, "practice-call", ana, "Northfield call", None);
    let k = key(s, ana);
    store
        .update_commitment(&update(
            &k,
            None,
            Some("Call moved to next week"),
            Some(date(2025, 3, 25)),
            "2025-03-17T10:00:00+01:00",
        ))
        .unwrap();
    store
        .update_commitment(&update(
            &k,
            Some(CommitmentStatus::Done),
            Some("Got the site visit"),
            None,
            "2025-03-24T17:00:00+01:00",
        ))
        .unwrap();
    let c = &store.commitments().unwrap()[0];
    assert_eq!(c.status, CommitmentStatus::Done);
    assert_eq!(c.status_at, Some(at("2025-03-24T17:00:00+01:00")));
    assert_eq!(c.due_on, date(2025, 3, 25));
    let notes: Vec<&str> = c.notes().map(|(note, _)| note).collect();
    assert_eq!(notes, ["Call moved to next week", "Got the site visit"]);
    assert!(!c.is_overdue(date(2025, 4, 1)), "done is never overdue");

    // Reopened: the latest status counts, and nothing earlier is lost.
    store
        .update_commitment(&update(
            &k,
            Some(CommitmentStatus::Open),
            None,
            None,
            "2025-03-25T09:00:00+01:00",
        ))
        .unwrap();
    let c = &store.commitments().unwrap()[0];
    assert_eq!(c.status, CommitmentStatus::Open);
    assert_eq!(c.updates.len(), 3);
    let conn = rusqlite::Connection::open(dir.path().join("podium.sqlite3")).unwrap();
    let rows: i64 = conn
        .query_row("SELECT COUNT(*) FROM commitment_updates", [], |row| {
            row.get(0)
        })
        .unwrap();
    assert_eq!(rows, 3, "every update is a row of its own");
}

#[test]
fn an_update_must_say_something_and_name_a_commitment_slide() {
    let (_dir, mut store) = open();
    let s = session(&mut store, STARTED);
    let ana = person(&mut store, "Ana");
    store
        .record_commitment_items(s, &[plan_item(date(2025, 3, 18))], &at(STARTED))
        .unwrap();
    let k = key(s, ana);
    let empty = store.update_commitment(&update(&k, None, Some("  "), None, STARTED));
    assert!(
        matches!(&empty, Err(StoreError::Invalid { detail }) if detail.contains("needs a status, a note or a due day")),
        "{empty:?}"
    );
    let other = CommitmentKey {
        item_id: "best-seller-habit".into(),
        ..k.clone()
    };
    let refused = store.update_commitment(&update(
        &other,
        Some(CommitmentStatus::Done),
        None,
        None,
        STARTED,
    ));
    assert!(
        matches!(&refused, Err(StoreError::Invalid { detail }) if detail.contains("\"best-seller-habit\" is not a commitment slide of session")),
        "{refused:?}"
    );
    let nobody = CommitmentKey {
        person_id: 999,
        ..k
    };
    let refused = store.update_commitment(&update(
        &nobody,
        Some(CommitmentStatus::Done),
        None,
        None,
        STARTED,
    ));
    assert!(
        matches!(refused, Err(StoreError::Invalid { .. })),
        "{refused:?}"
    );
}

#[test]
fn a_corrected_answer_corrects_the_commitment_and_keeps_its_history() {
    let (_dir, mut store) = open();
    let s = session(&mut store, STARTED);
    let ana = person(&mut store, "Ana");
    store
        .record_commitment_items(s, &[plan_item(date(2025, 3, 18))], &at(STARTED))
        .unwrap();
    let first = answer(
        &mut store,
        s,
        "practice-call",
        ana,
        "a call next week",
        None,
    );
    store
        .update_commitment(&update(
            &key(s, ana),
            None,
            Some("Which customer?"),
            None,
            STARTED,
        ))
        .unwrap();
    let second = answer(
        &mut store,
        s,
        "practice-call",
        ana,
        "Northfield, 12 March",
        Some(first),
    );
    let commitments = store.commitments().unwrap();
    assert_eq!(commitments.len(), 1);
    assert_eq!(commitments[0].text, "Northfield, 12 March");
    assert_eq!(commitments[0].notes().count(), 1);

    // Withdrawn: no commitment, and its notes wait in the records should it come back.
    answer(
        &mut store,
        s,
        "practice-call",
        ana,
        "<cleared>",
        Some(second),
    );
    assert!(store.commitments().unwrap().is_empty());
}

#[test]
fn a_deck_edited_later_does_not_move_the_due_days_of_earlier_sessions() {
    let (_dir, mut store) = open();
    let march = session(&mut store, STARTED);
    let april = session(&mut store, "2025-04-01T09:00:00+02:00");
    let ana = person(&mut store, "Ana");
    store
        .record_commitment_items(march, &[plan_item(date(2025, 3, 18))], &at(STARTED))
        .unwrap();
    // By April the deck says seven days.
    store
        .record_commitment_items(
            april,
            &[NewCommitmentItem {
                follow_up_days: 7,
                due_on: date(2025, 4, 8),
                ..plan_item(date(2025, 4, 8))
            }],
            &at("2025-04-01T09:00:00+02:00"),
        )
        .unwrap();
    answer(&mut store, march, "practice-call", ana, "March plan", None);
    answer(&mut store, april, "practice-call", ana, "April plan", None);
    let due: Vec<(String, Date)> = store
        .commitments()
        .unwrap()
        .into_iter()
        .map(|c| (c.text, c.due_on))
        .collect();
    assert_eq!(
        due,
        [
            ("March plan".to_owned(), date(2025, 3, 18)),
            ("April plan".to_owned(), date(2025, 4, 8))
        ]
    );
}

const DECK: &str = r#"Deck(
    title: "Discovery",
    sections: [
        Section(title: "Practice", minutes: 30, slides: [
            RolePlay(
                id: "discovery-call",
                title: "The discovery call",
                scenario: "A distributor.",
                roles: [Role(name: "Seller", brief: "Ask."), Role(name: "Buyer", brief: "Answer.")],
                minutes_per_round: 8,
                rubric: [
                    Criterion(name: "Open questions", describe: "Cannot be answered yes or no"),
                    Criterion(name: "Listening", describe: "Followed up on what the buyer said"),
                ],
                scale: 5,
            ),
        ]),
    ],
)"#;

/// The rubric of the deck at `path`'s first role-play, as an observation form takes it.
fn rubric_of(path: &Path) -> Rubric {
    let deck = deck::load(path, ImageCheck::Header).unwrap().deck;
    let role_play = deck
        .slides()
        .find_map(|(_, slide)| match &slide.kind {
            SlideKind::RolePlay(rp) => Some(rp.clone()),
            _ => None,
        })
        .unwrap();
    Rubric {
        deck_title: deck.title.clone(),
        deck_path: path.display().to_string(),
        item_id: role_play.id.clone(),
        title: role_play.title.clone(),
        scale: role_play.scale,
        criteria: role_play
            .rubric
            .iter()
            .map(|c| RubricCriterion {
                name: c.name.clone(),
                describe: c.describe.clone(),
            })
            .collect(),
    }
}

fn scores(list: &[(Option<u32>, &str)]) -> Vec<CriterionScore> {
    list.iter()
        .map(|(score, comment)| CriterionScore {
            score: *score,
            comment: (*comment).to_owned(),
        })
        .collect()
}

fn observation(person: PersonId, rubric: &Rubric, list: &[(Option<u32>, &str)]) -> NewObservation {
    NewObservation {
        person_id: person,
        observed_on: date(2025, 3, 12),
        context: "Northfield Foods, packaging tender".into(),
        observer: "Sam".into(),
        rubric: rubric.clone(),
        scores: scores(list),
        supersedes: None,
        recorded_at: at("2025-03-13T08:30:00+01:00"),
    }
}

#[test]
fn an_observation_keeps_its_rubric_when_the_deck_is_edited_afterwards() {
    let (dir, mut store) = open();
    let deck_path = dir.path().join("discovery.ron");
    std::fs::write(&deck_path, DECK).unwrap();
    let ana = person(&mut store, "Ana");
    let rubric = rubric_of(&deck_path);
    let id = store
        .record_observation(&observation(
            ana,
            &rubric,
            &[
                (Some(4), "Good opener"),
                (None, "No chance: the buyer did the talking"),
            ],
        ))
        .unwrap();

    // The deck is edited: a criterion renamed, one added, the scale changed.
    let edited = DECK
        .replace("\"Listening\"", "\"Active listening\"")
        .replace("scale: 5", "scale: 4")
        .replace(
            "],\n                scale",
            "    Criterion(name: \"Next step\", describe: \"Asked for an advance\"),\n                ],\n                scale",
        );
    std::fs::write(&deck_path, &edited).unwrap();
    let now = rubric_of(&deck_path);
    assert_eq!(now.scale, 4);
    assert_eq!(now.criteria.len(), 3);
    assert_eq!(now.criteria[1].name, "Active listening");

    let stored = store.observations_of(ana).unwrap();
    assert_eq!(stored.len(), 1);
    let o = &stored[0];
    assert_eq!(o.observation_id, id);
    assert_eq!(o.rubric, rubric, "the rubric as it was when observed");
    assert_eq!(o.rubric.scale, 5);
    assert_eq!(
        o.rubric
            .criteria
            .iter()
            .map(|c| c.name.as_str())
            .collect::<Vec<_>>(),
        ["Open questions", "Listening"]
    );
    assert_eq!(
        o.scores,
        scores(&[
            (Some(4), "Good opener"),
            (None, "No chance: the buyer did the talking")
        ])
    );
    assert_eq!(o.observed_on, date(2025, 3, 12));
    assert_eq!(o.context, "Northfield Foods, packaging tender");
    assert_eq!(o.recorded_at, at("2025-03-13T08:30:00+01:00"));
    assert_eq!(o.corrects, None);
}

#[test]
fn an_observation_is_refused_when_its_scores_do_not_fit_its_rubric() {
    let (dir, mut store) = open();
    let deck_path = dir.path().join("discovery.ron");
    std::fs::write(&deck_path, DECK).unwrap();
    let ana = person(&mut store, "Ana");
    let rubric = rubric_of(&deck_path);
    for (list, needle) in [
        (
            vec![(Some(6), ""), (Some(3), "")],
            "the score 6 for \"Open questions\" is outside 1 to 5",
        ),
        (vec![(Some(3), "")], "has 1 scores for the 2 criteria"),
        (
            vec![(None, "x"), (None, "y")],
            "needs a score for at least one criterion",
        ),
    ] {
        let refused = store.record_observation(&observation(ana, &rubric, &list));
        assert!(
            matches!(&refused, Err(StoreError::Invalid { detail }) if detail.contains(needle)),
            "{needle}: {refused:?}"
        );
    }
    let nobody =
        store.record_observation(&observation(4242, &rubric, &[(Some(3), ""), (None, "")]));
    assert!(
        matches!(nobody, Err(StoreError::Invalid { .. })),
        "{nobody:?}"
    );
    assert!(store.observations().unwrap().is_empty());
}

#[test]
fn a_correction_supersedes_an_observation_and_a_withdrawal_takes_it_back() {
    let (dir, mut store) = open();
    let deck_path = dir.path().join("discovery.ron");
    std::fs::write(&deck_path, DECK).unwrap();
    let ana = person(&mut store, "Ana");
    let ben = person(&mut store, "Ben");
    let rubric = rubric_of(&deck_path);
    let first = store
        .record_observation(&observation(ana, &rubric, &[(Some(2), ""), (Some(3), "")]))
        .unwrap();
    let other = store
        .record_observation(&observation(ben, &rubric, &[(Some(5), ""), (Some(5), "")]))
        .unwrap();
    let corrected = store
        .record_observation(&NewObservation {
            supersedes: Some(first),
            context: "Northfield Foods, second call".into(),
            ..observation(ana, &rubric, &[(Some(3), "Better"), (Some(3), "")])
        })
        .unwrap();
    let current = store.observations().unwrap();
    let ids: Vec<i64> = current.iter().map(|o| o.observation_id).collect();
    assert_eq!(ids, [other, corrected]);
    assert_eq!(current[1].corrects, Some(first));
    assert_eq!(current[1].scores[0].score, Some(3));

    // The old one cannot be corrected again, nor corrected as someone else's.
    let again = store.record_observation(&NewObservation {
        supersedes: Some(first),
        ..observation(ana, &rubric, &[(Some(1), ""), (Some(1), "")])
    });
    assert!(
        matches!(&again, Err(StoreError::Correction { detail }) if detail.contains("already been corrected")),
        "{again:?}"
    );
    let wrong = store.record_observation(&NewObservation {
        supersedes: Some(other),
        ..observation(ana, &rubric, &[(Some(1), ""), (Some(1), "")])
    });
    assert!(
        matches!(&wrong, Err(StoreError::Correction { detail }) if detail.contains("is of person")),
        "{wrong:?}"
    );

    store
        .withdraw_observation(corrected, &at("2025-03-14T09:00:00+01:00"))
        .unwrap();
    assert!(store.observations_of(ana).unwrap().is_empty());
    assert_eq!(store.observations_of(ben).unwrap().len(), 1);
    let gone = store.withdraw_observation(9999, &at(STARTED));
    assert!(
        matches!(gone, Err(StoreError::Correction { .. })),
        "{gone:?}"
    );
}

#[test]
fn keyed_follow_up_records_are_stored_once_and_a_late_correction_corrects_the_latest() {
    let (dir, mut store) = open();
    let deck_path = dir.path().join("discovery.ron");
    std::fs::write(&deck_path, DECK).unwrap();
    let s = session(&mut store, STARTED);
    let ana = person(&mut store, "Ana");
    let rubric = rubric_of(&deck_path);
    let items = Record::CommitmentItems {
        session: s,
        items: vec![plan_item(date(2025, 3, 18))],
        at: at(STARTED),
    };
    let observed = Record::Observation(observation(ana, &rubric, &[(Some(2), ""), (None, "")]));
    let mut ids = Vec::new();
    for (key, record) in [("items", &items), ("obs", &observed)] {
        let written = store.write_record(key, record, &mut |_, _| {}).unwrap();
        assert!(!written.already);
        let again = store.write_record(key, record, &mut |_, _| {}).unwrap();
        assert!(again.already, "the same key adds nothing");
        assert_eq!(again.ids, written.ids);
        ids.push(written.ids[0]);
    }
    answer(&mut store, s, "practice-call", ana, "Northfield", None);
    let done = Record::CommitmentUpdate(update(
        &key(s, ana),
        Some(CommitmentStatus::Done),
        None,
        None,
        "2025-03-20T12:00:00+01:00",
    ));
    store.write_record("done", &done, &mut |_, _| {}).unwrap();
    store.write_record("done", &done, &mut |_, _| {}).unwrap();
    assert_eq!(store.commitments().unwrap()[0].updates.len(), 1);

    // Two corrections of the same observation, as two windows or a merged file would make:
    // the second corrects the first correction, so one observation stays current.
    for (key, score) in [("fix-1", 3), ("fix-2", 4)] {
        let fix = Record::Observation(NewObservation {
            supersedes: Some(ids[1]),
            ..observation(ana, &rubric, &[(Some(score), ""), (None, "")])
        });
        store.write_record(key, &fix, &mut |_, _| {}).unwrap();
    }
    let current = store.observations().unwrap();
    assert_eq!(current.len(), 1);
    assert_eq!(current[0].scores[0].score, Some(4));
    let withdraw = Record::WithdrawObservation {
        observation: ids[1],
        at: at("2025-03-21T12:00:00+01:00"),
    };
    store
        .write_record("gone", &withdraw, &mut |_, _| {})
        .unwrap();
    assert!(store.observations().unwrap().is_empty());
    let _ = dir;
}

#[test]
fn a_version_2_file_is_migrated_to_hold_the_follow_up_records() {
    let dir = tempfile::tempdir().unwrap();
    {
        let conn = rusqlite::Connection::open(dir.path().join("podium.sqlite3")).unwrap();
        conn.execute_batch(include_str!("../src/store/schema.sql"))
            .unwrap();
        conn.execute_batch(include_str!("../src/store/migrate_2.sql"))
            .unwrap();
        conn.pragma_update(None, "user_version", 2).unwrap();
        conn.execute(
            "INSERT INTO sessions (deck_title, deck_path, mode, facilitator, started_at)
             VALUES ('Old', '/decks/old.ron', 'live', 'Sam', ?1)",
            [STARTED],
        )
        .unwrap();
    }
    let mut store = Store::open(dir.path()).unwrap();
    assert_eq!(store.sessions().unwrap()[0].deck_title, "Old");
    store
        .record_commitment_items(1, &[plan_item(date(2025, 3, 18))], &at(STARTED))
        .unwrap();
    assert!(store.commitments().unwrap().is_empty());
}
