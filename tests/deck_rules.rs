#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

//! Each validation rule of the deck contract, with a bad deck and the line and column named.

mod common;

use std::path::{Path, PathBuf};

use podium::deck::{self, Diagnostic, ImageCheck, Severity, SlideKind};

/// The slide text starts on line 5, column 13 of this deck.
fn deck_with_slide(slide: &str) -> String {
    format!(
        "Deck(\n    title: \"T\",\n    sections: [\n        Section(title: \"Warm-up\", minutes: 60, slides: [\n            {slide},\n        ]),\n    ],\n)\n"
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
        problems[1].message.contains("is damaged"),
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
fn every_ron_example_in_the_guide_loads() {
    let blocks = common::doc_blocks();
    assert!(blocks.len() > 10, "the guide has RON examples");
    let kinds: Vec<&str> = deck::SLIDE_KINDS.iter().map(|k| k.0).collect();
    let mut whole_decks = Vec::new();
    for block in &blocks {
        let code: String = block
            .lines()
            .filter(|line| !line.trim_start().starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n");
        let code = code.trim_start();
        let src = if code.starts_with("Deck(") {
            block.clone()
        } else if kinds.iter().any(|k| code.starts_with(&format!("{k}("))) {
            deck_with_slide(block.trim_end().trim_end_matches(','))
        } else {
            panic!("a RON example is a whole deck or one slide:\n{block}");
        };
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("example.ron");
        std::fs::write(&path, &src).unwrap();
        let loaded = match deck::load(&path, ImageCheck::Decode) {
            Ok(loaded) => loaded,
            Err(e) => panic!("the guide's example must load:\n{e}\n{src}"),
        };
        // Pictures are not beside the example: it opens with a placeholder.
        assert!(
            loaded
                .image_problems
                .iter()
                .all(|p| p.message.contains("is not there")),
            "{:#?}",
            loaded.image_problems
        );
        assert!(loaded.warnings.is_empty(), "{:#?}", loaded.warnings);
        if code.starts_with("Deck(") {
            whole_decks.push(loaded.deck.summary());
        }
    }
    // The contract's example is in the guide, whole: three sections, ten slides, 65 minutes.
    assert!(
        whole_decks
            .iter()
            .any(|s| s.sections == 3 && s.slides == 10 && s.planned_minutes == 65),
        "{whole_decks:#?}"
    );
}

/// The errors and the warnings of `src`, loaded from a file in a temporary folder.
fn load_all(src: &str) -> (Vec<Diagnostic>, Vec<Diagnostic>) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("deck.ron");
    std::fs::write(&path, src).unwrap();
    match deck::load(&path, ImageCheck::Decode) {
        Ok(loaded) => (loaded.image_problems, loaded.warnings),
        Err(errors) => (errors.diagnostics, errors.warnings),
    }
}

/// The line and column of the `nth` (from 0) occurrence of `marker` in `src`.
fn line_col(src: &str, marker: &str, nth: usize) -> (usize, usize) {
    let at = src.match_indices(marker).nth(nth).unwrap().0;
    let before = &src[..at];
    let line = before.matches('\n').count() + 1;
    let column = before[before.rfind('\n').map_or(0, |i| i + 1)..]
        .chars()
        .count()
        + 1;
    (line, column)
}

fn find<'d>(diagnostics: &'d [Diagnostic], needle: &str) -> &'d Diagnostic {
    diagnostics
        .iter()
        .find(|d| d.message.contains(needle))
        .unwrap_or_else(|| panic!("no problem containing {needle:?} in {diagnostics:#?}"))
}

