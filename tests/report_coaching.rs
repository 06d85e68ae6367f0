#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

//! The follow-up reports over a small team recorded through the real store in a temporary
//! folder: a person's skill over time (workshop and field told apart, in date order, latest
//! and trend), paired ratings, commitments, quiz accuracy, the team matrix and its orders, and
//! the Follow-up list; with exact figures.

use std::fs;

use jiff::Zoned;
use jiff::civil::{Date, date};
use podium::report::ReportError;
use podium::report::coaching::{
    self, CoachingRecords, MatrixSort, PairedRating, QuizAccuracy, ScoreSource, Trend,
};
use podium::store::stamp::parse_time;
use podium::store::{
    Answer, CommitmentKey, CommitmentStatus, CriterionScore, ItemKind, Mode, NewCommitmentItem,
    NewCommitmentUpdate, NewObservation, NewResponse, NewScoreSheet, NewSession, PersonId,
    Presence, Rubric, SessionId, Store,
};
use tempfile::TempDir;

const DECK: &str = r#"Deck(
    title: "Discovery",
    sections: [
        Section(title: "Open", minutes: 10, slides: [
            Rating(id: "sure-before", prompt: "How sure are you?", min: 1, max: 5),
            Quiz(id: "q1", question: "Which is open?", options: ["Why?", "Is it?"], answer: 0),
            Quiz(id: "q2", question: "Which listens?", options: ["So you said...", "Next"], answer: 0),
        ]),
        Section(title: "Practice", minutes: 30, slides: [
            RolePlay(
                id: "call",
                title: "The discovery call",
                scenario: "A call.",
                roles: [Role(name: "Seller", brief: "Ask."), Role(name: "Buyer", brief: "Answer.")],
                minutes_per_round: 10,
                rubric: [
                    Criterion(name: "Open questions", describe: "Cannot be answered yes or no"),
                    Criterion(name: "Listening", describe: "Follows up"),
                ],
                scale: 5,
            ),
        ]),
        Section(title: "Close", minutes: 10, slides: [
            Rating(id: "sure-after", prompt: "How sure are you now?", min: 1, max: 5, pairs_with: "sure-before"),
            FreeText(id: "plan", prompt: "Which call will you use this on?", follow_up_days: 14),
        ]),
    ],
)"#;

const MARCH: &str = "2025-03-04T09:00:00+01:00";
const APRIL: &str = "2025-04-01T09:00:00+02:00";

fn at(text: &str) -> Zoned {
    parse_time(text).unwrap()
}

struct Team {
    dir: TempDir,
    store: Store,
    deck_path: String,
    ana: PersonId,
    wang: PersonId,
    irina: PersonId,
    zoe: PersonId,
    march: SessionId,
    april: SessionId,
}

impl Team {
    fn session(&mut self, started_at: &str, people: &[PersonId]) -> SessionId {
        let session = self
            .store
            .start_session(&NewSession {
                deck_title: "Discovery".into(),
                deck_path: self.deck_path.clone(),
                mode: Mode::Live,
                facilitator: "Sam".into(),
                location: None,
                started_at: at(started_at),
            })
            .unwrap();
        for person in people {
            self.store
                .add_to_roster(session, *person, &at(started_at))
                .unwrap();
            self.store
                .record_attendance(session, *person, Presence::Present, &at(started_at))
                .unwrap();
        }
        session
    }

    fn answer(
        &mut self,
        session: SessionId,
        item: &str,
        kind: &str,
        person: PersonId,
        answer: Answer,
        correct: Option<bool>,
    ) {
        self.store
            .record_response(&NewResponse {
                session_id: session,
                item_id: item.into(),
                item_kind: ItemKind::parse(kind).unwrap(),
                person_id: Some(person),
                answer,
                correct,
                supersedes: None,
                recorded_at: at(MARCH),
            })
            .unwrap();
    }

    fn sheet(
        &mut self,
        session: SessionId,
        round: u32,
        seller: PersonId,
        scores: [u32; 2],
        when: &str,
    ) {
        self.store
            .record_score_sheet(&NewScoreSheet {
                session_id: session,
                item_id: "call".into(),
                round,
                seller_id: seller,
                observer_id: Some(self.zoe),
                scores: vec![
                    ("Open questions".into(), scores[0]),
                    ("Listening".into(), scores[1]),
                ],
                scale: 5,
                comment: format!("round {round}"),
                supersedes: None,
                recorded_at: at(when),
            })
            .unwrap();
    }

