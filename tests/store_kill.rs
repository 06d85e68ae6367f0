#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

//! Crash safety: a writer process is killed (SIGKILL on Unix) at a random moment, again and
//! again, and every record it had been told was saved must still be there, whole.
//!
//! The writer is this test binary run again as a child, with only the ignored `child_writer`
//! test selected: it prints `ack ...` after each write returns `Ok`, and the parent checks
//! each acknowledged record after the kill.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use podium::store::{
    Answer, Mode, NewPerson, NewResponse, NewScoreSheet, NewSession, PersonId, Presence, Record,
    ResponseId, SessionId, Store, database_path,
};

const AT: &str = "2025-03-04T09:00:00+01:00";
const ROUNDS: u64 = 30;
/// The soak: run with `cargo test --release --test store_kill -- --ignored soak`.
const SOAK_ROUNDS: u64 = 220;
/// People in the roster each session imports, in one transaction.
const ROSTER: usize = 12;
const ITEM: &str = "q-open";
const ROLE_PLAY: &str = "rp-discovery";

// ---- what the child writes, derived from (session, i) so the parent knows what to expect ----

fn person_name(session: SessionId, i: u64) -> String {
    format!("Person {session}-{i}")
}

fn presence_for(i: u64) -> Presence {
    [
        Presence::Present,
        Presence::Late,
        Presence::LeftEarly,
        Presence::Absent,
    ][(i % 4) as usize]
}

fn answer_for(session: SessionId, i: u64) -> Answer {
    match i % 3 {
        0 => Answer::Options(vec![(i % 5) as usize, 7]),
        1 => Answer::Number(i as i64 - 50),
        _ => Answer::Text(format!(
            "answer {session}-{i}\nwith \"quotes\", commas and 🎯 {}",
            "x".repeat((i % 40) as usize)
        )),
    }
}

fn corrected_answer_for(session: SessionId, i: u64) -> Answer {
    Answer::Text(format!("corrected {session}-{i}"))
}

fn scores_for(i: u64) -> Vec<(String, u32)> {
    ["Rapport", "Questions", "Close"]
        .iter()
        .enumerate()
        .map(|(k, name)| ((*name).to_owned(), ((i + k as u64) % 5 + 1) as u32))
        .collect()
}

fn comment_for(session: SessionId, i: u64) -> String {
    format!("sheet {session}-{i}: good\nthen better")
}

fn response(session: SessionId, person: PersonId, answer: Answer) -> NewResponse {
    NewResponse {
        session_id: session,
        item_id: ITEM.to_owned(),
        item_kind: podium::deck::ItemKind::FreeText,
        person_id: Some(person),
        answer,
        correct: None,
        supersedes: None,
        recorded_at: at(AT),
    }
}

fn ack(line: &str) {
    let mut out = std::io::stdout().lock();
    writeln!(out, "ack {line}").unwrap();
    out.flush().unwrap();
}

/// The writer. Selected and run by `records_survive_kills`; alone it returns at once.
#[test]
#[ignore = "run as a child process by records_survive_kills"]
fn child_writer() {
    let Some(dir) = std::env::var_os("PODIUM_KILL_DIR") else {
        return;
    };
    let mut store = Store::open(Path::new(&dir)).unwrap();
    let session = store
        .start_session(&NewSession {
            deck_title: "Crash test".to_owned(),
            deck_path: "/decks/crash.ron".to_owned(),
            mode: Mode::Live,
            facilitator: "Kill -9".to_owned(),
            location: None,
            started_at: at(AT),
        })
        .unwrap();
    ack(&format!("session {session}"));
    let roster = Record::People {
        session,
        people: (0..ROSTER)
            .map(|k| NewPerson {
                name: format!("Roster {session}-{k}"),
                email: Some(format!("r{session}-{k}@example.com")),
                team: None,
            })
            .collect(),
        at: at(AT),
    };
    store
        .write_record(&format!("roster-{session}"), &roster, &mut |_, _| {})
        .unwrap();
    ack(&format!("roster {session}"));
    let mut last_response: Option<(ResponseId, PersonId)> = None;
    // Bounded, so a parent that failed to kill it does not leave it running for ever.
    for i in 0..100_000u64 {
        let email = format!("p{session}-{i}@Example.com");
        let person = store
            .find_or_add_person(&person_name(session, i), Some(&email), None, &at(AT))
            .unwrap();
        ack(&format!("person {person} {session} {i}"));
        store
            .record_attendance(session, person, presence_for(i), &at(AT))
            .unwrap();
        ack(&format!("attendance {person} {session} {i}"));
        let response_id = store
            .record_response(&response(session, person, answer_for(session, i)))
            .unwrap();
        ack(&format!("response {response_id} {session} {i}"));
        if i % 4 == 3
            && let Some((old, old_person)) = last_response
        {
            let correction = store
                .record_response(&NewResponse {
                    supersedes: Some(old),
                    ..response(session, old_person, corrected_answer_for(session, i))
                })
                .unwrap();
            ack(&format!("correction {correction} {old} {session} {i}"));
        }
        last_response = Some((response_id, person));
        let sheet = store
            .record_score_sheet(&NewScoreSheet {
                session_id: session,
                item_id: ROLE_PLAY.to_owned(),
                round: 1,
                seller_id: person,
                observer_id: None,
                scores: scores_for(i),
                scale: 5,
                comment: comment_for(session, i),
                supersedes: None,
                recorded_at: at(AT),
            })
            .unwrap();
        ack(&format!("sheet {sheet} {session} {i}"));
    }
}

