#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

//! `ron` is the referee of Podium's RON reader. Every deck the repository holds (the sample
//! decks, the examples of `docs/deck-format.md`, every deck written in a test) and 10,000
//! mutations of them are read twice: by Podium, and by the `ron` crate into a serde model of the
//! deck format (`DeckFile` below). What one accepts the other must accept, and they must read
//! the same deck; the differences that remain are deliberate, and each is listed with its
//! reason under "Podium and the `ron` crate" in `docs/deck-format.md`. A deck that `ron` writes
//! from the model must load in Podium as the same deck.

mod common;

use std::path::Path;

use podium::deck::{self, Deck, ImageCheck, SlideKind, Theme};
use ron::extensions::Extensions;
use ron::ser::PrettyConfig;
use serde::{Deserialize, Serialize};

// --- The deck format as a serde model: what a script that writes decks would use ---------------

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename = "Deck", deny_unknown_fields)]
struct DeckFile {
    title: String,
    subtitle: Option<String>,
    audience: Option<String>,
    theme: Option<ThemeFile>,
    sections: Vec<SectionFile>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
enum ThemeFile {
    Light,
    Dark,
    HighContrast,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename = "Section", deny_unknown_fields)]
struct SectionFile {
    title: String,
    minutes: u32,
    slides: Vec<SlideFile>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
enum SlideFile {
    Title {
        title: String,
        subtitle: Option<String>,
        notes: Option<String>,
    },
    Points {
        title: String,
        points: Vec<String>,
        reveal: Option<bool>,
        notes: Option<String>,
    },
    Picture {
        image: String,
        title: Option<String>,
        caption: Option<String>,
        notes: Option<String>,
    },
    Quote {
        text: String,
        by: Option<String>,
        notes: Option<String>,
    },
    Poll {
        id: String,
        question: String,
        options: Vec<String>,
        multiple: Option<bool>,
        anonymous: Option<bool>,
        notes: Option<String>,
    },
    Quiz {
        id: String,
        question: String,
        options: Vec<String>,
        answer: u64,
        explain: Option<String>,
        notes: Option<String>,
    },
    Rating {
        id: String,
        prompt: String,
        min: i64,
        max: i64,
        labels: Option<(String, String)>,
        pairs_with: Option<String>,
        notes: Option<String>,
    },
    FreeText {
        id: String,
        prompt: String,
        follow_up_days: Option<u32>,
        notes: Option<String>,
    },
    Activity {
        title: String,
        minutes: u32,
        instructions: Option<Vec<String>>,
        notes: Option<String>,
    },
    RolePlay {
        id: String,
        title: String,
        scenario: String,
        roles: Vec<RoleFile>,
        rubric: Vec<CriterionFile>,
        minutes_per_round: u32,
        rounds: Option<u32>,
        scale: Option<u32>,
        debrief: Option<Vec<String>>,
        notes: Option<String>,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename = "Role", deny_unknown_fields)]
struct RoleFile {
    name: String,
    brief: String,
    private: Option<bool>,
    observer: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename = "Criterion", deny_unknown_fields)]
struct CriterionFile {
    name: String,
    describe: String,
}

/// How `ron` reads a deck: as the contract says, `implicit_some` is always on.
fn ron_options() -> ron::Options {
    ron::Options::default().with_default_extension(Extensions::IMPLICIT_SOME)
}

// --- Both readings, made comparable ------------------------------------------------------------

/// The model with every default the format documents filled in, so "left out" and "written as
/// the default" compare equal, as they mean the same deck.
fn with_defaults(mut file: DeckFile) -> DeckFile {
    file.theme = Some(file.theme.unwrap_or(ThemeFile::Light));
    for section in &mut file.sections {
        for slide in &mut section.slides {
            match slide {
                SlideFile::Title { notes, .. }
                | SlideFile::Quote { notes, .. }
                | SlideFile::FreeText { notes, .. }
                | SlideFile::Quiz { notes, .. }
                | SlideFile::Rating { notes, .. } => fill(notes, String::new()),
                SlideFile::Points { reveal, notes, .. } => {
                    fill(reveal, false);
                    fill(notes, String::new());
                }
                SlideFile::Picture { image, notes, .. } => {
                    // Podium reads a Windows path's backslashes as `/`, so the deck opens
                    // anywhere: the same picture.
                    *image = image.replace('\\', "/");
                    fill(notes, String::new());
                }
                SlideFile::Poll {
                    multiple,
                    anonymous,
                    notes,
                    ..
                } => {
                    fill(multiple, false);
                    fill(anonymous, false);
                    fill(notes, String::new());
                }
                SlideFile::Activity {
                    instructions,
                    notes,
                    ..
                } => {
                    fill(instructions, Vec::new());
                    fill(notes, String::new());
                }
                SlideFile::RolePlay {
                    roles,
                    rounds,
                    scale,
                    debrief,
                    notes,
                    ..
                } => {
                    fill(rounds, u32::try_from(roles.len()).unwrap());
                    fill(scale, 5);
                    fill(debrief, Vec::new());
                    fill(notes, String::new());
                    for role in roles {
                        fill(&mut role.private, false);
                        fill(&mut role.observer, false);
                    }
                }
            }
        }
    }
    file
}

