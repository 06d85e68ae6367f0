#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

//! The follow-up screens driven like a person would, through egui_kittest, on a real data
//! folder: two live sessions of the sample deck a week apart with a roster of twelve (accents,
//! Chinese, Cyrillic, Greek, a 60-character name, a comma and a formula-looking name). Each
//! click is checked in the database the writer thread saved it to.

use std::path::Path;
use std::time::{Duration, Instant};

mod common;

use common::app::{TestApp, all_text};
use common::records::{CRITERIA, prepare};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use jiff::Zoned;
use jiff::civil::date;

use podium::app::Now;
use podium::report::coaching::MatrixSort;
use podium::store::{CommitmentStatus, PersonId, Store};
use podium::ui::coaching::CoachingView;

fn at(text: &str) -> Zoned {
    podium::time::parse_rfc3339(text).unwrap()
}

/// The app on its start screen at `size`, over a prepared data folder, on 27 November 2026.
fn app(size: egui::Vec2) -> (Harness<'static, TestApp>, Vec<PersonId>) {
    let data = tempfile::tempdir().unwrap();
    let people = prepare(data.path());
    let options = common::app::options(data.path(), "Dana");
    let now = Now::at(Instant::now(), at("2026-11-27T09:00:00+01:00"));
    let harness = common::app::harness(options, size, 1.0, now, Some(data));
    (harness, people)
}

fn click(h: &mut Harness<'_, TestApp>, label: &str) {
    h.get_by_label(label).click();
    h.run_steps(2);
}

/// Types `text` into the first field of `role` labelled `label`.
fn type_into(h: &mut Harness<'_, TestApp>, role: egui::accesskit::Role, label: &str, text: &str) {
    h.get_all_by_role_and_label(role, label)
        .next()
        .unwrap()
        .focus();
    h.run_steps(1);
    h.get_all_by_role_and_label(role, label)
        .next()
        .unwrap()
        .type_text(text);
    h.run_steps(2);
}

fn store(h: &Harness<'_, TestApp>) -> Store {
    Store::open(h.state().data_path()).unwrap()
}

