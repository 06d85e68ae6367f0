#![allow(clippy::expect_used, clippy::unwrap_used, clippy::indexing_slicing)]

//! The coaching reports' figures: a team of 50 people over 20 workshops, each scored on a
//! rubric of 5 criteria, with quiz answers, paired ratings, a commitment each per workshop and
//! three field observations each. Building the team matrix and a person's page from the loaded
//! records must take under 16 ms each (a frame), so a screen can rebuild them as the leader
//! sorts or switches person. Reading the records from the store, the Follow-up list and the
//! PDFs are measured too.
//!
//! The store is a real SQLite file in a temporary folder on the machine's disk.

mod common;

use std::fmt::Write as _;
use std::time::Instant;

use jiff::civil::date;
use jiff::{Span, Zoned};
use podium::pdf::{self, Paper};
use podium::report::coaching::{self, CoachingRecords, MatrixSort};
use podium::store::stamp::parse_time;
use podium::store::{
    Answer, CriterionScore, ItemKind, Mode, NewCommitmentItem, NewObservation, NewPerson,
    NewResponse, NewScoreSheet, NewSession, PersonId, Presence, Record, Store,
};

const PEOPLE: usize = 50;
const SESSIONS: usize = 20;
const CRITERIA: [&str; 5] = [
    "Open questions",
    "Implication questions",
    "Listening",
    "Need confirmed first",
    "Asked for an advance",
];

fn deck_source() -> String {
    let rubric: Vec<String> = CRITERIA
        .iter()
        .map(|c| format!("Criterion(name: \"{c}\", describe: \"{c}\")"))
        .collect();
    let mut ron = String::from(
        "Deck(title: \"Selling on How\", sections: [Section(title: \"S\", minutes: 120, slides: [\n",
    );
    ron.push_str("Rating(id: \"before\", prompt: \"How confident?\", min: 1, max: 5),\n");
    ron.push_str("Quiz(id: \"q1\", question: \"Open?\", options: [\"a\", \"b\"], answer: 0),\n");
    ron.push_str("Quiz(id: \"q2\", question: \"Listen?\", options: [\"a\", \"b\"], answer: 1),\n");
    writeln!(
        ron,
        "RolePlay(id: \"call\", title: \"The call\", scenario: \"A call\", roles: [Role(name: \"Seller\", brief: \"S\"), Role(name: \"Buyer\", brief: \"B\")], minutes_per_round: 10, rubric: [{}], scale: 5),",
        rubric.join(", ")
    )
    .unwrap();
    ron.push_str("Rating(id: \"after\", prompt: \"How confident?\", min: 1, max: 5, pairs_with: \"before\"),\n");
    ron.push_str("FreeText(id: \"plan\", prompt: \"Which call?\", follow_up_days: 14),\n");
    ron.push_str("])])\n");
    ron
}

