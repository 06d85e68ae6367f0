#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

//! The real views driven like a person would: key presses and clicks through egui_kittest,
//! with an injected clock, asserting on the session and on what the accessibility tree shows.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};

use podium::app::images::ImageCache;
use podium::app::{Now, PodiumApp};
use podium::deck::{self, ImageCheck, SlideKind};
use podium::presentation::view::stage_of;
use podium::show::{Blank, Position, Show, Step};
use podium::store::types::Mode;
use podium::ui::audience::audience_ui;

mod common;
use common::app::{TestApp, all_text, text_under};

fn now_at(instant: Instant) -> Now {
    Now::at(
        instant,
        podium::time::parse_rfc3339("2026-11-27T09:00:00+01:00").unwrap(),
    )
}

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// The whole app with `deck` open in a live session, on a 1280x800 window, its clock
/// stopped at `t0`.
fn app_with(deck: &Path, t0: Instant) -> Harness<'static, TestApp> {
    app_in_mode(deck, t0, Mode::Live)
}

fn app_in_mode(deck: &Path, t0: Instant, mode: Mode) -> Harness<'static, TestApp> {
    app_in(deck, t0, mode, tempfile::tempdir().unwrap())
}

/// [`app_in_mode`] over the data folder `data`, which may hold earlier sessions.
fn app_in(
    deck: &Path,
    t0: Instant,
    mode: Mode,
    data: tempfile::TempDir,
) -> Harness<'static, TestApp> {
    let mut harness = app_opening(deck, data, "Dana", egui::vec2(1280.0, 800.0), t0);
    let ctx = harness.ctx.clone();
    harness
        .state_mut()
        .app
        .setup_mut()
        .expect("the setup asks live or rehearsal")
        .mode = mode;
    let now = harness.state().now.clone();
    harness.state_mut().app.start_show(&ctx, None, &now);
    harness.run_steps(2);
    harness
}

/// The whole app over the data folder `data`, knowing `facilitator` as the last name used,
/// in a window of `size` with its clock stopped at `t0`, having just opened `deck`.
fn app_opening(
    deck: &Path,
    data: tempfile::TempDir,
    facilitator: &str,
    size: egui::Vec2,
    t0: Instant,
) -> Harness<'static, TestApp> {
    let options = common::app::options(data.path(), facilitator);
    let mut harness = common::app::harness(options, size, 1.0, now_at(t0), Some(data));
    let ctx = harness.ctx.clone();
    harness.state_mut().app.open(&ctx, deck);
    harness
}

fn session<'h>(harness: &'h Harness<'_, TestApp>) -> &'h Show {
    harness
        .state()
        .app
        .show()
        .expect("a deck is open")
        .presentation
        .show()
}

fn press(harness: &mut Harness<'_, TestApp>, key: egui::Key) {
    harness.key_press(key);
    harness.run_steps(2);
}

#[test]
fn clicker_and_keyboard_navigation() {
    let t0 = Instant::now();
    let mut h = app_with(&repo("decks/tour.ron"), t0);
    assert_eq!(session(&h).position(), Position::default());
    press(&mut h, egui::Key::PageDown);
    assert_eq!(session(&h).position().slide, 1);
    press(&mut h, egui::Key::Space);
    press(&mut h, egui::Key::ArrowRight);
    let after_three = session(&h).position();
    press(&mut h, egui::Key::PageUp);
    press(&mut h, egui::Key::Backspace);
    press(&mut h, egui::Key::P);
    assert!(session(&h).position() < after_three);
    press(&mut h, egui::Key::End);
    assert_eq!(session(&h).position().slide, session(&h).slide_count() - 1);
    press(&mut h, egui::Key::Home);
    assert_eq!(session(&h).position(), Position::default());
    // A slide number, then Enter.
    press(&mut h, egui::Key::Num1);
    press(&mut h, egui::Key::Num0);
    assert!(
        all_text(&h).contains("Go to slide 10"),
        "the presenter sees the typed number"
    );
    press(&mut h, egui::Key::Enter);
    assert_eq!(session(&h).position(), Position { slide: 9, step: 0 });
}

#[test]
fn buttons_drive_the_same_actions() {
    let t0 = Instant::now();
    let mut h = app_with(&repo("decks/tour.ron"), t0);
    h.get_by_label("Next \u{25B6}").click();
    h.run_steps(2);
    assert_eq!(session(&h).position().slide, 1);
    h.get_by_label("Black").click();
    h.run_steps(2);
    assert_eq!(session(&h).blank(), Some(Blank::Black));
}

#[test]
fn points_reveal_one_step_at_a_time_and_quiz_answer_is_its_own_step() {
    let t0 = Instant::now();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("steps.ron");
    std::fs::write(
        &path,
        r#"Deck(title: "Steps", sections: [Section(title: "S", minutes: 5, slides: [
            Points(title: "Three things", points: ["First thing", "Second thing"], reveal: true),
            Quiz(id: "q", question: "Which one?", options: ["Wrong one", "Right one"], answer: 1, explain: "Because it is right."),
        ])])"#,
    )
    .unwrap();
    let mut h = app_with(&path, t0);
    let audience = |h: &Harness<'_, TestApp>| audience_text(h);
    assert!(!audience(&h).contains("First thing"));
    press(&mut h, egui::Key::ArrowRight);
    assert!(audience(&h).contains("First thing"));
    assert!(!audience(&h).contains("Second thing"));
    press(&mut h, egui::Key::ArrowRight);
    assert!(audience(&h).contains("Second thing"));
    press(&mut h, egui::Key::ArrowRight);
    assert_eq!(session(&h).current().unwrap().step, Step::Question);
    assert!(!audience(&h).contains("Because it is right."));
    press(&mut h, egui::Key::ArrowRight);
    assert_eq!(session(&h).current().unwrap().step, Step::Results);
    assert!(!audience(&h).contains("Because it is right."));
    press(&mut h, egui::Key::ArrowRight);
    assert_eq!(session(&h).current().unwrap().step, Step::RightAnswer);
    assert!(audience(&h).contains("Because it is right."));
    assert!(audience(&h).contains("Right one \u{2714}"));
}

/// The text of the audience window alone, drawn from the app's current session.
fn audience_text(h: &Harness<'_, TestApp>) -> String {
    let show = h.state().app.show().unwrap();
    audience_tree_text(show.presentation.show(), t_of(h))
}

fn t_of(h: &Harness<'_, TestApp>) -> Instant {
    h.state().now.instant
}

fn audience_tree_text(session: &Show, now: Instant) -> String {
    let session = session.clone();
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1024.0, 768.0))
        .with_context_setup(podium::ui::install_fonts)
        .build_ui(move |ui| {
            let images = ImageCache::new(ui.ctx(), Path::new("."));
            audience_ui(ui, &stage_of(&session, None, &now_at(now)), &images);
        });
    harness.run_steps(2);
    all_text(&harness)
}

#[test]
fn blanking_black_and_white_and_any_key_returns() {
    let t0 = Instant::now();
    let mut h = app_with(&repo("decks/tour.ron"), t0);
    press(&mut h, egui::Key::ArrowRight);
    let at = session(&h).position();
    press(&mut h, egui::Key::B);
    assert_eq!(session(&h).blank(), Some(Blank::Black));
    assert!(
        !audience_text(&h).contains("A tour"),
        "nothing of the slide shows"
    );
    press(&mut h, egui::Key::ArrowRight);
    assert_eq!(session(&h).blank(), None, "any key returns");
    assert_eq!(session(&h).position(), at, "and does nothing else");
    press(&mut h, egui::Key::Comma);
    assert_eq!(session(&h).blank(), Some(Blank::White));
    press(&mut h, egui::Key::Q);
    assert_eq!(session(&h).blank(), None);
    press(&mut h, egui::Key::Period);
    assert_eq!(session(&h).blank(), Some(Blank::Black));
}

#[test]
fn countdown_runs_on_the_injected_clock_warns_and_keeps_counting() {
    let t0 = Instant::now();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("timer.ron");
    std::fs::write(
        &path,
        r#"Deck(title: "Timer", sections: [Section(title: "S", minutes: 5, slides: [
            Activity(title: "Pairs", instructions: ["Tell the story"], minutes: 2),
        ])])"#,
    )
    .unwrap();
    let mut h = app_with(&path, t0);
    assert!(audience_text(&h).contains("2:00"));
    assert!(
        all_text(&h).contains("Press T to start"),
        "the presenter is told how"
    );
    assert!(!audience_text(&h).contains("Press T"), "the room is not");
    press(&mut h, egui::Key::T);
    h.state_mut().now.instant = t0 + Duration::from_secs(30);
    h.run_steps(2);
    assert!(audience_text(&h).contains("1:30"), "{}", audience_text(&h));
    h.state_mut().now.instant = t0 + Duration::from_secs(75);
    h.run_steps(2);
    let text = audience_text(&h);
    assert!(
        text.contains("0:45") && text.contains("Last minute"),
        "{text}"
    );
    h.state_mut().now.instant = t0 + Duration::from_secs(150);
    h.run_steps(2);
    let text = audience_text(&h);
    assert!(
        text.contains("+0:30") && text.contains("Time is up"),
        "{text}"
    );
    press(&mut h, egui::Key::T);
    h.state_mut().now.instant = t0 + Duration::from_secs(500);
    h.run_steps(2);
    assert!(audience_text(&h).contains("+0:30"), "paused");
    press(&mut h, egui::Key::R);
    assert!(audience_text(&h).contains("2:00"), "reset");
}

