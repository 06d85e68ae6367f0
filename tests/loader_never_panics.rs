#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

//! Property test: the loader returns (a deck or errors) on any input, and never panics.
//!
//! Mutates real decks byte by byte (flips, inserts, deletes, truncations, spliced chunks) and
//! feeds random bytes, through the same path `podium check` takes: a file on disk.

mod common;

use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

use common::{INTERESTING, Rng, mutate};
use podium::deck::{self, ImageCheck};

fn load_bytes(dir: &Path, bytes: &[u8]) {
    let path = dir.join("fuzz.ron");
    std::fs::write(&path, bytes).unwrap();
    // Either outcome is fine; a panic fails the test. Errors must still render.
    match deck::load(&path, ImageCheck::Header) {
        Ok(loaded) => {
            let _ = loaded.deck.summary().to_string();
        }
        Err(errors) => {
            assert!(
                !errors.diagnostics.is_empty(),
                "an error result names at least one problem"
            );
            // A file that was read has every problem at a line and column.
            for d in &errors.diagnostics {
                assert!(d.line > 0 && d.column > 0, "{d}");
                assert!(d.help.is_some(), "every error says what would fix it: {d}");
            }
            let _ = errors.to_string();
        }
    }
}

fn seeds() -> Vec<Vec<u8>> {
    let mut seeds: Vec<Vec<u8>> = common::sample_decks()
        .into_iter()
        .map(|(_, text)| text.into_bytes())
        .collect();
    seeds.push(
        b"Deck(title: \"T\", sections: [Section(title: \"S\", minutes: 5, slides: [Quiz(id: \"q\", question: \"Q\", options: [\"a\", \"b\"], answer: 1)])])".to_vec(),
    );
    seeds
}

#[test]
fn mutated_decks_never_panic() {
    let dir = tempfile::tempdir().unwrap();
    let seeds = seeds();
    let mut rng = Rng(0x5EED_D0C5);
    for round in 0..1500 {
        let seed = &seeds[round % seeds.len()];
        let input = mutate(&mut rng, seed);
        load_bytes(dir.path(), &input);
    }
}

#[test]
fn random_bytes_and_odd_shapes_never_panic() {
    let dir = tempfile::tempdir().unwrap();
    let mut rng = Rng(0x0BAD_B17E);
    for _ in 0..300 {
        let len = rng.below(2000);
        let bytes: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        load_bytes(dir.path(), &bytes);
        let ron_ish: Vec<u8> = (0..len)
            .map(|_| INTERESTING[rng.below(INTERESTING.len())])
            .collect();
        load_bytes(dir.path(), &ron_ish);
    }
    for odd in [
        &b""[..],
        b"\xef\xbb\xbf",
        b"\xef\xbb\xbf\xef\xbb\xbfDeck(title: \"T\")",
        b"\xef\xbb\xbfDeck(title: \"T\", sections: [Section(title: \"S\", minutes: 5, slides: [Title(title: \"x\")])])",
        b"\xef\xbb",
        b"\xc2\xa0",
        b"Deck(\xe2\x80\x8b)",
        b"Deck(",
        b"Deck(title: \"unterminated",
        b"/* never closed",
        b"r##\"raw",
        b"'",
        b"\"\\u{110000}\"",
        b"99999999999999999999999",
        b"-",
        b"Deck(title: \"T\", sections: [Section(title: \"S\", minutes: 99999999999, slides: [])])",
    ] {
        load_bytes(dir.path(), odd);
    }
    load_bytes(dir.path(), &b"[".repeat(1_000_000));
    load_bytes(dir.path(), &b"(a:".repeat(100_000));
}

#[test]
fn a_huge_file_is_refused_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.ron");
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(deck::MAX_DECK_BYTES + 1).unwrap();
    let errors = deck::load(&path, ImageCheck::Header).unwrap_err();
    assert!(errors.diagnostics[0].message.contains("MB"), "{errors}");
}

#[test]
fn mutated_decks_with_a_byte_order_mark_never_panic() {
    let dir = tempfile::tempdir().unwrap();
    let seeds = seeds();
    let mut rng = Rng(0x0B0F_FEFF);
    for round in 0..300 {
        let mut input = b"\xef\xbb\xbf".to_vec();
        input.extend(mutate(&mut rng, &seeds[round % seeds.len()]));
        load_bytes(dir.path(), &input);
    }
}

/// Loads `path` on another thread and waits at most a minute: the loader must answer, not hang.
fn load_soon(path: &Path) -> Result<deck::LoadedDeck, deck::DeckErrors> {
    let (tx, rx) = mpsc::channel();
    let owned = path.to_path_buf();
    std::thread::spawn(move || {
        let _ = tx.send(deck::load(&owned, ImageCheck::Decode));
    });
    rx.recv_timeout(Duration::from_secs(60))
        .unwrap_or_else(|_| panic!("loading {} did not return: it blocks", path.display()))
}

#[cfg(unix)]
#[test]
fn pipes_devices_and_folders_are_refused_at_once_with_a_plain_message() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.ron");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success(), "mkfifo");
    let link = dir.path().join("zero.ron");
    std::os::unix::fs::symlink("/dev/zero", &link).unwrap();
    for (path, words) in [
        (fifo.as_path(), "this is a pipe (FIFO), not a deck file"),
        (Path::new("/dev/zero"), "this is a device, not a deck file"),
        (Path::new("/dev/null"), "this is a device, not a deck file"),
        (
            Path::new("/dev/urandom"),
            "this is a device, not a deck file",
        ),
        (link.as_path(), "this is a device, not a deck file"),
        (dir.path(), "this is a folder, not a deck file"),
    ] {
        let errors = load_soon(path).unwrap_err();
        assert_eq!(errors.diagnostics.len(), 1, "{errors}");
        let d = &errors.diagnostics[0];
        assert_eq!(d.message, words);
        assert!(d.help.as_deref().unwrap().contains(".ron file"), "{d}");
    }
    // `podium check` says the same, and moves on to the next deck.
    let good = dir.path().join("good.ron");
    std::fs::write(
        &good,
        "Deck(title: \"T\", sections: [Section(title: \"S\", minutes: 5, slides: [Title(title: \"x\")])])",
    )
    .unwrap();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let outcome = podium::cli::check(&[fifo.clone(), good], &mut out, &mut err).unwrap();
    assert_eq!(outcome, podium::cli::CheckOutcome::SomeInvalid);
    let err = String::from_utf8(err).unwrap();
    assert!(
        err.contains("pipe.ron: this is a pipe (FIFO), not a deck file"),
        "{err}"
    );
    let out = String::from_utf8(out).unwrap();
    assert!(
        out.contains("pipe.ron: 1 error") && out.contains("good.ron: ok"),
        "{out}"
    );
}
