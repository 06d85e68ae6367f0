#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

//! Every tab of the presenter's side panel at every window size a facilitator meets
//! (1024x768 projectors to a 4K laptop at scale 2), with a twelve-person roster of long and
//! non-Latin names and a ten-option poll: every button, field and choice lies inside the
//! panel, so nothing the presenter needs is cut at the panel's edge or the window's. The same
//! for the whole-window screens around a show: the setup, History's session list, a live
//! session, a person's page and a rehearsal's report, over records of that roster.

mod common;

use common::app::TestApp;

use std::path::{Path, PathBuf};
use std::time::Instant;

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};

use podium::app::Now;
use podium::presentation::{Action, PanelTab};
use podium::show::{Command, Step};
use podium::store::types::Mode;
use podium::ui::history::HistoryAction;

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// Window sizes in points, and the scale: 3840x2160 pixels is 1920x1080 points at 2.
const SIZES: [(f32, f32, f32); 5] = [
    (1024.0, 768.0, 1.0),
    (1280.0, 800.0, 1.0),
    (1366.0, 768.0, 1.0),
    (1920.0, 1080.0, 1.0),
    (1920.0, 1080.0, 2.0),
];

const DECK: &str = r#"Deck(title: "Fit", sections: [Section(title: "All kinds", minutes: 30, slides: [
    Poll(id: "hands", question: "Which of these stalls your deals most?", anonymous: true, options: [
        "The buyer says we cost more than the competition, every single time we get to a proposal",
        "The buyer can't see a difference between us and the others",
        "No decision: they stay with what they have",
        "I can't get to the person who really decides",
        "Timing or budget moves",
        "Legal and procurement take months to read a two-page contract",
        "The champion leaves the company",
        "A competitor offers a free pilot",
        "We lose track after the first meeting",
        "Something else entirely, which I will tell you about at the break",
    ]),
    Poll(id: "named", question: "Which did you hear this week?", multiple: true, options: [
        "Price", "Same as others", "No budget", "Not now", "Send a brochure",
        "Call me next quarter", "We have a supplier", "Too small", "Too big", "Other",
    ]),
    Quiz(id: "quiz", question: "What is this most likely telling you?", options: [
        "Our price is too high for this buyer",
        "The buyer hasn't yet seen a difference that matters to them",
        "The buyer has already chosen a competitor",
        "We should lead with our newest product feature",
    ], answer: 1),
    Rating(id: "rate", prompt: "How confident are you?", min: 1, max: 10),
    FreeText(id: "text", prompt: "One thing you will do differently"),
    RolePlay(id: "rp", title: "The call", scenario: "A price review call.", roles: [
        Role(name: "Seller", brief: "Ask open questions."),
        Role(name: "Buyer", brief: "Be realistic.", private: true),
        Role(name: "Observer", brief: "Score the seller."),
    ], rounds: 3, minutes_per_round: 10, rubric: [
        Criterion(name: "Open questions", describe: "Mostly open questions"),
        Criterion(name: "Implication questions", describe: "Explored what the problem costs"),
        Criterion(name: "Need confirmed first", describe: "Summarised the need first"),
    ], scale: 5),
])])"#;

/// The app on its start screen at `size`, over the data folder `data`.
fn app_at(data: tempfile::TempDir, (w, h, scale): (f32, f32, f32)) -> Harness<'static, TestApp> {
    let options = common::app::options(data.path(), "Dana");
    let now = Now::at(
        Instant::now(),
        podium::time::parse_rfc3339("2026-11-27T09:00:00+01:00").unwrap(),
    );
    common::app::harness(options, egui::vec2(w, h), scale, now, Some(data))
}

/// The app with the deck open live at `size`, the twelve-person roster imported and everyone
/// here.
fn live_at(deck: &Path, size: (f32, f32, f32)) -> Harness<'static, TestApp> {
    let mut harness = roster_at(deck, size);
    harness.get_by_label("Everyone is here").click();
    harness.run_steps(3);
    harness
}

