use std::process::ExitCode;

use clap::Parser;

use podium::cli::{self, CheckOutcome, Cli, Command};

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
        None => {
            eprintln!("podium: presenting is not built yet");
            ExitCode::from(2)
        }
    }
}
