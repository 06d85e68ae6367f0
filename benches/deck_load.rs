#![allow(clippy::expect_used, clippy::unwrap_used, clippy::indexing_slicing)]

//! How long loading and validating a large deck takes: reading, parsing, checking every rule;
//! and how long `podium check` takes on decks full of mistakes (50,000 errors of several
//! kinds, the same written on one line as a script would, 50,000 duplicate ids, 100,000
//! unknown fields), which must stay linear.
//!
//! Generates the decks (and one real image) in a temp folder.

mod common;

use std::fmt::Write;

use podium::deck::{self, ImageCheck};

fn generate(slides: usize) -> String {
    let mut src =
        String::from("Deck(\n    title: \"Benchmark\",\n    theme: Dark,\n    sections: [\n");
    let per_section = 20;
    for section in 0..slides.div_ceil(per_section) {
        let _ = writeln!(
            src,
            "        Section(title: \"Section {section}\", minutes: 15, slides: ["
        );
        for i in 0..per_section.min(slides - section * per_section) {
            let n = section * per_section + i;
            let slide = match n % 10 {
                0 => format!("Title(title: \"Slide {n}\", subtitle: \"A subtitle\", notes: \"Say hello to the room, and ask a question.\")"),
                1 => format!("Points(title: \"Points {n}\", points: [\"First **point**\", \"Second *point*\", \"Third point\"], reveal: true, notes: \"Walk through them.\")"),
                2 => "Picture(title: \"A chart\", image: \"assets/chart.png\", caption: \"Q3\")".to_owned(),
                3 => "Quote(text: \"Customers buy how you sell before they buy what you sell.\", by: \"Motto\")".to_owned(),
                4 => format!("Poll(id: \"poll-{n}\", question: \"What stalls deals?\", options: [\"Price\", \"Timing\", \"A competitor\"], anonymous: true)"),
                5 => format!("Quiz(id: \"quiz-{n}\", question: \"What is the trap?\", options: [\"A\", \"B\", \"C\"], answer: 1, explain: \"Because.\")"),
                6 => format!("Rating(id: \"rating-{n}\", prompt: \"How confident?\", min: 1, max: 5, labels: (\"Not yet\", \"Fully\"))"),
                7 => format!("FreeText(id: \"text-{n}\", prompt: \"One habit\")"),
                8 => format!("Activity(title: \"Pairs {n}\", instructions: [\"Tell the story\", \"Ask why\"], minutes: 8)"),
                _ => format!("RolePlay(id: \"rp-{n}\", title: \"Call\", scenario: \"A distributor.\", roles: [Role(name: \"Seller\", brief: \"Find the need.\"), Role(name: \"Buyer\", brief: \"Late deliveries.\", private: true), Role(name: \"Observer\", brief: \"Score.\")], minutes_per_round: 8, rubric: [Criterion(name: \"Open questions\", describe: \"Open.\"), Criterion(name: \"Listening\", describe: \"Follow up.\")], debrief: [\"What worked?\"])"),
            };
            let _ = writeln!(src, "            {slide},");
        }
        src.push_str("        ]),\n");
    }
    src.push_str("    ],\n)\n");
    src
}

/// A deck with `count` mistakes, `count / 5` each of: an unknown field (a typo), a duplicate
/// id, a quiz answer out of range, a required field given as `None`, and a zero-minute
/// activity.
fn with_errors(count: usize) -> String {
    let mut src = String::from(
        "Deck(title: \"Errors\", sections: [Section(title: \"S\", minutes: 600, slides: [\nFreeText(id: \"same\", prompt: \"P\"),\n",
    );
    for n in 0..count / 5 {
        let _ = writeln!(
            src,
            "Title(titel: \"{n}\"), FreeText(id: \"same\", prompt: \"P\"), Quiz(id: \"q-{n}\", question: \"Q\", options: [\"a\", \"b\"], answer: 2), Quote(text: None), Activity(title: \"A\", minutes: 0),"
        );
    }
    src.push_str("])])\n");
    src
}

fn duplicate_ids(count: usize) -> String {
    let mut src = String::from(
        "Deck(title: \"Ids\", sections: [Section(title: \"S\", minutes: 600, slides: [\n",
    );
    for _ in 0..=count {
        src.push_str("FreeText(id: \"same\", prompt: \"P\"),\n");
    }
    src.push_str("])])\n");
    src
}

fn unknown_fields(count: usize) -> String {
    let mut src = String::from(
        "Deck(title: \"Fields\", sections: [Section(title: \"S\", minutes: 600, slides: [\nTitle(title: \"T\",\n",
    );
    for n in 0..count {
        let _ = writeln!(src, "    unknown_{n}: \"x\",");
    }
    src.push_str(")])])\n");
    src
}

/// `podium check` on `path`, its output thrown away; the number of errors it counted.
fn check(path: &std::path::Path) -> String {
    let mut out = Vec::new();
    podium::cli::check(&[path.to_path_buf()], &mut out, &mut std::io::sink()).expect("check");
    String::from_utf8(out).expect("text")
}

fn main() {
    let dir = tempfile::tempdir().expect("temp folder");
    std::fs::create_dir(dir.path().join("assets")).expect("assets folder");
    image::RgbImage::new(1920, 1080)
        .save(dir.path().join("assets/chart.png"))
        .expect("bench image");
    let path = dir.path().join("big.ron");
    let src = generate(1000);
    std::fs::write(&path, &src).expect("write deck");

    let loaded = deck::load(&path, ImageCheck::Header).expect("the generated deck is valid");
    assert_eq!(loaded.deck.slide_count(), 1000);
    assert!(loaded.image_problems.is_empty());
    println!("deck: 1000 slides, {} KB", src.len() / 1024);

    let t = common::time(200, || {
        deck::load(&path, ImageCheck::Header).expect("valid")
    });
    common::report("load + validate 1000-slide deck (from disk)", &t);
    let t = common::time(200, || {
        deck::load_str(&path, &src, ImageCheck::Header).expect("valid")
    });
    common::report("parse + validate 1000-slide deck (in memory)", &t);

    for (name, src, errors) in [
        (
            "podium check, 50,000 errors of 5 kinds",
            with_errors(50_000),
            50_000,
        ),
        (
            "podium check, 50,000 errors on one line",
            with_errors(50_000).replace('\n', " "),
            50_000,
        ),
        (
            "podium check, 50,000 duplicate ids",
            duplicate_ids(50_000),
            50_000,
        ),
        (
            "podium check, 100,000 unknown fields",
            unknown_fields(100_000),
            100_000,
        ),
    ] {
        let path = dir.path().join("errors.ron");
        std::fs::write(&path, &src).expect("write deck");
        let summary = check(&path);
        assert!(
            summary.ends_with(&format!(": {errors} errors\n")),
            "{summary}"
        );
        println!("deck: {} KB, {summary}", src.len() / 1024);
        let t = common::time(10, || check(&path));
        common::report(name, &t);
    }
}
