#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

//! Follow-up records (commitment slides, commitment updates, observations) go through the one
//! writer thread: in order, each committed before it leaves the journal, waiting in memory while
//! another program holds the database, and saved to a file of unsaved records that merges back
//! once. Real SQLite files in temporary folders throughout.

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use jiff::Zoned;
use jiff::civil::date;
use podium::record::pending_file;
use podium::record::{
    self, Event, FollowUpPending, FollowUpWrite, Journal, LocalRecord, NO_SESSION, Pending, Writer,
};
use podium::store::stamp::parse_time;
use podium::store::{
    Answer, CommitmentKey, CommitmentStatus, CriterionScore, ItemKind, Mode, NewCommitmentItem,
    NewCommitmentUpdate, NewObservation, NewResponse, NewSession, Rubric, RubricCriterion, Store,
    database_path,
};

const STARTED: &str = "2026-11-02T09:00:00+01:00";

fn at(text: &str) -> Zoned {
    parse_time(text).unwrap()
}

fn quiet() -> record::Notify {
    Arc::new(|| {})
}

fn wait_for(what: &str, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while !done() {
        assert!(Instant::now() < deadline, "{what} never happened");
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn rubric() -> Rubric {
    Rubric {
        deck_title: "Selling on How".into(),
        deck_path: "/decks/selling-on-how.ron".into(),
        item_id: "triad-northfield".into(),
        title: "Northfield".into(),
        scale: 5,
        criteria: vec![
            RubricCriterion {
                name: "Open questions".into(),
                describe: "Mostly open".into(),
            },
            RubricCriterion {
                name: "Listening".into(),
                describe: "Followed up".into(),
            },
        ],
    }
}

fn observation(person: i64, open: u32, supersedes: Option<i64>) -> NewObservation {
    NewObservation {
        person_id: person,
        observed_on: date(2026, 11, 10),
        context: "Northfield Foods".into(),
        observer: "Sam".into(),
        rubric: rubric(),
        scores: vec![
            CriterionScore {
                score: Some(open),
                comment: String::new(),
            },
            CriterionScore {
                score: None,
                comment: "not seen".into(),
            },
        ],
        supersedes,
        recorded_at: at("2026-11-10T17:00:00+01:00"),
    }
}

/// A data folder with a finished live session whose commitment slide Ana answered.
fn recorded(dir: &Path) -> (i64, i64) {
    let mut store = Store::open(dir).unwrap();
    let session = store
        .start_session(&NewSession {
            deck_title: "Selling on How".into(),
            deck_path: "/decks/selling-on-how.ron".into(),
            mode: Mode::Live,
            facilitator: "Sam".into(),
            location: None,
            started_at: at(STARTED),
        })
        .unwrap();
    let ana = store
        .find_or_add_person("Ana Ruiz", None, None, &at(STARTED))
        .unwrap();
    store
        .record_commitment_items(
            session,
            &[NewCommitmentItem {
                item_id: "practice-call".into(),
                prompt: "Which call?".into(),
                follow_up_days: 14,
                due_on: date(2026, 11, 16),
            }],
            &at(STARTED),
        )
        .unwrap();
    store
        .record_response(&NewResponse {
            session_id: session,
            item_id: "practice-call".into(),
            item_kind: ItemKind::FreeText,
            person_id: Some(ana),
            answer: Answer::Text("Northfield, 10 November".into()),
            correct: None,
            supersedes: None,
            recorded_at: at(STARTED),
        })
        .unwrap();
    (session, ana)
}

/// A journal for follow-up outside a show, and its writer.
fn follow_up_writer(dir: &Path) -> (Arc<Mutex<Journal>>, Writer) {
    let journal = Arc::new(Mutex::new(Journal::new(
        dir,
        NO_SESSION,
        "Follow-up",
        &at(STARTED),
    )));
    let writer = Writer::start(dir, journal.clone(), None, quiet());
    (journal, writer)
}

/// Puts `write` in the journal and hands it to the writer, as a screen would.
fn send(journal: &Mutex<Journal>, writer: &mut Writer, write: FollowUpWrite) -> String {
    let pending = Arc::new(FollowUpPending::new(NO_SESSION, write));
    record::lock(journal).follow_ups.push_back(pending.clone());
    writer.send_follow_up(pending.clone());
    pending.key.clone()
}

#[test]
fn follow_up_records_wait_while_the_database_is_held_and_are_saved_in_order_after() {
    let dir = tempfile::tempdir().unwrap();
    let (session, ana) = recorded(dir.path());
    let (journal, mut writer) = follow_up_writer(dir.path());

    // Another program holds the write lock.
    let holder = rusqlite::Connection::open(database_path(dir.path())).unwrap();
    holder.execute_batch("BEGIN EXCLUSIVE").unwrap();

    let commitment = CommitmentKey {
        session_id: session,
        item_id: "practice-call".into(),
        person_id: ana,
    };
    let keys = [
        send(
            &journal,
            &mut writer,
            FollowUpWrite::CommitmentUpdate(NewCommitmentUpdate {
                commitment: commitment.clone(),
                status: Some(CommitmentStatus::Done),
                note: Some("Site visit booked".into()),
                due_on: None,
                recorded_at: at("2026-11-10T18:00:00+01:00"),
            }),
        ),
        // An observation, then its correction naming it by its stand-in: the writer maps it.
        send(
            &journal,
            &mut writer,
            FollowUpWrite::Observation {
                observation: -1,
                new: observation(ana, 2, None),
            },
        ),
        send(
            &journal,
            &mut writer,
            FollowUpWrite::Observation {
                observation: -2,
                new: observation(ana, 4, Some(-1)),
            },
        ),
    ];
    wait_for("the writer to say why it waits", || {
        record::lock(&journal).problem.is_some()
    });
    {
        let status = record::lock(&journal).status();
        assert_eq!(status.pending, 3, "{status:?}");
        assert!(
            status
                .problem
                .as_deref()
                .unwrap()
                .contains("in use by another program"),
            "{status:?}"
        );
    }

    holder.execute_batch("COMMIT").unwrap();
    wait_for("every record to be saved", || {
        record::lock(&journal).waiting() == 0
    });
    let mut committed = Vec::new();
    wait_for("three commits reported", || {
        committed.extend(writer.events());
        committed.len() >= 3
    });
    let expected: Vec<Event> = keys.iter().cloned().map(Event::Committed).collect();
    assert_eq!(committed, expected, "in the order they were made");
    assert_eq!(record::lock(&journal).status().problem, None);

    let store = Store::open(dir.path()).unwrap();
    let c = &store.commitments().unwrap()[0];
    assert_eq!(c.status, CommitmentStatus::Done);
    assert_eq!(c.notes().next().unwrap().0, "Site visit booked");
    let observations = store.observations_of(ana).unwrap();
    assert_eq!(observations.len(), 1, "the correction replaced the first");
    assert_eq!(observations[0].scores[0].score, Some(4));
    assert!(observations[0].corrects.is_some());
}

#[test]
fn a_show_records_its_commitment_slides_under_the_session_it_starts() {
    let dir = tempfile::tempdir().unwrap();
    let journal = Arc::new(Mutex::new(Journal::new(
        dir.path(),
        -1,
        "Selling",
        &at(STARTED),
    )));
    let mut writer = Writer::start(dir.path(), journal.clone(), None, quiet());
    let start = Arc::new(Pending {
        key: record::new_key(),
        session: -1,
        write: LocalRecord::StartSession(NewSession {
            deck_title: "Selling".into(),
            deck_path: "/decks/selling.ron".into(),
            mode: Mode::Live,
            facilitator: "Sam".into(),
            location: None,
            started_at: at(STARTED),
        }),
    });
    record::lock(&journal).pending.push_back(start.clone());
    writer.send(start);
    let items = Arc::new(FollowUpPending::new(
        -1,
        FollowUpWrite::CommitmentItems {
            items: vec![NewCommitmentItem {
                item_id: "practice-call".into(),
                prompt: "Which call?".into(),
                follow_up_days: 14,
                due_on: date(2026, 11, 16),
            }],
            at: at(STARTED),
        },
    ));
    record::lock(&journal).follow_ups.push_back(items.clone());
    writer.send_follow_up(items);
    wait_for("both saved", || record::lock(&journal).waiting() == 0);
    let stored = record::lock(&journal).status().stored_session.unwrap();
    drop(writer);

    let conn = rusqlite::Connection::open(database_path(dir.path())).unwrap();
    let (session, due): (i64, String) = conn
        .query_row(
            "SELECT session_id, due_on FROM commitment_items",
            [],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .unwrap();
    assert_eq!((session, due.as_str()), (stored, "2026-11-16"));
}

#[test]
fn unsaved_follow_up_records_go_to_a_file_that_merges_once() {
    let dir = tempfile::tempdir().unwrap();
    let (session, ana) = recorded(dir.path());
    // The records a journal could not save before the window closed.
    let mut journal = Journal::new(dir.path(), NO_SESSION, "Follow-up", &at(STARTED));
    let update = FollowUpPending::new(
        NO_SESSION,
        FollowUpWrite::CommitmentUpdate(NewCommitmentUpdate {
            commitment: CommitmentKey {
                session_id: session,
                item_id: "practice-call".into(),
                person_id: ana,
            },
            status: None,
            note: Some("Asked for the date again".into()),
            due_on: Some(date(2026, 11, 23)),
            recorded_at: at("2026-11-16T09:00:00+01:00"),
        }),
    );
    let observed = FollowUpPending::new(
        NO_SESSION,
        FollowUpWrite::Observation {
            observation: -5,
            new: observation(ana, 3, None),
        },
    );
    let withdrawn = FollowUpPending::new(
        NO_SESSION,
        FollowUpWrite::WithdrawObservation {
            observation: -5,
            at: at("2026-11-16T10:00:00+01:00"),
        },
    );
    let kept = FollowUpPending::new(
        NO_SESSION,
        FollowUpWrite::Observation {
            observation: -6,
            new: observation(ana, 5, None),
        },
    );
    for pending in [update, observed, withdrawn, kept] {
        journal.follow_ups.push_back(Arc::new(pending));
    }
    let batch = pending_file::batch_of(&journal).unwrap();
    let file = dir.path().join("unsaved.json");
    pending_file::save(&file, vec![batch]).unwrap();
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        text.contains("\"version\": 2"),
        "a reader that predates follow-up records refuses the file instead of skipping them:\n{text}"
    );

    let loaded = pending_file::load(&file).unwrap();
    assert_eq!(pending_file::count(&loaded), 4);
    let mut store = Store::open(dir.path()).unwrap();
    let merged = pending_file::merge(&mut store, &loaded).unwrap();
    assert_eq!((merged.added, merged.already), (4, 0), "{merged:?}");
    let again = pending_file::merge(&mut store, &loaded).unwrap();
    assert_eq!((again.added, again.already), (0, 4), "{again:?}");

    let c = &store.commitments().unwrap()[0];
    assert_eq!(c.due_on, date(2026, 11, 23));
    assert_eq!(c.status, CommitmentStatus::Open);
    let observations = store.observations_of(ana).unwrap();
    assert_eq!(
        observations.len(),
        1,
        "the withdrawn one is gone: {observations:#?}"
    );
    assert_eq!(observations[0].scores[0].score, Some(5));
}

#[test]
fn a_live_show_records_its_commitment_slides_and_a_rehearsal_does_not() {
    use podium::record::room::Recorder;
    let deck_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("decks/selling-on-how.ron");
    let deck = podium::deck::load(&deck_path, podium::deck::ImageCheck::Header)
        .unwrap()
        .deck;
    for mode in [Mode::Live, Mode::Rehearsal] {
        let dir = tempfile::tempdir().unwrap();
        let mut recorder = Recorder::start(
            dir.path(),
            NewSession {
                deck_title: deck.title.clone(),
                deck_path: deck_path.display().to_string(),
                mode,
                facilitator: "Sam".into(),
                location: None,
                started_at: at(STARTED),
            },
            quiet(),
        );
        recorder.record_commitment_items(&deck, at(STARTED));
        wait_for("the records saved", || {
            recorder.poll();
            recorder.unsaved() == 0
        });
        let conn = rusqlite::Connection::open(database_path(dir.path())).unwrap();
        let mut statement = conn
            .prepare("SELECT item_id, follow_up_days, due_on FROM commitment_items")
            .unwrap();
        let items: Vec<(String, u32, String)> = statement
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        match mode {
            // The sample deck's closing commitment, due 14 days after 2 November.
            Mode::Live => assert_eq!(items, [("practice-call".into(), 14, "2026-11-16".into())]),
            Mode::Rehearsal => assert!(items.is_empty(), "{items:?}"),
        }
    }
}
