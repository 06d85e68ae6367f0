#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

//! The printable follow-up: a person's page and the team matrix as one-page PDFs, checked with
//! poppler's tools as a reader would see them: `pdftotext` finds the names (accented, Chinese,
//! Cyrillic, formula-looking) and the scores, `pdffonts` shows every font embedded, `pdfinfo`
//! one page of A4 or Letter. With `PODIUM_PDF_SAMPLES=FOLDER` the PDFs are kept there, to look
//! at (`pdftoppm -png`).

use std::path::Path;
use std::process::Command;

use jiff::civil::date;
use podium::pdf::{self, Paper};
use podium::report::coaching::{
    self, CoachingRecords, CriterionSkill, MatrixSort, ScoreSource, SkillPoint, Trend,
};
use podium::store::stamp::parse_time;
use podium::store::{
    Answer, CommitmentKey, CommitmentStatus, CriterionScore, ItemKind, Mode, NewCommitmentItem,
    NewCommitmentUpdate, NewObservation, NewResponse, NewScoreSheet, NewSession, Presence, Store,
};

const DECK: &str = r#"Deck(title: "Selling on How", sections: [Section(title: "S", minutes: 90, slides: [
    Rating(id: "before", prompt: "How confident are you on a discovery call?", min: 1, max: 5),
    Quiz(id: "q", question: "Open?", options: ["Why?", "Is it?"], answer: 0),
    RolePlay(
        id: "call",
        title: "Northfield discovery call",
        scenario: "A call.",
        roles: [Role(name: "Seller", brief: "Ask."), Role(name: "Buyer", brief: "Answer.")],
        minutes_per_round: 10,
        rubric: [
            Criterion(name: "Open questions", describe: "Open"),
            Criterion(name: "Listening", describe: "Follows up"),
            Criterion(name: "Asked for an advance", describe: "Next step"),
        ],
        scale: 5,
    ),
    Rating(id: "after", prompt: "How confident are you on a discovery call?", min: 1, max: 5, pairs_with: "before"),
    FreeText(id: "plan", prompt: "Which call?", follow_up_days: 14),
])])"#;

const NAMES: [&str; 5] = [
    "Zoë Lefèvre",
    "王芳",
    "Ирина Соколова",
    "=HYPERLINK(\"x\")",
    "Maximilian Alexander von Hohenberg-Schwarzenfeld",
];

struct Team {
    _dir: tempfile::TempDir,
    store: Store,
    people: Vec<i64>,
}