/// The app with the deck open live at `size`, on the People tab, the twelve-person roster
/// imported and nobody checked in yet.
fn roster_at(deck: &Path, size: (f32, f32, f32)) -> Harness<'static, TestApp> {
    let mut harness = app_at(tempfile::tempdir().unwrap(), size);
    let ctx = harness.ctx.clone();
    harness.state_mut().app.open(&ctx, deck);
    harness.state_mut().app.setup_mut().unwrap().mode = Mode::Live;
    let now = harness.state().now.clone();
    harness.state_mut().app.start_show(&ctx, None, &now);
    // Headless, the audience window would be drawn inside the presenter's: it is left out.
    apply(&mut harness, Action::ToggleAudienceWindow);
    apply(&mut harness, Action::ShowTab(PanelTab::People));
    harness
        .state_mut()
        .app
        .show_mut()
        .unwrap()
        .panel
        .roster_path = repo("tests/fixtures/roster12.csv").display().to_string();
    harness.get_by_label("Import roster").click();
    harness.run_steps(3);
    harness
}

fn apply(harness: &mut Harness<'_, TestApp>, action: Action) {
    let now = harness.state().now.clone();
    let _ = harness
        .state_mut()
        .app
        .show_mut()
        .unwrap()
        .presentation
        .apply([action], &now);
    harness.run_steps(3);
}

fn step(harness: &Harness<'_, TestApp>) -> Step {
    harness
        .state()
        .app
        .show()
        .unwrap()
        .presentation
        .show()
        .current()
        .unwrap()
        .step
}

fn is_interactive(role: Role) -> bool {
    matches!(
        role,
        Role::Button
            | Role::CheckBox
            | Role::RadioButton
            | Role::TextInput
            | Role::MultilineTextInput
            | Role::ComboBox
            | Role::Slider
            | Role::SpinButton
            | Role::Link
    )
}

/// Every interactive widget of the side panel lies inside it: across, between the panel's
/// left edge (where its tab row starts) and the window's right edge; down, between the tab
/// row and the control bar at the bottom, unless the panel scrolls. The panel's own fixed
/// controls (`fixed`) must always be in view.
fn assert_fits(harness: &Harness<'_, TestApp>, what: &str, fixed: &[&str]) {
    let screen = harness.ctx.content_rect();
    let tabs_node = harness.get_by_label("Next & agenda");
    let tabs = tabs_node.rect();
    let bottom_bar = harness.get_by_label("Next \u{25B6}").rect();
    let panel = egui::Rect::from_min_max(
        egui::pos2(tabs.left() - 0.5, tabs.top() - 0.5),
        egui::pos2(screen.right() + 0.5, bottom_bar.top()),
    );
    // The side panel: the pane the tab row is drawn in.
    let mut pane = tabs_node.accesskit_node().parent();
    while let Some(node) = &pane {
        if node.role() == Role::Pane {
            break;
        }
        pane = node.parent();
    }
    let pane = pane.expect("the side panel is a pane").id();
    let in_panel = |node: &egui_kittest::kittest::AccessKitNode<'_>| {
        let mut up = node.parent();
        while let Some(n) = up {
            if n.id() == pane {
                return true;
            }
            up = n.parent();
        }
        false
    };
    let ppp = harness.ctx.pixels_per_point();
    let rect_of = |node: &egui_kittest::kittest::AccessKitNode<'_>| {
        let b = node.bounding_box().expect("a widget has a rect");
        egui::Rect::from_min_max(
            egui::pos2(b.x0 as f32 / ppp, b.y0 as f32 / ppp),
            egui::pos2(b.x1 as f32 / ppp, b.y1 as f32 / ppp),
        )
    };
    let nodes: Vec<_> = harness
        .root()
        .children_recursive()
        .map(|n| n.accesskit_node())
        .filter(|n| in_panel(n))
        .collect();
    let scrolls = nodes.iter().any(|n| n.role() == Role::ScrollBar);
    let mut checked = 0;
    for node in &nodes {
        if !is_interactive(node.role()) {
            continue;
        }
        let rect = rect_of(node);
        let label = node.label().unwrap_or_default();
        assert!(
            rect.left() >= panel.left() && rect.right() <= panel.right(),
            "{what}: {label:?} is cut at the side of the panel: {rect:?} outside {panel:?}"
        );
        let outside = rect.bottom() > panel.bottom() + 0.5 || rect.top() < panel.top();
        assert!(
            !outside || scrolls,
            "{what}: {label:?} is outside the panel with nothing to scroll: {rect:?} outside {panel:?}"
        );
        if fixed.contains(&label.as_str()) {
            assert!(
                !outside,
                "{what}: {label:?} must stay in view: {rect:?} outside {panel:?}"
            );
        }
        checked += 1;
    }
    assert!(
        checked > 3,
        "{what}: only {checked} widgets found in the panel"
    );
}

