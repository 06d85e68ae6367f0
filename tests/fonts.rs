#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

//! Every name of a twelve-person roster (accents, Chinese, Cyrillic, Greek, a 60-character name,
//! a comma, a formula) drawn by the real views: the People tab, the projector's role-play
//! groups and History. egui_kittest panics on any character no font can draw, so a name shown
//! as boxes fails these tests. A computer without a font for Chinese gets a note instead.
//!
//! Needs a font for Chinese on the machine (Debian: fonts-wqy-microhei or fonts-noto-cjk).

use std::path::{Path, PathBuf};
use std::time::Instant;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use podium::app::Now;
use podium::app::images::ImageCache;
use podium::presentation::view::stage_of;
use podium::show::Step;
use podium::store::types::Mode;
use podium::ui::audience::audience_ui;

mod common;
use common::app::{TestApp, all_text};

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn roster_names() -> Vec<String> {
    let mut reader = csv::Reader::from_path(repo("tests/fixtures/roster12.csv")).unwrap();
    reader.records().map(|r| r.unwrap()[0].to_owned()).collect()
}

/// The app with the tour deck open in a live session, its roster imported and everyone here,
/// on the People tab, in a 1280x800 window.
fn live_with_roster(system_fonts: bool) -> Harness<'static, TestApp> {
    let data = tempfile::tempdir().unwrap();
    let options = common::app::options(data.path(), "Dana");
    let now = Now::at(
        Instant::now(),
        podium::time::parse_rfc3339("2026-11-27T09:00:00+01:00").unwrap(),
    );
    let mut h = common::app::harness(options, egui::vec2(1280.0, 800.0), 1.0, now, Some(data));
    let ctx = h.ctx.clone();
    if !system_fonts {
        // A computer with no font for Chinese: boxes, and a note about them.
        ctx.set_font_providers(Vec::new());
        ctx.set_missing_glyph_policy(egui::MissingGlyphPolicy::Tofu);
    }
    h.state_mut().app.open(&ctx, &repo("decks/tour.ron"));
    h.state_mut().app.setup_mut().unwrap().mode = Mode::Live;
    let now = h.state().now.clone();
    h.state_mut().app.start_show(&ctx, None, &now);
    // Headless, the audience window is drawn inside the presenter's; it is checked on its own.
    let now = h.state().now.clone();
    let _ = h
        .state_mut()
        .app
        .show_mut()
        .unwrap()
        .presentation
        .apply([podium::presentation::Action::ToggleAudienceWindow], &now);
    h.run_steps(2);
    h.get_by_label_contains("People (").click();
    h.run_steps(2);
    h.state_mut().app.show_mut().unwrap().panel.roster_path =
        repo("tests/fixtures/roster12.csv").display().to_string();
    h.get_by_label("Import roster").click();
    h.run_steps(2);
    h.get_by_label("Everyone is here").click();
    h.run_steps(2);
    h
}

#[test]
fn every_name_of_the_roster_is_drawn_in_the_people_tab_the_groups_and_history() {
    let mut h = live_with_roster(true);
    let names = roster_names();
    assert_eq!(names.len(), 12);
    let text = all_text(&h);
    assert!(text.contains("12 people added"), "{text}");
    assert!(text.contains("People (12/12)"), "{text}");
    for name in &names {
        assert!(
            text.contains(name.as_str()),
            "{name} is not in the People tab"
        );
    }
    assert!(
        !text.contains("as boxes"),
        "no note when every name can be drawn: {text}"
    );

    // The role-play's first round: groups on the projector, with everyone's name.
    let slide = h
        .state()
        .app
        .show()
        .unwrap()
        .presentation
        .show()
        .deck()
        .slides()
        .position(|(_, s)| matches!(s.kind, podium::deck::SlideKind::RolePlay(_)))
        .unwrap()
        + 1;
    for digit in slide.to_string().chars() {
        let key = egui::Key::from_name(&digit.to_string()).unwrap();
        h.key_press(key);
        h.run_steps(1);
    }
    h.key_press(egui::Key::Enter);
    h.run_steps(2);
    for _ in 0..4 {
        let step = h
            .state()
            .app
            .show()
            .unwrap()
            .presentation
            .show()
            .current()
            .unwrap()
            .step;
        if step == Step::Round(1) {
            break;
        }
        h.key_press(egui::Key::ArrowRight);
        h.run_steps(2);
    }
    assert_eq!(
        h.state()
            .app
            .show()
            .unwrap()
            .presentation
            .show()
            .current()
            .unwrap()
            .step,
        Step::Round(1)
    );
    h.get_by_label("Form groups").click();
    h.run_steps(2);
    let projector = audience_text(&h);
    for name in &names {
        assert!(
            projector.contains(name.as_str()),
            "{name} is not on the projector: {projector}"
        );
    }

    // History: the session's attendance and the list of people.
    h.get_by_label("Close deck").click();
    h.run_steps(3);
    h.get_by_label("Close").click_accesskit();
    h.run_steps(2);
    let ctx = h.ctx.clone();
    let session = podium::store::Store::open(h.state().data_path())
        .unwrap()
        .sessions()
        .unwrap()[0]
        .session_id;
    h.state_mut().app.open_history();
    h.state_mut().app.apply_history(
        &ctx,
        podium::ui::history::HistoryAction::OpenSession(session),
    );
    h.run_steps(2);
    let history = all_text(&h);
    let (people, attendance) = history
        .split_once("Attendance: 12 of 12")
        .unwrap_or_else(|| panic!("the session's attendance: {history}"));
    for name in &names {
        assert!(people.contains(name.as_str()), "{name} among the people");
        assert!(
            attendance.contains(name.as_str()),
            "{name} in the attendance"
        );
    }
}

/// The projector's view of the app's session, drawn on its own with Podium's fonts.
fn audience_text(h: &Harness<'_, TestApp>) -> String {
    let show = h.state().app.show().unwrap();
    let session = show.presentation.show().clone();
    let room = Some(show.presentation.recorder().room.clone());
    let now = h.state().now.clone();
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1024.0, 768.0))
        .with_context_setup(podium::ui::install_fonts)
        .build_ui(move |ui| {
            let images = ImageCache::new(ui.ctx(), Path::new("."));
            audience_ui(ui, &stage_of(&session, room.as_ref(), &now), &images);
        });
    harness.run_steps(2);
    all_text(&harness)
}

#[test]
fn without_a_font_for_chinese_the_presenter_is_told_which_names_show_as_boxes() {
    let h = live_with_roster(false);
    let text = all_text(&h);
    assert!(text.contains("王芳"), "the name is still listed: {text}");
    assert!(
        text.contains(
            "1 name shows as boxes: this computer has no font for its letters (Chinese, Japanese \
             or Korean). Install one (on Debian or Ubuntu: sudo apt install fonts-noto-cjk) and \
             restart Podium."
        ),
        "{text}"
    );
}