fn team() -> Team {
    let dir = tempfile::tempdir().unwrap();
    let deck_path = dir.path().join("selling.ron");
    std::fs::write(&deck_path, DECK).unwrap();
    let mut store = Store::open(&dir.path().join("data")).unwrap();
    let people: Vec<i64> = NAMES
        .iter()
        .map(|n| {
            store
                .find_or_add_person(
                    n,
                    None,
                    Some("North"),
                    &parse_time("2025-03-04T09:00:00+01:00").unwrap(),
                )
                .unwrap()
        })
        .collect();
    for (days, started) in [
        (0, "2025-03-04T09:00:00+01:00"),
        (28, "2025-04-01T09:00:00+02:00"),
    ] {
        let started = &parse_time(started).unwrap();
        let session = store
            .start_session(&NewSession {
                deck_title: "Selling on How".into(),
                deck_path: deck_path.to_str().unwrap().into(),
                mode: Mode::Live,
                facilitator: "Sam".into(),
                location: None,
                started_at: started.clone(),
            })
            .unwrap();
        store
            .record_commitment_items(
                session,
                &[NewCommitmentItem {
                    item_id: "plan".into(),
                    prompt: "Which call?".into(),
                    follow_up_days: 14,
                    due_on: started
                        .date()
                        .checked_add(jiff::Span::new().days(14))
                        .unwrap(),
                }],
                started,
            )
            .unwrap();
        for (i, person) in people.iter().enumerate() {
            store.add_to_roster(session, *person, started).unwrap();
            store
                .record_attendance(session, *person, Presence::Present, started)
                .unwrap();
            let base = u32::try_from(i % 3).unwrap() + 1 + u32::from(days > 0);
            store
                .record_score_sheet(&NewScoreSheet {
                    session_id: session,
                    item_id: "call".into(),
                    round: 1,
                    seller_id: *person,
                    observer_id: None,
                    scores: vec![
                        ("Open questions".into(), base),
                        ("Listening".into(), base + 1),
                        ("Asked for an advance".into(), (base + 2).min(5)),
                    ],
                    scale: 5,
                    comment: String::new(),
                    supersedes: None,
                    recorded_at: started.clone(),
                })
                .unwrap();
            for (item, kind, answer, correct) in [
                ("before", "Rating", Answer::Number(2), None),
                ("after", "Rating", Answer::Number(4), None),
                ("q", "Quiz", Answer::Options(vec![0]), Some(true)),
                (
                    "plan",
                    "FreeText",
                    Answer::Text(format!("Call with 华东物流 #{i} on day {days}")),
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
                        recorded_at: started.clone(),
                    })
                    .unwrap();
            }
            if days == 0 && i == 0 {
                store
                    .update_commitment(&NewCommitmentUpdate {
                        commitment: CommitmentKey {
                            session_id: session,
                            item_id: "plan".into(),
                            person_id: *person,
                        },
                        status: Some(CommitmentStatus::Done),
                        note: Some("Done, with a site visit".into()),
                        due_on: None,
                        recorded_at: parse_time("2025-03-15T10:00:00+01:00").unwrap(),
                    })
                    .unwrap();
            }
        }
    }
    let rubric = CoachingRecords::load(&store)
        .unwrap()
        .rubrics_for(people[0])
        .remove(0);
    for (person, on, scores) in [
        (people[0], date(2025, 3, 20), [Some(4), Some(3), None]),
        (people[0], date(2025, 4, 22), [Some(5), Some(4), Some(3)]),
        (people[1], date(2025, 4, 10), [Some(2), Some(3), Some(2)]),
    ] {
        store
            .record_observation(&NewObservation {
                person_id: person,
                observed_on: on,
                context: "Baltic Foods, renewal".into(),
                observer: "Sam".into(),
                rubric: rubric.clone(),
                scores: scores
                    .iter()
                    .map(|s| CriterionScore {
                        score: *s,
                        comment: String::new(),
                    })
                    .collect(),
                supersedes: None,
                recorded_at: parse_time("2025-04-23T08:00:00+02:00").unwrap(),
            })
            .unwrap();
    }
    Team {
        _dir: dir,
        store,
        people,
    }
}

fn poppler(tool: &str, args: &[&str], pdf: &Path) -> String {
    let output = Command::new(tool)
        .args(args)
        .arg(pdf)
        .args(if tool == "pdftotext" { vec!["-"] } else { vec![] })
        .output()
        .unwrap_or_else(|e| panic!("{tool} is needed for this test (Debian: apt-get install poppler-utils; .ci/run installs it): {e}"));
    assert!(
        output.status.success(),
        "{tool}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

fn write(bytes: &[u8], name: &str, dir: &Path) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    if let Some(folder) = std::env::var_os("PODIUM_PDF_SAMPLES") {
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::copy(&path, Path::new(&folder).join(name)).unwrap();
    }
    path
}

/// Every font the PDF uses is embedded.
fn assert_fonts_embedded(pdf: &Path) {
    let fonts = poppler("pdffonts", &[], pdf);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!rows.is_empty(), "{fonts}");
    for row in rows {
        let columns: Vec<&str> = row.split_whitespace().collect();
        // name type [encoding] emb sub uni object ID: "emb" is the fifth field from the end.
        let emb = columns[columns.len() - 5];
        assert_eq!(emb, "yes", "not embedded: {row}\n{fonts}");
    }
}

fn assert_one_page(pdf: &Path, size: &str) {
    let info = poppler("pdfinfo", &[], pdf);
    assert!(
        info.lines()
            .any(|l| l.starts_with("Pages:") && l.ends_with(" 1")),
        "{info}"
    );
    assert!(info.contains(size), "{size} in {info}");
}