fn fill<T>(field: &mut Option<T>, default: T) {
    if field.is_none() {
        *field = Some(default);
    }
}

/// Podium's deck in the model's terms, every default explicit.
fn as_file(deck: &Deck) -> DeckFile {
    let theme = match deck.theme {
        Theme::Light => ThemeFile::Light,
        Theme::Dark => ThemeFile::Dark,
        Theme::HighContrast => ThemeFile::HighContrast,
    };
    DeckFile {
        title: deck.title.clone(),
        subtitle: deck.subtitle.clone(),
        audience: deck.audience.clone(),
        theme: Some(theme),
        sections: deck
            .sections
            .iter()
            .map(|section| SectionFile {
                title: section.title.clone(),
                minutes: section.minutes,
                slides: section
                    .slides
                    .iter()
                    .map(|slide| slide_file(&slide.kind, &slide.notes))
                    .collect(),
            })
            .collect(),
    }
}

fn slide_file(kind: &SlideKind, notes: &str) -> SlideFile {
    let notes = Some(notes.to_owned());
    match kind.clone() {
        SlideKind::Title { title, subtitle } => SlideFile::Title {
            title,
            subtitle,
            notes,
        },
        SlideKind::Points {
            title,
            points,
            reveal,
        } => SlideFile::Points {
            title,
            points,
            reveal: Some(reveal),
            notes,
        },
        SlideKind::Picture {
            title,
            image,
            caption,
        } => SlideFile::Picture {
            image: image.to_str().unwrap().to_owned(),
            title,
            caption,
            notes,
        },
        SlideKind::Quote { text, by } => SlideFile::Quote { text, by, notes },
        SlideKind::Poll(p) => SlideFile::Poll {
            id: p.id,
            question: p.question,
            options: p.options,
            multiple: Some(p.multiple),
            anonymous: Some(p.anonymous),
            notes,
        },
        SlideKind::Quiz(q) => SlideFile::Quiz {
            id: q.id,
            question: q.question,
            options: q.options,
            answer: q.answer as u64,
            explain: q.explain,
            notes,
        },
        SlideKind::Rating(r) => SlideFile::Rating {
            id: r.id,
            prompt: r.prompt,
            min: r.min,
            max: r.max,
            labels: r.labels,
            pairs_with: r.pairs_with,
            notes,
        },
        SlideKind::FreeText {
            id,
            prompt,
            follow_up_days,
        } => SlideFile::FreeText {
            id,
            prompt,
            follow_up_days,
            notes,
        },
        SlideKind::Activity {
            title,
            instructions,
            minutes,
        } => SlideFile::Activity {
            title,
            minutes,
            instructions: Some(instructions),
            notes,
        },
        SlideKind::RolePlay(rp) => SlideFile::RolePlay {
            id: rp.id,
            title: rp.title,
            scenario: rp.scenario,
            roles: rp
                .roles
                .into_iter()
                .map(|r| RoleFile {
                    name: r.name,
                    brief: r.brief,
                    private: Some(r.private),
                    observer: Some(r.observer),
                })
                .collect(),
            rubric: rp
                .rubric
                .into_iter()
                .map(|c| CriterionFile {
                    name: c.name,
                    describe: c.describe,
                })
                .collect(),
            minutes_per_round: rp.minutes_per_round,
            rounds: Some(rp.rounds),
            scale: Some(rp.scale),
            debrief: Some(rp.debrief),
            notes,
        },
    }
}

// --- The referee -------------------------------------------------------------------------------

/// What Podium made of a text: the deck, or its error messages without their places.
fn podium(path: &Path, text: &str) -> Result<DeckFile, Vec<String>> {
    deck::load_str(path, text, ImageCheck::Header)
        .map(|loaded| as_file(&loaded.deck))
        .map_err(|errors| {
            errors
                .diagnostics
                .iter()
                .map(|d| without_numbers(&d.message))
                .collect()
        })
}

