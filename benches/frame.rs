#![allow(clippy::expect_used, clippy::unwrap_used, clippy::indexing_slicing)]

//! How long building each view takes, headless: egui's pass plus tessellation, for every step
//! of every slide of the sample deck, after one warm-up round (as in a running show, where
//! text layouts are cached).

mod common;

use std::path::Path;
use std::time::Instant;

use podium::app::{Now, Options, PodiumApp};
use podium::deck::{self, ImageCheck};
use podium::session::{Command, Session};
use podium::ui::audience::audience_ui;
use podium::ui::images::ImageCache;

fn input(size: egui::Vec2) -> egui::RawInput {
    egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, size)),
        // What eframe reads from the GPU; any card of the last decade allows 8192 or more.
        max_texture_side: Some(8192),
        ..Default::default()
    }
}

fn main() {
    let deck_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("decks/selling-on-how.ron");
    let deck = deck::load(&deck_path, ImageCheck::Header)
        .expect("sample deck")
        .deck;

    for size in [egui::vec2(1024.0, 768.0), egui::vec2(1920.0, 1080.0)] {
        let ctx = egui::Context::default();
        podium::ui::install_fonts(&ctx);
        let images = ImageCache::new(&ctx, &deck.folder);
        let t0 = Instant::now();
        let mut samples = Vec::new();
        let mut first_visits = Vec::new();
        for round in 0..4 {
            let mut session = Session::new(deck.clone(), t0);
            loop {
                let start = Instant::now();
                let out = ctx.run_ui(input(size), |ui| {
                    audience_ui(ui, &session, &images, None, t0)
                });
                let prims = ctx.tessellate(out.shapes, out.pixels_per_point);
                std::hint::black_box(prims);
                let elapsed = start.elapsed();
                // The frame after a step appears, where the next step is prepared.
                let out = ctx.run_ui(input(size), |ui| {
                    audience_ui(ui, &session, &images, None, t0)
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
        };
        let mut app = PodiumApp::with_options(&ctx, Vec::new(), "decks".into(), options);
        let t0 = Instant::now();
        let now = Now {
            instant: t0,
            time_of_day: "09:00".into(),
            second_of_minute: 0,
            rfc3339: "2026-11-27T09:00:00+01:00".into(),
        };
        let _ = ctx.run_ui(input(size), |_| {});
        app.open(&ctx, &deck_path);
        app.start_show(&ctx, None, &now);
        let mut samples = Vec::new();
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
                    show.session.apply(Command::Next, t0);
                }
            }
            if let Some(show) = app.show_mut() {
                show.session.apply(Command::First, t0);
            }
        }
        common::report(
            &format!("presenter view, audience embedded {}x{}", size.x, size.y),
            &common::summarize(samples),
        );
    }
}