#[test]
fn help_overlay_lists_every_action() {
    let t0 = Instant::now();
    let mut h = app_with(&repo("decks/tour.ron"), t0);
    press(&mut h, egui::Key::H);
    let text = all_text(&h);
    for binding in podium::ui::keys::BINDINGS {
        assert!(
            text.contains(binding.label),
            "help lacks {:?}",
            binding.label
        );
    }
    press(&mut h, egui::Key::Escape);
    assert!(!h.state().app.show().unwrap().presentation.help_visible());
}

#[test]
fn the_audience_never_sees_notes_private_briefs_or_an_unrevealed_answer() {
    let path = repo("decks/selling-on-how.ron");
    let deck = deck::load(&path, ImageCheck::Header).unwrap().deck;
    let t0 = Instant::now();
    let mut session = Show::new(deck.clone(), t0);
    let mut checked = 0;
    loop {
        let view = session.current().unwrap();
        let text = audience_tree_text(&session, t0);
        assert!(
            !text.is_empty(),
            "the audience view has text at {:?}",
            view.position
        );
        let slide = view.slide;
        for line in slide.notes.lines().filter(|l| l.trim().len() > 12) {
            let plain = podium::ui::plain_text(line);
            assert!(
                !text.contains(plain.trim()),
                "notes leaked at {:?}: {plain}",
                view.position
            );
        }
        match &slide.kind {
            SlideKind::RolePlay(rp) => {
                for role in rp.roles.iter().filter(|r| r.private) {
                    let brief = podium::ui::plain_text(&role.brief);
                    let first_words: String = brief.chars().take(30).collect();
                    assert!(
                        !text.contains(&first_words),
                        "private brief leaked: {first_words}"
                    );
                }
            }
            SlideKind::Quiz(quiz) if view.step != Step::RightAnswer => {
                assert!(!text.contains('\u{2714}'), "answer marked before its step");
                if let Some(explain) = &quiz.explain {
                    let plain = podium::ui::plain_text(explain);
                    assert!(
                        !text.contains(plain.trim()),
                        "explanation shown before its step"
                    );
                }
            }
            _ => {}
        }
        checked += 1;
        if session.next_position().is_none() {
            break;
        }
        session.apply(podium::show::Command::Next, t0);
    }
    assert!(
        checked > deck.slide_count(),
        "every step of every slide was looked at"
    );
}

#[test]
fn a_broken_edit_keeps_the_show_on_the_last_good_version() {
    let t0 = Instant::now();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("live.ron");
    let good = r#"Deck(title: "Live", sections: [Section(title: "S", minutes: 5, slides: [
        Title(title: "One"), Title(title: "Two"), Title(title: "Three"),
    ])])"#;
    std::fs::write(&path, good).unwrap();
    let mut h = app_with(&path, t0);
    press(&mut h, egui::Key::ArrowRight);
    std::fs::write(
        &path,
        good.replace("Title(title: \"Two\")", "Title(titel: \"Two\")"),
    )
    .unwrap();
    reload(&mut h);
    h.run_steps(2);
    assert_eq!(session(&h).position().slide, 1, "still on the same slide");
    assert!(
        audience_text(&h).contains("Two"),
        "the last good version is shown"
    );
    let text = all_text(&h);
    assert!(text.contains("now has errors"), "the presenter is told");
    assert!(
        text.contains("unknown field `titel`"),
        "with the error itself"
    );
    std::fs::write(&path, good.replace("\"Two\"", "\"Two, edited\"")).unwrap();
    reload(&mut h);
    h.run_steps(2);
    assert!(
        h.state()
            .app
            .show()
            .unwrap()
            .presentation
            .reload_errors()
            .is_empty()
    );
    assert!(audience_text(&h).contains("Two, edited"));
    assert_eq!(session(&h).position().slide, 1);
}

#[test]
fn a_missing_picture_shows_a_placeholder_naming_the_file() {
    let t0 = Instant::now();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pictures.ron");
    std::fs::write(
        &path,
        r#"Deck(title: "Pictures", sections: [Section(title: "S", minutes: 5, slides: [
            Picture(title: "Lost deals", image: "assets/lost.png"),
        ])])"#,
    )
    .unwrap();
    let mut h = app_with(&path, t0);
    // The decoder thread reports the missing file; give it a moment.
    for _ in 0..500 {
        h.run_steps(1);
        if all_text(&h).contains("Picture missing") {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let text = all_text(&h);
    assert!(text.contains("Picture missing"), "{text}");
    assert!(text.contains("assets/lost.png"));
    assert!(text.contains("is not there"), "the presenter is told why");
}

#[test]
fn pictures_decode_off_the_ui_thread_scaled_to_the_screen() {
    let dir = tempfile::tempdir().unwrap();
    image::RgbImage::from_pixel(3000, 2000, image::Rgb([200, 40, 40]))
        .save(dir.path().join("big.png"))
        .unwrap();
    let ctx = egui::Context::default();
    let mut cache = ImageCache::new(&ctx, dir.path());
    cache.set_max_size([1920, 1080]);
    cache.keep_near(&[(0, PathBuf::from("big.png"))]);
    // A guard against a decode that never ends, not a speed test: a debug build on a busy
    // machine can take many seconds for six million pixels.
    let deadline = Instant::now() + Duration::from_secs(120);
    let size = loop {
        cache.poll(&ctx);
        if let podium::app::images::ImageState::Ready { size, .. } =
            cache.state(Path::new("big.png"))
        {
            break size;
        }
        assert!(Instant::now() < deadline, "the picture was not decoded");
        std::thread::sleep(Duration::from_millis(10));
    };
    assert_eq!(
        size,
        [1620, 1080],
        "scaled to fit the screen, keeping its shape"
    );
}

const ROOM_DECK: &str = r#"Deck(title: "Room", sections: [Section(title: "S", minutes: 30, slides: [
    Title(title: "Welcome"),
    Poll(id: "stall", question: "What stalls deals?", options: ["Price", "Timing"]),
    Quiz(id: "trap", question: "The trap?", options: ["Discounts", "No difference"], answer: 1),
    RolePlay(id: "call", title: "The call", scenario: "A distributor.",
        roles: [Role(name: "Seller", brief: "Find the need."), Role(name: "Buyer", brief: "Late deliveries.", private: true), Role(name: "Observer", brief: "Score.")],
        rounds: 3, minutes_per_round: 5,
        rubric: [Criterion(name: "Open questions", describe: "Open."), Criterion(name: "Listening", describe: "Follow up.")]),
])])"#;

fn click(h: &mut Harness<'_, TestApp>, label: &str) {
    h.get_by_label(label).click();
    h.run_steps(2);
}

fn click_nth(h: &mut Harness<'_, TestApp>, label: &str, n: usize) {
    let nodes: Vec<_> = h.get_all_by_label(label).collect();
    assert!(nodes.len() > n, "only {} {label:?} buttons", nodes.len());
    nodes[n].click();
    h.run_steps(2);
}

fn data_dir(h: &Harness<'_, TestApp>) -> PathBuf {
    h.state().data_path().to_path_buf()
}