    fn observe(
        &mut self,
        person: PersonId,
        on: Date,
        scores: [Option<u32>; 2],
        recorded: &str,
    ) -> i64 {
        let records = CoachingRecords::load(&self.store).unwrap();
        let rubric: Rubric = records.rubrics_for(person).into_iter().next().unwrap();
        self.store
            .record_observation(&NewObservation {
                person_id: person,
                observed_on: on,
                context: format!("call on {on}"),
                observer: "Sam".into(),
                rubric,
                scores: scores
                    .iter()
                    .map(|s| CriterionScore {
                        score: *s,
                        comment: String::new(),
                    })
                    .collect(),
                supersedes: None,
                recorded_at: at(recorded),
            })
            .unwrap()
    }

    fn records(&self) -> CoachingRecords {
        CoachingRecords::load(&self.store).unwrap()
    }
}

fn team() -> Team {
    let dir = tempfile::tempdir().unwrap();
    let deck_path = dir.path().join("discovery.ron");
    fs::write(&deck_path, DECK).unwrap();
    let mut store = Store::open(&dir.path().join("data")).unwrap();
    let mut add = |name: &str| {
        store
            .find_or_add_person(name, None, None, &at(MARCH))
            .unwrap()
    };
    let ana = add("Ana Ruiz");
    let wang = add("王芳");
    let irina = add("Ирина Петрова");
    let zoe = add("Zoë Martin");
    let mut team = Team {
        dir,
        store,
        deck_path: deck_path.to_str().unwrap().to_owned(),
        ana,
        wang,
        irina,
        zoe,
        march: 0,
        april: 0,
    };
    team.march = team.session(MARCH, &[ana, wang, irina, zoe]);
    team.april = team.session(APRIL, &[ana, wang, zoe]);
    let (march, april) = (team.march, team.april);

    // March: ratings before and after, quizzes, role-play rounds, commitments.
    team.answer(march, "sure-before", "Rating", ana, Answer::Number(2), None);
    team.answer(march, "sure-after", "Rating", ana, Answer::Number(4), None);
    team.answer(
        march,
        "sure-before",
        "Rating",
        wang,
        Answer::Number(3),
        None,
    );
    team.answer(
        march,
        "q1",
        "Quiz",
        ana,
        Answer::Options(vec![0]),
        Some(true),
    );
    team.answer(
        march,
        "q2",
        "Quiz",
        ana,
        Answer::Options(vec![1]),
        Some(false),
    );
    team.answer(
        april,
        "q1",
        "Quiz",
        ana,
        Answer::Options(vec![0]),
        Some(true),
    );
    team.sheet(march, 1, ana, [2, 3], "2025-03-04T11:00:00+01:00");
    team.sheet(march, 1, wang, [4, 4], "2025-03-04T11:05:00+01:00");
    team.sheet(march, 2, irina, [3, 2], "2025-03-04T11:30:00+01:00");
    team.sheet(april, 1, ana, [3, 3], "2025-04-01T11:00:00+02:00");
    team.sheet(april, 1, wang, [5, 3], "2025-04-01T11:05:00+02:00");
    for session in [march, april] {
        let due = if session == march {
            date(2025, 3, 18)
        } else {
            date(2025, 4, 15)
        };
        team.store
            .record_commitment_items(
                session,
                &[NewCommitmentItem {
                    item_id: "plan".into(),
                    prompt: "Which call will you use this on?".into(),
                    follow_up_days: 14,
                    due_on: due,
                }],
                &at(MARCH),
            )
            .unwrap();
    }
    team.answer(
        march,
        "plan",
        "FreeText",
        ana,
        Answer::Text("Northfield, 12 March".into()),
        None,
    );
    team.answer(
        march,
        "plan",
        "FreeText",
        wang,
        Answer::Text("华东物流".into()),
        None,
    );
    team.answer(
        march,
        "plan",
        "FreeText",
        irina,
        Answer::Text("=cmd|' /C calc'!A0".into()),
        None,
    );
    team.answer(
        april,
        "plan",
        "FreeText",
        ana,
        Answer::Text("Baltic Foods, 10 April".into()),
        None,
    );
    team.answer(
        april,
        "plan",
        "FreeText",
        zoe,
        Answer::Text("Ask Hartmann for the pilot".into()),
        None,
    );
    team.store
        .update_commitment(&NewCommitmentUpdate {
            commitment: CommitmentKey {
                session_id: march,
                item_id: "plan".into(),
                person_id: ana,
            },
            status: Some(CommitmentStatus::Done),
            note: Some("Site visit agreed".into()),
            due_on: None,
            recorded_at: at("2025-03-13T17:00:00+01:00"),
        })
        .unwrap();
    team.store
        .update_commitment(&NewCommitmentUpdate {
            commitment: CommitmentKey {
                session_id: march,
                item_id: "plan".into(),
                person_id: irina,
            },
            status: Some(CommitmentStatus::Dropped),
            note: None,
            due_on: None,
            recorded_at: at("2025-03-20T17:00:00+01:00"),
        })
        .unwrap();

    // Field observations: Ana on 20 March (recorded after the April workshop) and 20 April;
    // Wang on 2 April.
    team.observe(
        ana,
        date(2025, 3, 20),
        [Some(4), None],
        "2025-04-02T08:00:00+02:00",
    );
    team.observe(
        ana,
        date(2025, 4, 20),
        [Some(5), Some(2)],
        "2025-04-20T18:00:00+02:00",
    );
    team.observe(
        wang,
        date(2025, 4, 2),
        [Some(3), Some(4)],
        "2025-04-02T18:00:00+02:00",
    );
    team
}