#[test]
fn none_in_a_required_field_is_an_error_at_that_field() {
    let cases = [
        (
            "Deck(title: None, sections: [Section(title: \"S\", minutes: 5, slides: [Title(title: \"x\")])])",
            "title",
        ),
        (
            "Deck(title: \"T\", sections: [Section(title: None, minutes: 5, slides: [Title(title: \"x\")])])",
            "title",
        ),
        (
            "Deck(title: \"T\", sections: [Section(title: \"S\", minutes: None, slides: [Title(title: \"x\")])])",
            "minutes",
        ),
        ("Deck(title: \"T\", sections: None)", "sections"),
        (
            &deck_with_slide("Points(title: None, points: [\"a\"])"),
            "title",
        ),
        (
            &deck_with_slide("Points(title: \"T\", points: None)"),
            "points",
        ),
        (&deck_with_slide("Quote(text: None)"), "text"),
        (
            &deck_with_slide("Picture(image: None, title: \"T\")"),
            "image",
        ),
        (
            &deck_with_slide("Poll(id: \"p\", question: None, options: [\"a\", \"b\"])"),
            "question",
        ),
        (&deck_with_slide("FreeText(id: None, prompt: \"P\")"), "id"),
        (
            &deck_with_slide(
                "Quiz(id: \"q\", question: \"Q\", options: [\"a\", \"b\"], answer: None)",
            ),
            "answer",
        ),
        (
            &deck_with_slide("Rating(id: \"r\", prompt: \"P\", min: 1, max: None)"),
            "max",
        ),
        (
            &deck_with_slide("Activity(title: \"A\", minutes: None)"),
            "minutes",
        ),
        (
            &deck_with_slide(
                "RolePlay(id: \"r\", title: \"T\", scenario: \"S\", roles: None, rubric: [Criterion(name: \"N\", describe: \"D\")], minutes_per_round: 5)",
            ),
            "roles",
        ),
        (
            &deck_with_slide(
                "RolePlay(id: \"r\", title: \"T\", scenario: \"S\", roles: [Role(name: None, brief: \"B\"), Role(name: \"C\", brief: \"D\")], rubric: [Criterion(name: \"N\", describe: \"D\")], minutes_per_round: 5)",
            ),
            "name",
        ),
    ];
    for (src, field) in cases {
        let (errors, _) = load_all(src);
        assert_eq!(errors.len(), 1, "{src}\n{errors:#?}");
        let error = &errors[0];
        assert_eq!(
            (error.line, error.column),
            line_col(src, "None", 0),
            "{error}"
        );
        assert!(
            error.message.contains(&format!("`{field}` is required"))
                && error.message.contains("cannot be `None`"),
            "{error}"
        );
        assert!(
            error
                .help
                .as_deref()
                .unwrap()
                .contains(&format!("write a value instead: `{field}:")),
            "{error}"
        );
        assert_eq!(error.caret_len, 4, "the caret underlines `None`");
    }
}

#[test]
fn some_around_a_required_value_is_an_error_and_around_an_optional_one_is_read() {
    let src = deck_with_slide("Title(title: Some(\"A\"), subtitle: Some(\"B\"))");
    let (errors, _) = load_all(&src);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(
        (errors[0].line, errors[0].column),
        line_col(&src, "Some", 0)
    );
    assert!(
        errors[0].message.contains("without `Some(...)`"),
        "{}",
        errors[0]
    );
    assert_eq!(
        errors[0].help.as_deref(),
        Some("write the value alone: `title: \"...\"`")
    );
}

#[test]
fn the_summary_counts_every_slide_the_file_holds() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("deck.ron");
    let slides: Vec<String> = (0..37)
        .map(|i| format!("Title(title: \"Slide {i}\")"))
        .collect();
    std::fs::write(
        &path,
        format!(
            "Deck(title: \"T\", sections: [Section(title: \"A\", minutes: 5, slides: [{}]), Section(title: \"B\", minutes: 5, slides: [{}])])",
            slides[..20].join(", "),
            slides[20..].join(", ")
        ),
    )
    .unwrap();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let outcome = podium::cli::check(std::slice::from_ref(&path), &mut out, &mut err).unwrap();
    assert_eq!(outcome, podium::cli::CheckOutcome::AllValid);
    let out = String::from_utf8(out).unwrap();
    assert!(
        out.contains(": ok: \"T\": 37 slides, 2 sections, 10 planned min"),
        "{out}"
    );
    assert!(err.is_empty());
}

#[test]
fn a_deck_with_a_byte_order_mark_loads_and_its_columns_stay_true() {
    let src = format!("\u{FEFF}{}", deck_with_slide("Title(title: \"A\")"));
    let (errors, _) = load_all(&src);
    assert!(errors.is_empty(), "{errors:#?}");
    // An error on the first line is at the column the author sees: the mark takes none.
    let (errors, _) = load_all("\u{FEFF}Deck(titel: \"T\", sections: [])");
    let error = find(&errors, "unknown field `titel`");
    assert_eq!((error.line, error.column), (1, 6), "{error}");
}