/// xorshift64: the same delays every run, so a failure can be replayed.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// One acknowledged write, parsed from the child's `ack` line.
#[derive(Debug)]
enum Ack {
    Session(SessionId),
    Roster(SessionId),
    Person(PersonId, SessionId, u64),
    Attendance(PersonId, SessionId, u64),
    Response(ResponseId, SessionId, u64),
    Correction(ResponseId, ResponseId, SessionId, u64),
    Sheet(i64, SessionId, u64),
}

fn parse_ack(line: &str) -> Ack {
    let words: Vec<&str> = line.split_whitespace().collect();
    let n = |k: usize| -> i64 { words[k].parse().unwrap() };
    let i = |k: usize| -> u64 { words[k].parse().unwrap() };
    match words[1] {
        "session" => Ack::Session(n(2)),
        "roster" => Ack::Roster(n(2)),
        "person" => Ack::Person(n(2), n(3), i(4)),
        "attendance" => Ack::Attendance(n(2), n(3), i(4)),
        "response" => Ack::Response(n(2), n(3), i(4)),
        "correction" => Ack::Correction(n(2), n(3), n(4), i(5)),
        "sheet" => Ack::Sheet(n(2), n(3), i(4)),
        other => panic!("unknown ack {other:?} in {line:?}"),
    }
}