/// The labels of the buttons a tab shows, to check that a tab shows what it should.
fn labels(harness: &Harness<'_, TestApp>) -> Vec<String> {
    harness
        .root()
        .children_recursive()
        .filter(|n| is_interactive(n.accesskit_node().role()))
        .filter_map(|n| n.accesskit_node().label())
        .collect()
}

#[test]
fn every_tab_of_the_side_panel_fits_at_every_size() {
    let dir = tempfile::tempdir().unwrap();
    let deck = dir.path().join("fit.ron");
    std::fs::write(&deck, DECK).unwrap();
    for size in SIZES {
        let what = |tab: &str| format!("{tab} at {}x{} scale {}", size.0, size.1, size.2);
        let mut h = live_at(&deck, size);
        assert_fits(
            &h,
            &what("People"),
            &["Everyone is here", "Add", "Import roster", "Choose\u{2026}"],
        );
        // The anonymous tally: ten options, each with its count and both buttons.
        apply(&mut h, Action::ShowTab(PanelTab::Answers));
        let tally = labels(&h);
        assert_eq!(
            tally.iter().filter(|l| l.trim() == "+").count(),
            10,
            "{}: {tally:?}",
            what("tally")
        );
        assert_fits(&h, &what("Answers, anonymous tally"), &[]);
        // A named poll of ten options, by click and with keyboard entry on.
        apply(&mut h, Action::Show(Command::GoToSlide(2)));
        apply(&mut h, Action::ShowTab(PanelTab::Answers));
        assert_fits(&h, &what("Answers, named poll"), &["Keyboard entry"]);
        apply(&mut h, Action::KeyboardEntry(true));
        assert_fits(&h, &what("Answers, keyboard entry"), &["Keyboard entry"]);
        apply(&mut h, Action::KeyboardEntry(false));
        for slide in [3, 4, 5] {
            apply(&mut h, Action::Show(Command::GoToSlide(slide)));
            apply(&mut h, Action::ShowTab(PanelTab::Answers));
            assert_fits(&h, &what(&format!("Answers, slide {slide}")), &[]);
        }
        // The role-play with groups formed, in its first round.
        apply(&mut h, Action::Show(Command::GoToSlide(6)));
        for _ in 0..4 {
            if step(&h) == Step::Round(1) {
                break;
            }
            apply(&mut h, Action::Show(Command::Next));
        }
        assert_eq!(step(&h), Step::Round(1));
        apply(&mut h, Action::ShowTab(PanelTab::RolePlay));
        h.get_by_label("Form groups").click();
        h.run_steps(3);
        assert_fits(&h, &what("Role-play"), &[]);
        apply(&mut h, Action::ShowTab(PanelTab::Notes));
        assert_fits(&h, &what("My notes"), &["Save note"]);
        apply(&mut h, Action::ShowTab(PanelTab::People));
        assert_fits(
            &h,
            &what("People, on the last slide"),
            &["Everyone is here", "Add", "Import roster"],
        );
    }
}