#[test]
fn a_person_page_shows_each_criterion_in_date_order_with_field_and_workshop_told_apart() {
    let t = team();
    let page = coaching::person_page(&t.records(), t.ana, date(2025, 5, 1)).unwrap();
    assert_eq!(page.person.name, "Ana Ruiz");
    assert_eq!((page.sessions, page.attended), (2, 2));
    assert_eq!(page.last_observed_on, Some(date(2025, 4, 20)));

    let names: Vec<&str> = page.skills.iter().map(|s| s.criterion.as_str()).collect();
    assert_eq!(names, ["Open questions", "Listening"]);
    let open = &page.skills[0];
    let series: Vec<(Date, u32, &str)> = open
        .points
        .iter()
        .map(|p| (p.on, p.score, p.source.kind()))
        .collect();
    assert_eq!(
        series,
        [
            (date(2025, 3, 4), 2, "workshop"),
            // Recorded on 2 April, but the call was on 20 March: it goes by the call's day.
            (date(2025, 3, 20), 4, "field"),
            (date(2025, 4, 1), 3, "workshop"),
            (date(2025, 4, 20), 5, "field"),
        ]
    );
    assert_eq!(open.latest().unwrap().score, 5);
    assert_eq!(open.trend, Trend::Up);
    assert_eq!(open.workshop().count(), 2);
    assert_eq!(open.field().count(), 2);
    match &open.points[0].source {
        ScoreSource::Workshop {
            title,
            round,
            observer,
            session_id,
            ..
        } => {
            assert_eq!(title.as_deref(), Some("The discovery call"));
            assert_eq!(*round, 1);
            assert_eq!(observer.as_deref(), Some("Zoë Martin"));
            assert_eq!(*session_id, t.march);
        }
        other => panic!("{other:?}"),
    }
    match &open.points[3].source {
        ScoreSource::Field {
            context, observer, ..
        } => {
            assert_eq!(context, "call on 2025-04-20");
            assert_eq!(observer, "Sam");
        }
        other => panic!("{other:?}"),
    }
    // Listening: not seen on 20 March, so three scores; it fell from 3 to 2.
    let listening = &page.skills[1];
    let scores: Vec<u32> = listening.points.iter().map(|p| p.score).collect();
    assert_eq!(scores, [3, 3, 2]);
    assert_eq!(listening.trend, Trend::Down);
    assert_eq!(listening.scale(), 5);
}