/// A message with each number as `#`: the same deck written another way has its lines elsewhere.
fn without_numbers(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    for c in message.chars() {
        if !c.is_ascii_digit() {
            out.push(c);
        } else if !out.ends_with('#') {
            out.push('#');
        }
    }
    out
}

/// The ways `ron` writes a deck from the model: compact and pretty, with and without struct
/// names, `Some(..)` or implicit, escaped strings or raw ones.
fn ron_writings(file: &DeckFile) -> Vec<String> {
    let pretty = PrettyConfig::default();
    vec![
        ron::to_string(file).unwrap(),
        ron::ser::to_string_pretty(file, pretty.clone()).unwrap(),
        ron::ser::to_string_pretty(
            file,
            pretty
                .clone()
                .struct_names(true)
                .escape_strings(false)
                .extensions(Extensions::IMPLICIT_SOME),
        )
        .unwrap(),
        ron_options()
            .to_string_pretty(file, pretty.struct_names(true))
            .unwrap(),
    ]
}

/// Which of the ways `ron` writes a deck to load back.
#[derive(Clone, Copy)]
enum Writings {
    All,
    One(usize),
}

/// Podium's deliberate refusals of RON that `ron` reads: each is in the list of differences in
/// `docs/deck-format.md`, with its reason.
const DELIBERATE_REFUSALS: &[&str] = &[
    "numbers in a deck have no type suffix",
    "decks are read with `implicit_some` only",
];

/// Reads `text` both ways and says how they differ, if they do in a way that is not deliberate.
/// `writings` picks which of `ron_writings` are loaded back (all of them, or one in turn).
fn referee(path: &Path, text: &str, writings: Writings) -> Result<Agreement, String> {
    let ours = podium(path, text);
    // Deliberate: a byte-order mark at the start is skipped (Windows editors write one).
    let for_ron = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let theirs = ron_options().from_str::<DeckFile>(for_ron);
    match (ours, theirs) {
        (Ok(ours), Ok(theirs)) => {
            let theirs = with_defaults(theirs);
            if ours != theirs {
                return Err(format!(
                    "both read the deck, differently:\npodium: {ours:#?}\nron:    {theirs:#?}"
                ));
            }
            let all = ron_writings(&theirs);
            let chosen: Vec<&String> = match writings {
                Writings::All => all.iter().collect(),
                Writings::One(n) => all.get(n % all.len()).into_iter().collect(),
            };
            for written in chosen {
                match podium(path, written) {
                    Ok(again) if again == ours => {}
                    Ok(again) => {
                        return Err(format!(
                            "a deck ron wrote reads differently:\n{written}\n{again:#?}"
                        ));
                    }
                    Err(errors) => {
                        return Err(format!(
                            "a deck ron wrote does not load: {errors:?}\n{written}"
                        ));
                    }
                }
            }
            Ok(Agreement::BothRead)
        }
        (Ok(ours), Err(e)) => Err(format!(
            "podium reads a deck that ron refuses ({e}):\n{ours:#?}"
        )),
        (Err(ours), Ok(theirs)) => {
            if ours
                .iter()
                .any(|m| DELIBERATE_REFUSALS.iter().any(|d| m.contains(d)))
            {
                return Ok(Agreement::Deliberate);
            }
            // Otherwise Podium must refuse the deck for what it says, not how it is written: it
            // refuses the same deck written by ron, with the same messages.
            let canonical = ron::ser::to_string_pretty(&theirs, PrettyConfig::default()).unwrap();
            match podium(path, &canonical) {
                Err(again) if again == ours => Ok(Agreement::PodiumFindsAMistake),
                other => Err(format!(
                    "ron reads a deck that podium refuses with {ours:?}; written by ron it gives {other:?}"
                )),
            }
        }
        (Err(_), Err(_)) => Ok(Agreement::BothRefuse),
    }
}

/// How the two readings agreed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Agreement {
    /// Both read the same deck.
    BothRead,
    /// Neither reads it as a deck.
    BothRefuse,
    /// `ron` reads it, and Podium refuses it for a rule of the format (a duplicate id, an
    /// answer out of range), the same for any way the deck is written.
    PodiumFindsAMistake,
    /// One of the listed deliberate differences.
    Deliberate,
}