#[test]
fn invisible_characters_are_named_in_words() {
    let cases = [
        (
            "Title(\u{A0}title: \"A\")",
            "\u{A0}",
            "a non-breaking space (U+00A0)",
        ),
        (
            "Title(\u{200B}title: \"A\")",
            "\u{200B}",
            "a zero-width space (U+200B)",
        ),
        (
            "Title(title: \"A\",\u{FEFF})",
            "\u{FEFF}",
            "a byte-order mark (U+FEFF)",
        ),
    ];
    for (slide, marker, words) in cases {
        let src = deck_with_slide(slide);
        let (errors, _) = load_all(&src);
        let error = find(&errors, words);
        assert_eq!(
            (error.line, error.column),
            line_col(&src, marker, 0),
            "{error}"
        );
        assert!(error.help.is_some(), "{error}");
        assert!(
            !error.message.contains(marker),
            "the character itself is not quoted: {error}"
        );
    }
    let src = deck_with_slide(
        "FreeText(id: \"one\u{200B}habit\", prompt: \"P\"),\n            FreeText(id: \"two\thabits\", prompt: \"P\")",
    );
    let (errors, _) = load_all(&src);
    let error = find(&errors, "the id \"one[zero-width space]habit\"");
    assert_eq!((error.line, error.column), line_col(&src, "\"one", 0));
    assert_eq!(error.help.as_deref(), Some("write it as \"onehabit\""));
    let error = find(&errors, "the id \"two[tab]habits\"");
    assert_eq!((error.line, error.column), line_col(&src, "\"two", 0));
}

#[test]
fn an_unclosed_string_is_reported_where_it_opens() {
    let src = "Deck(\n    title: \"T\",\n    sections: [\n        Section(\n            title: \"The discovery funnel,\n            minutes: 10,\n            slides: [Title(title: \"Welcome\")],\n        ),\n    ],\n)\n";
    let (errors, _) = load_all(src);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    let error = &errors[0];
    assert_eq!((error.line, error.column), (5, 20), "{error}");
    assert_eq!(error.message, "this string is not closed");
    assert!(error.help.as_deref().unwrap().contains("line 5"), "{error}");
    let note = error.note.as_deref().unwrap();
    assert!(note.starts_with("line 7, column 36"), "{note}");
    // And at the end of the file, with no quote after it.
    let (errors, _) = load_all("Deck(title: \"T\", sections: [Section(title: \"S");
    assert_eq!((errors[0].line, errors[0].column), (1, 44));
    assert!(errors[0].message.contains("not closed"), "{}", errors[0]);
}

#[test]
fn a_rating_has_at_most_eleven_points() {
    let src = deck_with_slide("Rating(id: \"r\", prompt: \"P\", min: 1, max: 1000000)");
    let (errors, _) = load_all(&src);
    let error = find(&errors, "has 1000000 points");
    assert_eq!((error.line, error.column), line_col(&src, "1000000", 0));
    assert!(
        error.help.as_deref().unwrap().contains("max: 10"),
        "{error}"
    );
    let (errors, _) = load_all(&deck_with_slide(
        "Rating(id: \"r\", prompt: \"P\", min: 0, max: 10)",
    ));
    assert!(errors.is_empty(), "0 to 10 is fine: {errors:#?}");
    let (errors, _) = load_all(&deck_with_slide(
        "Rating(id: \"r\", prompt: \"P\", min: -9223372036854775808, max: 9223372036854775807)",
    ));
    assert!(errors[0].message.contains("points"), "{errors:#?}");
}

