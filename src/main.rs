use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

use podium::app::Options;
use podium::cli::{
    self, CheckOutcome, Cli, Command, ExportOutcome, ImportOutcome, PeopleOutcome, SessionsOutcome,
};

/// The deck `cargo run` opens when no deck is named: the sample in the source tree.
const SAMPLE_DECK: &str = "decks/selling-on-how.ron";

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Check { decks }) => {
            let outcome = cli::check(&decks, &mut std::io::stdout(), &mut std::io::stderr());
            match outcome {
                Ok(CheckOutcome::AllValid) => ExitCode::SUCCESS,
                Ok(CheckOutcome::SomeInvalid) => ExitCode::from(1),
                Err(e) => {
                    eprintln!("podium: cannot write the report: {e}");
                    ExitCode::from(2)
                }
            }
        }
        Some(Command::Sessions) => {
            let dir = podium::store::data_dir(cli.data_dir.as_deref());
            let outcome = cli::sessions(&dir, &mut std::io::stdout(), &mut std::io::stderr());
            match outcome {
                Ok(SessionsOutcome::Listed) => ExitCode::SUCCESS,
                Ok(SessionsOutcome::Failed) => ExitCode::from(1),
                Err(e) => {
                    eprintln!("podium: cannot write the list: {e}");
                    ExitCode::from(2)
                }
            }
        }
        Some(Command::Export(args)) => {
            let dir = podium::store::data_dir(cli.data_dir.as_deref());
            let today = jiff::Zoned::now().date();
            let outcome = cli::export(
                &dir,
                &args,
                today,
                &mut std::io::stdout(),
                &mut std::io::stderr(),
            );
            match outcome {
                Ok(ExportOutcome::Exported) => ExitCode::SUCCESS,
                Ok(ExportOutcome::Failed) => ExitCode::from(1),
                Err(e) => {
                    eprintln!("podium: cannot write the list of files: {e}");
                    ExitCode::from(2)
                }
            }
        }
        Some(Command::People) => {
            let dir = podium::store::data_dir(cli.data_dir.as_deref());
            let today = jiff::Zoned::now().date();
            let outcome = cli::people(&dir, today, &mut std::io::stdout(), &mut std::io::stderr());
            match outcome {
                Ok(PeopleOutcome::Listed) => ExitCode::SUCCESS,
                Ok(PeopleOutcome::Failed) => ExitCode::from(1),
                Err(e) => {
                    eprintln!("podium: cannot write the list: {e}");
                    ExitCode::from(2)
                }
            }
        }
        Some(Command::ImportPending { file }) => {
            let dir = podium::store::data_dir(cli.data_dir.as_deref());
            let outcome =
                cli::import_pending(&dir, &file, &mut std::io::stdout(), &mut std::io::stderr());
            match outcome {
                Ok(ImportOutcome::Merged) => ExitCode::SUCCESS,
                Ok(ImportOutcome::Failed) => ExitCode::from(1),
                Err(e) => {
                    eprintln!("podium: cannot write the outcome: {e}");
                    ExitCode::from(2)
                }
            }
        }
        None => {
            // Before anything else, as it may start the window process again in place.
            podium::app::memory::return_large_frees();
            let options = Options {
                data_dir: podium::app::data_dir(cli.data_dir.as_deref()),
                roster: cli.roster,
                facilitator: cli.facilitator.unwrap_or_default(),
                start: if cli.rehearse {
                    Some(podium::store::types::Mode::Rehearsal)
                } else if cli.live {
                    Some(podium::store::types::Mode::Live)
                } else {
                    None
                },
                phones: cli.phones.then(|| cli.port.unwrap_or(0)),
            };
            podium::app::run(cli.deck.or_else(sample_deck_under_cargo), options)
        }
    }
}

/// Under `cargo run` (which tells the program its source folder), the sample deck; an installed
/// `podium` with no deck opens the start screen instead.
fn sample_deck_under_cargo() -> Option<PathBuf> {
    let source = std::env::var_os("CARGO_MANIFEST_DIR")?;
    let sample = PathBuf::from(source).join(SAMPLE_DECK);
    sample.is_file().then_some(sample)
}