/// Inputs on which RON readers are known to be tempted to differ, each in a small deck.
fn tricky() -> Vec<String> {
    let deck = |slide: &str| {
        format!(
            "Deck(title: \"T\", sections: [Section(title: \"S\", minutes: 30, slides: [{slide}])])"
        )
    };
    let mut decks: Vec<String> = [
        "Title(title /* the heading */ : \"A\")",
        "Title(title // the heading\n : \"A\")",
        "r#Title(r#title: \"A\", r#subtitle: r#None)",
        "Title(title: \"A\", subtitle: r#None)",
        "Points(title: \"A\", points: [\"a\"], reveal: r#true)",
        "Title(title: \"\\u{41}\\u{1F600}\\u{0000041}\")",
        "Title(title: \"\\u{}\")",
        "Title(title: \"\\xC3\\xA9\\x41\\x80\")",
        "Title(title: \"\\xC3\\xA9\")",
        "Title(title: \"one \\\n     line\")",
        "Title(title: \"tab\\tquote\\'\")",
        "Title(title: r#\"raw \"quoted\"\"#)",
        "Title(\u{A0}title: \"A\")",
        "Title(\u{200E}title: \"A\")",
        "Title(\u{200B}title: \"A\")",
        "Title(\u{2028}title: \"A\")",
        "Title(title: \"A\"\u{FEFF})",
        "Title(title: Some(\"A\"))",
        "Title(title: None)",
        "Title(title: \"A\", subtitle: Some(\"B\"))",
        "Title(title: \"A\", subtitle: Some(Some(\"B\")))",
        "Title(title: \"A\", subtitle: Some (\"B\",))",
        "Title(title: 'A')",
        "Activity(title: \"A\", minutes: 0x0A)",
        "Activity(title: \"A\", minutes: +5)",
        "Activity(title: \"A\", minutes: 1_0_)",
        "Activity(title: \"A\", minutes: -_5)",
        "Activity(title: \"A\", minutes: 0b_1)",
        "Activity(title: \"A\", minutes: 5u32)",
        "Activity(title: \"A\", minutes: b'a')",
        "Activity(title: \"A\", minutes: 5.0)",
        "Activity(title: \"A\", minutes: 1e1)",
        "Activity(title: \"A\", minutes: 10min)",
        "Quiz(id: \"q\", question: \"Q\", options: [\"a\", \"b\"], answer: -0)",
        "Rating(id: \"r\", prompt: \"P\", min: -9223372036854775808, max: -9223372036854775800)",
        "Rating(id: \"r\", prompt: \"P\", min: 1, max: 5, labels: [\"a\", \"b\"])",
        "Rating(id: \"r\", prompt: \"P\", min: 1, max: 5, labels: (\"a\", \"b\",))",
        "Rating(id: \"r\", prompt: \"P\", min: 1, max: 5, labels: Some((\"a\", \"b\")))",
        "Picture(image: \"assets\\\\x.png\")",
        "FreeText(id: \"f\", prompt: \"P\", follow_up_days: 14)",
        "FreeText(id: \"f\", prompt: \"P\", follow_up_days: 0)",
        "FreeText(id: \"f\", prompt: \"P\", follow_up_days: -1)",
        "FreeText(id: \"f\", prompt: \"P\", follow_up_days: 4294967296)",
        "FreeText(id: \"f\", prompt: \"P\", follow_up_days: Some(7))",
        "Rating(id: \"a\", prompt: \"P\", min: 1, max: 5), Rating(id: \"b\", prompt: \"P\", min: 1, max: 5, pairs_with: \"a\")",
        "Rating(id: \"a\", prompt: \"P\", min: 1, max: 5, pairs_with: \"b\"), Rating(id: \"b\", prompt: \"P\", min: 1, max: 5)",
        "Rating(id: \"a\", prompt: \"P\", min: 1, max: 5), Rating(id: \"b\", prompt: \"P\", min: 0, max: 5, pairs_with: \"a\")",
        "Rating(id: \"a\", prompt: \"P\", min: 1, max: 5, pairs_with: None)",
        "RolePlay(id: \"r\", title: \"T\", scenario: \"S\", roles: [(name: \"A\", brief: \"B\"), Role(name: \"C\", brief: \"D\")], rubric: [(name: \"N\", describe: \"D\")], minutes_per_round: 5)",
    ]
    .iter()
    .map(|slide| deck(slide))
    .collect();
    for whole in [
        "\u{FEFF}Deck(title: \"T\", sections: [Section(title: \"S\", minutes: 5, slides: [Title(title: \"x\")])])",
        "#![enable(implicit_some)] Deck(title: \"T\", sections: [Section(title: \"S\", minutes: 5, slides: [Title(title: \"x\")])])",
        "# ! [ enable ( implicit_some , ) ] Deck(title: \"T\", sections: [(title: \"S\", minutes: 5, slides: [Title(title: \"x\")])])",
        "#![type = \"podium deck\"] Deck(title: \"T\", sections: [(title: \"S\", minutes: 5, slides: [Title(title: \"x\")])])",
        "#![enable(unwrap_newtypes)] Deck(title: \"T\", sections: [(title: \"S\", minutes: 5, slides: [Title(title: \"x\")])])",
        "#![enable(explicit_struct_names)] (title: \"T\", sections: [(title: \"S\", minutes: 5, slides: [Title(title: \"x\")])])",
        "(title: \"T\", theme: r#Dark, sections: [(title: \"S\", minutes: 5, slides: [Title(title: \"x\")])])",
        "(title: \"T\", theme: \"Dark\", sections: [(title: \"S\", minutes: 5, slides: [Title(title: \"x\")])])",
        "(title: \"T\", theme: Dark(), sections: [(title: \"S\", minutes: 5, slides: [Title(title: \"x\")])])",
        "Deck(title: \"T\", sections: [Section(title: \"S\", minutes: 5, slides: [Title(title: \"x\")])]) // end",
    ] {
        decks.push(whole.to_owned());
    }
    decks
}