#[test]
fn counts_and_minutes_have_documented_limits() {
    let options = |n: usize| {
        (0..n)
            .map(|i| format!("\"o{i}\""))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let poll = format!(
        "Poll(id: \"p\", question: \"Q\", options: [{}])",
        options(11)
    );
    assert_slide_error(&poll, "[", "has 11 options; the most is 10");
    let quiz = format!(
        "Quiz(id: \"q\", question: \"Q\", options: [{}], answer: 0)",
        options(11)
    );
    assert_slide_error(&quiz, "[", "has 11 options; the most is 10");
    let points = format!("Points(title: \"T\", points: [{}])", options(13));
    assert_slide_error(&points, "[", "has 13 points; the most is 12");
    let (errors, _) = load_all(&deck_with_slide(&format!(
        "Poll(id: \"p\", question: \"Q\", options: [{}])",
        options(10)
    )));
    assert!(errors.is_empty(), "ten options are fine: {errors:#?}");
    let role = "Role(name: \"A\", brief: \"B\")";
    let roles = [role; 7].join(", ");
    let rp = format!(
        "RolePlay(id: \"r\", title: \"T\", scenario: \"S\", roles: [{roles}], rubric: [Criterion(name: \"N\", describe: \"D\")], minutes_per_round: 1)"
    );
    assert_slide_error(&rp, "[Role", "has 7 roles; the most is 6");
    let rp = format!(
        "RolePlay(id: \"r\", title: \"T\", scenario: \"S\", roles: [{role}, {role}], rubric: [Criterion(name: \"N\", describe: \"D\")], minutes_per_round: 1, rounds: 13)"
    );
    assert_slide_error(&rp, "13", "the number of rounds can be at most 12");
    assert_slide_error(
        "Activity(title: \"A\", minutes: 601)",
        "601",
        "the length of the countdown can be at most 600",
    );
}

#[test]
fn check_prints_the_first_hundred_problems_and_counts_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("deck.ron");
    let slides: Vec<String> = (0..150)
        .map(|i| format!("Title(titel{i}: \"x\")"))
        .collect();
    std::fs::write(
        &path,
        format!(
            "Deck(title: \"T\", sections: [Section(title: \"S\", minutes: 5, slides: [\n{}\n])])",
            slides.join(",\n")
        ),
    )
    .unwrap();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let outcome = podium::cli::check(std::slice::from_ref(&path), &mut out, &mut err).unwrap();
    assert_eq!(outcome, podium::cli::CheckOutcome::SomeInvalid);
    let err = String::from_utf8(err).unwrap();
    // Each slide has an unknown field and, so, a missing title: 300 errors.
    assert_eq!(err.matches("deck.ron:").count(), 100, "{err}");
    assert!(err.contains("... and 200 more problems"), "{err}");
    let out = String::from_utf8(out).unwrap();
    assert!(out.ends_with("deck.ron: 300 errors\n"), "{out}");
}

#[test]
fn a_truncated_jpeg_and_a_truncated_png_are_errors_for_check() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("assets")).unwrap();
    let photo = image::RgbImage::from_fn(640, 480, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, ((x * y) % 256) as u8])
    });
    photo.save(dir.path().join("assets/whole.jpg")).unwrap();
    photo.save(dir.path().join("assets/whole.png")).unwrap();
    for (whole, cut) in [("whole.jpg", "cut.jpg"), ("whole.png", "cut.png")] {
        let bytes = std::fs::read(dir.path().join("assets").join(whole)).unwrap();
        std::fs::write(
            dir.path().join("assets").join(cut),
            &bytes[..bytes.len() * 6 / 10],
        )
        .unwrap();
    }
    let src = deck_with_slide(
        "Picture(image: \"assets/whole.jpg\"),\n            Picture(image: \"assets/cut.jpg\"),\n            Picture(image: \"assets/whole.png\"),\n            Picture(image: \"assets/cut.png\")",
    );
    let path = dir.path().join("deck.ron");
    std::fs::write(&path, &src).unwrap();
    let loaded = deck::load(&path, ImageCheck::Decode).unwrap();
    let problems = &loaded.image_problems;
    assert_eq!(problems.len(), 2, "{problems:#?}");
    assert_eq!(
        (problems[0].line, problems[0].column),
        line_col(&src, "\"assets/cut.jpg", 0)
    );
    assert!(
        problems[0]
            .message
            .contains("\"assets/cut.jpg\" is damaged"),
        "{}",
        problems[0]
    );
    assert_eq!(
        (problems[1].line, problems[1].column),
        line_col(&src, "\"assets/cut.png", 0)
    );
    assert!(
        problems[1].message.contains("is damaged"),
        "{}",
        problems[1]
    );
}