/// Runs frames until the follow-up writer has saved everything handed to it.
fn settle(h: &mut Harness<'_, TestApp>) {
    for _ in 0..2000 {
        h.run_steps(1);
        if h.state_mut().app.coaching_mut().is_none_or(|c| !c.busy()) {
            h.run_steps(2);
            return;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    panic!("the writer did not save the records, or they were not read again");
}

fn open_follow_up(h: &mut Harness<'_, TestApp>) {
    h.run_steps(2);
    click(h, "Follow-up and coaching");
    assert_eq!(
        h.state_mut().app.coaching_mut().unwrap().state.view,
        CoachingView::FollowUp
    );
}

#[test]
fn follow_up_lists_overdue_first_and_done_and_a_note_are_one_click_each() {
    let (mut h, people) = app(egui::vec2(1280.0, 800.0));
    open_follow_up(&mut h);
    let list = h
        .state_mut()
        .app
        .coaching_mut()
        .unwrap()
        .state
        .follow_up
        .clone()
        .unwrap();
    assert_eq!(list.open.len(), 24);
    // Week one's commitments were due 17 November, week two's 24 November: all overdue on
    // the 27th, the longest overdue first.
    assert_eq!(list.overdue, 24);
    assert!(list.open[0].days_overdue >= list.open[23].days_overdue);
    assert_eq!(list.open[0].due_on, date(2026, 11, 17));
    let first = list.open[0].key.clone();

    // One click: done.
    h.get_all_by_label("\u{2714} Done").next().unwrap().click();
    h.run_steps(2);
    settle(&mut h);
    let commitments = store(&h).commitments().unwrap();
    let done = commitments.iter().find(|c| c.key == first).unwrap();
    assert_eq!(done.status, CommitmentStatus::Done);
    let list = h
        .state_mut()
        .app
        .coaching_mut()
        .unwrap()
        .state
        .follow_up
        .clone()
        .unwrap();
    assert_eq!(list.open.len(), 23, "the done one leaves the list");
    assert_eq!(list.done, 1);

    // A note: typed, then one click.
    let second = list.open[0].key.clone();
    type_into(
        &mut h,
        egui::accesskit::Role::TextInput,
        "Note:",
        "Called, moved to Friday",
    );
    h.run_steps(2);
    h.get_all_by_label("Add note").next().unwrap().click();
    h.run_steps(2);
    settle(&mut h);
    let commitments = store(&h).commitments().unwrap();
    let noted = commitments.iter().find(|c| c.key == second).unwrap();
    let notes: Vec<&str> = noted.notes().map(|(n, _)| n).collect();
    assert_eq!(notes, ["Called, moved to Friday"]);
    assert_eq!(noted.status, CommitmentStatus::Open);
    let _ = people;
}

#[test]
fn the_team_matrix_sorts_by_longest_unobserved_and_lowest_score_and_opens_a_person() {
    let (mut h, people) = app(egui::vec2(1280.0, 800.0));
    open_follow_up(&mut h);
    click(&mut h, "Team matrix");
    let team = |h: &mut Harness<'_, TestApp>| {
        h.state_mut()
            .app
            .coaching_mut()
            .unwrap()
            .state
            .team
            .clone()
            .unwrap()
    };
    let matrix = team(&mut h);
    assert_eq!(matrix.rows.len(), 12);
    assert_eq!(matrix.criteria, CRITERIA);
    assert_eq!(matrix.sort, MatrixSort::LongestUnobserved);

    click(&mut h, "Lowest score");
    let matrix = team(&mut h);
    assert_eq!(matrix.sort, MatrixSort::LowestScore);
    let lowest: Vec<f64> = matrix.rows.iter().map(|r| r.lowest.unwrap()).collect();
    assert!(
        lowest.windows(2).all(|w| w[0] <= w[1]),
        "lowest first: {lowest:?}"
    );
    assert!(lowest[0] < lowest[11], "{lowest:?}");
    assert_eq!(matrix.rows[0].lowest, Some(0.0));

    click(&mut h, "Name");
    let names: Vec<String> = team(&mut h)
        .rows
        .iter()
        .map(|r| r.name.to_lowercase())
        .collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);

    // The matrix as a PDF and the people export as a workbook, into a typed folder.
    let out = tempfile::tempdir().unwrap();
    let folder = out.path().join("made here");
    h.state_mut().app.coaching_mut().unwrap().state.export_dir = folder.display().to_string();
    click(&mut h, "Team matrix as PDF");
    // The message makes the bar taller: the next button is where it is now.
    h.run_steps(3);
    click(&mut h, "Workbook (.xlsx)");
    let pdf = std::fs::read(folder.join("team-matrix-2026-11-27.pdf")).unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    let said = h
        .state_mut()
        .app
        .coaching_mut()
        .unwrap()
        .state
        .export
        .clone();
    assert!(folder.join("people.xlsx").is_file(), "{said:?}");
    // Again without "Replace existing files": refused, and said so.
    h.run_steps(3);
    click(&mut h, "Workbook (.xlsx)");
    let said = h
        .state_mut()
        .app
        .coaching_mut()
        .unwrap()
        .state
        .export
        .clone();
    assert!(
        matches!(&said, Some(podium::ui::coaching::ExportOutcome::Problem(why)) if why.contains("people.xlsx already")),
        "{said:?}"
    );

    // A name opens the person's page.
    let chinese = h
        .get_all_by_label_contains("王芳")
        .next()
        .expect("王芳 in the matrix");
    chinese.click();
    h.run_steps(2);
    let coaching = h.state_mut().app.coaching_mut().unwrap();
    assert_eq!(coaching.state.view, CoachingView::Person);
    let page = coaching.state.person.clone().unwrap();
    assert_eq!(page.person.person_id, people[1]);
    assert_eq!(page.skills.len(), 5);
    assert_eq!(page.skills[0].points.len(), 2);
    assert_eq!(page.pairs.len(), 2);
    assert_eq!(page.commitments.len(), 2);
}