/// Runs frames until the writer has committed every record (it works on its own thread).
fn settle(h: &mut Harness<'_, TestApp>) {
    for _ in 0..2000 {
        h.run_steps(1);
        if h.state()
            .app
            .show()
            .is_none_or(|s| s.presentation.recorder().unsaved() == 0)
        {
            h.run_steps(1);
            return;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    panic!("the writer did not save the records");
}

/// Runs frames of `app` until `done` says so (a job thread has answered).
fn run_until(
    app: &mut PodiumApp,
    ctx: &egui::Context,
    now: &Now,
    done: impl Fn(&mut PodiumApp) -> bool,
) {
    for _ in 0..2000 {
        let mut out = ctx.run_ui(egui::RawInput::default(), |ui| app.frame(ui, now));
        out.textures_delta.clear();
        if done(app) {
            return;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    panic!("the app did not get there");
}

#[test]
fn a_live_session_records_roster_attendance_answers_and_scores_to_the_database() {
    use podium::store::Store;
    use podium::store::types::{Answer, Presence};

    let t0 = Instant::now();
    let dir = tempfile::tempdir().unwrap();
    let deck = dir.path().join("room.ron");
    std::fs::write(&deck, ROOM_DECK).unwrap();
    let roster = dir.path().join("team.csv");
    std::fs::write(
        &roster,
        "name,email,team\nAna Ruiz,ana@example.com,North\nBo Chen,bo@example.com,South\nChloé Martin,,South\n,nobody@example.com,\n",
    )
    .unwrap();
    let mut h = app_with(&deck, t0);
    // Headless, the audience window is drawn inside the presenter's and would cover the side
    // panel; the room's view is checked on its own below.
    hide_audience(&mut h);
    h.run_steps(2);

    // Import the roster from the People tab; the bad row is reported, the good ones come in.
    h.get_by_label_contains("People (").click();
    h.run_steps(2);
    h.state_mut().app.show_mut().unwrap().panel.roster_path = roster.display().to_string();
    click(&mut h, "Import roster");
    // The file is read on a thread of its own; the people come in a frame or two later.
    for _ in 0..2000 {
        if all_text(&h).contains("people added") {
            break;
        }
        h.run_steps(1);
        std::thread::sleep(Duration::from_millis(5));
    }
    let text = all_text(&h);
    assert!(text.contains("3 people added"), "{text}");
    assert!(text.contains("Line 5"), "the bad row is named: {text}");

    // Check in: everyone at once, then Bo marked late.
    click(&mut h, "Everyone is here");
    click_nth(&mut h, "Late", 1);

    // The poll: Ana says Price, Bo says Timing, Chloé says Timing.
    press(&mut h, egui::Key::ArrowRight);
    assert!(
        all_text(&h).contains("0 of 3 here answered"),
        "{}",
        all_text(&h)
    );
    click_nth(&mut h, "A", 0);
    click_nth(&mut h, "B", 1);
    click_nth(&mut h, "B", 2);
    assert!(all_text(&h).contains("3 of 3 here answered"));
    press(&mut h, egui::Key::ArrowRight);
    assert!(
        audience_text_with_room(&h).contains("2  (67%)"),
        "the room sees the bars"
    );

    // The quiz: Ana right (B), Bo wrong (A) then corrected to right.
    press(&mut h, egui::Key::ArrowRight);
    click_nth(&mut h, "B", 0);
    click_nth(&mut h, "A", 1);
    click_nth(&mut h, "B", 1);

    // The role-play: groups from who is here, round 1, Ana's score sheet.
    for _ in 0..4 {
        press(&mut h, egui::Key::ArrowRight);
    }
    assert_eq!(session(&h).current().unwrap().step, Step::Round(1));
    click(&mut h, "Form groups");
    // The groups are mixed: who plays what in round 1 is read from the group formed.
    let group: Vec<String> = {
        let room = &h.state().room();
        room.groups["call"][0]
            .iter()
            .map(|id| room.person(*id).unwrap().name.clone())
            .collect()
    };
    assert_eq!(group.len(), 3, "{group:?}");
    let (seller_name, observer_name) = (group[0].clone(), group[2].clone());
    let text = all_text(&h);
    assert!(
        text.contains(&format!("{seller_name}: Seller"))
            && text.contains(&format!("{observer_name}: Observer")),
        "{text}"
    );
    assert!(
        audience_text_with_room(&h).contains(&seller_name),
        "the projector shows who plays what"
    );
    assert!(
        !audience_text_with_room(&h).contains("Late deliveries"),
        "never the private brief"
    );
    click_nth(&mut h, "4", 0);
    click_nth(&mut h, "3", 1);
    click(&mut h, "Save score sheet");
    assert!(
        all_text(&h).contains("Not saved yet") || all_text(&h).contains("Saved \u{2714}"),
        "{}",
        all_text(&h)
    );
    settle(&mut h);
    assert!(all_text(&h).contains("Saved \u{2714}"));

    // Everything reads back from the database file, as recorded.
    let store = Store::open(&data_dir(&h)).unwrap();
    let session = store.sessions().unwrap()[0].session_id;
    let roster: Vec<String> = store
        .roster(session)
        .unwrap()
        .into_iter()
        .map(|p| p.name)
        .collect();
    assert_eq!(roster, vec!["Ana Ruiz", "Bo Chen", "Chloé Martin"]);
    let person = |name: &str| {
        store
            .people()
            .unwrap()
            .into_iter()
            .find(|p| p.name == name)
            .unwrap()
            .person_id
    };
    let (ana, bo, chloe) = (
        person("Ana Ruiz"),
        person("Bo Chen"),
        person("Chloé Martin"),
    );
    let attendance = store.attendance(session).unwrap();
    let presence = |p| {
        attendance
            .iter()
            .find(|a| a.person_id == p)
            .unwrap()
            .presence
    };
    assert_eq!(
        (presence(ana), presence(bo), presence(chloe)),
        (Presence::Present, Presence::Late, Presence::Present)
    );
    let poll = store.responses(session, "stall").unwrap();
    let answer = |rows: &[podium::store::types::ResponseRow], p| {
        rows.iter()
            .find(|r| r.person_id == Some(p))
            .map(|r| (r.answer.clone(), r.correct))
    };
    assert_eq!(answer(&poll, ana), Some((Answer::Options(vec![0]), None)));
    assert_eq!(answer(&poll, chloe), Some((Answer::Options(vec![1]), None)));
    let quiz = store.responses(session, "trap").unwrap();
    assert_eq!(quiz.len(), 2, "the correction replaced Bo's first answer");
    assert_eq!(
        answer(&quiz, ana),
        Some((Answer::Options(vec![1]), Some(true)))
    );
    assert_eq!(
        answer(&quiz, bo),
        Some((Answer::Options(vec![1]), Some(true)))
    );
    let sheets = store.score_sheets(session, "call").unwrap();
    assert_eq!(sheets.len(), 1);
    // History and `podium sessions` count as the close summary does: Bo's corrected answer
    // once, the score sheet apart from the answers.
    let counts = h.state().room().counts();
    let listed = &store.sessions().unwrap()[0];
    assert_eq!((counts.answers, counts.sheets), (5, 1));
    assert_eq!(
        (listed.answers, listed.sheets),
        (counts.answers, counts.sheets)
    );
    assert_eq!(sheets[0].seller_id, person(&seller_name));
    assert_eq!(sheets[0].observer_id, Some(person(&observer_name)));
    assert_eq!(sheets[0].round, 1);
    assert_eq!(
        sheets[0].scores,
        vec![
            ("Open questions".to_owned(), 4),
            ("Listening".to_owned(), 3)
        ]
    );
}

/// The audience window's text for the app's session, with the room's results and groups.
fn audience_text_with_room(h: &Harness<'_, TestApp>) -> String {
    let show = h.state().app.show().unwrap();
    let session = show.presentation.show().clone();
    let room = Some(show.presentation.recorder().room.clone());
    let now = t_of(h);
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1024.0, 768.0))
        .with_context_setup(podium::ui::install_fonts)
        .build_ui(move |ui| {
            let images = ImageCache::new(ui.ctx(), Path::new("."));
            audience_ui(
                ui,
                &stage_of(&session, room.as_ref(), &now_at(now)),
                &images,
            );
        });
    harness.run_steps(2);
    all_text(&harness)
}

#[test]
fn a_session_that_never_ended_is_offered_for_resuming_where_it_stopped() {
    let t0 = Instant::now();
    let dir = tempfile::tempdir().unwrap();
    let deck = dir.path().join("room.ron");
    std::fs::write(&deck, ROOM_DECK).unwrap();
    let mut h = app_with(&deck, t0);
    hide_audience(&mut h);
    h.state_mut().app.show_mut().unwrap().panel.new_name = "Ana Ruiz".into();
    h.get_by_label_contains("People (").click();
    h.run_steps(2);
    click(&mut h, "Add");
    press(&mut h, egui::Key::ArrowRight);
    press(&mut h, egui::Key::ArrowRight);
    assert_eq!(session(&h).position(), Position { slide: 1, step: 1 });

    // The process dies: no end is recorded. The data folder is all that is left.
    settle(&mut h);
    let TestApp { data, .. } = h.into_state();
    let data = data.unwrap();
    let options = common::app::options(data.path(), "Dana");
    let ctx = egui::Context::default();
    let mut app = PodiumApp::with_options(&ctx, Vec::new(), repo("decks"), options);
    app.open(&ctx, &deck);
    let now = now_at(t0);
    run_until(&mut app, &ctx, &now, |app| {
        !app.setup_mut().unwrap().unfinished.is_empty()
    });
    let unfinished = app.setup_mut().unwrap().unfinished.clone();
    assert_eq!(unfinished.len(), 1, "the unfinished session is offered");
    assert_eq!(unfinished[0].info.people_present, 1);
    assert!(!unfinished[0].running_elsewhere, "its window has closed");
    app.start_show(&ctx, Some(unfinished[0].info.session_id), &now);
    run_until(&mut app, &ctx, &now, |app| app.show().is_some());
    let show = app.show().unwrap();
    assert_eq!(
        show.presentation.show().position(),
        Position { slide: 1, step: 1 },
        "back where it stopped"
    );
    let room = &show.presentation.recorder().room;
    assert_eq!(room.roster.len(), 1);
    assert_eq!(room.here().len(), 1, "Ana is still checked in");
}

#[test]
fn a_rehearsal_ends_on_its_report_with_planned_against_actual_and_the_trend() {
    let dir = tempfile::tempdir().unwrap();
    let deck = dir.path().join("timed.ron");
    std::fs::write(
        &deck,
        r#"Deck(title: "Timed", sections: [
            Section(title: "Opening", minutes: 2, slides: [Title(title: "One"), Title(title: "Two")]),
            Section(title: "Practice", minutes: 10, slides: [Activity(title: "Pairs", minutes: 8)]),
        ])"#,
    )
    .unwrap();
    let t0 = Instant::now();
    let mut h = app_in_mode(&deck, t0, Mode::Rehearsal);
    assert!(
        !all_text(&h).contains("People ("),
        "a rehearsal has no room to record"
    );
    let at = |h: &mut Harness<'_, TestApp>, secs: u64| {
        h.state_mut().now = now_at(t0 + Duration::from_secs(secs));
    };
    at(&mut h, 90);
    press(&mut h, egui::Key::ArrowRight);
    at(&mut h, 240);
    press(&mut h, egui::Key::ArrowRight);
    at(&mut h, 840);
    h.get_by_label("Close deck").click();
    // The deck closes once the writer has saved the last slide's time and the end.
    for _ in 0..2000 {
        h.run_steps(1);
        if h.state_mut().app.history_mut().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    h.run_steps(2);

    let history = h
        .state_mut()
        .app
        .history_mut()
        .expect("the report shows after a rehearsal");
    let Some(podium::ui::history::Selected::Session { overview, .. }) = &history.selected else {
        panic!("the rehearsal is selected");
    };
    let sections: Vec<(String, u64, f64)> = overview
        .timing
        .sections
        .iter()
        .map(|s| (s.title.clone(), s.planned_seconds, s.actual_seconds))
        .collect();
    assert_eq!(
        sections,
        vec![
            ("Opening".to_owned(), 120, 240.0),
            ("Practice".to_owned(), 600, 600.0)
        ]
    );
    let text = all_text(&h);
    assert!(
        text.contains("Timing: 14:00 taken of 12 min planned (2 min over)"),
        "{text}"
    );
    assert!(text.contains("Opening  4:00 / 2 min"), "{text}");
    assert!(text.contains("Rehearse again to see the trend"), "{text}");
}

