#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

//! The reports the history screens show, over a small dataset recorded through the real store
//! in a temporary folder, with exact figures.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use podium::deck::{self, ImageCheck};
use podium::report::{
    self, AttendanceLine, CriterionMean, ItemResults, NamedPerson, NoteLine, OptionCount,
    PersonRating, PersonScore, RatingCount, ReportError, SectionTiming, SheetLine, SlideTiming,
    TextAnswer,
};
use podium::show::Show;
use podium::store::{
    Answer, Mode, NewResponse, NewScoreSheet, NewSession, PersonId, Presence, SessionId, SlideTime,
    Store,
};
use podium::time::rfc3339;
use tempfile::TempDir;

const DECK: &str = r#"
Deck(
    title: "Discovery",
    sections: [
        Section(
            title: "Intro",
            minutes: 5,
            slides: [
                Title(title: "Hi"),
                Quiz(id: "q1", question: "Which is open?", options: ["Why?", "Is it?"], answer: 0),
                Rating(id: "r1", prompt: "How ready?", min: 1, max: 5),
            ],
        ),
        Section(
            title: "Practice",
            minutes: 20,
            slides: [
                Activity(title: "Warm", minutes: 4),
                RolePlay(
                    id: "rp",
                    title: "The call",
                    scenario: "A call.",
                    roles: [Role(name: "Seller", brief: "Ask."), Role(name: "Buyer", brief: "Answer.")],
                    rounds: 2,
                    minutes_per_round: 5,
                    rubric: [
                        Criterion(name: "Open", describe: "Open questions"),
                        Criterion(name: "Listen", describe: "Follows up"),
                    ],
                    scale: 4,
                ),
            ],
        ),
        Section(title: "Close", minutes: 3, slides: [Points(title: "Bye", points: ["Go"])]),
    ],
)
"#;

const DAY1: &str = "2025-03-04T09:00:00+01:00";
const DAY2: &str = "2025-04-01T09:00:00+02:00";
const DAY3: &str = "2025-05-06T09:00:00+02:00";
const DAY4: &str = "2025-06-03T09:00:00+02:00";

struct Data {
    _dir: TempDir,
    store: Store,
    deck_path: String,
}

fn data() -> Data {
    let dir = tempfile::tempdir().unwrap();
    let deck_path = dir.path().join("discovery.ron");
    fs::write(&deck_path, DECK).unwrap();
    let store = Store::open(&dir.path().join("data")).unwrap();
    Data {
        deck_path: deck_path.to_str().unwrap().to_owned(),
        _dir: dir,
        store,
    }
}

impl Data {
    fn session(&mut self, mode: Mode, deck_path: &str, started: &str) -> SessionId {
        self.store
            .start_session(&NewSession {
                deck_title: "Discovery".to_owned(),
                deck_path: deck_path.to_owned(),
                mode,
                facilitator: "Sam".to_owned(),
                location: None,
                started_at: at(started),
            })
            .unwrap()
    }

    fn time(
        &mut self,
        session: SessionId,
        index: usize,
        slide_ref: &str,
        section: (&str, u32),
        seconds: f64,
    ) {
        self.store
            .record_slide_time(&SlideTime {
                session_id: session,
                slide_index: index,
                slide_ref: slide_ref.to_owned(),
                section: section.0.to_owned(),
                section_planned_minutes: section.1,
                seconds,
                recorded_at: at(DAY1),
            })
            .unwrap();
    }

    fn person(&mut self, name: &str) -> PersonId {
        self.store
            .find_or_add_person(name, None, None, &at(DAY1))
            .unwrap()
    }

    fn answer(
        &mut self,
        session: SessionId,
        item: &str,
        kind: &str,
        person: PersonId,
        answer: Answer,
        correct: Option<bool>,
    ) -> i64 {
        self.store
            .record_response(&NewResponse {
                session_id: session,
                item_id: item.to_owned(),
                item_kind: podium::deck::ItemKind::parse(kind).unwrap(),
                person_id: Some(person),
                answer,
                correct,
                supersedes: None,
                recorded_at: at(DAY1),
            })
            .unwrap()
    }

