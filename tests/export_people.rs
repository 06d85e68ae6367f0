#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

//! The people export (`people.csv`, `commitments.csv`, or `people.xlsx`) over a real store and
//! deck in temporary folders, with accented, CJK, Cyrillic and formula-looking names: read back
//! with the csv crate and calamine and compared cell by cell; and `podium export --people`.

use std::fs;
use std::path::Path;
use std::process::Command;

use calamine::{Data, Reader};
use jiff::civil::date;
use podium::export::people::{self, COMMITMENTS_COLUMNS, PEOPLE_COLUMNS};
use podium::export::{ExportError, Format};
use podium::report::coaching::CoachingRecords;
use podium::store::stamp::parse_time;
use podium::store::{
    Answer, CommitmentKey, CommitmentStatus, CriterionScore, ItemKind, Mode, NewCommitmentItem,
    NewCommitmentUpdate, NewObservation, NewResponse, NewScoreSheet, NewSession, Presence, Store,
};
use tempfile::TempDir;

const DECK: &str = r#"Deck(title: "Discovery", sections: [Section(title: "S", minutes: 60, slides: [
    RolePlay(
        id: "call",
        title: "The discovery call",
        scenario: "A call.",
        roles: [Role(name: "Seller", brief: "Ask."), Role(name: "Buyer", brief: "Answer.")],
        minutes_per_round: 10,
        rubric: [Criterion(name: "Open questions", describe: "Open"), Criterion(name: "Listening", describe: "Follows up")],
        scale: 5,
    ),
    FreeText(id: "plan", prompt: "Which call?", follow_up_days: 14),
])])"#;

const STARTED: &str = "2025-03-04T09:00:00+01:00";
const FORMULA: &str = "=HYPERLINK(\"http://x\",\"y\")";

struct Fixture {
    dir: TempDir,
    store: Store,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let deck_path = dir.path().join("discovery.ron");
    fs::write(&deck_path, DECK).unwrap();
    let mut store = Store::open(&dir.path().join("data")).unwrap();
    let session = store
        .start_session(&NewSession {
            deck_title: "Discovery".into(),
            deck_path: deck_path.to_str().unwrap().into(),
            mode: Mode::Live,
            facilitator: "Sam".into(),
            location: None,
            started_at: parse_time(STARTED).unwrap(),
        })
        .unwrap();
    let mut people = Vec::new();
    for (name, email, team) in [
        ("Zoë Martin", Some("zoe@example.com"), Some("North")),
        ("王芳", None, None),
        ("Ирина", None, Some("Ost")),
        (FORMULA, None, Some("+1 team")),
    ] {
        let id = store
            .find_or_add_person(name, email, team, &parse_time(STARTED).unwrap())
            .unwrap();
        store
            .add_to_roster(session, id, &parse_time(STARTED).unwrap())
            .unwrap();
        store
            .record_attendance(
                session,
                id,
                Presence::Present,
                &parse_time(STARTED).unwrap(),
            )
            .unwrap();
        people.push(id);
    }
    let [zoe, wang, irina, formula] = people[..] else {
        unreachable!()
    };
    store
        .record_score_sheet(&NewScoreSheet {
            session_id: session,
            item_id: "call".into(),
            round: 1,
            seller_id: zoe,
            observer_id: Some(wang),
            scores: vec![("Open questions".into(), 3), ("Listening".into(), 4)],
            scale: 5,
            comment: "-Asked why twice".into(),
            supersedes: None,
            recorded_at: parse_time("2025-03-04T11:00:00+01:00").unwrap(),
        })
        .unwrap();
    let records = CoachingRecords::load(&store).unwrap();
    let rubric = records.rubrics_for(zoe).remove(0);
    store
        .record_observation(&NewObservation {
            person_id: zoe,
            observed_on: date(2025, 3, 12),
            context: "Northfield Foods".into(),
            observer: "Sam".into(),
            rubric,
            scores: vec![
                CriterionScore {
                    score: Some(4),
                    comment: "Opened well".into(),
                },
                CriterionScore {
                    score: None,
                    comment: String::new(),
                },
            ],
            supersedes: None,
            recorded_at: parse_time("2025-03-12T17:30:00+01:00").unwrap(),
        })
        .unwrap();
    store
        .record_commitment_items(
            session,
            &[NewCommitmentItem {
                item_id: "plan".into(),
                prompt: "Which call?".into(),
                follow_up_days: 14,
                due_on: date(2025, 3, 18),
            }],
            &parse_time(STARTED).unwrap(),
        )
        .unwrap();
    for (person, text) in [
        (zoe, "Northfield, 12 March"),
        (wang, "华东物流"),
        (formula, "@Baltic"),
    ] {
        store
            .record_response(&NewResponse {
                session_id: session,
                item_id: "plan".into(),
                item_kind: ItemKind::FreeText,
                person_id: Some(person),
                answer: Answer::Text(text.into()),
                correct: None,
                supersedes: None,
                recorded_at: parse_time("2025-03-04T16:00:00+01:00").unwrap(),
            })
            .unwrap();
    }
    store
        .update_commitment(&NewCommitmentUpdate {
            commitment: CommitmentKey {
                session_id: session,
                item_id: "plan".into(),
                person_id: zoe,
            },
            status: Some(CommitmentStatus::Done),
            note: Some("Site visit agreed".into()),
            due_on: None,
            recorded_at: parse_time("2025-03-13T09:00:00+01:00").unwrap(),
        })
        .unwrap();
    let _ = irina;
    Fixture { dir, store }
}