#[test]
fn keyboard_entry_takes_the_option_letter_or_its_number() {
    use podium::store::Store;
    use podium::store::types::Answer;

    let dir = tempfile::tempdir().unwrap();
    let deck = dir.path().join("room.ron");
    std::fs::write(&deck, ROOM_DECK).unwrap();
    let roster = dir.path().join("team.csv");
    std::fs::write(&roster, "name\nAna Ruiz\nBo Chen\nChloé Martin\n").unwrap();
    let mut h = app_with(&deck, Instant::now());
    hide_audience(&mut h);
    h.run_steps(2);
    h.get_by_label_contains("People (").click();
    h.run_steps(2);
    h.state_mut().app.show_mut().unwrap().panel.roster_path = roster.display().to_string();
    click(&mut h, "Import roster");
    click(&mut h, "Everyone is here");

    // The poll's options are A (Price) and B (Timing), as the room sees them.
    press(&mut h, egui::Key::ArrowRight);
    click(&mut h, "Keyboard entry");
    assert!(
        all_text(&h).contains("type the option's letter (or its number from 1)"),
        "{}",
        all_text(&h)
    );
    press(&mut h, egui::Key::B); // Ana: the letter B
    press(&mut h, egui::Key::C); // no option C: nothing recorded, Bo stays selected
    press(&mut h, egui::Key::Num1); // Bo: the number 1, option A
    press(&mut h, egui::Key::A); // Chloé: the letter A
    assert!(
        all_text(&h).contains("3 of 3 here answered"),
        "{}",
        all_text(&h)
    );
    assert_eq!(
        session(&h).position().slide,
        1,
        "letters typed as answers do not drive the show"
    );

    // Read back once the writer has saved them (on a busy machine it may lag a frame).
    settle(&mut h);
    let store = Store::open(&data_dir(&h)).unwrap();
    let session_id = store.sessions().unwrap()[0].session_id;
    let people = store.people().unwrap();
    let id = |name: &str| people.iter().find(|p| p.name == name).unwrap().person_id;
    let answers = store.responses(session_id, "stall").unwrap();
    let answer = |name: &str| {
        answers
            .iter()
            .find(|r| r.person_id == Some(id(name)))
            .map(|r| r.answer.clone())
    };
    assert_eq!(answer("Ana Ruiz"), Some(Answer::Options(vec![1])));
    assert_eq!(answer("Bo Chen"), Some(Answer::Options(vec![0])));
    assert_eq!(answer("Chloé Martin"), Some(Answer::Options(vec![0])));
}

#[test]
fn the_presenter_sees_the_decks_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long.ron");
    std::fs::write(
        &path,
        r#"Deck(title: "Long", sections: [Section(title: "S", minutes: 20, slides: [
            Activity(title: "Pairs", minutes: 45),
        ])])"#,
    )
    .unwrap();
    let mut h = app_with(&path, Instant::now());
    hide_audience(&mut h);
    h.run_steps(2);
    let warnings = h
        .state()
        .app
        .show()
        .unwrap()
        .presentation
        .deck_warnings()
        .to_vec();
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    let text = all_text(&h);
    assert!(
        text.contains(
            "Deck: line 2: this activity runs 45 minutes, longer than its whole section (20 minutes)"
        ),
        "{text}"
    );
}

/// Headless, the audience window is drawn inside the presenter's and would cover its side
/// panel: it is hidden as a person would, by its action.
fn hide_audience(h: &mut Harness<'_, TestApp>) {
    let now = h.state().now.clone();
    let show = h.state_mut().app.show_mut().unwrap();
    let _ = show
        .presentation
        .apply([podium::presentation::Action::ToggleAudienceWindow], &now);
    h.run_steps(1);
}

/// The deck file changed: the reload action, as the file watch sends it.
fn reload(h: &mut Harness<'_, TestApp>) {
    let now = h.state().now.clone();
    let show = h.state_mut().app.show_mut().unwrap();
    let _ = show
        .presentation
        .apply([podium::presentation::Action::ReloadDeck], &now);
}

/// The text inside the audience window, drawn embedded in the presenter's when there is no
/// second window (as here), found by its title.
fn audience_window_text(h: &Harness<'_, TestApp>) -> String {
    let title = h
        .state()
        .app
        .show()
        .map(|s| {
            format!(
                "{} \u{2014} Podium audience",
                s.presentation.show().deck().title
            )
        })
        .unwrap();
    let window = h
        .get_all_by_label(&title)
        .find(|node| node.accesskit_node().role() == egui::accesskit::Role::Window)
        .expect("the audience window is open");
    text_under(&window)
}

#[test]
fn one_next_key_press_changes_both_windows_in_the_frame_that_handles_it() {
    let path = repo("decks/tour.ron");
    let deck = deck::load(&path, ImageCheck::Header).unwrap().deck;
    let headings: Vec<String> = deck
        .slides()
        .take(2)
        .map(|(_, slide)| podium::ui::plain_text(slide.kind.heading()))
        .collect();
    let mut h = app_with(&path, Instant::now());
    h.run_steps(2);
    assert!(all_text(&h).contains("Slide 1 of"));
    assert!(audience_window_text(&h).contains(&headings[0]));
    assert!(!audience_window_text(&h).contains(&headings[1]));

    h.key_press(egui::Key::ArrowRight);
    h.step();
    assert!(
        all_text(&h).contains("Slide 2 of"),
        "the presenter window shows the next slide in the frame of the key press"
    );
    let audience = audience_window_text(&h);
    assert!(
        audience.contains(&headings[1]) && !audience.contains(&headings[0]),
        "so does the audience window, in the same frame: {audience}"
    );
}