#[cfg(unix)]
#[test]
fn a_picture_that_links_out_of_the_folder_is_refused_by_check_and_by_the_show() {
    let outside = tempfile::tempdir().unwrap();
    image::RgbImage::new(8, 8)
        .save(outside.path().join("secret.png"))
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("secret.png"),
        dir.path().join("link.png"),
    )
    .unwrap();
    image::RgbImage::new(8, 8)
        .save(dir.path().join("inside.png"))
        .unwrap();
    let src = deck_with_slide("Picture(image: \"link.png\")");
    let path = dir.path().join("deck.ron");
    std::fs::write(&path, &src).unwrap();
    let loaded = deck::load(&path, ImageCheck::Decode).unwrap();
    let problem = find(&loaded.image_problems, "leads outside the deck's folder");
    assert_eq!(
        (problem.line, problem.column),
        line_col(&src, "\"link.png", 0)
    );
    // The show reads pictures through the same rule, and shows the placeholder with why.
    let why = podium::app::images::decode_picture(dir.path(), Path::new("link.png"), [64, 64])
        .unwrap_err();
    assert!(why.contains("outside the deck's folder"), "{why}");
    assert!(
        podium::app::images::decode_picture(dir.path(), Path::new("inside.png"), [64, 64]).is_ok()
    );
}