/// The rect of a node in points.
fn points(
    harness: &Harness<'_, TestApp>,
    node: &egui_kittest::kittest::AccessKitNode<'_>,
) -> Option<egui::Rect> {
    let ppp = harness.ctx.pixels_per_point();
    let b = node.bounding_box()?;
    Some(egui::Rect::from_min_max(
        egui::pos2(b.x0 as f32 / ppp, b.y0 as f32 / ppp),
        egui::pos2(b.x1 as f32 / ppp, b.y1 as f32 / ppp),
    ))
}

/// The panel a widget is drawn in, if any.
fn pane_of<'a>(
    node: &egui_kittest::kittest::AccessKitNode<'a>,
) -> Option<egui_kittest::kittest::AccessKitNode<'a>> {
    let mut up = node.parent();
    while let Some(n) = up {
        if n.role() == Role::Pane {
            return Some(n);
        }
        up = n.parent();
    }
    None
}

/// Every interactive widget of a whole-window screen lies inside the window and inside the
/// panel it is drawn in: across always; down unless that panel scrolls. No text runs off the
/// side of the window.
fn assert_screen_fits(harness: &Harness<'_, TestApp>, what: &str) {
    let window = harness.ctx.content_rect().expand(0.5);
    let nodes: Vec<_> = harness
        .root()
        .children_recursive()
        .map(|n| n.accesskit_node())
        .collect();
    let scrolling: Vec<_> = nodes
        .iter()
        .filter(|n| n.role() == Role::ScrollBar)
        .map(|n| pane_of(n).map(|p| p.id()))
        .collect();
    let mut checked = 0;
    for node in &nodes {
        if !is_interactive(node.role()) {
            continue;
        }
        let rect = points(harness, node).expect("a widget has a rect");
        let label = node.label().unwrap_or_default();
        let pane = pane_of(node);
        let bounds = pane
            .as_ref()
            .and_then(|p| points(harness, p))
            .map_or(window, |p| p.expand(0.5).intersect(window));
        let scrolls = scrolling.contains(&pane.as_ref().map(|p| p.id()));
        assert!(
            rect.left() >= bounds.left() && rect.right() <= bounds.right(),
            "{what}: {label:?} is cut at the side: {rect:?} outside {bounds:?}"
        );
        let outside = rect.top() < bounds.top() || rect.bottom() > bounds.bottom();
        assert!(
            !outside || scrolls,
            "{what}: {label:?} is outside its panel with nothing to scroll: {rect:?} outside {bounds:?}"
        );
        checked += 1;
    }
    assert!(checked > 2, "{what}: only {checked} widgets found");
    // No text runs off the side of the window either.
    for node in &nodes {
        let (Some(rect), Some(text)) = (points(harness, node), text_of(node)) else {
            continue;
        };
        assert!(
            rect.left() >= window.left() && rect.right() <= window.right(),
            "{what}: {text:?} is cut at the side of the window: {rect:?} outside {window:?}"
        );
    }
}