    fn correct(&mut self, session: SessionId, person: PersonId, old: i64, answer: Answer) {
        self.store
            .record_response(&NewResponse {
                session_id: session,
                item_id: "r1".to_owned(),
                item_kind: podium::deck::ItemKind::Rating,
                person_id: Some(person),
                answer,
                correct: None,
                supersedes: Some(old),
                recorded_at: at(DAY1),
            })
            .unwrap();
    }

    #[allow(clippy::too_many_arguments)]
    fn sheet(
        &mut self,
        session: SessionId,
        round: u32,
        seller: PersonId,
        observer: Option<PersonId>,
        scores: [u32; 2],
        comment: &str,
        supersedes: Option<i64>,
    ) -> i64 {
        self.store
            .record_score_sheet(&NewScoreSheet {
                session_id: session,
                item_id: "rp".to_owned(),
                round,
                seller_id: seller,
                observer_id: observer,
                scores: vec![
                    ("Open".to_owned(), scores[0]),
                    ("Listen".to_owned(), scores[1]),
                ],
                scale: 4,
                comment: comment.to_owned(),
                supersedes,
                recorded_at: at(DAY1),
            })
            .unwrap()
    }
}

const INTRO: (&str, u32) = ("Intro", 5);
/// Practice was planned at 25 minutes on the day; the deck says 20 now.
const PRACTICE: (&str, u32) = ("Practice", 25);
const CLOSE: (&str, u32) = ("Close", 3);

fn slide(
    index: usize,
    (slide_ref, title): (&str, &str),
    section: &str,
    seconds: f64,
    visits: usize,
    planned: Option<u64>,
) -> SlideTiming {
    SlideTiming {
        slide_index: index,
        slide_ref: slide_ref.to_owned(),
        title: title.to_owned(),
        section: section.to_owned(),
        actual_seconds: seconds,
        visits,
        planned_seconds: planned,
    }
}

#[test]
fn timing_report_sets_each_section_and_the_longest_slides_against_the_plan() {
    let mut d = data();
    let deck_path = d.deck_path.clone();
    let session = d.session(Mode::Live, &deck_path, DAY1);
    d.time(session, 0, "slide 1: Hi", INTRO, 60.5);
    d.time(session, 1, "q1", INTRO, 120.25);
    d.time(session, 0, "slide 1: Hi", INTRO, 30.0);
    d.time(session, 2, "r1", INTRO, 10.0);
    d.time(session, 3, "slide 4: Warm", PRACTICE, 300.0);
    d.time(session, 4, "rp", PRACTICE, 700.5);
    d.time(session, 5, "slide 6: Bye", CLOSE, 5.0);

    let timing = report::timing_report(&d.store, session).unwrap();
    assert_eq!(timing.session_id, session);
    // Each slide by its title as the deck has it, not by the id records use.
    let hi = slide(0, ("slide 1: Hi", "Hi"), "Intro", 90.5, 2, None);
    let q1 = slide(1, ("q1", "Which is open?"), "Intro", 120.25, 1, None);
    let r1 = slide(2, ("r1", "How ready?"), "Intro", 10.0, 1, None);
    let warm = slide(
        3,
        ("slide 4: Warm", "Warm"),
        "Practice",
        300.0,
        1,
        Some(240),
    );
    let rp = slide(4, ("rp", "The call"), "Practice", 700.5, 1, Some(600));
    let bye = slide(5, ("slide 6: Bye", "Bye"), "Close", 5.0, 1, None);
    assert_eq!(
        timing.sections,
        vec![
            SectionTiming {
                title: "Intro".to_owned(),
                planned_seconds: 300,
                actual_seconds: 220.75,
                slides: vec![hi.clone(), q1.clone(), r1.clone()],
            },
            SectionTiming {
                title: "Practice".to_owned(),
                planned_seconds: 1500,
                actual_seconds: 1000.5,
                slides: vec![warm.clone(), rp.clone()],
            },
            SectionTiming {
                title: "Close".to_owned(),
                planned_seconds: 180,
                actual_seconds: 5.0,
                slides: vec![bye],
            },
        ]
    );
    assert_eq!(timing.planned_seconds, 1980);
    assert_eq!(timing.actual_seconds, 1226.25);
    assert_eq!(timing.longest, vec![rp, warm, q1, hi, r1]);
}

