#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

//! The export over a real store and a real deck file in temporary folders: every file read
//! back with the csv crate and serde_json and compared field by field with what was recorded,
//! hostile names and answers included; refusals, errors, and the `podium export` command.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use podium::export::{self, ExportError, Format};
use podium::store::{
    Answer, Mode, NewResponse, NewScoreSheet, NewSession, PersonId, Presence, SessionId, SlideTime,
    Store,
};
use serde_json::{Value, json};
use tempfile::TempDir;

const T0: &str = "2025-03-04T09:00:00+01:00";
const T1: &str = "2025-03-04T09:05:00+01:00";
const T2: &str = "2025-03-04T09:10:00+01:00";
const T3: &str = "2025-03-04T09:15:00+01:00";
/// A time with another offset: exported exactly as stored.
const T4: &str = "2025-03-04T03:20:00-05:00";

const DECK_TITLE: &str = "+Selling on \"how\", not what";

const DECK: &str = r#"
Deck(
    title: "+Selling on \"how\", not what",
    sections: [
        Section(
            title: "Opening",
            minutes: 10,
            slides: [
                Title(title: "Welcome"),
                Poll(
                    id: "stall",
                    question: "What stalls your deals?",
                    options: ["Price", "-5% discount wins", "A competitor"],
                    anonymous: true,
                ),
                Poll(
                    id: "channels",
                    question: "Where do you find buyers, \"really\"?",
                    options: ["Phone", "Email, then call", "@ events"],
                    multiple: true,
                ),
            ],
        ),
        Section(
            title: "Warm-up",
            minutes: 15,
            slides: [
                Quiz(
                    id: "trap",
                    question: "=What is the commodity trap?",
                    options: ["Too many products", "Competing on price alone", "Discounts"],
                    answer: 1,
                ),
                Rating(id: "confidence", prompt: "How confident are you?", min: -2, max: 2),
                FreeText(id: "habit", prompt: "One habit of the best seller you know"),
                Activity(title: "Pairs: the last deal", instructions: ["Tell it"], minutes: 8),
            ],
        ),
        Section(
            title: "Practice",
            minutes: 40,
            slides: [
                RolePlay(
                    id: "discovery",
                    title: "The discovery call",
                    scenario: "A distributor agreed to a call.",
                    roles: [
                        Role(name: "Seller", brief: "Find the reason."),
                        Role(name: "Buyer", brief: "Late deliveries.", private: true),
                    ],
                    rounds: 2,
                    minutes_per_round: 8,
                    rubric: [
                        Criterion(name: "Open questions", describe: "Not yes or no"),
                        Criterion(name: "Listening", describe: "Followed up"),
                    ],
                    scale: 5,
                ),
            ],
        ),
        Section(title: "=Wrap-up", minutes: 5, slides: [Points(title: "Next steps", points: ["Commit"])]),
    ],
)
"#;

const HYPERLINK: &str = "=HYPERLINK(\"http://x\",\"y\")";
const JO: &str = "Jo \"JJ\" O'Neil";
const HABIT_FIRST: &str = "Listens first,\nthen asks \"why?\" 👍";
const HABIT: &str = "Listens first,\r\nthen asks \"why?\" 👍, always";
const SHEET_COMMENT: &str = "=cmd|' /C calc'!A0 strong, \"clear\"\nclose";

/// A workshop recorded through the real store, with its deck file in the same temporary
/// folder.
struct Workshop {
    dir: TempDir,
    store: Store,
    session: SessionId,
    deck_path: PathBuf,
    /// In roster order: the hostile names.
    people: Vec<PersonId>,
}

