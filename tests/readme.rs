#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

//! The README is the front door: its keys table and commands must stay true.

use std::path::Path;

fn readme() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap()
}

#[test]
fn every_key_binding_is_in_the_readme_table() {
    let readme = readme();
    for binding in podium::ui::keys::BINDINGS {
        let keys = binding.keys_text();
        let row = format!("| {keys} | {} |", binding.label);
        assert!(
            readme.contains(&row),
            "the README's keys table lacks: {row}"
        );
    }
}

#[test]
fn the_readme_names_the_two_commands_and_every_subcommand() {
    let readme = readme();
    assert!(readme.contains("cargo run --release "));
    assert!(readme.contains("cargo test "));
    for sub in [
        "podium check",
        "podium sessions",
        "podium export",
        "podium export --people",
        "podium export --person",
        "podium export --team",
        "podium people",
        "podium import-pending",
    ] {
        assert!(readme.contains(sub), "README lacks {sub}");
    }
}