fn fill(store: &mut Store, deck_path: &str) -> Vec<PersonId> {
    let first = parse_time("2025-01-06T09:00:00+01:00").unwrap();
    let mut people: Vec<PersonId> = Vec::new();
    for s in 0..SESSIONS {
        let started: Zoned = first
            .checked_add(Span::new().days(i64::try_from(s * 7).unwrap()))
            .unwrap();
        let at = started.clone();
        let session = store
            .start_session(&NewSession {
                deck_title: "Selling on How".into(),
                deck_path: deck_path.into(),
                mode: Mode::Live,
                facilitator: "Sam".into(),
                location: None,
                started_at: at.clone(),
            })
            .unwrap();
        let roster: Vec<NewPerson> = (0..PEOPLE)
            .map(|p| NewPerson {
                name: format!("Person {p} 王"),
                email: Some(format!("p{p}@example.com")),
                team: Some(["North", "South"][p % 2].into()),
            })
            .collect();
        people = store
            .write_record(
                &format!("roster-{s}"),
                &Record::People {
                    session,
                    people: roster,
                    at: at.clone(),
                },
                &mut |_, _| {},
            )
            .unwrap()
            .ids;
        store
            .record_commitment_items(
                session,
                &[NewCommitmentItem {
                    item_id: "plan".into(),
                    prompt: "Which call?".into(),
                    follow_up_days: 14,
                    due_on: started.date().checked_add(Span::new().days(14)).unwrap(),
                }],
                &started,
            )
            .unwrap();
        for (p, person) in people.iter().enumerate() {
            store
                .record_attendance(session, *person, Presence::Present, &at)
                .unwrap();
            let score = |c: usize| u32::try_from(1 + (p + c + s) % 5).unwrap();
            store
                .record_score_sheet(&NewScoreSheet {
                    session_id: session,
                    item_id: "call".into(),
                    round: 1,
                    seller_id: *person,
                    observer_id: None,
                    scores: CRITERIA
                        .iter()
                        .enumerate()
                        .map(|(c, name)| ((*name).to_owned(), score(c)))
                        .collect(),
                    scale: 5,
                    comment: "Good questions".into(),
                    supersedes: None,
                    recorded_at: at.clone(),
                })
                .unwrap();
            for (item, kind, answer, correct) in [
                ("before", "Rating", Answer::Number(2), None),
                ("after", "Rating", Answer::Number(4), None),
                ("q1", "Quiz", Answer::Options(vec![0]), Some(true)),
                ("q2", "Quiz", Answer::Options(vec![0]), Some(false)),
                (
                    "plan",
                    "FreeText",
                    Answer::Text(format!("Call {p} in week {s}")),
                    None,
                ),
            ] {
                store
                    .record_response(&NewResponse {
                        session_id: session,
                        item_id: item.into(),
                        item_kind: ItemKind::parse(kind).unwrap(),
                        person_id: Some(*person),
                        answer,
                        correct,
                        supersedes: None,
                        recorded_at: at.clone(),
                    })
                    .unwrap();
            }
        }
    }
    let records = CoachingRecords::load(store).unwrap();
    let rubric = records.rubrics_for(people[0]).remove(0);
    for (p, person) in people.iter().enumerate() {
        for week in 0..3 {
            store
                .record_observation(&NewObservation {
                    person_id: *person,
                    observed_on: date(2025, 6, 2)
                        .checked_add(Span::new().days(i64::try_from(week * 7 + p % 7).unwrap()))
                        .unwrap(),
                    context: format!("Customer {p}-{week}"),
                    observer: "Sam".into(),
                    rubric: rubric.clone(),
                    scores: (0..CRITERIA.len())
                        .map(|c| CriterionScore {
                            score: Some(u32::try_from(1 + (p + c + week) % 5).unwrap()),
                            comment: String::new(),
                        })
                        .collect(),
                    supersedes: None,
                    recorded_at: parse_time("2025-07-01T18:00:00+02:00").unwrap(),
                })
                .unwrap();
        }
    }
    people
}

fn main() {
    let dir = tempfile::tempdir().expect("temp folder");
    let deck_path = dir.path().join("selling.ron");
    std::fs::write(&deck_path, deck_source()).unwrap();
    let mut store = Store::open(&dir.path().join("data")).unwrap();
    let fill_start = Instant::now();
    let people = fill(&mut store, deck_path.to_str().unwrap());
    println!(
        "recorded {PEOPLE} people x {SESSIONS} sessions x {} criteria, with observations and commitments, in {:.1} s",
        CRITERIA.len(),
        fill_start.elapsed().as_secs_f64()
    );

    let records = CoachingRecords::load(&store).unwrap();
    let today = date(2025, 7, 1);
    let matrix = coaching::team_matrix(&records, today, MatrixSort::LongestUnobserved);
    assert_eq!(matrix.rows.len(), PEOPLE);
    assert_eq!(matrix.criteria.len(), CRITERIA.len());
    let page = coaching::person_page(&records, people[7], today).unwrap();
    assert_eq!(page.skills.len(), CRITERIA.len());
    assert_eq!(page.skills[0].points.len(), SESSIONS + 3);
    assert_eq!(page.pairs.len(), SESSIONS);
    let list = coaching::follow_up_list(&records, today);
    assert_eq!(list.open.len(), PEOPLE * SESSIONS);

    common::report(
        "read the records from the store (CoachingRecords::load)",
        &common::time(20, || CoachingRecords::load(&store).unwrap().people.len()),
    );
    common::report(
        "team matrix, 50 people x 5 criteria",
        &common::time(200, || {
            coaching::team_matrix(&records, today, MatrixSort::LongestUnobserved)
                .rows
                .len()
        }),
    );
    common::report(
        "  the same, sorted by lowest score",
        &common::time(200, || {
            coaching::team_matrix(&records, today, MatrixSort::LowestScore)
                .rows
                .len()
        }),
    );
    let mut which = 0;
    common::report(
        "a person's page (23 scores on each of 5 criteria)",
        &common::time(200, || {
            which = (which + 1) % people.len();
            coaching::person_page(&records, people[which], today)
                .unwrap()
                .skills
                .len()
        }),
    );
    common::report(
        "Follow-up list, 1000 open commitments",
        &common::time(200, || coaching::follow_up_list(&records, today).open.len()),
    );
    common::report(
        "person page as a PDF",
        &common::time(10, || {
            pdf::person_page(&page, Paper::A4).unwrap().bytes.len()
        }),
    );
    common::report(
        "team matrix as a PDF",
        &common::time(10, || {
            pdf::team_matrix(&matrix, Paper::A4).unwrap().bytes.len()
        }),
    );
}