#[test]
fn timing_report_without_the_deck_uses_the_recorded_sections() {
    let mut d = data();
    let session = d.session(Mode::Live, "/gone/deck.ron", DAY1);
    d.time(session, 3, "slide 4: Warm", PRACTICE, 300.0);
    d.time(session, 0, "slide 1: Hi", INTRO, 60.0);
    let timing = report::timing_report(&d.store, session).unwrap();
    let titles: Vec<(&str, u64, f64)> = timing
        .sections
        .iter()
        .map(|s| (s.title.as_str(), s.planned_seconds, s.actual_seconds))
        .collect();
    // In slide order, with the plan recorded on the day; no slide plans without a deck.
    assert_eq!(titles, [("Intro", 300, 60.0), ("Practice", 1500, 300.0)]);
    assert_eq!(timing.planned_seconds, 1800);
    assert_eq!(timing.longest[0].planned_seconds, None);
    assert_eq!(
        timing.longest[0].title, "slide 4: Warm",
        "without the deck, the slide as records name it"
    );

    assert!(matches!(
        report::timing_report(&d.store, 77),
        Err(ReportError::UnknownSession(77))
    ));
}

#[test]
fn rehearsal_trend_lists_each_rehearsal_of_the_deck_oldest_first() {
    let mut d = data();
    let deck_path = d.deck_path.clone();
    let first = d.session(Mode::Rehearsal, &deck_path, DAY1);
    d.time(first, 0, "slide 1: Hi", INTRO, 100.0);
    d.time(first, 4, "rp", PRACTICE, 900.0);
    d.store.end_session(first, &at(DAY1)).unwrap();
    // Not rehearsals of this deck: a live session, and a rehearsal of another deck.
    let live = d.session(Mode::Live, &deck_path, DAY2);
    d.time(live, 0, "slide 1: Hi", INTRO, 1.0);
    let other = d.session(Mode::Rehearsal, "/other/deck.ron", DAY2);
    d.time(other, 0, "slide 1: Hi", INTRO, 2.0);
    let second = d.session(Mode::Rehearsal, &deck_path, DAY3);
    d.time(second, 0, "slide 1: Hi", INTRO, 80.0);
    d.time(second, 4, "rp", PRACTICE, 1000.0);
    d.time(second, 5, "slide 6: Bye", CLOSE, 50.0);

    let trend = report::rehearsal_trend(&d.store, &deck_path).unwrap();
    let points: Vec<(SessionId, String, Option<String>, u64, f64)> = trend
        .iter()
        .map(|p| {
            (
                p.session_id,
                rfc3339(&p.started_at),
                p.ended_at.as_ref().map(rfc3339),
                p.planned_seconds,
                p.actual_seconds,
            )
        })
        .collect();
    assert_eq!(
        points,
        [
            (first, DAY1.to_owned(), Some(DAY1.to_owned()), 1980, 1000.0),
            (second, DAY3.to_owned(), None, 1980, 1130.0)
        ]
    );
    let per_section = |i: usize| -> Vec<(String, f64)> {
        trend[i]
            .sections
            .iter()
            .map(|s| (s.title.clone(), s.actual_seconds))
            .collect()
    };
    let expected = |values: [f64; 3]| -> Vec<(String, f64)> {
        ["Intro", "Practice", "Close"]
            .iter()
            .zip(values)
            .map(|(t, v)| ((*t).to_owned(), v))
            .collect()
    };
    assert_eq!(per_section(0), expected([100.0, 900.0, 0.0]));
    assert_eq!(per_section(1), expected([80.0, 1000.0, 50.0]));

    assert!(
        report::rehearsal_trend(&d.store, "/never/used.ron")
            .unwrap()
            .is_empty()
    );
}

/// Ana across sessions: two live sessions she came to, one she missed, one she was not on the
/// roster of, and a rehearsal.
struct History {
    d: Data,
    ana: PersonId,
    ben: PersonId,
    cy: PersonId,
    first: SessionId,
    second: SessionId,
    missed: SessionId,
}

