#![allow(clippy::expect_used, clippy::unwrap_used, clippy::indexing_slicing)]

//! How long building each view takes, headless: egui's pass plus tessellation, for every step
//! of every slide of the sample deck, after one warm-up round (as in a running show, where
//! text layouts are cached).

mod common;

use std::path::Path;
use std::time::Instant;

use podium::app::images::ImageCache;
use podium::app::{Now, Options, PodiumApp};
use podium::deck::{self, ImageCheck};
use podium::presentation::Action;
use podium::presentation::view::stage_of;
use podium::show::{Command, Show};
use podium::ui::audience::audience_ui;

fn input(size: egui::Vec2) -> egui::RawInput {
    egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, size)),
        // What eframe reads from the GPU; any card of the last decade allows 8192 or more.
        max_texture_side: Some(8192),
        ..Default::default()
    }
}

fn main() {
    room_frames(12);
    room_frames(200);
    let deck_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("decks/selling-on-how.ron");
    let deck = deck::load(&deck_path, ImageCheck::Header)
        .expect("sample deck")
        .deck;

    for size in [egui::vec2(1024.0, 768.0), egui::vec2(1920.0, 1080.0)] {
        let ctx = egui::Context::default();
        podium::ui::install_fonts(&ctx);
        let images = ImageCache::new(&ctx, &deck.folder);
        let t0 = Instant::now();
        let now = podium::time::Now::at(t0, podium::time::Now::read().wall);
        let mut samples = Vec::new();
        let mut first_visits = Vec::new();
        for round in 0..4 {
            let mut session = Show::new(deck.clone(), t0);
            loop {
                let start = Instant::now();
                let out = ctx.run_ui(input(size), |ui| {
                    audience_ui(ui, &stage_of(&session, None, &now), &images)
                });
                let prims = ctx.tessellate(out.shapes, out.pixels_per_point);
                std::hint::black_box(prims);
                let elapsed = start.elapsed();
                // The frame after a step appears, where the next step is prepared.
                let out = ctx.run_ui(input(size), |ui| {
                    audience_ui(ui, &stage_of(&session, None, &now), &images)
                });
                std::hint::black_box(ctx.tessellate(out.shapes, out.pixels_per_point));
                if round > 0 {
                    samples.push(elapsed);
                } else {
                    first_visits.push(elapsed);
                }
                if session.next_position().is_none() {
                    break;
                }
                session.apply(Command::Next, t0);
            }
        }
        common::report(
            &format!("audience view {}x{}", size.x, size.y),
            &common::summarize(samples),
        );
        common::report(
            &format!("  first visit of each step {}x{}", size.x, size.y),
            &common::summarize(first_visits),
        );
    }

    for size in [egui::vec2(1024.0, 768.0), egui::vec2(1920.0, 1080.0)] {
        let ctx = egui::Context::default();
        let data = tempfile::tempdir().expect("temp folder");
        let options = Options {
            data_dir: data.path().to_path_buf(),
            roster: None,
            facilitator: "Dana".into(),
            start: None,
            phones: None,
        };
        let mut app = PodiumApp::with_options(&ctx, Vec::new(), "decks".into(), options);
        let t0 = Instant::now();
        let now = Now::at(
            t0,
            podium::time::parse_rfc3339("2026-11-27T09:00:00+01:00").unwrap(),
        );
        let _ = ctx.run_ui(input(size), |_| {});
        app.open(&ctx, &deck_path);
        app.start_show(&ctx, None, &now);
        let mut samples = Vec::new();
        let mut core_samples = Vec::new();
        let steps = 120;
        for round in 0..4 {
            for _ in 0..steps {
                let start = Instant::now();
                let out = ctx.run_ui(input(size), |ui| app.frame(ui, &now));
                let prims = ctx.tessellate(out.shapes, out.pixels_per_point);
                std::hint::black_box(prims);
                if round > 0 {
                    samples.push(start.elapsed());
                }
                if let Some(show) = app.show_mut() {
                    // The core alone, as a key press reaches it: apply the action, then build
                    // the frame's view model for both windows.
                    let start = Instant::now();
                    let effects = show.presentation.apply([Action::Show(Command::Next)], &now);
                    let view = show.presentation.view(&now);
                    std::hint::black_box((effects, &view));
                    drop(view);
                    if round > 0 {
                        core_samples.push(start.elapsed());
                    }
                }
            }
            if let Some(show) = app.show_mut() {
                let _ = show
                    .presentation
                    .apply([Action::Show(Command::First)], &now);
            }
        }
        common::report(
            &format!("presenter view, audience embedded {}x{}", size.x, size.y),
            &common::summarize(samples),
        );
        common::report(
            &format!(
                "  the core: apply Next, build the view model {}x{}",
                size.x, size.y
            ),
            &common::summarize(core_samples),
        );
    }
}

