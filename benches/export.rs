#![allow(clippy::expect_used, clippy::unwrap_used, clippy::indexing_slicing)]

//! The export's figure: a big workshop (200 people × 500 items = 100,000 answers, plus a
//! role-play scored for everyone) exported as the four CSV files and the JSON file, with the
//! deck read for question and option texts. Target: under a second.
//!
//! The store and the output are real files in a temporary folder on the machine's disk.

mod common;

use std::fmt::Write as _;
use std::time::Instant;

use podium::export::{self, Format};
use podium::store::{
    Answer, Mode, NewResponse, NewScoreSheet, NewSession, PersonId, Presence, SessionId, SlideTime,
    Store,
};

const AT: &str = "2025-03-04T09:00:00+01:00";
const PEOPLE: usize = 200;
const ITEMS: usize = 500;
const ITEMS_PER_SECTION: usize = 50;
const CRITERIA: [&str; 4] = ["Rapport", "Questions", "Listening", "Close"];

/// The kind of item `item`: the four question kinds in turn.
fn kind(item: usize) -> &'static str {
    ["Poll", "Quiz", "Rating", "FreeText"][item % 4]
}

/// A deck with the 500 items in sections of 50, and a role-play at the end.
fn deck_source() -> String {
    let mut ron = String::from("Deck(\n    title: \"Big workshop\",\n    sections: [\n");
    for section in 0..ITEMS / ITEMS_PER_SECTION {
        writeln!(
            ron,
            "        Section(title: \"Part {section}\", minutes: 20, slides: ["
        )
        .unwrap();
        for item in section * ITEMS_PER_SECTION..(section + 1) * ITEMS_PER_SECTION {
            let slide = match kind(item) {
                "Poll" => format!(
                    "Poll(id: \"i{item}\", question: \"Poll {item}?\", options: [\"Price\", \"Timing, mostly\", \"A \\\"competitor\\\"\", \"-No need\"])"
                ),
                "Quiz" => format!(
                    "Quiz(id: \"i{item}\", question: \"Quiz {item}?\", options: [\"A\", \"B\", \"C\", \"D\"], answer: 1)"
                ),
                "Rating" => {
                    format!("Rating(id: \"i{item}\", prompt: \"Rate {item}\", min: 1, max: 5)")
                }
                _ => format!("FreeText(id: \"i{item}\", prompt: \"Tell us {item}\")"),
            };
            writeln!(ron, "            {slide},").unwrap();
        }
        ron.push_str("        ]),\n");
    }
    let rubric: Vec<String> = CRITERIA
        .iter()
        .map(|c| format!("Criterion(name: \"{c}\", describe: \"{c}\")"))
        .collect();
    writeln!(
        ron,
        "        Section(title: \"Practice\", minutes: 40, slides: [RolePlay(id: \"rp\", title: \"Call\", scenario: \"A call\", roles: [Role(name: \"Seller\", brief: \"Sell\"), Role(name: \"Buyer\", brief: \"Buy\")], rounds: 2, minutes_per_round: 10, rubric: [{}], scale: 5)]),",
        rubric.join(", ")
    )
    .unwrap();
    ron.push_str("    ],\n)\n");
    ron
}

fn answer(person: usize, item: usize) -> (Answer, Option<bool>) {
    let choice = (person + item) % 4;
    match kind(item) {
        "Poll" => (Answer::Options(vec![choice]), None),
        "Quiz" => (Answer::Options(vec![choice]), Some(choice == 1)),
        "Rating" => (Answer::Number(1 + ((person + item) % 5) as i64), None),
        _ => (
            Answer::Text(format!(
                "Answer {person}-{item}, with \"quotes\", commas and\na line break"
            )),
            None,
        ),
    }
}