fn history() -> History {
    let mut d = data();
    let deck_path = d.deck_path.clone();
    let ana = d.person("Ana");
    let ben = d.person("Ben");
    let cy = d.person("Cy");

    let first = d.session(Mode::Live, &deck_path, DAY1);
    for person in [ana, ben, cy] {
        d.store.add_to_roster(first, person, &at(DAY1)).unwrap();
    }
    d.store
        .record_attendance(first, ana, Presence::Present, &at(DAY1))
        .unwrap();
    d.store
        .record_attendance(first, ben, Presence::Late, &at(DAY1))
        .unwrap();
    d.answer(
        first,
        "q1",
        "Quiz",
        ana,
        Answer::Options(vec![0]),
        Some(true),
    );
    d.answer(
        first,
        "q1",
        "Quiz",
        ben,
        Answer::Options(vec![1]),
        Some(false),
    );
    d.answer(first, "r1", "Rating", ana, Answer::Number(4), None);
    d.answer(first, "r1", "Rating", ben, Answer::Number(2), None);
    d.answer(first, "r1", "Rating", cy, Answer::Number(9), None);
    d.answer(
        first,
        "extra",
        "FreeText",
        ben,
        Answer::Text("Ask why".to_owned()),
        None,
    );
    d.store
        .save_groups(first, "rp", &[vec![ana, ben], vec![cy]], &at(DAY1))
        .unwrap();
    d.sheet(first, 1, ana, Some(ben), [3, 4], "ok", None);
    d.sheet(first, 2, ben, None, [2, 2], "", None);
    d.store
        .save_note(first, "q1", "Explain open", &at(DAY1))
        .unwrap();
    d.store
        .save_note(first, "slide 1: Hi", "Late start", &at(DAY1))
        .unwrap();
    d.store
        .save_note(first, "slide 1: Hi", "", &at(DAY1))
        .unwrap();
    d.store
        .save_note(first, "slide 4: Warm", "Too long", &at(DAY1))
        .unwrap();
    d.time(first, 1, "q1", INTRO, 42.0);

    let rehearsal = d.session(Mode::Rehearsal, &deck_path, DAY2);
    d.store.add_to_roster(rehearsal, ana, &at(DAY2)).unwrap();
    d.answer(
        rehearsal,
        "q1",
        "Quiz",
        ana,
        Answer::Options(vec![1]),
        Some(false),
    );

    let second = d.session(Mode::Live, &deck_path, DAY2);
    d.store.add_to_roster(second, ana, &at(DAY2)).unwrap();
    d.store
        .record_attendance(second, ana, Presence::Late, &at(DAY2))
        .unwrap();
    d.answer(
        second,
        "q1",
        "Quiz",
        ana,
        Answer::Options(vec![1]),
        Some(false),
    );
    let low = d.answer(second, "r1", "Rating", ana, Answer::Number(2), None);
    d.correct(second, ana, low, Answer::Number(5));
    let sheet = d.sheet(second, 1, ana, Some(cy), [2, 2], "first", None);
    d.sheet(
        second,
        1,
        ana,
        Some(cy),
        [1, 2],
        "better next time",
        Some(sheet),
    );

    let missed = d.session(Mode::Live, &deck_path, DAY3);
    d.store.add_to_roster(missed, ana, &at(DAY3)).unwrap();

    let without = d.session(Mode::Live, &deck_path, DAY4);
    d.store.add_to_roster(without, ben, &at(DAY4)).unwrap();
    d.answer(
        without,
        "q1",
        "Quiz",
        ana,
        Answer::Options(vec![0]),
        Some(true),
    );

    History {
        d,
        ana,
        ben,
        cy,
        first,
        second,
        missed,
    }
}

