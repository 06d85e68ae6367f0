//! The command line: `podium check`, and the options for opening a deck.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};

use crate::deck::{self, ImageCheck};

/// Podium: run a training workshop from a deck file.
#[derive(Debug, Parser)]
#[command(name = "podium", version, args_conflicts_with_subcommands = true)]
pub struct Cli {
    /// The deck to open, ready to present. Without one, Podium opens its start screen.
    pub deck: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check decks for errors; prints a summary of each valid deck.
    ///
    /// Exits with 0 when every deck is valid, 1 otherwise.
    Check {
        /// The deck files to check.
        #[arg(required = true)]
        decks: Vec<PathBuf>,
    },
}

/// What `podium check` found, for the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckOutcome {
    AllValid,
    SomeInvalid,
}

/// Checks each deck: errors go to `err`, one summary line per deck to `out`.
pub fn check(
    decks: &[PathBuf],
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<CheckOutcome> {
    let mut outcome = CheckOutcome::AllValid;
    for path in decks {
        if !check_one(path, out, err)? {
            outcome = CheckOutcome::SomeInvalid;
        }
    }
    Ok(outcome)
}

fn check_one(path: &Path, out: &mut dyn Write, err: &mut dyn Write) -> std::io::Result<bool> {
    let problems = match deck::load(path, ImageCheck::Decode) {
        Ok(loaded) if loaded.image_problems.is_empty() => {
            writeln!(
                out,
                "{}: ok: \"{}\": {}",
                path.display(),
                loaded.deck.title,
                loaded.deck.summary()
            )?;
            return Ok(true);
        }
        Ok(loaded) => loaded.image_problems,
        Err(errors) => errors.diagnostics,
    };
    for problem in &problems {
        writeln!(err, "{problem}")?;
    }
    let count = problems.len();
    writeln!(
        out,
        "{}: {count} error{}",
        path.display(),
        if count == 1 { "" } else { "s" }
    )?;
    Ok(false)
}