impl Workshop {
    fn data_dir(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    /// A new, empty output folder.
    fn out(&self, name: &str) -> PathBuf {
        let out = self.dir.path().join(name);
        fs::create_dir(&out).unwrap();
        out
    }
}

fn response(session: SessionId, item: &str, kind: &str, person: Option<PersonId>) -> NewResponse {
    NewResponse {
        session_id: session,
        item_id: item.to_owned(),
        item_kind: podium::deck::ItemKind::parse(kind).unwrap(),
        person_id: person,
        answer: Answer::Cleared,
        correct: None,
        supersedes: None,
        recorded_at: at(T1),
    }
}

fn slide_time(
    session: SessionId,
    index: usize,
    slide_ref: &str,
    section: &str,
    minutes: u32,
    seconds: f64,
) -> SlideTime {
    SlideTime {
        session_id: session,
        slide_index: index,
        slide_ref: slide_ref.to_owned(),
        section: section.to_owned(),
        section_planned_minutes: minutes,
        seconds,
        recorded_at: at(T3),
    }
}

fn workshop() -> Workshop {
    let dir = tempfile::tempdir().unwrap();
    let deck_path = dir.path().join("deck.ron");
    fs::write(&deck_path, DECK).unwrap();
    let mut store = Store::open(&dir.path().join("data")).unwrap();
    let session = store
        .start_session(&NewSession {
            deck_title: DECK_TITLE.to_owned(),
            deck_path: deck_path.to_str().unwrap().to_owned(),
            mode: Mode::Live,
            facilitator: "Sam".to_owned(),
            location: Some("Room 2".to_owned()),
            started_at: at(T0),
        })
        .unwrap();
    let roster: [(&str, Option<&str>, Option<&str>); 8] = [
        (HYPERLINK, Some("hyper@example.com"), Some("+1 team")),
        (JO, None, Some("Sales, North")),
        ("Zoë", None, Some("Ops")),
        ("王芳", None, None),
        ("Ирина", None, None),
        ("@SUM(A1)", None, None),
        ("+1", None, None),
        ("-2 sales", None, None),
    ];
    let people: Vec<PersonId> = roster
        .iter()
        .map(|(name, email, team)| {
            let person = store
                .find_or_add_person(name, *email, *team, &at(T0))
                .unwrap();
            store.add_to_roster(session, person, &at(T0)).unwrap();
            person
        })
        .collect();
    let [p1, p2, p3, p4, p5, p6, _p7, p8] = people[..] else {
        unreachable!()
    };
    store
        .record_attendance(session, p1, Presence::Present, &at(T1))
        .unwrap();
    store
        .record_attendance(session, p2, Presence::Late, &at(T2))
        .unwrap();
    for person in [p3, p4, p5, p6] {
        store
            .record_attendance(session, person, Presence::Present, &at(T1))
            .unwrap();
    }
    // p7 never checked in: absent.
    store
        .record_attendance(session, p8, Presence::Late, &at(T1))
        .unwrap();
    store
        .record_attendance(session, p8, Presence::LeftEarly, &at(T4))
        .unwrap();

    // The anonymous poll: marks for Price, A competitor, -5% and Price; the last one taken
    // back.
    let mut last_mark = 0;
    for option in [0, 2, 1, 0] {
        last_mark = store
            .record_response(&NewResponse {
                answer: Answer::Options(vec![option]),
                ..response(session, "stall", "Poll", None)
            })
            .unwrap();
    }
    store
        .record_response(&NewResponse {
            supersedes: Some(last_mark),
            ..response(session, "stall", "Poll", None)
        })
        .unwrap();

    // The multiple-choice poll, in the order chosen.
    for (person, chosen) in [(p1, vec![0, 2]), (p2, vec![2, 1])] {
        store
            .record_response(&NewResponse {
                answer: Answer::Options(chosen),
                ..response(session, "channels", "Poll", Some(person))
            })
            .unwrap();
    }

    // The quiz: p1 is wrong, then corrects to the right answer after p2 answered.
    let wrong = store
        .record_response(&NewResponse {
            answer: Answer::Options(vec![0]),
            correct: Some(false),
            ..response(session, "trap", "Quiz", Some(p1))
        })
        .unwrap();
    store
        .record_response(&NewResponse {
            answer: Answer::Options(vec![2]),
            correct: Some(false),
            ..response(session, "trap", "Quiz", Some(p2))
        })
        .unwrap();
    store
        .record_response(&NewResponse {
            answer: Answer::Options(vec![1]),
            correct: Some(true),
            supersedes: Some(wrong),
            recorded_at: at(T2),
            ..response(session, "trap", "Quiz", Some(p1))
        })
        .unwrap();

    for (person, value) in [(p3, -2), (p4, 2)] {
        store
            .record_response(&NewResponse {
                answer: Answer::Number(value),
                ..response(session, "confidence", "Rating", Some(person))
            })
            .unwrap();
    }

    let first_habit = store
        .record_response(&NewResponse {
            answer: Answer::Text(HABIT_FIRST.to_owned()),
            ..response(session, "habit", "FreeText", Some(p5))
        })
        .unwrap();
    for (person, text) in [
        (p6, "-2 sales"),
        (p4, "+1"),
        (p3, "\tindented"),
        (p2, "=1+1"),
    ] {
        store
            .record_response(&NewResponse {
                answer: Answer::Text(text.to_owned()),
                ..response(session, "habit", "FreeText", Some(person))
            })
            .unwrap();
    }
    store
        .record_response(&NewResponse {
            answer: Answer::Text(HABIT.to_owned()),
            supersedes: Some(first_habit),
            recorded_at: at(T4),
            ..response(session, "habit", "FreeText", Some(p5))
        })
        .unwrap();

    store
        .save_groups(
            session,
            "discovery",
            &[vec![p1, p2, p3], vec![p4, p5, p6]],
            &at(T2),
        )
        .unwrap();
    let sheet = |seller, observer, round, scores: [u32; 2], comment: &str| NewScoreSheet {
        session_id: session,
        item_id: "discovery".to_owned(),
        round,
        seller_id: seller,
        observer_id: observer,
        scores: vec![
            ("Open questions".to_owned(), scores[0]),
            ("Listening".to_owned(), scores[1]),
        ],
        scale: 5,
        comment: comment.to_owned(),
        supersedes: None,
        recorded_at: at(T3),
    };
    let first_sheet = store
        .record_score_sheet(&sheet(p1, Some(p2), 1, [3, 2], "first"))
        .unwrap();
    store
        .record_score_sheet(&sheet(p3, None, 2, [5, 1], "Zoë: 👍"))
        .unwrap();
    store
        .record_score_sheet(&NewScoreSheet {
            supersedes: Some(first_sheet),
            ..sheet(p1, Some(p2), 1, [4, 5], SHEET_COMMENT)
        })
        .unwrap();

    store
        .save_note(session, "slide 1: Welcome", "Start on time", &at(T1))
        .unwrap();
    store
        .save_note(session, "trap", "=ask why", &at(T1))
        .unwrap();
    store
        .save_note(session, "trap", "-ask why, twice", &at(T2))
        .unwrap();

    for time in [
        slide_time(session, 0, "slide 1: Welcome", "Opening", 10, 30.2),
        slide_time(session, 1, "stall", "Opening", 10, 60.0),
        slide_time(session, 0, "slide 1: Welcome", "Opening", 10, 10.0),
        slide_time(session, 2, "channels", "Opening", 10, 45.5),
        slide_time(session, 3, "trap", "Warm-up", 15, 90.0),
        slide_time(
            session,
            6,
            "slide 7: Pairs: the last deal",
            "Warm-up",
            15,
            500.0,
        ),
        slide_time(session, 7, "discovery", "Practice", 40, 1000.0),
    ] {
        store.record_slide_time(&time).unwrap();
    }
    store.end_session(session, &at(T4)).unwrap();
    Workshop {
        dir,
        store,
        session,
        deck_path,
        people,
    }
}

/// A CSV file as the crate reads it back: checks the byte order mark, the header and the CRLF
/// line ends, and returns the rows after the header.
fn read_csv(path: &Path, columns: &[&str]) -> Vec<Vec<String>> {
    let bytes = fs::read(path).unwrap();
    let body = bytes
        .strip_prefix(b"\xEF\xBB\xBF")
        .unwrap_or_else(|| panic!("{} has no byte order mark", path.display()));
    let text = std::str::from_utf8(body).unwrap();
    assert!(
        text.starts_with(&format!("{}\r\n", columns.join(","))),
        "{}: header row with CRLF",
        path.display()
    );
    assert!(text.ends_with("\r\n"), "{}: ends with CRLF", path.display());
    let mut reader = csv::ReaderBuilder::new().from_reader(body);
    assert_eq!(reader.headers().unwrap(), columns);
    reader
        .records()
        .map(|record| record.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

fn rows(expected: &[&[&str]]) -> Vec<Vec<String>> {
    expected
        .iter()
        .map(|row| row.iter().map(|cell| (*cell).to_owned()).collect())
        .collect()
}

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap()
}

/// The files in a folder, sorted: shows that nothing else (no temporary file) was left.
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

#[test]
fn every_csv_file_reads_back_as_recorded() {
    let w = workshop();
    let out = w.out("out");
    let written = export::export_session(&w.store, w.session, &out, Format::Csv, false).unwrap();
    assert_eq!(
        written,
        [
            "attendance.csv",
            "responses.csv",
            "roleplay.csv",
            "timing.csv"
        ]
        .map(|n| out.join(n))
    );
    assert_eq!(
        listing(&out),
        [
            "attendance.csv",
            "responses.csv",
            "roleplay.csv",
            "timing.csv"
        ]
    );
    let id = w.session.to_string();
    let id = id.as_str();
    let deck = "'+Selling on \"how\", not what";

    let attendance = read_csv(&out.join("attendance.csv"), &export::ATTENDANCE_COLUMNS);
    assert_eq!(
        attendance,
        rows(&[
            &[
                id,
                deck,
                T0,
                "'=HYPERLINK(\"http://x\",\"y\")",
                "hyper@example.com",
                "'+1 team",
                "present",
                T1,
                ""
            ],
            &[id, deck, T0, JO, "", "Sales, North", "late", T2, ""],
            &[id, deck, T0, "Zoë", "", "Ops", "present", T1, ""],
            &[id, deck, T0, "王芳", "", "", "present", T1, ""],
            &[id, deck, T0, "Ирина", "", "", "present", T1, ""],
            &[id, deck, T0, "'@SUM(A1)", "", "", "present", T1, ""],
            &[id, deck, T0, "'+1", "", "", "absent", "", ""],
            &[id, deck, T0, "'-2 sales", "", "", "left_early", T1, T4],
        ])
    );

    let responses = read_csv(&out.join("responses.csv"), &export::RESPONSES_COLUMNS);
    let stall = "What stalls your deals?";
    let channels = "Where do you find buyers, \"really\"?";
    let trap = "'=What is the commodity trap?";
    let confidence = "How confident are you?";
    let habit = "One habit of the best seller you know";
    assert_eq!(
        responses,
        rows(&[
            // Anonymous tally marks: no participant; the mark taken back is gone.
            &[id, deck, "stall", "Poll", stall, "", "Price", "", T1],
            &[id, deck, "stall", "Poll", stall, "", "A competitor", "", T1],
            &[
                id,
                deck,
                "stall",
                "Poll",
                stall,
                "",
                "'-5% discount wins",
                "",
                T1
            ],
            // A multiple-choice poll: the options' texts, in the order chosen.
            &[
                id,
                deck,
                "channels",
                "Poll",
                channels,
                "'=HYPERLINK(\"http://x\",\"y\")",
                "Phone; @ events",
                "",
                T1
            ],
            &[
                id,
                deck,
                "channels",
                "Poll",
                channels,
                JO,
                "'@ events; Email, then call",
                "",
                T1
            ],
            // The quiz: only p1's correction, in the place it was recorded.
            &[id, deck, "trap", "Quiz", trap, JO, "Discounts", "false", T1],
            &[
                id,
                deck,
                "trap",
                "Quiz",
                trap,
                "'=HYPERLINK(\"http://x\",\"y\")",
                "Competing on price alone",
                "true",
                T2
            ],
            // Ratings are numbers: -2 stays -2.
            &[
                id,
                deck,
                "confidence",
                "Rating",
                confidence,
                "Zoë",
                "-2",
                "",
                T1
            ],
            &[
                id,
                deck,
                "confidence",
                "Rating",
                confidence,
                "王芳",
                "2",
                "",
                T1
            ],
            &[
                id,
                deck,
                "habit",
                "FreeText",
                habit,
                "'@SUM(A1)",
                "'-2 sales",
                "",
                T1
            ],
            &[id, deck, "habit", "FreeText", habit, "王芳", "'+1", "", T1],
            &[
                id,
                deck,
                "habit",
                "FreeText",
                habit,
                "Zoë",
                "'\tindented",
                "",
                T1
            ],
            &[id, deck, "habit", "FreeText", habit, JO, "'=1+1", "", T1],
            // Only the corrected text, line breaks, quotes and emoji intact.
            &[id, deck, "habit", "FreeText", habit, "Ирина", HABIT, "", T4],
        ])
    );

    let roleplay = read_csv(&out.join("roleplay.csv"), &export::ROLEPLAY_COLUMNS);
    let comment = "'=cmd|' /C calc'!A0 strong, \"clear\"\nclose";
    assert_eq!(
        roleplay,
        rows(&[
            &[
                id,
                "discovery",
                "2",
                "Zoë",
                "",
                "Open questions",
                "5",
                "5",
                "Zoë: 👍",
                T3
            ],
            &[
                id,
                "discovery",
                "2",
                "Zoë",
                "",
                "Listening",
                "1",
                "5",
                "Zoë: 👍",
                T3
            ],
            // The corrected sheet only.
            &[
                id,
                "discovery",
                "1",
                "'=HYPERLINK(\"http://x\",\"y\")",
                JO,
                "Open questions",
                "4",
                "5",
                comment,
                T3
            ],
            &[
                id,
                "discovery",
                "1",
                "'=HYPERLINK(\"http://x\",\"y\")",
                JO,
                "Listening",
                "5",
                "5",
                comment,
                T3
            ],
        ])
    );

    let timing = read_csv(&out.join("timing.csv"), &export::TIMING_COLUMNS);
    assert_eq!(
        timing,
        rows(&[
            &[id, "live", "Opening", "", "10", "145.7"],
            // Two visits summed.
            &[id, "live", "Opening", "slide 1: Welcome", "", "40.2"],
            &[id, "live", "Opening", "stall", "", "60.0"],
            &[id, "live", "Opening", "channels", "", "45.5"],
            &[id, "live", "Warm-up", "", "15", "590.0"],
            &[id, "live", "Warm-up", "trap", "", "90.0"],
            &[
                id,
                "live",
                "Warm-up",
                "slide 7: Pairs: the last deal",
                "8",
                "500.0"
            ],
            &[id, "live", "Practice", "", "40", "1000.0"],
            // Two rounds of 8 minutes.
            &[id, "live", "Practice", "discovery", "16", "1000.0"],
            // Never shown: planned, and no time.
            &[id, "live", "'=Wrap-up", "", "5", "0.0"],
        ])
    );
}

#[test]
fn the_json_file_holds_the_whole_session() {
    let w = workshop();
    let out = w.out("out");
    let written = export::export_session(&w.store, w.session, &out, Format::Json, false).unwrap();
    let name = format!("session-{}.json", w.session);
    assert_eq!(written, vec![out.join(&name)]);
    assert_eq!(listing(&out), vec![name.clone()]);
    let text = fs::read_to_string(out.join(&name)).unwrap();
    assert!(text.contains("\n  \"session\": {"), "pretty-printed");
    assert!(text.contains("王芳"), "UTF-8, not escaped");
    let doc = read_json(&out.join(&name));
    let p = &w.people;

    assert_eq!(doc["format"], "podium-session");
    assert_eq!(doc["format_version"], 1);
    assert_eq!(
        doc["session"],
        json!({
            "session_id": w.session,
            "deck_title": DECK_TITLE,
            "deck_path": w.deck_path.to_str().unwrap(),
            "mode": "live",
            "facilitator": "Sam",
            "location": "Room 2",
            "started_at": T0,
            "ended_at": T4,
        })
    );

    let deck = &doc["deck"];
    assert_eq!(deck["loaded"], true);
    assert_eq!(deck["problem"], Value::Null);
    assert_eq!(deck["title"], DECK_TITLE);
    let sections = deck["sections"].as_array().unwrap();
    assert_eq!(sections.len(), 4);
    assert_eq!(sections[1]["title"], "Warm-up");
    assert_eq!(sections[1]["minutes"], 15);
    assert_eq!(
        sections[1]["slides"][0],
        json!({
            "slide_ref": "trap",
            "kind": "Quiz",
            "heading": "=What is the commodity trap?",
            "item_id": "trap",
            "options": ["Too many products", "Competing on price alone", "Discounts"],
            "answer": 1,
        })
    );
    assert_eq!(
        sections[1]["slides"][3]["slide_ref"],
        "slide 7: Pairs: the last deal"
    );
    assert_eq!(sections[1]["slides"][3]["planned_minutes"], 8);
    assert_eq!(sections[2]["slides"][0]["planned_minutes"], 16);
    assert_eq!(
        sections[2]["slides"][0]["rubric"],
        json!(["Open questions", "Listening"])
    );

    let roster = doc["roster"].as_array().unwrap();
    assert_eq!(roster.len(), 8);
    assert_eq!(
        roster[0],
        json!({
            "person_id": p[0],
            "name": HYPERLINK,
            "email": "hyper@example.com",
            "team": "+1 team",
            "status": "present",
            "checked_in_at": T1,
            "left_at": null,
        })
    );
    assert_eq!(roster[1]["name"], JO);
    assert_eq!(roster[6]["status"], "absent");
    assert_eq!(roster[6]["checked_in_at"], Value::Null);
    assert_eq!(roster[7]["status"], "left_early");
    assert_eq!(roster[7]["left_at"], T4);

    let responses = doc["responses"].as_array().unwrap();
    assert_eq!(responses.len(), 14);
    // A tally mark: no person.
    assert_eq!(responses[0]["item_id"], "stall");
    assert_eq!(responses[0]["person_id"], Value::Null);
    assert_eq!(responses[0]["participant"], Value::Null);
    assert_eq!(responses[0]["answer"], json!({"options": [0]}));
    assert_eq!(responses[2]["response"], "-5% discount wins");
    assert_eq!(
        responses[3],
        json!({
            "response_id": responses[3]["response_id"].clone(),
            "item_id": "channels",
            "item_kind": "Poll",
            "question": "Where do you find buyers, \"really\"?",
            "person_id": p[0],
            "participant": HYPERLINK,
            "answer": {"options": [0, 2]},
            "response": "Phone; @ events",
            "correct": null,
            "recorded_at": T1,
        })
    );
    assert_eq!(responses[6]["participant"], HYPERLINK);
    assert_eq!(responses[6]["answer"], json!({"options": [1]}));
    assert_eq!(responses[6]["correct"], true);
    assert_eq!(responses[6]["recorded_at"], T2);
    assert_eq!(responses[7]["answer"], json!({"number": -2}));
    assert_eq!(responses[7]["response"], "-2");
    assert_eq!(responses[13]["participant"], "Ирина");
    assert_eq!(responses[13]["answer"], json!({"text": HABIT}));
    assert_eq!(responses[13]["response"], HABIT);

    let role_plays = doc["role_plays"].as_array().unwrap();
    assert_eq!(role_plays.len(), 1);
    assert_eq!(role_plays[0]["item_id"], "discovery");
    assert_eq!(role_plays[0]["title"], "The discovery call");
    assert_eq!(
        role_plays[0]["groups"],
        json!([
            [
                {"person_id": p[0], "name": HYPERLINK},
                {"person_id": p[1], "name": JO},
                {"person_id": p[2], "name": "Zoë"},
            ],
            [
                {"person_id": p[3], "name": "王芳"},
                {"person_id": p[4], "name": "Ирина"},
                {"person_id": p[5], "name": "@SUM(A1)"},
            ],
        ])
    );
    let sheets = role_plays[0]["score_sheets"].as_array().unwrap();
    assert_eq!(sheets.len(), 2);
    assert_eq!(sheets[1]["seller"], HYPERLINK);
    assert_eq!(sheets[1]["observer"], JO);
    assert_eq!(sheets[1]["round"], 1);
    assert_eq!(
        sheets[1]["scores"],
        json!([
            {"criterion": "Open questions", "score": 4},
            {"criterion": "Listening", "score": 5},
        ])
    );
    assert_eq!(sheets[1]["comment"], SHEET_COMMENT);
    assert_eq!(sheets[0]["observer"], Value::Null);

    assert_eq!(
        doc["notes"],
        json!([
            {"slide_ref": "slide 1: Welcome", "text": "Start on time"},
            {"slide_ref": "trap", "text": "-ask why, twice"},
        ])
    );

    let timing = &doc["timing"];
    assert_eq!(timing["planned_minutes"], 70);
    assert_eq!(timing["actual_seconds"], 1735.7);
    assert_eq!(timing["sections"][0]["title"], "Opening");
    assert_eq!(timing["sections"][0]["actual_seconds"], 145.7);
    assert_eq!(
        timing["sections"][0]["slides"][0],
        json!({
            "slide_index": 0,
            "slide_ref": "slide 1: Welcome",
            "planned_minutes": null,
            "actual_seconds": 40.2,
            "visits": 2,
        })
    );
    assert_eq!(timing["sections"][2]["slides"][0]["planned_minutes"], 16);
    assert_eq!(timing["sections"][3]["title"], "=Wrap-up");
    assert_eq!(timing["sections"][3]["actual_seconds"], 0.0);
}

#[test]
fn an_existing_file_stops_the_export_before_anything_is_written() {
    let w = workshop();
    let out = w.out("out");
    fs::write(out.join("timing.csv"), "mine").unwrap();
    let json_name = format!("session-{}.json", w.session);
    fs::write(out.join(&json_name), "mine too").unwrap();

    let error = export::export_session(&w.store, w.session, &out, Format::Both, false).unwrap_err();
    match &error {
        ExportError::Exists { dir, names } => {
            assert_eq!(dir, &out);
            assert_eq!(names, &["timing.csv".to_owned(), json_name.clone()]);
        }
        other => panic!("expected Exists, got {other:?}"),
    }
    assert_eq!(
        error.to_string(),
        format!(
            "timing.csv and {json_name} already exist in {}; pass --overwrite to replace them, or choose another folder",
            out.display()
        )
    );
    // Nothing written, nothing replaced.
    let mut expected = vec![json_name.clone(), "timing.csv".to_owned()];
    expected.sort();
    assert_eq!(listing(&out), expected);
    assert_eq!(fs::read_to_string(out.join("timing.csv")).unwrap(), "mine");

    // One file: said in the singular.
    let error = export::export_session(&w.store, w.session, &out, Format::Json, false).unwrap_err();
    assert_eq!(
        error.to_string(),
        format!(
            "{json_name} already exists in {}; pass --overwrite to replace it, or choose another folder",
            out.display()
        )
    );

    // With overwrite, all five are written and the old ones replaced.
    let written = export::export_session(&w.store, w.session, &out, Format::Both, true).unwrap();
    assert_eq!(written.len(), 5);
    let mut expected = vec![
        "attendance.csv".to_owned(),
        "responses.csv".to_owned(),
        "roleplay.csv".to_owned(),
        json_name.clone(),
        "timing.csv".to_owned(),
    ];
    expected.sort();
    assert_eq!(listing(&out), expected);
    assert_eq!(
        read_csv(&out.join("timing.csv"), &export::TIMING_COLUMNS).len(),
        10
    );
    assert_eq!(
        read_json(&out.join(&json_name))["session"]["session_id"],
        w.session
    );
}

#[test]
fn a_file_that_cannot_be_put_in_place_leaves_no_temporary_file_behind() {
    let w = workshop();
    let out = w.out("out");
    // A folder where the JSON file should go: even --overwrite cannot replace it.
    let json_name = format!("session-{}.json", w.session);
    fs::create_dir(out.join(&json_name)).unwrap();
    fs::write(out.join(&json_name).join("keep.txt"), "kept").unwrap();
    let error = export::export_session(&w.store, w.session, &out, Format::Json, true).unwrap_err();
    assert!(
        matches!(error, ExportError::CannotWrite { .. }),
        "{error:?}"
    );
    assert!(error.to_string().contains("--out"), "{error}");
    assert_eq!(listing(&out), vec![json_name.clone()]);
    assert_eq!(listing(&out.join(&json_name)), ["keep.txt"]);
}

#[test]
fn an_unknown_session_is_refused_with_where_to_look() {
    let w = workshop();
    let out = w.out("out");
    let error = export::export_session(&w.store, 42, &out, Format::Both, false).unwrap_err();
    assert!(
        matches!(error, ExportError::UnknownSession(42)),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "there is no session 42; `podium sessions` lists them"
    );
    assert!(listing(&out).is_empty());
}

#[test]
fn an_output_folder_that_cannot_be_used_is_named_with_what_to_do() {
    let w = workshop();
    // A path under a regular file: no one can create files there, root included.
    let file = w.dir.path().join("a-file");
    fs::write(&file, "not a folder").unwrap();
    let under_file = file.join("exports");
    let error =
        export::export_session(&w.store, w.session, &under_file, Format::Both, false).unwrap_err();
    assert!(matches!(error, ExportError::NotAFolder(_)), "{error:?}");
    let message = error.to_string();
    assert!(
        message.contains(&under_file.display().to_string()),
        "{message}"
    );
    assert!(message.contains("--out"), "{message}");

    let error = export::export_session(&w.store, w.session, &file, Format::Csv, false).unwrap_err();
    assert!(matches!(error, ExportError::NotAFolder(_)), "{error:?}");

    let missing = w.dir.path().join("no-such-folder");
    let error =
        export::export_session(&w.store, w.session, &missing, Format::Both, false).unwrap_err();
    assert!(matches!(error, ExportError::MissingFolder(_)), "{error:?}");
    assert_eq!(
        error.to_string(),
        format!(
            "the output folder {} does not exist; create it, or pass another folder with --out",
            missing.display()
        )
    );
    assert!(!missing.exists());
}

#[test]
fn latest_session_is_the_newest_live_one_unless_rehearsals_are_asked_for() {
    let mut w = workshop();
    assert_eq!(
        export::latest_session(&w.store, false).unwrap(),
        Some(w.session)
    );
    let rehearsal = w
        .store
        .start_session(&NewSession {
            deck_title: DECK_TITLE.to_owned(),
            deck_path: w.deck_path.to_str().unwrap().to_owned(),
            mode: Mode::Rehearsal,
            facilitator: "Sam".to_owned(),
            location: None,
            started_at: at(T4),
        })
        .unwrap();
    assert_eq!(
        export::latest_session(&w.store, false).unwrap(),
        Some(w.session)
    );
    assert_eq!(
        export::latest_session(&w.store, true).unwrap(),
        Some(rehearsal)
    );

    let empty = tempfile::tempdir().unwrap();
    let store = Store::open(empty.path()).unwrap();
    assert_eq!(export::latest_session(&store, true).unwrap(), None);
}

#[test]
fn a_deck_deleted_before_the_export_leaves_ids_and_raw_values() {
    let w = workshop();
    fs::remove_file(&w.deck_path).unwrap();
    let out = w.out("out");
    export::export_session(&w.store, w.session, &out, Format::Both, false).unwrap();
    let id = w.session.to_string();
    let id = id.as_str();
    let deck = "'+Selling on \"how\", not what";

    let responses = read_csv(&out.join("responses.csv"), &export::RESPONSES_COLUMNS);
    assert_eq!(responses.len(), 14);
    // No question texts; options by number, counted from 1.
    assert_eq!(
        responses[..5],
        rows(&[
            &[id, deck, "stall", "Poll", "", "", "option 1", "", T1],
            &[id, deck, "stall", "Poll", "", "", "option 3", "", T1],
            &[id, deck, "stall", "Poll", "", "", "option 2", "", T1],
            &[
                id,
                deck,
                "channels",
                "Poll",
                "",
                "'=HYPERLINK(\"http://x\",\"y\")",
                "option 1; option 3",
                "",
                T1
            ],
            &[
                id,
                deck,
                "channels",
                "Poll",
                "",
                JO,
                "option 3; option 2",
                "",
                T1
            ],
        ])[..]
    );
    assert_eq!(
        responses[5][4..8],
        ["", JO, "option 3", "false"].map(str::to_owned)
    );
    assert_eq!(responses[13][6], HABIT);

    // Sections from the records, in the order shown, with the plan recorded on the day; no
    // slide plans, and no section that was never shown.
    let timing = read_csv(&out.join("timing.csv"), &export::TIMING_COLUMNS);
    assert_eq!(
        timing,
        rows(&[
            &[id, "live", "Opening", "", "10", "145.7"],
            &[id, "live", "Opening", "slide 1: Welcome", "", "40.2"],
            &[id, "live", "Opening", "stall", "", "60.0"],
            &[id, "live", "Opening", "channels", "", "45.5"],
            &[id, "live", "Warm-up", "", "15", "590.0"],
            &[id, "live", "Warm-up", "trap", "", "90.0"],
            &[
                id,
                "live",
                "Warm-up",
                "slide 7: Pairs: the last deal",
                "",
                "500.0"
            ],
            &[id, "live", "Practice", "", "40", "1000.0"],
            &[id, "live", "Practice", "discovery", "", "1000.0"],
        ])
    );
    assert_eq!(
        read_csv(&out.join("roleplay.csv"), &export::ROLEPLAY_COLUMNS).len(),
        4
    );

    let doc = read_json(&out.join(format!("session-{}.json", w.session)));
    assert_eq!(doc["deck"]["loaded"], false);
    let problem = doc["deck"]["problem"].as_str().unwrap();
    assert!(problem.contains("no longer there"), "{problem}");
    assert_eq!(doc["deck"]["sections"], json!([]));
    assert_eq!(doc["responses"][3]["question"], Value::Null);
    assert_eq!(doc["responses"][3]["answer"], json!({"options": [0, 2]}));
    assert_eq!(doc["responses"][3]["response"], "option 1; option 3");
    // Role-plays known only from their score sheets; groups are still found by id.
    assert_eq!(doc["role_plays"][0]["item_id"], "discovery");
    assert_eq!(doc["role_plays"][0]["title"], Value::Null);
    assert_eq!(doc["role_plays"][0]["groups"][1][0]["name"], "王芳");
}

#[test]
fn a_deck_edited_after_the_session_still_lines_up_by_id() {
    let w = workshop();
    // A slide comes in before the quiz, whose question changes; the anonymous poll's id
    // changes, so the deck no longer has the item it was recorded under.
    let edited = DECK
        .replace(
            "Quiz(\n                    id: \"trap\",\n                    question: \"=What is the commodity trap?\",",
            "Quote(text: \"Moved\"),\n                Quiz(\n                    id: \"trap\",\n                    question: \"Which trap?\",",
        )
        .replace("id: \"stall\"", "id: \"stalls-renamed\"");
    assert_ne!(edited, DECK);
    fs::write(&w.deck_path, edited).unwrap();
    let out = w.out("out");
    export::export_session(&w.store, w.session, &out, Format::Csv, false).unwrap();
    let responses = read_csv(&out.join("responses.csv"), &export::RESPONSES_COLUMNS);
    let texts: Vec<(&str, &str, &str)> = responses
        .iter()
        .map(|r| (r[2].as_str(), r[4].as_str(), r[6].as_str()))
        .collect();
    assert_eq!(
        texts[..7],
        [
            (
                "channels",
                "Where do you find buyers, \"really\"?",
                "Phone; @ events"
            ),
            (
                "channels",
                "Where do you find buyers, \"really\"?",
                "'@ events; Email, then call"
            ),
            ("trap", "Which trap?", "Discounts"),
            ("trap", "Which trap?", "Competing on price alone"),
            ("confidence", "How confident are you?", "-2"),
            ("confidence", "How confident are you?", "2"),
            (
                "habit",
                "One habit of the best seller you know",
                "'-2 sales"
            ),
        ]
    );
    // The poll the deck no longer has comes after the deck's items, with raw values.
    assert_eq!(
        texts[11..],
        [
            ("stall", "", "option 1"),
            ("stall", "", "option 3"),
            ("stall", "", "option 2"),
        ]
    );
}

#[test]
fn the_export_command_writes_the_files_and_prints_their_paths() {
    let w = workshop();
    let out = w.out("out");
    let data = w.data_dir();
    drop(w.store);
    let run = Command::new(env!("CARGO_BIN_EXE_podium"))
        .arg("export")
        .args(["--session", &w.session.to_string()])
        .arg("--out")
        .arg(&out)
        .arg("--data-dir")
        .arg(&data)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    assert!(stderr.is_empty(), "{stderr}");
    let printed: Vec<PathBuf> = String::from_utf8(run.stdout)
        .unwrap()
        .lines()
        .map(PathBuf::from)
        .collect();
    let expected: Vec<PathBuf> = export::file_names(w.session, Format::Both)
        .iter()
        .map(|name| out.join(name))
        .collect();
    assert_eq!(printed, expected);
    for path in &printed {
        assert!(path.is_file(), "{}", path.display());
    }

    // A second run refuses, names the file, and exits with 1.
    let again = Command::new(env!("CARGO_BIN_EXE_podium"))
        .args(["--data-dir"])
        .arg(&data)
        .args(["export", "--latest", "--format", "csv", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&again.stderr);
    assert!(
        stderr.contains("attendance.csv, responses.csv, roleplay.csv and timing.csv already exist"),
        "{stderr}"
    );
    assert!(again.stdout.is_empty());
}

#[test]
fn the_export_command_makes_a_missing_folder_as_the_screens_do() {
    let w = workshop();
    let out = w.dir.path().join("exports").join("monday");
    let data = w.data_dir();
    drop(w.store);
    let run = Command::new(env!("CARGO_BIN_EXE_podium"))
        .args(["export", "--latest", "--out"])
        .arg(&out)
        .arg("--data-dir")
        .arg(&data)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(out.join("attendance.csv").is_file());
}

#[test]
fn the_export_command_fails_with_exit_code_1_for_an_unknown_session() {
    let w = workshop();
    let out = w.out("out");
    let data = w.data_dir();
    drop(w.store);
    let run = Command::new(env!("CARGO_BIN_EXE_podium"))
        .args(["export", "--session", "999", "--out"])
        .arg(&out)
        .arg("--data-dir")
        .arg(&data)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1));
    assert!(run.stdout.is_empty());
    assert_eq!(
        String::from_utf8_lossy(&run.stderr),
        "podium: there is no session 999; `podium sessions` lists them\n"
    );
    assert!(listing(&out).is_empty());

    // A data folder with no database is not created, only named.
    let nowhere = w.dir.path().join("nowhere");
    let run = Command::new(env!("CARGO_BIN_EXE_podium"))
        .args(["export", "--latest", "--out"])
        .arg(&out)
        .arg("--data-dir")
        .arg(&nowhere)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&run.stderr).contains("no sessions are recorded in"));
    assert!(!nowhere.exists());
}