/// Records the workshop in `store`: everyone on the roster and checked in, every answer,
/// one score sheet per person, and a slide time per item.
fn fill(store: &mut Store, deck_path: &str) -> SessionId {
    let session = store
        .start_session(&NewSession {
            deck_title: "Big workshop".to_owned(),
            deck_path: deck_path.to_owned(),
            mode: Mode::Live,
            facilitator: "Bench".to_owned(),
            location: None,
            started_at: at(AT),
        })
        .unwrap();
    let people: Vec<PersonId> = (0..PEOPLE)
        .map(|p| {
            let email = format!("person{p}@example.com");
            let person = store
                .find_or_add_person(&format!("Person {p}"), Some(&email), Some("Sales"), &at(AT))
                .unwrap();
            store.add_to_roster(session, person, &at(AT)).unwrap();
            store
                .record_attendance(session, person, Presence::Present, &at(AT))
                .unwrap();
            person
        })
        .collect();
    for item in 0..ITEMS {
        let item_id = format!("i{item}");
        for (p, person) in people.iter().enumerate() {
            let (answer, correct) = answer(p, item);
            store
                .record_response(&NewResponse {
                    session_id: session,
                    item_id: item_id.clone(),
                    item_kind: podium::deck::ItemKind::parse(kind(item)).expect("a question kind"),
                    person_id: Some(*person),
                    answer,
                    correct,
                    supersedes: None,
                    recorded_at: at(AT),
                })
                .unwrap();
        }
        store
            .record_slide_time(&SlideTime {
                session_id: session,
                slide_index: item,
                slide_ref: item_id,
                section: format!("Part {}", item / ITEMS_PER_SECTION),
                section_planned_minutes: 20,
                seconds: 12.5,
                recorded_at: at(AT),
            })
            .unwrap();
    }
    for (p, seller) in people.iter().enumerate() {
        store
            .record_score_sheet(&NewScoreSheet {
                session_id: session,
                item_id: "rp".to_owned(),
                round: 1 + (p % 2) as u32,
                seller_id: *seller,
                observer_id: people.get((p + 1) % PEOPLE).copied(),
                scores: CRITERIA
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
    session
}

fn main() {
    let dir = tempfile::tempdir().expect("temp folder");
    let deck_path = dir.path().join("big.ron");
    std::fs::write(&deck_path, deck_source()).unwrap();
    let deck_path = deck_path.to_str().unwrap().to_owned();
    let mut store = Store::open(&dir.path().join("data")).unwrap();

    let fill_start = Instant::now();
    let session = fill(&mut store, &deck_path);
    println!(
        "recorded {PEOPLE} people x {ITEMS} items ({} answers) in {:.1} s",
        PEOPLE * ITEMS,
        fill_start.elapsed().as_secs_f64()
    );

    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let export_both = || export::export_session(&store, session, &out, Format::Both, true).unwrap();
    let written = export_both();
    let responses = std::fs::read_to_string(out.join(export::RESPONSES_FILE)).unwrap();
    let rows = csv::Reader::from_reader(responses.as_bytes())
        .records()
        .count();
    assert_eq!(rows, PEOPLE * ITEMS, "every answer exported");
    assert!(
        responses.contains("Poll 0?"),
        "question texts come from the deck"
    );
    let sizes: Vec<String> = written
        .iter()
        .map(|path| {
            format!(
                "{} {:.1} MB",
                path.file_name().unwrap().to_string_lossy(),
                std::fs::metadata(path).unwrap().len() as f64 / 1e6
            )
        })
        .collect();
    println!("wrote {}", sizes.join(", "));

    common::report(
        "export 100,000 answers as CSV and JSON",
        &common::time(5, export_both),
    );
    common::report(
        "  of which: read the 100,000 answers from the store",
        &common::time(5, || store.all_responses(session).unwrap().len()),
    );
    common::report(
        "export 100,000 answers as CSV only",
        &common::time(5, || {
            export::export_session(&store, session, &out, Format::Csv, true).unwrap()
        }),
    );
    common::report(
        "export 100,000 answers as one workbook (.xlsx)",
        &common::time(5, || {
            export::export_session(&store, session, &out, Format::Xlsx, true).unwrap()
        }),
    );
    common::report(
        "export 100,000 answers as JSON only",
        &common::time(5, || {
            export::export_session(&store, session, &out, Format::Json, true).unwrap()
        }),
    );
}

/// A recorded time, from its RFC 3339 text.
fn at(text: &str) -> jiff::Zoned {
    podium::time::parse_rfc3339(text).unwrap()
}