#[test]
fn paired_ratings_quiz_accuracy_and_commitments_are_on_the_page() {
    let t = team();
    let records = t.records();
    let page = coaching::person_page(&records, t.ana, date(2025, 4, 20)).unwrap();
    assert_eq!(
        page.pairs,
        [PairedRating {
            session_id: t.march,
            before_id: "sure-before".into(),
            after_id: "sure-after".into(),
            on: date(2025, 3, 4),
            deck_title: "Discovery".into(),
            prompt: "How sure are you now?".into(),
            before: Some(2),
            after: Some(4),
            min: 1,
            max: 5,
        }]
    );
    assert_eq!(page.pairs[0].change(), Some(2));
    assert_eq!(page.quiz, QuizAccuracy { right: 2, total: 3 });
    assert!((page.quiz.percent().unwrap() - 66.666).abs() < 0.01);

    let lines: Vec<(&str, CommitmentStatus, i64)> = page
        .commitments
        .iter()
        .map(|c| (c.text.as_str(), c.status, c.days_overdue))
        .collect();
    assert_eq!(
        lines,
        [
            ("Baltic Foods, 10 April", CommitmentStatus::Open, 5),
            ("Northfield, 12 March", CommitmentStatus::Done, 0),
        ]
    );
    assert_eq!(
        page.commitments[1].notes,
        [("Site visit agreed".to_owned(), date(2025, 3, 13))]
    );
    assert_eq!(page.commitments[1].status_on, Some(date(2025, 3, 13)));

    // Wang answered only before: the pair shows what there is.
    let wang = coaching::person_page(&records, t.wang, date(2025, 4, 20)).unwrap();
    assert_eq!(wang.pairs.len(), 1);
    assert_eq!((wang.pairs[0].before, wang.pairs[0].after), (Some(3), None));
    assert_eq!(wang.pairs[0].change(), None);
    assert_eq!(wang.quiz.percent(), None);

    let unknown = coaching::person_page(&records, 999, date(2025, 4, 20));
    assert!(matches!(unknown, Err(ReportError::UnknownPerson(999))));
}

#[test]
fn the_team_matrix_sorts_by_longest_unobserved_lowest_score_and_one_criterion() {
    let t = team();
    let today = date(2025, 5, 1);
    let matrix = coaching::team_matrix(&t.records(), today, MatrixSort::Name);
    assert_eq!(matrix.criteria, ["Open questions", "Listening"]);
    let names: Vec<&str> = matrix.rows.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["Ana Ruiz", "Zoë Martin", "Ирина Петрова", "王芳"]);

    let ana = &matrix.rows[0];
    let open = ana.cells[0].as_ref().unwrap();
    assert_eq!(
        (
            open.score, open.scale, open.trend, open.on, open.field, open.count
        ),
        (5, 5, Trend::Up, date(2025, 4, 20), true, 4)
    );
    let listening = ana.cells[1].as_ref().unwrap();
    assert_eq!((listening.score, listening.trend), (2, Trend::Down));
    assert_eq!(ana.last_observed_on, Some(date(2025, 4, 20)));
    assert_eq!(ana.days_unobserved, Some(11));
    assert_eq!(ana.lowest, Some(0.25));
    // Zoë observed and was never scored: on the team, with empty cells.
    let zoe = &matrix.rows[1];
    assert!(zoe.cells.iter().all(Option::is_none));
    assert_eq!(zoe.last_observed_on, None);

    let order = |sort: MatrixSort| -> Vec<String> {
        coaching::team_matrix(&t.records(), today, sort)
            .rows
            .into_iter()
            .map(|r| r.name)
            .collect()
    };
    // Never observed first (by name), then the oldest observation first.
    assert_eq!(
        order(MatrixSort::LongestUnobserved),
        ["Zoë Martin", "Ирина Петрова", "王芳", "Ana Ruiz"]
    );
    // Irina's lowest is 2 of 5 (0.25) like Ana's, her mean is lower; Wang's lowest is 3 of 5;
    // Zoë has no score and comes last.
    assert_eq!(
        order(MatrixSort::LowestScore),
        ["Ирина Петрова", "Ana Ruiz", "王芳", "Zoë Martin"]
    );
    assert_eq!(
        order(MatrixSort::Criterion("open questions".into())),
        ["Ирина Петрова", "王芳", "Ana Ruiz", "Zoë Martin"]
    );
    // Re-sorting a built matrix gives the same order as building it sorted.
    let resorted: Vec<String> = matrix
        .sorted(MatrixSort::LowestScore)
        .rows
        .into_iter()
        .map(|r| r.name)
        .collect();
    assert_eq!(resorted, order(MatrixSort::LowestScore));
}