#[test]
fn setup_history_a_session_the_person_pages_and_the_rehearsal_report_fit_at_every_size() {
    for size in SIZES {
        let what = |screen: &str| format!("{screen} at {}x{} scale {}", size.0, size.1, size.2);
        let data = tempfile::tempdir().unwrap();
        let people = common::records::prepare(data.path());
        common::records::rehearse(data.path());
        // A live session that never ended: the setup offers to resume it.
        common::records::unfinished(data.path());
        let store = podium::store::Store::open(data.path()).unwrap();
        let (live, rehearsal) = live_and_rehearsal(&store);
        // The person with the longest name.
        let person = store
            .people()
            .unwrap()
            .into_iter()
            .filter(|p| people.contains(&p.person_id))
            .max_by_key(|p| p.name.chars().count())
            .unwrap();
        assert!(person.name.chars().count() >= 60, "{}", person.name);
        drop(store);

        let mut h = app_at(data, size);
        let ctx = h.ctx.clone();
        h.state_mut()
            .app
            .open(&ctx, &repo("decks/selling-on-how.ron"));
        for _ in 0..2000 {
            h.run_steps(1);
            if !h.state_mut().app.setup_mut().unwrap().unfinished.is_empty() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        h.run_steps(3);
        assert!(
            h.query_by_label_contains("Resume it where it stopped")
                .is_some(),
            "{}: the setup offers to resume",
            what("Setup")
        );
        assert_screen_fits(&h, &what("Setup, with a session to resume"));

        h.state_mut().app.open_history();
        h.run_steps(2);
        h.get_by_label("Show rehearsals").click();
        h.run_steps(3);
        assert_screen_fits(&h, &what("History, the session list"));

        h.state_mut()
            .app
            .apply_history(&ctx, HistoryAction::OpenSession(live));
        h.run_steps(3);
        assert_screen_fits(&h, &what("History, a live session"));

        h.state_mut()
            .app
            .apply_history(&ctx, HistoryAction::OpenPerson(person.person_id));
        h.run_steps(3);
        assert!(
            h.query_by_label_contains("Came to 2 of 3 sessions")
                .is_some(),
            "{}: the person page shows",
            what("History")
        );
        assert_screen_fits(&h, &what("History, the person page"));

        h.state_mut()
            .app
            .apply_history(&ctx, HistoryAction::OpenSession(rehearsal));
        h.run_steps(3);
        assert!(h.query_by_label_contains("Timing: ").is_some());
        assert_screen_fits(&h, &what("History, the rehearsal report"));

        // The same person's coaching page, from History.
        h.state_mut()
            .app
            .apply_history(&ctx, HistoryAction::Coach(person.person_id));
        h.run_steps(3);
        assert!(
            h.query_by_label_contains("Skill over time").is_some(),
            "{}: the coaching page shows",
            what("Coaching")
        );
        assert_screen_fits(&h, &what("the coaching person page"));
    }
}

/// What a node shows: a widget's label, or a text's value.
fn text_of(node: &egui_kittest::kittest::AccessKitNode<'_>) -> Option<String> {
    node.label().or_else(|| node.value())
}

/// The presenter's top bar (deck title, slide and step, section time, elapsed, time of day)
/// at every size with a long deck title, on slide 46 of 53 with steps and with a four-digit
/// slide number being typed: nothing in it overlaps anything else, and nothing runs off the
/// window. A fifth digit is not taken, and the presenter is told why.
#[test]
fn the_top_bar_does_not_overlap_itself_at_any_size() {
    let dir = tempfile::tempdir().unwrap();
    let deck = dir.path().join("long.ron");
    let slides = (1..=53)
        .map(|n| {
            format!(
                r#"Points(title: "Habits {n}", reveal: true, points: ["Open questions first", "Listen more than you talk", "Confirm the need", "Ask for an advance"]),"#
            )
        })
        .collect::<String>();
    std::fs::write(
        &deck,
        format!(
            r#"Deck(title: "Selling on How, Not What: winning when our products look like everyone else's, for the whole northern region", sections: [
            Section(title: "Open", minutes: 125, slides: [{slides}]),
        ])"#
        ),
    )
    .unwrap();
    for size in SIZES.into_iter().chain([(720.0, 480.0, 1.0)]) {
        let what = format!("The top bar at {}x{} scale {}", size.0, size.1, size.2);
        let mut h = live_at(&deck, size);
        apply(&mut h, Action::Show(Command::GoToSlide(46)));
        apply(&mut h, Action::Show(Command::Next));
        // Below 1024 wide (the presenter window's smallest is 720) the title and the step are
        // left out, and a number being typed takes the slide number's place.
        let narrow = size.0 < 1024.0;
        let slide = "Slide 46 of 53 \u{00B7} step 2 of 5";
        let on_a_step: &[&str] = if narrow {
            &["Slide 46 of 53"]
        } else {
            &[slide, "Selling on How"]
        };
        assert_top_bar_fits(&h, &format!("{what}, on a step"), on_a_step);
        // A slide number being typed: the title and the step may give way to it.
        for key in [
            egui::Key::Num1,
            egui::Key::Num2,
            egui::Key::Num3,
            egui::Key::Num4,
        ] {
            h.key_press(key);
            h.run_steps(3);
        }
        let typing: &[&str] = if narrow {
            &["1234"]
        } else {
            &["Slide 46 of 53", "1234"]
        };
        assert_top_bar_fits(&h, &format!("{what}, typing a slide number"), typing);
        h.key_press(egui::Key::Num5);
        h.run_steps(3);
        assert_top_bar_fits(&h, &format!("{what}, a fifth digit"), typing);
        let said = h
            .root()
            .children_recursive()
            .filter_map(|n| text_of(&n.accesskit_node()))
            .any(|t| t.contains("The deck has 53 slides"));
        assert!(said, "{what}: a fifth digit says why it is not taken");
        assert!(
            h.query_by_label_contains("12345").is_none(),
            "{what}: a fifth digit is not taken"
        );
    }
}