/// The app on the setup screen of `deck`, with `facilitator` as the name it knows.
fn setup_screen(deck: &Path, facilitator: &str) -> Harness<'static, TestApp> {
    let data = tempfile::tempdir().unwrap();
    let mut harness = app_opening(
        deck,
        data,
        facilitator,
        egui::vec2(1024.0, 768.0),
        Instant::now(),
    );
    harness.run_steps(3);
    harness
}

#[test]
fn the_setup_focuses_the_first_empty_field_and_enter_starts_at_once() {
    // Podium never ran here and no name is known: typing goes to the name at once.
    let mut h = setup_screen(&repo("decks/tour.ron"), "");
    let focused: Vec<String> = h
        .root()
        .children_recursive()
        .filter(|n| n.is_focused())
        .filter_map(|n| n.accesskit_node().placeholder().map(str::to_owned))
        .collect();
    assert_eq!(focused, ["your name"], "the name field has the keyboard");
    h.root()
        .children_recursive()
        .find(|n| n.is_focused())
        .unwrap()
        .type_text("kim");
    h.run_steps(2);
    assert_eq!(h.state().app.setup().unwrap().facilitator, "kim");
    press(&mut h, egui::Key::Enter);
    assert!(h.state().app.show().is_some(), "Enter started the show");

    // With a name known, the keyboard is on the location, and Enter starts at once.
    let mut h = setup_screen(&repo("decks/tour.ron"), "Dana");
    let focused: Vec<String> = h
        .root()
        .children_recursive()
        .filter(|n| n.is_focused())
        .filter_map(|n| n.accesskit_node().placeholder().map(str::to_owned))
        .collect();
    assert_eq!(focused, ["e.g. Lyon office, room 2"]);
    press(&mut h, egui::Key::Enter);
    assert!(h.state().app.show().is_some(), "Enter started the show");

    // A name emptied by hand does not stop Enter: a neutral name is recorded.
    let mut h = setup_screen(&repo("decks/tour.ron"), "Dana");
    h.state_mut().app.setup_mut().unwrap().facilitator.clear();
    h.run_steps(2);
    assert!(all_text(&h).contains("recorded under \"Facilitator\""));
    press(&mut h, egui::Key::Enter);
    assert!(h.state().app.show().is_some(), "Enter started the show");
    settle(&mut h);
    let store = podium::store::Store::open(&data_dir(&h)).unwrap();
    let sessions = store.sessions().unwrap();
    assert_eq!(sessions.len(), 1);
    assert_eq!(sessions[0].facilitator, "Facilitator");
}

#[test]
fn closing_a_live_session_shows_its_summary_exports_and_can_go_back() {
    use podium::presentation::{Action, RecordAction};
    use podium::store::types::Presence;

    let t0 = Instant::now();
    let mut h = app_with(&repo("decks/tour.ron"), t0);
    hide_audience(&mut h);
    let now = h.state().now.clone();
    let apply = |h: &mut Harness<'_, TestApp>, actions: Vec<Action>| {
        let _ = h
            .state_mut()
            .app
            .show_mut()
            .unwrap()
            .presentation
            .apply(actions, &now);
        h.run_steps(2);
    };
    for name in ["Ana Ruiz", "Bo Chen", "王芳"] {
        apply(
            &mut h,
            vec![Action::Record(RecordAction::AddPerson {
                name: name.into(),
                email: None,
                team: None,
            })],
        );
    }
    let people: Vec<_> = h
        .state()
        .room()
        .roster
        .iter()
        .map(|p| p.person_id)
        .collect();
    // Someone added by hand is here; one of them did not come after all.
    apply(
        &mut h,
        vec![Action::Record(RecordAction::Presence {
            person: people[2],
            presence: Presence::Absent,
        })],
    );
    settle(&mut h);

    // Close deck: the summary, and nothing ended yet.
    click(&mut h, "Close deck");
    h.run_steps(2);
    let text = all_text(&h);
    assert!(text.contains("End the session?"), "{text}");
    assert!(text.contains("2 of 3 people here"), "{text}");
    assert!(text.contains("0 answers"), "{text}");
    assert!(text.contains("0 score sheets"), "{text}");
    assert!(text.contains("Everything is saved."), "{text}");
    h.get_by_label("Back to the show").click_accesskit();
    h.run_steps(3);
    assert!(!all_text(&h).contains("End the session?"));
    assert!(h.state().app.show().is_some(), "still presenting");

    // Again, with an export to a folder that does not exist yet.
    click(&mut h, "Close deck");
    h.run_steps(2);
    let out = h.state().data_path().join("exports").join("monday");
    h.state_mut().app.show_mut().unwrap().summary_dialog.dir = out.display().to_string();
    h.run_steps(2);
    h.get_by_label("Export now").click_accesskit();
    h.run_steps(3);
    h.run_steps(2);
    let text = all_text(&h);
    assert!(text.contains("Written to"), "{text}");
    let attendance = std::fs::read_to_string(out.join("attendance.csv")).unwrap();
    assert!(attendance.contains("王芳"), "{attendance}");
    assert!(attendance.contains("Ana Ruiz"), "{attendance}");
    let store = podium::store::Store::open(&data_dir(&h)).unwrap();
    assert!(
        store.sessions().unwrap()[0].ended_at.is_none(),
        "exporting does not end the session"
    );

    // Close: the session ends and the deck closes.
    h.get_by_label("Close").click_accesskit();
    h.run_steps(3);
    for _ in 0..2000 {
        if h.state().app.show().is_none() {
            break;
        }
        h.run_steps(1);
        std::thread::sleep(Duration::from_millis(5));
    }
    assert!(h.state().app.show().is_none(), "the deck closed");
    assert!(store.sessions().unwrap()[0].ended_at.is_some());
}

#[test]
fn the_summary_export_never_replaces_an_earlier_export_unasked() {
    use podium::presentation::{Action, RecordAction};

    let mut h = app_with(&repo("decks/tour.ron"), Instant::now());
    hide_audience(&mut h);
    let now = h.state().now.clone();
    let _ = h.state_mut().app.show_mut().unwrap().presentation.apply(
        vec![Action::Record(RecordAction::AddPerson {
            name: "Zoë Ångström".into(),
            email: None,
            team: None,
        })],
        &now,
    );
    h.run_steps(2);
    settle(&mut h);
    // An earlier session's export is in the folder the summary offers.
    let out = h.state().data_path().join("exports");
    std::fs::create_dir_all(&out).unwrap();
    let earlier = "person_id,name\n1,Earlier Person\n";
    std::fs::write(out.join("attendance.csv"), earlier).unwrap();
    std::fs::write(out.join("responses.csv"), earlier).unwrap();

    click(&mut h, "Close deck");
    h.run_steps(2);
    h.state_mut().app.show_mut().unwrap().summary_dialog.dir = out.display().to_string();
    h.run_steps(2);
    h.get_by_label("Export now").click_accesskit();
    h.run_steps(4);
    let text = all_text(&h);
    assert!(
        text.contains("attendance.csv and responses.csv are already in"),
        "{text}"
    );
    assert!(!text.contains("Written to"), "{text}");
    assert_eq!(
        std::fs::read_to_string(out.join("attendance.csv")).unwrap(),
        earlier
    );
    assert_eq!(
        std::fs::read_to_string(out.join("responses.csv")).unwrap(),
        earlier
    );
    assert!(!out.join("roleplay.csv").exists(), "nothing was written");

    // Asked for: the files are replaced with this session's.
    h.get_by_label("Replace them").click_accesskit();
    h.run_steps(4);
    let text = all_text(&h);
    assert!(text.contains("Written to"), "{text}");
    let attendance = std::fs::read_to_string(out.join("attendance.csv")).unwrap();
    assert!(attendance.contains("Zoë Ångström"), "{attendance}");
    assert!(!attendance.contains("Earlier Person"), "{attendance}");
    assert!(out.join("roleplay.csv").exists());
}

/// Imports `csv` (a roster file's text) from the People tab and checks everyone in.
/// The room deck live with `roster` checked in, on the role-play's first round, the audience
/// window hidden; the folder holding the deck comes back with it, to live as long as the test.
fn room_at_round_one(roster: &str) -> (Harness<'static, TestApp>, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let deck = dir.path().join("room.ron");
    std::fs::write(&deck, ROOM_DECK).unwrap();
    let mut h = app_with(&deck, Instant::now());
    hide_audience(&mut h);
    import_and_check_in(&mut h, dir.path(), roster);
    // Title, poll (2 steps), quiz (3 steps), briefing, round 1.
    for _ in 0..7 {
        press(&mut h, egui::Key::ArrowRight);
    }
    assert_eq!(session(&h).current().unwrap().step, Step::Round(1));
    (h, dir)
}