#[test]
fn the_follow_up_list_holds_the_open_commitments_overdue_first() {
    let t = team();
    let list = coaching::follow_up_list(&t.records(), date(2025, 4, 1));
    let lines: Vec<(&str, &str, Date, i64)> = list
        .open
        .iter()
        .map(|c| (c.person.as_str(), c.text.as_str(), c.due_on, c.days_overdue))
        .collect();
    assert_eq!(
        lines,
        [
            ("王芳", "华东物流", date(2025, 3, 18), 14),
            ("Ana Ruiz", "Baltic Foods, 10 April", date(2025, 4, 15), 0),
            (
                "Zoë Martin",
                "Ask Hartmann for the pilot",
                date(2025, 4, 15),
                0
            ),
        ]
    );
    assert_eq!((list.overdue, list.done, list.dropped), (1, 1, 1));
    assert!(
        list.open.iter().all(|c| c.key.person_id != t.irina),
        "a dropped commitment is off the list"
    );
    assert_eq!(list.open[0].made_on, date(2025, 3, 4));
    assert_eq!(list.open[0].prompt, "Which call will you use this on?");
}

#[test]
fn a_deck_edited_after_an_observation_keeps_the_observation_under_its_own_rubric() {
    let mut t = team();
    // The deck renames a criterion and changes the scale.
    let edited = DECK
        .replace("\"Listening\"", "\"Active listening\"")
        .replace("scale: 5", "scale: 4");
    fs::write(&t.deck_path, edited).unwrap();
    let rubric = t.records().rubrics_for(t.ana).remove(0);
    assert_eq!(rubric.scale, 4);
    assert_eq!(rubric.criteria[1].name, "Active listening");
    t.observe(
        t.ana,
        date(2025, 4, 25),
        [Some(4), Some(4)],
        "2025-04-25T18:00:00+02:00",
    );

    let page = coaching::person_page(&t.records(), t.ana, date(2025, 5, 1)).unwrap();
    let names: Vec<&str> = page.skills.iter().map(|s| s.criterion.as_str()).collect();
    assert_eq!(names, ["Open questions", "Listening", "Active listening"]);
    let listening = &page.skills[1];
    assert!(
        listening.points.iter().all(|p| p.scale == 5),
        "the earlier scores keep their scale of 5"
    );
    let open = &page.skills[0];
    let last = open.latest().unwrap();
    assert_eq!((last.score, last.scale), (4, 4));
    // 4 of 4 after 5 of 5: level.
    assert_eq!(open.trend, Trend::Level);
    let first_observation = page.observations.last().unwrap();
    assert_eq!(first_observation.rubric.criteria[1].name, "Listening");
    assert_eq!(first_observation.rubric.scale, 5);
}

#[test]
fn a_deleted_deck_still_offers_the_rubric_its_score_sheets_recorded() {
    let t = team();
    fs::remove_file(&t.deck_path).unwrap();
    let records = t.records();
    let rubrics = records.rubrics_for(t.ana);
    assert_eq!(rubrics.len(), 1);
    assert_eq!(rubrics[0].item_id, "call");
    assert_eq!(rubrics[0].scale, 5);
    let names: Vec<&str> = rubrics[0]
        .criteria
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(names, ["Open questions", "Listening"]);
    // No deck, no pairs or titles: the records still show.
    let page = coaching::person_page(&records, t.ana, date(2025, 5, 1)).unwrap();
    assert!(page.pairs.is_empty());
    assert_eq!(page.skills[0].points.len(), 4);
    let _ = &t.dir;
}