/// Nothing in the top bar overlaps anything else or runs off the window; both clocks and
/// `shown` are there.
fn assert_top_bar_fits(h: &Harness<'_, TestApp>, what: &str, shown: &[&str]) {
    let window = h.ctx.content_rect().expand(0.5);
    let elapsed = h.get_by_label_contains("Elapsed ");
    let bar = points(h, &elapsed.accesskit_node()).unwrap();
    let mut parts: Vec<(String, egui::Rect)> = Vec::new();
    for node in h.root().children_recursive() {
        let node = node.accesskit_node();
        let (Some(text), Some(rect)) = (text_of(&node), points(h, &node)) else {
            continue;
        };
        let in_bar = rect.center().y > bar.top() - 8.0 && rect.center().y < bar.bottom() + 8.0;
        // A text can show as a node and its text run (shortened when truncated): once.
        if in_bar && !parts.iter().any(|(t, r)| *t == text || *r == rect) {
            parts.push((text, rect));
        }
    }
    let labels: Vec<&str> = parts.iter().map(|(l, _)| l.as_str()).collect();
    for needed in ["Section: ", "Elapsed "].iter().chain(shown) {
        assert!(
            labels.iter().any(|l| l.contains(needed)),
            "{what}: {needed:?} is missing from {labels:?}"
        );
    }
    for (i, (a, a_rect)) in parts.iter().enumerate() {
        assert!(
            a_rect.left() >= window.left() && a_rect.right() <= window.right(),
            "{what}: {a:?} runs off the window: {a_rect:?}"
        );
        for (b, b_rect) in parts.iter().skip(i + 1) {
            assert!(
                !a_rect.shrink(0.5).intersects(b_rect.shrink(0.5)),
                "{what}: {a:?} ({a_rect:?}) overlaps {b:?} ({b_rect:?})"
            );
        }
    }
}

/// A name shortened in the People tab shows one tooltip on hover: the full name and how to
/// rename it, not a second one with the name again over the rows below.
#[test]
fn a_shortened_name_has_one_tooltip() {
    let dir = tempfile::tempdir().unwrap();
    let deck = dir.path().join("fit.ron");
    std::fs::write(&deck, DECK).unwrap();
    let mut h = live_at(&deck, SIZES[0]);
    apply(&mut h, Action::ShowTab(PanelTab::People));
    let long = "Maximilian Alexander Fitzgerald-Worthington von Hohenzollern";
    h.get_by_label(long).hover();
    for _ in 0..60 {
        h.step();
    }
    let shown: Vec<String> = h
        .root()
        .children_recursive()
        .filter_map(|n| text_of(&n.accesskit_node()))
        .filter(|t| t.contains(long))
        .collect();
    assert!(
        shown.iter().any(|t| t.contains("Double-click to rename")),
        "the tooltip says how to rename: {shown:?}"
    );
    assert_eq!(
        shown.len(),
        2,
        "the name's row and one tooltip, no second tooltip: {shown:?}"
    );

    // The same in the Answers tab, on the named poll.
    apply(&mut h, Action::Show(Command::GoToSlide(2)));
    apply(&mut h, Action::ShowTab(PanelTab::Answers));
    h.hover_at(egui::Pos2::ZERO);
    h.run_steps(3);
    h.get_by_label(long).hover();
    for _ in 0..60 {
        h.step();
    }
    let shown: Vec<String> = h
        .root()
        .children_recursive()
        .filter_map(|n| text_of(&n.accesskit_node()))
        .filter(|t| t.contains(long))
        .collect();
    assert_eq!(
        shown.len(),
        2,
        "Answers: the name's row and one tooltip: {shown:?}"
    );
}