impl Fixture {
    fn out(&self, name: &str) -> std::path::PathBuf {
        let out = self.dir.path().join(name);
        fs::create_dir(&out).unwrap();
        out
    }
}

/// With `PODIUM_EXPORT_SAMPLES=FOLDER`, keeps a copy of an exported file there, to open it in
/// a spreadsheet by hand.
fn keep_sample(path: &Path) {
    if let Some(folder) = std::env::var_os("PODIUM_EXPORT_SAMPLES") {
        let folder = Path::new(&folder);
        fs::create_dir_all(folder).unwrap();
        fs::copy(path, folder.join(path.file_name().unwrap())).unwrap();
    }
}

fn read_csv(path: &Path) -> Vec<Vec<String>> {
    let bytes = fs::read(path).unwrap();
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap();
    let mut reader = csv::ReaderBuilder::new().from_reader(body);
    reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

fn rows(expected: &[&[&str]]) -> Vec<Vec<String>> {
    expected
        .iter()
        .map(|row| row.iter().map(|c| (*c).to_owned()).collect())
        .collect()
}

#[test]
fn people_and_commitments_read_back_as_recorded() {
    let f = fixture();
    let out = f.out("out");
    let written =
        people::export_people(&f.store, &out, Format::Csv, false, date(2025, 3, 20)).unwrap();
    assert_eq!(
        written,
        [out.join("people.csv"), out.join("commitments.csv")]
    );
    for path in &written {
        keep_sample(path);
    }
    let header = fs::read_to_string(out.join("people.csv")).unwrap();
    assert!(header.starts_with(&format!("\u{FEFF}{}\r\n", PEOPLE_COLUMNS.join(","))));
    let formula = "'=HYPERLINK(\"http://x\",\"y\")";
    assert_eq!(
        read_csv(&out.join("people.csv")),
        rows(&[
            &[
                "1",
                "Zoë Martin",
                "zoe@example.com",
                "North",
                "Open questions",
                "workshop",
                "2025-03-04",
                "3",
                "5",
                "1",
                "Discovery",
                "call",
                "The discovery call",
                "1",
                "王芳",
                "",
                "'-Asked why twice",
                "2025-03-04T11:00:00+01:00"
            ],
            &[
                "1",
                "Zoë Martin",
                "zoe@example.com",
                "North",
                "Open questions",
                "field",
                "2025-03-12",
                "4",
                "5",
                "",
                "Discovery",
                "call",
                "The discovery call",
                "",
                "Sam",
                "Northfield Foods",
                "Opened well",
                "2025-03-12T17:30:00+01:00"
            ],
            &[
                "1",
                "Zoë Martin",
                "zoe@example.com",
                "North",
                "Listening",
                "workshop",
                "2025-03-04",
                "4",
                "5",
                "1",
                "Discovery",
                "call",
                "The discovery call",
                "1",
                "王芳",
                "",
                "'-Asked why twice",
                "2025-03-04T11:00:00+01:00"
            ],
            &[
                "2", "王芳", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", ""
            ],
            &[
                "3",
                "Ирина",
                "",
                "Ost",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                ""
            ],
            &[
                "4", formula, "", "'+1 team", "", "", "", "", "", "", "", "", "", "", "", "", "",
                ""
            ],
        ])
    );
    assert_eq!(
        read_csv(&out.join("commitments.csv")),
        rows(&[
            &[
                "1",
                "Discovery",
                "2025-03-04",
                "Zoë Martin",
                "zoe@example.com",
                "North",
                "plan",
                "Which call?",
                "Northfield, 12 March",
                "2025-03-18",
                "done",
                "2025-03-13",
                "0",
                "2025-03-13: Site visit agreed",
                "2025-03-04T16:00:00+01:00"
            ],
            &[
                "1",
                "Discovery",
                "2025-03-04",
                "王芳",
                "",
                "",
                "plan",
                "Which call?",
                "华东物流",
                "2025-03-18",
                "open",
                "",
                "2",
                "",
                "2025-03-04T16:00:00+01:00"
            ],
            &[
                "1",
                "Discovery",
                "2025-03-04",
                formula,
                "",
                "+1 team",
                "plan",
                "Which call?",
                "'@Baltic",
                "2025-03-18",
                "open",
                "",
                "2",
                "",
                "2025-03-04T16:00:00+01:00"
            ],
        ])
        .into_iter()
        .map(|mut row| {
            // Teams are people's text like the rest: guarded.
            if row[5] == "+1 team" {
                row[5] = "'+1 team".into();
            }
            row
        })
        .collect::<Vec<_>>()
    );
    let header = fs::read_to_string(out.join("commitments.csv")).unwrap();
    assert!(header.starts_with(&format!("\u{FEFF}{}\r\n", COMMITMENTS_COLUMNS.join(","))));
}

#[test]
fn the_people_workbook_has_a_sheet_per_table_with_typed_cells() {
    let f = fixture();
    let out = f.out("out");
    let written =
        people::export_people(&f.store, &out, Format::Xlsx, false, date(2025, 3, 20)).unwrap();
    assert_eq!(written, [out.join("people.xlsx")]);
    keep_sample(&out.join("people.xlsx"));
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(out.join("people.xlsx")).unwrap();
    assert_eq!(book.sheet_names(), ["people", "commitments"]);
    let people = book.worksheet_range("people").unwrap();
    let header: Vec<String> = people
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(header, PEOPLE_COLUMNS);
    let first = people.rows().nth(1).unwrap();
    assert_eq!(first[0], Data::Float(1.0));
    assert_eq!(first[1], Data::String("Zoë Martin".into()));
    assert!(
        matches!(first[6], Data::DateTime(ref d) if d.as_f64() == 45720.0),
        "2025-03-04 is serial 45720: {:?}",
        first[6]
    );
    assert_eq!(first[7], Data::Float(3.0));
    assert_eq!(
        first[16],
        Data::String("-Asked why twice".into()),
        "no apostrophe in a workbook"
    );
    let names: Vec<String> = people.rows().skip(1).map(|r| r[1].to_string()).collect();
    assert_eq!(
        names,
        [
            "Zoë Martin",
            "Zoë Martin",
            "Zoë Martin",
            "王芳",
            "Ирина",
            FORMULA
        ]
    );

    let commitments = book.worksheet_range("commitments").unwrap();
    let wang = commitments.rows().nth(2).unwrap();
    assert_eq!(wang[3], Data::String("王芳".into()));
    assert_eq!(wang[8], Data::String("华东物流".into()));
    assert!(
        matches!(wang[9], Data::DateTime(ref d) if d.as_f64() == 45734.0),
        "{:?}",
        wang[9]
    );
    assert_eq!(wang[12], Data::Float(2.0));
}

#[test]
fn the_people_export_refuses_json_and_files_already_there() {
    let f = fixture();
    let out = f.out("out");
    let json = people::export_people(&f.store, &out, Format::Json, false, date(2025, 3, 20));
    assert!(
        matches!(json, Err(ExportError::NoJsonForPeople)),
        "{json:?}"
    );
    fs::write(out.join("commitments.csv"), "mine").unwrap();
    let refused = people::export_people(&f.store, &out, Format::Csv, false, date(2025, 3, 20));
    let message = refused.unwrap_err().to_string();
    assert!(
        message.starts_with("commitments.csv already exists in"),
        "{message}"
    );
    assert_eq!(
        fs::read_to_string(out.join("commitments.csv")).unwrap(),
        "mine"
    );
    assert!(!out.join("people.csv").exists(), "nothing was written");
    people::export_people(&f.store, &out, Format::Csv, true, date(2025, 3, 20)).unwrap();
    assert!(out.join("people.csv").exists());
}

#[test]
fn the_export_command_writes_everyone_with_people() {
    let f = fixture();
    let out = f.out("out");
    let data = f.dir.path().join("data");
    drop(f.store);
    let run = Command::new(env!("CARGO_BIN_EXE_podium"))
        .args(["export", "--people", "--format", "xlsx", "--out"])
        .arg(&out)
        .arg("--data-dir")
        .arg(&data)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    assert_eq!(
        String::from_utf8(run.stdout).unwrap(),
        format!("{}\n", out.join("people.xlsx").display())
    );
    let run = Command::new(env!("CARGO_BIN_EXE_podium"))
        .args(["export", "--people", "--out"])
        .arg(&out)
        .arg("--data-dir")
        .arg(&data)
        .output()
        .unwrap();
    assert!(run.status.success(), "csv by default for --people");
    assert!(out.join("people.csv").exists() && out.join("commitments.csv").exists());
}