// ---- the workbook ----

/// A workbook's sheets as calamine reads them, by name, in order.
fn read_workbook(path: &Path) -> Vec<(String, calamine::Range<calamine::Data>)> {
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(path).unwrap();
    book.sheet_names()
        .into_iter()
        .map(|name| {
            let range = book.worksheet_range(&name).unwrap();
            (name, range)
        })
        .collect()
}

/// The serial number a spreadsheet stores for a local date and time.
fn excel_serial(local: jiff::civil::DateTime) -> f64 {
    let epoch = jiff::civil::date(1899, 12, 30).at(0, 0, 0, 0);
    epoch.duration_until(local).as_secs_f64() / 86_400.0
}

/// Checks that a sheet holds what the CSV file holds, typed: a text the CSV guards against
/// running as a formula is plain text in the sheet; numbers are numbers, `true`/`false` are
/// booleans, RFC 3339 times are dates at the local time they were recorded.
fn assert_sheet_is_the_csv_typed(
    sheet: &calamine::Range<calamine::Data>,
    csv_rows: &[Vec<String>],
    columns: &[&str],
) {
    use calamine::Data;
    let mut rows = sheet.rows();
    let header: Vec<String> = rows
        .next()
        .unwrap()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(header, columns);
    let body: Vec<&[Data]> = rows.collect();
    assert_eq!(body.len(), csv_rows.len());
    for (cells, expected) in body.iter().zip(csv_rows) {
        for (column, text) in expected.iter().enumerate() {
            let cell = cells.get(column).unwrap_or(&Data::Empty);
            let name = columns[column];
            match cell {
                Data::String(s) => {
                    let guarded = text
                        .strip_prefix('\'')
                        .filter(|rest| rest.starts_with(['=', '+', '-', '@', '\t', '\r']));
                    assert_eq!(s, guarded.unwrap_or(text), "{name}");
                }
                Data::Float(x) => assert_eq!(*x, text.parse::<f64>().unwrap(), "{name}: {text}"),
                Data::Int(i) => assert_eq!(i.to_string(), *text, "{name}"),
                Data::Bool(b) => assert_eq!(b.to_string(), *text, "{name}"),
                Data::DateTime(dt) => {
                    let local = podium::store::stamp::parse_time(text)
                        .map(|t| t.datetime())
                        .or_else(|| {
                            text.parse::<jiff::civil::Date>()
                                .ok()
                                .map(|d| d.at(0, 0, 0, 0))
                        })
                        .unwrap_or_else(|| panic!("{name}: {text} is not a time"));
                    assert!(
                        (dt.as_f64() - excel_serial(local)).abs() < 1e-6,
                        "{name}: {text}"
                    );
                }
                Data::Empty => assert_eq!(text, "", "{name}"),
                other => panic!("{name}: unexpected {other:?} for {text}"),
            }
        }
    }
}