#[test]
fn person_history_follows_one_person_across_live_sessions() {
    let h = history();
    let history = report::person_history(&h.d.store, h.ana).unwrap();
    assert_eq!(history.person.name, "Ana");
    let sessions: Vec<(SessionId, &str, Presence, usize, usize)> = history
        .sessions
        .iter()
        .map(|s| {
            (
                s.session_id,
                s.date.as_str(),
                s.presence,
                s.quiz_right,
                s.quiz_total,
            )
        })
        .collect();
    assert_eq!(
        sessions,
        [
            (h.first, "2025-03-04", Presence::Present, 1, 1),
            (h.second, "2025-04-01", Presence::Late, 0, 1),
            (h.missed, "2025-05-06", Presence::Absent, 0, 0),
        ]
    );
    assert_eq!(rfc3339(&history.sessions[0].started_at), DAY1);
    assert_eq!(history.sessions[0].deck_title, "Discovery");
    let rating = |value| PersonRating {
        item_id: "r1".to_owned(),
        prompt: Some("How ready?".to_owned()),
        value,
        min: Some(1),
        max: Some(5),
    };
    assert_eq!(history.sessions[0].ratings, vec![rating(4)]);
    // The correction, not the first answer.
    assert_eq!(history.sessions[1].ratings, vec![rating(5)]);
    let score = |round, criterion: &str, score, observer: &str, comment: &str| PersonScore {
        item_id: "rp".to_owned(),
        title: Some("The call".to_owned()),
        round,
        criterion: criterion.to_owned(),
        score,
        scale: 4,
        observer: Some(observer.to_owned()),
        comment: comment.to_owned(),
    };
    assert_eq!(
        history.sessions[0].scores,
        vec![
            score(1, "Open", 3, "Ben", "ok"),
            score(1, "Listen", 4, "Ben", "ok")
        ]
    );
    assert_eq!(
        history.sessions[1].scores,
        vec![
            score(1, "Open", 1, "Cy", "better next time"),
            score(1, "Listen", 2, "Cy", "better next time")
        ]
    );
    assert!(history.sessions[2].scores.is_empty());

    let totals = &history.totals;
    assert_eq!((totals.sessions, totals.attended), (3, 2));
    assert_eq!((totals.quiz_right, totals.quiz_total), (1, 2));
    assert_eq!(totals.quiz_accuracy_percent, Some(50.0));
    assert_eq!(
        totals.criteria,
        vec![
            CriterionMean {
                criterion: "Open".to_owned(),
                mean: 2.0,
                count: 2,
                scale: Some(4),
            },
            CriterionMean {
                criterion: "Listen".to_owned(),
                mean: 3.0,
                count: 2,
                scale: Some(4),
            },
        ]
    );

    // Someone with no quiz answers has no accuracy rather than 0%.
    let cy = report::person_history(&h.d.store, h.cy).unwrap();
    assert_eq!(cy.sessions.len(), 1);
    assert_eq!(cy.totals.attended, 0);
    assert_eq!(cy.totals.quiz_accuracy_percent, None);
    assert!(cy.totals.criteria.is_empty());

    assert!(matches!(
        report::person_history(&h.d.store, 999),
        Err(ReportError::UnknownPerson(999))
    ));
}