fn import_and_check_in(h: &mut Harness<'_, TestApp>, dir: &Path, csv: &str) {
    let roster = dir.join("team.csv");
    std::fs::write(&roster, csv).unwrap();
    h.get_by_label_contains("People (").click();
    h.run_steps(2);
    h.state_mut().app.show_mut().unwrap().panel.roster_path = roster.display().to_string();
    click(h, "Import roster");
    for _ in 0..2000 {
        if all_text(h).contains("people added") {
            break;
        }
        h.run_steps(1);
        std::thread::sleep(Duration::from_millis(5));
    }
    click(h, "Everyone is here");
}

#[test]
fn the_quiz_results_stay_on_the_projector_when_the_right_answer_is_revealed() {
    let t0 = Instant::now();
    let dir = tempfile::tempdir().unwrap();
    let deck = dir.path().join("room.ron");
    std::fs::write(&deck, ROOM_DECK).unwrap();
    let mut h = app_with(&deck, t0);
    hide_audience(&mut h);
    import_and_check_in(
        &mut h,
        dir.path(),
        "name,email,team\nAna Ruiz,,North\nBo Chen,,South\n",
    );
    // Past the poll to the quiz: Ana right (B), Bo wrong (A).
    for _ in 0..3 {
        press(&mut h, egui::Key::ArrowRight);
    }
    click_nth(&mut h, "B", 0);
    click_nth(&mut h, "A", 1);
    press(&mut h, egui::Key::ArrowRight);
    assert_eq!(session(&h).current().unwrap().step, Step::Results);
    let results = audience_text_with_room(&h);
    assert!(results.contains("1  (50%)"), "{results}");
    assert!(
        !results.contains('\u{2714}'),
        "no answer marked yet: {results}"
    );

    press(&mut h, egui::Key::ArrowRight);
    assert_eq!(session(&h).current().unwrap().step, Step::RightAnswer);
    let revealed = audience_text_with_room(&h);
    assert!(
        revealed.contains("1  (50%)") && revealed.contains("2 answers"),
        "the bars stay at the reveal: {revealed}"
    );
    assert!(
        revealed.contains("B  No difference \u{2714}"),
        "the right option is marked: {revealed}"
    );
    assert!(
        !revealed.contains("A  Discounts \u{2714}"),
        "only the right option is marked: {revealed}"
    );
}

#[test]
fn any_rounds_score_sheets_can_be_filled_in_and_the_debrief_lists_every_sheet() {
    use podium::store::Store;

    let (mut h, _dir) = room_at_round_one(
        "name,email,team\nAna Ruiz,,North\nBo Chen,,South\nChloé Martin,,South\n",
    );
    click(&mut h, "Form groups");
    let round_3_seller = {
        let show = h.state().app.show().unwrap();
        let room = &show.presentation.recorder().room;
        let group = &room.groups["call"][0];
        let cast = podium::show::groups::cast(group, 3, 3);
        let seller = cast.iter().find(|(_, role)| *role == 0).unwrap().0;
        room.person(seller).unwrap().name.clone()
    };
    assert!(all_text(&h).contains("round 1"), "{}", all_text(&h));

    // Round 3's sheet, picked while round 1 is on screen.
    click(&mut h, "Round 3");
    let text = all_text(&h);
    assert!(
        text.contains(&format!("Score sheet for {round_3_seller}, round 3")),
        "{text}"
    );
    click_nth(&mut h, "5", 0);
    click_nth(&mut h, "2", 1);
    click(&mut h, "Save score sheet");
    settle(&mut h);

    let store = Store::open(&data_dir(&h)).unwrap();
    let session = store.sessions().unwrap()[0].session_id;
    let sheets = store.score_sheets(session, "call").unwrap();
    assert_eq!(sheets.len(), 1, "{sheets:?}");
    assert_eq!(sheets[0].round, 3);

    // The debrief view: every round, the sheet that exists and the ones still missing.
    click(&mut h, "Every sheet");
    let text = all_text(&h);
    for r in 1..=3 {
        assert!(text.contains(&format!("Round {r}")), "{text}");
    }
    assert!(
        text.contains(&format!("{round_3_seller} (seller), scored by")),
        "{text}"
    );
    assert!(text.contains("Open questions 5 · Listening 2"), "{text}");
    assert_eq!(
        h.get_all_by_label("No sheet yet").count(),
        2,
        "rounds 1 and 2 have none: {text}"
    );
}

#[test]
fn a_person_moves_to_another_group_before_the_round_starts_and_it_is_recorded() {
    use podium::store::Store;

    let (mut h, _dir) =
        room_at_round_one("name,email,team\nAna,,N\nBo,,S\nCy,,S\nDee,,N\nEd,,N\nFay,,S\n");
    click(&mut h, "Form groups");
    let groups_now = |h: &Harness<'_, TestApp>| h.state().room().groups["call"].clone();
    let before = groups_now(&h);
    assert_eq!(before.len(), 2);
    let mover = before[0][0];
    let mover_name = {
        let show = h.state().app.show().unwrap();
        show.presentation
            .recorder()
            .room
            .person(mover)
            .unwrap()
            .name
            .clone()
    };

    click(&mut h, &format!("{mover_name} \u{25B8}"));
    click(&mut h, "To group 2");
    let after = groups_now(&h);
    assert_eq!(after[0].len(), 2, "{after:?}");
    assert_eq!(after[1].len(), 4, "{after:?}");
    assert_eq!(after[1].last(), Some(&mover));
    settle(&mut h);
    let store = Store::open(&data_dir(&h)).unwrap();
    let session_id = store.sessions().unwrap()[0].session_id;
    let stored = store.groups(session_id, "call").unwrap();
    assert_eq!(stored.len(), 2);
    assert_eq!(
        stored[1].len(),
        4,
        "the move is recorded like forming: {stored:?}"
    );

    // Once the round's countdown runs, the groups stay as they are.
    assert!(all_text(&h).contains("Move:"));
    press(&mut h, egui::Key::T);
    assert!(
        !all_text(&h).contains("Move:"),
        "no moving during a round: {}",
        all_text(&h)
    );
}

#[test]
fn history_lists_a_rehearsal_by_its_length_not_as_an_empty_room() {
    use podium::store::types::SessionInfo;
    use podium::ui::history::{HistoryState, history_ui};

    let at = |s: &str| podium::time::parse_rfc3339(s).unwrap();
    let session = |id: i64, mode: Mode, ended: &str| SessionInfo {
        session_id: podium::store::types::SessionId::from(id),
        deck_title: "Selling on how".into(),
        deck_path: "deck.ron".into(),
        mode,
        facilitator: "Dana".into(),
        location: None,
        started_at: at("2026-11-26T18:00:00+01:00"),
        ended_at: Some(at(ended)),
        people_present: if mode == Mode::Live { 12 } else { 0 },
        answers: if mode == Mode::Live { 30 } else { 0 },
        sheets: 0,
        void: None,
    };
    let state = HistoryState {
        sessions: vec![
            session(1, Mode::Rehearsal, "2026-11-26T18:42:10+01:00"),
            session(2, Mode::Live, "2026-11-27T12:00:00+01:00"),
        ],
        show_rehearsals: true,
        ..HistoryState::default()
    };
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_ui_state(
            |ui, state: &mut HistoryState| {
                history_ui(ui, state);
            },
            state,
        );
    h.run_steps(2);
    let text = all_text(&h);
    assert!(text.contains("rehearsal \u{b7} 42 min"), "{text}");
    assert!(
        text.contains("live \u{b7} 12 present \u{b7} 30 answers"),
        "{text}"
    );
    assert!(!text.contains("0 present"), "{text}");
}

#[test]
fn the_score_sheet_shows_its_buttons_in_the_frame_the_groups_are_formed() {
    let (mut h, _dir) = room_at_round_one(
        "name,email,team\nAna Ruiz,,North\nBo Chen,,South\nChloé Martin,,South\n",
    );
    // One frame after the click, with no mouse move: the new grid of score buttons is drawn,
    // not left as a gap until the next input.
    h.get_by_label("Form groups").click();
    h.step();
    let save = h.get_by_label("Save score sheet");
    assert!(
        save.rect().height() > 0.0,
        "the score sheet's button is laid out"
    );
    assert!(
        h.get_all_by_label("5").count() >= 2,
        "a score button per criterion: {}",
        all_text(&h)
    );
}

