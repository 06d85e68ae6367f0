#![allow(clippy::expect_used, clippy::unwrap_used, clippy::indexing_slicing)]

//! How long loading and validating a large deck takes: reading, parsing, checking every rule.
//!
//! Generates a 1000-slide deck with every slide kind (and one real image) in a temp folder.

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
}
