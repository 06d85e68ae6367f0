#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

//! Each validation rule of the deck contract, with a bad deck and the line and column named.

use std::path::{Path, PathBuf};

use podium::deck::{self, Diagnostic, ImageCheck, SlideKind};

/// The slide text starts on line 5, column 13 of this deck.
fn deck_with_slide(slide: &str) -> String {
    format!(
        "Deck(\n    title: \"T\",\n    sections: [\n        Section(title: \"Warm-up\", minutes: 10, slides: [\n            {slide},\n        ]),\n    ],\n)\n"
    )
}

fn load_errors(src: &str) -> Vec<Diagnostic> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("deck.ron");
    std::fs::write(&path, src).unwrap();
    match deck::load(&path, ImageCheck::Decode) {
        Ok(loaded) => loaded.image_problems,
        Err(errors) => errors.diagnostics,
    }
}

/// Asserts one error whose message contains `needle`, at the line and column of `marker`'s
/// first occurrence in the slide (which starts at line 5, column 13).
fn assert_slide_error(slide: &str, marker: &str, needle: &str) -> Diagnostic {
    let errors = load_errors(&deck_with_slide(slide));
    let column = 13 + slide.find(marker).unwrap();
    let found = errors
        .iter()
        .find(|d| d.message.contains(needle))
        .unwrap_or_else(|| panic!("no error containing {needle:?} in {errors:#?}"));
    assert_eq!((found.line, found.column), (5, column), "{found}");
    assert!(
        found.help.is_some(),
        "every error says what would fix it: {found}"
    );
    found.clone()
}

#[test]
fn syntax_error_names_line_and_column() {
    let src = "Deck(\n    title: \"T\"\n    sections: [],\n)\n";
    let errors = load_errors(src);
    assert_eq!(errors.len(), 1);
    assert_eq!((errors[0].line, errors[0].column), (3, 5));
    assert!(errors[0].message.contains("expected `,` or `)`"));
    let text = errors[0].to_string();
    assert!(text.contains("deck.ron:3:5: "), "{text}");
    assert!(text.contains("3 |     sections: [],\n  |     ^"), "{text}");
}

#[test]
fn unknown_field_lists_expected_and_suggests() {
    let d = assert_slide_error("Title(titel: \"Hello\")", "titel", "unknown field `titel`");
    assert!(
        d.message.contains("expected one of title, subtitle, notes"),
        "{}",
        d.message
    );
    assert_eq!(d.help.as_deref(), Some("did you mean `title`?"));
    assert_eq!(
        d.place.as_deref(),
        Some("section 1 \"Warm-up\", slide 1 (Title)")
    );
}

#[test]
fn unknown_kind_lists_kinds() {
    let d = assert_slide_error("Quizz(id: \"q\")", "Quizz", "unknown kind of slide `Quizz`");
    assert!(d.message.contains(
        "Title, Points, Picture, Quote, Poll, Quiz, Rating, FreeText, Activity, RolePlay"
    ));
    assert_eq!(d.help.as_deref(), Some("did you mean `Quiz`?"));
}

#[test]
fn missing_required_field_points_at_the_kind() {
    assert_slide_error(
        "Poll(id: \"p\", question: \"Q\")",
        "Poll",
        "missing its `options`",
    );
}

#[test]
fn wrong_type_is_named() {
    assert_slide_error("Title(title: 12)", "12", "should be text in double quotes");
    assert_slide_error(
        "Points(title: \"T\", points: [\"a\"], reveal: \"yes\")",
        "\"yes\"",
        "true or false",
    );
}

#[test]
fn field_given_twice() {
    assert_slide_error(
        "Title(title: \"A\", title: \"B\")",
        "title: \"B\"",
        "given twice",
    );
}

#[test]
fn duplicate_id_points_at_the_second_use_and_names_the_first() {
    let src = deck_with_slide(
        "FreeText(id: \"habit\", prompt: \"A\"),\n            FreeText(id: \"habit\", prompt: \"B\")",
    );
    let errors = load_errors(&src);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!((errors[0].line, errors[0].column), (6, 26));
    assert!(
        errors[0].message.contains(
            "already used by section 1 \"Warm-up\", slide 1 (FreeText \"habit\") on line 5"
        )
    );
}

#[test]
fn bad_id_gets_a_corrected_suggestion() {
    let d = assert_slide_error(
        "FreeText(id: \"One Habit\", prompt: \"A\")",
        "\"One Habit\"",
        "lowercase letters, digits and `-`",
    );
    assert_eq!(d.help.as_deref(), Some("write it as \"one-habit\""));
}

#[test]
fn quiz_answer_out_of_range_counts_from_zero() {
    let d = assert_slide_error(
        "Quiz(id: \"q\", question: \"Q\", options: [\"a\", \"b\", \"c\"], answer: 3)",
        "3)",
        "answer 3 is out of range",
    );
    assert!(d.help.unwrap().contains("the last is 2"));
    assert_slide_error(
        "Quiz(id: \"q\", question: \"Q\", options: [\"a\", \"b\"], answer: -1)",
        "-1",
        "out of range",
    );
}