#[test]
fn with_mix_teams_on_no_group_holds_two_people_of_one_team() {
    // Four teams of three, listed team by team: groups in the roster's order would be teams.
    let mut csv = String::from("name,email,team\n");
    for team in ["North", "South", "East", "West"] {
        for n in 1..=3 {
            csv.push_str(&format!("{team} {n},,{team}\n"));
        }
    }
    let (mut h, _dir) = room_at_round_one(&csv);
    let mix = "Mix teams: one per team in each group where possible";
    assert!(
        !h.get_by_label(mix).accesskit_node().is_disabled(),
        "the roster has teams"
    );
    click(&mut h, mix);
    for _ in 0..5 {
        let label = if all_text(&h).contains("Form groups again") {
            "Form groups again"
        } else {
            "Form groups"
        };
        click(&mut h, label);
        let show = h.state().app.show().unwrap();
        let room = &show.presentation.recorder().room;
        let groups = &room.groups["call"];
        assert_eq!(groups.len(), 4, "{groups:?}");
        for group in groups {
            let mut teams: Vec<_> = group
                .iter()
                .map(|p| room.person(*p).unwrap().team.clone().unwrap())
                .collect();
            let everyone = teams.len();
            teams.sort();
            teams.dedup();
            assert_eq!(teams.len(), everyone, "one per team in a group: {teams:?}");
        }
    }
}

#[test]
fn mix_teams_is_off_with_a_reason_when_no_one_has_a_team() {
    let (h, _dir) = room_at_round_one("name\nAna\nBo\nCy\n");
    let mix = h.get_by_label("Mix teams: one per team in each group where possible");
    assert!(mix.accesskit_node().is_disabled(), "no one has a team");
}

#[test]
fn mix_teams_is_off_when_the_roster_names_only_one_team() {
    let (h, _dir) = room_at_round_one("name,email,team\nAna,,North\nBo,, North \nCy,,\n");
    let mix = h.get_by_label("Mix teams: one per team in each group where possible");
    assert!(
        mix.accesskit_node().is_disabled(),
        "one team leaves nothing to mix"
    );
}

#[test]
fn at_the_debrief_the_score_sheets_start_on_the_last_round() {
    let dir = tempfile::tempdir().unwrap();
    let deck = dir.path().join("room.ron");
    std::fs::write(
        &deck,
        ROOM_DECK.replace(
            "rounds: 3,",
            r#"rounds: 3, debrief: ["What opened the buyer up?"],"#,
        ),
    )
    .unwrap();
    let mut h = app_with(&deck, Instant::now());
    hide_audience(&mut h);
    import_and_check_in(
        &mut h,
        dir.path(),
        "name,email,team\nAna Ruiz,,North\nBo Chen,,South\nChloé Martin,,South\n",
    );
    for _ in 0..7 {
        press(&mut h, egui::Key::ArrowRight);
    }
    click(&mut h, "Form groups");
    let seller_in = |h: &Harness<'_, TestApp>, round: u32| {
        let show = h.state().app.show().unwrap();
        let room = &show.presentation.recorder().room;
        let cast = podium::show::groups::cast(&room.groups["call"][0], round, 3);
        let seller = cast.iter().find(|(_, role)| *role == 0).unwrap().0;
        room.person(seller).unwrap().name.clone()
    };
    let text = all_text(&h);
    assert!(
        text.contains(&format!("Score sheet for {}, round 1", seller_in(&h, 1))),
        "a round follows the screen: {text}"
    );
    press(&mut h, egui::Key::ArrowRight);
    assert_eq!(session(&h).current().unwrap().step, Step::Round(2));
    assert!(
        all_text(&h).contains(&format!("Score sheet for {}, round 2", seller_in(&h, 2))),
        "{}",
        all_text(&h)
    );
    press(&mut h, egui::Key::ArrowRight);
    press(&mut h, egui::Key::ArrowRight);
    assert_eq!(session(&h).current().unwrap().step, Step::Debrief);
    let text = all_text(&h);
    assert!(
        text.contains(&format!("Score sheet for {}, round 3", seller_in(&h, 3))),
        "the debrief starts on the last round: {text}"
    );
    assert!(!text.contains("round 1's sheets"), "{text}");
    assert!(
        !text.contains("Move:"),
        "the rounds are played: no one is moved at the debrief: {text}"
    );
    // Another round can still be picked there.
    click(&mut h, "Round 1");
    assert!(
        all_text(&h).contains(&format!("Score sheet for {}, round 1", seller_in(&h, 1))),
        "{}",
        all_text(&h)
    );
}

#[test]
fn groups_keep_apart_the_pairs_of_the_last_live_session_of_the_deck() {
    let roster: String = std::iter::once("name,email,team\n".to_owned())
        .chain((1..=12).map(|n| format!("Person {n},,\n")))
        .collect();
    // By name: each session has its own stand-in ids until its records are stored.
    let groups_of = |h: &Harness<'_, TestApp>| -> Vec<Vec<String>> {
        let room = &h.state().room();
        room.groups["call"]
            .iter()
            .map(|g| {
                g.iter()
                    .map(|p| room.person(*p).unwrap().name.clone())
                    .collect()
            })
            .collect()
    };
    let pairs = |groups: &[Vec<String>]| -> Vec<(String, String)> {
        let mut pairs = Vec::new();
        for group in groups {
            for (i, a) in group.iter().enumerate() {
                for b in &group[i + 1..] {
                    pairs.push((a.min(b).clone(), a.max(b).clone()));
                }
            }
        }
        pairs
    };

    // The first live session of the deck: groups formed and saved.
    let (mut h, dir) = room_at_round_one(&roster);
    click(&mut h, "Form groups");
    let first = groups_of(&h);
    settle(&mut h);
    let TestApp { data, .. } = h.into_state();
    let data = data.unwrap();

    // The next session of the same deck, in the same data folder, with the same people.
    let deck = dir.path().join("room.ron");
    let mut h = app_in(&deck, Instant::now(), Mode::Live, data);
    hide_audience(&mut h);
    import_and_check_in(&mut h, dir.path(), &roster);
    for _ in 0..7 {
        press(&mut h, egui::Key::ArrowRight);
    }
    let here = h.state().room().here().len();
    assert_eq!(here, 12);

    // The last session's groups are read on their own thread once this session is stored.
    for formed in 0..400 {
        let label = if formed == 0 {
            "Form groups"
        } else {
            "Form groups again"
        };
        click(&mut h, label);
        if !all_text(&h).contains("not read yet") {
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let before = pairs(&first);
    for _ in 0..2 {
        let text = all_text(&h);
        assert!(!text.contains("without keeping apart"), "{text}");
        let second = groups_of(&h);
        let shared: Vec<_> = pairs(&second)
            .into_iter()
            .filter(|p| before.contains(p))
            .collect();
        assert!(
            shared.is_empty(),
            "{second:?} shares {shared:?} with the last session's {first:?}"
        );
        click(&mut h, "Form groups again");
    }
}

#[test]
fn the_report_names_a_noted_slide_by_its_title_and_section_not_its_id() {
    use podium::store::Store;
    use podium::ui::history::{HistoryState, Selected, history_ui};

    let dir = tempfile::tempdir().unwrap();
    let deck = dir.path().join("room.ron");
    std::fs::write(&deck, ROOM_DECK).unwrap();
    let t0 = Instant::now();
    let mut h = app_with(&deck, t0);
    hide_audience(&mut h);
    // A note on the poll (id "stall") and one on the title slide (recorded as "slide 1: ...").
    let note = |h: &mut Harness<'_, TestApp>, slide_ref: &str, text: &str| {
        click(h, "My notes");
        h.state_mut().app.show_mut().unwrap().panel.note =
            Some((slide_ref.to_owned(), text.to_owned()));
        h.run_steps(2);
        click(h, "Save note");
    };
    note(&mut h, "slide 1: Welcome", "Started late");
    h.state_mut().now = now_at(t0 + Duration::from_secs(200));
    press(&mut h, egui::Key::ArrowRight);
    note(&mut h, "stall", "Ask Bo about price");
    h.state_mut().now = now_at(t0 + Duration::from_secs(300));
    press(&mut h, egui::Key::ArrowRight);
    press(&mut h, egui::Key::ArrowRight);
    settle(&mut h);

    let store = Store::open(&data_dir(&h)).unwrap();
    let session = store.sessions().unwrap()[0].session_id;
    let overview = podium::report::session_overview(&store, session).unwrap();
    let state = HistoryState {
        sessions: store.sessions().unwrap(),
        selected: Some(Selected::Session {
            overview: Box::new(overview),
            trend: Vec::new(),
        }),
        ..HistoryState::default()
    };
    let mut report = Harness::builder()
        .with_size(egui::vec2(1024.0, 768.0))
        .build_ui_state(
            |ui, state: &mut HistoryState| {
                history_ui(ui, state);
            },
            state,
        );
    report.run();
    // The timing opens on a click, for its slides that took longest.
    report.get_by_label_contains("Timing: 5:00 taken").click();
    report.run();
    let labels: Vec<String> = report
        .root()
        .children_recursive()
        .flat_map(|node| {
            let ak = node.accesskit_node();
            [ak.label(), ak.value()]
        })
        .flatten()
        .collect();
    for title in ["What stalls deals?", "Welcome"] {
        assert!(
            labels.iter().filter(|l| l.as_str() == title).count() >= 2,
            "{title} names the note and the slide's time: {labels:?}"
        );
    }
    assert!(labels.iter().any(|l| l == "S"), "the section: {labels:?}");
    for id in ["stall", "slide 1: Welcome"] {
        assert!(
            !labels.iter().any(|l| l == id),
            "{id} is how records name the slide, not for people: {labels:?}"
        );
    }
}

