#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

//! What the deck tests share: a deterministic mutator of deck files, and the decks the
//! repository holds (the sample decks, the RON examples of `docs/deck-format.md`, and every deck
//! written inside a test), so a test can run over all of them.

use std::path::{Path, PathBuf};

pub mod app;
pub mod records;

/// A small deterministic generator (xorshift64*), so a failure can be replayed from its seed.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Bytes that matter to the RON reader, so mutations hit its edge cases often.
pub const INTERESTING: &[u8] = b"()[]{},:\"'\\#!/*rbx0-+.eE_ \n\t\xc3\xa9\xff";

/// Pieces of text that RON readers are known to disagree on, inserted whole.
pub const SNIPPETS: &[&str] = &[
    "\u{FEFF}",
    "\u{A0}",
    "\u{200B}",
    "\u{200E}",
    "\u{2028}",
    "\r\n",
    "\\\n   ",
    "r#",
    "r\"",
    "r#\"",
    "Some(",
    "None",
    "r#None",
    "true",
    "\\u{",
    "\\u{1F600}",
    "\\u{0000041}",
    "\\x41",
    "\\xC3\\xA9",
    "0x",
    "0b",
    "_",
    "b'a'",
    "u32",
    "/* c */",
    "// c\n",
    "#![enable(implicit_some)]",
    "#![enable(unwrap_newtypes)]",
    "inf",
    "NaN",
    "1e3",
    "-0",
    "\u{201C}",
];

/// A copy of `input` with up to nine random edits: flipped, inserted and deleted bytes,
/// truncations, spliced chunks and inserted snippets.
pub fn mutate(rng: &mut Rng, input: &[u8]) -> Vec<u8> {
    mutate_up_to(rng, input, 9)
}

/// A copy of `input` with 1 to `edits` random edits.
pub fn mutate_up_to(rng: &mut Rng, input: &[u8], edits: usize) -> Vec<u8> {
    let mut bytes = input.to_vec();
    for _ in 0..=rng.below(edits.max(1)) {
        let at = rng.below(bytes.len() + 1);
        match rng.below(7) {
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
            5 => {
                let snippet = SNIPPETS[rng.below(SNIPPETS.len())].as_bytes();
                bytes.splice(at..at, snippet.iter().copied());
            }
            _ if at < bytes.len() => bytes[at] = rng.next() as u8,
            _ => {}
        }
    }
    bytes
}

pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The sample decks in `decks/`.
pub fn sample_decks() -> Vec<(PathBuf, String)> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(root().join("decks"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            (p, text)
        })
        .collect()
}

/// The fenced ```ron blocks of a Markdown text.
pub fn ron_blocks(markdown: &str) -> Vec<String> {
    markdown
        .split("```ron\n")
        .skip(1)
        .map(|rest| rest.split("```").next().unwrap().to_owned())
        .collect()
}

/// The RON examples of `docs/deck-format.md`.
pub fn doc_blocks() -> Vec<String> {
    ron_blocks(&std::fs::read_to_string(root().join("docs/deck-format.md")).unwrap())
}

/// Every deck written inside a test or a unit test of the repository: each string literal of
/// the Rust sources that holds `Deck(`, and each that is a lone slide (wrapped in a deck).
pub fn decks_in_tests() -> Vec<String> {
    let mut files = Vec::new();
    collect_rust_files(&root().join("tests"), &mut files);
    collect_rust_files(&root().join("src"), &mut files);
    files.sort();
    let kinds = [
        "Title(",
        "Points(",
        "Picture(",
        "Quote(",
        "Poll(",
        "Quiz(",
        "Rating(",
        "FreeText(",
        "Activity(",
        "RolePlay(",
    ];
    let mut decks = Vec::new();
    for file in files {
        let source = std::fs::read_to_string(&file).unwrap();
        for literal in rust_string_literals(&source) {
            if literal.contains("Deck(") {
                decks.push(literal);
            } else if kinds.iter().any(|k| literal.starts_with(k)) {
                decks.push(format!(
                    "Deck(title: \"T\", sections: [Section(title: \"S\", minutes: 30, slides: [\n{literal}\n])])"
                ));
            }
        }
    }
    decks
}

fn collect_rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect_rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The string literals of Rust source, unescaped: `"..."` and raw `r#"..."#`. Comments and
/// character literals are skipped well enough for the test sources of this repository.
pub fn rust_string_literals(source: &str) -> Vec<String> {
    let chars: Vec<char> = source.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '/' if chars.get(i + 1) == Some(&'/') => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
            }
            '\'' => {
                // A char literal such as '"' or '\\'; a lifetime is skipped harmlessly.
                if chars.get(i + 1) == Some(&'\\') {
                    i += 4;
                } else if chars.get(i + 2) == Some(&'\'') {
                    i += 3;
                } else {
                    i += 1;
                }
            }
            'r' if matches!(chars.get(i + 1), Some('#' | '"'))
                && (i == 0
                    || !chars[i - 1].is_alphanumeric() && chars[i - 1] != '_'
                    || chars[i - 1] == 'b') =>
            {
                let mut j = i + 1;
                let mut hashes = 0;
                while chars.get(j) == Some(&'#') {
                    hashes += 1;
                    j += 1;
                }
                if chars.get(j) != Some(&'"') {
                    i += 1;
                    continue;
                }
                let closing: Vec<char> = std::iter::once('"')
                    .chain(std::iter::repeat_n('#', hashes))
                    .collect();
                let start = j + 1;
                let mut k = start;
                while k < chars.len() && !chars[k..].starts_with(&closing) {
                    k += 1;
                }
                out.push(chars[start..k.min(chars.len())].iter().collect());
                i = k + closing.len();
            }
            '"' => {
                let mut text = String::new();
                let mut k = i + 1;
                while k < chars.len() && chars[k] != '"' {
                    if chars[k] == '\\' {
                        k += 1;
                        match chars.get(k) {
                            Some('n') => text.push('\n'),
                            Some('t') => text.push('\t'),
                            Some('r') => text.push('\r'),
                            Some('0') => text.push('\0'),
                            Some('\n') => {
                                while matches!(chars.get(k + 1), Some(' ' | '\n' | '\t')) {
                                    k += 1;
                                }
                            }
                            Some('u') => {
                                let end = chars[k..].iter().position(|&c| c == '}').unwrap_or(0);
                                let hex: String = chars[k + 2..k + end].iter().collect();
                                if let Some(c) =
                                    u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32)
                                {
                                    text.push(c);
                                }
                                k += end;
                            }
                            Some('x') => {
                                let hex: String = chars[k + 1..k + 3].iter().collect();
                                if let Ok(b) = u8::from_str_radix(&hex, 16) {
                                    text.push(char::from(b));
                                }
                                k += 2;
                            }
                            Some(&c) => text.push(c),
                            None => {}
                        }
                    } else {
                        text.push(chars[k]);
                    }
                    k += 1;
                }
                out.push(text);
                i = k + 1;
            }
            _ => i += 1,
        }
    }
    out
}