#[test]
fn too_few_options_points_and_roles() {
    assert_slide_error(
        "Poll(id: \"p\", question: \"Q\", options: [\"a\"])",
        "[\"a\"]",
        "at least 2 options",
    );
    assert_slide_error(
        "Quiz(id: \"q\", question: \"Q\", options: [\"a\"], answer: 0)",
        "[\"a\"]",
        "at least 2 options",
    );
    assert_slide_error("Points(title: \"T\", points: [])", "[]", "at least 1 point");
    let role_play = "RolePlay(id: \"r\", title: \"T\", scenario: \"S\", roles: [Role(name: \"A\", brief: \"B\")], rubric: [Criterion(name: \"N\", describe: \"D\")], minutes_per_round: 5)";
    assert_slide_error(role_play, "[Role", "at least 2 roles");
    let no_rubric = "RolePlay(id: \"r\", title: \"T\", scenario: \"S\", roles: [Role(name: \"A\", brief: \"B\"), Role(name: \"C\", brief: \"D\")], rubric: [], minutes_per_round: 5)";
    assert_slide_error(no_rubric, "[]", "rubric is empty");
}

#[test]
fn zero_minutes_rounds_and_scale() {
    assert_slide_error("Activity(title: \"A\", minutes: 0)", "0", "at least 1");
    let rp = |extra: &str| {
        format!(
            "RolePlay(id: \"r\", title: \"T\", scenario: \"S\", roles: [Role(name: \"A\", brief: \"B\"), Role(name: \"C\", brief: \"D\")], rubric: [Criterion(name: \"N\", describe: \"D\")], {extra})"
        )
    };
    let s = rp("minutes_per_round: 0");
    assert_slide_error(&s, "0)", "at least 1");
    let s = rp("minutes_per_round: 5, rounds: 0");
    assert_slide_error(&s, "0)", "`rounds` is 0");
    let s = rp("minutes_per_round: 5, scale: 0");
    assert_slide_error(&s, "0)", "`scale` is 0");
    let src = "Deck(title: \"T\", sections: [Section(title: \"S\", minutes: 0, slides: [Title(title: \"x\")])])";
    let errors = load_errors(src);
    assert_eq!((errors[0].line, errors[0].column), (1, 58));
    assert!(errors[0].message.contains("`minutes` is 0"));
}

#[test]
fn rating_min_must_be_below_max() {
    assert_slide_error(
        "Rating(id: \"r\", prompt: \"P\", min: 5, max: 5)",
        "5)",
        "greater than `min`",
    );
}

#[test]
fn image_paths_stay_inside_the_deck_folder() {
    assert_slide_error("Picture(image: \"/etc/passwd\")", "\"/etc", "absolute");
    assert_slide_error(
        "Picture(image: \"C:\\\\pics\\\\a.png\")",
        "\"C:",
        "absolute",
    );
    assert_slide_error(
        "Picture(image: \"assets/../../x.png\")",
        "\"assets",
        "climbs out",
    );
}

#[test]
fn missing_and_undecodable_images_are_errors_for_check_but_the_deck_opens() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("assets")).unwrap();
    std::fs::write(
        dir.path().join("assets/broken.png"),
        b"\x89PNG\r\n\x1a\nnot really",
    )
    .unwrap();
    let src = deck_with_slide(
        "Picture(image: \"assets/gone.png\"),\n            Picture(image: \"assets/broken.png\")",
    );
    let path = dir.path().join("deck.ron");
    std::fs::write(&path, &src).unwrap();
    let loaded = deck::load(&path, ImageCheck::Decode).unwrap();
    assert_eq!(loaded.deck.slide_count(), 2, "the deck still opens");
    let problems = &loaded.image_problems;
    assert_eq!(problems.len(), 2, "{problems:#?}");
    assert_eq!((problems[0].line, problems[0].column), (5, 28));
    assert!(
        problems[0]
            .message
            .contains("\"assets/gone.png\" is not there")
    );
    assert_eq!((problems[1].line, problems[1].column), (6, 28));
    assert!(
        problems[1].message.contains("cannot be decoded"),
        "{}",
        problems[1].message
    );
}

#[test]
fn a_real_image_passes() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("assets")).unwrap();
    image::RgbImage::new(4, 3)
        .save(dir.path().join("assets/ok.png"))
        .unwrap();
    let path = dir.path().join("deck.ron");
    std::fs::write(
        &path,
        deck_with_slide("Picture(image: \"assets/ok.png\", caption: \"c\")"),
    )
    .unwrap();
    let loaded = deck::load(&path, ImageCheck::Decode).unwrap();
    assert!(
        loaded.image_problems.is_empty(),
        "{:#?}",
        loaded.image_problems
    );
    let (_, slide) = loaded.deck.slides().next().unwrap();
    assert_eq!(
        slide.kind,
        SlideKind::Picture {
            title: None,
            image: PathBuf::from("assets/ok.png"),
            caption: Some("c".into())
        }
    );
}