/// Before anyone is checked in, the People tab's rows keep no room for check-in times: the
/// names have it. Once someone is here, the times have a column, so the buttons line up.
#[test]
fn names_have_the_room_of_the_times_until_someone_has_a_time() {
    let dir = tempfile::tempdir().unwrap();
    let deck = dir.path().join("fit.ron");
    std::fs::write(&deck, DECK).unwrap();
    for size in [SIZES[3], SIZES[4]] {
        let what = format!("People at {}x{}", size.0, size.1);
        let mut h = roster_at(&deck, size);
        // The gap between a row's last presence button and its remove button.
        let gap = |h: &Harness<'_, TestApp>| {
            let absent = h.get_all_by_label("Absent").next().unwrap().rect();
            let remove = h.get_all_by_label("\u{2716}").next().unwrap().rect();
            remove.left() - absent.right()
        };
        let spacing = h.ctx.global_style().spacing.item_spacing.x;
        assert!(
            gap(&h) <= spacing + 1.0,
            "{what}, nobody here: {} points kept empty beside the buttons",
            gap(&h)
        );
        h.get_by_label("Everyone is here").click();
        // The check-ins are saved on the recording thread; their times show once saved.
        for _ in 0..200 {
            h.run_steps(1);
            if h.query_all_by_label("in 09:00").next().is_some() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        assert!(
            gap(&h) >= 60.0,
            "{what}, everyone here: the times have a column ({} points)",
            gap(&h)
        );
    }
}

/// The Answers rows of a quiz stay where they are from its question to its results to its
/// right answer: a line above them says what the room sees at each step, one line high at
/// every step and every size, so a click aimed at a row does not land on the one below.
#[test]
fn a_quiz_s_answer_rows_stay_in_place_from_step_to_step() {
    let dir = tempfile::tempdir().unwrap();
    let deck = dir.path().join("fit.ron");
    std::fs::write(&deck, DECK).unwrap();
    for size in SIZES {
        let what = format!("Answers at {}x{} scale {}", size.0, size.1, size.2);
        let mut h = live_at(&deck, size);
        apply(&mut h, Action::Show(Command::GoToSlide(3)));
        apply(&mut h, Action::ShowTab(PanelTab::Answers));
        let mut tops = Vec::new();
        for expected in [Step::Question, Step::Results, Step::RightAnswer] {
            assert_eq!(step(&h), expected, "{what}");
            let row = h.get_all_by_label("Zoë Ångström").next().unwrap().rect();
            tops.push((expected, row.top()));
            apply(&mut h, Action::Show(Command::Next));
        }
        assert!(
            tops.iter().all(|(_, top)| (top - tops[0].1).abs() < 0.5),
            "{what}: the first row moves between steps: {tops:?}"
        );
    }
}