#[test]
fn session_overview_shows_names_counts_distributions_and_texts() {
    let h = history();
    let overview = report::session_overview(&h.d.store, h.first).unwrap();
    assert_eq!(overview.info.session_id, h.first);
    assert_eq!(overview.deck_problem, None);
    let line = |person_id, name: &str, presence, checked_in: Option<&str>| AttendanceLine {
        person_id,
        name: name.to_owned(),
        email: None,
        team: None,
        presence,
        checked_in_at: checked_in.map(at),
        left_at: None,
    };
    assert_eq!(
        overview.attendance,
        vec![
            line(h.ana, "Ana", Presence::Present, Some(DAY1)),
            line(h.ben, "Ben", Presence::Late, Some(DAY1)),
            line(h.cy, "Cy", Presence::Absent, None),
        ]
    );
    // The times read back to the letter, offset and all.
    let checked_in: Vec<Option<String>> = overview
        .attendance
        .iter()
        .map(|l| l.checked_in_at.as_ref().map(rfc3339))
        .collect();
    assert_eq!(
        checked_in,
        vec![Some(DAY1.to_owned()), Some(DAY1.to_owned()), None]
    );

    let items: Vec<(&str, &str, Option<&str>, bool)> = overview
        .items
        .iter()
        .map(|i| {
            (
                i.item_id.as_str(),
                i.kind.as_str(),
                i.question.as_deref(),
                i.in_deck,
            )
        })
        .collect();
    assert_eq!(
        items,
        [
            ("q1", "Quiz", Some("Which is open?"), true),
            ("r1", "Rating", Some("How ready?"), true),
            ("rp", "RolePlay", Some("The call"), true),
            // Recorded, but not in the deck: after the deck's items.
            ("extra", "FreeText", None, false),
        ]
    );
    assert_eq!(
        overview.items[0].results,
        ItemResults::Choices {
            options: vec![
                OptionCount {
                    index: 0,
                    text: "Why?".to_owned(),
                    count: 1,
                    correct: Some(true),
                },
                OptionCount {
                    index: 1,
                    text: "Is it?".to_owned(),
                    count: 1,
                    correct: Some(false),
                },
            ],
            named: 2,
            marks: 0,
            right: Some(1),
        }
    );
    let counts = |pairs: &[(i64, usize)]| -> Vec<RatingCount> {
        pairs
            .iter()
            .map(|&(value, count)| RatingCount { value, count })
            .collect()
    };
    assert_eq!(
        overview.items[1].results,
        ItemResults::Ratings {
            min: Some(1),
            max: Some(5),
            // Every value of the scale, and the 9 given outside it.
            counts: counts(&[(1, 0), (2, 1), (3, 0), (4, 1), (5, 0), (9, 1)]),
            mean: Some(5.0),
            answers: 3,
        }
    );
    let ItemResults::RolePlay { groups, sheets } = &overview.items[2].results else {
        panic!("{:?}", overview.items[2].results);
    };
    let named = |person_id, name: &str| NamedPerson {
        person_id,
        name: name.to_owned(),
    };
    assert_eq!(
        groups,
        &vec![
            vec![named(h.ana, "Ana"), named(h.ben, "Ben")],
            vec![named(h.cy, "Cy")]
        ]
    );
    let sheet = |index: usize,
                 round,
                 seller: (PersonId, &str),
                 observer: Option<(PersonId, &str)>,
                 scores: [u32; 2],
                 comment: &str| SheetLine {
        sheet_id: sheets[index].sheet_id,
        round,
        seller_id: seller.0,
        seller: seller.1.to_owned(),
        observer_id: observer.map(|o| o.0),
        observer: observer.map(|o| o.1.to_owned()),
        scores: vec![
            ("Open".to_owned(), scores[0]),
            ("Listen".to_owned(), scores[1]),
        ],
        scale: 4,
        comment: comment.to_owned(),
        recorded_at: at(DAY1),
    };
    assert!(sheets.iter().all(|s| rfc3339(&s.recorded_at) == DAY1));
    assert_eq!(
        sheets,
        &vec![
            sheet(0, 1, (h.ana, "Ana"), Some((h.ben, "Ben")), [3, 4], "ok"),
            sheet(1, 2, (h.ben, "Ben"), None, [2, 2], ""),
        ]
    );
    let ItemResults::Texts(texts) = &overview.items[3].results else {
        panic!("{:?}", overview.items[3].results);
    };
    assert_eq!(
        texts,
        &vec![TextAnswer {
            person_id: Some(h.ben),
            name: Some("Ben".to_owned()),
            text: "Ask why".to_owned(),
            recorded_at: at(DAY1),
        }]
    );

    // The emptied note is left out.
    assert_eq!(
        overview.notes,
        vec![
            NoteLine {
                slide_ref: "q1".to_owned(),
                title: "Which is open?".to_owned(),
                section: Some("Intro".to_owned()),
                text: "Explain open".to_owned(),
            },
            NoteLine {
                slide_ref: "slide 4: Warm".to_owned(),
                title: "Warm".to_owned(),
                section: Some("Practice".to_owned()),
                text: "Too long".to_owned(),
            }
        ]
    );
    assert_eq!(
        overview.timing,
        report::timing_report(&h.d.store, h.first).unwrap()
    );
    assert_eq!(overview.timing.actual_seconds, 42.0);
    assert_eq!(overview.timing.planned_seconds, 1680);
}