/// The text with runs of whitespace as one space, for finding phrases across layout.
fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn a_person_page_prints_on_one_page_with_names_scores_and_fonts_embedded() {
    let t = team();
    let records = CoachingRecords::load(&t.store).unwrap();
    let dir = tempfile::tempdir().unwrap();
    for (index, paper, size, name) in [
        (0, Paper::A4, "595.28 x 841.89 pts (A4)", "person-zoe.pdf"),
        (
            1,
            Paper::Letter,
            "612 x 792 pts (letter)",
            "person-wang.pdf",
        ),
    ] {
        let page = coaching::person_page(&records, t.people[index], date(2025, 5, 2)).unwrap();
        let printed = pdf::person_page(&page, paper).unwrap();
        assert!(printed.unshown.is_empty(), "{:?}", printed.note());
        let path = write(&printed.bytes, name, dir.path());
        assert_one_page(&path, size);
        assert_fonts_embedded(&path);
        let text = flat(&poppler("pdftotext", &["-layout"], &path));
        assert!(text.contains(NAMES[index]), "{}: {text}", NAMES[index]);
        for needle in [
            "Skills by criterion",
            "Open questions",
            "Listening",
            "Before → after",
            "Commitments",
        ] {
            assert!(text.contains(needle), "{needle}: {text}");
        }
        if index == 0 {
            // Zoë: latest Open questions 5 of 5, up; the pair 2 → 4; a commitment done.
            assert!(text.contains("latest 5/5 ↑"), "{text}");
            assert!(text.contains("2 → 4 (+2)"), "{text}");
            assert!(text.contains("quiz 100% right (2 of 2)"), "{text}");
            assert!(text.contains("done"), "{text}");
            assert!(text.contains("field: Baltic Foods"), "{text}");
            assert!(
                text.contains("Call with 华东物流"),
                "a commitment in Chinese: {text}"
            );
        } else {
            // 王芳: her field observation is the latest, 2 of 5, down from 3.
            assert!(text.contains("latest 2/5 ↓"), "{text}");
            assert!(text.contains("Came to 2 of 2 workshops"), "{text}");
        }
    }
}

#[test]
fn the_team_matrix_prints_everyone_on_one_landscape_page() {
    let t = team();
    let records = CoachingRecords::load(&t.store).unwrap();
    let matrix = coaching::team_matrix(&records, date(2025, 5, 2), MatrixSort::LongestUnobserved);
    let printed = pdf::team_matrix(&matrix, Paper::A4).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = write(&printed.bytes, "team.pdf", dir.path());
    assert_one_page(&path, "841.89 x 595.28 pts");
    assert_fonts_embedded(&path);
    let text = poppler("pdftotext", &["-layout"], &path);
    let flat = flat(&text);
    for name in &NAMES[..4] {
        assert!(flat.contains(name), "{name}: {text}");
    }
    assert!(
        flat.contains("Maximilian"),
        "a long name is cut, not lost: {text}"
    );
    assert!(
        flat.contains("longest without a field observation first"),
        "{text}"
    );
    // Never observed first, with the person observed longest ago after them.
    let order: Vec<usize> = ["Ирина", "Zoë", "王芳"]
        .iter()
        .map(|n| text.find(n).unwrap())
        .collect();
    assert!(order[0] < order[2] && order[2] < order[1], "{text}");
    // Zoë's row: 5/5 up on open questions, from a field observation.
    let zoe = text.lines().find(|l| l.contains("Zoë")).unwrap();
    assert!(zoe.contains("5/5 ↑ F"), "{zoe}");
    assert!(zoe.contains("22 Apr 2025 (10 d)"), "{zoe}");
}

#[test]
fn a_long_page_is_cut_to_one_page_and_says_how_much_is_left_out() {
    let t = team();
    let records = CoachingRecords::load(&t.store).unwrap();
    let mut page = coaching::person_page(&records, t.people[0], date(2025, 5, 2)).unwrap();
    // Twelve criteria and forty commitments: more than a page holds.
    let skill = page.skills[0].clone();
    page.skills = (0..12)
        .map(|i| CriterionSkill {
            criterion: format!("Criterion {i}"),
            ..skill.clone()
        })
        .collect();
    let line = page.commitments[0].clone();
    page.commitments = vec![line; 40];
    let printed = pdf::person_page(&page, Paper::A4).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = write(&printed.bytes, "person-long.pdf", dir.path());
    assert_one_page(&path, "A4");
    let text = flat(&poppler("pdftotext", &[], &path));
    assert!(text.contains("more criteria"), "{text}");
    assert!(text.contains("more: see the Follow-up list"), "{text}");

    // A hundred people in the matrix: cut, and said.
    let mut matrix = coaching::team_matrix(&records, date(2025, 5, 2), MatrixSort::Name);
    let row = matrix.rows[0].clone();
    matrix.rows = (0..100)
        .map(|i| coaching::MatrixRow {
            name: format!("Person {i}"),
            ..row.clone()
        })
        .collect();
    let printed = pdf::team_matrix(&matrix, Paper::Letter).unwrap();
    let path = write(&printed.bytes, "team-long.pdf", dir.path());
    assert_one_page(&path, "792 x 612 pts");
    let text = flat(&poppler("pdftotext", &[], &path));
    assert!(
        text.contains("Person 0") && text.contains("more people: export the workbook"),
        "{text}"
    );
}