/// History's detail scrolled down on one session: the next session opened shows its top,
/// with its export and "Mark as void" in view, not the scroll position of the one before.
#[test]
fn history_opens_each_session_at_its_top() {
    let (data, live, rehearsal) = finished_live_and_rehearsal();

    let mut h = app_at(data, (1024.0, 768.0, 1.0));
    let ctx = h.ctx.clone();
    h.state_mut().app.open_history();
    h.run_steps(2);
    h.state_mut()
        .app
        .apply_history(&ctx, HistoryAction::OpenSession(live));
    h.run_steps(3);
    // Where the export button, the first thing of a session's page, is drawn.
    let top_of = |h: &Harness<'_, TestApp>| {
        points(h, &h.get_by_label("Export CSV and JSON").accesskit_node())
            .unwrap()
            .top()
    };
    let at_top = top_of(&h);
    for _ in 0..30 {
        h.get_by_label("Export CSV and JSON").scroll_down();
        h.run_steps(2);
    }
    assert!(
        top_of(&h) < 0.0,
        "the live session was scrolled down: {}",
        top_of(&h)
    );

    h.state_mut()
        .app
        .apply_history(&ctx, HistoryAction::OpenSession(rehearsal));
    h.run_steps(3);
    assert!(
        (top_of(&h) - at_top).abs() < 1.0,
        "the next session opens at its top, its export in view: {} against {at_top}",
        top_of(&h)
    );
}

/// History's export with real files: files already in the folder are kept unless "Replace
/// existing files" is ticked, and a tick is for one export: the next session's export into the
/// same folder asks again rather than replacing the first one's files.
#[test]
fn history_export_replaces_files_only_when_asked_each_time() {
    let (data, live, rehearsal) = finished_live_and_rehearsal();
    let out = tempfile::tempdir().unwrap();
    let earlier = "an earlier export\n";
    std::fs::write(out.path().join("attendance.csv"), earlier).unwrap();

    let mut h = app_at(data, (1280.0, 800.0, 1.0));
    let ctx = h.ctx.clone();
    h.state_mut().app.open_history();
    h.run_steps(2);
    history(&mut h).export_dir = out.path().display().to_string();
    h.state_mut()
        .app
        .apply_history(&ctx, HistoryAction::OpenSession(live));
    h.state_mut()
        .app
        .apply_history(&ctx, HistoryAction::Export(live));
    let attendance = || std::fs::read_to_string(out.path().join("attendance.csv")).unwrap();
    assert_eq!(attendance(), earlier, "kept when not asked");

    // Asked: replaced with this session's.
    history(&mut h).overwrite = true;
    h.state_mut()
        .app
        .apply_history(&ctx, HistoryAction::Export(live));
    assert_ne!(attendance(), earlier);
    let first = attendance();
    assert!(!history(&mut h).overwrite, "the tick was for that export");

    // Another session into the same folder: the first one's files stay.
    h.state_mut()
        .app
        .apply_history(&ctx, HistoryAction::OpenSession(rehearsal));
    h.state_mut()
        .app
        .apply_history(&ctx, HistoryAction::Export(rehearsal));
    assert_eq!(attendance(), first);
    h.run_steps(2);
    assert!(
        h.query_by_label_contains("already in this folder")
            .is_some(),
        "History says which files are there"
    );
}

/// A data folder with the prepared records and a rehearsal: the folder, a finished live
/// session's id and the rehearsal's.
fn finished_live_and_rehearsal() -> (tempfile::TempDir, i64, i64) {
    let data = tempfile::tempdir().unwrap();
    common::records::prepare(data.path());
    common::records::rehearse(data.path());
    let store = podium::store::Store::open(data.path()).unwrap();
    let (live, rehearsal) = live_and_rehearsal(&store);
    drop(store);
    (data, live, rehearsal)
}

/// The ids of the store's first finished live session and its first rehearsal.
fn live_and_rehearsal(store: &podium::store::Store) -> (i64, i64) {
    let sessions = store.sessions().unwrap();
    let live = sessions
        .iter()
        .find(|s| s.mode == Mode::Live && s.ended_at.is_some())
        .unwrap()
        .session_id;
    let rehearsal = sessions
        .iter()
        .find(|s| s.mode == Mode::Rehearsal)
        .unwrap()
        .session_id;
    (live, rehearsal)
}

fn history<'h>(h: &'h mut Harness<'static, TestApp>) -> &'h mut podium::ui::history::HistoryState {
    h.state_mut().app.history_mut().unwrap()
}
