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

use std::path::Path;

use podium::deck::{self, ImageCheck};

/// A small deterministic generator (xorshift64*), so a failure can be replayed from its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Bytes that matter to the RON reader, so mutations hit its edge cases often.
const INTERESTING: &[u8] = b"()[]{},:\"'\\#!/*rbx0-+.eE_ \n\t\xc3\xa9\xff";

fn mutate(rng: &mut Rng, input: &[u8]) -> Vec<u8> {
    let mut bytes = input.to_vec();
    for _ in 0..=rng.below(8) {
        let at = rng.below(bytes.len() + 1);
        match rng.below(6) {
            0 if at < bytes.len() => bytes[at] = INTERESTING[rng.below(INTERESTING.len())],
            1 => bytes.insert(at, INTERESTING[rng.below(INTERESTING.len())]),
            2 if at < bytes.len() => {
                bytes.remove(at);
            }
            3 => bytes.truncate(at),
            4 => {
                let from = rng.below(bytes.len() + 1);
                let len = rng.below(64).min(bytes.len() - from);
                let chunk = bytes[from..from + len].to_vec();
                bytes.splice(at..at, chunk);
            }
            _ if at < bytes.len() => bytes[at] = rng.next() as u8,
            _ => {}
        }
    }
    bytes
}

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
            let _ = errors.to_string();
        }
    }
}

fn seeds() -> Vec<Vec<u8>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut seeds: Vec<Vec<u8>> = ["decks/tour.ron", "decks/selling-on-how.ron"]
        .iter()
        .map(|p| std::fs::read(root.join(p)).unwrap())
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