#[test]
fn warnings_name_timed_slides_longer_than_their_section() {
    let src = "Deck(
    title: \"T\",
    sections: [
        Section(title: \"Warm-up\", minutes: 20, slides: [
            Activity(title: \"Long\", minutes: 45),
        ]),
        Section(title: \"Practice\", minutes: 35, slides: [
            RolePlay(id: \"r\", title: \"T\", scenario: \"S\", roles: [Role(name: \"A\", brief: \"B\"), Role(name: \"C\", brief: \"D\"), Role(name: \"E\", brief: \"F\")], rubric: [Criterion(name: \"N\", describe: \"D\")], minutes_per_round: 20),
        ]),
        Section(title: \"Together\", minutes: 30, slides: [
            Activity(title: \"One\", minutes: 20),
            Activity(title: \"Two\", minutes: 20),
        ]),
        Section(title: \"Fine\", minutes: 30, slides: [
            Activity(title: \"Three\", minutes: 10),
            Activity(title: \"Four\", minutes: 20),
        ]),
    ],
)
";
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("deck.ron");
    std::fs::write(&path, src).unwrap();
    let loaded = deck::load(&path, ImageCheck::Decode).unwrap();
    let warnings = &loaded.warnings;
    assert_eq!(warnings.len(), 3, "{warnings:#?}");
    assert!(
        warnings
            .iter()
            .all(|w| w.severity == Severity::Warning && w.help.is_some())
    );
    let activity = find(
        warnings,
        "this activity runs 45 minutes, longer than its whole section (20 minutes)",
    );
    assert_eq!((activity.line, activity.column), line_col(src, "45", 0));
    assert_eq!(
        activity.place.as_deref(),
        Some("section 1 \"Warm-up\", slide 1 (Activity \"Long\")")
    );
    let rounds = find(warnings, "3 rounds of 20 minutes take 60 minutes");
    let (line, column) = line_col(src, "minutes_per_round: 20", 0);
    assert_eq!(
        (rounds.line, rounds.column),
        (line, column + "minutes_per_round: ".len())
    );
    let together = find(
        warnings,
        "the section plans 30 minutes, but its timed slides alone take 40 (20 + 20)",
    );
    assert_eq!((together.line, together.column), line_col(src, "30", 0));
    assert!(
        together
            .to_string()
            .contains(": warning: the section plans"),
        "{together}"
    );

    // `podium check` prints them apart from errors, and a deck with only warnings is valid.
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let outcome = podium::cli::check(std::slice::from_ref(&path), &mut out, &mut err).unwrap();
    assert_eq!(outcome, podium::cli::CheckOutcome::AllValid);
    let err = String::from_utf8(err).unwrap();
    assert_eq!(err.matches(": warning: ").count(), 3, "{err}");
    let out = String::from_utf8(out).unwrap();
    assert!(
        out.contains(": ok: \"T\":") && out.ends_with("(3 warnings)\n"),
        "{out}"
    );
}

#[test]
fn follow_up_days_is_a_whole_number_of_days_from_one_to_ten_years() {
    let slide =
        |days: &str| format!("FreeText(id: \"plan\", prompt: \"P\", follow_up_days: {days})");
    let d = assert_slide_error(
        &slide("0"),
        "0)",
        "`follow_up_days` is 0, but the number of days until the follow-up must be at least 1",
    );
    assert_eq!(
        d.help.as_deref(),
        Some("write a whole number of 1 or more, for example `follow_up_days: 14`")
    );
    assert_slide_error(
        &slide("3651"),
        "3651",
        "the number of days until the follow-up can be at most 3650",
    );
    assert_slide_error(&slide("\"14\""), "\"14\"", "should be a whole number");
    assert_slide_error(&slide("2.5"), "2.5", "must be a whole number");
    let (errors, _) = load_all(&deck_with_slide(&slide("14")));
    assert!(errors.is_empty(), "{errors:#?}");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("d.ron");
    std::fs::write(&path, deck_with_slide(&slide("14"))).unwrap();
    let deck = deck::load(&path, ImageCheck::Decode).unwrap().deck;
    assert_eq!(
        deck.commitment_slides().collect::<Vec<_>>(),
        [("plan", "P", 14)]
    );
}

/// Two ratings, `first` and then `second`, in one section of a deck that starts its slides on
/// line 5.
fn two_ratings(first: &str, second: &str) -> String {
    deck_with_slide(&format!("{first},\n            {second}"))
}

#[test]
fn pairs_with_names_an_earlier_rating_on_the_same_scale() {
    let before = "Rating(id: \"before\", prompt: \"P\", min: 1, max: 5)";
    let after = "Rating(id: \"after\", prompt: \"P\", min: 1, max: 5, pairs_with: \"before\")";
    let src = two_ratings(before, after);
    let (errors, _) = load_all(&src);
    assert!(errors.is_empty(), "{errors:#?}");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("d.ron");
    std::fs::write(&path, &src).unwrap();
    let deck = deck::load(&path, ImageCheck::Decode).unwrap().deck;
    let pairs: Vec<(&str, &str)> = deck
        .rating_pairs()
        .map(|(b, a)| (b.id.as_str(), a.id.as_str()))
        .collect();
    assert_eq!(pairs, [("before", "after")]);

    // Another scale.
    let src = two_ratings(
        before,
        "Rating(id: \"after\", prompt: \"P\", min: 0, max: 10, pairs_with: \"before\")",
    );
    let (errors, _) = load_all(&src);
    let d = find(
        &errors,
        "`pairs_with` names \"before\" (line 5), a rating from 1 to 5, but this one runs from 0 to 10",
    );
    assert_eq!((d.line, d.column), line_col(&src, "\"before\")", 0));
    assert_eq!(
        d.help.as_deref(),
        Some("a pair compares the same question before and after: give both `min: 1, max: 5`")
    );
}

#[test]
fn pairs_with_a_later_rating_another_kind_itself_or_nothing_is_an_error_where_it_is_written() {
    // The later one named from the earlier one.
    let src = two_ratings(
        "Rating(id: \"before\", prompt: \"P\", min: 1, max: 5, pairs_with: \"after\")",
        "Rating(id: \"after\", prompt: \"P\", min: 1, max: 5)",
    );
    let (errors, _) = load_all(&src);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    let d = find(
        &errors,
        "`pairs_with` names \"after\", a Rating that comes later (line 6)",
    );
    assert_eq!((d.line, d.column), line_col(&src, "\"after\")", 0));
    assert_eq!(
        d.place.as_deref(),
        Some("section 1 \"Warm-up\", slide 1 (Rating \"before\")")
    );
    assert!(
        d.help
            .as_deref()
            .unwrap()
            .contains("put `pairs_with` on the later")
    );

    // A Quiz, before or after.
    let quiz = "Quiz(id: \"check\", question: \"Q\", options: [\"a\", \"b\"], answer: 0)";
    for src in [
        two_ratings(
            quiz,
            "Rating(id: \"after\", prompt: \"P\", min: 1, max: 5, pairs_with: \"check\")",
        ),
        two_ratings(
            "Rating(id: \"after\", prompt: \"P\", min: 1, max: 5, pairs_with: \"check\")",
            quiz,
        ),
    ] {
        let (errors, _) = load_all(&src);
        assert_eq!(errors.len(), 1, "{errors:#?}");
        let d = find(
            &errors,
            "`pairs_with` names \"check\", a Quiz slide on line",
        );
        assert_eq!((d.line, d.column), line_col(&src, "\"check\")", 0));
        assert!(
            d.message.ends_with("it must name a Rating"),
            "{}",
            d.message
        );
    }

    // Itself.
    let d = assert_slide_error(
        "Rating(id: \"r\", prompt: \"P\", min: 1, max: 5, pairs_with: \"r\")",
        "\"r\")",
        "this rating pairs with itself (\"r\")",
    );
    assert!(d.help.unwrap().contains("the earlier rating"));

    // An id no slide has, close to one that is there.
    let src = two_ratings(
        "Rating(id: \"confidence-before\", prompt: \"P\", min: 1, max: 5)",
        "Rating(id: \"after\", prompt: \"P\", min: 1, max: 5, pairs_with: \"confidence-befor\")",
    );
    let (errors, _) = load_all(&src);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    let d = find(
        &errors,
        "`pairs_with` names \"confidence-befor\", but no slide has that id",
    );
    assert_eq!(
        (d.line, d.column),
        line_col(&src, "\"confidence-befor\"", 0)
    );
    assert_eq!(
        d.help.as_deref(),
        Some("did you mean \"confidence-before\"?")
    );

    // Not text.
    assert_slide_error(
        "Rating(id: \"r\", prompt: \"P\", min: 1, max: 5, pairs_with: 3)",
        "3)",
        "`pairs_with` should be text in double quotes",
    );
}

#[test]
fn a_pairing_error_does_not_hide_the_other_errors_of_the_rating() {
    let src = two_ratings(
        "Rating(id: \"before\", prompt: \"P\", min: 1, max: 5)",
        "Rating(id: \"after\", prompt: \"P\", min: 5, max: 1, pairs_with: \"nowhere\", labels: 3)",
    );
    let (errors, _) = load_all(&src);
    find(&errors, "`pairs_with` names \"nowhere\"");
    find(&errors, "`max` (1) must be greater than `min` (5)");
    find(&errors, "`labels` should be two texts in parentheses");
}

#[test]
fn one_role_observes_and_it_is_not_the_first() {
    let role_play = |roles: &str| {
        format!(
            "RolePlay(id: \"call\", title: \"Call\", scenario: \"A call.\", roles: [{roles}], rubric: [Criterion(name: \"Q\", describe: \"Open\")], minutes_per_round: 5)"
        )
    };
    let first = role_play(
        "Role(name: \"Seller\", brief: \"Sell.\", observer: true), Role(name: \"Buyer\", brief: \"Buy.\")",
    );
    assert_slide_error(
        &first,
        "Role(name: \"Seller\"",
        "the first role is the one scored",
    );
    let twice = role_play(
        "Role(name: \"Seller\", brief: \"Sell.\"), Role(name: \"Coach\", brief: \"Watch.\", observer: true), Role(name: \"Buyer\", brief: \"Buy.\", observer: true)",
    );
    assert_slide_error(
        &twice,
        "Role(name: \"Buyer\"",
        "the second one marked `observer: true`",
    );
    let marked = role_play(
        "Role(name: \"Seller\", brief: \"Sell.\"), Role(name: \"Coach\", brief: \"Watch.\", observer: true), Role(name: \"Buyer\", brief: \"Buy.\")",
    );
    let loaded = deck::load_str(
        Path::new("deck.ron"),
        &deck_with_slide(&marked),
        ImageCheck::Header,
    );
    let deck = loaded
        .expect("one role marked, not the first: the deck loads")
        .deck;
    let Some((_, slide)) = deck.slides().next() else {
        panic!("the slide is there")
    };
    let SlideKind::RolePlay(rp) = &slide.kind else {
        panic!("a role-play")
    };
    assert_eq!(rp.observer_role(), Some(1), "the marked role observes");
}

#[test]
fn a_type_suffix_after_a_text_over_two_lines_is_named_as_the_suffix() {
    // The text is closed on the second line; what is wrong is the number's suffix, not a
    // missing quote.
    let src = "Deck(title: \"T\", sections: [Section(title: \"S\", minutes: 30, slides: [Activity(title: \"A\n\", minutes: 5u32)])])";
    let errors = load_errors(src);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0].message.contains("no type suffix such as `u32`"),
        "{}",
        errors[0]
    );
    assert_eq!((errors[0].line, errors[0].column), (2, 13));
}