fn corpus() -> Vec<String> {
    let mut corpus: Vec<String> = common::sample_decks()
        .into_iter()
        .map(|(_, text)| text)
        .collect();
    corpus.extend(tricky());
    corpus.extend(common::doc_blocks());
    corpus.extend(common::decks_in_tests());
    corpus
}

#[test]
fn every_deck_in_the_repository_reads_the_same_with_ron() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("deck.ron");
    let corpus = corpus();
    assert!(corpus.len() > 50, "the corpus holds the repository's decks");
    let mut read = 0;
    for text in &corpus {
        match referee(&path, text, Writings::All) {
            Ok(agreement) => read += usize::from(agreement == Agreement::BothRead),
            Err(why) => panic!("{why}\n--- input ---\n{text}"),
        }
    }
    assert!(read >= 20, "the corpus holds many valid decks: {read}");
}

#[test]
fn ten_thousand_mutated_decks_read_the_same_with_ron() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("deck.ron");
    let corpus = corpus();
    let (large, small): (Vec<&String>, Vec<&String>) =
        corpus.iter().partition(|text| text.len() > 5_000);
    let valid: Vec<&String> = small
        .iter()
        .copied()
        .filter(|text| deck::load_str(&path, text, ImageCheck::Header).is_ok())
        .collect();
    let mut rng = common::Rng(0x00C0_FFEE_D0C5);
    let mut inputs = Vec::with_capacity(10_000);
    while inputs.len() < 10_000 {
        // Mostly small valid decks, where one or two edits can keep them valid; the large
        // sample decks now and then (an edit anywhere in them costs as much to check as a
        // small deck whole), and the rest of the corpus.
        let seed = match rng.below(40) {
            0 => large[rng.below(large.len())],
            1..=9 => &corpus[rng.below(corpus.len())],
            _ => valid[rng.below(valid.len())],
        };
        // One or two edits: a deck still valid after them is as telling as one that breaks.
        // Bytes that are not UTF-8 are refused before either reader runs: not compared.
        if let Ok(text) = String::from_utf8(common::mutate_up_to(&mut rng, seed.as_bytes(), 2)) {
            inputs.push(text);
        }
    }
    // Two threads, one per core of the machines the tests run on.
    let (first, second) = inputs.split_at(inputs.len() / 2);
    let referee_all = |inputs: &[String], offset: usize| {
        let mut counts = std::collections::HashMap::new();
        for (i, text) in inputs.iter().enumerate() {
            let round = offset + i;
            match referee(&path, text, Writings::One(round)) {
                Ok(agreement) => *counts.entry(agreement).or_insert(0) += 1,
                Err(why) => panic!("mutation {round} differs: {why}\n--- input ---\n{text}"),
            }
        }
        counts
    };
    let mut counts = std::thread::scope(|scope| {
        let other = scope.spawn(|| referee_all(second, first.len()));
        let mut counts = referee_all(first, 0);
        for (agreement, n) in other.join().unwrap() {
            *counts.entry(agreement).or_insert(0) += n;
        }
        counts
    });
    counts.retain(|_, n| *n > 0);
    // The mutations reach both sides of the line, not only garbage.
    println!("{counts:?}");
    let count = |a: Agreement| counts.get(&a).copied().unwrap_or(0);
    assert_eq!(counts.values().sum::<usize>(), 10_000);
    assert!(count(Agreement::BothRead) > 500, "{counts:?}");
    assert!(count(Agreement::BothRefuse) > 2000, "{counts:?}");
    assert!(count(Agreement::PodiumFindsAMistake) > 5, "{counts:?}");
}