/// The setup screen with one session of the deck that never ended, as after a crash.
fn setup_after_a_crash() -> podium::ui::setup::SetupState {
    use podium::record::sessions::Unfinished;
    use podium::store::types::SessionInfo;
    podium::ui::setup::SetupState {
        heading: ("Room".into(), "room.ron".into()),
        mode: Mode::Live,
        facilitator: "Dana".into(),
        location: "Lyon".into(),
        roster: Default::default(),
        unfinished: vec![Unfinished {
            info: SessionInfo {
                session_id: 7,
                deck_title: "Room".into(),
                deck_path: "room.ron".into(),
                mode: Mode::Live,
                facilitator: "Dana".into(),
                location: None,
                started_at: "2026-11-27T09:00:00+01:00[Europe/Paris]".parse().unwrap(),
                ended_at: None,
                people_present: 9,
                answers: 30,
                sheets: 0,
                void: None,
            },
            running_elsewhere: false,
        }],
        focus_asked: true,
        listing: false,
        opening: None,
        store_problem: None,
        problem: None,
    }
}

#[test]
fn after_a_crash_enter_resumes_the_session_and_a_new_one_is_a_click_away() {
    use podium::ui::setup::{SetupAction, setup_ui};
    let mut chosen = Vec::new();
    let mut h = Harness::builder()
        .with_size(egui::vec2(1024.0, 768.0))
        .build_ui_state(
            |ui, (state, chosen): &mut (podium::ui::setup::SetupState, Vec<SetupAction>)| {
                chosen.extend(setup_ui(ui, state));
            },
            (setup_after_a_crash(), std::mem::take(&mut chosen)),
        );
    h.run_steps(2);
    assert!(h.query_by_label("Resume (Enter)").is_some());
    assert!(h.query_by_label("Start a new session").is_some());
    h.key_press(egui::Key::Enter);
    h.run_steps(1);
    assert_eq!(h.state().1, vec![SetupAction::Resume(7)], "Enter resumes");

    h.state_mut().1.clear();
    h.get_by_label("Start a new session").click();
    h.run_steps(1);
    assert_eq!(h.state().1, vec![SetupAction::Start]);

    // A session running in another window cannot be resumed: Enter starts a new one.
    h.state_mut().0.unfinished[0].running_elsewhere = true;
    h.state_mut().1.clear();
    h.run_steps(1);
    assert!(h.query_by_label("Start presenting (Enter)").is_some());
    h.key_press(egui::Key::Enter);
    h.run_steps(1);
    assert_eq!(h.state().1, vec![SetupAction::Start]);
}

/// On one screen the audience window is kept above the presenter's, in its top-left corner:
/// the close summary and the close dialog go where it does not cover them, at every size.
#[test]
fn the_close_dialogs_stay_clear_of_the_audience_window_over_the_presenter_s() {
    use podium::record::close::{CloseTarget, Closing};
    use podium::record::room::SessionTally;
    use podium::ui::close::{CloseDialog, SummaryDialog, close_dialog_ui, summary_dialog_ui};

    // The audience window as placed on one screen: a third of it, below the top bar.
    for (width, height) in [(1024.0, 768.0), (1280.0, 800.0), (1366.0, 768.0)] {
        let third = width / 3.0;
        let covered = egui::Rect::from_min_size(
            egui::pos2(0.0, 57.0),
            egui::vec2(third, third * 9.0 / 16.0 + 38.0),
        );
        for summary in [true, false] {
            let exported = podium::presentation::ExportOutcome::Written(
                "Written to /tmp/export/new: attendance.csv, responses.csv, roleplay.csv, \
                    timing.csv, session-1.json"
                    .into(),
            );
            let mut h = Harness::builder()
                .with_size(egui::vec2(width, height))
                .with_context_setup(podium::ui::install_fonts)
                .build_ui_state(
                    move |ui, state: &mut (SummaryDialog, CloseDialog)| {
                        if summary {
                            let view = podium::presentation::view::SummaryView {
                                target: CloseTarget::Deck,
                                counts: SessionTally {
                                    here: 12,
                                    roster: 12,
                                    answers: 34,
                                    sheets: 1,
                                },
                                unsaved: 0,
                                problem: None,
                                exported: Some(&exported),
                            };
                            let _ = summary_dialog_ui(ui, &view, &mut state.0, Some(covered));
                        } else {
                            let closing = Closing::Asking {
                                target: CloseTarget::Deck,
                                ended: false,
                                message: None,
                            };
                            let _ = close_dialog_ui(
                                ui,
                                &closing,
                                3,
                                Some("the disk is full"),
                                &mut state.1,
                                Some(covered),
                            );
                        }
                    },
                    (SummaryDialog::default(), CloseDialog::default()),
                );
            h.run_steps(3);
            let labels: &[&str] = if summary {
                &[
                    "End the session?",
                    "Back to the show",
                    "Export now",
                    "Close",
                ]
            } else {
                &["3 records not saved yet", "Keep trying", "Discard\u{2026}"]
            };
            for label in labels {
                let rect = h.get_by_label(label).rect();
                assert!(
                    !rect.intersects(covered),
                    "at {width}x{height}, {label:?} at {rect:?} is under the audience window \
                     at {covered:?}"
                );
                assert!(
                    egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(width, height))
                        .contains_rect(rect),
                    "at {width}x{height}, {label:?} at {rect:?} is off the window"
                );
            }
        }
    }
}

/// A poll's results on the projector label every option in one text size: a long option
/// wraps (to two lines, at that size) rather than shrinking below the others, at every size
/// of the audience window, from a corner of one screen to a full-screen projector.
#[test]
fn a_poll_chart_labels_every_option_in_one_text_size() {
    let dir = tempfile::tempdir().unwrap();
    let deck = dir.path().join("poll.ron");
    std::fs::write(
        &deck,
        r#"Deck(title: "Poll", sections: [Section(title: "S", minutes: 30, slides: [
            Poll(id: "stall", question: "What most often stalls your deals?", options: [
                "The buyer says we cost more",
                "The buyer can't see a difference between us and the others",
                "No decision: they stay with what they have",
                "I can't get to the person who really decides",
                "Timing or budget moves",
            ]),
        ])])"#,
    )
    .unwrap();
    let mut h = app_with(&deck, Instant::now());
    hide_audience(&mut h);
    import_and_check_in(&mut h, dir.path(), "name,email,team\nAna Ruiz,,North\n");
    h.get_by_label_contains("Answers").click();
    h.run_steps(2);
    click_nth(&mut h, "B", 0);
    press(&mut h, egui::Key::ArrowRight);
    assert_eq!(session(&h).current().unwrap().step, Step::Results);
    let show = h.state().app.show().unwrap();
    let session = show.presentation.show().clone();
    let room = show.presentation.recorder().room.clone();
    let now = now_at(t_of(&h));
    for size in [
        (640.0, 360.0),
        (1024.0, 576.0),
        (1024.0, 768.0),
        (1920.0, 1080.0),
    ] {
        let (session, room, now) = (session.clone(), room.clone(), now.clone());
        let mut chart = Harness::builder()
            .with_size(egui::vec2(size.0, size.1))
            .with_context_setup(podium::ui::install_fonts)
            .build_ui(move |ui| {
                let images = ImageCache::new(ui.ctx(), Path::new("."));
                audience_ui(ui, &stage_of(&session, Some(&room), &now), &images);
            });
        chart.run_steps(2);
        // Each option's label: its height is a whole number of lines of one size.
        let heights: Vec<(String, f32)> = ["A  The", "B  The", "C  No", "D  I", "E  Timing"]
            .iter()
            .map(|start| {
                let node = chart
                    .root()
                    .children_recursive()
                    .find(|n| {
                        n.accesskit_node()
                            .label()
                            .or_else(|| n.accesskit_node().value())
                            .is_some_and(|t| t.starts_with(start))
                    })
                    .unwrap_or_else(|| panic!("{start:?} at {size:?}"));
                (start.to_string(), node.rect().height())
            })
            .collect();
        let line = heights
            .iter()
            .map(|(_, h)| *h)
            .fold(f32::INFINITY, f32::min);
        for (label, height) in &heights {
            let lines = height / line;
            assert!(
                (lines - lines.round()).abs() < 0.05 && lines.round() <= 2.0,
                "at {size:?}, {label:?} is {height} high, {lines} lines of the shortest \
                 label's: not one size for all: {heights:?}"
            );
        }
    }
}