#[test]
fn trends_and_sources_read_in_words_and_arrows() {
    // The arrows the PDF prints come from the report; check they are the documented ones.
    assert_eq!(Trend::Up.arrow(), "↑");
    assert_eq!(Trend::Down.word(), "down");
    let point = SkillPoint {
        on: date(2025, 3, 4),
        recorded_at: parse_time("2025-03-04T09:00:00+01:00").unwrap(),
        score: 3,
        scale: 5,
        source: ScoreSource::Field {
            observation_id: 1,
            context: "x".into(),
            observer: "Sam".into(),
            rubric_title: "t".into(),
        },
        comment: String::new(),
    };
    assert!((point.share() - 0.5).abs() < f64::EPSILON);
    assert_eq!(point.source.kind(), "field");
}

#[test]
fn the_export_command_prints_a_person_by_name_or_id_and_the_team() {
    let t = team();
    let data = t._dir.path().join("data");
    let zoe = t.people[0];
    drop(t.store);
    let out = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_podium"))
            .arg("--data-dir")
            .arg(&data)
            .args(args)
            .output()
            .unwrap()
    };
    let person_pdf = out.path().join("zoe.pdf");
    let done = run(&[
        "export",
        "--person",
        "  zoë   LEFÈVRE ",
        "--paper",
        "letter",
        "--pdf",
        person_pdf.to_str().unwrap(),
    ]);
    assert!(
        done.status.success(),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    assert_eq!(
        String::from_utf8(done.stdout).unwrap(),
        format!("{}\n", person_pdf.display())
    );
    assert_one_page(&person_pdf, "letter");
    assert!(flat(&poppler("pdftotext", &[], &person_pdf)).contains("Zoë Lefèvre"));

    // Again: refused without --overwrite; by id with it.
    let again = run(&[
        "export",
        "--person",
        &zoe.to_string(),
        "--pdf",
        person_pdf.to_str().unwrap(),
    ]);
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("zoe.pdf already exists"));
    let again = run(&[
        "export",
        "--person",
        &zoe.to_string(),
        "--pdf",
        person_pdf.to_str().unwrap(),
        "--overwrite",
    ]);
    assert!(again.status.success());

    let nobody = run(&[
        "export",
        "--person",
        "Nobody Here",
        "--pdf",
        out.path().join("x.pdf").to_str().unwrap(),
    ]);
    assert_eq!(nobody.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&nobody.stderr),
        "podium: nobody named \"Nobody Here\" is recorded; `podium people` lists everyone with their id\n"
    );

    let team_pdf = out.path().join("team.pdf");
    let done = run(&[
        "export",
        "--team",
        "--sort",
        "lowest",
        "--pdf",
        team_pdf.to_str().unwrap(),
    ]);
    assert!(
        done.status.success(),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    assert!(flat(&poppler("pdftotext", &[], &team_pdf)).contains("lowest score first"));

    // --pdf needs --person or --team, and --person needs --pdf.
    let wrong = run(&[
        "export",
        "--person",
        "1",
        "--out",
        out.path().to_str().unwrap(),
    ]);
    assert_eq!(wrong.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&wrong.stderr).contains("pass the file to write with --pdf FILE")
    );
    let wrong = run(&["export", "--session", "1", "--pdf", "x.pdf"]);
    assert_eq!(
        wrong.status.code(),
        Some(2),
        "a usage error: {}",
        String::from_utf8_lossy(&wrong.stderr)
    );

    let listed = run(&["people"]);
    assert!(listed.status.success());
    let table = String::from_utf8(listed.stdout).unwrap();
    let first = table.lines().nth(1).unwrap();
    assert!(
        first.contains("Zoë Lefèvre") && first.contains("North") && first.contains("2025-04-22"),
        "{table}"
    );
    assert!(
        table.lines().next().unwrap().starts_with("ID  NAME"),
        "{table}"
    );
}