#[test]
fn every_field_of_the_model_is_a_field_podium_reads() {
    // A deck with every optional field set: ron writes it, Podium must read all of it.
    let full = DeckFile {
        title: "T".into(),
        subtitle: Some("S".into()),
        audience: Some("A".into()),
        theme: Some(ThemeFile::HighContrast),
        sections: vec![SectionFile {
            title: "S".into(),
            minutes: 100,
            slides: vec![
                SlideFile::Title {
                    title: "t".into(),
                    subtitle: Some("s".into()),
                    notes: Some("n".into()),
                },
                SlideFile::Points {
                    title: "t".into(),
                    points: vec!["a \"quoted\" \\ point".into()],
                    reveal: Some(true),
                    notes: Some("n".into()),
                },
                SlideFile::Picture {
                    image: "assets/x.png".into(),
                    title: Some("t".into()),
                    caption: Some("c".into()),
                    notes: Some("n".into()),
                },
                SlideFile::Quote {
                    text: "q\u{200B}\u{A0}é\u{1F600}\n".into(),
                    by: Some("b".into()),
                    notes: Some("n".into()),
                },
                SlideFile::Poll {
                    id: "p".into(),
                    question: "q".into(),
                    options: vec!["a".into(), "b".into()],
                    multiple: Some(true),
                    anonymous: Some(true),
                    notes: Some("n".into()),
                },
                SlideFile::Quiz {
                    id: "q".into(),
                    question: "q".into(),
                    options: vec!["a".into(), "b".into()],
                    answer: 1,
                    explain: Some("e".into()),
                    notes: Some("n".into()),
                },
                SlideFile::Rating {
                    id: "r".into(),
                    prompt: "p".into(),
                    min: -5,
                    max: 5,
                    labels: Some(("lo".into(), "hi".into())),
                    pairs_with: None,
                    notes: Some("n".into()),
                },
                SlideFile::Rating {
                    id: "r2".into(),
                    prompt: "p".into(),
                    min: -5,
                    max: 5,
                    labels: None,
                    pairs_with: Some("r".into()),
                    notes: Some("n".into()),
                },
                SlideFile::FreeText {
                    id: "f".into(),
                    prompt: "p".into(),
                    follow_up_days: Some(14),
                    notes: Some("n".into()),
                },
                SlideFile::Activity {
                    title: "a".into(),
                    minutes: 5,
                    instructions: Some(vec!["i".into()]),
                    notes: Some("n".into()),
                },
                SlideFile::RolePlay {
                    id: "rp".into(),
                    title: "t".into(),
                    scenario: "s".into(),
                    roles: vec![
                        RoleFile {
                            name: "a".into(),
                            brief: "b".into(),
                            private: Some(false),
                            observer: Some(false),
                        },
                        RoleFile {
                            name: "c".into(),
                            brief: "d".into(),
                            private: Some(true),
                            observer: Some(true),
                        },
                    ],
                    rubric: vec![CriterionFile {
                        name: "n".into(),
                        describe: "d".into(),
                    }],
                    minutes_per_round: 5,
                    rounds: Some(4),
                    scale: Some(7),
                    debrief: Some(vec!["d".into()]),
                    notes: Some("n".into()),
                },
            ],
        }],
    };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("deck.ron");
    for written in ron_writings(&full) {
        let read = podium(&path, &written)
            .unwrap_or_else(|e| panic!("ron's deck must load: {e:?}\n{written}"));
        assert_eq!(read, full, "{written}");
    }
    // And the other way: every field Podium knows is in the model.
    let written = ron::ser::to_string_pretty(&full, PrettyConfig::default()).unwrap();
    for (kind, required, optional) in deck::SLIDE_KINDS {
        assert!(written.contains(&format!("{kind}(")), "{kind}");
        for field in required.iter().chain(optional.iter()) {
            assert!(
                written.contains(&format!("{field}:")),
                "{kind}.{field} is missing from the model"
            );
        }
    }
}