/// The frozen rows of each sheet of a workbook, read from its XML.
fn frozen_rows(path: &Path) -> Vec<String> {
    let mut zip = zip::ZipArchive::new(fs::File::open(path).unwrap()).unwrap();
    let mut sheets: Vec<String> = zip
        .file_names()
        .map(|n| n.unwrap().into_owned())
        .filter(|n| n.starts_with("xl/worksheets/sheet"))
        .collect();
    sheets.sort();
    sheets
        .iter()
        .map(|name| {
            let mut xml = String::new();
            std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut xml).unwrap();
            let pane = xml.split("<pane ").nth(1).unwrap_or_default();
            pane.split("/>").next().unwrap_or_default().to_owned()
        })
        .collect()
}

#[test]
fn the_workbook_holds_every_table_typed_with_frozen_headers() {
    let w = workshop();
    let csv_out = w.out("csv");
    let xlsx_out = w.out("xlsx");
    export::export_session(&w.store, w.session, &csv_out, Format::Csv, false).unwrap();
    let written =
        export::export_session(&w.store, w.session, &xlsx_out, Format::Xlsx, false).unwrap();
    let book = xlsx_out.join(format!("session-{}.xlsx", w.session));
    assert_eq!(written, std::slice::from_ref(&book));
    assert_eq!(listing(&xlsx_out), [format!("session-{}.xlsx", w.session)]);

    // With `PODIUM_EXPORT_SAMPLES=FOLDER`, a copy to open in a spreadsheet by hand.
    if let Some(folder) = std::env::var_os("PODIUM_EXPORT_SAMPLES") {
        let folder = Path::new(&folder);
        fs::create_dir_all(folder).unwrap();
        fs::copy(&book, folder.join("session.xlsx")).unwrap();
        for name in export::file_names(w.session, Format::Csv) {
            fs::copy(csv_out.join(&name), folder.join(&name)).unwrap();
        }
    }
    let sheets = read_workbook(&book);
    let names: Vec<&str> = sheets.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["attendance", "responses", "roleplay", "timing"]);
    let columns: [&[&str]; 4] = [
        &export::ATTENDANCE_COLUMNS,
        &export::RESPONSES_COLUMNS,
        &export::ROLEPLAY_COLUMNS,
        &export::TIMING_COLUMNS,
    ];
    for ((name, sheet), columns) in sheets.iter().zip(columns) {
        let csv_rows = read_csv(&csv_out.join(format!("{name}.csv")), columns);
        assert!(!csv_rows.is_empty(), "{name}");
        assert_sheet_is_the_csv_typed(sheet, &csv_rows, columns);
    }

    // Names that are formulas in a spreadsheet's eyes are plain text, accented and CJK names
    // are whole, numbers and times are typed.
    use calamine::Data;
    let attendance = &sheets[0].1;
    let participants: Vec<String> = attendance
        .rows()
        .skip(1)
        .map(|row| row[3].to_string())
        .collect();
    assert_eq!(
        participants,
        [
            HYPERLINK,
            JO,
            "Zoë",
            "王芳",
            "Ирина",
            "@SUM(A1)",
            "+1",
            "-2 sales"
        ]
    );
    let first = attendance.rows().nth(1).unwrap();
    assert!(
        matches!(first[0], Data::Float(id) if id == w.session as f64),
        "{:?}",
        first[0]
    );
    assert!(matches!(first[2], Data::DateTime(_)), "{:?}", first[2]);
    let responses = &sheets[1].1;
    let rating_values: Vec<f64> = responses
        .rows()
        .filter(|row| row[3] == Data::String("Rating".into()))
        .map(|row| match row[6] {
            Data::Float(value) => value,
            ref other => panic!("a rating is a number: {other:?}"),
        })
        .collect();
    assert_eq!(rating_values, [-2.0, 2.0]);
    assert!(
        responses.rows().any(|row| row[7] == Data::Bool(true)),
        "quiz correctness is a boolean"
    );

    // Each sheet keeps its header row in view.
    let panes = frozen_rows(&book);
    assert_eq!(panes.len(), 4);
    for pane in panes {
        assert!(
            pane.contains("ySplit=\"1\"") && pane.contains("state=\"frozen\""),
            "{pane}"
        );
    }
}

#[test]
fn the_export_command_writes_a_workbook_with_format_xlsx() {
    let w = workshop();
    let out = w.out("out");
    let data = w.data_dir();
    drop(w.store);
    let run = Command::new(env!("CARGO_BIN_EXE_podium"))
        .args(["export", "--latest", "--format", "xlsx", "--out"])
        .arg(&out)
        .arg("--data-dir")
        .arg(&data)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    let book = out.join(format!("session-{}.xlsx", w.session));
    assert_eq!(
        String::from_utf8(run.stdout).unwrap(),
        format!("{}\n", book.display())
    );
    assert_eq!(read_workbook(&book).len(), 4);
}

/// A recorded time, from its RFC 3339 text.
fn at(text: &str) -> jiff::Zoned {
    podium::time::parse_rfc3339(text).unwrap()
}