/// A presenter frame on the Answers tab of a Poll: with an empty room, and with 200 people
/// checked in who have all answered (and 99 other items answered by everyone), so a big
/// session is seen to stay as quick to draw as an empty one.
fn big_room(ctx: &egui::Context, people: usize) -> (PodiumApp, tempfile::TempDir) {
    use podium::store::Store;
    use podium::store::types::{Answer, Mode, NewResponse, NewSession, Presence};

    let dir = tempfile::tempdir().expect("temp folder");
    let deck_path = dir.path().join("big.ron");
    let mut src = String::from(
        "Deck(title: \"Big\", sections: [Section(title: \"S\", minutes: 60, slides: [\n",
    );
    for item in 0..100 {
        src.push_str(&format!(
            "Poll(id: \"poll-{item}\", question: \"Question {item}?\", options: [\"Yes\", \"No\", \"Maybe\"]),\n"
        ));
    }
    src.push_str("])])");
    std::fs::write(&deck_path, src).expect("deck");
    let options = Options {
        data_dir: dir.path().join("data"),
        roster: None,
        facilitator: "Dana".into(),
        start: None,
        phones: None,
    };
    {
        let mut store = Store::open(&options.data_dir).expect("store");
        let session = store
            .start_session(&NewSession {
                deck_title: "Big".into(),
                deck_path: deck_path
                    .canonicalize()
                    .expect("path")
                    .display()
                    .to_string(),
                mode: Mode::Live,
                facilitator: "Dana".into(),
                location: None,
                started_at: at("2026-11-27T09:00:00+01:00"),
            })
            .expect("session");
        let at = &at("2026-11-27T09:00:00+01:00");
        for p in 0..people {
            let person = store
                .find_or_add_person(&format!("Person {p:03}"), None, None, at)
                .expect("person");
            store.add_to_roster(session, person, at).expect("roster");
            store
                .record_attendance(session, person, Presence::Present, at)
                .expect("attendance");
            for item in 0..100 {
                store
                    .record_response(&NewResponse {
                        session_id: session,
                        item_id: format!("poll-{item}"),
                        item_kind: podium::deck::ItemKind::Poll,
                        person_id: Some(person),
                        answer: Answer::Options(vec![(p + item) % 3]),
                        correct: None,
                        supersedes: None,
                        recorded_at: at.clone(),
                    })
                    .expect("response");
            }
        }
    }
    let mut app = PodiumApp::with_options(ctx, Vec::new(), "decks".into(), options);
    app.open(ctx, &deck_path);
    let now = Now::at(
        Instant::now(),
        podium::time::parse_rfc3339("2026-11-27T09:00:00+01:00").unwrap(),
    );
    // The unfinished sessions are looked up, and a session loaded, on job threads.
    let frame = |app: &mut PodiumApp| {
        let mut out = ctx.run_ui(egui::RawInput::default(), |ui| app.frame(ui, &now));
        out.textures_delta.clear();
        std::thread::sleep(std::time::Duration::from_millis(5));
    };
    while app.setup_mut().is_some_and(|s| s.listing) {
        frame(&mut app);
    }
    let unfinished = app
        .setup_mut()
        .and_then(|s| s.unfinished.first().map(|u| u.info.session_id));
    app.start_show(ctx, unfinished, &now);
    while app.show().is_none() {
        frame(&mut app);
    }
    if let Some(show) = app.show_mut() {
        use podium::presentation::{Action, PanelTab};
        let _ = show.presentation.apply(
            [
                Action::ToggleAudienceWindow,
                Action::ShowTab(PanelTab::Answers),
            ],
            &now,
        );
    }
    (app, dir)
}

fn room_frames(people: usize) {
    let size = egui::vec2(1920.0, 1080.0);
    let ctx = egui::Context::default();
    let (mut app, _dir) = big_room(&ctx, people);
    let now = Now::at(
        Instant::now(),
        podium::time::parse_rfc3339("2026-11-27T09:00:00+01:00").unwrap(),
    );
    let mut samples = Vec::new();
    for round in 0..60 {
        let start = Instant::now();
        let out = ctx.run_ui(input(size), |ui| app.frame(ui, &now));
        std::hint::black_box(ctx.tessellate(out.shapes, out.pixels_per_point));
        if round >= 10 {
            samples.push(start.elapsed());
        }
    }
    common::report(
        &format!("presenter Answers tab, {people} people x 100 items"),
        &common::summarize(samples),
    );
}

/// A recorded time, from its RFC 3339 text.
fn at(text: &str) -> jiff::Zoned {
    podium::time::parse_rfc3339(text).unwrap()
}
