#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

//! Rosters: a large file comes in off the window's thread with its progress shown, in one
//! transaction; a resumed session shows the roster it really has; Excel's "Unicode text"
//! (UTF-16 with a byte-order mark, tab-separated) is read.

use std::path::Path;
use std::time::{Duration, Instant};

use egui_kittest::Harness;

use podium::app::Now;
use podium::presentation::action::{Action, RecordAction};
use podium::store::{Store, operations_on_this_thread};

mod common;
use common::app::{TestApp, all_text};

const DECK: &str = r#"Deck(title: "Roster", sections: [Section(title: "S", minutes: 30, slides: [
    Title(title: "Welcome"),
    Title(title: "Two"),
])])"#;

fn app_on(dir: &Path) -> Harness<'static, TestApp> {
    let deck = dir.join("roster.ron");
    std::fs::write(&deck, DECK).unwrap();
    let options = common::app::options(&dir.join("data"), "Dana");
    let now = Now::at(
        Instant::now(),
        podium::time::parse_rfc3339("2026-11-27T09:00:00+01:00").unwrap(),
    );
    let mut h = common::app::harness(options, egui::vec2(1280.0, 800.0), 1.0, now, None);
    let ctx = h.ctx.clone();
    h.state_mut().app.open(&ctx, &deck);
    let now = h.state().now.clone();
    h.state_mut().app.start_show(&ctx, None, &now);
    hide_audience(&mut h);
    h.run_steps(2);
    h
}

fn import(h: &mut Harness<'_, TestApp>, path: &Path) {
    let now = h.state().now.clone();
    let _ = h.state_mut().app.show_mut().unwrap().presentation.apply(
        [Action::Record(RecordAction::ImportRoster(
            path.to_path_buf(),
        ))],
        &now,
    );
}

/// Runs frames until the roster is read and saved; returns the frames drawn meanwhile and
/// whether one of them showed the progress.
fn frames_while_importing(h: &mut Harness<'_, TestApp>) -> (usize, bool) {
    let deadline = Instant::now() + Duration::from_secs(300);
    let mut frames = 0;
    let mut progress_shown = false;
    loop {
        h.run_steps(1);
        frames += 1;
        let shown = all_text(h);
        progress_shown |=
            shown.contains("Saving the roster:") || shown.contains("Reading the roster");
        let show = h.state().app.show().unwrap();
        let message = show
            .presentation
            .message()
            .map(str::to_owned)
            .unwrap_or_default();
        if show.presentation.recorder().unsaved() == 0 && message.contains("people added") {
            return (frames, progress_shown);
        }
        assert!(Instant::now() < deadline, "the roster never came in");
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Names with accents, Chinese and Cyrillic, one of 60 characters, one with a comma.
fn name(i: usize) -> String {
    match i % 5 {
        0 => format!("Zoë Müller-Łukasiewicz {i}"),
        1 => format!("王小明 {i}"),
        2 => format!("Вера Иванова {i}"),
        // 57 characters, a space and two digits: 60 for person 3.
        3 => format!("Maximiliane Sophia Charlotte von Hohenzollern-Sigmaringen {i:02}"),
        _ => format!("\"Smith, Jane {i}\""),
    }
}

#[test]
fn a_large_roster_comes_in_off_the_windows_thread_with_its_progress_shown() {
    const PEOPLE: usize = 10_000;
    let dir = tempfile::tempdir().unwrap();
    let mut csv = String::from("name,email,team\n");
    for i in 0..PEOPLE {
        csv.push_str(&format!("{},p{i}@example.com,Team {}\n", name(i), i % 7));
    }
    let roster = dir.path().join("big.csv");
    std::fs::write(&roster, csv).unwrap();
    let mut h = app_on(dir.path());

    let before = operations_on_this_thread();
    import(&mut h, &roster);
    let (frames, progress_shown) = frames_while_importing(&mut h);
    assert_eq!(
        operations_on_this_thread(),
        before,
        "reading and saving the roster made no database call on the window's thread"
    );
    assert!(progress_shown, "the progress was shown");
    assert!(frames >= 3, "the window kept drawing ({frames} frames)");
    let message = h
        .state()
        .app
        .show()
        .unwrap()
        .presentation
        .message()
        .map(str::to_owned)
        .unwrap();
    assert!(
        message.contains(&format!("{PEOPLE} people added")),
        "{message}"
    );

    let store = Store::open(&dir.path().join("data")).unwrap();
    let session = store.sessions().unwrap()[0].session_id;
    let people = store.roster(session).unwrap();
    assert_eq!(people.len(), PEOPLE);
    assert_eq!(people[4].name, "Smith, Jane 4");
    assert_eq!(people[3].name.chars().count(), 60);
}

#[test]
fn excel_unicode_text_comes_in_through_the_people_tab() {
    let dir = tempfile::tempdir().unwrap();
    let text_file = "Name\tE-mail\tTeam\r\nZoë Müller\tzoe@example.com\tNord\r\n王小明\t\tЮг\r\n";
    let mut bytes = vec![0xFF, 0xFE];
    for unit in text_file.encode_utf16() {
        bytes.extend(unit.to_le_bytes());
    }
    let roster = dir.path().join("team.txt");
    std::fs::write(&roster, bytes).unwrap();
    let mut h = app_on(dir.path());
    import(&mut h, &roster);
    frames_while_importing(&mut h);
    let names: Vec<String> = h
        .state()
        .room()
        .roster
        .iter()
        .map(|p| p.name.clone())
        .collect();
    assert_eq!(names, vec!["Zoë Müller", "王小明"]);
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