#[test]
fn unknown_theme_suggests_the_nearest() {
    let src = "Deck(title: \"T\", theme: Drak, sections: [Section(title: \"S\", minutes: 5, slides: [Title(title: \"x\")])])";
    let errors = load_errors(src);
    assert_eq!(errors.len(), 1);
    assert_eq!((errors[0].line, errors[0].column), (1, 25));
    assert!(
        errors[0]
            .help
            .as_deref()
            .unwrap()
            .contains("did you mean `Dark`?")
    );
}

#[test]
fn all_errors_of_a_file_are_reported_at_once() {
    let src = deck_with_slide(
        "Title(titel: \"A\"),\n            Quiz(id: \"q\", question: \"Q\", options: [\"a\", \"b\"], answer: 2),\n            Activity(title: \"A\", minutes: 0)",
    );
    let errors = load_errors(&src);
    let lines: Vec<usize> = errors.iter().map(|d| d.line).collect();
    assert_eq!(lines, vec![5, 6, 7], "{errors:#?}");
}

#[test]
fn implicit_some_is_always_on_and_some_is_tolerated() {
    let src = deck_with_slide(
        "Title(title: \"A\", subtitle: \"plain\"),\n            Title(title: \"B\", subtitle: Some(\"wrapped\")),\n            Title(title: \"C\", subtitle: None)",
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("d.ron");
    std::fs::write(&path, src).unwrap();
    let deck = deck::load(&path, ImageCheck::Decode).unwrap().deck;
    let subtitles: Vec<Option<String>> = deck
        .slides()
        .map(|(_, s)| match &s.kind {
            SlideKind::Title { subtitle, .. } => subtitle.clone(),
            _ => unreachable!(),
        })
        .collect();
    assert_eq!(
        subtitles,
        vec![Some("plain".into()), Some("wrapped".into()), None]
    );
}

#[test]
fn defaults_follow_the_contract() {
    let src = deck_with_slide(
        "RolePlay(id: \"r\", title: \"T\", scenario: \"S\", roles: [Role(name: \"A\", brief: \"B\"), Role(name: \"C\", brief: \"D\", private: true), Role(name: \"E\", brief: \"F\")], rubric: [Criterion(name: \"N\", describe: \"D\")], minutes_per_round: 5)",
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("d.ron");
    std::fs::write(&path, src).unwrap();
    let deck = deck::load(&path, ImageCheck::Decode).unwrap().deck;
    let (_, slide) = deck.slides().next().unwrap();
    let SlideKind::RolePlay(rp) = &slide.kind else {
        panic!()
    };
    assert_eq!(rp.rounds, 3, "rounds default to the number of roles");
    assert_eq!(rp.scale, 5);
    assert!(rp.roles[1].private && !rp.roles[0].private);
}

#[test]
fn unreadable_files_say_why() {
    let dir = tempfile::tempdir().unwrap();
    let missing = deck::load(&dir.path().join("nope.ron"), ImageCheck::Header).unwrap_err();
    assert!(
        missing.diagnostics[0]
            .message
            .contains("cannot read the deck")
    );
    let folder = deck::load(dir.path(), ImageCheck::Header).unwrap_err();
    assert!(folder.diagnostics[0].message.contains("folder"));
    let latin1 = dir.path().join("latin1.ron");
    std::fs::write(&latin1, b"Deck(\n  title: \"Caf\xe9\",\n)").unwrap();
    let d = &deck::load(&latin1, ImageCheck::Header)
        .unwrap_err()
        .diagnostics[0];
    assert_eq!((d.line, d.column), (2, 14));
    assert!(d.message.contains("not UTF-8"));
    let empty = dir.path().join("empty.ron");
    std::fs::write(&empty, b"").unwrap();
    let d = &deck::load(&empty, ImageCheck::Header)
        .unwrap_err()
        .diagnostics[0];
    assert!(d.message.contains("empty"));
}

#[test]
fn every_example_in_the_contract_loads() {
    let contract = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/deck-format.md");
    let text = std::fs::read_to_string(&contract)
        .unwrap_or_else(|e| panic!("the contract should be at {}: {e}", contract.display()));
    let blocks: Vec<&str> = text
        .split("```ron\n")
        .skip(1)
        .map(|rest| rest.split("```").next().unwrap())
        .collect();
    assert!(!blocks.is_empty(), "the contract has RON examples");
    for block in blocks {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("contract.ron");
        std::fs::write(&path, block).unwrap();
        let loaded = match deck::load(&path, ImageCheck::Decode) {
            Ok(loaded) => loaded,
            Err(e) => panic!("the contract's example must load:\n{e}"),
        };
        // Its one picture is not shipped with the contract: the deck opens with a placeholder.
        assert!(
            loaded
                .image_problems
                .iter()
                .all(|p| p.message.contains("is not there"))
        );
        let summary = loaded.deck.summary();
        assert_eq!(summary.sections, 3);
        assert_eq!(summary.slides, 10);
        assert_eq!(summary.planned_minutes, 65);
    }
}