/// Runs the writer, kills it after `delay`, and returns the lines it acknowledged in full.
fn run_and_kill(dir: &Path, delay: Duration) -> Vec<String> {
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args(["child_writer", "--exact", "--ignored", "--nocapture"])
        .env("PODIUM_KILL_DIR", dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let reader = thread::spawn(move || {
        let mut lines = Vec::new();
        let mut reader = BufReader::new(stdout);
        let mut line = String::new();
        while reader.read_line(&mut line).unwrap() > 0 {
            // A line cut off by the kill has no newline: it was not acknowledged.
            if line.starts_with("ack ") && line.ends_with('\n') {
                lines.push(line.trim_end().to_owned());
            }
            line.clear();
        }
        lines
    });
    let errors = thread::spawn(move || {
        let mut text = String::new();
        stderr.read_to_string(&mut text).unwrap();
        text
    });
    thread::sleep(delay);
    if let Some(status) = child.try_wait().unwrap() {
        panic!(
            "the writer stopped by itself ({status}) before the kill:\n{}",
            errors.join().unwrap()
        );
    }
    child.kill().unwrap();
    let status = child.wait().unwrap();
    assert!(!status.success(), "the writer was killed, not finished");
    let lines = reader.join().unwrap();
    errors.join().unwrap();
    lines
}

/// Checks that every acknowledged record is in the store, whole.
fn check_acknowledged(dir: &Path, acks: &[Ack]) {
    let store = Store::open(dir).unwrap();
    let raw = rusqlite::Connection::open(database_path(dir)).unwrap();
    let integrity: String = raw
        .query_row("PRAGMA integrity_check", [], |row| row.get(0))
        .unwrap();
    assert_eq!(integrity, "ok");
    // A sheet and its scores are one transaction: no sheet may have lost some of its scores,
    // acknowledged or not.
    let partial_sheets: i64 = raw
        .query_row(
            "SELECT COUNT(*) FROM score_sheets h
             WHERE (SELECT COUNT(*) FROM sheet_scores s WHERE s.sheet_id = h.sheet_id) <> 3",
            [],
            |row| row.get(0),
        )
        .unwrap();
    assert_eq!(partial_sheets, 0);

    let mut current = HashMap::new();
    let mut sheets = HashMap::new();
    let mut attendance = HashMap::new();
    for ack in acks {
        if let Ack::Session(session) = ack {
            // A roster comes in whole or not at all, whenever the kill came.
            let on_roster = store
                .roster(*session)
                .unwrap()
                .iter()
                .filter(|p| p.name.starts_with("Roster "))
                .count();
            assert!(
                on_roster == 0 || on_roster == ROSTER,
                "{on_roster} of {ROSTER} on the roster"
            );
            let info = store.session(*session).unwrap().unwrap();
            assert_eq!(info.deck_title, "Crash test");
            assert_eq!(info.ended_at, None);
            for row in store.all_responses(*session).unwrap() {
                current.insert(row.response_id, row);
            }
            for sheet in store.score_sheets(*session, ROLE_PLAY).unwrap() {
                sheets.insert(sheet.sheet_id, sheet);
            }
            for row in store.attendance(*session).unwrap() {
                attendance.insert((*session, row.person_id), row);
            }
        }
    }
    let superseded = |id: ResponseId| -> bool {
        raw.query_row(
            "SELECT EXISTS (SELECT 1 FROM responses WHERE supersedes = ?1)",
            [id],
            |row| row.get(0),
        )
        .unwrap()
    };
    for ack in acks {
        match *ack {
            Ack::Session(_) => {}
            Ack::Roster(session) => {
                let on_roster = store
                    .roster(session)
                    .unwrap()
                    .iter()
                    .filter(|p| p.name.starts_with("Roster "))
                    .count();
                assert_eq!(on_roster, ROSTER, "{ack:?}");
            }
            Ack::Person(person, session, i) => {
                let found = store.person(person).unwrap().unwrap();
                assert_eq!(found.name, person_name(session, i), "{ack:?}");
                assert_eq!(
                    found.email,
                    Some(format!("p{session}-{i}@Example.com")),
                    "{ack:?}"
                );
            }
            Ack::Attendance(person, session, i) => {
                let row = &attendance[&(session, person)];
                assert_eq!(row.presence, presence_for(i), "{ack:?}");
            }
            Ack::Response(id, session, i) => match current.get(&id) {
                Some(row) => assert_eq!(row.answer, answer_for(session, i), "{ack:?}"),
                // Corrected: by an acknowledged correction, or one committed just before the kill.
                None => assert!(superseded(id), "{ack:?} is missing"),
            },
            Ack::Correction(id, old, session, i) => {
                assert_eq!(
                    current[&id].answer,
                    corrected_answer_for(session, i),
                    "{ack:?}"
                );
                assert!(!current.contains_key(&old), "{ack:?}");
            }
            Ack::Sheet(id, session, i) => {
                let sheet = &sheets[&id];
                assert_eq!(sheet.scores, scores_for(i), "{ack:?}");
                assert_eq!(sheet.comment, comment_for(session, i), "{ack:?}");
            }
        }
    }
}

#[test]
fn records_survive_kills() {
    kill_rounds(ROUNDS);
}

/// The same, at length: at least 200 kills. Run once before a release.
#[test]
#[ignore = "a soak of 220 kills, several minutes: cargo test --release --test store_kill -- --ignored soak"]
fn soak_records_survive_200_kills() {
    kill_rounds(SOAK_ROUNDS);
}

fn kill_rounds(rounds: u64) {
    let dir = tempfile::tempdir().unwrap();
    let started = Instant::now();
    let mut all_acks = Vec::new();
    let mut rounds_with_writes = 0;
    let mut mid_roster = 0;
    for round in 0..rounds {
        let mut rng = XorShift(0x9E37_79B9_7F4A_7C15 ^ (round + 1).wrapping_mul(0x2545_F491));
        let delay = Duration::from_millis(5 + rng.next() % 116);
        let acks: Vec<Ack> = run_and_kill(dir.path(), delay)
            .iter()
            .map(|line| parse_ack(line))
            .collect();
        if acks.len() > 1 {
            rounds_with_writes += 1;
        }
        if acks.len() == 1 {
            mid_roster += 1;
        }
        check_acknowledged(dir.path(), &acks);
        all_acks.extend(acks);
    }
    // Each round's records also survived the later rounds' crashes and recoveries.
    check_acknowledged(dir.path(), &all_acks);
    eprintln!(
        "{rounds} kills ({mid_roster} between the session and its roster), {} acknowledged writes checked, {:.1} s",
        all_acks.len(),
        started.elapsed().as_secs_f64()
    );
    // Most kills must land mid-writing, or the test proves little.
    assert!(
        rounds_with_writes >= rounds / 2,
        "only {rounds_with_writes} of {rounds} rounds wrote before the kill"
    );
}

/// A recorded time, from its RFC 3339 text.
fn at(text: &str) -> jiff::Zoned {
    podium::time::parse_rfc3339(text).unwrap()
}