#[test]
fn an_observation_is_scored_on_the_decks_rubric_and_saved_through_the_writer() {
    let (mut h, people) = app(egui::vec2(1280.0, 800.0));
    open_follow_up(&mut h);
    // From the Follow-up list, the person's name opens their page.
    let name = "Aiko Tanaka";
    h.get_all_by_label(name).next().unwrap().click();
    h.run_steps(2);
    click(&mut h, "Log a field observation\u{2026}");
    assert_eq!(
        h.state_mut().app.coaching_mut().unwrap().state.view,
        CoachingView::Observe
    );
    // Saving with no score says what to do and saves nothing.
    click(&mut h, "Save observation");
    let form = h
        .state_mut()
        .app
        .coaching_mut()
        .unwrap()
        .state
        .form
        .clone()
        .unwrap();
    assert!(form.problem.unwrap().contains("at least one criterion"));

    type_into(
        &mut h,
        egui::accesskit::Role::TextInput,
        "Customer or deal",
        "Baltic Freight renewal",
    );
    h.run_steps(2);
    // "4" on the first criterion, "2" on the third; the rest not seen.
    h.get_all_by_label("4").next().unwrap().click();
    h.run_steps(2);
    h.get_all_by_label("2").nth(2).unwrap().click();
    h.run_steps(2);
    click(&mut h, "Save observation");
    settle(&mut h);

    let observations = store(&h).observations().unwrap();
    assert_eq!(observations.len(), 1);
    let o = &observations[0];
    assert_eq!(o.person_id, people[8]);
    assert_eq!(o.context, "Baltic Freight renewal");
    assert_eq!(o.observer, "Dana");
    assert_eq!(o.observed_on, date(2026, 11, 27));
    assert_eq!(o.rubric.item_id, "triad-northfield");
    assert_eq!(o.rubric.scale, 5);
    let names: Vec<&str> = o.rubric.criteria.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, CRITERIA);
    let scores: Vec<Option<u32>> = o.scores.iter().map(|s| s.score).collect();
    assert_eq!(scores, [Some(4), None, Some(2), None, None]);

    // The page shows it as the latest field score.
    let coaching = h.state_mut().app.coaching_mut().unwrap();
    assert_eq!(coaching.state.view, CoachingView::Person);
    let page = coaching.state.person.clone().unwrap();
    let open = &page.skills[0];
    assert_eq!(open.points.len(), 3);
    assert!(open.latest().unwrap().source.is_field());
    assert_eq!(page.last_observed_on, Some(date(2026, 11, 27)));

    // Taken back, after a yes: recorded, and gone from the page and the store's current ones.
    // Below the fold: asked for through the accessibility tree, as a screen reader would.
    h.get_by_label("Withdraw\u{2026}").click_accesskit();
    h.run_steps(2);
    assert_eq!(
        store(&h).observations().unwrap().len(),
        1,
        "not before the yes"
    );
    h.get_by_label("Yes, withdraw").click_accesskit();
    h.run_steps(2);
    settle(&mut h);
    assert!(store(&h).observations().unwrap().is_empty());
    let page = h
        .state_mut()
        .app
        .coaching_mut()
        .unwrap()
        .state
        .person
        .clone()
        .unwrap();
    assert!(page.observations.is_empty());
    assert_eq!(page.skills[0].points.len(), 2);
}

/// Every button, link and field of the screen lies inside the window.
fn assert_nothing_cut(h: &Harness<'_, TestApp>, screen: &str, size: egui::Vec2) {
    let window = egui::Rect::from_min_size(egui::Pos2::ZERO, size).expand(0.5);
    for node in h.root().children_recursive() {
        let role = node.accesskit_node().role();
        if !matches!(
            role,
            egui::accesskit::Role::Button
                | egui::accesskit::Role::Link
                | egui::accesskit::Role::TextInput
        ) {
            continue;
        }
        let rect = node.rect();
        // Rows scrolled out of view vertically are reached by scrolling; nothing may run off
        // the side.
        if rect.min.y >= size.y {
            continue;
        }
        assert!(
            rect.min.x >= window.min.x && rect.max.x <= window.max.x,
            "{screen}: {:?} {:?} runs off the window at {rect:?}",
            role,
            node.accesskit_node().label()
        );
    }
}

#[test]
fn nothing_is_cut_at_1024x768() {
    let size = egui::vec2(1024.0, 768.0);
    let (mut h, _) = app(size);
    open_follow_up(&mut h);
    assert_nothing_cut(&h, "Follow-up", size);
    click(&mut h, "Team matrix");
    assert_nothing_cut(&h, "Team matrix", size);
    h.get_all_by_label_contains("Maximilian")
        .next()
        .unwrap()
        .click();
    h.run_steps(2);
    assert_nothing_cut(&h, "Person page", size);
    click(&mut h, "Log a field observation\u{2026}");
    assert_nothing_cut(&h, "Observation", size);
}

/// Not a test: writes the prepared data folder to `PODIUM_SHOT_DATA`, for screenshots of the
/// follow-up screens (`cargo test --test ui_coaching -- --ignored`).
#[test]
#[ignore = "writes the screenshot data folder when PODIUM_SHOT_DATA is set"]
fn write_screenshot_data() {
    if let Some(dir) = std::env::var_os("PODIUM_SHOT_DATA") {
        prepare(Path::new(&dir));
    }
}

#[test]
fn historys_person_page_shows_before_and_after_as_one_line_and_the_commitments() {
    let (mut h, people) = app(egui::vec2(1280.0, 800.0));
    h.run_steps(2);
    click(&mut h, "History, reports and exports");
    let ctx = h.ctx.clone();
    h.state_mut().app.apply_history(
        &ctx,
        podium::ui::history::HistoryAction::OpenPerson(people[0]),
    );
    h.run_steps(3);
    let text = all_text(&h);
    // The first person rated 1 before and 3 after, in both weeks: one line each.
    let line = "1 \u{2192} 3 (from 1 to 5): Right now: how confident are you that you can win a deal when the buyer thinks we're the same as the competition?";
    let pairs = text.lines().filter(|l| *l == line).count();
    assert!(pairs >= 2, "{text}");
    assert!(!text.contains("Rated "), "{text}");
    for week in [1, 2] {
        assert!(
            text.contains(&format!(
                "Commitment: \u{201C}Call 1 in week {week}\u{201D}"
            )),
            "{text}"
        );
    }
}