#[test]
fn every_matrix_cell_agrees_with_the_persons_page() {
    let mut t = team();
    // A tie: two field observations of the same day and the same recording time.
    t.observe(
        t.ana,
        date(2025, 4, 20),
        [Some(1), Some(1)],
        "2025-04-20T18:00:00+02:00",
    );
    let records = t.records();
    let today = date(2025, 5, 1);
    let matrix = coaching::team_matrix(&records, today, MatrixSort::Name);
    for row in &matrix.rows {
        let page = coaching::person_page(&records, row.person_id, today).unwrap();
        for (criterion, cell) in matrix.criteria.iter().zip(&row.cells) {
            let skill = page.skills.iter().find(|s| s.criterion == *criterion);
            match (cell, skill) {
                (None, None) => {}
                (Some(cell), Some(skill)) => {
                    let latest = skill.latest().unwrap();
                    assert_eq!(
                        (
                            cell.score, cell.scale, cell.on, cell.field, cell.trend, cell.count
                        ),
                        (
                            latest.score,
                            latest.scale,
                            latest.on,
                            latest.source.is_field(),
                            skill.trend,
                            skill.points.len()
                        ),
                        "{} / {criterion}",
                        row.name
                    );
                }
                other => panic!("{} / {criterion}: {other:?}", row.name),
            }
        }
    }
}

#[test]
fn historys_person_page_pairs_before_and_after_and_lists_commitments() {
    let t = team();
    let history =
        podium::report::person_history_with_follow_up(&t.store, t.ana, date(2025, 4, 20)).unwrap();
    let march = history
        .sessions
        .iter()
        .find(|s| s.session_id == t.march)
        .unwrap();
    // The two ratings of the pair are one line, not two "Rated" lines.
    assert!(march.ratings.is_empty(), "{:?}", march.ratings);
    let pairs: Vec<(Option<i64>, Option<i64>, &str)> = march
        .pairs
        .iter()
        .map(|p| (p.before, p.after, p.prompt.as_str()))
        .collect();
    assert_eq!(pairs, [(Some(2), Some(4), "How sure are you now?")]);
    let written: Vec<(&str, CommitmentStatus)> = march
        .commitments
        .iter()
        .map(|c| (c.text.as_str(), c.status))
        .collect();
    assert_eq!(written, [("Northfield, 12 March", CommitmentStatus::Done)]);
    let april = history
        .sessions
        .iter()
        .find(|s| s.session_id == t.april)
        .unwrap();
    assert!(april.pairs.is_empty());
    let written: Vec<&str> = april.commitments.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(written, ["Baltic Foods, 10 April"]);

    // Wang rated only before: the pair shows with the after missing, and no loose rating.
    let wang =
        podium::report::person_history_with_follow_up(&t.store, t.wang, date(2025, 4, 20)).unwrap();
    let march = &wang.sessions[0];
    assert!(march.ratings.is_empty());
    assert_eq!(march.pairs.len(), 1);
    assert_eq!(
        (march.pairs[0].before, march.pairs[0].after),
        (Some(3), None)
    );
}

#[test]
fn a_void_session_counts_in_no_ones_coaching_records() {
    let mut t = team();
    t.store
        .set_void(
            t.april,
            true,
            "a test run",
            &at("2025-04-01T12:00:00+02:00"),
        )
        .unwrap();
    let records = t.records();
    let page = coaching::person_page(&records, t.ana, date(2025, 4, 20)).unwrap();
    assert_eq!((page.sessions, page.attended), (1, 1));
    assert_eq!(page.quiz, QuizAccuracy { right: 1, total: 2 });
    let written: Vec<&str> = page.commitments.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(written, ["Northfield, 12 March"], "April's is left out");
    let list = coaching::follow_up_list(&records, date(2025, 4, 20));
    assert!(
        list.open.iter().all(|c| c.key.session_id != t.april),
        "the Follow-up list leaves out a void session's commitments"
    );
    // Counting it again brings it back.
    t.store
        .set_void(t.april, false, "", &at("2025-04-01T13:00:00+02:00"))
        .unwrap();
    let page = coaching::person_page(&t.records(), t.ana, date(2025, 4, 20)).unwrap();
    assert_eq!((page.sessions, page.attended), (2, 2));
}