#[test]
fn session_overview_without_the_deck_names_options_by_number() {
    let h = history();
    fs::remove_file(&h.d.deck_path).unwrap();
    let overview = report::session_overview(&h.d.store, h.first).unwrap();
    let problem = overview.deck_problem.unwrap();
    assert!(problem.contains("no longer there"), "{problem}");
    let kinds: Vec<(&str, &str, bool)> = overview
        .items
        .iter()
        .map(|i| (i.item_id.as_str(), i.kind.as_str(), i.in_deck))
        .collect();
    assert_eq!(
        kinds,
        [
            ("q1", "Quiz", false),
            ("r1", "Rating", false),
            ("extra", "FreeText", false),
            ("rp", "RolePlay", false),
        ]
    );
    let ItemResults::Choices { options, right, .. } = &overview.items[0].results else {
        panic!("{:?}", overview.items[0].results);
    };
    let texts: Vec<(&str, usize, Option<bool>)> = options
        .iter()
        .map(|o| (o.text.as_str(), o.count, o.correct))
        .collect();
    assert_eq!(texts, [("option 1", 1, None), ("option 2", 1, None)]);
    assert_eq!(*right, Some(1));
    let ItemResults::Ratings { min, counts, .. } = &overview.items[1].results else {
        panic!("{:?}", overview.items[1].results);
    };
    assert_eq!(*min, None);
    assert_eq!(counts.len(), 3);

    assert!(matches!(
        report::session_overview(&h.d.store, 5000),
        Err(ReportError::UnknownSession(5000))
    ));
}

fn sample_deck(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("decks")
        .join(name)
}

#[test]
fn slide_refs_match_the_ones_a_running_session_records() {
    for name in ["selling-on-how.ron", "tour.ron"] {
        let deck = deck::load(&sample_deck(name), ImageCheck::Header)
            .unwrap()
            .deck;
        let slides: Vec<_> = deck.slides().map(|(_, slide)| slide.clone()).collect();
        let session = Show::new(deck, Instant::now());
        for (index, slide) in slides.iter().enumerate() {
            assert_eq!(
                report::slide_ref(index, slide),
                session.slide_ref(index),
                "{name}"
            );
        }
    }
}

/// A recorded time, from its RFC 3339 text.
fn at(text: &str) -> jiff::Zoned {
    podium::time::parse_rfc3339(text).unwrap()
}

#[test]
fn a_void_session_is_kept_labelled_and_counted_nowhere_until_counted_again() {
    let mut h = history();
    // A false start: marked void with its reason; the store keeps every record of it.
    h.d.store
        .set_void(h.second, true, "false start before check-in", &at(DAY3))
        .unwrap();
    let info = h.d.store.session(h.second).unwrap().unwrap();
    assert_eq!(info.void.as_deref(), Some("false start before check-in"));
    assert!(!h.d.store.all_responses(h.second).unwrap().is_empty());

    // Out of the person's attendance and scores.
    let history = report::person_history(&h.d.store, h.ana).unwrap();
    let sessions: Vec<SessionId> = history.sessions.iter().map(|s| s.session_id).collect();
    assert_eq!(sessions, [h.first, h.missed]);

    // Out of --latest: the newest live session that counts.
    let newest = h.d.store.sessions().unwrap()[0].session_id;
    h.d.store
        .set_void(newest, true, "a test run", &at(DAY3))
        .unwrap();
    let latest = podium::export::latest_session(&h.d.store, false)
        .unwrap()
        .unwrap();
    assert_ne!(latest, newest);
    assert!(
        h.d.store
            .sessions()
            .unwrap()
            .iter()
            .find(|s| s.session_id == latest)
            .unwrap()
            .void
            .is_none()
    );

    // Counted again: an un-void record after the void one; the newest counts.
    h.d.store
        .set_void(h.second, false, "counted again", &at(DAY3))
        .unwrap();
    assert_eq!(h.d.store.session(h.second).unwrap().unwrap().void, None);
    let history = report::person_history(&h.d.store, h.ana).unwrap();
    assert!(history.sessions.iter().any(|s| s.session_id == h.second));
}

#[test]
fn a_void_rehearsal_is_left_out_of_the_trend() {
    let mut d = data();
    let deck_path = d.deck_path.clone();
    let first = d.session(Mode::Rehearsal, &deck_path, DAY1);
    d.time(first, 0, "slide 1: Hi", INTRO, 100.0);
    let second = d.session(Mode::Rehearsal, &deck_path, DAY2);
    d.time(second, 0, "slide 1: Hi", INTRO, 90.0);
    d.store
        .set_void(first, true, "tried the clicker", &at(DAY2))
        .unwrap();
    let trend = report::rehearsal_trend(&d.store, &deck_path).unwrap();
    let points: Vec<SessionId> = trend.iter().map(|p| p.session_id).collect();
    assert_eq!(points, [second]);
}
